//! The perfect hash behind a generated enum's `from_code`.
//!
//! Codegen depends on this crate and builds the tables at build time with
//! these very functions, so the hash it lays codes out by is the hash
//! lookups use. A lookup is one hash of the
//! string, two table loads and one comparison, whatever the catalog's size.
//!
//! Layout ("hash and displace"): a code's hash picks a bucket by its low
//! bits; the bucket's displacement, mixed into the hash, picks a slot by its
//! high bits. Codegen chooses each bucket's displacement so that no two codes
//! share a slot. There are a power of two of slots, at least 5/4 of the codes,
//! so both reductions are a mask or a shift, never a division.
//!
//! Two codes of a bucket whose hashes share the slot bits cannot be parted
//! that way; should that happen under every seed (codegen tries many: only
//! a set of codes built against them could), displacements also rotate the
//! hash ([`slot_rotated`]). Should that fail too, the codes are laid out
//! sorted and looked up by binary search: slower, but it always works.

/// One catalog's tables, generated; `T` is what a code maps to.
pub struct Table<T: 'static> {
    pub seed: u64,
    /// Whether codes are told apart by [`hash`]; otherwise [`hash_ends`]
    /// did, which reads at most 16 bytes.
    pub whole: bool,
    /// Whether `slot_codes` is sorted and searched, with no hash (the
    /// fallback layout); the other fields are then unused.
    pub sorted: bool,
    /// Whether slots are picked by [`slot_rotated`]: only for codes that no
    /// seed lays out with [`slot`], which costs a little less.
    pub rotated: bool,
    pub bucket_mask: u64,
    /// 64 minus the number of slot bits.
    pub shift: u32,
    /// Per bucket. Empty when the seed alone spreads the codes over the
    /// slots without collision (small catalogs): one load less.
    pub displacements: &'static [u16],
    /// Eight more bits of each slot's code's hash: most strings that are
    /// not codes are turned away here, before a code is read. Empty for a
    /// table without displacements.
    pub slot_tags: &'static [u8],
    /// The code in each slot, `""` for none: compared right where the hash
    /// lands, without an index to follow first.
    pub slot_codes: &'static [&'static str],
    /// The value of the code in each slot; any value in an empty slot,
    /// whose code `""` no key matches.
    pub slot_values: &'static [T],
}

impl<T: Copy> Table<T> {
    /// The value of `key`, if it is one of the catalog's codes.
    #[inline]
    pub fn find(&self, key: &[u8]) -> Option<T> {
        if self.sorted {
            return self.find_sorted(key);
        }
        if key.is_empty() {
            return None; // what empty slots hold; no code is empty
        }
        let hash = if self.whole {
            hash(self.seed, key)
        } else {
            hash_ends(self.seed, key)
        };
        let slot = if self.displacements.is_empty() {
            slot(hash, 0, self.shift)
        } else {
            let displacement = *self.displacements.get(bucket(hash, self.bucket_mask))?;
            if self.rotated {
                slot_rotated(hash, displacement, self.shift)
            } else {
                slot(hash, displacement, self.shift)
            }
        };
        // Direct tables are mostly empty slots, whose `""` turns strings
        // away as fast as a tag would: they have no tags.
        let tagged = !self.slot_tags.is_empty();
        if tagged && *self.slot_tags.get(slot)? != tag(hash) {
            return None;
        }
        if self.slot_codes.get(slot)?.as_bytes() != key {
            return None;
        }
        self.slot_values.get(slot).copied()
    }

    /// `find` in the fallback layout; out of line, so that the hashed
    /// layout's path stays as short as it was.
    #[cold]
    #[inline(never)]
    fn find_sorted(&self, key: &[u8]) -> Option<T> {
        let index = self
            .slot_codes
            .binary_search_by(|code| code.as_bytes().cmp(key))
            .ok()?;
        self.slot_values.get(index).copied()
    }
}

