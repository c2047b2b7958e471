//! Enrollment endpoints on loopback: join requests, sealed keys, the
//! membership log; hostile requests get 4xx and change nothing. Every case
//! runs on SQLite and on PostgreSQL (see `common`).

#[macro_use]
mod common;

use common::{Engine, Relay, start};
use relay::client::{RelayClient, is_client_error};
use sync::auth::RequestAuth;
use sync::round::{RoundAnswer, RoundRequest};
use sync::team::{
    BoxKey, DeviceIdentity, Invite, InviteKeys, JoinRequest, LogEntry, LogOp, Membership,
    open_ring, seal_ring,
};
use sync::{DeviceKey, KeyRing, TeamId, TeamKey};

on_both_engines!(
    a_device_joins_with_an_invite_and_receives_its_sealed_keys,
    hostile_enrollment_requests_get_4xx_and_change_nothing,
    pending_join_requests_are_bounded,
    join_requests_without_the_invite_secret_take_no_slot,
    invites_are_one_time_and_expire_on_the_relay,
    one_sync_request_stores_a_whole_batch_or_nothing_and_answers_log_keys_and_feed,
    a_batch_is_verified_once_stored_after_its_seal_and_refused_whole_when_bad,
    a_batch_seal_goes_with_its_last_member_when_snapshots_replace_them,
    a_relay_from_before_sweeps_the_seals_left_with_no_member_once,
);

struct Device {
    sign: DeviceKey,
    boxk: BoxKey,
    client: RelayClient,
}

impl Device {
    fn new(r: &Relay, team: TeamId, seed: u8) -> Self {
        let sign = DeviceKey::from_seed([seed; 32]);
        Device {
            boxk: BoxKey::from_bytes([seed ^ 0x55; 32]),
            client: RelayClient::new(&r.base, team, sign.clone()),
            sign,
        }
    }

    fn ident(&self) -> DeviceIdentity {
        DeviceIdentity {
            sign: self.sign.public(),
            boxk: self.boxk.public(),
        }
    }
}

/// A team whose admin has posted the first log entry.
async fn team(r: &Relay) -> (Device, Membership) {
    let team = TeamId::new_v4();
    let admin = Device::new(r, team, 1);
    admin.client.create_team().await.expect("create");
    let mut m = Membership::new(team, admin.sign.public());
    let first = m
        .next_entry(
            &admin.sign,
            1,
            LogOp::Genesis {
                admin: admin.ident(),
                commit: TeamKey::from_bytes(1, [7; 32]).commitment(team),
                pins: Vec::new(),
            },
        )
        .expect("sign");
    admin.client.post_log(&first).await.expect("first entry");
    m.apply(&first).expect("apply");
    (admin, m)
}

/// (Admin) registers the invite with `secret`, valid for `ms` from now.
async fn register(admin: &Device, secret: [u8; 16], ms: i64) {
    admin
        .client
        .register_invite(&InviteKeys::derive(&secret).registration(relay::system_now_ms() + ms))
        .await
        .expect("register invite");
}

const DAY_MS: i64 = 24 * 3600 * 1000;

async fn status(r: &Relay, dev: &DeviceKey, method: &str, pq: &str, body: Vec<u8>) -> u16 {
    let auth = RequestAuth::sign(
        dev,
        method,
        pq,
        &body,
        relay::system_now_ms(),
        sync::random_bytes().expect("rng"),
    );
    let mut req = common::http()
        .request(method.parse().expect("method"), format!("{}{pq}", r.base))
        .body(body);
    let (k, v) = auth.header();
    req = req.header(k, v);
    req.send().await.expect("send").status().as_u16()
}

async fn a_device_joins_with_an_invite_and_receives_its_sealed_keys(r: Relay) {
    let (admin, mut m) = team(&r).await;
    let t = m.team();
    let joiner = Device::new(&r, t, 2);
    let invite = Invite::new(&r.base, None, t, &admin.sign.public(), [9; 16]).expect("invite");
    register(&admin, [9; 16], DAY_MS).await;

    // Before admission: the joiner may post its request but read nothing.
    let req = JoinRequest::new(
        &Invite::decode(&invite.encode()).expect("code"),
        joiner.ident(),
    );
    joiner.client.post_join(&req).await.expect("join");
    joiner
        .client
        .post_join(&req)
        .await
        .expect("join again replaces");
    assert_eq!(
        joiner.client.keys().await.expect_err("not yet").status(),
        Some(403)
    );
    assert_eq!(
        joiner.client.log(0).await.expect_err("not yet").status(),
        Some(403)
    );

    // The admin sees it, checks the proof, admits: log entry, sealed keys.
    let pending = admin.client.joins().await.expect("joins");
    assert_eq!(pending, vec![req.clone()]);
    assert!(pending[0].proves(&invite.secret));
    let add = m
        .next_entry(&admin.sign, 1, LogOp::Add(pending[0].device))
        .expect("sign");
    admin.client.post_log(&add).await.expect("add entry");
    m.apply(&add).expect("apply");
    let ring = KeyRing::new(TeamKey::from_bytes(1, [7; 32]));
    let sealed = seal_ring(&ring, t, &admin.sign, &pending[0].device, &m.head()).expect("seal");
    admin
        .client
        .put_keys(&joiner.sign.public(), sealed)
        .await
        .expect("keys");
    admin
        .client
        .delete_join(&joiner.sign.public())
        .await
        .expect("drop request");
    assert!(admin.client.joins().await.expect("joins").is_empty());

    // The joiner opens its keys and replays the log to the same membership.
    let got = open_ring(
        &joiner.client.keys().await.expect("keys"),
        t,
        &joiner.sign.public(),
        &joiner.boxk,
        &admin.sign.public(),
    )
    .expect("open")
    .ring;
    assert_eq!(got.get(1).map(|k| *k.expose_bytes()), Some([7; 32]));
    let log = joiner.client.log(0).await.expect("log");
    assert_eq!(log.len(), 2);
    let replay = Membership::from_log(t, admin.sign.public(), &log).expect("replay");
    assert_eq!(replay, m);
    assert_eq!(joiner.client.log(1).await.expect("log").len(), 1);
    // A member cannot join again.
    assert_eq!(
        joiner
            .client
            .post_join(&req)
            .await
            .expect_err("member")
            .status(),
        Some(409)
    );

    // Removal by log entry: refused from then on, sealed keys dropped.
    let rm = m
        .next_entry(&admin.sign, 1, LogOp::Remove(joiner.sign.public()))
        .expect("sign");
    admin.client.post_log(&rm).await.expect("remove entry");
    m.apply(&rm).expect("apply");
    assert_eq!(
        joiner.client.keys().await.expect_err("removed").status(),
        Some(403)
    );
    assert_eq!(
        joiner
            .client
            .feed(0, 10)
            .await
            .expect_err("removed")
            .status(),
        Some(403)
    );
    assert_eq!(
        joiner
            .client
            .post_join(&req)
            .await
            .expect_err("removed")
            .status(),
        Some(403)
    );
    let rot = m
        .next_entry(
            &admin.sign,
            1,
            LogOp::Rotate {
                epoch: 2,
                commit: [0; 32],
            },
        )
        .expect("sign");
    admin.client.post_log(&rot).await.expect("rotate entry");
    m.apply(&rot).expect("apply");
    let log = admin.client.log(0).await.expect("log");
    assert_eq!(
        Membership::from_log(t, admin.sign.public(), &log).expect("replay"),
        m
    );
}

