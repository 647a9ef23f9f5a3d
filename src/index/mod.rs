//! The index: what the browser downloads to search a corpus offline.
//!
//! An index holds, per document, a binary-fuse filter over its token keys
//! (stage 1: which documents may contain a query), the document's text (stage 2:
//! exact verification, ranking and snippets) and its facet values. It is a
//! [`format`] container of independently checksummed sections, so the text can
//! later be split into lazily fetched chunks without changing the other parts.

mod builder;
mod filter;
pub mod format;

pub use builder::{build_index, document_keys};
pub use filter::{DocFilter, FilterReader};
pub use format::{IndexError, FORMAT_VERSION};

use crate::corpus::{AliasGroup, Config, Source};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Corpus-wide settings the search side needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// `casesearch` version that wrote the index.
    pub generator: String,
    pub config: Config,
    pub aliases: Vec<AliasGroup>,
}

/// A document's metadata (everything but its text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    pub id: String,
    pub title: String,
    pub title_is_editorial: bool,
    pub products: Vec<String>,
    pub facets: BTreeMap<String, Vec<String>>,
    pub source: Source,
    pub also_in: Vec<Source>,
}

/// A loaded index.
#[derive(Debug, Clone)]
pub struct Index {
    pub meta: Meta,
    pub docs: Vec<DocMeta>,
    pub filters: Vec<DocFilter>,
    /// Document bodies, parallel to `docs`.
    pub texts: Vec<String>,
}
