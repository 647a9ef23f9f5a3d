// The fuzz targets' bodies; included by src/lib.rs and by tests/fuzz_regressions.rs.
use casesearch::corpus::markdown::parse_document;
use casesearch::corpus::{AliasTable, Config, Document, Source};
use casesearch::index::{build_index, Index};
use casesearch::query::{parse_query, SearchOptions, Searcher};
use std::path::Path;
use std::sync::OnceLock;

/// The decoder under test: bytes in, a searchable index or an error out.
fn decode(bytes: &[u8]) -> Option<Searcher> {
    Index::from_bytes(bytes).ok().map(Searcher::new)
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
fn small_index() -> &'static (Config, AliasTable, Vec<u8>) {
    static INDEX: OnceLock<(Config, AliasTable, Vec<u8>)> = OnceLock::new();
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
        let bytes = build_index(&docs, &config, &aliases).to_bytes();
        (config, aliases, bytes)
    })
}

/// A query (first line) with options from the input's last bytes, against the small index.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (config, aliases, bytes) = small_index();
    let stop: Vec<String> = config
        .search
        .stop_words
        .iter()
        .map(|w| casesearch::analyzer::normalize_query(w))
        .collect();
    let parsed = parse_query(&text, &stop, &aliases.groups);
    assert!(parsed.clauses.len() <= casesearch::query::MAX_CLAUSES);
    let Some(searcher) = decode(bytes) else {
        return;
    };
    let pick = |i: usize| usize::from(data.get(data.len().wrapping_sub(i + 1)).copied().unwrap_or(0));
    let opts = SearchOptions {
        limit: [0, 1, 10, usize::MAX][pick(0) % 4],
        offset: [0, 1, 3, usize::MAX][pick(1) % 4],
        ..SearchOptions::default()
    };
    if let Ok(r) = searcher.search(&text, &opts) {
        assert!(r.hits.len() <= r.total);
        for h in &r.hits {
            let bare = h.snippet.replace("<mark>", "").replace("</mark>", "");
            assert!(!bare.contains('<'), "raw markup in a snippet: {}", h.snippet);
        }
    }
}

/// Raw bytes as an index.
pub fn index_raw(data: &[u8]) {
    if let Some(s) = decode(data) {
        let _ = s.search("科创", &SearchOptions::default());
    }
}

/// The small index damaged by the input (pairs of position, value), with
/// every checksum recomputed so that the decoder itself has to cope.
pub fn index_resealed(data: &[u8]) {
    let (_, _, good) = small_index();
    let mut bytes = good.clone();
    for e in data.chunks_exact(3) {
        let n = bytes.len();
        if n <= 16 {
            break;
        }
        let at = 16 + usize::from(u16::from_le_bytes([e[0], e[1]])) * 13 % (n - 16);
        if e[0] == 0 && e[2] == 0xff {
            bytes.truncate(at);
        } else {
            bytes[at] ^= e[2];
        }
    }
    reseal(&mut bytes);
    if let Some(s) = decode(&bytes) {
        for q in ["科创", "工行", "绿色 OR 快贷", ""] {
            let _ = s.search(q, &SearchOptions::default());
        }
    }
}

/// Rewrites the container's section and table checksums (the format of
/// `casesearch::index::format`: 16-byte header, 20-byte entries, table hash).
pub fn reseal(bytes: &mut [u8]) {
    use xxhash_rust::xxh3::xxh3_64;
    let Some(count) = bytes.get(12..16) else { return };
    let count = u32::from_le_bytes([count[0], count[1], count[2], count[3]]) as usize;
    if count > 64 {
        return;
    }
    let table_end = 16 + count * 20;
    if bytes.len() < table_end + 8 {
        return;
    }
    for i in 0..count {
        let e = 16 + i * 20;
        let word = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize;
        let (offset, len) = (word(bytes, e + 4), word(bytes, e + 8));
        if let Some(data) = bytes.get(offset..offset.saturating_add(len)) {
            let hash = xxh3_64(data).to_le_bytes();
            bytes[e + 12..e + 20].copy_from_slice(&hash);
        }
    }
    let hash = xxh3_64(&bytes[..table_end]).to_le_bytes();
    bytes[table_end..table_end + 8].copy_from_slice(&hash);
}
