//! Exactness of search on the sample corpus: for well over 1,000 random substrings
//! of the corpus text (2–8 characters, plus whole Latin words and numbers), the
//! hits are exactly the documents whose normalized text contains the substring —
//! no miss, no false positive. The oracle below scans every document naively and
//! decides word boundaries on its own, independently of the engine's matcher.
//!
//! The drawn queries and their expected hits are also written to
//! `target/tmp/exact-queries.json`, which the browser test replays in Chromium.

use casesearch::analyzer::normalize;
use casesearch::corpus::loader::load_corpus;
use casesearch::corpus::AliasTable;
use casesearch::index::build_index;
use casesearch::query::{MemoryIndex, SearchOptions};
use std::collections::BTreeSet;
use std::path::Path;

/// xorshift64* — deterministic, so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn is_cjk(c: char) -> bool {
    let u = c as u32;
    (0x3400..=0x4DBF).contains(&u)
        || (0x4E00..=0x9FFF).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0x20000..=0x3134F).contains(&u)
        || u == 0x3007
        || (0x3040..=0x30FF).contains(&u)
        || (0xAC00..=0xD7AF).contains(&u)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Whether `t[j]` is a `.` or thousands `,` inside a number.
fn number_joiner(t: &[char], j: usize) -> bool {
    let digit = |k: usize| t.get(k).is_some_and(|c| c.is_ascii_digit());
    match t.get(j) {
        Some('.') => j > 0 && digit(j - 1) && digit(j + 1),
        Some(',') => j > 0 && digit(j - 1) && (1..=3).all(|k| digit(j + k)) && !digit(j + 4),
        _ => false,
    }
}

/// Whether a match may start or end at char position `i` (it must not cut a word or number).
fn boundary(t: &[char], i: usize) -> bool {
    if i == 0 || i >= t.len() {
        return true;
    }
    let (a, b) = (t[i - 1], t[i]);
    !((is_word(a) && is_word(b)) || number_joiner(t, i) || number_joiner(t, i - 1))
}

fn occurrences(t: &[char], q: &[char]) -> Vec<usize> {
    if q.is_empty() || q.len() > t.len() {
        return vec![];
    }
    (0..=t.len() - q.len())
        .filter(|&i| t[i..i + q.len()] == *q)
        .collect()
}

/// The oracle: does normalized text `t` contain `q` at word boundaries, outside any blocker?
fn oracle_contains(t: &[char], q: &[char], blockers: &[Vec<char>]) -> bool {
    let blocked: Vec<(usize, usize)> = blockers
        .iter()
        .flat_map(|b| occurrences(t, b).into_iter().map(move |i| (i, i + b.len())))
        .collect();
    occurrences(t, q).into_iter().any(|i| {
        let e = i + q.len();
        boundary(t, i) && boundary(t, e) && !blocked.iter().any(|&(bs, be)| bs <= i && e <= be)
    })
}

struct Doc {
    id: String,
    fields: Vec<Vec<char>>,
    body: Vec<char>,
}

fn chars(s: &str) -> Vec<char> {
    normalize(s).text.chars().collect()
}

fn expected(docs: &[Doc], query: &str, aliases: &AliasTable) -> BTreeSet<String> {
    let q = chars(query);
    let (names, blockers): (Vec<Vec<char>>, Vec<Vec<char>>) = match aliases
        .groups
        .iter()
        .find(|g| g.names().any(|n| chars(n) == q))
    {
        Some(g) => (
            g.names().map(chars).collect(),
            g.not_within.iter().map(|b| chars(b)).collect(),
        ),
        None => (vec![q], vec![]),
    };
    docs.iter()
        .filter(|d| {
            d.fields
                .iter()
                .any(|f| names.iter().any(|n| oracle_contains(f, n, &blockers)))
        })
        .map(|d| d.id.clone())
        .collect()
}

