// The fuzz targets' bodies; included by src/lib.rs and by tests/fuzz_regressions.rs.
use casesearch::corpus::markdown::parse_document;
use casesearch::corpus::{AliasTable, Config, Document, Source};
use casesearch::index::fragment::{Fragment, IdTable};
use casesearch::index::positions::PositionChunk;
use casesearch::index::postings::PostingChunk;
use casesearch::index::{build_index, unseal, Entry, Kind};
use casesearch::query::{parse_query, Outcome, SearchOptions, SearchResponse, Searcher};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The small index's files, unpacked: the entry payload and each chunk's payload by name.
struct Unpacked {
    entry: Vec<u8>,
    chunks: BTreeMap<String, Vec<u8>>,
}

/// Runs a query against an index given as payloads, serving the chunks the
/// searcher asks for. Damaged chunks may be refused; the search then goes on
/// without them (it asks again and gives up after a few rounds).
fn search(index: &Unpacked, q: &str, opts: &SearchOptions) -> Option<SearchResponse> {
    let mut s = Searcher::new(Entry::decode(&index.entry).ok()?);
    for _ in 0..8 {
        match s.search(q, opts).ok()? {
            Outcome::Done(r) => return Some(r),
            Outcome::Need(names) => {
                for name in names {
                    let payload = index.chunks.get(&name).map(Vec::as_slice).unwrap_or_default();
                    let _ = s.add_chunk(&name, payload);
                }
            }
        }
    }
    None
}

/// What every answer must be, damaged index or not.
fn check(r: &SearchResponse) {
    assert!(r.hits.len() <= r.total);
    for h in &r.hits {
        assert!(h.score.is_finite());
        let bare = h.snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(!bare.contains('<'), "raw markup in a snippet: {}", h.snippet);
    }
}

/// A Markdown case file with TOML front matter.
pub fn front_matter(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(doc) = parse_document(text, "cases/x.md", Path::new("cases/x.md")) {
            // What the parser accepts, the writer writes back readably.
            let again = casesearch::corpus::markdown::write_document(&doc);
            let _ = parse_document(&again, "cases/x.md", Path::new("cases/x.md"));
        }
    }
}

/// `casesearch.toml`.
pub fn config(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Config::parse(text, Path::new("casesearch.toml"));
    }
}

/// `aliases.toml`.
pub fn aliases(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = AliasTable::parse(text, Path::new("aliases.toml"));
    }
}

fn doc(id: &str, title: &str, body: &str, facets: &[(&str, &str)]) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        title_is_editorial: false,
        products: vec!["科创e贷".into()],
        facets: facets
            .iter()
            .map(|(k, v)| ((*k).to_string(), vec![(*v).to_string()]))
            .collect(),
        source: Source {
            file: format!("{id}.txt"),
            segments: vec![[1, 2]],
        },
        also_in: vec![],
        body: body.into(),
    }
}

/// A small index over four documents, with facets and an alias group.
fn small_index() -> &'static (Config, AliasTable, Unpacked) {
    static INDEX: OnceLock<(Config, AliasTable, Unpacked)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let config = Config::parse(
            "[[facet]]\nfield = \"institution\"\nlabel = { zh-CN = \"机构\", zh-TW = \"機構\", en = \"Institution\" }\n\n[[facet]]\nfield = \"year\"\nkind = \"year\"\nlabel = { zh-CN = \"年份\", zh-TW = \"年份\", en = \"Year\" }\n",
            Path::new("casesearch.toml"),
        )
        .unwrap_or_default();
        let aliases = AliasTable::parse(
            "[[group]]\ncanonical = \"中国工商银行\"\naliases = [\"工商银行\", \"工行\"]\nnot_within = [\"中国工商银行业\"]\n",
            Path::new("aliases.toml"),
        )
        .unwrap_or_default();
        let docs = [
            doc("a", "工行科创e贷", "中国工商银行推出科创e贷，支持专精特新企业。FISCO BCOS 区块链。", &[("institution", "中国工商银行"), ("year", "2021")]),
            doc("b", "經營快貸", "建設銀行的經營快貸服務小微企業，金額45.81亿元。", &[("institution", "中国建设银行"), ("year", "2020")]),
            doc("c", "绿色信贷", "绿色信贷助力碳中和。\n\n第二段：普惠金融。", &[("year", "2022")]),
            doc("d", "<script>标题</script>", "正文 & 符号 “引号” ＩＰＯ ㎡", &[]),
        ];
        let built = build_index(&docs, &config, &aliases).unwrap_or_else(|e| panic!("{e}"));
        let index = Unpacked {
            entry: unseal(&built.entry, Kind::Entry).unwrap_or_default(),
            chunks: built
                .chunks
                .iter()
                .map(|(name, file)| {
                    let kind = Entry::kind_of(name).unwrap_or(Kind::Keys);
                    (name.clone(), unseal(file, kind).unwrap_or_default())
                })
                .collect(),
        };
        (config, aliases, index)
    })
}

