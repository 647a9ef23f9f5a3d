//! Posting chunks (`KEYS`): for unigram and bigram keys, the documents that
//! contain them and how often, per field. A chunk holds a run of keys in sorted
//! order; the entry file lists the first key of every chunk.
//!
//! ```text
//! payload   count u32v, then count × key
//! key       key str, df u32v, then df × entry
//! entry     doc delta u32v (from the previous doc of this key, first from 0),
//!           tf_title u32v, tf_products × 4 + script u32v, tf_body u32v,
//!           first u32v  (1 + the first body position relative to the body start; 0: none)
//! script    bit 0: some occurrence is written in traditional-only forms,
//!           bit 1: some occurrence in simplified-only forms
//! str       length u32v, UTF-8 bytes
//! ```
//! (`u32v`: unsigned LEB128.)

use super::codec::{Reader, Writer};
use super::IndexError;

/// One document's occurrences of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Occurrences {
    pub doc: u32,
    /// Occurrences in title, product names and body.
    pub tf: [u32; 3],
    /// First body position (relative to the body start), if any.
    pub first_body: Option<u32>,
    /// How the occurrences are written ([`super::keys::TRADITIONAL`], [`super::keys::SIMPLIFIED`]).
    pub script: u8,
}

/// The posting of one key, documents ascending.
pub type Posting = Vec<Occurrences>;

/// One key's posting, encoded entry by entry as documents are indexed in
/// order (the build keeps these bytes, not the decoded form).
#[derive(Debug, Default)]
pub struct PostingWriter {
    pub df: u32,
    last: u32,
    out: Writer,
}

impl PostingWriter {
    /// Appends a document's entry; documents must come in ascending order.
    pub fn push(&mut self, o: &Occurrences) {
        self.out.u32(o.doc - self.last);
        self.last = o.doc;
        self.df += 1;
        self.out.u32(o.tf[0]);
        self.out
            .u32(o.tf[1].saturating_mul(4) | u32::from(o.script & 3));
        self.out.u32(o.tf[2]);
        self.out
            .u32(o.first_body.map_or(0, |p| p.saturating_add(1)));
    }

    /// Encoded size, for cutting chunks.
    pub fn size(&self) -> usize {
        self.out.bytes.len()
    }
}

/// A decoded posting chunk: keys ascending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostingChunk {
    pub keys: Vec<(String, Posting)>,
}

impl PostingChunk {
    pub fn get(&self, key: &str) -> Option<&Posting> {
        self.keys
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.keys[i].1)
    }

    pub fn encode(keys: &[(&str, &Posting)]) -> Result<Vec<u8>, IndexError> {
        let lists: Vec<PostingWriter> = keys
            .iter()
            .map(|(_, p)| {
                let mut w = PostingWriter::default();
                p.iter().for_each(|o| w.push(o));
                w
            })
            .collect();
        let refs: Vec<(&str, &PostingWriter)> =
            keys.iter().zip(&lists).map(|((k, _), w)| (*k, w)).collect();
        Self::encode_written(&refs)
    }

    /// Encodes a chunk from postings encoded as the build went.
    pub fn encode_written(keys: &[(&str, &PostingWriter)]) -> Result<Vec<u8>, IndexError> {
        let mut w = Writer::default();
        w.len(keys.len())?;
        for (key, posting) in keys {
            w.str(key)?;
            w.u32(posting.df);
            w.bytes.extend_from_slice(&posting.out.bytes);
        }
        Ok(w.bytes)
    }

    pub fn decode(payload: &[u8], docs: u32) -> Result<PostingChunk, IndexError> {
        let mut r = Reader::new(payload, "posting chunk");
        let n = r.len()?;
        let mut keys: Vec<(String, Posting)> = Vec::with_capacity(n);
        for _ in 0..n {
            let key = r.string()?;
            if keys.last().is_some_and(|(k, _)| *k >= key) {
                return Err(r.error("keys out of order"));
            }
            let df = r.len()?;
            let mut posting = Vec::with_capacity(df);
            let mut doc: u32 = 0;
            for i in 0..df {
                let delta = r.u32()?;
                if i > 0 && delta == 0 {
                    return Err(r.error("documents out of order"));
                }
                doc = doc
                    .checked_add(delta)
                    .filter(|&d| d < docs)
                    .ok_or_else(|| r.error("document out of range"))?;
                let title = r.u32()?;
                let products = r.u32()?;
                let body = r.u32()?;
                let first = r.u32()?;
                posting.push(Occurrences {
                    doc,
                    tf: [title, products >> 2, body],
                    first_body: first.checked_sub(1),
                    script: (products & 3) as u8,
                });
            }
            keys.push((key, posting));
        }
        if !r.is_empty() {
            return Err(r.error("trailing bytes"));
        }
        Ok(PostingChunk { keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_chunks_round_trip_and_reject_damage() {
        let a = vec![
            Occurrences {
                doc: 0,
                tf: [1, 0, 2],
                first_body: Some(0),
                script: 1,
            },
            Occurrences {
                doc: 7,
                tf: [0, 3, 1],
                first_body: Some(40),
                script: 3,
            },
        ];
        let b = vec![Occurrences {
            doc: 3,
            tf: [1, 0, 0],
            first_body: None,
            script: 0,
        }];
        let bytes = PostingChunk::encode(&[("银行", &a), ("银行业", &b)]).unwrap();
        let chunk = PostingChunk::decode(&bytes, 8).unwrap();
        assert_eq!(chunk.get("银行"), Some(&a));
        assert_eq!(chunk.get("银行业"), Some(&b));
        assert_eq!(chunk.get("银"), None);
        assert!(PostingChunk::decode(&bytes, 7).is_err(), "doc 7 of 7");
        assert!(PostingChunk::decode(&bytes[..bytes.len() - 1], 8).is_err());
        let swapped = PostingChunk::encode(&[("银行业", &b), ("银行", &a)]).unwrap();
        assert!(PostingChunk::decode(&swapped, 8).is_err());
    }
}
