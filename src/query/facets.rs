//! Facet selection and disjunctive counting.
//!
//! Values of one field are ORed and fields are ANDed. The count shown next to a
//! value is the number of results the user would get with that value, given the
//! query and the selections in *other* fields, so a count never lies.
//!
//! - Hierarchies: a document with `云南/曲靖` also has `云南`, so selecting the
//!   province matches all its cities and selecting `云南/曲靖` only that city.
//!   Both selected is their union, that is the whole province.
//! - Years: the field of kind `year` also takes a range, ORed with its selected
//!   values like one more value; a document matches the range when one of its
//!   years lies in it.
//! - While anything is selected, every value of every field is listed, those
//!   without results with count 0, so the widget can show them muted.
//!
//! Order of the values in a field, deterministic and independent of the field's
//! own selection (toggling a value never reorders its list):
//! plain values by count (descending) then value; years newest first;
//! hierarchies depth-first, each parent followed by its children, siblings by
//! count then value.

use super::request::YearRange;
use super::response::{FacetCount, FacetCounts};
use crate::corpus::{FacetField, FacetKind};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Facet values of every document, expanded for hierarchies (`云南/曲靖` also counts as `云南`).
#[derive(Debug, Clone)]
pub struct FacetIndex {
    fields: Vec<FacetField>,
    /// `values[f][d]`: the values document `d` has in field `f` (expanded).
    values: Vec<Vec<Vec<String>>>,
    /// Position of the field of kind `year`, if the config has one.
    year_field: Option<usize>,
    /// `years[d]`: the years of document `d` in that field.
    years: Vec<Vec<i32>>,
    /// Every value of each field, for listing zero counts.
    all_values: Vec<BTreeSet<String>>,
}

/// What is selected in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldSelection {
    field: usize,
    values: Vec<String>,
    range: Option<YearRange>,
}

/// A facet selection resolved against an index: only the fields with something selected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    fields: Vec<FieldSelection>,
}

impl Selection {
    /// True when any value or year range is selected.
    pub fn is_active(&self) -> bool {
        !self.fields.is_empty()
    }

    /// The selected year range, if any.
    pub fn year(&self) -> Option<YearRange> {
        self.fields.iter().find_map(|s| s.range)
    }

    fn of(&self, field: usize) -> Option<&FieldSelection> {
        self.fields.iter().find(|s| s.field == field)
    }
}

impl FacetIndex {
    pub fn new(fields: &[FacetField], docs: &[BTreeMap<String, Vec<String>>]) -> FacetIndex {
        let mut values = Vec::with_capacity(fields.len());
        let mut all_values = Vec::with_capacity(fields.len());
        for f in fields {
            let per_doc: Vec<Vec<String>> = docs
                .iter()
                .map(|d| {
                    let raw = d.get(&f.field).map(Vec::as_slice).unwrap_or(&[]);
                    expand(f, raw)
                })
                .collect();
            all_values.push(per_doc.iter().flatten().cloned().collect());
            values.push(per_doc);
        }
        let year_field = fields.iter().position(|f| f.kind == FacetKind::Year);
        let years = match year_field {
            Some(y) => values[y]
                .iter()
                .map(|vs| vs.iter().filter_map(|v| v.trim().parse().ok()).collect())
                .collect(),
            None => vec![Vec::new(); docs.len()],
        };
        FacetIndex {
            fields: fields.to_vec(),
            values,
            year_field,
            years,
            all_values,
        }
    }

