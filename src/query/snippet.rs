//! Result snippets: the best passage of the original text, with `<mark>` on matches.
//!
//! Matches are found in normalized text and mapped back to the source, so a
//! traditional-script document shows its own characters. Passages are cut at
//! sentence boundaries; everything is HTML-escaped except the `<mark>` tags.

use crate::analyzer::{is_cjk, Normalized};
use std::collections::BTreeSet;

/// Target passage length in characters.
const TARGET_CHARS: usize = 110;
/// Characters kept before the first match when a long sentence is cut.
const LEAD_CHARS: usize = 30;

/// A match in the normalized body: byte range and the clause it satisfies.
pub type ClauseMatch = (usize, usize, usize);

/// Characters of a second passage, shown when the first misses some query words.
const SECOND_CHARS: usize = 60;

/// A byte range of the body to show, and whether it was cut mid-sentence at either end.
#[derive(Debug, Clone, Copy)]
struct Passage {
    start: usize,
    end: usize,
    cut_start: bool,
    cut_end: bool,
}

/// Builds the snippet of `body` given matches in its normalization `norm`:
/// the best passage, and a second one when the first lacks some query words.
pub fn snippet(body: &str, norm: &Normalized, matches: &[ClauseMatch]) -> String {
    let marks = source_marks(norm, matches);
    let sentences = sentences(body);
    if sentences.is_empty() {
        return String::new();
    }
    let all: BTreeSet<usize> = marks.iter().map(|m| m.2).collect();
    let best = best_sentence(&sentences, &marks, &all, None).unwrap_or(0);
    let first = passage(body, &sentences, best, &marks, TARGET_CHARS);
    let mut passages = vec![first];
    let covered: BTreeSet<usize> = marks
        .iter()
        .filter(|m| m.0 >= first.start && m.1 <= first.end)
        .map(|m| m.2)
        .collect();
    let missing: BTreeSet<usize> = all.difference(&covered).copied().collect();
    if !missing.is_empty() {
        if let Some(k) = best_sentence(&sentences, &marks, &missing, Some(&first)) {
            passages.push(passage(body, &sentences, k, &marks, SECOND_CHARS));
            passages.sort_by_key(|p| p.start);
        }
    }
    let mut out = String::new();
    for (i, p) in passages.iter().enumerate() {
        if (p.cut_start || i > 0) && !out.ends_with('…') {
            out.push('…');
        }
        render(&mut out, body, p.start, p.end, &marks);
        if p.cut_end {
            out.push('…');
        }
    }
    out
}

/// The sentence with the most distinct `wanted` clauses (then the most matches,
/// then the earliest), outside `avoid`; `None` when no sentence has any.
///
/// One sweep: sentences are disjoint and in order, `marks` are sorted by start,
/// so a moving pointer visits each mark once — linear in sentences + marks.
fn best_sentence(
    sentences: &[(usize, usize)],
    marks: &[(usize, usize, usize)],
    wanted: &BTreeSet<usize>,
    avoid: Option<&Passage>,
) -> Option<usize> {
    let mut best = None;
    let mut best_score = (0usize, 0usize);
    let mut next = 0;
    let mut clauses: Vec<usize> = Vec::new();
    for (k, &(s, e)) in sentences.iter().enumerate() {
        while marks.get(next).is_some_and(|m| m.0 < s) {
            next += 1;
        }
        let mut end = next;
        while marks.get(end).is_some_and(|m| m.0 < e) {
            end += 1;
        }
        let inside = &marks[next..end];
        next = end;
        if avoid.is_some_and(|p| s < p.end && p.start < e) {
            continue;
        }
        clauses.clear();
        clauses.extend(
            inside
                .iter()
                .filter(|m| m.1 <= e && wanted.contains(&m.2))
                .map(|m| m.2),
        );
        let count = clauses.len();
        clauses.sort_unstable();
        clauses.dedup();
        let score = (clauses.len(), count);
        if score > best_score {
            best_score = score;
            best = Some(k);
        }
    }
    best
}

