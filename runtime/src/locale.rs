//! Locales: which of a catalog's locales an error's texts are written in.
//!
//! A catalog lists its locales in [`Code::LOCALES`](crate::Code::LOCALES),
//! the default first. An error is written in the default locale unless one
//! is chosen: by name ([`lookup`]) or, with the `locales` feature, from an
//! `Accept-Language` header ([`negotiate`]).

/// The longest `Accept-Language` value read: browsers send a few dozen
/// bytes, and negotiating a longer one would only spend time on a client
/// that is not asking.
pub const MAX_ACCEPT_LANGUAGE_BYTES: usize = 1024;

/// Whether `tag` has the shape of a BCP 47 language tag: subtags of one to
/// eight ASCII letters or digits joined by `-`, the first of two to eight
/// letters (`fr`, `pt-BR`, `zh-Hant-TW`). Only such a tag is ever sent as
/// `Content-Language`, so no value from elsewhere can forge a header.
pub fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// The one of `available` that `requested` names, by RFC 4647 lookup: the
/// tag itself, else the tag less its last subtag, and so on (`fr-CA` falls
/// back to `fr`); case does not matter. `None` when none fits.
///
/// ```
/// use errors_runtime::locale::lookup;
///
/// assert_eq!(lookup(&["en", "fr"], "FR-ca"), Some("fr"));
/// assert_eq!(lookup(&["en", "fr"], "de"), None);
/// ```
pub fn lookup(available: &[&'static str], requested: &str) -> Option<&'static str> {
    let mut range = requested;
    loop {
        if let Some(found) = available.iter().find(|tag| tag.eq_ignore_ascii_case(range)) {
            return Some(found);
        }
        range = &range[..range.rfind('-')?];
    }
}

/// The one of `available` an `Accept-Language` header value prefers: by
/// its q-values (`q=0` refuses a language), a tag falling back to a
/// broader one (`fr-CA` to `fr`), as `fluent-langneg` negotiates. `None`
/// when it asks for none of them, or only for `*`, or is longer than
/// [`MAX_ACCEPT_LANGUAGE_BYTES`]: the caller then uses the default.
///
/// ```
/// use errors_runtime::locale::negotiate;
///
/// let available = ["en", "fr"];
/// assert_eq!(negotiate(&available, "de-DE, fr-CA;q=0.8, en;q=0.5"), Some("fr"));
/// assert_eq!(negotiate(&available, "fr;q=0, en"), Some("en"));
/// assert_eq!(negotiate(&available, "*"), None);
/// ```
#[cfg(feature = "locales")]
pub fn negotiate(available: &[&'static str], accept_language: &str) -> Option<&'static str> {
    use fluent_langneg::{LanguageIdentifier, NegotiationStrategy, negotiate_languages};

    if accept_language.len() > MAX_ACCEPT_LANGUAGE_BYTES {
        return None;
    }
    let requested: Vec<LanguageIdentifier> = accept_language::parse_with_quality(accept_language)
        .into_iter()
        .filter(|(_, quality)| *quality > 0.0)
        .filter_map(|(tag, _)| tag.parse().ok())
        .collect();
    let tags: Vec<(&'static str, LanguageIdentifier)> = available
        .iter()
        .filter_map(|tag| Some((*tag, tag.parse().ok()?)))
        .collect();
    let identifiers: Vec<&LanguageIdentifier> = tags.iter().map(|(_, id)| id).collect();
    let best = negotiate_languages(
        &requested,
        &identifiers,
        None,
        NegotiationStrategy::Filtering,
    )
    .into_iter()
    .next()?;
    tags.iter().find(|(_, id)| id == *best).map(|(tag, _)| *tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_letters_and_digits_between_dashes() {
        for tag in ["en", "fr-CA", "zh-Hant-TW", "es-419", "de-CH-1996"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for not_a_tag in [
            "",
            "e",
            "en-",
            "-en",
            "en--us",
            "1a",
            "en_US",
            "fr\r\nX: y",
            "fr ",
            "en-toolongsubtag",
        ] {
            assert!(!is_language_tag(not_a_tag), "{not_a_tag:?}");
        }
    }

    #[test]
    fn lookup_drops_subtags_until_one_fits() {
        let available = ["en", "fr", "pt-BR"];
        assert_eq!(lookup(&available, "fr"), Some("fr"));
        assert_eq!(lookup(&available, "fr-CA"), Some("fr"));
        assert_eq!(lookup(&available, "pt-br-x-private"), Some("pt-BR"));
        assert_eq!(lookup(&available, "pt"), None);
        assert_eq!(lookup(&available, ""), None);
    }

    #[cfg(feature = "locales")]
    #[test]
    fn negotiation_follows_q_values_wildcards_and_fallbacks() {
        let available = ["en", "fr", "pt-BR"];
        let cases = [
            ("fr", Some("fr")),
            ("fr-CA", Some("fr")),
            ("en;q=0.5, fr;q=0.9", Some("fr")),
            ("fr;q=0.1, en", Some("en")),
            ("fr;q=0", None),
            ("de, *;q=0.5", None),
            ("de", None),
            ("pt", Some("pt-BR")),
            ("", None),
            ("q=1;;,,;fr", None),
            ("fr\r\nX-Injected: 1", None),
        ];
        for (header, expected) in cases {
            assert_eq!(negotiate(&available, header), expected, "{header:?}");
        }
        let long = format!("{}fr", "x-a, ".repeat(MAX_ACCEPT_LANGUAGE_BYTES / 5 + 1));
        assert_eq!(negotiate(&available, &long), None);
    }
}
