//! Per-document membership filters over token keys.

use serde::{Deserialize, Serialize};
use xorf::{Filter, Xor8};

/// A document's token filter: an 8-bit xor filter (≈10 bits per key,
/// false-positive rate ≈ 1/256), stored as its seed and fingerprints.
///
/// Xor8 rather than BinaryFuse8: at this corpus's document sizes (hundreds to a
/// few thousand keys) binary fuse filters round their segments up and come out
/// about 12% larger for the same false-positive rate (`docs/index.md`, measured
/// with `cargo run --release --example filters`).
///
/// Small sets are kept as a sorted key list instead: below a few dozen keys
/// the list is smaller than a filter and exact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum DocFilter {
    Keys(Vec<u64>),
    Xor {
        seed: u64,
        block_length: u32,
        fingerprints: Vec<u8>,
    },
}

/// Below this many keys a sorted list is stored instead of a filter.
const MIN_FILTER_KEYS: usize = 32;

impl DocFilter {
    /// Builds a filter over `keys` (sorted, deduplicated).
    pub fn build(keys: &[u64]) -> DocFilter {
        if keys.len() < MIN_FILTER_KEYS {
            return DocFilter::Keys(keys.to_vec());
        }
        let f = Xor8::from(keys);
        match u32::try_from(f.block_length) {
            Ok(block_length) => DocFilter::Xor {
                seed: f.seed,
                block_length,
                fingerprints: f.fingerprints.into_vec(),
            },
            // Over 4 billion keys: an exact list is always correct.
            Err(_) => DocFilter::Keys(keys.to_vec()),
        }
    }

    /// Converts the stored form into something that answers membership queries.
    pub fn reader(&self) -> FilterReader {
        match self {
            DocFilter::Keys(k) => FilterReader::Keys(k.clone()),
            DocFilter::Xor {
                seed,
                block_length,
                fingerprints,
            } => FilterReader::Xor(Xor8 {
                seed: *seed,
                block_length: *block_length as usize,
                fingerprints: fingerprints.clone().into_boxed_slice(),
            }),
        }
    }

    /// Stored size in bytes (fingerprints or keys), for reports.
    pub fn size_bytes(&self) -> usize {
        match self {
            DocFilter::Keys(k) => k.len() * 8,
            DocFilter::Xor { fingerprints, .. } => fingerprints.len() + 12,
        }
    }

    /// Checks that a stored filter can be read without out-of-bounds lookups.
    pub fn is_well_formed(&self) -> bool {
        match self {
            DocFilter::Keys(k) => k.windows(2).all(|w| w[0] < w[1]),
            DocFilter::Xor {
                block_length,
                fingerprints,
                ..
            } => *block_length > 0 && fingerprints.len() == 3 * *block_length as usize,
        }
    }
}

/// A filter ready for lookups.
#[derive(Debug, Clone)]
pub enum FilterReader {
    Keys(Vec<u64>),
    Xor(Xor8),
}

impl FilterReader {
    /// Whether the document may contain the key (never false for a key it contains).
    pub fn may_contain(&self, key: u64) -> bool {
        match self {
            FilterReader::Keys(k) => k.binary_search(&key).is_ok(),
            FilterReader::Xor(f) => f.contains(&key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_has_no_false_negatives() {
        let keys: Vec<u64> = (0..5000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        let f = DocFilter::build(&sorted).reader();
        assert!(keys.iter().all(|&k| f.may_contain(k)));
    }

    #[test]
    fn filter_false_positive_rate_is_near_one_in_256() {
        let mut keys: Vec<u64> = (0..2000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        keys.sort_unstable();
        let f = DocFilter::build(&keys).reader();
        let fp = (1_000_000u64..1_100_000)
            .filter(|i| f.may_contain(i.wrapping_mul(0xD6E8_FEB8_6659_FD93)))
            .count();
        assert!(fp < 800, "{fp} false positives in 100000");
    }

    #[test]
    fn malformed_filters_are_detected() {
        let mut keys: Vec<u64> = (0..100u64).collect();
        keys.sort_unstable();
        let DocFilter::Xor {
            seed,
            block_length,
            mut fingerprints,
        } = DocFilter::build(&keys)
        else {
            panic!("100 keys make a filter");
        };
        fingerprints.pop();
        assert!(!DocFilter::Xor {
            seed,
            block_length,
            fingerprints
        }
        .is_well_formed());
        assert!(!DocFilter::Keys(vec![3, 2]).is_well_formed());
    }

    #[test]
    fn small_sets_are_exact_lists() {
        let f = DocFilter::build(&[1, 2, 3]);
        assert!(matches!(f, DocFilter::Keys(_)));
        assert!(!f.reader().may_contain(4));
    }
}
