//! The native command line. Every subcommand uses the same engine as the browser.

mod serve;

use crate::corpus::{loader::load_corpus, markdown::write_document, seeds};
use crate::index::{build_index, CHUNK_DIR};
use crate::query::json::ToJson;
use crate::query::{LocalIndex, SearchOptions, Sort, YearRange};
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
        /// Fail (exit 1) when any document cannot be indexed.
        #[arg(long)]
        strict: bool,
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
        } => build(&corpus, &out, strict),
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
        Command::Show { index, json, id } => show(&index, &id, json),
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

fn build(corpus_dir: &Path, out: &Path, strict: bool) -> Result<(), String> {
    let mut corpus = load_corpus(corpus_dir).map_err(|e| e.to_string())?;
    corpus.config.fill_display(&corpus.documents);
    for p in &corpus.problems {
        eprintln!("warning: skipped {p}");
    }
    if corpus.documents.is_empty() {
        return Err(format!(
            "no case documents found in {} (expected *.md files with +++ front matter)",
            corpus_dir.display()
        ));
    }
    if strict && !corpus.problems.is_empty() {
        return Err(format!(
            "{} document(s) could not be indexed (--strict); the index in {} was left as it was",
            corpus.problems.len(),
            out.display()
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
    let entry = out.join(INDEX_FILE);
    let tmp = out.join(format!(".{INDEX_FILE}.tmp"));
    std::fs::write(&tmp, &built.entry)
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &entry)
        .map_err(|e| format!("cannot replace {}: {e}", entry.display()))?;
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
    LocalIndex::open(index).map_err(|e| e.to_string())
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
            hit.title,
            hit.id,
            hit.score
        );
        let _ = writeln!(out, "     {}", render_snippet(&hit.snippet, color));
    }
    Ok(())
}

/// Turns a snippet's HTML into terminal text.
fn render_snippet(html: &str, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn show(index: &Path, id: &str, json: bool) -> Result<(), String> {
    let mut searcher = load_searcher(index)?;
    let doc = searcher
        .show(id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no document with id {id:?} in this index"))?;
    if json {
        println!("{}", doc.to_json());
    } else {
        println!("{}\n\n{}", doc.title, doc.text);
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
        std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        for (path, text) in &files {
            std::fs::write(path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
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
