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
    /// The confirmation word was not typed (a wipe): nothing was done.
    NotConfirmed,
    /// A team rule: not in a team, already in one, not the admin, no such
    /// device, not admitted yet, no key yet for the team's newest epoch.
    Team,
    /// The invite code cannot be used: mistyped, from an older version,
    /// expired, already used or unknown to the relay.
    Invite,
    /// The relay's address or pin is not usable (not `https://`, plain
    /// `http://` to another machine, a pin that is not 64 hex digits).
    InvalidRelay,
    /// The relay showed a TLS key other than the team's pin, or a
    /// certificate nobody vouches for: nothing was sent.
    RelayUntrusted,
    /// The relay cannot be reached (no network, wrong address, timeout).
    Network,
    /// The relay refused the request (or its operator's token was wrong).
    RelayRefused,
    /// The relay asks to wait (over a rate, the team's space full, the
    /// team's join queue full): try again later.
    RelayBusy,
    /// This device was removed from the team (the relay refuses it).
    Removed,
    /// Device-to-device sync: unavailable, the other device unreachable,
    /// too slow, not a member, or it broke the protocol.
    Nearby,
    /// A message from the relay, another device or a bundle file could not
    /// be used (damaged, forged, not for this team): nothing of it was kept.
    BadMessage,
    /// Hand-over mode: the device is with the respondent (nothing else opens
    /// until the interviewer confirms), or it cannot start or is not on.
    HandOver,
    Unexpected,
}

impl ErrorCode {
    /// The family of a team, relay or nearby failure.
    pub fn of_link(e: &link::LinkError) -> Self {
        use link::LinkError as L;
        match e {
            L::Vault(v) => Self::of_vault(v),
            L::NoTeam
            | L::AlreadyInTeam
            | L::NotAdmin
            | L::UnknownDevice(_)
            | L::BadFingerprint(_)
            | L::NotAdmitted
            | L::JoinTimeout
            | L::WaitingForKey(_) => ErrorCode::Team,
            L::NotPublisher | L::QuestionnaireUnknown | L::Questionnaire(_) => {
                ErrorCode::FormRefused
            }
            L::Team(t) => Self::of_team(t),
            L::InviteExpired | L::InviteUsed | L::InviteUnknown => ErrorCode::Invite,
            L::Network(_) => ErrorCode::Network,
            L::Refused { status: 403, .. } => ErrorCode::Removed,
            L::Refused { .. } | L::RegistrationRefused => ErrorCode::RelayRefused,
            L::Busy(_) | L::QuotaFull(_) | L::JoinsFull => ErrorCode::RelayBusy,
            L::RelayKeyMismatch { .. } | L::RelayUntrusted { .. } => ErrorCode::RelayUntrusted,
            L::BadAnswer | L::BadBundle => ErrorCode::BadMessage,
            L::Sync(link::SyncError::RandomUnavailable) => ErrorCode::Unexpected,
            L::Sync(_) => ErrorCode::BadMessage,
            L::StateDamaged => ErrorCode::Damaged,
            L::File(_) => ErrorCode::Storage,
            L::Lan(_) | L::Peer(_) | L::BadAddress(_) | L::LanDeadline => ErrorCode::Nearby,
        }
    }

    /// The family of a bad invite, relay address or team message.
    fn of_team(e: &link::TeamError) -> Self {
        use link::TeamError as T;
        match e {
            T::BadInvite | T::OldFormat => ErrorCode::Invite,
            T::BadRelayUrl | T::InsecureRelay | T::PinMissing | T::TooManyPins => {
                ErrorCode::InvalidRelay
            }
            T::RandomUnavailable => ErrorCode::Unexpected,
            _ => ErrorCode::BadMessage,
        }
    }

    /// The family of a vault failure.
    pub fn of_vault(e: &vault::VaultError) -> Self {
        use vault::VaultError as V;
        match e {
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
        }
    }
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
        let code = ErrorCode::of_vault(e);
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

