//! Team operations and one sync round.

use std::time::{Duration, Instant};

use relay_client::client::RelayClient;
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

/// Whether a waiting device's invite still admits it, as the admin sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InviteCheck {
    /// One of this admin's open invites, not expired.
    Valid,
    /// One of this admin's invites, expired: the device needs a new one.
    Expired,
    /// No open invite of this admin (used, cancelled, or not this team's).
    Unknown,
}

/// A device asking to join, as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Waiting {
    /// Its public key (hex).
    pub device: String,
    /// Its fingerprint (12 ASCII digits in groups of four): the joining
    /// device shows the same.
    pub fingerprint: String,
    /// Whether its invite admits it.
    pub invite: InviteCheck,
}

fn check_invite(st: &State, req: &JoinRequest, now: i64) -> (InviteCheck, Option<usize>) {
    match st.invites.iter().position(|i| req.proves(&i.secret)) {
        Some(pos) if st.invites[pos].expires_ms > now => (InviteCheck::Valid, Some(pos)),
        Some(_) => (InviteCheck::Expired, None),
        None => (InviteCheck::Unknown, None),
    }
}

/// (Admin) the devices waiting to be admitted, each with its fingerprint
/// and whether its invite still admits it. Changes nothing.
pub fn waiting_devices(vault: &mut Vault) -> Result<Vec<Waiting>, LinkError> {
    let st = load_admin(vault)?;
    let m = st.membership()?;
    let requests = runtime()?.block_on(st.client().joins())?;
    let now = relay_client::system_now_ms();
    Ok(requests
        .iter()
        .filter(|r| r.team == st.team && !m.is_removed(&r.device.sign))
        .map(|r| Waiting {
            device: r.device.sign.to_hex(),
            fingerprint: r.fingerprint(),
            invite: if m.is_member(&r.device.sign) {
                InviteCheck::Valid
            } else {
                check_invite(&st, r, now).0
            },
        })
        .collect())
}

/// `typed` fingerprints (native digits, spaces and dashes accepted) as
/// 12 ASCII digits each.
pub fn parse_fingerprints(typed: &[String]) -> Result<Vec<String>, LinkError> {
    typed
        .iter()
        .map(|t| {
            normalize_fingerprint(&i18n::digits::to_ascii(t))
                .ok_or_else(|| LinkError::BadFingerprint(t.clone()))
        })
        .collect()
}

/// (Admin) admits exactly the waiting devices whose fingerprint is one of
/// `fingerprints` (as [`Waiting::fingerprint`] or typed: native digits,
/// spaces and dashes are accepted) and whose request proves one of this
/// admin's open invites that has not expired (each invite admits one
/// device): a log entry, then the key ring sealed to it. Requests that
/// prove no open invite, or an expired one, are dropped; other waiting
/// devices keep waiting. Returns the devices admitted.
pub fn admit(vault: &mut Vault, fingerprints: &[String]) -> Result<Vec<Waiting>, LinkError> {
    let wanted = parse_fingerprints(fingerprints)?;
    let mut st = load_admin(vault)?;
    let AdminLog { client, rt, mut m } = admin_log(vault, &mut st)?;
    let requests = rt.block_on(client.joins())?;
    let now = relay_client::system_now_ms();
    let mut admitted = Vec::new();
    for req in requests {
        let dev = req.device.sign;
        let fingerprint = req.fingerprint();
        if m.is_removed(&dev) || req.team != st.team {
            rt.block_on(client.delete_join(&dev))?;
            continue;
        }
        let digits: String = fingerprint.chars().filter(char::is_ascii_digit).collect();
        if !wanted.contains(&digits) {
            continue;
        }
        if !m.is_member(&dev) {
            let (check, pos) = check_invite(&st, &req, now);
            let Some(pos) = pos.filter(|_| check == InviteCheck::Valid) else {
                rt.block_on(client.delete_join(&dev))?;
                continue;
            };
            let entry = m.next_entry(&st.device, now_ms(), LogOp::Add(req.device))?;
            rt.block_on(client.post_log(&entry))?;
            m.apply(&entry)?;
            st.log.push(entry.encode());
            st.invites.remove(pos);
            st.save(vault)?;
        }
        // A member here (just now or before a crash): (re)seal its keys.
        let who = m
            .members()
            .find(|d| d.sign == dev)
            .ok_or(LinkError::UnknownDevice(dev.to_hex()))?;
        let sealed = seal_ring(&st.ring, st.team, &st.device, &who, &m.head())?;
        rt.block_on(async {
            client.put_keys(&dev, sealed).await?;
            client.delete_join(&dev).await
        })?;
        admitted.push(Waiting {
            device: dev.to_hex(),
            fingerprint,
            invite: InviteCheck::Valid,
        });
    }
    Ok(admitted)
}

