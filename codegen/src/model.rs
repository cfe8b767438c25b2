//! The validated catalog: what every emitter works from.
//!
//! Everything here has passed validation: codes are unique, Rust names are
//! valid and distinct, statuses are in range. Surfaces are in page order and
//! codes keep the order their file lists them in, so iterating the model is
//! deterministic.

use crate::diagnostic::FileId;
use crate::settings::Settings;
pub use crate::template::{Part, Template};
pub use errors_runtime::Rejection;
use std::collections::BTreeMap;
use std::ops::Range;

/// A whole catalog, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    pub settings: Settings,
    /// In page order: by `order`, then by id.
    pub surfaces: Vec<Surface>,
    /// The wire code that answers each framework rejection, in
    /// `Rejection::ALL` order: every rejection, or none when the settings
    /// map none.
    pub rejections: Vec<(Rejection, String)>,
    /// The further locales (`<catalog>/locales/<tag>.toml`), by tag; the
    /// catalog files are in the settings' `default-locale`.
    pub locales: Vec<Locale>,
}

/// The codes' texts in a further locale.
#[derive(Clone, Debug, PartialEq)]
pub struct Locale {
    /// A language tag, e.g. `fr` or `pt-BR`.
    pub tag: String,
    /// By wire code; a code without one is written in the default locale.
    pub translations: BTreeMap<String, Translation>,
}

/// A code's texts in a further locale. A detail template uses exactly the
/// fields of the code's own.
#[derive(Clone, Debug, PartialEq)]
pub struct Translation {
    /// `None`: the default locale's title.
    pub title: Option<String>,
    pub message: String,
    /// Present exactly when the code has a detail template.
    pub detail: Option<Template>,
}

/// One `catalog/<id>.toml` file.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    /// The file stem, e.g. `webhooks`.
    pub id: String,
    /// The Rust variant of `Surface`, e.g. `Webhooks`.
    pub variant: String,
    pub title: String,
    pub description: String,
    pub order: Option<i64>,
    /// In the order the file lists them.
    pub codes: Vec<Code>,
}

/// One error code.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// The wire code, exactly as written in the catalog.
    pub code: String,
    /// The Rust variant of `ErrorCode`.
    pub variant: String,
    pub status: u16,
    pub message: String,
    pub title: String,
    pub when: Option<String>,
    pub retryable: bool,
    pub deprecated: Option<String>,
    /// The version that deprecated it, where the catalog says.
    pub deprecated_since: Option<String>,
    pub since: Option<String>,
    /// The gRPC code it is sent with: the catalog's `grpc`, else the one
    /// its status maps to.
    pub grpc: GrpcCode,
    /// The detail of each occurrence, from its fields (format 1.1).
    pub detail: Option<Template>,
    /// What varies per occurrence, sent as metadata: in the order the
    /// catalog lists them.
    pub fields: Vec<Field>,
    /// What may have led to the error, for the page.
    pub causes: Vec<String>,
    /// What a client can do about it, for the page.
    pub solutions: Vec<String>,
    /// Where the catalog defines it, for diagnostics about it.
    pub place: Place,
}

/// A value that varies per occurrence: a metadata key with a type.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The metadata key, `[a-z][a-z0-9_]*`.
    pub name: String,
    pub ty: FieldType,
    pub description: String,
    /// A value for the page's example, of the field's type.
    pub example: Option<FieldValue>,
}

/// A field's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    /// A signed 64-bit integer.
    Integer,
    Boolean,
    /// A string that is one of these, in catalog order.
    OneOf(Vec<String>),
}

impl FieldType {
    /// The name the lock records: a change of it is breaking for clients
    /// typed by it. A restricted string is its own type; its values are
    /// not locked (adding one is compatible: its enum is non-exhaustive).
    pub fn lock_name(&self) -> &'static str {
        match self {
            FieldType::OneOf(_) => "string-of-values",
            ty => ty.name(),
        }
    }

    /// The name the catalog and the lock give it; a restricted string is a
    /// `string` with `values`.
    pub fn name(&self) -> &'static str {
        match self {
            FieldType::String | FieldType::OneOf(_) => "string",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
        }
    }
}

