//! Device-to-device figures (run by `cargo xtask bench`): 1,000 interviews
//! from one device to another over the LAN protocol on loopback (Noise
//! channel, membership proofs, inventory, Automerge sync protocol per
//! record), then one answer at a time: with the inventories both devices
//! remember from the last session, and with whole inventories (both
//! memories dropped) in the same run, each printed beside its target. The relay is used only to enroll the second
//! device and is shut down before the sessions.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use vault::{
    AnswerValue, FormRef, KdfParams, NewRecord, Passphrase, Provenance, UserText, Vault,
    VaultOptions,
};

const INTERVIEWS: usize = 1000;
/// One-answer sessions measured each way (the median is printed).
const ROUNDS: usize = 5;
/// Issue 20's targets for a one-answer session with 1,000 records.
const TARGET_BYTES: f64 = 5.0 * 1024.0;
const TARGET_SECS: f64 = 0.050;

fn new_vault(dir: &std::path::Path) -> Vault {
    Vault::create(
        dir,
        &Passphrase::from("bench passphrase"),
        VaultOptions {
            kdf: KdfParams::insecure_for_tests(),
            ..VaultOptions::default()
        },
    )
    .expect("vault")
}

fn scratch() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().expect("tempdir")
}

fn at(s: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(1_750_000_000 + s, 0).single().expect("t")
}

fn prov() -> Provenance {
    Provenance {
        language: "my".into(),
        at: at(1),
        device_id: "device-a".into(),
        interpreter: false,
        self_administered: false,
    }
}

/// One session, B waiting and A calling; its time runs from B's accepting
/// the connection (the waiting device polls for callers every 50 ms, which
/// is not the session's cost) to A's end.
fn session(a: &mut Vault, b: Vault) -> (link::LanReport, Duration, Vault) {
    let listener = link::LanListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.addresses().expect("addr")[0].clone();
    let server = std::thread::spawn(move || {
        let mut b = b;
        let s = listener
            .accept(Duration::from_secs(30), &|| false)
            .expect("accept")
            .expect("conn");
        let accepted = Instant::now();
        link::lan::serve(&mut b, s, &mut |_| {}).expect("serve");
        (b, accepted)
    });
    let r = link::lan::connect(a, &addr, &mut |_| {}).expect("connect");
    let end = Instant::now();
    let (b, accepted) = server.join().expect("server");
    (r, end.saturating_duration_since(accepted), b)
}

fn main() {
    let dir = scratch();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("rt");
    let store = Arc::new(relay::SqliteStore::open(&dir.path().join("relay.db")).expect("store"));
    let base = rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(relay::serve(l, store, relay::RelayConfig::open()));
        format!("http://{addr}")
    });
    let mut a = new_vault(&dir.path().join("a"));
    let mut ids = Vec::with_capacity(INTERVIEWS);
    for i in 0..INTERVIEWS {
        let id = a
            .create_interview(NewRecord {
                form: FormRef {
                    id: "screening".into(),
                    version: "2025.1".into(),
                    hash: "sha256:00ff".into(),
                },
                language: "my".into(),
                device_id: "device-a".into(),
                created_at: at(i as i64),
                title: UserText::from(format!("case {i}").as_str()),
            })
            .expect("create");
        for (q, v) in [
            ("consent", "OK".to_owned()),
            ("age", (18 + i % 40).to_string()),
            ("arrival", "2025-06-11".to_owned()),
            ("employer_name", format!("Employer {i}")),
        ] {
            a.apply_answer(id, q, AnswerValue::Value(v), prov())
                .expect("answer");
        }
        ids.push(id);
    }
    link::create_team(&mut a, &base, "bench", None, None).expect("team");
    let code = link::invite(&mut a, link::INVITE_TTL).expect("invite");
    let b_dir = dir.path().join("b");
    let joiner = std::thread::spawn(move || {
        let mut b = new_vault(&b_dir);
        link::join(
            &mut b,
            &code,
            Duration::from_secs(30),
            Duration::from_millis(50),
        )
        .expect("join");
        b
    });
    while {
        let fps: Vec<String> = link::waiting_devices(&mut a)
            .expect("waiting")
            .into_iter()
            .map(|w| w.fingerprint)
            .collect();
        fps.is_empty() || link::admit(&mut a, &fps).expect("admit").is_empty()
    } {
        std::thread::sleep(Duration::from_millis(50));
    }
    let b = joiner.join().expect("joined");
    drop(rt);

    let mut snapshots = 0usize;
    for id in &ids {
        snapshots += a.export_snapshot(*id).expect("snapshot").len();
    }
    let (first, took, mut b) = session(&mut a, b);
    assert!(!first.incremental);

    // One answer with whole inventories (what every session sent before
    // devices remembered them): both memories dropped, the same run.
    let forget = |v: &mut Vault, peer: &str| {
        v.delete_secret(&format!("lan-inventory/{peer}"))
            .expect("forget");
    };
    let key_a = link::info(&mut a).expect("info").expect("team").device;
    let key_b = link::info(&mut b).expect("info").expect("team").device;
    let mut whole = Vec::new();
    let mut remembered = Vec::new();
    let mut n = 0;
    for round in 0..ROUNDS {
        for incremental in [false, true] {
            n += 1;
            a.apply_answer(
                ids[(n * 37) % INTERVIEWS],
                "age",
                AnswerValue::Value(format!("{}", 20 + n)),
                prov(),
            )
            .expect("answer");
            if !incremental {
                forget(&mut a, &key_b);
                forget(&mut b, &key_a);
            }
            let (r, t, b2) = session(&mut a, b);
            b = b2;
            assert_eq!(r.incremental, incremental, "round {round}");
            assert_eq!(r.records, 1);
            if incremental {
                remembered.push((r.bytes, t));
            } else {
                whole.push((r.bytes, t));
            }
        }
    }
    assert_eq!(b.list().expect("list").len(), INTERVIEWS);
    let p50 = |v: &mut Vec<(u64, Duration)>| {
        v.sort_by_key(|x| x.1);
        let t = v[v.len() / 2].1;
        v.sort_by_key(|x| x.0);
        (v[v.len() / 2].0, t)
    };
    let (whole_bytes, whole_t) = p50(&mut whole);
    let (one_bytes, one_t) = p50(&mut remembered);

    println!("\n== nearby (LAN) sync benchmarks (loopback) ==");
    println!(
        "initial sync of {INTERVIEWS} interviews A → B in one session: {took:.2?}, {} bytes on the wire both ways / {snapshots} B of compacted snapshots: {:.2}x",
        first.bytes,
        first.bytes as f64 / snapshots as f64
    );
    println!(
        "one answer with {INTERVIEWS} records on each side (p50 of {ROUNDS} sessions): remembered inventories {one_bytes} B, {one_t:.2?}; whole inventories in the same run {whole_bytes} B, {whole_t:.2?}"
    );
    println!(
        "  one-answer session wire bytes ({one_bytes} B; whole inventories {whole_bytes} B: {:.2}x of the target) / 5 KB target: {:.2}x (target ≤ 1x)",
        whole_bytes as f64 / TARGET_BYTES,
        one_bytes as f64 / TARGET_BYTES
    );
    println!(
        "  one-answer session time ({one_t:.2?}; whole inventories {whole_t:.2?}: {:.2}x of the target) / 50 ms target: {:.2}x (target ≤ 1x)",
        whole_t.as_secs_f64() / TARGET_SECS,
        one_t.as_secs_f64() / TARGET_SECS
    );
}
