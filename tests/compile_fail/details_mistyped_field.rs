//! Each field has its catalog type: an integer field takes no string.

use errors::{ApiError, details};

fn main() {
    let _: ApiError = details::RateLimited { limit: "100", window_seconds: 60 }.into();
}
