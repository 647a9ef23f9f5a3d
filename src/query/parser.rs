//! The query language.
//!
//! - Words separated by spaces are ANDed: `专精特新 贷款`.
//! - A run of CJK characters is a phrase: `专精特新` matches only those four characters in a row.
//! - `"quoted words"` (also `“…”`, `「…」`) are one phrase: `"fisco bcos"`.
//! - `-word` or `-"phrase"` excludes documents that contain it.
//! - `a OR b` and `a | b` match either.
//! - A word that names an alias group (`工行`) also matches the group's other names.
//!
//! Work is bounded: at most [`MAX_QUERY_CHARS`] normalized characters and
//! [`MAX_CLAUSES`] clauses are searched; the rest is dropped and counted in
//! [`ParsedQuery::truncated`]. Repeated clauses are searched once.

use crate::analyzer::{normalize_query, units, UnitKind};
use crate::corpus::AliasGroup;

/// One searchable string, normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Normalized text that must occur, at unit boundaries.
    pub text: String,
    /// The words as typed (for the exact-script bonus); empty for alias expansions.
    pub raw: String,
    /// Normalized longer names inside which a match does not count.
    pub not_within: Vec<String>,
    /// Which typed word of its clause this term stands for: alternatives of
    /// `a OR b` are words 0 and 1; alias expansions share their word's number.
    pub word: usize,
}

/// A set of alternatives, any of which satisfies the clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub alternatives: Vec<Term>,
}

/// Normalized characters of a query that are searched; the rest is dropped.
pub const MAX_QUERY_CHARS: usize = 256;
/// Clauses of a query that are searched; the rest is dropped.
pub const MAX_CLAUSES: usize = 32;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub clauses: Vec<Clause>,
    /// Words that carry nothing searchable (stop words, punctuation).
    pub ignored: Vec<String>,
    /// What the caps cut off (`None` when the whole query is searched), so the
    /// response can tell the user that only the start of the query was used.
    pub truncated: Option<Truncated>,
}

/// The part of a query beyond [`MAX_QUERY_CHARS`] or [`MAX_CLAUSES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Truncated {
    /// Typed words not searched at all.
    pub words: usize,
    /// Characters (as typed) not searched, counting the cut-off end of a word
    /// that was searched in part.
    pub chars: usize,
}

impl ParsedQuery {
    pub fn positive(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.negated)
    }
    pub fn negative(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| c.negated)
    }
}

#[derive(Debug, PartialEq)]
enum Lexeme {
    Word { text: String, negated: bool },
    Or,
}

fn closing_quote(c: char) -> Option<char> {
    match c {
        '"' | '＂' => Some(c),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

fn lex(q: &str) -> Vec<Lexeme> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        if c == '|' || c == '｜' {
            chars.next();
            out.push(Lexeme::Or);
            continue;
        }
        let mut negated = false;
        if c == '-' || c == '－' {
            chars.next();
            match chars.peek() {
                Some(n) if !n.is_whitespace() => negated = true,
                _ => continue,
            }
        }
        let Some(&first) = chars.peek() else { break };
        let mut text = String::new();
        if let Some(close) = closing_quote(first) {
            chars.next();
            for ch in chars.by_ref() {
                if ch == close || (close == '”' && ch == '"') {
                    break;
                }
                text.push(ch);
            }
        } else {
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() || ch == '|' || ch == '｜' || closing_quote(ch).is_some() {
                    break;
                }
                text.push(ch);
                chars.next();
            }
        }
        if !negated && text == "OR" {
            out.push(Lexeme::Or);
        } else if !text.is_empty() {
            out.push(Lexeme::Word { text, negated });
        }
    }
    out
}

