//! A client for the relay (async, reqwest over rustls): signs every
//! request with the device key, and talks only to the relay it trusts
//! ([`crate::tls::Trust`]: the pinned key, or a CA-valid certificate whose
//! key is then pinned). A plain `http://` address is used only on
//! loopback; any other is refused before a connection is made.

use std::time::Duration;

use reqwest::StatusCode;
use sync::team::{RelayPin, RelayTransport, relay_transport};

use crate::tls::{SeenSlot, Trust};
use sync::auth::RequestAuth;
use sync::feed::FeedPage;
use sync::round::{RoundAnswer, RoundRequest};
use sync::team::{InviteRegistration, JOIN_REQUEST_LEN, JoinRequest, LogEntry, decode_log_page};
use sync::{DeviceKey, DevicePublicKey, FeedError, SyncError, TeamId};

/// Why a relay call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The connection failed.
    #[error("network: {0}")]
    Network(#[from] reqwest::Error),
    /// The relay refused (status and its short reason).
    #[error("relay answered {0}: {1}")]
    Refused(u16, String),
    /// The relay answered 429: over a rate or a quota; try again after
    /// `retry_after` seconds (its `Retry-After`).
    #[error("relay busy ({reason}), retry after {retry_after} s")]
    Busy {
        /// Seconds to wait.
        retry_after: u64,
        /// The relay's short reason.
        reason: String,
    },
    /// The relay's answer could not be read.
    #[error("bad answer from the relay")]
    BadAnswer,
    /// A feed page could not be read.
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// See [`SyncError`].
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// A plain `http://` address of another machine: refused before any
    /// connection (anyone on the network could read and change it).
    #[error("plain http to another machine refused")]
    Insecure,
    /// Not a relay address (`https://HOST[:PORT]`, or `http://` on loopback).
    #[error("not a relay address")]
    BadUrl,
    /// The relay showed a key other than the pinned one: refused during
    /// the TLS handshake, before any request was sent.
    #[error("the relay's key is not the pinned one")]
    WrongKey {
        /// The pin of the key it showed.
        seen: RelayPin,
    },
    /// The relay's certificate does not chain to a trusted authority (a
    /// self-signed relay needs its pin).
    #[error("the relay's certificate is not trusted")]
    Untrusted {
        /// The pin of the key it showed.
        seen: RelayPin,
    },
    /// The TLS client could not be set up.
    #[error("TLS setup: {0}")]
    Setup(String),
}

impl ClientError {
    /// The HTTP status of a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Refused(s, _) => Some(*s),
            ClientError::Busy { .. } => Some(429),
            _ => None,
        }
    }

    /// Whether the relay refused with `status` for `reason` (one of
    /// [`crate::reason`]).
    pub fn refused_because(&self, status: u16, reason: &str) -> bool {
        matches!(self, ClientError::Refused(s, body)
            if *s == status && body.rsplit(": ").next() == Some(reason))
    }

    /// The relay's short reason for a refusal.
    pub fn reason(&self) -> Option<&str> {
        match self {
            ClientError::Refused(_, r) | ClientError::Busy { reason: r, .. } => Some(r),
            _ => None,
        }
    }
}

/// Default limit on opening a connection to the relay.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit on one whole request (a full upload batch or feed page
/// over a slow link fits well within it).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// How long an idle connection to the relay is kept for the next request.
pub const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// One device talking to one team on one relay.
#[derive(Debug, Clone)]
pub struct RelayClient {
    /// `Err`: why no request can be made (checked before any connection).
    http: Result<reqwest::Client, ClientKind>,
    base: String,
    team: TeamId,
    device: DeviceKey,
    pinned: bool,
    seen: SeenSlot,
}

/// Why a client cannot send (kept to answer every request with it).
#[derive(Debug, Clone)]
enum ClientKind {
    Insecure,
    BadUrl,
    Setup(String),
}

