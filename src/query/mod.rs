//! Answering queries: the query language, exact matching, ranking, facets and snippets.
//!
//! [`Searcher`] is the one entry point, used by the CLI and by the WASM module
//! alike; [`SearchOptions`] and [`SearchResponse`] are the JSON contract.

mod engine;
mod facets;
mod matcher;
mod parser;
mod rank;
mod request;
mod response;
mod snippet;

pub use engine::{SearchError, Searcher, Stage1Stats};
pub use parser::{parse_query, Clause, ParsedQuery, Term, Truncated, MAX_CLAUSES, MAX_QUERY_CHARS};
pub use request::{SearchOptions, Sort, YearRange, YearRangeError};
pub use response::{FacetCount, FacetCounts, Hit, IndexInfo, SearchResponse, ShownDoc};
