//! # relay — FieldScreen's blind sync relay
//!
//! Stores only opaque envelopes ([`sync::envelope`]) per team, each with a
//! server-assigned increasing sequence number. It reads an envelope's
//! plaintext header (team, document id, signer) and checks its signature,
//! never its content: it holds no key.
//!
//! ## HTTP API (every request signed by a device, [`sync::auth`]: one `x-fs-auth` header)
//!
//! A device's sync round is one `POST …/sync` in the common case; it makes
//! more only when it has more to push or pull than one request carries.
//!
//! | request | who | answer |
//! |---|---|---|
//! | `POST /v1/teams/{team}` | any device: becomes the admin | 201, 409 if it exists |
//! | `PUT /v1/teams/{team}/devices/{hex key}` | admin | 204 |
//! | `DELETE /v1/teams/{team}/devices/{hex key}` | admin | 204 |
//! | `POST /v1/teams/{team}/blobs` (body: chunk envelope) | member | 200 `{"seq":n}` |
//! | `POST /v1/teams/{team}/snapshots?covers=N` (body: snapshot envelope) | member | 200 `{"seq":n}`, drops that doc's blobs `<= N` |
//! | `GET /v1/teams/{team}/feed?since=N&limit=M` | member | 200 [`sync::FeedPage`] bytes (without the asking device's own envelopes; `next` moves past them) |
//! | `POST /v1/teams/{team}/sync` (body: [`sync::round::RoundRequest`]: log length, newest key epoch, feed cursor and limit, chunk envelopes and snapshots covering nothing) | member | 200 [`sync::round::RoundAnswer`]: how many envelopes were stored (all, or none when the log has a rotation the device has not seen), the relay's log length and clock (its claim, which devices remember), the log entries after its length, its sealed key ring when the log's epoch is newer than its newest key, one feed page after the cursor (as `feed`). Every envelope is checked before any is stored; all are stored in one transaction |
//!
//! Enrollment (join requests, sealed keys, membership log): see the
//! `enroll` module's table; the same rules apply.
//!
//! Refusals: 400 malformed (path, query, envelope), 401 bad or stale
//! signature or replayed nonce, 403 not a member / removed / not admin /
//! envelope signed by another device, 404 no such team, 413 too large.
//! A refused request changes nothing.

pub mod client;
mod enroll;
pub mod pg;
pub mod store;
pub mod tls;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use sync::auth::RequestAuth;
use sync::envelope::{Envelope, EnvelopeKind};
use sync::feed::{FeedItem, FeedPage, MAX_PAGE_ITEMS};
use sync::round::{RoundAnswer, RoundRequest};
use sync::team::{FIRST_EPOCH, LogEntry, MAX_LOG_ENTRIES, MAX_LOG_PAGE_ENTRIES};
use sync::{DevicePublicKey, DocId, FeedError, MAX_ENVELOPE_BYTES, TeamId};

pub use enroll::MAX_PENDING_JOINS;
pub use pg::PostgresStore;
pub use store::{DeviceStatus, SqliteStore, Store, StoreError};

/// Items per feed page when the client does not say.
pub const DEFAULT_PAGE_ITEMS: usize = 500;
/// Bytes per feed page (about; at least one item).
pub const PAGE_BYTES: usize = 8 * 1024 * 1024;

/// How the relay runs.
#[derive(Clone)]
pub struct RelayConfig {
    /// Accepted distance between a request's time and the server's.
    pub max_skew_ms: i64,
    /// The server's clock (Unix milliseconds); injectable for tests.
    pub now_ms: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl Default for RelayConfig {
    fn default() -> Self {
        RelayConfig {
            max_skew_ms: 5 * 60 * 1000,
            now_ms: Arc::new(system_now_ms),
        }
    }
}

impl std::fmt::Debug for RelayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayConfig")
            .field("max_skew_ms", &self.max_skew_ms)
            .finish_non_exhaustive()
    }
}

/// Unix milliseconds from the system clock.
pub fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[derive(Clone)]
struct AppState {
    store: Arc<dyn Store>,
    config: RelayConfig,
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
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too large")]
    TooLarge,
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
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, self.to_string()).into_response()
    }
}

/// The relay's routes over `store`.
pub fn router(store: Arc<dyn Store>, config: RelayConfig) -> Router {
    Router::new()
        .route("/v1/teams/{team}", post(create_team))
        .route(
            "/v1/teams/{team}/devices/{device}",
            put(add_device).delete(remove_device),
        )
        .route("/v1/teams/{team}/blobs", post(put_blob))
        .route("/v1/teams/{team}/sync", post(sync_round))
        .route("/v1/teams/{team}/snapshots", post(put_snapshot))
        .route("/v1/teams/{team}/feed", get(feed))
        .merge(enroll::routes())
        .layer(DefaultBodyLimit::max(MAX_ENVELOPE_BYTES))
        .with_state(AppState { store, config })
}

