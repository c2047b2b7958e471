//! Typed errors; each has a stable Fluent id (`locales/*/team.ftl`, or the
//! vault's and sync's own catalogs).

use relay_client::client::ClientError;
use sync::{EnvelopeError, SyncError, TeamError};
use vault::VaultError;

/// Why a team operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// This vault is not in a team.
    #[error("not in a team")]
    NoTeam,
    /// This vault is already in a team.
    #[error("already in a team")]
    AlreadyInTeam,
    /// Only the team's admin may do this.
    #[error("not the admin")]
    NotAdmin,
    /// This device may not publish questionnaires to the team (the admin
    /// has not allowed it).
    #[error("may not publish questionnaires")]
    NotPublisher,
    /// No team questionnaire with that hash on this device.
    #[error("no such team questionnaire")]
    QuestionnaireUnknown,
    /// A team questionnaire refused (see [`sync::questionnaire::Refusal`]).
    #[error(transparent)]
    Questionnaire(sync::questionnaire::Refusal),
    /// This device asked to join and is not admitted yet.
    #[error("not admitted yet")]
    NotAdmitted,
    /// No admission before the timeout.
    #[error("not admitted before the timeout")]
    JoinTimeout,
    /// No member matches.
    #[error("no such device: {0}")]
    UnknownDevice(String),
    /// Bad invite code, sealed keys or membership log.
    #[error(transparent)]
    Team(#[from] TeamError),
    /// The relay cannot be reached.
    #[error("network: {0}")]
    Network(String),
    /// The relay refused.
    #[error("relay refused ({status}): {reason}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The relay's short reason.
        reason: String,
    },
    /// The relay's answer could not be read.
    #[error("bad answer from the relay")]
    BadAnswer,
    /// See [`SyncError`].
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// See [`VaultError`].
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// The stored team state cannot be read.
    #[error("team state damaged")]
    StateDamaged,
    /// Not a bundle of this team, or damaged.
    #[error("not a bundle of this team")]
    BadBundle,
    /// A file could not be read or written.
    #[error("file: {0}")]
    File(String),
    /// Device-to-device sync: the other device broke the protocol, is not
    /// a member, or refused.
    #[error(transparent)]
    Lan(#[from] sync::lan::LanError),
    /// Device-to-device sync: the other device cannot be reached, or the
    /// connection broke.
    #[error("other device: {0}")]
    Peer(String),
    /// Not a network address.
    #[error("not an address: {0}")]
    BadAddress(String),
    /// The relay showed a TLS key other than the team's pin: refused in
    /// the handshake, before anything was sent.
    #[error("the relay's key {seen} is not the pinned one")]
    RelayKeyMismatch {
        /// Short fingerprint of the key it showed.
        seen: String,
    },
    /// The relay's certificate is not from a trusted authority and no pin
    /// was given.
    #[error("the relay's certificate ({seen}) is not trusted")]
    RelayUntrusted {
        /// Short fingerprint of the key it showed.
        seen: String,
    },
    /// Device-to-device sync: the session ran past its deadline.
    #[error("the other device took too long")]
    LanDeadline,
    /// The membership log moved to a key epoch this device has no key for
    /// yet: nothing can be sealed for the team until it arrives.
    #[error("no key yet for epoch {0}")]
    WaitingForKey(u32),
    /// The relay does not create teams without its operator's token.
    #[error("team creation refused: operator token missing or wrong")]
    RegistrationRefused,
    /// The invite expired before it was used.
    #[error("invite expired")]
    InviteExpired,
    /// Another device already used the invite.
    #[error("invite already used")]
    InviteUsed,
    /// The team's queue of devices waiting to join is full: this device is
    /// not admitted and may try again once the admin has handled the queue.
    #[error("the team's join queue is full")]
    JoinsFull,
    /// The relay does not know the invite (never registered, or another team's).
    #[error("invite unknown to the relay")]
    InviteUnknown,
    /// Not a device fingerprint (12 digits).
    #[error("not a fingerprint: {0}")]
    BadFingerprint(String),
    /// The relay asks this device to slow down (over its rate).
    #[error("relay busy: retry after {0} s")]
    Busy(u64),
    /// The team's space on the relay is full.
    #[error("team quota reached: retry after {0} s")]
    QuotaFull(u64),
}

