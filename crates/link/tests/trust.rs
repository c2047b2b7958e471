//! The relay is trusted for availability only. Played as an attacker
//! against a relay in this process (its store changed by hand, or a
//! middleware rewriting its answers):
//!
//! - a relay that hands a device key rings it made is refused, and the
//!   device keeps sealing under the admin's key only;
//! - a removed device's edits made after its removal reach nobody, by the
//!   relay, a bundle file or the local network;
//! - a relay that hides a removal from a device is found out when that
//!   device meets a member with the longer log (LAN, bundle), which says
//!   so and stops sealing under the stale key until the admin acts.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use common::*;
use link::{LinkError, TeamAlert};
use relay::Store;
use sync::round::RoundAnswer;
use sync::team::{DeviceIdentity, LogEntry, LogHead, LogOp, seal_ring};
use sync::{DeviceKey, DevicePublicKey, KeyRing, TeamId, TeamKey};
use vault::Vault;

/// Whom a withholding relay hides entries from, and how many it shows.
type Hiding = Arc<Mutex<Option<(Vec<DevicePublicKey>, u32)>>>;

/// What the dishonest relay does to one device's sync answers.
type Rewrite = Arc<Mutex<Option<(DevicePublicKey, Box<dyn Fn(&mut RoundAnswer) + Send>)>>>;

/// A middleware that rewrites the `POST …/sync` answers to one device.
fn rewriting(rewrite: Rewrite) -> impl FnOnce(axum::Router) -> axum::Router {
    move |router| {
        router.layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let rewrite = rewrite.clone();
                async move {
                    let who = signer(&req);
                    let sync = req.uri().path().ends_with("/sync");
                    let resp = next.run(req).await;
                    if !sync || !resp.status().is_success() {
                        return resp;
                    }
                    let (mut parts, body) = resp.into_parts();
                    let bytes = axum::body::to_bytes(body, usize::MAX)
                        .await
                        .unwrap_or_default();
                    let mut answer = RoundAnswer::decode(&bytes).expect("the relay's answer");
                    if let Some((victim, f)) = rewrite.lock().expect("lock").as_ref()
                        && who == Some(*victim)
                    {
                        f(&mut answer);
                    }
                    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
                    Response::from_parts(parts, Body::from(answer.encode()))
                }
            },
        ))
    }
}

fn team_of(v: &mut Vault) -> TeamId {
    link::info(v)
        .expect("info")
        .expect("team")
        .team
        .parse()
        .expect("team id")
}

/// The identity the log lists for `device`.
fn identity_in_log(
    store: &relay::SqliteStore,
    team: TeamId,
    device: DevicePublicKey,
) -> DeviceIdentity {
    store
        .log_entries(team, 0, 1000)
        .expect("log")
        .iter()
        .find_map(|e| match LogEntry::decode(e).expect("entry").op {
            LogOp::Add(d) if d.sign == device => Some(d),
            _ => None,
        })
        .expect("listed")
}

/// The device's envelopes on the relay: the version 1 envelopes it signed
/// and the members of the batches it sealed (stored after their seal).
fn envelopes_of(store: &relay::SqliteStore, team: TeamId, device: DevicePublicKey) -> Vec<Vec<u8>> {
    let mut batch_signer = None;
    store
        .feed(team, 0, 10_000, usize::MAX)
        .expect("feed")
        .0
        .into_iter()
        .map(|i| i.bytes)
        .filter(|b| {
            if sync::batch::Seal::is_seal(b) {
                batch_signer = sync::batch::Seal::decode(b).ok().map(|s| s.signer);
                false
            } else if sync::batch::Member::parse(b).is_ok() {
                batch_signer == Some(device)
            } else {
                sync::Envelope::parse(b).is_ok_and(|e| e.signer == device)
            }
        })
        .collect()
}

