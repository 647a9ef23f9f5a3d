//! Lines that belong to the page, not to the case: running headers, page
//! numbers, tables of contents, chapter dividers, footers, box labels and web
//! page boilerplate.
//!
//! Each rule looks at the line itself (and, for chapter dividers, at the lines
//! that follow the `第X章` line), so the same rules clean any seed. The hand
//! list `noise_lines` in `cases.json` is only cross-checked against them.

use super::layout::{is_page_start, visual_width, SeedLine};
use std::fmt;

/// Why a line was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Noise {
    /// A running header the extractor printed with every character doubled
    /// (`云南银行业服务云南银行业服务““专精特新专精特新””…`).
    RunningHeader,
    /// A line holding nothing but a page number.
    PageNumber,
    /// A table-of-contents line (dot leaders and a page number, or `目录`).
    TableOfContents,
    /// A `第X章` chapter divider and the theme and slogan lines printed with it.
    ChapterDivider,
    /// A page footer: page number, chapter and the letter-spaced book title.
    Footer,
    /// The label of a summary box (`案例简介`).
    BoxLabel,
    /// Web page furniture: breadcrumb, byline, font-size widget, editor line.
    WebBoilerplate,
}

impl Noise {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Noise::RunningHeader => "running header",
            Noise::PageNumber => "page number",
            Noise::TableOfContents => "table of contents",
            Noise::ChapterDivider => "chapter divider",
            Noise::Footer => "footer",
            Noise::BoxLabel => "box label",
            Noise::WebBoilerplate => "web boilerplate",
        }
    }
}

impl fmt::Display for Noise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Labels printed on the case-summary boxes of the collections. They name the
/// box, not the case, and sit wherever the extractor put the box.
const BOX_LABELS: &[&str] = &["案例简介"];

