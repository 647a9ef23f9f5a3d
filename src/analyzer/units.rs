//! Segmentation of normalized text into units.

use super::chars::{is_cjk, is_number_joiner, is_word_char};

/// What a unit is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// One CJK character.
    Cjk,
    /// A Latin word or a number, matched as a whole.
    Word,
    /// A punctuation mark or symbol: never searched on its own, but keyed next
    /// to its neighbours so that a pasted fragment like `作,对` is selective.
    Mark,
}

/// A unit of normalized text: byte range, kind, and whether it touches the previous unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub kind: UnitKind,
    /// True when nothing but (at most) one space between two words separates
    /// this unit from the previous one; such pairs become bigram keys.
    pub joined: bool,
}

/// Whether the joiner (`.` or `,`) starting at byte `pos` of `text` sits inside a number:
/// `45.81`, `3,443` (thousands groups only, so `2019,2020` stays two numbers).
fn joins_number(text: &str, pos: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&j) = bytes.get(pos) else {
        return false;
    };
    if !is_number_joiner(j as char) || pos == 0 || !bytes[pos - 1].is_ascii_digit() {
        return false;
    }
    let after = &bytes[pos + 1..];
    match j {
        b'.' => after.first().is_some_and(u8::is_ascii_digit),
        _ => {
            after.len() >= 3
                && after[..3].iter().all(u8::is_ascii_digit)
                && !after.get(3).is_some_and(u8::is_ascii_digit)
        }
    }
}

/// Cuts normalized text into units. Spaces belong to no unit.
pub fn units(text: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut iter = text.char_indices().peekable();
    // Whether the gap since the previous unit still allows joining it.
    let mut gap_joinable = false;
    let mut gap_has_space = false;
    while let Some((i, c)) = iter.next() {
        if is_cjk(c) {
            let joined = gap_joinable && !gap_has_space;
            out.push(Unit {
                start: i,
                end: i + c.len_utf8(),
                kind: UnitKind::Cjk,
                joined,
            });
            gap_joinable = true;
            gap_has_space = false;
        } else if is_word_char(c) {
            let prev_is_word = out.last().is_some_and(|u| u.kind == UnitKind::Word);
            let joined = gap_joinable && (!gap_has_space || prev_is_word);
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if is_word_char(d) || joins_number(text, j) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            out.push(Unit {
                start: i,
                end,
                kind: UnitKind::Word,
                joined,
            });
            gap_joinable = true;
            gap_has_space = false;
        } else if c.is_whitespace() {
            gap_joinable &= !gap_has_space;
            gap_has_space = true;
        } else {
            let joined = gap_joinable && !gap_has_space;
            out.push(Unit {
                start: i,
                end: i + c.len_utf8(),
                kind: UnitKind::Mark,
                joined,
            });
            gap_joinable = true;
            gap_has_space = false;
        }
    }
    out
}

/// Whether byte offset `pos` of normalized `text` lies between two units (or at an edge),
/// i.e. a match may start or end there without cutting a word or number in two.
pub fn is_unit_boundary(text: &str, pos: usize) -> bool {
    if pos == 0 || pos >= text.len() {
        return true;
    }
    let (Some(a), Some(b)) = (text[..pos].chars().next_back(), text[pos..].chars().next()) else {
        return true;
    };
    if is_word_char(a) && is_word_char(b) {
        return false;
    }
    // Inside a number: digit|joiner or joiner|digit.
    let a_pos = pos - a.len_utf8();
    !(joins_number(text, pos) || (is_number_joiner(a) && joins_number(text, a_pos)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        units(t)
            .iter()
            .filter(|u| u.kind != UnitKind::Mark)
            .map(|u| &t[u.start..u.end])
            .collect()
    }

    #[test]
    fn cjk_characters_are_single_units() {
        assert_eq!(texts("专精特新"), ["专", "精", "特", "新"]);
    }

    #[test]
    fn latin_words_and_numbers_are_whole_units() {
        assert_eq!(
            texts("科创e贷ipo上市45.81亿元"),
            ["科", "创", "e", "贷", "ipo", "上", "市", "45.81", "亿", "元"]
        );
        assert_eq!(
            texts("7×24小时 13价 3,443万元"),
            ["7", "24", "小", "时", "13", "价", "3,443", "万", "元"]
        );
    }

    #[test]
    fn comma_joins_only_thousands_groups() {
        assert_eq!(texts("2019,2020年"), ["2019", "2020", "年"]);
        assert_eq!(texts("25,590,950.00元"), ["25,590,950.00", "元"]);
        assert_eq!(texts("1,2,3"), ["1", "2", "3"]);
    }

    #[test]
    fn punctuation_is_a_mark_unit_joined_to_its_neighbours() {
        let us = units("科创,金融 fisco bcos");
        let kinds: Vec<UnitKind> = us.iter().map(|u| u.kind).collect();
        assert_eq!(kinds[2], UnitKind::Mark);
        let joined: Vec<bool> = us.iter().map(|u| u.joined).collect();
        assert_eq!(joined, [false, true, true, true, true, false, true]);
    }

    #[test]
    fn boundaries_do_not_cut_words_or_numbers() {
        let t = "email里的ai和45.81亿";
        assert!(!is_unit_boundary(t, 2)); // em|ail
        assert!(is_unit_boundary(t, t.rfind("ai").unwrap()));
        let dot = t.find('.').unwrap();
        assert!(!is_unit_boundary(t, dot));
        assert!(!is_unit_boundary(t, dot + 1));
        assert!(is_unit_boundary(t, t.find('亿').unwrap()));
    }
}
