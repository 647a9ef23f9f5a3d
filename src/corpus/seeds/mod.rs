//! Import of the source texts ("seeds") into clean case documents.
//!
//! `seeds/cases.json` is a hand reading of the seed files: one record per case
//! with the line ranges (`segments`) that hold it, its title lines and its
//! metadata. The import cuts each case out of its seed and repairs what the
//! PDF or web extraction did to the text, one rule per module:
//!
//! - [`noise`]: running headers, page numbers, contents lines, chapter
//!   dividers, footers, box labels and web boilerplate are dropped;
//! - [`titles`]: the printed title lines are checked against `cases.json` and
//!   taken out of the body; generic titles get the institution's name;
//! - [`order`]: an interleaved case (004) is put back in reading order;
//! - [`reflow`]: hard-wrapped lines are joined into paragraphs;
//! - [`mojibake`]: text garbled by a misaligned GBK decoder is re-decoded;
//! - [`quotes`]: reversed quotation marks are turned round;
//! - [`spacing`]: layout spaces are removed from the displayed text;
//! - [`report`]: what fired, per document, and every inconsistency found in
//!   `cases.json` — reported, never silently papered over.
//!
//! Facet fields come from the corpus config (`casesearch.toml`): each declared
//! field is read from the `cases.json` field of the same name, and values of
//! fields that `aliases.toml` covers are written in their canonical form.
//! A record with `duplicate_of` is not a document of its own: its provenance is
//! added to the original's `also_in`, after checking that the texts agree.

mod layout;
mod mojibake;
mod noise;
mod order;
mod quotes;
mod reflow;
mod report;
mod spacing;
mod titles;

pub use report::{DocReport, Problem, Repair, Report};

use super::loader::{CorpusError, ALIASES_FILE, CONFIG_FILE};
use super::{AliasTable, Config, Document, Source, COLLECTION_FIELD};
use layout::{Layout, SeedLine};
use noise::Noise;
use order::{Bigrams, Item, Role};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Name of the import report written next to the generated case files.
pub const REPORT_FILE: &str = "import-report.txt";

/// A problem that stops the import: unreadable files, malformed `cases.json`,
/// or a record that cannot be cut out of its seed.
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
    #[error("cases.json record {id}: {message}")]
    Case { id: String, message: String },
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("{}: no {CONFIG_FILE} here or in the folder above; the import takes the facet fields from the corpus config", dir.display())]
    NoConfig { dir: PathBuf },
}

/// One record of `cases.json`. Fields the import does not interpret (facet
/// values and notes) are kept in `fields`.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseRecord {
    pub id: String,
    pub seed: String,
    pub segments: Vec<[u32; 2]>,
    #[serde(default)]
    pub title_lines: Vec<u32>,
    pub title: Option<String>,
    /// The title for a text that prints none (editorial).
    #[serde(default)]
    pub display_title: Option<String>,
    /// An umbrella heading printed above a sub-case's own title.
    #[serde(default)]
    pub parent_title: Option<String>,
    #[serde(default)]
    pub products: Vec<String>,
    /// Lines inside the segments that are not text (hand list).
    #[serde(default)]
    pub noise_lines: Vec<u32>,
    #[serde(default)]
    pub duplicate_of: Option<String>,
    #[serde(flatten)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl CaseRecord {
    fn field_str(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(serde_json::Value::as_str)
    }
}

/// Documents and the report of one import.
#[derive(Debug)]
pub struct Import {
    pub documents: Vec<Document>,
    pub report: Report,
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

/// Finds the corpus config and alias table for an import into `out`: in
/// `out` itself or in the folder above it (`corpus/` for `corpus/cases`).
pub fn corpus_settings(out: &Path) -> Result<(Config, AliasTable), SeedError> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = std::iter::once(out)
        .chain(parent)
        .find(|d| d.join(CONFIG_FILE).is_file())
        .ok_or_else(|| SeedError::NoConfig {
            dir: out.to_path_buf(),
        })?;
    let read = |p: PathBuf| {
        fs::read_to_string(&p)
            .map(|t| (t, p.clone()))
            .map_err(|source| SeedError::Io { path: p, source })
    };
    let (text, path) = read(dir.join(CONFIG_FILE))?;
    let config = Config::parse(&text, &path)?;
    let aliases_path = dir.join(ALIASES_FILE);
    let aliases = if aliases_path.is_file() {
        let (text, path) = read(aliases_path)?;
        AliasTable::parse(&text, &path)?
    } else {
        AliasTable::default()
    };
    Ok((config, aliases))
}