impl RelayClient {
    /// `base` like `https://relay.example:8443` or, on this machine only,
    /// `http://127.0.0.1:8080` (no trailing slash), with the default
    /// timeouts ([`CONNECT_TIMEOUT`], [`REQUEST_TIMEOUT`]). An `https://`
    /// relay must show a certificate from a public authority
    /// ([`Trust::public_authorities`]); see [`RelayClient::pinned`].
    pub fn new(base: &str, team: TeamId, device: DeviceKey) -> Self {
        Self::with_timeouts(base, team, device, CONNECT_TIMEOUT, REQUEST_TIMEOUT)
    }

    /// A client that accepts exactly a relay key of `pins` (none: only
    /// loopback `http://` works).
    pub fn pinned(base: &str, team: TeamId, device: DeviceKey, pins: &[RelayPin]) -> Self {
        Self::with_trust(
            base,
            team,
            device,
            Trust::Pinned(pins.to_vec()),
            CONNECT_TIMEOUT,
            REQUEST_TIMEOUT,
        )
    }

    /// [`RelayClient::new`] with its own timeouts: `connect` for the TCP
    /// connection, `request` for a whole request (sending, waiting and
    /// reading the answer), so a dead or stalled relay fails the call with
    /// [`ClientError::Network`] instead of hanging it.
    pub fn with_timeouts(
        base: &str,
        team: TeamId,
        device: DeviceKey,
        connect: Duration,
        request: Duration,
    ) -> Self {
        Self::with_trust(
            base,
            team,
            device,
            Trust::public_authorities(),
            connect,
            request,
        )
    }

    /// The general form: `trust` decides which relay keys are accepted on
    /// `https://`. The address is checked here; a refused one makes every
    /// request fail at once, before any connection.
    pub fn with_trust(
        base: &str,
        team: TeamId,
        device: DeviceKey,
        trust: Trust,
        connect: Duration,
        request: Duration,
    ) -> Self {
        let base = base.trim_end_matches('/').to_owned();
        let seen = SeenSlot::default();
        let pinned = matches!(trust, Trust::Pinned(_));
        let http = match relay_transport(&base) {
            Err(sync::TeamError::InsecureRelay) => Err(ClientKind::Insecure),
            Err(_) => Err(ClientKind::BadUrl),
            Ok(transport) => {
                let builder = reqwest::Client::builder()
                    .connect_timeout(connect)
                    .timeout(request)
                    // Below the relay's keep-alive limit (its header
                    // timeout, 10 s by default): a connection the relay is
                    // about to close is not reused for a request.
                    .pool_idle_timeout(POOL_IDLE_TIMEOUT)
                    .https_only(transport == RelayTransport::Https);
                crate::tls::client_config(&trust, seen.clone())
                    .map_err(|e| ClientKind::Setup(e.to_string()))
                    .and_then(|tls| {
                        builder
                            .use_preconfigured_tls(tls)
                            .build()
                            .map_err(|e| ClientKind::Setup(e.to_string()))
                    })
            }
        };
        RelayClient {
            http,
            base,
            team,
            device,
            pinned,
            seen,
        }
    }

    /// The pin of the relay key the last handshake accepted (none over
    /// loopback `http://` or before any request).
    pub fn seen_pin(&self) -> Option<RelayPin> {
        self.seen
            .lock()
            .ok()
            .and_then(|s| *s)
            .filter(|s| s.accepted)
            .map(|s| s.pin)
    }

    /// A failed connection: the TLS verifier's refusal when there was one.
    fn failed(&self, e: reqwest::Error) -> ClientError {
        let refused = self
            .seen
            .lock()
            .ok()
            .and_then(|s| *s)
            .filter(|s| !s.accepted);
        match refused {
            Some(s) if self.pinned => ClientError::WrongKey { seen: s.pin },
            Some(s) => ClientError::Untrusted { seen: s.pin },
            None => ClientError::Network(e),
        }
    }

    /// The team.
    pub fn team(&self) -> TeamId {
        self.team
    }

    /// This device's public key.
    pub fn device(&self) -> DevicePublicKey {
        self.device.public()
    }

