//! The lock of published codes: each breaking change to a copy of the
//! catalog fails with its diagnostic, each allowed change passes.

mod support;

use codegen::{LockCheck, LockSteps, Project};
use std::path::Path;

/// The workspace's `base-url`, which the committed lock's types start with.
const BASE_URL: &str = "https://docs.acme.example/errors";

/// A copy of the default catalog and its lock, as a project of its own.
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Copy {
        let dir = tempfile::tempdir().unwrap();
        testkit::copy_recursively(
            &support::root().join("catalog"),
            &dir.path().join("catalog"),
        );
        testkit::copy_recursively(
            &support::root().join("catalog.lock"),
            &dir.path().join("catalog.lock"),
        );
        std::fs::write(
            dir.path().join("Cargo.toml"),
            format!(
                "[package]\nname = \"api\"\nversion = \"0.2.0\"\n\n[package.metadata.errors]\nbase-url = \"{BASE_URL}\"\n"
            ),
        )
        .unwrap();
        Copy { dir }
    }

    /// The project as its manifest says now.
    fn project(&self) -> Project {
        Project::open(&self.path("Cargo.toml")).unwrap()
    }

    fn path(&self, file: &str) -> std::path::PathBuf {
        self.dir.path().join(file)
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.path(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn append(&self, file: &str, text: &str) {
        let path = self.path(file);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, old + text).unwrap();
    }

    fn lock_text(&self) -> String {
        std::fs::read_to_string(self.path("catalog.lock")).unwrap()
    }

    /// The diagnostics of a load that must fail.
    fn rejected(&self) -> String {
        match self.project().load_with(None, LockCheck::Check) {
            Ok(_) => panic!("the changed catalog was accepted"),
            Err(report) => report.render(),
        }
    }

    fn accepted(&self, mode: LockCheck) -> codegen::Report {
        self.project().load_with(None, mode).unwrap().1
    }

    fn lock(&self, accept: &[&str], retire: &[&str]) -> Result<codegen::LockUpdate, String> {
        let owned = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        self.project()
            .update_lock(&owned(accept), &owned(retire))
            .map(|(update, _)| update)
            .map_err(|report| report.render())
    }

    /// `lock --accept-base-url`.
    fn lock_accepting_base_url(&self) -> Result<codegen::LockUpdate, String> {
        let steps = LockSteps {
            accept_base_url: true,
            ..LockSteps::default()
        };
        self.project()
            .update_lock_with(&steps)
            .map(|(update, _)| update)
            .map_err(|report| report.render())
    }
}

const INVALID_JSON: &str = "[codes.invalid_json]\nstatus = 400\n";
/// `rate_limited`'s message, and the same with `retryable = false` after it.
const RATE_LIMITED: &str = "message = \"You exceeded the request rate.\"";
const NOT_RETRYABLE: &str = "message = \"You exceeded the request rate.\"\nretryable = false";

#[test]
fn the_committed_lock_is_complete() {
    let project = Project::open(&support::root().join("Cargo.toml")).unwrap();
    let (_, report) = project.load_with(None, LockCheck::Strict).unwrap();
    assert!(report.is_empty(), "{}", report.render());
}

#[test]
fn an_unchanged_catalog_passes_even_in_strict_mode() {
    let copy = Copy::new();
    assert!(copy.accepted(LockCheck::Strict).is_empty());
    let update = copy.lock(&[], &[]).unwrap();
    assert!(!update.written);
    assert_eq!((update.codes, update.added, update.retired), (40, 0, 0));
}

#[test]
fn removing_a_code_fails() {
    let copy = Copy::new();
    copy.edit(
        "catalog/cms.toml",
        "[codes.cms_page_not_found]",
        "[codes.unrelated_new_code]",
    );
    let text = copy.rejected();
    assert!(
        text.contains("locked code `cms_page_not_found` is gone from the catalog"),
        "{text}"
    );
    insta::assert_snapshot!("removed_or_renamed", text);
    let before = copy.lock_text();
    assert!(copy.lock(&[], &[]).is_err());
    assert_eq!(copy.lock_text(), before, "a refused update writes nothing");
}