/// A seed file, read once, with what the rules need to know about it.
struct Seed {
    /// Every line, mojibake repaired.
    lines: Vec<String>,
    /// Garbled runs per line number.
    mojibake: BTreeMap<u32, Vec<mojibake::Finding>>,
    layout: Layout,
    bigrams: Bigrams,
}

impl Seed {
    fn read(path: &Path) -> Result<Seed, SeedError> {
        let text = fs::read_to_string(path).map_err(|source| SeedError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let vocab = mojibake::Vocabulary::of_document(&text);
        let mut lines = Vec::new();
        let mut found = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let (fixed, findings) = mojibake::repair(line, &vocab);
            if !findings.is_empty() {
                found.insert(i as u32 + 1, findings);
            }
            lines.push(fixed);
        }
        let non_blank: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| !l.trim().is_empty())
            .collect();
        Ok(Seed {
            layout: layout::detect_layout(&non_blank),
            bigrams: Bigrams::of_text(&text),
            lines,
            mojibake: found,
        })
    }

    /// Line `no` (1-based); empty outside the file.
    fn line(&self, no: u32) -> &str {
        no.checked_sub(1)
            .and_then(|i| self.lines.get(i as usize))
            .map_or("", String::as_str)
    }
}

/// Converts every case of the seed folder into a document, with facet fields
/// from `config` and canonical names from `aliases`.
pub fn import(seed_dir: &Path, config: &Config, aliases: &AliasTable) -> Result<Import, SeedError> {
    let mut cases = read_cases(seed_dir)?;
    name_collections(&mut cases, config);
    let mut report = Report::default();
    let mut seeds: BTreeMap<String, Seed> = BTreeMap::new();
    for case in &cases {
        if !seeds.contains_key(&case.seed) {
            seeds.insert(case.seed.clone(), Seed::read(&seed_dir.join(&case.seed))?);
        }
    }
    check_records(&cases, &seeds, config, aliases, &mut report)?;
    let titles: Vec<&str> = cases.iter().filter_map(|c| c.title.as_deref()).collect();

    let mut docs: Vec<(Document, DocReport)> = Vec::new();
    let mut duplicates = Vec::new();
    for case in &cases {
        let seed = &seeds[&case.seed];
        let (doc, doc_report) = convert(case, seed, config, aliases, &titles, &mut report)?;
        match &case.duplicate_of {
            Some(original) => duplicates.push((original.clone(), case, doc)),
            None => docs.push((doc, doc_report)),
        }
    }
    for (original, case, dup) in duplicates {
        let (doc, doc_report) =
            docs.iter_mut()
                .find(|(d, _)| d.id == original)
                .ok_or_else(|| SeedError::Case {
                    id: case.id.clone(),
                    message: format!("duplicate_of names {original}, which has no record"),
                })?;
        let same = compact(&dup.body) == compact(&doc.body);
        if !same {
            report.problem(
                &case.id,
                format!("duplicate_of {original}, but the texts differ after whitespace removal"),
            );
        }
        doc_report.notes.push(format!(
            "also published as {} ({} {}): {}",
            case.id,
            case.seed,
            segments_text(&case.segments),
            if same {
                format!(
                    "same text ({} characters); listed once",
                    compact(&dup.body).chars().count()
                )
            } else {
                "text differs (see problems)".to_string()
            }
        ));
        let differing: Vec<&str> = config
            .facets
            .iter()
            .map(|f| f.field.as_str())
            .filter(|f| *f != COLLECTION_FIELD && doc.facets.get(*f) != dup.facets.get(*f))
            .collect();
        if !differing.is_empty() {
            doc_report.notes.push(format!(
                "{}'s own metadata differs in {}; {}'s is kept",
                case.id,
                differing.join(", "),
                doc.id
            ));
        }
        doc.also_in.push(dup.source);
    }
    check_titles_in_bodies(&docs, &cases, &mut report);
    let (documents, doc_reports): (Vec<Document>, Vec<DocReport>) = docs.into_iter().unzip();
    report.documents = doc_reports;
    report.problems.sort();
    Ok(Import { documents, report })
}

