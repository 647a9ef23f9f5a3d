//! Deterministic synthetic corpora for the benchmark (`./build.sh bench`).
//!
//! Every synthetic case is built from one sample case (its facets, products and
//! title, so the facet distributions and their correlations are the sample's)
//! and a body of the sample's own paragraphs: runs of consecutive sentences,
//! mostly from that case and partly from others, with lengths drawn from the
//! sample. The generator is seeded, so the same `N` always gives the same files,
//! and the first 1,000 cases of the 10k corpus are the 1k corpus.
//!
//! Each corpus is written twice: as a casesearch corpus folder (Markdown with
//! front matter, plus the sample's `casesearch.toml` and `aliases.toml`) and as
//! one HTML page per case for Pagefind, with the facets as Pagefind filters.
//!
//! ```sh
//! cargo run --release --example synth -- corpus 1000 target/bench/1k    # md/ and html/
//! cargo run --release --example synth -- corpus sample target/bench/sample  # html/ of the sample itself
//! ```

use casesearch::corpus::loader::{load_corpus, ALIASES_FILE, CONFIG_FILE};
use casesearch::corpus::markdown::write_document;
use casesearch::corpus::{Document, Source};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Fixed seed: the benchmark's corpora must be the same on every machine and run.
const SEED: u64 = 0x5EED_CA5E_5EA2_C401;

/// splitmix64: tiny, fast and stable across Rust and crate versions, which a
/// benchmark corpus needs more than statistical quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A sample case cut into sentences, and the lengths of its paragraphs.
struct Cut {
    sentences: Vec<String>,
    paragraph_lens: Vec<usize>,
    body_len: usize,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [sample_dir, count, out] = args.as_slice() else {
        return Err("usage: synth SAMPLE_CORPUS (N|sample) OUT_DIR".into());
    };
    let sample_dir = PathBuf::from(sample_dir);
    let out = PathBuf::from(out);
    let corpus = load_corpus(&sample_dir).map_err(|e| e.to_string())?;
    if corpus.documents.is_empty() {
        return Err(format!("{} holds no cases", sample_dir.display()));
    }
    let html_dir = out.join("html/cases");
    if out.join("html").exists() {
        fs::remove_dir_all(out.join("html")).map_err(|e| e.to_string())?;
    }
    fs::create_dir_all(&html_dir).map_err(|e| e.to_string())?;

    let docs: Vec<Document> = if count == "sample" {
        corpus.documents.clone()
    } else {
        let n: usize = count
            .parse()
            .map_err(|_| format!("N must be a number or `sample`, not {count:?}"))?;
        let docs = synthesize(&corpus.documents, n);
        let md = out.join("md");
        if md.exists() {
            fs::remove_dir_all(&md).map_err(|e| e.to_string())?;
        }
        fs::create_dir_all(md.join("cases")).map_err(|e| e.to_string())?;
        for file in [CONFIG_FILE, ALIASES_FILE] {
            let from = sample_dir.join(file);
            if from.exists() {
                fs::copy(&from, md.join(file)).map_err(|e| format!("{}: {e}", from.display()))?;
            }
        }
        for doc in &docs {
            write(
                &md.join("cases").join(format!("{}.md", doc.id)),
                &write_document(doc),
            )?;
        }
        docs
    };
    for doc in &docs {
        let name = format!("{}.html", doc.id.replace('/', "_"));
        write(&html_dir.join(name), &html_page(doc))?;
    }
    eprintln!("synth: wrote {} cases to {}", docs.len(), out.display());
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Splits a body into sentences (keeping their end marks) per paragraph.
fn cut(doc: &Document) -> Cut {
    let mut sentences = Vec::new();
    let mut paragraph_lens = Vec::new();
    for para in doc
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        paragraph_lens.push(para.chars().count());
        let mut current = String::new();
        for c in para.chars() {
            current.push(c);
            if matches!(c, '。' | '！' | '？' | '；' | '!' | '?') {
                sentences.push(std::mem::take(&mut current));
            }
        }
        if !current.trim().is_empty() {
            sentences.push(current);
        }
    }
    Cut {
        sentences,
        body_len: doc.body.chars().count(),
        paragraph_lens,
    }
}

