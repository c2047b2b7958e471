//! Team operations and one sync round.

use std::time::{Duration, Instant};

use relay_client::client::RelayClient;
use sync::batch::{Seal, seal_member};
use sync::envelope::{EnvelopeKind, seal};
use sync::round::RoundRequest;
use sync::team::{
    BoxKey, FIRST_EPOCH, Invite, InviteKeys, JoinRequest, LogEntry, LogHead, LogOp,
    MAX_LOG_PAGE_ENTRIES, Membership, RelayPin, RelayTransport, admin_fingerprint,
    device_fingerprint, normalize_fingerprint, open_ring, pin_fingerprint, pin_to_hex,
    relay_transport, seal_ring,
};
use sync::{DeviceKey, DevicePublicKey, DocId, KeyRing, TeamError, TeamId, TeamKey, TeamSync};
use vault::{ChangeHash, RecordId, Vault, VaultError};

use crate::state::{OpenInvite, RelayClaim, State, Withheld};
use crate::{LinkError, runtime};

mod admit;
mod round;

pub use admit::{
    InviteCheck, Waiting, admit, parse_fingerprints, remove, set_relay_pins, waiting_devices,
};
pub(crate) use admit::{admin_log, device_named, load_admin};
pub use round::sync_round;
pub(crate) use round::{doc_of, note_learnt_entries};

/// How much earlier than the relay's answer an entry must have been signed
/// for its absence from that answer to count as withheld rather than newer:
/// the relay accepts a request only within 5 minutes of its clock, so the
/// admin's clock (when it posted the entry) and the relay's differ by at
/// most that, plus a request's time in flight; 15 minutes leave room for
/// both and never accuse an honest relay.
pub const WITHHELD_MARGIN_MS: u64 = 15 * 60 * 1000;

/// This device's clock (Unix milliseconds).
pub(crate) fn now_ms() -> u64 {
    u64::try_from(relay_client::system_now_ms()).unwrap_or(0)
}

/// How long an invite admits a device unless the admin says otherwise.
pub const INVITE_TTL: Duration = Duration::from_secs(24 * 3600);

/// Feed items asked for per page.
const PAGE_ITEMS: usize = 500;
/// Most envelopes per upload batch (one request, one state save).
const BATCH_ITEMS: usize = 256;
/// About the most bytes per upload batch.
const BATCH_BYTES: usize = 2 * 1024 * 1024;
/// Records a push reads together (their loads run on every core).
const READ_AHEAD: usize = 64;

/// One document's push, waiting in a batch.
struct Pushed {
    id: RecordId,
    heads: Vec<ChangeHash>,
    whole: bool,
    changes: u64,
    env: Option<Vec<u8>>,
}

/// What a vault's team looks like from this device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TeamInfo {
    /// Team id.
    pub team: String,
    /// Local name of the team.
    pub name: String,
    /// Relay URL.
    pub relay: String,
    /// This device's public key (hex).
    pub device: String,
    /// Whether this device is the admin.
    pub admin: bool,
    /// Whether this device is admitted.
    pub admitted: bool,
    /// Current members (hex keys).
    pub members: Vec<String>,
    /// Current key epoch.
    pub epoch: u32,
    /// The epochs whose team keys this device holds.
    pub key_epochs: Vec<u32>,
    /// The relay keys (SPKI SHA-256 pins, hex) the team trusts; empty for
    /// a plain HTTP relay on this machine.
    pub relay_pins: Vec<String>,
    /// The first of them as a short fingerprint to compare (`3f2a 9c01 …`).
    pub relay_pin_short: Option<String>,
    /// What is wrong and stays shown until it is resolved.
    pub alerts: Vec<TeamAlert>,
    /// Entries in this device's membership log.
    pub log_len: u32,
    /// SHA-256 of its last entry (hex): two devices with the same length
    /// and head have the same log.
    pub log_head: String,
    /// This device's fingerprint (12 ASCII digits in groups of four): what
    /// the supervisor compares before admitting it.
    pub fingerprint: String,
}

