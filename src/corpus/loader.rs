//! Reading a corpus folder: config, aliases and every document, with per-file errors.

use super::{AliasTable, Config, Document, FacetKind};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A problem with one corpus file. Document problems never stop the others from loading.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
}

/// Converts a TOML error into a [`CorpusError`] that names the file and line.
/// `first_line` is the file line number of the TOML text's first line, minus one.
pub(crate) fn toml_error(
    path: &Path,
    text: &str,
    first_line: usize,
    e: &toml::de::Error,
) -> CorpusError {
    let line = e
        .span()
        .map(|s| first_line + 1 + text[..s.start.min(text.len())].matches('\n').count());
    let message = e.message().trim().to_string();
    CorpusError::Invalid {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// 1-based line of the first line that assigns `value` to `key` (`key = "value"`),
/// so settings errors can point at the table they are about.
pub(crate) fn line_of_assignment(text: &str, key: &str, value: &str) -> Option<usize> {
    lines_of_assignment(text, key, value).next()
}

/// Every line (1-based) that assigns `value` to `key`.
pub(crate) fn lines_of_assignment<'a>(
    text: &'a str,
    key: &'a str,
    value: &str,
) -> impl Iterator<Item = usize> + 'a {
    let quoted = format!("{value:?}");
    text.lines().enumerate().filter_map(move |(i, l)| {
        let l = l.trim_start();
        l.strip_prefix(key)
            .and_then(|rest| rest.trim_start().strip_prefix('='))
            .is_some_and(|rest| rest.trim() == quoted)
            .then_some(i + 1)
    })
}

/// A loaded corpus: settings, documents that loaded, and an account of every
/// other file and folder the loader saw.
///
/// `files_read` counts what the walk met, independently of the outcome, so a
/// summary can show `read = indexed + rejected + skipped` as a check.
#[derive(Debug, Default)]
pub struct Corpus {
    pub config: Config,
    pub aliases: AliasTable,
    pub documents: Vec<Document>,
    /// Case files that were read but could not be indexed.
    pub problems: Vec<CorpusError>,
    /// Files and folders that were seen but not read as case files.
    pub skipped: Vec<Skipped>,
    /// Indexed documents from which something was left out (an empty facet value).
    pub warnings: Vec<CorpusError>,
    /// Every file (or unread folder) the walk met, other than the corpus's own
    /// settings files and the seed import's report.
    pub files_read: usize,
}

impl Corpus {
    /// Whether anything was rejected, skipped or left out (what `--strict` refuses).
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.skipped.is_empty() && self.warnings.is_empty()
    }
}

/// A file or folder the loader did not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What to do with case files that are not valid UTF-8.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TextEncoding {
    /// Reject them (with the line and byte offset of the first bad byte).
    #[default]
    Utf8,
    /// Read them as GB18030 (which includes GBK and GB2312).
    Gb18030,
}

/// Options of [`load_corpus_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub encoding: TextEncoding,
}

/// Name of the config file at the top of a corpus folder.
pub const CONFIG_FILE: &str = "casesearch.toml";
/// Name of the alias table at the top of a corpus folder.
pub const ALIASES_FILE: &str = "aliases.toml";
/// Folders nested deeper than this below the corpus folder are reported, not read.
pub const MAX_DEPTH: usize = 32;

/// Loads a corpus folder of UTF-8 files; see [`load_corpus_with`].
pub fn load_corpus(dir: &Path) -> Result<Corpus, CorpusError> {
    load_corpus_with(dir, &LoadOptions::default())
}

