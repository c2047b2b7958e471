//! A member whose device sends a signed, well-encrypted change that is not
//! Automerge (a bug, or a hostile member): the other devices' rounds skip
//! it, count it as refused, and merge everything else.

mod common;

use common::*;
use relay_client::client::RelayClient;
use sync::envelope::{EnvelopeKind, seal};
use sync::team::{BoxKey, DeviceIdentity, Invite, JoinRequest, open_ring};
use sync::{DeviceKey, TeamId};
use vault::{AnswerValue, FormRef, NewRecord, Provenance, UserText};

#[test]
fn a_broken_change_from_a_member_is_skipped_and_the_rest_merges() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let base = relay(&rt, dir.path());
    let mut admin = vault(&dir.path().join("admin"));
    let info = link::create_team(&mut admin, &base, "Pier", None, None).expect("team");
    let team: TeamId = info.team.parse().expect("team id");

    // A member enrolled by hand, with keys this test holds.
    let code = invite(&mut admin).expect("invite");
    let bad = DeviceKey::from_seed([9; 32]);
    let boxk = BoxKey::from_bytes([10; 32]);
    let client = RelayClient::new(&base, team, bad.clone());
    let req = JoinRequest::new(
        &Invite::decode(&code).expect("code"),
        DeviceIdentity {
            sign: bad.public(),
            boxk: boxk.public(),
        },
    );
    rt.block_on(client.post_join(&req)).expect("join");
    assert_eq!(admit_all(&mut admin).expect("admit").len(), 1);
    let admin_key = sync::DevicePublicKey::from_hex(&info.device).expect("admin key");
    let ring = open_ring(
        &rt.block_on(client.keys()).expect("keys"),
        team,
        &bad.public(),
        &boxk,
        &admin_key,
    )
    .expect("ring")
    .ring;
    let key = ring.current().expect("key").clone();

    // It sends junk (signed and sealed properly) about a new record and
    // about nothing else; a good record also waits on the relay.
    let junk = seal(
        &key,
        team,
        uuid::Uuid::from_u128(77),
        EnvelopeKind::Chunk,
        b"not an automerge change at all",
        &bad,
        [3; 12],
    )
    .expect("seal");
    rt.block_on(client.put_blob(junk)).expect("stored");
    let good = admin
        .create_interview(NewRecord {
            form: FormRef {
                id: "screening".into(),
                version: "1".into(),
                hash: "sha256:00".into(),
            },
            language: "th".into(),
            device_id: "admin".into(),
            created_at: chrono::Utc::now(),
            title: UserText::from("kept"),
        })
        .expect("record");
    admin
        .apply_answer(
            good,
            "q",
            AnswerValue::Value("v".into()),
            Provenance {
                language: "th".into(),
                at: chrono::Utc::now(),
                device_id: "admin".into(),
                interpreter: false,
                self_administered: false,
            },
        )
        .expect("answer");
    link::sync_round(&mut admin, &mut |_| {}).expect("admin pushes");

    // A third device joins and pulls: the junk is refused, the good
    // record arrives, and the next round has nothing left to trip on.
    let mut c = enrolled(&mut admin, &dir.path().join("c"));
    let r = link::sync_round(&mut c, &mut |_| {}).expect("a round with junk in the feed");
    assert_eq!(r.rejected, 1, "{r:?}");
    let ids: Vec<_> = c.list().expect("list").into_iter().map(|x| x.id).collect();
    assert_eq!(ids, vec![good]);
    let again = link::sync_round(&mut c, &mut |_| {}).expect("next round");
    assert_eq!(again.rejected, 0);
}
