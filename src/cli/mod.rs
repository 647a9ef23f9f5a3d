//! The native command line. Every subcommand uses the same engine as the browser.

mod atomic;
mod serve;

pub use atomic::write_atomically;

use crate::corpus::loader::{load_corpus_with, LoadOptions, TextEncoding};
use crate::corpus::{markdown::write_document, seeds};
use crate::index::{build_index, IndexError, CHUNK_DIR};
use crate::query::json::ToJson;
use crate::query::{LocalIndex, OpenError, SearchOptions, Sort, YearRange};
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use crate::index::ENTRY_FILE as INDEX_FILE;

#[derive(Parser)]
#[command(
    name = "casesearch",
    version,
    about = "Offline search for case-study collections"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the index of a corpus folder (Markdown case files + casesearch.toml + aliases.toml).
    Build {
        /// The corpus folder.
        corpus: PathBuf,
        /// Output folder; the index is written to OUT/casesearch.idx.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Fail (exit 1), writing nothing, when any file is rejected or skipped
        /// or any facet value is left out.
        #[arg(long)]
        strict: bool,
        /// How to read case files that are not valid UTF-8 (gb18030 also reads GBK and GB2312).
        #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
        encoding: EncodingArg,
    },
    /// Search an index.
    Search {
        /// Index file, or the folder that holds casesearch.idx.
        #[arg(long, default_value = "dist")]
        index: PathBuf,
        /// Facet selection FIELD=VALUE; repeat it (the same field twice means either value).
        #[arg(long = "filter", value_name = "FIELD=VALUE")]
        filters: Vec<String>,
        /// Year range: YEAR, FROM..TO, FROM.. or ..TO (inclusive; ORed with --filter year=…).
        #[arg(long, value_name = "FROM..TO", value_parser = YearRange::parse)]
        year: Option<YearRange>,
        /// Number of results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Results to skip (for paging).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Result order (an empty query browses newest first unless told otherwise).
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// Print the JSON contract instead of text.
        #[arg(long)]
        json: bool,
        /// The query (words are ANDed; "quotes", -exclude, a OR b).
        #[arg(default_value = "")]
        query: String,
    },
    /// Print one document.
    Show {
        #[arg(long, default_value = "dist")]
        index: PathBuf,
        #[arg(long)]
        json: bool,
        /// Mark this query's matches (`title_html`, `text_html`; highlighted in text output).
        #[arg(long, default_value = "")]
        query: String,
        id: String,
    },
    /// Convert the seed texts (SEED_DIR with cases.json) into Markdown case files.
    ImportSeeds {
        seed_dir: PathBuf,
        /// Folder for the generated case files.
        #[arg(long)]
        out: PathBuf,
        /// Do not write; fail if the files in OUT differ from what the import produces.
        #[arg(long)]
        check: bool,
    },
    /// Serve a folder over HTTP (for the demo and the browser tests).
    Serve {
        #[arg(default_value = "dist")]
        dir: PathBuf,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8")]
    Utf8,
    Gb18030,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Relevance,
    Newest,
    Oldest,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            corpus,
            out,
            strict,
            encoding,
        } => {
            let options = LoadOptions {
                encoding: match encoding {
                    EncodingArg::Utf8 => TextEncoding::Utf8,
                    EncodingArg::Gb18030 => TextEncoding::Gb18030,
                },
            };
            build(&corpus, &out, strict, options)
        }
        Command::Search {
            index,
            filters,
            year,
            limit,
            offset,
            sort,
            json,
            query,
        } => {
            let sort = match sort {
                SortArg::Relevance => Sort::Relevance,
                SortArg::Newest => Sort::Newest,
                SortArg::Oldest => Sort::Oldest,
            };
            parse_filters(&filters).and_then(|filters| {
                let opts = SearchOptions {
                    filters,
                    limit,
                    offset,
                    sort,
                    year,
                };
                search(&index, &query, &opts, json)
            })
        }
        Command::Show {
            index,
            json,
            query,
            id,
        } => show(&index, &id, &query, json),
        Command::ImportSeeds {
            seed_dir,
            out,
            check,
        } => import_seeds(&seed_dir, &out, check),
        Command::Serve { dir, port, host } => serve::serve(&dir, &host, port),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn build(corpus_dir: &Path, out: &Path, strict: bool, options: LoadOptions) -> Result<(), String> {
    let mut corpus = load_corpus_with(corpus_dir, &options).map_err(|e| e.to_string())?;
    corpus.config.fill_display(&corpus.documents);
    for p in &corpus.problems {
        eprintln!("rejected: {p}");
    }
    for s in &corpus.skipped {
        eprintln!("skipped: {s}");
    }
    for w in &corpus.warnings {
        eprintln!("left out: {w}");
    }
    let left_out = if corpus.warnings.is_empty() {
        String::new()
    } else {
        format!("; {} empty facet value(s) left out", corpus.warnings.len())
    };
    eprintln!(
        "read {} files: {} indexed, {} rejected, {} skipped{left_out}",
        corpus.files_read,
        corpus.documents.len(),
        corpus.problems.len(),
        corpus.skipped.len()
    );
    // Checked before anything is written: a failed strict build keeps the previous index.
    if strict && !corpus.is_clean() {
        return Err(format!(
            "--strict: {} file(s) rejected, {} skipped, {} facet value(s) left out (listed above); nothing was written",
            corpus.problems.len(),
            corpus.skipped.len(),
            corpus.warnings.len()
        ));
    }
    if corpus.documents.is_empty() {
        return Err(format!(
            "no case documents found in {} (expected *.md files with +++ front matter)",
            corpus_dir.display()
        ));
    }
    let built = build_index(&corpus.documents, &corpus.config, &corpus.aliases)
        .map_err(|e| e.to_string())?;
    write_index(out, &built)?;
    let s = built.stats;
    eprintln!(
        "indexed {} documents ({} skipped) into {}: entry {} bytes, {} chunk files {} bytes ({} posting, {} position chunks, {} keys)",
        s.documents,
        corpus.problems.len(),
        out.join(INDEX_FILE).display(),
        s.entry_bytes,
        built.chunks.len(),
        s.chunk_bytes,
        s.posting_chunks,
        s.position_chunks,
        s.keys
    );
    Ok(())
}

