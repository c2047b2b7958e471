//! Enrollment endpoints: pending join requests, the key ring sealed to each
//! device, and the admin-signed membership log (see [`sync::team`]).
//!
//! | request | who | answer |
//! |---|---|---|
//! | `POST /v1/teams/{team}/invites` (body: [`InviteRegistration`]) | admin | 204; 409 too many open invites |
//! | `POST /v1/teams/{team}/joins` (body: [`JoinRequest`]) | the joining device (not yet a member) | 202; 404 no such invite, 403 proof does not verify, 409 already a member or (another reason) the team's pending slots are full, 410 invite expired or used by another device |
//! | `GET /v1/teams/{team}/joins` | admin | 200, the pending requests back to back |
//! | `DELETE /v1/teams/{team}/joins/{hex key}` | admin | 204 |
//! | `PUT /v1/teams/{team}/keys/{hex key}` (body: sealed key ring) | admin, to a member | 204 |
//! | `GET /v1/teams/{team}/keys` | member | 200 its sealed key ring, 404 none yet |
//! | `POST /v1/teams/{team}/log` (body: one [`LogEntry`]) | admin | 204; 409 if not the next entry |
//! | `GET /v1/teams/{team}/log?since=N` | member | 200 a log page ([`sync::team::encode_log_page`]) |
//!
//! A join request takes a pending slot only once its proof verifies under
//! the verifier the admin registered for its invite, and takes the
//! invite's one slot (the same device asking again keeps it): strangers
//! without the invite code cannot fill a team's pending joins.
//!
//! The relay replays the whole log before appending, so it only ever holds
//! a chain that every device will accept; an `add` entry activates the
//! device, a `remove` entry refuses it from then on and drops its sealed
//! keys, both in the same transaction as the entry.

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post, put};
use sync::DevicePublicKey;
use sync::team::{
    INVITE_REGISTRATION_LEN, InviteRegistration, JOIN_REQUEST_LEN, JoinRequest, LogEntry,
    MAX_LOG_ENTRIES, MAX_LOG_ENTRY_BYTES, MAX_LOG_PAGE_ENTRIES, MAX_SEALED_RING_BYTES,
    MIN_SEALED_RING_BYTES, Membership, encode_log_page,
};

use crate::{
    Access, ApiError, AppState, DeviceStatus, JoinSlot, blocking, bytes_answer, query_u64, team_id,
};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/teams/{team}/invites", post(post_invite))
        .route("/v1/teams/{team}/joins", post(post_join).get(get_joins))
        .route("/v1/teams/{team}/joins/{device}", delete(delete_join))
        .route("/v1/teams/{team}/keys/{device}", put(put_keys))
        .route("/v1/teams/{team}/keys", get(get_keys))
        .route("/v1/teams/{team}/log", post(post_log).get(get_log))
}

fn device_param(s: &str) -> Result<DevicePublicKey, ApiError> {
    DevicePublicKey::from_hex(s).ok_or(ApiError::BadRequest("device"))
}

async fn post_invite(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let a = st
        .signed(req, team, Access::Admin, INVITE_REGISTRATION_LEN)
        .await?;
    let reg = InviteRegistration::decode(&a.body)
        .map_err(|_| ApiError::BadRequest("invite registration"))?;
    let now = st.now();
    if reg.expires_ms <= now || reg.expires_ms > now.saturating_add(st.config.max_invite_ttl_ms) {
        return Err(ApiError::BadRequest("invite expiry"));
    }
    a.spend(&st).await?;
    let store = st.store.clone();
    let max = st.config.max_open_invites;
    if blocking(move || store.add_invite(team, &reg, now, max)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Conflict("too many open invites"))
    }
}