/// Serves until the listener fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    config: RelayConfig,
) -> std::io::Result<()> {
    axum::serve(listener, router(store, config)).await
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

/// A signed request: the extractor that checks the signature and time of
/// every request (its nonce is spent by [`Signed::spend`] once the request
/// is known to be valid, so a refused request changes nothing).
struct Signed {
    auth: RequestAuth,
    uri: Uri,
    body: Bytes,
}

impl FromRequest<AppState> for Signed {
    type Rejection = ApiError;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let body = axum::body::to_bytes(body, MAX_ENVELOPE_BYTES)
            .await
            .map_err(|_| ApiError::TooLarge)?;
        let auth = RequestAuth::from_header(
            parts
                .headers
                .get(sync::auth::H_AUTH)
                .and_then(|v| v.to_str().ok()),
        )
        .map_err(|_| ApiError::Unauthorized("auth header"))?;
        let pq = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        auth.verify(
            parts.method.as_str(),
            pq,
            &body,
            (st.config.now_ms)(),
            st.config.max_skew_ms,
        )
        .map_err(|_| ApiError::Unauthorized("signature"))?;
        Ok(Signed {
            auth,
            uri: parts.uri,
            body,
        })
    }
}

impl Signed {
    fn device(&self) -> DevicePublicKey {
        self.auth.device
    }

    async fn member(&self, st: &AppState, team: TeamId) -> Result<(), ApiError> {
        let store = st.store.clone();
        let dev = self.device();
        let (admin, status) =
            blocking(move || Ok((store.admin(team)?, store.device_status(team, &dev)?))).await?;
        if admin.is_none() {
            return Err(ApiError::NotFound);
        }
        match status {
            DeviceStatus::Active => Ok(()),
            DeviceStatus::Removed => Err(ApiError::Forbidden("device removed")),
            DeviceStatus::Unknown => Err(ApiError::Forbidden("not a member")),
        }
    }

    async fn admin(&self, st: &AppState, team: TeamId) -> Result<(), ApiError> {
        let store = st.store.clone();
        let admin = blocking(move || store.admin(team)).await?;
        match admin {
            None => Err(ApiError::NotFound),
            Some(a) if a == self.device() => Ok(()),
            Some(_) => Err(ApiError::Forbidden("not the admin")),
        }
    }

    /// Spends the nonce: a second use is a replay.
    async fn spend(&self, st: &AppState) -> Result<(), ApiError> {
        let store = st.store.clone();
        let dev = self.device();
        let nonce = self.auth.nonce;
        let time = self.auth.time_ms;
        let forget = (st.config.now_ms)().saturating_sub(st.config.max_skew_ms.saturating_mul(2));
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
    a: Signed,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
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
    a: Signed,
    active: bool,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let device = DevicePublicKey::from_hex(&device).ok_or(ApiError::BadRequest("device"))?;
    a.admin(&st, team).await?;
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
    a: Signed,
) -> Result<StatusCode, ApiError> {
    set_device(st, p, a, true).await
}

async fn remove_device(
    State(st): State<AppState>,
    Path(p): Path<(String, String)>,
    a: Signed,
) -> Result<StatusCode, ApiError> {
    set_device(st, p, a, false).await
}

/// Checks an uploaded envelope: well-formed, for this team, of the
/// expected kind, signed by the uploading device.
fn check_envelope(
    body: &[u8],
    team: TeamId,
    kind: EnvelopeKind,
    device: DevicePublicKey,
) -> Result<Envelope<'_>, ApiError> {
    let env = Envelope::parse(body).map_err(|_| ApiError::BadRequest("envelope"))?;
    if env.team != team {
        return Err(ApiError::BadRequest("envelope for another team"));
    }
    if env.kind != kind {
        return Err(ApiError::BadRequest("envelope kind"));
    }
    if env.signer != device {
        return Err(ApiError::Forbidden("envelope signed by another device"));
    }
    env.verify_signature()
        .map_err(|_| ApiError::BadRequest("envelope signature"))?;
    Ok(env)
}

fn seq_answer(seq: u64) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        format!("{{\"seq\":{seq}}}"),
    )
        .into_response()
}

async fn put_blob(
    State(st): State<AppState>,
    Path(team): Path<String>,
    a: Signed,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    a.member(&st, team).await?;
    let doc = check_envelope(&a.body, team, EnvelopeKind::Chunk, a.device())?.doc;
    a.spend(&st).await?;
    let store = st.store.clone();
    let dev = a.device();
    let seq = blocking(move || store.append(team, doc, &dev, &a.body)).await?;
    Ok(seq_answer(seq))
}

