//! `codegen`: check the catalog, regenerate the reference page, show the
//! generated Rust.

use codegen::{LockCheck, Project, holds, markdown, rust, write_if_changed};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: codegen <command> [options]

commands:
  check           validate the catalog and compare it with the lock
  docs            regenerate the reference page (docs/errors.md by default)
  lock            add new codes to the lock of published codes
  rust            print the generated Rust code
  synthetic       write a synthetic catalog of --codes N codes into --out DIR

options:
  --manifest PATH   the Cargo.toml with [package.metadata.errors] (default: ./Cargo.toml)
  --catalog DIR     check this catalog directory instead of the configured one
  --out PATH        docs: write the page here instead of the configured path
  --check           docs: write nothing; fail if the page is not up to date
  --locked          check: fail if any code is not in the lock yet
  --accept CODE     lock: accept CODE's change of status (within its class),
                    surface or Rust variant; the lock records it
  --retire CODE     lock: retire CODE, gone from the catalog, for good
  --codes N         synthetic: how many codes
";

#[derive(Clone, Copy, PartialEq)]
enum Command {
    Check,
    Docs,
    Lock,
    Rust,
    Synthetic,
}

struct Args {
    command: Command,
    manifest: PathBuf,
    catalog: Option<PathBuf>,
    out: Option<PathBuf>,
    check: bool,
    locked: bool,
    accept: Vec<String>,
    retire: Vec<String>,
    codes: usize,
    /// The options given, for `reject_inapplicable`.
    given: Vec<&'static str>,
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut command = None;
    let mut args = Args {
        command: Command::Check,
        manifest: PathBuf::from("Cargo.toml"),
        catalog: None,
        out: None,
        check: false,
        locked: false,
        accept: Vec::new(),
        retire: Vec::new(),
        codes: 10_000,
        given: Vec::new(),
    };
    while let Some(arg) = parser.next()? {
        if let Long(name) = &arg
            && let Some(known) = OPTIONS.iter().find(|(option, _)| option == name)
        {
            args.given.push(known.0);
        }
        match arg {
            Long("manifest") => args.manifest = parser.value()?.into(),
            Long("catalog") => args.catalog = Some(parser.value()?.into()),
            Long("out") => args.out = Some(parser.value()?.into()),
            Long("check") => args.check = true,
            Long("locked") => args.locked = true,
            Long("accept") => args.accept.push(parser.value()?.string()?),
            Long("retire") => args.retire.push(parser.value()?.string()?),
            Long("codes") => args.codes = parser.value()?.parse()?,
            Value(value) if command.is_none() => {
                command = Some(match value.string()?.as_str() {
                    "check" => Command::Check,
                    "docs" => Command::Docs,
                    "lock" => Command::Lock,
                    "rust" => Command::Rust,
                    "synthetic" => Command::Synthetic,
                    other => return Err(format!("unknown command `{other}`").into()),
                })
            }
            _ => return Err(arg.unexpected()),
        }
    }
    args.command = command.ok_or("no command given")?;
    reject_inapplicable(&args)?;
    Ok(args)
}

/// Each option and the commands it applies to.
const OPTIONS: [(&str, &[Command]); 8] = [
    (
        "manifest",
        &[Command::Check, Command::Docs, Command::Lock, Command::Rust],
    ),
    ("catalog", &[Command::Check, Command::Docs, Command::Rust]),
    ("out", &[Command::Docs, Command::Synthetic]),
    ("check", &[Command::Docs]),
    ("locked", &[Command::Check]),
    ("accept", &[Command::Lock]),
    ("retire", &[Command::Lock]),
    ("codes", &[Command::Synthetic]),
];

/// An option the command would ignore is an error, not a silent no-op.
fn reject_inapplicable(args: &Args) -> Result<(), String> {
    for name in &args.given {
        let applies = OPTIONS
            .iter()
            .any(|(option, commands)| option == name && commands.contains(&args.command));
        if !applies {
            return Err(format!(
                "--{name} does not apply to `{}`",
                args.command.name()
            ));
        }
    }
    Ok(())
}

impl Command {
    fn name(self) -> &'static str {
        match self {
            Command::Check => "check",
            Command::Docs => "docs",
            Command::Lock => "lock",
            Command::Rust => "rust",
            Command::Synthetic => "synthetic",
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(err) => {
            eprintln!("error: {err}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.command == Command::Lock {
        return lock(&args);
    }
    if args.command == Command::Synthetic {
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
    let loaded = Project::open(&args.manifest).and_then(|project| {
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
        Command::Check => {
            let surfaces = catalog.surfaces.len();
            println!(
                "ok: {} codes in {surfaces} surface{}",
                catalog.codes().count(),
                if surfaces == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Command::Lock | Command::Synthetic => ExitCode::SUCCESS,
        Command::Rust => match rust::generate(&catalog) {
            Ok(source) => {
                print!("{source}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: cannot generate the Rust code: {err}");
                ExitCode::FAILURE
            }
        },
        Command::Docs => {
            let path = args.out.unwrap_or_else(|| project.page());
            let page = markdown::generate(&catalog);
            if args.check {
                return if holds(&path, &page) {
                    println!("{} is up to date", path.display());
                    ExitCode::SUCCESS
                } else {
                    eprintln!(
                        "error: {} is stale; run `{}`",
                        path.display(),
                        markdown::DOCS_COMMAND
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

fn lock(args: &Args) -> ExitCode {
    let updated = Project::open(&args.manifest)
        .and_then(|project| project.update_lock(&args.accept, &args.retire));
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
