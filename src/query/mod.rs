//! Answering queries. The pipeline, one file per stage:
//!
//! 1. [`parser`] — the query language: clauses, alternatives, aliases;
//! 2. [`candidates`] — the documents containing each term, from postings;
//! 3. [`verification`] — exact phrases and alias blockers, on positions;
//! 4. [`facets`] — facet selection and disjunctive counts;
//! 5. [`scoring`] — BM25 and bonuses ([`rank`] holds the constants);
//! 6. [`hits`] — the page shown, with [`snippet`]s from the documents' text.
//!
//! [`Searcher`] ties them together over a [`store`] of loaded chunks; it is the
//! one entry point of the CLI and the browser module alike. [`SearchOptions`]
//! and [`SearchResponse`] are the contract, written as JSON by [`json`].

mod candidates;
mod facets;
mod hits;
pub mod json;
#[cfg(not(target_arch = "wasm32"))]
mod local;
mod matcher;
mod parser;
mod rank;
mod request;
mod response;
mod scoring;
mod searcher;
mod snippet;
mod store;
mod verification;

#[cfg(not(target_arch = "wasm32"))]
pub use local::{LocalIndex, MemoryIndex, OpenError};
pub use parser::{parse_query, Clause, ParsedQuery, Term};
pub use request::{SearchOptions, Sort, YearRange, YearRangeError};
pub use response::{FacetCount, FacetCounts, Hit, IndexInfo, SearchResponse, ShownDoc};
pub use searcher::{Outcome, SearchError, Searcher};