    fn field_pos(&self, field: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.field == field)
    }

    /// Whether document `doc` satisfies the selection of one field.
    fn doc_in(&self, sel: &FieldSelection, doc: usize) -> bool {
        let by_value = || {
            self.values[sel.field][doc]
                .iter()
                .any(|v| sel.values.contains(v))
        };
        let by_range = || {
            sel.range
                .is_some_and(|r| self.years[doc].iter().any(|&y| r.contains(y)))
        };
        by_value() || by_range()
    }

    /// Whether `doc` satisfies every field's selection except `skip`.
    fn doc_selected(&self, doc: usize, selection: &Selection, skip: Option<usize>) -> bool {
        selection
            .fields
            .iter()
            .all(|s| Some(s.field) == skip || self.doc_in(s, doc))
    }

    /// Resolves a filter map and a year range into a selection. An unknown field
    /// (or a year range when no field is of kind `year`) is returned as the error.
    pub fn selection(
        &self,
        filters: &BTreeMap<String, Vec<String>>,
        year: Option<&YearRange>,
    ) -> Result<Selection, String> {
        let mut fields: Vec<FieldSelection> = Vec::new();
        for (name, vals) in filters {
            let field = self.field_pos(name).ok_or_else(|| name.clone())?;
            let mut values: Vec<String> = Vec::new();
            for v in vals {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
            if !values.is_empty() {
                fields.push(FieldSelection {
                    field,
                    values,
                    range: None,
                });
            }
        }
        if let Some(range) = year.filter(|r| !r.is_unbounded()) {
            let field = self.year_field.ok_or_else(|| "year".to_string())?;
            match fields.iter_mut().find(|s| s.field == field) {
                Some(s) => s.range = Some(*range),
                None => fields.push(FieldSelection {
                    field,
                    values: Vec::new(),
                    range: Some(*range),
                }),
            }
        }
        fields.sort_by_key(|s| s.field);
        Ok(Selection { fields })
    }

    /// Documents of `matching` that satisfy the whole selection, in the order given.
    pub fn apply(&self, matching: &[usize], selection: &Selection) -> Vec<usize> {
        matching
            .iter()
            .copied()
            .filter(|&d| self.doc_selected(d, selection, None))
            .collect()
    }

    /// Disjunctive counts over the documents matching the query.
    pub fn counts(&self, matching: &[usize], selection: &Selection) -> FacetCounts {
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
            let selected: &[String] = selection.of(f).map_or(&[], |s| s.values.as_slice());
            if selection.is_active() {
                for v in self.all_values[f].iter().chain(selected) {
                    counts.entry(v.as_str()).or_default();
                }
            }
            let mut list: Vec<FacetCount> = counts
                .into_iter()
                .map(|(value, count)| FacetCount {
                    value: value.to_string(),
                    count,
                    selected: selected.iter().any(|s| s == value),
                })
                .collect();
            order_values(spec, &mut list);
            out.push((spec.field.clone(), list));
        }
        FacetCounts(out)
    }
}

/// Sorts one field's values for display (see the module documentation).
fn order_values(spec: &FacetField, list: &mut [FacetCount]) {
    match spec.kind {
        FacetKind::Values => list.sort_by(by_count_then_value),
        FacetKind::Year => list.sort_by(|a, b| {
            let year = |c: &FacetCount| c.value.trim().parse::<i32>().ok();
            // Years newest first; anything that is not a year after them.
            match (year(a), year(b)) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then_with(|| a.value.cmp(&b.value))
        }),
        FacetKind::Hierarchy => {
            let sep = spec.separator.as_str();
            let count_of: BTreeMap<String, usize> =
                list.iter().map(|c| (c.value.clone(), c.count)).collect();
            // Key: for every level of the path, (count of that ancestor, its name).
            let key = |value: &str| -> Vec<(usize, String)> {
                let mut path = String::new();
                value
                    .split(sep)
                    .enumerate()
                    .map(|(k, part)| {
                        if k > 0 {
                            path.push_str(sep);
                        }
                        path.push_str(part);
                        (count_of.get(&path).copied().unwrap_or(0), part.to_string())
                    })
                    .collect()
            };
            list.sort_by_cached_key(|c| {
                key(&c.value)
                    .into_iter()
                    .map(|(count, part)| (std::cmp::Reverse(count), part))
                    .collect::<Vec<_>>()
            });
        }
    }
}

