//! The entry file (`casesearch.idx`, kind `ENTR`): what every query needs, and
//! nothing that grows with the text of the corpus. Chunk files live in the
//! folder `cs/<generation>/` next to it, named by kind and number
//! (`k12.bin` posting chunk 12, `p3.bin` position chunk 3, `f57.bin` fragment of
//! document 57, `ids.bin` the id table). The generation is a hash of every chunk,
//! so a rebuilt index never mixes with files of an older one in a cache.
//!
//! ```text
//! payload     generator str, generation str, docs u32v
//!             facets: count × facet
//!             stop words strs (normalized)
//!             aliases: count × (names strs (canonical first), not_within strs, field str ("": none))
//!             collections: count × (file str, name labels, publication labels,
//!                                   publisher labels, published str)
//!             doc table: docs × (title_end u32v, body_start − title_end u32v,
//!                                body_len u32v, year u32v (0: none, else year + 1))
//!             per facet: values strs (the field's dictionary),
//!                        then docs × (count u32v, count × value number u32v)
//!             posting directory: strs (first key of each posting chunk)
//!             position directory: strs (first key of each position chunk)
//! facet       field str, kind u8 (0 values, 1 hierarchy, 2 year), separator str,
//!             label labels, values: count × (value str, labels)
//! labels      zh-CN str, zh-TW str, en str
//! ```
//! Document numbers follow the build's order: newest year first, then title, then id.

use super::codec::{Reader, Writer};
use super::header::Kind;
use super::keys::FieldBounds;
use super::IndexError;
use crate::corpus::{AliasGroup, Collection, FacetField, FacetKind, Labels};

/// What the engine keeps of each document without fetching anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocInfo {
    pub bounds: FieldBounds,
    pub year: Option<i32>,
}

/// The decoded entry file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    pub generator: String,
    pub generation: String,
    pub facets: Vec<FacetField>,
    pub stop_words: Vec<String>,
    pub aliases: Vec<AliasGroup>,
    pub collections: Vec<Collection>,
    pub docs: Vec<DocInfo>,
    /// `facet_values[f]`: every raw value of facet field `f`.
    pub facet_values: Vec<Vec<String>>,
    /// `doc_facets[f][d]`: the value numbers document `d` has in field `f`.
    pub doc_facets: Vec<Vec<Vec<u32>>>,
    pub key_dir: Vec<String>,
    pub pos_dir: Vec<String>,
}

fn kind_code(kind: FacetKind) -> u8 {
    match kind {
        FacetKind::Values => 0,
        FacetKind::Hierarchy => 1,
        FacetKind::Year => 2,
    }
}

fn write_labels(w: &mut Writer, l: &Labels) -> Result<(), IndexError> {
    w.str(&l.zh_cn)?;
    w.str(&l.zh_tw)?;
    w.str(&l.en)
}

fn read_labels(r: &mut Reader) -> Result<Labels, IndexError> {
    Ok(Labels {
        zh_cn: r.string()?,
        zh_tw: r.string()?,
        en: r.string()?,
    })
}

impl Entry {
    pub fn doc_count(&self) -> u32 {
        u32::try_from(self.docs.len()).unwrap_or(u32::MAX)
    }

    /// Name (relative to the `cs/` folder) of posting chunk `i`.
    pub fn key_chunk(&self, i: usize) -> String {
        format!("{}/k{i}.bin", self.generation)
    }
    pub fn pos_chunk(&self, i: usize) -> String {
        format!("{}/p{i}.bin", self.generation)
    }
    pub fn fragment(&self, doc: u32) -> String {
        format!("{}/f{doc}.bin", self.generation)
    }
    pub fn ids(&self) -> String {
        format!("{}/ids.bin", self.generation)
    }

    /// The kind of a chunk by its name (`<generation>/k12.bin` is a posting chunk).
    pub fn kind_of(name: &str) -> Option<Kind> {
        let file = name.rsplit('/').next()?.strip_suffix(".bin")?;
        match file.as_bytes().first()? {
            _ if file == "ids" => Some(Kind::Ids),
            b'k' => Some(Kind::Keys),
            b'p' => Some(Kind::Positions),
            b'f' => Some(Kind::Fragment),
            _ => None,
        }
    }