#[test]
fn a_forged_key_ring_is_refused_and_the_device_keeps_sealing_under_the_admins_key() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let rewrite: Rewrite = Arc::default();
    let (base, store) = relay_with(
        &rt,
        dir.path(),
        relay::RelayConfig::open(),
        rewriting(rewrite.clone()),
    );
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "Satun", None, None).expect("create");
    let mut victim = enrolled(&mut admin, &dir.path().join("victim"));
    let team = team_of(&mut victim);
    let me = device_of(&mut victim);
    let who = identity_in_log(&store, team, me);

    // The relay's own keys: a new epoch 2, and a replacement for epoch 1.
    let (k1, k2) = (
        TeamKey::from_bytes(1, [0x66; 32]),
        TeamKey::from_bytes(2, [0x67; 32]),
    );
    let mut both = KeyRing::new(k1.clone());
    both.insert(k2.clone());
    let mallory = DeviceKey::from_seed([0x6d; 32]);
    let head = LogHead::of(&store.log_entries(team, 0, 1000).expect("log"), 2).expect("head");
    let new_epoch = seal_ring(&both, team, &mallory, &who, &head).expect("seal");
    let replaced = seal_ring(&KeyRing::new(k1.clone()), team, &mallory, &who, &head).expect("seal");
    // An unsigned ring of the older format, as anyone could make it.
    let mut plain = b"FSK1".to_vec();
    plain.extend_from_slice(team.as_bytes());
    plain.push(2);
    for k in [&k1, &k2] {
        plain.extend_from_slice(&k.epoch().to_be_bytes());
        plain.extend_from_slice(k.expose_bytes());
    }
    let unsigned = crypto_box_seal(&who.boxk, &plain);

    for forged in [new_epoch, replaced, unsigned] {
        *rewrite.lock().expect("lock") = Some((
            me,
            Box::new(move |a: &mut RoundAnswer| a.keys = Some(forged.clone())),
        ));
        let r = link::sync_round(&mut victim, &mut |_| {}).expect("the round goes on");
        assert_eq!(r.keys_refused.as_deref(), Some("sync-keys-refused"));
        let info = link::info(&mut victim).expect("info").expect("team");
        assert_eq!(info.key_epochs, vec![1], "nothing added, nothing replaced");
        assert!(
            matches!(&info.alerts[..], [TeamAlert::KeysRefused { reason, .. }] if reason == "sync-keys-refused"),
            "{:?}",
            info.alerts
        );
    }
    // Said in plain words (the window's status and `team info` use it).
    let said = i18n::localizer().format("en", "team-alert-keys-refused", None);
    assert!(
        said.contains("did not sign") && said.contains("refused"),
        "{said}"
    );

    // New work is sealed under the admin's key: the relay's keys open none of it.
    let id = case_with(&mut victim, "ST-9", "name", "CANARY-AFTER-FORGERY");
    let r = link::sync_round(&mut victim, &mut |_| {}).expect("push");
    assert_eq!(r.pushed, 1);
    let mine = envelopes_of(&store, team, me);
    assert!(!mine.is_empty());
    for env in &mine {
        let e = sync::Envelope::parse(env).expect("envelope");
        assert_eq!(e.epoch, 1);
        assert!(
            e.open(team, &both, |_| true).is_err(),
            "opened with a forged key"
        );
    }
    *rewrite.lock().expect("lock") = None;
    link::sync_round(&mut admin, &mut |_| {}).expect("admin pulls");
    assert_eq!(
        admin.heads(id).expect("the admin reads it"),
        victim.heads(id).expect("heads")
    );
}

/// A sealed box to a device's public box key: what anyone (the relay)
/// can make for any device the log lists.
fn crypto_box_seal(to: &sync::team::BoxPublicKey, plain: &[u8]) -> Vec<u8> {
    crypto_box::PublicKey::from_bytes(to.0)
        .seal(&mut crypto_box::aead::OsRng, plain)
        .expect("seal")
}

/// The snapshot envelopes of a bundle file (its layout: see `link::bundle`).
fn bundle_envelopes(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut r = &bytes[20..];
    let take = |r: &mut &[u8], n: usize| {
        let (a, b) = r.split_at(n);
        *r = b;
        a.to_vec()
    };
    let count = u32::from_be_bytes(take(&mut r, 4).try_into().expect("4")) as usize;
    for _ in 0..count {
        let n = u16::from_be_bytes(take(&mut r, 2).try_into().expect("2")) as usize;
        take(&mut r, n);
    }
    let count = u32::from_be_bytes(take(&mut r, 4).try_into().expect("4")) as usize;
    (0..count)
        .map(|_| {
            let n = u32::from_be_bytes(take(&mut r, 4).try_into().expect("4")) as usize;
            take(&mut r, n)
        })
        .collect()
}