/// Something this device noticed about the team's relay or keys.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TeamAlert {
    /// The relay handed this device keys it refused (not signed by the
    /// admin for it, or not matching the log); it keeps the admin's keys.
    KeysRefused {
        /// Fluent id of the reason.
        reason: String,
        /// When (this device's clock, Unix ms).
        at_ms: u64,
    },
    /// The relay hid membership-log entries from this device, which it
    /// learnt from another member or a bundle; the relay's log is not
    /// trusted until the admin signs a new entry that reaches it.
    RelayWithheld {
        /// Entries the relay admitted to.
        relay_len: u32,
        /// Entries this device has seen.
        seen_len: u32,
        /// When it was noticed.
        at_ms: u64,
    },
    /// The log moved to a key epoch this device has no key for: nothing
    /// new is sealed (under the old key or any other) until it arrives.
    WaitingForKey {
        /// The log's epoch.
        epoch: u32,
    },
}

/// A sync round's phase, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Phase {
    /// Sending local changes.
    Push,
    /// Receiving the team's changes.
    Pull,
    /// Exchanging changes with a nearby device (no relay).
    Nearby,
}

/// Progress of a sync round (for a progress bar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    /// Which phase.
    pub phase: Phase,
    /// Items done in this phase.
    pub done: u64,
    /// Items in this phase, when known (pushes are known, pulls are not).
    pub total: Option<u64>,
    /// Bytes sent or received so far in this phase.
    pub bytes: u64,
}

/// What one sync round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// Documents pushed.
    pub pushed: u64,
    /// Envelope bytes pushed.
    pub pushed_bytes: u64,
    /// Changes received and merged.
    pub pulled: u64,
    /// Envelope bytes received.
    pub pulled_bytes: u64,
    /// Items refused (bad signature, unknown key, ...), skipped.
    pub rejected: u64,
    /// Documents compacted on the relay (one snapshot replacing their chunks).
    pub snapshots: u64,
    /// Documents with changes still not on the relay after this round.
    pub pending: u64,
    /// Whether this device has nothing left to push.
    pub up_to_date: bool,
    /// A key ring the relay handed over and this device refused (Fluent id
    /// of why); the device keeps writing under the admin's key.
    pub keys_refused: Option<String>,
    /// The log's epoch has no key here yet: nothing was pushed (and the
    /// feed waits at the first item of that epoch).
    pub waiting_for_key: Option<u32>,
    /// The relay claimed a shorter log than this device holds: it
    /// withholds entries (see [`TeamAlert::RelayWithheld`]).
    pub relay_withheld: bool,
}

pub(crate) fn load(vault: &mut Vault) -> Result<State, LinkError> {
    State::load(vault)?.ok_or(LinkError::NoTeam)
}

fn info_of(st: &State) -> TeamInfo {
    let m = st.membership().ok();
    TeamInfo {
        team: st.team.to_string(),
        name: st.name.clone(),
        relay: st.relay.clone(),
        device: st.device.public().to_hex(),
        admin: st.is_admin(),
        admitted: m.is_some(),
        members: m
            .as_ref()
            .map(|m| m.members().map(|d| d.sign.to_hex()).collect())
            .unwrap_or_default(),
        epoch: m.as_ref().map_or(0, |m| m.epoch()),
        key_epochs: st.ring.iter().map(|k| k.epoch()).collect(),
        relay_pins: st.pins().iter().map(pin_to_hex).collect(),
        relay_pin_short: st.pins().first().map(pin_fingerprint),
        alerts: alerts_of(st, m.as_ref()),
        log_len: st.log.len() as u32,
        log_head: hex::encode(
            LogHead::of(&st.log, st.log.len() as u32)
                .unwrap_or_default()
                .head,
        ),
        fingerprint: device_fingerprint(st.team, &st.identity()),
    }
}

fn alerts_of(st: &State, m: Option<&Membership>) -> Vec<TeamAlert> {
    let mut out = Vec::new();
    if let Some((reason, at_ms)) = &st.alerts.keys_refused {
        out.push(TeamAlert::KeysRefused {
            reason: reason.clone(),
            at_ms: *at_ms,
        });
    }
    if let Some(w) = st.alerts.withheld {
        out.push(TeamAlert::RelayWithheld {
            relay_len: w.relay_len,
            seen_len: w.seen_len,
            at_ms: w.at_ms,
        });
    }
    if let Some(m) = m
        && m.is_member(&st.device.public())
        && st.ring.get(m.epoch()).is_none()
    {
        out.push(TeamAlert::WaitingForKey { epoch: m.epoch() });
    }
    out
}

