//! The `casesearch` command as a user runs it.

// A panic is how a test (or a measurement) fails; pedantic style is for library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::pedantic)]

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
        stderr.contains("read 2 files: 1 indexed, 1 rejected, 0 skipped"),
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
    let mut leftovers: Vec<_> = std::fs::read_dir(dir.join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    leftovers.sort();
    assert_eq!(leftovers, ["casesearch.idx", "cs"]);
    let generations = std::fs::read_dir(dir.join("dist/cs")).unwrap().count();
    assert_eq!(generations, 1, "the failed build wrote chunks");
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

/// Every file the build meets is indexed, rejected or skipped, and the summary's
/// numbers add up to the files that are really there.
#[test]
fn the_build_summary_accounts_for_every_file() {
    let doc = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\n科创贷款。\n");
    let dir = corpus_with(
        "accounting",
        &[
            ("a.md", &doc("甲")),
            ("b.MD", &doc("乙")),
            ("c.markdown", &doc("丙")),
            (".hidden.md", &doc("隐")),
            ("notes.txt", "not a case"),
            ("import-report.txt", "the seed import's report"),
            ("bad.md", "no front matter\n"),
            (
                "empty.md",
                "+++\ntitle = \"空\"\n[facets]\ninstitution = \"\"\n+++\n正文。\n",
            ),
        ],
    );
    let corpus = dir.join("corpus");
    std::fs::write(
        corpus.join("casesearch.toml"),
        "[[facet]]\nfield = \"institution\"\nlabel = { zh-CN = \"机构\", zh-TW = \"機構\", en = \"Institution\" }\n",
    )
    .unwrap();
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::write(corpus.join("sub/d.md"), doc("丁")).unwrap();
    std::fs::create_dir_all(corpus.join(".git")).unwrap();
    std::fs::write(corpus.join(".git/x.md"), doc("git")).unwrap();
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("o.md"), doc("外")).unwrap();
    std::os::unix::fs::symlink(&outside, corpus.join("linked")).unwrap();
    std::os::unix::fs::symlink(outside.join("o.md"), corpus.join("file-link.md")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere"), corpus.join("broken.md")).unwrap();
    let mut deep = corpus.join("deep");
    for _ in 0..=casesearch::corpus::loader::MAX_DEPTH {
        deep = deep.join("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("too-deep.md"), doc("深")).unwrap();

    let out = build(&dir, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Indexed: a, b, c, empty, sub/d and the symlinked file file-link. Rejected: bad. Skipped: .hidden.md, notes.txt, .git, linked, broken.md, the too-deep folder.
    assert!(
        stderr.contains(
            "read 13 files: 6 indexed, 1 rejected, 6 skipped; 1 empty facet value(s) left out"
        ),
        "{stderr}"
    );
    for culprit in [
        "bad.md:1: ",
        ".hidden.md: a hidden file",
        "notes.txt: not a Markdown",
        ".git: a hidden folder",
        "linked: a symbolic link to a folder",
        "broken.md: a broken symbolic link",
        "empty.md:4: facet `institution` has an empty value",
    ] {
        assert!(
            stderr.contains(culprit),
            "{culprit} is not reported: {stderr}"
        );
    }
    let deep_dir = deep.display().to_string();
    assert!(
        stderr.lines().any(|l| l.starts_with("skipped: ")
            && deep_dir.starts_with(l[9..].split(": ").next().unwrap())
            && l.contains("nested more than")),
        "{stderr}"
    );
    assert!(!stderr.contains("import-report.txt"), "{stderr}");
    // Every indexed file but empty.md says 科创.
    assert_eq!(json(&dir, "search", "科创")["total"], 5);
    let strict = build(&dir, &["--strict"]);
    assert!(!strict.status.success());
    assert!(String::from_utf8_lossy(&strict.stderr)
        .contains("--strict: 1 file(s) rejected, 6 skipped, 1 facet value(s) left out"));
}

#[test]
fn a_gb18030_file_is_recognised_and_builds_with_the_encoding_flag() {
    let text = "+++\ntitle = \"国标编码\"\n+++\n第一行。\n普惠金融支持小微企业。\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    let dir = corpus_with(
        "gb18030",
        &[("ok.md", "+++\ntitle = \"甲\"\n+++\n正文。\n")],
    );
    std::fs::write(dir.join("corpus/gb.md"), &bytes).unwrap();
    let first_bad = text.find("国").unwrap();
    let out = build(&dir, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "gb.md:2: not valid UTF-8 at byte offset {first_bad}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--encoding gb18030"), "{stderr}");
    let out = build(&dir, &["--encoding", "gb18030", "--strict"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&dir, "search", "普惠金融");
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["title"], "国标编码");
}

#[test]
fn bytes_that_are_neither_utf8_nor_gb18030_get_their_offset() {
    let dir = corpus_with("bad-bytes", &[]);
    let mut bytes = b"+++\ntitle = \"t\"\n+++\nabc".to_vec();
    bytes.extend([0xff, 0xff, 0xff]);
    std::fs::write(dir.join("corpus/x.md"), &bytes).unwrap();
    let stderr = String::from_utf8_lossy(&build(&dir, &[]).stderr).into_owned();
    assert!(
        stderr.contains("x.md:4: not valid UTF-8 at byte offset 23; save the file as UTF-8"),
        "{stderr}"
    );
    let stderr =
        String::from_utf8_lossy(&build(&dir, &["--encoding", "gb18030"]).stderr).into_owned();
    assert!(
        stderr.contains("x.md:4: neither UTF-8 nor GB18030: malformed bytes at byte offset 23"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_an_index_gets_command_line_advice() {
    let dir = corpus_with("not-an-index", &[]);
    let file = dir.join("notes.txt");
    std::fs::write(&file, "just some text, longer than sixteen bytes").unwrap();
    let out = run([
        OsStr::new("search"),
        "--index".as_ref(),
        file.as_os_str(),
        "x".as_ref(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notes.txt is not a casesearch index; pass --index"),
        "{stderr}"
    );
    assert!(!stderr.contains("widget"), "{stderr}");
}