/// Classifies every line; `None` is text. Chapter dividers need the lines that
/// follow the `第X章` line, so this works on the whole sequence.
pub(crate) fn classify(lines: &[SeedLine]) -> Vec<Option<Noise>> {
    let mut out: Vec<Option<Noise>> = lines.iter().map(|l| classify_line(&l.text)).collect();
    let mut i = 0;
    while i < lines.len() {
        if is_chapter_heading(&lines[i].text) {
            out[i] = Some(Noise::ChapterDivider);
            let mut j = i + 1;
            while j < lines.len()
                && j <= i + DIVIDER_LINES
                && !is_chapter_heading(&lines[j].text)
                && is_divider_slogan(&lines[j])
            {
                out[j] = Some(Noise::ChapterDivider);
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A divider prints the theme and at most this many slogan lines.
const DIVIDER_LINES: usize = 7;

/// One line by itself.
pub(crate) fn classify_line(raw: &str) -> Option<Noise> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if is_doubled_header(s) {
        Some(Noise::RunningHeader)
    } else if is_page_number(s) {
        Some(Noise::PageNumber)
    } else if is_toc_line(s) {
        Some(Noise::TableOfContents)
    } else if is_footer(s) {
        Some(Noise::Footer)
    } else if BOX_LABELS.contains(&s) {
        Some(Noise::BoxLabel)
    } else if is_web_boilerplate(s) {
        Some(Noise::WebBoilerplate)
    } else {
        None
    }
}

/// The extractor printed a bold header twice, run by run: the line is a
/// sequence of squares `ww` (`云南银行业服务云南银行业服务`, `““`, …).
/// At least one square must be a real phrase (3+ characters) and the line
/// long enough that an ordinary reduplication (`天天`) cannot qualify.
fn is_doubled_header(s: &str) -> bool {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 12 {
        return false;
    }
    let mut i = 0;
    let mut longest = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let Some(k) = (1..=rest.len() / 2).find(|&k| rest[..k] == rest[k..2 * k]) else {
            return false;
        };
        longest = longest.max(k);
        i += 2 * k;
    }
    longest >= 3
}

/// A bare page number: one to three digits and nothing else.
fn is_page_number(s: &str) -> bool {
    (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A contents line: text, dot leaders and a page number; or the `目录` heading.
fn is_toc_line(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact == "目录" || compact == "目錄" {
        return true;
    }
    let body = compact.trim_end_matches(|c: char| c.is_ascii_digit());
    if body.len() == compact.len() {
        return false;
    }
    let leaders = body
        .chars()
        .rev()
        .take_while(|c| matches!(c, '.' | '…' | '·' | '．' | '-' | '—'))
        .count();
    leaders >= 3 || (leaders >= 2 && body.ends_with('…'))
}

/// A footer starts with a three-digit page number and carries the book title
/// letter-spaced (`020 聚力抗疫2019 2020深 圳 银 行 业 社 会 …`).
fn is_footer(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits == 3 && longest_letter_spaced_run(s) >= 8
}

/// Length of the longest run of single CJK characters separated by single spaces.
pub(crate) fn longest_letter_spaced_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for token in s.split(' ') {
        let mut chars = token.chars();
        let single_cjk =
            matches!((chars.next(), chars.next()), (Some(c), None) if crate::analyzer::is_cjk(c));
        if single_cjk {
            run += 1;
            best = best.max(run);
        } else {
            // A token may end with the first letter of the next run (`2020深`).
            run = usize::from(
                token
                    .chars()
                    .next_back()
                    .is_some_and(crate::analyzer::is_cjk),
            );
        }
    }
    best
}

/// Breadcrumb (`您的位置:`), byline (`作者:…发布时间:`), the truncated font-size
/// widget (`【字体:`) and the editor line (`责任编辑:`).
fn is_web_boilerplate(s: &str) -> bool {
    let has_label = |label: &str| {
        s.find(label).is_some_and(|i| {
            s[i + label.len()..].starts_with(':') || s[i + label.len()..].starts_with('：')
        })
    };
    s.starts_with("您的位置")
        || (s.starts_with("作者") && has_label("作者") && has_label("发布时间"))
        || s.starts_with("责任编辑")
        || (s.ends_with("【字体:") || s.ends_with("【字体："))
}

/// `第三章` alone on its line.
fn is_chapter_heading(raw: &str) -> bool {
    let s = raw.trim();
    let Some(rest) = s.strip_prefix('第') else {
        return false;
    };
    let Some(num) = rest.strip_suffix('章') else {
        return false;
    };
    !num.is_empty()
        && num
            .chars()
            .all(|c| "一二三四五六七八九十".contains(c) || c.is_ascii_digit())
}

/// The theme and slogans under a chapter heading: short lines that are not
/// sentences (they may end in a quote) and stop at the next page start.
fn is_divider_slogan(line: &SeedLine) -> bool {
    let s = line.text.trim_end();
    !is_page_start(&line.text)
        && visual_width(s) <= 16.0
        && !s.ends_with(['。', '！', '？', '；', '，'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::testdata::{line, lines};

    #[test]
    fn drops_the_doubled_running_header_000_l301() {
        assert_eq!(classify_line(line("000", 301)), Some(Noise::RunningHeader));
        for n in [478, 1382, 1658, 2083] {
            assert_eq!(
                classify_line(line("000", n)),
                Some(Noise::RunningHeader),
                "{n}"
            );
        }
    }

    #[test]
    fn keeps_ordinary_lines_that_repeat_a_word() {
        assert_eq!(classify_line("天天天天向上向上"), None);
        assert_eq!(classify_line(line("000", 1993)), None);
    }

    #[test]
    fn drops_divider_slogans_that_end_in_a_quote_004_l4920() {
        let block = lines("004", 4920, 4927);
        let kinds = classify(&block);
        assert!(
            kinds[..kinds.len() - 1]
                .iter()
                .all(|k| *k == Some(Noise::ChapterDivider)),
            "{kinds:?}"
        );
        assert_eq!(kinds.last(), Some(&None), "4927 is text");
    }

    #[test]
    fn drops_the_page_number_under_the_header_000_l303() {
        assert_eq!(classify_line(line("000", 303)), Some(Noise::PageNumber));
        assert_eq!(classify_line(line("000", 2085)), Some(Noise::PageNumber));
    }

    #[test]
    fn keeps_text_lines_that_start_with_a_number_000_l953() {
        assert_eq!(classify_line(line("000", 953)), None);
    }

    #[test]
    fn drops_contents_lines() {
        assert_eq!(
            classify_line("金融赋能助力“专精特新”企业发展……………3"),
            Some(Noise::TableOfContents)
        );
        assert_eq!(
            classify_line("一、背景 .......... 12"),
            Some(Noise::TableOfContents)
        );
        assert_eq!(classify_line("目 录"), Some(Noise::TableOfContents));
        assert_eq!(classify_line("截至 2022 年 9 月末……共 3"), None);
    }

    #[test]
    fn drops_the_footers_with_the_letter_spaced_book_title_004_l1570() {
        for n in [1570, 1571, 3163, 8320, 11024] {
            assert_eq!(classify_line(line("004", n)), Some(Noise::Footer), "{n}");
        }
    }

    #[test]
    fn keeps_letter_spaced_body_text_004_l4519() {
        assert_eq!(classify_line(line("004", 4519)), None);
        assert!(longest_letter_spaced_run(line("004", 4519)) >= 3);
    }

    #[test]
    fn drops_the_case_summary_label_004_l513() {
        assert_eq!(classify_line(line("004", 513)), Some(Noise::BoxLabel));
    }

    #[test]
    fn drops_the_web_page_furniture_of_002() {
        assert_eq!(classify_line(line("002", 1)), Some(Noise::WebBoilerplate));
        assert_eq!(classify_line(line("002", 5)), Some(Noise::WebBoilerplate));
        assert_eq!(classify_line(line("002", 33)), Some(Noise::WebBoilerplate));
        assert_eq!(
            classify_line(line("002", 32)),
            None,
            "the research-group list is text"
        );
    }

    #[test]
    fn drops_a_chapter_divider_with_its_slogans_004_l3477() {
        let block = lines("004", 3477, 3484);
        let kinds = classify(&block);
        let dropped: Vec<u32> = block
            .iter()
            .zip(&kinds)
            .filter(|(_, k)| **k == Some(Noise::ChapterDivider))
            .map(|(l, _)| l.no)
            .collect();
        assert_eq!(dropped, vec![3477, 3479, 3480, 3481, 3482, 3483]);
        assert_eq!(kinds.last(), Some(&None), "3484 starts the next page");
    }
}
