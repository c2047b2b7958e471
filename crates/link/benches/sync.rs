//! Sync figures (run by `cargo xtask bench`, which runs every crate's
//! benches): initial sync of 1,000 interviews device → relay → device on
//! loopback, and a one-answer incremental sync, each round's wire bytes
//! counted on its own. Twice: with small interviews (4 answers each, the
//! figure issue 8 set its targets on) and with realistic ones (40 answers,
//! each with its provenance, as a completed screening has), and once more
//! with those realistic interviews marked complete, as most of a device's
//! interviews are when it first joins a team (a finished record is stored
//! as one snapshot, which a push sends as it is).
//!
//! Wire bytes are counted by a TCP proxy in front of the relay (both
//! directions, HTTP headers included). The baseline is a plain HTTP server
//! on the same loopback moving the same bytes in the same number of
//! requests, in the same run (the median of five runs); beside it, for
//! context, the same with a plain SQLite store at each end. Loopback moves
//! a megabyte in a few milliseconds, so there the ratio is the sync's CPU
//! (both devices and the relay on two cores) against almost nothing; each
//! scenario's initial sync is run again through the proxy as a 10 Mbit/s
//! link, against plain HTTP over the same link, for what the sync costs
//! where bytes take time to travel.

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
/// A field link's bandwidth for the second run of each scenario: 10 Mbit/s
/// each way (good 4G or a busy office Wi-Fi), in bytes a second.
const LINK_BYTES_PER_SEC: u64 = 10_000_000 / 8;

/// Copies one direction of a proxied connection, at most `rate` bytes a
/// second when given (each read is sent once the link would have carried
/// it), and returns the bytes copied.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    rate: Option<u64>,
) -> u64 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0u8; 16 * 1024];
    let mut total = 0u64;
    let mut free_at = tokio::time::Instant::now();
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if let Some(rate) = rate {
            let now = tokio::time::Instant::now();
            free_at = free_at.max(now) + Duration::from_secs_f64(n as f64 / rate as f64);
            tokio::time::sleep_until(free_at).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
        total += n as u64;
    }
    let _ = to.shutdown().await;
    total
}

/// A TCP proxy in front of `to` counting the bytes both ways (HTTP headers
/// included), as a link of `rate` bytes a second each way when given.
async fn proxy(to: SocketAddr, counter: Arc<AtomicU64>, rate: Option<u64>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind proxy");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let Ok(outbound) = tokio::net::TcpStream::connect(to).await else {
                    return;
                };
                // As the relay and reqwest do: a proxy that waited for
                // Nagle's delayed ACK (40 ms on Linux) on a forwarded
                // segment would add its stalls to whichever side it hit.
                let _ = inbound.set_nodelay(true);
                let _ = outbound.set_nodelay(true);
                let (in_read, in_write) = inbound.into_split();
                let (out_read, out_write) = outbound.into_split();
                let (up, down) = tokio::join!(
                    pipe(in_read, out_write, rate),
                    pipe(out_read, in_write, rate)
                );
                counter.fetch_add(up + down, Ordering::Relaxed);
            });
        }
    });
    addr
}

fn new_vault(dir: &std::path::Path) -> Vault {
    Vault::create(dir, &Passphrase::from("bench passphrase"), options()).expect("vault")
}

fn fill(v: &mut Vault, answers: usize, complete: bool) -> Vec<vault::RecordId> {
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
        let mut qs = vec![
            ("consent".to_owned(), "OK".to_owned()),
            ("age".to_owned(), (18 + i % 40).to_string()),
            ("arrival".to_owned(), "2025-06-11".to_owned()),
            ("employer_name".to_owned(), format!("Employer {i}")),
        ];
        for n in qs.len()..answers {
            let value = match n % 4 {
                0 => "yes".to_owned(),
                1 => ((i * 7 + n) % 90).to_string(),
                2 => format!("free text answer {n} of case {i}"),
                _ => "2025-05-30".to_owned(),
            };
            qs.push((format!("q{n:02}_section_{}", n / 10), value));
        }
        qs.truncate(answers);
        // The small interviews are exactly those issue 8 measured.
        let varied = answers > 4;
        for (n, (q, val)) in qs.into_iter().enumerate() {
            v.apply_answer(
                id,
                &q,
                AnswerValue::Value(val),
                Provenance {
                    language: if varied && n % 3 == 0 { "th" } else { "my" }.into(),
                    at: t(i as i64 + 1 + if varied { n as i64 } else { 0 }),
                    device_id: "device-a".into(),
                    interpreter: varied && n % 5 == 0,
                    self_administered: false,
                },
            )
            .expect("answer");
        }
        if complete {
            v.set_status(id, vault::Status::Complete, t(i as i64 + 100))
                .expect("complete");
        }
        ids.push(id);
    }
    ids
}

