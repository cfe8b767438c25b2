//! Prints every code of the catalog the `errors` crate was built from, with
//! its status, surface and message: `cargo run --bin show`.

use errors::{ApiError, ErrorCode, ResponseError, Surface};

fn main() {
    println!(
        "{} codes in {} surfaces\n",
        ErrorCode::ALL.len(),
        Surface::ALL.len()
    );
    for surface in Surface::ALL {
        println!("{} ({})", surface.title(), surface.as_str());
        for code in surface.codes() {
            let retry = if code.retryable() { "retryable" } else { "-" };
            println!(
                "  {:<36} {} {:<9} {}",
                code.as_str(),
                code.status(),
                retry,
                code.message()
            );
        }
        println!();
    }
    match "rate_limited".parse::<ErrorCode>() {
        Ok(code) => println!(
            "\"rate_limited\" parses as {code:?}, status {}",
            code.status()
        ),
        Err(err) => println!("\"rate_limited\" does not parse: {err}"),
    }
    // Deprecated codes included: a client reads every code back.
    let read_back = ErrorCode::ALL.iter().all(|&code| {
        let body = ApiError::new(code).body();
        ResponseError::from_parts(code.status(), None, &body).code() == Some(code)
    });
    println!(
        "Every code reads back from its response body: {}",
        if read_back { "yes" } else { "NO" }
    );
    let example = ApiError::new(ErrorCode::ALL[0]).with_trace_id("example");
    println!(
        "A response body ({}): {}",
        example.content_type(),
        String::from_utf8_lossy(&example.body())
    );
    println!(
        "The reference page is docs/errors.md; regenerate it with `cargo run -p codegen -- docs`."
    );
}
