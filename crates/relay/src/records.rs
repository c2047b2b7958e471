//! The record routes: one envelope (`blobs`), a sync round (`sync`), a
//! snapshot that replaces what it covers (`snapshots`) and the feed, each
//! checked against the team's membership log before it touches the store.

use super::*;

/// Checks an uploaded envelope: well-formed, for this team, of the
/// expected kind, signed by the uploading device, sealed under the team's
/// current key epoch `epoch`.
pub(super) fn check_envelope(
    body: &[u8],
    team: TeamId,
    kind: Option<EnvelopeKind>,
    device: DevicePublicKey,
    epoch: u32,
) -> Result<Envelope<'_>, ApiError> {
    let env = Envelope::parse(body).map_err(|_| ApiError::BadRequest("envelope"))?;
    if env.team != team {
        return Err(ApiError::BadRequest("envelope for another team"));
    }
    if kind.is_some_and(|k| env.kind != k) {
        return Err(ApiError::BadRequest("envelope kind"));
    }
    if env.signer != device {
        return Err(ApiError::Forbidden("envelope signed by another device"));
    }
    if env.doc == seal_doc(team) {
        // Never a record's; a snapshot for it would compact batch seals.
        return Err(ApiError::BadRequest("envelope document"));
    }
    epoch_matches(env.epoch, epoch)?;
    env.verify_signature()
        .map_err(|_| ApiError::BadRequest("envelope signature"))?;
    Ok(env)
}

/// The team's current key epoch, from its membership log (which the relay
/// checked entry by entry on the way in, so it only decodes them here).
pub(super) fn log_epoch(log: &[Vec<u8>]) -> u32 {
    log.iter()
        .filter_map(|e| rotation(e))
        .max()
        .unwrap_or(FIRST_EPOCH)
}

/// The epoch an entry starts (the genesis starts the first), if any.
pub(super) fn rotation(entry: &[u8]) -> Option<u32> {
    LogEntry::decode(entry).ok().and_then(|e| e.op.new_epoch())
}

pub(super) async fn current_epoch(st: &AppState, team: TeamId) -> Result<u32, ApiError> {
    let store = st.store.clone();
    let log = blocking(move || store.log_entries(team, 0, MAX_LOG_ENTRIES)).await?;
    Ok(log_epoch(&log))
}

pub(super) fn seq_answer(seq: u64) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        format!("{{\"seq\":{seq}}}"),
    )
        .into_response()
}

/// A store write that may be refused for the team's quota (429 with the
/// configured `Retry-After`: compaction may free room by then).
pub(super) async fn store_op<T: Send + 'static>(
    st: &AppState,
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(StoreError::OverQuota)) => Err(ApiError::TooMany {
            what: "the team's storage quota",
            retry_after: st.config.quota_retry_after_secs,
        }),
        Ok(Err(e)) => Err(e.into()),
        Err(_) => Err(ApiError::Internal),
    }
}

pub(super) async fn put_blob(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let a = st
        .signed(req, team, Access::Member, MAX_ENVELOPE_BYTES)
        .await?;
    let epoch = current_epoch(&st, team).await?;
    let doc = check_envelope(&a.body, team, Some(EnvelopeKind::Chunk), a.device(), epoch)?.doc;
    a.spend(&st).await?;
    let store = st.store.clone();
    let dev = a.device();
    let quota = st.quota();
    let seq = store_op(&st, move || store.append(team, doc, &dev, &a.body, &quota)).await?;
    Ok(seq_answer(seq))
}

