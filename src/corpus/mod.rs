//! Case documents and the files that describe a corpus.
//!
//! A corpus is a folder of Markdown files with TOML front matter (one case per
//! file), a `casesearch.toml` that declares the facets, and an `aliases.toml`
//! that tells search which names mean the same institution or product.
//! [`seeds`] turns the association's source texts into such files.

pub mod aliases;
pub mod config;
pub mod document;

#[cfg(not(target_arch = "wasm32"))]
pub mod display;
#[cfg(not(target_arch = "wasm32"))]
pub mod loader;
#[cfg(not(target_arch = "wasm32"))]
pub mod markdown;
#[cfg(not(target_arch = "wasm32"))]
pub mod seeds;

pub use aliases::{AliasGroup, AliasTable};
pub use config::{Collection, Config, FacetField, FacetKind, Labels, COLLECTION_FIELD};
pub use document::{Document, Source};
