//! Large catalogs for benchmarks and scale tests: deterministic, and shaped
//! like real ones (snake_case codes of a few words, a status, a message).

// Indices are taken modulo the arrays' lengths, and no input reaches here.
#[allow(clippy::indexing_slicing)]
/// The files of a catalog of `codes` codes, as (file name, TOML) pairs:
/// ten surfaces, codes spread evenly over them.
pub fn catalog(codes: usize) -> Vec<(String, String)> {
    const SURFACES: [&str; 10] = [
        "general",
        "accounts",
        "billing",
        "files",
        "search",
        "webhooks",
        "partners",
        "reports",
        "messaging",
        "admin",
    ];
    const SUBJECTS: [&str; 16] = [
        "invoice", "customer", "payment", "token", "webhook", "file", "session", "order", "refund",
        "report", "message", "address", "card", "plan", "user", "key",
    ];
    const PROBLEMS: [(&str, u16); 12] = [
        ("not_found", 404),
        ("invalid", 422),
        ("missing", 400),
        ("expired", 401),
        ("forbidden", 403),
        ("conflict", 409),
        ("too_large", 413),
        ("locked", 423),
        ("unavailable", 503),
        ("rate_limited", 429),
        ("timeout", 504),
        ("malformed", 400),
    ];
    let per_surface = codes.div_ceil(SURFACES.len()).max(1);
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..codes {
        let surface = SURFACES[(i / per_surface) % SURFACES.len()];
        if files.len() <= i / per_surface {
            files.push((
                format!("{surface}.toml"),
                format!(
                    "[surface]\ntitle = \"{}\"\ndescription = \"Synthetic codes of the {surface} surface.\"\norder = {}\n",
                    heck::AsTitleCase(surface),
                    files.len() + 1
                ),
            ));
        }
        let subject = SUBJECTS[i % SUBJECTS.len()];
        let (problem, status) = PROBLEMS[(i / SUBJECTS.len()) % PROBLEMS.len()];
        let code = format!("{subject}_{problem}_{i}");
        if let Some((_, text)) = files.last_mut() {
            text.push_str(&format!(
                "\n[codes.{code}]\nstatus = {status}\nmessage = \"The {subject} is {} (case {i}).\"\n",
                problem.replace('_', " ")
            ));
        }
    }
    files
}

/// Writes [`catalog`] into `dir`.
pub fn write_catalog(codes: usize, dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in catalog(codes) {
        crate::write_if_changed(&dir.join(name), &text)?;
    }
    Ok(())
}
