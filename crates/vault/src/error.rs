//! Typed errors. Each variant maps to a stable Fluent message id
//! (`locales/*/vault.ftl`); the `Display` text is for developers and logs,
//! never shown to people, and never contains anything a person wrote.

use std::time::Duration;

use crate::RecordId;

/// Why a single record cannot be read. Carries no plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DamageReason {
    /// A stored chunk or index record failed authentication (tampered, or
    /// encrypted with another key).
    Undecryptable,
    /// Decrypted bytes are not a valid document or index record.
    Malformed,
    /// The record has no stored chunks, or one of them is missing.
    Missing,
    /// The record's rows are older than the vault's authenticated
    /// commitment says (restored from an old copy, or a deleted record put
    /// back): shown as damage, never as the older answers.
    RolledBack,
}

impl DamageReason {
    /// Stable code for Fluent selectors and JSON.
    pub fn code(self) -> &'static str {
        match self {
            DamageReason::Undecryptable => "undecryptable",
            DamageReason::Malformed => "malformed",
            DamageReason::Missing => "missing",
            DamageReason::RolledBack => "rolled_back",
        }
    }
}

/// An argument for a Fluent message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageArg {
    /// A number (Fluent can select plurals on it).
    Number(i64),
    /// A string that is not user content (ids, codes, paths).
    Text(String),
}

/// Everything that can go wrong in the vault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// The passphrase did not unlock the data key.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// Too many failed attempts: wait before trying again.
    #[error("unlock delayed after failed attempts; retry after {retry_after:?}")]
    UnlockDelayed {
        /// How long to wait.
        retry_after: Duration,
    },
    /// The vault is locked (explicitly or after idle time).
    #[error("vault is locked")]
    Locked,
    /// There is no vault in this folder.
    #[error("no vault in this folder")]
    NotFound,
    /// A vault already exists in this folder.
    #[error("a vault already exists in this folder")]
    AlreadyExists,
    /// The file exists but is not a FieldScreen vault. Nothing was changed.
    #[error("file is not a FieldScreen vault")]
    NotAVault,
    /// The database cannot be opened (truncated, corrupt). Nothing was
    /// changed; [`crate::Vault::set_aside`] moves it out of the way.
    #[error("vault database is damaged: {detail}")]
    StoreDamaged {
        /// Technical detail for logs (no user content).
        detail: String,
    },
    /// The vault was written by a newer version of FieldScreen.
    #[error("unsupported vault format version {found}")]
    UnsupportedVersion {
        /// Version found on disk.
        found: u32,
    },
    /// The disk is full; the last change was not saved, earlier ones are intact.
    #[error("disk full")]
    DiskFull,
    /// No record with this id.
    #[error("record {id} not found")]
    RecordNotFound {
        /// The record id.
        id: RecordId,
    },
    /// The record cannot be read; it is kept, never deleted.
    #[error("record {id} is damaged ({})", reason.code())]
    RecordDamaged {
        /// The record id.
        id: RecordId,
        /// Why.
        reason: DamageReason,
    },
    /// The record has another kind than the operation needs.
    #[error("record {id} has the wrong kind for this operation")]
    WrongKind {
        /// The record id.
        id: RecordId,
    },
    /// There is no conflict to resolve on this answer.
    #[error("no conflict to resolve")]
    NoConflict,
    /// An argument was invalid (e.g. an empty question name).
    #[error("invalid input: {what}")]
    InvalidInput {
        /// Which argument (a code, no user content).
        what: &'static str,
    },
    /// Argon2 parameters are out of range.
    #[error("invalid key-derivation parameters")]
    InvalidKdfParams,
    /// The vault header asks for Argon2 parameters outside the documented
    /// range (see [`crate::KdfParams::within_bounds`]); refused before any
    /// memory is allocated.
    #[error("key-derivation parameters out of range: m={m_kib} KiB, t={t}, p={p}")]
    KdfOutOfRange {
        /// Memory in KiB, as found.
        m_kib: u32,
        /// Passes, as found.
        t: u32,
        /// Lanes, as found.
        p: u32,
    },
    /// A wipe could not overwrite a key-bearing file before deleting it.
    /// The files were still deleted, but the storage may keep old blocks.
    #[error("the key could not be destroyed before the wipe: {detail}")]
    KeyDestructionFailed {
        /// Technical detail for logs (a file name and the system's error).
        detail: String,
    },
    /// The vault was wiped after too many failed attempts.
    #[error("vault wiped after too many failed attempts")]
    WipedAfterFailedAttempts,
    /// The operating system's random number generator failed.
    #[error("random number generator unavailable")]
    RandomUnavailable,
    /// Encryption failed (should not happen).
    #[error("encryption failed")]
    Crypto,
    /// A file-system error.
    #[error("file-system error: {0}")]
    Io(#[from] std::io::Error),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(rusqlite::Error),
}

