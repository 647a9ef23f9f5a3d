//! Native query speed, as a ratio against a plain scan measured in the same run.
//!
//! The peer is the simplest correct search: normalize the query and test every
//! document's normalized text with `str::contains`. casesearch does more per
//! query (filters, exact word boundaries, ranking, facet counts, snippets), so
//! the ratio says what that costs.
//!
//! ```sh
//! cargo run --release --example query_speed -- corpus
//! ```

use casesearch::analyzer::{normalize, normalize_query};
use casesearch::corpus::loader::load_corpus;
use casesearch::index::build_index;
use casesearch::query::{MemoryIndex, SearchOptions};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpus".into()));
    let corpus = load_corpus(&dir).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let texts: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| {
            normalize(&format!(
                "{}\n{}\n{}",
                d.title,
                d.products.join("\n"),
                d.body
            ))
            .text
        })
        .collect();
    let searcher =
        MemoryIndex::new(&build_index(&corpus.documents, &corpus.config, &corpus.aliases).unwrap())
            .unwrap();

    // 500 queries: substrings of 2–6 characters from the documents, no spaces or punctuation.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut queries = Vec::new();
    while queries.len() < 500 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let text: Vec<char> = texts[(seed % texts.len() as u64) as usize]
            .chars()
            .collect();
        let start = (seed >> 16) as usize % text.len().saturating_sub(8).max(1);
        let len = 2 + (seed >> 40) as usize % 5;
        let q: String = text[start..(start + len).min(text.len())].iter().collect();
        if q.chars().all(|c| c.is_alphanumeric()) {
            queries.push(q);
        }
    }
    let opts = SearchOptions {
        limit: std::env::var("LIMIT")
            .ok()
            .and_then(|l| l.parse().ok())
            .unwrap_or(10),
        ..SearchOptions::default()
    };
    let best_of = |f: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let engine = best_of(&|| {
        for q in &queries {
            black_box(searcher.search(q, &opts).map(|r| r.total).unwrap_or(0));
        }
    });
    let scan = best_of(&|| {
        for q in &queries {
            let n = normalize_query(q);
            black_box(texts.iter().filter(|t| t.contains(&n)).count());
        }
    });
    println!(
        "{} documents, {} queries: casesearch takes {:.1}x the time of a plain substring scan over all normalized texts",
        texts.len(),
        queries.len(),
        engine / scan
    );
}