/// Sentence `k` widened with its neighbours up to `target` characters, or, when
/// it is long, cut around its first match.
fn passage(
    body: &str,
    sentences: &[(usize, usize)],
    k: usize,
    marks: &[(usize, usize, usize)],
    target: usize,
) -> Passage {
    let (mut start, mut end) = sentences[k];
    let chars = |s: usize, e: usize| body[s..e].chars().count();
    let (mut cut_start, mut cut_end) = (false, false);
    if chars(start, end) > target + target / 2 {
        let first = marks
            .iter()
            .find(|m| m.0 >= start && m.1 <= end)
            .map_or(start, |m| m.0);
        let lead = LEAD_CHARS.min(target / 3);
        let lead_start = body[start..first]
            .char_indices()
            .rev()
            .nth(lead.saturating_sub(1))
            .map_or(start, |(i, _)| start + i);
        cut_start = lead_start > start;
        start = lead_start;
        let limit = body[start..]
            .char_indices()
            .nth(target + lead)
            .map_or(body.len(), |(i, _)| start + i);
        // Never cut a mark in two.
        let limit = marks
            .iter()
            .find(|m| m.0 < limit && limit < m.1)
            .map_or(limit, |m| m.1);
        if limit < end {
            end = limit;
            cut_end = true;
        }
    } else {
        let mut next = k + 1;
        while next < sentences.len() && chars(start, sentences[next].1) <= target {
            end = sentences[next].1;
            next += 1;
        }
        let mut prev = k;
        while prev > 0 && chars(sentences[prev - 1].0, end) <= target {
            prev -= 1;
            start = sentences[prev].0;
        }
    }
    Passage {
        start,
        end,
        cut_start,
        cut_end,
    }
}

/// The whole of `text` (a title) HTML-escaped with `<mark>` on every match.
pub fn highlight(text: &str, norm: &Normalized, matches: &[ClauseMatch]) -> String {
    let mut marks = source_marks(norm, matches);
    marks.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    render(&mut out, text, 0, text.len(), &marks);
    out
}

/// The whole of `text` HTML-escaped with `<mark>` around matches, every
/// character kept as written (line breaks and spaces too): the reader's view.
pub fn mark_exact(text: &str, norm: &Normalized, matches: &[ClauseMatch]) -> String {
    let mut marks = source_marks(norm, matches);
    marks.dedup();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut pos = 0;
    for (ms, me, _) in marks {
        if ms < pos {
            continue;
        }
        text[pos..ms]
            .chars()
            .for_each(|c| push_escaped(&mut out, c));
        out.push_str("<mark>");
        text[ms..me].chars().for_each(|c| push_escaped(&mut out, c));
        out.push_str("</mark>");
        pos = me;
    }
    text[pos..].chars().for_each(|c| push_escaped(&mut out, c));
    out
}

/// Match ranges in source bytes, sorted.
fn source_marks(norm: &Normalized, matches: &[ClauseMatch]) -> Vec<(usize, usize, usize)> {
    let mut marks: Vec<(usize, usize, usize)> = matches
        .iter()
        .map(|&(s, e, c)| {
            let r = norm.source_range(s, e);
            (r.start, r.end, c)
        })
        .filter(|(s, e, _)| s < e)
        .collect();
    marks.sort_unstable();
    marks
}

/// Appends `text[start..end]` escaped, with `<mark>` around the (non-overlapping) marks inside it.
fn render(out: &mut String, text: &str, start: usize, end: usize, marks: &[(usize, usize, usize)]) {
    // Marks that touch, or are separated by layout whitespace only, become one.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for &(ms, me, _) in marks.iter().filter(|m| m.0 >= start && m.1 <= end) {
        match merged.last_mut() {
            Some(last) if ms <= last.1 || text[last.1..ms].chars().all(char::is_whitespace) => {
                last.1 = last.1.max(me);
            }
            _ => merged.push((ms, me)),
        }
    }
    let mut pos = start;
    let mut last_char: Option<char> = None;
    for (ms, me) in merged {
        if ms < pos {
            continue;
        }
        push_text(
            out,
            &text[pos..ms],
            &mut last_char,
            text[ms..].chars().next(),
        );
        out.push_str("<mark>");
        push_text(
            out,
            &text[ms..me],
            &mut last_char,
            text[me..].chars().next(),
        );
        out.push_str("</mark>");
        pos = me;
    }
    push_text(out, &text[pos..end], &mut last_char, None);
}

