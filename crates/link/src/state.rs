//! The team state kept (encrypted) in the vault.

use sync::team::{BoxKey, DeviceIdentity, Membership, RelayPin};
use sync::{DeviceKey, DevicePublicKey, KeyRing, TeamId, TeamKey, TeamSync};
use vault::Vault;
use zeroize::Zeroizing;

use crate::{LinkError, STATE_SECRET};

/// The version of the stored team state this build writes and reads.
const STATE_VERSION: u32 = 2;

/// What the relay claimed in its last answer: its log's length and its
/// clock. A log entry the admin signed well before that clock, at an index
/// the claim leaves out, was withheld from this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct RelayClaim {
    pub len: u32,
    pub relay_time_ms: u64,
}

/// Something wrong this device noticed and keeps showing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Alerts {
    /// The relay handed this device keys it refused: why (a Fluent id)
    /// and when (this device's clock, Unix ms). Cleared when a key ring
    /// the admin signed is accepted.
    pub keys_refused: Option<(String, u64)>,
    /// The relay withheld membership entries: its claimed length, the
    /// length this device saw elsewhere, and when that was noticed.
    /// Cleared when the relay delivers an entry the admin signed after it.
    pub withheld: Option<Withheld>,
}

/// See [`Alerts::withheld`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Withheld {
    pub relay_len: u32,
    pub seen_len: u32,
    pub at_ms: u64,
}

/// What is serialised (hex for bytes).
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    v: u32,
    team: TeamId,
    name: String,
    relay: String,
    device: String,
    boxk: String,
    admin: Option<String>,
    admin_fp: String,
    keys: Vec<(u32, String)>,
    log: Vec<String>,
    /// Invites of the first format (never registered with a relay, so no
    /// relay accepts them): read and dropped.
    #[serde(default)]
    invites: Vec<String>,
    /// Open invites: secret (hex) and expiry (Unix ms).
    #[serde(default)]
    open_invites: Vec<(String, i64)>,
    sync: TeamSync,
    invite_pin: Option<String>,
    relay_claim: Option<RelayClaim>,
    alerts: Alerts,
}

/// Only the version, to refuse an older state with a clear error.
#[derive(serde::Deserialize)]
struct Version {
    v: u32,
}

/// An invite the admin made and nobody used yet.
#[derive(Clone)]
pub(crate) struct OpenInvite {
    pub secret: [u8; 16],
    /// Unix milliseconds.
    pub expires_ms: i64,
}

/// The team state in memory.
pub(crate) struct State {
    pub team: TeamId,
    pub name: String,
    pub relay: String,
    pub device: DeviceKey,
    pub boxk: BoxKey,
    /// `None` while waiting for admission.
    pub admin: Option<DevicePublicKey>,
    pub admin_fp: [u8; 16],
    pub ring: KeyRing,
    /// Verified log entries, in order.
    pub log: Vec<Vec<u8>>,
    /// Open invites (admin only).
    pub invites: Vec<OpenInvite>,
    pub sync: TeamSync,
    /// The relay's pin from the invite, used until the log is known.
    pub invite_pin: Option<RelayPin>,
    /// What the relay claimed in its last answer.
    pub relay_claim: Option<RelayClaim>,
    pub alerts: Alerts,
}

fn unhex<const N: usize>(s: &str) -> Result<[u8; N], LinkError> {
    let mut out = [0u8; N];
    hex::decode_to_slice(s, &mut out).map_err(|_| LinkError::StateDamaged)?;
    Ok(out)
}

