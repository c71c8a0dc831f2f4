//! The one way Strata writes a small file that must survive a crash or a full disk: write a temp
//! file in the same folder, fsync it, rename it over the target, fsync the folder. A crash at any
//! point leaves the old file or the new one, never a torn or empty one; a failed write (ENOSPC,
//! a read-only folder) leaves the old file untouched and returns the error.
//!
//! Used for the files that stay files: the catalog cache, the demo emulator's state and the
//! settings. Records that grow (conversations, the usage ledger) live in the database instead.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temp files of concurrent writes from one process (the pid tells processes apart).
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `bytes` durably (see the module docs). The folder must exist.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let seq = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
    write_via(path, bytes, &temp_path(path, seq))
}

/// The temp file beside `path` for the `seq`-th write of this process.
fn temp_path(path: &Path, seq: u64) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    path.with_file_name(format!(".{name}.{}-{seq}.tmp", std::process::id()))
}

fn write_via(path: &Path, bytes: &[u8], tmp: &Path) -> std::io::Result<()> {
    let result = (|| {
        let mut file = std::fs::File::create(tmp)?;
        file.write_all(bytes)?;
        // The data must be on disk before the rename makes it the file.
        file.sync_all()?;
        drop(file);
        std::fs::rename(tmp, path)?;
        sync_folder(path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    result
}

/// Makes a rename in `path`'s folder durable (the folder's entry is what the rename changed).
fn sync_folder(path: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Windows cannot open a folder as a file; NTFS journals the rename itself.
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["state.json"]);
    }

    #[test]
    fn a_temp_file_that_cannot_be_written_keeps_the_old_file_and_returns_the_error() {
        // As root a read-only folder would not stop the write, so the temp file's place is taken
        // by a folder: creating the temp file fails as it would on a full or read-only disk.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.json");
        write(&path, b"previous").unwrap();
        let tmp = temp_path(&path, u64::MAX);
        std::fs::create_dir(&tmp).unwrap();
        let err = write_via(&path, b"next", &tmp).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory, "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"previous");
    }

    #[test]
    fn a_rename_that_fails_removes_the_temp_file_and_returns_the_error() {
        // The target is a non-empty folder: the rename is refused after the temp file was written.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), b"kept").unwrap();
        assert!(write(&target, b"new").is_err());
        assert_eq!(std::fs::read(target.join("inside")).unwrap(), b"kept");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["taken"], "no temp file left");
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(&dir.path().join("nope/file.json"), b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }
}
