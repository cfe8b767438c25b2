//! Generates the `errors` crate's code from `catalog/*.toml`.

fn main() -> std::process::ExitCode {
    codegen::build_script::run()
}
