//! Files and folders only their owner can read (0600 / 0700): backups, exports and logs
//! describe vulnerable residents, and the desk PC is shared.

/// The log file in the data folder: panics of the desk screen, background upkeep messages.
pub const LOG_FILE: &str = "balie.log";

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Create `path` (and missing parents) as a folder only its owner can open; an existing
/// folder is narrowed to the owner.
pub fn private_dir(path: &Path) -> io::Result<()> {
    let mut b = DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Create a new file only its owner can read or write. Fails if it exists, so nothing is
/// ever overwritten by accident.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Copy `from` into a new owner-only file `to` and make it durable.
pub fn copy_private(from: &Path, to: &Path) -> io::Result<u64> {
    let mut src = File::open(from)?;
    let mut dst = create_private(to)?;
    let n = io::copy(&mut src, &mut dst)?;
    dst.sync_all()?;
    Ok(n)
}

/// Make a file's directory entry durable (after creating or renaming a file in it).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// What [`write_atomically`] could not do.
#[derive(Debug)]
pub enum AtomicError<E> {
    /// `path` exists and was not to be replaced.
    Exists(PathBuf),
    /// The temporary file could not be made in the folder `dir`.
    Create { dir: PathBuf, source: io::Error },
    /// Writing, syncing or renaming failed.
    Write(io::Error),
    /// `write` itself failed.
    Fill(E),
}

/// The folder a file `path` is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Write a file only its owner can read through a temporary file `.{prefix}*.tmp` in the same
/// folder, renamed over `path` only once `write` (given the open file and its path) has
/// succeeded and the data is on disk. Any failure leaves nothing behind (and an existing file
/// untouched). Without `force` an existing `path` is refused, also when it appears while
/// writing.
pub fn write_atomically<T, E>(
    path: &Path,
    force: bool,
    prefix: &str,
    write: impl FnOnce(&mut File, &Path) -> Result<T, E>,
) -> Result<T, AtomicError<E>> {
    if !force && path.symlink_metadata().is_ok() {
        return Err(AtomicError::Exists(path.to_path_buf()));
    }
    let dir = folder_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|source| AtomicError::Create {
            dir: dir.to_path_buf(),
            source,
        })?;
    let tmp_path = tmp.path().to_path_buf();
    let value = write(tmp.as_file_mut(), &tmp_path).map_err(AtomicError::Fill)?;
    {
        use std::io::Write;
        tmp.as_file_mut().flush().map_err(AtomicError::Write)?;
    }
    tmp.as_file().sync_all().map_err(AtomicError::Write)?;
    let persisted = if force {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    persisted.map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            AtomicError::Exists(path.to_path_buf())
        } else {
            AtomicError::Write(e.error)
        }
    })?;
    // Make the rename itself durable; a failure here does not undo a complete file.
    let _ = sync_dir(dir);
    Ok(value)
}

/// Open `path` for appending (creating it only its owner can read), for logs.
pub fn append_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Create an empty file only its owner can read, unless it exists (then it is left as it is).
pub fn ensure_private(path: &Path) -> io::Result<()> {
    match create_private(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_are_owner_only_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        private_dir(&sub).unwrap();
        assert_eq!(mode(&sub), 0o700);
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&sub).unwrap();
        assert_eq!(mode(&sub), 0o700, "an existing folder is narrowed");
        let f = sub.join("x.csv");
        create_private(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
        assert_eq!(
            create_private(&f).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        std::fs::write(&f, b"data").unwrap();
        let g = sub.join("y.csv");
        assert_eq!(copy_private(&f, &g).unwrap(), 4);
        assert_eq!(mode(&g), 0o600);
        assert_eq!(std::fs::read(&g).unwrap(), b"data");
    }

    #[test]
    fn a_log_is_created_owner_only_and_appended_to() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("balie.log");
        append_private(&log).unwrap().write_all(b"one\n").unwrap();
        assert_eq!(mode(&log), 0o600);
        append_private(&log).unwrap().write_all(b"two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "one\ntwo\n");
    }
}