/// Parses a query. `stop_words` must be normalized; `aliases` are the corpus alias groups.
pub fn parse_query(q: &str, stop_words: &[String], aliases: &[AliasGroup]) -> ParsedQuery {
    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    // Normalized characters searched so far, and whether a cap was reached.
    let mut used = 0usize;
    let mut full = false;
    // One-word clauses so far (negated, normalized word), and the last clause's key if it is one.
    let mut single: std::collections::BTreeSet<(bool, String)> = std::collections::BTreeSet::new();
    let mut last_single: Option<(bool, String)> = None;
    let lexemes = lex(q);
    for (i, lexeme) in lexemes.iter().enumerate() {
        let (raw, negated) = match lexeme {
            Lexeme::Or => {
                pending_or = !parsed.clauses.is_empty();
                continue;
            }
            Lexeme::Word { text, negated } => (text, *negated),
        };
        if full {
            let t = parsed.truncated.get_or_insert_with(Truncated::default);
            t.words += 1;
            t.chars += raw.chars().count();
            continue;
        }
        let mut raw = raw.clone();
        let mut text = normalize_query(&raw);
        let us = units(&text);
        let searchable = us
            .iter()
            .filter(|u| u.kind != UnitKind::Mark)
            .any(|u| !stop_words.iter().any(|s| *s == text[u.start..u.end]));
        if !searchable {
            parsed.ignored.push(raw);
            continue;
        }
        let joins = pending_or && parsed.clauses.last().is_some_and(|c| c.negated == negated);
        let length = text.chars().count();
        let room = MAX_QUERY_CHARS - used;
        if (!joins && parsed.clauses.len() >= MAX_CLAUSES) || room == 0 {
            full = true;
            parsed.truncated = Some(Truncated {
                words: 1,
                chars: raw.chars().count(),
            });
            continue;
        }
        if length > room {
            // Only the beginning of this word fits in what is left of the budget.
            let (kept, cut) = cut_to_fit(&raw, room);
            raw = kept;
            text = normalize_query(&raw);
            full = true;
            if text.is_empty() {
                parsed.truncated = Some(Truncated {
                    words: 1,
                    chars: cut,
                });
                continue;
            }
            parsed.truncated = Some(Truncated {
                words: 0,
                chars: cut,
            });
        }
        // A word repeating an earlier one-word clause adds nothing; skipped before
        // its aliases are expanded, so repeating a word many times stays cheap.
        let followed_by_or = matches!(lexemes.get(i + 1), Some(Lexeme::Or));
        let key = (negated, text.clone());
        if !joins && !followed_by_or && single.contains(&key) {
            pending_or = false;
            continue;
        }
        let mut terms = expand_aliases(&text, &raw, aliases);
        used += text.chars().count();
        if joins {
            // The last clause gains an alternative: it is no longer a one-word clause.
            if let Some(k) = last_single.take() {
                single.remove(&k);
            }
        } else if followed_by_or {
            last_single = None;
        } else {
            single.insert(key.clone());
            last_single = Some(key);
        }
        match parsed.clauses.last_mut() {
            Some(last) if joins => {
                let word = last
                    .alternatives
                    .iter()
                    .map(|t| t.word + 1)
                    .max()
                    .unwrap_or(0);
                for t in &mut terms {
                    t.word = word;
                }
                last.alternatives.extend(terms);
            }
            _ => parsed.clauses.push(Clause {
                negated,
                alternatives: terms,
            }),
        }
        pending_or = false;
    }
    for clause in &mut parsed.clauses {
        let mut seen = std::collections::BTreeSet::new();
        clause.alternatives.retain(|t| seen.insert(t.text.clone()));
    }
    // Identical clauses (`a|b a|b`) are searched once.
    let mut seen = std::collections::BTreeSet::new();
    parsed.clauses.retain(|c| {
        let mut key: Vec<&str> = c.alternatives.iter().map(|t| t.text.as_str()).collect();
        key.sort_unstable();
        seen.insert((c.negated, key.join("\u{0}")))
    });
    parsed
}

/// The longest beginning of `raw` whose normalization has at most `max`
/// characters, and the number of characters of `raw` left out.
fn cut_to_fit(raw: &str, max: usize) -> (String, usize) {
    let total = raw.chars().count();
    // Normalization may expand a character (㎡ → m2), so shrink until it fits.
    let mut keep = max.min(total);
    loop {
        let kept: String = raw.chars().take(keep).collect();
        if keep == 0 || normalize_query(&kept).chars().count() <= max {
            return (kept, total - keep);
        }
        keep = keep * 3 / 4;
    }
}

