//! `rust-version` in Cargo.toml stays true: it is at least the highest
//! `rust-version` that any locked dependency declares (read from the registry
//! sources cargo has unpacked), so a dependency update that needs a newer Rust
//! turns this test red instead of breaking users of an older toolchain.

// A panic is how a test (or a measurement) fails; pedantic style is for library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::pedantic)]

use std::path::{Path, PathBuf};

/// `1.88` or `1.88.0` as comparable numbers.
fn version(text: &str) -> Vec<u64> {
    let mut v: Vec<u64> = text
        .split('.')
        .map(|p| p.trim().parse().unwrap_or(0))
        .collect();
    v.resize(3, 0);
    v
}

fn rust_version(manifest: &str) -> Option<String> {
    let value: toml::Table = toml::from_str(manifest).ok()?;
    value
        .get("package")?
        .get("rust-version")?
        .as_str()
        .map(str::to_string)
}

fn registry_sources() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let Some(src) = home.map(|h| h.join("registry").join("src")) else {
        return vec![];
    };
    std::fs::read_dir(src)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn rust_version_is_at_least_what_every_locked_dependency_needs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = rust_version(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap())
        .expect("Cargo.toml declares rust-version");
    let lock: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.lock")).unwrap()).unwrap();
    let sources = registry_sources();
    let mut highest: Option<(Vec<u64>, String)> = None;
    let (mut read, mut absent) = (0, 0);
    for package in lock["package"].as_array().unwrap() {
        if package.get("source").is_none() {
            continue; // this crate
        }
        let (name, ver) = (
            package["name"].as_str().unwrap(),
            package["version"].as_str().unwrap(),
        );
        let manifest = sources
            .iter()
            .map(|s| s.join(format!("{name}-{ver}")).join("Cargo.toml"))
            .find(|p| p.is_file());
        let Some(manifest) = manifest else {
            absent += 1; // e.g. a Windows-only crate this machine never unpacked
            continue;
        };
        read += 1;
        if let Some(rv) = rust_version(&std::fs::read_to_string(&manifest).unwrap()) {
            if highest.as_ref().is_none_or(|(h, _)| version(&rv) > *h) {
                highest = Some((version(&rv), format!("{name} {ver} needs {rv}")));
            }
        }
    }
    if read == 0 {
        eprintln!(
            "skipped: no dependency sources under the cargo registry ({absent} locked crates); run `cargo fetch` to check rust-version"
        );
        return;
    }
    let (needed, who) = highest.expect("some dependency declares rust-version");
    eprintln!("rust-version {ours}; highest among {read} dependencies: {who} ({absent} not unpacked here)");
    assert!(
        version(&ours) >= needed,
        "Cargo.toml says rust-version = \"{ours}\", but {who}: raise it"
    );
}
