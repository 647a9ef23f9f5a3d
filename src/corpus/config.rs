//! `casesearch.toml`: facet fields, their order and display names, and search settings.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a facet's values are structured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    /// Plain values (`中国工商银行`).
    #[default]
    Values,
    /// Paths such as `云南/曲靖`: counted at every level.
    Hierarchy,
    /// A year: filterable as values and as a range, used to sort by date.
    Year,
}

/// Display names of a field in the widget's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Labels {
    #[serde(rename = "zh-CN", default)]
    pub zh_cn: String,
    #[serde(rename = "zh-TW", default)]
    pub zh_tw: String,
    #[serde(default)]
    pub en: String,
}

/// One facet field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetField {
    pub field: String,
    #[serde(default)]
    pub kind: FacetKind,
    /// Separator between levels of a hierarchy (default `/`).
    #[serde(default = "default_separator")]
    pub separator: String,
    #[serde(default)]
    pub label: Labels,
    /// Display names of the field's values, keyed by value (for a hierarchy,
    /// by every path `云南`, `云南/昆明`). In `casesearch.toml` it may give
    /// some forms (`values."聚力抗疫" = { en = "Fighting COVID-19" }`); the
    /// build fills the rest for every value of the corpus (zh-TW converted from
    /// the value, en the value itself), so the widget finds every value here.
    #[serde(default)]
    pub values: BTreeMap<String, Labels>,
}

fn default_separator() -> String {
    "/".to_string()
}

/// Search settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// Tokens that never count as a match on their own (e.g. the anonymisation mask `XX`).
    #[serde(default)]
    pub stop_words: Vec<String>,
}

/// The facet field whose values are collection names.
pub const COLLECTION_FIELD: &str = "collection";

/// A source publication and how a reader should see it: a card names the
/// collection instead of a hashed file name, the reader says where the text
/// was first published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// The source file its documents come from (their `source.file`).
    pub file: String,
    /// The collection's name. Its zh-CN form is the `collection` facet value;
    /// a missing zh-TW form is converted from it at build time.
    pub name: Labels,
    /// The original publication in words a reader understands.
    #[serde(default)]
    pub publication: Labels,
    /// Who issued the text, as the source names them; empty when it does not.
    #[serde(default)]
    pub publisher: Labels,
    /// When it was published, as the source says (`2022`, `2025-07-18`); empty when it does not.
    #[serde(default)]
    pub published: String,
}

/// The whole corpus configuration.
///
/// The index stores what the search side needs of it (`index::entry`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub search: SearchSettings,
    /// Facet fields in display order.
    #[serde(default, rename = "facet")]
    pub facets: Vec<FacetField>,
    /// The source publications, in display order.
    #[serde(default, rename = "collection")]
    pub collections: Vec<Collection>,
}

impl Config {
    pub fn facet(&self, field: &str) -> Option<&FacetField> {
        self.facets.iter().find(|f| f.field == field)
    }

