//! Prints every code of the catalog the crate was built from as JSON, as the
//! built crate returns it: `cargo run --example dump`. Tests compare it with
//! the catalog, byte for byte.

use errors::ErrorCode;

fn main() {
    let codes: Vec<serde_json::Value> = ErrorCode::ALL
        .iter()
        .map(|&code| {
            serde_json::json!({
                "code": code.as_str(),
                "status": code.status(),
                "message": code.message(),
                "title": code.title(),
                "when": code.when(),
                "deprecated": code.deprecated(),
                "surface": code.surface().as_str(),
                "surface_title": code.surface().title(),
                "found_by_from_code": ErrorCode::from_code(code.as_str()) == Some(code),
            })
        })
        .collect();
    println!("{}", serde_json::Value::Array(codes));
}
