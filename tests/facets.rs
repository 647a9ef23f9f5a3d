//! Facet counts, selection, sorting and paging checked against a brute-force
//! computation over all documents, for random queries and selections, on a
//! fixture corpus written here and on the sample corpus in `corpus/`.
//!
//! The brute force works from `Document.facets` directly (its own hierarchy
//! expansion and year parsing), not from the engine's facet index. Only the set
//! of documents that match the query alone is taken from the engine, from a
//! search without any selection.

use casesearch::corpus::loader::load_corpus;
use casesearch::corpus::{AliasTable, Config, Document, FacetField, FacetKind, Labels, Source};
use casesearch::index::build_index;
use casesearch::query::json::ToJson;
use casesearch::query::{MemoryIndex, SearchOptions, SearchResponse, Sort, YearRange};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Random combinations checked per corpus.
const COMBINATIONS: usize = 200;
/// Page size used to fetch "everything".
const ALL: usize = 1000;

/// A small deterministic PRNG (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The brute-force view of one document.
struct OracleDoc {
    id: String,
    title: String,
    /// Per configured field: the document's values, hierarchy paths expanded to every level.
    values: Vec<BTreeSet<String>>,
    years: Vec<i32>,
    /// The year used for sorting: the first value of the year field.
    sort_year: Option<i32>,
}

struct Oracle {
    fields: Vec<FacetField>,
    docs: BTreeMap<String, OracleDoc>,
    /// Per field: every value any document has.
    universe: Vec<BTreeSet<String>>,
}

impl Oracle {
    fn new(fields: &[FacetField], docs: &[Document]) -> Oracle {
        let mut universe = vec![BTreeSet::new(); fields.len()];
        let mut out = BTreeMap::new();
        for d in docs {
            let mut values = Vec::new();
            for (f, spec) in fields.iter().enumerate() {
                let raw = d.facets.get(&spec.field).cloned().unwrap_or_default();
                let mut set = BTreeSet::new();
                for v in &raw {
                    if spec.kind == FacetKind::Hierarchy {
                        let parts: Vec<&str> = v.split(spec.separator.as_str()).collect();
                        for k in 1..=parts.len() {
                            set.insert(parts[..k].join(&spec.separator));
                        }
                    } else {
                        set.insert(v.clone());
                    }
                }
                universe[f].extend(set.iter().cloned());
                values.push(set);
            }
            let year_field = fields.iter().find(|f| f.kind == FacetKind::Year);
            let raw_years = year_field
                .and_then(|f| d.facets.get(&f.field))
                .cloned()
                .unwrap_or_default();
            let years: Vec<i32> = raw_years
                .iter()
                .filter_map(|y| y.trim().parse().ok())
                .collect();
            let sort_year = raw_years.first().and_then(|y| y.parse().ok());
            let prev = out.insert(
                d.id.clone(),
                OracleDoc {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    values,
                    years,
                    sort_year,
                },
            );
            assert!(prev.is_none(), "duplicate id {}", d.id);
        }
        Oracle {
            fields: fields.to_vec(),
            docs: out,
            universe,
        }
    }

    fn year_pos(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.kind == FacetKind::Year)
    }

    /// Whether `doc` satisfies the selection of field `f` (true when nothing is selected there).
    fn passes_field(&self, doc: &OracleDoc, f: usize, c: &Case) -> bool {
        let vals = c.filters.get(&self.fields[f].field);
        let range = c.range().filter(|_| Some(f) == self.year_pos());
        if vals.is_none() && range.is_none() {
            return true;
        }
        let by_value = vals.is_some_and(|vs| vs.iter().any(|v| doc.values[f].contains(v)));
        let by_range = range.is_some_and(|r| {
            doc.years
                .iter()
                .any(|&y| r.from.map_or(true, |from| y >= from) && r.to.map_or(true, |to| y <= to))
        });
        by_value || by_range
    }

    fn passes_all_but(&self, doc: &OracleDoc, skip: Option<usize>, c: &Case) -> bool {
        (0..self.fields.len()).all(|f| Some(f) == skip || self.passes_field(doc, f, c))
    }

    fn active(&self, c: &Case) -> bool {
        c.filters.values().any(|v| !v.is_empty()) || c.range().is_some()
    }

    /// Expected hits (as a set) and expected counts of every field.
    #[allow(clippy::type_complexity)]
    fn expect(
        &self,
        matching: &BTreeSet<String>,
        c: &Case,
    ) -> (BTreeSet<String>, Vec<BTreeMap<String, usize>>) {
        let docs: Vec<&OracleDoc> = matching.iter().map(|id| &self.docs[id]).collect();
        let hits = docs
            .iter()
            .filter(|d| self.passes_all_but(d, None, c))
            .map(|d| d.id.clone())
            .collect();
        let mut counts = Vec::new();
        for f in 0..self.fields.len() {
            let mut m: BTreeMap<String, usize> = BTreeMap::new();
            if self.active(c) {
                for v in &self.universe[f] {
                    m.insert(v.clone(), 0);
                }
                for v in c.filters.get(&self.fields[f].field).into_iter().flatten() {
                    m.insert(v.clone(), 0);
                }
            }
            for d in &docs {
                if self.passes_all_but(d, Some(f), c) {
                    for v in &d.values[f] {
                        *m.entry(v.clone()).or_default() += 1;
                    }
                }
            }
            counts.push(m);
        }
        (hits, counts)
    }
}

