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

/// A loaded corpus: settings, documents that loaded, and problems with the rest.
#[derive(Debug, Default)]
pub struct Corpus {
    pub config: Config,
    pub aliases: AliasTable,
    pub documents: Vec<Document>,
    pub problems: Vec<CorpusError>,
}

/// Name of the config file at the top of a corpus folder.
pub const CONFIG_FILE: &str = "casesearch.toml";
/// Name of the alias table at the top of a corpus folder.
pub const ALIASES_FILE: &str = "aliases.toml";

/// Loads a corpus folder. Fails only when the folder, the config or the alias
/// table cannot be used; a bad document is reported in [`Corpus::problems`].
pub fn load_corpus(dir: &Path) -> Result<Corpus, CorpusError> {
    let read = |p: &Path| {
        fs::read_to_string(p).map_err(|source| CorpusError::Io {
            path: p.to_path_buf(),
            source,
        })
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

    let mut files = Vec::new();
    collect_markdown(dir, &mut files).map_err(|source| CorpusError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    files.sort();

    let mut corpus = Corpus {
        config,
        aliases,
        ..Corpus::default()
    };
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let loaded = read(&path).and_then(|text| {
            let doc = super::markdown::parse_document(&text, &rel, &path)?;
            check_document(&doc, &text, &path, &corpus)?;
            Ok(doc)
        });
        match loaded {
            Ok(mut doc) => {
                if let Some(first) = ids.get(&doc.id) {
                    corpus.problems.push(CorpusError::Invalid {
                        path: path.clone(),
                        line: super::markdown::line_of_key(&read(&path).unwrap_or_default(), "id"),
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
            }
            Err(e) => corpus.problems.push(e),
        }
    }
    Ok(corpus)
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

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_markdown(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
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
    for (field, values) in doc.facets.iter_mut() {
        for v in values.iter_mut() {
            if let Some(c) = aliases.canonical_value(field, v) {
                *v = c.to_string();
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        values.retain(|v| seen.insert(v.clone()));
    }
}
