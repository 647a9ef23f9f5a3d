//! Quotation marks printed the wrong way round (`”結算貸“”稅務貸“`, 003 line 13).
//!
//! A quoted term opened with `”` and closed with `“` is turned round, but only
//! when the paragraph's quotes then pair up perfectly (`“` `”` `“` `”` …) and
//! did not before, and every turned pair encloses a short term without
//! punctuation. A paragraph that merely lost one quote stays as printed.

/// Longest term (in characters) accepted inside a reversed pair.
const MAX_TERM: usize = 12;

/// The paragraph with its reversed quotation marks turned round, and how many
/// pairs were turned; `None` when the rule does not apply.
pub(crate) fn fix_reversed(paragraph: &str) -> Option<(String, usize)> {
    let mut chars: Vec<char> = paragraph.chars().collect();
    if pairs_up(&chars) {
        return None;
    }
    let mut open = false;
    let mut turned = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '“' => open = true,
            '”' if open => open = false,
            '”' => {
                let j = (i + 1..chars.len()).find(|&j| matches!(chars[j], '“' | '”'))?;
                let term = &chars[i + 1..j];
                let is_term = chars[j] == '“'
                    && (1..=MAX_TERM).contains(&term.len())
                    && term.iter().all(|c| c.is_alphanumeric());
                if !is_term {
                    return None;
                }
                chars[i] = '“';
                chars[j] = '”';
                turned += 1;
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    (turned > 0 && pairs_up(&chars)).then(|| (chars.into_iter().collect(), turned))
}

/// Whether the curly double quotes alternate `“` `”` and all close.
fn pairs_up(chars: &[char]) -> bool {
    let mut open = false;
    for &c in chars {
        match c {
            '“' if !open => open = true,
            '”' if open => open = false,
            '“' | '”' => return false,
            _ => {}
        }
    }
    !open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::testdata::line;

    #[test]
    fn turns_reversed_quotes_round_003_l13() {
        let (fixed, turned) = fix_reversed(line("003", 13)).unwrap();
        assert_eq!(turned, 3);
        assert!(fixed.contains("“結算貸”“稅務貸”“用工貸”等12個"), "{fixed}");
    }

    #[test]
    fn leaves_correct_quotes_alone_000_l1993() {
        assert_eq!(fix_reversed("支持“专精特新”和“小巨人”企业"), None);
    }

    #[test]
    fn leaves_a_paragraph_with_a_lost_quote_alone() {
        assert_eq!(fix_reversed("这是“专精特新企业”、“小巨人”企业"), None);
        assert_eq!(fix_reversed("这是专精特新企业”、“小巨人”企业"), None);
    }
}
