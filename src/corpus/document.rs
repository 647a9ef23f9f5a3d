//! The case document: what is indexed, shown and faceted.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a document's text comes from: a file and 1-based inclusive line ranges in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    pub file: String,
    #[serde(default)]
    pub segments: Vec<[u32; 2]>,
}

/// One searchable case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier, unique in the corpus (`000-01`, or a file stem).
    pub id: String,
    /// The title shown in results.
    pub title: String,
    /// True when the source prints no title and `title` was written by an editor.
    #[serde(default)]
    pub title_is_editorial: bool,
    /// Product and service names: searchable and boosted in ranking.
    #[serde(default)]
    pub products: Vec<String>,
    /// Facet values by field name (fields are declared in the corpus config).
    #[serde(default)]
    pub facets: BTreeMap<String, Vec<String>>,
    /// Provenance of the text.
    pub source: Source,
    /// Other places where the same text was published (collapsed duplicates).
    #[serde(default)]
    pub also_in: Vec<Source>,
    /// Plain text, paragraphs separated by blank lines.
    pub body: String,
}

impl Document {
    /// The first value of a facet field, if any.
    pub fn facet(&self, field: &str) -> Option<&str> {
        self.facets
            .get(field)
            .and_then(|v| v.first())
            .map(String::as_str)
    }
}