/// (Admin) removes `device` (full hex key or a unique prefix of at least 8
/// characters) and rotates the team key: a new epoch, committed to in the
/// log and sealed to every remaining device; new writes use it. Returns
/// the new epoch.
pub fn remove(vault: &mut Vault, device: &str) -> Result<u32, LinkError> {
    let mut st = load_admin(vault)?;
    let mut log = admin_log(vault, &mut st)?;
    let unknown = || LinkError::UnknownDevice(device.to_owned());
    let target = device_named(&log.m, device).ok_or_else(unknown)?;
    if target == st.device.public() {
        return Err(unknown());
    }
    if log.m.is_member(&target) {
        log.append(vault, &mut st, LogOp::Remove(target))?;
    } else if !log.m.is_removed(&target) {
        return Err(unknown());
    }
    let next = log.m.epoch() + 1;
    if st.ring.get(next).is_none() {
        // Saved before it is announced, so a crash never loses the key.
        st.ring.insert(TeamKey::generate(next)?);
        st.save(vault)?;
    }
    if log.m.epoch() < next && log.m.is_removed(&target) {
        let key = st.ring.get(next).ok_or(LinkError::StateDamaged)?;
        let commit = key.commitment(st.team);
        log.append(
            vault,
            &mut st,
            LogOp::Rotate {
                epoch: next,
                commit,
            },
        )?;
    }
    let AdminLog { client, rt, m } = log;
    for d in m.members().filter(|d| d.sign != st.device.public()) {
        let sealed = seal_ring(&st.ring, st.team, &st.device, &d, &m.head())?;
        rt.block_on(client.put_keys(&d.sign, sealed))?;
    }
    Ok(m.epoch())
}

/// The loaded team state of an admin device ([`LinkError::NotAdmin`] on
/// any other).
pub(crate) fn load_admin(vault: &mut Vault) -> Result<State, LinkError> {
    let st = load(vault)?;
    if !st.is_admin() {
        return Err(LinkError::NotAdmin);
    }
    Ok(st)
}

/// The admin's membership log brought up to date with the relay (and
/// saved), with the client and runtime that post its next entries.
pub(crate) struct AdminLog {
    pub(crate) client: relay_client::client::RelayClient,
    pub(crate) rt: tokio::runtime::Runtime,
    pub(crate) m: Membership,
}

pub(crate) fn admin_log(vault: &mut Vault, st: &mut State) -> Result<AdminLog, LinkError> {
    let client = st.client();
    let rt = runtime()?;
    let m = rt.block_on(refresh_log(&client, st))?;
    st.save(vault)?;
    Ok(AdminLog { client, rt, m })
}

impl AdminLog {
    /// Signs `op` as the admin, posts it to the relay, applies it and keeps
    /// it in the saved log.
    pub(crate) fn append(
        &mut self,
        vault: &mut Vault,
        st: &mut State,
        op: LogOp,
    ) -> Result<(), LinkError> {
        let entry = self.m.next_entry(&st.device, now_ms(), op)?;
        self.rt.block_on(self.client.post_log(&entry))?;
        self.m.apply(&entry)?;
        st.log.push(entry.encode());
        st.save(vault)
    }
}

