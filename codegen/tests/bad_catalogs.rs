//! Every catalog under `tests/bad_catalogs/` is rejected, with all of its
//! problems, each at file:line:col; the full diagnostics are snapshots.

mod support;

use codegen::Settings;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn bad_catalogs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(support::codegen_dir().join("tests/bad_catalogs"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
    dirs.sort();
    dirs
}

fn rejected(dir: &std::path::Path) -> String {
    match codegen::load(dir, support::codegen_dir(), Settings::default()) {
        Ok(_) => panic!("{} was accepted", dir.display()),
        Err(report) => report.render(),
    }
}

#[test]
fn every_bad_catalog_is_rejected_as_its_snapshot_says() {
    let dirs = bad_catalogs();
    assert!(dirs.len() >= 40, "only {} bad catalogs", dirs.len());
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = rejected(&dir);
        every_error_is_located(&name, &text);
        insta::assert_snapshot!(name, text);
    }
}

/// Each `error:` is followed by the place it points at, in the bad catalog's
/// own files; only the closing count stands alone.
fn every_error_is_located(name: &str, text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    // The last line is the count of problems.
    let errors: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("error: ") && i + 1 < lines.len())
        .collect();
    assert!(!errors.is_empty(), "{name}: no errors in\n{text}");
    // A file that cannot be read has no line to point at; it names the file.
    let unreadable = format!("error: cannot read tests/bad_catalogs/{name}/");
    let errors = errors
        .into_iter()
        .filter(|&i| !lines[i].starts_with(&unreadable));
    let prefix = format!("┌─ tests/bad_catalogs/{name}/");
    for i in errors {
        let place = lines.get(i + 1).map_or("", |line| line.trim());
        let location = place.strip_prefix(&prefix).unwrap_or_else(|| {
            panic!("{name}: `{}` is not followed by a place:\n{text}", lines[i])
        });
        let parts: Vec<&str> = location.rsplitn(3, ':').collect();
        assert!(
            parts.len() == 3 && parts[0].parse::<u32>().is_ok() && parts[1].parse::<u32>().is_ok(),
            "{name}: `{place}` is not file:line:col"
        );
    }
    let summary = text.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("error: the catalog has "),
        "{name}: {summary}"
    );
}

#[test]
fn the_raw_seed_000_list_names_both_places_of_its_duplicate() {
    let text =
        rejected(&support::codegen_dir().join("tests/bad_catalogs/seed_000_raw_transcription"));
    assert!(
        text.contains("code `invalid_coverage_type` is defined twice"),
        "{text}"
    );
    assert!(text.contains("first defined here"), "{text}");
    assert!(text.contains("defined again here"), "{text}");
}

#[test]
fn an_empty_catalog_directory_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let report = codegen::load(dir.path(), dir.path(), Settings::default()).unwrap_err();
    let text = report.render();
    assert!(text.contains("has no .toml files"), "{text}");
    assert_eq!(report.error_count(), 1);
}

#[test]
fn a_missing_catalog_directory_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("catalog");
    let report = codegen::load(&missing, dir.path(), Settings::default()).unwrap_err();
    assert!(
        report
            .render()
            .contains("cannot read the catalog directory catalog")
    );
}

#[test]
fn a_status_that_contradicts_the_code_name_is_a_warning_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("general.toml"),
        "[surface]\ntitle = \"General\"\n\n[codes.rate_limited]\nstatus = 400\nmessage = \"Slow down.\"\n",
    )
    .unwrap();
    let (catalog, warnings) = codegen::load(dir.path(), dir.path(), Settings::default()).unwrap();
    assert_eq!(catalog.codes().count(), 1);
    assert_eq!((warnings.error_count(), warnings.warning_count()), (0, 1));
    insta::assert_snapshot!("status_hint_warning", warnings.render());
}

const GENERAL: &str =
    "[surface]\ntitle = \"General\"\n\n[codes.bad_request]\nstatus = 400\nmessage = \"Bad.\"\n";

/// The rendered errors of loading `dir`, and how many there are; `None` if
/// it was accepted. On a thread, so that a load that hangs fails the test
/// instead of hanging the suite: the bound catches a hang, nothing slower.
fn load_or_give_up(dir: &Path) -> Option<(String, usize)> {
    let dir = dir.to_owned();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let result = codegen::load(&dir, &dir, Settings::default())
            .err()
            .map(|report| (report.render(), report.error_count()));
        let _ = sender.send(result);
    });
    receiver
        .recv_timeout(Duration::from_secs(120))
        .expect("loading the catalog did not finish in two minutes")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_directory_named_like_a_catalog_file_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("general.toml"), GENERAL).unwrap();
    mkfifo(&dir.path().join("pipe.toml"));
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let (text, errors) = load_or_give_up(dir.path()).expect("accepted");
    assert!(
        text.contains("error: cannot read folder.toml: it is a directory, not a regular file"),
        "{text}"
    );
    assert!(
        text.contains(
            "error: cannot read pipe.toml: it is a named pipe (FIFO), not a regular file"
        ),
        "{text}"
    );
    assert_eq!(errors, 2, "{text}");
}

