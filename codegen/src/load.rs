//! Reading catalog files: TOML in, one [`LoadedSurface`] per file out, with
//! every problem of format v1 reported at its place. Knows nothing of Rust or
//! markdown; cross-file checks belong to `validate`.

use crate::diagnostic::{self, FileId, Report};
use crate::model::{Field, FieldType, FieldValue};
use crate::template::{self, Template};
use errors_runtime::GrpcCode;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeString, DeTable, DeValue};

type Spanned<T> = toml::Spanned<T>;
type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);

/// A surface file as written, each value with the span it came from.
pub(crate) struct LoadedSurface {
    pub file: FileId,
    /// The file stem.
    pub id: String,
    pub title: String,
    pub description: String,
    pub order: Option<i64>,
    pub codes: Vec<LoadedCode>,
}

/// A code as written; only what the catalog said, no defaults applied.
pub(crate) struct LoadedCode {
    /// Where the code's key is, e.g. `invalid_json` in `[codes.invalid_json]`.
    pub span: Range<usize>,
    pub code: String,
    pub status: u16,
    pub status_span: Range<usize>,
    pub message: String,
    pub title: Option<String>,
    pub when: Option<String>,
    pub retryable: Option<(bool, Range<usize>)>,
    pub deprecated: Option<String>,
    pub deprecated_since: Option<String>,
    pub since: Option<String>,
    pub variant: Option<(String, Range<usize>)>,
    /// The `google.rpc.Code` name given with `grpc`.
    pub grpc: Option<GrpcCode>,
    pub detail: Option<Template>,
    pub fields: Vec<Field>,
    pub causes: Vec<String>,
    pub solutions: Vec<String>,
}

pub(crate) const TOP_KEYS: &[&str] = &["surface", "codes"];
pub(crate) const SURFACE_KEYS: &[&str] = &["title", "description", "order"];
pub(crate) const CODE_KEYS: &[&str] = &[
    "status",
    "message",
    "title",
    "when",
    "retryable",
    "deprecated",
    "deprecated_since",
    "since",
    "variant",
    "grpc",
    "detail",
    "fields",
    "causes",
    "solutions",
];
pub(crate) const FIELD_KEYS: &[&str] = &["type", "description", "values", "example"];
/// The types a field may have.
pub(crate) const FIELD_TYPES: &[&str] = &["string", "integer", "boolean"];

/// Reads every `*.toml` file directly in `dir`, in file-name order, so the
/// result does not depend on the order the file system lists them in.
/// Files are named in diagnostics relative to `root`. A file named like a
/// catalog file that is not read is reported, never skipped.
pub(crate) fn load_dir(dir: &Path, root: &Path, report: &mut Report) -> Vec<LoadedSurface> {
    let shown = |path: &Path| shown(path, root);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            report.push(diagnostic::error(format!(
                "cannot read the catalog directory {}: {err}",
                shown(dir)
            )));
            return Vec::new();
        }
    };
    let paths = toml_files(entries, root, report);
    if paths.is_empty() {
        report.push(
            diagnostic::error(format!("the catalog directory {} has no .toml files", shown(dir)))
                .with_notes(vec![
                    "add one `<surface>.toml` file per surface of the API, with a `[surface]` table and `[codes.<code>]` tables".to_owned(),
                ]),
        );
        return Vec::new();
    }
    load_sources(read_files(paths, root, report), report)
}

/// A path as diagnostics name it: relative to `root`, with `/`.
fn shown(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
}

/// The `*.toml` files among `entries`, sorted.
fn toml_files(entries: std::fs::ReadDir, root: &Path, report: &mut Report) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
        match path.extension() {
            Some(ext) if ext == "toml" => paths.push(path),
            // Case-insensitive file systems make `web.TOML` look like any
            // catalog file; read or not, it must not pass unnoticed.
            Some(ext) if ext.eq_ignore_ascii_case("toml") => report.push(
                diagnostic::error(format!(
                    "{} is not read: catalog files end in `.toml`, in lower case",
                    shown(&path, root)
                ))
                .with_notes(vec![format!(
                    "rename it to {}",
                    shown(&path.with_extension("toml"), root)
                )]),
            ),
            _ => {}
        }
    }
    paths.sort();
    paths
}

fn read_files(paths: Vec<PathBuf>, root: &Path, report: &mut Report) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for path in paths {
        let name = shown(&path, root);
        match read_catalog_file(&path) {
            Ok(bytes) => files.push(SourceFile { name, bytes }),
            Err(err) => report.push(diagnostic::error(format!("cannot read {name}: {err}"))),
        }
    }
    files
}

/// The largest catalog file read, in bytes: 8 MiB, tens of thousands of codes.
pub const MAX_CATALOG_FILE_BYTES: u64 = 8 << 20;

