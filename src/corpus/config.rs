//! `casesearch.toml`: facet fields, their order and display names, and search settings.

use serde::{Deserialize, Serialize};

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

/// The whole corpus configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub search: SearchSettings,
    /// Facet fields in display order.
    #[serde(default, rename = "facet")]
    pub facets: Vec<FacetField>,
}

impl Config {
    pub fn facet(&self, field: &str) -> Option<&FacetField> {
        self.facets.iter().find(|f| f.field == field)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod parse {
    use super::{Config, FacetKind};
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
            Ok(())
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::path::Path;

    #[allow(clippy::unwrap_used, reason = "a test helper: a panic fails the test")]
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
    fn a_document_field_cannot_be_a_facet() {
        let err = parse(&format!("[[facet]]\nfield = \"title\"\n{LABEL}\n"));
        assert!(err.contains("`title` is a document field"), "{err}");
    }
}
