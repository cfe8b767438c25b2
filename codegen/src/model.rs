//! The validated catalog: what every emitter works from.
//!
//! Everything here has passed validation: codes are unique, Rust names are
//! valid and distinct, statuses are in range. Surfaces are in page order and
//! codes keep the order their file lists them in, so iterating the model is
//! deterministic.

use crate::diagnostic::FileId;
use crate::settings::Settings;
pub use errors_runtime::Rejection;
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
    /// Where the catalog defines it, for diagnostics about it.
    pub place: Place,
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

impl Catalog {
    /// Every code, surface by surface: the order of `ErrorCode`'s variants.
    pub fn codes(&self) -> impl Iterator<Item = (&Surface, &Code)> {
        self.surfaces
            .iter()
            .flat_map(|surface| surface.codes.iter().map(move |code| (surface, code)))
    }
}

/// Codes under these statuses are worth retrying unless the catalog says
/// otherwise: the runtime's rule, which clients apply to unknown codes.
pub use errors_runtime::retryable_by_default;

pub use errors_runtime::reason_phrase;
