//! Per-document membership filters over token keys.

use serde::{Deserialize, Serialize};
use xorf::{BinaryFuse8, Filter};

/// A document's token filter: a binary-fuse filter (≈9 bits per key, false-positive
/// rate ≈ 1/256), stored as its descriptor and fingerprints.
///
/// Small sets are kept as a sorted key list instead: below a few dozen keys
/// the list is smaller than a filter and exact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum DocFilter {
    Keys(Vec<u64>),
    Fuse {
        seed: u64,
        segment_length: u32,
        segment_length_mask: u32,
        segment_count_length: u32,
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
        match BinaryFuse8::try_from(keys) {
            Ok(f) => DocFilter::Fuse {
                seed: f.descriptor.seed,
                segment_length: f.descriptor.segment_length,
                segment_length_mask: f.descriptor.segment_length_mask,
                segment_count_length: f.descriptor.segment_count_length,
                fingerprints: f.fingerprints.into_vec(),
            },
            // Construction fails only on pathological key sets; an exact list is always correct.
            Err(_) => DocFilter::Keys(keys.to_vec()),
        }
    }

    /// Converts the stored form into something that answers membership queries.
    pub fn reader(&self) -> FilterReader {
        match self {
            DocFilter::Keys(k) => FilterReader::Keys(k.clone()),
            DocFilter::Fuse {
                seed,
                segment_length,
                segment_length_mask,
                segment_count_length,
                fingerprints,
            } => FilterReader::Fuse(BinaryFuse8 {
                descriptor: xorf::Descriptor {
                    seed: *seed,
                    segment_length: *segment_length,
                    segment_length_mask: *segment_length_mask,
                    segment_count_length: *segment_count_length,
                },
                fingerprints: fingerprints.clone().into_boxed_slice(),
            }),
        }
    }

    /// Stored size in bytes (fingerprints or keys), for reports.
    pub fn size_bytes(&self) -> usize {
        match self {
            DocFilter::Keys(k) => k.len() * 8,
            DocFilter::Fuse { fingerprints, .. } => fingerprints.len() + 20,
        }
    }
}

/// A filter ready for lookups.
#[derive(Debug, Clone)]
pub enum FilterReader {
    Keys(Vec<u64>),
    Fuse(BinaryFuse8),
}

impl FilterReader {
    /// Whether the document may contain the key (never false for a key it contains).
    pub fn may_contain(&self, key: u64) -> bool {
        match self {
            FilterReader::Keys(k) => k.binary_search(&key).is_ok(),
            FilterReader::Fuse(f) => f.contains(&key),
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
    fn small_sets_are_exact_lists() {
        let f = DocFilter::build(&[1, 2, 3]);
        assert!(matches!(f, DocFilter::Keys(_)));
        assert!(!f.reader().may_contain(4));
    }
}
