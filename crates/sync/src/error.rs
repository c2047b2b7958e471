//! Typed errors. Each has a stable Fluent id (`locales/*/sync.ftl`).

/// Why an envelope was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// More than [`crate::MAX_ENVELOPE_BYTES`].
    #[error("envelope too large ({0} bytes)")]
    TooLarge(usize),
    /// Shorter than the fixed header, tag and signature.
    #[error("envelope too short")]
    TooShort,
    /// A version this build does not read.
    #[error("unsupported envelope version {0}")]
    UnsupportedVersion(u8),
    /// Neither chunk nor snapshot.
    #[error("unknown envelope kind {0}")]
    UnknownKind(u8),
    /// The declared length does not match.
    #[error("malformed envelope")]
    Malformed,
    /// For another team.
    #[error("envelope for another team")]
    WrongTeam,
    /// Its key epoch is not in the key ring.
    #[error("no key for epoch {0}")]
    UnknownEpoch(u32),
    /// Signed by a device that is not a member.
    #[error("signed by an unknown device")]
    UnknownSigner,
    /// The signature does not verify.
    #[error("bad signature")]
    BadSignature,
    /// A batch member (version 2) that no valid seal of its page signs:
    /// changed on the way, or its seal withheld.
    #[error("not signed by any batch seal")]
    Unsigned,
    /// Authentication of the ciphertext failed.
    #[error("cannot decrypt")]
    Undecryptable,
    /// No randomness.
    #[error("no secure randomness")]
    RandomUnavailable,
}

/// Why a signed request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// A header is missing.
    #[error("missing header {0}")]
    Missing(&'static str),
    /// A header is not well-formed.
    #[error("malformed header {0}")]
    Malformed(&'static str),
    /// The time is too far from the server's.
    #[error("request time out of window")]
    Stale,
    /// The signature does not verify.
    #[error("bad request signature")]
    BadSignature,
}

/// Why a feed page was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Too many items or bytes.
    #[error("feed page too large")]
    TooLarge,
    /// Truncated or inconsistent.
    #[error("malformed feed page")]
    Malformed,
}

/// Errors of the sync core.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// See [`EnvelopeError`].
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// See [`FeedError`].
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// No randomness.
    #[error("no secure randomness")]
    RandomUnavailable,
}

impl SyncError {
    /// Stable Fluent message id (`locales/*/sync.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            SyncError::Envelope(e) => e.message_id(),
            SyncError::Feed(_) => "sync-relay-answer-bad",
            SyncError::RandomUnavailable => "sync-random-unavailable",
        }
    }
}

impl EnvelopeError {
    /// Stable Fluent message id (`locales/*/sync.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            EnvelopeError::UnknownEpoch(_) => "sync-key-missing",
            EnvelopeError::UnknownSigner => "sync-unknown-device",
            EnvelopeError::RandomUnavailable => "sync-random-unavailable",
            EnvelopeError::UnsupportedVersion(_) => "sync-newer-version",
            _ => "sync-change-rejected",
        }
    }
}

/// Why an enrollment step (invite, join, sealed keys, membership log) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TeamError {
    /// The invite code is mistyped, truncated or not an invite.
    #[error("not a valid invite code")]
    BadInvite,
    /// The relay URL is not an http(s) URL of at most 200 ASCII characters.
    #[error("bad relay URL")]
    BadRelayUrl,
    /// A plain `http://` relay that is not on this machine: anyone on the
    /// network could read and change the traffic.
    #[error("plain http to a relay on another machine")]
    InsecureRelay,
    /// An `https://` relay without the pin of its key.
    #[error("no pin for the relay's key")]
    PinMissing,
    /// More relay pins than [`crate::team::MAX_RELAY_PINS`].
    #[error("too many relay pins")]
    TooManyPins,
    /// Data in the format of an older build (refused, never misread).
    #[error("made by an older version")]
    OldFormat,
    /// A key ring not signed by the team's admin (a relay or anyone else
    /// made it).
    #[error("team keys not signed by the admin")]
    RingUnsigned,
    /// A key ring the admin signed for another device.
    #[error("team keys for another device")]
    RingNotForThisDevice,
    /// A key ring bound to a log position this device's log does not have.
    #[error("team keys for another membership log")]
    RingWrongLog,
    /// A key for an epoch the membership log does not have.
    #[error("team key for unknown epoch {0}")]
    RingUnknownEpoch(u32),
    /// A key that does not match the log's commitment for its epoch.
    #[error("team key of epoch {0} does not match the log")]
    RingKeyMismatch(u32),
    /// A key that differs from the one this device already holds for the
    /// epoch (never overwritten).
    #[error("team key of epoch {0} differs from the one held")]
    RingKeyReplaced(u32),
    /// Bytes from the network are not well-formed.
    #[error("malformed team message")]
    Malformed,
    /// The sealed key ring is not for this device or was altered.
    #[error("cannot open the sealed team keys")]
    Unsealable,
    /// More than 255 key epochs.
    #[error("too many key epochs")]
    TooManyEpochs,
    /// A log entry is out of order, for another team or off the chain.
    #[error("membership log broken")]
    LogBroken,
    /// A log entry is not signed by the admin.
    #[error("membership log entry not signed by the admin")]
    LogBadSignature,
    /// A log entry is signed but not a legal step.
    #[error("illegal membership log entry")]
    LogIllegal,
    /// No randomness.
    #[error("no secure randomness")]
    RandomUnavailable,
}

impl TeamError {
    /// Stable Fluent message id (`locales/*/sync.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            TeamError::BadInvite => "sync-invite-bad",
            TeamError::BadRelayUrl => "sync-relay-url-bad",
            TeamError::InsecureRelay => "sync-relay-insecure",
            TeamError::PinMissing => "sync-relay-pin-missing",
            TeamError::OldFormat => "sync-old-format",
            TeamError::RingUnsigned
            | TeamError::RingNotForThisDevice
            | TeamError::RingWrongLog
            | TeamError::RingUnknownEpoch(_)
            | TeamError::RingKeyMismatch(_)
            | TeamError::RingKeyReplaced(_) => "sync-keys-refused",
            TeamError::Unsealable => "sync-keys-unsealable",
            TeamError::LogBroken | TeamError::LogBadSignature | TeamError::LogIllegal => {
                "sync-membership-bad"
            }
            TeamError::RandomUnavailable => "sync-random-unavailable",
            TeamError::Malformed | TeamError::TooManyEpochs | TeamError::TooManyPins => {
                "sync-relay-answer-bad"
            }
        }
    }
}