#[cfg(unix)]
#[test]
fn a_link_to_an_endless_device_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("general.toml"), GENERAL).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.toml")).unwrap();
    let (text, errors) = load_or_give_up(dir.path()).expect("accepted");
    assert!(
        text.contains("error: cannot read zero.toml: it is a device, not a regular file"),
        "{text}"
    );
    assert_eq!(errors, 1, "{text}");
}

#[test]
fn a_catalog_file_over_the_size_limit_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("general.toml"), GENERAL).unwrap();
    // Sparse: all zeros, nothing written to disk.
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(codegen::MAX_CATALOG_FILE_BYTES + 1).unwrap();
    let (text, errors) = load_or_give_up(dir.path()).expect("accepted");
    let expected = format!(
        "error: cannot read big.toml: it has {} bytes, more than the {} a catalog file may have",
        codegen::MAX_CATALOG_FILE_BYTES + 1,
        codegen::MAX_CATALOG_FILE_BYTES
    );
    assert!(text.contains(&expected), "{text}");
    assert_eq!(errors, 1, "{text}");

    // At the limit, the file is read (and rejected for what it holds).
    big.set_len(codegen::MAX_CATALOG_FILE_BYTES).unwrap();
    let (text, _) = load_or_give_up(dir.path()).expect("accepted");
    assert!(!text.contains("cannot read big.toml"), "{text}");
}

#[test]
fn a_toml_file_with_an_upper_case_extension_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("general.toml"), GENERAL).unwrap();
    std::fs::write(
        dir.path().join("web.TOML"),
        GENERAL.replace("General", "Web"),
    )
    .unwrap();
    let (text, errors) = load_or_give_up(dir.path()).expect("accepted");
    assert!(
        text.contains("error: web.TOML is not read: catalog files end in `.toml`, in lower case"),
        "{text}"
    );
    assert!(text.contains("= rename it to web.toml"), "{text}");
    assert_eq!(errors, 1, "{text}");
}

/// The rendered errors of a catalog of one file, `general.toml`.
fn rejected_source(source: String) -> (String, usize) {
    let files = vec![codegen::SourceFile {
        name: "general.toml".to_owned(),
        bytes: source.into_bytes(),
    }];
    let report = codegen::load_sources(files, Settings::default()).unwrap_err();
    (report.render(), report.error_count())
}

/// The output of `count` problems of one kind: each problem up to
/// `SHOWN_OF_A_KIND` shown, then one line for the rest, whatever `count` is.
fn assert_cut(text: &str, shown: &str, kind: &str, count: usize) {
    let shown_count = text.matches(shown).count();
    assert_eq!(shown_count, codegen::diagnostic::SHOWN_OF_A_KIND, "{shown}");
    let cut = count - codegen::diagnostic::SHOWN_OF_A_KIND;
    let note = format!("note: {cut} more errors like \"{kind}\" were cut");
    assert_eq!(text.matches(&note).count(), 1, "no `{note}` in the output");
    assert!(text.ends_with(&format!("error: the catalog has {count} problems\n")));
    // A few short lines per diagnostic shown, however many there were.
    let bound = codegen::diagnostic::SHOWN_OF_A_KIND * 1_000;
    assert!(text.len() < bound, "{} bytes of output", text.len());
}

#[test]
fn thousands_of_repeated_keys_are_counted_past_the_first_few() {
    let repeats = 5_000;
    let source = format!("{GENERAL}{}", "status = 400\n".repeat(repeats));
    let (text, errors) = rejected_source(source);
    assert_eq!(errors, repeats, "{text}");
    assert_cut(
        &text,
        "error: key `status` is defined twice",
        "key `…` is defined twice",
        repeats,
    );
    // Each shown still names the first definition.
    assert_eq!(text.matches("first defined here").count(), 20);
}

#[test]
fn thousands_of_repeated_tables_are_counted_past_the_first_few() {
    let repeats = 3_000;
    let table = "[codes.bad_request]\nstatus = 400\nmessage = \"Bad.\"\n";
    let (text, errors) = rejected_source(format!("{GENERAL}{}", table.repeat(repeats)));
    assert_eq!(errors, repeats, "{text}");
    assert_cut(
        &text,
        "error: code `bad_request` is defined twice",
        "code `…` is defined twice",
        repeats,
    );
}

