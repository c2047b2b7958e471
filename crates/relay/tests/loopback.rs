//! The relay on loopback (127.0.0.1, in-process), every case against both
//! engines: SQLite in a temp dir, and PostgreSQL from
//! `FIELDSCREEN_TEST_POSTGRES` (a connection URL; each test gets its own
//! schema, so tests run in parallel). Without the variable the PostgreSQL
//! cases are skipped with a note, unless `FIELDSCREEN_REQUIRE_TOOLS=1`
//! (`cargo xtask test` sets both).

#[macro_use]
mod common;

use common::{Engine, Relay, start, stored_bytes};
use relay::client::{RelayClient, is_client_error};
use sync::auth::RequestAuth;
use sync::envelope::{EnvelopeKind, seal};
use sync::{DeviceKey, DocId, KeyRing, TeamId, TeamKey, TeamSync};

on_both_engines!(
    blobs_round_trip_feed_pages_from_a_cursor_and_snapshots_replace_covered_blobs,
    hostile_requests_get_4xx_and_change_nothing,
    a_removed_device_can_no_longer_fetch_or_push,
    concurrent_writers_get_distinct_increasing_seqs_and_a_reader_misses_none,
    a_restarted_relay_keeps_blobs_seqs_members_and_spent_nonces,
    three_vaults_edit_offline_converge_through_the_relay_and_show_the_conflict,
);

fn key() -> TeamKey {
    TeamKey::from_bytes(1, [11; 32])
}

fn chunk(team: TeamId, doc: u128, dev: &DeviceKey, body: &[u8]) -> Vec<u8> {
    seal(
        &key(),
        team,
        DocId::from_u128(doc),
        EnvelopeKind::Chunk,
        body,
        dev,
        [doc as u8; 12],
    )
    .expect("seal")
}

/// A team with an admin and one more member.
async fn team(r: &Relay) -> (RelayClient, RelayClient) {
    let team = TeamId::new_v4();
    let admin = RelayClient::new(&r.base, team, DeviceKey::from_seed([1; 32]));
    let member = RelayClient::new(&r.base, team, DeviceKey::from_seed([2; 32]));
    admin.create_team().await.expect("create team");
    admin
        .add_device(&member.device())
        .await
        .expect("add device");
    (admin, member)
}

async fn blobs_round_trip_feed_pages_from_a_cursor_and_snapshots_replace_covered_blobs(r: Relay) {
    let (a, b) = team(&r).await;
    let ka = DeviceKey::from_seed([1; 32]);
    let e1 = chunk(a.team(), 1, &ka, b"one");
    let e2 = chunk(a.team(), 2, &ka, b"two");
    let e3 = chunk(a.team(), 1, &ka, b"three");
    let s1 = a.put_blob(e1.clone()).await.expect("put");
    let s2 = a.put_blob(e2.clone()).await.expect("put");
    let s3 = a.put_blob(e3.clone()).await.expect("put");
    assert!(s1 < s2 && s2 < s3);

    let page = b.feed(0, 100).await.expect("feed");
    let got: Vec<_> = page
        .items
        .iter()
        .map(|i| (i.seq, i.bytes.clone()))
        .collect();
    assert_eq!(got, vec![(s1, e1), (s2, e2.clone()), (s3, e3.clone())]);
    assert_eq!((page.next, page.more), (s3, false));
    let page = b.feed(s1, 1).await.expect("feed");
    assert_eq!(
        (page.items.len(), page.items[0].seq, page.more),
        (1, s2, true)
    );
    assert!(b.feed(s3, 100).await.expect("feed").items.is_empty());

    // A snapshot of doc 1 covering s2 drops doc 1's blobs <= s2 only.
    let snap = seal(
        &key(),
        a.team(),
        DocId::from_u128(1),
        EnvelopeKind::Snapshot,
        b"all of doc 1",
        &ka,
        [9; 12],
    )
    .expect("seal");
    let s4 = a.put_snapshot(s2, snap.clone()).await.expect("snapshot");
    let seqs: Vec<u64> = b
        .feed(0, 100)
        .await
        .expect("feed")
        .items
        .iter()
        .map(|i| i.seq)
        .collect();
    assert_eq!(seqs, vec![s2, s3, s4]);
    // A chunk is not a snapshot and vice versa.
    assert_eq!(
        a.put_snapshot(s4, e2).await.map_err(|e| e.status()).err(),
        Some(Some(400))
    );
    assert_eq!(
        a.put_blob(snap).await.map_err(|e| e.status()).err(),
        Some(Some(400))
    );

    // The pulled blobs open with the team key through the state machine.
    let mut st = TeamSync::new(a.team());
    let page = b.feed(0, 100).await.expect("feed");
    let pulled = st.receive_page(&page, &KeyRing::new(key()), 1, |d| *d == ka.public());
    assert_eq!(pulled.changes.len(), 3);
    assert_eq!(st.cursor(), s4);
}