/// A field's value, as the catalog gives an example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    String(String),
    Integer(i64),
    Boolean(bool),
}

impl std::fmt::Display for FieldValue {
    /// As the rendered detail shows it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::String(text) => f.write_str(text),
            FieldValue::Integer(n) => write!(f, "{n}"),
            FieldValue::Boolean(flag) => write!(f, "{flag}"),
        }
    }
}

/// A code's place in the catalog's files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    pub file: FileId,
    /// The code's key, e.g. `invalid_json` in `[codes.invalid_json]`.
    pub key: Range<usize>,
    pub status: Range<usize>,
    /// The `variant` value, or the key when the variant is derived.
    pub variant: Range<usize>,
    /// The `retryable` value, when the catalog gives one.
    pub retryable: Option<Range<usize>>,
}

impl Code {
    /// The detail the catalog's examples give: the template rendered with
    /// the fields' example values, a field without one shown as `{name}`.
    pub fn example_detail(&self) -> Option<String> {
        let template = self.detail.as_ref()?;
        Some(template.render(
            |name| match self.fields.iter().find(|field| field.name == name) {
                Some(Field {
                    example: Some(value),
                    ..
                }) => value.to_string(),
                _ => format!("{{{name}}}"),
            },
        ))
    }
}

/// The Rust enum of a restricted field's values, in the generated
/// `details` module: the code's variant and the field, `PayrollBlockerKey`.
pub fn value_enum_name(code: &Code, field: &Field) -> String {
    format!("{}{}", code.variant, heck::AsUpperCamelCase(&field.name))
}

/// The Rust variant of one of a restricted field's values.
pub fn value_variant(value: &str) -> String {
    heck::AsUpperCamelCase(value).to_string()
}

impl Catalog {
    /// Every code, surface by surface: the order of `ErrorCode`'s variants.
    pub fn codes(&self) -> impl Iterator<Item = (&Surface, &Code)> {
        self.surfaces
            .iter()
            .flat_map(|surface| surface.codes.iter().map(move |code| (surface, code)))
    }

    /// Every locale's tag, the default first.
    pub fn locale_tags(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.settings.default_locale.as_str())
            .chain(self.locales.iter().map(|locale| locale.tag.as_str()))
    }

    /// Each further locale with the codes it does not translate, in
    /// catalog order; locales that translate every code are left out.
    pub fn untranslated(&self) -> Vec<(&Locale, Vec<&str>)> {
        self.locales
            .iter()
            .map(|locale| {
                let missing = self
                    .codes()
                    .map(|(_, code)| code.code.as_str())
                    .filter(|code| !locale.translations.contains_key(*code))
                    .collect::<Vec<_>>();
                (locale, missing)
            })
            .filter(|(_, missing)| !missing.is_empty())
            .collect()
    }

    /// The catalog as written in `tag`: each translated code's title,
    /// message and detail replaced by its translation, the others as they
    /// are. `None` for a locale the catalog does not have; the catalog
    /// itself for the default one.
    pub fn translated(&self, tag: &str) -> Option<Catalog> {
        if tag == self.settings.default_locale {
            return Some(self.clone());
        }
        let locale = self.locales.iter().find(|locale| locale.tag == tag)?;
        let mut catalog = self.clone();
        for code in catalog.surfaces.iter_mut().flat_map(|s| &mut s.codes) {
            if let Some(translation) = locale.translations.get(&code.code) {
                if let Some(title) = &translation.title {
                    code.title.clone_from(title);
                }
                code.message.clone_from(&translation.message);
                code.detail.clone_from(&translation.detail);
            }
        }
        Some(catalog)
    }
}

/// Codes under these statuses are worth retrying unless the catalog says
/// otherwise: the runtime's rule, which clients apply to unknown codes.
pub use errors_runtime::retryable_by_default;

pub use errors_runtime::reason_phrase;

pub use errors_runtime::GrpcCode;