async fn hostile_enrollment_requests_get_4xx_and_change_nothing(r: Relay) {
    let (admin, m) = team(&r).await;
    let t = m.team();
    let member = Device::new(&r, t, 3);
    let outsider = Device::new(&r, t, 4);
    let mut m = m;
    let add = m
        .next_entry(&admin.sign, 1, LogOp::Add(member.ident()))
        .expect("sign");
    admin.client.post_log(&add).await.expect("add");
    m.apply(&add).expect("apply");
    let log_before = admin.client.log(0).await.expect("log");

    let invite = Invite::new(&r.base, None, t, &admin.sign.public(), [1; 16]).expect("invite");
    register(&admin, [1; 16], DAY_MS).await;
    let joins = format!("/v1/teams/{t}/joins");
    let logp = format!("/v1/teams/{t}/log");
    let outsider_req = JoinRequest::new(&invite, outsider.ident());

    // Join requests: garbage, truncated, another team's, another device's.
    assert_eq!(
        status(&r, &outsider.sign, "POST", &joins, b"junk".to_vec()).await,
        400
    );
    let wire = outsider_req.encode();
    assert_eq!(
        status(
            &r,
            &outsider.sign,
            "POST",
            &joins,
            wire[..wire.len() - 1].to_vec()
        )
        .await,
        400
    );
    let other_team = Invite::new(
        &r.base,
        None,
        TeamId::new_v4(),
        &admin.sign.public(),
        [1; 16],
    )
    .expect("invite");
    assert_eq!(
        status(
            &r,
            &outsider.sign,
            "POST",
            &joins,
            JoinRequest::new(&other_team, outsider.ident()).encode()
        )
        .await,
        400
    );
    let stranger = Device::new(&r, t, 6);
    assert_eq!(
        status(&r, &stranger.sign, "POST", &joins, wire.clone()).await,
        403,
        "a request posted by a device it does not name"
    );
    assert_eq!(
        status(&r, &member.sign, "POST", &joins, wire.clone()).await,
        409,
        "a member does not join again"
    );
    assert_eq!(
        status(
            &r,
            &outsider.sign,
            "POST",
            &format!("/v1/teams/{}/joins", TeamId::new_v4()),
            wire.clone()
        )
        .await,
        404,
        "no such team (answered from the path and headers)"
    );
    assert!(admin.client.joins().await.expect("joins").is_empty());

    // Only the admin reads or drops join requests, puts keys, appends the log.
    outsider
        .client
        .post_join(&outsider_req)
        .await
        .expect("join");
    for (method, path, body) in [
        ("GET", joins.clone(), Vec::new()),
        (
            "DELETE",
            format!("{joins}/{}", outsider.sign.public()),
            Vec::new(),
        ),
        (
            "PUT",
            format!("/v1/teams/{t}/keys/{}", member.sign.public()),
            seal_ring(
                &KeyRing::new(TeamKey::from_bytes(1, [3; 32])),
                t,
                &admin.sign,
                &member.ident(),
                &m.head(),
            )
            .expect("seal"),
        ),
        (
            "POST",
            logp.clone(),
            m.next_entry(&member.sign, 1, LogOp::Add(outsider.ident()))
                .expect("sign")
                .encode(),
        ),
    ] {
        assert_eq!(
            status(&r, &member.sign, method, &path, body.clone()).await,
            403,
            "{method} {path}"
        );
        assert_eq!(
            status(&r, &outsider.sign, method, &path, body).await,
            403,
            "{method} {path}"
        );
    }
    assert_eq!(admin.client.joins().await.expect("joins").len(), 1);

    // Log entries the chain refuses, even from the admin: forged signature
    // (signed by a member), wrong index, illegal step, garbage.
    let forged = m
        .next_entry(
            &member.sign,
            1,
            LogOp::Rotate {
                epoch: 2,
                commit: [0; 32],
            },
        )
        .expect("sign");
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, forged.encode()).await,
        400
    );
    let stale = LogEntry::sign(
        &admin.sign,
        t,
        1,
        [0; 32],
        1,
        LogOp::Rotate {
            epoch: 2,
            commit: [0; 32],
        },
    )
    .expect("sign");
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, stale.encode()).await,
        409
    );
    let illegal = m
        .next_entry(&admin.sign, 1, LogOp::Remove(admin.sign.public()))
        .expect("sign");
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, illegal.encode()).await,
        400
    );
    let skip = m
        .next_entry(
            &admin.sign,
            1,
            LogOp::Rotate {
                epoch: 5,
                commit: [0; 32],
            },
        )
        .expect("sign");
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, skip.encode()).await,
        400
    );
    // Too large: answered from the declared length (no body is sent, so
    // nothing races the answer).
    assert_eq!(
        common::head_only(&r, &admin.sign, "POST", &logp, 10_000).await,
        413
    );
    // Keys: to a non-member, too small, too large.
    let ring = KeyRing::new(TeamKey::from_bytes(1, [3; 32]));
    let to_outsider = seal_ring(&ring, t, &admin.sign, &outsider.ident(), &m.head()).expect("seal");
    assert_eq!(
        status(
            &r,
            &admin.sign,
            "PUT",
            &format!("/v1/teams/{t}/keys/{}", outsider.sign.public()),
            to_outsider
        )
        .await,
        409
    );
    let keys_member = format!("/v1/teams/{t}/keys/{}", member.sign.public());
    assert_eq!(
        status(&r, &admin.sign, "PUT", &keys_member, vec![1; 10]).await,
        400
    );
    assert_eq!(
        common::head_only(&r, &admin.sign, "PUT", &keys_member, 20_000).await,
        413
    );
    assert_eq!(
        status(
            &r,
            &admin.sign,
            "PUT",
            &format!("/v1/teams/{t}/keys/zz"),
            vec![1; 200]
        )
        .await,
        400
    );
    // Unknown team.
    assert_eq!(
        status(
            &r,
            &admin.sign,
            "GET",
            &format!("/v1/teams/{}/log", TeamId::new_v4()),
            Vec::new()
        )
        .await,
        404
    );
    // Replayed request: the same signed headers twice.
    let auth = RequestAuth::sign(
        &admin.sign,
        "GET",
        &joins,
        b"",
        relay::system_now_ms(),
        [5; 16],
    );
    let mut codes = Vec::new();
    for _ in 0..2 {
        let mut req = common::http().get(format!("{}{joins}", r.base));
        let (k, v) = auth.header();
        req = req.header(k, v);
        codes.push(req.send().await.expect("send").status().as_u16());
    }
    assert_eq!(codes, vec![200, 401]);

    // Nothing changed: same log, the member has no keys, the request is pending.
    assert_eq!(admin.client.log(0).await.expect("log"), log_before);
    let e = member.client.keys().await.expect_err("no keys");
    assert!(is_client_error(&e) && e.status() == Some(404));
    assert_eq!(
        admin.client.joins().await.expect("joins"),
        vec![outsider_req]
    );
}

