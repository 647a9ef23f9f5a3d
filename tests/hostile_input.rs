//! Hostile input never panics: random queries and options against the sample
//! corpus, and damaged index payloads (after decompression, so that the
//! decoders themselves, not only gzip's checksum, have to cope).

use casesearch::corpus::loader::load_corpus;
use casesearch::index::{build_index, unseal, Entry, Kind};
use casesearch::query::{MemoryIndex, SearchOptions, Searcher, Sort};
use std::path::Path;

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

fn searcher() -> MemoryIndex {
    let corpus = load_corpus(Path::new("corpus")).expect("the sample corpus loads");
    MemoryIndex::new(&build_index(&corpus.documents, &corpus.config, &corpus.aliases).unwrap())
        .unwrap()
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

#[test]
fn damaged_index_files_are_rejected_or_searchable_never_a_panic() {
    let corpus = load_corpus(Path::new("corpus")).expect("the sample corpus loads");
    let docs = &corpus.documents[..12];
    let built = build_index(docs, &corpus.config, &corpus.aliases).unwrap();
    let entry = unseal(&built.entry, Kind::Entry).unwrap();
    let mut rng = Rng(0x1DE7_F00D);
    let (mut rejected, mut searched) = (0, 0);
    for _ in 0..1000 {
        let mut bytes = entry.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            bytes[at] = rng.next() as u8;
        }
        if rng.below(4) == 0 {
            let cut = rng.below(bytes.len());
            bytes.truncate(cut);
        }
        match Entry::decode(&bytes) {
            Err(e) => {
                rejected += 1;
                assert!(e.to_string().contains("casesearch build"), "{e}");
            }
            Ok(entry) => {
                // A damaged but decodable entry: searching it may fail to find
                // chunks, but must answer or ask, never panic.
                let s = Searcher::new(entry);
                for q in ["专精特新", "贷款", "e", ""] {
                    if s.search(q, &SearchOptions::default()).is_ok() {
                        searched += 1;
                    }
                }
            }
        }
    }
    assert!(
        rejected > 500,
        "only {rejected} of 1000 damaged entries were rejected"
    );
    let _ = searched;
    // Damaged chunk payloads: rejected with a message, or loaded; never a panic.
    let mut s = Searcher::new(Entry::decode(&entry).unwrap());
    let (name, file) = built
        .chunks
        .iter()
        .find(|(n, _)| n.ends_with("k0.bin"))
        .unwrap();
    let payload = unseal(file, Kind::Keys).unwrap();
    let mut chunk_rejected = 0;
    for _ in 0..500 {
        let mut bytes = payload.clone();
        let at = rng.below(bytes.len());
        bytes[at] = rng.next() as u8;
        if s.add_chunk(name, &bytes).is_err() {
            chunk_rejected += 1;
        }
    }
    assert!(chunk_rejected > 0);
}