/// The vault's team, if any.
pub fn info(vault: &mut Vault) -> Result<Option<TeamInfo>, LinkError> {
    Ok(State::load(vault)?.map(|s| info_of(&s)))
}

/// Creates a team on the relay with this device as its admin. With `pin`
/// (the SHA-256 of the relay certificate's SubjectPublicKeyInfo, as
/// `relay serve` prints it), exactly that key is accepted, so a
/// self-signed relay works; without it an `https://` relay must show a
/// certificate from a public authority, and the key it showed is pinned.
/// The pin goes into the team's first log entry, signed by the admin, and
/// into every invite. A plain `http://` relay that is not on this machine
/// is refused before any connection. `operator_token` is the relay
/// operator's token (a relay without open registration refuses to create a
/// team without it).
pub fn create_team(
    vault: &mut Vault,
    relay: &str,
    name: &str,
    pin: Option<RelayPin>,
    operator_token: Option<&str>,
) -> Result<TeamInfo, LinkError> {
    if State::load(vault)?.is_some() {
        return Err(LinkError::AlreadyInTeam);
    }
    let relay = relay.trim().trim_end_matches('/');
    let transport = relay_transport(relay)?;
    if transport == RelayTransport::LoopbackHttp && pin.is_some() {
        // A pin is a TLS key: it means nothing over plain HTTP.
        return Err(TeamError::BadRelayUrl.into());
    }
    let team = TeamId::new_v4();
    let device = DeviceKey::generate()?;
    let first_key = TeamKey::generate(FIRST_EPOCH)?;
    let mut st = State {
        team,
        name: name.to_owned(),
        relay: relay.to_owned(),
        admin: Some(device.public()),
        admin_fp: admin_fingerprint(&device.public()),
        device,
        boxk: BoxKey::generate()?,
        ring: KeyRing::new(first_key.clone()),
        log: Vec::new(),
        invites: Vec::new(),
        sync: TeamSync::new(team),
        invite_pin: None,
        relay_claim: None,
        alerts: Default::default(),
    };
    let client = match (transport, pin) {
        (RelayTransport::Https, None) => RelayClient::new(relay, team, st.device.clone()),
        (_, pin) => RelayClient::pinned(relay, team, st.device.clone(), pin.as_slice()),
    };
    let mut m = Membership::new(team, st.device.public());
    let first = runtime()?.block_on(async {
        client
            .create_team_with(operator_token)
            .await
            .map_err(|e| match e.status() {
                Some(403) => LinkError::RegistrationRefused,
                _ => e.into(),
            })?;
        // What the TLS handshake accepted (none over loopback HTTP).
        let pins: Vec<RelayPin> = client.seen_pin().into_iter().collect();
        if transport == RelayTransport::Https && pins.is_empty() {
            return Err(LinkError::BadAnswer);
        }
        let first = m.next_entry(
            &st.device,
            now_ms(),
            LogOp::Genesis {
                admin: st.identity(),
                commit: first_key.commitment(team),
                pins,
            },
        )?;
        client.post_log(&first).await?;
        Ok::<_, LinkError>(first)
    })?;
    m.apply(&first)?;
    st.log.push(first.encode());
    st.save(vault)?;
    Ok(info_of(&st))
}