impl State {
    pub fn identity(&self) -> DeviceIdentity {
        DeviceIdentity {
            sign: self.device.public(),
            boxk: self.boxk.public(),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.admin == Some(self.device.public())
    }

    /// The replayed membership (errors when not admitted yet).
    pub fn membership(&self) -> Result<Membership, LinkError> {
        let admin = self.admin.ok_or(LinkError::NotAdmitted)?;
        Membership::from_log(self.team, admin, &self.log).map_err(|_| LinkError::StateDamaged)
    }

    /// The relay keys this device accepts: the log's, or the invite's
    /// until the log is known.
    pub fn pins(&self) -> Vec<RelayPin> {
        match self.membership() {
            Ok(m) => m.relay_pins().to_vec(),
            Err(_) => self.invite_pin.into_iter().collect(),
        }
    }

    /// A client that talks only to the relay key(s) the team trusts.
    pub fn client(&self) -> relay_client::client::RelayClient {
        relay_client::client::RelayClient::pinned(
            &self.relay,
            self.team,
            self.device.clone(),
            &self.pins(),
        )
    }

    pub fn load(vault: &mut Vault) -> Result<Option<State>, LinkError> {
        let Some(bytes) = vault.secret(STATE_SECRET)? else {
            return Ok(None);
        };
        let v: Version = serde_json::from_slice(&bytes).map_err(|_| LinkError::StateDamaged)?;
        if v.v < STATE_VERSION {
            return Err(LinkError::Team(sync::TeamError::OldFormat));
        }
        if v.v != STATE_VERSION {
            return Err(LinkError::StateDamaged);
        }
        let s: Stored = serde_json::from_slice(&bytes).map_err(|_| LinkError::StateDamaged)?;
        let mut ring = KeyRing::default();
        for (epoch, k) in &s.keys {
            let k = Zeroizing::new(unhex::<32>(k)?);
            ring.insert(TeamKey::from_bytes(*epoch, *k));
        }
        let admin = match &s.admin {
            Some(a) => Some(DevicePublicKey::from_hex(a).ok_or(LinkError::StateDamaged)?),
            None => None,
        };
        let log = s
            .log
            .iter()
            .map(|e| hex::decode(e).map_err(|_| LinkError::StateDamaged))
            .collect::<Result<_, _>>()?;
        let invites = s
            .open_invites
            .iter()
            .map(|(i, expires_ms)| {
                Ok(OpenInvite {
                    secret: unhex::<16>(i)?,
                    expires_ms: *expires_ms,
                })
            })
            .collect::<Result<_, LinkError>>()?;
        let seed = Zeroizing::new(unhex::<32>(&s.device)?);
        let boxk = Zeroizing::new(unhex::<32>(&s.boxk)?);
        Ok(Some(State {
            team: s.team,
            name: s.name,
            relay: s.relay,
            device: DeviceKey::from_seed(*seed),
            boxk: BoxKey::from_bytes(*boxk),
            admin,
            admin_fp: unhex(&s.admin_fp)?,
            ring,
            log,
            invites,
            sync: s.sync,
            invite_pin: s.invite_pin.as_deref().map(unhex).transpose()?,
            relay_claim: s.relay_claim,
            alerts: s.alerts,
        }))
    }

    /// Durable when it returns.
    pub fn save(&self, vault: &mut Vault) -> Result<(), LinkError> {
        let s = Stored {
            v: STATE_VERSION,
            team: self.team,
            name: self.name.clone(),
            relay: self.relay.clone(),
            device: hex::encode(*self.device.seed()),
            boxk: hex::encode(*self.boxk.to_bytes()),
            admin: self.admin.map(|a| a.to_hex()),
            admin_fp: hex::encode(self.admin_fp),
            keys: self
                .ring
                .iter()
                .map(|k| (k.epoch(), hex::encode(k.expose_bytes())))
                .collect(),
            log: self.log.iter().map(hex::encode).collect(),
            invites: Vec::new(),
            open_invites: self
                .invites
                .iter()
                .map(|i| (hex::encode(i.secret), i.expires_ms))
                .collect(),
            sync: self.sync.clone(),
            invite_pin: self.invite_pin.map(hex::encode),
            relay_claim: self.relay_claim,
            alerts: self.alerts.clone(),
        };
        let json = Zeroizing::new(serde_json::to_vec(&s).map_err(|_| LinkError::StateDamaged)?);
        vault.put_secret(STATE_SECRET, &json)?;
        Ok(())
    }
}
