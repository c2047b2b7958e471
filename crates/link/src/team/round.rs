//! One sync round with the relay: push the documents the relay lacks,
//! pull the feed, follow the membership log and the key ring.

use super::*;

/// Entries this device holds beyond what the relay last claimed, signed
/// by the admin well before the relay's answer ([`WITHHELD_MARGIN_MS`]):
/// the relay withheld them (every entry reaches the relay before any
/// device can hold it). Called when a peer or a bundle brought entries.
pub(crate) fn note_learnt_entries(st: &mut State) {
    let Some(claim) = st.relay_claim else {
        return;
    };
    if st.alerts.withheld.is_some() {
        return;
    }
    let hidden = st
        .log
        .iter()
        .skip(claim.len as usize)
        .filter_map(|e| LogEntry::decode(e).ok())
        .any(|e| e.time_ms.saturating_add(WITHHELD_MARGIN_MS) <= claim.relay_time_ms);
    if hidden {
        st.alerts.withheld = Some(Withheld {
            relay_len: claim.len,
            seen_len: st.log.len() as u32,
            at_ms: now_ms(),
        });
    }
}

/// One round: push every document with changes the relay lacks and pull
/// the feed since the cursor, refreshing membership and keys on the way,
/// all through `POST …/sync` ([`sync::round`]): an up-to-date device makes
/// one request, a device with more to push or pull than one request
/// carries makes more. Resumable and idempotent (see the crate docs): the
/// state is saved after each request the relay accepted.
pub fn sync_round(
    vault: &mut Vault,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport, LinkError> {
    let mut st = load(vault)?;
    let client = st.client();
    let rt = runtime()?;
    let mut m = st.membership()?;
    let mut report = SyncReport::default();
    let ids: Vec<RecordId> = vault.list()?.into_iter().map(|c| c.id).collect();
    let mut ids = ids.into_iter();
    let mut total = 0u64;
    // Current heads of every document this round touched.
    let mut touched: std::collections::BTreeMap<RecordId, Vec<ChangeHash>> =
        std::collections::BTreeMap::new();
    // Sealed but not yet stored (kept across a refusal only to be resealed).
    let mut batch: Vec<Pushed> = Vec::new();
    // Records read ahead and not yet in a batch.
    let mut ready: std::collections::VecDeque<ReadAhead> = std::collections::VecDeque::new();
    let mut pushed_done = 0u64;
    let mut pulled_any = false;
    loop {
        // Fill one upload batch, one load per document, sealed under the
        // key of the log's epoch only (never a newer key someone handed
        // over, never an older one once the log moved on).
        let key = st.ring.get(m.epoch()).cloned();
        report.waiting_for_key = key.is_none().then_some(m.epoch());
        let mut batch_bytes: usize = batch
            .iter()
            .map(|p| p.env.as_ref().map_or(0, |e| e.len() + 4))
            .sum();
        while let Some(key) = key.as_ref()
            && batch.len() < BATCH_ITEMS
            && batch_bytes < BATCH_BYTES
        {
            if ready.is_empty() {
                // The next records, read together (their loads, when one
                // is needed, on every core), each with the digest of what
                // the relay has of it: an unchanged record is skipped
                // without being read. One the relay has nothing of goes
                // whole, as a snapshot (covering nothing), so it is not
                // compacted again right away.
                let next: Vec<(RecordId, Option<[u8; 16]>)> = ids
                    .by_ref()
                    .take(READ_AHEAD)
                    .map(|id| {
                        let pushed = st.sync.relay_heads(id.uuid());
                        (id, pushed.map(|h| vault::heads_digest(&h)))
                    })
                    .collect();
                if next.is_empty() {
                    break;
                }
                let sync_state = &st.sync;
                let reads = vault.export_for_push_many(&next, |id, heads| {
                    sync_state.to_push(id.uuid(), heads)
                })?;
                ready.extend(next.iter().zip(reads).filter_map(|((id, _), read)| {
                    let read = read?;
                    Some(ReadAhead {
                        id: *id,
                        heads: read.heads,
                        bytes: zeroize::Zeroizing::new(read.bytes),
                        whole: read.whole,
                    })
                }));
                continue;
            }
            let Some(ReadAhead {
                id,
                heads,
                bytes: changes,
                whole,
            }) = ready.pop_front()
            else {
                break;
            };
            total += 1;
            let env = seal_for(&st, key, id, whole, &changes)?;
            batch_bytes += env.as_ref().map_or(0, |e| e.len() + 4);
            touched.insert(id, heads.clone());
            batch.push(Pushed {
                id,
                heads,
                whole,
                changes: changes.len() as u64,
                env,
            });
        }
        // One envelope too big to travel with a request: sent alone,
        // through the single-envelope routes, which take a self-signed
        // (version 1) envelope.
        if let [one] = batch.as_slice()
            && batch_bytes > sync::MAX_ENVELOPE_BYTES - sync::round::REQUEST_HEADER_LEN - 128
            && one.env.is_some()
            && let Some(key) = key.as_ref()
        {
            let env = self_signed(vault, &st, key, one, &touched)?;
            report.pushed_bytes += env.len() as u64;
            if one.whole {
                rt.block_on(client.put_snapshot(0, env))?;
            } else {
                rt.block_on(client.put_blob(env))?;
            }
            accept_pushes(&mut st, &mut batch, &mut report);
            st.save(vault)?;
            continue;
        }
        // A batch of one costs more with its seal than with its own
        // signature: it travels as a self-signed (version 1) envelope.
        if let Some(key) = key.as_ref()
            && batch.iter().filter(|p| p.env.is_some()).count() == 1
            && let Some(one) = batch.iter_mut().find(|p| p.env.is_some())
        {
            one.env = Some(self_signed(vault, &st, key, one, &touched)?);
        }
        let envs: Vec<&[u8]> = batch.iter().filter_map(|p| p.env.as_deref()).collect();
        let request = RoundRequest {
            log_len: m.len(),
            key_epoch: st.ring.current().map_or(0, TeamKey::epoch),
            cursor: st.sync.cursor(),
            limit: PAGE_ITEMS as u32,
            envelopes: envs,
        };
        // One signature for the whole batch (sync::batch).
        let answer = if request
            .envelopes
            .iter()
            .all(|e| e.first() != Some(&sync::batch::VERSION))
        {
            rt.block_on(client.round(&request))?
        } else {
            let seal = Seal::sign(&st.device, st.team, &request.envelopes);
            rt.block_on(client.round_signed(&request, &seal.signature))?
        };
        let sent = request.envelopes.len() as u32;
        let sent_bytes: u64 = request.envelopes.iter().map(|e| e.len() as u64).sum();
        drop(request);
        // Membership and keys first: the page is checked against them.
        let known_before = m.len();
        let log_more = answer.log.len() >= MAX_LOG_PAGE_ENTRIES;
        for e in &answer.log {
            let entry = LogEntry::decode(e)?;
            m.apply(&entry)?;
            st.log.push(e.clone());
            // The admin signed something after this device reported the
            // relay: the admin acted, and the relay delivered it.
            if st
                .alerts
                .withheld
                .is_some_and(|w| entry.time_ms > w.at_ms && m.len() >= w.seen_len)
            {
                st.alerts.withheld = None;
            }
        }
        if answer.log_total < known_before {
            // Every entry this device holds reached the relay before it
            // could: a relay that admits to fewer hides some.
            report.relay_withheld = true;
            if st.alerts.withheld.is_none() {
                st.alerts.withheld = Some(Withheld {
                    relay_len: answer.log_total,
                    seen_len: known_before,
                    at_ms: now_ms(),
                });
            }
        }
        st.relay_claim = Some(RelayClaim {
            len: answer.log_total,
            relay_time_ms: answer.relay_time_ms,
        });
        if let Some(sealed) = &answer.keys
            && !st.is_admin()
            && let Err(e) = accept_ring(&mut st, &m, sealed)
        {
            // Refused, kept out; this device keeps the admin's keys.
            ring_refused(&mut st, &e);
            report.keys_refused = Some(e.message_id().to_owned());
        }
        let resealed = answer.stored == 0 && sent > 0;
        if resealed {
            // A rotation we had not seen: nothing was stored; reseal the
            // same documents under the log's new key next time round (or
            // drop them from this round if that key has not come yet).
            let key = st.ring.get(m.epoch()).cloned();
            if key.is_none() {
                batch.clear();
                ready.clear();
                ids = Vec::new().into_iter();
            }
            for p in batch.iter_mut().filter(|_| key.is_some()) {
                let Some(key) = key.as_ref() else { break };
                let (heads, changes) = vault.export_for_sync(
                    p.id,
                    &st.sync
                        .to_push(p.id.uuid(), &touched[&p.id])
                        .unwrap_or_default(),
                )?;
                let changes = zeroize::Zeroizing::new(changes);
                p.env = seal_for(&st, key, p.id, p.whole, &changes)?;
                p.heads = heads;
            }
        } else if answer.stored != sent {
            return Err(LinkError::BadAnswer);
        } else {
            report.pushed_bytes += sent_bytes;
            let n = batch.len() as u64;
            accept_pushes(&mut st, &mut batch, &mut report);
            pushed_done += n;
        }
        // Pull: verify, decrypt and merge the page in one vault transaction.
        let page = &answer.page;
        report.pulled_bytes += page.items.iter().map(|i| i.bytes.len() as u64).sum::<u64>();
        // Only current members' envelopes: once this device knows of a
        // removal, nothing signed by the removed device is merged.
        let pulled = st
            .sync
            .receive_page(page, &st.ring, m.epoch(), |d| m.is_member(d));
        report.rejected += pulled.rejected.len() as u64;
        if let Some(e) = pulled.missing_key {
            report.waiting_for_key = Some(e);
        }
        let parts: Vec<(RecordId, &[u8])> = pulled
            .changes
            .iter()
            .map(|o| (RecordId::from(o.doc), o.changes.as_slice()))
            .collect();
        if !parts.is_empty() {
            let merged = match vault.merge_many(&parts) {
                Ok(m) => m,
                // One member's broken change must not stop the team's sync:
                // merge the page record by record and skip what is damaged
                // (it stays on the relay; the record's other changes merge).
                Err(VaultError::RecordDamaged { .. }) => {
                    let mut ok = Vec::with_capacity(parts.len());
                    for part in &parts {
                        match vault.merge_many(std::slice::from_ref(part)) {
                            Ok(m) => ok.extend(m),
                            Err(VaultError::RecordDamaged { .. }) => report.rejected += 1,
                            Err(e) => return Err(e.into()),
                        }
                    }
                    ok
                }
                Err(e) => return Err(e.into()),
            };
            report.pulled += merged.len() as u64;
            // A record read ahead and changed since by this page: pushed
            // from a fresh read next round (it stays pending).
            ready.retain(|r| !merged.iter().any(|m| m.id == r.id && m.before != m.after));
            for merged in merged {
                st.sync
                    .merged(merged.id.uuid(), &merged.before, &merged.after);
                touched.insert(merged.id, merged.after);
            }
        }
        // A crash before this save re-sends the batch and re-pulls the
        // page; both merge as no-ops.
        st.save(vault)?;
        if sent > 0 && !resealed {
            progress(Progress {
                phase: Phase::Push,
                done: pushed_done,
                total: Some(total),
                bytes: report.pushed_bytes,
            });
        }
        if !page.items.is_empty() || pulled_any {
            pulled_any = true;
            progress(Progress {
                phase: Phase::Pull,
                done: report.pulled,
                total: None,
                bytes: report.pulled_bytes,
            });
        }
        let can_push = st.ring.get(m.epoch()).is_some();
        let more_to_push = can_push && (!batch.is_empty() || !ready.is_empty() || ids.len() > 0);
        if !more_to_push && !pulled.more && !log_more {
            break;
        }
    }

    // Snapshot hand-off: a document whose chunks on the relay reached the
    // size of its compacted form is replaced there by one snapshot covering
    // everything up to the cursor (all of which is merged here).
    let snapshot_key = st.ring.get(m.epoch()).cloned();
    for (id, heads) in touched.iter().filter(|_| snapshot_key.is_some()) {
        let Some(key) = snapshot_key.as_ref() else {
            break;
        };
        let doc = id.uuid();
        if !st.sync.has_incremental(doc) {
            continue;
        }
        let (_, snapshot) = vault.export_for_sync(*id, &[])?;
        let snapshot = zeroize::Zeroizing::new(snapshot);
        if !st.sync.wants_snapshot(doc, snapshot.len() as u64) {
            continue;
        }
        let env = seal(
            key,
            st.team,
            doc,
            EnvelopeKind::Snapshot,
            &snapshot,
            &st.device,
            sync::random_bytes()?,
        )?;
        report.pushed_bytes += env.len() as u64;
        rt.block_on(client.put_snapshot(st.sync.cursor(), env))?;
        st.sync.snapshotted(doc, heads);
        report.snapshots += 1;
        st.save(vault)?;
    }

    // Only documents this round touched can have changed standing, unless
    // nothing could be pushed at all (no key for the log's epoch yet).
    report.pending = if report.waiting_for_key.is_some() {
        crate::status::pending(vault)?
    } else {
        touched
            .iter()
            .filter(|(id, heads)| st.sync.to_push(id.uuid(), heads).is_some())
            .count() as u64
    };
    report.up_to_date = report.pending == 0;
    Ok(report)
}

/// A record read for a push and not yet in a batch (its plaintext wiped
/// when dropped).
struct ReadAhead {
    id: RecordId,
    heads: Vec<ChangeHash>,
    bytes: zeroize::Zeroizing<Vec<u8>>,
    whole: bool,
}

/// Seals one push as a batch member (None when there is nothing to
/// send); the batch is signed once when it is sent.
fn seal_for(
    st: &State,
    key: &TeamKey,
    id: RecordId,
    whole: bool,
    changes: &[u8],
) -> Result<Option<Vec<u8>>, LinkError> {
    if changes.is_empty() {
        return Ok(None);
    }
    let kind = if whole {
        EnvelopeKind::Snapshot
    } else {
        EnvelopeKind::Chunk
    };
    Ok(Some(seal_member(
        key,
        st.team,
        id.uuid(),
        kind,
        changes,
        sync::random_bytes()?,
    )?))
}

/// One push sealed again as a self-signed (version 1) envelope, for what
/// travels alone: the single-envelope routes take only those, and a batch
/// of one costs more with its seal.
fn self_signed(
    vault: &mut Vault,
    st: &State,
    key: &TeamKey,
    one: &Pushed,
    touched: &std::collections::BTreeMap<RecordId, Vec<ChangeHash>>,
) -> Result<Vec<u8>, LinkError> {
    let since = touched
        .get(&one.id)
        .and_then(|heads| st.sync.to_push(one.id.uuid(), heads))
        .unwrap_or_default();
    let (_, changes) = vault.export_for_sync(one.id, &since)?;
    let changes = zeroize::Zeroizing::new(changes);
    let kind = if one.whole {
        EnvelopeKind::Snapshot
    } else {
        EnvelopeKind::Chunk
    };
    Ok(seal(
        key,
        st.team,
        one.id.uuid(),
        kind,
        &changes,
        &st.device,
        sync::random_bytes()?,
    )?)
}

/// The relay stored the batch: record what it now has.
fn accept_pushes(st: &mut State, batch: &mut Vec<Pushed>, report: &mut SyncReport) {
    for p in batch.drain(..) {
        if p.whole {
            st.sync.snapshotted(p.id.uuid(), &p.heads);
        } else {
            st.sync.pushed(p.id.uuid(), &p.heads, p.changes);
        }
        report.pushed += 1;
    }
}

/// Documents in the team (for tests and the bundle).
pub(crate) fn doc_of(id: RecordId) -> DocId {
    id.uuid()
}
