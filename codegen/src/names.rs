//! Rust names for catalog entries: derived with heck, checked to be
//! identifiers that compile without warnings.

use heck::ToUpperCamelCase;

/// Whether `c` may be part of a code (or a surface id): ASCII letters,
/// digits, `_`, `-` and `.`, which need no quoting in a URL fragment, a
/// header or a log line.
pub(crate) fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The variant heck derives: `IP_NOT_ALLOWED` and `ip-not-allowed` both give
/// `IpNotAllowed`.
pub(crate) fn derive_variant(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Why `name` cannot be an enum variant, if it cannot.
///
/// Only UpperCamelCase ASCII is accepted, so no variant trips the
/// `non_camel_case_types` lint or needs a raw identifier.
pub(crate) fn variant_problem(name: &str) -> Option<String> {
    let Some(first) = name.chars().next() else {
        return Some("the name is empty".to_owned());
    };
    if first.is_ascii_digit() {
        Some(format!("`{name}` starts with a digit"))
    } else if name == "Self" {
        Some("`Self` is a Rust keyword".to_owned())
    } else if name == "ALL" {
        // A variant would shadow the associated const, the list of every
        // code (and of every surface).
        Some("`ALL` is taken: `ErrorCode::ALL` lists every code".to_owned())
    } else if !first.is_ascii_uppercase() {
        Some(format!(
            "`{name}` does not start with an uppercase ASCII letter"
        ))
    } else {
        name.chars()
            .find(|c| !c.is_ascii_alphanumeric())
            .map(|bad| {
                format!("`{name}` contains {bad:?}; a variant is ASCII letters and digits only")
            })
    }
}

/// The title a code gets when the catalog gives none: `invalid_json` reads
/// "Invalid json". A code of separators only (`_-.`) has no words: it is
/// its own title, so that no title is blank.
pub(crate) fn derive_title(code: &str) -> String {
    let words = heck::AsSnakeCase(code).to_string().replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_from_any_case_convention() {
        assert_eq!(derive_variant("invalid_json"), "InvalidJson");
        assert_eq!(derive_variant("UNAUTHORIZED"), "Unauthorized");
        assert_eq!(derive_variant("IP_NOT_ALLOWED"), "IpNotAllowed");
        assert_eq!(derive_variant("auth.token-expired"), "AuthTokenExpired");
    }

    #[test]
    fn impossible_variants_are_explained() {
        assert!(variant_problem(&derive_variant("22P02")).is_some());
        assert!(variant_problem(&derive_variant("self")).is_some());
        assert!(variant_problem("").is_some());
        assert!(variant_problem("ALL").is_some());
        assert!(variant_problem("foo").is_some());
        assert!(variant_problem("Foo_Bar").is_some());
        assert!(variant_problem("Café").is_some());
        assert_eq!(variant_problem("InvalidJson"), None);
    }

    #[test]
    fn titles_read_as_sentences() {
        assert_eq!(derive_title("invalid_json"), "Invalid json");
        assert_eq!(derive_title("IP_NOT_ALLOWED"), "Ip not allowed");
        assert_eq!(derive_title("auth.token-expired"), "Auth token expired");
        assert_eq!(derive_title("_-."), "_-.");
    }
}
