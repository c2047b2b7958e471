//! The admin-signed membership log: entries, replay, and log pages.

use super::*;

// ----- membership log ------------------------------------------------------

/// What one log entry does.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum LogOp {
    /// The first entry: the admin, the commitment to the key of
    /// [`FIRST_EPOCH`] and the relay's keys.
    Genesis {
        /// The admin's device.
        admin: DeviceIdentity,
        /// [`TeamKey::commitment`] of the first team key.
        commit: [u8; 32],
        /// The relay's keys (none for plain HTTP on loopback).
        pins: Vec<RelayPin>,
    },
    /// A device joins.
    Add(DeviceIdentity),
    /// A device leaves for good.
    Remove(DevicePublicKey),
    /// The team key moved to `epoch` (one more than before).
    Rotate {
        /// The new epoch.
        epoch: u32,
        /// [`TeamKey::commitment`] of its key.
        commit: [u8; 32],
    },
    /// The relay's keys from now on (a relay moving to a new TLS key).
    RelayPins(Vec<RelayPin>),
    /// A member may (`allowed`) or may no longer publish questionnaires to
    /// the team (the admin always may).
    Publisher {
        /// The member's device.
        device: DevicePublicKey,
        /// Whether it may publish from now on.
        allowed: bool,
    },
}

impl LogOp {
    /// The epoch this entry starts, if any.
    pub fn new_epoch(&self) -> Option<u32> {
        match self {
            LogOp::Genesis { .. } => Some(FIRST_EPOCH),
            LogOp::Rotate { epoch, .. } => Some(*epoch),
            _ => None,
        }
    }

    /// The device this entry lets in (`Some((device, true))`) or shuts
    /// out (`Some((device, false))`).
    pub fn device_effect(&self) -> Option<(DevicePublicKey, bool)> {
        match self {
            LogOp::Genesis { admin, .. } => Some((admin.sign, true)),
            LogOp::Add(d) => Some((d.sign, true)),
            LogOp::Remove(d) => Some((*d, false)),
            LogOp::Rotate { .. } | LogOp::RelayPins(_) | LogOp::Publisher { .. } => None,
        }
    }
}

/// One admin-signed, hash-chained entry of the membership log.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LogEntry {
    /// The team.
    pub team: TeamId,
    /// Position, from 0.
    pub index: u32,
    /// SHA-256 of the previous entry (zeros for the first).
    pub prev: [u8; 32],
    /// When the admin signed it (the admin's clock, Unix milliseconds).
    pub time_ms: u64,
    /// What it does.
    pub op: LogOp,
    signature: [u8; 64],
}

fn push_pins(b: &mut Vec<u8>, pins: &[RelayPin]) {
    // Bounded by MAX_RELAY_PINS when built (sign) or read (decode).
    b.push(pins.len() as u8);
    for p in pins {
        b.extend_from_slice(p);
    }
}

fn entry_body(team: TeamId, index: u32, prev: &[u8; 32], time_ms: u64, op: &LogOp) -> Vec<u8> {
    let mut b = Vec::with_capacity(MAX_LOG_ENTRY_BYTES);
    b.extend_from_slice(if matches!(op, LogOp::Publisher { .. }) {
        b"FSL3"
    } else {
        b"FSL2"
    });
    b.extend_from_slice(team.as_bytes());
    b.extend_from_slice(&index.to_be_bytes());
    b.extend_from_slice(prev);
    b.extend_from_slice(&time_ms.to_be_bytes());
    match op {
        LogOp::Add(d) => {
            b.push(1);
            b.extend_from_slice(&d.sign.0);
            b.extend_from_slice(&d.boxk.0);
        }
        LogOp::Remove(d) => {
            b.push(2);
            b.extend_from_slice(&d.0);
        }
        LogOp::Rotate { epoch, commit } => {
            b.push(3);
            b.extend_from_slice(&epoch.to_be_bytes());
            b.extend_from_slice(commit);
        }
        LogOp::Genesis {
            admin,
            commit,
            pins,
        } => {
            b.push(4);
            b.extend_from_slice(&admin.sign.0);
            b.extend_from_slice(&admin.boxk.0);
            b.extend_from_slice(commit);
            push_pins(&mut b, pins);
        }
        LogOp::RelayPins(pins) => {
            b.push(5);
            push_pins(&mut b, pins);
        }
        LogOp::Publisher { device, allowed } => {
            b.push(6);
            b.extend_from_slice(&device.0);
            b.push(u8::from(*allowed));
        }
    }
    b
}

