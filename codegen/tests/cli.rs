//! The `codegen` binary: options do what they say, or are refused.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A project of its own: the workspace's catalog, its lock and a manifest
/// with the workspace's `base-url`, which the lock's types start with.
fn project(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    testkit::copy_recursively(&root.join("catalog"), &dir.join("catalog"));
    std::fs::copy(root.join("catalog.lock"), dir.join("catalog.lock")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"api\"\nversion = \"0.1.0\"\n\n[package.metadata.errors]\nbase-url = \"https://docs.acme.example/errors\"\n",
    )
    .unwrap();
    dir
}

/// Runs `codegen args` in `dir`: whether it succeeded, and its stdout and
/// stderr together.
fn codegen(dir: &Path, args: &[&str]) -> (bool, String) {
    let (status, text) = support::status_and_text(
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(args)
            .current_dir(dir),
    );
    (status == 0, text)
}

fn refused(dir: &Path, args: &[&str], says: &str) -> String {
    let (ok, text) = codegen(dir, args);
    assert!(!ok, "`codegen {}` succeeded:\n{text}", args.join(" "));
    assert!(text.contains(says), "`codegen {}`:\n{text}", args.join(" "));
    text
}

#[test]
fn options_that_do_not_apply_are_refused() {
    let dir = project("inapplicable");
    for (args, says) in [
        (
            &["check", "--accept", "x"][..],
            "--accept does not apply to `check`",
        ),
        (&["lock", "--locked"], "--locked does not apply to `lock`"),
        (
            &["check", "--accept-base-url"],
            "--accept-base-url does not apply to `check`",
        ),
        (
            &["lock", "--accept-base-url=yes"],
            "--accept-base-url takes no value",
        ),
        (
            &["lock", "--catalog", "catalog"],
            "`lock --catalog DIR` needs `--lock PATH` too",
        ),
        (
            &["docs", "--retire", "x"],
            "--retire does not apply to `docs`",
        ),
        (&["rust", "--check"], "--check does not apply to `rust`"),
        (
            &["check", "--codes", "5"],
            "--codes does not apply to `check`",
        ),
        (&["check", "--out", "x"], "--out does not apply to `check`"),
        (
            &["synthetic", "--manifest", "Cargo.toml", "--out", "x"],
            "--manifest does not apply to `synthetic`",
        ),
    ] {
        refused(&dir, args, says);
    }
    assert!(!dir.join("x").exists(), "a refused command wrote nothing");
    assert!(codegen(&dir, &["check", "--locked"]).0);
}

#[test]
fn locked_checks_the_lock_of_the_configured_catalog_and_refuses_another() {
    let dir = project("locked");
    let extra = "[surface]\ntitle = \"Extra\"\n\n[codes.not_locked_yet]\nstatus = 400\nmessage = \"New.\"\n";
    std::fs::write(dir.join("catalog/extra.toml"), extra).unwrap();
    let absolute = dir.join("catalog").display().to_string();
    for catalog in ["catalog", "./catalog/", absolute.as_str()] {
        refused(
            &dir,
            &["check", "--locked", "--catalog", catalog],
            "1 code is not in catalog.lock yet: not_locked_yet",
        );
    }
    std::fs::create_dir(dir.join("other")).unwrap();
    std::fs::rename(dir.join("catalog/extra.toml"), dir.join("other/extra.toml")).unwrap();
    refused(
        &dir,
        &["check", "--locked", "--catalog", "other"],
        "--locked compares catalog with catalog.lock; other has no lock",
    );
    let (ok, text) = codegen(&dir, &["check", "--catalog", "other"]);
    assert!(ok && text.contains("ok: 1 code in 1 surface"), "{text}");
}

