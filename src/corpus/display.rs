//! Display names of corpus strings in the widget's languages, filled in when
//! the index is built.
//!
//! The widget shows facet values and collection names in zh-CN, zh-TW and en.
//! The corpus is written in simplified Chinese, so the zh-TW forms are
//! converted here, natively, with OpenCC's phrase and character tables
//! (`ferrous-opencc`, simplified → Taiwan standard characters, no vocabulary
//! changes: names stay names). The result travels in the index's config, so
//! the WASM module carries no conversion tables.

use super::config::{FacetKind, Labels, COLLECTION_FIELD};
use super::{Config, Document};
use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The converter, loaded once. Its tables are compiled into the binary, so
/// loading cannot fail on any input; a failure is a build defect.
fn converter() -> &'static OpenCC {
    static CONVERTER: OnceLock<OpenCC> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        OpenCC::from_config(BuiltinConfig::S2tw)
            .expect("the OpenCC tables compiled into ferrous-opencc load")
    })
}

/// Simplified Chinese text in traditional script (Taiwan standard
/// characters): `中国工商银行` → `中國工商銀行`. Other text is unchanged.
pub fn to_traditional(text: &str) -> String {
    converter().convert(text)
}

/// Fills `labels` with what is missing: zh-CN is `value`, zh-TW is converted
/// from zh-CN, en is `en_default`.
fn complete(
    labels: &mut Labels,
    value: &str,
    zh_tw: impl FnOnce(&str) -> String,
    en_default: &str,
) {
    if labels.zh_cn.trim().is_empty() {
        labels.zh_cn = value.to_string();
    }
    if labels.zh_tw.trim().is_empty() {
        labels.zh_tw = zh_tw(&labels.zh_cn);
    }
    if labels.en.trim().is_empty() {
        labels.en = en_default.to_string();
    }
}

/// A hierarchy path converted level by level, so the separator stays as it
/// is and no phrase is matched across it: `云南/昆明` → `雲南/昆明`.
fn path_to_traditional(path: &str, separator: &str) -> String {
    path.split(separator)
        .map(to_traditional)
        .collect::<Vec<_>>()
        .join(separator)
}

impl Config {
    /// Gives every facet value of `docs` its display names in
    /// `FacetField::values`, and every collection its missing zh-TW forms.
    ///
    /// Configured names win; a value's zh-TW is otherwise converted from it,
    /// its en is the value itself (or the collection's English name for the
    /// `collection` field). Year facets need no names. Configured names of
    /// values that no document has are dropped, so the table lists exactly the
    /// corpus's values.
    pub fn fill_display(&mut self, docs: &[Document]) {
        for c in &mut self.collections {
            for labels in [&mut c.name, &mut c.publication, &mut c.publisher] {
                if labels.zh_tw.trim().is_empty() && !labels.zh_cn.trim().is_empty() {
                    labels.zh_tw = to_traditional(&labels.zh_cn);
                }
            }
        }
        let collections = self.collections.clone();
        for f in &mut self.facets {
            if f.kind == FacetKind::Year {
                f.values.clear();
                continue;
            }
            let mut present = BTreeSet::new();
            for value in docs
                .iter()
                .flat_map(|d| d.facets.get(&f.field).into_iter().flatten())
            {
                if f.kind == FacetKind::Hierarchy && !f.separator.is_empty() {
                    let levels: Vec<&str> = value.split(f.separator.as_str()).collect();
                    for n in 1..=levels.len() {
                        present.insert(levels[..n].join(&f.separator));
                    }
                } else {
                    present.insert(value.clone());
                }
            }
            f.values.retain(|v, _| present.contains(v));
            for value in present {
                let labels = f.values.entry(value.clone()).or_default();
                let collection = (f.field == COLLECTION_FIELD)
                    .then(|| collections.iter().find(|c| c.name.zh_cn == value))
                    .flatten();
                match collection {
                    Some(c) => {
                        let name = &c.name;
                        let zh_tw = name.zh_tw.clone();
                        complete(labels, &value, |_| zh_tw, &name.en);
                    }
                    None if f.kind == FacetKind::Hierarchy => {
                        let sep = f.separator.clone();
                        complete(labels, &value, |v| path_to_traditional(v, &sep), &value);
                    }
                    None => complete(labels, &value, to_traditional, &value),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_bank_names_as_phrases() {
        assert_eq!(to_traditional("中国工商银行"), "中國工商銀行");
        assert_eq!(to_traditional("云南"), "雲南");
        assert_eq!(to_traditional("发展"), "發展");
        assert_eq!(to_traditional("IPO 与科创e贷"), "IPO 與科創e貸");
    }

    #[test]
    fn converts_a_path_level_by_level_keeping_the_separator() {
        assert_eq!(path_to_traditional("云南/昆明", "/"), "雲南/昆明");
        assert_eq!(path_to_traditional("广东 > 深圳", " > "), "廣東 > 深圳");
    }
}
