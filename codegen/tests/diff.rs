//! `codegen diff`: a real git repository whose catalog is committed and
//! changed; every change graded, and the exit status says whether any
//! breaks.

mod support;

use std::path::Path;
use std::process::Command;

/// A git repository with a crate whose catalog has two commits: the
/// manifest alone (`HEAD~1`), then the catalog and its lock (`HEAD`).
struct Repo {
    dir: tempfile::TempDir,
}

const MANIFEST: &str = "[package]\nname = \"api\"\nversion = \"1.0.0\"\n\n[package.metadata.errors]\nbase-url = \"https://docs.example.com/errors\"\n";

const GENERAL: &str = r#"[surface]
title = "General"

[codes.invalid_json]
status = 400
message = "The body is not JSON."

[codes.rate_limited]
status = 429
message = "Too many requests."

[codes.not_found]
status = 404
message = "Nothing here."

[codes.conflict]
status = 409
message = "The resource changed meanwhile."

[codes.old_code]
status = 410
message = "Retired soon."

[codes.unused_code]
status = 400
message = "Removed without retiring."
"#;

const BILLING: &str = r#"[surface]
title = "Billing"

[codes.card_declined]
status = 402
message = "The card was declined."

[codes.payment_failed]
status = 400
message = "The payment failed."
"#;

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "--quiet"]);
        repo.write("Cargo.toml", MANIFEST);
        repo.commit("the manifest");
        repo.write("catalog/general.toml", GENERAL);
        repo.write("catalog/billing.toml", BILLING);
        let (status, text) = repo.codegen(&["lock"]);
        assert_eq!(status, 0, "{text}");
        repo.commit("the catalog and its lock");
        repo
    }

    fn path(&self, file: &str) -> std::path::PathBuf {
        self.dir.path().join(file)
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.path(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(file)).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        self.write(file, &text.replacen(from, to, 1));
    }

    fn git(&self, args: &[&str]) {
        let output = isolated(Command::new("git"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--message", message]);
    }

    /// Runs `codegen args` in the repository: its exit status, and its
    /// stdout and stderr together.
    fn codegen(&self, args: &[&str]) -> (i32, String) {
        run_codegen(self.dir.path(), args)
    }
}

fn run_codegen(dir: &Path, args: &[&str]) -> (i32, String) {
    support::status_and_text(
        isolated(Command::new(env!("CARGO_BIN_EXE_codegen")))
            .args(args)
            .current_dir(dir),
    )
}

/// A command that runs git (or runs something that does) apart from the
/// user's git configuration and from any repository it runs inside of.
fn isolated(mut command: Command) -> Command {
    for name in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_CEILING_DIRECTORIES",
    ] {
        command.env_remove(name);
    }
    command
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    command
}