#[test]
fn a_status_change_within_its_class_fails_until_accepted() {
    let copy = Copy::new();
    copy.edit(
        "catalog/general.toml",
        INVALID_JSON,
        "[codes.invalid_json]\nstatus = 422\n",
    );
    insta::assert_snapshot!("status_within_class", copy.rejected());
    let update = copy.lock(&["invalid_json"], &[]).unwrap();
    assert!(update.written);
    let lock = copy.lock_text();
    assert!(
        lock.contains("[codes.invalid_json]\nstatus = 422\nsurface = \"general\"\nvariant = \"InvalidJson\"\ntype = \"https://docs.acme.example/errors#invalid_json\"\nretryable = false\nsince = \"0.1.0\"\nprevious-statuses = [400]\n"),
        "{lock}"
    );
    assert!(copy.accepted(LockCheck::Strict).is_empty());
}

#[test]
fn a_change_of_status_class_is_never_accepted() {
    let copy = Copy::new();
    copy.edit(
        "catalog/general.toml",
        INVALID_JSON,
        "[codes.invalid_json]\nstatus = 500\n",
    );
    insta::assert_snapshot!("status_class_change", copy.rejected());
    let refused = copy.lock(&["invalid_json"], &[]).unwrap_err();
    assert!(
        refused.contains("changes class: status 400 (4xx) becomes 500 (5xx)"),
        "{refused}"
    );
}

#[test]
fn moving_a_code_to_another_surface_fails_until_accepted() {
    let copy = Copy::new();
    let block = "\n[codes.cms_page_not_found]\nstatus = 404\nmessage = \"The requested CMS page key does not exist.\"\n";
    copy.edit("catalog/cms.toml", block, "\n");
    copy.append("catalog/support.toml", block);
    insta::assert_snapshot!("surface_move", copy.rejected());
    copy.lock(&["cms_page_not_found"], &[]).unwrap();
    assert!(
        copy.lock_text()
            .contains("[codes.cms_page_not_found]\nstatus = 404\nsurface = \"support\"\n")
    );
    assert!(copy.accepted(LockCheck::Strict).is_empty());
}

#[test]
fn renaming_a_variant_fails_until_accepted() {
    let copy = Copy::new();
    copy.edit(
        "catalog/general.toml",
        INVALID_JSON,
        "[codes.invalid_json]\nvariant = \"BadJson\"\nstatus = 400\n",
    );
    insta::assert_snapshot!("variant_rename", copy.rejected());
    copy.lock(&["invalid_json"], &[]).unwrap();
    assert!(copy.lock_text().contains("variant = \"BadJson\""));
}

#[test]
fn a_retired_code_leaves_for_good() {
    let copy = Copy::new();
    let block = "[codes.support_session_closed]\nstatus = 409\nmessage = \"The support chat session is already closed.\"\n";
    copy.edit("catalog/support.toml", block, "");
    assert!(copy.lock(&[], &[]).is_err(), "removal needs --retire");
    let update = copy.lock(&[], &["support_session_closed"]).unwrap();
    assert_eq!((update.codes, update.retired), (39, 1));
    assert!(copy.lock_text().contains("[codes.support_session_closed]\nstatus = 409\nsurface = \"support\"\nvariant = \"SupportSessionClosed\"\ntype = \"https://docs.acme.example/errors#support_session_closed\"\nretryable = false\nsince = \"0.1.0\"\nretired = true\n"));
    assert!(copy.accepted(LockCheck::Strict).is_empty());

    // It cannot come back, with its old meaning or another.
    copy.append(
        "catalog/support.toml",
        "\n[codes.support_session_closed]\nstatus = 410\nmessage = \"Gone.\"\n",
    );
    insta::assert_snapshot!("retired_comes_back", copy.rejected());
    assert!(copy.lock(&["support_session_closed"], &[]).is_err());
}

/// Retires `support_session_closed`, as `a_retired_code_leaves_for_good` does.
fn with_a_retired_code() -> Copy {
    let copy = Copy::new();
    let block = "[codes.support_session_closed]\nstatus = 409\nmessage = \"The support chat session is already closed.\"\n";
    copy.edit("catalog/support.toml", block, "");
    copy.lock(&[], &["support_session_closed"]).unwrap();
    copy
}

