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
//!
//! Which strings of units become index keys is the index's key policy
//! (`crate::index::keys`), built on these units.

mod chars;
mod nfkc;
mod normalize;
mod t2s;
mod units;

pub use chars::{is_cjk, is_word_char};
pub use normalize::{normalize, normalize_query, Normalized};
pub use t2s::{fold_traditional, Script, ScriptDetector};
pub use units::{is_unit_boundary, units, Unit, UnitKind};
