//! The browser API (`wasm-bindgen`). The widget in `www/` is its only caller.
//!
//! Results cross into JavaScript through `serde-wasm-bindgen` in its
//! JSON-compatible mode, so `search()` returns exactly the object that the
//! CLI prints with `--json`.

use crate::query::{SearchOptions, Searcher};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A loaded index.
#[wasm_bindgen]
pub struct SearchIndex {
    inner: Searcher,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl SearchIndex {
    /// Reads an index from the bytes of `casesearch.idx`; throws a readable error if they are not one.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<SearchIndex, JsError> {
        let inner = Searcher::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(SearchIndex { inner })
    }

    /// Runs a query. `options`: `{filters: {field: value | [values]}, year: {from, to}, limit, offset, sort}`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts: SearchOptions = if options.is_undefined() || options.is_null() {
            SearchOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| JsError::new(&format!("invalid search options: {e}")))?
        };
        let response = self
            .inner
            .search(query, &opts)
            .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&response)
    }

    /// The whole document with this id, or `null`.
    pub fn show(&self, id: &str) -> Result<JsValue, JsError> {
        match self.inner.show(id) {
            Some(doc) => to_js(&doc),
            None => Ok(JsValue::NULL),
        }
    }

    /// Facet fields with their labels, document count, format version.
    pub fn info(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.info())
    }
}

/// Logs a message to the browser console (used for load diagnostics).
#[wasm_bindgen(js_name = logInfo)]
pub fn log_info(message: &str) {
    web_sys::console::info_1(&JsValue::from_str(message));
}