#[test]
fn a_retired_code_cannot_come_back_in_another_case() {
    let copy = with_a_retired_code();
    copy.append(
        "catalog/support.toml",
        "\n[codes.SUPPORT_SESSION_CLOSED]\nstatus = 503\nmessage = \"Another meaning.\"\n",
    );
    let text = copy.rejected();
    insta::assert_snapshot!("retired_comes_back_in_another_case", text);
    let before = copy.lock_text();
    assert!(copy.lock(&[], &[]).is_err());
    assert_eq!(copy.lock_text(), before);
}

#[test]
fn a_retired_code_keeps_its_rust_name() {
    let copy = with_a_retired_code();
    copy.append(
        "catalog/support.toml",
        "\n[codes.session_closed]\nstatus = 409\nmessage = \"Closed.\"\nvariant = \"SupportSessionClosed\"\n",
    );
    insta::assert_snapshot!("retired_variant_taken", copy.rejected());
    assert!(copy.lock(&[], &[]).is_err());
    // The same retirement, in the same run, reserves the name too.
    let copy = Copy::new();
    copy.edit(
        "catalog/support.toml",
        "[codes.support_session_closed]",
        "[codes.support_session_ended]\nvariant = \"SupportSessionClosed\"",
    );
    let refused = copy.lock(&[], &["support_session_closed"]).unwrap_err();
    assert!(
        refused.contains("code `support_session_ended` takes the Rust name `ErrorCode::SupportSessionClosed` of the retired code `support_session_closed`"),
        "{refused}"
    );
}

#[test]
fn retiring_a_code_still_in_the_catalog_says_so() {
    let copy = Copy::new();
    let refused = copy.lock(&[], &["invalid_json"]).unwrap_err();
    assert!(
        refused.contains("cannot retire `invalid_json`: it is still in the catalog"),
        "{refused}"
    );
    assert!(!refused.contains("cannot come back"), "{refused}");
}

#[test]
fn accepting_needs_a_changed_code_of_the_catalog() {
    let copy = Copy::new();
    let refused = copy.lock(&["no_such_code"], &[]).unwrap_err();
    assert!(
        refused.contains("cannot accept `no_such_code`: the catalog has no such code"),
        "{refused}"
    );
    let refused = copy.lock(&["invalid_json"], &[]).unwrap_err();
    assert!(
        refused.contains("nothing to accept for `invalid_json`: its status, surface, Rust name, problem type, retryable and fields are as the lock records them"),
        "{refused}"
    );
    copy.append(
        "catalog/webhooks.toml",
        "\n[codes.webhook_replayed]\nstatus = 409\nmessage = \"Replayed.\"\n",
    );
    let refused = copy.lock(&["webhook_replayed"], &[]).unwrap_err();
    assert!(
        refused.contains("nothing to accept for `webhook_replayed`: the lock has no such code yet"),
        "{refused}"
    );
}

#[test]
fn retiring_an_unknown_code_fails() {
    let copy = Copy::new();
    let refused = copy.lock(&[], &["never_published"]).unwrap_err();
    assert!(
        refused.contains("cannot retire `never_published`: the lock has no such code"),
        "{refused}"
    );
}

#[test]
fn rewording_and_deprecating_never_break() {
    let copy = Copy::new();
    copy.edit(
        "catalog/general.toml",
        "message = \"The request body was not valid JSON.\"",
        "message = \"The body is not JSON.\"\ntitle = \"Body is not JSON\"\ndeprecated = \"Use `unknown_field`.\"",
    );
    assert!(copy.accepted(LockCheck::Strict).is_empty());
    assert!(!copy.lock(&[], &[]).unwrap().written);
}

