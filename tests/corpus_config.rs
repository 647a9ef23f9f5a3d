//! `casesearch.toml` and `aliases.toml`: the committed files are valid, and a
//! broken one is rejected with an error that names the file, the line and the problem.

use casesearch::corpus::loader::{load_corpus, ALIASES_FILE, CONFIG_FILE};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A corpus folder with the committed files, one of them replaced by `text`.
fn corpus_with(name: &str, file: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casesearch-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for f in [CONFIG_FILE, ALIASES_FILE] {
        std::fs::copy(root().join("corpus").join(f), dir.join(f)).expect("copy");
    }
    std::fs::write(dir.join(file), text).expect("write");
    std::fs::write(
        dir.join("a.md"),
        "+++\ntitle = \"t\"\n\n[facets]\ninstitution = \"工行\"\n+++\n正文\n",
    )
    .expect("write");
    dir
}

fn error(dir: &Path) -> String {
    let err = load_corpus(dir)
        .expect_err("the corpus is rejected")
        .to_string();
    let _ = std::fs::remove_dir_all(dir);
    err
}

fn committed(file: &str) -> String {
    std::fs::read_to_string(root().join("corpus").join(file)).expect("read")
}

#[test]
fn the_committed_config_and_aliases_load_without_problems() {
    let corpus = load_corpus(&root().join("corpus")).expect("the corpus loads");
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    let fields: Vec<&str> = corpus
        .config
        .facets
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "collection",
            "institution",
            "branch",
            "institution_type",
            "region",
            "theme",
            "year",
            "tags"
        ]
    );
    for f in &corpus.config.facets {
        assert!(!f.label.zh_cn.is_empty() && !f.label.zh_tw.is_empty() && !f.label.en.is_empty());
    }
    let canonical = |name: &str| corpus.aliases.canonical_value("institution", name);
    for (short, long) in [
        ("工行", "中国工商银行"),
        ("工商银行", "中国工商银行"),
        ("建行", "中国建设银行"),
        ("农行", "中国农业银行"),
        ("中行", "中国银行"),
        ("交行", "交通银行"),
        ("邮储", "中国邮政储蓄银行"),
        ("国开行", "国家开发银行"),
        ("农发行", "中国农业发展银行"),
        ("浦发", "上海浦东发展银行"),
        ("招行", "招商银行"),
        ("微众", "深圳前海微众银行"),
        ("曲商行", "曲靖市商业银行"),
        ("省联社", "云南省农村信用社"),
        ("人行", "中国人民银行"),
    ] {
        assert_eq!(canonical(short), Some(long), "{short}");
    }
}

#[test]
fn a_facet_without_all_three_labels_is_rejected_with_its_line() {
    let config =
        "[[facet]]\nfield = \"institution\"\nlabel = { zh-CN = \"机构\", en = \"Institution\" }\n";
    let err = error(&corpus_with("labels", CONFIG_FILE, config));
    assert!(err.contains("casesearch.toml:2: "), "{err}");
    assert!(err.contains("no zh-TW label"), "{err}");
}

#[test]
fn a_toml_syntax_error_names_the_file_and_line() {
    let config = committed(CONFIG_FILE).replace("kind = \"year\"", "kind = year");
    let line = config
        .lines()
        .position(|l| l.contains("kind = year"))
        .map(|i| i + 1)
        .unwrap();
    let err = error(&corpus_with("syntax", CONFIG_FILE, &config));
    assert!(err.contains(&format!("casesearch.toml:{line}: ")), "{err}");
}

#[test]
fn an_alias_in_two_groups_is_rejected() {
    let aliases = format!(
        "{}\n[[group]]\ncanonical = \"中信银行（测试）\"\naliases = [\"工行\"]\n",
        committed(ALIASES_FILE)
    );
    let err = error(&corpus_with("twice", ALIASES_FILE, &aliases));
    assert!(err.contains("aliases.toml:"), "{err}");
    assert!(
        err.contains("\"工行\" is listed for both \"中国工商银行\" and \"中信银行（测试）\""),
        "{err}"
    );
}

#[test]
fn an_alias_group_for_an_undeclared_field_is_rejected() {
    let aliases =
        "[[group]]\ncanonical = \"中国工商银行\"\nfield = \"bank\"\naliases = [\"工行\"]\n";
    let err = error(&corpus_with("field", ALIASES_FILE, aliases));
    assert!(err.contains("aliases.toml:2: "), "{err}");
    assert!(err.contains("field = \"bank\""), "{err}");
    assert!(err.contains("does not declare"), "{err}");
}

#[test]
fn a_not_within_entry_that_can_never_apply_is_rejected() {
    let aliases = "[[group]]\ncanonical = \"中国银行\"\naliases = [\"中行\"]\nnot_within = [\"银行业协会\"]\n";
    let err = error(&corpus_with("blocker", ALIASES_FILE, aliases));
    assert!(err.contains("aliases.toml:2: "), "{err}");
    assert!(err.contains("\"银行业协会\""), "{err}");
}

