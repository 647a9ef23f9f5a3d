//! Building the index files from documents (native only).

use super::entry::{DocInfo, Entry};
use super::fragment::{Fragment, IdTable};
use super::header::{header, Kind};
use super::keys::{document_segments, for_each_key};
use super::positions::{PositionChunk, PositionWriter};
use super::postings::{Occurrences, PostingChunk, PostingWriter};
use super::IndexError;
use crate::analyzer::normalize_query;
use crate::corpus::{AliasTable, Config, Document, FacetKind};
use std::collections::HashMap;
use std::io::Write;
use xxhash_rust::xxh3::Xxh3;

/// The built index: the entry file and the chunk files (paths relative to `cs/`).
#[derive(Debug, Clone)]
pub struct BuiltIndex {
    pub entry: Vec<u8>,
    pub chunks: Vec<(String, Vec<u8>)>,
    pub stats: BuildStats,
}

/// Sizes, for the build summary and the benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildStats {
    pub documents: usize,
    pub posting_chunks: usize,
    pub position_chunks: usize,
    pub keys: usize,
    pub entry_bytes: usize,
    pub chunk_bytes: usize,
}

/// A file: header, then the gzip of the payload.
pub fn seal(kind: Kind, payload: &[u8]) -> Result<Vec<u8>, IndexError> {
    let mut out = header(kind).to_vec();
    let mut gz = flate2::write::GzEncoder::new(&mut out, flate2::Compression::best());
    gz.write_all(payload).map_err(|_| IndexError::TooLarge)?;
    gz.finish().map_err(|_| IndexError::TooLarge)?;
    Ok(out)
}

/// Reads a file of this kind: checks the header, decompresses the payload.
pub fn unseal(bytes: &[u8], kind: Kind) -> Result<Vec<u8>, IndexError> {
    let body = super::header::check_header(bytes, kind)?;
    let mut out = Vec::new();
    let mut gz = flate2::write::GzDecoder::new(&mut out);
    gz.write_all(body)
        .and_then(|()| gz.try_finish())
        .map_err(|_| IndexError::Damaged)?;
    drop(gz);
    Ok(out)
}

/// Year of a document (first value of the facet of kind `year`).
fn year_of(doc: &Document, config: &Config) -> Option<i32> {
    let field = config.facets.iter().find(|f| f.kind == FacetKind::Year)?;
    doc.facet(&field.field)?.trim().parse().ok()
}

/// Bytes of payload per chunk: about the square root of the whole, so that the
/// directory in the entry file and the chunks a query fetches stay in balance
/// as the corpus grows.
fn chunk_target(total: usize) -> usize {
    let root = (total as f64 * 2.0).sqrt() as usize;
    root.clamp(2048, 256 * 1024)
}

/// Cuts sorted `(key, encoded size)` runs into chunks; returns the index where each chunk starts.
fn cut(sizes: &[usize]) -> Vec<usize> {
    let target = chunk_target(sizes.iter().sum());
    let mut starts = Vec::new();
    let mut acc = target;
    for (i, &s) in sizes.iter().enumerate() {
        if acc >= target {
            starts.push(i);
            acc = 0;
        }
        acc += s;
    }
    starts
}

