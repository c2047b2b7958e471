use std::collections::BTreeMap;

use super::*;
use crate::vessel::NewInspection;
use chrono::FixedOffset;

const PASS: &str = crate::tests::STRONG;

#[test]
fn backoff_doubles_is_capped_and_jittered() {
    let t = SyncTiming {
        interval_ms: 60_000,
        base_ms: 2_000,
        max_ms: 60_000,
    };
    let low: Vec<u64> = (1..=7).map(|n| backoff_ms(&t, n, 0.0)).collect();
    let high: Vec<u64> = (1..=7).map(|n| backoff_ms(&t, n, 0.999_999)).collect();
    assert_eq!(low, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    assert_eq!(high, [1_999, 3_999, 7_999, 15_999, 31_999, 59_999, 59_999]);
    // Huge failure counts neither overflow nor exceed the cap.
    assert!(backoff_ms(&t, u32::MAX, 0.5) <= t.max_ms);
}

#[test]
fn the_scheduler_retries_with_backoff_and_resets_on_success() {
    let t = SyncTiming {
        interval_ms: 10_000,
        base_ms: 1_000,
        max_ms: 8_000,
    };
    let mut s = Scheduler::new(t);
    assert!(s.due(0), "the first round is due at once");
    s.failed(0, 0.0);
    assert!(!s.due(499));
    assert!(s.due(500));
    s.failed(500, 0.0);
    assert_eq!(s.next_at(), 1_500);
    s.failed(1_500, 0.0);
    assert_eq!((s.failures(), s.next_at()), (3, 3_500));
    s.request_now();
    assert!(s.due(1_501), "sync now is due at once");
    s.succeeded(2_000);
    assert_eq!((s.failures(), s.next_at()), (0, 12_000));
    s.failed(12_000, 0.0);
    assert_eq!(s.next_at(), 12_500, "backoff starts again from the base");
    // A relay's Retry-After wins over a shorter backoff, never a longer one.
    s.failed(12_500, 0.0);
    s.not_before(72_500);
    assert!(!s.due(72_499) && s.due(72_500));
    s.not_before(0);
    assert_eq!(s.next_at(), 72_500);
}

fn snapshot(lang: &str, inputs: &[(&str, StatusInput)]) -> String {
    let utc = FixedOffset::east_opt(7 * 3600).expect("offset");
    let mut out = String::new();
    for (name, input) in inputs {
        let v = status_view(input, utc, lang);
        out.push_str(&format!(
            "{name}: [{:?}] {} | {} | {} | now={}",
            v.state, v.headline, v.last_synced, v.pending_label, v.can_sync_now
        ));
        if let Some(d) = v.detail {
            out.push_str(&format!("\n    detail: {d}"));
        }
        if let Some(p) = v.progress {
            out.push_str(&format!("\n    progress: {:?} {}", p.percent, p.label));
        }
        out.push('\n');
    }
    out
}

fn inputs() -> Vec<(&'static str, StatusInput)> {
    let synced = DateTime::parse_from_rfc3339("2026-11-23T07:05:00Z")
        .expect("time")
        .to_utc();
    let ok = StatusInput {
        unlocked: true,
        in_team: true,
        admitted: true,
        last_ok: Some(synced),
        ..StatusInput::default()
    };
    let offline = link::LinkError::Network("connection refused".into());
    let removed = link::LinkError::Refused {
        status: 403,
        reason: "removed".into(),
    };
    let refused = link::LinkError::Refused {
        status: 503,
        reason: "busy".into(),
    };
    vec![
        ("locked", StatusInput::default()),
        (
            "no team",
            StatusInput {
                unlocked: true,
                ..StatusInput::default()
            },
        ),
        (
            "joining",
            StatusInput {
                admitted: false,
                last_ok: None,
                problem: Some(Problem::of(link::LinkError::JoinTimeout)),
                ..ok.clone()
            },
        ),
        ("up to date", ok.clone()),
        (
            "pending",
            StatusInput {
                pending: 3,
                ..ok.clone()
            },
        ),
        (
            "sending",
            StatusInput {
                running: true,
                pending: 40,
                progress: Some(link::Progress {
                    phase: link::Phase::Push,
                    done: 10,
                    total: Some(40),
                    bytes: 1_000,
                }),
                ..ok.clone()
            },
        ),
        (
            "receiving",
            StatusInput {
                running: true,
                progress: Some(link::Progress {
                    phase: link::Phase::Pull,
                    done: 120,
                    total: None,
                    bytes: 9_000,
                }),
                ..ok.clone()
            },
        ),
        (
            "offline",
            StatusInput {
                pending: 1,
                problem: Some(Problem::of(offline)),
                retry_in_ms: Some(3_500),
                ..ok.clone()
            },
        ),
        (
            "refused",
            StatusInput {
                problem: Some(Problem::of(refused)),
                retry_in_ms: Some(1_000),
                ..ok.clone()
            },
        ),
        (
            "store error",
            StatusInput {
                problem: Some(Problem::of(link::LinkError::Vault(
                    vault::VaultError::Locked,
                ))),
                retry_in_ms: Some(2_000),
                ..ok.clone()
            },
        ),
        (
            "removed",
            StatusInput {
                problem: Some(Problem::of(removed)),
                retry_in_ms: Some(60_000),
                ..ok.clone()
            },
        ),
        (
            "keys refused",
            StatusInput {
                alerts: vec![link::TeamAlert::KeysRefused {
                    reason: "sync-keys-refused".into(),
                    at_ms: 1,
                }],
                ..ok.clone()
            },
        ),
        (
            "relay withheld",
            StatusInput {
                pending: 1,
                alerts: vec![
                    link::TeamAlert::RelayWithheld {
                        relay_len: 4,
                        seen_len: 6,
                        at_ms: 1,
                    },
                    link::TeamAlert::WaitingForKey { epoch: 2 },
                ],
                ..ok
            },
        ),
    ]
}

#[test]
fn status_view_in_english() {
    expect_test::expect![[r#"
        locked: [Locked] Sync is paused while the store is locked. | Not synced yet. | Nothing waits to be sent. | now=false
        no team: [NoTeam] This device is not in a team. Your work stays on this device only. | Not synced yet. | Nothing waits to be sent. | now=false
        joining: [Joining] Waiting for the supervisor to admit this device. | Not synced yet. | Nothing waits to be sent. | now=true
        up to date: [UpToDate] Up to date. | Last synced 23 Nov 2026 at 14:05 | Nothing waits to be sent. | now=true
        pending: [Pending] Changes wait to be sent. | Last synced 23 Nov 2026 at 14:05 | 3 records wait to be sent. | now=true
        sending: [Running] Syncing… | Last synced 23 Nov 2026 at 14:05 | 40 records wait to be sent. | now=false
            progress: Some(25) Sending 10 of 40
        receiving: [Running] Syncing… | Last synced 23 Nov 2026 at 14:05 | Nothing waits to be sent. | now=false
            progress: None Received 120 changes
        offline: [Offline] Offline: the sync server cannot be reached. Your work is safe on this device. | Last synced 23 Nov 2026 at 14:05 | One record waits to be sent. | now=true
            detail: Trying again in 4 seconds.
        refused: [Refused] The sync server refuses to sync right now. | Last synced 23 Nov 2026 at 14:05 | Nothing waits to be sent. | now=true
            detail: Trying again in one second.
        store error: [Failed] Sync did not finish. | Last synced 23 Nov 2026 at 14:05 | Nothing waits to be sent. | now=true
            detail: The vault is locked. Enter your passphrase to continue. Trying again in 2 seconds.
        removed: [Removed] This device was removed from the team. It no longer sends or receives the team's work. | Last synced 23 Nov 2026 at 14:05 | Nothing waits to be sent. | now=false
        keys refused: [Warning] Sync needs attention. | Last synced 23 Nov 2026 at 14:05 | Nothing waits to be sent. | now=true
            detail: The sync server handed this device team keys that your supervisor did not sign. They were refused, and this device keeps using the supervisor's keys. Tell your supervisor.
        relay withheld: [Warning] Sync needs attention. | Last synced 23 Nov 2026 at 14:05 | One record waits to be sent. | now=true
            detail: The sync server hid changes to the team's member list from this device (it showed 4 of the 6 entries another member has). This device no longer trusts it until your supervisor signs a new change. Tell your supervisor. The team key changed and this device has not received the new key yet. New work stays on this device and is not sent until the key arrives.
    "#]].assert_eq(&snapshot("en", &inputs()));
}

#[test]
fn status_view_in_thai() {
    let some: Vec<_> = inputs()
        .into_iter()
        .filter(|(n, _)| {
            [
                "up to date",
                "sending",
                "offline",
                "removed",
                "relay withheld",
            ]
            .contains(n)
        })
        .collect();
    expect_test::expect![[r#"
        up to date: [UpToDate] ข้อมูลเป็นปัจจุบันแล้ว | ซิงค์ล่าสุด 23 พ.ย. 2569 เวลา 14:05 | ไม่มีข้อมูลที่รอส่ง | now=true
        sending: [Running] กำลังซิงค์… | ซิงค์ล่าสุด 23 พ.ย. 2569 เวลา 14:05 | มี 40 รายการที่รอส่ง | now=false
            progress: Some(25) กำลังส่ง 10 จาก 40
        offline: [Offline] ออฟไลน์: ติดต่อเซิร์ฟเวอร์ซิงค์ไม่ได้ งานของคุณปลอดภัยอยู่บนอุปกรณ์นี้ | ซิงค์ล่าสุด 23 พ.ย. 2569 เวลา 14:05 | มี 1 รายการที่รอส่ง | now=true
            detail: จะลองใหม่ในอีก 4 วินาที
        removed: [Removed] อุปกรณ์นี้ถูกนำออกจากทีมแล้ว จะไม่ส่งหรือรับงานของทีมอีก | ซิงค์ล่าสุด 23 พ.ย. 2569 เวลา 14:05 | ไม่มีข้อมูลที่รอส่ง | now=false
        relay withheld: [Warning] การซิงค์ต้องได้รับการตรวจสอบ | ซิงค์ล่าสุด 23 พ.ย. 2569 เวลา 14:05 | มี 1 รายการที่รอส่ง | now=true
            detail: เซิร์ฟเวอร์ซิงค์ซ่อนการเปลี่ยนแปลงรายชื่อสมาชิกทีมจากอุปกรณ์นี้ (แสดง 4 จาก 6 รายการที่สมาชิกอื่นมี) อุปกรณ์นี้จะไม่เชื่อถือเซิร์ฟเวอร์นั้นจนกว่าหัวหน้าจะลงนามการเปลี่ยนแปลงใหม่ โปรดแจ้งหัวหน้า กุญแจทีมเปลี่ยนแล้ว แต่อุปกรณ์นี้ยังไม่ได้รับกุญแจใหม่ งานใหม่จะเก็บไว้บนอุปกรณ์นี้และยังไม่ส่งจนกว่าจะได้รับกุญแจ
    "#]].assert_eq(&snapshot("th", &some));
}

#[test]
fn the_invite_qr_is_an_svg_data_url() {
    let url = qr_data_url("FS1-abcdef-0123456789").expect("qr");
    assert!(
        url.starts_with("data:image/svg+xml;charset=utf-8,"),
        "{url}"
    );
    assert!(url.contains("%3Csvg"), "{url}");
    assert!(!url.contains('#') && !url.contains('"'));
    assert_eq!(short("a1b2c3d4e5f6"), "a1b2 c3d4");
}

/// A relay on loopback in its own thread and runtime; it stops when the
/// returned sender is dropped.
fn start_relay(dir: &std::path::Path) -> (String, relay::LoopbackRelay) {
    let relay = relay::LoopbackRelay::start(dir);
    (relay.url.clone(), relay)
}

/// The supervisor admits every waiting device (after comparing, in a test).
fn admit_all(a: &crate::App) {
    for w in a.waiting_devices().expect("waiting") {
        a.admit_device(w.fingerprint).expect("admit");
    }
}

fn device(dir: &std::path::Path, name: &str) -> crate::App {
    let app = crate::App::open(dir.join(name)).expect("open");
    app.create_vault(PASS.into(), PASS.into()).expect("create");
    app
}

/// Runs background ticks (as the shell's thread does) until `done` or a
/// bounded number of tries.
fn tick_until(app: &crate::App, done: impl Fn(&SyncScreen) -> bool) -> SyncScreen {
    for _ in 0..50 {
        app.sync_now();
        app.sync_tick();
        let screen = app.sync_screen();
        if done(&screen) {
            return screen;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("not reached: {:?}", app.sync_screen());
}

#[test]
fn two_devices_team_up_and_sync_in_the_background() {
    let dir = tempfile::tempdir().expect("dir");
    let (relay, _stop) = start_relay(dir.path());
    let a = device(dir.path(), "a");
    let b = device(dir.path(), "b");
    assert_eq!(a.sync_screen().status.state, SyncState::NoTeam);

    let screen = a
        .create_team(NewTeam {
            relay: relay.clone(),
            name: "Songkhla port".into(),
            relay_pin: None,
            operator_token: None,
        })
        .expect("create");
    let team = screen.team.expect("team");
    assert!(team.admin && team.admitted);
    assert_eq!(team.members.len(), 1);
    assert!(team.members[0].this_device && team.members[0].admin);

    let invite = a.team_invite().expect("invite");
    assert!(invite.qr.starts_with("data:image/svg+xml"));
    let joining = b.join_team(invite.code.clone()).expect("join");
    assert_eq!(joining.status.state, SyncState::Joining, "{joining:?}");
    assert!(b.sync_tick(), "a join round ran");
    assert_eq!(b.sync_screen().status.state, SyncState::Joining);

    // The supervisor sees the digits the joining device shows, and admits
    // exactly that device.
    let shown = joining
        .team
        .as_ref()
        .expect("joining team")
        .fingerprint
        .clone();
    assert_eq!(shown.len(), 14, "{shown}");
    let waiting = a.waiting_devices().expect("waiting");
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].fingerprint, shown);
    assert!(waiting[0].can_admit && waiting[0].note.is_none());
    assert_eq!(
        a.admit_device("1111 2222 3333".into())
            .expect("no such device"),
        "No waiting device shows the fingerprint 1111 2222 3333."
    );
    assert!(b.sync_screen().team.is_some_and(|t| !t.admitted));
    assert_eq!(
        a.admit_device(shown.clone()).expect("admit"),
        format!("Device {shown} admitted.")
    );
    let b_screen = tick_until(&b, |s| s.team.as_ref().is_some_and(|t| t.admitted));
    assert_eq!(b_screen.team.as_ref().expect("team").members.len(), 2);

    // An inspection made on A appears on B after background rounds.
    let made = a
        .new_inspection(NewInspection {
            fields: BTreeMap::from([
                ("vessel_code".to_owned(), "KT-4711".to_owned()),
                ("inspection_type".to_owned(), "pipo_in".to_owned()),
                ("crew_counted".to_owned(), "12".to_owned()),
            ]),
        })
        .expect("inspection");
    // The screen recounts what waits to be sent every few seconds.
    let waiting = (0..100)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(50));
            a.sync_screen()
        })
        .find(|s| s.status.pending == 1)
        .expect("the new record is counted as waiting");
    assert_eq!(waiting.status.state, SyncState::Pending);
    let sync_of = |app: &App| {
        let list = app
            .case_list(crate::caselist::CaseQuery::default())
            .expect("case list");
        (list.rows[0].sync.clone(), list.rows[0].sync_label.clone())
    };
    assert_eq!(
        sync_of(&a),
        (
            "waiting".to_owned(),
            "Waiting to be sent to the team".to_owned()
        )
    );
    let started = Instant::now();
    let a_screen = tick_until(&a, |s| s.status.state == SyncState::UpToDate);
    let round_ms = started.elapsed().as_millis();
    assert_eq!(a_screen.status.pending, 0);
    assert!(a_screen.status.last_synced.starts_with("Last synced "));
    tick_until(&b, |_| {
        b.cases().is_ok_and(|c| c.iter().any(|r| r.id == made.id))
    });
    let rows = b.cases().expect("cases on B");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, made.id);
    let on_a = a.cases().expect("cases on A");
    assert!(rows[0].answers > 0);
    assert_eq!(rows[0].answers, on_a[0].answers, "the answers travelled");
    assert_eq!(sync_of(&a).0, "synced");
    assert_eq!(sync_of(&b).0, "synced");
    // B opens it with the questionnaire it ships (found by hash).
    let on_b = b.vessel(&made.id).expect("B opens the synced inspection");
    assert_eq!(on_b, a.vessel(&made.id).expect("A opens it"));
    eprintln!("one push round on loopback held the store for {round_ms} ms");

    // Removal: B is refused and says so; A's key rotates.
    let b_key = b_screen
        .team
        .expect("team")
        .members
        .iter()
        .find(|m| m.this_device)
        .expect("me")
        .device
        .clone();
    let after = a.remove_device(b_key).expect("remove");
    let team = after.team.expect("team");
    assert_eq!(team.members.len(), 1);
    assert!(team.epoch > 1, "the key rotated: {}", team.epoch);
    let removed = tick_until(&b, |s| s.status.state == SyncState::Removed);
    assert!(!removed.status.can_sync_now);

    // Locking stops sync.
    a.lock();
    assert!(!a.sync_tick());
    assert_eq!(a.sync_screen().status.state, SyncState::Locked);
}

#[test]
fn a_relay_gone_reads_as_offline_with_a_retry_and_comes_back() {
    let dir = tempfile::tempdir().expect("dir");
    let (relay, stop) = start_relay(dir.path());
    let a = device(dir.path(), "a");
    a.create_team(NewTeam {
        relay: relay.clone(),
        name: "Ranong".into(),
        relay_pin: None,
        operator_token: None,
    })
    .expect("create");
    tick_until(&a, |s| s.status.state == SyncState::UpToDate);
    drop(stop);
    let offline = tick_until(&a, |s| s.status.state == SyncState::Offline);
    let detail = offline.status.detail.expect("detail");
    assert!(detail.contains("Trying again in"), "{detail}");
    assert!(offline.status.can_sync_now);
    // Without "sync now", the next round waits for the backoff.
    assert!(!a.sync_tick());
    let err = a
        .create_team(NewTeam {
            relay,
            name: "Again".into(),
            relay_pin: None,
            operator_token: None,
        })
        .expect_err("already in a team");
    assert_eq!(err.code, ErrorCode::Team);
    let blank = device(dir.path(), "b")
        .create_team(NewTeam {
            relay: "http://127.0.0.1:9".into(),
            name: "  ".into(),
            relay_pin: None,
            operator_token: None,
        })
        .expect_err("a name is needed");
    assert_eq!(blank.message, "Give the team a name.");
}

#[test]
fn a_bundle_file_hands_records_over_with_no_network_to_team_devices_only() {
    let dir = tempfile::tempdir().expect("dir");
    let (relay, stop) = start_relay(dir.path());
    let a = device(dir.path(), "a");
    let b = device(dir.path(), "b");
    let stranger = device(dir.path(), "c");
    a.create_team(NewTeam {
        relay: relay.clone(),
        name: "Kantang".into(),
        relay_pin: None,
        operator_token: None,
    })
    .expect("create");
    stranger
        .create_team(NewTeam {
            relay,
            name: "Another team".into(),
            relay_pin: None,
            operator_token: None,
        })
        .expect("another team");
    b.join_team(a.team_invite().expect("invite").code)
        .expect("join");
    b.sync_tick();
    admit_all(&a);
    tick_until(&b, |s| s.team.as_ref().is_some_and(|t| t.admitted));

    // The boat: no relay from here on.
    drop(stop);
    let made = a
        .new_inspection(NewInspection {
            fields: BTreeMap::from([
                ("vessel_code".to_owned(), "KT-CANARY-9182".to_owned()),
                ("inspection_type".to_owned(), "pipo_in".to_owned()),
                ("crew_counted".to_owned(), "7".to_owned()),
            ]),
        })
        .expect("inspection");
    let text = a.bundle_dialog_text();
    assert!(text.suggested_name.starts_with("fieldscreen-"));
    assert!(text.suggested_name.ends_with(".fsb"));
    let file = dir.path().join(&text.suggested_name);
    let saved = a.export_bundle(&file).expect("export");
    assert_eq!(saved.message, "One record saved to the file.");
    let bytes = std::fs::read(&file).expect("read bundle");
    assert!(
        !bytes.windows(6).any(|w| w == b"CANARY"),
        "the file is sealed"
    );

    let merged = b.import_bundle(&file).expect("import");
    assert_eq!((merged.records, merged.rejected), (1, 0));
    assert_eq!(merged.message, "One record merged from the file.");
    assert_eq!(
        b.vessel(&made.id).expect("B opens it"),
        a.vessel(&made.id).expect("A")
    );
    // Importing again merges nothing new and duplicates nothing.
    b.import_bundle(&file).expect("import again");
    assert_eq!(b.cases().expect("cases").len(), 1);

    // Another team's device cannot open it; nothing changes there.
    let refused = stranger.import_bundle(&file).expect_err("not its team");
    assert_eq!(
        refused.message,
        "This file is not a bundle of your team, or it is damaged."
    );
    assert!(stranger.cases().expect("cases").is_empty());

    // A damaged file (cut short on the way) is refused whole.
    let cut = dir.path().join("cut.fsb");
    std::fs::write(&cut, &bytes[..bytes.len() - 9]).expect("write");
    let damaged = stranger.import_bundle(&cut).expect_err("damaged");
    assert_eq!(damaged.code, refused.code);
    let thai = {
        b.set_language("th").expect("thai");
        b.import_bundle(&cut).expect_err("damaged")
    };
    assert!(
        thai.message
            .chars()
            .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
        "{}",
        thai.message
    );
    assert_eq!(b.cases().expect("cases").len(), 1, "nothing lost on B");
}

/// An admin and an admitted member, enrolled through a relay on loopback
/// that has stopped by the time this returns.
fn admitted_pair(dir: &std::path::Path) -> (App, App) {
    let (relay, stop) = start_relay(dir);
    let a = device(dir, "a");
    let b = device(dir, "b");
    a.create_team(NewTeam {
        relay,
        name: "Ranong pier".into(),
        relay_pin: None,
        operator_token: None,
    })
    .expect("create");
    b.join_team(a.team_invite().expect("invite").code)
        .expect("join");
    b.sync_tick();
    admit_all(&a);
    tick_until(&b, |s| s.team.as_ref().is_some_and(|t| t.admitted));
    drop(stop);
    (a, b)
}

/// One background tick handles a caller who goes silent (it waits for it
/// up to the 5 s admission time); meanwhile the case list answers: it comes
/// back while the tick is still on the caller, so it never waited for it
/// (no wall-clock bound, which a loaded machine could break).
fn case_list_answers_while_a_caller_is_handled(b: &App, usual: Duration) {
    std::thread::scope(|scope| {
        let tick = scope.spawn(|| b.nearby_tick());
        std::thread::sleep(Duration::from_millis(300));
        let started = Instant::now();
        b.case_list(crate::caselist::CaseQuery::default())
            .expect("the store is free");
        let took = started.elapsed();
        assert!(
            !tick.is_finished(),
            "the case list came back only after the tick: {took:?} (usually {usual:?})"
        );
        assert!(tick.join().expect("tick"), "the caller was handled");
    });
}

/// Connects to `addr` and completes the Noise handshake of `app`'s team
/// (the prologue binds the team id), then sends nothing: a stranger on the
/// Wi-Fi who knows the team's id.
fn noise_handshake_only(addr: &str, app: &App) -> std::net::TcpStream {
    use std::io::{Read, Write};
    let team: sync::TeamId = app
        .with_vault(link::info)
        .expect("info")
        .expect("team")
        .team
        .parse()
        .expect("team id");
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut hs = snow::Builder::new(sync::lan::NOISE_PATTERN.parse().expect("pattern"))
        .prologue(&sync::lan::prologue(team))
        .expect("prologue")
        .build_initiator()
        .expect("initiator");
    let mut buf = vec![0u8; 1024];
    let n = hs.write_message(&[], &mut buf).expect("e");
    let mut out = (n as u16).to_be_bytes().to_vec();
    out.extend_from_slice(&buf[..n]);
    s.write_all(&out).expect("send");
    // The waiting side answers only once the tick takes the connection;
    // the caller reads its answer on another thread and then goes silent.
    let mut r = s.try_clone().expect("clone");
    std::thread::spawn(move || {
        let mut len = [0u8; 2];
        if r.read_exact(&mut len).is_ok() {
            let mut m = vec![0u8; u16::from_be_bytes(len) as usize];
            if r.read_exact(&mut m).is_ok() {
                let _ = hs.read_message(&m, &mut buf);
            }
        }
    });
    s
}

#[test]
fn two_devices_sync_nearby_with_no_relay() {
    use super::nearby::NearbyState;
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = admitted_pair(dir.path());
    let made = a
        .new_inspection(NewInspection {
            fields: BTreeMap::from([
                ("vessel_code".to_owned(), "KT-NEARBY-1".to_owned()),
                ("inspection_type".to_owned(), "pipo_in".to_owned()),
                ("crew_counted".to_owned(), "9".to_owned()),
            ]),
        })
        .expect("inspection");
    let idle = b.nearby_screen();
    assert_eq!(idle.state, NearbyState::Idle);
    assert!(idle.available);
    let view = b.nearby_wait_on("127.0.0.1:0").expect("wait");
    assert_eq!(view.state, NearbyState::Waiting, "{view:?}");
    assert_eq!(view.addresses.len(), 1);
    assert!(
        view.qr
            .as_deref()
            .is_some_and(|q| q.starts_with("data:image/svg+xml"))
    );
    let addr = view.addresses[0].clone();

    // A caller on the network that says nothing: it is dropped after a few
    // seconds, and meanwhile the store stays free (answers never wait).
    let warm = Instant::now();
    b.case_list(crate::caselist::CaseQuery::default())
        .expect("case list");
    let usual = warm.elapsed();
    let silent = std::net::TcpStream::connect(&addr).expect("connect");
    case_list_answers_while_a_caller_is_handled(&b, usual);
    drop(silent);
    let still = b.nearby_screen();
    assert_eq!(still.state, NearbyState::Waiting, "{still:?}");
    assert!(still.detail.is_some(), "the failed caller is reported");

    // A caller that completes the Noise handshake of this team and then
    // proves nothing (no member): it is turned away before the store is
    // taken, and the case list answers meanwhile.
    let handshaken = noise_handshake_only(&addr, &b);
    case_list_answers_while_a_caller_is_handled(&b, usual);
    drop(handshaken);
    assert_eq!(b.nearby_screen().state, NearbyState::Waiting);

    let ticker = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !b.nearby_tick() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        b
    });
    let done = a.nearby_connect(addr).expect("connect");
    let b = ticker.join().expect("ticker");
    assert_eq!(done.state, NearbyState::Done, "{done:?}");
    let detail = done.detail.expect("detail");
    assert!(
        detail.starts_with("Synced with device ")
            && detail.ends_with(": one record brought up to date."),
        "{detail}"
    );
    let after = b.nearby_screen();
    assert_eq!(after.state, NearbyState::Done, "{after:?}");
    assert!(after.addresses.is_empty(), "waiting ends after a session");
    assert_eq!(
        b.vessel(&made.id).expect("B opens it"),
        a.vessel(&made.id).expect("A")
    );

    // In Thai, a mistyped address and nobody waiting read as sentences.
    a.set_language("th").expect("th");
    let bad = a.nearby_connect("ไม่ใช่ที่อยู่".into()).expect("view");
    assert_eq!(bad.state, NearbyState::Failed);
    assert!(
        bad.detail
            .as_deref()
            .is_some_and(|d| d.contains("ไม่ใช่ที่อยู่") && !d.contains("lan-")),
        "{bad:?}"
    );
    let nobody = a.nearby_connect("127.0.0.1:1".into()).expect("view");
    assert_eq!(nobody.state, NearbyState::Failed);
    assert!(nobody.detail.is_some_and(|d| !d.contains("lan-")));

    // A device in no team cannot wait or connect.
    let alone = device(dir.path(), "alone");
    assert!(!alone.nearby_screen().available);
    assert!(alone.nearby_wait_on("127.0.0.1:0").is_err());
}