/// A plain SQLite store (WAL, `synchronous=FULL`, as the vault's): one row
/// per record, no encryption.
fn plain_store(path: &std::path::Path) -> rusqlite::Connection {
    let db = rusqlite::Connection::open(path).expect("open");
    db.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
        .expect("wal");
    db.pragma_update(None, "synchronous", "FULL").expect("full");
    db.execute(
        "CREATE TABLE records (id INTEGER PRIMARY KEY, blob BLOB)",
        [],
    )
    .expect("table");
    db
}

/// With `stores` (and the number of records), the second baseline: the
/// sending side reads each upload's records from a plain SQLite store first
/// and the receiving side writes each download's records to another, one
/// transaction per request — a store-and-forward sync with no encryption,
/// signature or CRDT.
struct PlainStores {
    dir: tempfile::TempDir,
    records: usize,
}

/// The plain-HTTP baseline: `uploads` POSTs of the given sizes, then
/// `downloads` GETs of the given sizes; returns (time, wire bytes).
fn plain_http(
    rt: &tokio::runtime::Runtime,
    uploads: &[usize],
    downloads: &[usize],
    stores: Option<&PlainStores>,
    rate: Option<u64>,
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
        // TCP_NODELAY as the relay sets it: the baseline is the best plain
        // HTTP can do.
        let l = axum::serve::ListenerExt::tap_io(l, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move { axum::serve(l, app).await });
        format!("http://{}", proxy(addr, counter.clone(), rate).await)
    });
    relay::tls::install_provider();
    // The sending side's records, written before the clock starts.
    let dbs = stores.map(|s| {
        static RUNS: AtomicU64 = AtomicU64::new(0);
        let stamp = RUNS.fetch_add(1, Ordering::Relaxed);
        let (from, to) = (
            plain_store(&s.dir.path().join(format!("from-{stamp}.db"))),
            plain_store(&s.dir.path().join(format!("to-{stamp}.db"))),
        );
        let per = uploads.iter().sum::<usize>() / s.records.max(1);
        let tx = from.unchecked_transaction().expect("tx");
        for i in 0..s.records {
            tx.execute(
                "INSERT INTO records VALUES (?1, ?2)",
                rusqlite::params![i as i64, vec![3u8; per]],
            )
            .expect("insert");
        }
        tx.commit().expect("commit");
        (from, to, s.records)
    });
    let per_request = |requests: usize, records: usize| records.div_ceil(requests.max(1));
    let http = reqwest::Client::new();
    let start = Instant::now();
    rt.block_on(async {
        let mut next = 0i64;
        for &n in uploads {
            let body = match &dbs {
                Some((from, _, records)) => {
                    let take = per_request(uploads.len(), *records) as i64;
                    let mut st = from
                        .prepare_cached("SELECT blob FROM records WHERE id >= ?1 AND id < ?2")
                        .expect("select");
                    let mut body = Vec::with_capacity(n);
                    let rows = st
                        .query_map([next, next + take], |r| r.get::<_, Vec<u8>>(0))
                        .expect("rows");
                    for row in rows {
                        body.extend(row.expect("row"));
                    }
                    next += take;
                    body
                }
                None => vec![1u8; n],
            };
            http.post(format!("{base}/up"))
                .body(body)
                .send()
                .await
                .expect("post")
                .bytes()
                .await
                .expect("body");
        }
        let mut id = 0i64;
        for &n in downloads {
            let got = http
                .get(format!("{base}/down/{n}"))
                .send()
                .await
                .expect("get")
                .bytes()
                .await
                .expect("body");
            if let Some((_, to, records)) = &dbs {
                let take = per_request(downloads.len(), *records);
                let tx = to.unchecked_transaction().expect("tx");
                for part in got.chunks(got.len().div_ceil(take).max(1)) {
                    tx.execute(
                        "INSERT INTO records VALUES (?1, ?2)",
                        rusqlite::params![id, part],
                    )
                    .expect("insert");
                    id += 1;
                }
                tx.commit().expect("commit");
            }
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
    println!("\n== sync benchmarks (loopback, SQLite relay) ==");
    // `FIELDSCREEN_BENCH_ONLY=initial-sync`: the realistic initial sync's
    // two rounds alone, five times (to profile them: nothing else runs
    // while they do but filling the devices).
    if std::env::var("FIELDSCREEN_BENCH_ONLY").is_ok_and(|v| v == "initial-sync") {
        for _ in 0..5 {
            let Team {
                _dir,
                counter,
                mut a,
                mut b,
                ..
            } = team(&rt, 40, false, None);
            let (_, push, _) = round_wire(&counter, &mut a);
            let (_, pull, _) = round_wire(&counter, &mut b);
            println!("initial sync: A's round {push:.2?}, B's {pull:.2?}");
        }
        return;
    }
    // `FIELDSCREEN_BENCH_ONLY=long-lived`: the team that has worked a
    // while alone.
    if std::env::var("FIELDSCREEN_BENCH_ONLY").is_ok_and(|v| v == "long-lived") {
        long_lived(&rt);
        return;
    }
    scenario(&rt, "small interviews (4 answers each)", 4, false);
    scenario(
        &rt,
        "realistic interviews (40 answers each, with provenance)",
        40,
        false,
    );
    scenario(
        &rt,
        "realistic interviews, completed (40 answers each, marked complete)",
        40,
        true,
    );
    long_lived(&rt);
}

/// A device joining a team that has worked a while: the first device
/// pushes 1,000 small interviews, then makes [`LATER_ROUNDS`] rounds of an
/// answer to each of three of 20 of them (each round's upload a batch of
/// three under one seal, their records later replaced on the relay by a
/// snapshot each once that is smaller); the second device's first pull is
/// then compared with the compacted snapshots of what it receives.
fn long_lived(rt: &tokio::runtime::Runtime) {
    const LATER_ROUNDS: usize = 300;
    let Team {
        _dir,
        counter,
        relay_db,
        mut a,
        mut b,
        ids,
    } = team(rt, 4, false, None);
    link::sync_round(&mut a, &mut |_| {}).expect("initial push");
    let mut snapshots_posted = 0;
    for i in 0..LATER_ROUNDS {
        // Three interviews a round (a round with one envelope sends it
        // signed alone; with more, a batch and its seal).
        for k in 0..3 {
            a.apply_answer(
                ids[(i * 3 + k) % 20],
                "age",
                AnswerValue::Value((20 + i % 50).to_string()),
                Provenance {
                    language: "th".into(),
                    at: Utc
                        .timestamp_opt(1_760_000_000 + i as i64, 0)
                        .single()
                        .expect("t"),
                    device_id: "device-a".into(),
                    interpreter: false,
                    self_administered: false,
                },
            )
            .expect("answer");
        }
        snapshots_posted += link::sync_round(&mut a, &mut |_| {})
            .expect("round")
            .snapshots;
    }
    let (pulled, took, wire) = round_wire(&counter, &mut b);
    assert_eq!(b.list().expect("list").len(), INTERVIEWS);
    // The batch seals the feed held (a seal's document is its team's id).
    let (seals, seal_bytes): (i64, i64) = rusqlite::Connection::open(&relay_db)
        .expect("the relay's database")
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM blobs WHERE doc = team",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("seals");
    let mut snapshots = 0usize;
    for id in &ids {
        let changes = a.export_changes(*id, &[]).expect("export");
        snapshots += automerge::Automerge::load(&changes)
            .expect("load")
            .save()
            .len();
    }
    println!(
        "-- a team that has worked a while: {INTERVIEWS} small interviews, then {LATER_ROUNDS} rounds of three answers on 20 of them ({snapshots_posted} snapshots handed to the relay) --"
    );
    println!(
        "  a device's first pull: {} envelopes and {seals} batch seals ({seal_bytes} B) in {:.2?}; its wire bytes (HTTP included: {wire}) / the compacted snapshots it receives ({snapshots} B): {:.2}x (one way; context, no target)",
        pulled.pulled,
        took,
        wire as f64 / snapshots as f64
    );
}

/// Wire bytes of one round (its connection is closed when it returns).
fn round_wire(counter: &AtomicU64, v: &mut Vault) -> (link::SyncReport, Duration, u64) {
    let before = counter.load(Ordering::Relaxed);
    let start = Instant::now();
    let report = link::sync_round(v, &mut |_| {}).expect("round");
    let took = start.elapsed();
    std::thread::sleep(Duration::from_millis(200));
    (report, took, counter.load(Ordering::Relaxed) - before)
}

/// Two devices of one team on a fresh relay behind the counting proxy
/// (a link of `rate` bytes a second when given), the first holding
/// [`INTERVIEWS`] interviews of `answers` answers each.
struct Team {
    _dir: tempfile::TempDir,
    relay_db: std::path::PathBuf,
    counter: Arc<AtomicU64>,
    a: Vault,
    b: Vault,
    ids: Vec<vault::RecordId>,
}

fn team(rt: &tokio::runtime::Runtime, answers: usize, complete: bool, rate: Option<u64>) -> Team {
    let dir = scratch();
    let counter = Arc::new(AtomicU64::new(0));
    let store = Arc::new(relay::SqliteStore::open(&dir.path().join("relay.db")).expect("store"));
    let base = rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        // A device's rate limit off: the long-lived team's rounds come
        // back to back here, minutes apart in the field.
        let config = relay::RelayConfig {
            device_requests_per_second: 1_000_000,
            device_burst: 1_000_000,
            ..relay::RelayConfig::open()
        };
        tokio::spawn(relay::serve(l, store, config));
        format!("http://{}", proxy(addr, counter.clone(), rate).await)
    });

    let mut a = new_vault(&dir.path().join("a"));
    let b = new_vault(&dir.path().join("b"));
    let filled = Instant::now();
    let ids = fill(&mut a, answers, complete);
    eprintln!("filled {INTERVIEWS} interviews in {:.1?}", filled.elapsed());
    link::create_team(&mut a, &base, "bench", None, None).expect("team");
    let code = link::invite(&mut a, link::INVITE_TTL).expect("invite");
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
    Team {
        relay_db: dir.path().join("relay.db"),
        _dir: dir,
        counter,
        a,
        b,
        ids,
    }
}