/// One random query + selection.
#[derive(Debug, Clone)]
struct Case {
    query: String,
    filters: BTreeMap<String, Vec<String>>,
    year: Option<YearRange>,
    sort: Sort,
}

impl Case {
    fn range(&self) -> Option<YearRange> {
        self.year.filter(|r| r.from.is_some() || r.to.is_some())
    }

    fn options(&self, limit: usize, offset: usize) -> SearchOptions {
        SearchOptions {
            filters: self.filters.clone(),
            limit,
            offset,
            sort: self.sort,
            year: self.year,
        }
    }
}

/// Words to query with: short CJK pieces of titles and bodies, facet values, plus the empty query.
fn query_words(docs: &[Document], rng: &mut Rng) -> Vec<String> {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut words = BTreeSet::new();
    let mut tries = 0;
    while words.len() < 60 && tries < 10_000 {
        tries += 1;
        let d = rng.pick(docs);
        let text = if rng.percent(50) { &d.title } else { &d.body };
        let chars: Vec<char> = text.chars().collect();
        let len = 2 + rng.below(3);
        if chars.len() < len {
            continue;
        }
        let start = rng.below(chars.len() - len + 1);
        let piece: String = chars[start..start + len].iter().collect();
        if piece.chars().all(is_cjk) {
            words.insert(piece);
        }
    }
    for d in docs.iter().take(20) {
        for v in d.facets.values().flatten() {
            if v.chars().all(is_cjk) && v.chars().count() >= 2 {
                words.insert(v.clone());
            }
        }
    }
    words.into_iter().collect()
}

fn random_case(oracle: &Oracle, words: &[String], rng: &mut Rng) -> Case {
    let query = match rng.below(10) {
        0..=2 => String::new(),
        3 => format!("{} {}", rng.pick(words), rng.pick(words)),
        4 => format!("{} -{}", rng.pick(words), rng.pick(words)),
        _ => rng.pick(words).clone(),
    };
    let mut filters = BTreeMap::new();
    // About two selected fields per case, however many fields there are, so
    // that enough cases keep some results.
    let percent = 200 / oracle.fields.len().max(1);
    for (f, spec) in oracle.fields.iter().enumerate() {
        if !rng.percent(percent) {
            continue;
        }
        let values: Vec<&String> = oracle.universe[f].iter().collect();
        let n = 1 + rng.below(3);
        let mut picked: Vec<String> = (0..n).map(|_| rng.pick(&values).to_string()).collect();
        if rng.percent(5) {
            picked.push("不存在的值".to_string());
        }
        filters.insert(spec.field.clone(), picked);
    }
    let year = if oracle.year_pos().is_some() && rng.percent(30) {
        let years: Vec<i32> = oracle.docs.values().flat_map(|d| d.years.clone()).collect();
        let mut end = || {
            if rng.percent(25) {
                None
            } else {
                Some(*rng.pick(&years) + rng.below(3) as i32 - 1)
            }
        };
        let (mut from, mut to) = (end(), end());
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                (from, to) = (Some(b), Some(a));
            }
        }
        Some(YearRange { from, to })
    } else {
        None
    };
    let sort = *rng.pick(&[Sort::Relevance, Sort::Newest, Sort::Oldest]);
    Case {
        query,
        filters,
        year,
        sort,
    }
}