/// A catalog file's bytes. Only a regular file (or a link to one) of at most
/// [`MAX_CATALOG_FILE_BYTES`] is read: a FIFO would block forever and a device such
/// as `/dev/zero` would never end.
fn read_catalog_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, Read};
    let too_large = |size: u64| {
        Error::other(format!(
            "it has {size} bytes, more than the {MAX_CATALOG_FILE_BYTES} a catalog file may have"
        ))
    };
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(Error::other(format!(
            "it is {}, not a regular file",
            file_type(&metadata.file_type())
        )));
    }
    if metadata.len() > MAX_CATALOG_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::new();
    // Bounded again: the file may have changed since it was looked at.
    std::fs::File::open(path)?
        .take(MAX_CATALOG_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CATALOG_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn file_type(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "something other than a file"
    }
}

/// A catalog file's name (its stem is the surface id) and contents.
pub struct SourceFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Loads catalog files already in memory, in the order given.
pub(crate) fn load_sources(files: Vec<SourceFile>, report: &mut Report) -> Vec<LoadedSurface> {
    files
        .into_iter()
        .filter_map(|file| {
            let (file, id, source) = text(file, report)?;
            load_file(file, id, &source, report)
        })
        .collect()
}

/// A file's text, added to the report, and its stem; `None` when it is not
/// UTF-8.
fn text(
    SourceFile { name, bytes }: SourceFile,
    report: &mut Report,
) -> Option<(FileId, String, String)> {
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            // The lossy text has the same bytes up to the first bad one.
            let file = report.add_file(name.clone(), lossy);
            report.push(diagnostic::error_at(
                file,
                at..at,
                format!("{name} is not valid UTF-8"),
                "this byte is not UTF-8; save the file as UTF-8",
            ));
            return None;
        }
    };
    let stem = Path::new(&name)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = report.add_file(name, source.clone());
    Some((file, stem, source))
}

/// A locale file, `locales/<tag>.toml`, as written.
pub(crate) struct LoadedLocale {
    pub file: FileId,
    /// The file stem, a language tag.
    pub tag: String,
    pub translations: Vec<LoadedTranslation>,
}

/// A code's texts in a further locale, as written.
pub(crate) struct LoadedTranslation {
    /// Where the code's key is.
    pub span: Range<usize>,
    pub code: String,
    pub title: Option<String>,
    pub message: String,
    pub detail: Option<(Template, Written)>,
}

pub(crate) const TRANSLATION_KEYS: &[&str] = &["title", "message", "detail"];

/// The directory of further locales, in the catalog directory.
pub const LOCALES_DIR: &str = "locales";

/// Reads the translations in `<dir>/locales/*.toml`, in file-name order;
/// none when there is no such directory.
pub(crate) fn load_locales(dir: &Path, root: &Path, report: &mut Report) -> Vec<LoadedLocale> {
    let locales = dir.join(LOCALES_DIR);
    let entries = match std::fs::read_dir(&locales) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(err) => {
            report.push(diagnostic::error(format!(
                "cannot read the locales directory {}: {err}",
                shown(&locales, root)
            )));
            return Vec::new();
        }
    };
    let paths = toml_files(entries, root, report);
    read_files(paths, root, report)
        .into_iter()
        .filter_map(|file| {
            let (file, tag, source) = text(file, report)?;
            load_locale(file, tag, &source, report)
        })
        .collect()
}

/// One locale file: `[codes.<code>]` tables of `title`, `message` and
/// `detail`.
fn load_locale(
    file: FileId,
    tag: String,
    source: &str,
    report: &mut Report,
) -> Option<LoadedLocale> {
    if !errors_runtime::locale::is_language_tag(&tag) {
        report.push(
            diagnostic::error_at(
                file,
                0..0,
                format!("`{tag}` is not a language tag, so this file names no locale"),
                "a locale file is named by its language tag",
            )
            .with_notes(vec!["name it like `fr.toml` or `pt-BR.toml`".to_owned()]),
        );
        return None;
    }
    let document = document(file, source, report)?;
    let document = document.get_ref();
    unknown_keys(
        file,
        document,
        &["codes"],
        "at the top level of a locale file",
        report,
    );
    let mut translations = Vec::new();
    if let Some(found) = entry(document, "codes")
        && let Some(codes) = table(file, found, report)
    {
        for (key, value) in codes.iter() {
            translations.extend(translation(file, (key, value), report));
        }
    }
    Some(LoadedLocale {
        file,
        tag,
        translations,
    })
}

fn translation(
    file: FileId,
    (key, value): Entry<'_, '_>,
    report: &mut Report,
) -> Option<LoadedTranslation> {
    let code = key.get_ref().to_string();
    let table = table(file, (key, value), report)?;
    unknown_keys(
        file,
        table,
        TRANSLATION_KEYS,
        &format!("in the translation of `{code}`"),
        report,
    );
    let message = match entry(table, "message") {
        Some(found) => non_empty_string(file, found, report),
        None => {
            report.push(diagnostic::error_at(
                file,
                key.span(),
                format!("the translation of `{code}` has no `message`"),
                "add `message = \"...\"`: a translation gives at least the message",
            ));
            None
        }
    };
    let title = entry(table, "title").map(|found| non_empty_string(file, found, report));
    let detail = entry(table, "detail").map(|found| {
        template(
            file,
            found,
            &format!("the translated detail of `{code}`"),
            report,
        )
    });
    Some(LoadedTranslation {
        span: key.span(),
        code,
        title: title.map_or(Some(None), |title| title.map(Some))?,
        message: message?,
        detail: detail.map_or(Some(None), |detail| detail.map(Some))?,
    })
}

