//! Traditional → simplified folding, one character to one character.

include!(concat!(env!("OUT_DIR"), "/t2s_table.rs"));

/// Folds a traditional character to its simplified form; other characters are returned as they are.
///
/// The fold is character-for-character (so offsets stay aligned) and context-free:
/// good for matching, not meant for display.
pub fn fold_traditional(c: char) -> char {
    let Ok(unit) = u16::try_from(u32::from(c)) else {
        return c;
    };
    match T2S.binary_search_by_key(&unit, |&(t, _)| t) {
        Ok(i) => char::from_u32(u32::from(T2S[i].1)).unwrap_or(c),
        Err(_) => c,
    }
}

/// Which script a text is written in, as far as its characters tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Has characters that only traditional script writes this way (`貸`).
    Traditional,
    /// Has simplified forms (`贷`) and no traditional ones.
    Simplified,
    /// Neither: Latin text, or characters both scripts share.
    Neutral,
}

/// Tells traditional from simplified text by the forms its characters take.
#[derive(Debug, Clone)]
pub struct ScriptDetector {
    /// Simplified forms of the table, sorted (`贷` for `貸`).
    simplified: Vec<u16>,
}

impl Default for ScriptDetector {
    fn default() -> Self {
        let mut simplified: Vec<u16> = T2S.iter().map(|&(_, s)| s).collect();
        simplified.sort_unstable();
        simplified.dedup();
        ScriptDetector { simplified }
    }
}

impl ScriptDetector {
    /// The one detector of the process: its table is sorted once, not per
    /// document indexed or per index loaded.
    pub fn shared() -> &'static ScriptDetector {
        static SHARED: std::sync::OnceLock<ScriptDetector> = std::sync::OnceLock::new();
        SHARED.get_or_init(ScriptDetector::default)
    }

    /// Counts traditional-only and simplified-only characters of `text`.
    pub fn counts(&self, text: &str) -> (usize, usize) {
        let (mut traditional, mut simplified) = (0, 0);
        for c in text.chars() {
            if fold_traditional(c) != c {
                traditional += 1;
            } else if u16::try_from(u32::from(c))
                .is_ok_and(|u| self.simplified.binary_search(&u).is_ok())
            {
                simplified += 1;
            }
        }
        (traditional, simplified)
    }

    /// The script of a short text such as a query.
    pub fn script(&self, text: &str) -> Script {
        match self.counts(text) {
            (t, _) if t > 0 => Script::Traditional,
            (_, s) if s > 0 => Script::Simplified,
            _ => Script::Neutral,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_characters_from_the_corpus() {
        let folded: String = "科創企業經營快貸網貸通數字供應鏈工商銀行"
            .chars()
            .map(fold_traditional)
            .collect();
        assert_eq!(folded, "科创企业经营快贷网贷通数字供应链工商银行");
    }

    #[test]
    fn leaves_simplified_and_latin_alone() {
        let s = "专精特新 IPO e贷 2022年";
        assert_eq!(s.chars().map(fold_traditional).collect::<String>(), s);
    }

    #[test]
    fn scripts_are_told_apart_by_their_own_forms() {
        let d = ScriptDetector::default();
        assert_eq!(d.script("經營快貸"), Script::Traditional);
        assert_eq!(d.script("经营快贷"), Script::Simplified);
        assert_eq!(d.script("IPO 上市"), Script::Neutral);
        // 銀 is traditional; 银 and 与 (for 與) are simplified; 行 is shared.
        assert_eq!(d.counts("銀行与银行"), (1, 2));
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(T2S.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