/// Every page of a search, fetched `page` at a time: the ids and scores in
/// order, and the first page's response. Each page must agree with the first
/// on the total and the facets.
fn paged(s: &MemoryIndex, c: &Case, page: usize) -> (Vec<(String, f64)>, SearchResponse) {
    let first = s.search(&c.query, &c.options(page, 0)).unwrap();
    let mut hits = Vec::new();
    let mut offset = 0;
    loop {
        let r = s.search(&c.query, &c.options(page, offset)).unwrap();
        assert_eq!(r.total, first.total, "total changes with the page: {c:?}");
        assert_eq!(r.facets, first.facets, "facets change with the page: {c:?}");
        assert_eq!((r.offset, r.limit), (offset, page));
        if offset >= r.total {
            assert!(r.hits.is_empty(), "a page past the end has hits: {c:?}");
            return (hits, first);
        }
        assert_eq!(r.hits.len(), page.min(r.total - offset), "page size: {c:?}");
        hits.extend(r.hits.into_iter().map(|h| (h.id, h.score)));
        offset += page;
    }
}

/// The values of one field in the order a UI shows them, computed independently.
fn expected_order(spec: &FacetField, counts: &BTreeMap<String, usize>) -> Vec<String> {
    match spec.kind {
        FacetKind::Values => {
            let mut v: Vec<(&String, &usize)> = counts.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.into_iter().map(|(k, _)| k.clone()).collect()
        }
        FacetKind::Year => {
            // Years newest first, then anything that is not a year, by value.
            let mut v: Vec<(Option<std::cmp::Reverse<i32>>, &String)> = counts
                .keys()
                .map(|y| (y.parse().ok().map(std::cmp::Reverse), y))
                .collect();
            v.sort_by(|a, b| match (&a.0, &b.0) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.1.cmp(b.1),
            });
            v.into_iter().map(|(_, y)| y.clone()).collect()
        }
        FacetKind::Hierarchy => {
            // Depth-first walk: children of a node by count then name.
            fn walk(
                parent: Option<&str>,
                sep: &str,
                counts: &BTreeMap<String, usize>,
                out: &mut Vec<String>,
            ) {
                let mut children: Vec<(&String, usize)> = counts
                    .iter()
                    .filter(|(v, _)| match parent {
                        None => !v.contains(sep),
                        Some(p) => v
                            .strip_prefix(p)
                            .and_then(|rest| rest.strip_prefix(sep))
                            .is_some_and(|rest| !rest.contains(sep)),
                    })
                    .map(|(v, c)| (v, *c))
                    .collect();
                children.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                for (v, _) in children {
                    out.push(v.clone());
                    walk(Some(v), sep, counts, out);
                }
            }
            let mut out = Vec::new();
            walk(None, &spec.separator, counts, &mut out);
            // Values whose parent is not listed (an unknown selected path) are not reached.
            let reached: BTreeSet<&String> = out.iter().collect();
            let orphans: Vec<String> = counts
                .keys()
                .filter(|v| !reached.contains(v))
                .cloned()
                .collect();
            assert!(
                orphans.iter().all(|o| o.contains("不存在")),
                "hierarchy value without listed parent: {orphans:?}"
            );
            out
        }
    }
}

/// Checks that `hits` (ids and scores) are in the order of `sort`.
fn check_order(oracle: &Oracle, sort: Sort, hits: &[(String, f64)], c: &Case) {
    let ids: Vec<&String> = hits.iter().map(|h| &h.0).collect();
    let key = |id: &&String| {
        let d = &oracle.docs[*id];
        (d.sort_year, d.title.clone(), d.id.clone())
    };
    for w in ids.windows(2) {
        let (a, b) = (key(&w[0]), key(&w[1]));
        let ok = match sort {
            Sort::Relevance => true,
            Sort::Newest | Sort::Oldest => {
                let years = match (a.0, b.0) {
                    (Some(x), Some(y)) if sort == Sort::Newest => y.cmp(&x),
                    (Some(x), Some(y)) => x.cmp(&y),
                    // Undated documents last in both directions.
                    (x, y) => y.is_some().cmp(&x.is_some()),
                };
                years.then((&a.1, &a.2).cmp(&(&b.1, &b.2))).is_lt()
            }
        };
        assert!(ok, "{sort:?} out of order: {a:?} before {b:?}: {c:?}");
    }
    if sort == Sort::Relevance {
        let scores: Vec<f64> = hits.iter().map(|h| h.1).collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "relevance order not by score: {scores:?}: {c:?}"
        );
    }
}

