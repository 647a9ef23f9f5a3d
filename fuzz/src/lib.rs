//! What each fuzz target does with its input, in one place: the targets in
//! `fuzz_targets/` call these, and `tests/fuzz_regressions.rs` in the main
//! crate includes `src/targets.rs` to replay the seed corpora and every saved crash
//! on stable Rust. A target passes when it returns without panicking.
//!
//! The index decoder is about to change; retargeting means editing `decode`.

include!("targets.rs");
