//! Generates the `errors` crate's code from `catalog/*.toml`.

fn main() -> Result<(), codegen::Failed> {
    codegen::Builder::new()
        .catalog_from_env("ERRORS_CATALOG")
        .build()
}
