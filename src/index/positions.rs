//! Position chunks (`POSN`): for bigram and trigram keys, every position where
//! they occur, per document. Exact verification of terms of three units or
//! more aligns these (see [`super::keys::TermPlan`]); alias blockers use them too.
//!
//! ```text
//! payload   count u32v, then count × key
//! key       key str, df u32v, then df × entry
//! entry     doc delta u32v, n u32v, then n × position delta u32v
//!           (positions ascending; the first delta is from 0)
//! ```

use super::codec::{Reader, Writer};
use super::IndexError;

/// Positions of one key in one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocPositions {
    pub doc: u32,
    pub positions: Vec<u32>,
}

/// The positions of one key, documents ascending.
pub type PositionList = Vec<DocPositions>;

/// One key's positions, encoded document by document as the build goes.
#[derive(Debug, Default)]
pub struct PositionWriter {
    pub df: u32,
    last: u32,
    out: Writer,
}

impl PositionWriter {
    /// Appends a document's positions (ascending); documents in ascending order.
    pub fn push(&mut self, doc: u32, positions: &[u32]) {
        self.out.u32(doc - self.last);
        self.last = doc;
        self.df += 1;
        self.out
            .u32(u32::try_from(positions.len()).unwrap_or(u32::MAX));
        let mut prev = 0;
        for &p in positions {
            self.out.u32(p - prev);
            prev = p;
        }
    }

    pub fn size(&self) -> usize {
        self.out.bytes.len()
    }
}

/// A decoded position chunk: keys ascending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PositionChunk {
    pub keys: Vec<(String, PositionList)>,
}

impl PositionChunk {
    pub fn get(&self, key: &str) -> Option<&PositionList> {
        self.keys
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.keys[i].1)
    }

    pub fn encode(keys: &[(&str, &PositionList)]) -> Result<Vec<u8>, IndexError> {
        let lists: Vec<PositionWriter> = keys
            .iter()
            .map(|(_, list)| {
                let mut w = PositionWriter::default();
                list.iter().for_each(|d| w.push(d.doc, &d.positions));
                w
            })
            .collect();
        let refs: Vec<(&str, &PositionWriter)> =
            keys.iter().zip(&lists).map(|((k, _), w)| (*k, w)).collect();
        Self::encode_written(&refs)
    }

    /// Encodes a chunk from position lists encoded as the build went.
    pub fn encode_written(keys: &[(&str, &PositionWriter)]) -> Result<Vec<u8>, IndexError> {
        let mut w = Writer::default();
        w.len(keys.len())?;
        for (key, list) in keys {
            w.str(key)?;
            w.u32(list.df);
            w.bytes.extend_from_slice(&list.out.bytes);
        }
        Ok(w.bytes)
    }

    pub fn decode(payload: &[u8], docs: u32) -> Result<PositionChunk, IndexError> {
        let mut r = Reader::new(payload, "position chunk");
        let n = r.len()?;
        let mut keys: Vec<(String, PositionList)> = Vec::with_capacity(n);
        for _ in 0..n {
            let key = r.string()?;
            if keys.last().is_some_and(|(k, _)| *k >= key) {
                return Err(r.error("keys out of order"));
            }
            let df = r.len()?;
            let mut list = Vec::with_capacity(df);
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
                let count = r.len()?;
                let mut positions = Vec::with_capacity(count);
                let mut p: u32 = 0;
                for k in 0..count {
                    let delta = r.u32()?;
                    if k > 0 && delta == 0 {
                        return Err(r.error("positions out of order"));
                    }
                    p = p
                        .checked_add(delta)
                        .ok_or_else(|| r.error("position out of range"))?;
                    positions.push(p);
                }
                list.push(DocPositions { doc, positions });
            }
            keys.push((key, list));
        }
        if !r.is_empty() {
            return Err(r.error("trailing bytes"));
        }
        Ok(PositionChunk { keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_chunks_round_trip_and_reject_damage() {
        let a = vec![
            DocPositions {
                doc: 1,
                positions: vec![0, 5, 900],
            },
            DocPositions {
                doc: 4,
                positions: vec![3],
            },
        ];
        let bytes = PositionChunk::encode(&[("专精特", &a)]).unwrap();
        assert_eq!(
            PositionChunk::decode(&bytes, 5).unwrap().get("专精特"),
            Some(&a)
        );
        assert!(PositionChunk::decode(&bytes, 4).is_err());
        assert!(PositionChunk::decode(&bytes[..bytes.len() - 2], 5).is_err());
    }
}
