//! The relay's power and abuse limits on loopback, every case on SQLite and
//! on PostgreSQL (see `common`): what a member's snapshot may drop, the key
//! epoch checked on every route that stores an envelope, per-team quotas,
//! per-device rates on an injected clock (no sleeps), and the connection
//! timeouts. The floods against a real `fieldscreen relay serve` process
//! are in `crates/cli/tests/relay_serve.rs`.

#[macro_use]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use common::{Engine, Relay, start};
use relay::RelayConfig;
use relay::client::RelayClient;
use sync::auth::RequestAuth;
use sync::envelope::{EnvelopeKind, seal};
use sync::round::RoundRequest;
use sync::team::{BoxKey, DeviceIdentity, LogOp, Membership};
use sync::{DeviceKey, DocId, FeedPage, TeamId, TeamKey};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_engines!(
    a_member_snapshot_covering_everything_drops_only_its_own_blobs,
    envelopes_under_a_stale_or_future_epoch_are_refused_on_every_route,
    a_team_over_its_quota_gets_429_and_compaction_makes_room,
    a_device_over_its_rate_gets_429_and_succeeds_after_retry_after,
    a_silent_connection_and_a_stalled_body_are_cut,
);

struct Dev {
    key: DeviceKey,
    client: RelayClient,
}

fn dev(r: &Relay, team: TeamId, seed: u8) -> Dev {
    let key = DeviceKey::from_seed([seed; 32]);
    Dev {
        client: RelayClient::new(&r.base, team, key.clone()),
        key,
    }
}

fn ident(d: &Dev, seed: u8) -> DeviceIdentity {
    DeviceIdentity {
        sign: d.key.public(),
        boxk: BoxKey::from_bytes([seed ^ 0x33; 32]).public(),
    }
}

/// A team with admin (seed 1) and members B (2) and C (3) in the signed
/// log, and the key rotated once: the team's current epoch is 2.
async fn team(r: &Relay) -> (Dev, Dev, Dev) {
    let team = TeamId::new_v4();
    let (a, b, c) = (dev(r, team, 1), dev(r, team, 2), dev(r, team, 3));
    a.client.create_team().await.expect("create");
    let mut m = Membership::new(team, a.key.public());
    for op in [
        LogOp::Genesis {
            admin: ident(&a, 1),
            commit: TeamKey::from_bytes(1, [1; 32]).commitment(team),
            pins: Vec::new(),
        },
        LogOp::Add(ident(&b, 2)),
        LogOp::Add(ident(&c, 3)),
        LogOp::Rotate {
            epoch: 2,
            commit: TeamKey::from_bytes(2, [2; 32]).commitment(team),
        },
    ] {
        let e = m.next_entry(&a.key, 1, op).expect("entry");
        a.client.post_log(&e).await.expect("log entry");
        m.apply(&e).expect("apply");
    }
    (a, b, c)
}

fn env(d: &Dev, epoch: u32, doc: u128, kind: EnvelopeKind, n: u8) -> Vec<u8> {
    seal(
        &TeamKey::from_bytes(epoch, [epoch as u8; 32]),
        d.client.team(),
        DocId::from_u128(doc),
        kind,
        &[n; 100],
        &d.key,
        [n; 12],
    )
    .expect("seal")
}

/// A round of a device that knows the whole log (4 entries, epoch 2).
fn round(envelopes: Vec<&[u8]>) -> RoundRequest<'_> {
    RoundRequest {
        log_len: 4,
        key_epoch: 2,
        cursor: 0,
        limit: 10,
        envelopes,
    }
}

async fn all(d: &Dev) -> FeedPage {
    d.client.feed(0, 1000).await.expect("feed")
}

