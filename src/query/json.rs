//! The one JSON writer of `search`, `show` and `info`: the CLI prints its output
//! and the browser module returns it as text, so both give the same bytes by
//! construction. Hand-written because serde's serializers would add tens of
//! kilobytes (and float formatting) to the browser module.

use super::request::{Sort, YearRange};
use super::response::{FacetCount, Hit, IndexInfo, SearchResponse, ShownDoc};
use crate::corpus::{Collection, FacetField, FacetKind, Labels, Source};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A JSON text under construction.
#[derive(Default)]
pub struct Json {
    out: String,
    /// Whether the next value in the current object or array needs a comma first.
    comma: Vec<bool>,
}

impl Json {
    fn sep(&mut self) {
        if let Some(c) = self.comma.last_mut() {
            if *c {
                self.out.push(',');
            }
            *c = true;
        }
    }

    pub fn open(&mut self, bracket: char) -> &mut Self {
        self.sep();
        self.out.push(bracket);
        self.comma.push(false);
        self
    }

    pub fn close(&mut self, bracket: char) -> &mut Self {
        self.out.push(bracket);
        self.comma.pop();
        self
    }

    /// An object key; exactly one value must follow, then [`Json::value_done`].
    pub fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        self.quote(k);
        self.out.push(':');
        // A level for the value alone, so that it writes no comma.
        self.comma.push(false);
        self
    }

    /// Ends the value of a key.
    pub fn value_done(&mut self) {
        self.comma.pop();
    }

    fn quote(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Values that know how to write themselves.
pub trait ToJson {
    fn write(&self, j: &mut Json);

    fn to_json(&self) -> String {
        let mut j = Json::default();
        self.write(&mut j);
        j.finish()
    }
}

/// Writes one member `"key": value` of the object being written.
fn member<T: ToJson + ?Sized>(j: &mut Json, key: &str, v: &T) {
    j.key(key);
    v.write(j);
    j.value_done();
}

impl ToJson for str {
    fn write(&self, j: &mut Json) {
        j.sep();
        j.quote(self);
    }
}

impl ToJson for String {
    fn write(&self, j: &mut Json) {
        self.as_str().write(j);
    }
}

impl ToJson for bool {
    fn write(&self, j: &mut Json) {
        j.sep();
        j.out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for usize {
    fn write(&self, j: &mut Json) {
        j.sep();
        let _ = write!(j.out, "{self}");
    }
}

impl ToJson for u32 {
    fn write(&self, j: &mut Json) {
        j.sep();
        let _ = write!(j.out, "{self}");
    }
}

impl ToJson for i32 {
    fn write(&self, j: &mut Json) {
        j.sep();
        let _ = write!(j.out, "{self}");
    }
}

/// A score, already rounded to four decimals: written with integer arithmetic
/// (no float formatting code in the browser module).
pub struct Score(pub f64);

impl ToJson for Score {
    fn write(&self, j: &mut Json) {
        j.sep();
        let scaled = libm::round(self.0 * 10_000.0);
        if !scaled.is_finite() || scaled.abs() > 9.0e15 {
            j.out.push('0');
            return;
        }
        // |scaled| < 9e15 < 2^63 and it is whole: the conversion is exact.
        #[allow(clippy::cast_possible_truncation, reason = "range checked above")]
        let v = scaled as i64;
        let (sign, v) = if v < 0 { ("-", -v) } else { ("", v) };
        let (int, frac) = (v / 10_000, v % 10_000);
        let _ = write!(j.out, "{sign}{int}");
        if frac == 0 {
            j.out.push_str(".0");
        } else {
            let digits = format!("{frac:04}");
            j.out.push('.');
            j.out.push_str(digits.trim_end_matches('0'));
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write(&self, j: &mut Json) {
        j.open('[');
        for v in self {
            v.write(j);
        }
        j.close(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write(&self, j: &mut Json) {
        self.as_slice().write(j);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write(&self, j: &mut Json) {
        match self {
            Some(v) => v.write(j),
            None => {
                j.sep();
                j.out.push_str("null");
            }
        }
    }
}

impl ToJson for [u32; 2] {
    fn write(&self, j: &mut Json) {
        self.as_slice().write(j);
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn write(&self, j: &mut Json) {
        j.open('{');
        for (k, v) in self {
            member(j, k, v);
        }
        j.close('}');
    }
}

impl ToJson for Source {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "file", &self.file);
        member(j, "segments", &self.segments);
        j.close('}');
    }
}

impl ToJson for Sort {
    fn write(&self, j: &mut Json) {
        self.name().write(j);
    }
}

impl ToJson for YearRange {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "from", &self.from);
        member(j, "to", &self.to);
        j.close('}');
    }
}

impl ToJson for super::Truncated {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "words", &self.words);
        member(j, "chars", &self.chars);
        j.close('}');
    }
}

impl ToJson for FacetCount {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "value", &self.value);
        member(j, "count", &self.count);
        member(j, "selected", &self.selected);
        j.close('}');
    }
}

impl ToJson for Hit {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "id", &self.id);
        member(j, "title", &self.title);
        member(j, "title_html", &self.title_html);
        member(j, "score", &Score(self.score));
        member(j, "snippet", &self.snippet);
        member(j, "facets", &self.facets);
        member(j, "source", &self.source);
        member(j, "also_in", &self.also_in);
        j.close('}');
    }
}

