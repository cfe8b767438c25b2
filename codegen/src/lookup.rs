//! Builds the perfect hash tables `from_code` looks codes up in.

// The runtime's own hash: the tables are laid out by the hash lookups use.
use errors_runtime::lookup as phf;

/// Marks a slot no code occupies, while the tables are built.
pub(crate) const EMPTY: u16 = u16::MAX;

/// The generated tables of one catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PerfectHash {
    pub seed: u64,
    /// Whether the whole string is hashed (see `phf::hash_ends`).
    pub whole: bool,
    /// Whether slots are picked by `phf::slot_rotated`.
    pub rotated: bool,
    /// The last resort: `slots` lists the codes sorted, for a binary
    /// search (see `phf::Table`).
    pub sorted: bool,
    pub bucket_mask: u64,
    pub shift: u32,
    /// Empty where the seed alone places every code (see `phf::Table`).
    pub displacements: Vec<u16>,
    /// The index of the code in each slot, or `EMPTY`.
    pub slots: Vec<u16>,
    /// `phf::tag` of each slot's code's hash; 0 for an empty slot.
    pub tags: Vec<u8>,
}

/// Codes per bucket on average: small buckets place easily.
const BUCKET_SIZE: usize = 4;
/// Catalogs up to this size first try a table without displacements, at
/// most `DIRECT_SLOTS` slots: small enough to stay in the L1 cache.
const DIRECT_MAX_CODES: usize = 128;
const DIRECT_SLOTS: usize = 1 << 10;
const DIRECT_SEEDS: u64 = 4096;
/// Seeds tried per hash for a table with displacements. A random set of
/// codes needs one or two; more only cost time when a set was built to
/// defeat them, and then the sorted layout takes over.
const SEEDS: u64 = 256;
/// The `attempt`th seed tried: 64 well-mixed bits (splitmix64), so that
/// each seed is an unrelated hash function, with `phf::HIGH_BITS` set, so
/// that no word of a code can cancel it (neither `h` in `phf::hash` nor
/// the multiplier in `phf::hash_ends` is ever zero for a code).
fn seed(attempt: u64) -> u64 {
    let mut z = attempt.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) | phf::HIGH_BITS
}

/// The most codes a table holds: indices are `u16`, and `EMPTY` is one.
pub(crate) const MAX_CODES: usize = EMPTY as usize - 1;

/// Tables for `keys`, all distinct. Deterministic: seeds are tried in
/// order, and where none gives a perfect hash, the codes are laid out
/// sorted, which always works. `None` only for more than `MAX_CODES` keys.
pub(crate) fn build(keys: &[&str]) -> Option<PerfectHash> {
    if keys.len() > MAX_CODES {
        return None;
    }
    // The cheaper hash of a code's ends first, unless two codes differ only
    // in their middle; then the whole string.
    let hashes = if ends_tell_apart(keys) {
        &[false, true][..]
    } else {
        &[true][..]
    };
    let displaced = |rotated: bool, whole: bool| {
        (0..SEEDS).find_map(|i| try_seed(seed(i), whole, rotated, keys))
    };
    hashes
        .iter()
        .find_map(|&whole| direct(whole, keys).or_else(|| displaced(false, whole)))
        .or_else(|| hashes.iter().find_map(|&whole| displaced(true, whole)))
        .or_else(|| Some(sorted(keys)))
}

/// Whether `phf::hash_ends` can tell every two keys apart under some seed:
/// it reads the length and the first and last 8 bytes.
fn ends_tell_apart(keys: &[&str]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    keys.iter().all(|key| {
        let bytes = key.as_bytes();
        let (head, _) = bytes.split_at(bytes.len().min(8));
        let (_, tail) = bytes.split_at(bytes.len().saturating_sub(8));
        seen.insert((bytes.len(), head, tail))
    })
}

/// The fallback layout: every code, sorted by its bytes.
fn sorted(keys: &[&str]) -> PerfectHash {
    let mut slots: Vec<u16> = (0..keys.len())
        .filter_map(|index| u16::try_from(index).ok())
        .collect();
    slots.sort_by_key(|&index| keys.get(usize::from(index)).map(|key| key.as_bytes()));
    PerfectHash {
        seed: 0,
        whole: false,
        rotated: false,
        sorted: true,
        bucket_mask: 0,
        shift: 0,
        displacements: Vec::new(),
        slots,
        tags: Vec::new(),
    }
}

