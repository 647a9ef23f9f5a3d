//! The JSON contract of `search` and `show` (CLI `--json` and the widget's `search()`).
//!
//! Keep it stable: extend it, never rename or remove a field.

use crate::corpus::{Collection, FacetField, Source};
use std::collections::BTreeMap;

/// The answer to a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResponse {
    pub query: String,
    /// Number of matching documents (all pages).
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Per facet field (in configured order), each value with the number of
    /// documents the user gets by toggling it.
    pub facets: FacetCounts,
    /// True when no document matched the whole query and the hits match only parts of it.
    pub partial: bool,
    /// Query words that were ignored (stop words, lone punctuation).
    pub ignored: Vec<String>,
    pub offset: usize,
    pub limit: usize,
    pub sort: super::Sort,
    /// The facet selection the counts were computed for.
    pub filters: BTreeMap<String, Vec<String>>,
    /// The year range the counts were computed for (`null` when none), ORed with
    /// the year field's values in `filters`.
    pub year: Option<super::request::YearRange>,
    /// What was left unsearched of an over-long query (`null` when nothing).
    pub truncated: Option<super::Truncated>,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: String,
    /// The title HTML-escaped with `<mark>` around matches.
    pub title_html: String,
    pub score: f64,
    /// HTML-escaped text with `<mark>` around matches.
    pub snippet: String,
    pub facets: BTreeMap<String, Vec<String>>,
    pub source: Source,
    /// Further publications of the same text (collapsed duplicates).
    pub also_in: Vec<Source>,
}

/// A facet value and its count.
///
/// `count` is the number of results with this value given the query and the
/// *other* fields' selections (disjunctive faceting). While anything is
/// selected, values with no such result are listed too, with count 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
    /// True when this value is one of the field's values in `filters`.
    pub selected: bool,
}

/// Facet counts in configured field order, serialized as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FacetCounts(pub Vec<(String, Vec<FacetCount>)>);

impl FacetCounts {
    pub fn get(&self, field: &str) -> Option<&[FacetCount]> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_slice())
    }
}

/// A whole document, for `show` and the reader view.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownDoc {
    pub id: String,
    pub title: String,
    /// The title HTML-escaped, with `<mark>` around the query's matches.
    pub title_html: String,
    /// The text HTML-escaped, with `<mark>` around every match of the query.
    pub text_html: String,
    pub text: String,
    pub facets: BTreeMap<String, Vec<String>>,
    pub source: Source,
    pub also_in: Vec<Source>,
    pub products: Vec<String>,
    pub title_is_editorial: bool,
}

/// What the widget needs to know about an index before the first query.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexInfo {
    pub format_version: u32,
    pub generator: String,
    pub documents: usize,
    /// Facet fields in display order, each with its values' display names
    /// (`values[value]["zh-TW"]`).
    pub facets: Vec<FacetField>,
    /// The source publications: names and provenance for cards and the reader,
    /// matched to documents by `source.file`.
    pub collections: Vec<Collection>,
}
