//! Facet selection and disjunctive counting.
//!
//! Values of one field are ORed and fields are ANDed. The count shown next to a
//! value is the number of results the user would get by toggling that value,
//! given the query and the selections in *other* fields, so a count never lies.

use super::response::{FacetCount, FacetCounts};
use crate::corpus::{FacetField, FacetKind};
use crate::index::DocMeta;
use std::collections::{BTreeMap, BTreeSet};

/// Facet values of every document, expanded for hierarchies (`云南/曲靖` also counts as `云南`).
#[derive(Debug, Clone)]
pub struct FacetIndex {
    fields: Vec<FacetField>,
    /// `values[f][d]`: the values document `d` has in field `f` (expanded).
    values: Vec<Vec<Vec<String>>>,
    /// Every value of each field, for listing zero counts.
    all_values: Vec<BTreeSet<String>>,
}

impl FacetIndex {
    pub fn new(fields: &[FacetField], docs: &[DocMeta]) -> FacetIndex {
        let mut values = Vec::with_capacity(fields.len());
        let mut all_values = Vec::with_capacity(fields.len());
        for f in fields {
            let per_doc: Vec<Vec<String>> = docs
                .iter()
                .map(|d| {
                    let raw = d.facets.get(&f.field).map(Vec::as_slice).unwrap_or(&[]);
                    expand(f, raw)
                })
                .collect();
            all_values.push(per_doc.iter().flatten().cloned().collect());
            values.push(per_doc);
        }
        FacetIndex {
            fields: fields.to_vec(),
            values,
            all_values,
        }
    }

    fn field_pos(&self, field: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.field == field)
    }

    /// Whether document `doc` satisfies the selection of field `f`.
    fn doc_in(&self, f: usize, doc: usize, selected: &[String]) -> bool {
        selected.is_empty() || self.values[f][doc].iter().any(|v| selected.contains(v))
    }

    /// Whether `doc` satisfies every field's selection except `skip`.
    fn doc_selected(
        &self,
        doc: usize,
        selection: &[(usize, Vec<String>)],
        skip: Option<usize>,
    ) -> bool {
        selection
            .iter()
            .all(|(f, vals)| Some(*f) == skip || self.doc_in(*f, doc, vals))
    }

    /// Resolves a filter map into field positions; unknown fields are returned as errors.
    pub fn selection(
        &self,
        filters: &BTreeMap<String, Vec<String>>,
    ) -> Result<Vec<(usize, Vec<String>)>, String> {
        filters
            .iter()
            .map(|(field, vals)| match self.field_pos(field) {
                Some(p) => Ok((p, vals.clone())),
                None => Err(field.clone()),
            })
            .collect()
    }

    /// Documents of `matching` that satisfy the whole selection.
    pub fn apply(&self, matching: &[usize], selection: &[(usize, Vec<String>)]) -> Vec<usize> {
        matching
            .iter()
            .copied()
            .filter(|&d| self.doc_selected(d, selection, None))
            .collect()
    }

    /// Disjunctive counts over the documents matching the query.
    pub fn counts(&self, matching: &[usize], selection: &[(usize, Vec<String>)]) -> FacetCounts {
        let anything_selected = !selection.is_empty();
        let mut out = Vec::with_capacity(self.fields.len());
        for (f, spec) in self.fields.iter().enumerate() {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for &d in matching {
                if self.doc_selected(d, selection, Some(f)) {
                    for v in &self.values[f][d] {
                        *counts.entry(v.as_str()).or_default() += 1;
                    }
                }
            }
            if anything_selected {
                for v in &self.all_values[f] {
                    counts.entry(v.as_str()).or_default();
                }
            }
            let mut list: Vec<FacetCount> = counts
                .into_iter()
                .map(|(value, count)| FacetCount {
                    value: value.to_string(),
                    count,
                })
                .collect();
            match spec.kind {
                FacetKind::Year => list.sort_by(|a, b| b.value.cmp(&a.value)),
                FacetKind::Hierarchy => list.sort_by(|a, b| a.value.cmp(&b.value)),
                FacetKind::Values => {
                    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)))
                }
            }
            out.push((spec.field.clone(), list));
        }
        FacetCounts(out)
    }
}

fn expand(field: &FacetField, raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in raw {
        if field.kind == FacetKind::Hierarchy {
            let mut prefix = String::new();
            for (k, part) in v.split(field.separator.as_str()).enumerate() {
                if k > 0 {
                    prefix.push_str(&field.separator);
                }
                prefix.push_str(part);
                if !out.contains(&prefix) {
                    out.push(prefix.clone());
                }
            }
        } else if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}
