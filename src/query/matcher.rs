//! Exact matching of normalized terms in normalized text.

use crate::analyzer::is_unit_boundary;

/// Byte ranges where `term` occurs in `text` at unit boundaries (never inside a
/// Latin word or number), excluding matches that fall inside an occurrence of
/// one of `not_within` (`中国银行` inside `中国银行业协会`).
pub fn find_matches(text: &str, term: &str, not_within: &[String]) -> Vec<(usize, usize)> {
    if term.is_empty() {
        return Vec::new();
    }
    let blocked: Vec<(usize, usize)> = not_within
        .iter()
        .flat_map(|b| {
            text.match_indices(b.as_str())
                .map(move |(i, s)| (i, i + s.len()))
        })
        .collect();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(term) {
        let start = from + pos;
        let end = start + term.len();
        let inside_blocker = blocked.iter().any(|&(bs, be)| bs <= start && end <= be);
        if is_unit_boundary(text, start) && is_unit_boundary(text, end) && !inside_blocker {
            out.push((start, end));
            from = end;
        } else {
            // Step one character: a later, overlapping occurrence may be valid.
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Whether `term` occurs in `text` (see [`find_matches`]).
#[cfg(test)]
pub fn contains(text: &str, term: &str, not_within: &[String]) -> bool {
    // The common case: no occurrence at all.
    text.contains(term) && !find_matches(text, term, not_within).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_terms_match_whole_words_only() {
        assert!(find_matches("email和ai", "ai", &[]) == [("email和".len(), "email和ai".len())]);
        assert!(!contains("trains", "ai", &[]));
    }

    #[test]
    fn numbers_match_whole_numbers_only() {
        assert!(!contains("共45.81亿元", "45", &[]));
        assert!(!contains("共1500万元", "500万元", &[]));
        assert!(contains("共45.81亿元", "45.81亿", &[]));
        assert!(contains("2022年", "2022", &[]));
    }

    #[test]
    fn cjk_matches_anywhere() {
        assert_eq!(find_matches("专精特新专精特新", "精特", &[]).len(), 2);
    }

    #[test]
    fn blockers_hide_matches_inside_longer_names() {
        let blockers = ["中国银行业协会".to_string()];
        assert!(!contains("中国银行业协会发布", "中国银行", &blockers));
        assert!(contains("中国银行业协会与中国银行", "中国银行", &blockers));
    }
}