/// Sentence byte ranges of `text`: split after 。！？；!?; and at line breaks, trimmed.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let closes = matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n');
        // Keep a closing quote with its sentence: 。” ends after the quote.
        let next_is_quote = text[end..].starts_with(['”', '’', '」', '）', ')']);
        if closes && !next_is_quote {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push((start + lead, end - trail));
    }
}

/// Appends `text` HTML-escaped, folding layout whitespace: dropped next to CJK, one space otherwise.
fn push_text(out: &mut String, text: &str, last: &mut Option<char>, after: Option<char>) {
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            let joins_cjk = last.is_some_and(is_cjk) || is_cjk(c) || last.is_none();
            if !joins_cjk {
                out.push(' ');
            }
            pending_space = false;
        }
        push_escaped(out, c);
        *last = Some(c);
    }
    if pending_space
        && after.is_some_and(|a| !is_cjk(a) && !a.is_whitespace())
        && last.is_some_and(|l| !is_cjk(l))
    {
        out.push(' ');
    }
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::normalize;

    fn snip(body: &str, term: &str) -> String {
        let n = normalize(body);
        let t = normalize(term).text;
        let matches: Vec<ClauseMatch> = n
            .text
            .match_indices(&t)
            .map(|(i, s)| (i, i + s.len(), 0))
            .collect();
        snippet(body, &n, &matches)
    }

    #[test]
    fn marks_map_back_to_traditional_characters() {
        assert_eq!(
            snip("工商銀行推出經營快貸。", "经营快贷"),
            "工商銀行推出<mark>經營快貸</mark>。"
        );
    }

    #[test]
    fn picks_the_sentence_with_the_match() {
        // Far longer than the snippet, so only the right choice shows the match.
        let filler =
            "这一句只是填充内容，没有任何要找的词语，但是长度足够长，放不进同一个摘要里面。";
        let body = format!(
            "{}这里有科创e贷产品。{}",
            filler.repeat(6),
            filler.repeat(6)
        );
        assert!(body.chars().count() > 4 * TARGET_CHARS);
        let s = snip(&body, "科创e贷");
        assert!(s.contains("这里有<mark>科创e贷</mark>产品。"), "{s}");
        assert!(s.chars().count() <= TARGET_CHARS + 2, "{s}");
    }

    #[test]
    fn picks_the_sentence_with_the_most_clauses_then_the_most_matches() {
        let filler =
            "填充内容没有要找的词语，长度足够长，放不进同一个摘要里面，再多写几个字吧好的。";
        let body = format!(
            "{filler}甲甲乙在这里。{f}甲甲甲在这里。{f}甲乙在这里。{f}",
            f = filler.repeat(3)
        );
        let n = normalize(&body);
        let m: Vec<ClauseMatch> = n
            .text
            .char_indices()
            .filter_map(|(i, c)| match c {
                '甲' => Some((i, i + 3, 0)),
                '乙' => Some((i, i + 3, 1)),
                _ => None,
            })
            .collect();
        let s = snippet(&body, &n, &m);
        assert!(s.contains("<mark>甲甲乙</mark>在这里。"), "{s}");
        assert!(!s.contains("在这里。甲甲甲"), "{s}");
    }

    /// A 5 MB body with thousands of sentences and matches: the quadratic
    /// version (every sentence × every match) took 96 s unoptimized; the
    /// linear sweep about 0.5 s (the bound leaves room for a busy machine).
    #[test]
    fn a_five_megabyte_snippet_takes_linear_work() {
        let plain = "这是一个普通的句子，用来填充很长的文件内容，没有要找的词。";
        let hit = "这一句提到科创e贷产品。";
        let mut body = String::with_capacity(5_200_000);
        while body.len() < 5_000_000 {
            for _ in 0..3 {
                body.push_str(plain);
            }
            body.push_str(hit);
        }
        let n = normalize(&body);
        let matches: Vec<ClauseMatch> = n
            .text
            .match_indices("科创e贷")
            .map(|(i, s)| (i, i + s.len(), 0))
            .collect();
        assert!(matches.len() > 10_000);
        let start = std::time::Instant::now();
        let s = snippet(&body, &n, &matches);
        let took = start.elapsed();
        eprintln!(
            "snippet of {} bytes, {} matches: {took:?}",
            body.len(),
            matches.len()
        );
        assert!(s.contains("<mark>科创e贷</mark>"), "{s}");
        assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    }

    #[test]
    fn layout_spaces_inside_marks_are_removed() {
        assert_eq!(
            snip("推出科创 e 贷产品。", "科创e贷"),
            "推出<mark>科创e贷</mark>产品。"
        );
    }

    #[test]
    fn corpus_text_is_escaped() {
        let s = snip("<script>alert(1)</script> & 科创贷", "科创贷");
        assert!(
            s.starts_with("&lt;script&gt;alert(1)&lt;/script&gt; &amp;<mark>"),
            "{s}"
        );
    }

    #[test]
    fn long_sentences_are_cut_around_the_match() {
        let body = format!("{}科创e贷{}。", "甲".repeat(300), "乙".repeat(300));
        let s = snip(&body, "科创e贷");
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("<mark>科创e贷</mark>"),
            "{s}"
        );
        assert!(s.chars().count() < 200);
    }

    #[test]
    fn a_second_passage_shows_words_the_first_lacks() {
        let filler = "这一句只是填充内容，没有任何要找的词语，长度足够长。".repeat(6);
        let body = format!("开头讲绿色信贷。{filler}结尾讲碳中和目标。");
        let n = normalize(&body);
        let mut m: Vec<ClauseMatch> = Vec::new();
        for (c, t) in ["绿色信贷", "碳中和"].iter().enumerate() {
            let i = n.text.find(t).unwrap();
            m.push((i, i + t.len(), c));
        }
        let s = snippet(&body, &n, &m);
        assert!(
            s.contains("<mark>绿色信贷</mark>") && s.contains("<mark>碳中和</mark>"),
            "{s}"
        );
        assert!(
            s.find("绿色信贷") < s.find("碳中和"),
            "passages keep reading order: {s}"
        );
        assert!(s.contains('…'), "{s}");
        assert!(s.chars().count() < 220, "{s}");
    }

    #[test]
    fn adjacent_matches_become_one_mark() {
        let body = "推出科创 e 贷产品。";
        let n = normalize(body);
        let m: Vec<ClauseMatch> = ["科创", "e", "贷"]
            .iter()
            .enumerate()
            .map(|(c, t)| {
                let i = n.text.find(t).unwrap();
                (i, i + t.len(), c)
            })
            .collect();
        assert_eq!(snippet(body, &n, &m), "推出<mark>科创e贷</mark>产品。");
    }

    #[test]
    fn titles_are_highlighted_whole() {
        let title = "工行深圳市分行<创新>";
        let n = normalize(title);
        let m: Vec<ClauseMatch> = n
            .text
            .match_indices("工行")
            .map(|(i, s)| (i, i + s.len(), 0))
            .collect();
        assert_eq!(
            highlight(title, &n, &m),
            "<mark>工行</mark>深圳市分行&lt;创新&gt;"
        );
    }

    #[test]
    fn latin_words_keep_their_space() {
        assert_eq!(
            snip("采用 FISCO BCOS 平台。", "bcos"),
            "采用FISCO <mark>BCOS</mark>平台。"
        );
    }

    #[test]
    fn the_reader_view_keeps_every_character_and_marks_every_match() {
        let text = "第一段 科创e贷。\n\n第二段：<科创 e 贷> & 更多。";
        let norm = normalize(text);
        let term = "科创e贷";
        let matches: Vec<ClauseMatch> = norm
            .text
            .match_indices(term)
            .map(|(i, _)| (i, i + term.len(), 0))
            .collect();
        assert_eq!(
            mark_exact(text, &norm, &matches),
            "第一段 <mark>科创e贷</mark>。\n\n第二段：&lt;<mark>科创 e 贷</mark>&gt; &amp; 更多。"
        );
    }
}
