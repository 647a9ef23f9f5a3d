//! The seed import on the real seeds: document count, clean bodies, joined
//! terms, the 003 repairs, titles, facets, and the committed corpus.

use casesearch::corpus::markdown::write_document;
use casesearch::corpus::seeds::{self, CaseRecord, Import, Repair};
use casesearch::corpus::{AliasTable, Config, Document};
use casesearch::index::build_index;
use casesearch::query::{MemoryIndex, SearchOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn settings() -> &'static (Config, AliasTable) {
    static SETTINGS: OnceLock<(Config, AliasTable)> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        seeds::corpus_settings(&root().join("corpus/cases")).expect("the corpus settings load")
    })
}

fn import() -> &'static Import {
    static IMPORT: OnceLock<Import> = OnceLock::new();
    IMPORT.get_or_init(|| {
        let (config, aliases) = settings();
        seeds::import(&root().join("seeds"), config, aliases).expect("the seeds import")
    })
}

fn cases() -> &'static Vec<CaseRecord> {
    static CASES: OnceLock<Vec<CaseRecord>> = OnceLock::new();
    CASES.get_or_init(|| seeds::read_cases(&root().join("seeds")).expect("cases.json reads"))
}

fn doc(id: &str) -> &'static Document {
    import()
        .documents
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

fn seed_lines(file: &str) -> Vec<String> {
    std::fs::read_to_string(root().join("seeds").join(file))
        .expect("seed reads")
        .lines()
        .map(str::to_string)
        .collect()
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a case straight from its seed: the segment lines minus the title
/// lines and the `noise_lines` of `cases.json`, line breaks and spaces removed.
fn direct_text(case: &CaseRecord) -> String {
    let lines = seed_lines(&case.seed);
    let mut out = String::new();
    for &[a, b] in &case.segments {
        for n in a..=b {
            if case.title_lines.contains(&n) || case.noise_lines.contains(&n) {
                continue;
            }
            out.push_str(&compact(&lines[n as usize - 1]));
        }
    }
    out
}

#[test]
fn imports_98_documents_with_the_duplicate_folded_into_its_original() {
    let docs = &import().documents;
    assert_eq!(cases().len(), 99, "cases.json has 99 records");
    assert_eq!(docs.len(), 98);
    assert!(docs.iter().all(|d| d.id != "001-01"));
    let original = doc("000-17");
    assert_eq!(original.source.file, "000_b4867160d8fc2f46.txt");
    assert_eq!(original.also_in.len(), 1);
    assert_eq!(original.also_in[0].file, "001_faa8b460877e31e6.txt");
    assert_eq!(original.also_in[0].segments, vec![[2, 288]]);
    let notes = &import().report.document("000-17").unwrap().notes;
    assert!(notes.iter().any(|n| n.contains("same text")), "{notes:?}");
}

#[test]
fn the_duplicated_article_is_listed_once_in_results() {
    let (config, aliases) = settings();
    let searcher =
        MemoryIndex::new(&build_index(&import().documents, config, aliases).unwrap()).unwrap();
    let r = searcher
        .search("云科贷", &SearchOptions::default())
        .expect("search runs");
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["000-17"]);
}

#[test]
fn no_body_contains_page_numbers_headers_contents_or_page_furniture() {
    for d in &import().documents {
        for p in d.body.split("\n\n") {
            let t = p.trim();
            assert!(
                !(t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())),
                "{}: page number paragraph {t:?}",
                d.id
            );
            for furniture in [
                "云南银行业服务云南银行业服务",
                "深圳银行业社会责任优秀案例集",
                "深 圳 银 行 业",
                "您的位置",
                "责任编辑",
                "【字体",
                "……………",
                ".......",
            ] {
                assert!(!t.contains(furniture), "{}: {furniture:?} in {t:?}", d.id);
            }
            assert_ne!(t, "案例简介", "{}: box label left in the body", d.id);
            assert_ne!(t, "目录", "{}", d.id);
            let is_chapter = t.starts_with('第') && t.ends_with('章') && t.chars().count() <= 5;
            assert!(!is_chapter, "{}: chapter divider {t:?}", d.id);
        }
    }
}

const KEY_TERMS: &[&str] = &[
    "专精特新",
    "国担快贷",
    "七彩云股贷",
    "科创e贷",
    "善新贷",
    "云科贷",
    "小巨人",
    "知识产权",
    "1000万元",
    "500万元",
    "微众银行",
    "供应链",
];

