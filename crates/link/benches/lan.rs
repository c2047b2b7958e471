//! Device-to-device figures (run by `cargo xtask bench`): 1,000 interviews
//! from one device to another over the LAN protocol on loopback (Noise
//! channel, membership proofs, inventory, Automerge sync protocol per
//! record), then one answer. The relay is used only to enroll the second
//! device and is shut down before the sessions.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use vault::{
    AnswerValue, FormRef, KdfParams, NewRecord, Passphrase, Provenance, UserText, Vault,
    VaultOptions,
};

const INTERVIEWS: usize = 1000;

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

fn session(a: &mut Vault, b: Vault) -> (link::LanReport, Duration, Vault) {
    let listener = link::LanListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.addresses().expect("addr")[0].clone();
    let server = std::thread::spawn(move || {
        let mut b = b;
        let s = listener
            .accept(Duration::from_secs(30), &|| false)
            .expect("accept")
            .expect("conn");
        link::lan::serve(&mut b, s, &mut |_| {}).expect("serve");
        b
    });
    let start = Instant::now();
    let r = link::lan::connect(a, &addr, &mut |_| {}).expect("connect");
    let b = server.join().expect("server");
    (r, start.elapsed(), b)
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
    let (first, took, b) = session(&mut a, b);
    a.apply_answer(ids[0], "age", AnswerValue::Value("44".into()), prov())
        .expect("answer");
    let (one, one_took, mut b) = session(&mut a, b);
    assert_eq!(b.list().expect("list").len(), INTERVIEWS);

    println!("\n== nearby (LAN) sync benchmarks (loopback) ==");
    println!(
        "initial sync of {INTERVIEWS} interviews A → B in one session: {took:.2?}, {} bytes on the wire both ways / {snapshots} B of compacted snapshots: {:.2}x",
        first.bytes,
        first.bytes as f64 / snapshots as f64
    );
    println!(
        "one answer with {INTERVIEWS} records on each side: {one_took:.2?}, {} bytes on the wire ({} of them the two inventories of 32 B per record)",
        one.bytes,
        2 * 32 * INTERVIEWS
    );
}