/// Runs `COMBINATIONS` random cases against the brute force.
fn check_against_brute_force(
    searcher: &MemoryIndex,
    fields: &[FacetField],
    docs: &[Document],
    seed: u64,
) {
    let oracle = Oracle::new(fields, docs);
    let mut rng = Rng(seed);
    let words = query_words(docs, &mut rng);
    let mut with_hits = 0;
    let mut with_selection = 0;
    // Documents matching each query alone (no selection), fetched once per query.
    let mut matching_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for k in 0..COMBINATIONS {
        let c = random_case(&oracle, &words, &mut rng);
        let matching = matching_cache.entry(c.query.clone()).or_insert_with(|| {
            let unfiltered = SearchOptions {
                limit: ALL,
                ..SearchOptions::default()
            };
            let q = searcher.search(&c.query, &unfiltered).unwrap();
            assert!(q.total <= ALL, "corpus larger than one page");
            q.hits.into_iter().map(|h| h.id).collect()
        });
        let (want_hits, want_counts) = oracle.expect(matching, &c);

        // Paging: a random page size, at most seven pages.
        let page = 1 + rng.below(7);
        let page = page.max(want_hits.len().div_ceil(7));
        let (hits, r) = paged(searcher, &c, page);
        assert_eq!(r.total, want_hits.len(), "total: {c:?}");
        let got: Vec<String> = hits.iter().map(|h| h.0.clone()).collect();
        let got_set: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(
            got.len(),
            got_set.len(),
            "duplicate hits across pages: {c:?}"
        );
        assert_eq!(got_set, want_hits, "hits: {c:?}");
        check_order(&oracle, r.sort, &hits, &c);
        if k % 4 == 0 {
            // Stable order: one big page is the concatenation of the small ones.
            let one = searcher.search(&c.query, &c.options(ALL, 0)).unwrap();
            let one: Vec<String> = one.hits.into_iter().map(|h| h.id).collect();
            assert_eq!(one, got, "one page differs from the pages: {c:?}");
        }

        // Echoed selection state.
        assert_eq!(r.filters, c.filters, "echoed filters: {c:?}");
        assert_eq!(r.year, c.range(), "echoed year range: {c:?}");
        let effective = if c.query.is_empty() && c.sort == Sort::Relevance {
            Sort::Newest
        } else {
            c.sort
        };
        assert_eq!(r.sort, effective, "sort: {c:?}");

        // Facet counts, zero values, selected markers and order.
        assert_eq!(r.facets.0.len(), fields.len());
        for (f, spec) in fields.iter().enumerate() {
            let list = r.facets.get(&spec.field).unwrap();
            let got_counts: BTreeMap<String, usize> =
                list.iter().map(|v| (v.value.clone(), v.count)).collect();
            assert_eq!(
                got_counts.len(),
                list.len(),
                "duplicate values in {}",
                spec.field
            );
            assert_eq!(
                got_counts, want_counts[f],
                "counts of {}: {c:?}",
                spec.field
            );
            let order: Vec<String> = list.iter().map(|v| v.value.clone()).collect();
            assert_eq!(
                order,
                expected_order(spec, &want_counts[f]),
                "order of {}: {c:?}",
                spec.field
            );
            let selected = c.filters.get(&spec.field);
            for v in list {
                assert_eq!(
                    v.selected,
                    selected.is_some_and(|s| s.contains(&v.value)),
                    "selected marker of {}={}: {c:?}",
                    spec.field,
                    v.value
                );
            }
        }

        with_hits += usize::from(r.total > 0);
        with_selection += usize::from(oracle.active(&c));
    }
    // The random cases must exercise the interesting paths, not only empty results.
    assert!(
        with_hits > COMBINATIONS / 4,
        "only {with_hits} cases with hits"
    );
    assert!(
        with_selection > COMBINATIONS / 3,
        "only {with_selection} cases with a selection"
    );
}

fn facet(name: &str, kind: FacetKind) -> FacetField {
    FacetField {
        field: name.to_string(),
        kind,
        separator: "/".to_string(),
        label: Labels {
            en: name.to_string(),
            ..Labels::default()
        },
        values: Default::default(),
    }
}

