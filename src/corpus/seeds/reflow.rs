//! Joining hard-wrapped lines back into paragraphs.
//!
//! The PDF extractions wrap every line at the column width, in the middle of
//! words and numbers (`专精特` / `新`, `1000` / `亿元`), and print no paragraph
//! marks. A paragraph ends where the typesetter ended it: on a line that ends a
//! sentence and stops short of the column, on a short unpunctuated line (a
//! heading), or before a line that opens a heading or list item.

use super::layout::{ends_sentence, numbered_heading, starts_with_marker, SeedLine};

/// A line that ends a sentence this far short of the column ends its paragraph.
/// Full lines measure up to ~3 characters short because of Latin text and
/// digits, so a full line that happens to end in `。` is read as running on.
const SHORT_BY: f32 = 2.0;
/// An unpunctuated line narrower than this share of the column is a heading.
const HEADING_SHARE: f32 = 0.75;

/// What reflowing did, for the import report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReflowStats {
    /// Line breaks removed inside paragraphs.
    pub joined: usize,
    /// Joins across a page break (the second line starts a page).
    pub page_joins: usize,
}

/// Paragraphs of consecutive lines hard-wrapped at `width`.
pub(crate) fn reflow(lines: &[SeedLine], width: f32, stats: &mut ReflowStats) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line.trimmed();
        if text.is_empty() {
            continue;
        }
        if !current.is_empty() {
            stats.joined += 1;
            if super::layout::is_page_start(&line.text) {
                stats.page_joins += 1;
            }
        }
        join_wrapped(&mut current, text);
        let next = lines.get(i + 1);
        if next.is_none_or(|n| ends_paragraph(line, n, width)) {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// One paragraph per line (web pages), layout whitespace trimmed.
pub(crate) fn one_per_line(lines: &[SeedLine]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.trimmed().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Appends a wrapped line: nothing goes between the two parts, except a space
/// between two Latin words or numbers (`FISCO` / `BCOS`).
pub(crate) fn join_wrapped(out: &mut String, next: &str) {
    let next = next.trim();
    let latin_pair = out
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if latin_pair {
        out.push(' ');
    }
    out.push_str(next);
}

/// Whether the paragraph ends after `line`, given the next line.
pub(crate) fn ends_paragraph(line: &SeedLine, next: &SeedLine, width: f32) -> bool {
    if starts_with_marker(&next.text) {
        return true;
    }
    let w = line.width();
    if ends_sentence(&line.text) {
        return w < width - SHORT_BY;
    }
    if numbered_heading(&line.text).is_some() || starts_with_marker(&line.text) {
        // A heading set in a larger font wraps early; its second line is short too.
        let continues = next.width() <= width * HEADING_SHARE && !ends_sentence(&next.text);
        return w < width * HEADING_SHARE && !continues;
    }
    w < width * HEADING_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::testdata::lines;

    fn paragraphs(seed: &str, from: u32, to: u32, width: f32) -> Vec<String> {
        let mut stats = ReflowStats::default();
        reflow(&lines(seed, from, to), width, &mut stats)
    }

    #[test]
    fn joins_a_sentence_across_a_page_break_000_l41() {
        let p = paragraphs("000", 35, 56, 26.0);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("是一家集马铃薯种植、收购"), "{}", p[0]);
    }

    #[test]
    fn joins_term_broken_across_lines_000_l1993() {
        let p = paragraphs("000", 1993, 1995, 26.0).concat();
        assert!(p.contains("“专精特新”"), "{p}");
    }

    #[test]
    fn joins_product_name_broken_across_lines_000_l682() {
        let p = paragraphs("000", 682, 684, 26.0).concat();
        assert!(p.contains("“国担快贷”"), "{p}");
    }

    #[test]
    fn joins_number_and_unit_broken_across_lines_000_l949() {
        let p = paragraphs("000", 949, 951, 26.0).concat();
        assert!(p.contains("4000 万元"), "{p}");
    }

    #[test]
    fn keeps_the_paragraph_break_after_a_short_sentence_end_000_l31() {
        let p = paragraphs("000", 27, 35, 26.0);
        assert!(p[0].ends_with("经营发展就是其中的典型代表。"), "{p:?}");
        assert_eq!(p[1], "一、企业基本情况");
        assert!(p[2].starts_with("该淀粉有限公司"));
    }

    #[test]
    fn starts_a_paragraph_at_a_numbered_heading_004_l547() {
        let p = paragraphs("004", 535, 563, 22.0);
        assert!(p.iter().any(|x| x == "1.  开辟信贷绿色通道"), "{p:?}");
    }

    #[test]
    fn keeps_a_two_line_heading_together_004_l1190() {
        let p = paragraphs("004", 1190, 1197, 22.0);
        assert_eq!(p[0], "2.  团结战疫，全体干部员工以实际行动彰显责任担当");
        assert!(p[1].starts_with("严密防护，全面行动筑牢防疫保障。"));
    }

    #[test]
    fn separates_latin_words_only() {
        let mut s = String::from("FISCO");
        join_wrapped(&mut s, "BCOS 开源");
        assert_eq!(s, "FISCO BCOS 开源");
        let mut s = String::from("1000");
        join_wrapped(&mut s, "亿元");
        assert_eq!(s, "1000亿元");
    }
}