/// One round in one request ([`sync::round`]): stores the envelopes
/// (every one checked before any is stored, all in one transaction), then
/// answers with the log entries after the device's length, its sealed keys
/// when the log's epoch is newer than its newest key, and one feed page.
pub(super) async fn sync_round(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let a = st
        .signed(req, team, Access::Member, MAX_ENVELOPE_BYTES)
        .await?;
    let (req, signature) = RoundRequest::decode_any(&a.body).map_err(|e| match e {
        FeedError::TooLarge => ApiError::TooLarge,
        FeedError::Malformed => ApiError::BadRequest("sync request"),
    })?;
    let me = a.device();
    // The whole log (a team's log is short).
    let store = st.store.clone();
    let log = blocking(move || store.log_entries(team, 0, MAX_LOG_ENTRIES)).await?;
    let epoch = log_epoch(&log);
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
    let mut blobs: Vec<(DocId, Bytes)> = Vec::with_capacity(req.envelopes.len() + 1);
    if let Some(signature) = signature {
        // Batch members: each checked alone, then the batch's one
        // signature over their hashes, by the requesting device.
        for item in &req.envelopes {
            let m = check_member(item, team, behind, epoch)?;
            blobs.push((m.doc, a.body.slice_ref(item)));
        }
        if !req.envelopes.is_empty() {
            let seal = Seal::of(me, signature, &req.envelopes);
            seal.verify(team)
                .map_err(|_| ApiError::BadRequest("batch signature"))?;
            blobs.insert(0, (seal_doc(team), Bytes::from(seal.encode())));
        }
    } else {
        for item in &req.envelopes {
            let env = Envelope::parse(item).map_err(|_| ApiError::BadRequest("envelope"))?;
            // A device behind a rotation may still hold only the old key.
            let expected = if behind { env.epoch.min(epoch) } else { epoch };
            let doc = check_envelope(item, team, None, me, expected)?.doc;
            blobs.push((doc, a.body.slice_ref(item)));
        }
    }
    let stored = req.envelopes.len() as u32;
    let (stored, blobs) = if behind {
        (0, Vec::new())
    } else {
        (stored, blobs)
    };
    let (since, limit, want_keys) = (req.cursor, req.limit as usize, epoch > req.key_epoch);
    a.spend(&st).await?;
    let store = st.store.clone();
    let quota = st.quota();
    let (keys, (items, more)) = store_op(&st, move || {
        if !blobs.is_empty() {
            let refs: Vec<(DocId, &[u8])> = blobs.iter().map(|(d, b)| (*d, &b[..])).collect();
            store.append_many(team, &me, &refs, &quota)?;
        }
        let keys = if want_keys {
            store.sealed_keys(team, &me)?
        } else {
            None
        };
        Ok((keys, feed_page(&*store, team, since, limit)?))
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
/// back: they came from its vault); the cursor still moves past them. A
/// batch member is `me`'s when the seal before it in the page is (the
/// relay stores a batch as its seal, then its members; [`feed_page`]
/// puts the seal first when the page starts inside a batch).
pub(super) fn own_left_out(
    items: Vec<FeedItem>,
    more: bool,
    since: u64,
    me: DevicePublicKey,
) -> FeedPage {
    let next = items.last().map_or(since, |i| i.seq);
    let mut batch_signer = None;
    let items = items
        .into_iter()
        .filter(|i| {
            if Seal::is_seal(&i.bytes) {
                batch_signer = Seal::decode(&i.bytes).ok().map(|s| s.signer);
                batch_signer != Some(me)
            } else if i.bytes.first() == Some(&batch::VERSION) {
                batch_signer != Some(me)
            } else {
                Envelope::parse(&i.bytes).map_or(true, |e| e.signer != me)
            }
        })
        .collect();
    FeedPage { items, next, more }
}

/// One feed page after `since` (at most `limit` items); when it starts
/// inside a batch, the batch's seal (stored before the cursor) comes
/// first (one item over `limit`, or in place of the last item when the
/// page has the most items a page may have).
pub(super) fn feed_page(
    store: &dyn Store,
    team: TeamId,
    since: u64,
    limit: usize,
) -> Result<(Vec<FeedItem>, bool), StoreError> {
    let (mut items, mut more) = store.feed(team, since, limit, PAGE_BYTES)?;
    if let Some(first) = items.first()
        && first.bytes.first() == Some(&batch::VERSION)
        && let Some(seal) = store.seal_before(team, first.seq)?
    {
        if items.len() >= MAX_PAGE_ITEMS {
            items.pop();
            more = true;
        }
        items.insert(0, seal);
    }
    Ok((items, more))
}

/// Checks an uploaded batch member: well-formed, not for the seals'
/// document, sealed under the team's current key epoch (or, from a device
/// behind a rotation, an older one: nothing is stored then).
pub(super) fn check_member(
    bytes: &[u8],
    team: TeamId,
    behind: bool,
    epoch: u32,
) -> Result<Member<'_>, ApiError> {
    let m = Member::parse(bytes).map_err(|_| ApiError::BadRequest("envelope"))?;
    if m.doc == seal_doc(team) {
        return Err(ApiError::BadRequest("envelope document"));
    }
    let expected = if behind { m.epoch.min(epoch) } else { epoch };
    epoch_matches(m.epoch, expected)?;
    Ok(m)
}

/// An envelope's key epoch against the team's current one.
pub(super) fn epoch_matches(got: u32, epoch: u32) -> Result<(), ApiError> {
    if got < epoch {
        return Err(ApiError::Conflict(
            "envelope sealed under a replaced key epoch",
        ));
    }
    if got > epoch {
        return Err(ApiError::BadRequest(
            "envelope sealed under a key epoch the membership log does not have",
        ));
    }
    Ok(())
}

pub(super) async fn put_snapshot(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let covers = query_u64(req.uri(), "covers")?.ok_or(ApiError::BadRequest("covers"))?;
    let a = st
        .signed(req, team, Access::Member, MAX_ENVELOPE_BYTES)
        .await?;
    let epoch = current_epoch(&st, team).await?;
    let doc = check_envelope(
        &a.body,
        team,
        Some(EnvelopeKind::Snapshot),
        a.device(),
        epoch,
    )?
    .doc;
    let store = st.store.clone();
    if covers > blocking(move || store.last_seq(team)).await? {
        return Err(ApiError::BadRequest(
            "covers is beyond the team's newest blob",
        ));
    }
    a.spend(&st).await?;
    let store = st.store.clone();
    let dev = a.device();
    // The admin may compact every writer's blobs; a member only its own.
    let drop_any = a.is_admin();
    let quota = st.quota();
    let seq = store_op(&st, move || {
        store.snapshot(team, doc, &dev, covers, drop_any, &a.body, &quota)
    })
    .await?;
    Ok(seq_answer(seq))
}

pub(super) async fn feed(
    State(st): State<AppState>,
    Path(team): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let team = team_id(&team)?;
    let since = query_u64(req.uri(), "since")?.unwrap_or(0);
    let limit = query_u64(req.uri(), "limit")?
        .map(|l| usize::try_from(l).unwrap_or(usize::MAX))
        .unwrap_or(DEFAULT_PAGE_ITEMS);
    if limit == 0 || limit > MAX_PAGE_ITEMS {
        return Err(ApiError::BadRequest("limit"));
    }
    let a = st.signed(req, team, Access::Member, 0).await?;
    a.spend(&st).await?;
    let store = st.store.clone();
    let (items, more) = blocking(move || feed_page(&*store, team, since, limit)).await?;
    Ok(bytes_answer(
        own_left_out(items, more, since, a.device()).encode(),
    ))
}
