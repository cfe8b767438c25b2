//! The python client. (In progress on its own branch.)

use crate::export::File;
use crate::model::Catalog;

pub fn generate(_catalog: &Catalog, _version: &str) -> Vec<File> {
    Vec::new()
}