/// Builds the index of `docs`.
pub fn build_index(
    docs: &[Document],
    config: &Config,
    aliases: &AliasTable,
) -> Result<BuiltIndex, IndexError> {
    let stop_words: Vec<String> = config
        .search
        .stop_words
        .iter()
        .map(|w| normalize_query(w))
        .collect();
    // Document numbers: newest first, then title, then id.
    let mut order: Vec<(Option<i32>, &Document)> =
        docs.iter().map(|d| (year_of(d, config), d)).collect();
    order.sort_by(|(ya, a), (yb, b)| {
        yb.is_some()
            .cmp(&ya.is_some())
            .then(yb.cmp(ya))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    let n_docs = u32::try_from(order.len()).map_err(|_| IndexError::TooLarge)?;

    // Postings and positions are encoded as documents are indexed, in document
    // order: the build holds about the size of the index, not its decoded form.
    let mut postings: HashMap<String, PostingWriter> = HashMap::new();
    let mut positions: HashMap<String, PositionWriter> = HashMap::new();
    let mut infos = Vec::with_capacity(order.len());
    let mut fragments = Vec::with_capacity(order.len());
    let mut ids = Vec::with_capacity(order.len());
    for (d, (year, doc)) in (0..n_docs).zip(&order) {
        let (segments, bounds) = document_segments(&doc.title, &doc.products, &doc.body);
        let mut occ: HashMap<&str, Occurrences> = HashMap::new();
        let mut pos: HashMap<&str, Vec<u32>> = HashMap::new();
        for seg in &segments {
            for_each_key(seg, &stop_words, |key, n, p, script| {
                if n <= 2 {
                    let o = occ.entry(key).or_insert(Occurrences {
                        doc: d,
                        ..Occurrences::default()
                    });
                    o.script |= script;
                    let f = bounds.field_of(p) as usize;
                    o.tf[f] += 1;
                    if f == 2 && o.first_body.is_none() {
                        o.first_body = Some(p - bounds.body_start);
                    }
                }
                if n >= 2 {
                    pos.entry(key).or_default().push(p);
                }
            });
        }
        // `for_each_key` borrows keys from `segments`; copy them out before it goes.
        for (k, o) in occ {
            match postings.get_mut(k) {
                Some(w) => w.push(&o),
                None => postings.entry(k.to_string()).or_default().push(&o),
            }
        }
        for (k, mut p) in pos {
            p.sort_unstable();
            match positions.get_mut(k) {
                Some(w) => w.push(d, &p),
                None => positions.entry(k.to_string()).or_default().push(d, &p),
            }
        }
        infos.push(DocInfo {
            bounds,
            year: *year,
        });
        fragments.push(Fragment {
            id: doc.id.clone(),
            title: doc.title.clone(),
            title_is_editorial: doc.title_is_editorial,
            products: doc.products.clone(),
            facets: doc.facets.clone(),
            source: doc.source.clone(),
            also_in: doc.also_in.clone(),
            text: doc.body.clone(),
        });
        ids.push((doc.id.clone(), d));
    }
    ids.sort();
    if let Some(w) = ids.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(IndexError::Inconsistent(format!(
            "two documents have the id {:?}",
            w[0].0
        )));
    }

    // Facet dictionaries and per-document value numbers.
    let mut facet_values = Vec::with_capacity(config.facets.len());
    let mut doc_facets = Vec::with_capacity(config.facets.len());
    for f in &config.facets {
        let mut values: Vec<String> = order
            .iter()
            .flat_map(|(_, d)| d.facets.get(&f.field).into_iter().flatten().cloned())
            .collect();
        values.sort();
        values.dedup();
        let per_doc = order
            .iter()
            .map(|(_, d)| {
                d.facets
                    .get(&f.field)
                    .into_iter()
                    .flatten()
                    .filter_map(|v| values.binary_search(v).ok())
                    .map(|i| u32::try_from(i).map_err(|_| IndexError::TooLarge))
                    .collect::<Result<Vec<u32>, IndexError>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        facet_values.push(values);
        doc_facets.push(per_doc);
    }

    // Sorted keys cut into chunks.
    let mut post_keys: Vec<(String, PostingWriter)> = postings.into_iter().collect();
    post_keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut pos_keys: Vec<(String, PositionWriter)> = positions.into_iter().collect();
    pos_keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let post_sizes: Vec<usize> = post_keys
        .iter()
        .map(|(k, p)| k.len() + 2 + p.size())
        .collect();
    let pos_sizes: Vec<usize> = pos_keys
        .iter()
        .map(|(k, p)| k.len() + 2 + p.size())
        .collect();

    let mut payloads: Vec<(String, Kind, Vec<u8>)> = Vec::new();
    let mut key_dir = Vec::new();
    let starts = cut(&post_sizes);
    for (c, &s) in starts.iter().enumerate() {
        let e = starts.get(c + 1).copied().unwrap_or(post_keys.len());
        let run: Vec<(&str, &PostingWriter)> = post_keys[s..e]
            .iter()
            .map(|(k, p)| (k.as_str(), p))
            .collect();
        key_dir.push(post_keys[s].0.clone());
        payloads.push((
            format!("k{c}.bin"),
            Kind::Keys,
            PostingChunk::encode_written(&run)?,
        ));
    }
    let mut pos_dir = Vec::new();
    let starts = cut(&pos_sizes);
    for (c, &s) in starts.iter().enumerate() {
        let e = starts.get(c + 1).copied().unwrap_or(pos_keys.len());
        let run: Vec<(&str, &PositionWriter)> = pos_keys[s..e]
            .iter()
            .map(|(k, p)| (k.as_str(), p))
            .collect();
        pos_dir.push(pos_keys[s].0.clone());
        payloads.push((
            format!("p{c}.bin"),
            Kind::Positions,
            PositionChunk::encode_written(&run)?,
        ));
    }
    for (d, f) in fragments.iter().enumerate() {
        payloads.push((format!("f{d}.bin"), Kind::Fragment, f.encode()?));
    }
    payloads.push(("ids.bin".to_string(), Kind::Ids, IdTable { ids }.encode()?));

    let mut hasher = Xxh3::new();
    for (name, _, p) in &payloads {
        hasher.update(name.as_bytes());
        hasher.update(&(p.len() as u64).to_le_bytes());
        hasher.update(p);
    }
    let generation = format!("{:016x}", hasher.digest());

    let stats_keys = post_keys.len() + pos_keys.len();
    let entry = Entry {
        generator: concat!("casesearch ", env!("CARGO_PKG_VERSION")).to_string(),
        generation: generation.clone(),
        facets: config.facets.clone(),
        stop_words,
        aliases: aliases.groups.clone(),
        collections: config.collections.clone(),
        docs: infos,
        facet_values,
        doc_facets,
        key_dir,
        pos_dir,
    };
    let entry_file = seal(Kind::Entry, &entry.encode()?)?;
    let chunks = payloads
        .iter()
        .map(|(name, kind, p)| Ok((format!("{generation}/{name}"), seal(*kind, p)?)))
        .collect::<Result<Vec<_>, IndexError>>()?;
    let stats = BuildStats {
        documents: order.len(),
        posting_chunks: entry.key_dir.len(),
        position_chunks: entry.pos_dir.len(),
        keys: stats_keys,
        entry_bytes: entry_file.len(),
        chunk_bytes: chunks.iter().map(|(_, b)| b.len()).sum(),
    };
    Ok(BuiltIndex {
        entry: entry_file,
        chunks,
        stats,
    })
}
