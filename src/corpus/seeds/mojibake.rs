//! Text garbled by a GBK decoder that lost byte alignment.
//!
//! When a page in GBK was decoded by a tool that choked on one byte, the
//! decoder printed `?` for it and read every following byte pair shifted by
//! one: the trail byte of each character became the lead byte of the next
//! (`。科創企業` = `A1A3 BFC6 8493 C6F3 9849` came out as `?` `？` `苿` `撈`
//! `髽` `I`). Alignment returns at the first byte that decodes alone (an ASCII
//! letter: the trail byte `49` of `業` was read as `I`). Full-width forms
//! (`？` = `A3BF`) were later folded to ASCII, so a `?`, `;` or `!` inside the
//! run stands for its full-width form: a real ASCII byte below `0x40` can never
//! sit inside a shifted run, because it would have realigned the decoder.
//!
//! Repair re-encodes the run in GBK, puts a lead byte in front for the lost
//! byte and decodes again. Which lead byte was lost is unknown, so every one is
//! tried and the results are judged against the document itself: a repair is
//! accepted only when every character it produces is used elsewhere in the
//! document, and the best reading wins on the character pairs (bigrams) it
//! shares with the document, then on how common the restored character is.
//! A tie is not guessed: the run is reported unrepaired.
//!
//! A strict decoder also drops byte pairs that fall in GBK's user-defined area
//! (`F9D3` decodes to a private-use character), which loses a whole character.
//! When no reading works, the repairer tries re-inserting one such pair at every
//! position of the run, under the same acceptance rule.

use encoding_rs::GBK;
use std::collections::HashMap;

/// Longest garbled run considered (characters after the `?`).
const MAX_RUN: usize = 24;

/// One garbled run and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// Character offset of the `?` in the text.
    pub at: usize,
    /// The garbled text as found.
    pub garbled: String,
    /// The repaired text, or `None` when no reading was acceptable.
    pub repaired: Option<String>,
    /// Whether a dropped user-defined-area byte pair had to be re-inserted.
    pub reinserted_pair: bool,
}

/// Character and character-pair counts of a document, the measure of what
/// plausible text looks like.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    chars: HashMap<char, u32>,
    pairs: HashMap<(char, char), u32>,
}

impl Vocabulary {
    /// Counts the text with every candidate garbled run left out, so the
    /// garbage cannot vouch for itself.
    pub(crate) fn of_document(text: &str) -> Vocabulary {
        let mut v = Vocabulary::default();
        for line in text.lines() {
            let chars: Vec<char> = line.chars().collect();
            let mut skip = vec![false; chars.len()];
            for run in candidate_runs(&chars) {
                for s in &mut skip[run.start..run.end] {
                    *s = true;
                }
            }
            let mut prev: Option<char> = None;
            for (i, &c) in chars.iter().enumerate() {
                if skip[i] {
                    prev = None;
                    continue;
                }
                *v.chars.entry(c).or_default() += 1;
                if let Some(p) = prev {
                    *v.pairs.entry((p, c)).or_default() += 1;
                }
                prev = Some(c);
            }
        }
        v
    }

    fn char_count(&self, c: char) -> u32 {
        self.chars.get(&c).copied().unwrap_or(0)
    }

    fn knows_pair(&self, a: char, b: char) -> bool {
        self.pairs.contains_key(&(a, b))
    }
}

/// A `?` followed by a run that cannot be plain text.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Index of the `?`.
    start: usize,
    /// One past the realigning character.
    end: usize,
}

fn candidate_runs(chars: &[char]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !matches!(chars[i], '?' | '\u{FFFD}') {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut wide = 0;
        let mut end = None;
        while j < chars.len() && j - i <= MAX_RUN {
            let c = chars[j];
            if is_realigning(c) {
                end = Some(j + 1);
                break;
            }
            if c.is_ascii() && !is_folded_punctuation(c) {
                break;
            }
            wide += usize::from(!c.is_ascii());
            j += 1;
        }
        match end {
            Some(end) if wide >= 1 && end - i >= 4 => {
                runs.push(Run { start: i, end });
                i = end;
            }
            _ => i += 1,
        }
    }
    runs
}