#[test]
fn key_term_counts_after_joining_match_the_seed_text_without_line_breaks() {
    let mut joined_total = 0;
    let mut per_line_total = 0;
    for case in cases() {
        if case.duplicate_of.is_some() || case.seed.starts_with("003") {
            continue;
        }
        let d = doc(&case.id);
        let direct = direct_text(case);
        for term in KEY_TERMS {
            let want = direct.matches(term).count();
            let got = d.body.matches(term).count();
            if case.seed.starts_with("004") {
                // Putting interleaved blocks back in order can only mend terms.
                assert!(got >= want, "{} {term}: {got} < {want}", case.id);
            } else {
                assert_eq!(got, want, "{} {term}", case.id);
            }
            if case.seed.starts_with("000") && *term == "专精特新" {
                joined_total += got;
                let lines = seed_lines(&case.seed);
                per_line_total += case
                    .segments
                    .iter()
                    .flat_map(|&[a, b]| a..=b)
                    .filter(|n| !case.title_lines.contains(n) && !case.noise_lines.contains(n))
                    .map(|n| lines[n as usize - 1].matches(term).count())
                    .sum::<usize>();
            }
        }
    }
    // The wraps hid dozens of occurrences from a line-by-line search.
    assert!(
        joined_total >= per_line_total + 30,
        "{joined_total} vs {per_line_total}"
    );
}

#[test]
fn terms_broken_across_lines_are_whole_in_the_text() {
    assert!(
        doc("000-04").body.contains("500万元“国担快贷”"),
        "000 l682/684"
    );
    assert!(
        doc("000-27").body.contains("专属信贷产品“七彩云股贷”"),
        "000 l4035/4037"
    );
    assert!(
        doc("000-27").body.contains("发放1000万元“七彩云股贷”"),
        "000 l4053/4055"
    );
    assert!(
        doc("000-16").body.contains("“科创e贷”具有纯信"),
        "000 l2443/2445"
    );
    assert!(
        doc("000-11").body.contains("“专精特新”小微"),
        "000 l1932/1934"
    );
}

#[test]
fn layout_spaces_are_gone_from_the_displayed_text() {
    for d in &import().documents {
        for spaced in ["科创 e 贷", " 万元", "万 元", "微 众 银 行"] {
            assert!(!d.body.contains(spaced), "{}: {spaced:?}", d.id);
        }
    }
    assert!(
        doc("004-45").body.contains("FISCO BCOS"),
        "Latin words keep their space"
    );
}

#[test]
fn paragraph_breaks_survive_the_joining() {
    let body = &doc("000-01").body;
    assert!(body.contains("经营发展就是其中的典型代表。\n\n一、企业基本情况\n\n该淀粉有限公司"));
    assert!(body.split("\n\n").count() >= 10);
}

#[test]
fn doc_003_reads_kechuang_qiye_where_the_mojibake_was() {
    let body = &doc("003-01").body;
    assert!(
        body.contains("綜合金融服務。科創企業金融服務中心"),
        "line 4"
    );
    assert!(body.contains("3.數字供應鏈。基于產業鏈金融生態"), "line 17");
    assert!(
        body.contains("綜合服務能力。“大眾創業 萬眾創新”"),
        "line 21"
    );
    assert!(!body.contains('?'), "no mojibake left");
    assert!(
        body.contains("“結算貸”“稅務貸”“用工貸”"),
        "quotes turned round"
    );
    let seed = compact(&seed_lines("003_11cde03ce4536437.txt").join(""));
    assert_eq!(
        compact(body).matches("科創企業").count(),
        seed.matches("科創企業").count() + 1
    );
    let r = import().report.document("003-01").unwrap();
    assert_eq!(r.fired(Repair::Mojibake), 3);
    assert_eq!(r.fired(Repair::MojibakeUnrepaired), 0);
    assert_eq!(r.fired(Repair::ReversedQuotes), 3);
}

#[test]
fn no_body_contains_another_cases_title() {
    for d in &import().documents {
        let body = compact(&d.body);
        for case in cases() {
            let Some(title) = &case.title else { continue };
            if case.id == d.id || case.duplicate_of.is_some() {
                continue;
            }
            assert!(
                !body.contains(&compact(title)),
                "{} contains the title of {}",
                d.id,
                case.id
            );
        }
    }
    assert!(!import()
        .report
        .problems
        .iter()
        .any(|p| p.message.contains("contains the title")));
}

#[test]
fn titles_name_the_institution_or_are_marked_editorial() {
    assert_eq!(doc("000-30").title, "红塔银行：“专精特新”中小企业典型案例");
    let d = doc("003-01");
    assert!(d.title_is_editorial);
    assert_eq!(d.title, "探索科創小微企業金融服務（工商銀行）");
    for case in cases() {
        let (Some(title), Some(d)) = (
            &case.title,
            import().documents.iter().find(|d| d.id == case.id),
        ) else {
            continue;
        };
        assert!(!d.title_is_editorial, "{}", d.id);
        let printed = title.split_whitespace().collect::<Vec<_>>().join(" ");
        match &case.parent_title {
            Some(umbrella) => assert_eq!(d.title, format!("{umbrella} · {printed}"), "{}", d.id),
            None if d.id != "000-30" => assert_eq!(d.title, printed, "{}", d.id),
            None => {}
        }
    }
}

