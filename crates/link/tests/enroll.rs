//! Enrollment through `link` against an in-process relay: the admin admits
//! only devices holding an invite code, each code admits one device, and a
//! vault's team state never sits in plaintext on disk.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use relay_client::client::RelayClient;
use sync::team::{BoxKey, DeviceIdentity, Invite, JoinRequest};
use sync::{DeviceKey, TeamId};
use vault::Vault;

#[test]
fn only_invite_holders_are_admitted_and_each_code_admits_one_device() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("rt");
    let dir = tempfile::tempdir().expect("tempdir");
    let base = relay(&rt, dir.path());
    let mut admin = vault(&dir.path().join("admin"));
    let info = link::create_team(&mut admin, &base, "Boat", None, None).expect("create");
    assert!(info.admin && info.admitted && info.members.len() == 1);
    assert!(matches!(
        link::create_team(&mut admin, &base, "again", None, None),
        Err(link::LinkError::AlreadyInTeam)
    ));
    let code = invite(&mut admin).expect("invite");
    let team: TeamId = info.team.parse().expect("team id");

    // A stranger who knows the team id (not the code) asks to join.
    let stranger = DeviceKey::from_seed([66; 32]);
    let guess = Invite::new(&base, None, team, &stranger.public(), [0; 16]).expect("invite");
    let req = JoinRequest::new(
        &guess,
        DeviceIdentity {
            sign: stranger.public(),
            boxk: BoxKey::from_bytes([67; 32]).public(),
        },
    );
    let client = RelayClient::new(&base, team, stranger.clone());
    let refused = rt
        .block_on(client.post_join(&req))
        .expect_err("no such invite");
    assert_eq!(refused.status(), Some(404));
    assert!(admit_all(&mut admin).expect("admit").is_empty());
    assert_eq!(
        rt.block_on(client.keys())
            .expect_err("not admitted")
            .status(),
        Some(403)
    );

    // The holder of the code is admitted; the code is spent.
    let code2 = code.clone();
    let mut first = vault(&dir.path().join("first"));
    let joiner = std::thread::spawn(move || {
        link::join(
            &mut first,
            &code2,
            Duration::from_secs(20),
            Duration::from_millis(50),
        )
        .map(|i| (i, first))
    });
    let mut admitted = Vec::new();
    while admitted.is_empty() {
        admitted = admit_all(&mut admin).expect("admit");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (joined, mut first) = joiner.join().expect("thread").expect("joined");
    assert_eq!(admitted.len(), 1);
    assert_eq!(admitted[0].device, joined.device);
    // The digits the admin confirmed are the ones the device showed.
    assert_eq!(admitted[0].fingerprint, joined.fingerprint);
    assert!(joined.admitted && !joined.admin && joined.key_epochs == vec![1]);
    let mut second = vault(&dir.path().join("second"));
    let e = link::join(
        &mut second,
        &code,
        Duration::from_millis(600),
        Duration::from_millis(50),
    );
    assert!(admit_all(&mut admin).expect("admit").is_empty());
    let e = e.expect_err("the code is spent");
    assert!(matches!(e, link::LinkError::InviteUsed), "{e:?}");
    assert_eq!(
        i18n::localizer().format("en", e.message_id(), None),
        "This invite code was already used by another device. Ask your supervisor for a new one."
    );
    assert_eq!(
        link::info(&mut admin)
            .expect("info")
            .map(|i| i.members.len()),
        Some(2)
    );

    // Typos in a code are caught before anything is sent.
    let mut typo = code.clone().into_bytes();
    let i = typo.len() - 3;
    typo[i] = if typo[i] == b'A' { b'B' } else { b'A' };
    let mut third = vault(&dir.path().join("third"));
    assert!(matches!(
        link::join(
            &mut third,
            &String::from_utf8(typo).expect("utf-8"),
            Duration::from_millis(10),
            Duration::from_millis(10)
        ),
        Err(link::LinkError::Team(sync::TeamError::BadInvite))
    ));

    // Only the admin invites, admits, removes.
    assert!(matches!(invite(&mut first), Err(link::LinkError::NotAdmin)));
    assert!(matches!(
        admit_all(&mut first),
        Err(link::LinkError::NotAdmin)
    ));
    assert!(matches!(
        link::remove(&mut first, &info.device),
        Err(link::LinkError::NotAdmin)
    ));
    assert!(matches!(
        link::remove(&mut admin, "nonexistent"),
        Err(link::LinkError::UnknownDevice(_))
    ));
    drop(first);
    drop(admin);

    // The device keys and team keys are not on disk in the clear: the
    // device's public key is, at most, in the relay's database.
    for name in ["admin", "first"] {
        for entry in std::fs::read_dir(dir.path().join(name)).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                let bytes = std::fs::read(&path).expect("read");
                for needle in [&joined.device, &info.team] {
                    assert!(
                        !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                        "{needle} in {}",
                        path.display()
                    );
                }
            }
        }
    }
}

