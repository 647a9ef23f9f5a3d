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
    fn table_is_sorted_for_binary_search() {
        assert!(T2S.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
