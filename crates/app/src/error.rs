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
    fn new(code: ErrorCode, id: &str, args: &[(&str, String)], lang: &str) -> Self {
        let mut fluent_args = i18n::FluentArgs::new();
        for (k, v) in args {
            fluent_args.set(*k, v.clone());
        }
        AppError {
            code,
            message: i18n::localizer().format(lang, id, Some(&fluent_args)),
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

    /// For failures the user cannot act on; the detail goes to the log only.
    pub fn unexpected(detail: &dyn std::fmt::Display, lang: &str) -> Self {
        tracing::error!("unexpected failure: {detail}");
        Self::new(ErrorCode::Unexpected, "error-unexpected", &[], lang)
    }
}
