//! Scoring: BM25 over true term frequencies, with field weights and bonuses.
//!
//! All arithmetic goes through `libm`, so the native CLI and the WASM module
//! produce bit-identical scores.

/// BM25 saturation.
pub const K1: f64 = 1.2;
/// BM25 length normalization.
pub const B: f64 = 0.75;
/// A title occurrence counts as this many body occurrences.
pub const TITLE_WEIGHT: f64 = 4.0;
/// A product-name occurrence counts as this many body occurrences.
pub const PRODUCT_WEIGHT: f64 = 3.0;
/// Extra score, per clause, for a match in the title (title matches rank first).
pub const TITLE_BONUS: f64 = 1.5;
/// Extra score, in units of summed idf, when a query of several words occurs
/// in the document as one phrase (`科创 e 贷` typed with the PDF's spaces).
pub const PHRASE_BONUS: f64 = 1.0;
/// Multiplier when the words occur exactly as typed (same script and case).
pub const EXACT_SCRIPT_BONUS: f64 = 1.05;

/// Inverse document frequency (BM25+ style, never negative).
pub fn idf(docs: usize, df: usize) -> f64 {
    let n = docs as f64;
    let df = df as f64;
    libm::log(1.0 + (n - df + 0.5) / (df + 0.5))
}

/// BM25 for one clause in one document.
pub fn bm25(tf: f64, doc_len: f64, avg_len: f64, idf: f64) -> f64 {
    if tf <= 0.0 {
        return 0.0;
    }
    let norm = K1 * (1.0 - B + B * doc_len / avg_len.max(1.0));
    idf * tf * (K1 + 1.0) / (tf + norm)
}

/// Proximity bonus for a query of several clauses: the closer the nearest window
/// holding one match of every clause, the larger (in units of summed idf).
pub fn proximity_bonus(window_chars: usize, idf_sum: f64) -> f64 {
    0.5 * idf_sum / (1.0 + window_chars as f64 / 16.0)
}

/// Rounds a score to 4 decimals, so equal scores print equally everywhere.
pub fn round_score(s: f64) -> f64 {
    libm::round(s * 10_000.0) / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_terms_weigh_more() {
        assert!(idf(100, 2) > idf(100, 50));
        assert!(idf(100, 100) > 0.0);
    }

    #[test]
    fn more_occurrences_score_higher_with_saturation() {
        let one = bm25(1.0, 1000.0, 1000.0, 1.0);
        let two = bm25(2.0, 1000.0, 1000.0, 1.0);
        let ten = bm25(10.0, 1000.0, 1000.0, 1.0);
        assert!(one < two && two < ten && ten < 2.2);
    }
}
