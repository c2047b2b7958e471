//! # relay-client — a device's side of the relay
//!
//! The HTTP client of FieldScreen's blind relay ([`client::RelayClient`]:
//! every request signed by the device key, over rustls with the relay's key
//! pinned, [`tls`]) and the few things the relay server and its clients
//! must agree on: the refusal reasons a client acts on ([`reason`]) and the
//! operator-token header ([`H_OPERATOR`]). The server (`relay`: axum,
//! PostgreSQL, SQLite) depends on this crate, never the other way round,
//! so a device (`link`, `app`, the CLI) builds the client without the
//! server.

pub mod client;
pub mod tls;

/// The relay's reasons for refusals a client acts on: the tail of the
/// refusal's body (`<kind>: <reason>`), one constant shared by the relay
/// and [`client::ClientError::refused_because`], so the two cannot drift.
pub mod reason {
    /// A join request from a device that is already a member (a joining
    /// device re-running after a crash): it may go on waiting for its keys.
    pub const ALREADY_MEMBER: &str = "already a member";
    /// The team's pending join slots are all taken: the device is *not*
    /// admitted and must try again once the admin has handled the queue.
    pub const JOINS_FULL: &str = "too many pending join requests";
    /// The invite's registration expired before it was used.
    pub const INVITE_EXPIRED: &str = "invite expired";
    /// Another device used the invite.
    pub const INVITE_USED: &str = "invite used";
}

/// The header carrying the operator token on `POST /v1/teams/{team}`.
pub const H_OPERATOR: &str = "x-fs-operator";

/// Unix milliseconds from the system clock.
pub fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
