//! The index: what the browser downloads to search a corpus offline.
//!
//! An index is an entry file (`casesearch.idx`) and a folder of chunk files
//! fetched only when a query needs them (see `docs/index.md`):
//!
//! | file | module | holds |
//! | --- | --- | --- |
//! | `casesearch.idx` | [`entry`] | config, aliases, per-document facets and lengths, chunk directories |
//! | `cs/<gen>/k*.bin` | [`postings`] | per unigram/bigram key: documents and frequencies |
//! | `cs/<gen>/p*.bin` | [`positions`] | per bigram/trigram key: positions, for exact phrases |
//! | `cs/<gen>/f*.bin` | [`fragment`] | one document to show: title, facets, provenance, text |
//! | `cs/<gen>/ids.bin` | [`fragment`] | document ids, for `show(id)` |
//!
//! Every file starts with the header of [`header`]; [`keys`] is the key policy
//! shared by the builder and the query side.

#[cfg(not(target_arch = "wasm32"))]
mod builder;
mod codec;
pub mod entry;
pub mod fragment;
pub mod header;
pub mod keys;
pub mod positions;
pub mod postings;

#[cfg(not(target_arch = "wasm32"))]
pub use builder::{build_index, seal, unseal, BuildStats, BuiltIndex};
pub use entry::{DocInfo, Entry};
pub use fragment::{Fragment, IdTable};
pub use header::{check_header, Kind, FORMAT_VERSION};

/// Folder of the chunk files, next to the entry file.
pub const CHUNK_DIR: &str = "cs";
/// File name of the entry file inside an output folder.
pub const ENTRY_FILE: &str = "casesearch.idx";

/// Why an index cannot be read. Messages are written for whoever maintains the site.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
pub enum IndexError {
    #[error("this file is not a casesearch index (it does not start with the index signature); point at the casesearch.idx written by `casesearch build`")]
    NotAnIndex,
    #[error("this index file was converted as text (its line endings were changed) and is damaged; copy it again as a binary file")]
    TextMode,
    #[error("the index was written in format version {found}, but this version of casesearch reads version {supported}; rebuild the index with the matching `casesearch build`")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("an index file holds {found} data where {expected} was expected; the index folder is mixed up, rebuild it with `casesearch build`")]
    WrongKind { expected: String, found: String },
    #[error("the index file is truncated ({actual} bytes, expected at least {expected}); the download was cut short or the copy is incomplete")]
    Truncated { expected: usize, actual: usize },
    #[error("the index file is damaged (its compressed data does not unpack); copy it again or rebuild it with `casesearch build`")]
    Damaged,
    #[error(
        "the index {section} cannot be decoded ({reason}); rebuild it with `casesearch build`"
    )]
    Decode { section: String, reason: String },
    #[error("the index is inconsistent: {0}; rebuild it with `casesearch build`")]
    Inconsistent(String),
    #[error("the corpus is too large for this index format (over 4 billion of something)")]
    TooLarge,
}