async fn pending_join_requests_are_bounded(r: Relay) {
    let (admin, m) = team(&r).await;
    let t = m.team();
    let max = relay::RelayConfig::default().max_pending_joins;
    for i in 0..=max {
        register(&admin, [i as u8 + 1; 16], DAY_MS).await;
    }
    for i in 0..max {
        let d = Device::new(&r, t, 10 + i as u8);
        let invite =
            Invite::new(&r.base, None, t, &admin.sign.public(), [i as u8 + 1; 16]).expect("invite");
        d.client
            .post_join(&JoinRequest::new(&invite, d.ident()))
            .await
            .expect("join");
    }
    let extra = Device::new(&r, t, 200);
    let invite =
        Invite::new(&r.base, None, t, &admin.sign.public(), [max as u8 + 1; 16]).expect("invite");
    let e = extra
        .client
        .post_join(&JoinRequest::new(&invite, extra.ident()))
        .await
        .expect_err("full");
    assert_eq!(e.status(), Some(409));
    assert_eq!(admin.client.joins().await.expect("joins").len(), max);
}

/// A stranger who knows the team id but not the invite code takes no
/// pending slot: an unregistered invite, a proof made with another secret
/// for a registered invite's id, and a registered invite's id with
/// garbage instead of a proof are all refused, and the pending list stays
/// empty; the device holding the code then joins.
async fn join_requests_without_the_invite_secret_take_no_slot(r: Relay) {
    let (admin, m) = team(&r).await;
    let t = m.team();
    let secret = [42u8; 16];
    register(&admin, secret, DAY_MS).await;
    let registered = InviteKeys::derive(&secret).id;
    let joins = format!("/v1/teams/{t}/joins");
    for (i, seed) in (60u8..70).enumerate() {
        let d = Device::new(&r, t, seed);
        // A guessed secret: its own invite id, never registered.
        let guess =
            Invite::new(&r.base, None, t, &admin.sign.public(), [seed; 16]).expect("invite");
        let e = d
            .client
            .post_join(&JoinRequest::new(&guess, d.ident()))
            .await
            .expect_err("unregistered");
        assert_eq!(e.status(), Some(404), "{e}");
        // The registered id, proved with the guessed secret's key.
        let mut forged = JoinRequest::new(&guess, d.ident()).encode();
        forged[84..100].copy_from_slice(&registered);
        if i % 2 == 1 {
            forged[100..].fill(seed);
        }
        assert_eq!(
            status(&r, &d.sign, "POST", &joins, forged).await,
            403,
            "a proof that does not verify"
        );
    }
    assert!(admin.client.joins().await.expect("joins").is_empty());
    // The slot is still free for the device that holds the code.
    let holder = Device::new(&r, t, 90);
    let invite = Invite::new(&r.base, None, t, &admin.sign.public(), secret).expect("invite");
    holder
        .client
        .post_join(&JoinRequest::new(&invite, holder.ident()))
        .await
        .expect("join with the code");
    let pending = admin.client.joins().await.expect("joins");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].device, holder.ident());
}