impl From<ClientError> for LinkError {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Network(e) => LinkError::Network(e.to_string()),
            ClientError::Refused(status, reason) => LinkError::Refused { status, reason },
            ClientError::Busy {
                retry_after,
                reason,
            } if reason.contains("quota") => LinkError::QuotaFull(retry_after),
            ClientError::Busy { retry_after, .. } => LinkError::Busy(retry_after),
            ClientError::BadAnswer | ClientError::Feed(_) => LinkError::BadAnswer,
            ClientError::Sync(e) => LinkError::Sync(e),
            ClientError::Insecure => LinkError::Team(TeamError::InsecureRelay),
            ClientError::BadUrl => LinkError::Team(TeamError::BadRelayUrl),
            ClientError::WrongKey { seen } => LinkError::RelayKeyMismatch {
                seen: sync::team::pin_fingerprint(&seen),
            },
            ClientError::Untrusted { seen } => LinkError::RelayUntrusted {
                seen: sync::team::pin_fingerprint(&seen),
            },
            ClientError::Setup(e) => LinkError::Network(e),
        }
    }
}

impl From<EnvelopeError> for LinkError {
    fn from(e: EnvelopeError) -> Self {
        LinkError::Sync(SyncError::Envelope(e))
    }
}

impl LinkError {
    /// Stable Fluent message id.
    pub fn message_id(&self) -> &'static str {
        match self {
            LinkError::NoTeam => "team-none",
            LinkError::AlreadyInTeam => "team-already",
            LinkError::NotAdmin => "team-not-admin",
            LinkError::NotPublisher => "team-form-may-not-publish",
            LinkError::QuestionnaireUnknown => "team-form-unknown",
            LinkError::Questionnaire(r) => r.message_id(),
            LinkError::NotAdmitted => "team-not-admitted",
            LinkError::JoinTimeout => "team-join-timeout",
            LinkError::UnknownDevice(_) => "team-device-unknown",
            LinkError::Team(e) => e.message_id(),
            LinkError::Network(_) => "team-relay-unreachable",
            LinkError::Refused { status: 403, .. } => "team-device-refused",
            LinkError::Refused { .. } => "team-relay-refused",
            LinkError::BadAnswer => "sync-relay-answer-bad",
            LinkError::Sync(e) => e.message_id(),
            LinkError::Vault(e) => e.message_id(),
            LinkError::StateDamaged => "team-state-damaged",
            LinkError::BadBundle => "team-bundle-bad",
            LinkError::File(_) => "team-file-failed",
            LinkError::Lan(e) => e.message_id(),
            LinkError::Peer(_) => "lan-peer-unreachable",
            LinkError::BadAddress(_) => "lan-address-bad",
            LinkError::RelayKeyMismatch { .. } => "team-relay-key-mismatch",
            LinkError::RelayUntrusted { .. } => "team-relay-untrusted",
            LinkError::LanDeadline => "lan-too-slow",
            LinkError::WaitingForKey(_) => "team-alert-waiting-for-key",
            LinkError::RegistrationRefused => "admit-registration-refused",
            LinkError::InviteExpired => "admit-invite-expired",
            LinkError::InviteUsed => "admit-invite-used",
            LinkError::InviteUnknown => "admit-invite-unknown",
            LinkError::JoinsFull => "admit-joins-full",
            LinkError::BadFingerprint(_) => "admit-fingerprint-bad",
            LinkError::Busy(_) => "admit-relay-busy",
            LinkError::QuotaFull(_) => "admit-relay-quota",
        }
    }

    /// Fluent arguments of [`LinkError::message_id`] (vault errors carry
    /// their own, see [`VaultError::message_args`]).
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            LinkError::UnknownDevice(d) => vec![("device", d.clone())],
            LinkError::Network(r) | LinkError::File(r) | LinkError::Peer(r) => {
                vec![("reason", r.clone())]
            }
            LinkError::BadAddress(a) => vec![("address", a.clone())],
            LinkError::RelayKeyMismatch { seen } | LinkError::RelayUntrusted { seen } => {
                vec![("seen", seen.clone())]
            }
            LinkError::BadFingerprint(f) => vec![("fingerprint", f.clone())],
            LinkError::Busy(s) | LinkError::QuotaFull(s) => vec![("seconds", s.to_string())],
            LinkError::Refused { status, reason } => {
                vec![("status", status.to_string()), ("reason", reason.clone())]
            }
            _ => Vec::new(),
        }
    }
}
