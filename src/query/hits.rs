//! The last stage: a page of results from the documents' fragments, with the
//! title and snippet highlighted where the query's terms occur.

use super::matcher::find_matches;
use super::parser::Clause;
use super::response::{Hit, ShownDoc};
use super::snippet::{highlight, mark_exact, snippet, ClauseMatch};
use crate::analyzer::normalize;
use crate::index::Fragment;

/// Where the clauses' terms occur in normalized text.
fn find(clauses: &[Clause], norm: &str) -> Vec<ClauseMatch> {
    let mut found = Vec::new();
    for (c, clause) in clauses.iter().enumerate() {
        for t in &clause.alternatives {
            found.extend(
                find_matches(norm, &t.text, &t.not_within)
                    .into_iter()
                    .map(|(s, e)| (s, e, c)),
            );
        }
    }
    found
}

/// Builds the hit shown for a document.
pub fn hit(f: &Fragment, score: f64, clauses: &[Clause]) -> Hit {
    let norm_body = normalize(&f.text);
    let norm_title = normalize(&f.title);
    let find = |norm: &str| find(clauses, norm);
    Hit {
        id: f.id.clone(),
        title: f.title.clone(),
        title_html: highlight(&f.title, &norm_title, &find(&norm_title.text)),
        score,
        snippet: snippet(&f.text, &norm_body, &find(&norm_body.text)),
        facets: f.facets.clone(),
        source: f.source.clone(),
        also_in: f.also_in.clone(),
    }
}

/// The whole document, as `show` returns it, with every occurrence of the
/// clauses' terms marked in `title_html` and `text_html`.
pub fn shown(f: &Fragment, clauses: &[Clause]) -> ShownDoc {
    let norm_body = normalize(&f.text);
    let norm_title = normalize(&f.title);
    ShownDoc {
        id: f.id.clone(),
        title: f.title.clone(),
        title_html: mark_exact(&f.title, &norm_title, &find(clauses, &norm_title.text)),
        text_html: mark_exact(&f.text, &norm_body, &find(clauses, &norm_body.text)),
        text: f.text.clone(),
        facets: f.facets.clone(),
        source: f.source.clone(),
        also_in: f.also_in.clone(),
        products: f.products.clone(),
        title_is_editorial: f.title_is_editorial,
    }
}
