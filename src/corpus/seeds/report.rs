//! The import report: per document its length and the repairs that fired, then
//! the inconsistencies found in `cases.json`.
//!
//! The report is plain text, stable from run to run (no times, no paths), so
//! it can be committed next to the generated files and diffed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A repair rule, as counted in the report. The order is the report's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Repair {
    /// Hard line wraps joined inside a paragraph.
    LineJoins,
    /// …of which across a page break.
    PageJoins,
    RunningHeaders,
    PageNumbers,
    ContentsLines,
    ChapterDividers,
    Footers,
    BoxLabels,
    WebBoilerplate,
    /// Lines dropped only because `cases.json` lists them in `noise_lines`.
    HandNoise,
    /// Text the extractor merged into a title line, returned to the body.
    TitleLeftover,
    /// Blocks of an interleaved case moved into reading order.
    BlocksMoved,
    /// Sentences re-joined across blocks.
    SentencesRejoined,
    /// Blocks that still end mid-sentence (no continuation found).
    UnresolvedBreaks,
    /// Narrow sidebars kept as the summary paragraph.
    Sidebars,
    /// Photo captions moved to the end.
    Captions,
    /// Spaces removed between CJK text and numbers or Latin words.
    CjkLatinSpaces,
    /// Spaces removed between letter-spaced CJK characters.
    LetterSpacing,
    /// Other layout spaces removed (next to punctuation, doubled, indents).
    OtherSpaces,
    /// Garbled GBK runs repaired.
    Mojibake,
    /// Garbled runs found but not repaired.
    MojibakeUnrepaired,
    /// Quotation marks turned the right way round (pairs).
    ReversedQuotes,
    /// A generic title given the institution's name.
    DisplayTitle,
    /// An editorial title for a text that prints none.
    EditorialTitle,
}

impl Repair {
    pub fn name(self) -> &'static str {
        match self {
            Repair::LineJoins => "line breaks joined",
            Repair::PageJoins => "of which page breaks",
            Repair::RunningHeaders => "running headers dropped",
            Repair::PageNumbers => "page numbers dropped",
            Repair::ContentsLines => "contents lines dropped",
            Repair::ChapterDividers => "chapter-divider lines dropped",
            Repair::Footers => "footers dropped",
            Repair::BoxLabels => "box labels dropped",
            Repair::WebBoilerplate => "web boilerplate lines dropped",
            Repair::HandNoise => "lines dropped by cases.json noise_lines only",
            Repair::TitleLeftover => "text returned from a title line",
            Repair::BlocksMoved => "blocks moved into reading order",
            Repair::SentencesRejoined => "sentences re-joined across blocks",
            Repair::UnresolvedBreaks => "blocks left ending mid-sentence",
            Repair::Sidebars => "sidebars kept as summary",
            Repair::Captions => "captions moved to the end",
            Repair::CjkLatinSpaces => "CJK–Latin spaces removed",
            Repair::LetterSpacing => "letter spaces removed",
            Repair::OtherSpaces => "other layout spaces removed",
            Repair::Mojibake => "mojibake runs repaired",
            Repair::MojibakeUnrepaired => "mojibake runs NOT repaired",
            Repair::ReversedQuotes => "reversed quote pairs turned",
            Repair::DisplayTitle => "generic title named",
            Repair::EditorialTitle => "editorial title",
        }
    }
}

/// What the import did to one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocReport {
    pub id: String,
    /// Characters of the body.
    pub chars: usize,
    pub paragraphs: usize,
    /// Repairs that fired, with counts (zero counts are left out).
    pub repairs: BTreeMap<Repair, usize>,
    /// Details worth a reader's eye (repaired runs, merged provenance…).
    pub notes: Vec<String>,
}

impl DocReport {
    pub fn count(&mut self, repair: Repair, n: usize) {
        if n > 0 {
            *self.repairs.entry(repair).or_default() += n;
        }
    }

    /// How often `repair` fired.
    pub fn fired(&self, repair: Repair) -> usize {
        self.repairs.get(&repair).copied().unwrap_or(0)
    }
}

/// An inconsistency in `cases.json`: reported, never silently fixed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The record id (or `cases.json` for the file as a whole).
    pub id: String,
    pub message: String,
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub documents: Vec<DocReport>,
    pub problems: Vec<Problem>,
}

impl Report {
    pub(crate) fn problem(&mut self, id: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            id: id.to_string(),
            message: message.into(),
        });
    }

    /// The report of one document.
    pub fn document(&self, id: &str) -> Option<&DocReport> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Total count of a repair over all documents.
    pub fn total(&self, repair: Repair) -> usize {
        self.documents.iter().map(|d| d.fired(repair)).sum()
    }

    /// The report as text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# casesearch import-seeds report");
        let _ = writeln!(
            out,
            "# {} documents, {} characters; {} problem(s) in cases.json",
            self.documents.len(),
            self.documents.iter().map(|d| d.chars).sum::<usize>(),
            self.problems.len()
        );
        let _ = writeln!(
            out,
            "\n## Documents (id, characters, paragraphs, repairs)\n"
        );
        for d in &self.documents {
            let repairs: Vec<String> = d
                .repairs
                .iter()
                .map(|(r, n)| format!("{} {n}", r.name()))
                .collect();
            let _ = writeln!(
                out,
                "{}  {} chars  {} paragraphs  {}",
                d.id,
                d.chars,
                d.paragraphs,
                if repairs.is_empty() {
                    "no repairs".to_string()
                } else {
                    repairs.join(", ")
                }
            );
            for note in &d.notes {
                let _ = writeln!(out, "    {note}");
            }
        }
        let _ = writeln!(out, "\n## Repairs over all documents\n");
        let mut totals: BTreeMap<Repair, usize> = BTreeMap::new();
        for d in &self.documents {
            for (r, n) in &d.repairs {
                *totals.entry(*r).or_default() += n;
            }
        }
        for (r, n) in totals {
            let docs = self.documents.iter().filter(|d| d.fired(r) > 0).count();
            let _ = writeln!(out, "{:<48} {n:>6} in {docs} document(s)", r.name());
        }
        let _ = writeln!(out, "\n## Problems in cases.json\n");
        if self.problems.is_empty() {
            let _ = writeln!(out, "none");
        }
        for p in &self.problems {
            let _ = writeln!(out, "{}: {}", p.id, p.message);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_notes_and_problems() {
        let mut d = DocReport {
            id: "003-01".into(),
            chars: 3590,
            paragraphs: 19,
            ..DocReport::default()
        };
        d.count(Repair::Mojibake, 3);
        d.count(Repair::PageNumbers, 0);
        d.notes.push("line 4: ??苿撈髽I → 。科創企業".into());
        let mut r = Report {
            documents: vec![d],
            problems: vec![],
        };
        r.problem("004-06", "title line 1304 also holds body text");
        let text = r.render();
        assert!(
            text.contains("003-01  3590 chars  19 paragraphs  mojibake runs repaired 3"),
            "{text}"
        );
        assert!(!text.contains("page numbers"), "zero counts are left out");
        assert!(text.contains("    line 4: ??苿撈髽I → 。科創企業"));
        assert!(text.contains("004-06: title line 1304 also holds body text"));
        assert_eq!(r.total(Repair::Mojibake), 3);
    }
}
