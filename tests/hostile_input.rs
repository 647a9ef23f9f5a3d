//! Hostile input never panics: random queries and options against the sample
//! corpus, and damaged indexes whose checksums were recomputed so that the
//! decoder itself (not only the checksum) has to cope.

// A panic is how a test (or a measurement) fails; pedantic style is for library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::pedantic)]

use casesearch::corpus::loader::load_corpus;
use casesearch::index::{build_index, Index};
use casesearch::query::{SearchOptions, Searcher, Sort};
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces a hostile or clumsy user might type or paste.
const PIECES: &[&str] = &[
    "专",
    "精",
    "特新",
    "科創",
    "e",
    "E",
    "贷",
    "ＩＰＯ",
    "45.81",
    ",",
    "，",
    "。",
    "\"",
    "“",
    "”",
    "「",
    "-",
    "－",
    "|",
    "｜",
    "OR",
    "or",
    " ",
    "\u{3000}",
    "\t",
    "\n",
    "\u{0301}",
    "\u{200d}",
    "😀",
    "𠀀",
    "\u{fffd}",
    "㎡",
    "ﷺ",
    "XX",
    "xx",
    "<",
    "&amp;",
    "\0",
    "\u{202e}",
    "中国银行业协会",
    "工行",
    "1,000",
    "..",
    "%",
    "\\",
    "'",
    "(",
    ")",
    "script",
    "<script>",
    "alert",
    "onerror",
];

/// A document whose title and body try to inject markup, so that the escaping
/// checks below have something to catch.
const HOSTILE_TITLE: &str = "<script>alert(1)</script>专精特新";
const HOSTILE_BODY: &str =
    "贷款<script>alert(1)</script><img src=x onerror=alert(2)>专精特新 e 贷。";

/// The sample corpus plus one hostile document (id `hostile`).
fn searcher() -> Searcher {
    let corpus = load_corpus(Path::new("corpus")).expect("the sample corpus loads");
    let mut documents = corpus.documents.clone();
    let mut hostile = documents[0].clone();
    hostile.id = "hostile".into();
    hostile.title = HOSTILE_TITLE.into();
    hostile.body = HOSTILE_BODY.into();
    documents.push(hostile);
    Searcher::new(build_index(&documents, &corpus.config, &corpus.aliases))
}

/// Markup outside the highlighting marks that the engine adds itself.
fn raw_markup(html: &str) -> bool {
    html.replace("<mark>", "")
        .replace("</mark>", "")
        .contains(['<', '>'])
}

#[test]
fn random_queries_and_options_never_panic_and_stay_consistent() {
    let s = searcher();
    let mut rng = Rng(0xBAD_C0DE_F00D);
    let mut hostile_hits = 0;
    for _ in 0..1000 {
        let q: String = (0..rng.below(12))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect();
        let opts = SearchOptions {
            limit: [0, 1, 10, 1000, usize::MAX][rng.below(5)],
            offset: [0, 3, 97, usize::MAX][rng.below(4)],
            sort: [Sort::Relevance, Sort::Newest, Sort::Oldest][rng.below(3)],
            ..SearchOptions::default()
        };
        let r = s.search(&q, &opts).expect("no facet filters, so no error");
        assert!(r.hits.len() <= r.total && r.total <= 99, "{q:?}");
        assert!(r.hits.len() <= opts.limit, "{q:?}");
        for h in &r.hits {
            assert!(
                !raw_markup(&h.snippet) && !raw_markup(&h.title_html),
                "{q:?}: {} / {}",
                h.title_html,
                h.snippet
            );
            assert!(h.score.is_finite(), "{q:?}");
            hostile_hits += usize::from(h.id == "hostile");
        }
    }
    // The escaping checks ran on the hostile document, not only on harmless ones.
    assert!(
        hostile_hits > 10,
        "the hostile document was shown {hostile_hits} times"
    );
}

#[test]
fn hostile_markup_is_escaped_in_titles_and_snippets() {
    let s = searcher();
    let r = s
        .search("alert", &SearchOptions::default())
        .expect("searches");
    let hit = r.hits.iter().find(|h| h.id == "hostile").expect("found");
    assert!(
        hit.title_html.starts_with("&lt;script&gt;"),
        "{}",
        hit.title_html
    );
    assert!(
        hit.snippet.contains("&lt;img src=x onerror="),
        "{}",
        hit.snippet
    );
    assert!(!raw_markup(&hit.snippet), "{}", hit.snippet);
}

/// Rewrites the section and table checksums so that only the decoder can object.
fn reseal(bytes: &mut [u8]) {
    let count = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let table_end = 16 + count * 20;
    if bytes.len() < table_end + 8 {
        return;
    }
    for i in 0..count {
        let e = 16 + i * 20;
        let offset = u32::from_le_bytes(bytes[e + 4..e + 8].try_into().unwrap()) as usize;
        let len = u32::from_le_bytes(bytes[e + 8..e + 12].try_into().unwrap()) as usize;
        if let Some(data) = bytes.get(offset..offset.saturating_add(len)) {
            let hash = xxh3_64(data).to_le_bytes();
            bytes[e + 12..e + 20].copy_from_slice(&hash);
        }
    }
    let hash = xxh3_64(&bytes[..table_end]).to_le_bytes();
    bytes[table_end..table_end + 8].copy_from_slice(&hash);
}

#[test]
fn damaged_indexes_with_valid_checksums_are_rejected_or_searchable_never_a_panic() {
    let corpus = load_corpus(Path::new("corpus")).expect("the sample corpus loads");
    let docs = &corpus.documents[..12];
    let good = build_index(docs, &corpus.config, &corpus.aliases).to_bytes();
    let mut rng = Rng(0x1DE7_F00D);
    let (mut rejected_by_decoder, mut accepted) = (0, 0);
    for _ in 0..1000 {
        let mut bytes = good.clone();
        for _ in 0..1 + rng.below(4) {
            let at = 16 + rng.below(bytes.len() - 16);
            bytes[at] = rng.next() as u8;
        }
        if rng.below(4) == 0 {
            let cut = 16 + rng.below(bytes.len() - 16);
            bytes.truncate(cut);
        }
        reseal(&mut bytes);
        match Index::from_bytes(&bytes) {
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.contains("casesearch build") || message.contains("copy"),
                    "{message}"
                );
                rejected_by_decoder += usize::from(!message.contains("checksum"));
            }
            Ok(index) => {
                accepted += 1;
                let s = Searcher::new(index);
                for q in ["专精特新", "贷款", "e", ""] {
                    // A damaged index may refuse a query, but what it answers is well-formed.
                    if let Ok(r) = s.search(q, &SearchOptions::default()) {
                        assert!(r.hits.len() <= r.total, "{q:?}");
                        for h in &r.hits {
                            assert!(h.score.is_finite(), "{q:?}");
                            assert!(
                                !raw_markup(&h.snippet) && !raw_markup(&h.title_html),
                                "{q:?}"
                            );
                        }
                    }
                }
            }
        }
    }
    // Resealing works: damage reaches the decoder (not only the checksum test),
    // and some damage (in text, say) leaves a usable index.
    assert!(
        rejected_by_decoder > 100,
        "{rejected_by_decoder} rejected by the decoder"
    );
    assert!(accepted > 0, "no damaged index was accepted");
}
