//! [`RelayConfig`]: how the relay runs, with every limit it enforces and
//! its default.

use std::sync::Arc;
use std::time::Duration;

use sync::MAX_ENVELOPE_BYTES;

use crate::{Registration, system_now_ms};

/// How the relay runs, with every limit it enforces. The defaults suit a
/// relay for a few dozen small teams on a small server; `fieldscreen relay
/// serve` has an option for each an operator may want to change.
#[derive(Clone)]
pub struct RelayConfig {
    /// Accepted distance between a request's time and the server's
    /// (default 5 minutes).
    pub max_skew_ms: i64,
    /// The server's clock (Unix milliseconds); injectable for tests. Rate
    /// limits and invite expiry read it too.
    pub now_ms: Arc<dyn Fn() -> i64 + Send + Sync>,
    /// Who may create teams (default: nobody; `--operator-token-file` or
    /// `--open-registration`).
    pub registration: Registration,
    /// With open registration: teams created per minute, all callers
    /// together (default 10; `--team-creations-per-minute`).
    pub team_creations_per_minute: u32,
    /// Largest request body on any route (default: one envelope,
    /// 4 MiB; a route's own format may allow less).
    pub max_body_bytes: usize,
    /// Most bytes of blobs a team may keep (default 2 GiB; `--team-quota-mb`).
    pub team_quota_bytes: u64,
    /// Most blobs a team may keep (default 1,000,000; `--team-quota-blobs`).
    pub team_quota_blobs: u64,
    /// `Retry-After` of a refusal over a team's quota (default 1 hour).
    pub quota_retry_after_secs: u64,
    /// Requests a device may make per second, sustained (default 10;
    /// `--device-rate`).
    pub device_requests_per_second: u32,
    /// Requests a device may make at once after a quiet spell (default
    /// 120, a first sync of a thousand interviews; `--device-burst`).
    pub device_burst: u32,
    /// Pending join requests per team (default 64).
    pub max_pending_joins: usize,
    /// Registered, unused, unexpired invites per team (default 256).
    pub max_open_invites: usize,
    /// Longest an invite may stay valid (default 30 days).
    pub max_invite_ttl_ms: i64,
    /// Longest a request may take, body read and answer made (default
    /// 120 s, as the client's own limit; `--request-timeout-secs`).
    pub request_timeout: Duration,
    /// Longest for a TLS handshake or a request's head, and the longest a
    /// keep-alive connection may wait for its next request (default 10 s).
    pub header_read_timeout: Duration,
    /// Longest no byte moves while the relay waits on the other side:
    /// between two parts of a body, or for a slow reader of an answer
    /// (default 30 s; `--idle-timeout-secs`).
    pub idle_timeout: Duration,
    /// Connections served at once; more wait to be accepted (default 1024;
    /// `--max-connections`).
    pub max_connections: usize,
}

impl Default for RelayConfig {
    fn default() -> Self {
        RelayConfig {
            max_skew_ms: 5 * 60 * 1000,
            now_ms: Arc::new(system_now_ms),
            registration: Registration::Closed,
            team_creations_per_minute: 10,
            max_body_bytes: MAX_ENVELOPE_BYTES,
            team_quota_bytes: 2 * 1024 * 1024 * 1024,
            team_quota_blobs: 1_000_000,
            quota_retry_after_secs: 3600,
            device_requests_per_second: 10,
            device_burst: 120,
            max_pending_joins: 64,
            max_open_invites: 256,
            max_invite_ttl_ms: 30 * 24 * 3600 * 1000,
            request_timeout: Duration::from_secs(120),
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

impl RelayConfig {
    /// The defaults with open registration (tests, benchmarks, a relay on
    /// a private network).
    pub fn open() -> Self {
        RelayConfig {
            registration: Registration::Open,
            team_creations_per_minute: 1000,
            ..RelayConfig::default()
        }
    }
}

impl std::fmt::Debug for RelayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayConfig")
            .field("max_skew_ms", &self.max_skew_ms)
            .field("registration", &self.registration)
            .field("team_quota_bytes", &self.team_quota_bytes)
            .field("team_quota_blobs", &self.team_quota_blobs)
            .field(
                "device_requests_per_second",
                &self.device_requests_per_second,
            )
            .field("device_burst", &self.device_burst)
            .field("max_connections", &self.max_connections)
            .finish_non_exhaustive()
    }
}