/// Writes the chunk files, then the entry file (atomically: the old index stays
/// whole until the new one is complete), then removes chunk folders of older builds.
fn write_index(out: &Path, built: &crate::index::BuiltIndex) -> Result<(), String> {
    let chunk_root = out.join(CHUNK_DIR);
    let mut generation = None;
    for (name, bytes) in &built.chunks {
        let path = chunk_root.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            generation.get_or_insert_with(|| parent.to_path_buf());
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    write_atomically(&out.join(INDEX_FILE), &built.entry)?;
    if let (Some(current), Ok(dirs)) = (generation, std::fs::read_dir(&chunk_root)) {
        for d in dirs.filter_map(Result::ok).map(|d| d.path()) {
            if d != current && d.is_dir() {
                let _ = std::fs::remove_dir_all(&d);
            }
        }
    }
    Ok(())
}

fn load_searcher(index: &Path) -> Result<LocalIndex, String> {
    LocalIndex::open(index).map_err(|e| match e {
        // The decoder's own wording is for whoever hosts the widget; on the
        // command line the fix is the --index argument.
        OpenError::Index {
            path,
            source: IndexError::NotAnIndex,
        } => format!(
            "{} is not a casesearch index; pass --index the folder (or the {INDEX_FILE} file) that `casesearch build CORPUS --out DIR` wrote",
            path.display()
        ),
        e => e.to_string(),
    })
}

fn parse_filters(filters: &[String]) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in filters {
        let (k, v) = f.split_once('=').ok_or_else(|| {
            format!("--filter {f:?}: expected FIELD=VALUE, e.g. --filter institution=中国工商银行")
        })?;
        let (k, v) = (k.trim(), v.trim());
        if k.is_empty() || v.is_empty() {
            return Err(format!(
                "--filter {f:?}: expected FIELD=VALUE with both parts non-empty, e.g. --filter region=云南"
            ));
        }
        map.entry(k.to_string()).or_default().push(v.to_string());
    }
    Ok(map)
}

fn search(index: &Path, query: &str, opts: &SearchOptions, json: bool) -> Result<(), String> {
    let mut searcher = load_searcher(index)?;
    let response = searcher.search(query, opts).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", response.to_json()).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let color = std::io::stdout().is_terminal();
    let note = if response.partial {
        " (no document matches the whole query; showing partial matches)"
    } else {
        ""
    };
    let _ = writeln!(out, "{} documents{note}", response.total);
    for (k, hit) in response.hits.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. {} [{}] {:.2}",
            response.offset + k + 1,
            terminal_safe(&hit.title, false),
            terminal_safe(&hit.id, false),
            hit.score
        );
        let _ = writeln!(out, "     {}", render_snippet(&hit.snippet, color));
    }
    Ok(())
}

