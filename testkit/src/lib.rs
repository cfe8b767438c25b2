//! What the tests of `codegen` and of the `errors` crate share: random valid
//! catalogs ([`arbitrary`]), the reference page read back with a real
//! markdown parser ([`page`]), and the check that catalog text stays text on
//! the page and in the generated doc comments ([`markup`]).

pub mod arbitrary;
pub mod markup;
pub mod page;

use std::path::Path;

/// Copies a file, or a directory with everything in it.
pub fn copy_recursively(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_recursively(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}
