//! Layout spaces in the displayed text.
//!
//! The PDFs put a space on each side of every number and Latin word set in a
//! Chinese line (`500 万元`, `科创 e 贷`), justified some lines by spacing out
//! every character (`微 众 银 行`), and left stray spaces next to punctuation
//! (`“ 中国`, `》) 。`). Search ignores all of these anyway (the analyzer drops
//! whitespace next to CJK), so both `500 万元` and `500万元` are found; this
//! module makes the text read as typeset Chinese: those spaces go, a space
//! between two Latin words or numbers stays (`FISCO BCOS`, `2019 2020`), and
//! so does the single space that separates two phrases of a heading
//! (`探索科技型企業服務模式 設立科創企業金融服務中心`) or of a quoted slogan
//! (`“大眾創業 萬眾創新”`).

use crate::analyzer::is_cjk;

/// A heading-like paragraph (no sentence end, short) keeps the spaces between
/// its phrases; in running text such a space is layout.
const HEADING_MAX_CHARS: usize = 60;

/// Counts for the import report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SpacingStats {
    /// Spaces removed between CJK text and a number or Latin word.
    pub cjk_latin: usize,
    /// Spaces removed between letter-spaced CJK characters.
    pub letter_spacing: usize,
    /// Other layout spaces removed (next to punctuation, runs, indents).
    pub other: usize,
}

/// Full-width text: CJK characters, CJK and full-width punctuation.
fn is_wide(c: char) -> bool {
    is_cjk(c)
        || matches!(u32::from(c),
            0x2010..=0x206F   // general punctuation: dashes, “ ” ‘ ’ …
            | 0x3000..=0x303F // CJK symbols and punctuation
            | 0xFF00..=0xFFEF // full-width forms
            | 0x2E80..=0x2FDF // radicals
            | 0x3200..=0x33FF // enclosed CJK, squared units (㎡)
            | 0xFE30..=0xFE4F // CJK compatibility forms
        )
}

/// Removes layout whitespace from one paragraph.
pub(crate) fn tidy(paragraph: &str, stats: &mut SpacingStats) -> String {
    let chars: Vec<char> = paragraph.trim().chars().collect();
    let heading_like = chars.len() <= HEADING_MAX_CHARS
        && !chars.iter().any(|c| matches!(c, '。' | '！' | '？' | '；'));
    let mut out = String::with_capacity(paragraph.len());
    let mut quoted = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_whitespace() {
            match c {
                '“' => quoted = true,
                '”' => quoted = false,
                _ => {}
            }
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let (Some(&before), Some(&after)) = (chars.get(start.wrapping_sub(1)), chars.get(i)) else {
            continue;
        };
        let run = i - start;
        if !is_wide(before) && !is_wide(after) {
            // Between two Latin words or numbers: one plain space.
            out.push(' ');
            stats.other += usize::from(run > 1 || chars[start] != ' ');
        } else if is_cjk(before) && is_cjk(after) {
            let single_before = start < 2 || chars[start - 2].is_whitespace();
            let single_after = chars.get(i + 1).is_none_or(|c| c.is_whitespace());
            if (heading_like || quoted) && !single_before && !single_after {
                out.push(' ');
                stats.other += usize::from(run > 1);
            } else if single_before || single_after {
                stats.letter_spacing += 1;
            } else {
                stats.other += 1;
            }
        } else if (is_cjk(before) && after.is_ascii_alphanumeric())
            || (before.is_ascii_alphanumeric() && is_cjk(after))
        {
            stats.cjk_latin += 1;
        } else {
            stats.other += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::testdata::line;

    fn t(s: &str) -> String {
        tidy(s, &mut SpacingStats::default())
    }

    #[test]
    fn removes_spaces_around_numbers_in_chinese_text_000_l682() {
        assert!(t(line("000", 682)).contains("500万元“国"));
        assert_eq!(
            t("单户融资 500 万元，利率 3.65%"),
            "单户融资500万元，利率3.65%"
        );
    }

    #[test]
    fn closes_up_latin_letters_in_product_names() {
        assert_eq!(
            t("推出“科创 e 贷”和“E 政通贷款”"),
            "推出“科创e贷”和“E政通贷款”"
        );
    }

    #[test]
    fn removes_letter_spacing_004_l8426() {
        let s = t(line("004", 8426));
        assert!(s.contains("该平台使用微众银行牵头开源的FISCO"), "{s}");
        let s = t(line("004", 4519));
        assert!(s.contains("于2017年初提出"), "{s}");
    }

    #[test]
    fn keeps_the_space_between_latin_words() {
        assert_eq!(t("开源的 FISCO BCOS 区块链"), "开源的FISCO BCOS区块链");
        assert_eq!(t("2019 2020 年"), "2019 2020年");
    }

    #[test]
    fn keeps_the_space_between_the_phrases_of_a_heading_003_l3() {
        assert_eq!(
            t(line("003", 3)),
            "探索科技型企業服務模式 設立科創企業金融服務中心"
        );
    }

    #[test]
    fn keeps_the_space_in_a_quoted_slogan_003_l21() {
        // Line 21 once its mojibake is repaired.
        let repaired =
            "持續提升整體綜合服務能力。“大眾創業 萬眾創新”的浪潮方興未艾,一方面是政府政策支持。";
        assert!(t(repaired).contains("“大眾創業 萬眾創新”"));
        assert_eq!(t("推进大众 创业和创新工作。"), "推进大众创业和创新工作。");
    }

    #[test]
    fn removes_stray_spaces_next_to_punctuation_001_l82_003_l9() {
        assert_eq!(t("“专精特新” 企业"), "“专精特新”企业");
        assert!(t(line("003", 9)).contains("(以下簡稱《方案》)。"));
    }

    #[test]
    fn counts_what_it_removed() {
        let mut stats = SpacingStats::default();
        tidy("微 众 银 行 发放 500 万元", &mut stats);
        assert_eq!(stats.letter_spacing, 4, "行 stands alone before 发放 too");
        assert_eq!(stats.cjk_latin, 2);
    }
}
