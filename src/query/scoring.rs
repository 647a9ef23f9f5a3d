//! Scoring a matching document: BM25 per typed word over true frequencies (title
//! and product names weighted up), a title bonus, a proximity bonus across
//! clauses, a bonus when the words occur in a row as typed, and a bonus when the
//! document is written in the script the query was typed in. Constants in [`rank`].

use super::candidates::Occ;
use super::rank;
use crate::index::DocInfo;

/// How one clause matched one document: one entry per typed word (unfound words are empty).
pub type WordOccs = Vec<Occ>;

/// What the score of one document depends on besides its matches.
pub struct ScoreContext<'a> {
    pub doc: &'a DocInfo,
    pub avg_len: f64,
    /// The query's words occur in this document in a row as typed.
    pub phrase: bool,
    /// The document is in the script the query was typed in.
    pub same_script: bool,
    /// Only some clauses matched (fallback to the query's parts).
    pub partial: bool,
}

/// Scores one document; `clauses[c]` is how clause `c` matched it (if it did),
/// `idfs[c][w]` the idf of word `w` of clause `c`.
pub fn score(clauses: &[Option<&WordOccs>], idfs: &[Vec<f64>], ctx: &ScoreContext) -> f64 {
    let mut score = 0.0;
    let mut idf_sum = 0.0;
    let mut firsts: Vec<u32> = Vec::new();
    let mut matched = 0usize;
    let body_len = f64::from(ctx.doc.bounds.body_len);
    for (words, word_idfs) in clauses.iter().zip(idfs) {
        let Some(words) = words else { continue };
        matched += 1;
        let mut best_idf: f64 = 0.0;
        let mut first: Option<u32> = None;
        for (w, idf) in words.iter().zip(word_idfs) {
            if !w.found() {
                continue;
            }
            let [title, products, body] = w.tf.map(f64::from);
            let tf = body + rank::TITLE_WEIGHT * title + rank::PRODUCT_WEIGHT * products;
            score += rank::bm25(tf, body_len, ctx.avg_len, *idf);
            if title > 0.0 {
                score += rank::TITLE_BONUS * idf;
            }
            best_idf = best_idf.max(*idf);
            first = match (first, w.first_body) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        idf_sum += best_idf;
        firsts.extend(first);
    }
    if firsts.len() > 1 {
        let lo = firsts.iter().min().copied().unwrap_or(0);
        let hi = firsts.iter().max().copied().unwrap_or(0);
        score += rank::proximity_bonus((hi - lo) as usize, idf_sum);
    }
    if ctx.phrase {
        score += rank::PHRASE_BONUS * idf_sum;
    }
    if ctx.partial && !clauses.is_empty() {
        score *= matched as f64 / clauses.len() as f64;
    }
    if ctx.same_script {
        score *= rank::EXACT_SCRIPT_BONUS;
    }
    rank::round_score(score)
}
