//! A project's catalog at a git revision, for `diff`: the manifest, the
//! catalog directory and the lock, as git has them at that commit, copied
//! into a temporary directory and loaded from there as the working tree's
//! would be. Everything goes through the `git` command; nothing is written
//! into the repository.

use crate::lock::{self, Lock};
use crate::{Catalog, LockCheck, Project, Report};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// Where a catalog is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revision<'a> {
    /// The files as they are on disk.
    WorkingTree,
    /// A commit, or anything git resolves to one (`HEAD~1`, `main`, a tag).
    Commit(&'a str),
}

impl fmt::Display for Revision<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Revision::WorkingTree => f.write_str("the working tree"),
            Revision::Commit(rev) => write!(f, "`{rev}`"),
        }
    }
}

/// The manifest, and the CLI's `--catalog` and `--lock`, which choose the
/// catalog and lock the way `check` does at every revision.
#[derive(Clone, Copy, Debug)]
pub struct Paths<'a> {
    pub manifest: &'a Path,
    pub catalog: Option<&'a Path>,
    pub lock: Option<&'a Path>,
}

/// A catalog as loaded at a revision, with its lock when it has one.
pub struct Loaded {
    pub catalog: Catalog,
    pub lock: Option<Lock>,
}

/// Why a revision's catalog could not be loaded.
pub enum Failure {
    /// git could not give the files: no repository, no such revision, no
    /// catalog at that revision.
    Git(String),
    /// The files are there but do not load: the catalog's diagnostics.
    Load(Report),
}

/// Loads the catalog (and lock) that `paths` names at `revision`.
pub fn load(paths: &Paths, revision: Revision) -> Result<Loaded, Failure> {
    let Revision::Commit(rev) = revision else {
        let project = Project::open(paths.manifest).map_err(Failure::Load)?;
        return load_project(&project, paths);
    };
    let dir = match paths.manifest.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let git = Git::of(dir)?;
    let commit = git.commit(rev)?;
    let temp = TempDir::new()
        .map_err(|err| Failure::Git(format!("cannot make a temporary directory: {err}")))?;
    let file_name = paths.manifest.file_name().unwrap_or_default();
    let manifest = in_repo(&git.prefix, Path::new(file_name)).map_err(Failure::Git)?;
    if !git.copy(&commit, &manifest, &temp.0)? {
        return Err(Failure::Git(format!(
            "`{manifest}` does not exist at `{rev}`"
        )));
    }
    let project = Project::open(&temp.0.join(&manifest)).map_err(Failure::Load)?;
    let (catalog, lock) = chosen(&project, paths);
    let catalog = in_repo(&git.prefix, &catalog).map_err(Failure::Git)?;
    if !git.copy(&commit, &catalog, &temp.0)? {
        return Err(Failure::Git(format!(
            "the catalog `{catalog}` does not exist at `{rev}`"
        )));
    }
    if let Some(lock) = lock {
        // No lock at that revision is an empty lock, as on disk.
        git.copy(
            &commit,
            &in_repo(&git.prefix, &lock).map_err(Failure::Git)?,
            &temp.0,
        )?;
    }
    load_project(&project, paths)
}

/// The catalog directory and the lock to read, relative to the manifest:
/// `--lock` (with `--catalog`, if given) replaces the configured pair, and
/// `--catalog` alone names a catalog without a lock.
fn chosen(project: &Project, paths: &Paths) -> (PathBuf, Option<PathBuf>) {
    let settings = &project.settings;
    match (paths.catalog, paths.lock) {
        (catalog, Some(lock)) => (
            catalog.unwrap_or(&settings.catalog).to_path_buf(),
            Some(lock.to_path_buf()),
        ),
        (Some(catalog), None) => (catalog.to_path_buf(), None),
        (None, None) => (settings.catalog.clone(), Some(settings.lock.clone())),
    }
}

fn load_project(project: &Project, paths: &Paths) -> Result<Loaded, Failure> {
    let (catalog, lock) = chosen(project, paths);
    let (catalog, _warnings) = project
        .load_with(Some(&catalog), LockCheck::Skip)
        .map_err(Failure::Load)?;
    let lock = match lock {
        Some(lock) => {
            let mut report = Report::default();
            let shown = lock.display().to_string();
            match lock::read(&project.root.join(lock), shown, &mut report) {
                Some(lock) => Some(lock),
                None => return Err(Failure::Load(report)),
            }
        }
        None => None,
    };
    Ok(Loaded { catalog, lock })
}

/// `path`, relative to a directory `prefix` below the repository's top, as
/// a path from the top (`/`-separated, as git names paths).
fn in_repo(prefix: &str, path: &Path) -> Result<String, String> {
    let mut parts: Vec<&str> = prefix.split('/').filter(|part| !part.is_empty()).collect();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(
                part.to_str()
                    .ok_or_else(|| format!("`{}` is not UTF-8", path.display()))?,
            ),
            Component::CurDir => {}
            Component::ParentDir => {
                parts
                    .pop()
                    .ok_or_else(|| format!("`{}` is outside the repository", path.display()))?;
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`{}` is an absolute path; diff reads paths inside the repository",
                    path.display()
                ));
            }
        }
    }
    Ok(parts.join("/"))
}

