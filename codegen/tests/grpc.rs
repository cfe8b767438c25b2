//! The catalog's gRPC data: each code's `grpc` key or the status's default,
//! the settings' domain and reason form, and the check that UPPER_SNAKE
//! reasons name one code each.

use codegen::settings::GrpcReason;
use codegen::{Settings, SourceFile};
use errors_runtime::GrpcCode;

fn load(
    source: &str,
    settings: Settings,
) -> Result<(codegen::Catalog, codegen::Report), codegen::Report> {
    let file = SourceFile {
        name: "catalog/general.toml".to_owned(),
        bytes: format!("[surface]\ntitle = \"General\"\n\n{source}").into_bytes(),
    };
    codegen::load_sources(vec![file], settings)
}

#[test]
fn a_code_has_its_grpc_key_or_its_statuses_code() {
    let (catalog, _) = load(
        "[codes.gone]\nstatus = 410\nmessage = \"Gone.\"\n\n\
         [codes.taken]\nstatus = 409\nmessage = \"Taken.\"\ngrpc = \"ALREADY_EXISTS\"\n",
        Settings::default(),
    )
    .unwrap();
    let grpc: Vec<GrpcCode> = catalog.codes().map(|(_, code)| code.grpc).collect();
    assert_eq!(grpc, [GrpcCode::NotFound, GrpcCode::AlreadyExists]);
}

#[test]
fn the_domain_is_the_setting_else_the_base_urls_host_else_the_api_name() {
    let mut settings = Settings {
        api_name: "Acme API".to_owned(),
        ..Settings::default()
    };
    assert_eq!(settings.grpc_domain(), "Acme API");
    settings.base_url = Some("https://user@docs.acme.example:8443/errors?x#y".to_owned());
    assert_eq!(settings.grpc_domain(), "docs.acme.example");
    settings.grpc_domain = Some("api.acme.example".to_owned());
    assert_eq!(settings.grpc_domain(), "api.acme.example");
}

#[test]
fn the_grpc_settings_are_read_from_the_manifest_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("Cargo.toml");
    let read = |settings: &str| {
        std::fs::write(
            &manifest,
            format!("[package]\nname = \"x\"\n\n[package.metadata.errors]\n{settings}\n"),
        )
        .unwrap();
        let mut report = codegen::Report::default();
        Settings::from_manifest(&manifest, &mut report).ok_or_else(|| report.render())
    };
    let settings =
        read("grpc-domain = \"api.acme.example\"\ngrpc-reason = \"upper-snake\"").unwrap();
    assert_eq!(settings.grpc_domain(), "api.acme.example");
    assert_eq!(settings.grpc_reason, GrpcReason::UpperSnake);
    assert_eq!(read("").unwrap().grpc_reason, GrpcReason::Code);
    let bad_domain = read("grpc-domain = \"acme\\r\\nx\"").unwrap_err();
    assert!(bad_domain.contains("is not a domain"), "{bad_domain}");
    let bad_reason = read("grpc-reason = \"lower\"").unwrap_err();
    assert!(bad_reason.contains("upper-snake"), "{bad_reason}");
}

#[test]
fn upper_snake_reasons_must_name_one_code_each() {
    let codes = "[codes.\"auth.expired\"]\nstatus = 401\nmessage = \"Expired.\"\nvariant = \"AuthExpiredDotted\"\n\n\
                 [codes.auth_expired]\nstatus = 401\nmessage = \"Also expired.\"\n";
    // As codes they differ, so the default setting takes them.
    assert!(load(codes, Settings::default()).is_ok());
    let upper_snake = Settings {
        grpc_reason: GrpcReason::UpperSnake,
        ..Settings::default()
    };
    let report = load(codes, upper_snake).unwrap_err().render();
    assert!(
        report.contains(
            "codes `auth.expired` and `auth_expired` both become the gRPC reason `AUTH_EXPIRED`"
        ),
        "{report}"
    );
    assert!(report.contains("catalog/general.toml:9:"), "{report}");
}
