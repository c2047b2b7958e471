//! # relay — FieldScreen's blind sync relay
//!
//! Stores only opaque envelopes ([`sync::envelope`]) per team, each with a
//! server-assigned increasing sequence number. It reads an envelope's
//! plaintext header (team, document id, signer, key epoch) and checks its
//! signature, never its content: it holds no key.
//!
//! ## HTTP API (every request signed by a device, [`sync::auth`]: one `x-fs-auth` header)
//!
//! A device's sync round is one `POST …/sync` in the common case; it makes
//! more only when it has more to push or pull than one request carries.
//!
//! | request | who | answer |
//! |---|---|---|
//! | `POST /v1/teams/{team}` (header `x-fs-operator: TOKEN` unless registration is open) | the operator's device: becomes the admin | 201, 409 if it exists |
//! | `PUT /v1/teams/{team}/devices/{hex key}` | admin | 204 |
//! | `DELETE /v1/teams/{team}/devices/{hex key}` | admin | 204 |
//! | `POST /v1/teams/{team}/blobs` (body: chunk envelope) | member | 200 `{"seq":n}` |
//! | `POST /v1/teams/{team}/snapshots?covers=N` (body: snapshot envelope) | member | 200 `{"seq":n}`, drops that doc's blobs `<= N` that the signer may compact (below) and the seal of each batch that lost its last member |
//! | `GET /v1/teams/{team}/feed?since=N&limit=M` | member | 200 [`sync::FeedPage`] bytes (without the asking device's own envelopes; `next` moves past them) |
//! | `POST /v1/teams/{team}/sync` (body: [`sync::round::RoundRequest`]: log length, newest key epoch, feed cursor and limit, chunk envelopes and snapshots covering nothing) | member | 200 [`sync::round::RoundAnswer`]: how many envelopes were stored (all, or none when the log has a rotation the device has not seen), the relay's log length and clock (its claim, which devices remember), the log entries after its length, its sealed key ring when the log's epoch is newer than its newest key, one feed page after the cursor (as `feed`). Every envelope is checked before any is stored; all are stored in one transaction |
//!
//! Enrollment (invites, join requests, sealed keys, membership log): see
//! the `enroll` module's table; the same rules apply.
//!
//! ## What a request must pass, in order
//!
//! 1. **Headers only** (nothing of the body is read yet): the auth header
//!    parses, its time is within [`RelayConfig::max_skew_ms`], the team
//!    exists and the device named in the header may make this request
//!    (a registered, not removed member; the admin; a device not yet in
//!    the team for a join; the operator token for a new team), and the
//!    declared length is within the route's limit. A stranger's upload is
//!    answered here, before its body is read (a body of at most 64 KiB is
//!    read and dropped first, so that closing the connection does not
//!    reset it before the client has the answer; a longer one never is).
//! 2. The body, read up to the route's limit ([`RelayConfig::max_body_bytes`]
//!    at most), with [`RelayConfig::idle_timeout`] between its frames.
//! 3. The signature over method, path, query, time, nonce and the body's
//!    hash; then the device's rate ([`RelayConfig::device_requests_per_second`],
//!    429 with `Retry-After` when over), counted only for requests whose
//!    signature holds, so nobody can spend another device's allowance.
//! 4. The route's own checks, then the nonce is spent.
//!
//! **Envelopes.** Every route that stores one (`blobs`, `snapshots`,
//! `sync`) checks that it is for this team, signed by the uploading device,
//! and sealed under the team's current key epoch as the membership log
//! says: an older epoch is 409 (the key was replaced), a newer one 400
//! (no such key exists).
//!
//! **Compaction.** A snapshot drops only blobs its signer is entitled to
//! compact: its own blobs of that document, or every blob of that document
//! when the signer is the team's admin; and only up to `covers`, which
//! must not be beyond the team's newest sequence number (400). `covers` is
//! part of the signed request (path and query are signed), so nobody but
//! the signer chooses it.
//!
//! **Quotas.** A team holds at most [`RelayConfig::team_quota_blobs`] blobs
//! and [`RelayConfig::team_quota_bytes`] bytes; an upload past either is
//! refused whole with 429 and `Retry-After`
//! ([`RelayConfig::quota_retry_after_secs`]: compaction may free room).
//!
//! Refusals: 400 malformed (path, query, envelope), 401 bad or stale
//! signature or replayed nonce, 403 not a member / removed / not admin /
//! envelope signed by another device / no operator token, 404 no such team
//! or invite, 408 too slow, 409 stale key epoch, 410 invite expired or
//! used, 413 too large, 429 over a rate or quota (with `Retry-After`).
//! A refused request changes nothing.
//!
//! ## Serving
//!
//! [`serve`] (plain HTTP, for loopback) and [`serve_tls`] (rustls) accept
//! at most [`RelayConfig::max_connections`] connections at once; a
//! connection must finish its TLS handshake and send each request's head
//! within [`RelayConfig::header_read_timeout`] (which also closes a
//! keep-alive connection left idle that long), a request must be answered
//! within [`RelayConfig::request_timeout`], and a connection on which no
//! byte moves for [`RelayConfig::idle_timeout`] while the relay waits on
//! the other side is closed.

