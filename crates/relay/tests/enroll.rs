//! Enrollment endpoints on loopback: join requests, sealed keys, the
//! membership log; hostile requests get 4xx and change nothing. Every case
//! runs on SQLite and on PostgreSQL (see `common`).

#[macro_use]
mod common;

use common::{Engine, Relay, start};
use relay::client::{RelayClient, is_client_error};
use sync::auth::RequestAuth;
use sync::team::{
    BoxKey, DeviceIdentity, Invite, JoinRequest, LogEntry, LogOp, Membership, open_ring, seal_ring,
};
use sync::{DeviceKey, KeyRing, TeamId, TeamKey};

on_both_engines!(
    a_device_joins_with_an_invite_and_receives_its_sealed_keys,
    hostile_enrollment_requests_get_4xx_and_change_nothing,
    pending_join_requests_are_bounded,
    batches_are_checked_whole_before_anything_is_stored,
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
    let first = m.next_entry(&admin.sign, LogOp::Add(admin.ident()));
    admin.client.post_log(&first).await.expect("first entry");
    m.apply(&first).expect("apply");
    (admin, m)
}

async fn status(r: &Relay, dev: &DeviceKey, method: &str, pq: &str, body: Vec<u8>) -> u16 {
    let auth = RequestAuth::sign(
        dev,
        method,
        pq,
        &body,
        relay::system_now_ms(),
        sync::random_bytes().expect("rng"),
    );
    let mut req = reqwest::Client::new()
        .request(method.parse().expect("method"), format!("{}{pq}", r.base))
        .body(body);
    for (k, v) in auth.headers() {
        req = req.header(k, v);
    }
    req.send().await.expect("send").status().as_u16()
}

async fn a_device_joins_with_an_invite_and_receives_its_sealed_keys(r: Relay) {
    let (admin, mut m) = team(&r).await;
    let t = m.team();
    let joiner = Device::new(&r, t, 2);
    let invite = Invite::new(&r.base, t, &admin.sign.public(), [9; 16]).expect("invite");

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
    let add = m.next_entry(&admin.sign, LogOp::Add(pending[0].device));
    admin.client.post_log(&add).await.expect("add entry");
    m.apply(&add).expect("apply");
    let ring = KeyRing::new(TeamKey::from_bytes(1, [7; 32]));
    let sealed = seal_ring(&ring, t, &pending[0].device.boxk).expect("seal");
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
    let got = open_ring(&joiner.client.keys().await.expect("keys"), t, &joiner.boxk).expect("open");
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
    let rm = m.next_entry(&admin.sign, LogOp::Remove(joiner.sign.public()));
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
    let rot = m.next_entry(&admin.sign, LogOp::Rotate(2));
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
    let add = m.next_entry(&admin.sign, LogOp::Add(member.ident()));
    admin.client.post_log(&add).await.expect("add");
    m.apply(&add).expect("apply");
    let log_before = admin.client.log(0).await.expect("log");

    let invite = Invite::new(&r.base, t, &admin.sign.public(), [1; 16]).expect("invite");
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
    let other_team =
        Invite::new(&r.base, TeamId::new_v4(), &admin.sign.public(), [1; 16]).expect("invite");
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
    assert_eq!(
        status(&r, &member.sign, "POST", &joins, wire.clone()).await,
        403,
        "a request posted by a device it does not name"
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
        400,
        "the body names another team than the path"
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
                &member.boxk.public(),
            )
            .expect("seal"),
        ),
        (
            "POST",
            logp.clone(),
            m.next_entry(&member.sign, LogOp::Add(outsider.ident()))
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
    let forged = m.next_entry(&member.sign, LogOp::Rotate(2));
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, forged.encode()).await,
        400
    );
    let stale = LogEntry::sign(&admin.sign, t, 1, [0; 32], LogOp::Rotate(2));
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, stale.encode()).await,
        409
    );
    let illegal = m.next_entry(&admin.sign, LogOp::Remove(admin.sign.public()));
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, illegal.encode()).await,
        400
    );
    let skip = m.next_entry(&admin.sign, LogOp::Rotate(5));
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, skip.encode()).await,
        400
    );
    assert_eq!(
        status(&r, &admin.sign, "POST", &logp, vec![0; 10_000]).await,
        400
    );
    // Keys: to a non-member, too small, too large.
    let ring = KeyRing::new(TeamKey::from_bytes(1, [3; 32]));
    let to_outsider = seal_ring(&ring, t, &outsider.boxk.public()).expect("seal");
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
        status(&r, &admin.sign, "PUT", &keys_member, vec![1; 20_000]).await,
        400
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
        let mut req = reqwest::Client::new().get(format!("{}{joins}", r.base));
        for (k, v) in auth.headers() {
            req = req.header(k, v);
        }
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
    let invite = Invite::new(&r.base, t, &admin.sign.public(), [1; 16]).expect("invite");
    for i in 0..relay::MAX_PENDING_JOINS {
        let d = Device::new(&r, t, 10 + i as u8);
        d.client
            .post_join(&JoinRequest::new(&invite, d.ident()))
            .await
            .expect("join");
    }
    let extra = Device::new(&r, t, 200);
    let e = extra
        .client
        .post_join(&JoinRequest::new(&invite, extra.ident()))
        .await
        .expect_err("full");
    assert_eq!(e.status(), Some(409));
    assert_eq!(
        admin.client.joins().await.expect("joins").len(),
        relay::MAX_PENDING_JOINS
    );
}

async fn batches_are_checked_whole_before_anything_is_stored(r: Relay) {
    use sync::envelope::{EnvelopeKind, seal};
    let (admin, m) = team(&r).await;
    let t = m.team();
    let member = Device::new(&r, t, 5);
    let add = m.next_entry(&admin.sign, LogOp::Add(member.ident()));
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
    let batch = format!("/v1/teams/{t}/batch");
    let enc = |items: &[&[u8]]| sync::feed::encode_batch(items);
    // One bad item, one item signed by another member, an empty batch,
    // garbage: refused, nothing stored.
    assert_eq!(
        status(&r, &admin.sign, "POST", &batch, enc(&[&good, b"junk"])).await,
        400
    );
    let theirs = env(&member.sign, 3, EnvelopeKind::Chunk);
    assert_eq!(
        status(&r, &admin.sign, "POST", &batch, enc(&[&good, &theirs])).await,
        403
    );
    assert_eq!(status(&r, &admin.sign, "POST", &batch, enc(&[])).await, 400);
    assert_eq!(
        status(
            &r,
            &admin.sign,
            "POST",
            &batch,
            b"FSU1\0\0\0\x01\0\0\0\x09ab".to_vec()
        )
        .await,
        400
    );
    assert!(
        admin
            .client
            .feed(0, 100)
            .await
            .expect("feed")
            .items
            .is_empty()
    );
    // A good batch: every item in order.
    admin
        .client
        .put_batch(&[&good, &snap])
        .await
        .expect("batch");
    let page = member.client.feed(0, 100).await.expect("feed");
    let got: Vec<_> = page.items.iter().map(|i| i.bytes.clone()).collect();
    assert_eq!(got, vec![good, snap]);
}