impl From<rusqlite::Error> for VaultError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                ErrorCode::DiskFull => VaultError::DiskFull,
                ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => VaultError::StoreDamaged {
                    detail: e.to_string(),
                },
                _ => VaultError::Database(e),
            },
            _ => VaultError::Database(e),
        }
    }
}

impl VaultError {
    /// The stable Fluent message id for this error (see `locales/en/vault.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            VaultError::WrongPassphrase => "vault-wrong-passphrase",
            VaultError::UnlockDelayed { .. } => "vault-unlock-delayed",
            VaultError::Locked => "vault-locked",
            VaultError::NotFound => "vault-not-found",
            VaultError::AlreadyExists => "vault-already-exists",
            VaultError::NotAVault => "vault-not-a-vault",
            VaultError::StoreDamaged { .. } => "vault-store-damaged",
            VaultError::UnsupportedVersion { .. } => "vault-unsupported-version",
            VaultError::DiskFull => "vault-disk-full",
            VaultError::RecordNotFound { .. } => "vault-record-not-found",
            VaultError::RecordDamaged { .. } => "vault-record-damaged",
            VaultError::WrongKind { .. } => "vault-wrong-kind",
            VaultError::NoConflict => "vault-no-conflict",
            VaultError::InvalidInput { .. } => "vault-invalid-input",
            VaultError::InvalidKdfParams => "vault-invalid-kdf-params",
            VaultError::KdfOutOfRange { .. } => "vault-kdf-out-of-range",
            VaultError::KeyDestructionFailed { .. } => "vault-key-destruction-failed",
            VaultError::WipedAfterFailedAttempts => "vault-wiped-after-attempts",
            VaultError::RandomUnavailable => "vault-random-unavailable",
            VaultError::Crypto => "vault-crypto",
            VaultError::Io(_) => "vault-io",
            VaultError::Database(_) => "vault-database",
        }
    }

    /// Arguments for the Fluent message (names match the `.ftl` variables).
    pub fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            VaultError::UnlockDelayed { retry_after } => {
                let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                vec![(
                    "seconds",
                    MessageArg::Number(i64::try_from(secs).unwrap_or(i64::MAX)),
                )]
            }
            VaultError::UnsupportedVersion { found } => {
                vec![("version", MessageArg::Number(i64::from(*found)))]
            }
            VaultError::RecordNotFound { id } | VaultError::WrongKind { id } => {
                vec![("id", MessageArg::Text(id.to_string()))]
            }
            VaultError::RecordDamaged { id, reason } => vec![
                ("id", MessageArg::Text(id.to_string())),
                ("reason", MessageArg::Text(reason.code().to_owned())),
            ],
            VaultError::InvalidInput { what } => {
                vec![("what", MessageArg::Text((*what).to_owned()))]
            }
            VaultError::KdfOutOfRange { m_kib, t, p } => vec![
                ("memory", MessageArg::Number(i64::from(*m_kib / 1024))),
                ("passes", MessageArg::Number(i64::from(*t))),
                ("lanes", MessageArg::Number(i64::from(*p))),
            ],
            _ => Vec::new(),
        }
    }

    /// Every message id this crate can return (used by the locale tests).
    pub const ALL_MESSAGE_IDS: &'static [&'static str] = &[
        "vault-wrong-passphrase",
        "vault-unlock-delayed",
        "vault-locked",
        "vault-not-found",
        "vault-already-exists",
        "vault-not-a-vault",
        "vault-store-damaged",
        "vault-unsupported-version",
        "vault-disk-full",
        "vault-record-not-found",
        "vault-record-damaged",
        "vault-wrong-kind",
        "vault-no-conflict",
        "vault-invalid-input",
        "vault-invalid-kdf-params",
        "vault-kdf-out-of-range",
        "vault-key-destruction-failed",
        "vault-wiped-after-attempts",
        "vault-random-unavailable",
        "vault-crypto",
        "vault-io",
        "vault-database",
    ];
}
