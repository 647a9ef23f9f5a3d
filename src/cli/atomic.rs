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
    // A temporary file is private (0600); the result gets the permissions of
    // the file it replaces, or the usual ones for a new file (0644), so a web
    // server running as another user can still read it.
    set_permissions(tmp.as_file(), path).map_err(|e| fail(&e))?;
    tmp.write_all(bytes).map_err(|e| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

#[cfg(unix)]
fn set_permissions(file: &std::fs::File, target: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = match std::fs::metadata(target) {
        Ok(m) => m.permissions(),
        Err(_) => std::fs::Permissions::from_mode(0o644),
    };
    file.set_permissions(permissions)
}

/// Elsewhere temporary files are not made private, so there is nothing to undo.
#[cfg(not(unix))]
fn set_permissions(_: &std::fs::File, _: &Path) -> std::io::Result<()> {
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

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = fresh_dir("mode");
        let path = dir.join("new.idx");
        write_atomically(&path, b"1").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"2").unwrap();
        assert_eq!(mode(&path), 0o640);
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