/// An invite admits nobody once expired: the relay refuses a join request
/// made after the expiry with a clear sentence, and the admin refuses one
/// that took its slot in time but is admitted after the expiry (the
/// device then needs a new invite).
#[test]
fn expired_invites_are_refused_by_the_relay_and_by_the_admin() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let base = relay(&rt, dir.path());
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "Pier", None, None).expect("create");

    // Asked in time, admitted too late: the admin refuses.
    let code = link::invite(&mut admin, Duration::from_millis(1500)).expect("invite");
    let mut early = vault(&dir.path().join("early"));
    let shown = link::join_fingerprint(&mut early, &code).expect("fingerprint");
    let e = link::join(&mut early, &code, Duration::ZERO, Duration::ZERO).expect_err("waits");
    assert!(matches!(e, link::LinkError::JoinTimeout), "{e:?}");
    std::thread::sleep(Duration::from_millis(2000));
    let waiting = link::waiting_devices(&mut admin).expect("waiting");
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].fingerprint, shown);
    assert_eq!(waiting[0].invite, link::InviteCheck::Expired);
    assert!(
        link::admit(&mut admin, std::slice::from_ref(&shown))
            .expect("admit")
            .is_empty()
    );
    // Its request is dropped; it is no member.
    assert!(
        link::waiting_devices(&mut admin)
            .expect("waiting")
            .is_empty()
    );
    assert_eq!(
        link::info(&mut admin)
            .expect("info")
            .map(|i| i.members.len()),
        Some(1)
    );

    // Used after its expiry: the relay refuses, in words.
    let code = link::invite(&mut admin, Duration::from_millis(1000)).expect("invite");
    std::thread::sleep(Duration::from_millis(1500));
    let mut late = vault(&dir.path().join("late"));
    let e = link::join(&mut late, &code, Duration::ZERO, Duration::ZERO).expect_err("expired");
    assert!(matches!(e, link::LinkError::InviteExpired), "{e:?}");
    assert_eq!(
        i18n::localizer().format("en", e.message_id(), None),
        "This invite code has expired. Ask your supervisor for a new one."
    );
    assert!(
        link::waiting_devices(&mut admin)
            .expect("waiting")
            .is_empty()
    );
}

/// A relay that creates teams only with its operator's token refuses a
/// device without it (in words) and creates the team for one with it.
#[test]
fn team_creation_needs_the_operator_token_when_the_relay_asks_for_it() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let token = "operator-token-0123456789";
    let config = relay::RelayConfig {
        registration: relay::Registration::Token(Arc::new(zeroize::Zeroizing::new(
            token.to_owned(),
        ))),
        ..relay::RelayConfig::default()
    };
    let base = relay_with(&rt, dir.path(), config, |r| r).0;
    let mut admin = vault(&dir.path().join("admin"));
    for wrong in [None, Some("operator-token-0123456788")] {
        let e = link::create_team(&mut admin, &base, "Pier", None, wrong).expect_err("refused");
        assert!(matches!(e, link::LinkError::RegistrationRefused), "{e:?}");
        assert!(
            link::info(&mut admin).expect("info").is_none(),
            "nothing kept"
        );
    }
    let info = link::create_team(&mut admin, &base, "Pier", None, Some(token)).expect("created");
    assert!(info.admin && info.admitted);
}