mod config;
mod enroll;
mod limits;
pub mod loopback;
pub mod pg;
mod records;
mod server;
mod sqlite;
pub mod store;
pub mod tls;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use sync::auth::RequestAuth;
use sync::batch::{self, Member, Seal};
use sync::envelope::{Envelope, EnvelopeKind};
use sync::feed::{FeedItem, FeedPage, MAX_PAGE_ITEMS};
use sync::round::{RoundAnswer, RoundRequest};
use sync::team::{FIRST_EPOCH, LogEntry, MAX_LOG_ENTRIES, MAX_LOG_PAGE_ENTRIES};
use sync::{DevicePublicKey, DocId, FeedError, MAX_ENVELOPE_BYTES, TeamId};

pub use config::RelayConfig;
pub use limits::Registration;
pub use loopback::LoopbackRelay;
pub use pg::PostgresStore;
pub use server::{serve, serve_tls};
pub use sqlite::SqliteStore;
pub use store::{DeviceStatus, JoinSlot, Quota, Store, StoreError, StoredInvite, seal_doc};

pub use relay_client::{H_OPERATOR, client, reason, system_now_ms};

/// A request refused from its headers whose body is at most this long has
/// its body read (and dropped) before the answer, so the answer reaches
/// the client; a longer body is never read.
const DRAIN_BYTES: usize = 64 * 1024;

/// Items per feed page when the client does not say.
pub const DEFAULT_PAGE_ITEMS: usize = 500;
/// Bytes per feed page (about; at least one item).
pub const PAGE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone)]
struct AppState {
    store: Arc<dyn Store>,
    config: RelayConfig,
    limits: Arc<limits::Limiters>,
}

impl AppState {
    fn now(&self) -> i64 {
        (self.config.now_ms)()
    }

    fn quota(&self) -> Quota {
        Quota {
            blobs: self.config.team_quota_blobs,
            bytes: self.config.team_quota_bytes,
        }
    }
}

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
enum ApiError {
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("gone: {0}")]
    Gone(&'static str),
    #[error("too large")]
    TooLarge,
    #[error("too slow")]
    Timeout,
    #[error("too many requests: {what}")]
    TooMany {
        what: &'static str,
        retry_after: u64,
    },
    #[error("internal error")]
    Internal,
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!("store: {e}");
        ApiError::Internal
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Timeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let retry = match &self {
            ApiError::TooMany { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        let mut r = (status, self.to_string()).into_response();
        if let Some(secs) = retry {
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(secs));
        }
        r
    }
}

/// The relay's routes over `store` (without the connection limits and
/// timeouts of [`serve`], which wraps it).
pub fn router(store: Arc<dyn Store>, config: RelayConfig) -> Router {
    let limits = Arc::new(limits::Limiters::new(&config));
    Router::new()
        .route("/v1/teams/{team}", post(create_team))
        .route(
            "/v1/teams/{team}/devices/{device}",
            put(add_device).delete(remove_device),
        )
        .route("/v1/teams/{team}/blobs", post(records::put_blob))
        .route("/v1/teams/{team}/sync", post(records::sync_round))
        .route("/v1/teams/{team}/snapshots", post(records::put_snapshot))
        .route("/v1/teams/{team}/feed", get(records::feed))
        .merge(enroll::routes())
        .with_state(AppState {
            store,
            config,
            limits,
        })
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::Internal)?
        .map_err(ApiError::from)
}

