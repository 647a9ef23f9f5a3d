//! The `casesearch` command as a user runs it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `casesearch` with these arguments.
fn run<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casesearch"))
        .args(args)
        .output()
        .expect("casesearch runs")
}

/// A fresh folder holding `corpus/` with these files; returns the folder.
fn corpus_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("corpus")).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join("corpus").join(file), text).unwrap();
    }
    dir
}

fn build(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        OsStr::new("build").to_owned(),
        dir.join("corpus").into(),
        "--out".into(),
        dir.join("dist").into(),
    ];
    args.extend(extra.iter().map(|a| OsStr::new(a).to_owned()));
    run(args)
}

fn json(dir: &Path, command: &str, arg: &str) -> serde_json::Value {
    let out = run([
        OsStr::new(command),
        "--json".as_ref(),
        "--index".as_ref(),
        dir.join("dist").as_os_str(),
        arg.as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "exactly one JSON object: {stdout}"
    );
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn a_malformed_document_is_named_with_its_line_and_the_others_are_indexed() {
    let dir = corpus_with(
        "malformed",
        &[
            (
                "good.md",
                "+++\ntitle = \"科创贷款案例\"\n+++\n推出科创e贷。\n",
            ),
            (
                "bad.md",
                "+++\ntitle = \"坏文件\"\nproducts = [\"a\",\n+++\n正文。\n",
            ),
        ],
    );
    let out = build(&dir, &[]);
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
    let v = json(&dir, "search", "科创e贷");
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["id"], "good");
    assert!(!build(&dir, &["--strict"]).status.success());
}

#[test]
fn a_failed_strict_build_keeps_the_previous_index() {
    let dir = corpus_with(
        "strict-keeps",
        &[
            ("a.md", "+++\ntitle = \"甲\"\n+++\n科创贷款。\n"),
            ("b.md", "+++\ntitle = \"乙\"\n+++\n普惠金融。\n"),
        ],
    );
    assert!(build(&dir, &["--strict"]).status.success());
    let index = dir.join("dist/casesearch.idx");
    let before = std::fs::read(&index).unwrap();
    std::fs::remove_file(dir.join("corpus/b.md")).unwrap();
    std::fs::write(dir.join("corpus/bad.md"), "no front matter\n").unwrap();
    let out = build(&dir, &["--strict"]);
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read(&index).unwrap(),
        before,
        "the index was replaced"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["casesearch.idx"]);
}

#[test]
fn search_json_keeps_its_contract() {
    let dir = corpus_with(
        "contract",
        &[
            (
                "casesearch.toml",
                "[[facet]]\nfield = \"institution\"\nlabel = { zh-CN = \"机构\", zh-TW = \"機構\", en = \"Institution\" }\n",
            ),
            (
                "a.md",
                "+++\nid = \"a\"\ntitle = \"专精特新案例\"\n[facets]\ninstitution = \"甲银行\"\n[source]\nfile = \"seed.txt\"\nsegments = [[3, 9]]\n+++\n支持专精特新企业。\n",
            ),
        ],
    );
    assert!(build(&dir, &[]).status.success());
    let v = json(&dir, "search", "专精特新");
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
    let doc = json(&dir, "show", "a");
    for key in ["id", "title", "text", "facets", "source"] {
        assert!(doc.get(key).is_some(), "show --json lacks {key}");
    }
}

#[test]
fn a_missing_index_tells_the_user_to_build_it() {
    let dir = corpus_with("missing", &[]);
    let out = run([
        OsStr::new("search"),
        "--index".as_ref(),
        dir.join("nowhere").as_os_str(),
        "x".as_ref(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("casesearch build"));
}

#[test]
fn a_bad_filter_flag_says_the_expected_form() {
    let dir = corpus_with("filter", &[]);
    let out = run([
        OsStr::new("search"),
        "--index".as_ref(),
        dir.as_os_str(),
        "--filter".as_ref(),
        "institution".as_ref(),
        "x".as_ref(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FIELD=VALUE"));
}

#[test]
fn search_and_show_never_print_raw_escape_sequences() {
    let dir = corpus_with(
        "escapes",
        &[(
            "e.md",
            "+++\nid = \"e\"\ntitle = \"标题\\u001b]0;pwned\\u0007\"\n+++\n科创\u{1b}[2J贷款\u{9b}。\n",
        )],
    );
    assert!(build(&dir, &[]).status.success());
    for args in [["search", "科创"], ["show", "e"]] {
        let out = run([
            OsStr::new(args[0]),
            "--index".as_ref(),
            dir.join("dist").as_os_str(),
            args[1].as_ref(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("标题"), "{stdout}");
        assert!(
            !stdout.chars().any(|c| c.is_control() && c != '\n'),
            "{} prints a raw control character: {stdout:?}",
            args[0]
        );
    }
}