#[test]
fn lock_options_name_codes_that_exist() {
    let dir = project("lock");
    let before = std::fs::read_to_string(dir.join("catalog.lock")).unwrap();
    refused(
        &dir,
        &["lock", "--accept", "no_such_code"],
        "cannot accept `no_such_code`: the catalog has no such code",
    );
    refused(
        &dir,
        &["lock", "--accept", "invalid_json"],
        "nothing to accept for `invalid_json`",
    );
    refused(
        &dir,
        &["lock", "--accept-base-url"],
        "nothing to accept with `--accept-base-url`",
    );
    let text = refused(
        &dir,
        &["lock", "--retire", "invalid_json"],
        "cannot retire `invalid_json`: it is still in the catalog",
    );
    assert!(!text.contains("cannot come back"), "{text}");
    let after = std::fs::read_to_string(dir.join("catalog.lock")).unwrap();
    assert_eq!(before, after, "a refused lock writes nothing");
}

#[test]
fn explain_shows_a_codes_entry_and_suggests_close_codes_for_an_unknown_one() {
    let dir = project("explain");
    let (ok, text) = codegen(&dir, &["explain", "rate_limited"]);
    assert!(ok, "{text}");
    for line in [
        "rate_limited: 429 Too Many Requests",
        "Retry: yes, after a delay",
        "Example response (application/problem+json):",
        "\"code\": \"rate_limited\"",
        "Detail: More than {limit} requests arrived within {window_seconds} seconds.",
        "Fields (in metadata):\n  limit (integer): The number of requests the window allows.\n  window_seconds (integer): The length of the window, in seconds.\n",
        "Causes:\n  - A client retried at once, without waiting as Retry-After says.\n  - Many clients share one API key.\n",
        "Solutions:\n  - Wait as long as Retry-After says",
        "\"detail\": \"More than 100 requests arrived within 60 seconds.\"",
        "\"limit\": 100,",
    ] {
        assert!(text.contains(line), "no `{line}` in:\n{text}");
    }
    let text = refused(&dir, &["explain", "RATE-LIMITD"], "no code `RATE-LIMITD`");
    assert!(text.contains("did you mean: rate_limited?"), "{text}");
    refused(&dir, &["explain"], "explain takes one code");
}