/// The repository that holds a directory.
struct Git {
    /// The repository's top.
    top: PathBuf,
    /// The directory, relative to the top, with a trailing `/` (or empty).
    prefix: String,
}

impl Git {
    fn of(dir: &Path) -> Result<Git, Failure> {
        let run = |arg: &str| {
            let output = Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(["rev-parse", arg])
                .output()
                .map_err(|err| Failure::Git(format!("cannot run git: {err}")))?;
            if output.status.success() {
                Ok(String::from_utf8_lossy(&output.stdout)
                    .trim_end()
                    .to_owned())
            } else {
                Err(Failure::Git(format!(
                    "{} is not in a git repository: {}",
                    dir.display(),
                    String::from_utf8_lossy(&output.stderr).trim()
                )))
            }
        };
        Ok(Git {
            top: PathBuf::from(run("--show-toplevel")?),
            prefix: run("--show-prefix")?,
        })
    }

    /// Runs git at the repository's top; its stdout, or its stderr as the
    /// error.
    fn run(&self, args: &[&str]) -> Result<Result<Vec<u8>, String>, Failure> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            // Paths are paths, not patterns.
            .arg("--literal-pathspecs")
            .args(args)
            .output()
            .map_err(|err| Failure::Git(format!("cannot run git: {err}")))?;
        Ok(if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
        })
    }

    /// The commit `rev` names.
    fn commit(&self, rev: &str) -> Result<String, Failure> {
        let spec = format!("{rev}^{{commit}}");
        match self.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])? {
            Ok(commit) => Ok(String::from_utf8_lossy(&commit).trim().to_owned()),
            Err(_) => Err(Failure::Git(format!(
                "`{rev}` is not a commit of the repository at {}",
                self.top.display()
            ))),
        }
    }

    /// Copies `path` (a file, or a directory and what is directly in it) as
    /// it is at `commit` to the same path under `to`. Returns whether the
    /// commit has it.
    fn copy(&self, commit: &str, path: &str, to: &Path) -> Result<bool, Failure> {
        let failed = |err: String| Failure::Git(format!("cannot read `{path}` at {commit}: {err}"));
        let listed = self
            .run(&["ls-tree", "-z", commit, "--", path])?
            .map_err(failed)?;
        let Some(entry) = parse_entries(&listed).into_iter().next() else {
            return Ok(false);
        };
        if entry.kind != "tree" {
            self.write(commit, &entry, to)?;
            return Ok(true);
        }
        std::fs::create_dir_all(to.join(path))
            .map_err(|err| failed(format!("cannot create it: {err}")))?;
        let inside = format!("{path}/");
        let listed = self
            .run(&["ls-tree", "-z", commit, "--", &inside])?
            .map_err(failed)?;
        for entry in parse_entries(&listed) {
            self.write(commit, &entry, to)?;
        }
        Ok(true)
    }

    /// Writes one entry of a tree under `to`: a file, a link, or an empty
    /// directory (the loader reports a directory named like a catalog file).
    fn write(&self, commit: &str, entry: &Entry, to: &Path) -> Result<(), Failure> {
        let target = to.join(&entry.path);
        let failed =
            |err: String| Failure::Git(format!("cannot read `{}` at {commit}: {err}", entry.path));
        match (entry.kind.as_str(), entry.mode.as_str()) {
            ("tree", _) => std::fs::create_dir_all(&target).map_err(|err| failed(err.to_string())),
            ("blob", mode) => {
                let bytes = self
                    .run(&["cat-file", "blob", &entry.object])?
                    .map_err(failed)?;
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|err| failed(err.to_string()))?;
                }
                if mode == "120000" {
                    link(&bytes, &target).map_err(failed)
                } else {
                    std::fs::write(&target, bytes).map_err(|err| failed(err.to_string()))
                }
            }
            // A submodule: not a file the loader would read.
            _ => Ok(()),
        }
    }
}

#[cfg(unix)]
fn link(target: &[u8], at: &Path) -> Result<(), String> {
    use std::os::unix::ffi::OsStrExt;
    std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(target), at)
        .map_err(|err| err.to_string())
}

#[cfg(not(unix))]
fn link(_: &[u8], _: &Path) -> Result<(), String> {
    Err("a symbolic link, which diff reads only on Unix".to_owned())
}

/// One line of `git ls-tree -z`.
struct Entry {
    mode: String,
    kind: String,
    object: String,
    path: String,
}

/// `git ls-tree -z` output: `<mode> <type> <object>\t<path>\0` a line.
fn parse_entries(listed: &[u8]) -> Vec<Entry> {
    listed
        .split(|&byte| byte == 0)
        .filter_map(|line| {
            let line = String::from_utf8_lossy(line);
            let (info, path) = line.split_once('\t')?;
            let mut info = info.split(' ');
            Some(Entry {
                mode: info.next()?.to_owned(),
                kind: info.next()?.to_owned(),
                object: info.next()?.to_owned(),
                path: path.to_owned(),
            })
        })
        .collect()
}

/// A directory of its own under the system's temporary directory, removed
/// when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let mut attempt = 0;
        loop {
            let path =
                std::env::temp_dir().join(format!("codegen-diff-{}-{attempt}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir(path)),
                // Left by an earlier process with the same id, or taken by
                // the other revision of this one.
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(err) => return Err(err),
            }
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
