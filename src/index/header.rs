//! The 16-byte header in front of every index file.
//!
//! ```text
//! 0   magic    8 bytes  "CSIDX\0\r\n" (the CR LF catches text-mode transfers)
//! 8   version  u32 LE   FORMAT_VERSION
//! 12  kind     4 bytes  ENTR (entry), KEYS, POSN, FRAG, IDS_
//! 16  payload  gzip of the payload (decompressed by the browser's DecompressionStream,
//!              natively by flate2)
//! ```

use super::IndexError;

/// Bump on every change to the layout or to what a file contains.
pub const FORMAT_VERSION: u32 = 3;

pub const MAGIC: [u8; 8] = *b"CSIDX\0\r\n";
pub const HEADER_LEN: usize = 16;

/// What an index file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Entry,
    Keys,
    Positions,
    Fragment,
    Ids,
}

impl Kind {
    pub fn tag(self) -> [u8; 4] {
        match self {
            Kind::Entry => *b"ENTR",
            Kind::Keys => *b"KEYS",
            Kind::Positions => *b"POSN",
            Kind::Fragment => *b"FRAG",
            Kind::Ids => *b"IDS_",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "entry" => Kind::Entry,
            "keys" => Kind::Keys,
            "positions" => Kind::Positions,
            "fragment" => Kind::Fragment,
            "ids" => Kind::Ids,
            _ => return None,
        })
    }
}

/// The header of a file of this kind.
pub fn header(kind: Kind) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(&MAGIC);
    h[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    h[12..].copy_from_slice(&kind.tag());
    h
}

/// Checks the header of a whole file and returns the compressed payload after it.
pub fn check_header(bytes: &[u8], kind: Kind) -> Result<&[u8], IndexError> {
    if bytes.len() < 8 || bytes[..8] != MAGIC {
        // A text-mode copy turns CR LF into LF: name that instead of "not an index".
        if bytes.starts_with(b"CSIDX\0\n") {
            return Err(IndexError::TextMode);
        }
        return Err(IndexError::NotAnIndex);
    }
    if bytes.len() < HEADER_LEN {
        return Err(IndexError::Truncated {
            expected: HEADER_LEN,
            actual: bytes.len(),
        });
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != FORMAT_VERSION {
        return Err(IndexError::UnsupportedVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if bytes[12..16] != kind.tag() {
        return Err(IndexError::WrongKind {
            expected: String::from_utf8_lossy(&kind.tag()).into_owned(),
            found: String::from_utf8_lossy(&bytes[12..16]).into_owned(),
        });
    }
    Ok(&bytes[HEADER_LEN..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_checked_for_magic_version_and_kind() {
        let mut file = header(Kind::Keys).to_vec();
        file.extend_from_slice(b"payload");
        assert_eq!(check_header(&file, Kind::Keys).unwrap(), b"payload");
        assert!(matches!(
            check_header(&file, Kind::Entry),
            Err(IndexError::WrongKind { .. })
        ));
        assert_eq!(
            check_header(b"<!doctype html>", Kind::Entry),
            Err(IndexError::NotAnIndex)
        );
        assert_eq!(
            check_header(b"CSIDX\0\n\x03", Kind::Entry),
            Err(IndexError::TextMode)
        );
        assert!(matches!(
            check_header(&file[..12], Kind::Keys),
            Err(IndexError::Truncated { .. })
        ));
        file[8] += 1;
        assert!(matches!(
            check_header(&file, Kind::Keys),
            Err(IndexError::UnsupportedVersion {
                found: 4,
                supported: 3
            })
        ));
    }
}
