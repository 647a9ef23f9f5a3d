//! Search options, as given by the CLI flags or the widget's `search(query, options)`.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (for an empty query: newest first).
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// Options of one search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchOptions {
    /// Selected facet values: values of one field are ORed, fields are ANDed.
    #[serde(deserialize_with = "one_or_many")]
    pub filters: BTreeMap<String, Vec<String>>,
    /// Page size.
    pub limit: usize,
    /// Number of hits to skip.
    pub offset: usize,
    pub sort: Sort,
}

/// Default page size.
pub const DEFAULT_LIMIT: usize = 10;
/// Largest page a caller may ask for.
pub const MAX_LIMIT: usize = 1000;

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            filters: BTreeMap::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            sort: Sort::Relevance,
        }
    }
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let raw: BTreeMap<String, OneOrMany> = BTreeMap::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                OneOrMany::One(s) => vec![s],
                OneOrMany::Many(v) => v,
            };
            (k, v)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect())
}
