//! Byte-level building blocks of every index file: LEB128 varints, strings and
//! lists. Decoding never panics: a short or malformed buffer is an error.

use super::IndexError;

/// The low seven bits of `v`.
fn low7(v: u64) -> u8 {
    u8::try_from(v & 0x7f).unwrap_or(0)
}

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push(low7(v) | 0x80);
            v >>= 7;
        }
        self.bytes.push(low7(v));
    }

    pub fn u32(&mut self, v: u32) {
        self.u64(u64::from(v));
    }

    /// A length or count; fails past `u32::MAX` instead of truncating.
    pub fn len(&mut self, n: usize) -> Result<(), IndexError> {
        let n = u32::try_from(n).map_err(|_| IndexError::TooLarge)?;
        self.u32(n);
        Ok(())
    }

    pub fn str(&mut self, s: &str) -> Result<(), IndexError> {
        self.len(s.len())?;
        self.bytes.extend_from_slice(s.as_bytes());
        Ok(())
    }

    pub fn strs(&mut self, list: &[String]) -> Result<(), IndexError> {
        self.len(list.len())?;
        for s in list {
            self.str(s)?;
        }
        Ok(())
    }
}

/// Reads values from a byte buffer; `what` names the file part for error messages.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], what: &'static str) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            what,
        }
    }

    pub fn error(&self, reason: &str) -> IndexError {
        IndexError::Decode {
            section: self.what.to_string(),
            reason: format!("{reason} at byte {}", self.pos),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn u64(&mut self) -> Result<u64, IndexError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self
                .bytes
                .get(self.pos)
                .ok_or_else(|| self.error("unexpected end"))?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("varint too long"))
    }

    pub fn u32(&mut self) -> Result<u32, IndexError> {
        u32::try_from(self.u64()?).map_err(|_| self.error("number out of range"))
    }

    /// A count of items that each take at least one byte: bounded by what is left.
    pub fn len(&mut self) -> Result<usize, IndexError> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() - self.pos.min(self.bytes.len()) {
            return Err(self.error("count larger than the data"));
        }
        Ok(n)
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| self.error("unexpected end"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    pub fn str(&mut self) -> Result<&'a str, IndexError> {
        let n = self.len()?;
        let b = self.bytes(n)?;
        core::str::from_utf8(b).map_err(|_| self.error("invalid UTF-8"))
    }

    pub fn string(&mut self) -> Result<String, IndexError> {
        self.str().map(str::to_string)
    }

    pub fn strings(&mut self) -> Result<Vec<String>, IndexError> {
        let n = self.len()?;
        (0..n).map(|_| self.string()).collect()
    }
}

/// One key's list of per-document entries, encoded as documents come (in
/// ascending order): each entry starts with the document's delta from the
/// previous one, then whatever the caller writes.
#[derive(Debug, Default)]
pub struct DocList {
    pub df: u32,
    last: u32,
    out: Writer,
}

impl DocList {
    /// Starts the entry of `doc` and returns the writer for the rest of it.
    pub fn entry(&mut self, doc: u32) -> &mut Writer {
        self.out.u32(doc - self.last);
        self.last = doc;
        self.df += 1;
        &mut self.out
    }

    /// Encoded size, for cutting chunks.
    pub fn size(&self) -> usize {
        self.out.bytes.len()
    }
}

/// A chunk of keyed lists: `count u32v`, then per key `key str, df u32v, df × entry`.
pub fn write_keyed_lists(keys: &[(&str, &DocList)]) -> Result<Vec<u8>, IndexError> {
    let mut w = Writer::default();
    w.len(keys.len())?;
    for (key, list) in keys {
        w.str(key)?;
        w.u32(list.df);
        w.bytes.extend_from_slice(&list.out.bytes);
    }
    Ok(w.bytes)
}

/// Reads a chunk written by [`write_keyed_lists`], checking that keys and the
/// documents of each list ascend and that documents are below `docs`;
/// `entry(reader, doc)` reads the rest of one entry.
pub fn read_keyed_lists<T>(
    payload: &[u8],
    what: &'static str,
    docs: u32,
    mut entry: impl FnMut(&mut Reader, u32) -> Result<T, IndexError>,
) -> Result<Vec<(String, Vec<T>)>, IndexError> {
    let mut r = Reader::new(payload, what);
    let n = r.len()?;
    let mut keys: Vec<(String, Vec<T>)> = Vec::with_capacity(n);
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
            list.push(entry(&mut r, doc)?);
        }
        keys.push((key, list));
    }
    if !r.is_empty() {
        return Err(r.error("trailing bytes"));
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let mut w = Writer::default();
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.u64(v);
        }
        w.str("专精特新").unwrap();
        let mut r = Reader::new(&w.bytes, "test");
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.u64().unwrap(), v);
        }
        assert_eq!(r.str().unwrap(), "专精特新");
        assert!(r.is_empty());
        assert!(r.u64().is_err());
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(Reader::new(&[0xff; 11], "t").u64().is_err());
        assert!(Reader::new(&[5, b'a'], "t").str().is_err());
        assert!(Reader::new(&[2, 0xff, 0xfe], "t").str().is_err());
        assert!(Reader::new(&[0xff, 0xff, 0xff, 0x0f], "t").len().is_err());
    }
}
