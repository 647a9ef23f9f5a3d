//! The `casesearch` command as a user runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn casesearch() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casesearch"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_malformed_document_is_named_with_its_line_and_the_others_are_indexed() {
    let dir = temp_dir("malformed");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("good.md"),
        "+++\ntitle = \"科创贷款案例\"\n+++\n推出科创e贷。\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("bad.md"),
        "+++\ntitle = \"坏文件\"\nproducts = [\"a\",\n+++\n正文。\n",
    )
    .unwrap();
    let out = casesearch()
        .arg("build")
        .arg(&corpus)
        .arg("--out")
        .arg(dir.join("dist"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("bad.md:3:") || stderr.contains("bad.md:4:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("indexed 1 documents (1 skipped)"),
        "{stderr}"
    );

    let search = casesearch()
        .args(["search", "--json", "--index"])
        .arg(dir.join("dist"))
        .arg("科创e贷")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["hits"][0]["id"], "good");

    let strict = casesearch()
        .arg("build")
        .arg(&corpus)
        .arg("--out")
        .arg(dir.join("dist2"))
        .arg("--strict")
        .output()
        .unwrap();
    assert!(!strict.status.success());
}

#[test]
fn search_json_keeps_its_contract() {
    let dir = temp_dir("contract");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("casesearch.toml"),
        "[[facet]]\nfield = \"institution\"\nlabel = { zh-CN = \"机构\", zh-TW = \"機構\", en = \"Institution\" }\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("a.md"),
        "+++\nid = \"a\"\ntitle = \"专精特新案例\"\n[facets]\ninstitution = \"甲银行\"\n[source]\nfile = \"seed.txt\"\nsegments = [[3, 9]]\n+++\n支持专精特新企业。\n",
    )
    .unwrap();
    let built = casesearch()
        .arg("build")
        .arg(&corpus)
        .arg("--out")
        .arg(dir.join("dist"))
        .output()
        .unwrap();
    assert!(built.status.success());
    let out = casesearch()
        .args(["search", "--json", "--index"])
        .arg(dir.join("dist"))
        .arg("专精特新")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "exactly one JSON object: {stdout}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["query"], "专精特新");
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], "a");
    assert_eq!(hit["title"], "专精特新案例");
    assert!(hit["score"].is_number());
    assert_eq!(hit["snippet"], "支持<mark>专精特新</mark>企业。");
    assert_eq!(hit["facets"]["institution"][0], "甲银行");
    assert_eq!(hit["source"]["file"], "seed.txt");
    assert_eq!(hit["source"]["segments"][0], serde_json::json!([3, 9]));
    assert_eq!(v["facets"]["institution"][0]["value"], "甲银行");
    assert_eq!(v["facets"]["institution"][0]["count"], 1);

    let show = casesearch()
        .args(["show", "--json", "--index"])
        .arg(dir.join("dist"))
        .arg("a")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    for key in ["id", "title", "text", "facets", "source"] {
        assert!(doc.get(key).is_some(), "show --json lacks {key}");
    }
}

#[test]
fn a_missing_index_tells_the_user_to_build_it() {
    let dir = temp_dir("missing");
    let out = casesearch()
        .args(["search", "--index"])
        .arg(dir.join("nowhere"))
        .arg("x")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("casesearch build"), "{stderr}");
}

#[test]
fn a_bad_filter_flag_says_the_expected_form() {
    let dir = temp_dir("filter");
    let out = casesearch()
        .args(["search", "--index"])
        .arg(&dir)
        .args(["--filter", "institution"])
        .arg("x")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FIELD=VALUE"));
}