#[test]
fn chunks_of_a_much_edited_record_are_compacted_on_the_relay() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("rt");
    let dir = tempfile::tempdir().expect("tempdir");
    let base = relay(&rt, dir.path());
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "Boat", None, None).expect("create");
    let at = chrono::Utc::now();
    let id = admin
        .create_interview(vault::NewRecord {
            form: vault::FormRef {
                id: "f".into(),
                version: "1".into(),
                hash: "h".into(),
            },
            language: "th".into(),
            device_id: "admin".into(),
            created_at: at,
            title: vault::UserText::from("t"),
        })
        .expect("record");
    let mut snapshots = 0;
    for i in 0..40 {
        admin
            .apply_answer(
                id,
                "age",
                vault::AnswerValue::Value(format!("{}", 20 + i)),
                vault::Provenance {
                    language: "th".into(),
                    at,
                    device_id: "admin".into(),
                    interpreter: false,
                    self_administered: false,
                },
            )
            .expect("answer");
        let r = link::sync_round(&mut admin, &mut |_| {}).expect("sync");
        assert!(r.up_to_date);
        snapshots += r.snapshots;
    }
    assert!(snapshots >= 1, "never compacted");

    // A device joining late receives far fewer items than 41 edits, and
    // the same document.
    let code = invite(&mut admin).expect("invite");
    let mut late = vault(&dir.path().join("late"));
    let joiner = std::thread::spawn(move || {
        link::join(
            &mut late,
            &code,
            Duration::from_secs(20),
            Duration::from_millis(50),
        )
        .expect("join");
        late
    });
    while admit_all(&mut admin).expect("admit").is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut late = joiner.join().expect("thread");
    let r = link::sync_round(&mut late, &mut |_| {}).expect("sync");
    assert!(r.pulled < 41, "{r:?}");
    assert_eq!(
        late.heads(id).expect("heads"),
        admin.heads(id).expect("heads")
    );
    let view = late.record(id).expect("record");
    assert_eq!(
        view.answers
            .get("age")
            .map(|a| a.answer.value.as_value().map(str::to_owned)),
        Some(Some("59".to_owned()))
    );
}

/// A relay whose requests are counted (method and path of each).
fn counted_relay(
    rt: &tokio::runtime::Runtime,
    dir: &std::path::Path,
) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let store = Arc::new(relay::SqliteStore::open(&dir.join("relay.db")).expect("store"));
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = relay::router(store, relay::RelayConfig::open()).layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            let log = log.clone();
            async move {
                let line = format!("{} {}", req.method(), req.uri().path());
                log.lock().expect("lock").push(line);
                next.run(req).await
            }
        },
    ));
    let base = rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(l, app).await });
        format!("http://{addr}")
    });
    (base, seen)
}

fn new_case(v: &mut Vault, title: &str) -> vault::RecordId {
    v.create_interview(vault::NewRecord {
        form: vault::FormRef {
            id: "f".into(),
            version: "1".into(),
            hash: "h".into(),
        },
        language: "th".into(),
        device_id: "d".into(),
        created_at: chrono::Utc::now(),
        title: vault::UserText::from(title),
    })
    .expect("record")
}