fn team_id(s: &str) -> Result<TeamId, ApiError> {
    TeamId::try_parse(s).map_err(|_| ApiError::BadRequest("team id"))
}

/// Who may make a request: checked from its headers, before its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Creates a team: the operator token (or open registration).
    Operator,
    /// A device not (yet) in the team: a join request.
    Stranger,
    /// A registered member that was not removed.
    Member,
    /// The team's admin.
    Admin,
}

/// A signed request whose headers, body and signature were checked (its
/// nonce is spent by [`Signed::spend`] once the request is known to be
/// valid, so a refused request changes nothing).
struct Signed {
    auth: RequestAuth,
    body: Bytes,
    /// The team's admin (none for a team being created).
    admin: Option<DevicePublicKey>,
}

impl AppState {
    /// Checks a request in the order of the crate docs: headers (auth
    /// header, time, who may do this, declared length) before any of the
    /// body is read, then the body up to `max_body`, then the signature,
    /// then the device's rate.
    async fn signed(
        &self,
        req: Request,
        team: TeamId,
        access: Access,
        max_body: usize,
    ) -> Result<Signed, ApiError> {
        let (parts, body) = req.into_parts();
        let declared = parts
            .headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let (auth, admin) = match self.headers(&parts, team, access).await {
            Ok(v) => v,
            Err(e) => {
                // Refused from the headers. A small body is read and
                // dropped first, so the client's kernel gets the answer
                // before the connection closes (closing on unread bytes
                // resets it, and the answer can be lost); a large one is
                // never read.
                if declared.is_some_and(|n| n <= DRAIN_BYTES as u64) {
                    let _ = axum::body::to_bytes(body, DRAIN_BYTES).await;
                }
                return Err(e);
            }
        };
        let max_body = max_body.min(self.config.max_body_bytes);
        if declared.is_some_and(|n| n > max_body as u64) {
            return Err(ApiError::TooLarge);
        }
        self.finish(parts, body, auth, admin, access, max_body)
            .await
    }

    /// The header phase of [`AppState::signed`]: nothing of the body.
    async fn headers(
        &self,
        parts: &axum::http::request::Parts,
        team: TeamId,
        access: Access,
    ) -> Result<(RequestAuth, Option<DevicePublicKey>), ApiError> {
        let auth = RequestAuth::from_header(
            parts
                .headers
                .get(sync::auth::H_AUTH)
                .and_then(|v| v.to_str().ok()),
        )
        .map_err(|_| ApiError::Unauthorized("auth header"))?;
        let now = self.now();
        if now.abs_diff(auth.time_ms) > self.config.max_skew_ms.unsigned_abs() {
            return Err(ApiError::Unauthorized("signature"));
        }
        let dev = auth.device;
        let admin = match access {
            Access::Operator => {
                match &self.config.registration {
                    Registration::Closed => {
                        return Err(ApiError::Forbidden("team creation is closed on this relay"));
                    }
                    Registration::Token(t) => {
                        let given = parts
                            .headers
                            .get(H_OPERATOR)
                            .map_or(&[][..], |v| v.as_bytes());
                        if !limits::token_matches(t, given) {
                            return Err(ApiError::Forbidden("operator token"));
                        }
                    }
                    Registration::Open => {
                        self.limits
                            .team_creation()
                            .map_err(|retry_after| ApiError::TooMany {
                                what: "team creations",
                                retry_after,
                            })?;
                    }
                }
                None
            }
            Access::Stranger | Access::Member | Access::Admin => {
                let store = self.store.clone();
                let (admin, status) =
                    blocking(move || Ok((store.admin(team)?, store.device_status(team, &dev)?)))
                        .await?;
                let Some(admin) = admin else {
                    return Err(ApiError::NotFound("team"));
                };
                match (access, status) {
                    (Access::Stranger, DeviceStatus::Unknown) => {}
                    (Access::Stranger, DeviceStatus::Active) => {
                        return Err(ApiError::Conflict(reason::ALREADY_MEMBER));
                    }
                    (_, DeviceStatus::Removed) => {
                        return Err(ApiError::Forbidden("device removed"));
                    }
                    (Access::Admin, _) if dev != admin => {
                        return Err(ApiError::Forbidden("not the admin"));
                    }
                    (_, DeviceStatus::Active) => {}
                    (_, DeviceStatus::Unknown) => return Err(ApiError::Forbidden("not a member")),
                }
                Some(admin)
            }
        };
        Ok((auth, admin))
    }

