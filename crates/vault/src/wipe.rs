//! Quick wipe: the keys first (with a failure reported), then the files.
//!
//! Every database-family file in the vault folder — the live `vault.db`,
//! its `-wal`, `-shm` and `-journal`, a half-made `vault.db.creating`, and
//! databases set aside as damaged (`vault.db.damaged-*`, which hold the same
//! wrapped key) — is overwritten in place with random bytes over its whole
//! length and synced before anything is unlinked. For a live database that
//! SQLite can still open, the header (the wrapped key) is first overwritten
//! through SQLite with `secure_delete` on and the WAL checkpointed, so no
//! frame of the WAL keeps it either. Then the files are removed.
//!
//! If a key-bearing file cannot be overwritten, the wipe still removes
//! everything it can, and returns [`VaultError::KeyDestructionFailed`]: the
//! person is told, never left believing the key is gone.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

use crate::attempts::ATTEMPTS_FILE;
use crate::crypto::random_bytes;
use crate::error::VaultError;
use crate::files;
use crate::vault::{DB_FILE, Vault, check_file, db_path};

impl Vault {
    /// Quick wipe of a vault folder without unlocking it (panic button):
    /// destroys the keys first, then deletes the files (see the module
    /// documentation). Works on a damaged or truncated database too.
    pub fn wipe_dir(dir: &Path) -> Result<(), VaultError> {
        wipe_folder(dir, None)
    }

    /// Quick wipe: forgets the key in memory, destroys the keys on disk,
    /// then deletes every vault file. Works locked or unlocked.
    pub fn wipe(mut self) -> Result<(), VaultError> {
        self.lock();
        let dir = self.dir.clone();
        let _ = destroy_key(&self.conn);
        drop(self);
        wipe_folder(&dir, None)
    }
}

/// Overwrites the wrapped key through SQLite (secure delete on) and empties
/// the WAL into the main file.
fn destroy_key(conn: &Connection) -> Result<(), VaultError> {
    conn.pragma_update(None, "secure_delete", "ON")?;
    let junk: [u8; 64] = random_bytes()?;
    conn.execute(
        "UPDATE header SET body = ?1 WHERE id = 1",
        params![hex::encode(junk).into_bytes()],
    )?;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(VaultError::KeyDestructionFailed {
            detail: "the WAL could not be checkpointed".into(),
        });
    }
    Ok(())
}

/// Whether a file in the vault folder may hold a wrapped key or records.
fn key_bearing(name: &str) -> bool {
    name.starts_with(DB_FILE)
}

pub(crate) fn wipe_folder(dir: &Path, conn: Option<&Connection>) -> Result<(), VaultError> {
    // 1. The live database through SQLite, when it can be opened.
    match conn {
        Some(c) => {
            let _ = destroy_key(c);
        }
        None => {
            let db = db_path(dir);
            if check_file(&db).is_ok()
                && let Ok(c) = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_WRITE)
            {
                let _ = destroy_key(&c);
                let _ = c.close();
            }
        }
    }
    // 2. Every key-bearing file, overwritten in place.
    let mut failures = Vec::new();
    let mut names = Vec::new();
    match fs::read_dir(dir) {
        Ok(rd) => {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if e.file_type().map(|t| t.is_file()).unwrap_or(false) && key_bearing(&name) {
                    if let Err(err) = files::overwrite(&e.path()) {
                        failures.push(format!("{name}: {err}"));
                    }
                    names.push(name);
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => failures.push(format!("{}: {e}", dir.display())),
    }
    // 3. Remove them, and the attempt counter.
    let mut remove_err = None;
    names.push(ATTEMPTS_FILE.to_owned());
    names.push(format!(".{ATTEMPTS_FILE}.tmp"));
    for name in names {
        match fs::remove_file(dir.join(&name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                remove_err.get_or_insert(e);
            }
        }
    }
    files::sync_dir(dir);
    if !failures.is_empty() {
        return Err(VaultError::KeyDestructionFailed {
            detail: failures.join("; "),
        });
    }
    match remove_err {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}