/// Loads a corpus folder. Fails only when the folder, the config or the alias
/// table cannot be used; a bad document is reported in [`Corpus::problems`],
/// a file or folder that is not read in [`Corpus::skipped`].
pub fn load_corpus_with(dir: &Path, options: &LoadOptions) -> Result<Corpus, CorpusError> {
    let read = |p: &Path| {
        fs::read(p)
            .map_err(|source| CorpusError::Io {
                path: p.to_path_buf(),
                source,
            })
            .and_then(|bytes| decode(p, bytes, options.encoding))
    };
    if !dir.is_dir() {
        return Err(CorpusError::Invalid {
            path: dir.to_path_buf(),
            line: None,
            message: "not a folder: pass the corpus folder that holds the Markdown case files"
                .into(),
        });
    }
    let config_path = dir.join(CONFIG_FILE);
    let config = if config_path.exists() {
        Config::parse(&read(&config_path)?, &config_path)?
    } else {
        Config::default()
    };
    let aliases_path = dir.join(ALIASES_FILE);
    let aliases = if aliases_path.exists() {
        let text = read(&aliases_path)?;
        let aliases = AliasTable::parse(&text, &aliases_path)?;
        check_alias_fields(&aliases, &config, &text, &aliases_path)?;
        aliases
    } else {
        AliasTable::default()
    };

    let mut corpus = Corpus {
        config,
        aliases,
        ..Corpus::default()
    };
    let mut files = Vec::new();
    walk(dir, dir, 0, &mut files, &mut corpus);
    files.sort();
    corpus.skipped.sort_by(|a, b| a.path.cmp(&b.path));

    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let mut notes = Vec::new();
        let loaded = read(&path).and_then(|text| {
            let doc = super::markdown::parse_document_noting(&text, &rel, &path, &mut notes)?;
            check_document(&doc, &text, &path, &corpus)?;
            Ok((doc, text))
        });
        match loaded {
            Ok((mut doc, text)) => {
                if let Some(first) = ids.get(&doc.id) {
                    corpus.problems.push(CorpusError::Invalid {
                        path: path.clone(),
                        line: super::markdown::line_of_key(&text, "id"),
                        message: format!(
                            "id {:?} is already used by {}; ids must be unique",
                            doc.id,
                            first.display()
                        ),
                    });
                    continue;
                }
                ids.insert(doc.id.clone(), path.clone());
                canonicalize_facets(&mut doc, &corpus.aliases);
                corpus.documents.push(doc);
                corpus.warnings.append(&mut notes);
            }
            Err(e) => corpus.problems.push(e),
        }
    }
    Ok(corpus)
}

/// Decodes a file's bytes. Invalid UTF-8 is an error naming the line and byte
/// offset; when the bytes read cleanly as GB18030 the message says how to build
/// them, and with [`TextEncoding::Gb18030`] they are read that way.
fn decode(path: &Path, bytes: Vec<u8>, encoding: TextEncoding) -> Result<String, CorpusError> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e.into_bytes(),
    };
    let at = std::str::from_utf8(&bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line_at = |offset: usize| bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
    let invalid = |offset: usize, message: String| CorpusError::Invalid {
        path: path.to_path_buf(),
        line: Some(line_at(offset)),
        message,
    };
    let gb = encoding_rs::GB18030;
    if encoding == TextEncoding::Gb18030 {
        let mut decoder = gb.new_decoder_without_bom_handling();
        let mut text = String::with_capacity(bytes.len() * 3 / 2 + 16);
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes, &mut text, true);
        return match result {
            encoding_rs::DecoderResult::InputEmpty => Ok(text),
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let offset = read.saturating_sub(usize::from(bad) + usize::from(after));
                Err(invalid(
                    offset,
                    format!("neither UTF-8 nor GB18030: malformed bytes at byte offset {offset}"),
                ))
            }
            // The capacity covers the worst case, and a String grows on demand anyway.
            encoding_rs::DecoderResult::OutputFull => Err(invalid(
                at,
                "the GB18030 decoder ran out of room".to_string(),
            )),
        };
    }
    let looks_gb = gb
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .is_some_and(|t| t.chars().any(crate::analyzer::is_cjk));
    let hint = if looks_gb {
        "; the file reads cleanly as GB18030/GBK: convert it to UTF-8, or build with `--encoding gb18030`"
    } else {
        "; save the file as UTF-8"
    };
    Err(invalid(
        at,
        format!("not valid UTF-8 at byte offset {at}{hint}"),
    ))
}