/// 60 documents with multi-valued fields, three-level regions, missing years and repeated titles.
fn fixture() -> (Config, Vec<Document>) {
    let fields = vec![
        facet("institution", FacetKind::Values),
        facet("region", FacetKind::Hierarchy),
        facet("year", FacetKind::Year),
        facet("tags", FacetKind::Values),
    ];
    let config = Config {
        facets: fields,
        ..Config::default()
    };
    let institutions = [
        "中国工商银行",
        "中国建设银行",
        "招商银行",
        "富滇银行",
        "农村信用社",
    ];
    let regions = [
        "云南",
        "云南/昆明",
        "云南/昆明/五华",
        "云南/曲靖",
        "贵州/贵阳",
        "贵州/遵义",
        "广东/深圳",
        "广东",
    ];
    let tags = ["小微", "普惠", "绿色", "科创", "三农", "跨境"];
    let words = [
        "普惠金融",
        "小微企业",
        "绿色信贷",
        "科技创新",
        "乡村振兴",
        "数字化转型",
        "供应链金融",
        "知识产权质押",
        "跨境结算",
        "专精特新",
        "信用贷款",
        "银担合作",
    ];
    let titles = [
        "金融服务实体经济",
        "助力企业发展",
        "创新产品案例",
        "支持乡村振兴",
    ];
    let mut rng = Rng(7);
    let docs = (0..60)
        .map(|k| {
            let mut facets = BTreeMap::new();
            if k % 11 != 5 {
                let n = 1 + usize::from(rng.percent(20));
                facets.insert(
                    "institution".to_string(),
                    (0..n)
                        .map(|_| rng.pick(&institutions).to_string())
                        .collect(),
                );
            }
            if k % 13 != 7 {
                let n = 1 + usize::from(rng.percent(15));
                facets.insert(
                    "region".to_string(),
                    (0..n).map(|_| rng.pick(&regions).to_string()).collect(),
                );
            }
            if k % 7 != 3 {
                facets.insert("year".to_string(), vec![(2018 + rng.below(7)).to_string()]);
            }
            let n = rng.below(4);
            facets.insert(
                "tags".to_string(),
                (0..n).map(|_| rng.pick(&tags).to_string()).collect(),
            );
            let body: Vec<&str> = (0..3 + rng.below(6)).map(|_| *rng.pick(&words)).collect();
            Document {
                id: format!("f{k:03}"),
                title: rng.pick(&titles).to_string(),
                title_is_editorial: false,
                products: Vec::new(),
                facets,
                source: Source::default(),
                also_in: Vec::new(),
                body: format!("{}。", body.join("，")),
            }
        })
        .collect();
    (config, docs)
}

#[test]
fn fixture_counts_hits_and_pages_match_brute_force_for_random_selections() {
    let (config, docs) = fixture();
    let searcher =
        MemoryIndex::new(&build_index(&docs, &config, &AliasTable::default()).unwrap()).unwrap();
    check_against_brute_force(&searcher, &config.facets, &docs, 0x5EED_0001);
}

#[test]
fn sample_corpus_counts_hits_and_pages_match_brute_force_for_random_selections() {
    let corpus = load_corpus(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).unwrap();
    assert!(!corpus.documents.is_empty());
    let searcher =
        MemoryIndex::new(&build_index(&corpus.documents, &corpus.config, &corpus.aliases).unwrap())
            .unwrap();
    check_against_brute_force(
        &searcher,
        &corpus.config.facets,
        &corpus.documents,
        0x5EED_0002,
    );
}