/// One surface file. `None` when the file is unusable as a whole; problems
/// with single codes drop just those codes, so that every problem is seen.
fn load_file(file: FileId, id: String, source: &str, report: &mut Report) -> Option<LoadedSurface> {
    let document = document(file, source, report)?;
    let document = document.get_ref();
    unknown_keys(
        file,
        document,
        TOP_KEYS,
        "at the top level of a surface file",
        report,
    );

    let surface = match entry(document, "surface") {
        Some(found) => table(file, found, report).map(|table| (found.0.span(), table)),
        None => {
            report.push(
                diagnostic::error_at(
                    file,
                    0..0,
                    "this surface file has no [surface] table",
                    "expected `[surface]` with a `title`",
                )
                .with_notes(vec![format!(
                    "each file in the catalog describes one surface, for example:\n\n[surface]\ntitle = \"{}\"\ndescription = \"Codes returned by ...\"",
                    heck::AsTitleCase(&id)
                )]),
            );
            None
        }
    };

    let mut codes = Vec::new();
    if let Some(found) = entry(document, "codes")
        && let Some(table) = table(file, found, report)
    {
        for code in table.iter() {
            if let Some(code) = load_code(file, code, report) {
                codes.push(code);
            }
        }
    }

    let (surface_span, surface) = surface?;
    unknown_keys(file, surface, SURFACE_KEYS, "in [surface]", report);
    let title = match entry(surface, "title") {
        Some(found) => non_empty_string(file, found, report),
        None => {
            report.push(diagnostic::error_at(
                file,
                surface_span,
                "[surface] has no `title`",
                "add `title = \"...\"`: the heading of this surface on the reference page",
            ));
            None
        }
    };
    let description = match entry(surface, "description") {
        Some(found) => non_empty_string(file, found, report),
        None => Some(String::new()),
    };
    let order = entry(surface, "order").map(|found| integer(file, found, report));
    Some(LoadedSurface {
        file,
        id,
        title: title?,
        description: description?,
        order: order.flatten(),
        codes,
    })
}

/// A file's TOML document; `None` when a syntax error leaves none worth
/// checking further.
fn document<'i>(
    file: FileId,
    source: &'i str,
    report: &mut Report,
) -> Option<Spanned<DeTable<'i>>> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        self::syntax_errors(file, source, document.get_ref(), &syntax_errors, report);
        // A key defined twice leaves the rest of the document intact, so the
        // file's other problems can still be found; any other syntax error
        // leaves a guess of a document that would only add false alarms.
        if syntax_errors
            .iter()
            .any(|err| !err.message().starts_with("duplicate key"))
        {
            return None;
        }
    }
    Some(document)
}

fn load_code(file: FileId, (key, value): Entry<'_, '_>, report: &mut Report) -> Option<LoadedCode> {
    let code = key.get_ref().to_string();
    let span = key.span();
    let mut ok = valid_code(file, &code, span.clone(), report);
    let table = table(file, (key, value), report)?;
    unknown_keys(file, table, CODE_KEYS, &format!("in code `{code}`"), report);

    let missing = |what: &str, example: &str| {
        diagnostic::error_at(
            file,
            span.clone(),
            format!("code `{code}` has no `{what}`"),
            format!("add `{what} = {example}` to this code"),
        )
    };
    let status = match entry(table, "status") {
        Some(found) => status(file, found, report),
        None => {
            report.push(missing("status", "4xx or 5xx"));
            None
        }
    };
    let message = match entry(table, "message") {
        Some(found) => non_empty_string(file, found, report),
        None => {
            report.push(missing("message", "\"...\""));
            None
        }
    };
    let mut optional_text = |key: &str| match entry(table, key) {
        Some(found) => {
            let text = non_empty_string(file, found, report);
            ok &= text.is_some();
            text
        }
        None => None,
    };
    let title = optional_text("title");
    let when = optional_text("when");
    let since = optional_text("since");
    let deprecated_since = optional_text("deprecated_since");
    let variant = entry(table, "variant").and_then(|found| {
        let text = string(file, found, report);
        ok &= text.is_some();
        text.map(|text| (text.to_owned(), found.1.span()))
    });
    let retryable = entry(table, "retryable").and_then(|found| {
        let flag = boolean(file, found, report);
        ok &= flag.is_some();
        flag.map(|flag| (flag, found.1.span()))
    });
    let deprecated = entry(table, "deprecated").and_then(|found| {
        let reason = deprecation(file, found, report);
        ok &= reason.is_some();
        reason.flatten()
    });

    let grpc = entry(table, "grpc").and_then(|found| {
        let code = grpc_code(file, found, report);
        ok &= code.is_some();
        code
    });

    let fields = entry(table, "fields").map_or(Some(Vec::new()), |found| {
        let fields = self::fields(file, found, report);
        ok &= fields.is_some();
        fields
    });
    let detail = entry(table, "detail").and_then(|found| {
        let detail = detail(file, found, fields.as_deref(), &code, report);
        ok &= detail.is_some();
        detail
    });
    let mut texts = |key: &str| {
        entry(table, key).map_or(Some(Vec::new()), |found| {
            let texts = texts(file, found, report);
            ok &= texts.is_some();
            texts
        })
    };
    let (causes, solutions) = (texts("causes"), texts("solutions"));

    let ((status, status_span), message) = (status?, message?);
    ok.then_some(LoadedCode {
        span,
        code,
        status,
        status_span,
        message,
        title,
        when,
        retryable,
        deprecated,
        deprecated_since,
        since,
        variant,
        grpc,
        detail,
        fields: fields?,
        causes: causes?,
        solutions: solutions?,
    })
}

