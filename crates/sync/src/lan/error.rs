//! Why a session stopped: the refusal a side sends, the protocol's errors,
//! and a step's error (the protocol, or the store).

use super::Frame;
use crate::TeamError;

/// Why a side stopped the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefuseReason {
    /// One of the two devices is not (or no longer) a member of the team.
    NotMember,
    /// The proof of identity did not verify.
    BadProof,
    /// The membership logs disagree (a broken or forked log).
    LogMismatch,
    /// A message broke the protocol.
    Protocol,
}

impl RefuseReason {
    pub(super) fn code(self) -> u8 {
        match self {
            RefuseReason::NotMember => 1,
            RefuseReason::BadProof => 2,
            RefuseReason::LogMismatch => 3,
            RefuseReason::Protocol => 4,
        }
    }

    pub(super) fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            1 => RefuseReason::NotMember,
            2 => RefuseReason::BadProof,
            3 => RefuseReason::LogMismatch,
            4 => RefuseReason::Protocol,
            _ => return None,
        })
    }
}

/// Why the LAN protocol failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanError {
    /// A frame does not decode.
    #[error("malformed frame from the other device")]
    Malformed,
    /// A frame over the limits.
    #[error("frame from the other device too large")]
    TooLarge,
    /// A frame out of turn.
    #[error("the other device broke the protocol")]
    Unexpected,
    /// The other device's proof of identity did not verify.
    #[error("the other device's proof of identity is wrong")]
    BadProof,
    /// The other device is not a current member of the team.
    #[error("the other device is not a member of this team")]
    NotMember,
    /// This device is no longer a member (its merged log says so).
    #[error("this device was removed from the team")]
    Removed,
    /// The membership logs cannot be merged.
    #[error(transparent)]
    Log(#[from] TeamError),
    /// The other device stopped.
    #[error("the other device refused: {0:?}")]
    Refused(RefuseReason),
}

impl LanError {
    /// Stable Fluent message id (`locales/*/sync.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            LanError::Malformed | LanError::TooLarge | LanError::Unexpected => "lan-protocol-bad",
            LanError::BadProof | LanError::NotMember => "lan-peer-not-member",
            LanError::Removed => "lan-self-removed",
            LanError::Log(_) => "sync-membership-bad",
            LanError::Refused(RefuseReason::NotMember) => "lan-refused-not-member",
            LanError::Refused(_) => "lan-refused",
        }
    }

    /// What to tell the other side before closing.
    pub fn refusal(&self) -> Option<Frame> {
        let r = match self {
            LanError::Refused(_) => return None,
            LanError::BadProof => RefuseReason::BadProof,
            // "One of us is not a member": the other side says so too.
            LanError::NotMember | LanError::Removed => RefuseReason::NotMember,
            LanError::Log(_) => RefuseReason::LogMismatch,
            _ => RefuseReason::Protocol,
        };
        Some(Frame::Refuse(r))
    }
}

/// Why a session step failed: the protocol, or the store.
#[derive(Debug)]
pub enum StepError<E> {
    /// See [`LanError`].
    Lan(LanError),
    /// The store failed.
    Docs(E),
}

impl<E> From<LanError> for StepError<E> {
    fn from(e: LanError) -> Self {
        StepError::Lan(e)
    }
}

impl<E> From<TeamError> for StepError<E> {
    fn from(e: TeamError) -> Self {
        StepError::Lan(LanError::Log(e))
    }
}
