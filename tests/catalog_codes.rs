//! The generated API against the default catalog and the seed it comes from.

use errors::{ErrorCode, Surface};
use std::collections::BTreeMap;

/// The code tables of `shared/seeds/002`, as `code | status | meaning |` rows.
const SEED_002: &str = include_str!("fixtures/seed_002_codes.txt");

fn seed_codes() -> BTreeMap<&'static str, u16> {
    SEED_002
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells[0], cells[1].parse().expect("a status"))
        })
        .collect()
}

#[test]
fn every_seed_code_is_in_the_catalog_with_its_status() {
    let seed = seed_codes();
    assert_eq!(seed.len(), 40);
    for (&code, &status) in &seed {
        let found = ErrorCode::from_code(code).unwrap_or_else(|| panic!("{code} is missing"));
        assert_eq!(found.as_str(), code);
        assert_eq!(found.status(), status, "status of {code}");
    }
}

#[test]
fn the_catalog_has_no_code_the_seed_lacks() {
    let seed = seed_codes();
    for code in ErrorCode::ALL {
        assert!(
            seed.contains_key(code.as_str()),
            "{code} is not in the seed"
        );
    }
    assert_eq!(ErrorCode::ALL.len(), seed.len());
}

#[test]
fn wire_codes_round_trip() {
    for &code in ErrorCode::ALL {
        assert_eq!(ErrorCode::from_code(code.as_str()), Some(code));
        assert_eq!(code.to_string(), code.as_str());
        assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
    }
}

#[test]
fn unknown_codes_are_none() {
    for unknown in [
        "",
        "INVALID_JSON",
        "invalid_json ",
        "invalid-json",
        "no_such_code",
        "zzz",
        "\0",
    ] {
        assert_eq!(ErrorCode::from_code(unknown), None, "{unknown:?}");
        let err = unknown.parse::<ErrorCode>().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("unknown error code `{}`", unknown.escape_debug())
        );
    }
    let err = serde_json::from_str::<ErrorCode>("\"no_such_code\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown error code `no_such_code`"),
        "{err}"
    );
    assert!(serde_json::from_str::<ErrorCode>("400").is_err());
}

#[test]
fn surfaces_partition_the_codes_in_catalog_order() {
    let ids: Vec<&str> = Surface::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        ids,
        [
            "general",
            "webhooks",
            "partner_plane",
            "mcp",
            "cms",
            "support"
        ]
    );
    let listed: Vec<ErrorCode> = Surface::ALL
        .iter()
        .flat_map(|s| s.codes())
        .copied()
        .collect();
    assert_eq!(listed, ErrorCode::ALL);
    for surface in Surface::ALL {
        assert!(!surface.title().is_empty());
        assert!(!surface.description().is_empty());
        for code in surface.codes() {
            assert_eq!(code.surface(), *surface);
        }
    }
    assert_eq!(Surface::Webhooks.title(), "Webhooks");
    assert_eq!(
        ErrorCode::WebhookSignatureMissing.surface(),
        Surface::Webhooks
    );
    assert_eq!(ErrorCode::McpToolNotFound.surface(), Surface::Mcp);
    assert_eq!(Surface::Mcp.codes().len(), 3);
}

#[test]
fn ordering_follows_the_catalog() {
    assert!(ErrorCode::ALL.is_sorted());
    assert!(Surface::ALL.is_sorted());
}

#[test]
fn catalog_values_reach_the_accessors() {
    let code = ErrorCode::InvalidJson;
    assert_eq!(code.as_str(), "invalid_json");
    assert_eq!(code.status(), 400);
    assert_eq!(code.message(), "The request body was not valid JSON.");
    assert_eq!(code.title(), "Invalid json");
    assert!(
        code.when()
            .is_some_and(|when| when.contains("trailing comma"))
    );
    assert_eq!(code.deprecated(), None);
    assert_eq!(ErrorCode::UnknownField.when(), None);
}

#[test]
fn retryable_follows_the_status_by_default() {
    let retryable: Vec<&str> = ErrorCode::ALL
        .iter()
        .filter(|code| code.retryable())
        .map(|code| code.as_str())
        .collect();
    assert_eq!(retryable, ["rate_limited", "temporarily_unavailable"]);
}
