//! `codegen`: check the catalog, regenerate the reference page, explain a
//! code, export the clients, scaffold a catalog, show the generated Rust,
//! grade the changes between two git revisions.
//!
//! Arguments are parsed by hand: the grammar is a command and a few long
//! options, and build scripts that depend on the library should not compile
//! an argument parser they never run.

use codegen::export::{self, Target};
use codegen::revision::{self, Revision};
use codegen::{LockCheck, LockSteps, Project, holds, markdown, rust, write_if_changed};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: codegen <command> [options]

commands:
  check           validate the catalog and compare it with the lock
  docs            regenerate the reference page (docs/errors.md by default)
  lock            add new codes to the lock of published codes
  diff OLD [NEW]  list the catalog's changes from git revision OLD to NEW (default:
                  the working tree), each `breaking` or `compatible`; exit status 0
                  when none is breaking, 1 when any is, 2 when they cannot be compared
  rust            print the generated Rust code
  explain CODE    show one code's entry: status, message, retry advice, an example body
  export TARGET   write an export: the client package for typescript, python or go
                  (under clients/<target>), the JSON index (json) and the OpenAPI 3.1
                  document (openapi), both under clients/openapi, the catalog files'
                  JSON Schema (schema, under schemas), or all
  init            scaffold a catalog, its settings and build.rs into the crate
  synthetic       write a synthetic catalog of --codes N codes into --out DIR

options:
  --manifest PATH   the crate's Cargo.toml, with [package.metadata.errors] (default: ./Cargo.toml)
  --catalog DIR     use this catalog directory instead of the configured one
  --lock PATH       use this lock of published codes instead of the configured one
  --out PATH        docs: write the page here instead of the configured path;
                    export: write the package in this directory (with all,
                    each package in a directory of its name under it)
  --check           docs, export: write nothing; fail if what is there is not
                    up to date
  --locked          check: fail if any code is not in the lock yet, or lacks a
                    translation into a locale of `complete-locales`
  --accept CODE     lock: accept CODE's change of status (within its class),
                    surface, Rust variant, problem type or retryable; the lock
                    records it
  --accept-base-url lock: accept the new problem type that a change of
                    base-url gives every code
  --retire CODE     lock: retire CODE, gone from the catalog, for good
  --codes N         synthetic: how many codes
  --locale TAG      docs: the page in this locale of the catalog, written beside
                    the configured one with the tag before its extension
                    (docs/errors.fr.md)
";

#[derive(Clone, Copy, PartialEq)]
enum Command {
    Check,
    Docs,
    Lock,
    Rust,
    Explain,
    Export,
    Init,
    Synthetic,
    Diff,
}

impl Command {
    const ALL: [Command; 9] = [
        Command::Check,
        Command::Docs,
        Command::Lock,
        Command::Rust,
        Command::Explain,
        Command::Export,
        Command::Init,
        Command::Synthetic,
        Command::Diff,
    ];

    fn name(self) -> &'static str {
        match self {
            Check => "check",
            Docs => "docs",
            Command::Lock => "lock",
            Rust => "rust",
            Command::Explain => "explain",
            Command::Export => "export",
            Command::Init => "init",
            Command::Synthetic => "synthetic",
            Command::Diff => "diff",
        }
    }
}

struct Args {
    command: Command,
    /// `explain`'s code.
    code: Option<String>,
    /// `export`'s targets.
    targets: Vec<Target>,
    /// `diff`'s revisions: the old one, and the new one if given.
    revisions: Vec<String>,
    manifest: PathBuf,
    catalog: Option<PathBuf>,
    lock: Option<PathBuf>,
    out: Option<PathBuf>,
    check: bool,
    locked: bool,
    accept: Vec<String>,
    accept_base_url: bool,
    retire: Vec<String>,
    codes: usize,
    /// `docs`' locale.
    locale: Option<String>,
}

use Command::{Check, Diff, Docs, Explain, Export, Init, Lock, Rust, Synthetic};

/// Each option, whether it takes a value, and the commands it applies to:
/// an option a command would ignore is an error, not a silent no-op.
const OPTIONS: [(&str, bool, &[Command]); 12] = [
    (
        "manifest",
        true,
        &[Check, Docs, Lock, Rust, Explain, Export, Init, Diff],
    ),
    (
        "catalog",
        true,
        &[Check, Docs, Lock, Rust, Explain, Export, Diff],
    ),
    ("lock", true, &[Check, Lock, Diff]),
    ("out", true, &[Docs, Export, Synthetic]),
    ("check", false, &[Docs, Export]),
    ("locked", false, &[Check]),
    ("accept", true, &[Lock]),
    ("accept-base-url", false, &[Lock]),
    ("retire", true, &[Lock]),
    ("codes", true, &[Synthetic]),
    ("locale", true, &[Docs]),
    ("help", false, &[]),
];

