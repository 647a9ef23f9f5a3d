//! Compares the candidate per-document filters on a corpus: stored bytes per
//! document and false-positive rate per key, for Xor8, BinaryFuse8 and BinaryFuse16.
//!
//! ```sh
//! cargo run --release --example filters -- corpus
//! ```

// A panic is how a test (or a measurement) fails; pedantic style is for library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::pedantic)]

use casesearch::corpus::loader::load_corpus;
use casesearch::index::document_keys;
use std::path::PathBuf;
use xorf::{BinaryFuse16, BinaryFuse8, Filter, Xor8};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpus".into()));
    let corpus = match load_corpus(&dir) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let key_sets: Vec<Vec<u64>> = corpus
        .documents
        .iter()
        .map(|d| document_keys(d, &corpus.config))
        .collect();
    let n = key_sets.len();
    let mut lens: Vec<usize> = key_sets.iter().map(Vec::len).collect();
    lens.sort_unstable();
    println!(
        "{n} documents; keys per document: min {} median {} max {}",
        lens[0],
        lens[n / 2],
        lens[n - 1]
    );
    // Probe keys: pseudo-random u64s (no document contains them with overwhelming probability).
    let probes: Vec<u64> = (1..=20_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xDEAD_BEEF)
        .collect();
    println!(
        "{:<14} {:>12} {:>12} {:>14}",
        "filter", "bytes/doc", "bits/key", "fp per key"
    );
    report("Xor8", &key_sets, &probes, |k| {
        let f = Xor8::from(k);
        (
            f.fingerprints.len() + 12,
            Box::new(move |x: &u64| f.contains(x)),
        )
    });
    report("BinaryFuse8", &key_sets, &probes, |k| {
        let f = BinaryFuse8::try_from(k).expect("binary fuse construction");
        (
            f.fingerprints.len() + 20,
            Box::new(move |x: &u64| f.contains(x)),
        )
    });
    report("BinaryFuse16", &key_sets, &probes, |k| {
        let f = BinaryFuse16::try_from(k).expect("binary fuse construction");
        (
            f.fingerprints.len() * 2 + 20,
            Box::new(move |x: &u64| f.contains(x)),
        )
    });
}

type Contains = Box<dyn Fn(&u64) -> bool>;

fn report(
    name: &str,
    key_sets: &[Vec<u64>],
    probes: &[u64],
    build: impl Fn(&[u64]) -> (usize, Contains),
) {
    let (mut bytes, mut keys, mut fp, mut tried) = (0usize, 0usize, 0usize, 0usize);
    for k in key_sets {
        let (size, contains) = build(k);
        bytes += size;
        keys += k.len();
        for p in probes {
            if k.binary_search(p).is_err() {
                tried += 1;
                fp += usize::from(contains(p));
            }
        }
    }
    println!(
        "{name:<14} {:>12.0} {:>12.2} {:>13.4}%",
        bytes as f64 / key_sets.len() as f64,
        bytes as f64 * 8.0 / keys as f64,
        fp as f64 * 100.0 / tried as f64
    );
}
