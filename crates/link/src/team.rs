//! Team operations and one sync round.

use std::time::{Duration, Instant};

use relay::client::RelayClient;
use sync::envelope::{EnvelopeKind, seal};
use sync::round::RoundRequest;
use sync::team::{
    BoxKey, FIRST_EPOCH, Invite, InviteKeys, JoinRequest, LogEntry, LogOp, MAX_LOG_PAGE_ENTRIES,
    Membership, admin_fingerprint, device_fingerprint, normalize_fingerprint, open_ring, seal_ring,
};
use sync::{DeviceKey, DevicePublicKey, DocId, KeyRing, TeamId, TeamKey, TeamSync};
use vault::{ChangeHash, RecordId, Vault, VaultError};

use crate::state::{OpenInvite, State};
use crate::{LinkError, runtime};

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
    /// This device's fingerprint (12 ASCII digits in groups of four): what
    /// the supervisor compares before admitting it.
    pub fingerprint: String,
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
}

fn load(vault: &mut Vault) -> Result<State, LinkError> {
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
        epoch: m.map_or(0, |m| m.epoch()),
        key_epochs: st.ring.iter().map(|k| k.epoch()).collect(),
        fingerprint: device_fingerprint(st.team, &st.identity()),
    }
}

/// The vault's team, if any.
pub fn info(vault: &mut Vault) -> Result<Option<TeamInfo>, LinkError> {
    Ok(State::load(vault)?.map(|s| info_of(&s)))
}

/// Creates a team on the relay with this device as its admin, sending the
/// relay operator's token when given (a relay without open registration
/// refuses to create a team without it).
pub fn create_team(
    vault: &mut Vault,
    relay: &str,
    name: &str,
    operator_token: Option<&str>,
) -> Result<TeamInfo, LinkError> {
    if State::load(vault)?.is_some() {
        return Err(LinkError::AlreadyInTeam);
    }
    let relay = relay.trim_end_matches('/');
    let team = TeamId::new_v4();
    let device = DeviceKey::generate()?;
    // Checks the URL the same way an invite will.
    Invite::new(relay, team, &device.public(), [0; 16])?;
    let mut st = State {
        team,
        name: name.to_owned(),
        relay: relay.to_owned(),
        admin: Some(device.public()),
        admin_fp: admin_fingerprint(&device.public()),
        device,
        boxk: BoxKey::generate()?,
        ring: KeyRing::new(TeamKey::generate(FIRST_EPOCH)?),
        log: Vec::new(),
        invites: Vec::new(),
        sync: TeamSync::new(team),
    };
    let mut m = Membership::new(team, st.device.public());
    let first = m.next_entry(&st.device, LogOp::Add(st.identity()));
    m.apply(&first)?;
    let client = st.client();
    runtime()?.block_on(async {
        client
            .create_team_with(operator_token)
            .await
            .map_err(|e| match e.status() {
                Some(403) => LinkError::RegistrationRefused,
                _ => e.into(),
            })?;
        client.post_log(&first).await?;
        Ok::<_, LinkError>(())
    })?;
    st.log.push(first.encode());
    st.save(vault)?;
    Ok(info_of(&st))
}

