//! Character classes shared by normalization, segmentation and matching.

/// Characters that form one unit each and are searched as substrings:
/// Han ideographs (all blocks), kana and hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0x20000..=0x3134F // extensions B–H
        | 0x3007          // 〇
        | 0x3040..=0x30FF // hiragana, katakana
        | 0xAC00..=0xD7AF // hangul syllables
    )
}

/// Characters that make up Latin words and numbers (matched as whole words).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Separators that may sit inside a number: `45.81`, `3,443`.
pub(crate) fn is_number_joiner(c: char) -> bool {
    c == '.' || c == ','
}