#[test]
fn init_scaffolds_a_crate_that_checks_and_never_overwrites() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-init");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = "[package]\nname = \"billing\"\nversion = \"0.3.0\"\nedition = \"2024\"\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();

    let (ok, text) = codegen(&dir, &["init"]);
    assert!(ok, "{text}");
    assert!(text.contains("wrote Cargo.toml"), "{text}");
    assert!(text.contains("catalog/general.toml"), "{text}");
    assert!(text.contains("errors_runtime::include_codes!();"), "{text}");
    let build_script = std::fs::read_to_string(dir.join("build.rs")).unwrap();
    assert!(build_script.contains("codegen::Builder::new().build()"));
    let scaffolded = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(scaffolded.starts_with(manifest), "{scaffolded}");
    assert!(scaffolded.contains("[package.metadata.errors]"));

    // What init wrote is a valid catalog, with its example code.
    let (ok, text) = codegen(&dir, &["check"]);
    assert!(ok && text.contains("ok: 1 code in 1 surface"), "{text}");
    let (ok, text) = codegen(&dir, &["explain", "invalid_json"]);
    assert!(ok, "{text}");

    // Again: nothing is written, and it says what it left alone.
    let before: Vec<String> = ["Cargo.toml", "build.rs", "catalog/general.toml"]
        .iter()
        .map(|file| std::fs::read_to_string(dir.join(file)).unwrap())
        .collect();
    let (ok, text) = codegen(&dir, &["init"]);
    assert!(ok, "{text}");
    assert!(!text.contains("wrote"), "{text}");
    for left in ["Cargo.toml", "catalog", "build.rs"] {
        assert!(text.contains(&format!("left {left}")), "{left}: {text}");
    }
    let after: Vec<String> = ["Cargo.toml", "build.rs", "catalog/general.toml"]
        .iter()
        .map(|file| std::fs::read_to_string(dir.join(file)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn the_committed_clients_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (ok, text) = codegen(&root, &["export", "all", "--check"]);
    assert!(ok, "{text}");
}

#[test]
fn export_check_names_the_command_when_a_client_is_stale_or_missing() {
    let dir = project("export");
    let (ok, text) = codegen(&dir, &["export", "all"]);
    assert!(ok, "{text}");
    let (ok, text) = codegen(&dir, &["export", "all", "--check"]);
    assert!(ok, "{text}");
    let written: Vec<PathBuf> = ["typescript", "python", "go"]
        .iter()
        .flat_map(|target| files_under(&dir.join("clients").join(target)))
        .collect();
    assert!(written.len() >= 6, "{written:?}");
    for path in &written {
        let old = std::fs::read(path).unwrap();
        std::fs::write(path, [&old[..], b" "].concat()).unwrap();
        let text = refused(&dir, &["export", "all", "--check"], "is stale");
        let shown = path.strip_prefix(&dir).unwrap().display().to_string();
        assert!(text.contains(&shown), "{text}");
        assert!(
            text.contains("run `cargo run -p codegen -- export all` to refresh"),
            "{text}"
        );
        std::fs::remove_file(path).unwrap();
        refused(&dir, &["export", "all", "--check"], "is stale");
        std::fs::write(path, old).unwrap();
    }
    let text = refused(
        &dir,
        &["export", "go", "--check", "--out", "elsewhere"],
        "is stale",
    );
    assert!(text.contains("export go --out elsewhere"), "{text}");
    refused(&dir, &["export", "cobol"], "export does not know `cobol`");
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn check_lists_untranslated_codes_and_locked_fails_on_a_locale_that_must_be_complete() {
    let dir = project("locales");
    let (ok, text) = codegen(&dir, &["check"]);
    assert!(ok, "{text}");
    assert!(text.contains("warning: "), "{text}");
    assert!(text.contains("no `fr` translation: "), "{text}");
    assert!(text.contains("missing_content_type"), "{text}");
    let (ok, text) = codegen(&dir, &["check", "--locked"]);
    assert!(ok, "fr need not be complete yet:\n{text}");

    let manifest = dir.join("Cargo.toml");
    let settings = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        format!("{settings}complete-locales = [\"fr\"]\n"),
    )
    .unwrap();
    let (ok, text) = codegen(&dir, &["check"]);
    assert!(ok, "without --locked a missing translation warns:\n{text}");
    let text = refused(&dir, &["check", "--locked"], "error: ");
    assert!(text.contains("no `fr` translation: "), "{text}");
    assert!(
        text.contains("add them to catalog/locales/fr.toml"),
        "{text}"
    );

    std::fs::write(
        &manifest,
        format!("{settings}complete-locales = [\"de\"]\n"),
    )
    .unwrap();
    refused(
        &dir,
        &["check"],
        "`complete-locales` names `de`, but the catalog has no file locales/de.toml",
    );
}

#[test]
fn docs_writes_a_page_per_locale_and_refuses_an_unknown_one() {
    let dir = project("docs-locale");
    let (ok, text) = codegen(&dir, &["docs", "--locale", "fr"]);
    assert!(ok, "{text}");
    let page = std::fs::read_to_string(dir.join("docs/errors.fr.md")).unwrap();
    assert!(page.contains("**Trop de requêtes**"), "{page}");
    assert!(!dir.join("docs/errors.md").exists(), "only the French page");
    let (ok, text) = codegen(&dir, &["docs", "--locale", "fr", "--check"]);
    assert!(ok, "{text}");
    std::fs::write(dir.join("docs/errors.fr.md"), "stale").unwrap();
    refused(
        &dir,
        &["docs", "--locale", "fr", "--check"],
        "run `cargo run -p codegen -- docs --locale fr`",
    );
    refused(
        &dir,
        &["docs", "--locale", "de"],
        "the catalog has no locale `de`; its locales are en, fr",
    );
}
