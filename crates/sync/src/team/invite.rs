//! Invite codes, the keys an invite secret derives, its registration
//! with the relay, and join requests.

use super::*;

// ----- invite codes --------------------------------------------------------

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const INVITE_PREFIX: &str = "FS2-";
const OLD_INVITE_PREFIX: &str = "FS1-";
const INVITE_VERSION: u8 = 2;
/// Bytes of an invite without its URL and checksum.
const INVITE_FIXED: usize = 1 + 16 + 16 + 16 + 32 + 1;

/// A one-time invitation to join a team.
#[derive(Clone, PartialEq, Eq)]
pub struct Invite {
    /// The relay's base URL.
    pub relay: String,
    /// The relay's key (SPKI SHA-256), `None` for plain HTTP on loopback.
    pub pin: Option<RelayPin>,
    /// The team.
    pub team: TeamId,
    /// Fingerprint of the admin's Ed25519 key ([`admin_fingerprint`]).
    pub admin_fp: [u8; 16],
    /// The one-time secret the join request proves knowledge of.
    pub secret: [u8; 16],
}

impl fmt::Debug for Invite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Invite")
            .field("relay", &self.relay)
            .field("pin", &self.pin.as_ref().map(pin_fingerprint))
            .field("team", &self.team)
            .finish_non_exhaustive()
    }
}

/// `SHA-256("FS-ADMIN-1" | key)[..16]`: names the admin in an invite.
pub fn admin_fingerprint(admin: &DevicePublicKey) -> [u8; 16] {
    let d = Sha256::new()
        .chain_update(b"FS-ADMIN-1")
        .chain_update(admin.0)
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

pub(super) fn checksum(bytes: &[u8]) -> [u8; 4] {
    let d = Sha256::digest(bytes);
    [d[0], d[1], d[2], d[3]]
}

/// How a device may talk to a relay URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelayTransport {
    /// `https://`: TLS, the relay's key pinned.
    Https,
    /// `http://` to this machine (loopback): no TLS, no pin.
    LoopbackHttp,
}

/// Checks a relay URL before anything connects to it: `https://HOST[:PORT]`
/// anywhere, `http://` only to loopback (`localhost`, `127.0.0.0/8`,
/// `[::1]`): a plain connection over a network is refused
/// ([`TeamError::InsecureRelay`]), whatever the network. At most
/// [`MAX_URL_LEN`] printable ASCII characters, no user or password part.
pub fn relay_transport(url: &str) -> Result<RelayTransport, TeamError> {
    if url.len() > MAX_URL_LEN || !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(TeamError::BadRelayUrl);
    }
    let lower = url.to_ascii_lowercase();
    let (rest, https) = if let Some(r) = lower.strip_prefix("https://") {
        (r, true)
    } else if let Some(r) = lower.strip_prefix("http://") {
        (r, false)
    } else {
        return Err(TeamError::BadRelayUrl);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(TeamError::BadRelayUrl);
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or(TeamError::BadRelayUrl)?;
        if !(after.is_empty() || after.starts_with(':')) {
            return Err(TeamError::BadRelayUrl);
        }
        h
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err(TeamError::BadRelayUrl);
    }
    if https {
        return Ok(RelayTransport::Https);
    }
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        Ok(RelayTransport::LoopbackHttp)
    } else {
        Err(TeamError::InsecureRelay)
    }
}

/// An invite's relay and pin agree: HTTPS carries a pin, loopback HTTP none.
fn check_relay(relay: &str, pin: Option<&RelayPin>) -> Result<(), TeamError> {
    match (relay_transport(relay)?, pin) {
        (RelayTransport::Https, Some(_)) | (RelayTransport::LoopbackHttp, None) => Ok(()),
        (RelayTransport::Https, None) => Err(TeamError::PinMissing),
        (RelayTransport::LoopbackHttp, Some(_)) => Err(TeamError::BadRelayUrl),
    }
}

impl Invite {
    /// A new invite with `secret` (fresh random bytes).
    pub fn new(
        relay: &str,
        pin: Option<RelayPin>,
        team: TeamId,
        admin: &DevicePublicKey,
        secret: [u8; 16],
    ) -> Result<Self, TeamError> {
        check_relay(relay, pin.as_ref())?;
        Ok(Invite {
            relay: relay.to_owned(),
            pin,
            team,
            admin_fp: admin_fingerprint(admin),
            secret,
        })
    }

    /// Whether `admin` is the admin this invite names.
    pub fn names_admin(&self, admin: &DevicePublicKey) -> bool {
        admin_fingerprint(admin) == self.admin_fp
    }