/// `detail = "More than {limit} requests"`: a template whose every
/// placeholder is one of `fields` (`None` when they could not be read, so
/// that their problems are not reported twice).
fn detail(
    file: FileId,
    found: Entry<'_, '_>,
    fields: Option<&[Field]>,
    code: &str,
    report: &mut Report,
) -> Option<Template> {
    let (template, written) = template(file, found, &format!("the detail of `{code}`"), report)?;
    let fields = fields?;
    let mut ok = true;
    let mut at = 0;
    for part in &template.parts {
        let length = match part {
            template::Part::Text(text) => text.len() + text.matches(['{', '}']).count(),
            template::Part::Field(name) => name.len() + 2,
        };
        if let template::Part::Field(name) = part
            && !fields.iter().any(|field| &field.name == name)
        {
            ok = false;
            let declared: Vec<&str> = fields.iter().map(|field| field.name.as_str()).collect();
            let closest = declared
                .iter()
                .map(|known| (strsim::damerau_levenshtein(name, known), *known))
                .filter(|&(distance, _)| distance <= 2)
                .min();
            let label = match (closest, declared.as_slice()) {
                (Some((_, known)), _) => format!("did you mean `{known}`?"),
                (None, []) => "the code declares no fields".to_owned(),
                (None, _) => format!("declared: {}", declared.join(", ")),
            };
            report.push(
                diagnostic::error_at(
                    file,
                    written.at(at..at + length),
                    format!("the detail of `{code}` names `{name}`, which is not a field of the code"),
                    label,
                )
                .with_notes(vec![format!(
                    "declare it, with its type and description:\n\n[codes.{code}.fields.{name}]\ntype = \"string\"\ndescription = \"...\""
                )]),
            );
        }
        at += length;
    }
    ok.then_some(template)
}

/// Where a template's text is in its file.
pub(crate) struct Written {
    /// The whole value, quotes included.
    pub span: Range<usize>,
    /// Whether the text is written as is, between one pair of quotes, so
    /// that offsets in it are offsets in the file.
    as_is: bool,
}

impl Written {
    /// The place in the file of `at` in the text: itself where the text is
    /// written as is, else the whole value.
    fn at(&self, at: Range<usize>) -> Range<usize> {
        if self.as_is {
            self.span.start + 1 + at.start..self.span.start + 1 + at.end
        } else {
            self.span.clone()
        }
    }
}

/// A template value (`what` names it in diagnostics), parsed; its
/// problems reported at their places.
fn template(
    file: FileId,
    found: Entry<'_, '_>,
    what: &str,
    report: &mut Report,
) -> Option<(Template, Written)> {
    let text = non_empty_string(file, found, report)?;
    let span = found.1.span();
    let source = report.source(file).get(span.clone()).unwrap_or_default();
    let as_is = source
        .strip_prefix(['"', '\''])
        .and_then(|rest| rest.strip_suffix(['"', '\'']))
        == Some(text.as_str());
    let written = Written { span, as_is };
    match Template::parse(&text) {
        Ok(template) => Some((template, written)),
        Err(errors) => {
            for error in errors {
                report.push(
                    diagnostic::error_at(
                        file,
                        written.at(error.at),
                        format!("{what} has {}", error.message),
                        error.label,
                    )
                    .with_notes(vec![
                        "a detail template names fields in braces, `{field}`; `{{` and `}}` are braces"
                            .to_owned(),
                    ]),
                );
            }
            None
        }
    }
}

/// `[codes.<code>.fields.<name>]` tables: each field's type, description,
/// allowed values and example.
fn fields(file: FileId, found: Entry<'_, '_>, report: &mut Report) -> Option<Vec<Field>> {
    let table = table(file, found, report)?;
    let mut fields = Vec::new();
    let mut ok = true;
    for (key, value) in table.iter() {
        let field = self::field(file, (key, value), report);
        ok &= field.is_some();
        fields.extend(field);
    }
    ok.then_some(fields)
}

