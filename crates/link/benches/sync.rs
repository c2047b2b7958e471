//! Sync figures (run by `cargo xtask bench`, which runs every crate's
//! benches): initial sync of 1,000 interviews device → relay → device on
//! loopback, and a one-answer incremental sync.
//!
//! Wire bytes are counted by a TCP proxy in front of the relay (both
//! directions, HTTP headers included). The baseline is a plain HTTP server
//! on the same loopback moving the same bytes in the same number of
//! requests, in the same run.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use vault::{
    AnswerValue, FormRef, KdfParams, NewRecord, Passphrase, Provenance, UserText, Vault,
    VaultOptions,
};

const INTERVIEWS: usize = 1000;

fn options() -> VaultOptions {
    VaultOptions {
        kdf: KdfParams::insecure_for_tests(),
        ..VaultOptions::default()
    }
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

/// Counts every byte through it, both ways.
async fn proxy(to: SocketAddr, counter: Arc<AtomicU64>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind proxy");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await else {
                    return;
                };
                if let Ok((a, b)) = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await
                {
                    counter.fetch_add(a + b, Ordering::Relaxed);
                }
            });
        }
    });
    addr
}

fn new_vault(dir: &std::path::Path) -> Vault {
    Vault::create(dir, &Passphrase::from("bench passphrase"), options()).expect("vault")
}

fn fill(v: &mut Vault) -> Vec<vault::RecordId> {
    let t = |s: i64| Utc.timestamp_opt(1_750_000_000 + s, 0).single().expect("t");
    let mut ids = Vec::with_capacity(INTERVIEWS);
    for i in 0..INTERVIEWS {
        let id = v
            .create_interview(NewRecord {
                form: FormRef {
                    id: "screening".into(),
                    version: "2025.1".into(),
                    hash: "sha256:00ff".into(),
                },
                language: "my".into(),
                device_id: "device-a".into(),
                created_at: t(i as i64),
                title: UserText::from(format!("case {i}").as_str()),
            })
            .expect("create");
        for (q, val) in [
            ("consent", "OK".to_owned()),
            ("age", (18 + i % 40).to_string()),
            ("arrival", "2025-06-11".to_owned()),
            ("employer_name", format!("Employer {i}")),
        ] {
            v.apply_answer(
                id,
                q,
                AnswerValue::Value(val),
                Provenance {
                    language: "my".into(),
                    at: t(i as i64 + 1),
                    device_id: "device-a".into(),
                    interpreter: false,
                },
            )
            .expect("answer");
        }
        ids.push(id);
    }
    ids
}

