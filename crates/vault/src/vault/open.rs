//! Creating and opening a vault: the database file, its header, the
//! folder's permissions; setting a damaged database aside.

use super::*;

pub(crate) fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE)
}

pub(crate) fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

pub(crate) fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(VaultError::StoreDamaged {
            detail: format!("journal_mode is {mode}"),
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

/// Checks the raw file before SQLite touches it, so that a foreign file is
/// never modified (e.g. switched to WAL mode).
pub(crate) fn check_file(path: &Path) -> Result<()> {
    let mut f = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(VaultError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let len = f.metadata()?.len();
    let mut head = [0u8; 100];
    let n = f.read(&mut head)?;
    if n >= 16 && &head[..16] != b"SQLite format 3\0" {
        return Err(VaultError::NotAVault);
    }
    if n < 100 || len < 100 {
        return Err(VaultError::StoreDamaged {
            detail: format!("file too short ({len} bytes)"),
        });
    }
    let app_id = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
    if app_id != APPLICATION_ID {
        return Err(VaultError::NotAVault);
    }
    // Size check, only when no WAL holds newer pages (a crash may leave the
    // main file shorter than its header while the WAL is still valid).
    let wal_len = fs::metadata(sidecar(path, "-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    if wal_len == 0 {
        let page_size = match u16::from_be_bytes([head[16], head[17]]) {
            1 => 65536u64,
            n => u64::from(n),
        };
        let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
        if page_size * pages > len {
            return Err(VaultError::StoreDamaged {
                detail: format!("truncated: {len} of {} bytes", page_size * pages),
            });
        }
    }
    Ok(())
}

pub(crate) fn map_open_err(e: rusqlite::Error) -> VaultError {
    match VaultError::from(e) {
        VaultError::Database(e) => VaultError::StoreDamaged {
            detail: e.to_string(),
        },
        other => other,
    }
}

pub(crate) fn wrap_aad(header_kdf: KdfParams, salt: &[u8]) -> Vec<u8> {
    let mut v = header_kdf.to_bytes().to_vec();
    v.extend_from_slice(salt);
    v
}

/// A header wrapping `dek` under `passphrase`; the attempt counter's key and
/// epoch are carried over from `previous` (new ones for a new vault).
pub(crate) fn make_header(
    vault_id: uuid::Uuid,
    passphrase: &Passphrase,
    kdf: KdfParams,
    dek: &SecretKey,
    previous: Option<&Header>,
) -> Result<Header> {
    let salt: [u8; 16] = random_bytes()?;
    let kek = derive_kek(passphrase, &salt, kdf)?;
    let wrapped = kek.cipher().seal(
        Purpose::WrappedKey,
        vault_id.as_bytes(),
        &wrap_aad(kdf, &salt),
        dek.as_bytes(),
    )?;
    let (attempts_key, attempts_epoch) = match previous {
        Some(h) if !h.attempts_key.is_empty() => (h.attempts_key.clone(), h.attempts_epoch.clone()),
        _ => (
            hex::encode(random_bytes::<32>()?),
            hex::encode(random_bytes::<16>()?),
        ),
    };
    Ok(Header {
        format: FORMAT_VERSION,
        vault_id,
        kdf,
        salt: hex::encode(salt),
        wrapped_key: hex::encode(wrapped),
        attempts_key,
        attempts_epoch,
    })
}

impl Header {
    pub(crate) fn unwrap_key(&self, passphrase: &Passphrase) -> Result<SecretKey> {
        let salt = hex::decode(&self.salt).map_err(|_| VaultError::NotAVault)?;
        let wrapped = hex::decode(&self.wrapped_key).map_err(|_| VaultError::NotAVault)?;
        let kek = derive_kek(passphrase, &salt, self.kdf)?;
        let dek = kek
            .cipher()
            .open(
                Purpose::WrappedKey,
                self.vault_id.as_bytes(),
                &wrap_aad(self.kdf, &salt),
                &wrapped,
            )
            .map_err(|_| VaultError::WrongPassphrase)?;
        SecretKey::from_slice(&dek).ok_or(VaultError::WrongPassphrase)
    }

    pub(crate) fn to_body(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|_| VaultError::Crypto)
    }
}

/// Reads the header row of an open connection.
pub(super) fn read_header(conn: &Connection) -> Result<Header> {
    let body: Vec<u8> = match conn
        .query_row("SELECT body FROM header WHERE id = 1", [], |r| r.get(0))
        .optional()
    {
        Ok(Some(b)) => b,
        Ok(None) => return Err(VaultError::NotAVault),
        Err(rusqlite::Error::SqliteFailure(_, Some(msg))) if msg.contains("no such table") => {
            return Err(VaultError::NotAVault);
        }
        Err(e) => return Err(map_open_err(e)),
    };
    serde_json::from_slice(&body).map_err(|_| VaultError::StoreDamaged {
        detail: "header is not valid".into(),
    })
}

/// Makes the vault folder 0700 and its database files 0600 (set
/// explicitly, never left to the umask).
pub(super) fn make_files_private(dir: &Path) -> Result<()> {
    files::make_private_dir(dir)?;
    let db = db_path(dir);
    for p in [db.clone(), sidecar(&db, "-wal"), sidecar(&db, "-shm")] {
        match files::make_private(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

impl Vault {
    /// Creates a new vault in `dir` (created if missing, 0700) and returns
    /// it unlocked.
    ///
    /// The database is written under a temporary name (0600 before anything
    /// is written into it) and renamed into place, so a crash never leaves a
    /// half-made vault.
    pub fn create(dir: &Path, passphrase: &Passphrase, options: VaultOptions) -> Result<Vault> {
        files::create_private_dir(dir)?;
        let path = db_path(dir);
        if path.exists() {
            return Err(VaultError::AlreadyExists);
        }
        let tmp = dir.join(format!("{DB_FILE}.creating"));
        let _ = fs::remove_file(&tmp);
        let dek = SecretKey::random()?;
        let header = make_header(uuid::Uuid::new_v4(), passphrase, options.kdf, &dek, None)?;
        let keys = Keys::derive(&dek)?;
        {
            let conn = Connection::open(&tmp)?;
            files::make_private(&tmp)?;
            conn.pragma_update(None, "journal_mode", "DELETE")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "secure_delete", "ON")?;
            conn.execute_batch(&format!(
                "BEGIN;
                 PRAGMA application_id = {APPLICATION_ID};
                 PRAGMA user_version = {FORMAT_VERSION};
                 {}
                 COMMIT;",
                store::SCHEMA
            ))?;
            conn.execute(
                "INSERT INTO header (id, body) VALUES (1, ?1)",
                params![header.to_body()?],
            )?;
            store::write_state(&conn, &keys, &header.vault_id, store::State::default())?;
            conn.close().map_err(|(_, e)| e)?;
        }
        fs::File::open(&tmp)?.sync_all()?;
        if path.exists() {
            let _ = fs::remove_file(&tmp);
            return Err(VaultError::AlreadyExists);
        }
        attempts::write(
            dir,
            &header.attempts_key,
            &Attempts::fresh(&header.attempts_epoch),
        )?;
        fs::rename(&tmp, &path)?;
        files::sync_dir(dir);
        let mut vault = Vault::open(dir, options)?;
        vault.keys = Some(keys);
        vault.committed = 0;
        vault.last_activity = vault.options.clock.monotonic();
        Ok(vault)
    }

    /// True if `dir` holds a vault database file (it may still be damaged).
    pub fn exists(dir: &Path) -> bool {
        db_path(dir).exists()
    }

    /// Opens an existing vault, locked. Changes no file's content if it
    /// fails. A header whose Argon2 parameters are outside the documented
    /// range ([`KdfParams::within_bounds`]) is refused here, before any key
    /// derivation allocates memory. The folder and files are set to 0700 /
    /// 0600 if they were not.
    pub fn open(dir: &Path, options: VaultOptions) -> Result<Vault> {
        let path = db_path(dir);
        check_file(&path)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(map_open_err)?;
        configure(&conn).map_err(|e| match e {
            VaultError::Database(e) => map_open_err(e),
            other => other,
        })?;
        let header = read_header(&conn)?;
        if header.format > FORMAT_VERSION {
            return Err(VaultError::UnsupportedVersion {
                found: header.format,
            });
        }
        if header.format < FORMAT_VERSION {
            // Format 1 (record UUIDs and sizes in clear) is not read by this
            // version: see ARCHITECTURE.md (no vault of that format was
            // released).
            return Err(VaultError::UnsupportedVersion {
                found: header.format,
            });
        }
        if !header.kdf.within_bounds() {
            return Err(VaultError::KdfOutOfRange {
                m_kib: header.kdf.m_kib,
                t: header.kdf.t,
                p: header.kdf.p,
            });
        }
        // A vault made before the answer journal gets its (empty) table.
        conn.execute_batch(store::JOURNAL_SCHEMA)?;
        // A vault made before modes were set explicitly gets them now.
        make_files_private(dir)?;
        let now = options.clock.monotonic();
        Ok(Vault {
            dir: dir.to_owned(),
            conn,
            header,
            options,
            keys: None,
            committed: 0,
            rolled_back: HashSet::new(),
            journal: 0,
            next_jid: None,
            pending: BTreeMap::new(),
            stale_journal: Vec::new(),
            unreadable_journal: Vec::new(),
            held: false,
            dirty: BTreeSet::new(),
            docs: HashMap::new(),
            tick: 0,
            last_activity: now,
            mem_attempts: None,
        })
    }

    /// Moves a database that cannot be opened out of the way (never deletes
    /// it), so a fresh vault can be created. Returns the new path of the
    /// database file; its `-wal`/`-shm` files, if any, are renamed alongside.
    /// A quick wipe destroys set-aside files too.
    pub fn set_aside(dir: &Path) -> Result<PathBuf> {
        let path = db_path(dir);
        if !path.exists() {
            return Err(VaultError::NotFound);
        }
        let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
        let mut n = 0u32;
        let target = loop {
            let name = if n == 0 {
                format!("{DB_FILE}.damaged-{stamp}")
            } else {
                format!("{DB_FILE}.damaged-{stamp}-{n}")
            };
            let t = dir.join(name);
            if !t.exists() {
                break t;
            }
            n += 1;
        };
        for suffix in ["-wal", "-shm"] {
            let side = sidecar(&path, suffix);
            if side.exists() {
                fs::rename(&side, sidecar(&target, suffix))?;
            }
        }
        fs::rename(&path, &target)?;
        files::sync_dir(dir);
        Ok(target)
    }

    /// Facts that need no key.
    pub fn info(&self) -> Result<VaultInfo> {
        let record_count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))?;
        Ok(VaultInfo {
            vault_id: self.header.vault_id,
            format: self.header.format,
            kdf: self.header.kdf,
            locked: self.keys.is_none(),
            record_count: u64::try_from(record_count).unwrap_or(0),
            db_bytes: fs::metadata(db_path(&self.dir))
                .map(|m| m.len())
                .unwrap_or(0),
        })
    }

    /// The vault folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