/// (seq, signer seed) of every blob the team holds, seen by `d` (its own
/// are left out of its feed, so ask with the admin).
async fn blobs(admin: &Dev) -> Vec<(u64, [u8; 32])> {
    let mut out: Vec<(u64, [u8; 32])> = all(admin)
        .await
        .items
        .iter()
        .map(|i| {
            let e = sync::Envelope::parse(&i.bytes).expect("envelope");
            (i.seq, e.signer.0)
        })
        .collect();
    out.sort();
    out
}

async fn a_member_snapshot_covering_everything_drops_only_its_own_blobs(r: Relay) {
    let (a, b, c) = team(&r).await;
    // Everyone writes to the same record.
    let mut last = 0;
    for (i, d) in [&a, &b, &c, &b, &c].iter().enumerate() {
        last = d
            .client
            .put_blob(env(d, 2, 7, EnvelopeKind::Chunk, i as u8))
            .await
            .expect("chunk");
    }
    // An observer that is not the admin sees the admin's blob too.
    let observer = dev(&r, a.client.team(), 9);
    a.client
        .add_device(&observer.key.public())
        .await
        .expect("observer");
    let before = all(&observer).await.items;
    assert_eq!(before.len(), 5);

    // covers = u64::MAX: refused, nothing dropped.
    let e = c
        .client
        .put_snapshot(u64::MAX, env(&c, 2, 7, EnvelopeKind::Snapshot, 50))
        .await
        .expect_err("beyond the newest blob");
    assert_eq!(e.status(), Some(400));
    assert_eq!(all(&observer).await.items, before);

    // Covering every blob there is: only C's own go; A's and B's stay.
    let s = c
        .client
        .put_snapshot(last, env(&c, 2, 7, EnvelopeKind::Snapshot, 51))
        .await
        .expect("snapshot");
    let after = all(&observer).await.items;
    let kept: Vec<_> = before
        .iter()
        .filter(|i| sync::Envelope::parse(&i.bytes).expect("env").signer != c.key.public())
        .cloned()
        .collect();
    assert_eq!(kept.len(), 3);
    assert_eq!(after[..3], kept[..]);
    assert_eq!(after.len(), 4);
    assert_eq!(after[3].seq, s);

    // The admin may compact everyone's blobs of the record.
    let t = a
        .client
        .put_snapshot(s, env(&a, 2, 7, EnvelopeKind::Snapshot, 52))
        .await
        .expect("admin snapshot");
    let seqs: Vec<u64> = all(&observer).await.items.iter().map(|i| i.seq).collect();
    assert_eq!(seqs, vec![t]);
    assert_eq!(blobs(&observer).await, vec![(t, a.key.public().0)]);
}

/// A raw signed request; returns the status.
async fn status(r: &Relay, d: &DeviceKey, method: &str, pq: &str, body: Vec<u8>) -> u16 {
    let auth = RequestAuth::sign(
        d,
        method,
        pq,
        &body,
        relay::system_now_ms(),
        sync::random_bytes().expect("rng"),
    );
    let (k, v) = auth.header();
    reqwest::Client::new()
        .request(method.parse().expect("method"), format!("{}{pq}", r.base))
        .header(k, v)
        .body(body)
        .send()
        .await
        .expect("send")
        .status()
        .as_u16()
}