fn parse_args(raw: impl Iterator<Item = OsString>) -> Result<Args, String> {
    let mut raw = raw.map(|arg| {
        arg.into_string()
            .map_err(|arg| format!("{} is not UTF-8", arg.to_string_lossy()))
    });
    let mut command = None;
    let mut positional = Vec::new();
    let mut given: Vec<(&str, Option<String>)> = Vec::new();
    while let Some(arg) = raw.next() {
        let arg = arg?;
        let Some(option) = arg.strip_prefix("--") else {
            match command {
                None => {
                    command = Some(
                        Command::ALL
                            .into_iter()
                            .find(|c| c.name() == arg)
                            .ok_or(format!("unknown command `{arg}`"))?,
                    )
                }
                Some(_) => positional.push(arg),
            }
            continue;
        };
        let (name, inline) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (option, None),
        };
        let &(name, takes_value, _) = OPTIONS
            .iter()
            .find(|(known, _, _)| *known == name)
            .ok_or(format!("unknown option `--{name}`"))?;
        let value = match (takes_value, inline) {
            (true, Some(value)) => Some(value),
            (true, None) => Some(raw.next().ok_or(format!("--{name} needs a value"))??),
            (false, None) => None,
            (false, Some(_)) => return Err(format!("--{name} takes no value")),
        };
        given.push((name, value));
    }
    if given.iter().any(|(name, _)| *name == "help") {
        return Err("usage".to_owned());
    }
    let command = command.ok_or("no command given")?;
    let mut args = Args {
        command,
        code: None,
        targets: Vec::new(),
        revisions: Vec::new(),
        manifest: PathBuf::from("Cargo.toml"),
        catalog: None,
        lock: None,
        out: None,
        check: false,
        locked: false,
        accept: Vec::new(),
        accept_base_url: false,
        retire: Vec::new(),
        codes: 10_000,
        locale: None,
    };
    match (command, positional.as_slice()) {
        (Explain, [code]) => args.code = Some(code.clone()),
        (Explain, _) => return Err("explain takes one code: `codegen explain CODE`".to_owned()),
        (Export, [target]) if target == "all" => args.targets = Target::ALL.to_vec(),
        (Export, [target]) => {
            args.targets = vec![Target::from_name(target).ok_or(format!(
                "export does not know `{target}`: {}, or all",
                Target::ALL.map(Target::name).join(", ")
            ))?]
        }
        (Export, _) => {
            return Err(
                "export takes one target: `codegen export <typescript|python|go|json|schema|openapi|all>`".to_owned(),
            );
        }
        (Diff, [_] | [_, _]) => args.revisions = positional.clone(),
        (Diff, _) => {
            return Err("diff takes one or two git revisions: `codegen diff OLD [NEW]`".to_owned());
        }
        (_, []) => {}
        (_, [extra, ..]) => return Err(format!("unexpected argument `{extra}`")),
    }
    for (name, value) in given {
        let applies = OPTIONS
            .iter()
            .any(|(option, _, commands)| *option == name && commands.contains(&command));
        if !applies {
            return Err(format!("--{name} does not apply to `{}`", command.name()));
        }
        let value = value.unwrap_or_default();
        match name {
            "manifest" => args.manifest = value.into(),
            "catalog" => args.catalog = Some(value.into()),
            "lock" => args.lock = Some(value.into()),
            "out" => args.out = Some(value.into()),
            "check" => args.check = true,
            "locked" => args.locked = true,
            "accept" => args.accept.push(value),
            "accept-base-url" => args.accept_base_url = true,
            "retire" => args.retire.push(value),
            "locale" => args.locale = Some(value),
            _ => {
                args.codes = value
                    .parse()
                    .map_err(|_| format!("--codes takes a number, not `{value}`"))?
            }
        }
    }
    Ok(args)
}