fn expand_aliases(text: &str, raw: &str, aliases: &[AliasGroup]) -> Vec<Term> {
    let typed = Term {
        text: text.to_string(),
        raw: raw.split_whitespace().collect(),
        not_within: Vec::new(),
        word: 0,
    };
    let Some(group) = aliases
        .iter()
        .find(|g| g.names().any(|n| normalize_query(n) == text))
    else {
        return vec![typed];
    };
    let not_within: Vec<String> = group
        .not_within
        .iter()
        .map(|b| normalize_query(b))
        .collect();
    let mut terms = vec![Term {
        not_within: not_within.clone(),
        ..typed
    }];
    for name in group.names() {
        let n = normalize_query(name);
        if n != text {
            terms.push(Term {
                text: n,
                raw: String::new(),
                not_within: not_within.clone(),
                word: 0,
            });
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<(bool, Vec<String>)> {
        parse_query(q, &["xx".to_string()], &[])
            .clauses
            .into_iter()
            .map(|c| {
                (
                    c.negated,
                    c.alternatives.into_iter().map(|t| t.text).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn words_are_anded_clauses() {
        assert_eq!(
            texts("专精特新  贷款"),
            [
                (false, vec!["专精特新".into()]),
                (false, vec!["贷款".into()])
            ]
        );
    }

    #[test]
    fn quotes_make_one_phrase() {
        assert_eq!(
            texts("\"FISCO BCOS\" “科创 e 贷”"),
            [
                (false, vec!["fisco bcos".into()]),
                (false, vec!["科创e贷".into()])
            ]
        );
    }

    #[test]
    fn minus_excludes() {
        assert_eq!(
            texts("银行 -村镇"),
            [(false, vec!["银行".into()]), (true, vec!["村镇".into()])]
        );
    }

    #[test]
    fn or_and_bar_make_alternatives() {
        let want = [
            (
                false,
                vec!["工行".to_string(), "建行".into(), "农行".into()],
            ),
            (false, vec!["贷款".into()]),
        ];
        assert_eq!(texts("工行 OR 建行 | 农行 贷款"), want);
        assert_eq!(texts("工行|建行｜农行 贷款"), want);
    }

    #[test]
    fn lowercase_or_is_a_word() {
        assert_eq!(texts("a or b").len(), 3);
    }

    #[test]
    fn stop_words_and_punctuation_are_ignored() {
        let p = parse_query("XX 。 贷款", &["xx".to_string()], &[]);
        assert_eq!(p.ignored, ["XX", "。"]);
        assert_eq!(p.clauses.len(), 1);
    }

    #[test]
    fn aliases_expand_both_ways() {
        let g = AliasGroup {
            canonical: "中国工商银行".into(),
            aliases: vec!["工商银行".into(), "工行".into()],
            field: None,
            not_within: vec![],
        };
        let p = parse_query("工行", &[], std::slice::from_ref(&g));
        let alts: Vec<&str> = p.clauses[0]
            .alternatives
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(alts, ["工行", "中国工商银行", "工商银行"]);
        let p = parse_query("中國工商銀行", &[], &[g]);
        assert_eq!(p.clauses[0].alternatives.len(), 3);
    }

    #[test]
    fn long_queries_are_cut_to_the_character_budget() {
        let q = "专精特新 ".repeat(100) + &"科".repeat(10_000) + " 贷款";
        // Repeated words are searched once, so the long word is what gets cut.
        let p = parse_query(&q, &[], &[]);
        assert_eq!(p.clauses.len(), 2);
        assert_eq!(
            p.clauses[1].alternatives[0].text.chars().count(),
            MAX_QUERY_CHARS - 4
        );
        assert_eq!(
            p.truncated,
            Some(Truncated {
                words: 1,
                chars: 10_000 - (MAX_QUERY_CHARS - 4) + 2
            })
        );
        let p = parse_query(&"科".repeat(10_000), &[], &[]);
        assert_eq!(
            p.clauses[0].alternatives[0].text.chars().count(),
            MAX_QUERY_CHARS
        );
        assert_eq!(
            p.truncated,
            Some(Truncated {
                words: 0,
                chars: 10_000 - MAX_QUERY_CHARS
            })
        );
    }

    #[test]
    fn a_word_that_expands_when_normalized_still_fits() {
        let p = parse_query(&"ﷺ".repeat(300), &[], &[]);
        assert!(p.clauses[0].alternatives[0].text.chars().count() <= MAX_QUERY_CHARS);
        assert!(p.truncated.is_some_and(|t| t.chars > 0));
        // No room left for even one expanded character: the word is dropped, not searched empty.
        let p = parse_query(&format!("{} ﷺ", "科".repeat(MAX_QUERY_CHARS - 1)), &[], &[]);
        assert_eq!(p.clauses.len(), 1);
        assert_eq!(p.truncated, Some(Truncated { words: 1, chars: 1 }));
    }

    #[test]
    fn clauses_beyond_the_cap_are_dropped_and_counted() {
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let p = parse_query(&words.join(" "), &[], &[]);
        assert_eq!(p.clauses.len(), MAX_CLAUSES);
        assert_eq!(p.clauses[MAX_CLAUSES - 1].alternatives[0].text, "w31");
        assert_eq!(
            p.truncated,
            Some(Truncated {
                words: 8,
                chars: 24
            })
        );
        assert_eq!(parse_query("w1 w2", &[], &[]).truncated, None);
    }

    #[test]
    fn repeated_clauses_are_searched_once() {
        let p = parse_query(&"ab ".repeat(33_333), &[], &[]);
        assert_eq!(p.clauses.len(), 1);
        assert_eq!(p.truncated, None);
        assert_eq!(
            texts("a b a OR c"),
            [
                (false, vec!["a".into()]),
                (false, vec!["b".into()]),
                (false, vec!["a".into(), "c".into()]),
            ]
        );
        assert_eq!(
            texts("a|b b|a -a a"),
            [
                (false, vec!["a".into(), "b".into()]),
                (true, vec!["a".into()]),
                (false, vec!["a".into()]),
            ]
        );
    }

    #[test]
    fn unbalanced_quote_runs_to_the_end() {
        assert_eq!(texts("\"科技 金融"), [(false, vec!["科技金融".into()])]);
    }
}