fn synthesize(sample: &[Document], n: usize) -> Vec<Document> {
    let sources: Vec<Cut> = sample.iter().map(cut).collect();
    // Tag frequencies across the sample, for drawing tag sets.
    let mut tag_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in sample {
        for t in doc.facets.get("tags").into_iter().flatten() {
            *tag_counts.entry(t).or_default() += 1;
        }
    }
    let tags: Vec<(&str, usize)> = tag_counts.into_iter().collect();
    let mut rng = Rng(SEED);
    (0..n)
        .map(|i| {
            let b = rng.below(sample.len());
            let base = &sample[b];
            let mut facets = base.facets.clone();
            if let Some(year) = facets.get_mut("year") {
                // Spread the sample's two main years over a decade, centred on them.
                if let Some(y) = year.first().and_then(|y| y.parse::<i32>().ok()) {
                    let y = if rng.chance(0.6) {
                        (y + rng.below(7) as i32 - 3).clamp(2015, 2025)
                    } else {
                        y
                    };
                    *year = vec![y.to_string()];
                }
            }
            if let Some(own) = base.facets.get("tags") {
                facets.insert("tags".into(), draw_tags(&mut rng, &tags, own.len()));
            }
            let body = body(&mut rng, &sources, b);
            let lines = body.lines().count() as u32;
            let id = format!("syn-{:06}", i + 1);
            Document {
                source: Source {
                    file: format!("synthetic/{id}.txt"),
                    segments: vec![[1, lines.max(1)]],
                },
                id,
                title: base.title.clone(),
                title_is_editorial: base.title_is_editorial,
                products: base.products.clone(),
                facets,
                also_in: Vec::new(),
                body,
            }
        })
        .collect()
}

/// `k` distinct tags, each drawn with probability proportional to its sample frequency.
fn draw_tags(rng: &mut Rng, tags: &[(&str, usize)], k: usize) -> Vec<String> {
    let mut left: Vec<(&str, usize)> = tags.to_vec();
    let mut out = Vec::new();
    while out.len() < k && !left.is_empty() {
        let total: usize = left.iter().map(|t| t.1).sum();
        let mut r = rng.below(total);
        let i = left
            .iter()
            .position(|t| {
                if r < t.1 {
                    true
                } else {
                    r -= t.1;
                    false
                }
            })
            .unwrap_or(0);
        out.push(left.remove(i).0.to_string());
    }
    out.sort();
    out
}

/// A body as long as a random sample body (±40%), of paragraphs whose lengths
/// are drawn from the base case's, each a run of consecutive sentences from the
/// base case (70%) or another one.
fn body(rng: &mut Rng, sources: &[Cut], base: usize) -> String {
    let target = sources[rng.below(sources.len())].body_len * (60 + rng.below(81)) / 100;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut len = 0;
    while len < target.max(40) {
        let from = if rng.chance(0.7) {
            base
        } else {
            rng.below(sources.len())
        };
        let src = &sources[from];
        if src.sentences.is_empty() {
            continue;
        }
        let want = src.paragraph_lens[rng.below(src.paragraph_lens.len())].max(20);
        let mut i = rng.below(src.sentences.len());
        let mut para = String::new();
        while para.chars().count() < want {
            para.push_str(src.sentences[i % src.sentences.len()].trim());
            i += 1;
        }
        len += para.chars().count();
        paragraphs.push(para);
    }
    paragraphs.join("\n\n")
}

/// One case as a page Pagefind indexes: its body, title meta and facets as filters.
fn html_page(doc: &Document) -> String {
    let mut facets = String::new();
    for (field, values) in &doc.facets {
        for v in values {
            if field == "region" {
                // Hierarchy: the province is a filter value of its own, as in casesearch.
                let mut prefix = String::new();
                for part in v.split('/') {
                    if !prefix.is_empty() {
                        prefix.push('/');
                    }
                    prefix.push_str(part);
                    facets.push_str(&format!(
                        "<li data-pagefind-filter=\"region\">{}</li>",
                        esc(&prefix)
                    ));
                }
            } else {
                facets.push_str(&format!(
                    "<li data-pagefind-filter=\"{}\">{}</li>",
                    esc(field),
                    esc(v)
                ));
            }
        }
    }
    let products = if doc.products.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"products\">{}</p>\n",
            esc(&doc.products.join("、"))
        )
    };
    let body: String = doc
        .body
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", esc(p.trim())))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>{t}</title></head>\n<body>\n<main data-pagefind-body>\n<h1 data-pagefind-meta=\"title\">{t}</h1>\n{products}<ul class=\"facets\">{facets}</ul>\n{body}</main>\n</body>\n</html>\n",
        t = esc(&doc.title),
    )
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
