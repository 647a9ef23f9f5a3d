//! Hostile input never panics: random queries and options against the sample
//! corpus, and damaged indexes whose checksums were recomputed so that the
//! decoder itself (not only the checksum) has to cope.

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
];

fn searcher() -> Searcher {
    let corpus = load_corpus(Path::new("corpus")).expect("the sample corpus loads");
    Searcher::new(build_index(
        &corpus.documents,
        &corpus.config,
        &corpus.aliases,
    ))
}

#[test]
fn random_queries_and_options_never_panic_and_stay_consistent() {
    let s = searcher();
    let mut rng = Rng(0xBAD_C0DE_F00D);
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
        assert!(r.hits.len() <= r.total && r.total <= 98, "{q:?}");
        for h in &r.hits {
            assert!(
                !h.snippet.contains("<script") && !h.title_html.contains("<script"),
                "{q:?}"
            );
            assert!(h.score.is_finite(), "{q:?}");
        }
    }
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
    let (mut rejected, mut accepted) = (0, 0);
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
                rejected += 1;
                assert!(
                    e.to_string().contains("casesearch build") || e.to_string().contains("copy"),
                    "{e}"
                );
            }
            Ok(index) => {
                accepted += 1;
                let s = Searcher::new(index);
                for q in ["专精特新", "贷款", "e", ""] {
                    let _ = s.search(q, &SearchOptions::default());
                }
            }
        }
    }
    assert!(rejected > 0 && rejected + accepted == 1000);
}