/// The project of `--manifest`. With `--lock`, the lock and `--catalog` (if
/// given) replace the configured ones, as a second catalog of the crate
/// would (`Builder::named`); `--catalog` alone is a catalog without a lock.
fn open(args: &Args) -> Result<Project, codegen::Report> {
    let mut project = Project::open(&args.manifest)?;
    if let Some(lock) = &args.lock {
        project.settings.lock.clone_from(lock);
        if let Some(catalog) = &args.catalog {
            project.settings.catalog.clone_from(catalog);
        }
    } else if args.command == Lock && args.catalog.is_some() {
        let mut report = codegen::Report::default();
        report.push(codegen::diagnostic::error(
            "`lock --catalog DIR` needs `--lock PATH` too: each catalog has a lock of its own",
        ));
        return Err(report);
    }
    Ok(project)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(args) => args,
        Err(err) if err == "usage" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            eprintln!("error: {err}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match args.command {
        Lock => return lock(&args),
        Init => return init(&args),
        Diff => return diff(&args),
        _ => {}
    }
    if args.command == Synthetic {
        let Some(out) = &args.out else {
            eprintln!("error: synthetic needs --out DIR\n\n{USAGE}");
            return ExitCode::from(2);
        };
        return match codegen::synthetic::write_catalog(args.codes, out) {
            Ok(()) => {
                println!(
                    "wrote a catalog of {} codes to {}",
                    args.codes,
                    out.display()
                );
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: cannot write {}: {err}", out.display());
                ExitCode::FAILURE
            }
        };
    }
    let loaded = open(&args).and_then(|project| {
        // `--catalog` naming the configured catalog is the project's own,
        // checked against its lock; another catalog has no lock.
        let other = args
            .catalog
            .as_deref()
            .filter(|dir| !project.is_catalog_dir(dir));
        let lock_check = match (other, args.locked) {
            (Some(dir), true) => {
                let mut report = codegen::Report::default();
                report.push(codegen::diagnostic::error(format!(
                    "--locked compares {} with {}; {} has no lock",
                    project.settings.catalog.display(),
                    project.settings.lock.display(),
                    dir.display()
                )));
                return Err(report);
            }
            (Some(_), false) => LockCheck::Skip,
            (None, true) => LockCheck::Strict,
            (None, false) => LockCheck::Check,
        };
        project
            .load_with(other, lock_check)
            .map(|(catalog, warnings)| (project, catalog, warnings))
    });
    let (project, catalog, warnings) = match loaded {
        Ok(loaded) => loaded,
        Err(report) => {
            eprint!("{}", report.render());
            return ExitCode::FAILURE;
        }
    };
    eprint!("{}", warnings.render());
    match args.command {
        Check => {
            // Only here, not in every build: a missing translation is sent
            // in the default locale, and `check --locked` is where a
            // locale that must be complete is held to it.
            let mut report = codegen::Report::default();
            codegen::untranslated(&catalog, args.locked, &mut report);
            eprint!("{}", report.render());
            if report.has_errors() {
                return ExitCode::FAILURE;
            }
            let (codes, surfaces) = (catalog.codes().count(), catalog.surfaces.len());
            println!(
                "ok: {codes} code{} in {surfaces} surface{}",
                if codes == 1 { "" } else { "s" },
                if surfaces == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Lock | Init | Synthetic | Diff => ExitCode::SUCCESS,
        Export => export(&args, &project, &catalog),
        Explain => {
            let code = args.code.as_deref().unwrap_or_default();
            match codegen::explain::explain(&catalog, code) {
                Ok(entry) => {
                    print!("{entry}");
                    ExitCode::SUCCESS
                }
                Err(closest) => {
                    eprintln!("error: the catalog has no code `{code}`");
                    if !closest.is_empty() {
                        eprintln!("did you mean: {}?", closest.join(", "));
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Rust => match rust::generate(&catalog) {
            Ok(source) => {
                print!("{source}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: cannot generate the Rust code: {err}");
                ExitCode::FAILURE
            }
        },
        Docs => {
            let (path, page) = match args.locale.as_deref() {
                None => (project.page(), markdown::generate(&catalog)),
                Some(tag) => match catalog.translated(tag) {
                    Some(translated) => (
                        project.page().with_extension(format!("{tag}.md")),
                        markdown::generate(&translated),
                    ),
                    None => {
                        let tags: Vec<&str> = catalog.locale_tags().collect();
                        eprintln!(
                            "error: the catalog has no locale `{tag}`; its locales are {}",
                            tags.join(", ")
                        );
                        return ExitCode::FAILURE;
                    }
                },
            };
            let path = args.out.unwrap_or(path);
            let command = match &args.locale {
                Some(tag) => format!("docs --locale {tag}"),
                None => "docs".to_owned(),
            };
            if args.check {
                return if holds(&path, &page) {
                    println!("{} is up to date", path.display());
                    ExitCode::SUCCESS
                } else {
                    eprintln!(
                        "error: {} is stale; run `{}`",
                        path.display(),
                        project.settings.command(&command)
                    );
                    ExitCode::FAILURE
                };
            }
            match write_if_changed(&path, &page) {
                Ok(true) => println!("wrote {}", path.display()),
                Ok(false) => println!("{} is up to date", path.display()),
                Err(err) => {
                    eprintln!("error: cannot write {}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// `export`: each target's package, written or checked.
fn export(args: &Args, project: &Project, catalog: &codegen::Catalog) -> ExitCode {
    let version = project.version.as_deref().unwrap_or("0.0.0");
    let all = args.targets.len() > 1;
    let mut stale = Vec::new();
    for &target in &args.targets {
        let dir = match &args.out {
            Some(out) if all => out.join(target.name()),
            Some(out) => out.clone(),
            None => project.root.join(target.default_dir()),
        };
        let files = target.generate(catalog, version);
        if args.check {
            stale.extend(export::stale(&dir, &files));
            continue;
        }
        match export::write(&dir, &files) {
            Ok(written) if written.is_empty() => println!("{} is up to date", dir.display()),
            Ok(written) => {
                for path in written {
                    println!("wrote {}", path.display());
                }
            }
            Err(err) => {
                eprintln!("error: cannot write {}: {err}", dir.display());
                return ExitCode::FAILURE;
            }
        }
    }
    if stale.is_empty() {
        if args.check {
            println!("the exports are up to date");
        }
        return ExitCode::SUCCESS;
    }
    let mut refresh = format!(
        "export {}",
        if all {
            "all"
        } else {
            args.targets.first().map_or("all", |t| t.name())
        }
    );
    if let Some(out) = &args.out {
        refresh.push_str(&format!(" --out {}", out.display()));
    }
    for path in &stale {
        eprintln!("error: {} is stale", path.display());
    }
    eprintln!("run `{}` to refresh", project.settings.command(&refresh));
    ExitCode::FAILURE
}

fn lock(args: &Args) -> ExitCode {
    let steps = LockSteps {
        accept: args.accept.iter().cloned().collect(),
        accept_base_url: args.accept_base_url,
        retire: args.retire.iter().cloned().collect(),
    };
    let updated = open(args).and_then(|project| project.update_lock_with(&steps));
    match updated {
        Ok((update, warnings)) => {
            eprint!("{}", warnings.render());
            let path = update.path.display();
            if update.written {
                println!(
                    "wrote {path}: {} codes, {} new, {} retired",
                    update.codes, update.added, update.retired
                );
            } else {
                println!(
                    "{path} is up to date: {} codes, {} retired",
                    update.codes, update.retired
                );
            }
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprint!("{}", report.render());
            ExitCode::FAILURE
        }
    }
}

/// `diff`: the graded changes, then a count. Exit status 0 when none is
/// breaking, 1 when any is, 2 when the catalogs cannot be compared, as
/// `diff(1)` says same, different, trouble.
fn diff(args: &Args) -> ExitCode {
    let paths = revision::Paths {
        manifest: &args.manifest,
        catalog: args.catalog.as_deref(),
        lock: args.lock.as_deref(),
    };
    let old = Revision::Commit(args.revisions.first().map_or("", String::as_str));
    let new = args
        .revisions
        .get(1)
        .map_or(Revision::WorkingTree, |rev| Revision::Commit(rev));
    let mut loaded = Vec::new();
    for revision in [old, new] {
        match revision::load(&paths, revision) {
            Ok(catalog) => loaded.push(catalog),
            Err(revision::Failure::Git(err)) => {
                eprintln!("error: {err}");
                return ExitCode::from(2);
            }
            Err(revision::Failure::Load(report)) => {
                eprintln!("error: the catalog at {revision} does not load");
                eprint!("{}", report.render());
                return ExitCode::from(2);
            }
        }
    }
    let [old_catalog, new_catalog] = loaded.as_slice() else {
        return ExitCode::from(2);
    };
    let changes = codegen::diff::diff(
        &old_catalog.catalog,
        &new_catalog.catalog,
        new_catalog.lock.as_ref(),
    );
    for change in &changes {
        println!("{change}");
    }
    let breaking = changes
        .iter()
        .filter(|change| change.grade == codegen::diff::Grade::Breaking)
        .count();
    let compatible = changes.len() - breaking;
    if changes.is_empty() {
        println!("no changes from {old} to {new}");
    } else {
        println!("{breaking} breaking, {compatible} compatible from {old} to {new}");
    }
    if breaking == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn init(args: &Args) -> ExitCode {
    match codegen::init::init(&args.manifest) {
        Ok(scaffold) => {
            for path in &scaffold.written {
                println!("wrote {}", path.display());
            }
            for (path, why) in &scaffold.left_alone {
                println!("left {} alone: {why}", path.display());
            }
            if !scaffold.to_do.is_empty() {
                println!("\nstill to do by hand:");
                for step in &scaffold.to_do {
                    println!("- {step}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!(
                "error: cannot scaffold into {}: {err}",
                args.manifest.display()
            );
            ExitCode::FAILURE
        }
    }
}