fn read_pins(r: &mut Reader<'_, TeamError>) -> Result<Vec<RelayPin>, TeamError> {
    let n = r.take(1)?[0] as usize;
    if n > MAX_RELAY_PINS {
        return Err(TeamError::Malformed);
    }
    let mut pins = Vec::with_capacity(n);
    for _ in 0..n {
        let p: RelayPin = r.array()?;
        if pins.contains(&p) {
            return Err(TeamError::Malformed);
        }
        pins.push(p);
    }
    Ok(pins)
}

impl LogEntry {
    /// An entry signed by `admin` at `time_ms` (its clock). Pins beyond
    /// [`MAX_RELAY_PINS`] are an error.
    pub fn sign(
        admin: &DeviceKey,
        team: TeamId,
        index: u32,
        prev: [u8; 32],
        time_ms: u64,
        op: LogOp,
    ) -> Result<Self, TeamError> {
        if let LogOp::Genesis { pins, .. } | LogOp::RelayPins(pins) = &op
            && pins.len() > MAX_RELAY_PINS
        {
            return Err(TeamError::TooManyPins);
        }
        let signature = admin.sign(&entry_body(team, index, &prev, time_ms, &op));
        Ok(LogEntry {
            team,
            index,
            prev,
            time_ms,
            op,
            signature,
        })
    }

    /// Wire form.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = entry_body(self.team, self.index, &self.prev, self.time_ms, &self.op);
        b.extend_from_slice(&self.signature);
        b
    }

    /// SHA-256 of the wire form: the next entry's `prev`.
    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.encode()).into()
    }

    /// Strict decoding (exact lengths, known op). The signature is checked
    /// by [`Membership::apply`], which knows the admin. An entry of an
    /// older build is [`TeamError::OldFormat`].
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() > MAX_LOG_ENTRY_BYTES {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader::new(bytes, TeamError::Malformed);
        let v3 = match r.take(4)? {
            b"FSL2" => false,
            b"FSL3" => true,
            b"FSL1" => return Err(TeamError::OldFormat),
            _ => return Err(TeamError::Malformed),
        };
        let team = TeamId::from_bytes(r.array()?);
        let index = u32::from_be_bytes(r.array()?);
        let prev = r.array()?;
        let time_ms = u64::from_be_bytes(r.array()?);
        let op = match r.take(1)?[0] {
            1 => LogOp::Add(DeviceIdentity {
                sign: DevicePublicKey(r.array()?),
                boxk: BoxPublicKey(r.array()?),
            }),
            2 => LogOp::Remove(DevicePublicKey(r.array()?)),
            3 => LogOp::Rotate {
                epoch: u32::from_be_bytes(r.array()?),
                commit: r.array()?,
            },
            4 => LogOp::Genesis {
                admin: DeviceIdentity {
                    sign: DevicePublicKey(r.array()?),
                    boxk: BoxPublicKey(r.array()?),
                },
                commit: r.array()?,
                pins: read_pins(&mut r)?,
            },
            5 => LogOp::RelayPins(read_pins(&mut r)?),
            6 => LogOp::Publisher {
                device: DevicePublicKey(r.array()?),
                allowed: match r.take(1)?[0] {
                    0 => false,
                    1 => true,
                    _ => return Err(TeamError::Malformed),
                },
            },
            _ => return Err(TeamError::Malformed),
        };
        // Op 6 exactly under "FSL3": one op, one encoding.
        if v3 != matches!(op, LogOp::Publisher { .. }) {
            return Err(TeamError::Malformed);
        }
        let signature = r.array()?;
        if !r.rest().is_empty() {
            return Err(TeamError::Malformed);
        }
        Ok(LogEntry {
            team,
            index,
            prev,
            time_ms,
            op,
            signature,
        })
    }

    fn verify(&self, admin: &DevicePublicKey) -> bool {
        admin.verify(
            &entry_body(self.team, self.index, &self.prev, self.time_ms, &self.op),
            &self.signature,
        )
    }
}

/// A log's length and the hash of its last entry (zeros when empty): two
/// logs with the same head are the same log (the entries are hash-chained
/// and admin-signed). Devices that meet compare heads.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct LogHead {
    /// Entries.
    pub len: u32,
    /// SHA-256 of the last entry's bytes.
    pub head: [u8; 32],
}

/// Bytes of an encoded [`LogHead`].
pub const LOG_HEAD_BYTES: usize = 36;

impl LogHead {
    /// The head of an encoded log cut at `len` entries (`None` if the log
    /// is shorter).
    pub fn of<B: AsRef<[u8]>>(log: &[B], len: u32) -> Option<LogHead> {
        let n = usize::try_from(len).ok()?;
        if n > log.len() {
            return None;
        }
        let head = match n.checked_sub(1) {
            None => [0; 32],
            Some(last) => Sha256::digest(log[last].as_ref()).into(),
        };
        Some(LogHead { len, head })
    }