/// One device per invite, and none after it expires: a second device with
/// the same code is refused (410, nothing pending for it), the first may
/// ask again; an invite registered to expire soon is refused once it has.
async fn invites_are_one_time_and_expire_on_the_relay(r: Relay) {
    let (admin, m) = team(&r).await;
    let t = m.team();
    register(&admin, [7; 16], DAY_MS).await;
    let invite = Invite::new(&r.base, None, t, &admin.sign.public(), [7; 16]).expect("invite");
    let (first, second) = (Device::new(&r, t, 20), Device::new(&r, t, 21));
    let req = JoinRequest::new(&invite, first.ident());
    first.client.post_join(&req).await.expect("join");
    first
        .client
        .post_join(&req)
        .await
        .expect("the same device again");
    let e = second
        .client
        .post_join(&JoinRequest::new(&invite, second.ident()))
        .await
        .expect_err("used");
    assert_eq!(
        (e.status(), e.reason()),
        (Some(410), Some("gone: invite used"))
    );
    assert_eq!(admin.client.joins().await.expect("joins"), vec![req]);

    // Expiry: registered for 1.5 s, used after 2 s (time only moves on).
    register(&admin, [8; 16], 1500).await;
    tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
    let late = Device::new(&r, t, 22);
    let invite = Invite::new(&r.base, None, t, &admin.sign.public(), [8; 16]).expect("invite");
    let e = late
        .client
        .post_join(&JoinRequest::new(&invite, late.ident()))
        .await
        .expect_err("expired");
    assert_eq!(
        (e.status(), e.reason()),
        (Some(410), Some("gone: invite expired"))
    );
    assert_eq!(admin.client.joins().await.expect("joins").len(), 1);

    // Registrations the relay refuses: already expired, too far ahead,
    // malformed, or from a member who is not the admin.
    let invites = format!("/v1/teams/{t}/invites");
    let now = relay::system_now_ms();
    for expires in [now - 1, now + 31 * DAY_MS] {
        let body = InviteKeys::derive(&[9; 16]).registration(expires).encode();
        assert_eq!(status(&r, &admin.sign, "POST", &invites, body).await, 400);
    }
    assert_eq!(
        status(&r, &admin.sign, "POST", &invites, vec![0; 60]).await,
        400
    );
    let body = InviteKeys::derive(&[9; 16])
        .registration(now + DAY_MS)
        .encode();
    assert_eq!(status(&r, &first.sign, "POST", &invites, body).await, 403);
}

fn req(log_len: u32, key_epoch: u32, cursor: u64, envelopes: Vec<&[u8]>) -> RoundRequest<'_> {
    RoundRequest {
        log_len,
        key_epoch,
        cursor,
        limit: 100,
        envelopes,
    }
}