    /// A team, relay or nearby failure, in the words of
    /// `locales/*/team.ftl` (or the vault's and sync's catalogs).
    pub fn from_link(e: &link::LinkError, lang: &str) -> Self {
        if let link::LinkError::Vault(v) = e {
            return Self::from_vault(v, lang);
        }
        Self::new(
            ErrorCode::of_link(e),
            e.message_id(),
            &e.message_args(),
            lang,
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use link::LinkError as L;
    use link::TeamError as T;
    use relay::client::ClientError as C;

    /// Every family of team, relay and nearby failure reaches the UI with
    /// its own code (never `InvalidAnswer` or `Storage` for a network or
    /// relay problem), and with a sentence, not a message id.
    #[test]
    fn each_link_and_relay_failure_family_has_its_code() {
        let pin = [7u8; 32];
        let table: Vec<(&str, L, ErrorCode)> = vec![
            ("no team", L::NoTeam, ErrorCode::Team),
            ("already in a team", L::AlreadyInTeam, ErrorCode::Team),
            ("not the admin", L::NotAdmin, ErrorCode::Team),
            (
                "unknown device",
                L::UnknownDevice("ab".into()),
                ErrorCode::Team,
            ),
            (
                "bad fingerprint",
                L::BadFingerprint("12".into()),
                ErrorCode::Team,
            ),
            ("not admitted", L::NotAdmitted, ErrorCode::Team),
            ("join timeout", L::JoinTimeout, ErrorCode::Team),
            ("no key yet", L::WaitingForKey(3), ErrorCode::Team),
            ("may not publish", L::NotPublisher, ErrorCode::FormRefused),
            ("bad invite code", L::Team(T::BadInvite), ErrorCode::Invite),
            ("old invite", L::Team(T::OldFormat), ErrorCode::Invite),
            ("invite expired", L::InviteExpired, ErrorCode::Invite),
            ("invite used", L::InviteUsed, ErrorCode::Invite),
            ("invite unknown", L::InviteUnknown, ErrorCode::Invite),
            ("bad relay url", C::BadUrl.into(), ErrorCode::InvalidRelay),
            ("plain http", C::Insecure.into(), ErrorCode::InvalidRelay),
            (
                "pin missing",
                L::Team(T::PinMissing),
                ErrorCode::InvalidRelay,
            ),
            (
                "wrong key",
                C::WrongKey { seen: pin }.into(),
                ErrorCode::RelayUntrusted,
            ),
            (
                "untrusted",
                C::Untrusted { seen: pin }.into(),
                ErrorCode::RelayUntrusted,
            ),
            (
                "unreachable",
                L::Network("refused".into()),
                ErrorCode::Network,
            ),
            ("tls setup", C::Setup("x".into()).into(), ErrorCode::Network),
            (
                "removed",
                C::Refused(403, "forbidden: removed".into()).into(),
                ErrorCode::Removed,
            ),
            (
                "refused",
                C::Refused(409, "conflict: stale epoch".into()).into(),
                ErrorCode::RelayRefused,
            ),
            (
                "no operator token",
                L::RegistrationRefused,
                ErrorCode::RelayRefused,
            ),
            (
                "busy",
                C::Busy {
                    retry_after: 3,
                    reason: "rate".into(),
                }
                .into(),
                ErrorCode::RelayBusy,
            ),
            (
                "quota",
                C::Busy {
                    retry_after: 3,
                    reason: "team quota".into(),
                }
                .into(),
                ErrorCode::RelayBusy,
            ),
            ("joins full", L::JoinsFull, ErrorCode::RelayBusy),
            ("bad answer", C::BadAnswer.into(), ErrorCode::BadMessage),
            (
                "forged ring",
                L::Team(T::RingUnsigned),
                ErrorCode::BadMessage,
            ),
            (
                "broken log",
                L::Team(T::LogBadSignature),
                ErrorCode::BadMessage,
            ),
            ("bad bundle", L::BadBundle, ErrorCode::BadMessage),
            (
                "peer unreachable",
                L::Peer("reset".into()),
                ErrorCode::Nearby,
            ),
            ("bad address", L::BadAddress("x".into()), ErrorCode::Nearby),
            ("too slow", L::LanDeadline, ErrorCode::Nearby),
            (
                "peer not a member",
                L::Lan(sync::lan::LanError::NotMember),
                ErrorCode::Nearby,
            ),
            ("state damaged", L::StateDamaged, ErrorCode::Damaged),
            ("file", L::File("denied".into()), ErrorCode::Storage),
            (
                "locked",
                L::Vault(vault::VaultError::Locked),
                ErrorCode::Locked,
            ),
        ];
        let mut wrong = Vec::new();
        for (what, e, code) in &table {
            let err = AppError::from_link(e, "en");
            if err.code != *code {
                wrong.push(format!("{what}: {:?}, want {code:?}", err.code));
            }
            assert!(
                !err.message.is_empty() && err.message != e.message_id(),
                "{what}: {}",
                err.message
            );
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // The families the issue names each have a code of their own.
        let families: std::collections::BTreeSet<String> =
            table.iter().map(|(_, _, c)| format!("{c:?}")).collect();
        for family in [
            "Team",
            "Network",
            "RelayRefused",
            "Removed",
            "Nearby",
            "Invite",
        ] {
            assert!(families.contains(family), "{family}");
        }
        assert!(
            !families.contains("InvalidAnswer"),
            "a link failure reported as an invalid answer"
        );
    }
}