/// Turns a snippet's HTML into terminal text.
fn render_snippet(html: &str, color: bool) -> String {
    render_marked(html, color, false)
}

/// Turns escaped text with `<mark>`s into terminal text (line feeds kept when asked).
fn render_marked(html: &str, color: bool, keep_newlines: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    terminal_safe(html, keep_newlines)
        .replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Corpus text made safe for a terminal: control characters (C0 but tab and,
/// when `keep_newlines`, line feeds; DEL; C1) and bidirectional overrides are
/// written as visible `\u{..}` escapes, so a title cannot retitle the window,
/// clear the screen or reorder what the reader sees.
fn terminal_safe(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t' && !(keep_newlines && c == '\n'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn show(index: &Path, id: &str, query: &str, json: bool) -> Result<(), String> {
    let mut searcher = load_searcher(index)?;
    let doc = searcher
        .show(id, query)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no document with id {id:?} in this index"))?;
    if json {
        println!("{}", doc.to_json());
    } else {
        let color = std::io::stdout().is_terminal();
        println!(
            "{}\n\n{}",
            render_marked(&doc.title_html, color, false),
            render_marked(&doc.text_html, color, true)
        );
    }
    Ok(())
}

fn import_seeds(seed_dir: &Path, out: &Path, check: bool) -> Result<(), String> {
    // The facet fields and canonical names come from the corpus OUT belongs to.
    let (config, aliases) = seeds::corpus_settings(out).map_err(|e| e.to_string())?;
    let import = seeds::import(seed_dir, &config, &aliases).map_err(|e| e.to_string())?;
    let mut files: Vec<(PathBuf, String)> = import
        .documents
        .iter()
        .map(|doc| (out.join(format!("{}.md", doc.id)), write_document(doc)))
        .collect();
    let report = import.report.render();
    files.push((out.join(seeds::REPORT_FILE), report.clone()));
    // Case files in OUT that the import no longer produces (renamed or removed ids).
    let produced: std::collections::BTreeSet<&PathBuf> = files.iter().map(|(p, _)| p).collect();
    let extra: Vec<PathBuf> = std::fs::read_dir(out)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "md") && !produced.contains(p))
                .collect()
        })
        .unwrap_or_default();
    if check {
        let mut stale: Vec<String> = files
            .iter()
            .filter(|(path, text)| std::fs::read_to_string(path).ok().as_deref() != Some(text))
            .map(|(path, _)| path.display().to_string())
            .collect();
        stale.extend(
            extra
                .iter()
                .map(|p| format!("{} (not produced)", p.display())),
        );
        if !stale.is_empty() {
            return Err(format!(
                "{} file(s) differ from the seed import, e.g. {}; run `casesearch import-seeds {} --out {}`",
                stale.len(),
                stale[0],
                seed_dir.display(),
                out.display()
            ));
        }
    } else {
        for (path, text) in &files {
            write_atomically(path, text.as_bytes())?;
        }
        for path in &extra {
            eprintln!(
                "warning: {} is not produced by the import (a removed or renamed case?)",
                path.display()
            );
        }
        print!("{report}");
    }
    for p in &import.report.problems {
        eprintln!("warning: cases.json {}: {}", p.id, p.message);
    }
    eprintln!(
        "{} {} case documents and {} in {}",
        if check { "checked" } else { "wrote" },
        import.documents.len(),
        seeds::REPORT_FILE,
        out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_escapes_control_sequences() {
        let title = "标题\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{7f}\u{202e}x";
        let safe = terminal_safe(title, false);
        assert_eq!(
            safe,
            "标题\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}31m\\u{7f}\\u{202e}x"
        );
        assert!(!safe.chars().any(char::is_control));
    }

    #[test]
    fn terminal_output_keeps_ordinary_text_and_chosen_newlines() {
        assert_eq!(
            terminal_safe("第一段。\n\n第二段\tB", true),
            "第一段。\n\n第二段\tB"
        );
        assert_eq!(terminal_safe("a\nb", false), "a\\u{a}b");
        assert!(matches!(
            terminal_safe("科创e贷", false),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn snippets_keep_their_marks_but_not_raw_escapes() {
        let html = "前<mark>科创</mark>\u{1b}[2J&lt;b&gt;";
        assert_eq!(render_snippet(html, false), "前[科创]\\u{1b}[2J<b>");
        assert_eq!(
            render_snippet(html, true),
            "前\x1b[1;33m科创\x1b[0m\\u{1b}[2J<b>"
        );
    }
}
