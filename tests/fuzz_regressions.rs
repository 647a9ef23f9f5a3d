//! Replays the fuzz targets' seed corpora (`fuzz/corpus/<target>/`) and every
//! saved crash (`fuzz/regressions/<target>/`) through the same code the
//! targets run, on stable Rust, so a fixed crash stays fixed and the target
//! code keeps compiling with the crate.

// A panic is how a test (or a measurement) fails; pedantic style is for library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::pedantic)]

#[allow(dead_code)]
mod targets {
    include!("../fuzz/src/targets.rs");
}

use std::path::Path;

/// A fuzz target's name and what it does with one input.
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 6] = [
    ("front_matter", targets::front_matter),
    ("config", targets::config),
    ("aliases", targets::aliases),
    ("query", targets::query),
    ("index_raw", targets::index_raw),
    ("index_resealed", targets::index_resealed),
];

fn inputs(folder: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return vec![];
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("readable input");
            (e.path().display().to_string(), bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_target_has_seeds_and_replays_them_without_panicking() {
    for (target, run) in TARGETS {
        let seeds = inputs("corpus", target);
        assert!(!seeds.is_empty(), "fuzz/corpus/{target}/ has no seed");
        for (name, bytes) in seeds {
            eprintln!("{target}: {name}");
            run(&bytes);
        }
    }
}

#[test]
fn saved_crashes_stay_fixed() {
    for (target, run) in TARGETS {
        for (name, bytes) in inputs("regressions", target) {
            eprintln!("{target}: {name}");
            run(&bytes);
        }
    }
}

#[test]
fn damage_after_unpacking_reaches_the_decoders() {
    // Without edits the small index answers, so what the target finds is the damage.
    targets::index_resealed(&[0]);
    let seed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/index_raw/entry.bin"),
    )
    .expect("seed entry payload");
    assert!(
        casesearch::index::Entry::decode(&seed).is_ok(),
        "the seed is a valid entry"
    );
    let mut damaged = seed.clone();
    targets::damage(&mut damaged, &[0, 0, 0xff]);
    let err = casesearch::index::Entry::decode(&damaged).expect_err("a cut entry is rejected");
    assert!(err.to_string().contains("cannot be decoded"), "{err}");
}