    /// The collection whose documents come from `file`.
    pub fn collection_of_file(&self, file: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.file == file)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod parse {
    use super::*;
    use crate::corpus::loader::{line_of_assignment, lines_of_assignment, toml_error, CorpusError};
    use std::path::Path;

    impl Config {
        /// Parses and validates `casesearch.toml`.
        pub fn parse(text: &str, path: &Path) -> Result<Config, CorpusError> {
            let config: Config = toml::from_str(text).map_err(|e| toml_error(path, text, 0, &e))?;
            config.validate(path, text)?;
            Ok(config)
        }

        fn validate(&self, path: &Path, text: &str) -> Result<(), CorpusError> {
            let mut seen = std::collections::BTreeSet::new();
            for f in &self.facets {
                // Errors point at the facet's `field = "…"` line.
                let invalid = |message: String| CorpusError::Invalid {
                    path: path.to_path_buf(),
                    line: line_of_assignment(text, "field", &f.field),
                    message,
                };
                if f.field.is_empty()
                    || !f
                        .field
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    return Err(invalid(format!(
                        "facet field name {:?} must be ASCII letters, digits or `_` (it is used in URLs and the JSON API)",
                        f.field
                    )));
                }
                if ["id", "title", "products", "source", "also_in", "body"]
                    .contains(&f.field.as_str())
                {
                    return Err(invalid(format!(
                        "`{}` is a document field and cannot be a facet",
                        f.field
                    )));
                }
                if !seen.insert(&f.field) {
                    return Err(CorpusError::Invalid {
                        path: path.to_path_buf(),
                        line: lines_of_assignment(text, "field", &f.field).nth(1),
                        message: format!("facet field `{}` is declared twice", f.field),
                    });
                }
                if f.kind == FacetKind::Year && !f.values.is_empty() {
                    return Err(invalid(format!(
                        "year facet `{}` cannot name its values: years are shown as numbers",
                        f.field
                    )));
                }
                if let Some(v) = f.values.keys().find(|v| v.trim().is_empty()) {
                    return Err(invalid(format!(
                        "facet `{}` names an empty value {v:?} in `values`",
                        f.field
                    )));
                }
                if f.kind == FacetKind::Hierarchy && f.separator.is_empty() {
                    return Err(invalid(format!(
                        "hierarchy facet `{}` needs a non-empty separator",
                        f.field
                    )));
                }
                let missing: Vec<&str> = [
                    ("zh-CN", &f.label.zh_cn),
                    ("zh-TW", &f.label.zh_tw),
                    ("en", &f.label.en),
                ]
                .into_iter()
                .filter(|(_, l)| l.trim().is_empty())
                .map(|(lang, _)| lang)
                .collect();
                if !missing.is_empty() {
                    return Err(invalid(format!(
                        "facet `{}` has no {} label: the widget shows every facet in zh-CN, zh-TW and en; write label = {{ zh-CN = \"…\", zh-TW = \"…\", en = \"…\" }}",
                        f.field,
                        missing.join(", ")
                    )));
                }
            }
            self.validate_collections(path, text)
        }

        fn validate_collections(&self, path: &Path, text: &str) -> Result<(), CorpusError> {
            let mut files = std::collections::BTreeSet::new();
            let mut names = std::collections::BTreeSet::new();
            for c in &self.collections {
                // Errors point at the collection's `file = "…"` line.
                let line = line_of_assignment(text, "file", &c.file);
                let invalid = |message: String| CorpusError::Invalid {
                    path: path.to_path_buf(),
                    line,
                    message,
                };
                if c.file.trim().is_empty() {
                    return Err(CorpusError::Invalid {
                        path: path.to_path_buf(),
                        line: None,
                        message: "a [[collection]] has an empty `file`: name the source file its documents come from".into(),
                    });
                }
                if !files.insert(c.file.as_str()) {
                    return Err(CorpusError::Invalid {
                        path: path.to_path_buf(),
                        line: lines_of_assignment(text, "file", &c.file).nth(1),
                        message: format!("collection file `{}` is declared twice", c.file),
                    });
                }
                for (key, labels, required) in [
                    ("name", &c.name, true),
                    ("publication", &c.publication, true),
                    ("publisher", &c.publisher, false),
                ] {
                    let given = [&labels.zh_cn, &labels.zh_tw, &labels.en]
                        .iter()
                        .any(|l| !l.trim().is_empty());
                    if !required && !given {
                        continue;
                    }
                    // zh-TW may be left out: the build converts it from zh-CN.
                    let missing: Vec<&str> = [("zh-CN", &labels.zh_cn), ("en", &labels.en)]
                        .into_iter()
                        .filter(|(_, l)| l.trim().is_empty())
                        .map(|(lang, _)| lang)
                        .collect();
                    if !missing.is_empty() {
                        return Err(invalid(format!(
                            "collection `{}` has no {} {key}: write {key} = {{ zh-CN = \"…\", en = \"…\" }} (zh-TW is converted from zh-CN when left out)",
                            c.file,
                            missing.join(", ")
                        )));
                    }
                }
                if !names.insert(c.name.zh_cn.trim()) {
                    return Err(invalid(format!(
                        "collection name {:?} is used by an earlier collection too: the name is the `collection` facet value and must tell collections apart",
                        c.name.zh_cn
                    )));
                }
                if !c.published.is_empty() && !is_date(&c.published) {
                    return Err(invalid(format!(
                        "collection `{}`: published = {:?} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, or leave it out when the source does not say",
                        c.file, c.published
                    )));
                }
            }
            Ok(())
        }
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
    fn is_date(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        let number = |p: &str, len: usize| {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y] => number(y, 4).is_some(),
            [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
            [y, m, d] => {
                number(y, 4).is_some()
                    && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                    && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
            }
            _ => false,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> String {
        Config::parse(text, Path::new("corpus/casesearch.toml"))
            .unwrap_err()
            .to_string()
    }

    const LABEL: &str = r#"label = { zh-CN = "机构", zh-TW = "機構", en = "Institution" }"#;

    #[test]
    fn a_missing_label_language_is_named_with_its_line() {
        let err = parse("[[facet]]\nfield = \"institution\"\nlabel = { zh-CN = \"机构\" }\n");
        assert!(err.starts_with("corpus/casesearch.toml:2: "), "{err}");
        assert!(err.contains("no zh-TW, en label"), "{err}");
    }

    #[test]
    fn a_duplicate_field_points_at_the_second_declaration() {
        let text = format!(
            "[[facet]]\nfield = \"year\"\n{LABEL}\n\n[[facet]]\nfield = \"year\"\n{LABEL}\n"
        );
        let err = parse(&text);
        assert!(err.contains("declared twice"), "{err}");
        assert!(err.starts_with("corpus/casesearch.toml:6: "), "{err}");
    }

    #[test]
    fn an_unknown_kind_is_a_toml_error_with_its_line() {
        let err = parse(&format!(
            "[[facet]]\nfield = \"year\"\nkind = \"range\"\n{LABEL}\n"
        ));
        assert!(err.starts_with("corpus/casesearch.toml:3: "), "{err}");
        assert!(err.contains("range"), "{err}");
    }

    #[test]
    fn a_year_facet_cannot_name_its_values() {
        let err = parse(&format!(
            "[[facet]]\nfield = \"year\"\nkind = \"year\"\n{LABEL}\nvalues.\"2020\" = {{ en = \"2020\" }}\n"
        ));
        assert!(err.starts_with("corpus/casesearch.toml:2: "), "{err}");
        assert!(err.contains("cannot name its values"), "{err}");
    }

    #[test]
    fn value_names_may_give_only_some_languages() {
        let config = Config::parse(
            &format!("[[facet]]\nfield = \"theme\"\n{LABEL}\nvalues.\"聚力抗疫\" = {{ en = \"Fighting the epidemic\" }}\n"),
            Path::new("casesearch.toml"),
        )
        .expect("parses");
        let labels = &config.facets[0].values["聚力抗疫"];
        assert_eq!(labels.en, "Fighting the epidemic");
        assert!(labels.zh_tw.is_empty(), "filled at build time");
    }

    #[test]
    fn a_document_field_cannot_be_a_facet() {
        let err = parse(&format!("[[facet]]\nfield = \"title\"\n{LABEL}\n"));
        assert!(err.contains("`title` is a document field"), "{err}");
    }
}