/// (Admin) a new one-time invite code, valid for `valid_for` (see
/// [`INVITE_TTL`]): the relay's address and the pin of its key (so the
/// joining device trusts exactly that relay), the team, the admin's
/// fingerprint and a fresh secret. Kept on this device, then registered
/// with the relay (its id, the public verifier derived from its secret,
/// and its expiry; never the secret), which lets a join request proving it
/// take one pending slot until it expires.
pub fn invite(vault: &mut Vault, valid_for: Duration) -> Result<String, LinkError> {
    let mut st = load_admin(vault)?;
    let secret = sync::random_bytes()?;
    let pin = st.pins().first().copied();
    let code = Invite::new(&st.relay, pin, st.team, &st.device.public(), secret)?.encode();
    let now = relay_client::system_now_ms();
    let ms = i64::try_from(valid_for.as_millis()).unwrap_or(i64::MAX);
    let expires_ms = now.saturating_add(ms);
    st.invites.retain(|i| i.expires_ms > now);
    st.invites.push(OpenInvite { secret, expires_ms });
    // Kept before the relay hears of it: an invite the relay knows is
    // always one this admin can check.
    st.save(vault)?;
    let registration = InviteKeys::derive(&secret).registration(expires_ms);
    let client = st.client();
    if let Err(e) = runtime()?.block_on(client.register_invite(&registration)) {
        st.invites.retain(|i| i.secret != secret);
        st.save(vault)?;
        return Err(e.into());
    }
    Ok(code)
}

/// Reads log entries the relay has beyond ours and verifies them.
pub(crate) async fn refresh_log(
    client: &RelayClient,
    st: &mut State,
) -> Result<Membership, LinkError> {
    let mut m = st.membership()?;
    loop {
        let page = client.log(u64::from(m.len())).await?;
        if page.is_empty() {
            return Ok(m);
        }
        for e in page {
            m.apply(&LogEntry::decode(&e)?)?;
            st.log.push(e);
        }
    }
}

/// Checks a sealed key ring handed to this device and adds its keys: it
/// must be signed by the admin for this device, bound to a position of
/// this device's log, every epoch committed to in the log with a matching
/// key, and a key already held is never replaced. All or nothing. A ring
/// bound to a position beyond this device's log is left for later (the
/// log entries come first); returns the epochs added.
pub(crate) fn accept_ring(
    st: &mut State,
    m: &Membership,
    sealed: &[u8],
) -> Result<Vec<u32>, TeamError> {
    let opened = open_ring(sealed, st.team, &st.device.public(), &st.boxk, &m.admin())?;
    if opened.at.len > m.len() {
        return Ok(Vec::new());
    }
    if LogHead::of(&st.log, opened.at.len) != Some(opened.at) {
        return Err(TeamError::RingWrongLog);
    }
    m.check_ring(&opened.ring)?;
    for k in opened.ring.iter() {
        if let Some(held) = st.ring.get(k.epoch())
            && held.commitment(st.team) != k.commitment(st.team)
        {
            return Err(TeamError::RingKeyReplaced(k.epoch()));
        }
    }
    let mut added = Vec::new();
    for k in opened.ring.iter() {
        if st.ring.add_new(k.clone()) == Ok(true) {
            added.push(k.epoch());
        }
    }
    st.alerts.keys_refused = None;
    Ok(added)
}

/// Keeps a refused ring in the alerts (shown until an admin's ring is
/// accepted).
fn ring_refused(st: &mut State, e: &TeamError) {
    st.alerts.keys_refused = Some((e.message_id().to_owned(), now_ms()));
}

/// The team state of a device joining with `invite`: made (new device
/// keys) and kept on the first call, read back on the next.
fn joining(vault: &mut Vault, invite: &Invite) -> Result<State, LinkError> {
    match State::load(vault)? {
        Some(st) if st.team == invite.team && st.admin.is_none() => Ok(st),
        Some(_) => Err(LinkError::AlreadyInTeam),
        None => {
            let st = State {
                team: invite.team,
                name: String::new(),
                relay: invite.relay.clone(),
                device: DeviceKey::generate()?,
                boxk: BoxKey::generate()?,
                admin: None,
                admin_fp: invite.admin_fp,
                ring: KeyRing::default(),
                log: Vec::new(),
                invites: Vec::new(),
                sync: TeamSync::new(invite.team),
                invite_pin: invite.pin,
                relay_claim: None,
                alerts: Default::default(),
            };
            st.save(vault)?;
            Ok(st)
        }
    }
}

/// Prepares to join with `code` (this device's keys for the team are made
/// and kept; nothing is sent) and returns this device's fingerprint, to
/// show while waiting: the supervisor admits the device only after seeing
/// the same digits.
pub fn join_fingerprint(vault: &mut Vault, code: &str) -> Result<String, LinkError> {
    let invite = Invite::decode(code)?;
    let st = joining(vault, &invite)?;
    Ok(device_fingerprint(st.team, &st.identity()))
}