/// Sets each record's `collection` to the name of its seed's `[[collection]]`
/// in the corpus config, the one place collection names are kept.
fn name_collections(cases: &mut [CaseRecord], config: &Config) {
    if config.facet(COLLECTION_FIELD).is_none() {
        return;
    }
    for case in cases {
        if let Some(c) = config.collection_of_file(&case.seed) {
            case.fields.insert(
                COLLECTION_FIELD.to_string(),
                serde_json::Value::String(c.name.zh_cn.clone()),
            );
        }
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn segments_text(segments: &[[u32; 2]]) -> String {
    let parts: Vec<String> = segments.iter().map(|[a, b]| format!("{a}-{b}")).collect();
    format!("lines {}", parts.join(", "))
}

/// Consistency checks of `cases.json` against the seeds and the corpus settings.
fn check_records(
    cases: &[CaseRecord],
    seeds: &BTreeMap<String, Seed>,
    config: &Config,
    aliases: &AliasTable,
    report: &mut Report,
) -> Result<(), SeedError> {
    let mut ids = BTreeSet::new();
    // Which record covers each line of each seed.
    let mut cover: BTreeMap<&str, BTreeMap<u32, &str>> = BTreeMap::new();
    for case in cases {
        let fail = |message: String| SeedError::Case {
            id: case.id.clone(),
            message,
        };
        if !ids.insert(case.id.as_str()) {
            return Err(fail("the id is used by an earlier record too".into()));
        }
        let seed = &seeds[&case.seed];
        if case.segments.is_empty() {
            return Err(fail("has no segments".into()));
        }
        for &[a, b] in &case.segments {
            if a == 0 || b < a || b as usize > seed.lines.len() {
                return Err(fail(format!(
                    "segment {a}-{b} is outside {} ({} lines)",
                    case.seed,
                    seed.lines.len()
                )));
            }
            for (n, end) in [(a, "starts"), (b, "ends")] {
                if seed.line(n).trim().is_empty() {
                    report.problem(&case.id, format!("segment {a}-{b} {end} on a blank line"));
                }
            }
            if case.duplicate_of.is_none() {
                let seed_cover = cover.entry(case.seed.as_str()).or_default();
                for n in a..=b {
                    if let Some(other) = seed_cover.insert(n, case.id.as_str()) {
                        if !seed.line(n).trim().is_empty() {
                            report.problem(&case.id, format!("line {n} is also in {other}"));
                        }
                    }
                }
            }
        }
        let inside = |n: u32| case.segments.iter().any(|&[a, b]| (a..=b).contains(&n));
        for &n in &case.title_lines {
            if !inside(n) {
                report.problem(&case.id, format!("title line {n} is outside the segments"));
            }
        }
        for &n in &case.noise_lines {
            if !inside(n) {
                report.problem(&case.id, format!("noise line {n} is outside the segments"));
            }
        }
        if case.title.is_some() && case.title_lines.is_empty() {
            report.problem(&case.id, "has a title but no title_lines");
        }
        if let Some(title) = &case.title {
            if titles::is_sub_case_title(title) && case.parent_title.is_none() {
                report.problem(
                    &case.id,
                    format!("title {title:?} numbers a sub-case but the record has no parent_title (the umbrella heading printed above it)"),
                );
            }
        }
        if case.title.is_none() && case.display_title.is_none() {
            return Err(fail("has neither a title nor a display_title".into()));
        }
        for f in &config.facets {
            let covered = aliases
                .groups
                .iter()
                .any(|g| g.field.as_deref() == Some(f.field.as_str()));
            if !covered {
                continue;
            }
            for v in facet_values(case, &f.field) {
                if aliases.canonical_value(&f.field, &v).is_none() {
                    report.problem(
                        &case.id,
                        format!("{} {v:?} is not named by any alias group of field `{}` in {ALIASES_FILE}", f.field, f.field),
                    );
                }
            }
        }
    }
    for f in &config.facets {
        if !cases.iter().any(|c| !facet_values(c, &f.field).is_empty()) {
            report.problem(
                "cases.json",
                format!(
                    "facet `{}` is declared in {CONFIG_FILE} but no record has a value for it",
                    f.field
                ),
            );
        }
    }
    // Text between the cases that no case holds (and that is not page furniture).
    for (name, seed_cover) in &cover {
        let seed = &seeds[*name];
        let (Some(&first), Some(&last)) = (seed_cover.keys().next(), seed_cover.keys().next_back())
        else {
            continue;
        };
        // Each stretch between two cases is classified on its own.
        let mut gaps: Vec<Vec<SeedLine>> = Vec::new();
        let mut in_gap = false;
        for n in first..=last {
            if seed_cover.contains_key(&n) {
                in_gap = false;
            } else if !seed.line(n).trim().is_empty() {
                if !in_gap {
                    gaps.push(Vec::new());
                    in_gap = true;
                }
                if let Some(gap) = gaps.last_mut() {
                    gap.push(SeedLine::new(n, seed.line(n)));
                }
            }
        }
        let mut orphans: Vec<u32> = Vec::new();
        for gap in &gaps {
            let kinds = noise::classify(gap);
            orphans.extend(
                gap.iter()
                    .zip(kinds)
                    .filter(|(l, k)| k.is_none() && !is_section_heading(&l.text))
                    .map(|(l, _)| l.no),
            );
        }
        if !orphans.is_empty() {
            report.problem(
                "cases.json",
                format!("{name}: text lines in no case: {orphans:?}"),
            );
        }
    }
    Ok(())
}

/// An institution heading between the cases of a collection (`十一.兴业银行昆明分行`):
/// it belongs to no case.
fn is_section_heading(line: &str) -> bool {
    let s = line.trim();
    let rest = s.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    rest.len() < s.len() && (rest.starts_with('.') || rest.starts_with('．'))
}

/// Values of a facet field in a record: a string, a number or a list of them.
fn facet_values(case: &CaseRecord, field: &str) -> Vec<String> {
    fn values(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
            serde_json::Value::Number(n) => out.push(n.to_string()),
            serde_json::Value::Array(items) => items.iter().for_each(|i| values(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(v) = case.fields.get(field) {
        values(v, &mut out);
    }
    out
}

/// Builds one document.
fn convert(
    case: &CaseRecord,
    seed: &Seed,
    config: &Config,
    aliases: &AliasTable,
    all_titles: &[&str],
    report: &mut Report,
) -> Result<(Document, DocReport), SeedError> {
    let mut doc_report = DocReport {
        id: case.id.clone(),
        ..DocReport::default()
    };
    let items = case_items(case, seed, &mut doc_report, report);

    let paragraphs = match seed.layout {
        Layout::Paragraphs => {
            let text: Vec<SeedLine> = items
                .iter()
                .filter(|i| i.role == Role::Text)
                .map(|i| i.line.clone())
                .collect();
            reflow::one_per_line(&text)
        }
        Layout::Wrapped { width } => wrapped_paragraphs(&items, width, seed, &mut doc_report),
    };

    let mut body = Vec::new();
    let mut spacing = spacing::SpacingStats::default();
    for p in paragraphs {
        let p = match quotes::fix_reversed(&p) {
            Some((fixed, turned)) => {
                doc_report.count(Repair::ReversedQuotes, turned);
                fixed
            }
            None => p,
        };
        let p = spacing::tidy(&p, &mut spacing);
        if !p.is_empty() {
            body.push(p);
        }
    }
    doc_report.count(Repair::CjkLatinSpaces, spacing.cjk_latin);
    doc_report.count(Repair::LetterSpacing, spacing.letter_spacing);
    doc_report.count(Repair::OtherSpaces, spacing.other);
    let body = body.join("\n\n");
    if body.trim().is_empty() {
        return Err(SeedError::Case {
            id: case.id.clone(),
            message: "no text is left in the segments".into(),
        });
    }
    doc_report.chars = body.chars().filter(|c| *c != '\n').count();
    doc_report.paragraphs = body.split("\n\n").count();

    let institution = case.field_str("institution").unwrap_or_default();
    let canonical = aliases
        .canonical_value("institution", institution)
        .unwrap_or(institution);
    let names: Vec<&str> = aliases
        .groups
        .iter()
        .find(|g| g.canonical == canonical)
        .map(|g| g.names().collect())
        .unwrap_or_else(|| vec![canonical]);
    let (title, editorial) = match (&case.title, &case.display_title) {
        (Some(t), _) => {
            let generic = titles::is_generic(t, &names, all_titles);
            if generic {
                doc_report.count(Repair::DisplayTitle, 1);
                doc_report.notes.push(format!(
                    "generic printed title {t:?} shown with the institution's name"
                ));
            }
            let shown = titles::display_title(t, canonical, generic);
            match &case.parent_title {
                Some(umbrella) => (titles::with_umbrella(umbrella.trim(), &shown), false),
                None => (shown, false),
            }
        }
        (None, Some(d)) => {
            doc_report.count(Repair::EditorialTitle, 1);
            (d.clone(), true)
        }
        (None, None) => {
            return Err(SeedError::Case {
                id: case.id.clone(),
                message: "has neither a title nor a display_title".into(),
            })
        }
    };

    let mut facets = BTreeMap::new();
    for f in &config.facets {
        let mut values: Vec<String> = facet_values(case, &f.field)
            .into_iter()
            .map(|v| {
                aliases
                    .canonical_value(&f.field, &v)
                    .map_or(v, str::to_string)
            })
            .collect();
        if f.field == BRANCH_FIELD {
            values = branches_beside_institution(values, &names, &mut doc_report);
        }
        let mut seen = BTreeSet::new();
        values.retain(|v| seen.insert(v.clone()));
        if !values.is_empty() {
            facets.insert(f.field.clone(), values);
        }
    }
    let doc = Document {
        id: case.id.clone(),
        title: collapse_spaces(&title),
        title_is_editorial: editorial,
        products: case.products.clone(),
        facets,
        source: Source {
            file: case.seed.clone(),
            segments: case.segments.clone(),
        },
        also_in: Vec::new(),
        body,
    };
    Ok((doc, doc_report))
}

/// The facet field that names the submitting branch. The card shows it next to
/// the institution, so its values never repeat the institution's name.
pub const BRANCH_FIELD: &str = "branch";

/// Branch values without the institution's name in front; a branch that is
/// nothing but the institution is dropped. Each change is noted in the report.
fn branches_beside_institution(
    values: Vec<String>,
    names: &[&str],
    doc_report: &mut DocReport,
) -> Vec<String> {
    values
        .into_iter()
        .filter_map(|v| match titles::branch_without_institution(&v, names) {
            None => Some(v),
            Some(rest) => {
                doc_report.notes.push(format!(
                    "branch {v:?} shown as {rest:?}: the institution is shown beside it"
                ));
                (!rest.is_empty()).then(|| rest.to_string())
            }
        })
        .collect()
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The non-blank lines of a case with their roles; noise is dropped and
/// counted, the title lines are checked, mojibake repairs are reported.
fn case_items(
    case: &CaseRecord,
    seed: &Seed,
    doc_report: &mut DocReport,
    report: &mut Report,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut dropped_by_hand = Vec::new();
    for (segment, &[a, b]) in case.segments.iter().enumerate() {
        let lines: Vec<SeedLine> = (a..=b)
            .filter(|&n| !seed.line(n).trim().is_empty())
            .map(|n| SeedLine::new(n, seed.line(n)))
            .collect();
        let kinds = noise::classify(&lines);
        for (line, kind) in lines.into_iter().zip(kinds) {
            let role = if case.title_lines.contains(&line.no) {
                Role::Title
            } else {
                match kind {
                    Some(Noise::BoxLabel) => {
                        doc_report.count(Repair::BoxLabels, 1);
                        Role::Label
                    }
                    Some(k) => {
                        doc_report.count(noise_repair(k), 1);
                        continue;
                    }
                    None if case.noise_lines.contains(&line.no) => {
                        doc_report.count(Repair::HandNoise, 1);
                        dropped_by_hand.push(line.no);
                        continue;
                    }
                    None => Role::Text,
                }
            };
            if let Some(findings) = seed.mojibake.get(&line.no) {
                for f in findings {
                    match &f.repaired {
                        Some(r) => {
                            doc_report.count(Repair::Mojibake, 1);
                            doc_report.notes.push(format!(
                                "line {}: mojibake {:?} re-decoded as {r:?}{}",
                                line.no,
                                f.garbled,
                                if f.reinserted_pair {
                                    " (a dropped user-defined GBK pair re-inserted)"
                                } else {
                                    ""
                                }
                            ));
                        }
                        None => {
                            doc_report.count(Repair::MojibakeUnrepaired, 1);
                            doc_report.notes.push(format!(
                                "line {}: mojibake {:?} has no unambiguous reading; left as is",
                                line.no, f.garbled
                            ));
                        }
                    }
                }
            }
            items.push(Item {
                line,
                segment,
                role,
            });
        }
    }
    if !dropped_by_hand.is_empty() {
        report.problem(
            &case.id,
            format!("noise_lines {dropped_by_hand:?} match no noise rule (dropped as listed)"),
        );
    }
    take_title(case, &mut items, doc_report, report);
    items
}

/// Checks the title lines against the title; text the extractor merged into
/// the last title line goes back to the body.
fn take_title(
    case: &CaseRecord,
    items: &mut [Item],
    doc_report: &mut DocReport,
    report: &mut Report,
) {
    let Some(title) = &case.title else {
        return;
    };
    let title_lines: Vec<SeedLine> = items
        .iter()
        .filter(|i| i.role == Role::Title)
        .map(|i| i.line.clone())
        .collect();
    if title_lines.is_empty() {
        return;
    }
    let matched = titles::match_title_lines(&title_lines, title, case.parent_title.as_deref());
    if let Some(m) = matched.mismatch {
        report.problem(&case.id, m);
    }
    if let Some(leftover) = matched.leftover {
        doc_report.count(Repair::TitleLeftover, 1);
        if let Some(last) = items.iter_mut().rev().find(|i| i.role == Role::Title) {
            doc_report.notes.push(format!(
                "title line {} also holds body text {leftover:?}; kept in the body",
                last.line.no
            ));
            // The line keeps only its tail, as text.
            let no = last.line.no;
            last.role = Role::Text;
            last.line = SeedLine::new(no, &leftover);
        }
    }
}

fn noise_repair(kind: Noise) -> Repair {
    match kind {
        Noise::RunningHeader => Repair::RunningHeaders,
        Noise::PageNumber => Repair::PageNumbers,
        Noise::TableOfContents => Repair::ContentsLines,
        Noise::ChapterDivider => Repair::ChapterDividers,
        Noise::Footer => Repair::Footers,
        Noise::BoxLabel => Repair::BoxLabels,
        Noise::WebBoilerplate => Repair::WebBoilerplate,
    }
}

/// Paragraphs of a hard-wrapped case, arranged first when it is interleaved.
fn wrapped_paragraphs(
    items: &[Item],
    width: f32,
    seed: &Seed,
    doc_report: &mut DocReport,
) -> Vec<String> {
    let mut stats = reflow::ReflowStats::default();
    let mut paragraphs: Vec<String> = Vec::new();
    if order::is_interleaved(items) {
        let arranged = order::arrange(items, &seed.bigrams);
        for sidebar in &arranged.summary {
            paragraphs.extend(reflow::reflow(
                sidebar,
                column_width(sidebar, width),
                &mut stats,
            ));
        }
        for piece in &arranged.body {
            let mut parts =
                reflow::reflow(&piece.lines, column_width(&piece.lines, width), &mut stats);
            if piece.continues && !parts.is_empty() {
                if let Some(last) = paragraphs.last_mut() {
                    reflow::join_wrapped(last, &parts.remove(0));
                }
            }
            paragraphs.extend(parts);
        }
        paragraphs.extend(arranged.captions.iter().map(|l| l.trimmed().to_string()));
        let s = arranged.stats;
        doc_report.count(Repair::BlocksMoved, s.moved);
        doc_report.count(Repair::SentencesRejoined, s.rejoined);
        doc_report.count(Repair::UnresolvedBreaks, s.unresolved);
        doc_report.count(Repair::Sidebars, s.sidebars);
        doc_report.count(Repair::Captions, s.captions);
        doc_report.notes.push(format!(
            "interleaved: {} blocks, {} moved, {} sentences re-joined, {} left mid-sentence",
            s.blocks, s.moved, s.rejoined, s.unresolved
        ));
        let end_of = |no: u32| tail(seed.line(no), 8);
        for (from, to) in &arranged.joins {
            doc_report.notes.push(format!(
                "re-joined line {from} \"…{}\" + line {to} \"{}…\"",
                end_of(*from),
                head(seed.line(*to), 8)
            ));
        }
        for no in &arranged.open_ends {
            doc_report.notes.push(format!(
                "line {no} \"…{}\" still ends mid-sentence",
                end_of(*no)
            ));
        }
    } else {
        let text: Vec<SeedLine> = items
            .iter()
            .filter(|i| i.role == Role::Text)
            .map(|i| i.line.clone())
            .collect();
        paragraphs = reflow::reflow(&text, width, &mut stats);
    }
    doc_report.count(Repair::LineJoins, stats.joined);
    doc_report.count(Repair::PageJoins, stats.page_joins);
    paragraphs
}

/// The last `n` characters of a line (layout spaces removed).
fn tail(line: &str, n: usize) -> String {
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

/// The first `n` characters of a line (layout spaces removed).
fn head(line: &str, n: usize) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .take(n)
        .collect()
}

/// The column width of a block, or the seed's width for blocks too short to tell.
fn column_width(lines: &[SeedLine], seed_width: f32) -> f32 {
    let body: Vec<f32> = lines
        .iter()
        .filter(|l| layout::numbered_heading(&l.text).is_none())
        .map(SeedLine::width)
        .collect();
    if body.len() < 3 {
        return seed_width;
    }
    layout::column_width(body).unwrap_or(seed_width)
}

/// Notes bodies that contain another case's title: a sign of a segment that
/// runs into the next case, unless the text really quotes it.
fn check_titles_in_bodies(
    docs: &[(Document, DocReport)],
    cases: &[CaseRecord],
    report: &mut Report,
) {
    let printed: Vec<(&str, String)> = cases
        .iter()
        .filter(|c| c.duplicate_of.is_none())
        .filter_map(|c| c.title.as_deref().map(|t| (c.id.as_str(), compact(t))))
        .filter(|(_, t)| t.chars().count() >= 8)
        .collect();
    for (doc, _) in docs {
        let body = compact(&doc.body);
        for (id, title) in &printed {
            if *id != doc.id && body.contains(title.as_str()) {
                report.problem(
                    &doc.id,
                    format!("the body contains the title of {id}: {title:?}"),
                );
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod testdata {
    //! The real seed files, for tests that name the seed line they check.
    use super::layout::SeedLine;

    pub(crate) fn seed_text(seed: &str) -> &'static str {
        match seed {
            "000" => include_str!("../../../seeds/000_b4867160d8fc2f46.txt"),
            "001" => include_str!("../../../seeds/001_faa8b460877e31e6.txt"),
            "002" => include_str!("../../../seeds/002_ed0cd6753f73e70e.txt"),
            "003" => include_str!("../../../seeds/003_11cde03ce4536437.txt"),
            "004" => include_str!("../../../seeds/004_f5da1d94d81bb626.txt"),
            other => panic!("no seed {other}"),
        }
    }

    /// Line `n` (1-based) of a seed.
    pub(crate) fn line(seed: &str, n: u32) -> &'static str {
        seed_text(seed).lines().nth(n as usize - 1).unwrap_or("")
    }

    /// The non-blank lines `from..=to` of a seed.
    pub(crate) fn lines(seed: &str, from: u32, to: u32) -> Vec<SeedLine> {
        (from..=to)
            .map(|n| SeedLine::new(n, line(seed, n)))
            .filter(|l| !l.text.trim().is_empty())
            .collect()
    }
}
