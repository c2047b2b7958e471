//! Files of a vault folder: private modes, and overwriting before deletion.
//!
//! Modes are set explicitly (never left to the process umask): the vault
//! folder is 0700 and every file in it 0600 on Linux and macOS. On other
//! systems the calls do nothing (the app's private storage is the boundary
//! there).

use std::fs;
use std::io::Write;
use std::path::Path;

/// Mode of a vault folder.
pub const DIR_MODE: u32 = 0o700;
/// Mode of every file in a vault folder.
pub const FILE_MODE: u32 = 0o600;

/// Sets `path` to `mode` (Unix only).
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = fs::metadata(path)?.permissions().mode() & 0o777;
        if current != mode {
            fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Creates `dir` (and its parents) and makes `dir` itself private (0700).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    set_mode(dir, DIR_MODE)
}

/// Makes an existing file private (0600).
pub fn make_private(file: &Path) -> std::io::Result<()> {
    set_mode(file, FILE_MODE)
}

/// Makes an existing folder private (0700).
pub fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    set_mode(dir, DIR_MODE)
}

/// Writes `bytes` to `path` atomically (a temporary file in the same
/// folder, created 0600, synced, then renamed).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let _ = fs::remove_file(&tmp);
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(FILE_MODE);
    }
    let mut f = opts.open(&tmp)?;
    make_private(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, path)?;
    if let Some(parent) = path.parent() {
        sync_dir(parent);
    }
    Ok(())
}

/// Makes a directory entry change durable (not every platform allows it).
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Overwrites a file in place with random bytes over its whole length and
/// syncs it: what a database holds (wrapped key included) is gone from this
/// inode before it is unlinked. (Flash storage may keep old blocks: see
/// SECURITY.md.)
pub(crate) fn overwrite(path: &Path) -> std::io::Result<()> {
    let len = fs::metadata(path)?.len();
    let mut f = fs::OpenOptions::new().write(true).open(path)?;
    let mut block = vec![0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        getrandom::fill(&mut block).map_err(std::io::Error::other)?;
        let n = usize::try_from(left.min(block.len() as u64)).unwrap_or(block.len());
        f.write_all(&block[..n])?;
        left -= n as u64;
    }
    f.sync_all()
}

/// Permission bits of a path (Unix), for tests and checks.
#[cfg(unix)]
pub fn mode_of(path: &Path) -> std::io::Result<u32> {
    use std::os::unix::fs::PermissionsExt;
    Ok(fs::metadata(path)?.permissions().mode() & 0o777)
}
