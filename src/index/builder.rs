//! Building an index from documents.

use super::{DocFilter, DocMeta, Index, Meta};
use crate::analyzer::{normalize, normalize_query, token_keys};
use crate::corpus::{AliasTable, Config, Document};

/// The filter keys of a document: units and unit pairs of its title, product names and body.
pub fn document_keys(doc: &Document, config: &Config) -> Vec<u64> {
    let stop: Vec<String> = config
        .search
        .stop_words
        .iter()
        .map(|w| normalize_query(w))
        .collect();
    let skip = |unit: &str| stop.iter().any(|s| s == unit);
    let mut keys = Vec::new();
    for field in std::iter::once(&doc.title)
        .chain(doc.products.iter())
        .chain(std::iter::once(&doc.body))
    {
        keys.extend(token_keys(&normalize(field).text, &skip));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Builds the index of `docs`.
pub fn build_index(docs: &[Document], config: &Config, aliases: &AliasTable) -> Index {
    let mut metas = Vec::with_capacity(docs.len());
    let mut filters = Vec::with_capacity(docs.len());
    let mut texts = Vec::with_capacity(docs.len());
    for doc in docs {
        filters.push(DocFilter::build(&document_keys(doc, config)));
        metas.push(DocMeta {
            id: doc.id.clone(),
            title: doc.title.clone(),
            title_is_editorial: doc.title_is_editorial,
            products: doc.products.clone(),
            facets: doc.facets.clone(),
            source: doc.source.clone(),
            also_in: doc.also_in.clone(),
        });
        texts.push(doc.body.clone());
    }
    Index {
        meta: Meta {
            generator: concat!("casesearch ", env!("CARGO_PKG_VERSION")).to_string(),
            config: config.clone(),
            aliases: aliases.groups.clone(),
        },
        docs: metas,
        filters,
        texts,
    }
}