    /// The chunk of a directory that holds `key`, if any could.
    pub fn chunk_of(dir: &[String], key: &str) -> Option<usize> {
        match dir.binary_search_by(|k| k.as_str().cmp(key)) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    pub fn encode(&self) -> Result<Vec<u8>, IndexError> {
        let mut w = Writer::default();
        w.str(&self.generator)?;
        w.str(&self.generation)?;
        w.len(self.docs.len())?;
        w.len(self.facets.len())?;
        for f in &self.facets {
            w.str(&f.field)?;
            w.bytes.push(kind_code(f.kind));
            w.str(&f.separator)?;
            write_labels(&mut w, &f.label)?;
            w.len(f.values.len())?;
            for (value, labels) in &f.values {
                w.str(value)?;
                write_labels(&mut w, labels)?;
            }
        }
        w.strs(&self.stop_words)?;
        w.len(self.aliases.len())?;
        for g in &self.aliases {
            let names: Vec<String> = g.names().map(str::to_string).collect();
            w.strs(&names)?;
            w.strs(&g.not_within)?;
            w.str(g.field.as_deref().unwrap_or(""))?;
        }
        w.len(self.collections.len())?;
        for c in &self.collections {
            w.str(&c.file)?;
            write_labels(&mut w, &c.name)?;
            write_labels(&mut w, &c.publication)?;
            write_labels(&mut w, &c.publisher)?;
            w.str(&c.published)?;
        }
        for d in &self.docs {
            w.u32(d.bounds.title_end);
            w.u32(d.bounds.body_start - d.bounds.title_end);
            w.u32(d.bounds.body_len);
            w.u32(
                d.year
                    .and_then(|y| u32::try_from(y).ok())
                    .map_or(0, |y| y + 1),
            );
        }
        for (values, per_doc) in self.facet_values.iter().zip(&self.doc_facets) {
            w.strs(values)?;
            for ids in per_doc {
                w.len(ids.len())?;
                for &v in ids {
                    w.u32(v);
                }
            }
        }
        w.strs(&self.key_dir)?;
        w.strs(&self.pos_dir)?;
        Ok(w.bytes)
    }

    pub fn decode(payload: &[u8]) -> Result<Entry, IndexError> {
        let mut r = Reader::new(payload, "entry");
        let generator = r.string()?;
        let generation = r.string()?;
        if generation.is_empty() || !generation.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(r.error("bad generation"));
        }
        let n_docs = r.len()?;
        let n_facets = r.len()?;
        let mut facets = Vec::with_capacity(n_facets);
        for _ in 0..n_facets {
            let field = r.string()?;
            let kind = match r.bytes(1)?[0] {
                0 => FacetKind::Values,
                1 => FacetKind::Hierarchy,
                2 => FacetKind::Year,
                _ => return Err(r.error("unknown facet kind")),
            };
            let separator = r.string()?;
            let label = read_labels(&mut r)?;
            let n = r.len()?;
            let mut values = std::collections::BTreeMap::new();
            for _ in 0..n {
                let value = r.string()?;
                values.insert(value, read_labels(&mut r)?);
            }
            facets.push(FacetField {
                field,
                kind,
                separator,
                label,
                values,
            });
        }
        let stop_words = r.strings()?;
        let n_aliases = r.len()?;
        let mut aliases = Vec::with_capacity(n_aliases);
        for _ in 0..n_aliases {
            let mut names = r.strings()?.into_iter();
            let canonical = names
                .next()
                .ok_or_else(|| r.error("alias group without names"))?;
            let not_within = r.strings()?;
            let field = r.string()?;
            aliases.push(AliasGroup {
                canonical,
                aliases: names.collect(),
                field: (!field.is_empty()).then_some(field),
                not_within,
            });
        }
        let n_collections = r.len()?;
        let mut collections = Vec::with_capacity(n_collections);
        for _ in 0..n_collections {
            collections.push(Collection {
                file: r.string()?,
                name: read_labels(&mut r)?,
                publication: read_labels(&mut r)?,
                publisher: read_labels(&mut r)?,
                published: r.string()?,
            });
        }
        let mut docs = Vec::with_capacity(n_docs);
        for _ in 0..n_docs {
            let title_end = r.u32()?;
            let body_start = title_end
                .checked_add(r.u32()?)
                .ok_or_else(|| r.error("bad field bounds"))?;
            let body_len = r.u32()?;
            let year = r.u32()?.checked_sub(1).and_then(|y| i32::try_from(y).ok());
            docs.push(DocInfo {
                bounds: FieldBounds {
                    title_end,
                    body_start,
                    body_len,
                },
                year,
            });
        }
        let mut facet_values = Vec::with_capacity(n_facets);
        let mut doc_facets = Vec::with_capacity(n_facets);
        for _ in 0..n_facets {
            let values = r.strings()?;
            let mut per_doc = Vec::with_capacity(n_docs);
            for _ in 0..n_docs {
                let n = r.len()?;
                let ids = (0..n)
                    .map(|_| {
                        let v = r.u32()?;
                        if (v as usize) < values.len() {
                            Ok(v)
                        } else {
                            Err(r.error("facet value out of range"))
                        }
                    })
                    .collect::<Result<Vec<u32>, IndexError>>()?;
                per_doc.push(ids);
            }
            facet_values.push(values);
            doc_facets.push(per_doc);
        }
        let key_dir = r.strings()?;
        let pos_dir = r.strings()?;
        if !r.is_empty() {
            return Err(r.error("trailing bytes"));
        }
        for dir in [&key_dir, &pos_dir] {
            if dir.windows(2).any(|w| w[0] >= w[1]) {
                return Err(IndexError::Inconsistent(
                    "chunk directory out of order".into(),
                ));
            }
        }
        Ok(Entry {
            generator,
            generation,
            facets,
            stop_words,
            aliases,
            collections,
            docs,
            facet_values,
            doc_facets,
            key_dir,
            pos_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_lookup_finds_the_run_that_holds_a_key() {
        let dir: Vec<String> = ["b", "d", "f"].iter().map(|s| s.to_string()).collect();
        assert_eq!(Entry::chunk_of(&dir, "a"), None);
        assert_eq!(Entry::chunk_of(&dir, "b"), Some(0));
        assert_eq!(Entry::chunk_of(&dir, "c"), Some(0));
        assert_eq!(Entry::chunk_of(&dir, "e"), Some(1));
        assert_eq!(Entry::chunk_of(&dir, "z"), Some(2));
    }
}