/// The device a person named: its full hex key, or a prefix of at least 8
/// hex digits that exactly one member's key starts with.
pub(crate) fn device_named(m: &Membership, device: &str) -> Option<DevicePublicKey> {
    let wanted = device.trim().to_ascii_lowercase();
    if let Some(d) = DevicePublicKey::from_hex(&wanted) {
        return Some(d);
    }
    if wanted.len() < 8 {
        return None;
    }
    let hits: Vec<_> = m
        .members()
        .map(|d| d.sign)
        .filter(|d| d.to_hex().starts_with(&wanted))
        .collect();
    match hits.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// (Admin) names the relay's keys from now on (1 to
/// [`sync::team::MAX_RELAY_PINS`] SPKI SHA-256 pins, the one in use first):
/// an admin-signed log entry, posted through the relay's current key,
/// that every device applies at its next round. To move a relay to a new
/// TLS key without losing a device, announce the new key beside the old
/// one first, switch the relay, then drop the old one. Signing the same
/// pins again is how the admin answers a device that reports withheld
/// entries (see [`TeamAlert::RelayWithheld`]). Returns the log's length.
pub fn set_relay_pins(vault: &mut Vault, pins: &[RelayPin]) -> Result<u32, LinkError> {
    let mut st = load_admin(vault)?;
    if relay_transport(&st.relay)? == RelayTransport::Https && pins.is_empty() {
        return Err(TeamError::PinMissing.into());
    }
    let mut log = admin_log(vault, &mut st)?;
    log.append(vault, &mut st, LogOp::RelayPins(pins.to_vec()))?;
    Ok(log.m.len())
}

/// Entries this device holds beyond what the relay last claimed, signed
/// by the admin well before the relay's answer ([`WITHHELD_MARGIN_MS`]):
/// the relay withheld them (every entry reaches the relay before any
/// device can hold it). Called when a peer or a bundle brought entries.
pub(crate) fn note_learnt_entries(st: &mut State) {
    let Some(claim) = st.relay_claim else {
        return;
    };
    if st.alerts.withheld.is_some() {
        return;
    }
    let hidden = st
        .log
        .iter()
        .skip(claim.len as usize)
        .filter_map(|e| LogEntry::decode(e).ok())
        .any(|e| e.time_ms.saturating_add(WITHHELD_MARGIN_MS) <= claim.relay_time_ms);
    if hidden {
        st.alerts.withheld = Some(Withheld {
            relay_len: claim.len,
            seen_len: st.log.len() as u32,
            at_ms: now_ms(),
        });
    }
}

/// One round: push every document with changes the relay lacks and pull
/// the feed since the cursor, refreshing membership and keys on the way,
/// all through `POST …/sync` ([`sync::round`]): an up-to-date device makes
/// one request, a device with more to push or pull than one request
/// carries makes more. Resumable and idempotent (see the crate docs): the
/// state is saved after each request the relay accepted.
pub fn sync_round(
    vault: &mut Vault,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport, LinkError> {
    let mut st = load(vault)?;
    let client = st.client();
    let rt = runtime()?;
    let mut m = st.membership()?;
    let mut report = SyncReport::default();
    let ids: Vec<RecordId> = vault.list()?.into_iter().map(|c| c.id).collect();
    let mut ids = ids.into_iter();
    let mut total = 0u64;
    // Current heads of every document this round touched.
    let mut touched: std::collections::BTreeMap<RecordId, Vec<ChangeHash>> =
        std::collections::BTreeMap::new();
    // Sealed but not yet stored (kept across a refusal only to be resealed).
    let mut batch: Vec<Pushed> = Vec::new();
    let mut pushed_done = 0u64;
    let mut pulled_any = false;
    loop {
        // Fill one upload batch, one load per document, sealed under the
        // key of the log's epoch only (never a newer key someone handed
        // over, never an older one once the log moved on).
        let key = st.ring.get(m.epoch()).cloned();
        report.waiting_for_key = key.is_none().then_some(m.epoch());
        let mut batch_bytes: usize = batch
            .iter()
            .map(|p| p.env.as_ref().map_or(0, |e| e.len() + 4))
            .sum();
        while let Some(key) = key.as_ref()
            && batch.len() < BATCH_ITEMS
            && batch_bytes < BATCH_BYTES
        {
            let Some(id) = ids.next() else { break };
            let heads = vault.heads(id)?;
            let Some(since) = st.sync.to_push(id.uuid(), &heads) else {
                continue;
            };
            total += 1;
            // Nothing of it on the relay yet: send it compacted, as a
            // snapshot (covering nothing), so it is not compacted again
            // right away.
            let whole = since.is_empty();
            let (heads, changes) = vault.export_for_sync(id, &since)?;
            let changes = zeroize::Zeroizing::new(changes);
            let env = seal_for(&st, key, id, whole, &changes)?;
            batch_bytes += env.as_ref().map_or(0, |e| e.len() + 4);
            touched.insert(id, heads.clone());
            batch.push(Pushed {
                id,
                heads,
                whole,
                changes: changes.len() as u64,
                env,
            });
        }
        // One envelope too big to travel with a request: sent alone.
        if let [one] = batch.as_slice()
            && batch_bytes > sync::MAX_ENVELOPE_BYTES - sync::round::REQUEST_HEADER_LEN - 64
            && let Some(env) = one.env.clone()
        {
            if one.whole {
                rt.block_on(client.put_snapshot(0, env))?;
            } else {
                rt.block_on(client.put_blob(env))?;
            }
            report.pushed_bytes += one.env.as_ref().map_or(0, |e| e.len() as u64);
            accept_pushes(&mut st, &mut batch, &mut report);
            st.save(vault)?;
            continue;
        }
        let envs: Vec<&[u8]> = batch.iter().filter_map(|p| p.env.as_deref()).collect();
        let request = RoundRequest {
            log_len: m.len(),
            key_epoch: st.ring.current().map_or(0, TeamKey::epoch),
            cursor: st.sync.cursor(),
            limit: PAGE_ITEMS as u32,
            envelopes: envs,
        };
        let answer = rt.block_on(client.round(&request))?;
        let sent = request.envelopes.len() as u32;
        let sent_bytes: u64 = request.envelopes.iter().map(|e| e.len() as u64).sum();
        drop(request);
        // Membership and keys first: the page is checked against them.
        let known_before = m.len();
        let log_more = answer.log.len() >= MAX_LOG_PAGE_ENTRIES;
        for e in &answer.log {
            let entry = LogEntry::decode(e)?;
            m.apply(&entry)?;
            st.log.push(e.clone());
            // The admin signed something after this device reported the
            // relay: the admin acted, and the relay delivered it.
            if st
                .alerts
                .withheld
                .is_some_and(|w| entry.time_ms > w.at_ms && m.len() >= w.seen_len)
            {
                st.alerts.withheld = None;
            }
        }
        if answer.log_total < known_before {
            // Every entry this device holds reached the relay before it
            // could: a relay that admits to fewer hides some.
            report.relay_withheld = true;
            if st.alerts.withheld.is_none() {
                st.alerts.withheld = Some(Withheld {
                    relay_len: answer.log_total,
                    seen_len: known_before,
                    at_ms: now_ms(),
                });
            }
        }
        st.relay_claim = Some(RelayClaim {
            len: answer.log_total,
            relay_time_ms: answer.relay_time_ms,
        });
        if let Some(sealed) = &answer.keys
            && !st.is_admin()
            && let Err(e) = accept_ring(&mut st, &m, sealed)
        {
            // Refused, kept out; this device keeps the admin's keys.
            ring_refused(&mut st, &e);
            report.keys_refused = Some(e.message_id().to_owned());
        }
        let resealed = answer.stored == 0 && sent > 0;
        if resealed {
            // A rotation we had not seen: nothing was stored; reseal the
            // same documents under the log's new key next time round (or
            // drop them from this round if that key has not come yet).
            let key = st.ring.get(m.epoch()).cloned();
            if key.is_none() {
                batch.clear();
                ids = Vec::new().into_iter();
            }
            for p in batch.iter_mut().filter(|_| key.is_some()) {
                let Some(key) = key.as_ref() else { break };
                let (heads, changes) = vault.export_for_sync(
                    p.id,
                    &st.sync
                        .to_push(p.id.uuid(), &touched[&p.id])
                        .unwrap_or_default(),
                )?;
                let changes = zeroize::Zeroizing::new(changes);
                p.env = seal_for(&st, key, p.id, p.whole, &changes)?;
                p.heads = heads;
            }
        } else if answer.stored != sent {
            return Err(LinkError::BadAnswer);
        } else {
            report.pushed_bytes += sent_bytes;
            let n = batch.len() as u64;
            accept_pushes(&mut st, &mut batch, &mut report);
            pushed_done += n;
        }
        // Pull: verify, decrypt and merge the page in one vault transaction.
        let page = &answer.page;
        report.pulled_bytes += page.items.iter().map(|i| i.bytes.len() as u64).sum::<u64>();
        // Only current members' envelopes: once this device knows of a
        // removal, nothing signed by the removed device is merged.
        let pulled = st
            .sync
            .receive_page(page, &st.ring, m.epoch(), |d| m.is_member(d));
        report.rejected += pulled.rejected.len() as u64;
        if let Some(e) = pulled.missing_key {
            report.waiting_for_key = Some(e);
        }
        let parts: Vec<(RecordId, &[u8])> = pulled
            .changes
            .iter()
            .map(|o| (RecordId::from(o.doc), o.changes.as_slice()))
            .collect();
        if !parts.is_empty() {
            let merged = match vault.merge_many(&parts) {
                Ok(m) => m,
                // One member's broken change must not stop the team's sync:
                // merge the page record by record and skip what is damaged
                // (it stays on the relay; the record's other changes merge).
                Err(VaultError::RecordDamaged { .. }) => {
                    let mut ok = Vec::with_capacity(parts.len());
                    for part in &parts {
                        match vault.merge_many(std::slice::from_ref(part)) {
                            Ok(m) => ok.extend(m),
                            Err(VaultError::RecordDamaged { .. }) => report.rejected += 1,
                            Err(e) => return Err(e.into()),
                        }
                    }
                    ok
                }
                Err(e) => return Err(e.into()),
            };
            report.pulled += merged.len() as u64;
            for merged in merged {
                st.sync
                    .merged(merged.id.uuid(), &merged.before, &merged.after);
                touched.insert(merged.id, merged.after);
            }
        }
        // A crash before this save re-sends the batch and re-pulls the
        // page; both merge as no-ops.
        st.save(vault)?;
        if sent > 0 && !resealed {
            progress(Progress {
                phase: Phase::Push,
                done: pushed_done,
                total: Some(total),
                bytes: report.pushed_bytes,
            });
        }
        if !page.items.is_empty() || pulled_any {
            pulled_any = true;
            progress(Progress {
                phase: Phase::Pull,
                done: report.pulled,
                total: None,
                bytes: report.pulled_bytes,
            });
        }
        let can_push = st.ring.get(m.epoch()).is_some();
        let more_to_push = can_push && (!batch.is_empty() || ids.len() > 0);
        if !more_to_push && !pulled.more && !log_more {
            break;
        }
    }

    // Snapshot hand-off: a document whose chunks on the relay reached the
    // size of its compacted form is replaced there by one snapshot covering
    // everything up to the cursor (all of which is merged here).
    let snapshot_key = st.ring.get(m.epoch()).cloned();
    for (id, heads) in touched.iter().filter(|_| snapshot_key.is_some()) {
        let Some(key) = snapshot_key.as_ref() else {
            break;
        };
        let doc = id.uuid();
        if !st.sync.has_incremental(doc) {
            continue;
        }
        let (_, snapshot) = vault.export_for_sync(*id, &[])?;
        let snapshot = zeroize::Zeroizing::new(snapshot);
        if !st.sync.wants_snapshot(doc, snapshot.len() as u64) {
            continue;
        }
        let env = seal(
            key,
            st.team,
            doc,
            EnvelopeKind::Snapshot,
            &snapshot,
            &st.device,
            sync::random_bytes()?,
        )?;
        report.pushed_bytes += env.len() as u64;
        rt.block_on(client.put_snapshot(st.sync.cursor(), env))?;
        st.sync.snapshotted(doc, heads);
        report.snapshots += 1;
        st.save(vault)?;
    }

    // Only documents this round touched can have changed standing, unless
    // nothing could be pushed at all (no key for the log's epoch yet).
    report.pending = if report.waiting_for_key.is_some() {
        crate::status::pending(vault)?
    } else {
        touched
            .iter()
            .filter(|(id, heads)| st.sync.to_push(id.uuid(), heads).is_some())
            .count() as u64
    };
    report.up_to_date = report.pending == 0;
    Ok(report)
}

/// Seals one push (None when there is nothing to send).
fn seal_for(
    st: &State,
    key: &TeamKey,
    id: RecordId,
    whole: bool,
    changes: &[u8],
) -> Result<Option<Vec<u8>>, LinkError> {
    if changes.is_empty() {
        return Ok(None);
    }
    let kind = if whole {
        EnvelopeKind::Snapshot
    } else {
        EnvelopeKind::Chunk
    };
    Ok(Some(seal(
        key,
        st.team,
        id.uuid(),
        kind,
        changes,
        &st.device,
        sync::random_bytes()?,
    )?))
}

/// The relay stored the batch: record what it now has.
fn accept_pushes(st: &mut State, batch: &mut Vec<Pushed>, report: &mut SyncReport) {
    for p in batch.drain(..) {
        if p.whole {
            st.sync.snapshotted(p.id.uuid(), &p.heads);
        } else {
            st.sync.pushed(p.id.uuid(), &p.heads, p.changes);
        }
        report.pushed += 1;
    }
}

/// Documents in the team (for tests and the bundle).
pub(crate) fn doc_of(id: RecordId) -> DocId {
    id.uuid()
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
