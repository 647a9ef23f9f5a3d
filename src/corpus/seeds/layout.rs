//! What a PDF or web extraction left of the page layout: line widths, page
//! starts, heading markers, sentence ends.
//!
//! The rules in the other modules decide from these facts alone, never from a
//! seed's file name, so a new seed with the same layout is handled the same way.

/// A non-blank line of a seed file, as extracted (leading spaces kept: in the PDF
/// extractions a single leading space marks the first line of a page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeedLine {
    /// 1-based line number in the seed file.
    pub no: u32,
    pub text: String,
}

impl SeedLine {
    pub(crate) fn new(no: u32, text: &str) -> SeedLine {
        SeedLine {
            no,
            text: text.to_string(),
        }
    }

    /// The text without layout whitespace at either end.
    pub(crate) fn trimmed(&self) -> &str {
        self.text.trim()
    }

    pub(crate) fn width(&self) -> f32 {
        visual_width(&self.text)
    }
}

/// How a seed lays out its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Layout {
    /// A PDF extraction: lines hard-wrapped at a fixed `width` (in full-width
    /// characters), so one paragraph spans many lines.
    Wrapped { width: f32 },
    /// A web page: one paragraph per line.
    Paragraphs,
}

/// Lines wider than this cannot come from a printed column: the seed is a web page.
const MAX_PRINTED_WIDTH: f32 = 48.0;

/// Tells a hard-wrapped PDF extraction from a one-paragraph-per-line text by
/// the width of its lines; the wrap width is the most common line width.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "rounded line widths in characters; widths are not negative"
)]
pub(crate) fn detect_layout(lines: &[&str]) -> Layout {
    let mut widths: Vec<f32> = lines
        .iter()
        .map(|l| visual_width(l))
        .filter(|w| *w > 0.0)
        .collect();
    if widths.is_empty() {
        return Layout::Paragraphs;
    }
    widths.sort_by(f32::total_cmp);
    let median = widths[widths.len() / 2];
    if median > MAX_PRINTED_WIDTH {
        return Layout::Paragraphs;
    }
    // Mode of the rounded widths of the lines that fill most of a column.
    let mut counts = std::collections::BTreeMap::new();
    for w in widths.iter().filter(|w| **w >= median) {
        *counts.entry(w.round() as u32).or_insert(0u32) += 1;
    }
    let width = counts
        .iter()
        .max_by_key(|(w, n)| (**n, **w))
        .map_or(median, |(w, _)| *w as f32);
    Layout::Wrapped { width }
}

/// Width of a line in full-width characters: CJK characters and full-width
/// punctuation count 1, ASCII counts ½ (the PDFs set Latin text and digits at
/// about half the width of a Chinese character).
pub(crate) fn visual_width(s: &str) -> f32 {
    s.trim()
        .chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The width of a column, from the widths of its lines: the upper quartile,
/// which full lines reach while a few overflowing or paragraph-final lines
/// do not move it. `None` for fewer than two lines.
pub(crate) fn column_width(widths: impl IntoIterator<Item = f32>) -> Option<f32> {
    let mut widths: Vec<f32> = widths.into_iter().collect();
    if widths.len() < 2 {
        return None;
    }
    widths.sort_by(|a, b| b.total_cmp(a));
    Some(widths[widths.len() / 4])
}

/// The first line of a PDF page starts with exactly one ASCII space.
pub(crate) fn is_page_start(raw: &str) -> bool {
    raw.strip_prefix(' ')
        .is_some_and(|rest| rest.chars().next().is_some_and(|c| !c.is_whitespace()))
}

/// Characters that end a sentence (or a quoted sentence) — a line ending in one
/// of them may end a paragraph; a line ending otherwise is cut mid-sentence.
pub(crate) fn ends_sentence(s: &str) -> bool {
    s.trim_end().chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '。' | '！'
                | '？'
                | '；'
                | '：'
                | '…'
                | '”'
                | '’'
                | '」'
                | '』'
                | '）'
                | ')'
                | '!'
                | '?'
                | ';'
        )
    })
}

/// Chinese numerals used in heading numbers.
fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '零' | '〇'
    )
}