#[test]
fn browsing_without_a_query_lists_everything_newest_first_then_by_title() {
    let (config, docs) = fixture();
    let searcher =
        MemoryIndex::new(&build_index(&docs, &config, &AliasTable::default()).unwrap()).unwrap();
    let r = searcher
        .search(
            "",
            &SearchOptions {
                limit: ALL,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    assert_eq!(r.total, docs.len());
    assert_eq!(r.sort, Sort::Newest);
    let oracle = Oracle::new(&config.facets, &docs);
    let mut want: Vec<&OracleDoc> = oracle.docs.values().collect();
    want.sort_by(|a, b| {
        b.sort_year
            .is_some()
            .cmp(&a.sort_year.is_some())
            .then(b.sort_year.cmp(&a.sort_year))
            .then(a.title.cmp(&b.title))
            .then(a.id.cmp(&b.id))
    });
    let want: Vec<&str> = want.iter().map(|d| d.id.as_str()).collect();
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got, want);
}

#[test]
fn oldest_first_puts_documents_without_a_year_last() {
    let (config, docs) = fixture();
    let searcher =
        MemoryIndex::new(&build_index(&docs, &config, &AliasTable::default()).unwrap()).unwrap();
    let opts = SearchOptions {
        limit: ALL,
        sort: Sort::Oldest,
        ..SearchOptions::default()
    };
    let r = searcher.search("", &opts).unwrap();
    let undated = docs
        .iter()
        .filter(|d| !d.facets.contains_key("year"))
        .count();
    assert!(undated > 0);
    let tail: Vec<bool> = r.hits[r.hits.len() - undated..]
        .iter()
        .map(|h| h.facets.contains_key("year"))
        .collect();
    assert_eq!(tail, vec![false; undated]);
    assert_eq!(r.hits[0].facets["year"], vec!["2018".to_string()]);
}

#[test]
fn year_range_without_a_year_facet_is_an_unknown_field_error() {
    let (mut config, docs) = fixture();
    config.facets.retain(|f| f.kind != FacetKind::Year);
    let searcher =
        MemoryIndex::new(&build_index(&docs, &config, &AliasTable::default()).unwrap()).unwrap();
    let opts = SearchOptions {
        year: Some(YearRange::year(2020)),
        ..SearchOptions::default()
    };
    let err = searcher.search("", &opts).unwrap_err().to_string();
    assert!(err.contains("`year`"), "{err}");
}

#[test]
fn options_json_accepts_year_range_forms_and_rejects_malformed_ones() {
    let parse = |json: &str| serde_json::from_str::<SearchOptions>(json);
    let range = |from, to| Some(YearRange { from, to });
    assert_eq!(
        parse(r#"{"year": {"from": 2020, "to": 2022}}"#)
            .unwrap()
            .year,
        range(Some(2020), Some(2022))
    );
    assert_eq!(
        parse(r#"{"year": {"from": 2020}}"#).unwrap().year,
        range(Some(2020), None)
    );
    assert_eq!(
        parse(r#"{"year": {"to": 2022, "from": null}}"#)
            .unwrap()
            .year,
        range(None, Some(2022))
    );
    assert_eq!(
        parse(r#"{"year": 2021}"#).unwrap().year,
        range(Some(2021), Some(2021))
    );
    assert_eq!(
        parse(r#"{"year": "2019..2021"}"#).unwrap().year,
        range(Some(2019), Some(2021))
    );
    assert_eq!(parse(r#"{"year": null}"#).unwrap().year, None);
    for bad in [
        r#"{"year": {"from": 2022, "to": 2020}}"#,
        r#"{"year": {"since": 2020}}"#,
        r#"{"year": "twenty"}"#,
        r#"{"year": 2020.5}"#,
        r#"{"year": [2020]}"#,
    ] {
        assert!(parse(bad).is_err(), "accepted {bad}");
    }
    let err = parse(r#"{"year": "2020-2022"}"#).unwrap_err().to_string();
    assert!(err.contains("FROM..TO"), "{err}");
}

#[test]
fn response_json_echoes_the_selection_and_marks_selected_values() {
    let (config, docs) = fixture();
    let searcher =
        MemoryIndex::new(&build_index(&docs, &config, &AliasTable::default()).unwrap()).unwrap();
    let opts: SearchOptions = serde_json::from_str(
        r#"{"filters": {"region": "云南", "tags": ["小微", "绿色"]}, "year": {"from": 2020}, "sort": "oldest"}"#,
    )
    .unwrap();
    let json =
        serde_json::from_str::<serde_json::Value>(&searcher.search("", &opts).unwrap().to_json())
            .unwrap();
    assert_eq!(
        json["filters"],
        serde_json::json!({"region": ["云南"], "tags": ["小微", "绿色"]})
    );
    assert_eq!(json["year"], serde_json::json!({"from": 2020, "to": null}));
    assert_eq!(json["sort"], "oldest");
    let region = json["facets"]["region"].as_array().unwrap();
    let yunnan = region.iter().find(|v| v["value"] == "云南").unwrap();
    assert_eq!(yunnan["selected"], true);
    assert!(region
        .iter()
        .filter(|v| v["value"] != "云南")
        .all(|v| v["selected"] == false));
    // Without a selection the year range echoes as null and no zero counts are listed.
    let json = serde_json::from_str::<serde_json::Value>(
        &searcher
            .search("", &SearchOptions::default())
            .unwrap()
            .to_json(),
    )
    .unwrap();
    assert_eq!(json["year"], serde_json::Value::Null);
    for list in json["facets"].as_object().unwrap().values() {
        assert!(list
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["count"].as_u64() > Some(0)));
    }
}