#[test]
fn every_change_is_listed_graded_and_breaking_ones_exit_1() {
    let repo = Repo::new();
    // Retired the way the lock wants it, so the lock of the new revision
    // says so.
    repo.edit(
        "catalog/general.toml",
        "\n[codes.old_code]\nstatus = 410\nmessage = \"Retired soon.\"\n",
        "",
    );
    let (status, text) = repo.codegen(&["lock", "--retire", "old_code"]);
    assert_eq!(status, 0, "{text}");
    repo.edit(
        "catalog/general.toml",
        "\n[codes.unused_code]\nstatus = 400\nmessage = \"Removed without retiring.\"\n",
        "",
    );
    repo.edit(
        "catalog/general.toml",
        "status = 400\nmessage = \"The body is not JSON.\"",
        "status = 422\nmessage = \"The body is not valid JSON.\"",
    );
    repo.edit(
        "catalog/general.toml",
        "message = \"Too many requests.\"",
        "message = \"Too many requests.\"\nretryable = false",
    );
    repo.edit("catalog/general.toml", "status = 404", "status = 500");
    repo.edit(
        "catalog/general.toml",
        "[codes.conflict]",
        "[codes.conflict]\nvariant = \"Clash\"",
    );
    repo.edit(
        "catalog/billing.toml",
        "\n[codes.card_declined]\nstatus = 402\nmessage = \"The card was declined.\"\n",
        "",
    );
    std::fs::OpenOptions::new()
        .append(true)
        .open(repo.path("catalog/general.toml"))
        .and_then(|mut file| {
            std::io::Write::write_all(
                &mut file,
                b"\n[codes.card_declined]\nstatus = 402\nmessage = \"The card was declined.\"\n\n[codes.quota_exceeded]\nstatus = 429\nmessage = \"Over quota.\"\n",
            )
        })
        .unwrap();
    repo.edit(
        "catalog/billing.toml",
        "message = \"The payment failed.\"",
        "message = \"The payment failed.\"\nwhen = \"The bank said no.\"\ndeprecated = \"Use `card_declined`.\"",
    );
    repo.edit(
        "Cargo.toml",
        "https://docs.example.com/errors",
        "https://errors.example.com",
    );
    repo.commit("many changes");

    let (status, text) = repo.codegen(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(
        text,
        r#"breaking   setting `base-url`: "https://docs.example.com/errors" -> "https://errors.example.com", so every code's problem type changes
breaking   code `card_declined`: surface `billing` -> `general`
breaking   code `conflict`: Rust name `ErrorCode::Conflict` -> `ErrorCode::Clash`
breaking   code `invalid_json`: status 400 -> 422, within 4xx
breaking   code `not_found`: status 404 -> 500, 4xx to 5xx, which the lock never takes
breaking   code `old_code`: removed, retired in the lock
breaking   code `rate_limited`: retryable true -> false
breaking   code `unused_code`: removed, but the lock still has it: the build fails until `lock --retire unused_code`
compatible code `invalid_json`: message "The body is not JSON." -> "The body is not valid JSON."
compatible code `payment_failed`: when none -> "The bank said no."
compatible code `payment_failed`: deprecated none -> "Use `card_declined`."
compatible code `quota_exceeded`: added, status 429 on surface `general`
8 breaking, 4 compatible from `HEAD~1` to `HEAD`
"#
    );
    assert_eq!(status, 1);
    // The same comparison, the other way round: what was added is gone.
    let (status, text) = repo.codegen(&["diff", "HEAD", "HEAD~1"]);
    assert_eq!(status, 1);
    assert!(
        text.contains("breaking   code `quota_exceeded`: removed, never locked\n"),
        "{text}"
    );
    assert!(
        text.contains("compatible code `old_code`: added, status 410 on surface `general`\n"),
        "{text}"
    );
}

#[test]
fn compatible_changes_in_the_working_tree_exit_0() {
    let repo = Repo::new();
    let (status, text) = repo.codegen(&["diff", "HEAD"]);
    assert_eq!(
        (status, text.as_str()),
        (0, "no changes from `HEAD` to the working tree\n")
    );
    repo.edit(
        "catalog/billing.toml",
        "message = \"The card was declined.\"",
        "message = \"The card was declined.\"\ntitle = \"Declined\"\nsince = \"1.1.0\"",
    );
    repo.write(
        "catalog/webhooks.toml",
        "[surface]\ntitle = \"Webhooks\"\n\n[codes.webhook_lost]\nstatus = 410\nmessage = \"Lost.\"\n",
    );
    let (status, text) = repo.codegen(&["diff", "HEAD"]);
    assert_eq!(
        text,
        r#"compatible code `card_declined`: title "Card declined" -> "Declined"
compatible code `card_declined`: since none -> "1.1.0"
compatible code `webhook_lost`: added, status 410 on surface `webhooks`
0 breaking, 3 compatible from `HEAD` to the working tree
"#
    );
    assert_eq!(status, 0);
}

#[test]
fn a_catalog_that_does_not_load_at_a_revision_shows_its_diagnostics_and_exits_2() {
    let repo = Repo::new();
    repo.edit("catalog/general.toml", "status = 429", "stauts = 429");
    repo.commit("a typo");
    repo.edit("catalog/general.toml", "stauts = 429", "status = 429");
    let (status, text) = repo.codegen(&["diff", "HEAD"]);
    assert_eq!(status, 2, "{text}");
    assert!(
        text.starts_with("error: the catalog at `HEAD` does not load\n"),
        "{text}"
    );
    assert!(
        text.contains("unknown key `stauts` in code `rate_limited`"),
        "{text}"
    );
    assert!(text.contains("┌─ catalog/general.toml:9:1"), "{text}");
}

#[test]
fn what_diff_cannot_compare_exits_2_and_says_why() {
    let repo = Repo::new();
    for (args, says) in [
        (
            &["diff", "no-such-branch"][..],
            "error: `no-such-branch` is not a commit of the repository at ",
        ),
        (
            &["diff", "HEAD~1"],
            "error: the catalog `catalog` does not exist at `HEAD~1`",
        ),
        (
            &["diff", "HEAD~1", "HEAD", "HEAD"],
            "diff takes one or two git revisions",
        ),
        (&["diff"], "diff takes one or two git revisions"),
        (
            &["diff", "HEAD", "--out", "x"],
            "--out does not apply to `diff`",
        ),
    ] {
        let (status, text) = repo.codegen(args);
        assert_eq!(status, 2, "{args:?}: {text}");
        assert!(text.contains(says), "{args:?}: {text}");
    }
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("Cargo.toml"), MANIFEST).unwrap();
    let (status, text) = run_codegen(outside.path(), &["diff", "HEAD"]);
    assert_eq!(status, 2, "{text}");
    assert!(text.contains("is not in a git repository"), "{text}");
}