    /// The code: the QR payload and the typed fallback.
    pub fn encode(&self) -> String {
        let mut b = Vec::with_capacity(INVITE_FIXED + self.relay.len() + 4);
        b.push(INVITE_VERSION);
        b.extend_from_slice(self.team.as_bytes());
        b.extend_from_slice(&self.admin_fp);
        b.extend_from_slice(&self.secret);
        b.extend_from_slice(&self.pin.unwrap_or([0; 32]));
        // `new`/`decode` bound the URL to MAX_URL_LEN (< 256).
        b.push(self.relay.len() as u8);
        b.extend_from_slice(self.relay.as_bytes());
        let c = checksum(&b);
        b.extend_from_slice(&c);
        let chars = base32(&b);
        let groups: Vec<&str> = chars
            .as_bytes()
            .chunks(5)
            .map(|g| std::str::from_utf8(g).unwrap_or(""))
            .collect();
        format!("{INVITE_PREFIX}{}", groups.join("-"))
    }

    /// Reads a code (scanned or typed). Never panics; bounded. A code of
    /// an older build is [`TeamError::OldFormat`].
    pub fn decode(code: &str) -> Result<Self, TeamError> {
        if code.len() > 2 * (MAX_URL_LEN + INVITE_FIXED + 4) * 8 / 5 + 40 {
            return Err(TeamError::BadInvite);
        }
        let code = code.trim();
        let prefix = code.get(..INVITE_PREFIX.len());
        if prefix.is_some_and(|p| p.eq_ignore_ascii_case(OLD_INVITE_PREFIX)) {
            return Err(TeamError::OldFormat);
        }
        let rest = prefix
            .filter(|p| p.eq_ignore_ascii_case(INVITE_PREFIX))
            .and_then(|_| code.get(INVITE_PREFIX.len()..))
            .ok_or(TeamError::BadInvite)?;
        let b = unbase32(rest).ok_or(TeamError::BadInvite)?;
        if b.len() < INVITE_FIXED + 4 {
            return Err(TeamError::BadInvite);
        }
        let (body, sum) = b.split_at(b.len() - 4);
        if checksum(body) != sum {
            return Err(TeamError::BadInvite);
        }
        let bad = |_| TeamError::BadInvite;
        let mut r = Reader::new(body, TeamError::Malformed);
        match r.take(1).map_err(bad)?[0] {
            INVITE_VERSION => {}
            1 => return Err(TeamError::OldFormat),
            _ => return Err(TeamError::BadInvite),
        }
        let team = TeamId::from_bytes(r.array().map_err(bad)?);
        let admin_fp = r.array().map_err(bad)?;
        let secret = r.array().map_err(bad)?;
        let pin: RelayPin = r.array().map_err(bad)?;
        let pin = (pin != [0; 32]).then_some(pin);
        let len = r.take(1).map_err(bad)?[0] as usize;
        if r.rest().len() != len {
            return Err(TeamError::BadInvite);
        }
        let relay = std::str::from_utf8(r.rest()).map_err(|_| TeamError::BadInvite)?;
        check_relay(relay, pin.as_ref())?;
        Ok(Invite {
            relay: relay.to_owned(),
            pin,
            team,
            admin_fp,
            secret,
        })
    }
}

/// Crockford's base32: no padding; decoding ignores case, `-` and spaces,
/// reads `O` as 0 and `I`/`L` as 1, and refuses nonzero leftover bits.
static CROCKFORD_BASE32: std::sync::LazyLock<data_encoding::Encoding> =
    std::sync::LazyLock::new(|| {
        let mut spec = data_encoding::Specification::new();
        spec.symbols
            .push_str(std::str::from_utf8(CROCKFORD).unwrap_or_default());
        spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzOoIiLl");
        spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
        spec.ignore.push_str("- ");
        spec.check_trailing_bits = true;
        spec.encoding().expect("a valid base32 specification")
    });

pub(super) fn base32(bytes: &[u8]) -> String {
    CROCKFORD_BASE32.encode(bytes)
}

pub(super) fn unbase32(s: &str) -> Option<Vec<u8>> {
    CROCKFORD_BASE32.decode(s.as_bytes()).ok()
}

// ----- invite keys and registration -----------------------------------------

/// What an invite secret derives (see the module docs): the id the relay
/// knows the invite by, and the signing key whose public half it checks.
#[derive(Clone)]
pub struct InviteKeys {
    /// Names the invite on the relay.
    pub id: [u8; 16],
    key: DeviceKey,
}

impl fmt::Debug for InviteKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InviteKeys({}, <redacted>)", hex::encode(self.id))
    }
}

