//! Device-signed requests. The device signs
//! `"FS-REQ-1\n" method "\n" path?query "\n" time_ms "\n" hex(nonce) "\n" hex(sha256(body))`
//! and sends one header, [`H_AUTH`]:
//! `base64url(device key [32] | time_ms i64 BE [8] | nonce [16] | signature [64])`
//! (160 characters, no padding). The server checks the signature, that the
//! time is within its window, and that the (device, nonce) pair is new.

use sha2::{Digest, Sha256};

use crate::AuthError;
use crate::keys::{DeviceKey, DevicePublicKey};

/// The one header carrying a request's authentication.
pub const H_AUTH: &str = "x-fs-auth";
/// Bytes behind [`H_AUTH`] before base64url.
pub const AUTH_LEN: usize = 32 + 8 + 16 + 64;
/// Characters of [`H_AUTH`]'s value.
pub const AUTH_HEADER_LEN: usize = AUTH_LEN / 3 * 4;

/// base64url without padding of a multiple of 3 bytes.
fn b64_encode(bytes: &[u8; AUTH_LEN]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(bytes)
}

/// The header value for raw bytes (for tests and tools that build hostile
/// requests; a device uses [`RequestAuth::header`]).
pub fn header_value(raw: &[u8; AUTH_LEN]) -> String {
    b64_encode(raw)
}

/// Strict inverse of [`b64_encode`]: exactly [`AUTH_HEADER_LEN`] characters
/// of the url-safe alphabet.
fn b64_decode(s: &str) -> Option<[u8; AUTH_LEN]> {
    if s.len() != AUTH_HEADER_LEN {
        return None;
    }
    data_encoding::BASE64URL_NOPAD
        .decode(s.as_bytes())
        .ok()?
        .try_into()
        .ok()
}

/// The authentication part of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestAuth {
    /// The signing device.
    pub device: DevicePublicKey,
    /// When the device made the request (Unix milliseconds).
    pub time_ms: i64,
    /// Random, never reused.
    pub nonce: [u8; 16],
    signature: [u8; 64],
}

fn payload(
    method: &str,
    path_and_query: &str,
    time_ms: i64,
    nonce: &[u8; 16],
    body: &[u8],
) -> Vec<u8> {
    format!(
        "FS-REQ-1\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path_and_query,
        time_ms,
        hex::encode(nonce),
        hex::encode(Sha256::digest(body))
    )
    .into_bytes()
}

impl RequestAuth {
    /// Signs a request. `time_ms` and `nonce` come from the caller.
    pub fn sign(
        device: &DeviceKey,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        time_ms: i64,
        nonce: [u8; 16],
    ) -> Self {
        let signature = device.sign(&payload(method, path_and_query, time_ms, &nonce, body));
        RequestAuth {
            device: device.public(),
            time_ms,
            nonce,
            signature,
        }
    }

    /// The header to send (name, value).
    pub fn header(&self) -> (&'static str, String) {
        (H_AUTH, b64_encode(&self.to_raw()))
    }

    /// The bytes behind the header (device | time | nonce | signature).
    pub fn to_raw(&self) -> [u8; AUTH_LEN] {
        let mut raw = [0u8; AUTH_LEN];
        raw[..32].copy_from_slice(&self.device.0);
        raw[32..40].copy_from_slice(&self.time_ms.to_be_bytes());
        raw[40..56].copy_from_slice(&self.nonce);
        raw[56..].copy_from_slice(&self.signature);
        raw
    }

    /// Reads the header (bounded, strict: exactly [`AUTH_HEADER_LEN`]
    /// base64url characters).
    pub fn from_header(value: Option<&str>) -> Result<Self, AuthError> {
        let v = value.ok_or(AuthError::Missing(H_AUTH))?;
        let raw = b64_decode(v).ok_or(AuthError::Malformed(H_AUTH))?;
        let mut device = [0u8; 32];
        device.copy_from_slice(&raw[..32]);
        let mut time = [0u8; 8];
        time.copy_from_slice(&raw[32..40]);
        let mut nonce = [0u8; 16];
        nonce.copy_from_slice(&raw[40..56]);
        let mut signature = [0u8; 64];
        signature.copy_from_slice(&raw[56..]);
        Ok(RequestAuth {
            device: DevicePublicKey(device),
            time_ms: i64::from_be_bytes(time),
            nonce,
            signature,
        })
    }

    /// Checks the signature over this exact request and that its time is
    /// within `max_skew_ms` of `now_ms`. Replay (nonce reuse) is the
    /// server's check, against its store.
    pub fn verify(
        &self,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        now_ms: i64,
        max_skew_ms: i64,
    ) -> Result<(), AuthError> {
        if now_ms.abs_diff(self.time_ms) > max_skew_ms.unsigned_abs() {
            return Err(AuthError::Stale);
        }
        let msg = payload(method, path_and_query, self.time_ms, &self.nonce, body);
        if self.device.verify(&msg, &self.signature) {
            Ok(())
        } else {
            Err(AuthError::BadSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_request_round_trips_through_headers_and_binds_everything() {
        let dev = DeviceKey::from_seed([3; 32]);
        let auth = RequestAuth::sign(&dev, "post", "/v1/x?since=1", b"body", 1_000, [9; 16]);
        let (name, value) = auth.header();
        assert_eq!(name, H_AUTH);
        assert_eq!(value.len(), AUTH_HEADER_LEN);
        let got = RequestAuth::from_header(Some(&value)).expect("parse");
        assert_eq!(got, auth);
        assert_eq!(
            got.verify("POST", "/v1/x?since=1", b"body", 1_500, 1_000),
            Ok(())
        );
        assert_eq!(
            got.verify("GET", "/v1/x?since=1", b"body", 1_500, 1_000),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            got.verify("POST", "/v1/x?since=2", b"body", 1_500, 1_000),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            got.verify("POST", "/v1/x?since=1", b"bodY", 1_500, 1_000),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            got.verify("POST", "/v1/x?since=1", b"body", 5_000, 1_000),
            Err(AuthError::Stale)
        );
    }

    #[test]
    fn malformed_headers_are_typed_errors() {
        assert_eq!(
            RequestAuth::from_header(None),
            Err(AuthError::Missing(H_AUTH))
        );
        let (_, good) =
            RequestAuth::sign(&DeviceKey::from_seed([1; 32]), "GET", "/", b"", 1, [2; 16]).header();
        let long = "a".repeat(10_000);
        let padded = format!("{}==", &good[..AUTH_HEADER_LEN - 2]);
        let std_alphabet = good.replace('-', "+").replace('_', "/");
        let mut bad = vec![
            long,
            padded,
            good[1..].to_owned(),
            format!("{good}A"),
            String::new(),
        ];
        if std_alphabet != good {
            bad.push(std_alphabet);
        }
        for v in bad {
            assert_eq!(
                RequestAuth::from_header(Some(&v)),
                Err(AuthError::Malformed(H_AUTH)),
                "{v}"
            );
        }
    }

    #[test]
    fn base64url_round_trips_every_byte_value() {
        let mut raw = [0u8; AUTH_LEN];
        for (i, b) in raw.iter_mut().enumerate() {
            *b = (i * 37 + 11) as u8;
        }
        raw[0] = 0xff;
        raw[1] = 0xfe;
        let s = b64_encode(&raw);
        assert!(
            s.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_eq!(b64_decode(&s), Some(raw));
    }
}
