//! Device-signed requests. The device signs
//! `"FS-REQ-1\n" method "\n" path?query "\n" time_ms "\n" hex(nonce) "\n" hex(sha256(body))`
//! and sends four headers. The server checks the signature, that the time is
//! within its window, and that the (device, nonce) pair is new.

use sha2::{Digest, Sha256};

use crate::AuthError;
use crate::keys::{DeviceKey, DevicePublicKey};

/// Header carrying the device's public key (hex).
pub const H_DEVICE: &str = "x-fs-device";
/// Header carrying the request time (Unix milliseconds).
pub const H_TIME: &str = "x-fs-time";
/// Header carrying a random 16-byte nonce (hex).
pub const H_NONCE: &str = "x-fs-nonce";
/// Header carrying the Ed25519 signature (hex).
pub const H_SIGNATURE: &str = "x-fs-signature";

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

    /// The four headers to send.
    pub fn headers(&self) -> [(&'static str, String); 4] {
        [
            (H_DEVICE, self.device.to_hex()),
            (H_TIME, self.time_ms.to_string()),
            (H_NONCE, hex::encode(self.nonce)),
            (H_SIGNATURE, hex::encode(self.signature)),
        ]
    }

    /// Reads the headers (bounded, strict).
    pub fn from_headers<'h>(get: impl Fn(&str) -> Option<&'h str>) -> Result<Self, AuthError> {
        let field = |name: &'static str, max: usize| {
            let v = get(name).ok_or(AuthError::Missing(name))?;
            if v.len() > max {
                return Err(AuthError::Malformed(name));
            }
            Ok(v)
        };
        let device = DevicePublicKey::from_hex(field(H_DEVICE, 64)?)
            .ok_or(AuthError::Malformed(H_DEVICE))?;
        let time_ms: i64 = field(H_TIME, 20)?
            .parse()
            .map_err(|_| AuthError::Malformed(H_TIME))?;
        let mut nonce = [0u8; 16];
        hex::decode_to_slice(field(H_NONCE, 32)?, &mut nonce)
            .map_err(|_| AuthError::Malformed(H_NONCE))?;
        let mut signature = [0u8; 64];
        hex::decode_to_slice(field(H_SIGNATURE, 128)?, &mut signature)
            .map_err(|_| AuthError::Malformed(H_SIGNATURE))?;
        Ok(RequestAuth {
            device,
            time_ms,
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
        let headers = auth.headers();
        let got = RequestAuth::from_headers(|n| {
            headers
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.as_str())
        })
        .expect("parse");
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
            RequestAuth::from_headers(|_| None),
            Err(AuthError::Missing(H_DEVICE))
        );
        assert_eq!(
            RequestAuth::from_headers(|_| Some("zz")),
            Err(AuthError::Malformed(H_DEVICE))
        );
        let long = "a".repeat(10_000);
        assert_eq!(
            RequestAuth::from_headers(|_| Some(long.as_str())),
            Err(AuthError::Malformed(H_DEVICE))
        );
    }
}