impl InviteKeys {
    /// Derives the invite's id and key from its secret (HKDF-SHA256).
    pub fn derive(secret: &[u8; 16]) -> Self {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(b"fieldscreen/invite/v1"), secret);
        let mut id = [0u8; 16];
        let mut seed = Zeroizing::new([0u8; 32]);
        // Both lengths are far below HKDF's limit of 255 hash lengths.
        let _ = hk.expand(b"FS-INVITE-ID-1", &mut id);
        let _ = hk.expand(b"FS-INVITE-KEY-1", &mut *seed);
        InviteKeys {
            id,
            key: DeviceKey::from_seed(*seed),
        }
    }

    /// The public verifier the relay keeps.
    pub fn verifier(&self) -> DevicePublicKey {
        self.key.public()
    }

    /// The registration the admin sends to the relay.
    pub fn registration(&self, expires_ms: i64) -> InviteRegistration {
        InviteRegistration {
            id: self.id,
            verifier: self.verifier(),
            expires_ms,
        }
    }
}

/// An invite as the relay knows it: id, public verifier, expiry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct InviteRegistration {
    /// [`InviteKeys::id`].
    pub id: [u8; 16],
    /// [`InviteKeys::verifier`].
    pub verifier: DevicePublicKey,
    /// When the invite stops admitting anyone (Unix milliseconds).
    pub expires_ms: i64,
}

impl InviteRegistration {
    /// Wire form ([`INVITE_REGISTRATION_LEN`] bytes).
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(INVITE_REGISTRATION_LEN);
        b.extend_from_slice(b"FSI1");
        b.extend_from_slice(&self.id);
        b.extend_from_slice(&self.verifier.0);
        b.extend_from_slice(&self.expires_ms.to_be_bytes());
        b
    }

    /// Strict decoding (exact length).
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() != INVITE_REGISTRATION_LEN {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader::new(bytes, TeamError::Malformed);
        if r.take(4)? != b"FSI1" {
            return Err(TeamError::Malformed);
        }
        Ok(InviteRegistration {
            id: r.array()?,
            verifier: DevicePublicKey(r.array()?),
            expires_ms: i64::from_be_bytes(r.array()?),
        })
    }
}

// ----- join requests -------------------------------------------------------

/// A device asking to join, proving it holds the invite code.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct JoinRequest {
    /// The team.
    pub team: TeamId,
    /// The joining device.
    pub device: DeviceIdentity,
    /// Which invite it uses ([`InviteKeys::id`]).
    pub invite: [u8; 16],
    proof: [u8; 64],
}

fn join_body(team: TeamId, device: &DeviceIdentity, invite: &[u8; 16]) -> Vec<u8> {
    let mut b = Vec::with_capacity(9 + 16 + 64 + 16);
    b.extend_from_slice(b"FS-JOIN-2");
    b.extend_from_slice(team.as_bytes());
    b.extend_from_slice(&device.sign.0);
    b.extend_from_slice(&device.boxk.0);
    b.extend_from_slice(invite);
    b
}

impl JoinRequest {
    /// The request of `device` for the invite's team.
    pub fn new(invite: &Invite, device: DeviceIdentity) -> Self {
        let keys = InviteKeys::derive(&invite.secret);
        let proof = keys.key.sign(&join_body(invite.team, &device, &keys.id));
        JoinRequest {
            team: invite.team,
            device,
            invite: keys.id,
            proof,
        }
    }

    /// Whether the request was made with `secret` (the admin's check).
    pub fn proves(&self, secret: &[u8; 16]) -> bool {
        let keys = InviteKeys::derive(secret);
        keys.id == self.invite && self.verifies(&keys.verifier())
    }

    /// Whether the proof is signed by the invite key whose public half is
    /// `verifier` (the relay's check, against the registered verifier).
    pub fn verifies(&self, verifier: &DevicePublicKey) -> bool {
        verifier.verify(
            &join_body(self.team, &self.device, &self.invite),
            &self.proof,
        )
    }

    /// The joining device's fingerprint ([`device_fingerprint`]).
    pub fn fingerprint(&self) -> String {
        device_fingerprint(self.team, &self.device)
    }

    /// Wire form.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(JOIN_REQUEST_LEN);
        b.extend_from_slice(b"FSJ2");
        b.extend_from_slice(self.team.as_bytes());
        b.extend_from_slice(&self.device.sign.0);
        b.extend_from_slice(&self.device.boxk.0);
        b.extend_from_slice(&self.invite);
        b.extend_from_slice(&self.proof);
        b
    }

    /// Strict decoding (exact length).
    pub fn decode(bytes: &[u8]) -> Result<Self, TeamError> {
        if bytes.len() != JOIN_REQUEST_LEN {
            return Err(TeamError::Malformed);
        }
        let mut r = Reader::new(bytes, TeamError::Malformed);
        if r.take(4)? != b"FSJ2" {
            return Err(TeamError::Malformed);
        }
        Ok(JoinRequest {
            team: TeamId::from_bytes(r.array()?),
            device: DeviceIdentity {
                sign: DevicePublicKey(r.array()?),
                boxk: BoxPublicKey(r.array()?),
            },
            invite: r.array()?,
            proof: r.array()?,
        })
    }
}