async fn envelopes_under_a_stale_or_future_epoch_are_refused_on_every_route(r: Relay) {
    let (a, b, _c) = team(&r).await;
    let t = a.client.team();
    let ok = b
        .client
        .put_blob(env(&b, 2, 1, EnvelopeKind::Chunk, 1))
        .await
        .expect("current epoch");
    let before = all(&a).await;
    assert_eq!(before.items.len(), 1);
    for (epoch, expected) in [(1u32, 409u16), (3, 400)] {
        let chunk = env(&b, epoch, 2, EnvelopeKind::Chunk, 9);
        let snap = env(&b, epoch, 2, EnvelopeKind::Snapshot, 9);
        assert_eq!(
            status(
                &r,
                &b.key,
                "POST",
                &format!("/v1/teams/{t}/blobs"),
                chunk.clone()
            )
            .await,
            expected,
            "blobs, epoch {epoch}"
        );
        assert_eq!(
            status(
                &r,
                &b.key,
                "POST",
                &format!("/v1/teams/{t}/snapshots?covers={ok}"),
                snap.clone()
            )
            .await,
            expected,
            "snapshots, epoch {epoch}"
        );
        for item in [&chunk, &snap] {
            let req = round(vec![item.as_slice()]);
            assert_eq!(
                status(
                    &r,
                    &b.key,
                    "POST",
                    &format!("/v1/teams/{t}/sync"),
                    req.encode()
                )
                .await,
                expected,
                "sync, epoch {epoch}"
            );
        }
        // A round that mixes a good envelope with a bad one stores neither.
        let good = env(&b, 2, 3, EnvelopeKind::Chunk, 3);
        let req = round(vec![good.as_slice(), chunk.as_slice()]);
        assert_eq!(
            status(
                &r,
                &b.key,
                "POST",
                &format!("/v1/teams/{t}/sync"),
                req.encode()
            )
            .await,
            expected
        );
    }
    // Nothing stored, nothing dropped.
    assert_eq!(all(&a).await, before);
}

/// A relay on the same database with `config` (open registration).
async fn reconfigured(r: &mut Relay, f: impl FnOnce(&mut RelayConfig)) {
    let mut config = RelayConfig {
        device_requests_per_second: 1_000_000,
        device_burst: 1_000_000,
        ..RelayConfig::open()
    };
    f(&mut config);
    r.reconfigure(config).await;
}

async fn a_team_over_its_quota_gets_429_and_compaction_makes_room(mut r: Relay) {
    reconfigured(&mut r, |c| {
        c.team_quota_blobs = 3;
        c.team_quota_bytes = 10_000;
        c.quota_retry_after_secs = 77;
    })
    .await;
    let (a, b, _) = team(&r).await;
    let mut last = 0;
    for n in 0..3 {
        last = b
            .client
            .put_blob(env(&b, 2, 1, EnvelopeKind::Chunk, n))
            .await
            .expect("within quota");
    }
    let before = all(&a).await;
    let e = b
        .client
        .put_blob(env(&b, 2, 2, EnvelopeKind::Chunk, 9))
        .await
        .expect_err("over quota");
    assert!(
        matches!(e, relay::client::ClientError::Busy { retry_after: 77, ref reason } if reason.contains("quota")),
        "{e:?}"
    );
    // The round route refuses the whole batch the same way.
    let more = env(&b, 2, 2, EnvelopeKind::Chunk, 10);
    let req = round(vec![more.as_slice()]);
    assert_eq!(
        b.client.round(&req).await.expect_err("over quota").status(),
        Some(429)
    );
    assert_eq!(all(&a).await, before);
    // Too many bytes, even as one blob: refused.
    let t = a.client.team();
    let big = seal(
        &TeamKey::from_bytes(2, [2; 32]),
        t,
        DocId::from_u128(5),
        EnvelopeKind::Snapshot,
        &[1; 20_000],
        &a.key,
        [1; 12],
    )
    .expect("seal");
    assert_eq!(
        a.client
            .put_snapshot(last, big)
            .await
            .expect_err("bytes")
            .status(),
        Some(429)
    );
    // B compacts its record: one snapshot for three chunks makes room.
    b.client
        .put_snapshot(last, env(&b, 2, 1, EnvelopeKind::Snapshot, 20))
        .await
        .expect("compaction within quota");
    b.client
        .put_blob(env(&b, 2, 2, EnvelopeKind::Chunk, 9))
        .await
        .expect("room again");
    assert_eq!(all(&a).await.items.len(), 2);
}

