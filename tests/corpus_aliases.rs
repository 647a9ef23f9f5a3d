//! The alias table at work on the committed corpus: a short name finds the
//! cases that print only the long one and vice versa, and a name inside a
//! longer one that means something else (`中国银行业协会`) does not count.

use casesearch::analyzer::normalize;
use casesearch::corpus::loader::{load_corpus, Corpus};
use casesearch::index::build_index;
use casesearch::query::{MemoryIndex, SearchOptions};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        load_corpus(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")).expect("loads")
    })
}

fn searcher() -> &'static MemoryIndex {
    static SEARCHER: OnceLock<MemoryIndex> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let c = corpus();
        MemoryIndex::new(&build_index(&c.documents, &c.config, &c.aliases).unwrap()).unwrap()
    })
}

fn hits(q: &str) -> BTreeSet<String> {
    let opts = SearchOptions {
        limit: 1000,
        ..SearchOptions::default()
    };
    searcher()
        .search(q, &opts)
        .expect("search runs")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// Documents whose title, body or products (normalized) contain `name`,
/// matches inside its group's `not_within` strings left out.
fn printing(name: &str) -> BTreeSet<String> {
    let n = normalize(name).text;
    let blocked: Vec<String> = corpus()
        .aliases
        .groups
        .iter()
        .find(|g| g.names().any(|x| normalize(x).text == n))
        .map(|g| g.not_within.iter().map(|b| normalize(b).text).collect())
        .unwrap_or_default();
    corpus()
        .documents
        .iter()
        .filter(|d| {
            [&d.body, &d.title, &d.products.join("\n")].iter().any(|t| {
                let mut text = normalize(t).text;
                for b in &blocked {
                    text = text.replace(b.as_str(), "");
                }
                text.contains(&n)
            })
        })
        .map(|d| d.id.clone())
        .collect()
}

/// Each query must find every case that prints only the other name. Pairs the
/// corpus gives no evidence for are skipped; at least `min` must have some.
fn finds_the_other_name(pairs: &[(&str, &str)], min: usize) {
    let mut evidence = 0;
    for (query, other) in pairs {
        let only_other: BTreeSet<String> = printing(other)
            .difference(&printing(query))
            .cloned()
            .collect();
        if only_other.is_empty() {
            continue;
        }
        evidence += 1;
        let missed: Vec<String> = only_other.difference(&hits(query)).cloned().collect();
        assert!(
            missed.is_empty(),
            "{query} misses {missed:?}, which print {other}"
        );
    }
    assert!(evidence >= min, "only {evidence} pairs could be checked");
}

#[test]
fn a_short_name_finds_cases_that_print_only_the_long_name() {
    finds_the_other_name(
        &[
            ("工行", "中国工商银行"),
            ("工行", "工商银行"),
            ("建行", "建设银行"),
            ("农行", "农业银行"),
            ("中行", "中国银行"),
            ("交行", "交通银行"),
            ("国开行", "国家开发银行"),
            ("开行", "开发银行"),
            ("邮储", "邮政储蓄银行"),
            ("浦发", "上海浦东发展银行"),
            ("人行", "人民银行"),
            ("央行", "人民银行"),
            ("工信部", "工业和信息化部"),
        ],
        5,
    );
}

#[test]
fn a_long_name_finds_cases_that_print_only_the_short_name() {
    finds_the_other_name(
        &[
            ("中国工商银行", "工行"),
            ("中国人民银行", "人行"),
            ("人民银行", "央行"),
            ("工业和信息化部", "工信部"),
            ("招商银行", "招行"),
            ("深圳前海微众银行", "微众"),
            ("交通银行", "交行"),
            ("国家开发银行", "开行"),
        ],
        4,
    );
}

#[test]
fn a_name_inside_a_longer_name_does_not_count() {
    // 中国银行 printed only as part of 中国银行业… or 中国银行间… is not the Bank of China.
    let group = corpus()
        .aliases
        .groups
        .iter()
        .find(|g| g.canonical == "中国银行")
        .expect("group");
    let blocked: Vec<String> = group.not_within.iter().map(|b| normalize(b).text).collect();
    let names: Vec<String> = group.names().map(|n| normalize(n).text).collect();
    let only_inside: Vec<String> = corpus()
        .documents
        .iter()
        .filter(|d| {
            let text = normalize(&d.body).text;
            let mut rest = text.clone();
            for b in &blocked {
                rest = rest.replace(b.as_str(), "");
            }
            blocked.iter().any(|b| text.contains(b.as_str()))
                && !names.iter().any(|n| rest.contains(n.as_str()))
                && !names
                    .iter()
                    .any(|n| normalize(&d.title).text.contains(n.as_str()))
        })
        .map(|d| d.id.clone())
        .collect();
    assert!(
        !only_inside.is_empty(),
        "the corpus has cases naming only 中国银行业…"
    );
    let found = hits("中国银行");
    for id in &only_inside {
        assert!(
            !found.contains(id),
            "中国银行 matched {id} through a longer name"
        );
    }
}

#[test]
fn ordinary_words_that_contain_a_short_name_are_not_matches() {
    // 员工行为 contains 工行; 对接人行动产 contains 人行.
    for (q, word) in [("工行", "员工行"), ("人行", "人行动")] {
        let ids: BTreeSet<String> = printing(word)
            .into_iter()
            .filter(|id| {
                let d = corpus().documents.iter().find(|d| &d.id == id).unwrap();
                let text = normalize(&d.body).text.replace(&normalize(word).text, "");
                let group = corpus()
                    .aliases
                    .groups
                    .iter()
                    .find(|g| g.names().any(|n| n == q))
                    .unwrap();
                !group.names().any(|n| text.contains(&normalize(n).text))
                    && !group
                        .names()
                        .any(|n| normalize(&d.title).text.contains(&normalize(n).text))
            })
            .collect();
        let found = hits(q);
        for id in &ids {
            assert!(!found.contains(id), "{q} matched {id} through {word}");
        }
    }
}