/// (Admin) a new one-time invite code, valid for `valid_for` (see
/// [`INVITE_TTL`]): kept on this device, then registered with the relay
/// (its id, the public verifier derived from its secret, and its expiry;
/// never the secret), which lets a join request proving it take one
/// pending slot until it expires.
pub fn invite(vault: &mut Vault, valid_for: Duration) -> Result<String, LinkError> {
    let mut st = load(vault)?;
    if !st.is_admin() {
        return Err(LinkError::NotAdmin);
    }
    let secret = sync::random_bytes()?;
    let code = Invite::new(&st.relay, st.team, &st.device.public(), secret)?.encode();
    let now = relay::system_now_ms();
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
async fn refresh_log(client: &RelayClient, st: &mut State) -> Result<Membership, LinkError> {
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
fn join_refused(e: relay::client::ClientError) -> LinkError {
    let reason = e.reason().unwrap_or_default().to_owned();
    match e.status() {
        Some(410) if reason.contains("expired") => LinkError::InviteExpired,
        Some(410) => LinkError::InviteUsed,
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
    let (ring, log) = runtime()?.block_on(async {
        match client.post_join(&req).await {
            Ok(()) => {}
            // Already admitted (a re-run after a crash).
            Err(e) if e.status() == Some(409) => {}
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
        let ring = open_ring(&sealed, st.team, &st.boxk)?;
        let mut log = Vec::new();
        loop {
            let page = client.log(log.len() as u64).await?;
            if page.is_empty() {
                break;
            }
            log.extend(page);
        }
        Ok((ring, log))
    })?;
    // The admin is the device the first entry adds; the invite names it.
    let first = log
        .first()
        .map(|e| LogEntry::decode(e))
        .transpose()?
        .ok_or(LinkError::BadAnswer)?;
    let LogOp::Add(admin) = first.op else {
        return Err(sync::TeamError::LogIllegal.into());
    };
    if admin_fingerprint(&admin.sign) != st.admin_fp {
        return Err(sync::TeamError::LogBadSignature.into());
    }
    let m = Membership::from_log(st.team, admin.sign, &log)?;
    if !m.is_member(&st.device.public()) {
        return Err(LinkError::NotAdmitted);
    }
    st.admin = Some(admin.sign);
    st.ring = ring;
    st.log = log;
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
    let st = load(vault)?;
    if !st.is_admin() {
        return Err(LinkError::NotAdmin);
    }
    let m = st.membership()?;
    let requests = runtime()?.block_on(st.client().joins())?;
    let now = relay::system_now_ms();
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
    let mut st = load(vault)?;
    if !st.is_admin() {
        return Err(LinkError::NotAdmin);
    }
    let client = st.client();
    let rt = runtime()?;
    let mut m = rt.block_on(refresh_log(&client, &mut st))?;
    st.save(vault)?;
    let requests = rt.block_on(client.joins())?;
    let now = relay::system_now_ms();
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
            let entry = m.next_entry(&st.device, LogOp::Add(req.device));
            rt.block_on(client.post_log(&entry))?;
            m.apply(&entry)?;
            st.log.push(entry.encode());
            st.invites.remove(pos);
            st.save(vault)?;
        }
        // A member here (just now or before a crash): (re)seal its keys.
        let boxk = m
            .members()
            .find(|d| d.sign == dev)
            .map(|d| d.boxk)
            .ok_or(LinkError::UnknownDevice(dev.to_hex()))?;
        let sealed = seal_ring(&st.ring, st.team, &boxk)?;
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
/// characters) and rotates the team key: a new epoch sealed to every
/// remaining device; new writes use it. Returns the new epoch.
pub fn remove(vault: &mut Vault, device: &str) -> Result<u32, LinkError> {
    let mut st = load(vault)?;
    if !st.is_admin() {
        return Err(LinkError::NotAdmin);
    }
    let client = st.client();
    let rt = runtime()?;
    let mut m = rt.block_on(refresh_log(&client, &mut st))?;
    st.save(vault)?;
    let wanted = device.trim().to_ascii_lowercase();
    let unknown = || LinkError::UnknownDevice(device.to_owned());
    let target = match DevicePublicKey::from_hex(&wanted) {
        Some(d) => d,
        None if wanted.len() >= 8 => {
            let hits: Vec<_> = m
                .members()
                .map(|d| d.sign)
                .filter(|d| d.to_hex().starts_with(&wanted))
                .collect();
            match hits.as_slice() {
                [one] => *one,
                _ => return Err(unknown()),
            }
        }
        None => return Err(unknown()),
    };
    if target == st.device.public() {
        return Err(unknown());
    }
    if m.is_member(&target) {
        let entry = m.next_entry(&st.device, LogOp::Remove(target));
        rt.block_on(client.post_log(&entry))?;
        m.apply(&entry)?;
        st.log.push(entry.encode());
        st.save(vault)?;
    } else if !m.is_removed(&target) {
        return Err(unknown());
    }
    let next = m.epoch() + 1;
    if st.ring.get(next).is_none() {
        // Saved before it is announced, so a crash never loses the key.
        st.ring.insert(TeamKey::generate(next)?);
        st.save(vault)?;
    }
    if m.epoch() < next && m.is_removed(&target) {
        let entry = m.next_entry(&st.device, LogOp::Rotate(next));
        rt.block_on(client.post_log(&entry))?;
        m.apply(&entry)?;
        st.log.push(entry.encode());
        st.save(vault)?;
    }
    for d in m.members().filter(|d| d.sign != st.device.public()) {
        let sealed = seal_ring(&st.ring, st.team, &d.boxk)?;
        rt.block_on(client.put_keys(&d.sign, sealed))?;
    }
    Ok(m.epoch())
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
        // Fill one upload batch, one load per document.
        let key = st.ring.current().cloned().ok_or(LinkError::NotAdmitted)?;
        let mut batch_bytes: usize = batch
            .iter()
            .map(|p| p.env.as_ref().map_or(0, |e| e.len() + 4))
            .sum();
        // A key older than the log's epoch (a rotation whose new key the
        // admin has not sealed to this device yet): the relay refuses
        // envelopes under it, so nothing is pushed until the key comes.
        let can_push = key.epoch() >= m.epoch();
        while can_push && batch.len() < BATCH_ITEMS && batch_bytes < BATCH_BYTES {
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
            let env = seal_for(&st, &key, id, whole, &changes)?;
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
        let log_more = answer.log.len() >= MAX_LOG_PAGE_ENTRIES;
        for e in &answer.log {
            m.apply(&LogEntry::decode(e)?)?;
            st.log.push(e.clone());
        }
        if let Some(sealed) = &answer.keys
            && !st.is_admin()
        {
            for k in open_ring(sealed, st.team, &st.boxk)?.iter() {
                st.ring.insert(k.clone());
            }
        }
        let resealed = answer.stored == 0 && sent > 0;
        if resealed {
            // A rotation we had not seen: nothing was stored; reseal the
            // same documents under the new key next time round.
            for p in &mut batch {
                let key = st.ring.current().cloned().ok_or(LinkError::NotAdmitted)?;
                let (heads, changes) = vault.export_for_sync(
                    p.id,
                    &st.sync
                        .to_push(p.id.uuid(), &touched[&p.id])
                        .unwrap_or_default(),
                )?;
                let changes = zeroize::Zeroizing::new(changes);
                p.env = seal_for(&st, &key, p.id, p.whole, &changes)?;
                p.heads = heads;
            }
            if st.ring.current().map_or(0, TeamKey::epoch) < m.epoch() {
                // No key for the new epoch yet: these stay pending.
                batch.clear();
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
        let pulled = st.sync.receive_page(page, &st.ring, |d| m.was_member(d));
        report.rejected += pulled.rejected.len() as u64;
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
        let can_push = st.ring.current().map_or(0, TeamKey::epoch) >= m.epoch();
        let more_to_push = !batch.is_empty() || (can_push && ids.len() > 0);
        if !more_to_push && !pulled.more && !log_more {
            break;
        }
    }

    // Snapshot hand-off: a document whose chunks on the relay reached the
    // size of its compacted form is replaced there by one snapshot covering
    // everything up to the cursor (all of which is merged here).
    let key = st.ring.current().cloned().ok_or(LinkError::NotAdmitted)?;
    // Only under the log's current key (the relay refuses older ones).
    let compact = key.epoch() >= m.epoch();
    for (id, heads) in touched.iter().filter(|_| compact) {
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
            &key,
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

    // Only documents this round touched can have changed standing.
    report.pending = touched
        .iter()
        .filter(|(id, heads)| st.sync.to_push(id.uuid(), heads).is_some())
        .count() as u64;
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