fn field(file: FileId, (key, value): Entry<'_, '_>, report: &mut Report) -> Option<Field> {
    let name: &str = key.get_ref();
    let mut ok = true;
    if !template::is_field_name(name) || matches!(name, "self" | "super" | "crate") {
        ok = false;
        report.push(
            diagnostic::error_at(
                file,
                key.span(),
                format!("`{name}` cannot name a field"),
                "a field name is a lower-case letter, then lower-case letters, digits and `_`",
            )
            .with_notes(vec![
                "the name is the metadata key and an identifier in every client: `window_seconds`, not `Window-Seconds`; `self`, `super` and `crate` are taken"
                    .to_owned(),
            ]),
        );
    }
    let table = self::table(file, (key, value), report)?;
    unknown_keys(
        file,
        table,
        FIELD_KEYS,
        &format!("in field `{name}`"),
        report,
    );
    let ty = match entry(table, "type") {
        Some(found) => field_type(file, found, report),
        None => {
            report.push(diagnostic::error_at(
                file,
                key.span(),
                format!("field `{name}` has no `type`"),
                format!("add `type = ` one of {}", quoted(FIELD_TYPES)),
            ));
            None
        }
    };
    let description = match entry(table, "description") {
        Some(found) => non_empty_string(file, found, report),
        None => {
            report.push(diagnostic::error_at(
                file,
                key.span(),
                format!("field `{name}` has no `description`"),
                "add `description = \"...\"`: what the value is, for the page and the docs",
            ));
            None
        }
    };
    let values = entry(table, "values").map(|found| {
        let values = allowed_values(file, found, report);
        ok &= values.is_some();
        (found.0.span(), values)
    });
    let ty = match (ty?, values) {
        (ty, None) => ty,
        (FieldType::String, Some((_, values))) => FieldType::OneOf(values?),
        (_, Some((span, _))) => {
            report.push(diagnostic::error_at(
                file,
                span,
                format!("`values` restricts a string, but field `{name}` is not one"),
                "remove `values`, or make the field `type = \"string\"`",
            ));
            return None;
        }
    };
    let example = entry(table, "example").and_then(|found| {
        let example = example(file, found, &ty, report);
        ok &= example.is_some();
        example
    });
    let description = description?;
    ok.then(|| Field {
        name: name.to_owned(),
        ty,
        description,
        example,
    })
}

/// `type = "integer"`: one of [`FIELD_TYPES`].
fn field_type(file: FileId, found: Entry<'_, '_>, report: &mut Report) -> Option<FieldType> {
    let name = string(file, found, report)?;
    let ty = match name {
        "string" => FieldType::String,
        "integer" => FieldType::Integer,
        "boolean" => FieldType::Boolean,
        _ => {
            let closest = FIELD_TYPES
                .iter()
                .map(|known| {
                    (
                        strsim::damerau_levenshtein(&name.to_ascii_lowercase(), known),
                        *known,
                    )
                })
                .filter(|&(distance, _)| distance <= 2)
                .min();
            let label = match (name, closest) {
                ("int" | "i64" | "number", _) => "did you mean \"integer\"?".to_owned(),
                ("bool", _) => "did you mean \"boolean\"?".to_owned(),
                ("str" | "text" | "enum", _) => "did you mean \"string\"?".to_owned(),
                (_, Some((_, known))) => format!("did you mean {known:?}?"),
                (_, None) => "not a field type".to_owned(),
            };
            report.push(
                diagnostic::error_at(
                    file,
                    found.1.span(),
                    format!("field type {name:?} is not one the catalog knows"),
                    label,
                )
                .with_notes(vec![format!(
                    "expected one of: {}; a string restricted to listed values is a \"string\" with `values = [...]`",
                    quoted(FIELD_TYPES)
                )]),
            );
            return None;
        }
    };
    Some(ty)
}

fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
    quoted.join(", ")
}

/// `values = ["geocode_error", "missing_bank_account"]`: distinct strings,
/// each a name in every client language once spelled in UpperCamelCase.
fn allowed_values(file: FileId, found: Entry<'_, '_>, report: &mut Report) -> Option<Vec<String>> {
    let (key, value) = found;
    let items = array(file, found, report)?;
    if items.is_empty() {
        report.push(diagnostic::error_at(
            file,
            value.span(),
            "`values` is empty",
            "list the values the field may take, or remove `values` for any string",
        ));
        return None;
    }
    let mut values: Vec<String> = Vec::new();
    let mut camel: HashMap<String, Range<usize>> = HashMap::new();
    let mut ok = true;
    for item in items.iter() {
        let DeValue::String(text) = item.get_ref() else {
            report.push(wrong_type(file, key, item, "a string", item.get_ref()));
            ok = false;
            continue;
        };
        let valid = text.starts_with(|c: char| c.is_ascii_alphabetic())
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !valid {
            ok = false;
            report.push(diagnostic::error_at(
                file,
                item.span(),
                format!("{text:?} cannot be a value of a restricted string"),
                "a value is an ASCII letter, then ASCII letters, digits, `_`, `-` or `.`",
            ));
            continue;
        }
        let name = crate::model::value_variant(text);
        if let Some(first) = camel.get(&name) {
            ok = false;
            report.push(diagnostic::also_at(
                diagnostic::error_at(
                    file,
                    item.span(),
                    format!("{text:?} is spelled `{name}` in code, as a value before it is"),
                    "listed again here",
                ),
                file,
                first.clone(),
                "first here",
            ));
            continue;
        }
        camel.insert(name, item.span());
        values.push(text.to_string());
    }
    ok.then_some(values)
}

