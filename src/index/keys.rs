//! The key policy: which strings of a text are index keys, and how a query term
//! is looked up through them. The builder and the query side both use this file
//! and nothing else, so they cannot disagree.
//!
//! Normalized text is a sequence of *units* (one CJK character, one Latin word
//! or number, one punctuation mark; see [`crate::analyzer::units`]). In
//! normalized text every unit touches the previous one (the only whitespace
//! left is the single space between two words), so a string occurs in a text at
//! unit boundaries exactly when its units occur there in a row. Keys are the
//! normalized strings of:
//!
//! - every unit except punctuation and stop words (*unigrams*), listed with
//!   their per-field frequencies in the posting chunks;
//! - every two units in a row (*bigrams*), in the posting chunks and, with
//!   their positions, in the position chunks;
//! - every three units in a row (*trigrams*), with positions only.
//!
//! A term of one or two units is answered by its own posting; a term of three
//! units by its trigram's positions; a longer term by the positions of
//! trigrams that cover it, aligned (see [`TermPlan`]). Every answer is exact:
//! no candidate is guessed, so nothing needs the document text to be verified.

use crate::analyzer::{normalize, units, ScriptDetector, Unit, UnitKind};

/// How many units a key spans at most.
pub const MAX_GRAM: usize = 3;

/// One field of a document, normalized and cut into units, placed at `start`
/// in the document's position space (fields are separated by one empty
/// position, so no key spans two fields).
#[derive(Debug, Clone)]
pub struct Segment {
    pub text: String,
    pub units: Vec<Unit>,
    /// Position of the first unit.
    pub start: u32,
    /// For each unit, how its source characters were written (see [`script_bits`]).
    pub scripts: Vec<u8>,
}

impl Segment {
    /// The normalized string of units `i..j`.
    pub fn gram(&self, i: usize, j: usize) -> &str {
        &self.text[self.units[i].start..self.units[j - 1].end]
    }
}

/// Script bits of a text as written: [`TRADITIONAL`] when it has a
/// traditional-only form, [`SIMPLIFIED`] when it has a simplified-only form.
pub fn script_bits(detector: &ScriptDetector, source: &str) -> u8 {
    let (t, s) = detector.counts(source);
    (if t > 0 { TRADITIONAL } else { 0 }) | (if s > 0 { SIMPLIFIED } else { 0 })
}

pub const TRADITIONAL: u8 = 1;
pub const SIMPLIFIED: u8 = 2;

/// Where each field of a document lies in its position space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldBounds {
    /// Title positions are `0..title_end`.
    pub title_end: u32,
    /// Body positions start here; product names lie between the two.
    pub body_start: u32,
    /// Number of body units (the document length for ranking).
    pub body_len: u32,
}

/// Which field a position belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Products,
    Body,
}

impl FieldBounds {
    pub fn field_of(&self, pos: u32) -> Field {
        if pos < self.title_end {
            Field::Title
        } else if pos < self.body_start {
            Field::Products
        } else {
            Field::Body
        }
    }
}

/// Cuts a document's title, product names and body into segments in one position space.
pub fn document_segments(
    title: &str,
    products: &[String],
    body: &str,
) -> (Vec<Segment>, FieldBounds) {
    let detector = ScriptDetector::shared();
    let mut segments: Vec<Segment> = Vec::with_capacity(products.len() + 2);
    let next = |segments: &[Segment]| {
        segments.last().map_or(0, |s: &Segment| {
            s.start
                .saturating_add(u32::try_from(s.units.len()).unwrap_or(u32::MAX))
                .saturating_add(1)
        })
    };
    let push = |source: &str, segments: &mut Vec<Segment>| {
        let norm = normalize(source);
        let us = units(&norm.text);
        let scripts = us
            .iter()
            .map(|u| script_bits(detector, &source[norm.source_range(u.start, u.end)]))
            .collect();
        let start = next(segments);
        segments.push(Segment {
            text: norm.text,
            units: us,
            start,
            scripts,
        });
    };
    push(title, &mut segments);
    let title_end = next(&segments).saturating_sub(1);
    for p in products {
        push(p, &mut segments);
    }
    let body_start = next(&segments);
    push(body, &mut segments);
    let body_len = segments
        .last()
        .map_or(0, |s| u32::try_from(s.units.len()).unwrap_or(u32::MAX));
    (
        segments,
        FieldBounds {
            title_end,
            body_start,
            body_len,
        },
    )
}

/// Whether a unit is keyed on its own.
pub fn is_unigram_key(text: &str, unit: &Unit, stop_words: &[String]) -> bool {
    unit.kind != UnitKind::Mark && !stop_words.iter().any(|s| s == text)
}

