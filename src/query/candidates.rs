//! Stage 1 and 2 of a query: the documents that contain a term, with where and
//! how often. Terms of one or two units come straight from their posting; longer
//! terms, and terms whose occurrences must be told apart (alias blockers, nested
//! alias names), go through [`super::verification`] on positions. No step
//! guesses, so the result is exact without reading any document text.

use super::parser::Term;
use super::store::{Needs, Store};
use super::verification::{aligned, drop_blocked, union_spans};
use crate::index::keys::{Field, FieldBounds, TermPlan};

/// Occurrences of a term (or of a typed word with its alias names) in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Occ {
    /// Occurrences in title, product names and body.
    pub tf: [u32; 3],
    /// First body position (relative to the body start).
    pub first_body: Option<u32>,
    /// Position spans `[start, end)` when known (needed to merge nested alias names).
    pub spans: Option<Vec<(u32, u32)>>,
    /// How the occurrences are written (script bits of [`crate::index::keys`]).
    pub script: u8,
}

impl Occ {
    pub fn found(&self) -> bool {
        self.tf.iter().any(|&n| n > 0)
    }

    /// Counts per field from spans.
    pub fn from_spans(spans: Vec<(u32, u32)>, bounds: &FieldBounds) -> Occ {
        let mut tf = [0u32; 3];
        let mut first_body = None;
        for &(s, _) in &spans {
            let f = bounds.field_of(s);
            tf[f as usize] += 1;
            if f == Field::Body && first_body.is_none() {
                first_body = Some(s - bounds.body_start);
            }
        }
        Occ {
            tf,
            first_body,
            spans: Some(spans),
            script: 0,
        }
    }

    /// Adds the occurrences of another name of the same word; occurrences nested
    /// in each other (`工商银行` in `中国工商银行`) count once when positions are known.
    pub fn absorb(&mut self, other: Occ, bounds: &FieldBounds) {
        let script = self.script | other.script;
        match (self.spans.take(), other.spans) {
            (Some(mut a), Some(b)) => {
                a.extend(b);
                *self = Occ::from_spans(union_spans(a), bounds);
                self.script = script;
            }
            _ => {
                for f in 0..3 {
                    self.tf[f] += other.tf[f];
                }
                self.first_body = match (self.first_body, other.first_body) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                self.script = script;
            }
        }
    }
}

/// Spans `[start, end)` of a string per document, documents ascending.
type DocSpans = Vec<(u32, Vec<(u32, u32)>)>;

/// Documents containing a term, ascending.
pub type TermDocs = Vec<(u32, Occ)>;

/// Spans of a normalized string in every document that has it (`None` when
/// its plan gives no positions: a single unit).
fn spans_of(store: &Store, text: &str, needs: &mut Needs) -> Option<DocSpans> {
    let span = TermPlan::span(text);
    let starts: Vec<(u32, Vec<u32>)> = match TermPlan::of(text, &store.entry.stop_words) {
        TermPlan::Nothing => return Some(Vec::new()),
        TermPlan::Posting(key) if span == 2 => store
            .positions(&key, needs)
            .iter()
            .map(|d| (d.doc, d.positions.clone()))
            .collect(),
        TermPlan::Posting(_) => return None,
        TermPlan::Aligned(grams) => aligned(store, &grams, needs),
    };
    Some(
        starts
            .into_iter()
            .map(|(d, ps)| (d, ps.into_iter().map(|p| (p, p + span)).collect()))
            .collect(),
    )
}

/// Whether a normalized string occurs anywhere in the corpus.
pub fn occurs(store: &Store, text: &str, needs: &mut Needs) -> bool {
    match TermPlan::of(text, &store.entry.stop_words) {
        TermPlan::Nothing => false,
        TermPlan::Posting(key) => !store.posting(&key, needs).is_empty(),
        TermPlan::Aligned(grams) => !aligned(store, &grams, needs).is_empty(),
    }
}

/// The documents that contain `term`. `with_spans` asks for positions even for
/// a two-unit term (to merge it with the other names of its word).
pub fn term_docs(store: &Store, term: &Term, with_spans: bool, needs: &mut Needs) -> TermDocs {
    let entry = &store.entry;
    let plain = term.not_within.is_empty() && !with_spans;
    if plain || TermPlan::span(&term.text) < 2 {
        if let TermPlan::Posting(key) = TermPlan::of(&term.text, &entry.stop_words) {
            return store
                .posting(&key, needs)
                .iter()
                .map(|o| {
                    (
                        o.doc,
                        Occ {
                            tf: o.tf,
                            first_body: o.first_body,
                            spans: None,
                            script: o.script,
                        },
                    )
                })
                .collect();
        }
    }
    let Some(mut docs) = spans_of(store, &term.text, needs) else {
        return Vec::new();
    };
    for blocker in &term.not_within {
        if let Some(blocked) = spans_of(store, blocker, needs) {
            drop_blocked(&mut docs, &blocked);
        }
    }
    // How the term is written in each document: from the posting of its first two units.
    let units = crate::analyzer::units(&term.text);
    let scripts = match units.get(1) {
        Some(second) => store.posting(&term.text[..second.end], needs).as_slice(),
        None => &[],
    };
    docs.into_iter()
        .filter(|(_, spans)| !spans.is_empty())
        .filter_map(|(d, spans)| {
            let bounds = &entry.docs.get(d as usize)?.bounds;
            let mut occ = Occ::from_spans(spans, bounds);
            if let Ok(i) = scripts.binary_search_by_key(&d, |o| o.doc) {
                occ.script = scripts[i].script;
            }
            Some((d, occ))
        })
        .collect()
}