/// `example = 100`: a value of the field's type, for the page.
fn example(
    file: FileId,
    found: Entry<'_, '_>,
    ty: &FieldType,
    report: &mut Report,
) -> Option<FieldValue> {
    match ty {
        FieldType::String => non_empty_string(file, found, report).map(FieldValue::String),
        FieldType::Integer => integer(file, found, report).map(FieldValue::Integer),
        FieldType::Boolean => boolean(file, found, report).map(FieldValue::Boolean),
        FieldType::OneOf(values) => {
            let text = string(file, found, report)?;
            if values.iter().any(|value| value == text) {
                return Some(FieldValue::String(text.to_owned()));
            }
            report.push(diagnostic::error_at(
                file,
                found.1.span(),
                format!("the example {text:?} is not one of the field's values"),
                format!("expected one of: {}", values.join(", ")),
            ));
            None
        }
    }
}

/// `causes = ["...", "..."]`: texts for people, each visible.
fn texts(file: FileId, found: Entry<'_, '_>, report: &mut Report) -> Option<Vec<String>> {
    let key = found.0;
    let items = array(file, found, report)?;
    let mut texts = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        let text = non_empty_string(file, (key, item), report);
        ok &= text.is_some();
        texts.extend(text);
    }
    ok.then_some(texts)
}

/// `grpc = "NOT_FOUND"`: a `google.rpc.Code` name, other than `OK`.
fn grpc_code(file: FileId, found: Entry<'_, '_>, report: &mut Report) -> Option<GrpcCode> {
    let name = string(file, found, report)?;
    let error_codes = || GrpcCode::ALL.into_iter().filter(|&c| c != GrpcCode::Ok);
    match GrpcCode::from_name(name) {
        Some(code) if code != GrpcCode::Ok => return Some(code),
        Some(_) => report.push(diagnostic::error_at(
            file,
            found.1.span(),
            "`grpc` cannot be \"OK\": an error code is not sent with gRPC's success code",
            "expected the name of a gRPC error code",
        )),
        None => {
            let upper = name.to_ascii_uppercase();
            let closest = error_codes()
                .map(|code| (strsim::damerau_levenshtein(&upper, code.as_str()), code))
                .filter(|&(distance, code)| distance <= code.as_str().len() / 3)
                .min();
            let label = match closest {
                Some((_, code)) => format!("did you mean \"{code}\"?"),
                None => "not a google.rpc.Code name".to_owned(),
            };
            let names: Vec<&str> = error_codes().map(GrpcCode::as_str).collect();
            report.push(
                diagnostic::error_at(
                    file,
                    found.1.span(),
                    format!("`grpc` {name:?} is not a gRPC status code"),
                    label,
                )
                .with_notes(vec![format!("expected one of: {}", names.join(", "))]),
            );
        }
    }
    None
}

/// Codes go on the wire as written, so only characters that need no quoting
/// in a URL fragment, a header or a log line are allowed.
fn valid_code(file: FileId, code: &str, span: Range<usize>, report: &mut Report) -> bool {
    let bad: Vec<char> = code
        .chars()
        .filter(|&c| !crate::names::is_code_char(c))
        .collect();
    if code.is_empty() {
        report.push(diagnostic::error_at(
            file,
            span,
            "a code cannot be empty",
            "empty code",
        ));
        return false;
    }
    if bad.is_empty() {
        return true;
    }
    let shown: Vec<String> = bad.iter().map(|c| format!("{:?}", c)).collect();
    report.push(
        diagnostic::error_at(
            file,
            span,
            format!(
                "code `{code}` has characters a code cannot have: {}",
                shown.join(", ")
            ),
            "not a valid code",
        )
        .with_notes(vec![
            "a code may use ASCII letters, digits, `_`, `-` and `.`".to_owned(),
        ]),
    );
    false
}

fn status(file: FileId, found: Entry<'_, '_>, report: &mut Report) -> Option<(u16, Range<usize>)> {
    let span = found.1.span();
    let value = integer(file, found, report)?;
    match u16::try_from(value) {
        Ok(status @ 400..=599) => Some((status, span)),
        _ => {
            report.push(
                diagnostic::error_at(
                    file,
                    span,
                    format!("status {value} is not an error status"),
                    "expected 400..=599",
                )
                .with_notes(vec![
                    "error codes are sent with a 4xx (client error) or 5xx (server error) status"
                        .to_owned(),
                ]),
            );
            None
        }
    }
}

/// `deprecated = "reason"`, `deprecated = true` or `deprecated = false`.
fn deprecation(
    file: FileId,
    (key, value): Entry<'_, '_>,
    report: &mut Report,
) -> Option<Option<String>> {
    match value.get_ref() {
        DeValue::Boolean(flag) => Some(flag.then(String::new)),
        DeValue::String(reason) if !is_blank(reason) => {
            no_controls(file, (key, value), reason, report).then(|| Some(reason.to_string()))
        }
        _ => {
            report.push(diagnostic::error_at(
                file,
                value.span(),
                format!(
                    "`{}` must be a reason (a non-empty string) or a boolean",
                    key.get_ref()
                ),
                format!("found {}", describe(value.get_ref())),
            ));
            None
        }
    }
}