#[test]
fn diff_reads_a_crate_below_the_top_and_its_second_catalog() {
    let repo = Repo::new();
    // The crate in a directory of the repository, with a second catalog
    // and lock of its own, as `Builder::named` has them.
    repo.write("api/Cargo.toml", MANIFEST);
    repo.write("api/internal/general.toml", GENERAL);
    repo.commit("a crate below the top");
    let (status, text) = run_codegen(
        &repo.path("api"),
        &["lock", "--catalog", "internal", "--lock", "internal.lock"],
    );
    assert_eq!(status, 0, "{text}");
    repo.edit("api/internal/general.toml", "status = 409", "status = 412");
    let args = [
        "diff",
        "HEAD",
        "--catalog",
        "internal",
        "--lock",
        "internal.lock",
    ];
    let (status, text) = run_codegen(&repo.path("api"), &args);
    assert_eq!(
        (status, text.as_str()),
        (
            1,
            "breaking   code `conflict`: status 409 -> 412, within 4xx\n1 breaking, 0 compatible from `HEAD` to the working tree\n"
        )
    );
    // From the top, by its manifest.
    let (status, text) = repo.codegen(&[
        "diff",
        "HEAD",
        "--manifest",
        "api/Cargo.toml",
        "--catalog",
        "internal",
    ]);
    assert_eq!(status, 1, "{text}");
    assert!(text.contains("status 409 -> 412"), "{text}");
}

/// The settings every response depends on are compared too, each change
/// one line however many codes it touches.
#[test]
fn settings_that_change_every_response_are_one_breaking_change_each() {
    use codegen::diff::{Grade, Subject};
    use codegen::{ResponseFormat, Settings, SourceFile};
    let load = |settings: Settings| {
        let file = SourceFile {
            name: "general.toml".to_owned(),
            bytes: GENERAL.as_bytes().to_vec(),
        };
        codegen::load_sources(vec![file], settings).unwrap().0
    };
    let old = load(Settings::default());
    let new = load(Settings {
        base_url: Some("https://errors.example.com".to_owned()),
        format: ResponseFormat::Envelope,
        code_member: "error_code".to_owned(),
        ..Settings::default()
    });
    let changes = codegen::diff::diff(&old, &new, None);
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "breaking   setting `base-url`: none -> \"https://errors.example.com\", so every code's problem type changes",
            "breaking   setting `code-member`: \"code\" -> \"error_code\", so clients find the code in another member",
            "breaking   setting `format`: \"problem\" -> \"envelope\", so every response body changes shape",
        ]
    );
    assert!(
        changes.iter().all(|change| change.grade == Grade::Breaking
            && matches!(change.subject, Subject::Setting(_)))
    );
    assert!(codegen::diff::diff(&new, &new, None).is_empty());
}

#[test]
fn fields_removed_or_retyped_break_and_new_ones_do_not() {
    let repo = Repo::new();
    repo.edit(
        "catalog/general.toml",
        "message = \"Too many requests.\"\n",
        "message = \"Too many requests.\"\ndetail = \"More than {limit} in {window}.\"\n\n[codes.rate_limited.fields.limit]\ntype = \"integer\"\ndescription = \"Allowed.\"\n\n[codes.rate_limited.fields.window]\ntype = \"integer\"\ndescription = \"Seconds.\"\n\n[codes.rate_limited.fields.tier]\ntype = \"string\"\nvalues = [\"free\", \"pro\"]\ndescription = \"The plan.\"\n\n[codes.rate_limited.fields.region]\ntype = \"string\"\ndescription = \"Where.\"\n",
    );
    let (status, text) = repo.codegen(&["lock"]);
    assert_eq!(status, 0, "{text}");
    repo.commit("fields");
    repo.edit(
        "catalog/general.toml",
        "detail = \"More than {limit} in {window}.\"",
        "detail = \"More than {limit} requests.\"",
    );
    repo.edit(
        "catalog/general.toml",
        "\n[codes.rate_limited.fields.window]\ntype = \"integer\"\ndescription = \"Seconds.\"\n",
        "",
    );
    repo.edit(
        "catalog/general.toml",
        "values = [\"free\", \"pro\"]",
        "values = [\"free\", \"team\"]",
    );
    repo.edit(
        "catalog/general.toml",
        "type = \"string\"\ndescription = \"Where.\"",
        "type = \"boolean\"\ndescription = \"Where.\"\n\n[codes.rate_limited.fields.burst]\ntype = \"boolean\"\ndescription = \"A burst.\"",
    );
    let (status, text) = repo.codegen(&["diff", "HEAD"]);
    assert_eq!(
        text,
        r#"breaking   code `rate_limited`: field `window` (integer) removed
breaking   code `rate_limited`: field `tier` no longer takes pro
breaking   code `rate_limited`: field `region` string -> boolean
compatible code `rate_limited`: detail "More than {limit} in {window}." -> "More than {limit} requests."
compatible code `rate_limited`: field `tier` also takes team
compatible code `rate_limited`: field `burst` (boolean) added
3 breaking, 3 compatible from `HEAD` to the working tree
"#
    );
    assert_eq!(status, 1);
}
