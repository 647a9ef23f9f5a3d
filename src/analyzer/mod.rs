//! The analyzer: text normalization and segmentation.
//!
//! One implementation serves the native indexer and the WASM search module, so a
//! query is folded exactly like the text it is matched against. The pipeline:
//!
//! 1. [`normalize`] folds each source character (NFKC, case, traditional →
//!    simplified, quote forms) and drops layout whitespace next to CJK, keeping
//!    a map back to source offsets so snippets show the original characters.
//! 2. [`units`] cuts normalized text into *units*: one unit per CJK character,
//!    one per Latin word or number (`45.81`, `3,443`, `x86`).
//! 3. [`tokens`] turns units into filter keys: every unit and every pair of
//!    adjacent units. A query's keys are a subset of the keys of any text that
//!    contains the query at unit boundaries, so the filters never cause a miss.

mod chars;
mod nfkc;
mod normalize;
mod t2s;
mod units;

pub use chars::{is_cjk, is_word_char};
pub use normalize::{normalize, normalize_query, Normalized};
pub use t2s::fold_traditional;
pub use units::{is_unit_boundary, token_keys, units, Unit, UnitKind};

/// Hash of a token as stored in the per-document filters.
///
/// Pinned to xxh3 with a fixed seed (never `std`'s `DefaultHasher`, whose output
/// may change between Rust releases), so the native indexer and the WASM module
/// agree on every key. Changing it requires a new index format version.
pub fn token_hash(token: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(token.as_bytes(), TOKEN_HASH_SEED)
}

const TOKEN_HASH_SEED: u64 = 0x6361_7365_7365_6172; // "casesear"
