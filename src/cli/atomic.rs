//! Atomic file writes: a reader (or a failed build) never sees a half-written file.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed
/// to disk and then renamed over `path`. Either the old file or the complete new
/// one is there afterwards, never a partial one; the temporary file is removed
/// when anything fails. Creates the folder when it is missing.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".casesearch-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail(&e))?;
    tmp.write_all(bytes).map_err(|e| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = fresh_dir("replace");
        let path = dir.join("x.idx");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        assert_eq!(names(&dir), ["x.idx"]);
    }

    #[test]
    fn creates_missing_folders() {
        let dir = fresh_dir("mkdir");
        let path = dir.join("a/b/x.idx");
        write_atomically(&path, b"1").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"1");
    }

    #[test]
    fn a_failed_write_keeps_the_old_target_and_cleans_up() {
        let dir = fresh_dir("fail");
        // The target is a non-empty folder: the rename fails.
        let path = dir.join("x.idx");
        std::fs::create_dir_all(path.join("inside")).unwrap();
        let err = write_atomically(&path, b"new").unwrap_err();
        assert!(err.contains("x.idx"), "{err}");
        assert!(path.join("inside").is_dir());
        assert_eq!(names(&dir), ["x.idx"]);
    }
}