/// An ASCII byte that can be a GBK trail byte (`0x40`–`0x7E`): decoded alone,
/// it ends a shifted run.
fn is_realigning(c: char) -> bool {
    ('\u{40}'..='\u{7E}').contains(&c)
}

/// ASCII punctuation below `0x40`: inside a run, the fold of a full-width form.
fn is_folded_punctuation(c: char) -> bool {
    ('\u{21}'..'\u{40}').contains(&c) && !c.is_ascii_digit()
}

/// Repairs every garbled run of `text` that has an acceptable reading.
pub(crate) fn repair(text: &str, vocab: &Vocabulary) -> (String, Vec<Finding>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut findings = Vec::new();
    let mut pos = 0;
    for run in candidate_runs(&chars) {
        let garbled: String = chars[run.start..run.end].iter().collect();
        // Plain text uses characters the document uses; garbage does not.
        if chars[run.start + 1..run.end]
            .iter()
            .all(|&c| c.is_ascii() || vocab.char_count(c) > 0)
        {
            continue;
        }
        out.extend(&chars[pos..run.start]);
        let before = run.start.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(run.end).copied();
        let found = best_reading(&chars[run.start + 1..run.end], before, after, vocab);
        match &found {
            Some((s, _)) => out.push_str(s),
            None => out.push_str(&garbled),
        }
        findings.push(Finding {
            at: run.start,
            garbled,
            reinserted_pair: found.as_ref().is_some_and(|f| f.1),
            repaired: found.map(|f| f.0),
        });
        pos = run.end;
    }
    out.extend(&chars[pos..]);
    (out, findings)
}

