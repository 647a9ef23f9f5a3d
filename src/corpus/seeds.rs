//! Import of the association's source texts ("seeds") into case documents.
//!
//! `seeds/cases.json` is a hand reading of the seed files: one record per case
//! with its line segments and facet values. This module cuts each case out of
//! its seed by those segments and writes one Markdown document per case.

use super::{Document, Source};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A problem with the seed folder or `cases.json`.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{id}: {message}")]
    Case { id: String, message: String },
}

/// One record of `cases.json` (the fields the import uses).
#[derive(Debug, Clone, Deserialize)]
pub struct CaseRecord {
    pub id: String,
    pub seed: String,
    pub collection: String,
    pub segments: Vec<[u32; 2]>,
    #[serde(default)]
    pub title_lines: Vec<u32>,
    pub title: Option<String>,
    #[serde(default)]
    pub display_title: Option<String>,
    pub institution: String,
    pub institution_type: String,
    pub region: String,
    pub category: Option<String>,
    pub year: i32,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub noise_lines: Vec<u32>,
    #[serde(default)]
    pub duplicate_of: Option<String>,
}

/// Reads `cases.json` from the seed folder.
pub fn read_cases(seed_dir: &Path) -> Result<Vec<CaseRecord>, SeedError> {
    let path = seed_dir.join("cases.json");
    let text = fs::read_to_string(&path).map_err(|source| SeedError::Io {
        path: path.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| SeedError::Json {
        path,
        line: e.line(),
        message: e.to_string(),
    })
}

/// Converts every case of the seed folder into a document; duplicates are folded
/// into the document they duplicate (as an extra provenance in `also_in`).
pub fn import(seed_dir: &Path) -> Result<Vec<Document>, SeedError> {
    let cases = read_cases(seed_dir)?;
    let mut seeds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for case in &cases {
        if !seeds.contains_key(&case.seed) {
            let path = seed_dir.join(&case.seed);
            let text =
                fs::read_to_string(&path).map_err(|source| SeedError::Io { path, source })?;
            seeds.insert(
                case.seed.clone(),
                text.lines().map(str::to_string).collect(),
            );
        }
    }
    let mut docs: Vec<Document> = Vec::new();
    let mut duplicates = Vec::new();
    for case in &cases {
        let lines = &seeds[&case.seed];
        let doc = convert(case, lines)?;
        match &case.duplicate_of {
            Some(original) => duplicates.push((original.clone(), doc.source)),
            None => docs.push(doc),
        }
    }
    for (original, source) in duplicates {
        let doc = docs
            .iter_mut()
            .find(|d| d.id == original)
            .ok_or_else(|| SeedError::Case {
                id: original.clone(),
                message: "is named by duplicate_of but has no record".into(),
            })?;
        doc.also_in.push(source);
    }
    Ok(docs)
}

fn convert(case: &CaseRecord, lines: &[String]) -> Result<Document, SeedError> {
    let err = |message: String| SeedError::Case {
        id: case.id.clone(),
        message,
    };
    let mut body = String::new();
    for &[first, last] in &case.segments {
        if first == 0 || last < first || last as usize > lines.len() {
            return Err(err(format!(
                "segment {first}-{last} is outside {} ({} lines)",
                case.seed,
                lines.len()
            )));
        }
        for n in first..=last {
            if case.title_lines.contains(&n) || case.noise_lines.contains(&n) {
                continue;
            }
            let line = lines[n as usize - 1].trim();
            if !line.is_empty() {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    let (title, editorial) = match (&case.title, &case.display_title) {
        (Some(t), _) => (t.clone(), false),
        (None, Some(d)) => (d.clone(), true),
        (None, None) => return Err(err("has neither a title nor a display_title".into())),
    };
    let mut facets = BTreeMap::new();
    let mut put = |k: &str, v: Vec<String>| {
        let v: Vec<String> = v.into_iter().filter(|s| !s.trim().is_empty()).collect();
        if !v.is_empty() {
            facets.insert(k.to_string(), v);
        }
    };
    put("collection", vec![case.collection.clone()]);
    put("institution", vec![case.institution.clone()]);
    put("institution_type", vec![case.institution_type.clone()]);
    put("region", vec![case.region.clone()]);
    put("category", case.category.iter().cloned().collect());
    put("year", vec![case.year.to_string()]);
    put("tags", case.tags.clone());
    Ok(Document {
        id: case.id.clone(),
        title,
        title_is_editorial: editorial,
        products: case.products.clone(),
        facets,
        source: Source {
            file: case.seed.clone(),
            segments: case.segments.clone(),
        },
        also_in: Vec::new(),
        body: body.trim_end().to_string(),
    })
}
