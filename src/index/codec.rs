//! Byte-level building blocks of every index file: LEB128 varints, strings and
//! lists. Decoding never panics: a short or malformed buffer is an error.

use super::IndexError;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
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
