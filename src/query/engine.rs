//! The searcher: stage-1 filters, exact verification, ranking, facets, snippets.

use super::facets::FacetIndex;
use super::matcher::{contains, find_matches};
use super::parser::{parse_query, Clause, Term};
use super::rank;
use super::request::{SearchOptions, Sort, MAX_LIMIT};
use super::response::{Hit, IndexInfo, SearchResponse, ShownDoc};
use super::snippet::{highlight, snippet, ClauseMatch};
use crate::analyzer::{normalize, normalize_query, token_keys, units, UnitKind};
use crate::corpus::FacetKind;
use crate::index::FilterReader;
use crate::index::{Index, IndexError, FORMAT_VERSION};

/// Why a search request cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("unknown facet field `{field}`; this index has: {known}")]
    UnknownFacet { field: String, known: String },
}

/// Outcome of the filter stage for one query (see [`Searcher::stage1_stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stage1Stats {
    pub documents: usize,
    /// Documents whose filters contain every key of the query.
    pub candidates: usize,
    /// Candidates that really contain the query.
    pub verified: usize,
}

/// Where one typed word (with its alias expansions) occurs in one document.
#[derive(Debug, Clone, Default)]
struct WordMatch {
    body: Vec<(usize, usize)>,
    title: Vec<(usize, usize)>,
    products: Vec<(usize, usize)>,
    exact: bool,
}

impl WordMatch {
    fn found(&self) -> bool {
        !(self.body.is_empty() && self.title.is_empty() && self.products.is_empty())
    }

    /// Adds another term's occurrences; an occurrence inside another one
    /// (`工商银行` inside `中国工商银行`) counts once.
    fn absorb(&mut self, other: WordMatch) {
        for (mine, theirs) in [
            (&mut self.body, other.body),
            (&mut self.title, other.title),
            (&mut self.products, other.products),
        ] {
            mine.extend(theirs);
            dedup_spans(mine);
        }
        self.exact |= other.exact;
    }
}

/// The positive words of a query of several words, read as one phrase
/// (`科创 e 贷` → `科创e贷`), or `None` when that adds nothing.
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

/// Sorts spans and drops those contained in another.
fn dedup_spans(spans: &mut Vec<(usize, usize)>) {
    spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for &s in spans.iter() {
        if !kept.last().is_some_and(|k| k.0 <= s.0 && s.1 <= k.1) {
            kept.push(s);
        }
    }
    *spans = kept;
}

/// How one clause matched one document: one entry per typed word of the clause.
#[derive(Debug, Clone, Default)]
struct DocMatch {
    words: Vec<WordMatch>,
}

impl DocMatch {
    /// Body occurrences of any of the clause's words, in text order.
    fn body_spans(&self) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = self
            .words
            .iter()
            .flat_map(|w| w.body.iter().copied())
            .collect();
        dedup_spans(&mut spans);
        spans
    }
}

/// A loaded index, ready to answer queries.
#[derive(Debug, Clone)]
pub struct Searcher {
    index: Index,
    filters: Vec<FilterReader>,
    norm_body: Vec<String>,
    norm_title: Vec<String>,
    norm_products: Vec<String>,
    body_len: Vec<f64>,
    avg_len: f64,
    years: Vec<Option<i32>>,
    facets: FacetIndex,
    stop_words: Vec<String>,
}

