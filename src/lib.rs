//! casesearch: offline full-text and facet search for Chinese case-study collections.
//!
//! The crate is laid out by job:
//! - [`analyzer`] — normalization and segmentation, shared by indexer and browser;
//! - [`corpus`] — case documents (Markdown with front matter), config, aliases, seed import;
//! - [`index`] — the versioned binary index: format, builder, reader;
//! - [`query`] — query language, matching, ranking, facets, snippets;
//! - `wasm` — the `wasm-bindgen` API used by the widget in `www/` (wasm32 only);
//! - `cli` — the native `casesearch` command (not on wasm32).

#![forbid(unsafe_code)]

pub mod analyzer;
pub mod corpus;
pub mod index;
pub mod query;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(target_arch = "wasm32")]
mod wasm;