    /// The body (bounded), the signature over it, then the device's rate.
    async fn finish(
        &self,
        parts: axum::http::request::Parts,
        body: axum::body::Body,
        auth: RequestAuth,
        admin: Option<DevicePublicKey>,
        access: Access,
        max_body: usize,
    ) -> Result<Signed, ApiError> {
        let dev = auth.device;
        let body = axum::body::to_bytes(body, max_body)
            .await
            .map_err(|e| body_error(&e))?;
        let pq = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        auth.verify(
            parts.method.as_str(),
            pq,
            &body,
            self.now(),
            self.config.max_skew_ms,
        )
        .map_err(|_| ApiError::Unauthorized("signature"))?;
        if access != Access::Operator {
            self.limits
                .device(&dev)
                .map_err(|retry_after| ApiError::TooMany {
                    what: "requests from this device",
                    retry_after,
                })?;
        }
        Ok(Signed { auth, body, admin })
    }
}

/// A body that could not be read: too long, or too slow (the idle timeout
/// between its frames).
fn body_error(e: &axum::Error) -> ApiError {
    use std::error::Error as _;
    let mut source = e.source();
    while let Some(s) = source {
        if s.is::<tower_http::timeout::TimeoutError>() {
            return ApiError::Timeout;
        }
        source = s.source();
    }
    ApiError::TooLarge
}

impl Signed {
    fn device(&self) -> DevicePublicKey {
        self.auth.device
    }

    fn is_admin(&self) -> bool {
        self.admin == Some(self.device())
    }

    /// Spends the nonce: a second use is a replay.
    async fn spend(&self, st: &AppState) -> Result<(), ApiError> {
        let store = st.store.clone();
        let dev = self.device();
        let nonce = self.auth.nonce;
        let time = self.auth.time_ms;
        let forget = st
            .now()
            .saturating_sub(st.config.max_skew_ms.saturating_mul(2));
        let fresh = blocking(move || store.use_nonce(&dev, &nonce, time, forget)).await?;
        if fresh {
            Ok(())
        } else {
            Err(ApiError::Unauthorized("replayed request"))
        }
    }
}

fn query_u64(uri: &Uri, key: &str) -> Result<Option<u64>, ApiError> {
    let Some(q) = uri.query() else {
        return Ok(None);
    };
    let mut found = None;
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').ok_or(ApiError::BadRequest("query"))?;
        if k == key {
            if found.is_some() || v.len() > 20 {
                return Err(ApiError::BadRequest("query"));
            }
            found = Some(v.parse().map_err(|_| ApiError::BadRequest("query"))?);
        }
    }
    Ok(found)
}

async fn create_team(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let a = st.signed(req, team, Access::Operator, 0).await?;
    a.spend(&st).await?;
    let store = st.store.clone();
    let dev = a.device();
    if blocking(move || store.create_team(team, &dev)).await? {
        Ok(StatusCode::CREATED)
    } else {
        Err(ApiError::Conflict("team exists"))
    }
}

async fn set_device(
    st: AppState,
    (team, device): (String, String),
    req: Request,
    active: bool,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let device = DevicePublicKey::from_hex(&device).ok_or(ApiError::BadRequest("device"))?;
    let a = st.signed(req, team, Access::Admin, 0).await?;
    if !active && device == a.device() {
        return Err(ApiError::BadRequest("the admin cannot remove itself"));
    }
    a.spend(&st).await?;
    let store = st.store.clone();
    blocking(move || store.set_device(team, &device, active)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn add_device(
    State(st): State<AppState>,
    Path(p): Path<(String, String)>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    set_device(st, p, req, true).await
}

async fn remove_device(
    State(st): State<AppState>,
    Path(p): Path<(String, String)>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    set_device(st, p, req, false).await
}

fn bytes_answer(bytes: Vec<u8>) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/octet-stream")],
        bytes,
    )
        .into_response()
}