/// GBK bytes of the shifted run: folded punctuation goes back to full width.
fn shifted_bytes(run: &[char]) -> Option<Vec<u8>> {
    let restored: String = run
        .iter()
        .map(|&c| {
            if is_folded_punctuation(c) {
                char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    let (bytes, _, unmappable) = GBK.encode(&restored);
    (!unmappable).then(|| bytes.into_owned())
}

/// Score of a reading: character pairs shared with the document (context
/// included), then the frequency of the restored first character.
type Score = (usize, u32);

fn best_reading(
    run: &[char],
    before: Option<char>,
    after: Option<char>,
    vocab: &Vocabulary,
) -> Option<(String, bool)> {
    let bytes = shifted_bytes(run)?;
    let direct = readings(&bytes, None, before, after, vocab);
    if let Some(best) = unique_best(direct) {
        return Some((best, false));
    }
    let mut inserted = Vec::new();
    for at in 0..=bytes.len() {
        for pair in user_defined_pairs() {
            inserted.extend(readings(&bytes, Some((at, pair)), before, after, vocab));
        }
    }
    unique_best(inserted).map(|s| (s, true))
}

/// Every acceptable reading of `[lead] + bytes` (with a pair re-inserted).
fn readings(
    bytes: &[u8],
    insert: Option<(usize, [u8; 2])>,
    before: Option<char>,
    after: Option<char>,
    vocab: &Vocabulary,
) -> Vec<(Score, String)> {
    let mut buf = Vec::with_capacity(bytes.len() + 3);
    let mut out = Vec::new();
    for lead in 0x81..=0xFEu8 {
        buf.clear();
        buf.push(lead);
        match insert {
            Some((at, pair)) => {
                buf.extend_from_slice(&bytes[..at]);
                buf.extend_from_slice(&pair);
                buf.extend_from_slice(&bytes[at..]);
            }
            None => buf.extend_from_slice(bytes),
        }
        let Some(text) = GBK.decode_without_bom_handling_and_without_replacement(&buf) else {
            continue;
        };
        if let Some(score) = judge(&text, before, after, vocab) {
            out.push((score, text.into_owned()));
        }
    }
    out
}

/// A reading is acceptable when every character is used elsewhere in the
/// document and none is private-use or a control character.
fn judge(
    text: &str,
    before: Option<char>,
    after: Option<char>,
    vocab: &Vocabulary,
) -> Option<Score> {
    let mut first = None;
    for c in text.chars() {
        if c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) || vocab.char_count(c) == 0 {
            return None;
        }
        first.get_or_insert(c);
    }
    let seq: Vec<char> = before
        .into_iter()
        .chain(text.chars())
        .chain(after)
        .collect();
    let pairs = seq
        .windows(2)
        .filter(|w| vocab.knows_pair(w[0], w[1]))
        .count();
    Some((pairs, first.map_or(0, |c| vocab.char_count(c))))
}

/// The reading with the highest score, if no different reading ties with it.
fn unique_best(mut readings: Vec<(Score, String)>) -> Option<String> {
    readings.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    readings.dedup_by(|a, b| a.1 == b.1);
    let mut it = readings.into_iter();
    let (best_score, best) = it.next()?;
    match it.next() {
        Some((score, _)) if score == best_score => None,
        _ => Some(best),
    }
}

/// GBK's user-defined areas (AAA1–AFFE, F8A1–FEFE, A140–A7A0): pairs a strict
/// decoder drops.
fn user_defined_pairs() -> impl Iterator<Item = [u8; 2]> {
    let area1 = (0xAA..=0xAFu8).flat_map(|a| (0xA1..=0xFEu8).map(move |b| [a, b]));
    let area2 = (0xF8..=0xFEu8).flat_map(|a| (0xA1..=0xFEu8).map(move |b| [a, b]));
    let area3 =
        (0xA1..=0xA7u8).flat_map(|a| (0x40..=0xA0u8).filter(|&b| b != 0x7F).map(move |b| [a, b]));
    area1.chain(area2).chain(area3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::testdata::{line, seed_text};

    fn repaired(n: u32) -> (String, Vec<Finding>) {
        let vocab = Vocabulary::of_document(seed_text("003"));
        repair(line("003", n), &vocab)
    }

    #[test]
    fn repairs_shifted_gbk_after_a_full_stop_003_l4() {
        let (text, findings) = repaired(4);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].garbled, "??苿撈髽I");
        assert!(
            text.contains("綜合金融服務。科創企業金融服務中心"),
            "{text}"
        );
        assert!(!findings[0].reinserted_pair);
    }

    #[test]
    fn repairs_shifted_gbk_with_a_quote_003_l21() {
        let (text, findings) = repaired(21);
        assert_eq!(findings[0].repaired.as_deref(), Some("。“大眾創業"));
        assert!(text.contains("綜合服務能力。“大眾創業 萬眾創新”"), "{text}");
    }

    #[test]
    fn reinserts_the_dropped_user_defined_pair_003_l17() {
        let (text, findings) = repaired(17);
        assert_eq!(findings[0].repaired.as_deref(), Some("。基于產"));
        assert!(findings[0].reinserted_pair);
        assert!(
            text.starts_with("3.數字供應鏈。基于產業鏈金融生態"),
            "{text}"
        );
    }

    #[test]
    fn leaves_clean_lines_alone() {
        for n in [1, 13, 14, 22] {
            let (text, findings) = repaired(n);
            assert!(findings.is_empty(), "{n}: {findings:?}");
            assert_eq!(text, line("003", n));
        }
    }

    #[test]
    fn leaves_a_real_question_mark_alone() {
        let vocab = Vocabulary::of_document("为什么?企业融资难。企业融资为什么难?");
        let (text, findings) = repair("为什么?企业融资难", &vocab);
        assert!(findings.is_empty());
        assert_eq!(text, "为什么?企业融资难");
    }

    #[test]
    fn reports_a_run_it_cannot_read() {
        let vocab = Vocabulary::of_document("金融服務中心。");
        let (text, findings) = repair("服務??苿撈髽I", &vocab);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].repaired, None);
        assert_eq!(text, "服務??苿撈髽I");
    }
}