async fn one_sync_request_stores_a_whole_batch_or_nothing_and_answers_log_keys_and_feed(r: Relay) {
    use sync::envelope::{EnvelopeKind, seal};
    let (admin, m) = team(&r).await;
    let t = m.team();
    let member = Device::new(&r, t, 5);
    let add = m
        .next_entry(&admin.sign, 1, LogOp::Add(member.ident()))
        .expect("sign");
    admin.client.post_log(&add).await.expect("add");
    let key = TeamKey::from_bytes(1, [4; 32]);
    let env = |dev: &DeviceKey, doc: u128, kind| {
        seal(
            &key,
            t,
            sync::DocId::from_u128(doc),
            kind,
            b"changes",
            dev,
            [doc as u8; 12],
        )
        .expect("seal")
    };
    let good = env(&admin.sign, 1, EnvelopeKind::Chunk);
    let snap = env(&admin.sign, 2, EnvelopeKind::Snapshot);
    let sync_path = format!("/v1/teams/{t}/sync");
    let enc = |envelopes: &[&[u8]]| req(2, 1, 0, envelopes.to_vec()).encode();
    let nothing_stored = || async {
        let page = member.client.feed(0, 100).await.expect("feed");
        page.items.is_empty()
    };
    // One bad item, one item signed by another member, garbage, a bad
    // limit, trailing bytes, too many bytes: refused, nothing stored.
    assert_eq!(
        status(&r, &admin.sign, "POST", &sync_path, enc(&[&good, b"junk"])).await,
        400
    );
    let theirs = env(&member.sign, 3, EnvelopeKind::Chunk);
    assert_eq!(
        status(&r, &admin.sign, "POST", &sync_path, enc(&[&good, &theirs])).await,
        403
    );
    let other_team = seal(
        &key,
        TeamId::new_v4(),
        sync::DocId::from_u128(4),
        EnvelopeKind::Chunk,
        b"x",
        &admin.sign,
        [4; 12],
    )
    .expect("seal");
    assert_eq!(
        status(
            &r,
            &admin.sign,
            "POST",
            &sync_path,
            enc(&[&good, &other_team])
        )
        .await,
        400
    );
    let mut flipped = good.clone();
    flipped[90] ^= 1;
    assert_eq!(
        status(&r, &admin.sign, "POST", &sync_path, enc(&[&snap, &flipped])).await,
        400
    );
    assert_eq!(
        status(&r, &admin.sign, "POST", &sync_path, b"FSR1garbage".to_vec()).await,
        400
    );
    let mut zero_limit = enc(&[&good]);
    zero_limit[20..24].copy_from_slice(&0u32.to_be_bytes());
    assert_eq!(
        status(&r, &admin.sign, "POST", &sync_path, zero_limit).await,
        400
    );
    let mut trailing = enc(&[&good]);
    trailing.push(0);
    assert_eq!(
        status(&r, &admin.sign, "POST", &sync_path, trailing).await,
        400
    );
    assert_eq!(
        common::head_only(
            &r,
            &admin.sign,
            "POST",
            &sync_path,
            2 * sync::MAX_ENVELOPE_BYTES
        )
        .await,
        413
    );
    // Wrongly signed: signed by the member, claimed by the admin.
    let body = enc(&[&good]);
    let by_member = RequestAuth::sign(
        &member.sign,
        "POST",
        &sync_path,
        &body,
        relay::system_now_ms(),
        [6; 16],
    );
    let mut raw = by_member.to_raw();
    raw[..32].copy_from_slice(&admin.sign.public().0);
    let code = common::http()
        .post(format!("{}{sync_path}", r.base))
        .header(sync::auth::H_AUTH, sync::auth::header_value(&raw))
        .body(body.clone())
        .send()
        .await
        .expect("send")
        .status()
        .as_u16();
    assert_eq!(code, 401);
    assert!(nothing_stored().await);

    // A good round: every item in order, and the same signed request
    // replayed is refused and stores nothing more.
    let auth = RequestAuth::sign(
        &admin.sign,
        "POST",
        &sync_path,
        &enc(&[&good, &snap]),
        relay::system_now_ms(),
        [7; 16],
    );
    let mut answers = Vec::new();
    for _ in 0..2 {
        let resp = common::http()
            .post(format!("{}{sync_path}", r.base))
            .header(auth.header().0, auth.header().1)
            .body(enc(&[&good, &snap]))
            .send()
            .await
            .expect("send");
        answers.push((resp.status().as_u16(), resp.bytes().await.expect("body")));
    }
    assert_eq!(answers[0].0, 200);
    assert_eq!(answers[1].0, 401);
    let first = RoundAnswer::decode(&answers[0].1).expect("answer");
    assert_eq!(first.stored, 2);
    assert!(first.log.is_empty() && first.keys.is_none());
    // The uploader does not get its own envelopes back; its cursor moves on.
    assert!(first.page.items.is_empty() && first.page.next > 0);
    let page = member.client.feed(0, 100).await.expect("feed");
    let got: Vec<_> = page.items.iter().map(|i| i.bytes.clone()).collect();
    assert_eq!(got, vec![good.clone(), snap.clone()]);
    assert_eq!(first.page.next, page.next);

    // The member, knowing nothing yet: the whole log, its sealed keys (the
    // log's epoch 1 is newer than none) and the feed, in one answer.
    let ring = KeyRing::new(key.clone());
    admin
        .client
        .put_keys(
            &member.sign.public(),
            seal_ring(&ring, t, &admin.sign, &member.ident(), &m.head()).expect("seal"),
        )
        .await
        .expect("keys");
    let fresh = member
        .client
        .round(&req(0, 0, 0, vec![]))
        .await
        .expect("round");
    assert_eq!(fresh.stored, 0);
    assert_eq!(fresh.log.len(), 2);
    let keys = open_ring(
        fresh.keys.as_deref().expect("keys"),
        t,
        &member.sign.public(),
        &member.boxk,
        &admin.sign.public(),
    )
    .expect("open")
    .ring;
    assert_eq!(keys.current().map(TeamKey::epoch), Some(1));
    assert_eq!(fresh.page, page);
    // Up to date: nothing but an empty page.
    let idle = member
        .client
        .round(&req(2, 1, page.next, vec![]))
        .await
        .expect("round");
    assert_eq!(
        idle,
        RoundAnswer {
            log_total: 2,
            relay_time_ms: idle.relay_time_ms,
            page: sync::FeedPage {
                next: page.next,
                ..Default::default()
            },
            ..Default::default()
        }
    );

    // A rotation the member has not seen: its envelopes (sealed under the
    // old key) are not stored; it gets the new entries and keys instead.
    let mut m = m;
    m.apply(&add).expect("apply");
    let third = Device::new(&r, t, 6);
    let add3 = m
        .next_entry(&admin.sign, 1, LogOp::Add(third.ident()))
        .expect("sign");
    admin.client.post_log(&add3).await.expect("add third");
    m.apply(&add3).expect("apply");
    let rm = m
        .next_entry(&admin.sign, 1, LogOp::Remove(third.sign.public()))
        .expect("sign");
    admin.client.post_log(&rm).await.expect("remove third");
    m.apply(&rm).expect("apply");
    let rot = m
        .next_entry(
            &admin.sign,
            1,
            LogOp::Rotate {
                epoch: 2,
                commit: [0; 32],
            },
        )
        .expect("sign");
    admin.client.post_log(&rot).await.expect("rotate");
    let mut ring2 = ring.clone();
    ring2.insert(TeamKey::from_bytes(2, [5; 32]));
    admin
        .client
        .put_keys(
            &member.sign.public(),
            seal_ring(&ring2, t, &admin.sign, &member.ident(), &m.head()).expect("seal"),
        )
        .await
        .expect("keys");
    let mine = env(&member.sign, 7, EnvelopeKind::Chunk);
    let behind = member
        .client
        .round(&req(2, 1, page.next, vec![&mine]))
        .await
        .expect("round");
    assert_eq!(behind.stored, 0);
    assert_eq!(behind.log.len(), 3);
    let keys = open_ring(
        behind.keys.as_deref().expect("keys"),
        t,
        &member.sign.public(),
        &member.boxk,
        &admin.sign.public(),
    )
    .expect("open")
    .ring;
    assert_eq!(keys.current().map(TeamKey::epoch), Some(2));
    assert!(
        admin
            .client
            .feed(page.next, 100)
            .await
            .expect("feed")
            .items
            .is_empty()
    );
    // Caught up but still sealing under the replaced key: refused (409,
    // nothing stored); resealed under the log's epoch: stored.
    let stale = member
        .client
        .round(&req(5, 2, page.next, vec![&mine]))
        .await
        .expect_err("stale epoch");
    assert_eq!(stale.status(), Some(409));
    let mine = seal(
        keys.current().expect("key 2"),
        t,
        sync::DocId::from_u128(7),
        EnvelopeKind::Chunk,
        b"changes",
        &member.sign,
        [7; 12],
    )
    .expect("seal");
    let caught_up = member
        .client
        .round(&req(5, 2, page.next, vec![&mine]))
        .await
        .expect("round");
    assert_eq!(
        (caught_up.stored, caught_up.log.len(), caught_up.keys),
        (1, 0, None)
    );
    let seen = admin.client.feed(page.next, 100).await.expect("feed");
    assert_eq!(seen.items.len(), 1);
    assert_eq!(seen.items[0].bytes, mine);

    // A removed device is refused.
    let e = third
        .client
        .round(&req(5, 2, 0, vec![]))
        .await
        .expect_err("removed");
    assert_eq!(e.status(), Some(403));
}