/// Draws a query: a random 2–8 character substring widened to word boundaries, or a whole Latin word/number.
fn draw(rng: &mut Rng, docs: &[Doc], stop: &[String]) -> Option<String> {
    let d = &docs[rng.below(docs.len())];
    let t = &d.body;
    if t.len() < 10 {
        return None;
    }
    let (mut s, mut e);
    if rng.below(5) == 0 {
        // A whole Latin word or number.
        let words: Vec<usize> = (0..t.len())
            .filter(|&i| is_word(t[i]) && !is_cjk(t[i]) && boundary(t, i))
            .collect();
        if words.is_empty() {
            return None;
        }
        s = words[rng.below(words.len())];
        e = s + 1;
    } else {
        s = rng.below(t.len() - 2);
        e = (s + 2 + rng.below(7)).min(t.len());
    }
    while !boundary(t, s) {
        s -= 1;
    }
    while !boundary(t, e) {
        e += 1;
    }
    let q: String = t[s..e].iter().collect();
    let units: Vec<String> = q
        .split(|c: char| !(is_word(c) || is_cjk(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let syntax = q.starts_with(['-', '－'])
        || q.contains(|c: char| c.is_whitespace() || "\"|｜“”「」『』＂".contains(c));
    let only_stop = units
        .iter()
        .all(|u| stop.contains(u) || u.chars().all(|c| !is_cjk(c) && stop.iter().any(|s| s == u)));
    if syntax || units.is_empty() || only_stop || q.chars().count() > 24 {
        return None;
    }
    Some(q)
}

#[test]
fn random_substrings_find_exactly_the_documents_that_contain_them() {
    let corpus = load_corpus(Path::new("corpus")).expect("the sample corpus loads");
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    let index = build_index(&corpus.documents, &corpus.config, &corpus.aliases);
    let searcher = MemoryIndex::new(&index.unwrap()).unwrap();
    let docs: Vec<Doc> = corpus
        .documents
        .iter()
        .map(|d| Doc {
            id: d.id.clone(),
            fields: vec![
                chars(&d.body),
                chars(&d.title),
                chars(&d.products.join("\n")),
            ],
            body: chars(&d.body),
        })
        .collect();
    let stop: Vec<String> = corpus
        .config
        .search
        .stop_words
        .iter()
        .map(|w| normalize(w).text)
        .collect();
    let opts = SearchOptions {
        limit: 1000,
        ..SearchOptions::default()
    };

    let mut rng = Rng(0x5EED_CA5E_5EA2_C401);
    let mut queries = BTreeSet::new();
    while queries.len() < 1200 {
        if let Some(q) = draw(&mut rng, &docs, &stop) {
            queries.insert(q);
        }
    }
    let mut fixture = Vec::new();
    let mut failures = Vec::new();
    for q in &queries {
        let want = expected(&docs, q, &corpus.aliases);
        let response = searcher
            .search(q, &SearchOptions { ..opts.clone() })
            .expect("search runs");
        let got: BTreeSet<String> = response.hits.iter().map(|h| h.id.clone()).collect();
        if got != want || response.total != want.len() || response.partial {
            failures.push(format!(
                "{q:?}: missed {:?}, extra {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
        fixture.push(serde_json::json!({ "query": q, "expected": want }));
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries wrong:\n{}",
        failures.len(),
        queries.len(),
        failures.join("\n")
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("exact-queries.json"),
        serde_json::to_string(&fixture).unwrap(),
    )
    .unwrap();
}

#[test]
fn oracle_boundaries_agree_with_the_documented_rules() {
    let c = |s: &str| s.chars().collect::<Vec<char>>();
    assert!(!oracle_contains(&c("email"), &c("ai"), &[]));
    assert!(oracle_contains(&c("email和ai"), &c("ai"), &[]));
    let t = c("共45.81亿,2019,2020年");
    assert!(!oracle_contains(&t, &c("45"), &[]));
    assert!(!oracle_contains(&t, &c("81亿"), &[]));
    assert!(oracle_contains(&t, &c("45.81亿"), &[]));
    assert!(oracle_contains(&t, &c("2019"), &[]));
    assert!(!oracle_contains(
        &c("中国银行业协会"),
        &c("中国银行"),
        &[c("中国银行业协会")]
    ));
}
