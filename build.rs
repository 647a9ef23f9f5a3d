//! Generates the traditional→simplified folding table from `data/t2s.txt`.
//!
//! The table is a sorted array of `(u16, u16)` pairs: every pair in the data is a
//! BMP character, and a binary search over 11 KB is both small in WASM and fast.

use std::{env, fmt::Write as _, fs, path::Path};

fn main() {
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
    writeln!(
        out,
        "/// Traditional → simplified pairs, sorted by the traditional code unit."
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static T2S: [(u16, u16); {}] = [",
        pairs.len()
    )
    .unwrap();
    for (t, s) in &pairs {
        writeln!(out, "    ({t:#06x}, {s:#06x}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = Path::new(&env::var_os("OUT_DIR").unwrap()).join("t2s_table.rs");
    fs::write(dest, out).unwrap();
}