#[test]
fn a_long_line_is_shown_cut_around_each_label_with_its_true_column() {
    // Wide characters first, so that bytes and columns differ.
    let padding = "ü".repeat(50_000);
    let keys: Vec<String> = (0..1_000).map(|i| format!("unknown_{i:04} = 1")).collect();
    let line = format!(
        "bad = {{ status = 400, message = \"{padding}\", {} }}",
        keys.join(", ")
    );
    let source = format!("[surface]\ntitle = \"General\"\n\n[codes]\n{line}\n");
    assert!(source.len() > 100_000);
    let (text, errors) = rejected_source(source);
    assert_eq!(errors, 1_000, "{text}");
    assert_cut(
        &text,
        "error: unknown key `unknown_",
        "unknown key `…` in code `…`",
        1_000,
    );
    for (i, key) in keys.iter().take(20).enumerate() {
        let at = line.find(key.as_str()).unwrap();
        let column = line[..at].chars().count() + 1;
        let place = format!("┌─ general.toml:5:{column}\n");
        assert!(text.contains(&place), "key {i}: no `{place}` in\n{text}");
    }
    for shown in text.lines().filter(|l| l.starts_with("5 │ ")) {
        assert!(shown.starts_with("5 │ …"), "{shown}");
        assert!(shown.chars().count() < 200, "{shown}");
    }
}

#[test]
fn a_code_member_that_the_body_already_has_is_rejected_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("Cargo.toml");
    let with = |member: &str| {
        let settings = format!(
            "[package]\nname = \"api\"\nversion = \"0.1.0\"\n\n[package.metadata.errors]\ncode-member = \"{member}\"\n"
        );
        std::fs::write(&manifest, settings).unwrap();
        codegen::Project::open(&manifest)
    };
    for member in [
        "type", "title", "status", "detail", "instance", "errors", "metadata", "trace_id",
    ] {
        let text = with(member).unwrap_err().render();
        let expected = format!(
            "`code-member` cannot be \"{member}\": a problem-details body already has that member"
        );
        assert!(text.contains(&expected), "{text}");
        assert!(text.contains("┌─ "), "{text}");
        assert!(text.contains("Cargo.toml:6:15\n"), "{text}");
    }
    let text = with("").unwrap_err().render();
    assert!(text.contains("`code-member` is empty"), "{text}");
    assert!(text.contains("Cargo.toml:6:15\n"), "{text}");
    for member in ["code", "error_code", "errorCode"] {
        assert_eq!(with(member).unwrap().settings.code_member, member);
    }
}

#[test]
fn a_rejection_mapped_to_no_code_or_an_unfitting_one_is_shown_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("Cargo.toml");
    std::fs::write(
        &manifest,
        "[package]\nname = \"api\"\nversion = \"0.1.0\"\n\n\
         [package.metadata.errors.rejections]\n\
         json-sintax = \"bad_json\"\n\
         json-data = \"bad_jsn\"\n\
         panic = \"bad_json\"\n\
         timeout = \"server_error\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("catalog")).unwrap();
    std::fs::write(
        dir.path().join("catalog/general.toml"),
        "[surface]\ntitle = \"General\"\n\n\
         [codes.bad_json]\nstatus = 400\nmessage = \"Bad JSON.\"\n\n\
         [codes.server_error]\nstatus = 500\nmessage = \"Oops.\"\n",
    )
    .unwrap();
    let project = codegen::Project::open(&manifest).unwrap();
    let report = project.load(Some(Path::new("catalog"))).unwrap_err();
    let text = report.render();
    for expected in [
        "`json-sintax` is not a framework rejection",
        "Cargo.toml:6:1\n",
        "json-sintax = \"bad_json\"",
        "did you mean `json-syntax`?",
        "rejection `json-data` maps to `bad_jsn`, which is not a code of the catalog",
        "Cargo.toml:7:13\n",
        "did you mean `bad_json`?",
        "rejection `panic` needs a code with 500, but `bad_json` is 400",
        "Cargo.toml:8:9\n",
        "rejection `timeout` needs a code with 503 or 504, but `server_error` is 500",
        "Cargo.toml:9:11\n",
        "its status",
        "the rejections table leaves out `json-syntax`, `missing-content-type`",
        "`not-found`, `method-not-allowed`",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    assert_eq!(report.error_count(), 5, "{text}");
}
