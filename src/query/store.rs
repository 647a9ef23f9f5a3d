//! The loaded part of an index: the entry file and whichever chunks have been
//! added so far. A lookup that needs a chunk not yet added records its name in
//! [`Needs`]; the caller fetches those chunks (the browser) or reads them from
//! disk (the CLI), adds them and asks again.

use crate::index::entry::Entry;
use crate::index::fragment::{Fragment, IdTable};
use crate::index::positions::{PositionChunk, PositionList};
use crate::index::postings::{Posting, PostingChunk};
use crate::index::IndexError;
use std::collections::{BTreeSet, HashMap};

/// Chunk names a lookup could not do without.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Needs(pub BTreeSet<String>);

impl Needs {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The entry file and the chunks added so far.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub entry: Entry,
    postings: HashMap<usize, PostingChunk>,
    positions: HashMap<usize, PositionChunk>,
    fragments: HashMap<u32, Fragment>,
    ids: Option<IdTable>,
}

const EMPTY_POSTING: &Posting = &Vec::new();
const EMPTY_POSITIONS: &PositionList = &Vec::new();

impl Store {
    pub fn new(entry: Entry) -> Store {
        Store {
            entry,
            ..Store::default()
        }
    }

    /// Adds a decompressed chunk by the name the engine asked for.
    pub fn add(&mut self, name: &str, payload: &[u8]) -> Result<(), IndexError> {
        let unknown =
            || IndexError::Inconsistent(format!("no chunk is called {name:?} in this index"));
        let file = name
            .strip_prefix(self.entry.generation.as_str())
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| r.strip_suffix(".bin"))
            .ok_or_else(unknown)?;
        let docs = self.entry.doc_count();
        if file == "ids" {
            self.ids = Some(IdTable::decode(payload, docs)?);
            return Ok(());
        }
        let (kind, number) = file.split_at(1.min(file.len()));
        let n: usize = number.parse().map_err(|_| unknown())?;
        match kind {
            "k" if n < self.entry.key_dir.len() => {
                self.postings
                    .insert(n, PostingChunk::decode(payload, docs)?);
            }
            "p" if n < self.entry.pos_dir.len() => {
                self.positions
                    .insert(n, PositionChunk::decode(payload, docs)?);
            }
            "f" if n < docs as usize => {
                let f = Fragment::decode(payload)?;
                self.fragments
                    .insert(u32::try_from(n).map_err(|_| unknown())?, f);
            }
            _ => return Err(unknown()),
        }
        Ok(())
    }

    /// The posting of a unigram or bigram key (empty when no document has it).
    pub fn posting(&self, key: &str, needs: &mut Needs) -> &Posting {
        let Some(c) = Entry::chunk_of(&self.entry.key_dir, key) else {
            return EMPTY_POSTING;
        };
        match self.postings.get(&c) {
            Some(chunk) => chunk.get(key).unwrap_or(EMPTY_POSTING),
            None => {
                needs.0.insert(self.entry.key_chunk(c));
                EMPTY_POSTING
            }
        }
    }

    /// The positions of a bigram or trigram key.
    pub fn positions(&self, key: &str, needs: &mut Needs) -> &PositionList {
        let Some(c) = Entry::chunk_of(&self.entry.pos_dir, key) else {
            return EMPTY_POSITIONS;
        };
        match self.positions.get(&c) {
            Some(chunk) => chunk.get(key).unwrap_or(EMPTY_POSITIONS),
            None => {
                needs.0.insert(self.entry.pos_chunk(c));
                EMPTY_POSITIONS
            }
        }
    }

    pub fn fragment(&self, doc: u32, needs: &mut Needs) -> Option<&Fragment> {
        let f = self.fragments.get(&doc);
        if f.is_none() {
            needs.0.insert(self.entry.fragment(doc));
        }
        f
    }

    /// The number of the document with this id; `Err` when the id table is still needed.
    pub fn doc_of(&self, id: &str, needs: &mut Needs) -> Option<u32> {
        match &self.ids {
            Some(t) => t.get(id),
            None => {
                needs.0.insert(self.entry.ids());
                None
            }
        }
    }

    /// Every chunk name of the index (for "make available offline").
    pub fn all_chunks(&self) -> Vec<String> {
        let e = &self.entry;
        let mut out: Vec<String> = (0..e.key_dir.len()).map(|i| e.key_chunk(i)).collect();
        out.extend((0..e.pos_dir.len()).map(|i| e.pos_chunk(i)));
        out.extend((0..e.doc_count()).map(|d| e.fragment(d)));
        out.push(e.ids());
        out
    }
}