/// A refused join request in words.
fn join_refused(e: relay_client::client::ClientError) -> LinkError {
    use relay_client::reason::{INVITE_EXPIRED, INVITE_USED, JOINS_FULL};
    if e.refused_because(409, JOINS_FULL) {
        return LinkError::JoinsFull;
    }
    let reason = e.reason().unwrap_or_default().to_owned();
    match e.status() {
        _ if e.refused_because(410, INVITE_EXPIRED) => LinkError::InviteExpired,
        _ if e.refused_because(410, INVITE_USED) => LinkError::InviteUsed,
        Some(404) if reason.contains("invite") => LinkError::InviteUnknown,
        Some(403) if reason.contains("invite") => LinkError::InviteUnknown,
        _ => e.into(),
    }
}

/// Asks to join the team of `code` and waits (at most `timeout`, polling
/// every `poll`) for the admin to admit this device. Re-running with the
/// same code resumes the wait with the same device keys.
pub fn join(
    vault: &mut Vault,
    code: &str,
    timeout: Duration,
    poll: Duration,
) -> Result<TeamInfo, LinkError> {
    let invite = Invite::decode(code)?;
    let mut st = joining(vault, &invite)?;
    let client = st.client();
    let req = JoinRequest::new(&invite, st.identity());
    let (sealed, log) = runtime()?.block_on(async {
        match client.post_join(&req).await {
            Ok(()) => {}
            // Already admitted (a re-run after a crash). Any other
            // refusal, a full queue of waiting devices included, is not.
            Err(e) if e.refused_because(409, relay_client::reason::ALREADY_MEMBER) => {}
            Err(e) => return Err(join_refused(e)),
        }
        let deadline = Instant::now() + timeout;
        let sealed = loop {
            match client.keys().await {
                Ok(s) => break s,
                Err(e) if matches!(e.status(), Some(403 | 404)) => {
                    if Instant::now() >= deadline {
                        return Err(LinkError::JoinTimeout);
                    }
                    tokio::time::sleep(poll).await;
                }
                Err(e) => return Err(e.into()),
            }
        };
        let mut log = Vec::new();
        loop {
            let page = client.log(log.len() as u64).await?;
            if page.is_empty() {
                break;
            }
            log.extend(page);
        }
        Ok((sealed, log))
    })?;
    // The admin is the device the genesis entry names; the invite names it.
    let first = log
        .first()
        .map(|e| LogEntry::decode(e))
        .transpose()?
        .ok_or(LinkError::BadAnswer)?;
    let LogOp::Genesis { admin, .. } = first.op else {
        return Err(TeamError::LogIllegal.into());
    };
    if admin_fingerprint(&admin.sign) != st.admin_fp {
        return Err(TeamError::LogBadSignature.into());
    }
    let m = Membership::from_log(st.team, admin.sign, &log)?;
    if !m.is_member(&st.device.public()) {
        return Err(LinkError::NotAdmitted);
    }
    // The relay we trusted through the invite is one the admin's log names.
    if let Some(pin) = st.invite_pin
        && !m.relay_pins().contains(&pin)
    {
        return Err(LinkError::RelayKeyMismatch {
            seen: pin_fingerprint(&pin),
        });
    }
    st.admin = Some(admin.sign);
    st.log = log;
    let added = accept_ring(&mut st, &m, &sealed)?;
    if added.is_empty() && st.ring.is_empty() {
        return Err(TeamError::RingWrongLog.into());
    }
    st.save(vault)?;
    Ok(info_of(&st))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A device's state in a team whose log `ops` the admin signed.
    fn member(admin: &DeviceKey, ops: &[LogOp]) -> (State, Membership) {
        let team = TeamId::from_u128(7);
        let device = DeviceKey::from_seed([2; 32]);
        let mut m = Membership::new(team, admin.public());
        let mut log = Vec::new();
        for op in ops {
            let e = m.next_entry(admin, 1, op.clone()).expect("sign");
            m.apply(&e).expect("apply");
            log.push(e.encode());
        }
        let st = State {
            team,
            name: String::new(),
            relay: "http://127.0.0.1:1".into(),
            device,
            boxk: BoxKey::from_bytes([3; 32]),
            admin: Some(admin.public()),
            admin_fp: admin_fingerprint(&admin.public()),
            ring: KeyRing::new(TeamKey::from_bytes(1, [1; 32])),
            log,
            invites: Vec::new(),
            sync: TeamSync::new(team),
            invite_pin: None,
            relay_claim: None,
            alerts: Default::default(),
        };
        (st, m)
    }

    #[test]
    fn a_ring_even_signed_by_the_admin_must_match_the_log_and_never_replaces_a_key() {
        let admin = DeviceKey::from_seed([1; 32]);
        let team = TeamId::from_u128(7);
        let k = |e: u32, b: u8| TeamKey::from_bytes(e, [b; 32]);
        let ident = |s: &DeviceKey, b: u8| sync::team::DeviceIdentity {
            sign: s.public(),
            boxk: BoxKey::from_bytes([b; 32]).public(),
        };
        let me = ident(&DeviceKey::from_seed([2; 32]), 3);
        let ops = [
            LogOp::Genesis {
                admin: ident(&admin, 9),
                commit: k(1, 1).commitment(team),
                pins: Vec::new(),
            },
            LogOp::Add(me),
            LogOp::Rotate {
                epoch: 2,
                commit: k(2, 2).commitment(team),
            },
        ];
        let (st0, m) = member(&admin, &ops);
        let ring = |keys: &[TeamKey]| {
            let mut r = KeyRing::default();
            for key in keys {
                r.insert(key.clone());
            }
            r
        };
        let sealed = |r: &KeyRing, at: LogHead| seal_ring(r, team, &admin, &me, &at).expect("seal");
        let head = m.head();
        let cases = [
            // A key the admin committed to: added.
            (sealed(&ring(&[k(1, 1), k(2, 2)]), head), Ok(vec![2])),
            // An epoch the log does not have.
            (
                sealed(&ring(&[k(1, 1), k(3, 3)]), head),
                Err(TeamError::RingUnknownEpoch(3)),
            ),
            // A key other than the one committed to.
            (
                sealed(&ring(&[k(2, 7)]), head),
                Err(TeamError::RingKeyMismatch(2)),
            ),
            // Bound to a log this device does not have (same length, other head).
            (
                sealed(
                    &ring(&[k(2, 2)]),
                    LogHead {
                        len: 3,
                        head: [9; 32],
                    },
                ),
                Err(TeamError::RingWrongLog),
            ),
            // Bound to a later position: left for when the log gets there.
            (
                sealed(
                    &ring(&[k(2, 2)]),
                    LogHead {
                        len: 4,
                        head: [9; 32],
                    },
                ),
                Ok(vec![]),
            ),
        ];
        for (i, (bytes, want)) in cases.into_iter().enumerate() {
            let mut st = member(&admin, &ops).0;
            let refused = want.is_err();
            assert_eq!(accept_ring(&mut st, &m, &bytes), want, "case {i}");
            if refused {
                assert_eq!(st.ring.len(), st0.ring.len(), "case {i}: nothing added");
            }
        }
        // A key this device holds is never replaced, even by the admin's
        // signature (the commitment check is what catches it first; a log
        // could only commit to one key per epoch).
        let (mut st, m) = member(&admin, &ops);
        st.ring = KeyRing::new(k(1, 5));
        assert_eq!(
            accept_ring(&mut st, &m, &sealed(&ring(&[k(2, 2)]), head)),
            Ok(vec![2])
        );
        assert_eq!(st.ring.get(1).map(|x| *x.expose_bytes()), Some([5; 32]));
        let replace = sealed(&ring(&[k(1, 1), k(2, 2)]), head);
        assert_eq!(
            accept_ring(&mut st, &m, &replace),
            Err(TeamError::RingKeyReplaced(1))
        );
        assert_eq!(st.ring.get(1).map(|x| *x.expose_bytes()), Some([5; 32]));
    }
}
