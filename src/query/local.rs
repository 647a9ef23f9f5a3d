//! An index on disk, for the CLI and the tests: chunks are read from the
//! index folder as the searcher asks for them.

use super::{Outcome, SearchError, SearchOptions, SearchResponse, Searcher, ShownDoc};
use crate::index::{unseal, Entry, IndexError, Kind, CHUNK_DIR, ENTRY_FILE};
use std::path::{Path, PathBuf};

/// Why an index on disk cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot read {}: {source}; build the index first with `casesearch build CORPUS --out DIR`", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Index { path: PathBuf, source: IndexError },
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("the search did not settle after {0} rounds of loading chunks (a damaged index?)")]
    Unsettled(usize),
}

/// A loaded index folder.
#[derive(Debug, Clone)]
pub struct LocalIndex {
    dir: PathBuf,
    searcher: Searcher,
}

/// At most this many rounds of chunk loading per request (a query takes three).
const MAX_ROUNDS: usize = 8;

fn read(path: &Path) -> Result<Vec<u8>, OpenError> {
    std::fs::read(path).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })
}

impl LocalIndex {
    /// Opens the index in `path`: a folder holding `casesearch.idx`, or that file.
    pub fn open(path: &Path) -> Result<LocalIndex, OpenError> {
        let (dir, file) = if path.is_dir() {
            (path.to_path_buf(), path.join(ENTRY_FILE))
        } else {
            (
                path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                path.to_path_buf(),
            )
        };
        let bytes = read(&file)?;
        let entry = unseal(&bytes, Kind::Entry)
            .and_then(|p| Entry::decode(&p))
            .map_err(|source| OpenError::Index { path: file, source })?;
        Ok(LocalIndex {
            dir,
            searcher: Searcher::new(entry),
        })
    }

    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    fn load(&mut self, names: &[String]) -> Result<(), OpenError> {
        for name in names {
            let path = self.dir.join(CHUNK_DIR).join(name);
            let index_err = |source| OpenError::Index {
                path: path.clone(),
                source,
            };
            let kind = Entry::kind_of(name).ok_or_else(|| {
                index_err(IndexError::Inconsistent(format!("unknown chunk {name:?}")))
            })?;
            let payload = unseal(&read(&path)?, kind).map_err(index_err)?;
            self.searcher.add_chunk(name, &payload).map_err(index_err)?;
        }
        Ok(())
    }

    /// Runs a query, reading the chunks it needs.
    pub fn search(
        &mut self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<SearchResponse, OpenError> {
        for _ in 0..MAX_ROUNDS {
            match self.searcher.search(query, opts)? {
                Outcome::Done(r) => return Ok(r),
                Outcome::Need(names) => self.load(&names)?,
            }
        }
        Err(OpenError::Unsettled(MAX_ROUNDS))
    }

    /// The whole document with this id, with the matches of `query` marked.
    pub fn show(&mut self, id: &str, query: &str) -> Result<Option<ShownDoc>, OpenError> {
        for _ in 0..MAX_ROUNDS {
            match self.searcher.show(id, query) {
                Outcome::Done(r) => return Ok(r),
                Outcome::Need(names) => self.load(&names)?,
            }
        }
        Err(OpenError::Unsettled(MAX_ROUNDS))
    }

    /// Loads every chunk (for tests that compare with a brute force).
    pub fn load_all(&mut self) -> Result<(), OpenError> {
        let names = self.searcher.all_chunks();
        self.load(&names)
    }
}

/// A freshly built index held in memory, with the same answers as on disk
/// (for tests and measurements). Chunks are unpacked as the searcher asks.
#[derive(Debug)]
pub struct MemoryIndex {
    chunks: std::collections::HashMap<String, Vec<u8>>,
    searcher: std::sync::Mutex<Searcher>,
}

impl MemoryIndex {
    pub fn new(built: &crate::index::BuiltIndex) -> Result<MemoryIndex, IndexError> {
        let entry = Entry::decode(&unseal(&built.entry, Kind::Entry)?)?;
        Ok(MemoryIndex {
            chunks: built.chunks.iter().cloned().collect(),
            searcher: std::sync::Mutex::new(Searcher::new(entry)),
        })
    }

    fn settle<T>(
        &self,
        mut ask: impl FnMut(&Searcher) -> Result<Outcome<T>, SearchError>,
    ) -> Result<T, SearchError> {
        let mut s = self
            .searcher
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            match ask(&s)? {
                Outcome::Done(r) => return Ok(r),
                Outcome::Need(names) => {
                    for name in names {
                        // The builder wrote every chunk the entry names; a miss is a bug.
                        let file = self
                            .chunks
                            .get(&name)
                            .map(Vec::as_slice)
                            .unwrap_or_default();
                        let kind = Entry::kind_of(&name).unwrap_or(Kind::Keys);
                        let payload = unseal(file, kind).unwrap_or_default();
                        assert!(
                            s.add_chunk(&name, &payload).is_ok(),
                            "chunk {name} of a fresh build does not load"
                        );
                    }
                }
            }
        }
    }

    /// Runs a query.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResponse, SearchError> {
        self.settle(|s| s.search(query, opts))
    }

    /// The whole document with this id.
    pub fn show(&self, id: &str) -> Option<ShownDoc> {
        self.settle(|s| Ok(s.show(id, ""))).ok().flatten()
    }

    pub fn info(&self) -> super::IndexInfo {
        self.searcher
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .info()
    }
}
