//! The searcher: parse → candidates and verification ([`super::candidates`]) →
//! facets → scoring ([`super::scoring`]) → order and page → hits and snippets
//! ([`super::hits`]).
//!
//! A search runs against whatever chunks the [`Store`] holds. When it needs
//! more, it answers [`Outcome::Need`] with their names; the caller adds them and
//! asks again. Each stage asks for everything it needs at once, so a query
//! takes at most three rounds: its terms, the fallback to its parts, and the
//! fragments of the page shown.

use super::candidates::{occurs, term_docs, Occ};
use super::facets::FacetIndex;
use super::parser::{parse_query, Clause, Term};
use super::rank;
use super::request::{SearchOptions, Sort, MAX_LIMIT};
use super::response::{IndexInfo, SearchResponse, ShownDoc};
use super::scoring::{score, ScoreContext, WordOccs};
use super::store::{Needs, Store};
use super::{hits, Hit};
use crate::analyzer::{normalize_query, units, Script, ScriptDetector, UnitKind};
use crate::index::keys::{SIMPLIFIED, TRADITIONAL};
use crate::index::{Entry, IndexError, FORMAT_VERSION};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why a search request cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("unknown facet field `{field}`; this index has: {known}")]
    UnknownFacet { field: String, known: String },
}

/// An answer, or the chunks needed to give it.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T> {
    Done(T),
    Need(Vec<String>),
}

impl<T> Outcome<T> {
    fn need(needs: Needs) -> Outcome<T> {
        Outcome::Need(needs.0.into_iter().collect())
    }
}

/// Returns `Outcome::Need` from the enclosing function when `needs` is not empty.
macro_rules! require {
    ($needs:expr) => {
        if !$needs.is_empty() {
            return Ok(Outcome::need($needs));
        }
    };
}

/// A loaded index, ready to answer queries.
#[derive(Debug, Clone)]
pub struct Searcher {
    store: Store,
    facets: FacetIndex,
    avg_len: f64,
}

/// How one clause matched: per document, per typed word.
type ClauseDocs = HashMap<u32, WordOccs>;

impl Searcher {
    /// Prepares a decoded entry file for searching. Nothing here reads text:
    /// lengths and facets come ready from the build.
    pub fn new(entry: Entry) -> Searcher {
        let raw: Vec<BTreeMap<String, Vec<String>>> = (0..entry.docs.len())
            .map(|d| {
                entry
                    .facets
                    .iter()
                    .enumerate()
                    .map(|(f, field)| {
                        let values = entry.doc_facets[f][d]
                            .iter()
                            .map(|&v| entry.facet_values[f][v as usize].clone())
                            .collect();
                        (field.field.clone(), values)
                    })
                    .collect()
            })
            .collect();
        let facets = FacetIndex::new(&entry.facets, &raw);
        let total: f64 = entry
            .docs
            .iter()
            .map(|d| f64::from(d.bounds.body_len))
            .sum();
        let avg_len = total / (entry.docs.len().max(1) as f64);
        Searcher {
            store: Store::new(entry),
            facets,
            avg_len,
        }
    }

    /// Adds a chunk the searcher asked for (decompressed payload).
    pub fn add_chunk(&mut self, name: &str, payload: &[u8]) -> Result<(), IndexError> {
        self.store.add(name, payload)
    }

    /// Names of every chunk of the index, for fetching it all ahead of time.
    pub fn all_chunks(&self) -> Vec<String> {
        self.store.all_chunks()
    }

    fn entry(&self) -> &Entry {
        &self.store.entry
    }

    /// Facet fields and index facts, for the widget.
    pub fn info(&self) -> IndexInfo {
        IndexInfo {
            format_version: FORMAT_VERSION,
            generator: self.entry().generator.clone(),
            documents: self.entry().docs.len(),
            facets: self.entry().facets.clone(),
            collections: self.entry().collections.clone(),
        }
    }

    /// The whole document with this id, with the matches of `query` marked.
    pub fn show(&self, id: &str, query: &str) -> Outcome<Option<ShownDoc>> {
        let mut needs = Needs::default();
        let Some(d) = self.store.doc_of(id, &mut needs) else {
            return if needs.is_empty() {
                Outcome::Done(None)
            } else {
                Outcome::need(needs)
            };
        };
        match self.store.fragment(d, &mut needs) {
            Some(f) => {
                let entry = self.entry();
                let parsed = parse_query(query, &entry.stop_words, &entry.aliases);
                let clauses: Vec<Clause> = parsed.positive().cloned().collect();
                Outcome::Done(Some(hits::shown(f, &clauses)))
            }
            None => Outcome::need(needs),
        }
    }