/// A device the admin adds to the team's log (another member than the
/// uploader reads the feed: a device is not sent its own blobs).
async fn added_member(r: &Relay, admin: &Device, m: &mut Membership, seed: u8) -> Device {
    let member = Device::new(r, m.team(), seed);
    let add = m
        .next_entry(&admin.sign, 1, LogOp::Add(member.ident()))
        .expect("sign");
    admin.client.post_log(&add).await.expect("add");
    m.apply(&add).expect("apply");
    member
}

/// Batch members of `kind`, one per document, each holding `"changes
/// {doc}"`, under the team key of the batch tests (epoch 1).
fn batch_members(
    t: TeamId,
    docs: impl IntoIterator<Item = u128>,
    kind: sync::envelope::EnvelopeKind,
    nonce: u8,
) -> Vec<Vec<u8>> {
    let key = TeamKey::from_bytes(1, [4; 32]);
    docs.into_iter()
        .map(|doc| {
            sync::batch::seal_member(
                &key,
                t,
                sync::DocId::from_u128(doc),
                kind,
                format!("changes {doc}").as_bytes(),
                [nonce ^ doc as u8; 12],
            )
            .expect("member")
        })
        .collect()
}

async fn a_batch_is_verified_once_stored_after_its_seal_and_refused_whole_when_bad(r: Relay) {
    use sync::batch::{Seal, seal_member};
    use sync::envelope::EnvelopeKind;
    let (admin, mut m) = team(&r).await;
    let t = m.team();
    let member = added_member(&r, &admin, &mut m, 5).await;
    let key = TeamKey::from_bytes(1, [4; 32]);
    let ring = KeyRing::new(key.clone());
    let seal_docs = |docs, kind| batch_members(t, docs, kind, 0);
    let members = seal_docs(1..=3, EnvelopeKind::Snapshot);
    let refs: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
    let seal = Seal::sign(&admin.sign, t, &refs);
    let sync_path = format!("/v1/teams/{t}/sync");
    let signed = |envs: &[&[u8]], sig: &[u8; 64]| req(2, 1, 0, envs.to_vec()).encode_signed(sig);
    let nothing_stored = || async {
        member
            .client
            .feed(0, 100)
            .await
            .expect("feed")
            .items
            .is_empty()
    };

    // Hostile batches: refused whole (400), nothing stored.
    let for_seals_doc = seal_member(
        &key,
        t,
        relay::seal_doc(t),
        EnvelopeKind::Chunk,
        b"x",
        [1; 12],
    )
    .expect("member");
    let mut tampered = members[1].clone();
    tampered[40] ^= 1;
    let bad: Vec<Vec<u8>> = vec![
        // One member changed after signing: the seal no longer verifies.
        signed(&[refs[0], &tampered, refs[2]], &seal.signature),
        // Signed by another member than the uploader.
        signed(&refs, &Seal::sign(&member.sign, t, &refs).signature),
        // Signed for another team.
        signed(
            &refs,
            &Seal::sign(&admin.sign, TeamId::new_v4(), &refs).signature,
        ),
        // The signature of another batch.
        signed(&refs[..2], &seal.signature),
        // A version 1 envelope among batch members.
        signed(
            &[
                refs[0],
                &sync::envelope::seal(
                    &key,
                    t,
                    sync::DocId::from_u128(9),
                    EnvelopeKind::Chunk,
                    b"x",
                    &admin.sign,
                    [9; 12],
                )
                .expect("v1"),
            ],
            &seal.signature,
        ),
        // A member for the seals' document.
        signed(
            &[&for_seals_doc],
            &Seal::sign(&admin.sign, t, &[&for_seals_doc]).signature,
        ),
    ];
    for body in bad {
        assert_eq!(status(&r, &admin.sign, "POST", &sync_path, body).await, 400);
    }
    // A self-signed envelope for the seals' document (a snapshot of it
    // would compact the team's seals).
    let for_seals = sync::envelope::seal(
        &key,
        t,
        relay::seal_doc(t),
        EnvelopeKind::Snapshot,
        b"x",
        &admin.sign,
        [2; 12],
    )
    .expect("v1");
    assert_eq!(
        status(
            &r,
            &admin.sign,
            "POST",
            &sync_path,
            req(2, 1, 0, vec![&for_seals]).encode()
        )
        .await,
        400
    );
    assert_eq!(
        status(
            &r,
            &admin.sign,
            "POST",
            &format!("/v1/teams/{t}/snapshots?covers=0"),
            for_seals.clone()
        )
        .await,
        400
    );
    // Truncated anywhere: refused.
    let good = signed(&refs, &seal.signature);
    for cut in [4, 30, 60, 100, good.len() - 1] {
        assert_eq!(
            status(&r, &admin.sign, "POST", &sync_path, good[..cut].to_vec()).await,
            400,
            "{cut}"
        );
    }
    assert!(nothing_stored().await);

    // The good batch: one seal row, then its members, in order.
    let answer = admin
        .client
        .round_signed(&req(2, 1, 0, refs.clone()), &seal.signature)
        .await
        .expect("round");
    assert_eq!(answer.stored, 3);
    assert!(answer.page.items.is_empty(), "not its own batch back");
    let page = member.client.feed(0, 100).await.expect("feed");
    let got: Vec<Vec<u8>> = page.items.iter().map(|i| i.bytes.clone()).collect();
    let mut want = vec![seal.encode()];
    want.extend(members.iter().cloned());
    assert_eq!(got, want);
    let mut state = sync::TeamSync::new(t);
    let pulled = state.receive_page(&page, &ring, 1, |d| m.is_member(d));
    assert!(pulled.rejected.is_empty(), "{:?}", pulled.rejected);
    assert_eq!(pulled.changes.len(), 3);
    assert!(
        pulled
            .changes
            .iter()
            .all(|o| o.signer == admin.sign.public())
    );

    // A page that starts inside the batch gets the seal first again.
    let inside = member
        .client
        .feed(page.items[1].seq, 100)
        .await
        .expect("feed");
    assert_eq!(inside.items[0].bytes, seal.encode());
    assert_eq!(inside.items.len(), 3);
    let mut later = sync::TeamSync::new(t);
    let pulled = later.receive_page(&inside, &ring, 1, |d| m.is_member(d));
    assert!(pulled.rejected.is_empty(), "{:?}", pulled.rejected);
    assert_eq!(pulled.changes.len(), 2);
    let one = member
        .client
        .feed(page.items[1].seq, 1)
        .await
        .expect("feed");
    assert_eq!(one.items.len(), 2, "the seal and one member");
    assert!(one.more);

    // A removed device's batch: refused at the relay (403), nothing stored;
    // its batch stored before the removal is refused by a receiver that
    // knows of the removal.
    let mine = seal_docs(20..=21, EnvelopeKind::Chunk);
    let mine_refs: Vec<&[u8]> = mine.iter().map(Vec::as_slice).collect();
    let mine_seal = Seal::sign(&member.sign, t, &mine_refs);
    member
        .client
        .round_signed(
            &req(2, 1, page.next, mine_refs.clone()),
            &mine_seal.signature,
        )
        .await
        .expect("stored while a member");
    let rm = m
        .next_entry(&admin.sign, 1, LogOp::Remove(member.sign.public()))
        .expect("sign");
    admin.client.post_log(&rm).await.expect("remove");
    m.apply(&rm).expect("apply");
    let before = admin.client.feed(0, 100).await.expect("feed");
    assert_eq!(
        member
            .client
            .round_signed(&req(3, 1, 0, mine_refs.clone()), &mine_seal.signature)
            .await
            .expect_err("removed")
            .status(),
        Some(403)
    );
    assert_eq!(admin.client.feed(0, 100).await.expect("feed"), before);
    let their_page = admin.client.feed(page.next, 100).await.expect("feed");
    assert_eq!(their_page.items.len(), 3, "its seal and two members");
    let mut receiver = sync::TeamSync::new(t);
    let pulled = receiver.receive_page(&their_page, &ring, 1, |d| m.is_member(d));
    assert!(
        pulled.changes.is_empty(),
        "nothing of the removed device merged"
    );
    assert_eq!(pulled.rejected.len(), 3);
    assert!(
        pulled
            .rejected
            .iter()
            .all(|(_, e)| *e == sync::EnvelopeError::UnknownSigner)
    );
}