/// The request sizes plain HTTP is given to move the same bytes in the
/// same number of requests as the initial sync did.
fn same_requests(pushed: &link::SyncReport, pulled: &link::SyncReport) -> (Vec<usize>, Vec<usize>) {
    // Sync uploads in batches of 256 envelopes: the same number of requests.
    let batches = INTERVIEWS.div_ceil(256);
    let upload_sizes = vec![pushed.pushed_bytes as usize / batches; batches];
    let pages = pulled.pulled as usize / 500 + 1;
    let download_sizes = vec![pulled.pulled_bytes as usize / pages; pages];
    (upload_sizes, download_sizes)
}

/// The initial sync again over a link of [`LINK_BYTES_PER_SEC`] each way,
/// against plain HTTP over the same link: what the sync's own work adds
/// where the bytes take time to travel.
fn over_a_link(rt: &tokio::runtime::Runtime, answers: usize, complete: bool) {
    let rate = Some(LINK_BYTES_PER_SEC);
    let Team {
        _dir,
        counter,
        mut a,
        mut b,
        ..
    } = team(rt, answers, complete, rate);
    let (pushed, push_time, _) = round_wire(&counter, &mut a);
    let (pulled, pull_time, _) = round_wire(&counter, &mut b);
    assert_eq!(b.list().expect("list").len(), INTERVIEWS);
    let took = push_time + pull_time;
    let (uploads, downloads) = same_requests(&pushed, &pulled);
    let mut plain: Vec<Duration> = (0..3)
        .map(|_| plain_http(rt, &uploads, &downloads, None, rate).0)
        .collect();
    plain.sort();
    let plain_time = plain[1];
    println!(
        "  over a {} Mbit/s link each way: initial sync {:.2?} (A's round {:.2?}, B's {:.2?}) vs plain HTTP over the same link moving the same bytes in the same requests (median of 3: {:.2?}): {:.2}x (target ≤ 2x)",
        LINK_BYTES_PER_SEC * 8 / 1_000_000,
        took,
        push_time,
        pull_time,
        plain_time,
        took.as_secs_f64() / plain_time.as_secs_f64().max(1e-9)
    );
}