    /// How a clause matches every document that has it.
    fn match_clause(&self, clause: &Clause, needs: &mut Needs) -> ClauseDocs {
        let words = clause
            .alternatives
            .iter()
            .map(|t| t.word + 1)
            .max()
            .unwrap_or(0);
        let mut out: ClauseDocs = HashMap::new();
        for t in &clause.alternatives {
            let shared = clause
                .alternatives
                .iter()
                .filter(|o| o.word == t.word)
                .count()
                > 1;
            for (d, occ) in term_docs(&self.store, t, shared, needs) {
                let Some(info) = self.entry().docs.get(d as usize) else {
                    continue;
                };
                let slot = &mut out.entry(d).or_insert_with(|| vec![Occ::default(); words])[t.word];
                if slot.found() {
                    slot.absorb(occ, &info.bounds);
                } else {
                    *slot = occ;
                }
            }
        }
        out
    }

    /// Runs a query with options.
    pub fn search(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<Outcome<SearchResponse>, SearchError> {
        let entry = self.entry();
        let selection = self
            .facets
            .selection(&opts.filters, opts.year.as_ref())
            .map_err(|field| SearchError::UnknownFacet {
                field,
                known: entry
                    .facets
                    .iter()
                    .map(|f| f.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let parsed = parse_query(query, &entry.stop_words, &entry.aliases);
        let n = entry.docs.len();
        let mut needs = Needs::default();

        let excluded: BTreeSet<u32> = parsed
            .negative()
            .flat_map(|c| self.match_clause(c, &mut needs).into_keys())
            .collect();
        let mut clauses: Vec<Clause> = parsed.positive().cloned().collect();
        let mut matches: Vec<ClauseDocs> = clauses
            .iter()
            .map(|c| self.match_clause(c, &mut needs))
            .collect();
        let phrase_docs: BTreeSet<u32> = whole_query_phrase(&clauses)
            .map(|p| {
                let t = Term {
                    text: p,
                    raw: String::new(),
                    not_within: Vec::new(),
                    word: 0,
                };
                term_docs(&self.store, &t, false, &mut needs)
                    .into_iter()
                    .map(|(d, _)| d)
                    .collect()
            })
            .unwrap_or_default();
        require!(needs);

        let all = |ms: &[ClauseDocs]| -> Vec<usize> {
            let Some((first, rest)) = ms.split_first() else {
                return Vec::new();
            };
            let mut ds: Vec<usize> = first
                .keys()
                .filter(|d| rest.iter().all(|m| m.contains_key(d)) && !excluded.contains(d))
                .map(|&d| d as usize)
                .collect();
            ds.sort_unstable();
            ds
        };
        let mut matching: Vec<usize> = if clauses.is_empty() {
            (0..n).filter(|&d| !excluded.contains(&doc_id(d))).collect()
        } else {
            all(&matches)
        };
        let mut partial = false;
        if matching.is_empty() && !clauses.is_empty() {
            let parts = self.fallback_parts(&clauses, &mut needs);
            require!(needs);
            if !parts.is_empty() {
                clauses = parts;
                matches = clauses
                    .iter()
                    .map(|c| self.match_clause(c, &mut needs))
                    .collect();
                require!(needs);
                // Parts found in half the documents or more say little; use them only if nothing else matched.
                let informative: Vec<usize> = (0..clauses.len())
                    .filter(|&c| matches[c].len() * 2 < n.max(2))
                    .collect();
                let use_parts: Vec<usize> = if informative.is_empty() {
                    (0..clauses.len()).collect()
                } else {
                    informative
                };
                let mut set: BTreeSet<usize> = BTreeSet::new();
                for &c in &use_parts {
                    set.extend(
                        matches[c]
                            .keys()
                            .map(|&d| d as usize)
                            .filter(|d| !excluded.contains(&doc_id(*d))),
                    );
                }
                matching = set.into_iter().collect();
                partial = !matching.is_empty();
            }
        }

        let hits = self.facets.apply(&matching, &selection);
        let counts = self.facets.counts(&matching, &selection);
        let idfs: Vec<Vec<f64>> = matches
            .iter()
            .map(|per_doc| {
                let words = per_doc.values().map(Vec::len).max().unwrap_or(0);
                (0..words)
                    .map(|w| rank::idf(n, per_doc.values().filter(|m| m[w].found()).count()))
                    .collect()
            })
            .collect();
        let typed: String = clauses
            .iter()
            .filter_map(|c| c.alternatives.first())
            .map(|t| t.raw.as_str())
            .collect();
        let query_script = match ScriptDetector::shared().script(&typed) {
            Script::Traditional => TRADITIONAL,
            Script::Simplified => SIMPLIFIED,
            Script::Neutral => 0,
        };
        let scores: Vec<f64> = hits
            .iter()
            .map(|&d| {
                let doc = &entry.docs[d];
                let per_clause: Vec<Option<&WordOccs>> =
                    matches.iter().map(|m| m.get(&doc_id(d))).collect();
                let ctx = ScoreContext {
                    doc,
                    avg_len: self.avg_len,
                    phrase: !partial && phrase_docs.contains(&doc_id(d)),
                    same_script: per_clause
                        .iter()
                        .flatten()
                        .flat_map(|words| words.iter())
                        .any(|w| w.found() && w.script & query_script != 0),
                    partial,
                };
                score(&per_clause, &idfs, &ctx)
            })
            .collect();
        let sort = if clauses.is_empty() && opts.sort == Sort::Relevance {
            Sort::Newest
        } else {
            opts.sort
        };
        let mut order: Vec<usize> = (0..hits.len()).collect();
        // Document numbers follow (newest year, title, id), so they break every tie.
        let year = |d: usize| entry.docs[d].year;
        order.sort_by(|&a, &b| {
            let (da, db) = (hits[a], hits[b]);
            match sort {
                Sort::Relevance => scores[b]
                    .total_cmp(&scores[a])
                    .then_with(|| year(db).cmp(&year(da)))
                    .then(da.cmp(&db)),
                Sort::Newest => da.cmp(&db),
                Sort::Oldest => match (year(da), year(db)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (x, y) => y.is_some().cmp(&x.is_some()),
                }
                .then(da.cmp(&db)),
            }
        });
        let limit = opts.limit.min(MAX_LIMIT);
        let page: Vec<usize> = order
            .iter()
            .skip(opts.offset)
            .take(limit)
            .copied()
            .collect();
        let fragments: Vec<_> = page
            .iter()
            .map(|&k| self.store.fragment(doc_id(hits[k]), &mut needs))
            .collect();
        require!(needs);
        let shown: Vec<Hit> = page
            .iter()
            .zip(fragments)
            .filter_map(|(&k, f)| Some(hits::hit(f?, scores[k], &clauses)))
            .collect();
        Ok(Outcome::Done(SearchResponse {
            query: query.to_string(),
            total: hits.len(),
            hits: shown,
            facets: counts,
            partial,
            ignored: parsed.ignored,
            offset: opts.offset,
            limit,
            sort,
            filters: opts.filters.clone(),
            year: selection.year(),
            truncated: parsed.truncated,
        }))
    }

    /// For a query no document matches as a whole: its meaningful parts — the
    /// longest pieces (2+ characters, or whole Latin words) that occur in the corpus.
    fn fallback_parts(&self, clauses: &[Clause], needs: &mut Needs) -> Vec<Clause> {
        let mut parts: Vec<String> = Vec::new();
        for clause in clauses {
            let Some(t) = clause.alternatives.first() else {
                continue;
            };
            let us = units(&t.text);
            let mut i = 0;
            while i < us.len() {
                match us[i].kind {
                    UnitKind::Mark => i += 1,
                    UnitKind::Word => {
                        let w = &t.text[us[i].start..us[i].end];
                        if occurs(&self.store, w, needs) {
                            parts.push(w.to_string());
                        }
                        i += 1;
                    }
                    UnitKind::Cjk => {
                        let mut best = None;
                        let mut j = i + 1;
                        while j < us.len() && j - i < 12 && us[j].kind == UnitKind::Cjk {
                            if occurs(&self.store, &t.text[us[i].start..us[j].end], needs) {
                                best = Some(j);
                            } else if needs.is_empty() {
                                // A longer piece cannot occur when this one does not.
                                break;
                            }
                            j += 1;
                        }
                        match best {
                            Some(j) => {
                                parts.push(t.text[us[i].start..us[j].end].to_string());
                                i = j + 1;
                            }
                            None => i += 1,
                        }
                    }
                }
            }
        }
        parts.sort();
        parts.dedup();
        parts
            .into_iter()
            // A part that is a whole clause would have matched already.
            .filter(|p| {
                clauses.len() > 1
                    || !clauses
                        .iter()
                        .any(|c| c.alternatives.iter().any(|t| &t.text == p))
            })
            .map(|p| Clause {
                negated: false,
                alternatives: vec![Term {
                    raw: String::new(),
                    text: p,
                    not_within: Vec::new(),
                    word: 0,
                }],
            })
            .collect()
    }
}

/// A document number as the index stores it (the entry holds at most `u32::MAX` documents).
fn doc_id(d: usize) -> u32 {
    u32::try_from(d).unwrap_or(u32::MAX)
}

/// The positive words of a query of several words, read as one phrase
/// (`科创 e 贷` → `科创e贷`), or `None` for a single word.
fn whole_query_phrase(clauses: &[Clause]) -> Option<String> {
    if clauses.len() < 2 {
        return None;
    }
    let typed: Vec<&str> = clauses
        .iter()
        .filter_map(|c| c.alternatives.first())
        .map(|t| t.text.as_str())
        .collect();
    Some(normalize_query(&typed.join(" ")))
}