impl Searcher {
    /// Reads an index file's bytes (see [`Index::from_bytes`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Searcher, IndexError> {
        Ok(Searcher::new(Index::from_bytes(bytes)?))
    }

    /// Prepares an index for searching: normalizes every text once.
    #[allow(
        clippy::redundant_closure_for_method_calls,
        reason = "engine is being rewritten"
    )]
    pub fn new(index: Index) -> Searcher {
        let norm_body: Vec<String> = index.texts.iter().map(|t| normalize(t).text).collect();
        let norm_title = index
            .docs
            .iter()
            .map(|d| normalize(&d.title).text)
            .collect();
        let norm_products = index
            .docs
            .iter()
            .map(|d| normalize(&d.products.join("\n")).text)
            .collect();
        let body_len: Vec<f64> = norm_body.iter().map(|t| t.chars().count() as f64).collect();
        let avg_len = body_len.iter().sum::<f64>() / (body_len.len().max(1) as f64);
        let year_field = index
            .meta
            .config
            .facets
            .iter()
            .find(|f| f.kind == FacetKind::Year)
            .map(|f| f.field.clone());
        let years = index
            .docs
            .iter()
            .map(|d| {
                year_field
                    .as_ref()
                    .and_then(|f| d.facets.get(f)?.first()?.parse().ok())
            })
            .collect();
        let facets = FacetIndex::new(&index.meta.config.facets, &index.docs);
        let stop_words = index
            .meta
            .config
            .search
            .stop_words
            .iter()
            .map(|w| normalize_query(w))
            .collect();
        let filters = index.filters.iter().map(|f| f.reader()).collect();
        Searcher {
            index,
            filters,
            norm_body,
            norm_title,
            norm_products,
            body_len,
            avg_len,
            years,
            facets,
            stop_words,
        }
    }

    /// Facet fields and index facts, for the widget.
    pub fn info(&self) -> IndexInfo {
        IndexInfo {
            format_version: FORMAT_VERSION,
            generator: self.index.meta.generator.clone(),
            documents: self.index.docs.len(),
            facets: self.index.meta.config.facets.clone(),
        }
    }

    /// Stage-1 statistics of a query: how many documents the filters let through
    /// (for all positive clauses) and how many of those really match. The
    /// difference is the filters' false positives, which verification removes.
    pub fn stage1_stats(&self, query: &str) -> Stage1Stats {
        let parsed = parse_query(query, &self.stop_words, &self.index.meta.aliases);
        let skip = |u: &str| self.stop_words.iter().any(|s| s == u);
        let clauses: Vec<(&Clause, Vec<Vec<u64>>)> = parsed
            .positive()
            .map(|c| {
                (
                    c,
                    c.alternatives
                        .iter()
                        .map(|t| token_keys(&t.text, &skip))
                        .collect(),
                )
            })
            .collect();
        let mut stats = Stage1Stats {
            documents: self.index.docs.len(),
            ..Stage1Stats::default()
        };
        for d in 0..self.index.docs.len() {
            let passes = clauses.iter().all(|(_, keys)| {
                keys.iter()
                    .any(|k| k.iter().all(|&key| self.filters[d].may_contain(key)))
            });
            if passes {
                stats.candidates += 1;
                if clauses.iter().all(|(c, _)| self.clause_in_doc(c, d)) {
                    stats.verified += 1;
                }
            }
        }
        stats
    }

    /// The whole document with this id.
    pub fn show(&self, id: &str) -> Option<ShownDoc> {
        let d = self.index.docs.iter().position(|d| d.id == id)?;
        let meta = &self.index.docs[d];
        Some(ShownDoc {
            id: meta.id.clone(),
            title: meta.title.clone(),
            text: self.index.texts[d].clone(),
            facets: meta.facets.clone(),
            source: meta.source.clone(),
            also_in: meta.also_in.clone(),
            products: meta.products.clone(),
            title_is_editorial: meta.title_is_editorial,
        })
    }

    /// Runs a query with options.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResponse, SearchError> {
        let selection = self
            .facets
            .selection(&opts.filters, opts.year.as_ref())
            .map_err(|field| SearchError::UnknownFacet {
                field,
                known: self
                    .index
                    .meta
                    .config
                    .facets
                    .iter()
                    .map(|f| f.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let parsed = parse_query(query, &self.stop_words, &self.index.meta.aliases);
        let n = self.index.docs.len();
        let negatives: Vec<&Clause> = parsed.negative().collect();
        let excluded = |d: usize| negatives.iter().any(|c| self.clause_in_doc(c, d));

        let mut clauses: Vec<Clause> = parsed.positive().cloned().collect();
        let mut matches: Vec<Vec<Option<DocMatch>>> =
            clauses.iter().map(|c| self.match_clause(c)).collect();
        let mut matching: Vec<usize> = (0..n)
            .filter(|&d| matches.iter().all(|m| m[d].is_some()) && !excluded(d))
            .collect();
        let mut partial = false;
        if matching.is_empty() && !clauses.is_empty() {
            let parts = self.fallback_parts(&clauses);
            if !parts.is_empty() {
                clauses = parts;
                matches = clauses.iter().map(|c| self.match_clause(c)).collect();
                let informative: Vec<usize> = (0..clauses.len())
                    .filter(|&c| matches[c].iter().filter(|m| m.is_some()).count() * 2 < n.max(2))
                    .collect();
                matching = (0..n)
                    .filter(|&d| !excluded(d))
                    .filter(|&d| {
                        if informative.is_empty() {
                            matches.iter().any(|m| m[d].is_some())
                        } else {
                            informative.iter().any(|&c| matches[c][d].is_some())
                        }
                    })
                    .collect();
                partial = !matching.is_empty();
            }
        }

        let hits = self.facets.apply(&matching, &selection);
        let counts = self.facets.counts(&matching, &selection);
        let idfs = self.word_idfs(&matches);
        let phrase = (!partial).then(|| whole_query_phrase(&clauses)).flatten();
        let scores: Vec<f64> = hits
            .iter()
            .map(|&d| self.score(d, &matches, &idfs, partial, phrase.as_deref()))
            .collect();
        let mut order: Vec<usize> = (0..hits.len()).collect();
        let sort = if clauses.is_empty() && opts.sort == Sort::Relevance {
            Sort::Newest
        } else {
            opts.sort
        };
        order.sort_by(|&a, &b| {
            let (da, db) = (hits[a], hits[b]);
            let by_score = || scores[b].total_cmp(&scores[a]);
            let by_title = || self.index.docs[da].title.cmp(&self.index.docs[db].title);
            let by_id = || self.index.docs[da].id.cmp(&self.index.docs[db].id);
            match sort {
                Sort::Relevance => by_score()
                    .then_with(|| self.years[db].cmp(&self.years[da]))
                    .then_with(by_id),
                Sort::Newest => self
                    .by_year(da, db, true)
                    .then_with(by_title)
                    .then_with(by_id),
                Sort::Oldest => self
                    .by_year(da, db, false)
                    .then_with(by_title)
                    .then_with(by_id),
            }
        });
        let limit = opts.limit.min(MAX_LIMIT);
        let page: Vec<Hit> = order
            .iter()
            .skip(opts.offset)
            .take(limit)
            .map(|&k| self.hit(hits[k], scores[k], &clauses))
            .collect();
        Ok(SearchResponse {
            query: query.to_string(),
            total: hits.len(),
            hits: page,
            facets: counts,
            partial,
            ignored: parsed.ignored,
            offset: opts.offset,
            limit,
            sort,
            filters: opts.filters.clone(),
            year: selection.year(),
        })
    }

    /// Stage 1 then stage 2 for one clause over all documents.
    fn match_clause(&self, clause: &Clause) -> Vec<Option<DocMatch>> {
        let skip = |u: &str| self.stop_words.iter().any(|s| s == u);
        let keys: Vec<Vec<u64>> = clause
            .alternatives
            .iter()
            .map(|t| token_keys(&t.text, &skip))
            .collect();
        let words = clause
            .alternatives
            .iter()
            .map(|t| t.word + 1)
            .max()
            .unwrap_or(0);
        (0..self.index.docs.len())
            .map(|d| {
                let mut found = DocMatch {
                    words: vec![WordMatch::default(); words],
                };
                let mut any = false;
                for (t, term_keys) in clause.alternatives.iter().zip(&keys) {
                    if !term_keys.iter().all(|&k| self.filters[d].may_contain(k)) {
                        continue;
                    }
                    if let Some(m) = self.match_term(t, d) {
                        found.words[t.word].absorb(m);
                        any = true;
                    }
                }
                any.then_some(found)
            })
            .collect()
    }

    /// Stage 2: exact occurrences of a term in one document.
    fn match_term(&self, t: &Term, d: usize) -> Option<WordMatch> {
        let m = WordMatch {
            body: find_matches(&self.norm_body[d], &t.text, &t.not_within),
            title: find_matches(&self.norm_title[d], &t.text, &t.not_within),
            products: find_matches(&self.norm_products[d], &t.text, &t.not_within),
            exact: !t.raw.is_empty()
                && (self.index.texts[d].contains(&t.raw)
                    || self.index.docs[d].title.contains(&t.raw)),
        };
        m.found().then_some(m)
    }

    fn clause_in_doc(&self, clause: &Clause, d: usize) -> bool {
        let skip = |u: &str| self.stop_words.iter().any(|s| s == u);
        clause.alternatives.iter().any(|t| {
            token_keys(&t.text, &skip)
                .iter()
                .all(|&k| self.filters[d].may_contain(k))
                && self.match_term(t, d).is_some()
        })
    }

    /// Inverse document frequency of every typed word of every clause.
    fn word_idfs(&self, matches: &[Vec<Option<DocMatch>>]) -> Vec<Vec<f64>> {
        let n = self.index.docs.len();
        matches
            .iter()
            .map(|per_doc| {
                let words = per_doc
                    .iter()
                    .flatten()
                    .map(|m| m.words.len())
                    .max()
                    .unwrap_or(0);
                (0..words)
                    .map(|w| {
                        let df = per_doc
                            .iter()
                            .flatten()
                            .filter(|m| m.words[w].found())
                            .count();
                        rank::idf(n, df)
                    })
                    .collect()
            })
            .collect()
    }

    /// BM25 per typed word (title and product occurrences weighted up), a bonus
    /// for title matches, a proximity bonus across clauses, a bonus when the
    /// words occur in a row as typed, an exact-script bonus.
    fn score(
        &self,
        d: usize,
        matches: &[Vec<Option<DocMatch>>],
        idfs: &[Vec<f64>],
        partial: bool,
        phrase: Option<&str>,
    ) -> f64 {
        let mut score = 0.0;
        let mut idf_sum = 0.0;
        let mut exact = false;
        let mut lists = Vec::new();
        let mut matched_clauses = 0usize;
        for (per_doc, word_idfs) in matches.iter().zip(idfs) {
            let Some(m) = &per_doc[d] else { continue };
            matched_clauses += 1;
            let mut best_idf: f64 = 0.0;
            for (w, idf) in m.words.iter().zip(word_idfs) {
                if !w.found() {
                    continue;
                }
                let tf = w.body.len() as f64
                    + rank::TITLE_WEIGHT * w.title.len() as f64
                    + rank::PRODUCT_WEIGHT * w.products.len() as f64;
                score += rank::bm25(tf, self.body_len[d], self.avg_len, *idf);
                if !w.title.is_empty() {
                    score += rank::TITLE_BONUS * idf;
                }
                best_idf = best_idf.max(*idf);
                exact |= w.exact;
            }
            idf_sum += best_idf;
            lists.push(m.body_spans());
        }
        if lists.len() > 1 {
            if let Some(w) = rank::min_window(&lists) {
                score += rank::proximity_bonus(w / 3, idf_sum);
            }
        }
        if let Some(p) = phrase {
            let title_or_body = [&self.norm_title[d], &self.norm_body[d]];
            if title_or_body.iter().any(|t| contains(t, p, &[])) {
                score += rank::PHRASE_BONUS * idf_sum;
            }
        }
        if partial && !matches.is_empty() {
            score *= matched_clauses as f64 / matches.len() as f64;
        }
        if exact {
            score *= rank::EXACT_SCRIPT_BONUS;
        }
        rank::round_score(score)
    }

    /// For a query no document matches as a whole: its meaningful parts — the
    /// longest pieces (2+ characters, or whole Latin words) that occur in the corpus.
    fn fallback_parts(&self, clauses: &[Clause]) -> Vec<Clause> {
        let occurs = |s: &str| {
            (0..self.index.docs.len()).any(|d| {
                contains(&self.norm_body[d], s, &[]) || contains(&self.norm_title[d], s, &[])
            })
        };
        let mut parts: Vec<String> = Vec::new();
        for clause in clauses {
            let Some(t) = clause.alternatives.first() else {
                continue;
            };
            let us = units(&t.text);
            let mut i = 0;
            while i < us.len() {
                if us[i].kind == UnitKind::Mark {
                    i += 1;
                    continue;
                }
                if us[i].kind == UnitKind::Word {
                    let w = &t.text[us[i].start..us[i].end];
                    if occurs(w) {
                        parts.push(w.to_string());
                    }
                    i += 1;
                    continue;
                }
                let mut best = None;
                let mut j = i + 1;
                while j < us.len() && j - i < 12 && us[j].kind == UnitKind::Cjk && us[j].joined {
                    let piece = &t.text[us[i].start..us[j].end];
                    if occurs(piece) {
                        best = Some(j);
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
        parts.sort();
        parts.dedup();
        // A part that is the whole clause would have matched already.
        parts
            .into_iter()
            .filter(|p| {
                !clauses
                    .iter()
                    .any(|c| c.alternatives.iter().any(|t| &t.text == p))
                    || clauses.len() > 1
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

    fn hit(&self, d: usize, score: f64, clauses: &[Clause]) -> Hit {
        let meta = &self.index.docs[d];
        let body = &self.index.texts[d];
        let norm_body = normalize(body);
        let norm_title = normalize(&meta.title);
        let find = |norm: &str| -> Vec<ClauseMatch> {
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
        };
        Hit {
            id: meta.id.clone(),
            title: meta.title.clone(),
            title_html: highlight(&meta.title, &norm_title, &find(&norm_title.text)),
            score,
            snippet: snippet(body, &norm_body, &find(&norm_body.text)),
            facets: meta.facets.clone(),
            source: meta.source.clone(),
            also_in: meta.also_in.clone(),
        }
    }

    /// Documents by year, newest or oldest first; documents without a year last either way.
    fn by_year(&self, a: usize, b: usize, newest: bool) -> std::cmp::Ordering {
        match (self.years[a], self.years[b]) {
            (Some(x), Some(y)) if newest => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (x, y) => y.is_some().cmp(&x.is_some()),
        }
    }
}