/// The plain-HTTP baseline: `uploads` POSTs of the given sizes, then
/// `downloads` GETs of the given sizes; returns (time, wire bytes).
fn plain_http(
    rt: &tokio::runtime::Runtime,
    uploads: &[usize],
    downloads: &[usize],
) -> (Duration, u64) {
    use axum::routing::{get, post};
    let biggest = downloads.iter().copied().max().unwrap_or(0);
    let blob = Arc::new(vec![7u8; biggest]);
    let app = axum::Router::new()
        .route(
            "/up",
            post(|body: axum::body::Bytes| async move { body.len().to_string() }),
        )
        .route(
            "/down/{n}",
            get(move |axum::extract::Path(n): axum::extract::Path<usize>| {
                let blob = blob.clone();
                async move { blob[..n.min(blob.len())].to_vec() }
            }),
        )
        .layer(axum::extract::DefaultBodyLimit::max(64 << 20));
    let counter = Arc::new(AtomicU64::new(0));
    let base = rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(l, app).await });
        format!("http://{}", proxy(addr, counter.clone()).await)
    });
    let http = reqwest::Client::new();
    let start = Instant::now();
    rt.block_on(async {
        for &n in uploads {
            http.post(format!("{base}/up"))
                .body(vec![1u8; n])
                .send()
                .await
                .expect("post")
                .bytes()
                .await
                .expect("body");
        }
        for &n in downloads {
            http.get(format!("{base}/down/{n}"))
                .send()
                .await
                .expect("get")
                .bytes()
                .await
                .expect("body");
        }
    });
    let took = start.elapsed();
    drop(http);
    std::thread::sleep(Duration::from_millis(200));
    (took, counter.load(Ordering::Relaxed))
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = scratch();
    let counter = Arc::new(AtomicU64::new(0));
    let store = Arc::new(relay::SqliteStore::open(&dir.path().join("relay.db")).expect("store"));
    let base = rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(relay::serve(l, store, relay::RelayConfig::default()));
        format!("http://{}", proxy(addr, counter.clone()).await)
    });

    let mut a = new_vault(&dir.path().join("a"));
    let b = new_vault(&dir.path().join("b"));
    let filled = Instant::now();
    let ids = fill(&mut a);
    eprintln!("filled {INTERVIEWS} interviews in {:.1?}", filled.elapsed());
    link::create_team(&mut a, &base, "bench").expect("team");
    let code = link::invite(&mut a).expect("invite");
    let joiner = std::thread::spawn(move || {
        let mut b = b;
        link::join(
            &mut b,
            &code,
            Duration::from_secs(30),
            Duration::from_millis(50),
        )
        .expect("join");
        b
    });
    while link::admit(&mut a).expect("admit").is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut b = joiner.join().expect("joined");

    // Initial sync: A pushes everything, B pulls everything.
    let mut upload_sizes = Vec::new();
    let before = counter.load(Ordering::Relaxed);
    let start = Instant::now();
    let pushed = link::sync_round(&mut a, &mut |_| {}).expect("push");
    let pulled = link::sync_round(&mut b, &mut |_| {}).expect("pull");
    let took = start.elapsed();
    std::thread::sleep(Duration::from_millis(200));
    let wire = counter.load(Ordering::Relaxed) - before;
    assert_eq!(b.list().expect("list").len(), INTERVIEWS);
    let per_push = pushed.pushed_bytes as usize / INTERVIEWS.max(1);
    upload_sizes.resize(INTERVIEWS, per_push);
    let pages = pulled.pulled as usize / 500 + 1;
    let download_sizes = vec![pulled.pulled_bytes as usize / pages; pages];

    // The sum of compacted snapshots of the same documents.
    let mut snapshots = 0usize;
    for id in &ids {
        let changes = a.export_changes(*id, &[]).expect("export");
        let doc = automerge::Automerge::load(&changes).expect("load");
        snapshots += doc.save().len();
    }
    let (plain_time, plain_wire) = plain_http(&rt, &upload_sizes, &download_sizes);

    // One answer, pushed by A and pulled by B.
    a.apply_answer(
        ids[0],
        "age",
        AnswerValue::Value("44".into()),
        Provenance {
            language: "th".into(),
            at: Utc::now(),
            device_id: "device-a".into(),
            interpreter: false,
        },
    )
    .expect("answer");
    let before = counter.load(Ordering::Relaxed);
    let inc_a = link::sync_round(&mut a, &mut |_| {}).expect("push one");
    let inc_b = link::sync_round(&mut b, &mut |_| {}).expect("pull one");
    std::thread::sleep(Duration::from_millis(200));
    let inc_wire = counter.load(Ordering::Relaxed) - before;
    assert_eq!(inc_b.pulled, 1);

    println!("\n== sync benchmarks (loopback, SQLite relay) ==");
    println!(
        "initial sync of {INTERVIEWS} interviews A → relay → B: {:.2?} ({} envelope bytes pushed, {} pulled)",
        took, pushed.pushed_bytes, pulled.pulled_bytes
    );
    println!(
        "  wire bytes (both ways, HTTP included) / sum of compacted snapshots ({snapshots} B, counted twice: up and down): {:.2}x (target ≤ 1.2x)",
        wire as f64 / (2 * snapshots) as f64
    );
    println!(
        "  time vs plain HTTP moving the same bytes in the same requests ({:.2?}, {plain_wire} wire bytes): {:.2}x (target ≤ 2x)",
        plain_time,
        took.as_secs_f64() / plain_time.as_secs_f64().max(1e-9)
    );
    println!(
        "one-answer incremental sync: {} envelope bytes pushed, {} pulled; {} wire bytes for both rounds incl. HTTP headers and membership/key checks (target < 1 KB)",
        inc_a.pushed_bytes, inc_b.pulled_bytes, inc_wire
    );
}
