//! Storage behind the relay: a trait, so the embedded SQLite store
//! ([`crate::sqlite`]) and PostgreSQL ([`crate::pg`]) behave the same.

use sync::feed::FeedItem;
use sync::team::InviteRegistration;
use sync::{DevicePublicKey, DocId, TeamId};

/// The document id a batch seal is stored under: its team's own id (a
/// random id that is no record's: the relay refuses members for it, and
/// a device's vault never holds it in the clear).
pub fn seal_doc(team: TeamId) -> DocId {
    team
}

/// How many members follow a stored batch seal (its members are stored
/// right after it, in consecutive sequence numbers); `None` for a blob that
/// is not a seal.
pub(crate) fn seal_members(body: &[u8]) -> Option<u64> {
    let seal = sync::batch::Seal::decode(body).ok()?;
    u64::try_from(seal.hashes.len()).ok()
}

/// [`seal_members`] from a stored seal's first
/// [`sync::batch::SEAL_HEADER_LEN`] bytes (what a sweep over every seal
/// reads, instead of their hashes).
pub(crate) fn seal_header_members(header: &[u8]) -> Option<u64> {
    use sync::batch::{SEAL_HEADER_LEN, SEAL_MAGIC};
    use sync::feed::MAX_BATCH_ITEMS;
    if header.len() < SEAL_HEADER_LEN || !header.starts_with(SEAL_MAGIC) {
        return None;
    }
    let n = u16::from_be_bytes([header[SEAL_HEADER_LEN - 2], header[SEAL_HEADER_LEN - 1]]);
    (n > 0 && usize::from(n) <= MAX_BATCH_ITEMS).then_some(u64::from(n))
}

/// A storage failure (the relay answers 500 and changes nothing).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no.
    #[error("database: {0}")]
    Db(String),
    /// The write would take the team past its quota (nothing written).
    #[error("over the team's quota")]
    OverQuota,
}

/// The most a team may keep on the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Blobs.
    pub blobs: u64,
    /// Bytes of blobs.
    pub bytes: u64,
}

impl Quota {
    /// No limit (tools and tests of the store alone).
    pub const NONE: Quota = Quota {
        blobs: u64::MAX,
        bytes: u64::MAX,
    };

    /// Whether a team holding `blobs` and `bytes` is within it.
    pub fn allows(&self, blobs: i64, bytes: i64) -> bool {
        u64::try_from(blobs).map_or(true, |b| b <= self.blobs)
            && u64::try_from(bytes).map_or(true, |b| b <= self.bytes)
    }
}

/// An invite the admin registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInvite {
    /// The public key the join request's proof must verify under.
    pub verifier: DevicePublicKey,
    /// Unix milliseconds.
    pub expires_ms: i64,
    /// The device whose request took the invite's slot, if any.
    pub used_by: Option<DevicePublicKey>,
}

/// What happened to a join request that proved its invite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinSlot {
    /// It is pending now (or was already: the same device asking again).
    Taken,
    /// No such invite.
    NoInvite,
    /// The invite expired.
    Expired,
    /// Another device used the invite.
    Used,
    /// The team has too many pending requests.
    Full,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

/// A device's standing in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceStatus {
    /// Never registered.
    Unknown,
    /// May push and pull.
    Active,
    /// Removed: refused.
    Removed,
}