/// A table whose slots the seeded hash picks alone, when some seed places
/// every code in its own slot; tried for small catalogs only.
fn direct(whole: bool, keys: &[&str]) -> Option<PerfectHash> {
    if keys.len() > DIRECT_MAX_CODES {
        return None;
    }
    let hash = if whole { phf::hash } else { phf::hash_ends };
    let slot_count = DIRECT_SLOTS.min((keys.len() * keys.len()).max(2).next_power_of_two());
    let shift = 64 - slot_count.trailing_zeros();
    (0..DIRECT_SEEDS).map(seed).find_map(|seed| {
        let mut slots = vec![EMPTY; slot_count];
        for (index, key) in keys.iter().enumerate() {
            let hash = hash(seed, key.as_bytes());
            let slot = phf::slot(hash, 0, shift);
            if slots.get(slot) != Some(&EMPTY) {
                return None;
            }
            *slots.get_mut(slot)? = u16::try_from(index).ok()?;
        }
        Some(PerfectHash {
            seed,
            whole,
            rotated: false,
            sorted: false,
            bucket_mask: 0,
            shift,
            displacements: Vec::new(),
            slots,
            tags: Vec::new(),
        })
    })
}

fn try_seed(seed: u64, whole: bool, rotated: bool, keys: &[&str]) -> Option<PerfectHash> {
    let slot_count = (keys.len() * 5 / 4).max(2).next_power_of_two();
    let bucket_count = keys.len().div_ceil(BUCKET_SIZE).next_power_of_two();
    let bucket_mask = bucket_count as u64 - 1;
    let shift = 64 - slot_count.trailing_zeros();

    let hash = if whole { phf::hash } else { phf::hash_ends };
    let hashes: Vec<u64> = keys.iter().map(|key| hash(seed, key.as_bytes())).collect();
    // Equal hashes share a slot whatever the displacement: give up early.
    let mut distinct = hashes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() != hashes.len() {
        return None;
    }
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); bucket_count];
    for (index, &hash) in hashes.iter().enumerate() {
        buckets.get_mut(phf::bucket(hash, bucket_mask))?.push(index);
    }
    // Without rotation, two codes of a bucket with the same slot bits share
    // a slot whatever the displacement: give up early.
    let parted = |members: &Vec<usize>| {
        let mut high: Vec<u64> = members
            .iter()
            .filter_map(|&index| hashes.get(index).map(|h| h >> shift))
            .collect();
        high.sort_unstable();
        high.dedup();
        high.len() == members.len()
    };
    if !rotated && !buckets.iter().all(parted) {
        return None;
    }
    let place = if rotated {
        phf::slot_rotated
    } else {
        phf::slot
    };
    // Fullest buckets first, while most slots are free; ties by position,
    // so the result is the same on every run.
    let mut order: Vec<usize> = (0..bucket_count).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(buckets.get(b).map_or(0, Vec::len)));

    let mut slots = vec![EMPTY; slot_count];
    let mut tags = vec![0u8; slot_count];
    let mut displacements = vec![0u16; bucket_count];
    let mut taken = Vec::with_capacity(BUCKET_SIZE * 4);
    for bucket in order {
        let members = buckets.get(bucket)?;
        if members.is_empty() {
            continue;
        }
        let displacement = (0..=u16::MAX).find(|&d| {
            taken.clear();
            members.iter().all(|&index| {
                let slot = hashes.get(index).map(|&h| place(h, d, shift));
                let free =
                    slot.is_some_and(|s| slots.get(s) == Some(&EMPTY) && !taken.contains(&s));
                if let Some(s) = slot.filter(|_| free) {
                    taken.push(s);
                }
                free
            })
        })?;
        for (&index, &slot) in members.iter().zip(&taken) {
            *slots.get_mut(slot)? = u16::try_from(index).ok()?;
            *tags.get_mut(slot)? = phf::tag(*hashes.get(index)?);
        }
        *displacements.get_mut(bucket)? = displacement;
    }
    Some(PerfectHash {
        seed,
        whole,
        rotated,
        sorted: false,
        bucket_mask,
        shift,
        displacements,
        slots,
        tags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// The runtime's table for `table`, as the generated code spells it,
    /// mapping each code to its index in `keys`.
    fn runtime(table: &PerfectHash, keys: &[&'static str]) -> phf::Table<usize> {
        fn leak<T>(values: Vec<T>) -> &'static [T] {
            Vec::leak(values)
        }
        let slot = |&s: &u16| usize::from(s);
        phf::Table {
            seed: table.seed,
            whole: table.whole,
            rotated: table.rotated,
            sorted: table.sorted,
            bucket_mask: table.bucket_mask,
            shift: table.shift,
            displacements: leak(table.displacements.clone()),
            slot_tags: leak(table.tags.clone()),
            slot_codes: leak(
                table
                    .slots
                    .iter()
                    .map(|s| keys.get(slot(s)).copied().unwrap_or(""))
                    .collect(),
            ),
            slot_values: leak(
                table
                    .slots
                    .iter()
                    .map(|s| slot(s).min(keys.len()))
                    .collect(),
            ),
        }
    }

    fn lookup(table: &PerfectHash, key: &str) -> Option<usize> {
        assert!(!table.sorted, "a hashed layout");
        let hash = if table.whole {
            phf::hash
        } else {
            phf::hash_ends
        }(table.seed, key.as_bytes());
        let displacement = match table.displacements.is_empty() {
            true => 0,
            false => table.displacements[phf::bucket(hash, table.bucket_mask)],
        };
        let place = if table.rotated {
            phf::slot_rotated
        } else {
            phf::slot
        };
        match table.slots[place(hash, displacement, table.shift)] {
            EMPTY => None,
            index => Some(usize::from(index)),
        }
    }

    /// `count` codes made of pairs that a displacement XORed into the hash
    /// can never part: for every seed `build` tries, with either hash, two
    /// codes share their bucket and their slot bits. Without rotation, such
    /// a set defeats every seed.
    fn pairs_against_every_seed(count: usize) -> Vec<String> {
        let bucket_mask = (count.div_ceil(BUCKET_SIZE).next_power_of_two() - 1) as u64;
        let shift = 64 - (count * 5 / 4).next_power_of_two().trailing_zeros();
        let mut keys = Vec::new();
        for (attempt, whole) in (0..SEEDS).flat_map(|a| [(a, false), (a, true)]) {
            let hash = if whole { phf::hash } else { phf::hash_ends };
            let seed = seed(attempt);
            let mut seen = std::collections::HashMap::new();
            for candidate in 0u32.. {
                let key = format!("p{attempt}{}_{candidate}", u8::from(whole));
                let h = hash(seed, key.as_bytes());
                if let Some(first) = seen.insert((h & bucket_mask, h >> shift), key.clone()) {
                    keys.extend([first, key]);
                    break;
                }
            }
        }
        keys.truncate(count);
        keys
    }

    #[test]
    fn codes_built_against_every_seed_still_get_a_perfect_hash() {
        let count = usize::try_from(SEEDS).unwrap() * 4;
        let owned = pairs_against_every_seed(count);
        assert_eq!(owned.len(), count);
        let keys: Vec<&'static str> = owned.into_iter().map(|k| &*String::leak(k)).collect();
        let table = build(&keys).expect("a table");
        assert!(!table.sorted, "fell back to the sorted layout");
        assert!(table.rotated, "no plain layout parts these codes");
        let found = runtime(&table, &keys);
        for (index, key) in keys.iter().enumerate() {
            assert_eq!(found.find(key.as_bytes()), Some(index), "{key}");
            assert_eq!(lookup(&table, key), Some(index), "{key}");
        }
    }

    #[test]
    fn the_sorted_layout_finds_each_code_and_nothing_else() {
        let keys = [
            "b", "a", "code_10", "code_1", "code_2", "Code_1", "a.b", "a-b",
        ];
        let table = sorted(&keys);
        let found = runtime(&table, &keys);
        for (index, key) in keys.iter().enumerate() {
            assert_eq!(found.find(key.as_bytes()), Some(index), "{key}");
        }
        for miss in ["", "c", "code_", "code_3", "CODE_1", "a_b", "\u{ff}"] {
            assert_eq!(found.find(miss.as_bytes()), None, "{miss}");
        }
    }

    #[test]
    fn seeds_are_distinct_and_no_ascii_word_cancels_them() {
        let seeds: std::collections::BTreeSet<u64> = (0..DIRECT_SEEDS).map(seed).collect();
        assert_eq!(seeds.len() as u64, DIRECT_SEEDS);
        // A code's bytes are ASCII, so their word never equals a seed.
        assert!(
            seeds
                .iter()
                .all(|seed| seed.to_le_bytes().iter().all(|b| *b >= 0x80))
        );
    }

    #[test]
    fn every_key_finds_itself_at_every_size() {
        for size in [1, 2, 3, 50, 1_000, 10_000, 40_000, MAX_CODES] {
            let keys: Vec<String> = (0..size).map(|i| format!("code_{i:05}_x")).collect();
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let table = build(&refs).expect("a table");
            for (index, key) in refs.iter().enumerate() {
                assert_eq!(lookup(&table, key), Some(index), "{key}");
            }
            assert!(table.slots.len() >= size * 5 / 4);
            assert_eq!(build(&refs), Some(table), "deterministic");
        }
    }

    #[test]
    fn codes_that_differ_only_in_the_middle_hash_whole() {
        let keys = ["invoice_aaaa_not_found", "invoice_bbbb_not_found", "x"];
        let table = build(&keys).expect("a table");
        assert!(table.whole);
        for (index, key) in keys.iter().enumerate() {
            assert_eq!(lookup(&table, key), Some(index));
        }
        assert!(
            !build(&["invoice_not_found", "invoice_expired"])
                .unwrap()
                .whole
        );
    }

    /// Sets of codes that are hard to tell apart: a shared head and tail
    /// around a short middle (the ends alone never differ), codes one case
    /// or one character apart, very short codes.
    fn colliding_keys() -> impl proptest::strategy::Strategy<Value = Vec<String>> {
        use proptest::prelude::*;
        let middles = proptest::collection::btree_set("[a-zA-Z0-9_.-]{1,3}", 1..300);
        prop_oneof![
            ("[a-z_]{8,12}", middles, "[a-z_]{8,12}").prop_map(|(head, middles, tail)| {
                middles.iter().map(|m| format!("{head}{m}{tail}")).collect()
            }),
            proptest::collection::btree_set("[a-zA-Z][a-zA-Z0-9_.-]{0,3}", 1..400)
                .prop_map(|keys| keys.into_iter().collect()),
            proptest::collection::btree_set("[a-z]{1,20}", 1..150).prop_map(|keys| {
                keys.iter()
                    .flat_map(|k| [k.clone(), k.to_ascii_uppercase(), format!("{k}_")])
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect()
            }),
        ]
    }

    proptest::proptest! {
        #[test]
        fn any_set_of_keys_finds_each_key_and_nothing_else(
            keys in proptest::prop_oneof![
                proptest::collection::btree_set("[a-zA-Z0-9_.-]{1,40}", 1..400)
                    .prop_map(|keys| keys.into_iter().collect::<Vec<_>>()),
                colliding_keys(),
            ],
            probes in proptest::collection::vec("[a-zA-Z0-9_.-]{0,40}", 0..50),
        ) {
            let keys: Vec<&'static str> = keys.into_iter().map(|k| &*String::leak(k)).collect();
            let table = build(&keys).expect("a table");
            proptest::prop_assert!(!table.sorted, "fell back to the sorted layout");
            for layout in [table, sorted(&keys)] {
                let found = runtime(&layout, &keys);
                for (index, key) in keys.iter().enumerate() {
                    proptest::prop_assert_eq!(found.find(key.as_bytes()), Some(index));
                }
                for probe in &probes {
                    let expected = keys.iter().position(|key| key == probe);
                    proptest::prop_assert_eq!(found.find(probe.as_bytes()), expected);
                }
            }
        }
    }

    #[test]
    fn short_and_overlapping_keys_hash_apart() {
        let keys = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
            "bcdefghi",
            "a.b",
            "a-b",
            "a_b",
        ];
        let mut hashes: Vec<u64> = keys.iter().map(|k| phf::hash(0, k.as_bytes())).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), keys.len());
    }
}
