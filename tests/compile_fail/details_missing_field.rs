//! A code's fields are all required: leaving one out does not compile.

use errors::{ApiError, details};

fn main() {
    let _: ApiError = details::RateLimited { limit: 100 }.into();
}
