//! The perfect hash behind `ErrorCode::from_code`.
//!
//! Codegen builds the tables at build time from this very file, so the hash
//! it lays codes out by is the hash lookups use. A lookup is one hash of the
//! string, two table loads and one comparison, whatever the catalog's size.
//!
//! Layout ("hash and displace"): a code's hash picks a bucket by its low
//! bits; the bucket's displacement, mixed into the hash, picks a slot by its
//! high bits. Codegen chooses each bucket's displacement so that no two codes
//! share a slot. There are a power of two of slots, at least 5/4 of the codes,
//! so both reductions are a mask or a shift, never a division.

/// Marks a slot no code occupies.
pub const EMPTY: u16 = u16::MAX;

/// One catalog's tables, generated.
pub struct Table {
    pub seed: u64,
    pub bucket_mask: u64,
    /// 64 minus the number of slot bits.
    pub shift: u32,
    pub displacements: &'static [u32],
    /// The index of the code in each slot, or [`EMPTY`].
    pub slots: &'static [u16],
}

impl Table {
    /// The index of the only code that `key` can be; the caller compares.
    #[inline]
    pub fn candidate(&self, key: &[u8]) -> Option<usize> {
        let hash = hash(self.seed, key);
        let displacement = *self.displacements.get(bucket(hash, self.bucket_mask))?;
        match *self.slots.get(slot(hash, displacement, self.shift))? {
            EMPTY => None,
            index => Some(usize::from(index)),
        }
    }
}

#[inline]
pub fn bucket(hash: u64, bucket_mask: u64) -> usize {
    (hash & bucket_mask) as usize
}

#[inline]
pub fn slot(hash: u64, displacement: u32, shift: u32) -> usize {
    ((hash ^ u64::from(displacement).wrapping_mul(K1)) >> shift) as usize
}

const K0: u64 = 0x243f_6a88_85a3_08d3;
const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xb7e1_5162_8aed_2a6b;

/// A seeded hash of short strings: a folded 64x64->128 multiply per 8
/// bytes (as in wyhash and foldhash). Inputs under 9 bytes take one
/// multiply; longer ones read 8-byte words, the last one overlapping.
#[inline]
pub fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let mut h = seed ^ K0.wrapping_mul(len as u64 + 1);
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