/// A snapshot that replaces a batch member keeps the batch's seal while
/// another member is stored (a page starting inside the batch still gets
/// it first) and takes it with the last one: a device pulling the feed
/// from its start is not sent seals with nothing left to sign, and the
/// team's quota stops counting them. A version 1 envelope stored between
/// batches and another batch are left alone.
async fn a_batch_seal_goes_with_its_last_member_when_snapshots_replace_them(r: Relay) {
    use sync::batch::Seal;
    use sync::envelope::EnvelopeKind;
    let (admin, mut m) = team(&r).await;
    let t = m.team();
    let reader = added_member(&r, &admin, &mut m, 5).await;
    let key = TeamKey::from_bytes(1, [4; 32]);
    let ring = KeyRing::new(key.clone());
    let batch = |docs: &[u128], nonce: u8| -> (Vec<Vec<u8>>, Seal) {
        let members = batch_members(t, docs.iter().copied(), EnvelopeKind::Chunk, nonce);
        let refs: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
        let seal = Seal::sign(&admin.sign, t, &refs);
        (members, seal)
    };
    let push = |members: Vec<Vec<u8>>, seal: Seal| {
        let admin = &admin;
        async move {
            let refs: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
            admin
                .client
                .round_signed(&req(2, 1, 0, refs), &seal.signature)
                .await
                .expect("batch")
        }
    };
    let v1 = |kind, doc: u128, nonce: u8| {
        sync::envelope::seal(
            &key,
            t,
            sync::DocId::from_u128(doc),
            kind,
            format!("{kind:?} {doc}").as_bytes(),
            &admin.sign,
            [nonce; 12],
        )
        .expect("envelope")
    };
    let snapshot = |doc, nonce| v1(EnvelopeKind::Snapshot, doc, nonce);
    let (first, first_seal) = batch(&[1, 2], 10);
    push(first, first_seal.clone()).await;
    admin
        .client
        .put_blob(v1(EnvelopeKind::Chunk, 9, 11))
        .await
        .expect("a version 1 envelope");
    let (second, second_seal) = batch(&[3], 20);
    push(second, second_seal.clone()).await;
    let feed = || async { reader.client.feed(0, 100).await.expect("feed") };
    let before = feed().await;
    assert_eq!(
        before.items.len(),
        6,
        "seal, 2 members, 1 envelope, seal, 1 member"
    );
    let newest = before.items[5].seq;

    // Record 1 compacted: its member goes, the seal stays for record 2's.
    admin
        .client
        .put_snapshot(newest, snapshot(1, 30))
        .await
        .expect("snapshot 1");
    let after_one = feed().await;
    assert_eq!(after_one.items.len(), 6);
    assert!(common::quota_counters_agree(&r).await);
    assert_eq!(after_one.items[0].bytes, first_seal.encode());
    let inside = reader
        .client
        .feed(after_one.items[0].seq, 100)
        .await
        .expect("feed");
    assert_eq!(
        inside.items[0].bytes,
        first_seal.encode(),
        "the seal first again"
    );

    // Record 2 compacted too: the first batch's seal goes with it.
    admin
        .client
        .put_snapshot(newest, snapshot(2, 31))
        .await
        .expect("snapshot 2");
    let after_two = feed().await;
    let bodies: Vec<&[u8]> = after_two.items.iter().map(|i| i.bytes.as_slice()).collect();
    assert!(
        !bodies.contains(&first_seal.encode().as_slice()),
        "the emptied seal is gone"
    );
    assert!(
        bodies.contains(&second_seal.encode().as_slice()),
        "another batch's stays"
    );
    assert!(
        common::quota_counters_agree(&r).await,
        "the seal's bytes left the quota"
    );
    assert_eq!(
        after_two.items.len(),
        5,
        "the envelope, the second batch, two snapshots"
    );

    // What a new device pulls from the start opens whole.
    let mut state = sync::TeamSync::new(t);
    let pulled = state.receive_page(&after_two, &ring, 1, |d| m.is_member(d));
    assert!(pulled.rejected.is_empty(), "{:?}", pulled.rejected);
    assert_eq!(pulled.changes.len(), 4);
}

