//! Search options, as given by the CLI flags or the widget's `search(query, options)`.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (for an empty query: newest first).
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    /// The name used in JSON, the CLI and the browser API.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    /// Reads a name written by [`Sort::name`].
    pub fn from_name(name: &str) -> Option<Sort> {
        Some(match name {
            "relevance" | "" => Sort::Relevance,
            "newest" => Sort::Newest,
            "oldest" => Sort::Oldest,
            _ => return None,
        })
    }
}

/// Options of one search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchOptions {
    /// Selected facet values: values of one field are ORed, fields are ANDed.
    #[serde(deserialize_with = "one_or_many")]
    pub filters: BTreeMap<String, Vec<String>>,
    /// Page size.
    pub limit: usize,
    /// Number of hits to skip.
    pub offset: usize,
    pub sort: Sort,
    /// Year range on the facet of kind `year`, ORed with that field's selected values.
    /// JSON: `{"from": 2020, "to": 2022}` (either end may be left out), a year, or `"2020..2022"`.
    pub year: Option<YearRange>,
}

/// Default page size.
pub const DEFAULT_LIMIT: usize = 10;
/// Largest page a caller may ask for.
pub const MAX_LIMIT: usize = 1000;

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            filters: BTreeMap::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            sort: Sort::Relevance,
            year: None,
        }
    }
}

/// An inclusive range of years; a missing end is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct YearRange {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// Why a year range cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YearRangeError {
    #[error("year range {text:?}: expected YEAR, FROM..TO, FROM.. or ..TO with 4-digit years, e.g. 2020..2022")]
    Malformed { text: String },
    #[error("year range {from}..{to} is empty: FROM must not be after TO")]
    Reversed { from: i32, to: i32 },
}

impl YearRange {
    /// A range of one year.
    pub fn year(y: i32) -> YearRange {
        YearRange {
            from: Some(y),
            to: Some(y),
        }
    }

    /// Parses `YEAR`, `FROM..TO`, `FROM..` or `..TO`.
    pub fn parse(text: &str) -> Result<YearRange, YearRangeError> {
        let malformed = || YearRangeError::Malformed {
            text: text.to_string(),
        };
        let year = |s: &str| -> Result<Option<i32>, YearRangeError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            s.parse().map(Some).map_err(|_| malformed())
        };
        let range = match text.trim().split_once("..") {
            Some((a, b)) => YearRange {
                from: year(a)?,
                to: year(b)?,
            },
            None => YearRange::year(year(text)?.ok_or_else(malformed)?),
        };
        if range.is_unbounded() {
            return Err(malformed());
        }
        range.checked()
    }

    /// Rejects a range whose start is after its end.
    pub fn checked(self) -> Result<YearRange, YearRangeError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(YearRangeError::Reversed { from, to }),
            _ => Ok(self),
        }
    }

    /// True when neither end is set (the range selects nothing in particular).
    pub fn is_unbounded(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether `year` lies in the range.
    pub fn contains(&self, year: i32) -> bool {
        !matches!(self.from, Some(f) if year < f) && !matches!(self.to, Some(t) if year > t)
    }
}

impl fmt::Display for YearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(from) = self.from {
            write!(f, "{from}")?;
        }
        f.write_str("..")?;
        if let Some(to) = self.to {
            write!(f, "{to}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for YearRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<YearRange, D::Error> {
        d.deserialize_any(YearRangeVisitor)
    }
}

struct YearRangeVisitor;

fn year_from_number<E: de::Error>(v: f64) -> Result<i32, E> {
    if v.fract() == 0.0 && (0.0..=9999.0).contains(&v) {
        Ok(v as i32)
    } else {
        // No float formatting here: it would add ~15 KB to the browser module.
        Err(E::custom("a year must be a whole number from 0 to 9999"))
    }
}

impl<'de> Visitor<'de> for YearRangeVisitor {
    type Value = YearRange;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a year range: {\"from\": YEAR, \"to\": YEAR} (either may be left out), a year, or \"FROM..TO\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<YearRange, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<YearRange, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<YearRange, E> {
        Ok(YearRange::year(year_from_number(v)?))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<YearRange, E> {
        YearRange::parse(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YearRange, A::Error> {
        let mut range = YearRange::default();
        while let Some(key) = map.next_key::<String>()? {
            let value: Option<f64> = map.next_value()?;
            let value = value.map(year_from_number).transpose()?;
            match key.as_str() {
                "from" => range.from = value,
                "to" => range.to = value,
                other => {
                    return Err(de::Error::unknown_field(other, &["from", "to"]));
                }
            }
        }
        range.checked().map_err(de::Error::custom)
    }
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let raw: BTreeMap<String, OneOrMany> = BTreeMap::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                OneOrMany::One(s) => vec![s],
                OneOrMany::Many(v) => v,
            };
            (k, v)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_range_parses_every_documented_form() {
        let r = |from, to| Ok(YearRange { from, to });
        assert_eq!(YearRange::parse("2020..2022"), r(Some(2020), Some(2022)));
        assert_eq!(YearRange::parse("2020.."), r(Some(2020), None));
        assert_eq!(YearRange::parse("..2022"), r(None, Some(2022)));
        assert_eq!(YearRange::parse(" 2021 "), r(Some(2021), Some(2021)));
        assert_eq!(YearRange::parse("2021..2021"), r(Some(2021), Some(2021)));
    }

    #[test]
    fn malformed_year_ranges_name_the_expected_form() {
        for bad in [
            "",
            "..",
            "20",
            "2020-2022",
            "2020..2022..2024",
            "二〇二〇",
            "+2020",
        ] {
            let err = YearRange::parse(bad).unwrap_err();
            assert!(matches!(err, YearRangeError::Malformed { .. }), "{bad}");
            assert!(err.to_string().contains("FROM..TO"), "{err}");
        }
        assert_eq!(
            YearRange::parse("2022..2020"),
            Err(YearRangeError::Reversed {
                from: 2022,
                to: 2020
            })
        );
    }

    #[test]
    fn year_range_display_round_trips_through_parse() {
        for text in ["2020..2022", "2020..", "..2022"] {
            assert_eq!(YearRange::parse(text).unwrap().to_string(), text);
        }
    }
}
