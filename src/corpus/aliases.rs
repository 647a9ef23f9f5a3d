//! `aliases.toml`: names that mean the same thing (工行 = 工商银行 = 中国工商银行).

use serde::{Deserialize, Serialize};

/// A set of interchangeable names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasGroup {
    /// The name facets show.
    pub canonical: String,
    /// Other names for it; a search for any name finds them all.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When set, values of this facet field are rewritten to `canonical`.
    #[serde(default)]
    pub field: Option<String>,
    /// Longer names that contain one of these names but mean something else
    /// (`中国银行业协会` is not `中国银行`): matches inside them do not count.
    #[serde(default)]
    pub not_within: Vec<String>,
}

impl AliasGroup {
    /// Every name of the group, canonical first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.canonical.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// All alias groups of a corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AliasTable {
    #[serde(default, rename = "group")]
    pub groups: Vec<AliasGroup>,
}

impl AliasTable {
    /// The canonical form of a facet value of `field`, if an alias group covers it.
    pub fn canonical_value(&self, field: &str, value: &str) -> Option<&str> {
        self.groups
            .iter()
            .filter(|g| g.field.as_deref() == Some(field))
            .find(|g| g.names().any(|n| n == value))
            .map(|g| g.canonical.as_str())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod parse {
    use super::AliasTable;
    use crate::analyzer::normalize_query;
    use crate::corpus::loader::{line_of_assignment, toml_error, CorpusError};
    use std::collections::BTreeMap;
    use std::path::Path;

    impl AliasTable {
        /// Parses and validates `aliases.toml`.
        pub fn parse(text: &str, path: &Path) -> Result<AliasTable, CorpusError> {
            let table: AliasTable =
                toml::from_str(text).map_err(|e| toml_error(path, text, 0, &e))?;
            let mut owner: BTreeMap<String, &str> = BTreeMap::new();
            for g in &table.groups {
                // Errors point at the group's `canonical = "…"` line.
                let invalid = |message: String| CorpusError::Invalid {
                    path: path.to_path_buf(),
                    line: line_of_assignment(text, "canonical", &g.canonical),
                    message,
                };
                if g.canonical.trim().is_empty() {
                    return Err(invalid(
                        "an alias group has an empty `canonical` name".into(),
                    ));
                }
                for name in g.names() {
                    let key = normalize_query(name);
                    if key.is_empty() {
                        return Err(invalid(format!(
                            "alias {name:?} of {:?} is empty after normalization",
                            g.canonical
                        )));
                    }
                    if let Some(other) = owner.insert(key, &g.canonical) {
                        if other != g.canonical {
                            return Err(invalid(format!(
                                "{name:?} is listed for both {other:?} and {:?}: a name may belong to one group only",
                                g.canonical
                            )));
                        }
                    }
                }
                for blocker in &g.not_within {
                    if !g
                        .names()
                        .any(|n| normalize_query(blocker).contains(&normalize_query(n)))
                    {
                        return Err(invalid(format!(
                            "not_within entry {blocker:?} of {:?} contains none of the group's names, so it can never apply",
                            g.canonical
                        )));
                    }
                }
            }
            Ok(table)
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::path::Path;

    #[allow(clippy::unwrap_used, reason = "a test helper: a panic fails the test")]
    fn err(text: &str) -> String {
        AliasTable::parse(text, Path::new("corpus/aliases.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_name_in_two_groups_is_named_with_the_line_of_the_second_group() {
        let e = err("[[group]]\ncanonical = \"中国银行\"\naliases = [\"中行\"]\n\n[[group]]\ncanonical = \"中信银行\"\naliases = [\"中行\"]\n");
        assert!(e.starts_with("corpus/aliases.toml:6: "), "{e}");
        assert!(
            e.contains("\"中行\" is listed for both \"中国银行\" and \"中信银行\""),
            "{e}"
        );
    }

    #[test]
    fn a_not_within_entry_must_contain_a_name_of_the_group() {
        let e = err("[[group]]\ncanonical = \"中国银行\"\naliases = [\"中行\"]\nnot_within = [\"银行业协会\"]\n");
        assert!(e.contains("\"银行业协会\""), "{e}");
        assert!(e.contains("can never apply"), "{e}");
    }

    #[test]
    fn an_empty_canonical_name_is_an_error() {
        let e = err("[[group]]\ncanonical = \" \"\n");
        assert!(e.contains("empty `canonical`"), "{e}");
    }

    #[test]
    fn an_unknown_key_is_a_toml_error_with_its_line() {
        let e = err("[[group]]\ncanonical = \"中国银行\"\nalias = [\"中行\"]\n");
        assert!(e.starts_with("corpus/aliases.toml:3: "), "{e}");
        assert!(e.contains("alias"), "{e}");
    }
}