/// A relay from before seals were dropped with their last member kept
/// them all: opened by this build, it sweeps them once (the seals whose
/// members are gone; a seal with a member left stays) and counts its
/// blobs again.
async fn a_relay_from_before_sweeps_the_seals_left_with_no_member_once(mut r: Relay) {
    use sync::batch::Seal;
    use sync::envelope::EnvelopeKind;
    let (admin, mut m) = team(&r).await;
    let t = m.team();
    let reader = added_member(&r, &admin, &mut m, 5).await;
    let mut seals = Vec::new();
    for docs in [&[1u128, 2][..], &[3]] {
        let members = batch_members(t, docs.iter().copied(), EnvelopeKind::Chunk, 0);
        let refs: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
        let seal = Seal::sign(&admin.sign, t, &refs);
        admin
            .client
            .round_signed(&req(2, 1, 0, refs.clone()), &seal.signature)
            .await
            .expect("batch");
        seals.push(seal.encode());
    }
    let before = reader.client.feed(0, 100).await.expect("feed");
    assert_eq!(before.items.len(), 5);
    // What an older relay's snapshot of record 3 left: its member gone,
    // its seal kept; and that relay's schema version.
    let member = before.items[4].seq;
    common::raw_sql(
        &r,
        &format!("DELETE FROM blobs WHERE seq = {member}; PRAGMA user_version = 1;"),
        &format!("DELETE FROM blobs WHERE seq = {member}; UPDATE relay_schema SET version = 3;"),
    )
    .await;
    assert!(!common::quota_counters_agree(&r).await);

    r.restart().await;
    let reader = Device::new(&r, t, 5);
    let after = reader.client.feed(0, 100).await.expect("feed");
    let bodies: Vec<&[u8]> = after.items.iter().map(|i| i.bytes.as_slice()).collect();
    assert_eq!(
        bodies.len(),
        3,
        "the first batch whole, nothing of the second"
    );
    assert_eq!(bodies[0], seals[0].as_slice());
    assert!(!bodies.contains(&seals[1].as_slice()));
    assert!(common::quota_counters_agree(&r).await);
    // Once: a later open changes nothing.
    r.restart().await;
    let reader = Device::new(&r, t, 5);
    assert_eq!(reader.client.feed(0, 100).await.expect("feed"), after);
}