/// What the relay stores. Every method is one transaction.
pub trait Store: Send + Sync + 'static {
    /// Creates `team` with `admin` as its admin and first device; `false`
    /// if the team exists.
    fn create_team(&self, team: TeamId, admin: &DevicePublicKey) -> Result<bool, StoreError>;
    /// The team's admin device, if the team exists.
    fn admin(&self, team: TeamId) -> Result<Option<DevicePublicKey>, StoreError>;
    /// Registers (`active`) or removes (`!active`) a device.
    fn set_device(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        active: bool,
    ) -> Result<(), StoreError>;
    /// A device's standing.
    fn device_status(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<DeviceStatus, StoreError>;
    /// Records a request nonce; `false` if this device used it before
    /// (a replay). Forgets nonces of requests older than `forget_before_ms`.
    fn use_nonce(
        &self,
        device: &DevicePublicKey,
        nonce: &[u8; 16],
        time_ms: i64,
        forget_before_ms: i64,
    ) -> Result<bool, StoreError>;
    /// Appends a blob; returns its sequence number
    /// ([`StoreError::OverQuota`], nothing written, past `quota`).
    fn append(
        &self,
        team: TeamId,
        doc: DocId,
        device: &DevicePublicKey,
        bytes: &[u8],
        quota: &Quota,
    ) -> Result<u64, StoreError>;
    /// Appends blobs (document, envelope) in one transaction, in order:
    /// all or none are stored, with increasing sequence numbers, none
    /// visible before the transaction commits. Returns the last one's seq
    /// (0 for none). None when they would take the team past `quota`.
    fn append_many(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        blobs: &[(DocId, &[u8])],
        quota: &Quota,
    ) -> Result<u64, StoreError>;
    /// Appends a snapshot of `doc` and drops that document's blobs with
    /// `seq <= covers` signed by `device` (by anyone when `drop_any`),
    /// and the seal of every batch whose last member that dropped,
    /// atomically; returns the snapshot's sequence number. Nothing changes
    /// when the result would be past `quota`.
    #[allow(clippy::too_many_arguments)]
    fn snapshot(
        &self,
        team: TeamId,
        doc: DocId,
        device: &DevicePublicKey,
        covers: u64,
        drop_any: bool,
        bytes: &[u8],
        quota: &Quota,
    ) -> Result<u64, StoreError>;
    /// The team's newest sequence number (0 when it has no blob).
    fn last_seq(&self, team: TeamId) -> Result<u64, StoreError>;
    /// The blobs and bytes the team keeps (what its quota counts).
    fn usage(&self, team: TeamId) -> Result<(u64, u64), StoreError>;
    /// Blobs with `seq > since`, in order, at most `max_items` and about
    /// `max_bytes` (always at least one); and whether more follow.
    fn feed(
        &self,
        team: TeamId,
        since: u64,
        max_items: usize,
        max_bytes: usize,
    ) -> Result<(Vec<FeedItem>, bool), StoreError>;
    /// The newest batch seal (a blob of document [`seal_doc`] starting
    /// with [`sync::batch::SEAL_MAGIC`]) with
    /// `seq < before`: the seal of a batch member at `before` whose page
    /// starts inside its batch (a batch is stored as its seal, then its
    /// members, in consecutive sequence numbers).
    fn seal_before(&self, team: TeamId, before: u64) -> Result<Option<FeedItem>, StoreError>;

    // ----- enrollment (issue 8): join requests, sealed keys, membership log -----

    /// Registers an invite (the admin's); forgets the team's expired
    /// invites first. `false` when the team already has `max_open` unused,
    /// unexpired invites (or this id is taken).
    fn add_invite(
        &self,
        team: TeamId,
        invite: &InviteRegistration,
        now_ms: i64,
        max_open: usize,
    ) -> Result<bool, StoreError>;
    /// A registered invite.
    fn invite(&self, team: TeamId, id: &[u8; 16]) -> Result<Option<StoredInvite>, StoreError>;
    /// Takes invite `id`'s one slot for `device` and records its pending
    /// join request, atomically: only an unexpired invite no other device
    /// used, and only while the team has fewer than `max_pending` other
    /// pending requests. The same device asking again replaces its request.
    #[allow(clippy::too_many_arguments)]
    fn take_join_slot(
        &self,
        team: TeamId,
        id: &[u8; 16],
        device: &DevicePublicKey,
        request: &[u8],
        now_ms: i64,
        max_pending: usize,
    ) -> Result<JoinSlot, StoreError>;
    /// The team's pending join requests, oldest first.
    fn joins(&self, team: TeamId) -> Result<Vec<Vec<u8>>, StoreError>;
    /// Drops the pending join request of `device` (no-op when none).
    fn delete_join(&self, team: TeamId, device: &DevicePublicKey) -> Result<(), StoreError>;
    /// Stores (replaces) the key ring sealed to `device`.
    fn put_sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
        sealed: &[u8],
    ) -> Result<(), StoreError>;
    /// The key ring sealed to `device`, if any.
    fn sealed_keys(
        &self,
        team: TeamId,
        device: &DevicePublicKey,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// Membership log entries with `index >= since`, in order, at most `max`.
    fn log_entries(&self, team: TeamId, since: u64, max: usize)
    -> Result<Vec<Vec<u8>>, StoreError>;
    /// Appends the log entry at `index`, atomically with its effect on the
    /// device table (`Some((device, active))`); `false` (and nothing
    /// changed) when the log does not have exactly `index` entries.
    fn append_log(
        &self,
        team: TeamId,
        index: u64,
        entry: &[u8],
        effect: Option<(&DevicePublicKey, bool)>,
    ) -> Result<bool, StoreError>;
}

/// A stored invite row, if its bytes are whole.
pub(crate) fn stored_invite(
    verifier: &[u8],
    expires_ms: i64,
    used_by: Option<Vec<u8>>,
) -> Option<StoredInvite> {
    let verifier = DevicePublicKey(<[u8; 32]>::try_from(verifier).ok()?);
    let used_by = match used_by {
        Some(u) => Some(DevicePublicKey(<[u8; 32]>::try_from(u.as_slice()).ok()?)),
        None => None,
    };
    Some(StoredInvite {
        verifier,
        expires_ms,
        used_by,
    })
}
