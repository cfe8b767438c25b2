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

/// Tables for `keys`, at most `EMPTY` of them, all distinct. Deterministic:
/// seeds are tried in order. `None` only if no seed of many works, which
/// distinct keys make vanishingly unlikely.
pub(crate) fn build(keys: &[&str]) -> Option<PerfectHash> {
    if keys.len() >= usize::from(EMPTY) {
        return None;
    }
    // The cheaper hash of a code's ends first; the whole string where two
    // codes differ only in their middle.
    [false, true].into_iter().find_map(|whole| {
        direct(whole, keys).or_else(|| (0..64).find_map(|seed| try_seed(seed, whole, keys)))
    })
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
    (0..4096).find_map(|seed| {
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
            bucket_mask: 0,
            shift,
            displacements: Vec::new(),
            slots,
            tags: Vec::new(),
        })
    })
}

fn try_seed(seed: u64, whole: bool, keys: &[&str]) -> Option<PerfectHash> {
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
                let slot = hashes.get(index).map(|&h| phf::slot(h, d, shift));
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

    fn lookup(table: &PerfectHash, key: &str) -> Option<usize> {
        let hash = if table.whole {
            phf::hash
        } else {
            phf::hash_ends
        }(table.seed, key.as_bytes());
        let displacement = match table.displacements.is_empty() {
            true => 0,
            false => table.displacements[phf::bucket(hash, table.bucket_mask)],
        };
        match table.slots[phf::slot(hash, displacement, table.shift)] {
            EMPTY => None,
            index => Some(usize::from(index)),
        }
    }

    #[test]
    fn every_key_finds_itself_at_every_size() {
        for size in [1, 2, 3, 50, 1_000, 10_000, 40_000] {
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

    proptest::proptest! {
        #[test]
        fn any_set_of_keys_finds_each_key_and_nothing_else(
            keys in proptest::collection::btree_set("[a-zA-Z0-9_.-]{1,40}", 1..400),
            probes in proptest::collection::vec("[a-zA-Z0-9_.-]{0,40}", 0..50),
        ) {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let table = build(&keys).expect("a table");
            for (index, key) in keys.iter().enumerate() {
                proptest::prop_assert_eq!(lookup(&table, key), Some(index));
            }
            for probe in &probes {
                // With the comparison `find` makes, a probe is found exactly
                // when it is a key.
                let found = lookup(&table, probe).filter(|&index| keys[index] == probe);
                proptest::prop_assert_eq!(found, keys.iter().position(|key| key == probe));
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