#[test]
fn an_up_to_date_round_is_one_request_and_bigger_rounds_take_more() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("rt");
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, seen) = counted_relay(&rt, dir.path());
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "Boat", None, None).expect("create");
    let code = invite(&mut admin).expect("invite");
    let mut other = vault(&dir.path().join("other"));
    let joiner = std::thread::spawn(move || {
        link::join(
            &mut other,
            &code,
            Duration::from_secs(20),
            Duration::from_millis(50),
        )
        .expect("join");
        other
    });
    while admit_all(&mut admin).expect("admit").is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut other = joiner.join().expect("thread");
    let round = |v: &mut Vault| {
        seen.lock().expect("lock").clear();
        let r = link::sync_round(v, &mut |_| {}).expect("sync");
        (r, std::mem::take(&mut *seen.lock().expect("lock")))
    };
    let sync_only = |reqs: &[String]| {
        reqs.iter()
            .all(|r| r.starts_with("POST ") && r.ends_with("/sync"))
    };

    // Nothing to do either way: one request.
    let (r, reqs) = round(&mut other);
    assert!(r.up_to_date && r.pulled == 0, "{r:?}");
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    assert!(sync_only(&reqs), "{reqs:?}");

    // One new record pushed, then pulled: one request each.
    let id = new_case(&mut admin, "first");
    let (r, reqs) = round(&mut admin);
    assert_eq!((r.pushed, reqs.len()), (1, 1), "{reqs:?}");
    let (r, reqs) = round(&mut other);
    assert_eq!((r.pulled, reqs.len()), (1, 1), "{reqs:?}");
    assert_eq!(
        other.heads(id).expect("heads"),
        admin.heads(id).expect("heads")
    );

    // More than one upload batch (256) and one feed page (500): more
    // requests, every record arrives.
    for i in 0..600 {
        new_case(&mut admin, &format!("case {i}"));
    }
    let mut pushes = Vec::new();
    seen.lock().expect("lock").clear();
    let r = link::sync_round(&mut admin, &mut |p| pushes.push(p)).expect("sync");
    let reqs = std::mem::take(&mut *seen.lock().expect("lock"));
    assert_eq!(r.pushed, 600);
    assert_eq!(reqs.len(), 3, "{reqs:?}");
    assert!(sync_only(&reqs), "{reqs:?}");
    let done: Vec<u64> = pushes.iter().map(|p| p.done).collect();
    assert_eq!(done, vec![256, 512, 600]);
    let (r, reqs) = round(&mut other);
    assert_eq!(r.pulled, 600);
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    assert_eq!(other.list().expect("list").len(), 601);
    let (r, reqs) = round(&mut other);
    assert_eq!((r.pulled, reqs.len()), (0, 1), "{reqs:?}");
}

/// A join refused because the team's queue of waiting devices is full is
/// not mistaken for "already admitted": the device hears why, is not in
/// the team, and its code still works once the admin has handled the
/// queue; a device re-running its join after being admitted goes on.
#[test]
fn a_full_join_queue_is_a_clear_refusal_not_an_admission() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let config = relay::RelayConfig {
        max_pending_joins: 1,
        ..relay::RelayConfig::open()
    };
    let base = relay_with(&rt, dir.path(), config, |r| r).0;
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "Trat", None, None).expect("create");
    let (code_a, code_b) = (
        invite(&mut admin).expect("invite"),
        invite(&mut admin).expect("invite"),
    );
    let quick = (Duration::ZERO, Duration::ZERO);

    // The first device takes the only slot and waits.
    let mut a = vault(&dir.path().join("a"));
    let e = link::join(&mut a, &code_a, quick.0, quick.1).expect_err("waits");
    assert!(matches!(e, link::LinkError::JoinTimeout), "{e:?}");

    // The second is told the queue is full, in words of its own.
    let mut b = vault(&dir.path().join("b"));
    let e = link::join(&mut b, &code_b, quick.0, quick.1).expect_err("queue full");
    assert!(matches!(e, link::LinkError::JoinsFull), "{e:?}");
    assert_eq!(e.message_id(), "admit-joins-full");
    let info = link::info(&mut b).expect("info");
    assert!(info.as_ref().is_none_or(|t| !t.admitted), "{info:?}");
    assert_eq!(link::waiting_devices(&mut admin).expect("waiting").len(), 1);

    // The admin admits the first; the second's code now works.
    assert_eq!(admit_all(&mut admin).expect("admit").len(), 1);
    let a_info = link::join(&mut a, &code_a, quick.0, quick.1).expect("a is admitted");
    assert!(a_info.admitted);
    let joiner = std::thread::spawn(move || {
        link::join(
            &mut b,
            &code_b,
            Duration::from_secs(20),
            Duration::from_millis(30),
        )
        .expect("b joins")
    });
    while admit_all(&mut admin).expect("admit").is_empty() {
        std::thread::sleep(Duration::from_millis(30));
    }
    assert!(joiner.join().expect("joined").admitted);
}
