//! The generated `ErrorCode` of catalogs of 50, 1,000 and 10,000 codes, and
//! the lookups a user would otherwise pick, side by side for the benchmarks.

use std::collections::HashMap;

macro_rules! catalog_of {
    ($name:ident, $size:literal) => {
        pub mod $name {
            /// The code `errors`' codegen generates for this catalog.
            #[allow(clippy::all)]
            pub mod ours {
                include!(concat!(env!("OUT_DIR"), "/ours_", stringify!($size), ".rs"));
            }

            #[allow(clippy::all)]
            mod peers {
                include!(concat!(
                    env!("OUT_DIR"),
                    "/peers_",
                    stringify!($size),
                    ".rs"
                ));
            }

            pub use peers::{CODES, MESSAGE_FLOOR, PHF, SORTED, STATUS_FLOOR, StrumCode, by_match};

            /// A `HashMap` with the standard hasher, built on first use.
            pub static STD_MAP: std::sync::LazyLock<std::collections::HashMap<&str, u16>> =
                std::sync::LazyLock::new(|| super::index(&CODES));

            /// A `HashMap` with rustc-hash's FxHasher, built on first use.
            pub static FX_MAP: std::sync::LazyLock<rustc_hash::FxHashMap<&str, u16>> =
                std::sync::LazyLock::new(|| {
                    CODES
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (*c, i as u16))
                        .collect()
                });

            pub fn sorted(code: &str) -> Option<u16> {
                SORTED
                    .binary_search_by(|(probe, _)| (*probe).cmp(code))
                    .ok()
                    .map(|i| SORTED[i].1)
            }
        }
    };
}

catalog_of!(codes_50, 50);
catalog_of!(codes_1000, 1000);
catalog_of!(codes_10000, 10000);

fn index(codes: &[&'static str]) -> HashMap<&'static str, u16> {
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i as u16))
        .collect()
}

/// `count` strings drawn uniformly from `codes` by a fixed generator, so
/// every run probes the same sequence. Copies, as a client has them after
/// parsing a body: a probe that pointed into a table's own strings would
/// find its bytes already cached when compared.
pub fn hits(codes: &[&'static str], count: usize) -> Vec<String> {
    positions(codes.len(), count)
        .map(|i| codes[i].to_owned())
        .collect()
}

fn positions(len: usize, count: usize) -> impl Iterator<Item = usize> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..count).map(move |_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % len as u64) as usize
    })
}

/// Strings shaped like codes that no catalog here has: same words, other
/// numbers and suffixes, so misses are not decided by length alone.
pub fn misses(codes: &[&'static str], count: usize) -> Vec<String> {
    positions(codes.len(), count)
        .map(|i| codes[i])
        .enumerate()
        .map(|(i, code)| match i % 3 {
            0 => format!("{code}x"),
            1 => code.replacen('_', "-", 1),
            _ => format!(
                "{}_{}",
                code.rsplit_once('_').map_or(code, |(head, _)| head),
                90_000 + i
            ),
        })
        .collect()
}