#[test]
fn facets_follow_the_config_with_canonical_institutions() {
    let (config, aliases) = settings();
    let declared: Vec<&str> = config.facets.iter().map(|f| f.field.as_str()).collect();
    let mut institutions: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &import().documents {
        for field in d.facets.keys() {
            assert!(declared.contains(&field.as_str()), "{}: {field}", d.id);
        }
        let inst = d
            .facet("institution")
            .expect("every case names its institution");
        assert_eq!(
            aliases.canonical_value("institution", inst),
            Some(inst),
            "{}",
            d.id
        );
        *institutions.entry(inst).or_default() += 1;
        let region = d.facet("region").expect("region");
        assert!(region.split('/').count() <= 2, "{}: {region}", d.id);
        assert!(d.facet("year").is_some_and(|y| y.parse::<i32>().is_ok()));
    }
    assert_eq!(institutions.len(), 35);
    assert_eq!(institutions["中国工商银行"], 9);
    assert!(import()
        .report
        .problems
        .iter()
        .all(|p| !p.message.contains("alias group")));
}

#[test]
fn the_report_lists_every_document_with_its_length_and_repairs() {
    let report = &import().report;
    assert_eq!(report.documents.len(), 98);
    for d in &report.documents {
        let body = &doc(&d.id).body;
        assert_eq!(
            d.chars,
            body.chars().filter(|c| *c != '\n').count(),
            "{}",
            d.id
        );
    }
    assert_eq!(report.total(Repair::RunningHeaders), 5);
    assert_eq!(report.total(Repair::PageNumbers), 5);
    assert_eq!(report.total(Repair::BoxLabels), 65);
    assert!(report.total(Repair::LineJoins) > 3000);
    let text = report.render();
    assert!(text.contains("000-02  "), "{text}");
    assert!(text.contains("running headers dropped 1"));
    assert!(text.contains("## Problems in cases.json"));
}

#[test]
fn the_committed_corpus_equals_a_fresh_import() {
    let out = root().join("corpus/cases");
    let mut stale = Vec::new();
    for d in &import().documents {
        let path = out.join(format!("{}.md", d.id));
        if std::fs::read_to_string(&path).ok() != Some(write_document(d)) {
            stale.push(path.display().to_string());
        }
    }
    let report_path = out.join(seeds::REPORT_FILE);
    if std::fs::read_to_string(&report_path).ok() != Some(import().report.render()) {
        stale.push(report_path.display().to_string());
    }
    let produced = import().documents.len();
    let on_disk = std::fs::read_dir(&out)
        .expect("corpus/cases exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    assert_eq!(on_disk, produced, "stale case files in corpus/cases");
    assert!(
        stale.is_empty(),
        "regenerate with `cargo run -- import-seeds seeds --out corpus/cases`: {stale:?}"
    );
}

#[test]
fn the_import_needs_the_corpus_config() {
    let dir = std::env::temp_dir().join(format!("casesearch-noconfig-{}", std::process::id()));
    let err = seeds::corpus_settings(&dir.join("cases"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("casesearch.toml"), "{err}");
    assert!(err.contains("noconfig"), "{err}");
}

#[test]
fn inconsistencies_in_cases_json_are_reported_not_papered_over() {
    let dir = std::env::temp_dir().join(format!("casesearch-cases-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let seed = "一．某某银行\n\n第一个案例的标题\n\n正文第一段。\n没有归属的一行。\n第二个案例的标题\n正文第二段。\n";
    std::fs::write(dir.join("x.txt"), seed).expect("write seed");
    let record = |id: &str, segments: &str, title_lines: &str, title: &str, inst: &str| {
        format!(
            r#"{{"id": "{id}", "seed": "x.txt", "segments": {segments}, "title_lines": {title_lines},
               "title": "{title}", "institution": "{inst}", "region": "云南", "year": 2022}}"#
        )
    };
    let cases = format!(
        "[{}, {}, {}]",
        record(
            "x-01",
            "[[2, 5]]",
            "[3]",
            "第一个案例的标题",
            "中国工商银行"
        ),
        record("x-02", "[[7, 8]]", "[8]", "第二个案例的标题", "某某银行"),
        record("x-03", "[[5, 5]]", "[9]", "第三个案例", "中国工商银行"),
    );
    std::fs::write(dir.join("cases.json"), cases).expect("write cases");
    let (config, aliases) = settings();
    let import = seeds::import(&dir, config, aliases).expect("imports despite the problems");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(import.documents.len(), 3);
    let problems: Vec<String> = import
        .report
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.id, p.message))
        .collect();
    for want in [
        "x-01: segment 2-5 starts on a blank line",
        "x-02: title_lines read \"正文第二段。\", not the title \"第二个案例的标题\"",
        "x-02: institution \"某某银行\" is not named by any alias group",
        "x-03: line 5 is also in x-01",
        "x-03: title line 9 is outside the segments",
        "cases.json: x.txt: text lines in no case: [6]",
        "cases.json: facet `tags` is declared in casesearch.toml but no record has a value for it",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(want)),
            "missing {want:?} in {problems:#?}"
        );
    }
}