fn entry<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<Entry<'a, 'i>> {
    table.iter().find(|(k, _)| k.get_ref() == key)
}

fn table<'a, 'i>(
    file: FileId,
    (key, value): Entry<'a, 'i>,
    report: &mut Report,
) -> Option<&'a DeTable<'i>> {
    match value.get_ref() {
        DeValue::Table(table) => Some(table),
        other => {
            report.push(wrong_type(file, key, value, "a table", other));
            None
        }
    }
}

fn array<'a, 'i>(
    file: FileId,
    (key, value): Entry<'a, 'i>,
    report: &mut Report,
) -> Option<&'a [Spanned<DeValue<'i>>]> {
    match value.get_ref() {
        DeValue::Array(items) => Some(items),
        other => {
            report.push(wrong_type(file, key, value, "an array of strings", other));
            None
        }
    }
}

fn string<'a>(file: FileId, (key, value): Entry<'a, '_>, report: &mut Report) -> Option<&'a str> {
    match value.get_ref() {
        DeValue::String(text) => Some(text),
        other => {
            report.push(wrong_type(file, key, value, "a string", other));
            None
        }
    }
}

/// A text for people: something visible, and no control characters.
fn non_empty_string(file: FileId, found: Entry<'_, '_>, report: &mut Report) -> Option<String> {
    let text = string(file, found, report)?;
    if is_blank(text) {
        let mut diag = diagnostic::error_at(
            file,
            found.1.span(),
            format!("`{}` is empty", found.0.get_ref()),
            "write some text here, or leave the key out where it is optional",
        );
        if !text.trim().is_empty() {
            diag = diag.with_notes(vec![
                "it has only invisible characters, such as zero-width spaces".to_owned(),
            ]);
        }
        report.push(diag);
        return None;
    }
    no_controls(file, found, text, report).then(|| text.to_owned())
}

/// Control characters (but tab and line breaks) would reach the page and
/// the docs raw, where they do nothing visible or something unwanted.
fn no_controls(file: FileId, (key, value): Entry<'_, '_>, text: &str, report: &mut Report) -> bool {
    let Some(control) = text
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    else {
        return true;
    };
    report.push(diagnostic::error_at(
        file,
        value.span(),
        format!(
            "`{}` contains the control character U+{:04X}",
            key.get_ref(),
            u32::from(control)
        ),
        "remove the control character",
    ));
    false
}

/// Whether `text` shows nothing: only white space and characters that are
/// invisible on their own (zero-width spaces and joiners, the word joiner,
/// the byte order mark, soft hyphens, direction marks, Hangul fillers,
/// variation selectors and other format characters).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c,
                '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
                | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
    })
}

fn integer(file: FileId, (key, value): Entry<'_, '_>, report: &mut Report) -> Option<i64> {
    match value.get_ref() {
        DeValue::Integer(int) => match i64::from_str_radix(int.as_str(), int.radix()) {
            Ok(n) => Some(n),
            Err(_) => {
                report.push(diagnostic::error_at(
                    file,
                    value.span(),
                    format!("`{}` is out of range", key.get_ref()),
                    "this number is too large",
                ));
                None
            }
        },
        other => {
            report.push(wrong_type(file, key, value, "an integer", other));
            None
        }
    }
}

fn boolean(file: FileId, (key, value): Entry<'_, '_>, report: &mut Report) -> Option<bool> {
    match value.get_ref() {
        DeValue::Boolean(flag) => Some(*flag),
        other => {
            report.push(wrong_type(file, key, value, "`true` or `false`", other));
            None
        }
    }
}

fn wrong_type(
    file: FileId,
    key: &Spanned<DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
    expected: &str,
    found: &DeValue<'_>,
) -> codespan_reporting::diagnostic::Diagnostic<FileId> {
    diagnostic::error_at(
        file,
        value.span(),
        format!("`{}` must be {expected}", key.get_ref()),
        format!("found {}", describe(found)),
    )
}

fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn unknown_keys(
    file: FileId,
    table: &DeTable<'_>,
    known: &[&str],
    place: &str,
    report: &mut Report,
) {
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        if known.contains(&name) {
            continue;
        }
        let mut notes = vec![format!("expected one of: {}", known.join(", "))];
        if matches!(value.get_ref(), DeValue::Table(_)) && place.starts_with("in code") {
            notes.push(
                "a dot in a table header nests tables: quote a code that contains a dot, as in [codes.\"auth.token\"]"
                    .to_owned(),
            );
        }
        // A name far longer than every known key is no typo of one, and
        // the distance would cost its length times theirs.
        let closest = known
            .iter()
            .filter(|k| name.chars().nth(k.len() + 2).is_none())
            .map(|k| (strsim::damerau_levenshtein(name, k), *k))
            .filter(|(distance, _)| *distance <= 2)
            .min();
        let label = match closest {
            Some((_, k)) => format!("did you mean `{k}`?"),
            None => "not a key of the catalog format".to_owned(),
        };
        report.push(
            diagnostic::error_at(
                file,
                key.span(),
                format!("unknown key `{name}` {place}"),
                label,
            )
            .with_notes(notes),
        );
    }
}