#[test]
fn a_case_file_with_an_undeclared_facet_is_reported_not_loaded() {
    let dir = corpus_with("facet", CONFIG_FILE, &committed(CONFIG_FILE));
    std::fs::write(
        dir.join("b.md"),
        "+++\ntitle = \"t\"\n\n[facets]\nbank = \"工行\"\n+++\n正文\n",
    )
    .expect("write");
    let corpus = load_corpus(&dir).expect("the corpus loads");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(corpus.documents.len(), 1);
    let problem = corpus.problems[0].to_string();
    assert!(
        problem.contains("b.md:5: unknown facet field `bank`"),
        "{problem}"
    );
    // The other file's institution was canonicalized through the alias table.
    assert_eq!(
        corpus.documents[0].facet("institution"),
        Some("中国工商银行")
    );
}

/// The committed config with one collection line replaced; the error and the
/// 1-based line the replacement is on.
fn collection_error(name: &str, from: &str, to: &str) -> (String, usize) {
    let committed = committed(CONFIG_FILE);
    assert!(committed.contains(from), "{from}");
    let config = committed.replacen(from, to, 1);
    let file_line = |text: &str, file: &str| {
        text.lines()
            .position(|l| l.starts_with("file = ") && l.contains(file))
            .map(|i| i + 1)
            .expect("file line")
    };
    let line = file_line(&config, "004_f5da1d94d81bb626.txt");
    (error(&corpus_with(name, CONFIG_FILE, &config)), line)
}

#[test]
fn the_committed_collections_name_every_seed_in_three_languages() {
    let corpus = load_corpus(&root().join("corpus")).expect("the corpus loads");
    let files: Vec<&str> = corpus
        .config
        .collections
        .iter()
        .map(|c| c.file.as_str())
        .collect();
    let mut seeds: Vec<String> = std::fs::read_dir(root().join("seeds"))
        .expect("seeds")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".txt"))
        .collect();
    seeds.sort();
    assert_eq!(files, seeds);
    for c in &corpus.config.collections {
        assert!(
            !c.name.zh_cn.is_empty() && !c.name.en.is_empty(),
            "{}",
            c.file
        );
        assert!(!c.publication.zh_cn.is_empty(), "{}", c.file);
    }
    // Every document's collection facet is a collection's name.
    for d in &corpus.documents {
        let name = d.facet("collection").expect("collection");
        let c = corpus
            .config
            .collection_of_file(&d.source.file)
            .expect("a collection for the source file");
        assert_eq!(c.name.zh_cn, name, "{}", d.id);
    }
}

#[test]
fn a_collection_without_an_english_name_is_rejected_with_its_line() {
    let (err, line) = collection_error(
        "coll-name",
        "name = { zh-CN = \"2019-2020深圳银行业社会责任优秀案例集\", en = \"Shenzhen Banking Social Responsibility: Outstanding Cases 2019–2020\" }",
        "name = { zh-CN = \"2019-2020深圳银行业社会责任优秀案例集\" }",
    );
    assert!(err.contains(&format!("casesearch.toml:{line}: ")), "{err}");
    assert!(err.contains("has no en name"), "{err}");
}

#[test]
fn a_collection_with_a_malformed_date_is_rejected_with_its_line() {
    let (err, line) = collection_error(
        "coll-date",
        "published = \"2020\"",
        "published = \"2020年\"",
    );
    assert!(err.contains(&format!("casesearch.toml:{line}: ")), "{err}");
    assert!(err.contains("is not a date"), "{err}");
}

#[test]
fn a_collection_declared_twice_points_at_the_second_declaration() {
    let committed = committed(CONFIG_FILE);
    let config = committed.replace(
        "file = \"003_11cde03ce4536437.txt\"",
        "file = \"004_f5da1d94d81bb626.txt\"",
    );
    let second = config
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("file = \"004_"))
        .map(|(i, _)| i + 1)
        .nth(1)
        .expect("two declarations");
    let err = error(&corpus_with("coll-twice", CONFIG_FILE, &config));
    assert!(
        err.contains(&format!("casesearch.toml:{second}: ")),
        "{err}"
    );
    assert!(err.contains("declared twice"), "{err}");
}

#[test]
fn an_unknown_collection_key_is_a_toml_error_with_its_line() {
    let (err, _) = collection_error(
        "coll-key",
        "published = \"2020\"",
        "published = \"2020\"\nauthor = \"某人\"",
    );
    let committed = committed(CONFIG_FILE);
    let line = committed
        .lines()
        .position(|l| l == "published = \"2020\"")
        .map(|i| i + 2)
        .expect("line");
    assert!(err.contains(&format!("casesearch.toml:{line}: ")), "{err}");
    assert!(err.contains("author"), "{err}");
}