async fn post_join(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let a = st
        .signed(req, team, Access::Stranger, JOIN_REQUEST_LEN)
        .await?;
    let req = JoinRequest::decode(&a.body).map_err(|_| ApiError::BadRequest("join request"))?;
    if req.team != team {
        return Err(ApiError::BadRequest("join request for another team"));
    }
    if req.device.sign != a.device() {
        return Err(ApiError::Forbidden("join request of another device"));
    }
    // The proof, against the verifier the admin registered, before the
    // request may take anything.
    let store = st.store.clone();
    let id = req.invite;
    let Some(invite) = blocking(move || store.invite(team, &id)).await? else {
        return Err(ApiError::NotFound("invite"));
    };
    if !req.verifies(&invite.verifier) {
        return Err(ApiError::Forbidden("invite proof"));
    }
    a.spend(&st).await?;
    let store = st.store.clone();
    let dev = a.device();
    let body = a.body.clone();
    let (now, max) = (st.now(), st.config.max_pending_joins);
    match blocking(move || store.take_join_slot(team, &id, &dev, &body, now, max)).await? {
        JoinSlot::Taken => Ok(StatusCode::ACCEPTED),
        JoinSlot::NoInvite => Err(ApiError::NotFound("invite")),
        JoinSlot::Expired => Err(ApiError::Gone(crate::reason::INVITE_EXPIRED)),
        JoinSlot::Used => Err(ApiError::Gone(crate::reason::INVITE_USED)),
        JoinSlot::Full => Err(ApiError::Conflict(crate::reason::JOINS_FULL)),
    }
}

async fn get_joins(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let a = st.signed(req, team, Access::Admin, 0).await?;
    a.spend(&st).await?;
    let store = st.store.clone();
    let joins = blocking(move || store.joins(team)).await?;
    let mut out = Vec::with_capacity(joins.len() * JOIN_REQUEST_LEN);
    for j in joins {
        out.extend_from_slice(&j);
    }
    Ok(bytes_answer(out))
}

async fn delete_join(
    State(st): State<AppState>,
    Path((team, device)): Path<(String, String)>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let device = device_param(&device)?;
    let a = st.signed(req, team, Access::Admin, 0).await?;
    a.spend(&st).await?;
    let store = st.store.clone();
    blocking(move || store.delete_join(team, &device)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn put_keys(
    State(st): State<AppState>,
    Path((team, device)): Path<(String, String)>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let device = device_param(&device)?;
    let a = st
        .signed(req, team, Access::Admin, MAX_SEALED_RING_BYTES)
        .await?;
    if !(MIN_SEALED_RING_BYTES..=MAX_SEALED_RING_BYTES).contains(&a.body.len()) {
        return Err(ApiError::BadRequest("sealed keys"));
    }
    let store = st.store.clone();
    if blocking(move || store.device_status(team, &device)).await? != DeviceStatus::Active {
        return Err(ApiError::Conflict("not a member"));
    }
    a.spend(&st).await?;
    let store = st.store.clone();
    let body = a.body.clone();
    blocking(move || store.put_sealed_keys(team, &device, &body)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_keys(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let a = st.signed(req, team, Access::Member, 0).await?;
    a.spend(&st).await?;
    let store = st.store.clone();
    let dev = a.device();
    match blocking(move || store.sealed_keys(team, &dev)).await? {
        Some(b) => Ok(bytes_answer(b)),
        None => Err(ApiError::NotFound("keys")),
    }
}

async fn post_log(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let team = team_id(&team)?;
    let a = st
        .signed(req, team, Access::Admin, MAX_LOG_ENTRY_BYTES)
        .await?;
    let entry = LogEntry::decode(&a.body).map_err(|_| ApiError::BadRequest("log entry"))?;
    let store = st.store.clone();
    let log = blocking(move || store.log_entries(team, 0, MAX_LOG_ENTRIES)).await?;
    let mut m = Membership::from_log(team, a.device(), &log).map_err(|e| {
        tracing::error!("stored membership log of {team} does not replay: {e}");
        ApiError::Internal
    })?;
    if entry.index != m.len() {
        return Err(ApiError::Conflict("not the next log entry"));
    }
    m.apply(&entry)
        .map_err(|_| ApiError::BadRequest("log entry refused"))?;
    a.spend(&st).await?;
    let effect = entry.op.device_effect();
    let store = st.store.clone();
    let index = u64::from(entry.index);
    let body = a.body.clone();
    let appended = blocking(move || {
        store.append_log(team, index, &body, effect.as_ref().map(|(d, on)| (d, *on)))
    })
    .await?;
    if appended {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Conflict("not the next log entry"))
    }
}

async fn get_log(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let since = query_u64(req.uri(), "since")?.unwrap_or(0);
    let a = st.signed(req, team, Access::Member, 0).await?;
    a.spend(&st).await?;
    let store = st.store.clone();
    let entries = blocking(move || store.log_entries(team, since, MAX_LOG_PAGE_ENTRIES)).await?;
    Ok(bytes_answer(encode_log_page(&entries)))
}