/// Bits of the hash that neither the bucket (low bits) nor the slot (high
/// bits, at most 16 of them) is chosen by.
#[inline]
pub fn tag(hash: u64) -> u8 {
    (hash >> 24) as u8
}

#[inline]
pub fn bucket(hash: u64, bucket_mask: u64) -> usize {
    (hash & bucket_mask) as usize
}

#[inline]
pub fn slot(hash: u64, displacement: u16, shift: u32) -> usize {
    ((hash ^ u64::from(displacement).wrapping_mul(K1)) >> shift) as usize
}

/// As [`slot`], for codes it cannot lay out: an XOR never parts two hashes
/// with the same high bits, so displacements from 1024 on also rotate other
/// bits of the hash up to the slot bits. Some displacement then sets apart
/// any two codes whose hashes differ at all.
#[inline]
pub fn slot_rotated(hash: u64, displacement: u16, shift: u32) -> usize {
    let rotated = hash.rotate_left(u32::from(displacement >> 10));
    ((rotated ^ u64::from(displacement).wrapping_mul(K1)) >> shift) as usize
}

/// The high bit of each byte: never set in ASCII, always set in a seed
/// codegen picks, so that no code's word cancels the seed it is XORed with.
pub const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

const K0: u64 = 0x243f_6a88_85a3_08d3;
const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xb7e1_5162_8aed_2a6b;

/// The seeded hash of a string's length and its first and last (up to) 8
/// bytes: one multiply. Codegen uses it when it tells a catalog's codes
/// apart, which it does unless two codes of one length differ only in their
/// middle.
///
/// The seed goes into the multiplier only, where a constant would have to
/// be anyway: a constant and an XOR less per lookup than seeding both
/// words. A code's words are ASCII and the seed has every byte's high bit
/// set, so the multiplier is never zero.
#[inline]
pub fn hash_ends(seed: u64, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let (first, last) = if len >= 8 {
        (read8(bytes), read8(bytes.split_at(len - 8).1))
    } else {
        (ends(bytes), 0)
    };
    fold(first, last ^ seed ^ (len as u64) << 56)
}

/// The bytes of a string shorter than 8 bytes, read as one word. Two words
/// of 4 overlapping where the length allows: the length tells them apart.
#[inline]
fn ends(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    if len >= 4 {
        read4(bytes) | read4(bytes.split_at(len - 4).1) << 32
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        let middle = bytes.get(len / 2).copied().unwrap_or(0);
        u64::from(first) << 16 | u64::from(middle) << 8 | u64::from(last)
    } else {
        0
    }
}

/// A seeded hash of short strings: a folded 64x64->128 multiply per 8
/// bytes (as in wyhash and foldhash). Inputs under 9 bytes take one
/// multiply; longer ones read 8-byte words, the last one overlapping.
#[inline]
pub fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    // The seed's high bits stay set, so no ASCII word cancels it.
    let mut h = seed ^ (K0.wrapping_mul(len as u64 + 1) & !HIGH_BITS);
    if len > 8 {
        let mut rest = bytes;
        while rest.len() > 8 {
            let (word, tail) = rest.split_at(8);
            h = fold(h ^ read8(word), K1);
            rest = tail;
        }
        // The length is in `h`, so the overlap is unambiguous.
        h = fold(h ^ read8(bytes.split_at(len - 8).1), K2);
    } else if len >= 4 {
        let low = read4(bytes.split_at(4).0);
        let high = read4(bytes.split_at(len - 4).1);
        h = fold(h ^ (low | high << 32), K2);
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        let middle = bytes.get(len / 2).copied().unwrap_or(0);
        h = fold(
            h ^ (u64::from(first) << 16 | u64::from(middle) << 8 | u64::from(last)),
            K2,
        );
    }
    fold(h, K1)
}

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

#[inline]
fn read8(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes.split_at(8).0);
    u64::from_le_bytes(word)
}

#[inline]
fn read4(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 4];
    word.copy_from_slice(bytes.split_at(4).0);
    u64::from(u32::from_le_bytes(word))
}
