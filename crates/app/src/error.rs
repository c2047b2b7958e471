use std::path::Path;

use serde::Serialize;
use specta::Type;

/// Stable codes the UI can branch on; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    UnknownLanguage,
    DataFolder,
    SettingsSave,
    /// The passphrase is wrong (nothing was changed).
    WrongPassphrase,
    /// A new passphrase is too short or its two copies differ.
    InvalidPassphrase,
    /// Too many wrong passphrases: wait before trying again.
    UnlockDelayed,
    Locked,
    /// No vault in the folder.
    NoVault,
    VaultExists,
    /// The store or one record is damaged (set aside, never deleted).
    Damaged,
    DiskFull,
    /// No such case.
    NotFound,
    /// A questionnaire that cannot be read or is not valid.
    InvalidForm,
    /// The record's questionnaire has not reached this device from the
    /// team yet: it opens after the sync that brings it.
    FormWaiting,
    /// A questionnaire from the team was refused (not allowed, altered, not
    /// matching its hash) or this device may not publish: nothing was used.
    FormRefused,
    /// The questionnaire has no answerable question of that name.
    UnknownQuestion,
    /// The value does not fit the question.
    InvalidAnswer,
    /// Storage could not be read or written.
    Storage,
    /// The person cancelled a long task (an export); nothing was kept.
    Cancelled,
    Unexpected,
}

/// The one error type that crosses to the UI and the CLI: a code and a
/// sentence already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub(crate) fn new(code: ErrorCode, id: &str, args: &[(&str, String)], lang: &str) -> Self {
        AppError {
            code,
            message: i18n::message(lang, id, args),
        }
    }

    pub(crate) fn unknown_language(code: &str, lang: &str) -> Self {
        Self::new(
            ErrorCode::UnknownLanguage,
            "error-unknown-language",
            &[("code", code.to_owned())],
            lang,
        )
    }

    pub(crate) fn data_folder(path: &Path, e: &std::io::Error, lang: &str) -> Self {
        Self::new(
            ErrorCode::DataFolder,
            "error-data-folder",
            &[
                ("path", path.display().to_string()),
                ("reason", e.to_string()),
            ],
            lang,
        )
    }

    pub(crate) fn settings_save(e: &std::io::Error, lang: &str) -> Self {
        Self::new(
            ErrorCode::SettingsSave,
            "error-settings-save",
            &[("reason", e.to_string())],
            lang,
        )
    }

    /// A vault error, in the words of `locales/*/vault.ftl`.
    pub fn from_vault(e: &vault::VaultError, lang: &str) -> Self {
        use vault::VaultError as V;
        let code = match e {
            V::WrongPassphrase => ErrorCode::WrongPassphrase,
            V::UnlockDelayed { .. } => ErrorCode::UnlockDelayed,
            V::Locked => ErrorCode::Locked,
            V::NotFound => ErrorCode::NoVault,
            V::AlreadyExists => ErrorCode::VaultExists,
            V::NotAVault
            | V::StoreDamaged { .. }
            | V::RecordDamaged { .. }
            | V::UnsupportedVersion { .. } => ErrorCode::Damaged,
            V::DiskFull => ErrorCode::DiskFull,
            V::RecordNotFound { .. } | V::WrongKind { .. } => ErrorCode::NotFound,
            V::Io(_) | V::KeyDestructionFailed { .. } => ErrorCode::Storage,
            V::KdfOutOfRange { .. } => ErrorCode::Damaged,
            _ => ErrorCode::Unexpected,
        };
        if code == ErrorCode::Unexpected || code == ErrorCode::Storage {
            // Vault errors never carry anything a person wrote.
            tracing::error!("vault: {e}");
        }
        let args: Vec<(&str, i18n::FluentValue<'_>)> = e
            .message_args()
            .into_iter()
            .map(|(k, v)| match v {
                vault::MessageArg::Number(n) => (k, n.into()),
                vault::MessageArg::Text(t) => (k, t.into()),
            })
            .collect();
        AppError {
            code,
            message: i18n::message(lang, e.message_id(), &args),
        }
    }

    pub(crate) fn passphrase_mismatch(lang: &str) -> Self {
        Self::new(
            ErrorCode::InvalidPassphrase,
            "error-passphrase-mismatch",
            &[],
            lang,
        )
    }

    /// A record names its questionnaire by something that is not a hash.
    pub(crate) fn bad_form_hash(hash: &str, lang: &str) -> Self {
        let shown: String = hash.chars().take(80).collect();
        Self::new(
            ErrorCode::InvalidForm,
            "error-form-hash-invalid",
            &[("hash", shown)],
            lang,
        )
    }

    /// The questionnaire kept under a hash does not hash to it.
    pub(crate) fn form_hash_mismatch(expected: &str, found: &str, lang: &str) -> Self {
        Self::new(
            ErrorCode::InvalidForm,
            "error-form-hash-mismatch",
            &[
                ("expected", expected.to_owned()),
                ("found", found.to_owned()),
            ],
            lang,
        )
    }

    /// "Waiting for the questionnaire from the team."
    pub(crate) fn form_waiting(lang: &str) -> Self {
        Self::new(
            ErrorCode::FormWaiting,
            "forms-questionnaire-waiting",
            &[],
            lang,
        )
    }

    /// A team questionnaire refused, or publishing refused (`id` from
    /// `link` / `sync::questionnaire`).
    pub(crate) fn team_form(id: &str, lang: &str) -> Self {
        Self::new(ErrorCode::FormRefused, id, &[], lang)
    }

    pub(crate) fn io(e: &std::io::Error, lang: &str) -> Self {
        Self::new(
            ErrorCode::Storage,
            "error-io",
            &[("reason", e.to_string())],
            lang,
        )
    }

    pub(crate) fn not_found(id: &str, lang: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            "error-record-not-found",
            &[("id", id.to_owned())],
            lang,
        )
    }

    pub(crate) fn unknown_question(question: &str, lang: &str) -> Self {
        Self::new(
            ErrorCode::UnknownQuestion,
            "error-unknown-question",
            &[("question", question.to_owned())],
            lang,
        )
    }

    pub(crate) fn invalid_answer(question: &str, value: &str, lang: &str) -> Self {
        Self::new(
            ErrorCode::InvalidAnswer,
            "error-invalid-answer",
            &[
                ("question", question.to_owned()),
                ("value", value.to_owned()),
            ],
            lang,
        )
    }

    pub(crate) fn state_not_offered(question: &str, lang: &str) -> Self {
        Self::new(
            ErrorCode::InvalidAnswer,
            "error-state-not-offered",
            &[("question", question.to_owned())],
            lang,
        )
    }

    pub(crate) fn invalid_form(path: &Path, reason: &forms::Message, lang: &str) -> Self {
        let reason = i18n::message(lang, reason.id, &reason.args);
        Self::new(
            ErrorCode::InvalidForm,
            "error-invalid-form",
            &[("path", path.display().to_string()), ("reason", reason)],
            lang,
        )
    }

    /// For failures the user cannot act on; the detail goes to the log only.
    pub fn unexpected(detail: &dyn std::fmt::Display, lang: &str) -> Self {
        tracing::error!("unexpected failure: {detail}");
        Self::new(ErrorCode::Unexpected, "error-unexpected", &[], lang)
    }
}
