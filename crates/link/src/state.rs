//! The team state kept (encrypted) in the vault.

use sync::team::{BoxKey, DeviceIdentity, Membership};
use sync::{DeviceKey, DevicePublicKey, KeyRing, TeamId, TeamKey, TeamSync};
use vault::Vault;
use zeroize::Zeroizing;

use crate::{LinkError, STATE_SECRET};

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

    pub fn client(&self) -> relay::client::RelayClient {
        relay::client::RelayClient::new(&self.relay, self.team, self.device.clone())
    }

    pub fn load(vault: &mut Vault) -> Result<Option<State>, LinkError> {
        let Some(bytes) = vault.secret(STATE_SECRET)? else {
            return Ok(None);
        };
        let s: Stored = serde_json::from_slice(&bytes).map_err(|_| LinkError::StateDamaged)?;
        if s.v != 1 {
            return Err(LinkError::StateDamaged);
        }
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
        }))
    }

    /// Durable when it returns.
    pub fn save(&self, vault: &mut Vault) -> Result<(), LinkError> {
        let s = Stored {
            v: 1,
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
        };
        let json = Zeroizing::new(serde_json::to_vec(&s).map_err(|_| LinkError::StateDamaged)?);
        vault.put_secret(STATE_SECRET, &json)?;
        Ok(())
    }
}