    /// `len u32 BE | head [32]`.
    pub fn encode(&self) -> [u8; LOG_HEAD_BYTES] {
        let mut out = [0u8; LOG_HEAD_BYTES];
        out[..4].copy_from_slice(&self.len.to_be_bytes());
        out[4..].copy_from_slice(&self.head);
        out
    }

    /// Strict decoding (exactly [`LOG_HEAD_BYTES`]).
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() != LOG_HEAD_BYTES {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader::new(bytes, TeamError::Malformed);
        Ok(LogHead {
            len: u32::from_be_bytes(r.array()?),
            head: r.array()?,
        })
    }
}

/// A team's membership, as replayed from its verified log.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Membership {
    team: TeamId,
    admin: DevicePublicKey,
    members: BTreeMap<DevicePublicKey, BoxPublicKey>,
    removed: BTreeSet<DevicePublicKey>,
    publishers: BTreeSet<DevicePublicKey>,
    ever_publishers: BTreeSet<DevicePublicKey>,
    epoch: u32,
    commits: BTreeMap<u32, [u8; 32]>,
    pins: Vec<RelayPin>,
    len: u32,
    head: [u8; 32],
    last_time_ms: u64,
}

impl Membership {
    /// An empty log of `team` whose entries `admin` signs.
    pub fn new(team: TeamId, admin: DevicePublicKey) -> Self {
        Membership {
            team,
            admin,
            members: BTreeMap::new(),
            removed: BTreeSet::new(),
            publishers: BTreeSet::new(),
            ever_publishers: BTreeSet::new(),
            epoch: 0,
            commits: BTreeMap::new(),
            pins: Vec::new(),
            len: 0,
            head: [0; 32],
            last_time_ms: 0,
        }
    }

    /// Replays a whole log (entries in order).
    pub fn from_log<B: AsRef<[u8]>>(
        team: TeamId,
        admin: DevicePublicKey,
        entries: impl IntoIterator<Item = B>,
    ) -> Result<Self, TeamError> {
        let mut m = Membership::new(team, admin);
        for e in entries {
            m.apply(&LogEntry::decode(e.as_ref())?)?;
        }
        Ok(m)
    }

    /// Checks `entry` against everything before it and applies it: same
    /// team, next index, chained to the head, signed by the admin, and a
    /// legal step (the first entry is the genesis of this admin and only
    /// the first; no second add, no return after removal, the admin is
    /// never removed, epochs go up by one). A refused entry changes nothing.
    pub fn apply(&mut self, entry: &LogEntry) -> Result<(), TeamError> {
        if entry.team != self.team || entry.index != self.len || entry.prev != self.head {
            return Err(TeamError::LogBroken);
        }
        if self.len as usize >= MAX_LOG_ENTRIES {
            return Err(TeamError::LogBroken);
        }
        if !entry.verify(&self.admin) {
            return Err(TeamError::LogBadSignature);
        }
        let first = self.len == 0;
        if first != matches!(entry.op, LogOp::Genesis { .. }) {
            return Err(TeamError::LogIllegal);
        }
        match &entry.op {
            LogOp::Genesis {
                admin,
                commit,
                pins,
            } => {
                if admin.sign != self.admin {
                    return Err(TeamError::LogIllegal);
                }
                self.members.insert(admin.sign, admin.boxk);
                self.epoch = FIRST_EPOCH;
                self.commits.insert(FIRST_EPOCH, *commit);
                self.pins = pins.clone();
            }
            LogOp::Add(d) => {
                if self.members.contains_key(&d.sign) || self.removed.contains(&d.sign) {
                    return Err(TeamError::LogIllegal);
                }
                self.members.insert(d.sign, d.boxk);
            }
            LogOp::Remove(d) => {
                if *d == self.admin || !self.members.contains_key(d) {
                    return Err(TeamError::LogIllegal);
                }
                self.members.remove(d);
                self.removed.insert(*d);
            }
            LogOp::Rotate { epoch, commit } => {
                if Some(*epoch) != self.epoch.checked_add(1) {
                    return Err(TeamError::LogIllegal);
                }
                self.epoch = *epoch;
                self.commits.insert(*epoch, *commit);
            }
            LogOp::RelayPins(pins) => self.pins = pins.clone(),
            LogOp::Publisher { device, allowed } => {
                // Only for a current member other than the admin (who
                // always may), and only as a change.
                if *device == self.admin
                    || !self.members.contains_key(device)
                    || self.publishers.contains(device) == *allowed
                {
                    return Err(TeamError::LogIllegal);
                }
                if *allowed {
                    self.publishers.insert(*device);
                    self.ever_publishers.insert(*device);
                } else {
                    self.publishers.remove(device);
                }
            }
        }
        self.len += 1;
        self.head = entry.hash();
        self.last_time_ms = entry.time_ms;
        Ok(())
    }

