//! The generated Rust of a small catalog, kept as a file the way typify
//! keeps its expected output: compared byte for byte with what codegen
//! generates now, and compiled here as part of this test crate.
//! After an intended change, `BLESS=1 cargo test -p codegen --test golden`
//! refreshes it; when the old file no longer compiles, the command in
//! `REFRESH` does. Review its diff like any code change.

use std::path::Path;

// Compiled as a downstream crate would include it; some items go unused here.
#[allow(dead_code)]
mod generated {
    include!("golden/error_codes.rs");
}

const REFRESH: &str = "cargo run -p codegen -- rust --manifest codegen/tests/golden/manifest.toml > codegen/tests/golden/error_codes.rs";

fn golden_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden"))
}

#[test]
fn the_generated_rust_matches_the_golden_file() {
    let dir = golden_dir();
    let project = codegen::Project::open(&dir.join("manifest.toml")).unwrap();
    let (catalog, _) = project.load_with(None, codegen::LockCheck::Skip).unwrap();
    let generated = codegen::rust::generate(&catalog).unwrap();
    let path = dir.join("error_codes.rs");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        golden == generated,
        "{} is stale: run `{REFRESH}` and review the diff",
        path.display()
    );
}

#[test]
#[allow(deprecated)]
fn the_golden_file_compiles_and_answers_as_the_catalog_says() {
    use errors_runtime::Code;
    use generated::{ApiError, ErrorCode, ResponseError, Surface};

    assert_eq!(ErrorCode::ALL.len(), 6);
    assert_eq!(
        ErrorCode::from_code("RATE_LIMITED"),
        Some(ErrorCode::RateLimited)
    );
    assert_eq!(
        ErrorCode::from_code("auth.token-expired"),
        Some(ErrorCode::AuthTokenExpired)
    );
    assert_eq!(ErrorCode::from_code("rate_limited"), None);
    assert_eq!(
        ErrorCode::Legacy.deprecated(),
        Some("Use `internal_error`.")
    );
    assert!(ErrorCode::RateLimited.retryable());
    assert_eq!(ErrorCode::RateLimited.title(), "Too many requests");
    assert_eq!(
        ErrorCode::InvalidJson.doc_url(),
        "https://docs.example.com/errors#invalid_json"
    );
    assert_eq!(
        Surface::Webhooks.codes(),
        [ErrorCode::WebhookSignatureMissing]
    );
    assert_eq!(Code::as_str(ErrorCode::Legacy), "legacy_error");
    assert_eq!("invalid_json".parse(), Ok(ErrorCode::InvalidJson));
    // gRPC: the catalog's `grpc`, else the status's; reasons in UPPER_SNAKE
    // as the manifest says.
    assert_eq!(
        ErrorCode::Legacy.grpc_code(),
        errors_runtime::GrpcCode::DataLoss
    );
    assert_eq!(
        Code::grpc_code(ErrorCode::AuthTokenExpired),
        errors_runtime::GrpcCode::Unauthenticated
    );
    assert_eq!(
        Code::grpc_reason(ErrorCode::AuthTokenExpired),
        "AUTH_TOKEN_EXPIRED"
    );
    assert_eq!(<ErrorCode as Code>::GRPC_DOMAIN, "docs.example.com");

    let body = ApiError::new(ErrorCode::RateLimited).body();
    let read = ResponseError::from_parts(429, Some("3"), &body);
    assert_eq!(read.code(), Some(ErrorCode::RateLimited));
}

#[test]
fn the_golden_details_render_the_template_and_read_back_typed() {
    use generated::details::{PayrollBlocker, PayrollBlockerKey};
    use generated::{ApiError, ResponseError};

    let blocker = PayrollBlocker {
        key: PayrollBlockerKey::MissingBankAccount,
        r#type: "off-cycle".to_owned(),
        count: -3,
        urgent: true,
    };
    let error = ApiError::from(blocker.clone());
    assert_eq!(
        error.detail(),
        Some(
            "Payroll is blocked by missing_bank_account for a off-cycle run: -3 {open} items, urgent: true."
        )
    );
    let metadata = serde_json::to_value(error.metadata()).unwrap();
    assert_eq!(
        metadata,
        serde_json::json!({"key": "missing_bank_account", "type": "off-cycle", "count": -3, "urgent": true})
    );
    let read = ResponseError::from_parts(422, None, &error.body());
    assert_eq!(read.details::<PayrollBlocker>(), Some(blocker));
    assert_eq!(
        PayrollBlockerKey::from_value("geocode_error"),
        Some(PayrollBlockerKey::GeocodeError)
    );
    assert_eq!(PayrollBlockerKey::from_value("Geocode_Error"), None);
    assert_eq!(PayrollBlockerKey::GeocodeError.to_string(), "geocode_error");
}

#[test]
fn the_golden_translations_are_tables_and_templates_of_their_own() {
    use errors_runtime::Code;
    use generated::details::{PayrollBlocker, PayrollBlockerKey};
    use generated::{ApiError, ErrorCode, LOCALES};

    assert_eq!(LOCALES, ["en", "pt-BR"]);
    assert_eq!(ErrorCode::LOCALES, LOCALES);
    let code = ErrorCode::PayrollBlocker;
    assert_eq!(code.localized_title("pt-BR"), Some("Folha bloqueada"));
    assert_eq!(code.localized_title("en"), Some(code.title()));
    assert_eq!(code.localized_title("de"), None);
    assert_eq!(ErrorCode::InvalidJson.localized_title("pt-BR"), None);
    assert_eq!(
        ErrorCode::InvalidJson.localized_message("pt-BR"),
        Some("O corpo da requisição não era JSON válido.")
    );
    #[allow(deprecated)]
    let legacy = ErrorCode::Legacy;
    assert_eq!(legacy.localized_message("pt-BR"), None);

    let error = ApiError::from(PayrollBlocker {
        key: PayrollBlockerKey::GeocodeError,
        r#type: "regular".to_owned(),
        count: 2,
        urgent: false,
    })
    .with_locale("pt-br");
    assert_eq!(error.locale(), Some("pt-BR"));
    let body: serde_json::Value = serde_json::from_slice(&error.body()).unwrap();
    assert_eq!(
        body["detail"],
        "{urgente: false} 2 itens em aberto; geocode_error bloqueia a folha regular."
    );
    assert_eq!(body["title"], "Folha bloqueada");
}
