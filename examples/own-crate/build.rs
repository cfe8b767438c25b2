fn main() -> Result<(), codegen::Failed> {
    codegen::Builder::new().build()?;
    codegen::Builder::named("internal-errors").build()
}
