//! A field the catalog does not declare does not compile.

use errors::{ApiError, details};

fn main() {
    let _: ApiError = details::UnknownField { name: "nickname".to_owned() }.into();
}