/// A raw signed request, to build hostile ones.
async fn raw(
    r: &Relay,
    dev: &DeviceKey,
    method: &str,
    pq: &str,
    body: Vec<u8>,
    tweak: impl FnOnce(&mut Vec<(&'static str, String)>),
) -> u16 {
    let auth = RequestAuth::sign(
        dev,
        method,
        pq,
        &body,
        relay::system_now_ms(),
        sync::random_bytes().expect("rng"),
    );
    let mut headers = vec![auth.header()];
    tweak(&mut headers);
    send(r, method, pq, body, &headers).await
}

/// Rewrites the bytes behind the one auth header.
fn patch(h: &mut [(&'static str, String)], f: impl FnOnce(&mut [u8; sync::auth::AUTH_LEN])) {
    let mut raw = RequestAuth::from_header(Some(&h[0].1))
        .expect("our header")
        .to_raw();
    f(&mut raw);
    h[0].1 = sync::auth::header_value(&raw);
}

async fn send(
    r: &Relay,
    method: &str,
    pq: &str,
    body: Vec<u8>,
    headers: &[(&'static str, String)],
) -> u16 {
    let mut req = common::http()
        .request(method.parse().expect("method"), format!("{}{pq}", r.base))
        .body(body);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    req.send().await.expect("send").status().as_u16()
}

async fn hostile_requests_get_4xx_and_change_nothing(r: Relay) {
    let (a, b) = team(&r).await;
    let ka = DeviceKey::from_seed([1; 32]);
    let kb = DeviceKey::from_seed([2; 32]);
    let outsider = DeviceKey::from_seed([3; 32]);
    let team = a.team();
    a.put_blob(chunk(team, 1, &ka, b"x")).await.expect("put");
    let before = b.feed(0, 100).await.expect("feed");
    let blobs = format!("/v1/teams/{team}/blobs");
    let good = chunk(team, 5, &ka, b"y");
    let none = |_: &mut Vec<(&'static str, String)>| {};

    // Malformed envelope, truncated envelope, wrong team, signed by another member.
    assert_eq!(
        raw(&r, &ka, "POST", &blobs, b"garbage".to_vec(), none).await,
        400
    );
    assert_eq!(
        raw(
            &r,
            &ka,
            "POST",
            &blobs,
            good[..good.len() - 3].to_vec(),
            none
        )
        .await,
        400
    );
    assert_eq!(
        raw(
            &r,
            &ka,
            "POST",
            &blobs,
            chunk(TeamId::new_v4(), 1, &ka, b"z"),
            none
        )
        .await,
        400
    );
    assert_eq!(
        raw(&r, &ka, "POST", &blobs, chunk(team, 1, &kb, b"z"), none).await,
        403
    );
    let mut flipped = good.clone();
    flipped[100] ^= 1;
    assert_eq!(raw(&r, &ka, "POST", &blobs, flipped, none).await, 400);
    // Oversized: answered from the declared length, before the body
    // (which this client never sends, so nothing can race the answer).
    assert_eq!(
        common::head_only(&r, &ka, "POST", &blobs, sync::MAX_ENVELOPE_BYTES + 10).await,
        413
    );
    // Wrongly signed: signature of another key, tampered signature, missing header.
    let swap = |h: &mut Vec<(&'static str, String)>| {
        patch(h, |raw| raw[..32].copy_from_slice(&kb.public().0))
    };
    assert_eq!(raw(&r, &ka, "POST", &blobs, good.clone(), swap).await, 401);
    let tamper = |h: &mut Vec<(&'static str, String)>| patch(h, |raw| raw[56..].fill(0));
    assert_eq!(
        raw(&r, &ka, "POST", &blobs, good.clone(), tamper).await,
        401
    );
    assert_eq!(
        raw(&r, &ka, "POST", &blobs, good.clone(), |h| {
            h.pop();
        })
        .await,
        401
    );
    // A malformed header: one character too many, the old hex headers.
    assert_eq!(
        raw(&r, &ka, "POST", &blobs, good.clone(), |h| h[0].1.push('A')).await,
        401
    );
    assert_eq!(
        raw(&r, &ka, "POST", &blobs, good.clone(), |h| {
            h[0] = ("x-fs-device", ka.public().to_hex());
        })
        .await,
        401
    );
    // Stale time.
    let old = RequestAuth::sign(
        &ka,
        "POST",
        &blobs,
        &good,
        relay::system_now_ms() - 3_600_000,
        [7; 16],
    );
    assert_eq!(
        send(&r, "POST", &blobs, good.clone(), &[old.header()]).await,
        401
    );
    // Not a member; not the admin.
    assert_eq!(
        raw(
            &r,
            &outsider,
            "POST",
            &blobs,
            chunk(team, 1, &outsider, b"o"),
            none
        )
        .await,
        403
    );
    let add = format!("/v1/teams/{team}/devices/{}", outsider.public().to_hex());
    assert_eq!(raw(&r, &kb, "PUT", &add, vec![], none).await, 403);
    assert_eq!(
        raw(
            &r,
            &kb,
            "PUT",
            "/v1/teams/not-a-uuid/devices/00",
            vec![],
            none
        )
        .await,
        400
    );
    assert_eq!(
        raw(
            &r,
            &ka,
            "PUT",
            &format!("/v1/teams/{team}/devices/zz"),
            vec![],
            none
        )
        .await,
        400
    );
    // Bad queries, unknown team.
    let feed = |q: &str| format!("/v1/teams/{team}/feed?{q}");
    assert_eq!(
        raw(&r, &kb, "GET", &feed("since=-1"), vec![], none).await,
        400
    );
    assert_eq!(
        raw(&r, &kb, "GET", &feed("limit=0"), vec![], none).await,
        400
    );
    assert_eq!(
        raw(&r, &kb, "GET", &feed("limit=100000"), vec![], none).await,
        400
    );
    assert_eq!(
        raw(
            &r,
            &kb,
            "GET",
            &format!("/v1/teams/{}/feed", TeamId::new_v4()),
            vec![],
            none
        )
        .await,
        404
    );
    assert_eq!(
        raw(
            &r,
            &ka,
            "POST",
            &format!("/v1/teams/{team}/snapshots"),
            vec![],
            none
        )
        .await,
        400
    );

    // Replayed: the same signed request twice; only the first counts.
    let auth = RequestAuth::sign(&ka, "POST", &blobs, &good, relay::system_now_ms(), [8; 16]);
    assert_eq!(
        send(&r, "POST", &blobs, good.clone(), &[auth.header()]).await,
        200
    );
    assert_eq!(
        send(&r, "POST", &blobs, good.clone(), &[auth.header()]).await,
        401
    );

    let after = b.feed(0, 100).await.expect("feed");
    assert_eq!(
        after.items.len(),
        before.items.len() + 1,
        "only the one valid upload landed"
    );
    assert_eq!(after.items[..before.items.len()], before.items[..]);
    assert_eq!(after.items[before.items.len()].bytes, good);
}

async fn a_removed_device_can_no_longer_fetch_or_push(r: Relay) {
    let (a, b) = team(&r).await;
    let kb = DeviceKey::from_seed([2; 32]);
    b.put_blob(chunk(b.team(), 1, &kb, b"x"))
        .await
        .expect("member pushes");
    a.remove_device(&b.device()).await.expect("remove");
    let e = b.feed(0, 10).await.expect_err("removed device fetches");
    assert_eq!(e.status(), Some(403));
    let e = b
        .put_blob(chunk(b.team(), 1, &kb, b"y"))
        .await
        .expect_err("removed device pushes");
    assert!(is_client_error(&e));
    // The admin cannot remove itself, and still works.
    assert_eq!(
        a.remove_device(&a.device())
            .await
            .map_err(|e| e.status())
            .err(),
        Some(Some(400))
    );
    assert_eq!(a.feed(0, 10).await.expect("admin feed").items.len(), 1);
}

/// Many devices push at once while another pages through the feed: every
/// push gets its own seq, seqs only grow, and a reader following its cursor
/// sees every blob exactly once (a blob committed late must not be skipped).
async fn concurrent_writers_get_distinct_increasing_seqs_and_a_reader_misses_none(r: Relay) {
    const WRITERS: u8 = 12;
    const EACH: usize = 10;
    let team = TeamId::new_v4();
    let admin = RelayClient::new(&r.base, team, DeviceKey::from_seed([1; 32]));
    admin.create_team().await.expect("create team");
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let key = DeviceKey::from_seed([w + 10; 32]);
        admin.add_device(&key.public()).await.expect("add device");
        writers.push((RelayClient::new(&r.base, team, key.clone()), key));
    }
    let reader = tokio::spawn({
        let admin = RelayClient::new(&r.base, team, DeviceKey::from_seed([1; 32]));
        async move {
            let (mut cursor, mut seen) = (0, Vec::new());
            while seen.len() < usize::from(WRITERS) * EACH {
                let page = admin.feed(cursor, 7).await.expect("feed");
                for item in &page.items {
                    assert!(item.seq > cursor, "seq went backwards");
                    cursor = item.seq;
                    seen.push(item.bytes.clone());
                }
                cursor = cursor.max(page.next);
                tokio::task::yield_now().await;
            }
            seen
        }
    });
    let mut tasks = Vec::new();
    for (w, (client, key)) in writers.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            for i in 0..EACH {
                let env = chunk(
                    team,
                    (w * 100 + i) as u128,
                    &key,
                    format!("{w}/{i}").as_bytes(),
                );
                let seq = client.put_blob(env.clone()).await.expect("push");
                out.push((seq, env));
            }
            out
        }));
    }
    let mut pushed = Vec::new();
    for t in tasks {
        let mine = t.await.expect("writer");
        assert!(
            mine.windows(2).all(|p| p[0].0 < p[1].0),
            "one writer's seqs grow"
        );
        pushed.extend(mine);
    }
    pushed.sort();
    let seqs: Vec<u64> = pushed.iter().map(|p| p.0).collect();
    let mut distinct = seqs.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), seqs.len(), "duplicate seqs: {seqs:?}");

    let seen = tokio::time::timeout(std::time::Duration::from_secs(60), reader)
        .await
        .expect("the reader saw every blob in time")
        .expect("reader");
    let expected: Vec<Vec<u8>> = pushed.into_iter().map(|p| p.1).collect();
    assert_eq!(
        seen, expected,
        "the reader saw every blob once, in seq order"
    );
}

/// The relay stopped and started again on the same database (opened and
/// migrated a second time): the feed is the same, seqs keep growing, the
/// team and its members are known, and a nonce spent before is still spent.
async fn a_restarted_relay_keeps_blobs_seqs_members_and_spent_nonces(mut r: Relay) {
    let (a, _) = team(&r).await;
    let ka = DeviceKey::from_seed([1; 32]);
    let team = a.team();
    let mut seqs = Vec::new();
    for doc in 1..=3 {
        seqs.push(
            a.put_blob(chunk(team, doc, &ka, b"before"))
                .await
                .expect("put"),
        );
    }
    let blobs = format!("/v1/teams/{team}/blobs");
    let replayed = chunk(team, 9, &ka, b"signed once");
    let auth = RequestAuth::sign(
        &ka,
        "POST",
        &blobs,
        &replayed,
        relay::system_now_ms(),
        [4; 16],
    );
    assert_eq!(
        send(&r, "POST", &blobs, replayed.clone(), &[auth.header()]).await,
        200
    );
    // Read by the other member: a device's feed leaves out its own blobs.
    let before = RelayClient::new(&r.base, team, DeviceKey::from_seed([2; 32]))
        .feed(0, 100)
        .await
        .expect("feed");
    assert_eq!(before.items.len(), 4);

    r.restart().await;
    let a = RelayClient::new(&r.base, team, ka.clone());
    let b = RelayClient::new(&r.base, team, DeviceKey::from_seed([2; 32]));
    assert_eq!(
        b.feed(0, 100).await.expect("member feeds after restart"),
        before
    );
    assert_eq!(
        send(&r, "POST", &blobs, replayed, &[auth.header()]).await,
        401,
        "a nonce spent before the restart stays spent"
    );
    let next = a
        .put_blob(chunk(team, 4, &ka, b"after"))
        .await
        .expect("put");
    assert!(next > before.next, "seq {next} after {}", before.next);
    assert_eq!(
        a.create_team().await.map_err(|e| e.status()).err(),
        Some(Some(409)),
        "the team survived"
    );
}

// ---------------------------------------------------------------- three vaults

use vaults::three_vaults_edit_offline_converge_through_the_relay_and_show_the_conflict;

mod vaults {
    use super::*;
    use chrono::Utc;
    use vault::{
        AnswerValue, FormRef, KdfParams, NewRecord, Passphrase, Provenance, RecordId, UserText,
        Vault, VaultOptions,
    };

    struct Device {
        vault: Vault,
        client: RelayClient,
        key: DeviceKey,
        state: TeamSync,
        _dir: tempfile::TempDir,
    }

    fn open(r: &Relay, team: TeamId, seed: u8) -> Device {
        let dir = tempfile::tempdir().expect("tempdir");
        let vault = Vault::create(
            dir.path(),
            &Passphrase::new("correct horse battery".into()),
            VaultOptions {
                kdf: KdfParams::insecure_for_tests(),
                ..VaultOptions::default()
            },
        )
        .expect("vault");
        let key = DeviceKey::from_seed([seed; 32]);
        Device {
            vault,
            client: RelayClient::new(&r.base, team, key.clone()),
            key,
            state: TeamSync::new(team),
            _dir: dir,
        }
    }

    /// One round: push every record with unpushed changes, pull to the end.
    async fn sync_round(d: &mut Device, ring: &KeyRing) -> (usize, usize) {
        let (mut pushed, mut pulled) = (0, 0);
        let ids: Vec<RecordId> = d
            .vault
            .list()
            .expect("list")
            .into_iter()
            .map(|c| c.id)
            .collect();
        for id in ids {
            let heads = d.vault.heads(id).expect("heads");
            if let Some(since) = d.state.to_push(id.uuid(), &heads) {
                let changes = d.vault.export_changes(id, &since).expect("export");
                let env = seal(
                    ring.current().expect("key"),
                    d.client.team(),
                    id.uuid(),
                    EnvelopeKind::Chunk,
                    &changes,
                    &d.key,
                    sync::random_bytes().expect("rng"),
                )
                .expect("seal");
                d.client.put_blob(env).await.expect("push");
                d.state.pushed(id.uuid(), &heads, changes.len() as u64);
                pushed += 1;
            }
        }
        for _ in 0..100 {
            let page = d.client.feed(d.state.cursor(), 50).await.expect("pull");
            let got = d.state.receive_page(&page, ring, 1, |_| true);
            assert!(got.rejected.is_empty(), "{:?}", got.rejected);
            for o in got.changes {
                let id = RecordId::from(o.doc);
                let before = d.vault.heads(id).unwrap_or_default();
                d.vault.merge_changes(id, &o.changes).expect("merge");
                let after = d.vault.heads(id).expect("heads");
                d.state.merged(o.doc, &before, &after);
                pulled += 1;
            }
            if !got.more {
                break;
            }
        }
        (pushed, pulled)
    }

    fn answer(d: &mut Device, id: RecordId, q: &str, v: &str) {
        let p = Provenance {
            language: "my".into(),
            at: Utc::now(),
            device_id: d.key.public().to_hex(),
            interpreter: true,
            self_administered: false,
        };
        d.vault
            .apply_answer(id, q, AnswerValue::Value(v.into()), p)
            .expect("answer");
    }

    pub(crate) async fn three_vaults_edit_offline_converge_through_the_relay_and_show_the_conflict(
        r: Relay,
    ) {
        let team = TeamId::new_v4();
        let ring = KeyRing::new(TeamKey::generate(1).expect("key"));
        let mut devs: Vec<Device> = (1..=3).map(|s| open(&r, team, s)).collect();
        devs[0].client.create_team().await.expect("team");
        for i in 1..3 {
            let pk = devs[i].client.device();
            devs[0].client.add_device(&pk).await.expect("add");
        }
        let id = devs[0]
            .vault
            .create_interview(NewRecord {
                form: FormRef {
                    id: "screening".into(),
                    version: "1".into(),
                    hash: "h".into(),
                },
                language: "my".into(),
                device_id: "a".into(),
                created_at: Utc::now(),
                title: UserText::from("CANARY-title-7f3a"),
            })
            .expect("interview");
        for d in devs.iter_mut() {
            sync_round(d, &ring).await;
        }
        assert!(devs.iter_mut().all(|d| d.vault.record(id).is_ok()));

        // Offline: different answers, and the same question answered twice.
        answer(&mut devs[0], id, "name", "CANARY-name-Aung-9c1e");
        answer(&mut devs[1], id, "age", "CANARY-age-31-b2d4");
        answer(&mut devs[2], id, "name", "CANARY-name-Mya-e5f6");
        answer(&mut devs[0], id, "boat", "CANARY-boat-Sea-0a8b");

        // Sync in a scrambled order, then once more each.
        for i in [2, 0, 1, 2, 1, 0] {
            sync_round(&mut devs[i], &ring).await;
        }
        let views: Vec<_> = devs
            .iter_mut()
            .map(|d| d.vault.record(id).expect("record"))
            .collect();
        let heads: Vec<_> = devs
            .iter_mut()
            .map(|d| d.vault.heads(id).expect("heads"))
            .collect();
        assert!(heads.windows(2).all(|w| w[0] == w[1]), "{heads:?}");
        assert!(views.windows(2).all(|w| w[0] == w[1]));
        let name = &views[0].answers["name"];
        assert!(name.is_conflict(), "{name:?}");
        let mut values: Vec<_> = std::iter::once(&name.answer)
            .chain(&name.conflicting)
            .filter_map(|a| a.value.as_value().map(str::to_owned))
            .collect();
        values.sort();
        assert_eq!(values, ["CANARY-name-Aung-9c1e", "CANARY-name-Mya-e5f6"]);
        assert!(!views[0].answers["age"].is_conflict());
        assert_eq!(views[0].conflicts(), ["name"]);
        // Nothing left to push anywhere.
        for d in devs.iter_mut() {
            assert_eq!(sync_round(d, &ring).await.0, 0);
        }

        // The relay's database (files or tables) holds none of the canaries.
        let stored = stored_bytes(&r).await;
        assert!(stored.iter().any(|(_, b)| !b.is_empty()), "nothing stored?");
        for (place, bytes) in &stored {
            for canary in ["CANARY", "Aung", "Mya", "9c1e", "screening"] {
                assert!(
                    !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
                    "{canary} in {place}"
                );
            }
        }
    }
}
