//! Character folding and layout-whitespace removal, with a map back to the source.

use super::chars::{is_cjk, is_word_char};
use super::nfkc::nfkc_char;
use super::t2s::fold_traditional;
use core::ops::Range;

/// Normalized text plus, for every normalized character, the source bytes it came from.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The folded text that filters are built from and queries are matched against.
    pub text: String,
    /// One entry per normalized character: `[normalized byte offset, source start, source end]`.
    map: Vec<[u32; 3]>,
}

impl Normalized {
    /// The source byte range that produced the normalized bytes `start..end`.
    ///
    /// `start` and `end` must be character boundaries of [`Normalized::text`];
    /// the result always covers whole source characters.
    pub fn source_range(&self, start: usize, end: usize) -> Range<usize> {
        if self.map.is_empty() || start >= end {
            return 0..0;
        }
        let first = self.char_at(start);
        let last = self.char_at(end - 1);
        self.map[first][1] as usize..self.map[last][2] as usize
    }

    /// Index into `map` of the normalized character containing byte `pos`.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "offsets of one document or query fit in u32"
    )]
    fn char_at(&self, pos: usize) -> usize {
        match self.map.binary_search_by_key(&(pos as u32), |m| m[0]) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    #[allow(
        clippy::cast_possible_truncation,
        reason = "offsets of one document or query fit in u32"
    )]
    fn push(&mut self, c: char, src: Range<usize>) {
        self.map
            .push([self.text.len() as u32, src.start as u32, src.end as u32]);
        self.text.push(c);
    }
}

/// Normalizes document or query text.
///
/// Per source character: NFKC (full-width forms become ASCII, `㎡` becomes `m2`),
/// lower case, traditional → simplified, curly quotes → ASCII quotes. Whitespace
/// is layout unless it separates two Latin words or numbers: `科创 e 贷` and
/// `500 万元` become `科创e贷` and `500万元`, `FISCO  BCOS` becomes `fisco bcos`.
pub fn normalize(src: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(src.len()),
        map: Vec::with_capacity(src.len() / 2),
    };
    // Source range of the first whitespace character of a pending run.
    let mut pending_space: Option<Range<usize>> = None;
    let mut buf: Vec<char> = Vec::with_capacity(4);
    for (i, c) in src.char_indices() {
        let range = i..i + c.len_utf8();
        buf.clear();
        fold_char(c, &mut buf);
        for &f in &buf {
            if f.is_whitespace() || f.is_control() {
                pending_space.get_or_insert(range.clone());
                continue;
            }
            if let Some(space) = pending_space.take() {
                let prev_is_word = out.text.chars().next_back().is_some_and(is_word_char);
                if prev_is_word && is_word_char(f) {
                    out.push(' ', space);
                }
            }
            out.push(f, range.clone());
        }
    }
    out
}

/// Normalizes a query string: exactly [`normalize`], without the source map.
pub fn normalize_query(q: &str) -> String {
    normalize(q).text
}

/// Appends the folded form of one source character to `out`.
fn fold_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    nfkc_char(c, |d| fold_simple(d, out));
}

fn fold_simple(c: char, out: &mut Vec<char>) {
    if is_cjk(c) {
        out.push(fold_traditional(c));
        return;
    }
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
        _ => out.extend(c.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfkc_folds_full_width_forms_to_ascii() {
        assert_eq!(
            normalize("ＡＢＣ１２３，（惠农ｅ通）＋５０％").text,
            "abc123,(惠农e通)+50%"
        );
    }

    #[test]
    fn compatibility_units_expand() {
        assert_eq!(normalize("35,173.54 ㎡").text, "35,173.54 m2");
    }

    #[test]
    fn latin_is_case_folded() {
        assert_eq!(normalize("E政通 APP App SaaS").text, "e政通app app saas");
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(normalize("科創企業 經營快貸").text, "科创企业经营快贷");
    }

    #[test]
    fn layout_spaces_around_cjk_are_dropped() {
        assert_eq!(normalize("科创 e 贷 500 万元").text, "科创e贷500万元");
        assert_eq!(normalize("微 众 银 行 牵 头").text, "微众银行牵头");
        assert_eq!(normalize("专精特\n\n新").text, "专精特新");
    }

    #[test]
    fn spaces_between_latin_words_collapse_to_one() {
        assert_eq!(
            normalize("FISCO \u{3000} BCOS\u{a0}ISO 9001").text,
            "fisco bcos iso 9001"
        );
    }

    #[test]
    fn em_spaces_and_nbsp_are_whitespace() {
        assert_eq!(
            normalize("\u{2003}\u{2003}一、总体\u{a0}情况").text,
            "一、总体情况"
        );
    }

    #[test]
    fn curly_quotes_fold_to_ascii() {
        assert_eq!(normalize("“专精特新”‘小巨人’").text, "\"专精特新\"'小巨人'");
    }

    #[test]
    fn source_range_maps_back_to_original_characters() {
        let src = "推出科創 e 貸產品";
        let n = normalize(src);
        let start = n.text.find("科创e贷").unwrap();
        let r = n.source_range(start, start + "科创e贷".len());
        assert_eq!(&src[r], "科創 e 貸");
    }

    #[test]
    fn source_range_of_expanded_character_covers_it_once() {
        let src = "面积35㎡。";
        let n = normalize(src);
        let start = n.text.find("m2").unwrap();
        assert_eq!(&src[n.source_range(start, start + 2)], "㎡");
    }

    #[test]
    fn normalization_is_idempotent() {
        let src = "２０２２ 年 3 月，科創 e 貸 FISCO  BCOS “专精特新”";
        let once = normalize(src).text;
        assert_eq!(normalize(&once).text, once);
    }
}