impl ToJson for SearchResponse {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "query", &self.query);
        member(j, "total", &self.total);
        member(j, "hits", &self.hits);
        j.key("facets");
        j.open('{');
        for (field, counts) in &self.facets.0 {
            member(j, field, counts);
        }
        j.close('}');
        j.value_done();
        member(j, "partial", &self.partial);
        member(j, "ignored", &self.ignored);
        member(j, "offset", &self.offset);
        member(j, "limit", &self.limit);
        member(j, "sort", &self.sort);
        member(j, "filters", &self.filters);
        member(j, "year", &self.year);
        member(j, "truncated", &self.truncated);
        j.close('}');
    }
}

impl ToJson for ShownDoc {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "id", &self.id);
        member(j, "title", &self.title);
        member(j, "text", &self.text);
        member(j, "title_html", &self.title_html);
        member(j, "text_html", &self.text_html);
        member(j, "facets", &self.facets);
        member(j, "source", &self.source);
        member(j, "also_in", &self.also_in);
        member(j, "products", &self.products);
        member(j, "title_is_editorial", &self.title_is_editorial);
        j.close('}');
    }
}

impl ToJson for FacetField {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "field", &self.field);
        let kind = match self.kind {
            FacetKind::Values => "values",
            FacetKind::Hierarchy => "hierarchy",
            FacetKind::Year => "year",
        };
        member(j, "kind", kind);
        member(j, "separator", &self.separator);
        member(j, "label", &self.label);
        member(j, "values", &self.values);
        j.close('}');
    }
}

impl ToJson for Labels {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "zh-CN", &self.zh_cn);
        member(j, "zh-TW", &self.zh_tw);
        member(j, "en", &self.en);
        j.close('}');
    }
}

impl ToJson for Collection {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "file", &self.file);
        member(j, "name", &self.name);
        member(j, "publication", &self.publication);
        member(j, "publisher", &self.publisher);
        member(j, "published", &self.published);
        j.close('}');
    }
}

impl ToJson for IndexInfo {
    fn write(&self, j: &mut Json) {
        j.open('{');
        member(j, "format_version", &self.format_version);
        member(j, "generator", &self.generator);
        member(j, "documents", &self.documents);
        member(j, "facets", &self.facets);
        member(j, "collections", &self.collections);
        j.close('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_values_get_commas_only_between_members() {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        m.insert("a".into(), vec!["x".into(), "y\"\n".into()]);
        m.insert("b".into(), vec![]);
        assert_eq!(m.to_json(), r#"{"a":["x","y\"\n"],"b":[]}"#);
        let s = Source {
            file: "f".into(),
            segments: vec![[1, 2], [3, 4]],
        };
        assert_eq!(
            vec![s.clone(), s].to_json(),
            r#"[{"file":"f","segments":[[1,2],[3,4]]},{"file":"f","segments":[[1,2],[3,4]]}]"#
        );
    }

    #[test]
    fn scores_print_like_decimals_without_float_formatting() {
        for (v, s) in [
            (12.3456, "12.3456"),
            (3.0, "3.0"),
            (0.05, "0.05"),
            (-1.5, "-1.5"),
            (0.0001, "0.0001"),
        ] {
            assert_eq!(Score(v).to_json(), s);
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!("\u{1b}[2J".to_json(), r#""\u001b[2J""#);
    }
}