#[test]
fn a_removed_devices_edits_after_its_removal_are_merged_by_nobody_on_any_path() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, store) = relay_with(&rt, dir.path(), relay::RelayConfig::open(), |r| r);
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "Mae Sot", None, None).expect("create");
    let mut member = enrolled(&mut admin, &dir.path().join("member"));
    let mut gone = enrolled(&mut admin, &dir.path().join("gone"));
    let team = team_of(&mut admin);
    let shared = case_with(&mut admin, "shared", "name", "before");
    for v in [&mut admin, &mut member, &mut gone] {
        link::sync_round(v, &mut |_| {}).expect("sync");
    }
    assert_eq!(gone.heads(shared).ok(), admin.heads(shared).ok());

    // The device is removed; the member hears of it at its next round.
    let gone_key = device_of(&mut gone);
    assert_eq!(
        link::remove(&mut admin, &gone_key.to_hex()).expect("remove"),
        2
    );
    link::sync_round(&mut member, &mut |_| {}).expect("sync");

    // The removed device, which has not heard, goes on working.
    answer_with(&mut gone, shared, "name", "EDITED-AFTER-REMOVAL");
    let new = case_with(&mut gone, "new", "name", "CANARY-REMOVED");
    let before = (heads(&mut admin), heads(&mut member));

    // 1. Through the relay: the relay refuses it...
    let e = link::sync_round(&mut gone, &mut |_| {}).expect_err("refused");
    assert!(matches!(e, LinkError::Refused { status: 403, .. }), "{e:?}");
    // ... and a relay that lets it (its store written by hand) changes nothing.
    let file = dir.path().join("gone.fsb");
    link::export_bundle(&mut gone, &file).expect("export");
    let envs = bundle_envelopes(&std::fs::read(&file).expect("read"));
    assert_eq!(envs.len(), 2);
    for env in &envs {
        let doc = sync::Envelope::parse(env).expect("envelope").doc;
        store
            .append(team, doc, &gone_key, env, &relay::Quota::NONE)
            .expect("slipped in");
    }
    for v in [&mut admin, &mut member] {
        let r = link::sync_round(v, &mut |_| {}).expect("sync");
        assert_eq!((r.pulled, r.rejected), (0, 2), "{r:?}");
    }

    // 2. By a bundle file.
    for v in [&mut admin, &mut member] {
        let r = link::import_bundle(v, &file).expect("import");
        assert_eq!((r.records, r.rejected), (0, 2), "{r:?}");
    }

    // 3. On the local network: refused at its Hello, told why.
    let (r_gone, r_member, m) = session(&mut gone, member);
    member = m;
    assert!(
        r_gone.is_err() && r_member.is_err(),
        "{r_gone:?} {r_member:?}"
    );
    let (r_gone, r_admin, a) = session(&mut gone, admin);
    admin = a;
    assert!(r_gone.is_err() && r_admin.is_err());

    // Nobody merged anything of it.
    assert_eq!((heads(&mut admin), heads(&mut member)), before);
    for v in [&mut admin, &mut member] {
        assert!(
            v.record(new).is_err(),
            "the removed device's record arrived"
        );
        let rec = v.record(shared).expect("record");
        assert_eq!(
            rec.answers["name"].answer.value,
            vault::AnswerValue::Value("before".into())
        );
    }
    // And the removed device now knows (the LAN refusal carried the log).
    let info = link::info(&mut gone).expect("info").expect("team");
    assert!(!info.members.contains(&info.device));
}