/// The top-level section number of a `1.  标题` heading (digits, a dot, a space).
pub(crate) fn numbered_heading(s: &str) -> Option<u32> {
    let s = s.trim_start();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &s[digits.len()..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix('．'))?;
    let mut chars = rest.chars();
    if !chars.next().is_some_and(char::is_whitespace) {
        return None;
    }
    if rest
        .trim_start()
        .chars()
        .next()
        .is_none_or(|c| c.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

/// Lines that open a heading or a list item: `一、` `（一）` `(一)` `1.` `1、`
/// `（1）` `①` `第一章` `案例一：` `图 1：`. A new paragraph starts at such a line.
pub(crate) fn starts_with_marker(s: &str) -> bool {
    let s = s.trim_start();
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if ('①'..='⑳').contains(&first) {
        return true;
    }
    if is_cn_numeral(first) {
        let rest = s.trim_start_matches(is_cn_numeral);
        return rest.starts_with('、') || rest.starts_with('．') || rest.starts_with('.');
    }
    if first == '（' || first == '(' {
        let inner = chars.as_str();
        let n = inner
            .chars()
            .take_while(|c| is_cn_numeral(*c) || c.is_ascii_digit())
            .count();
        return n > 0 && inner.chars().nth(n).is_some_and(|c| c == '）' || c == ')');
    }
    if first.is_ascii_digit() {
        let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
        if s.len() - rest.len() > 2 {
            return false;
        }
        return (rest.starts_with('.') || rest.starts_with('．') || rest.starts_with('、'))
            && !rest[rest.chars().next().map_or(0, char::len_utf8)..]
                .starts_with(|c: char| c.is_ascii_digit());
    }
    if let Some(rest) = s.strip_prefix('第') {
        let rest = rest.trim_start_matches(is_cn_numeral);
        return rest.len() < s.len() - '第'.len_utf8()
            && (rest.starts_with('章') || rest.starts_with('节') || rest.starts_with("部分"));
    }
    for label in ["案例", "图"] {
        if let Some(rest) = s.strip_prefix(label) {
            let rest = rest.trim_start();
            let n = rest
                .chars()
                .take_while(|c| is_cn_numeral(*c) || c.is_ascii_digit())
                .count();
            if n > 0 {
                let after = rest.chars().skip(n).collect::<String>();
                return after.starts_with('：') || after.starts_with(':');
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::testdata::{line, seed_text};

    #[test]
    #[allow(clippy::float_cmp, reason = "sums of small whole numbers are exact")]
    fn measures_cjk_as_one_and_ascii_as_half() {
        assert_eq!(visual_width("截至 2021 年 9"), 3.0 + 4.0);
    }

    #[test]
    fn detects_the_wrap_width_of_the_pdf_extractions() {
        let text = seed_text("000");
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(detect_layout(&lines), Layout::Wrapped { width: 26.0 });
    }

    #[test]
    fn detects_one_paragraph_per_line_in_the_web_pages() {
        for seed in ["002", "003"] {
            let text = seed_text(seed);
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            assert_eq!(detect_layout(&lines), Layout::Paragraphs, "{seed}");
        }
    }

    #[test]
    fn page_start_is_one_leading_space_000_l42() {
        assert!(is_page_start(line("000", 42)));
        assert!(!is_page_start(line("000", 41)));
        assert!(
            !is_page_start(line("002", 7)),
            "EM SPACE indents are not page starts"
        );
    }

    #[test]
    fn recognises_heading_markers() {
        assert!(starts_with_marker(line("000", 33))); // 一、企业基本情况
        assert!(starts_with_marker(line("000", 60))); // （一）主营业务情况
        assert!(starts_with_marker(line("004", 547))); // 1.  开辟信贷绿色通道
        assert!(starts_with_marker(line("004", 1104))); // （1）人行优惠利率…
        assert!(starts_with_marker("案例一：XX 公司"));
        assert!(!starts_with_marker("3.65% 的利率"));
        assert!(!starts_with_marker(line("000", 35)));
        assert!(!starts_with_marker("2022 年 3 月"));
    }

    #[test]
    fn numbered_heading_needs_a_space_after_the_dot() {
        assert_eq!(numbered_heading(line("004", 547)), Some(1));
        assert_eq!(
            numbered_heading(" 2.  团结战疫，全体干部员工以实际行"),
            Some(2)
        );
        assert_eq!(numbered_heading("3.65% 的利率"), None);
        assert_eq!(numbered_heading("1.法人版經營快貸。"), None);
    }

    #[test]
    fn sentence_end_is_the_last_character() {
        assert!(ends_sentence(line("000", 31)));
        assert!(!ends_sentence(line("000", 41)));
    }
}