/// One round in one request ([`sync::round`]): stores the envelopes
/// (every one checked before any is stored, all in one transaction), then
/// answers with the log entries after the device's length, its sealed keys
/// when the log's epoch is newer than its newest key, and one feed page.
async fn sync_round(
    State(st): State<AppState>,
    Path(team): Path<String>,
    a: Signed,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let req = RoundRequest::decode(&a.body).map_err(|e| match e {
        FeedError::TooLarge => ApiError::TooLarge,
        FeedError::Malformed => ApiError::BadRequest("sync request"),
    })?;
    let me = a.device();
    // Membership, then the whole log (a team's log is short; the relay
    // checked every entry on the way in, so it only decodes them here).
    let store = st.store.clone();
    let (admin, status, log) = blocking(move || {
        Ok((
            store.admin(team)?,
            store.device_status(team, &me)?,
            store.log_entries(team, 0, MAX_LOG_ENTRIES)?,
        ))
    })
    .await?;
    if admin.is_none() {
        return Err(ApiError::NotFound);
    }
    match status {
        DeviceStatus::Active => {}
        DeviceStatus::Removed => return Err(ApiError::Forbidden("device removed")),
        DeviceStatus::Unknown => return Err(ApiError::Forbidden("not a member")),
    }
    let mut docs = Vec::with_capacity(req.envelopes.len());
    for item in &req.envelopes {
        let env = Envelope::parse(item).map_err(|_| ApiError::BadRequest("envelope"))?;
        docs.push(check_envelope(item, team, env.kind, me)?.doc);
    }
    let rotation = |e: &Vec<u8>| LogEntry::decode(e).ok().and_then(|e| e.op.new_epoch());
    let epoch = log.iter().filter_map(rotation).max().unwrap_or(FIRST_EPOCH);
    let log_total = u32::try_from(log.len()).unwrap_or(u32::MAX);
    let known = usize::try_from(req.log_len).unwrap_or(usize::MAX);
    let newer: Vec<Vec<u8>> = log
        .into_iter()
        .skip(known)
        .take(MAX_LOG_PAGE_ENTRIES)
        .collect();
    // Sealed under a key a rotation the device has not seen replaced:
    // store none, the device reseals after reading the new entries.
    let behind = newer.iter().any(|e| rotation(e).is_some());
    let blobs: Vec<(DocId, Bytes)> = if behind {
        Vec::new()
    } else {
        docs.into_iter()
            .zip(&req.envelopes)
            .map(|(d, e)| (d, a.body.slice_ref(e)))
            .collect()
    };
    let (since, limit, want_keys) = (req.cursor, req.limit as usize, epoch > req.key_epoch);
    a.spend(&st).await?;
    let store = st.store.clone();
    let stored = blobs.len() as u32;
    let (keys, (items, more)) = blocking(move || {
        if !blobs.is_empty() {
            let refs: Vec<(DocId, &[u8])> = blobs.iter().map(|(d, b)| (*d, &b[..])).collect();
            store.append_many(team, &me, &refs)?;
        }
        let keys = if want_keys {
            store.sealed_keys(team, &me)?
        } else {
            None
        };
        Ok((keys, store.feed(team, since, limit, PAGE_BYTES)?))
    })
    .await?;
    let answer = RoundAnswer {
        stored,
        log_total,
        relay_time_ms: u64::try_from((st.config.now_ms)()).unwrap_or(0),
        log: newer,
        keys,
        page: own_left_out(items, more, since, me),
    };
    // No content type: the client knows the format, and a round's answer
    // is the one a device makes most (every header counts on a slow link).
    Ok(Response::new(axum::body::Body::from(answer.encode())))
}

/// A feed page without `me`'s own envelopes (a device never needs them
/// back: they came from its vault); the cursor still moves past them.
fn own_left_out(items: Vec<FeedItem>, more: bool, since: u64, me: DevicePublicKey) -> FeedPage {
    let next = items.last().map_or(since, |i| i.seq);
    let items = items
        .into_iter()
        .filter(|i| Envelope::parse(&i.bytes).map_or(true, |e| e.signer != me))
        .collect();
    FeedPage { items, next, more }
}

async fn put_snapshot(
    State(st): State<AppState>,
    Path(team): Path<String>,
    a: Signed,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let covers = query_u64(&a.uri, "covers")?.ok_or(ApiError::BadRequest("covers"))?;
    a.member(&st, team).await?;
    let doc = check_envelope(&a.body, team, EnvelopeKind::Snapshot, a.device())?.doc;
    a.spend(&st).await?;
    let store = st.store.clone();
    let dev = a.device();
    let seq = blocking(move || store.snapshot(team, doc, &dev, covers, &a.body)).await?;
    Ok(seq_answer(seq))
}

async fn feed(
    State(st): State<AppState>,
    Path(team): Path<String>,
    a: Signed,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let since = query_u64(&a.uri, "since")?.unwrap_or(0);
    let limit = query_u64(&a.uri, "limit")?
        .map(|l| usize::try_from(l).unwrap_or(usize::MAX))
        .unwrap_or(DEFAULT_PAGE_ITEMS);
    if limit == 0 || limit > MAX_PAGE_ITEMS {
        return Err(ApiError::BadRequest("limit"));
    }
    a.member(&st, team).await?;
    a.spend(&st).await?;
    let store = st.store.clone();
    let (items, more) = blocking(move || store.feed(team, since, limit, PAGE_BYTES)).await?;
    Ok(bytes_answer(
        own_left_out(items, more, since, a.device()).encode(),
    ))
}

fn bytes_answer(bytes: Vec<u8>) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/octet-stream")],
        bytes,
    )
        .into_response()
}