    /// Signs the next entry (the admin's side) at `time_ms` without
    /// applying it.
    pub fn next_entry(
        &self,
        admin: &DeviceKey,
        time_ms: u64,
        op: LogOp,
    ) -> Result<LogEntry, TeamError> {
        LogEntry::sign(admin, self.team, self.len, self.head, time_ms, op)
    }

    /// Checks keys handed to this device against the log: every epoch of
    /// `ring` must have a commitment in the log and its key must match it.
    pub fn check_ring(&self, ring: &KeyRing) -> Result<(), TeamError> {
        for k in ring.iter() {
            let Some(commit) = self.commits.get(&k.epoch()) else {
                return Err(TeamError::RingUnknownEpoch(k.epoch()));
            };
            if k.commitment(self.team) != *commit {
                return Err(TeamError::RingKeyMismatch(k.epoch()));
            }
        }
        Ok(())
    }

    /// The team.
    pub fn team(&self) -> TeamId {
        self.team
    }

    /// The admin.
    pub fn admin(&self) -> DevicePublicKey {
        self.admin
    }

    /// Entries applied so far.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// Whether no entry was applied yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The log's head (length and hash of the last entry).
    pub fn head(&self) -> LogHead {
        LogHead {
            len: self.len,
            head: self.head,
        }
    }

    /// The admin's clock when it signed the last entry (0: empty log).
    pub fn last_time_ms(&self) -> u64 {
        self.last_time_ms
    }

    /// The current key epoch (0 before the genesis entry).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The relay's keys the log names now.
    pub fn relay_pins(&self) -> &[RelayPin] {
        &self.pins
    }

    /// Whether `device` is a current member.
    pub fn is_member(&self, device: &DevicePublicKey) -> bool {
        self.members.contains_key(device)
    }

    /// Whether `device` was ever a member (it may have signed older data).
    pub fn was_member(&self, device: &DevicePublicKey) -> bool {
        self.is_member(device) || self.removed.contains(device)
    }

    /// Whether `device` may publish questionnaires to the team now: the
    /// admin, or a current member the admin allowed (a removed member no
    /// longer may).
    pub fn may_publish(&self, device: &DevicePublicKey) -> bool {
        *device == self.admin || (self.is_member(device) && self.publishers.contains(device))
    }

    /// Whether `device` was ever allowed to publish (the admin, or a
    /// member the admin allowed at some point): what it published then
    /// still opens the records made with it.
    pub fn was_publisher(&self, device: &DevicePublicKey) -> bool {
        *device == self.admin || self.ever_publishers.contains(device)
    }

    /// Whether `device` was removed.
    pub fn is_removed(&self, device: &DevicePublicKey) -> bool {
        self.removed.contains(device)
    }

    /// Current members and their box keys.
    pub fn members(&self) -> impl Iterator<Item = DeviceIdentity> + '_ {
        self.members
            .iter()
            .map(|(s, b)| DeviceIdentity { sign: *s, boxk: *b })
    }
}

// ----- log pages ------------------------------------------------------------

/// Most log entries in one page from the relay.
pub const MAX_LOG_PAGE_ENTRIES: usize = 1000;

/// A page of log entries: `count u32 BE | count × (len u16 BE | entry)`.
pub fn encode_log_page<B: AsRef<[u8]>>(entries: &[B]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + entries.len() * (2 + MAX_LOG_ENTRY_BYTES));
    out.extend_from_slice(&(entries.len() as u32).to_be_bytes());
    for e in entries {
        let e = e.as_ref();
        out.extend_from_slice(&(e.len() as u16).to_be_bytes());
        out.extend_from_slice(e);
    }
    out
}

/// Strict, bounded decoding of [`encode_log_page`] (entries themselves
/// are decoded and verified by [`Membership::apply`]).
pub fn decode_log_page(bytes: &[u8]) -> Result<Vec<Vec<u8>>, TeamError> {
    let mut r = Reader::new(bytes, TeamError::Malformed);
    let count = u32::from_be_bytes(r.array()?) as usize;
    if count > MAX_LOG_PAGE_ENTRIES {
        return Err(TeamError::Malformed);
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let len = u16::from_be_bytes(r.array()?) as usize;
        if len > MAX_LOG_ENTRY_BYTES {
            return Err(TeamError::Malformed);
        }
        out.push(r.take(len)?.to_vec());
    }
    if !r.rest().is_empty() {
        return Err(TeamError::Malformed);
    }
    Ok(out)
}