/// TOML syntax errors. A key defined twice also names its first definition;
/// the errors a repeated table header causes inside its own body repeat what
/// the header's error says, so they are left out.
fn syntax_errors(
    file: FileId,
    source: &str,
    document: &DeTable<'_>,
    errors: &[toml::de::Error],
    report: &mut Report,
) {
    // Built once, so that each of many errors costs a lookup, not a scan.
    let lines = Lines::new(source);
    let mut keys: Option<KeyIndex<'_>> = None;
    let mut repeated_table_body: Option<Range<usize>> = None;
    for err in errors {
        let span = err.span().unwrap_or(0..0);
        let message = err.message().trim_end().replace('\n', "; ");
        if !message.starts_with("duplicate key") {
            report.push(diagnostic::error_at(
                file,
                span,
                format!("invalid TOML: {message}"),
                "here",
            ));
            continue;
        }
        if repeated_table_body
            .as_ref()
            .is_some_and(|body| body.contains(&span.start))
        {
            continue;
        }
        let name = source.get(span.clone()).unwrap_or_default();
        let line = lines.index(span.start);
        let header = lines.text(line);
        let what = if header.starts_with("[codes.")
            || lines
                .header_above(line)
                .is_some_and(|h| lines.text(h) == "[codes]")
        {
            "code"
        } else {
            "key"
        };
        let mut diag = diagnostic::error_at(
            file,
            span.clone(),
            format!("{what} `{name}` is defined twice"),
            "defined again here",
        );
        let first = if header.starts_with('[') {
            let body_end = lines
                .header_below(line)
                .map_or(source.len(), |next| lines.start(next));
            repeated_table_body = Some(lines.start(line + 1).min(body_end)..body_end);
            lines.same_header_above(line).map(|earlier| {
                let start = lines.start(earlier);
                let column = source
                    .get(start..)
                    .and_then(|rest| rest.find(name))
                    .unwrap_or(0);
                start + column..start + column + name.len()
            })
        } else {
            keys.get_or_insert_with(|| KeyIndex::new(document))
                .before(name, span.start)
        };
        if let Some(first) = first {
            diag = diagnostic::also_at(diag, file, first, "first defined here");
        }
        report.push(diag);
    }
}

/// A file's lines and its table headers (lines that start with `[`).
struct Lines<'s> {
    source: &'s str,
    starts: Vec<usize>,
    /// The indices of the header lines, ascending.
    headers: Vec<usize>,
    /// For each header line, the last header line above it with the same text.
    same_header_above: HashMap<usize, usize>,
}

impl<'s> Lines<'s> {
    fn new(source: &'s str) -> Lines<'s> {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut lines = Lines {
            source,
            starts,
            headers: Vec::new(),
            same_header_above: HashMap::new(),
        };
        let mut last_of_text: HashMap<&str, usize> = HashMap::new();
        for index in 0..lines.starts.len() {
            let text = lines.text(index);
            if text.starts_with('[') {
                lines.headers.push(index);
                if let Some(earlier) = last_of_text.insert(text, index) {
                    lines.same_header_above.insert(index, earlier);
                }
            }
        }
        lines
    }

    fn index(&self, byte: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= byte)
            .saturating_sub(1)
    }

    fn start(&self, index: usize) -> usize {
        self.starts.get(index).copied().unwrap_or(self.source.len())
    }

    /// The line's text, trimmed.
    fn text(&self, index: usize) -> &'s str {
        let end = self.start(index + 1);
        self.source
            .get(self.start(index)..end)
            .unwrap_or_default()
            .trim()
    }

    fn header_above(&self, index: usize) -> Option<usize> {
        let below = self.headers.partition_point(|&h| h < index);
        below
            .checked_sub(1)
            .and_then(|at| self.headers.get(at))
            .copied()
    }

    fn header_below(&self, index: usize) -> Option<usize> {
        let at = self.headers.partition_point(|&h| h <= index);
        self.headers.get(at).copied()
    }

    fn same_header_above(&self, index: usize) -> Option<usize> {
        self.same_header_above.get(&index).copied()
    }
}

/// Where each key of a document starts, by name, in every nested table.
struct KeyIndex<'a> {
    spans: HashMap<&'a str, Vec<Range<usize>>>,
}

impl<'a> KeyIndex<'a> {
    fn new(document: &'a DeTable<'_>) -> KeyIndex<'a> {
        let mut index = KeyIndex {
            spans: HashMap::new(),
        };
        let mut tables = vec![document];
        while let Some(table) = tables.pop() {
            for (key, value) in table.iter() {
                let name: &str = key.get_ref();
                index.spans.entry(name).or_default().push(key.span());
                if let DeValue::Table(inner) = value.get_ref() {
                    tables.push(inner);
                }
            }
        }
        for spans in index.spans.values_mut() {
            spans.sort_by_key(|span| span.start);
        }
        index
    }

    /// The nearest key named `name` defined before `before`.
    fn before(&self, name: &str, before: usize) -> Option<Range<usize>> {
        let spans = self.spans.get(name)?;
        let earlier = spans.partition_point(|span| span.start < before);
        earlier.checked_sub(1).and_then(|at| spans.get(at)).cloned()
    }
}