/// An alias group's `field` must be a facet the config declares, or its
/// canonical names would silently never apply.
pub(crate) fn check_alias_fields(
    aliases: &AliasTable,
    config: &Config,
    text: &str,
    path: &Path,
) -> Result<(), CorpusError> {
    for g in &aliases.groups {
        let Some(field) = &g.field else { continue };
        if config.facet(field).is_none() {
            let known: Vec<&str> = config.facets.iter().map(|f| f.field.as_str()).collect();
            return Err(CorpusError::Invalid {
                path: path.to_path_buf(),
                line: line_of_assignment(text, "canonical", &g.canonical),
                message: format!(
                    "group {:?} sets field = {field:?}, which {CONFIG_FILE} does not declare (facets: {})",
                    g.canonical,
                    known.join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// Whether a file name is a Markdown case file: `.md` or `.markdown`, any case.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Files of a corpus that are not case files and are expected there: the
/// settings at the top and the seed import's report.
fn is_corpus_file(root: &Path, path: &Path) -> bool {
    let top = path.parent() == Some(root);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    (top && (name == CONFIG_FILE || name == ALIASES_FILE)) || name == super::seeds::REPORT_FILE
}

/// Collects the Markdown files below `dir`. Everything else it meets is counted
/// and, unless it is one of the corpus's own files, reported in
/// [`Corpus::skipped`]; a folder that cannot be read is reported by its own
/// path and the walk goes on.
fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<PathBuf>, corpus: &mut Corpus) {
    let skip = |corpus: &mut Corpus, path: PathBuf, reason: String| {
        corpus.files_read += 1;
        corpus.skipped.push(Skipped { path, reason });
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return skip(
                corpus,
                dir.to_path_buf(),
                format!("cannot read this folder: {e}"),
            )
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                skip(
                    corpus,
                    dir.to_path_buf(),
                    format!("cannot list this folder completely: {e}"),
                );
                break;
            }
        };
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let file_type = match entry.file_type() {
            Ok(t) => t,
            Err(e) => {
                skip(corpus, path, format!("cannot read: {e}"));
                continue;
            }
        };
        let is_dir = if file_type.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    skip(
                        corpus,
                        path,
                        "a symbolic link to a folder is not followed (it may lead out of the corpus or loop); copy or move the folder into the corpus".into(),
                    );
                    continue;
                }
                Ok(_) => false,
                Err(e) => {
                    skip(corpus, path, format!("a broken symbolic link: {e}"));
                    continue;
                }
            }
        } else {
            file_type.is_dir()
        };
        if is_dir {
            if hidden {
                skip(
                    corpus,
                    path,
                    "a hidden folder is not searched for case files".into(),
                );
            } else if depth + 1 > MAX_DEPTH {
                skip(
                    corpus,
                    path,
                    format!("nested more than {MAX_DEPTH} folders deep below the corpus folder; not read"),
                );
            } else {
                walk(root, &path, depth + 1, out, corpus);
            }
        } else if is_corpus_file(root, &path) {
            // Read by the loader itself (settings) or written by the seed import.
        } else if hidden {
            skip(
                corpus,
                path,
                "a hidden file is not indexed; rename it without the leading dot to index it"
                    .into(),
            );
        } else if is_markdown(&path) {
            corpus.files_read += 1;
            out.push(path);
        } else {
            skip(
                corpus,
                path,
                "not a Markdown case file (.md or .markdown)".into(),
            );
        }
    }
}

/// Checks a parsed document against the corpus config.
fn check_document(
    doc: &Document,
    text: &str,
    path: &Path,
    corpus: &Corpus,
) -> Result<(), CorpusError> {
    for (field, values) in &doc.facets {
        let line = super::markdown::line_of_key(text, field);
        let Some(spec) = corpus.config.facet(field) else {
            let known: Vec<&str> = corpus
                .config
                .facets
                .iter()
                .map(|f| f.field.as_str())
                .collect();
            return Err(CorpusError::Invalid {
                path: path.to_path_buf(),
                line,
                message: format!(
                    "unknown facet field `{field}`; declare it in {CONFIG_FILE} or use one of: {}",
                    known.join(", ")
                ),
            });
        };
        if spec.kind == FacetKind::Year {
            if let Some(bad) = values.iter().find(|v| v.parse::<i32>().is_err()) {
                return Err(CorpusError::Invalid {
                    path: path.to_path_buf(),
                    line,
                    message: format!("`{field}` is a year facet, but {bad:?} is not a year"),
                });
            }
        }
    }
    Ok(())
}

fn canonicalize_facets(doc: &mut Document, aliases: &AliasTable) {
    for (field, values) in &mut doc.facets {
        for v in values.iter_mut() {
            if let Some(c) = aliases.canonical_value(field, v) {
                *v = c.to_string();
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        values.retain(|v| seen.insert(v.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_cannot_be_read_is_reported_by_its_own_path() {
        let root = std::env::temp_dir().join(format!("loader-unreadable-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("a.md"), "x").unwrap();
        let gone = root.join("sub/gone");
        let mut corpus = Corpus::default();
        let mut files = Vec::new();
        walk(&root, &gone, 1, &mut files, &mut corpus);
        walk(&root, &root, 0, &mut files, &mut corpus);
        assert_eq!(files, [root.join("a.md")]);
        assert_eq!(corpus.files_read, 2);
        assert_eq!(corpus.skipped.len(), 1);
        assert_eq!(corpus.skipped[0].path, gone);
        assert!(corpus.skipped[0]
            .reason
            .starts_with("cannot read this folder: "));
    }
}