#[test]
fn new_codes_pass_but_strict_mode_wants_them_locked() {
    let copy = Copy::new();
    copy.append(
        "catalog/webhooks.toml",
        "\n[codes.webhook_replayed]\nstatus = 409\nmessage = \"Replayed.\"\n",
    );
    let warnings = copy.accepted(LockCheck::Check);
    assert_eq!((warnings.error_count(), warnings.warning_count()), (0, 1));
    assert!(
        warnings
            .render()
            .contains("1 code is not in catalog.lock yet: webhook_replayed")
    );
    let strict = copy
        .project()
        .load_with(None, LockCheck::Strict)
        .unwrap_err()
        .render();
    insta::assert_snapshot!("strict_unlocked", strict);

    let update = copy.lock(&[], &[]).unwrap();
    assert_eq!((update.codes, update.added), (41, 1));
    assert!(copy.lock_text().contains("[codes.webhook_replayed]\nstatus = 409\nsurface = \"webhooks\"\nvariant = \"WebhookReplayed\"\ntype = \"https://docs.acme.example/errors#webhook_replayed\"\nretryable = false\nsince = \"0.2.0\"\n"));
    assert!(copy.accepted(LockCheck::Strict).is_empty());
}

#[test]
fn another_catalog_is_not_checked_against_the_lock() {
    let copy = Copy::new();
    let other = support::root().join("examples/remote");
    let (catalog, report) = copy.project().load(Some(Path::new(&other))).unwrap();
    assert_eq!(catalog.codes().count(), 9);
    assert!(report.is_empty());
}

#[test]
fn a_catalog_of_ones_own_in_place_of_every_locked_code_is_one_diagnostic() {
    let copy = Copy::new();
    std::fs::remove_dir_all(copy.path("catalog")).unwrap();
    std::fs::create_dir_all(copy.path("catalog")).unwrap();
    std::fs::write(
        copy.path("catalog/billing.toml"),
        "[surface]\ntitle = \"Billing\"\n\n[codes.card_declined]\nstatus = 402\nmessage = \"The card was declined.\"\n",
    )
    .unwrap();
    let text = copy.rejected();
    assert!(text.contains("error: the catalog has 1 problem"), "{text}");
    assert!(
        text.contains("none of the 40 codes in catalog.lock is in the catalog any more"),
        "{text}"
    );
    assert!(
        text.contains(
            "start a fresh lock: delete the lock file, then run `cargo run -p codegen -- lock`"
        ),
        "{text}"
    );
    insta::assert_snapshot!("every_locked_code_gone", text);

    // A fresh lock, as the diagnostic says, and the new catalog builds.
    std::fs::remove_file(copy.path("catalog.lock")).unwrap();
    let update = copy.lock(&[], &[]).unwrap();
    assert_eq!((update.codes, update.added), (1, 1));
    assert!(copy.accepted(LockCheck::Strict).is_empty());
}

#[test]
fn the_lock_records_each_codes_type_and_retryable() {
    let copy = Copy::new();
    assert!(copy.lock_text().contains(
        "[codes.rate_limited]\nstatus = 429\nsurface = \"general\"\nvariant = \"RateLimited\"\ntype = \"https://docs.acme.example/errors#rate_limited\"\nretryable = true\n"
    ));
    copy.append(
        "catalog/webhooks.toml",
        "\n[codes.webhook_backlog]\nstatus = 503\nmessage = \"Backlogged.\"\n\n[codes.webhook_lost]\nstatus = 503\nmessage = \"Lost.\"\nretryable = false\n",
    );
    copy.lock(&[], &[]).unwrap();
    let lock = copy.lock_text();
    assert!(lock.contains("[codes.webhook_backlog]\nstatus = 503\nsurface = \"webhooks\"\nvariant = \"WebhookBacklog\"\ntype = \"https://docs.acme.example/errors#webhook_backlog\"\nretryable = true\n"), "{lock}");
    assert!(lock.contains("[codes.webhook_lost]\nstatus = 503\nsurface = \"webhooks\"\nvariant = \"WebhookLost\"\ntype = \"https://docs.acme.example/errors#webhook_lost\"\nretryable = false\n"), "{lock}");
}

