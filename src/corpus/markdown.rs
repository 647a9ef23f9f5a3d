//! Case documents as Markdown files with TOML front matter between `+++` lines.
//!
//! ```text
//! +++
//! id = "000-01"
//! title = "金融赋能助力“专精特新”企业发展"
//! products = ["国担快贷"]
//!
//! [facets]
//! institution = "中国工商银行"
//! year = 2022
//! tags = ["专精特新", "小微"]
//!
//! [source]
//! file = "000_b4867160d8fc2f46.txt"
//! segments = [[3, 195]]
//! +++
//! Body text. Paragraphs are separated by blank lines.
//! ```

use super::loader::{toml_error, CorpusError};
use super::{Document, Source};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const FENCE: &str = "+++";

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<String>,
    title: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    title_is_editorial: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    products: Vec<String>,
    #[serde(default)]
    facets: BTreeMap<String, toml::Value>,
    source: Option<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    also_in: Vec<Source>,
}

/// Parses one document. `rel` is its path relative to the corpus folder
/// (the default id and source); `path` is used in error messages.
pub fn parse_document(text: &str, rel: &str, path: &Path) -> Result<Document, CorpusError> {
    parse_document_noting(text, rel, path, &mut Vec::new())
}

/// [`parse_document`], adding to `notes` what was left out of an accepted
/// document (an empty facet value), so the build summary can say so.
pub(crate) fn parse_document_noting(
    text: &str,
    rel: &str,
    path: &Path,
    notes: &mut Vec<CorpusError>,
) -> Result<Document, CorpusError> {
    let invalid = |line: Option<usize>, message: String| CorpusError::Invalid {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some(FENCE) {
        return Err(invalid(
            Some(1),
            format!("a case file must start with a `{FENCE}` line that opens its front matter"),
        ));
    }
    let fm_start = FENCE.len() + text[FENCE.len()..].find('\n').map_or(0, |i| i + 1);
    let mut offset = fm_start;
    let mut fm_end = None;
    for line in lines {
        if line.trim_end() == FENCE {
            fm_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, body_start)) = fm_end else {
        return Err(invalid(
            Some(1),
            format!("the front matter opened on line 1 is never closed by a `{FENCE}` line"),
        ));
    };
    let fm_text = &text[fm_start..fm_end];
    let fm: FrontMatter = toml::from_str(fm_text).map_err(|e| toml_error(path, fm_text, 1, &e))?;

    let mut facets = BTreeMap::new();
    for (field, value) in fm.facets {
        let mut empty = 0;
        let values = facet_values(&value, &mut empty).map_err(|problem| {
            invalid(
                line_of_key(text, &field),
                format!("facet `{field}`: {problem}"),
            )
        })?;
        if empty > 0 {
            notes.push(invalid(
                line_of_key(text, &field),
                format!(
                    "facet `{field}` has an empty value, left out; give it a value or remove it"
                ),
            ));
        }
        if !values.is_empty() {
            facets.insert(field, values);
        }
    }
    let body_first_line = text[..body_start].matches('\n').count() + 1;
    let body = markdown_to_text(&text[body_start..]);
    if body.trim().is_empty() {
        return Err(invalid(
            Some(body_first_line),
            "the document has no text after its front matter".into(),
        ));
    }
    let title = fm.title.trim().to_string();
    if title.is_empty() {
        return Err(invalid(
            line_of_key(text, "title"),
            "`title` is empty".into(),
        ));
    }
    let stem = Path::new(rel)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(|e| rel.strip_suffix(e))
        .and_then(|r| r.strip_suffix('.'))
        .unwrap_or(rel)
        .to_string();
    let source = if let Some(source) = fm.source {
        source
    } else {
        let line = |n: usize| {
            u32::try_from(n)
                .map_err(|_| invalid(None, format!("the file has more than {} lines", u32::MAX)))
        };
        let first = line(body_first_line)?;
        let last = line(text.lines().count())?;
        Source {
            file: rel.to_string(),
            segments: vec![[first, last.max(first)]],
        }
    };
    Ok(Document {
        id: fm.id.unwrap_or(stem),
        title,
        title_is_editorial: fm.title_is_editorial,
        products: fm.products,
        facets,
        source,
        also_in: fm.also_in,
        body,
    })
}

/// The values of one facet: strings (trimmed; `empty` counts the blank ones,
/// which are left out), whole numbers, or a list of them.
fn facet_values(v: &toml::Value, empty: &mut usize) -> Result<Vec<String>, String> {
    match v {
        toml::Value::String(s) if s.trim().is_empty() => {
            *empty += 1;
            Ok(vec![])
        }
        toml::Value::String(s) => Ok(vec![s.trim().to_string()]),
        toml::Value::Integer(i) => Ok(vec![i.to_string()]),
        toml::Value::Float(f) => Err(format!(
            "{f:?} is a decimal number; write a whole number such as {} or a string in quotes",
            f.trunc()
        )),
        toml::Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                out.extend(facet_values(item, empty)?);
            }
            Ok(out)
        }
        other => Err(format!(
            "a {} is not a facet value; write a string, a whole number, or a list of them",
            other.type_str()
        )),
    }
}

