//! The browser API (`wasm-bindgen`), used by `www/worker.js`. Plain parameters
//! in, JSON text out: the text comes from the same writer as the CLI's
//! `--json`, so the two agree by construction. The protocol is in `docs/index.md`.

use crate::index::{check_header, Entry, Kind};
use crate::query::json::ToJson;
use crate::query::{Outcome, SearchOptions, Searcher, Sort, YearRange};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

/// A loaded index and the chunks added so far.
#[wasm_bindgen]
pub struct SearchIndex {
    inner: Searcher,
}

fn need_json(names: &[String]) -> String {
    let mut out = String::from("{\"need\":");
    out.push_str(&names.to_vec().to_json());
    out.push('}');
    out
}

/// "" when `bytes` start with a valid header for `kind` ("entry", or a chunk name); else a readable message.
#[wasm_bindgen(js_name = checkHeader)]
pub fn check_header_js(bytes: &[u8], kind: &str) -> String {
    let kind = Kind::from_name(kind).or_else(|| Entry::kind_of(kind));
    match kind {
        Some(k) => check_header(bytes, k)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default(),
        None => format!("unknown index file kind {kind:?}"),
    }
}

#[wasm_bindgen]
impl SearchIndex {
    /// Reads the decompressed payload of `casesearch.idx`.
    #[wasm_bindgen(constructor)]
    pub fn new(payload: &[u8]) -> Result<SearchIndex, JsError> {
        let entry = Entry::decode(payload).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(SearchIndex {
            inner: Searcher::new(entry),
        })
    }

    /// Adds the decompressed payload of a chunk the index asked for.
    #[wasm_bindgen(js_name = addChunk)]
    pub fn add_chunk(&mut self, name: &str, payload: &[u8]) -> Result<(), JsError> {
        self.inner
            .add_chunk(name, payload)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Runs a query: the response JSON, or `{"need": [chunk names]}`.
    /// `filters`: `field\tvalue` lines; `year`: "" or a range as the CLI's `--year`
    /// takes it (`2020..2022`, `2020..`, `..2022`, `2021`).
    pub fn search(
        &self,
        query: &str,
        filters: &str,
        year: &str,
        sort: &str,
        offset: u32,
        limit: u32,
    ) -> Result<String, JsError> {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in filters.lines().filter(|l| !l.is_empty()) {
            let (field, value) = line.split_once('\t').ok_or_else(|| {
                JsError::new("invalid search options: filters must be `field\\tvalue` lines")
            })?;
            map.entry(field.to_string())
                .or_default()
                .push(value.to_string());
        }
        let year = match year.trim() {
            "" | ".." => None,
            text => Some(
                YearRange::parse(text)
                    .map_err(|e| JsError::new(&format!("invalid search options: {e}")))?,
            ),
        };
        let opts = SearchOptions {
            filters: map,
            limit: limit as usize,
            offset: offset as usize,
            sort: Sort::from_name(sort).ok_or_else(|| {
                JsError::new("invalid search options: sort must be relevance, newest or oldest")
            })?,
            year,
        };
        match self
            .inner
            .search(query, &opts)
            .map_err(|e| JsError::new(&e.to_string()))?
        {
            Outcome::Done(r) => Ok(r.to_json()),
            Outcome::Need(names) => Ok(need_json(&names)),
        }
    }

    /// The whole document with this id, the matches of `query` marked: JSON,
    /// `null`, or `{"need": [...]}`.
    pub fn show(&self, id: &str, query: &str) -> String {
        match self.inner.show(id, query) {
            Outcome::Done(doc) => doc.to_json(),
            Outcome::Need(names) => need_json(&names),
        }
    }

    /// Facet fields with their labels, document count, format version (JSON).
    pub fn info(&self) -> String {
        self.inner.info().to_json()
    }

    /// Every chunk of the index (JSON array of names), for "make available offline".
    #[wasm_bindgen(js_name = allChunks)]
    pub fn all_chunks(&self) -> String {
        self.inner.all_chunks().to_json()
    }
}

/// Logs a message to the browser console (used for load diagnostics).
#[wasm_bindgen(js_name = logInfo)]
pub fn log_info(message: &str) {
    web_sys::console::info_1(&JsValue::from_str(message));
}
