//! The admin's side of membership: the devices waiting to join and their
//! invites, admission by fingerprint, removal (with a new key epoch), the
//! relay pins, and the one way to sign, post and keep a log entry.

use super::*;

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