#[test]
fn the_theme_names_no_bank_and_every_branch_of_cases_json_is_kept() {
    let (_, aliases) = settings();
    let bank_words = ["银行", "分行", "支行", "信用社", "联社"];
    let mut themes: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &import().documents {
        assert!(!d.facets.contains_key("category"), "{}", d.id);
        for theme in d.facets.get("theme").into_iter().flatten() {
            assert!(
                !bank_words.iter().any(|w| theme.contains(w)),
                "{}: theme {theme:?} names a bank",
                d.id
            );
            *themes.entry(theme).or_default() += 1;
        }
        // The card shows `institution · branch`: the branch never repeats the institution.
        let inst = d.facet("institution").expect("institution");
        let names: Vec<&str> = aliases
            .groups
            .iter()
            .find(|g| g.canonical == inst)
            .map(|g| g.names().collect())
            .unwrap_or_default();
        for branch in d.facets.get("branch").into_iter().flatten() {
            assert!(
                !names.iter().any(|n| branch.starts_with(n)),
                "{}: branch {branch:?} repeats {inst}",
                d.id
            );
        }
    }
    assert_eq!(themes["聚力抗疫"], 10);
    assert_eq!(themes.len(), 13, "{themes:?}");
    for case in cases().iter().filter(|c| c.duplicate_of.is_none()) {
        let branch = case.fields.get("branch").and_then(|v| v.as_str());
        let shown = doc(&case.id).facets.get("branch").map(|v| v.as_slice());
        match (branch, shown) {
            (Some(b), Some([s])) => assert!(
                b.ends_with(s.as_str()) || b.contains(s.as_str()),
                "{}: {b} shown as {s}",
                case.id
            ),
            (None, None) => {}
            _ => panic!("{}: branch {branch:?} shown as {shown:?}", case.id),
        }
    }
    assert_eq!(doc("000-21").facet("branch"), Some("昆明分行"));
    assert_eq!(doc("000-27").facet("branch"), Some("昆明官渡农合行"));
    assert_eq!(doc("000-30").facet("branch"), None);
}

#[test]
fn sub_cases_keep_their_umbrella_heading_in_the_title_and_in_search() {
    const UMBRELLA: &str = "兴业银行昆明分行服务“专精特新”中小企业典型案例";
    for (id, n) in [("000-21", 1), ("000-22", 2), ("000-23", 3)] {
        let title = &doc(id).title;
        assert!(
            title.starts_with(&format!("{UMBRELLA} · 案例 {n} ")),
            "{id}: {title}"
        );
    }
    // No other title numbers a sub-case without its umbrella.
    for d in &import().documents {
        let own = d.title.rsplit(" · ").next().unwrap_or(&d.title);
        assert!(
            !own.starts_with("案例") || d.title.contains(" · "),
            "{}: {}",
            d.id,
            d.title
        );
    }
    let (config, aliases) = settings();
    let searcher =
        MemoryIndex::new(&build_index(&import().documents, config, aliases).unwrap()).unwrap();
    let r = searcher
        .search("兴业银行 专精特新", &SearchOptions::default())
        .expect("search runs");
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    for id in ["000-21", "000-22", "000-23"] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
    assert!(!r.partial, "the whole query matches");
}

#[test]
fn a_numbered_sub_case_without_its_umbrella_is_reported() {
    let dir = std::env::temp_dir().join(format!("casesearch-umbrella-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("x.txt"), "案例 1 某某项目\n正文。\n").expect("write seed");
    let cases = r#"[{"id": "x-01", "seed": "x.txt", "segments": [[1, 2]], "title_lines": [1],
        "title": "案例 1 某某项目", "institution": "中国工商银行", "region": "云南", "year": 2022}]"#;
    std::fs::write(dir.join("cases.json"), cases).expect("write cases");
    let (config, aliases) = settings();
    let import = seeds::import(&dir, config, aliases).expect("imports");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        import
            .report
            .problems
            .iter()
            .any(|p| p.id == "x-01" && p.message.contains("no parent_title")),
        "{:#?}",
        import.report.problems
    );
}