fn scenario(rt: &tokio::runtime::Runtime, label: &str, answers: usize, complete: bool) {
    let Team {
        _dir,
        counter,
        mut a,
        mut b,
        ids,
        ..
    } = team(rt, answers, complete, None);

    // Initial sync: A pushes everything, B pulls everything.
    let (pushed, push_time, push_wire) = round_wire(&counter, &mut a);
    let (pulled, pull_time, pull_wire) = round_wire(&counter, &mut b);
    let took = push_time + pull_time;
    let wire = push_wire + pull_wire;
    assert_eq!(b.list().expect("list").len(), INTERVIEWS);
    let (upload_sizes, download_sizes) = same_requests(&pushed, &pulled);

    // The sum of compacted snapshots of the same documents.
    let mut snapshots = 0usize;
    for id in &ids {
        let changes = a.export_changes(*id, &[]).expect("export");
        let doc = automerge::Automerge::load(&changes).expect("load");
        snapshots += doc.save().len();
    }
    // The median of five (a single run swung 44–177 ms before the proxy
    // set TCP_NODELAY: most of that was 40 ms delayed-ACK stalls).
    let mut plain: Vec<(Duration, u64)> = (0..5)
        .map(|_| plain_http(rt, &upload_sizes, &download_sizes, None, None))
        .collect();
    plain.sort();
    let (plain_time, plain_wire) = plain[plain.len() / 2];
    let stores = PlainStores {
        dir: scratch(),
        records: INTERVIEWS,
    };
    let mut stored: Vec<Duration> = (0..5)
        .map(|_| plain_http(rt, &upload_sizes, &download_sizes, Some(&stores), None).0)
        .collect();
    stored.sort();
    let stored_time = stored[stored.len() / 2];

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
            self_administered: false,
        },
    )
    .expect("answer");
    let (inc_a, _, inc_a_wire) = round_wire(&counter, &mut a);
    let (inc_b, _, inc_b_wire) = round_wire(&counter, &mut b);
    assert_eq!(inc_b.pulled, 1);
    // A round with nothing to do either way.
    let (_, _, idle_wire) = round_wire(&counter, &mut b);

    println!(
        "-- {label}: {} B of compacted snapshots, {} B per interview --",
        snapshots,
        snapshots / INTERVIEWS
    );
    // What each envelope adds to an interview's bytes, field by field.
    let per = (snapshots / INTERVIEWS) as f64;
    let share = |bytes: usize| format!("{bytes} B {:.1}%", 100.0 * bytes as f64 / per);
    let v1 = sync::envelope::HEADER_LEN + 16 + 64;
    println!(
        "  per-envelope overhead against a {per:.0} B interview: version 1 (each signed) {} = signature {}, signer {}, team {}, doc {}, nonce {}, tag {}, epoch {}, length {}, version+kind {}; batch member {} = doc {}, nonce {}, tag {}, epoch {}, version+kind {}, plus its hash in the seal {} and the seal's {} B per batch of up to 256",
        share(v1),
        share(64),
        share(32),
        share(16),
        share(16),
        share(12),
        share(16),
        share(4),
        share(4),
        share(2),
        share(sync::batch::MEMBER_HEADER_LEN + 16),
        share(16),
        share(12),
        share(16),
        share(4),
        share(2),
        share(32),
        sync::batch::SEAL_HEADER_LEN,
    );
    println!(
        "initial sync of {INTERVIEWS} interviews A → relay → B: {:.2?} (A's round {:.2?}, B's {:.2?}; {} envelope bytes pushed, {} pulled)",
        took, push_time, pull_time, pushed.pushed_bytes, pulled.pulled_bytes
    );
    println!(
        "  wire bytes (both ways, HTTP included: A's round {push_wire}, B's {pull_wire}) / sum of compacted snapshots ({snapshots} B, counted twice: up and down): {:.2}x (target ≤ 1.2x)",
        wire as f64 / (2 * snapshots) as f64
    );
    println!(
        "  time vs plain HTTP moving the same bytes in the same requests (median of 5: {:.2?}, {plain_wire} wire bytes): {:.2}x (target ≤ 2x)",
        plain_time,
        took.as_secs_f64() / plain_time.as_secs_f64().max(1e-9)
    );
    println!(
        "  time vs plain HTTP with a plain SQLite store at each end (read before sending, written durably on receipt; no encryption, signature or CRDT; median of 5: {:.2?}): {:.2}x (context, no target)",
        stored_time,
        took.as_secs_f64() / stored_time.as_secs_f64().max(1e-9)
    );
    println!(
        "one-answer incremental sync: {} envelope bytes pushed, {} pulled; wire bytes incl. HTTP headers: pushing device's round {inc_a_wire} B, pulling device's round {inc_b_wire} B (each target < 1 KB), both rounds {} B; an idle round {idle_wire} B",
        inc_a.pushed_bytes,
        inc_b.pulled_bytes,
        inc_a_wire + inc_b_wire
    );
    drop((a, b));
    over_a_link(rt, answers, complete);
}
