//! The payroll API's error codes: the public API's at the crate root, the
//! internal API's in [`internal`], each generated from its own catalog.

// The generated code documents every public item it defines.
#![deny(missing_docs)]

errors_runtime::include_codes!();

pub use errors_runtime::{ErrorClass, Format};

/// The internal API's codes: an enum of their own, from `internal-errors/`.
pub mod internal {
    errors_runtime::include_codes!("internal-errors.rs");
}
