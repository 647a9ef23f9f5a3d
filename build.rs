//! Generates the analyzer's character tables.
//!
//! - `t2s_table.rs`: traditional → simplified from `data/t2s.txt`, a sorted array
//!   of `(u16, u16)` pairs (every pair is a BMP character): 11 KB.
//! - `nfkc_table.rs`: the NFKC form of every character that NFKC changes, taken
//!   from the `unicode-normalization` crate. The analyzer normalizes one character
//!   at a time, so this table gives exactly the crate's answers while the browser
//!   module carries ~38 KB of sorted arrays instead of the crate's ~110 KB of
//!   decomposition and composition tables.

// A build script fails the build by panicking; its input is the source tree.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Lints owned by the build-script author, left as they are (see docs/robustness.md).
#![allow(clippy::unreadable_literal, clippy::checked_conversions)]

use std::{env, fmt::Write as _, fs, path::Path};
use unicode_normalization::UnicodeNormalization;

fn main() {
    t2s();
    nfkc();
}

fn nfkc() {
    let mut bmp: Vec<(u32, u32)> = Vec::new();
    let mut astral: Vec<(u32, u32)> = Vec::new();
    let mut multi: Vec<(u32, usize, usize)> = Vec::new();
    let mut pool = String::new();
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let folded: Vec<char> = std::iter::once(c).nfkc().collect();
        match folded.as_slice() {
            [one] if *one == c => {}
            [one] if cp <= 0xFFFF && u32::from(*one) <= 0xFFFF => bmp.push((cp, u32::from(*one))),
            [one] => astral.push((cp, u32::from(*one))),
            many => {
                let start = pool.len();
                pool.extend(many.iter());
                multi.push((cp, start, pool.len() - start));
            }
        }
    }
    assert!(
        pool.len() <= usize::from(u16::MAX),
        "NFKC pool outgrew u16 offsets"
    );
    assert!(
        multi.iter().all(|m| m.2 <= usize::from(u8::MAX)),
        "an NFKC expansion outgrew u8 lengths"
    );
    let mut out = String::new();
    write_table(
        &mut out,
        "NFKC of BMP characters that map to one BMP character, sorted.",
        "NFKC_BMP: [(u16, u16)",
        bmp.iter().map(|(k, v)| format!("({k:#06x}, {v:#06x})")),
    );
    write_table(
        &mut out,
        "NFKC of other characters that map to one character, sorted.",
        "NFKC_ONE: [(u32, u32)",
        astral.iter().map(|(k, v)| format!("({k:#x}, {v:#x})")),
    );
    write_table(
        &mut out,
        "Characters whose NFKC is several characters: (char, byte start, byte length) in `NFKC_POOL`.",
        "NFKC_MANY: [(u32, u16, u8)",
        multi.iter().map(|(k, start, len)| format!("({k:#x}, {start}, {len})")),
    );
    writeln!(out, "pub(super) static NFKC_POOL: &str = {pool:?};").unwrap();
    let dest = Path::new(&env::var_os("OUT_DIR").unwrap()).join("nfkc_table.rs");
    fs::write(dest, out).unwrap();
}

fn t2s() {
    println!("cargo:rerun-if-changed=data/t2s.txt");
    let data = fs::read_to_string("data/t2s.txt").expect("data/t2s.txt is part of the source tree");
    let mut pairs: Vec<(u16, u16)> = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(t), Some(s), None) = (parts.next(), parts.next(), parts.next()) else {
            panic!("data/t2s.txt:{}: expected `TRAD SIMP`", n + 1);
        };
        let one = |x: &str| -> u16 {
            let mut cs = x.chars();
            let c = cs.next().unwrap();
            assert!(
                cs.next().is_none(),
                "data/t2s.txt:{}: not one character: {x}",
                n + 1
            );
            u16::try_from(u32::from(c))
                .unwrap_or_else(|_| panic!("data/t2s.txt:{}: outside the BMP", n + 1))
        };
        pairs.push((one(t), one(s)));
    }
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    let mut out = String::new();
    write_table(
        &mut out,
        "Traditional → simplified pairs, sorted by the traditional code unit.",
        "T2S: [(u16, u16)",
        pairs.iter().map(|(t, s)| format!("({t:#06x}, {s:#06x})")),
    );
    let dest = Path::new(&env::var_os("OUT_DIR").unwrap()).join("t2s_table.rs");
    fs::write(dest, out).unwrap();
}

/// Appends `/// doc` and `pub(super) static {decl}; N] = [rows…];` to `out`.
fn write_table(
    out: &mut String,
    doc: &str,
    decl: &str,
    rows: impl ExactSizeIterator<Item = String>,
) {
    writeln!(out, "/// {doc}").unwrap();
    writeln!(out, "pub(super) static {decl}; {}] = [", rows.len()).unwrap();
    for row in rows {
        writeln!(out, "    {row},").unwrap();
    }
    writeln!(out, "];").unwrap();
}
