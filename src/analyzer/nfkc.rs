//! NFKC of single characters, from tables generated at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/nfkc_table.rs"));

/// Calls `emit` with each character of the NFKC form of `c`.
#[allow(
    clippy::semicolon_if_nothing_returned,
    reason = "left to the analyzer's owner"
)]
pub(super) fn nfkc_char(c: char, mut emit: impl FnMut(char)) {
    let cp = u32::from(c);
    // Unified ideographs and hangul syllables are NFKC-stable: skip the lookups.
    if (0x3400..=0x9FFF).contains(&cp) || (0xAC00..=0xD7A3).contains(&cp) {
        return emit(c);
    }
    if let Ok(unit) = u16::try_from(cp) {
        if let Ok(i) = NFKC_BMP.binary_search_by_key(&unit, |&(k, _)| k) {
            return emit(char::from_u32(u32::from(NFKC_BMP[i].1)).unwrap_or(c));
        }
    }
    if let Ok(i) = NFKC_ONE.binary_search_by_key(&cp, |&(k, _)| k) {
        return emit(char::from_u32(NFKC_ONE[i].1).unwrap_or(c));
    }
    if let Ok(i) = NFKC_MANY.binary_search_by_key(&cp, |&(k, _, _)| k) {
        let (_, start, len) = NFKC_MANY[i];
        let start = usize::from(start);
        return NFKC_POOL[start..start + usize::from(len)]
            .chars()
            .for_each(emit);
    }
    emit(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    #[allow(clippy::unreadable_literal, reason = "left to the analyzer's owner")]
    fn agrees_with_unicode_normalization_on_every_character() {
        let mut checked = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut ours = Vec::new();
            nfkc_char(c, |d| ours.push(d));
            let theirs: Vec<char> = std::iter::once(c).nfkc().collect();
            assert_eq!(ours, theirs, "U+{:04X}", u32::from(c));
            checked += 1;
        }
        assert_eq!(checked, 0x110000 - 0x800);
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(NFKC_BMP.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NFKC_ONE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NFKC_MANY.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