async fn a_device_over_its_rate_gets_429_and_succeeds_after_retry_after(mut r: Relay) {
    // The relay's clock stands still unless the test moves it.
    let start = relay::system_now_ms();
    let offset = Arc::new(AtomicI64::new(0));
    let clock = offset.clone();
    reconfigured(&mut r, move |c| {
        c.now_ms = Arc::new(move || start + clock.load(Ordering::SeqCst));
        c.device_requests_per_second = 1;
        c.device_burst = 3;
    })
    .await;
    let team = TeamId::new_v4();
    let (a, b) = (dev(&r, team, 1), dev(&r, team, 2));
    a.client.create_team().await.expect("create");
    a.client.add_device(&b.key.public()).await.expect("add");
    // B's burst of three, then refused with how long to wait.
    for _ in 0..3 {
        b.client.feed(0, 10).await.expect("within its rate");
    }
    let e = b.client.feed(0, 10).await.expect_err("over its rate");
    assert!(
        matches!(e, relay::client::ClientError::Busy { retry_after: 1, .. }),
        "{e:?}"
    );
    // Another device is not slowed by B.
    a.client.feed(0, 10).await.expect("the admin's own rate");
    // Nothing changes while the clock stands still...
    assert_eq!(
        b.client.feed(0, 10).await.expect_err("still").status(),
        Some(429)
    );
    // ...and after Retry-After the request goes through.
    offset.fetch_add(1000, Ordering::SeqCst);
    b.client.feed(0, 10).await.expect("after Retry-After");
    // A forged request naming B (bad signature) spends none of B's rate.
    offset.fetch_add(1000, Ordering::SeqCst);
    let stranger = DeviceKey::from_seed([66; 32]);
    let pq = format!("/v1/teams/{team}/feed?since=0&limit=10");
    for _ in 0..5 {
        let mut raw = RequestAuth::sign(&stranger, "GET", &pq, b"", start, [7; 16]).to_raw();
        raw[..32].copy_from_slice(&b.key.public().0);
        let code = reqwest::Client::new()
            .get(format!("{}{pq}", r.base))
            .header(sync::auth::H_AUTH, sync::auth::header_value(&raw))
            .send()
            .await
            .expect("send")
            .status()
            .as_u16();
        assert_eq!(code, 401);
    }
    b.client.feed(0, 10).await.expect("B's rate untouched");
}

async fn a_silent_connection_and_a_stalled_body_are_cut(mut r: Relay) {
    reconfigured(&mut r, |c| {
        c.header_read_timeout = Duration::from_millis(1000);
        c.idle_timeout = Duration::from_millis(500);
    })
    .await;
    let addr = r.base.trim_start_matches("http://").to_owned();
    // A connection that never sends a request is closed by the relay.
    let mut silent = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let mut got = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), silent.read_to_end(&mut got))
        .await
        .expect("the relay closes it");
    let got = String::from_utf8_lossy(&got);
    assert!(got.is_empty() || got.starts_with("HTTP/1.1 408"), "{got}");

    // A member's upload whose body stops arriving: 408, nothing stored.
    let team = TeamId::new_v4();
    let (a, b) = (dev(&r, team, 1), dev(&r, team, 2));
    a.client.create_team().await.expect("create");
    a.client.add_device(&b.key.public()).await.expect("add");
    let body = env(&b, 1, 1, EnvelopeKind::Chunk, 1);
    let pq = format!("/v1/teams/{team}/blobs");
    let auth = RequestAuth::sign(&b.key, "POST", &pq, &body, relay::system_now_ms(), [1; 16]);
    let (k, v) = auth.header();
    let mut s = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let head = format!(
        "POST {pq} HTTP/1.1\r\nHost: relay\r\n{k}: {v}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.expect("head");
    s.write_all(&body[..10]).await.expect("part of the body");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut answer))
        .await
        .expect("the relay answers");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // A new connection (the admin's pooled one may have been closed as
    // idle meanwhile, which is the point of the limit).
    let fresh = dev(&r, team, 1);
    assert!(all(&fresh).await.items.is_empty());
}
