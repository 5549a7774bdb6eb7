//! Files and folders only their owner can read (0600 / 0700): backups, exports and logs
//! describe vulnerable residents, and the desk PC is shared.

/// The log file in the data folder: panics of the desk screen, background upkeep messages.
pub const LOG_FILE: &str = "balie.log";

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::path::Path;

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
}
