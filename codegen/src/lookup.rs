//! Builds the perfect hash tables `from_code` looks codes up in.

// The runtime's own file: the tables are laid out by the hash lookups use.
#[allow(dead_code, clippy::indexing_slicing)]
#[path = "../../errors/phf.rs"]
mod phf;

pub(crate) use phf::EMPTY;

/// The generated tables of one catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PerfectHash {
    pub seed: u64,
    pub bucket_mask: u64,
    pub shift: u32,
    pub displacements: Vec<u32>,
    pub slots: Vec<u16>,
}

/// Codes per bucket on average: small buckets place easily.
const BUCKET_SIZE: usize = 4;
/// How far to search for one bucket's displacement before trying a new seed.
const MAX_DISPLACEMENT: u32 = 1 << 16;

/// Tables for `keys`, at most `EMPTY` of them, all distinct. Deterministic:
/// seeds are tried in order. `None` only if no seed of many works, which
/// distinct keys make vanishingly unlikely.
pub(crate) fn build(keys: &[&str]) -> Option<PerfectHash> {
    if keys.len() >= usize::from(EMPTY) {
        return None;
    }
    (0..64).find_map(|seed| try_seed(seed, keys))
}

fn try_seed(seed: u64, keys: &[&str]) -> Option<PerfectHash> {
    let slot_count = (keys.len() * 5 / 4).max(2).next_power_of_two();
    let bucket_count = keys.len().div_ceil(BUCKET_SIZE).next_power_of_two();
    let bucket_mask = bucket_count as u64 - 1;
    let shift = 64 - slot_count.trailing_zeros();

    let hashes: Vec<u64> = keys
        .iter()
        .map(|key| phf::hash(seed, key.as_bytes()))
        .collect();
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); bucket_count];
    for (index, &hash) in hashes.iter().enumerate() {
        buckets.get_mut(phf::bucket(hash, bucket_mask))?.push(index);
    }
    // Fullest buckets first, while most slots are free; ties by position,
    // so the result is the same on every run.
    let mut order: Vec<usize> = (0..bucket_count).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(buckets.get(b).map_or(0, Vec::len)));

    let mut slots = vec![EMPTY; slot_count];
    let mut displacements = vec![0u32; bucket_count];
    let mut taken = Vec::with_capacity(BUCKET_SIZE * 4);
    for bucket in order {
        let members = buckets.get(bucket)?;
        if members.is_empty() {
            continue;
        }
        let displacement = (0..MAX_DISPLACEMENT).find(|&d| {
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
        }
        *displacements.get_mut(bucket)? = displacement;
    }
    Some(PerfectHash {
        seed,
        bucket_mask,
        shift,
        displacements,
        slots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(table: &PerfectHash, key: &str) -> Option<usize> {
        let hash = phf::hash(table.seed, key.as_bytes());
        let displacement = table.displacements[phf::bucket(hash, table.bucket_mask)];
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