/// The committed lock as version 1 wrote it: no `type`, no `retryable`.
fn without_type_and_retryable(lock: &str) -> String {
    lock.replace("version = 2\n", "version = 1\n")
        .lines()
        .filter(|line| !line.starts_with("type = ") && !line.starts_with("retryable = "))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn a_lock_without_type_and_retryable_reads_and_the_next_lock_records_them() {
    let copy = Copy::new();
    let committed = copy.lock_text();
    let old = without_type_and_retryable(&committed);
    assert!(
        !old.lines()
            .any(|line| line.starts_with("type = ") || line.starts_with("retryable = "))
    );
    std::fs::write(copy.path("catalog.lock"), &old).unwrap();
    // Not recorded is not changed: no diagnostic, even in strict mode and
    // with a flip that the lock would otherwise refuse.
    assert!(copy.accepted(LockCheck::Strict).is_empty());
    copy.edit("catalog/general.toml", RATE_LIMITED, NOT_RETRYABLE);
    assert!(copy.accepted(LockCheck::Strict).is_empty());
    let update = copy.lock(&[], &[]).unwrap();
    assert!(update.written);
    assert_eq!(
        copy.lock_text(),
        committed.replace(
            "#rate_limited\"\nretryable = true",
            "#rate_limited\"\nretryable = false"
        ),
        "the lock records every code's type and retryable, as a new lock would"
    );
    // From now on they are compared.
    copy.edit("catalog/general.toml", "retryable = false", "");
    assert!(
        copy.rejected()
            .contains("code `rate_limited` changes `retryable` from false to true")
    );
}

#[test]
fn a_lock_of_a_newer_version_is_refused_by_its_number() {
    let copy = Copy::new();
    std::fs::write(
        copy.path("catalog.lock"),
        copy.lock_text().replace("version = 2\n", "version = 3\n"),
    )
    .unwrap();
    let text = copy.rejected();
    assert!(
        text.contains("catalog.lock has version 3; this codegen reads versions 1 to 2"),
        "{text}"
    );
}

#[test]
fn a_flip_of_retryable_fails_until_accepted() {
    let copy = Copy::new();
    copy.edit("catalog/general.toml", RATE_LIMITED, NOT_RETRYABLE);
    insta::assert_snapshot!("retryable_flip", copy.rejected());
    let before = copy.lock_text();
    assert!(copy.lock(&[], &[]).is_err());
    assert_eq!(copy.lock_text(), before, "a refused update writes nothing");
    copy.lock(&["rate_limited"], &[]).unwrap();
    assert!(
        copy.lock_text()
            .contains("#rate_limited\"\nretryable = false\n")
    );
    assert!(copy.accepted(LockCheck::Strict).is_empty());
}

#[test]
fn a_status_change_that_flips_retryable_by_default_says_so() {
    let copy = Copy::new();
    copy.edit(
        "catalog/general.toml",
        "[codes.temporarily_unavailable]\nstatus = 503\n",
        "[codes.temporarily_unavailable]\nstatus = 500\n",
    );
    let text = copy.rejected();
    assert!(
        text.contains("the status of code `temporarily_unavailable` changes from 503 to 500"),
        "{text}"
    );
    insta::assert_snapshot!("retryable_flip_by_status", text);
    // One accept takes both changes.
    copy.lock(&["temporarily_unavailable"], &[]).unwrap();
    assert!(copy.lock_text().contains("[codes.temporarily_unavailable]\nstatus = 500\nsurface = \"general\"\nvariant = \"TemporarilyUnavailable\"\ntype = \"https://docs.acme.example/errors#temporarily_unavailable\"\nretryable = false\nsince = \"0.1.0\"\nprevious-statuses = [503]\n"));
}

#[test]
fn a_new_base_url_is_one_diagnostic_until_accepted() {
    let copy = Copy::new();
    let moved = "https://docs.acme.example/api/errors";
    copy.edit("Cargo.toml", BASE_URL, moved);
    let text = copy.rejected();
    assert!(
        text.contains("error: the catalog has 1 problem\n"),
        "{text}"
    );
    let shown = text.replace(&format!("{}/", copy.dir.path().display()), "");
    insta::assert_snapshot!("base_url_change", shown);
    let before = copy.lock_text();
    assert!(copy.lock(&[], &[]).is_err());
    assert_eq!(copy.lock_text(), before);

    // Accepting one code takes its type only; the rest is still one problem.
    copy.lock(&["invalid_json"], &[]).unwrap_err();
    let update = copy.lock_accepting_base_url().unwrap();
    assert!(update.written);
    let lock = copy.lock_text();
    assert_eq!(lock.matches(&format!("type = \"{moved}#")).count(), 40);
    assert!(!lock.contains(BASE_URL));
    assert!(copy.accepted(LockCheck::Strict).is_empty());

    let refused = copy.lock_accepting_base_url().unwrap_err();
    assert!(
        refused.contains("nothing to accept with `--accept-base-url`: no locked code's problem type changed with `base-url`"),
        "{refused}"
    );
}

#[test]
fn accepting_one_code_of_a_new_base_url_leaves_the_others_in_one_diagnostic() {
    let copy = Copy::new();
    copy.edit("Cargo.toml", BASE_URL, "https://errors.acme.example");
    copy.edit(
        "catalog/general.toml",
        INVALID_JSON,
        "[codes.invalid_json]\nstatus = 422\n",
    );
    let refused = copy.lock(&["invalid_json"], &[]).unwrap_err();
    assert!(
        refused.contains("the problem type of 39 locked codes changes"),
        "{refused}"
    );
    assert!(
        refused.contains("error: the catalog has 1 problem\n"),
        "{refused}"
    );
}

#[test]
fn removing_the_base_url_makes_every_type_relative_and_says_so() {
    let copy = Copy::new();
    copy.edit("Cargo.toml", &format!("base-url = \"{BASE_URL}\"\n"), "");
    let text = copy.rejected();
    assert!(
        text.contains("error: `base-url` changes from \"https://docs.acme.example/errors\" to none (relative links): the problem type of 40 locked codes changes"),
        "{text}"
    );
    assert!(
        text.contains("`https://docs.acme.example/errors#invalid_json` becomes `#invalid_json`"),
        "{text}"
    );
    assert!(
        text.contains("otherwise set `base-url = \"https://docs.acme.example/errors\"` again"),
        "{text}"
    );
    copy.lock_accepting_base_url().unwrap();
    assert!(copy.lock_text().contains("type = \"#invalid_json\"\n"));
    assert!(copy.accepted(LockCheck::Strict).is_empty());
}

#[test]
fn the_lock_records_fields_and_a_dropped_or_retyped_one_fails_until_accepted() {
    let copy = Copy::new();
    assert!(copy.lock_text().contains(
        "[codes.rate_limited.fields]\nlimit = \"integer\"\nwindow_seconds = \"integer\"\n"
    ));
    // A new field is compatible: no diagnostic, and the next lock has it.
    copy.append(
        "catalog/general.toml",
        "\n[codes.rate_limited.fields.burst]\ntype = \"boolean\"\ndescription = \"Whether a burst tripped it.\"\n",
    );
    assert!(copy.accepted(LockCheck::Strict).is_empty());
    copy.lock(&[], &[]).unwrap();
    assert!(
        copy.lock_text()
            .contains("burst = \"boolean\"\nlimit = \"integer\"")
    );
    // Dropping one and retyping another break clients that read them.
    copy.edit(
        "catalog/general.toml",
        "type = \"integer\"\ndescription = \"The number of requests the window allows.\"\nexample = 100",
        "type = \"string\"\ndescription = \"The number of requests the window allows.\"\nexample = \"100\"",
    );
    copy.edit(
        "catalog/general.toml",
        "detail = \"More than {limit} requests arrived within {window_seconds} seconds.\"",
        "detail = \"More than {limit} requests arrived.\"",
    );
    // Its translation follows, as the catalog requires.
    copy.edit(
        "catalog/locales/fr.toml",
        "detail = \"Plus de {limit} requêtes sont arrivées en {window_seconds} secondes.\"",
        "detail = \"Plus de {limit} requêtes sont arrivées.\"",
    );
    copy.edit(
        "catalog/general.toml",
        "\n[codes.rate_limited.fields.window_seconds]\ntype = \"integer\"\ndescription = \"The length of the window, in seconds.\"\nexample = 60\n",
        "",
    );
    insta::assert_snapshot!("fields_dropped_or_retyped", copy.rejected());
    assert!(copy.lock(&[], &[]).is_err());
    copy.lock(&["rate_limited"], &[]).unwrap();
    assert!(
        copy.lock_text()
            .contains("[codes.rate_limited.fields]\nburst = \"boolean\"\nlimit = \"string\"\n\n")
    );
    assert!(copy.accepted(LockCheck::Strict).is_empty());
}
