//! Display names of corpus strings: every facet value and collection name of
//! the sample corpus reaches the widget in zh-CN, zh-TW (converted at build
//! time) and en, through `casesearch build` and the index's `info`.

use casesearch::corpus::display::to_traditional;
use casesearch::corpus::loader::load_corpus;
use casesearch::corpus::{FacetKind, Labels};
use casesearch::query::json::ToJson;
use casesearch::query::LocalIndex;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `info` of the sample corpus as built by `casesearch build`, as JSON.
fn built_info() -> &'static serde_json::Value {
    static INFO: OnceLock<serde_json::Value> = OnceLock::new();
    INFO.get_or_init(|| {
        let out =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("display-{}", std::process::id()));
        let status = Command::new(env!("CARGO_BIN_EXE_casesearch"))
            .arg("build")
            .arg(root().join("corpus"))
            .arg("--out")
            .arg(&out)
            .output()
            .expect("casesearch runs");
        assert!(status.status.success(), "{status:?}");
        let index = LocalIndex::open(&out).expect("the index loads");
        let _ = std::fs::remove_dir_all(&out);
        serde_json::from_str(&index.searcher().info().to_json()).expect("info is JSON")
    })
}

fn value_labels<'a>(field: &str, value: &str) -> &'a serde_json::Value {
    let info = built_info();
    let facet = info["facets"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("no facet {field}"));
    &facet["values"][value]
}

#[test]
fn real_facet_values_are_converted_to_traditional_as_phrases() {
    assert_eq!(to_traditional("中国工商银行"), "中國工商銀行");
    assert_eq!(to_traditional("聚力抗疫"), "聚力抗疫");
    assert_eq!(to_traditional("国有大型商业银行"), "國有大型商業銀行");
    assert_eq!(to_traditional("深圳前海微众银行"), "深圳前海微眾銀行");
}

#[test]
fn the_built_index_names_facet_values_in_three_languages() {
    let icbc = value_labels("institution", "中国工商银行");
    assert_eq!(icbc["zh-CN"], "中国工商银行");
    assert_eq!(icbc["zh-TW"], "中國工商銀行");
    assert_eq!(icbc["en"], "Industrial and Commercial Bank of China (ICBC)");
    // A hierarchy names every level, converted level by level.
    assert_eq!(value_labels("region", "云南/昆明")["zh-TW"], "雲南/昆明");
    assert_eq!(value_labels("region", "云南")["zh-TW"], "雲南");
    assert_eq!(
        value_labels("region", "广东/深圳")["en"],
        "Guangdong/Shenzhen"
    );
    assert_eq!(
        value_labels("theme", "聚力抗疫")["en"],
        "Fighting the epidemic"
    );
    // Without a configured English name, en is the value itself.
    assert_eq!(
        value_labels("theme", "服务“专精特新”中小企业")["zh-TW"],
        "服務“專精特新”中小企業"
    );
    // The collection facet takes the collection's names.
    let shenzhen = value_labels("collection", "2019-2020深圳银行业社会责任优秀案例集");
    assert_eq!(shenzhen["zh-TW"], "2019-2020深圳銀行業社會責任優秀案例集");
    assert_eq!(
        shenzhen["en"],
        "Shenzhen Banking Social Responsibility: Outstanding Cases 2019–2020"
    );
}

#[test]
fn every_value_of_every_document_has_all_three_names() {
    let corpus = load_corpus(&root().join("corpus")).expect("the corpus loads");
    let info = built_info();
    for f in &corpus.config.facets {
        let table = info["facets"]
            .as_array()
            .expect("facets")
            .iter()
            .find(|x| x["field"] == f.field.as_str())
            .map(|x| &x["values"])
            .expect("field");
        if f.kind == FacetKind::Year {
            assert_eq!(table, &serde_json::json!({}), "{}", f.field);
            continue;
        }
        for d in &corpus.documents {
            for v in d.facets.get(&f.field).into_iter().flatten() {
                let labels: Labels = serde_json::from_value(table[v].clone())
                    .unwrap_or_else(|e| panic!("{}: {v}: {e}", f.field));
                assert_eq!(labels.zh_cn, *v);
                assert!(
                    !labels.zh_tw.is_empty() && !labels.en.is_empty(),
                    "{}: {v}",
                    f.field
                );
            }
        }
    }
}

#[test]
fn every_configured_value_name_belongs_to_a_value_of_the_corpus() {
    // A name for a value no document has is a typo: the build would drop it.
    let corpus = load_corpus(&root().join("corpus")).expect("the corpus loads");
    let mut filled = corpus.config.clone();
    filled.fill_display(&corpus.documents);
    for (configured, built) in corpus.config.facets.iter().zip(&filled.facets) {
        for (value, labels) in &configured.values {
            assert!(
                built.values.contains_key(value),
                "{}: {value:?} is not a value of the corpus",
                configured.field
            );
            assert_eq!(built.values[value].en, labels.en, "configured names win");
        }
    }
}

#[test]
fn collections_reach_the_widget_with_traditional_names() {
    let collections = built_info()["collections"].as_array().expect("collections");
    assert_eq!(collections.len(), 5);
    let ankang = collections
        .iter()
        .find(|c| c["file"] == "002_ed0cd6753f73e70e.txt")
        .expect("002");
    assert_eq!(ankang["name"]["zh-TW"], "《安康發展》第202503期·新質生產力");
    assert_eq!(ankang["publisher"]["zh-TW"], "中國人民銀行安康市分行課題組");
    assert_eq!(ankang["published"], "2025-07-18");
    for c in collections {
        for key in ["name", "publication"] {
            for lang in ["zh-CN", "zh-TW", "en"] {
                assert!(
                    c[key][lang].as_str().is_some_and(|s| !s.is_empty()),
                    "{}: {key} {lang}",
                    c["file"]
                );
            }
        }
    }
}