fn by_count_then_value(a: &FacetCount, b: &FacetCount) -> Ordering {
    b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Labels;

    fn field(name: &str, kind: FacetKind) -> FacetField {
        FacetField {
            field: name.to_string(),
            kind,
            separator: "/".to_string(),
            label: Labels::default(),
            values: Default::default(),
        }
    }

    fn doc(_id: &str, facets: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        facets
            .iter()
            .map(|(f, vs)| (f.to_string(), vs.iter().map(|v| v.to_string()).collect()))
            .collect()
    }

    /// Five documents: institution (values), region (hierarchy), year.
    fn index() -> FacetIndex {
        let fields = [
            field("inst", FacetKind::Values),
            field("region", FacetKind::Hierarchy),
            field("year", FacetKind::Year),
        ];
        let docs = [
            doc(
                "d0",
                &[
                    ("inst", &["A"]),
                    ("region", &["云南/曲靖"]),
                    ("year", &["2020"]),
                ],
            ),
            doc(
                "d1",
                &[
                    ("inst", &["B"]),
                    ("region", &["云南/昆明"]),
                    ("year", &["2021"]),
                ],
            ),
            doc(
                "d2",
                &[
                    ("inst", &["A"]),
                    ("region", &["贵州/贵阳"]),
                    ("year", &["2022"]),
                ],
            ),
            doc(
                "d3",
                &[("inst", &["C"]), ("region", &["云南"]), ("year", &["2019"])],
            ),
            doc("d4", &[("inst", &["B", "C"]), ("region", &["贵州"])]),
        ];
        FacetIndex::new(&fields, &docs)
    }

    const ALL: [usize; 5] = [0, 1, 2, 3, 4];

    fn filters(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(f, vs)| (f.to_string(), vs.iter().map(|v| v.to_string()).collect()))
            .collect()
    }

    fn hits(ix: &FacetIndex, pairs: &[(&str, &[&str])], year: Option<YearRange>) -> Vec<usize> {
        let sel = ix.selection(&filters(pairs), year.as_ref()).unwrap();
        ix.apply(&ALL, &sel)
    }

    fn counts(
        ix: &FacetIndex,
        pairs: &[(&str, &[&str])],
        year: Option<YearRange>,
        field: &str,
    ) -> Vec<(String, usize)> {
        let sel = ix.selection(&filters(pairs), year.as_ref()).unwrap();
        ix.counts(&ALL, &sel)
            .get(field)
            .unwrap()
            .iter()
            .map(|c| (c.value.clone(), c.count))
            .collect()
    }

    fn owned(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|(v, c)| (v.to_string(), *c)).collect()
    }

    #[test]
    fn selecting_a_province_matches_all_its_cities_and_the_province_itself() {
        assert_eq!(
            hits(&index(), &[("region", &["云南"])], None),
            vec![0, 1, 3]
        );
    }

    #[test]
    fn selecting_a_city_matches_only_that_city() {
        assert_eq!(hits(&index(), &[("region", &["云南/曲靖"])], None), vec![0]);
    }

    #[test]
    fn province_and_one_of_its_cities_together_select_the_whole_province() {
        let ix = index();
        assert_eq!(
            hits(&ix, &[("region", &["云南", "云南/曲靖"])], None),
            vec![0, 1, 3]
        );
        assert_eq!(
            hits(&ix, &[("region", &["云南/曲靖", "贵州/贵阳"])], None),
            vec![0, 2]
        );
    }

    #[test]
    fn values_of_one_field_are_ored_and_different_fields_anded() {
        let ix = index();
        assert_eq!(hits(&ix, &[("inst", &["A", "C"])], None), vec![0, 2, 3, 4]);
        assert_eq!(
            hits(&ix, &[("inst", &["A", "C"]), ("region", &["云南"])], None),
            vec![0, 3]
        );
    }

    #[test]
    fn counts_ignore_the_fields_own_selection_but_apply_the_others() {
        let ix = index();
        let sel: &[(&str, &[&str])] = &[("inst", &["A"]), ("region", &["云南"])];
        // inst counts: region=云南 only (d0 A, d1 B, d3 C).
        assert_eq!(
            counts(&ix, sel, None, "inst"),
            owned(&[("A", 1), ("B", 1), ("C", 1)])
        );
        // region counts: inst=A only (d0 云南/曲靖, d2 贵州/贵阳).
        assert_eq!(
            counts(&ix, sel, None, "region"),
            owned(&[
                ("云南", 1),
                ("云南/曲靖", 1),
                ("云南/昆明", 0),
                ("贵州", 1),
                ("贵州/贵阳", 1),
            ])
        );
    }

    #[test]
    fn zero_count_values_are_listed_only_while_something_is_selected() {
        let ix = index();
        let none = ix.selection(&BTreeMap::new(), None).unwrap();
        let few: Vec<usize> = vec![0];
        let listed: Vec<String> = ix
            .counts(&few, &none)
            .get("inst")
            .unwrap()
            .iter()
            .map(|c| c.value.clone())
            .collect();
        assert_eq!(listed, vec!["A"]);
        let some = ix
            .selection(&filters(&[("region", &["云南"])]), None)
            .unwrap();
        let counts = ix.counts(&few, &some);
        let inst: Vec<(String, usize)> = counts
            .get("inst")
            .unwrap()
            .iter()
            .map(|c| (c.value.clone(), c.count))
            .collect();
        assert_eq!(inst, owned(&[("A", 1), ("B", 0), ("C", 0)]));
    }

    #[test]
    fn a_selected_value_unknown_to_the_index_is_listed_selected_with_count_zero() {
        let ix = index();
        let sel = ix.selection(&filters(&[("inst", &["Z"])]), None).unwrap();
        assert!(ix.apply(&ALL, &sel).is_empty());
        let counts = ix.counts(&ALL, &sel);
        let z = counts
            .get("inst")
            .unwrap()
            .iter()
            .find(|c| c.value == "Z")
            .unwrap();
        assert_eq!((z.count, z.selected), (0, true));
    }

    #[test]
    fn selected_marks_exactly_the_values_in_the_filters() {
        let ix = index();
        let sel = ix
            .selection(
                &filters(&[("region", &["云南"])]),
                Some(&YearRange::year(2020)),
            )
            .unwrap();
        let counts = ix.counts(&ALL, &sel);
        let marked = |f: &str| -> Vec<String> {
            counts
                .get(f)
                .unwrap()
                .iter()
                .filter(|c| c.selected)
                .map(|c| c.value.clone())
                .collect()
        };
        assert_eq!(marked("region"), vec!["云南"]);
        assert!(marked("inst").is_empty());
        assert!(marked("year").is_empty());
    }

    #[test]
    fn year_range_is_inclusive_and_open_ends_are_unbounded() {
        let ix = index();
        let range = |from, to| Some(YearRange { from, to });
        assert_eq!(hits(&ix, &[], range(Some(2020), Some(2021))), vec![0, 1]);
        assert_eq!(hits(&ix, &[], range(Some(2021), None)), vec![1, 2]);
        assert_eq!(hits(&ix, &[], range(None, Some(2019))), vec![3]);
        // An unbounded range selects nothing in particular.
        assert_eq!(hits(&ix, &[], range(None, None)), ALL.to_vec());
    }

    #[test]
    fn documents_without_a_year_never_match_a_year_range() {
        assert!(!hits(
            &index(),
            &[],
            Some(YearRange {
                from: None,
                to: Some(9999)
            })
        )
        .contains(&4));
    }

    #[test]
    fn year_range_is_ored_with_year_values_and_anded_with_other_fields() {
        let ix = index();
        let range = Some(YearRange {
            from: Some(2021),
            to: Some(2022),
        });
        assert_eq!(hits(&ix, &[("year", &["2019"])], range), vec![1, 2, 3]);
        assert_eq!(hits(&ix, &[("inst", &["A"])], range), vec![2]);
    }

    #[test]
    fn year_counts_ignore_the_year_range_and_values() {
        let ix = index();
        let range = Some(YearRange {
            from: Some(2021),
            to: Some(2022),
        });
        assert_eq!(
            counts(&ix, &[("inst", &["A"]), ("year", &["2019"])], range, "year"),
            owned(&[("2022", 1), ("2021", 0), ("2020", 1), ("2019", 0)])
        );
        // Other fields' counts do apply the year range.
        assert_eq!(
            counts(&ix, &[], range, "inst"),
            owned(&[("A", 1), ("B", 1), ("C", 0)])
        );
    }

    #[test]
    fn unknown_field_and_year_range_without_year_field_are_errors() {
        let ix = index();
        assert_eq!(
            ix.selection(&filters(&[("nope", &["x"])]), None),
            Err("nope".to_string())
        );
        let no_year = FacetIndex::new(&[field("inst", FacetKind::Values)], &[]);
        assert_eq!(
            no_year.selection(&BTreeMap::new(), Some(&YearRange::year(2020))),
            Err("year".to_string())
        );
    }

    #[test]
    fn values_are_ordered_by_count_then_value() {
        let ix = index();
        assert_eq!(
            counts(&ix, &[], None, "inst"),
            owned(&[("B", 2), ("C", 2), ("A", 2)])
                .into_iter()
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        let docs = [
            doc("x", &[("inst", &["B"])]),
            doc("y", &[("inst", &["B", "A"])]),
            doc("z", &[("inst", &["C"])]),
        ];
        let small = FacetIndex::new(&[field("inst", FacetKind::Values)], &docs);
        let sel = small.selection(&BTreeMap::new(), None).unwrap();
        let order: Vec<String> = small
            .counts(&[0, 1, 2], &sel)
            .get("inst")
            .unwrap()
            .iter()
            .map(|c| c.value.clone())
            .collect();
        assert_eq!(order, vec!["B", "A", "C"]);
    }

    #[test]
    fn years_are_ordered_newest_first() {
        let order: Vec<String> = counts(&index(), &[], None, "year")
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        assert_eq!(order, vec!["2022", "2021", "2020", "2019"]);
    }

    #[test]
    fn hierarchy_lists_each_parent_then_its_children_by_count() {
        let docs = [
            doc("a", &[("region", &["贵州/贵阳"])]),
            doc("b", &[("region", &["贵州/遵义"])]),
            doc("c", &[("region", &["贵州/遵义"])]),
            doc("d", &[("region", &["云南/曲靖"])]),
            doc("e", &[("region", &["贵州"])]),
        ];
        let ix = FacetIndex::new(&[field("region", FacetKind::Hierarchy)], &docs);
        let sel = ix.selection(&BTreeMap::new(), None).unwrap();
        let order: Vec<(String, usize)> = ix
            .counts(&[0, 1, 2, 3, 4], &sel)
            .get("region")
            .unwrap()
            .iter()
            .map(|c| (c.value.clone(), c.count))
            .collect();
        assert_eq!(
            order,
            owned(&[
                ("贵州", 4),
                ("贵州/遵义", 2),
                ("贵州/贵阳", 1),
                ("云南", 1),
                ("云南/曲靖", 1),
            ])
        );
    }
}
