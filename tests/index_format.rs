//! The golden index: `tests/fixtures/golden/index` was written by
//! `casesearch build tests/fixtures/golden/corpus --out tests/fixtures/golden/index`.
//! It must decode, answer queries, and be reproduced byte for byte by a build.
//! A change to the format must bump `FORMAT_VERSION` and rewrite the fixture
//! with the command above.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::pedantic)]

use casesearch::corpus::loader::load_corpus;
use casesearch::index::{
    build_index, check_header, unseal, Entry, Kind, CHUNK_DIR, ENTRY_FILE, FORMAT_VERSION,
};
use casesearch::query::{LocalIndex, SearchOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden")
}

/// Every committed file of the golden index, by path relative to the index folder.
fn committed() -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("fixture folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    let root = golden().join("index");
    walk(&root, &root, &mut out);
    out
}

#[test]
fn the_golden_index_is_reproduced_byte_for_byte() {
    let mut corpus = load_corpus(&golden().join("corpus")).expect("fixture corpus loads");
    // As `casesearch build` does: display names of facet values in every language.
    corpus.config.fill_display(&corpus.documents);
    let built = build_index(&corpus.documents, &corpus.config, &corpus.aliases).expect("builds");
    let mut fresh: BTreeMap<String, Vec<u8>> = built
        .chunks
        .into_iter()
        .map(|(name, bytes)| (format!("{CHUNK_DIR}/{name}"), bytes))
        .collect();
    fresh.insert(ENTRY_FILE.to_string(), built.entry);
    let old = committed();
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        old.keys().collect::<Vec<_>>(),
        "file names differ: the format changed; bump FORMAT_VERSION and rebuild the fixture"
    );
    for (name, bytes) in &fresh {
        assert!(
            old[name] == *bytes,
            "{name} differs: bump FORMAT_VERSION and rebuild the fixture"
        );
    }
}

#[test]
fn every_golden_file_decodes_with_its_header_and_version() {
    let files = committed();
    let entry = Entry::decode(&unseal(&files[ENTRY_FILE], Kind::Entry).expect("entry unseals"))
        .expect("entry decodes");
    assert_eq!(entry.docs.len(), 3);
    for (name, bytes) in &files {
        let kind = match name.strip_prefix(&format!("{CHUNK_DIR}/")) {
            Some(chunk) => Entry::kind_of(chunk).expect("a known chunk kind"),
            None => Kind::Entry,
        };
        let payload = check_header(bytes, kind).expect("header");
        assert!(!payload.is_empty());
        assert_eq!(
            u32::from_le_bytes(bytes[8..12].try_into().unwrap()),
            FORMAT_VERSION
        );
    }
}

#[test]
fn the_golden_index_answers_queries() {
    let mut index = LocalIndex::open(&golden().join("index")).expect("opens");
    let ids = |index: &mut LocalIndex, q: &str| -> Vec<String> {
        let r = index
            .search(q, &SearchOptions::default())
            .expect("searches");
        r.hits.into_iter().map(|h| h.id).collect()
    };
    assert_eq!(ids(&mut index, "专精特新"), ["g-1"]);
    assert_eq!(
        ids(&mut index, "工商银行"),
        ["g-1"],
        "the alias group finds 工行"
    );
    assert_eq!(
        ids(&mut index, "经营快贷"),
        ["g-2"],
        "simplified finds traditional"
    );
    assert_eq!(ids(&mut index, "fisco bcos"), ["g-1"]);
    assert_eq!(ids(&mut index, "金融"), ["g-3"]);
    let r = index
        .search("XX 专精特新", &SearchOptions::default())
        .expect("searches");
    assert_eq!(r.ignored, ["XX"], "stop words are ignored and reported");
    assert_eq!(r.total, 1);
    let shown = index.show("g-2", "快贷").expect("shows").expect("exists");
    assert_eq!(shown.title_html, "經營<mark>快貸</mark>服務小微企業");
    assert_eq!(shown.title, "經營快貸服務小微企業");
}
