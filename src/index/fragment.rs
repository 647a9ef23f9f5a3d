//! Document fragments (`FRAG`, one file per document) and the id table (`IDS_`).
//! A fragment is everything needed to show a document: fetched only for the
//! hits on the page and the case being read.
//!
//! ```text
//! fragment  id str, title str, flags u8 (bit 0: editorial title),
//!           products strs, facets: count u32v × (field str, values strs),
//!           source, also_in: count u32v × source, text str
//! source    file str, count u32v × (first line u32v, last line u32v)
//! strs      count u32v × str
//! ids       count u32v × (id str, doc u32v), ids ascending
//! ```

use super::codec::{Reader, Writer};
use super::IndexError;
use crate::corpus::Source;
use std::collections::BTreeMap;

/// A document as shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragment {
    pub id: String,
    pub title: String,
    pub title_is_editorial: bool,
    pub products: Vec<String>,
    pub facets: BTreeMap<String, Vec<String>>,
    pub source: Source,
    pub also_in: Vec<Source>,
    pub text: String,
}

fn write_source(w: &mut Writer, s: &Source) -> Result<(), IndexError> {
    w.str(&s.file)?;
    w.len(s.segments.len())?;
    for [a, b] in &s.segments {
        w.u32(*a);
        w.u32(*b);
    }
    Ok(())
}

fn read_source(r: &mut Reader) -> Result<Source, IndexError> {
    let file = r.string()?;
    let n = r.len()?;
    let segments = (0..n)
        .map(|_| Ok([r.u32()?, r.u32()?]))
        .collect::<Result<_, IndexError>>()?;
    Ok(Source { file, segments })
}

impl Fragment {
    pub fn encode(&self) -> Result<Vec<u8>, IndexError> {
        let mut w = Writer::default();
        w.str(&self.id)?;
        w.str(&self.title)?;
        w.bytes.push(u8::from(self.title_is_editorial));
        w.strs(&self.products)?;
        w.len(self.facets.len())?;
        for (field, values) in &self.facets {
            w.str(field)?;
            w.strs(values)?;
        }
        write_source(&mut w, &self.source)?;
        w.len(self.also_in.len())?;
        for s in &self.also_in {
            write_source(&mut w, s)?;
        }
        w.str(&self.text)?;
        Ok(w.bytes)
    }

    pub fn decode(payload: &[u8]) -> Result<Fragment, IndexError> {
        let mut r = Reader::new(payload, "document fragment");
        let id = r.string()?;
        let title = r.string()?;
        let flags = r.bytes(1)?[0];
        let products = r.strings()?;
        let n = r.len()?;
        let mut facets = BTreeMap::new();
        for _ in 0..n {
            let field = r.string()?;
            facets.insert(field, r.strings()?);
        }
        let source = read_source(&mut r)?;
        let n = r.len()?;
        let also_in = (0..n)
            .map(|_| read_source(&mut r))
            .collect::<Result<_, _>>()?;
        let text = r.string()?;
        if !r.is_empty() {
            return Err(r.error("trailing bytes"));
        }
        Ok(Fragment {
            id,
            title,
            title_is_editorial: flags & 1 == 1,
            products,
            facets,
            source,
            also_in,
            text,
        })
    }
}

/// Document ids and numbers, ids ascending: what `show(id)` looks up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdTable {
    pub ids: Vec<(String, u32)>,
}

impl IdTable {
    pub fn get(&self, id: &str) -> Option<u32> {
        self.ids
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
            .ok()
            .map(|i| self.ids[i].1)
    }

    pub fn encode(&self) -> Result<Vec<u8>, IndexError> {
        let mut w = Writer::default();
        w.len(self.ids.len())?;
        for (id, doc) in &self.ids {
            w.str(id)?;
            w.u32(*doc);
        }
        Ok(w.bytes)
    }

    pub fn decode(payload: &[u8], docs: u32) -> Result<IdTable, IndexError> {
        let mut r = Reader::new(payload, "id table");
        let n = r.len()?;
        let mut ids: Vec<(String, u32)> = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.string()?;
            let doc = r.u32()?;
            if doc >= docs || ids.last().is_some_and(|(k, _)| *k >= id) {
                return Err(r.error("ids out of order or out of range"));
            }
            ids.push((id, doc));
        }
        Ok(IdTable { ids })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_round_trip() {
        let f = Fragment {
            id: "000-01".into(),
            title: "标题".into(),
            title_is_editorial: true,
            products: vec!["科创e贷".into()],
            facets: [("year".to_string(), vec!["2022".to_string()])]
                .into_iter()
                .collect(),
            source: Source {
                file: "000.txt".into(),
                segments: vec![[3, 9]],
            },
            also_in: vec![Source {
                file: "001.txt".into(),
                segments: vec![],
            }],
            text: "正文。\n\n第二段。".into(),
        };
        let bytes = f.encode().unwrap();
        assert_eq!(Fragment::decode(&bytes).unwrap(), f);
        assert!(Fragment::decode(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn id_tables_round_trip_and_reject_disorder() {
        let t = IdTable {
            ids: vec![("a".into(), 1), ("b".into(), 0)],
        };
        let bytes = t.encode().unwrap();
        assert_eq!(IdTable::decode(&bytes, 2).unwrap().get("b"), Some(0));
        assert!(IdTable::decode(&bytes, 1).is_err());
        let bad = IdTable {
            ids: vec![("b".into(), 1), ("a".into(), 0)],
        }
        .encode()
        .unwrap();
        assert!(IdTable::decode(&bad, 2).is_err());
    }
}