#[test]
fn a_relay_that_withholds_a_removal_is_found_out_when_members_meet_and_the_stale_key_is_not_used() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    // The relay's clock, moved forward once the removal is in: hours pass.
    let offset = Arc::new(AtomicI64::new(0));
    let clock = offset.clone();
    let config = relay::RelayConfig {
        max_skew_ms: 3 * 3600 * 1000,
        now_ms: Arc::new(move || relay::system_now_ms() + clock.load(Ordering::SeqCst)),
        ..relay::RelayConfig::open()
    };
    // To the victims, the relay shows the log up to `shown` entries, and
    // no keys.
    let hide: Hiding = Arc::default();
    let h = hide.clone();
    let (base, store) = relay_with(&rt, dir.path(), config, move |router| {
        router.layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let h = h.clone();
                async move {
                    let who = signer(&req);
                    let sync = req.uri().path().ends_with("/sync");
                    let resp = next.run(req).await;
                    let hiding = h.lock().expect("lock").clone();
                    let Some((victims, shown)) = hiding else {
                        return resp;
                    };
                    if !sync
                        || !resp.status().is_success()
                        || !who.is_some_and(|w| victims.contains(&w))
                    {
                        return resp;
                    }
                    let (mut parts, body) = resp.into_parts();
                    let bytes = axum::body::to_bytes(body, usize::MAX)
                        .await
                        .unwrap_or_default();
                    let mut a = RoundAnswer::decode(&bytes).expect("answer");
                    a.log
                        .retain(|e| LogEntry::decode(e).is_ok_and(|e| e.index < shown));
                    a.log_total = a.log_total.min(shown);
                    a.keys = None;
                    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
                    Response::from_parts(parts, Body::from(a.encode()))
                }
            },
        ))
    });
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "Ranong", None, None).expect("create");
    let mut leaving = enrolled(&mut admin, &dir.path().join("leaving"));
    let mut lan_victim = enrolled(&mut admin, &dir.path().join("lan"));
    let mut file_victim = enrolled(&mut admin, &dir.path().join("file"));
    let team = team_of(&mut admin);
    for v in [&mut admin, &mut leaving, &mut lan_victim, &mut file_victim] {
        link::sync_round(v, &mut |_| {}).expect("sync");
    }
    let victims = vec![device_of(&mut lan_victim), device_of(&mut file_victim)];
    *hide.lock().expect("lock") = Some((victims.clone(), 4));

    // The admin removes a device (entries 4 and 5: removal, new key).
    let leaving_key = device_of(&mut leaving);
    link::remove(&mut admin, &leaving_key.to_hex()).expect("remove");
    offset.store(2 * 3600 * 1000, Ordering::SeqCst);
    for v in [&mut lan_victim, &mut file_victim] {
        let r = link::sync_round(v, &mut |_| {}).expect("sync");
        assert!(!r.relay_withheld, "nothing to tell yet");
        let info = link::info(v).expect("info").expect("team");
        assert_eq!(
            (info.epoch, info.members.len()),
            (1, 4),
            "the removal is hidden"
        );
    }

    // On the boat, one victim meets the admin over the LAN.
    let (r, _, a) = session(&mut lan_victim, admin);
    admin = a;
    assert_eq!(r.expect("lan").log_entries, 2);
    // A bundle from the admin reaches the other.
    let file = dir.path().join("admin.fsb");
    link::export_bundle(&mut admin, &file).expect("export");
    let r = link::import_bundle(&mut file_victim, &file).expect("import");
    assert_eq!(r.log_entries, 2);

    for (v, key) in [
        (&mut lan_victim, victims[0]),
        (&mut file_victim, victims[1]),
    ] {
        let info = link::info(v).expect("info").expect("team");
        assert_eq!(info.epoch, 2);
        assert!(!info.members.contains(&leaving_key.to_hex()));
        assert!(
            info.alerts.iter().any(|a| matches!(
                a,
                TeamAlert::RelayWithheld {
                    relay_len: 4,
                    seen_len: 6,
                    ..
                }
            )),
            "{:?}",
            info.alerts
        );
        assert!(info.alerts.contains(&TeamAlert::WaitingForKey { epoch: 2 }));
        // New work is not sealed under the old key (nor sent at all).
        let before = envelopes_of(&store, team, key).len();
        case_with(v, "after", "name", "CANARY-STALE-KEY");
        let r = link::sync_round(v, &mut |_| {}).expect("sync");
        assert_eq!(
            (r.pushed, r.waiting_for_key, r.pending),
            (0, Some(2), 1),
            "{r:?}"
        );
        // The relay still admits to 4 entries of the 6 this device has.
        assert!(r.relay_withheld);
        assert_eq!(envelopes_of(&store, team, key).len(), before);
        assert!(link::export_bundle(v, &dir.path().join("no.fsb")).is_err());
    }
    let said = i18n::message(
        "en",
        "team-alert-relay-withheld",
        &[("relay", 4), ("seen", 6)],
    );
    assert!(
        said.contains("hid") && said.contains("4 of the 6"),
        "{said}"
    );

    // The admin acts (signs the relay's keys again); the relay delivers it.
    *hide.lock().expect("lock") = None;
    link::set_relay_pins(&mut admin, &[]).expect("the admin acts");
    for v in [&mut lan_victim, &mut file_victim] {
        let r = link::sync_round(v, &mut |_| {}).expect("sync");
        assert_eq!((r.pushed, r.waiting_for_key), (1, None), "{r:?}");
        let info = link::info(v).expect("info").expect("team");
        assert!(info.alerts.is_empty(), "{:?}", info.alerts);
        assert_eq!(info.key_epochs, vec![1, 2]);
    }
    let r = link::sync_round(&mut admin, &mut |_| {}).expect("admin pulls");
    assert_eq!(r.pulled, 2);
}