/// A query (first line) with options from the input's last bytes, against the small index.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (config, aliases, index) = small_index();
    let stop: Vec<String> = config
        .search
        .stop_words
        .iter()
        .map(|w| casesearch::analyzer::normalize_query(w))
        .collect();
    let parsed = parse_query(&text, &stop, &aliases.groups);
    assert!(parsed.clauses.len() <= casesearch::query::MAX_CLAUSES);
    let pick = |i: usize| usize::from(data.get(data.len().wrapping_sub(i + 1)).copied().unwrap_or(0));
    let opts = SearchOptions {
        limit: [0, 1, 10, usize::MAX][pick(0) % 4],
        offset: [0, 1, 3, usize::MAX][pick(1) % 4],
        ..SearchOptions::default()
    };
    if let Some(r) = search(index, &text, &opts) {
        check(&r);
    }
}

/// Raw bytes as every kind of payload: entry, posting and position chunks,
/// fragment, id table. Decoders return an error or a value, never panic.
pub fn index_raw(data: &[u8]) {
    if let Ok(entry) = Entry::decode(data) {
        let s = Searcher::new(entry);
        let _ = s.search("科创", &SearchOptions::default());
        let _ = s.show("a", "科创");
    }
    let _ = PostingChunk::decode(data, 4);
    let _ = PositionChunk::decode(data, 4);
    let _ = Fragment::decode(data);
    let _ = IdTable::decode(data, 4);
}

/// The small index with one of its payloads damaged by the input (pairs of
/// position, value): gzip's checksum would catch this on the way in, so the
/// damage is applied after unpacking, where only the decoders can object.
pub fn index_resealed(data: &[u8]) {
    let (_, _, good) = small_index();
    let mut index = Unpacked {
        entry: good.entry.clone(),
        chunks: good.chunks.clone(),
    };
    let Some((&which, edits)) = data.split_first() else {
        return;
    };
    let names: Vec<String> = index.chunks.keys().cloned().collect();
    let target = match usize::from(which) % (names.len() + 1) {
        0 => &mut index.entry,
        k => index.chunks.get_mut(&names[k - 1]).unwrap_or_else(|| unreachable!()),
    };
    damage(target, edits);
    for q in ["科创", "工行", "绿色 OR 快贷", "专精特新企业", ""] {
        if let Some(r) = search(&index, q, &SearchOptions::default()) {
            check(&r);
        }
    }
}

/// Applies (position, value) edits: xor a byte, or cut the payload short.
pub fn damage(bytes: &mut Vec<u8>, edits: &[u8]) {
    for e in edits.chunks_exact(3) {
        let n = bytes.len();
        if n == 0 {
            break;
        }
        let at = usize::from(u16::from_le_bytes([e[0], e[1]])) * 13 % n;
        if e[0] == 0 && e[2] == 0xff {
            bytes.truncate(at);
        } else {
            bytes[at] ^= e[2];
        }
    }
}