// ----- questionnaires that travel with the team (issue 25) ----------------

const CANARY: &str = "CANARY-org-label-Are-you-in-danger";

/// An organisation's own questionnaire: the shipped screening under
/// another id and version, with a canary in a label.
fn org_form(dir: &std::path::Path, version: &str) -> std::path::PathBuf {
    let files = crate::catalog::files("victim-screening").expect("shipped");
    let out = dir.join(format!("org-{version}"));
    for (rel, bytes) in files {
        let path = out.join(&rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        if rel.starts_with("media/") {
            // Audio prompts: bytes as they are.
            std::fs::write(path, bytes).expect("write");
            continue;
        }
        let text = String::from_utf8(bytes).expect("utf-8");
        let text = match rel.as_str() {
            "questionnaire.toml" => text
                .replace("id = \"victim_screening\"", "id = \"org_screening\"")
                .replace("version = \"2026.6\"", &format!("version = \"{version}\"")),
            "translations/en.ftl" => text.replace(
                "danger_now = Are you in danger now",
                &format!("danger_now = {CANARY} {version} Are you in danger now"),
            ),
            _ => text,
        };
        std::fs::write(path, text).expect("write");
    }
    out
}

/// A and B in one team on a relay that keeps running.
fn team_on_relay(dir: &std::path::Path) -> (App, App, relay::LoopbackRelay) {
    std::fs::create_dir_all(dir).expect("team dir");
    let (relay, stop) = start_relay(dir);
    let a = device(dir, "a");
    let b = device(dir, "b");
    a.create_team(NewTeam {
        relay,
        name: "Ranong pier".into(),
        relay_pin: None,
        operator_token: None,
    })
    .expect("create");
    b.join_team(a.team_invite().expect("invite").code)
        .expect("join");
    b.sync_tick();
    admit_all(&a);
    tick_until(&b, |s| s.team.as_ref().is_some_and(|t| t.admitted));
    (a, b, stop)
}

/// One sync round of `app` (what the background thread runs).
fn round(app: &App) {
    app.with_store(|s| {
        link::sync_round(s.vault_mut(), &mut |_| {}).map_err(|e| AppError::unexpected(&e, "en"))
    })
    .expect("round");
}

/// Starts and completes a screening whose answers suggest referrals.
fn screened(
    app: &App,
    start: impl FnOnce(&mut crate::cases::CaseStore) -> Result<String, AppError>,
) -> String {
    app.with_store(|s| {
        let id = start(s)?;
        let t = Utc::now();
        for (q, v) in [("consent", "yes"), ("danger_now", "yes")] {
            s.answer(
                &id,
                q,
                crate::cases::AnswerInput::Value(v.into()),
                "th",
                false,
                t,
            )?;
        }
        s.complete(&id, t)?;
        Ok(id)
    })
    .expect("screened")
}

fn row(app: &App, id: &str) -> crate::caselist::CaseItem {
    app.case_list(crate::caselist::CaseQuery::default())
        .expect("list")
        .rows
        .into_iter()
        .find(|r| r.id == id)
        .expect("listed")
}

fn holds_canary(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(holds_canary(&p));
        } else if std::fs::read(&p)
            // A file the stopping relay removes as we look (its WAL).
            .unwrap_or_default()
            .windows(CANARY.len())
            .any(|w| w == CANARY.as_bytes())
        {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_team_questionnaire_travels_and_every_record_opens_where_it_arrives() {
    let dir = tempfile::tempdir().expect("dir");
    let forms = dir.path().join("forms-in");
    let v1 = org_form(&forms, "org-1");
    let (a, b, _stop) = team_on_relay(&dir.path().join("team"));

    // A interviews with its own questionnaire before publishing it: B gets
    // the record first, lists it and says it waits for the questionnaire.
    let early = screened(&a, |s| s.new_interview(&v1, "th", Utc::now()));
    round(&a);
    round(&b);
    let listed = row(&b, &early);
    assert_eq!(
        (listed.form_state.as_str(), listed.form_version.as_str()),
        ("waiting", "org-1")
    );
    assert_eq!(
        listed.form_state_label.as_deref(),
        Some("Waiting for the questionnaire from the team")
    );
    let waiting = b.with_store(|s| s.interview(&early)).expect_err("waiting");
    assert_eq!(waiting.code, crate::ErrorCode::FormWaiting, "{waiting:?}");
    assert!(
        waiting
            .message
            .starts_with("Waiting for the questionnaire from the team.")
    );

    // A publishes it and interviews on the team's version; after the
    // next sync B opens both with every answer and the same scoring.
    let published = a.with_store(|s| s.publish_form(&v1)).expect("publish");
    assert_eq!(published.len(), 1);
    assert_eq!(
        (
            published[0].state.as_str(),
            published[0].publishers[0].admin
        ),
        ("current", true)
    );
    let later = screened(&a, |s| {
        s.new_team_interview("org_screening", "th", Utc::now())
    });
    round(&a);
    round(&b);
    for id in [&early, &later] {
        let on_a = a.with_store(|s| s.interview(id)).expect("A opens");
        let on_b = b.with_store(|s| s.interview(id)).expect("B opens");
        assert_eq!(on_b, on_a);
        assert_eq!(on_b.answers.len(), 2);
        let scoring = on_b.scoring.expect("scored");
        assert!(scoring.determination.is_some(), "{scoring:?}");
        assert_eq!(row(&b, id).form_state, "ready");
    }
    let on_b = b.team_forms().expect("team forms");
    assert_eq!(on_b.len(), 1);
    let offered = |app: &App| -> Vec<(String, String)> {
        app.interview_catalog()
            .into_iter()
            .filter(|q| q.key == "org_screening")
            .map(|q| (q.version, q.title))
            .collect()
    };
    assert_eq!(offered(&b).len(), 1);
    assert_eq!(offered(&b)[0].0, "org-1");
    assert_eq!(
        (on_b[0].id.as_str(), on_b[0].version.as_str()),
        ("org_screening", "org-1")
    );

    // B may not publish (the admin has not allowed it).
    let v2 = org_form(&forms, "org-2");
    let refused = b
        .with_store(|s| s.publish_form(&v2))
        .expect_err("not allowed");
    assert_eq!(refused.code, crate::ErrorCode::FormRefused);
    assert_eq!(
        refused.message,
        "This device may not publish questionnaires to the team. Ask the team's supervisor to allow it."
    );

    // v2 beside v1: old records keep v1's questions and scoring, new
    // interviews take v2, the list says which version each used.
    a.with_store(|s| s.publish_form(&v2)).expect("publish v2");
    round(&a);
    round(&b);
    assert_eq!(offered(&b)[0].0, "org-2");
    let newer = screened(&b, |s| {
        s.new_team_interview("org_screening", "th", Utc::now())
    });
    let old = b.with_store(|s| s.interview(&later)).expect("v1 record");
    let new = b.with_store(|s| s.interview(&newer)).expect("v2 record");
    assert_eq!(
        (old.form.version.as_str(), new.form.version.as_str()),
        ("org-1", "org-2")
    );
    assert_eq!(
        old.scoring.as_ref().map(|s| &s.determination),
        new.scoring.as_ref().map(|s| &s.determination)
    );
    assert_eq!(row(&b, &later).form_version, "org-1");
    assert_eq!(row(&b, &newer).form_version, "org-2");
    let states: Vec<(String, String)> = b
        .with_store(|s| s.team_forms())
        .expect("forms")
        .into_iter()
        .map(|f| (f.version, f.state))
        .collect();
    assert_eq!(
        states,
        [
            ("org-2".into(), "current".into()),
            ("org-1".into(), "older".into())
        ]
    );

    // Withdrawn: no new interviews on it, old records still open.
    a.with_store(|s| s.withdraw_form("org_screening"))
        .expect("withdraw");
    round(&a);
    round(&b);
    let none = b
        .with_store(|s| s.new_team_interview("org_screening", "th", Utc::now()))
        .expect_err("withdrawn");
    assert_eq!(none.code, crate::ErrorCode::NotFound);
    assert!(offered(&b).is_empty());
    for id in [&early, &later, &newer] {
        b.with_store(|s| s.interview(id)).expect("still opens");
    }
    // The supervisor's export on B has the three interviews of both
    // versions, and no row for the questionnaire documents themselves.
    let out = dir.path().join("org.json");
    let req = crate::export::ExportRequest {
        form_id: "org_screening".into(),
        format: crate::export::ExportFormat::Json,
        labels: None,
        split_multiple: false,
        filter: Default::default(),
        age_recipients: Vec::new(),
    };
    let summary = b.export(&req, &out, &mut |_| true).expect("export");
    assert_eq!(summary.interviews, 3, "{summary:?}");
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
    assert_eq!(rows.len(), 3);
    std::fs::remove_file(&out).expect("plaintext export removed");

    // Nothing on disk holds the questionnaire's text in clear: not the
    // relay's database, not either vault (A's imported copy included).
    drop(_stop);
    assert_eq!(
        holds_canary(&dir.path().join("team")),
        Vec::<std::path::PathBuf>::new()
    );
    // (The search does find it where it is in clear.)
    assert!(!holds_canary(&forms).is_empty());
}

// ----- events pushed to the window instead of polled ----------------------

/// The next event, waiting for it (the bound only turns a missing event
/// into a failure instead of a hang).
fn next_event(events: &std::sync::mpsc::Receiver<crate::AppEvent>) -> crate::AppEvent {
    events
        .recv_timeout(Duration::from_secs(60))
        .expect("an event came")
}

/// The sync events of one round: from its first `Running` (earlier ones
/// dropped) to the first event after it that is not `Running`.
fn round_events(events: &std::sync::mpsc::Receiver<crate::AppEvent>) -> Vec<SyncState> {
    let running = |e: &crate::AppEvent| matches!(e, crate::AppEvent::Sync(s) if s.status.state == SyncState::Running);
    while !running(&next_event(events)) {}
    let mut states = vec![SyncState::Running];
    states.extend(sync_states(&events_until(
        events,
        |e| matches!(e, crate::AppEvent::Sync(s) if s.status.state != SyncState::Running),
    )));
    states
}

/// Events up to and including the first that `last` accepts.
fn events_until(
    events: &std::sync::mpsc::Receiver<crate::AppEvent>,
    last: impl Fn(&crate::AppEvent) -> bool,
) -> Vec<crate::AppEvent> {
    let mut seen = Vec::new();
    loop {
        let e = next_event(events);
        let stop = last(&e);
        seen.push(e);
        if stop {
            return seen;
        }
    }
}

fn sync_states(events: &[crate::AppEvent]) -> Vec<SyncState> {
    events
        .iter()
        .filter_map(|e| match e {
            crate::AppEvent::Sync(s) => Some(s.status.state),
            crate::AppEvent::Nearby(_) | crate::AppEvent::Export(_) => None,
        })
        .collect()
}

fn nearby_states(events: &[crate::AppEvent]) -> Vec<nearby::NearbyState> {
    let mut states: Vec<nearby::NearbyState> = events
        .iter()
        .filter_map(|e| match e {
            crate::AppEvent::Nearby(n) => Some(n.state),
            crate::AppEvent::Sync(_) | crate::AppEvent::Export(_) => None,
        })
        .collect();
    // Progress repeats a state with another count: one entry per state.
    states.dedup();
    states
}

#[test]
fn events_arrive_in_order_for_a_sync_round_and_a_nearby_exchange() {
    use nearby::NearbyState;
    let dir = tempfile::tempdir().expect("dir");
    let (a, b, relay) = team_on_relay(dir.path());
    let a_events = a.subscribe();
    let b_events = b.subscribe();

    // A round with a new record: running, then up to date, and the record
    // no longer waits; nothing else in between but the round's progress.
    let made = a
        .new_inspection(NewInspection {
            fields: BTreeMap::from([
                ("vessel_code".to_owned(), "KT-EVENTS-1".to_owned()),
                ("inspection_type".to_owned(), "pipo_in".to_owned()),
                ("crew_counted".to_owned(), "4".to_owned()),
            ]),
        })
        .expect("inspection");
    a.sync_now();
    assert!(a.sync_tick(), "a round ran");
    let mut states = round_events(&a_events);
    states.dedup();
    assert_eq!(states, [SyncState::Running, SyncState::UpToDate]);
    let screen = a.sync_screen();
    assert_eq!(screen.status.pending, 0, "{screen:?}");

    // The relay goes: the failure comes as an event, and then the
    // countdown to the next try, each time the background thread ticks.
    drop(relay);
    a.sync_now();
    assert!(a.sync_tick());
    let mut states = round_events(&a_events);
    states.dedup();
    assert_eq!(states, [SyncState::Running, SyncState::Offline]);
    assert!(!a.sync_tick(), "the next try waits");

    // Nearby: B waits, A connects. B's worker (the shell's thread) serves
    // the wait and returns when it ends; each side's panel goes through
    // its states in order, pushed.
    let waiting = b.nearby_wait_on("127.0.0.1:0").expect("wait");
    let addr = waiting.addresses[0].clone();
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| b.nearby_serve());
        let done = a.nearby_connect(addr).expect("connect");
        assert_eq!(done.state, NearbyState::Done, "{done:?}");
        worker.join().expect("worker");
    });
    let is_done = |e: &crate::AppEvent| matches!(e, crate::AppEvent::Nearby(n) if n.state == NearbyState::Done);
    let b_seen = events_until(
        &b_events,
        |e| matches!(e, crate::AppEvent::Nearby(n) if n.state == NearbyState::Done && n.addresses.is_empty()),
    );
    assert_eq!(
        nearby_states(&b_seen),
        [
            NearbyState::Waiting,
            NearbyState::Syncing,
            NearbyState::Done
        ],
        "{b_seen:?}"
    );
    let a_seen = events_until(&a_events, is_done);
    assert_eq!(
        nearby_states(&a_seen),
        [NearbyState::Syncing, NearbyState::Done],
        "{a_seen:?}"
    );
    let crate::AppEvent::Nearby(finished) = a_seen.last().expect("last") else {
        unreachable!("is_done read it")
    };
    assert!(
        finished
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with("Synced with device ")),
        "{finished:?}"
    );
    assert_eq!(
        b.vessel(&made.id).expect("B has it"),
        a.vessel(&made.id).expect("A")
    );

    // Stop ends a wait at once: the worker returns, the panel says idle.
    b.nearby_wait_on("127.0.0.1:0").expect("wait again");
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| b.nearby_serve());
        let _ = events_until(
            &b_events,
            |e| matches!(e, crate::AppEvent::Nearby(n) if n.state == NearbyState::Waiting),
        );
        b.nearby_stop();
        worker.join().expect("the worker returns after stop");
    });
    // Locking says so on both panels.
    b.lock();
    let locked = events_until(
        &b_events,
        |e| matches!(e, crate::AppEvent::Sync(s) if s.status.state == SyncState::Locked),
    );
    assert!(
        locked
            .iter()
            .all(|e| !matches!(e, crate::AppEvent::Nearby(n) if n.state == NearbyState::Waiting)),
        "{locked:?}"
    );
}