/// 1-based line of the first front-matter line that sets `key`.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// Plain text of a Markdown body as a reader of the rendered page sees it,
/// parsed by a CommonMark parser (linear time): marks, link targets and
/// escapes are removed, while `2**10`, `____年__月` and any other text that
/// CommonMark leaves literal stay literal. Blocks (paragraphs, headings, list
/// items, quotes, code) are separated by one blank line; line breaks inside a
/// paragraph are kept. Raw HTML is kept as written: the widget shows text,
/// never renders it.
pub(crate) fn markdown_to_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(md.len());
    // Numbers of the open ordered lists (None for bullet lists), innermost last.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let block_break = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    let line_break = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(&t);
            }
            Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::List(first)) => {
                line_break(&mut out);
                lists.push(first);
            }
            Event::Start(Tag::Item) => {
                line_break(&mut out);
                if let Some(Some(n)) = lists.last_mut() {
                    let _ = write!(out, "{n}. ");
                    *n += 1;
                }
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                block_break(&mut out);
            }
            Event::End(TagEnd::Item) => line_break(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            )
            | Event::Rule => {
                // Inside a list item a paragraph ends the line, not the item's block.
                if lists.is_empty() {
                    block_break(&mut out);
                } else {
                    line_break(&mut out);
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Writes a document as Markdown with front matter (the format [`parse_document`] reads).
pub fn write_document(doc: &Document) -> String {
    let fm = FrontMatter {
        id: Some(doc.id.clone()),
        title: doc.title.clone(),
        title_is_editorial: doc.title_is_editorial,
        products: doc.products.clone(),
        facets: doc
            .facets
            .iter()
            .map(|(k, v)| {
                let value = match v.as_slice() {
                    [one] if k != "tags" => toml_scalar(one),
                    many => toml::Value::Array(many.iter().map(|s| toml_scalar(s)).collect()),
                };
                (k.clone(), value)
            })
            .collect(),
        source: Some(doc.source.clone()),
        also_in: doc.also_in.clone(),
    };
    let mut out = String::new();
    let toml = toml::to_string(&fm).unwrap_or_default();
    let _ = write!(out, "{FENCE}\n{toml}{FENCE}\n{}\n", doc.body.trim_end());
    out
}

fn toml_scalar(s: &str) -> toml::Value {
    match s.parse::<i64>() {
        Ok(i) if i.to_string() == s => toml::Value::Integer(i),
        _ => toml::Value::String(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Document, CorpusError> {
        parse_document(text, "cases/x.md", Path::new("corpus/cases/x.md"))
    }

    #[test]
    fn round_trips_a_document() {
        let text = "+++\nid = \"a\"\ntitle = \"标题\"\nproducts = [\"科创e贷\"]\n\n[facets]\nyear = 2022\ntags = [\"小微\"]\n\n[source]\nfile = \"s.txt\"\nsegments = [[1, 3]]\n+++\n第一段。\n\n第二段。\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.facets["year"], ["2022"]);
        assert_eq!(doc.body, "第一段。\n\n第二段。");
        assert_eq!(parse(&write_document(&doc)).unwrap(), doc);
    }

    #[test]
    fn default_id_and_source_come_from_the_file() {
        let doc = parse("+++\ntitle = \"t\"\n+++\n\n正文\n").unwrap();
        assert_eq!(doc.id, "cases/x");
        assert_eq!(
            doc.source,
            Source {
                file: "cases/x.md".into(),
                segments: vec![[4, 5]]
            }
        );
    }

    #[test]
    fn toml_errors_name_the_file_line() {
        let err = parse("+++\ntitle = \"t\"\nproducts = [\n+++\n正文\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("corpus/cases/x.md:"), "{err}");
        let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
        assert!((3..=4).contains(&line), "{err}");
    }

    #[test]
    fn missing_front_matter_is_reported_on_line_one() {
        let err = parse("# 标题\n正文").unwrap_err().to_string();
        assert!(err.starts_with("corpus/cases/x.md:1: "), "{err}");
    }

    #[test]
    fn unknown_front_matter_key_is_an_error() {
        let err = parse("+++\ntitle = \"t\"\ntitel = \"x\"\n+++\n正文\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("x.md:3") && err.contains("titel"), "{err}");
    }

    #[test]
    fn decimal_and_other_facet_values_get_a_clear_message() {
        let err = parse("+++\ntitle = \"t\"\n[facets]\nyear = 2021.0\n+++\n正文\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("x.md:4")
                && err.contains("2021.0 is a decimal number")
                && err.contains("2021"),
            "{err}"
        );
        let err = parse("+++\ntitle = \"t\"\n[facets]\ntags = [true]\n+++\n正文\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("boolean is not a facet value"), "{err}");
    }

    #[test]
    fn an_empty_facet_value_is_noted() {
        let mut notes = Vec::new();
        let doc = parse_document_noting(
            "+++\ntitle = \"t\"\n[facets]\ninstitution = \"\"\ntags = [\"a\", \" \"]\n+++\n正文\n",
            "x.md",
            Path::new("x.md"),
            &mut notes,
        )
        .unwrap();
        assert_eq!(doc.facets.get("tags").map(Vec::len), Some(1));
        assert!(!doc.facets.contains_key("institution"));
        let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].starts_with("x.md:4: facet `institution` has an empty value"),
            "{notes:?}"
        );
    }

    #[test]
    fn the_default_id_drops_any_markdown_extension() {
        for rel in ["cases/x.MD", "cases/x.markdown", "cases/x.md"] {
            let doc =
                parse_document("+++\ntitle = \"t\"\n+++\n正文\n", rel, Path::new(rel)).unwrap();
            assert_eq!(doc.id, "cases/x");
        }
    }

    #[test]
    fn markdown_marks_are_stripped() {
        assert_eq!(
            markdown_to_text("## 一、背景\n**重点** [链接](http://x) `代码`"),
            "一、背景\n\n重点 链接 代码"
        );
    }

    #[test]
    fn text_that_commonmark_leaves_literal_stays_literal() {
        let form = "申请人签字：________ 日期：____年__月__日";
        assert_eq!(markdown_to_text(form), form);
        assert_eq!(markdown_to_text("2**10=1024"), "2**10=1024");
        assert_eq!(markdown_to_text("a_b_c 与 x*y"), "a_b_c 与 x*y");
        assert_eq!(markdown_to_text("[未闭合](链接"), "[未闭合](链接");
    }

    #[test]
    fn paragraphs_lists_and_line_breaks_are_kept() {
        let md = "第一段，\n续行。\n\n\n\n第二段。\n\n1. 甲\n2. 乙\n\n- 丙\n- 丁\n\n> 引文\n\n---\n\n末段";
        assert_eq!(
            markdown_to_text(md),
            "第一段，\n续行。\n\n第二段。\n\n1. 甲\n2. 乙\n\n丙\n丁\n\n引文\n\n末段"
        );
    }

    #[test]
    fn escapes_and_entities_read_as_the_reader_sees_them() {
        assert_eq!(
            markdown_to_text(r"\*重点\* &amp; 3 &lt; 5"),
            "*重点* & 3 < 5"
        );
    }

    #[test]
    fn one_line_of_many_links_is_parsed_in_linear_time() {
        let line = "[链](http://x/)".repeat(160_000);
        let start = std::time::Instant::now();
        let text = markdown_to_text(&line);
        // Every link's text and nothing of its target.
        assert_eq!(text.chars().count(), 160_000);
        // The quadratic stripping took 4.2 s optimized; linear parsing takes
        // well under a second even unoptimized, so this bound is generous.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        let open = "[a](".repeat(100_000);
        let start = std::time::Instant::now();
        assert_eq!(markdown_to_text(&open), open);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }
}