    /// Sends one signed request; returns the body of a 2xx answer.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Vec<u8>,
    ) -> Result<Vec<u8>, ClientError> {
        self.send_with(method, path_and_query, body, &[]).await
    }

    /// [`RelayClient::send`] with more headers.
    pub async fn send_with(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Vec<u8>,
        extra: &[(&'static str, &str)],
    ) -> Result<Vec<u8>, ClientError> {
        let http = match &self.http {
            Ok(h) => h,
            Err(ClientKind::Insecure) => return Err(ClientError::Insecure),
            Err(ClientKind::BadUrl) => return Err(ClientError::BadUrl),
            Err(ClientKind::Setup(e)) => return Err(ClientError::Setup(e.clone())),
        };
        let nonce = sync::random_bytes()?;
        let auth = RequestAuth::sign(
            &self.device,
            method.as_str(),
            path_and_query,
            &body,
            crate::system_now_ms(),
            nonce,
        );
        let req = http
            .request(method, format!("{}{}", self.base, path_and_query))
            .body(body);
        let (k, v) = auth.header();
        let mut req = req.header(k, v);
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.map_err(|e| self.failed(e))?;
        let status = resp.status();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let bytes = resp.bytes().await?.to_vec();
        if status.is_success() {
            Ok(bytes)
        } else if status == StatusCode::TOO_MANY_REQUESTS {
            Err(ClientError::Busy {
                retry_after: retry_after.unwrap_or(60),
                reason: String::from_utf8_lossy(&bytes).chars().take(200).collect(),
            })
        } else {
            Err(ClientError::Refused(
                status.as_u16(),
                String::from_utf8_lossy(&bytes).chars().take(200).collect(),
            ))
        }
    }

    fn path(&self, rest: &str) -> String {
        format!("/v1/teams/{}{}", self.team, rest)
    }

    /// Creates the team with this device as its admin (on a relay with
    /// open registration).
    pub async fn create_team(&self) -> Result<(), ClientError> {
        self.create_team_with(None).await
    }

    /// Creates the team, sending the relay operator's token when given.
    pub async fn create_team_with(&self, operator_token: Option<&str>) -> Result<(), ClientError> {
        let extra: Vec<(&'static str, &str)> = operator_token
            .map(|t| (crate::H_OPERATOR, t.trim()))
            .into_iter()
            .collect();
        self.send_with(reqwest::Method::POST, &self.path(""), Vec::new(), &extra)
            .await?;
        Ok(())
    }

    /// (Admin) registers a device.
    pub async fn add_device(&self, device: &DevicePublicKey) -> Result<(), ClientError> {
        let p = self.path(&format!("/devices/{}", device.to_hex()));
        self.send(reqwest::Method::PUT, &p, Vec::new()).await?;
        Ok(())
    }

    /// (Admin) removes a device.
    pub async fn remove_device(&self, device: &DevicePublicKey) -> Result<(), ClientError> {
        let p = self.path(&format!("/devices/{}", device.to_hex()));
        self.send(reqwest::Method::DELETE, &p, Vec::new()).await?;
        Ok(())
    }

    fn seq(bytes: &[u8]) -> Result<u64, ClientError> {
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| ClientError::BadAnswer)?;
        v["seq"].as_u64().ok_or(ClientError::BadAnswer)
    }

    /// Uploads a chunk envelope; returns its sequence number.
    pub async fn put_blob(&self, envelope: Vec<u8>) -> Result<u64, ClientError> {
        let b = self
            .send(reqwest::Method::POST, &self.path("/blobs"), envelope)
            .await?;
        Self::seq(&b)
    }

    /// One sync step in one request ([`sync::round`]): stores the
    /// request's envelopes, answers with new log entries, sealed keys when
    /// due and one feed page.
    pub async fn round(&self, request: &RoundRequest<'_>) -> Result<RoundAnswer, ClientError> {
        let b = self
            .send(reqwest::Method::POST, &self.path("/sync"), request.encode())
            .await?;
        Ok(RoundAnswer::decode(&b)?)
    }

    /// One round whose envelopes are batch members ([`sync::batch`]),
    /// with the batch's signature.
    pub async fn round_signed(
        &self,
        request: &RoundRequest<'_>,
        signature: &[u8; 64],
    ) -> Result<RoundAnswer, ClientError> {
        let b = self
            .send(
                reqwest::Method::POST,
                &self.path("/sync"),
                request.encode_signed(signature),
            )
            .await?;
        Ok(RoundAnswer::decode(&b)?)
    }

    /// Uploads a snapshot envelope covering every blob of its document up
    /// to `covers`.
    pub async fn put_snapshot(&self, covers: u64, envelope: Vec<u8>) -> Result<u64, ClientError> {
        let p = self.path(&format!("/snapshots?covers={covers}"));
        let b = self.send(reqwest::Method::POST, &p, envelope).await?;
        Self::seq(&b)
    }

    /// One page of the feed after `since`.
    pub async fn feed(&self, since: u64, limit: usize) -> Result<FeedPage, ClientError> {
        let p = self.path(&format!("/feed?since={since}&limit={limit}"));
        let b = self.send(reqwest::Method::GET, &p, Vec::new()).await?;
        Ok(FeedPage::decode(&b)?)
    }
}

impl RelayClient {
    // ----- enrollment -------------------------------------------------------

    /// (Admin) registers an invite: its id, public verifier and expiry.
    pub async fn register_invite(&self, invite: &InviteRegistration) -> Result<(), ClientError> {
        self.send(
            reqwest::Method::POST,
            &self.path("/invites"),
            invite.encode(),
        )
        .await?;
        Ok(())
    }

    /// (Joining device) posts its join request.
    pub async fn post_join(&self, request: &JoinRequest) -> Result<(), ClientError> {
        self.send(
            reqwest::Method::POST,
            &self.path("/joins"),
            request.encode(),
        )
        .await?;
        Ok(())
    }

    /// (Admin) the pending join requests. Requests that do not decode are
    /// skipped (the relay checked them on the way in).
    pub async fn joins(&self) -> Result<Vec<JoinRequest>, ClientError> {
        let b = self
            .send(reqwest::Method::GET, &self.path("/joins"), Vec::new())
            .await?;
        if b.len() % JOIN_REQUEST_LEN != 0 {
            return Err(ClientError::BadAnswer);
        }
        Ok(b.chunks(JOIN_REQUEST_LEN)
            .filter_map(|c| JoinRequest::decode(c).ok())
            .collect())
    }

    /// (Admin) drops a pending join request.
    pub async fn delete_join(&self, device: &DevicePublicKey) -> Result<(), ClientError> {
        let p = self.path(&format!("/joins/{}", device.to_hex()));
        self.send(reqwest::Method::DELETE, &p, Vec::new()).await?;
        Ok(())
    }

    /// (Admin) stores the key ring sealed to `device`.
    pub async fn put_keys(
        &self,
        device: &DevicePublicKey,
        sealed: Vec<u8>,
    ) -> Result<(), ClientError> {
        let p = self.path(&format!("/keys/{}", device.to_hex()));
        self.send(reqwest::Method::PUT, &p, sealed).await?;
        Ok(())
    }

    /// The key ring sealed to this device.
    pub async fn keys(&self) -> Result<Vec<u8>, ClientError> {
        self.send(reqwest::Method::GET, &self.path("/keys"), Vec::new())
            .await
    }

    /// (Admin) appends one membership log entry.
    pub async fn post_log(&self, entry: &LogEntry) -> Result<(), ClientError> {
        self.send(reqwest::Method::POST, &self.path("/log"), entry.encode())
            .await?;
        Ok(())
    }

    /// Membership log entries from index `since` (one page).
    pub async fn log(&self, since: u64) -> Result<Vec<Vec<u8>>, ClientError> {
        let p = self.path(&format!("/log?since={since}"));
        let b = self.send(reqwest::Method::GET, &p, Vec::new()).await?;
        decode_log_page(&b).map_err(|_| ClientError::BadAnswer)
    }
}

/// `true` for 4xx answers.
pub fn is_client_error(e: &ClientError) -> bool {
    e.status()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .is_some_and(|s| s.is_client_error())
}