/// Calls `f(key, n, position)` for every key occurrence of a segment (`n` = units spanned).
pub fn for_each_key<'s>(
    seg: &'s Segment,
    stop_words: &[String],
    mut f: impl FnMut(&'s str, usize, u32, u8),
) {
    let m = seg.units.len();
    for i in 0..m {
        let pos = seg.start + u32::try_from(i).unwrap_or(u32::MAX);
        for n in 1..=MAX_GRAM.min(m - i) {
            let key = seg.gram(i, i + n);
            if n == 1 && !is_unigram_key(key, &seg.units[i], stop_words) {
                continue;
            }
            let script = seg.scripts[i..i + n].iter().fold(0, |a, b| a | b);
            f(key, n, pos, script);
        }
    }
}

/// How a normalized query term is answered from the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermPlan {
    /// Nothing searchable (empty, or only punctuation / stop words).
    Nothing,
    /// One unit or two: the key's own posting (frequencies per field).
    Posting(String),
    /// Three units or more: positions of these trigrams, each at its unit
    /// offset in the term; the term occurs at `p` when every trigram occurs at
    /// `p + offset`. Three units: one trigram at 0.
    Aligned(Vec<(String, u32)>),
}

impl TermPlan {
    /// Plans the lookup of a normalized term.
    pub fn of(term: &str, stop_words: &[String]) -> TermPlan {
        let us = units(term);
        let m = us.len();
        let gram = |i: usize, j: usize| term[us[i].start..us[j - 1].end].to_string();
        match m {
            0 => TermPlan::Nothing,
            1 if !is_unigram_key(term, &us[0], stop_words) => TermPlan::Nothing,
            1 | 2 => TermPlan::Posting(gram(0, m)),
            _ => {
                // Trigrams at 0, 3, 6, … and one ending at the last unit: together they cover every unit.
                let mut offsets: Vec<usize> = (0..m - 2).step_by(3).collect();
                if offsets.last() != Some(&(m - 3)) {
                    offsets.push(m - 3);
                }
                TermPlan::Aligned(
                    offsets
                        .into_iter()
                        .map(|o| (gram(o, o + 3), u32::try_from(o).unwrap_or(u32::MAX)))
                        .collect(),
                )
            }
        }
    }

    /// Number of units of a term (its span in positions).
    pub fn span(term: &str) -> u32 {
        u32::try_from(units(term).len()).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, usize, u32)> {
        let (segs, _) = document_segments(text, &[], "");
        let mut out = Vec::new();
        for_each_key(&segs[0], &["xx".to_string()], |k, n, p, _| {
            out.push((k.to_string(), n, p));
        });
        out
    }

    #[test]
    fn keys_are_units_pairs_and_triples_without_lone_marks_or_stop_words() {
        let k = keys("科创e贷,xx");
        let names: Vec<&str> = k.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "科", "科创", "科创e", "创", "创e", "创e贷", "e", "e贷", "e贷,", "贷", "贷,",
                "贷,xx", ",xx"
            ]
        );
    }

    #[test]
    fn words_keep_their_single_space_in_keys() {
        let k = keys("FISCO BCOS平台");
        assert!(k.iter().any(|(k, n, _)| k == "fisco bcos" && *n == 2));
        assert!(k.iter().any(|(k, n, _)| k == "fisco bcos平" && *n == 3));
    }

    #[test]
    fn fields_never_share_a_key() {
        let (segs, bounds) = document_segments("标题", &["产品".to_string()], "正文");
        assert_eq!(
            bounds,
            FieldBounds {
                title_end: 2,
                body_start: 6,
                body_len: 2
            }
        );
        let mut all = Vec::new();
        for s in &segs {
            for_each_key(s, &[], |k, _, p, _| all.push((k.to_string(), p)));
        }
        assert!(!all.iter().any(|(k, _)| k == "题产" || k == "品正"));
        assert!(all.contains(&("正文".to_string(), 6)));
        assert_eq!(bounds.field_of(0), Field::Title);
        assert_eq!(bounds.field_of(3), Field::Products);
        assert_eq!(bounds.field_of(7), Field::Body);
    }

    #[test]
    fn long_terms_are_covered_by_aligned_trigrams() {
        assert_eq!(TermPlan::of("银行", &[]), TermPlan::Posting("银行".into()));
        assert_eq!(TermPlan::of("ipo", &[]), TermPlan::Posting("ipo".into()));
        assert_eq!(TermPlan::of("xx", &["xx".into()]), TermPlan::Nothing);
        assert_eq!(
            TermPlan::of("专精特", &[]),
            TermPlan::Aligned(vec![("专精特".into(), 0)])
        );
        assert_eq!(
            TermPlan::of("专精特新", &[]),
            TermPlan::Aligned(vec![("专精特".into(), 0), ("精特新".into(), 1)])
        );
        assert_eq!(
            TermPlan::of("一二三四五六七", &[]),
            TermPlan::Aligned(vec![
                ("一二三".into(), 0),
                ("四五六".into(), 3),
                ("五六七".into(), 4)
            ])
        );
    }
}
