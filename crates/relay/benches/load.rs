//! Relay load on loopback: 500 concurrent clients (50 teams of 10 devices)
//! each pushing a 1 KB chunk and pulling its team's feed from its cursor, in
//! a loop, for a bounded time; throughput and latency percentiles, with
//! SQLite and with PostgreSQL (`FIELDSCREEN_TEST_POSTGRES`, which
//! `cargo xtask bench` sets to a throw-away server it starts).
//!
//! Two phases per engine: **saturation** (every client loops with no pause:
//! the relay's throughput; latency then is just clients / throughput) and
//! **paced** (every client syncs once every 2 s, starts spread over the
//! interval, like devices in the field; latency counted from each round's
//! scheduled time, so a slow relay cannot hide behind late sends; there the
//! pull figure is the whole round, push then pull).
//! Each engine runs twice: plain HTTP, then TLS (the relay's `serve_tls`
//! with a self-signed certificate, every client its own HTTPS connection
//! trusting that certificate), and the p99 of both is printed side by side.
//! Per-device rate limits are lifted (the saturation phase is one device
//! looping as fast as the relay answers; the paced phase is well within the
//! defaults anyway).
//! `FIELDSCREEN_LOAD_SECONDS` sets each phase's time (default 15).

use std::sync::Arc;
use std::time::{Duration, Instant};

use relay::client::RelayClient;
use relay::{PostgresStore, RelayConfig, SqliteStore, Store};
use sync::envelope::{EnvelopeKind, seal};
use sync::{DeviceKey, DocId, TeamId, TeamKey};

const TEAMS: usize = 50;
const DEVICES_PER_TEAM: usize = 10;
const BODY_BYTES: usize = 1024;
const PAGE_ITEMS: usize = 100;
/// How often each client syncs in the paced phase.
const PACE: Duration = Duration::from_secs(2);

#[derive(Default)]
struct Tally {
    pushes: Vec<Duration>,
    pulls: Vec<Duration>,
    errors: usize,
}

/// How clients reach the relay.
#[derive(Clone)]
enum Transport {
    Plain,
    /// HTTPS, trusting this self-signed certificate (DER).
    Tls(Vec<u8>),
}

fn config() -> RelayConfig {
    RelayConfig {
        device_requests_per_second: 100_000,
        device_burst: 100_000,
        ..RelayConfig::open()
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument picks an engine.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let seconds: u64 = std::env::var("FIELDSCREEN_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let mut p99s: Vec<String> = Vec::new();
    for tls in [false, true] {
        let label = if tls { "TLS" } else { "plain HTTP" };
        if wanted("sqlite") {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = SqliteStore::open(&dir.path().join("relay.db")).expect("sqlite store");
            p99s.extend(run(
                &format!("SQLite, {label}"),
                Arc::new(store),
                seconds,
                tls,
            ));
        }
        if wanted("postgres") {
            match std::env::var("FIELDSCREEN_TEST_POSTGRES") {
                Ok(url) if !url.trim().is_empty() => {
                    let schema = format!("load_{}", uuid::Uuid::new_v4().simple());
                    let mut admin =
                        postgres::Client::connect(&url, postgres::NoTls).expect("connect");
                    admin
                        .batch_execute(&format!("CREATE SCHEMA {schema}"))
                        .expect("schema");
                    let sep = if url.contains('?') { '&' } else { '?' };
                    let scoped = format!("{url}{sep}options=-csearch_path%3D{schema}");
                    let store = PostgresStore::open_with(&scoped, 32).expect("postgres store");
                    p99s.extend(run(
                        &format!("PostgreSQL, {label}"),
                        Arc::new(store),
                        seconds,
                        tls,
                    ));
                    let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
                }
                _ => println!(
                    "relay load (PostgreSQL): skipped, FIELDSCREEN_TEST_POSTGRES is not set (cargo xtask bench sets it)"
                ),
            }
        }
    }
    println!("relay load, p99 side by side (target < 200 ms with 500 clients):");
    for line in p99s {
        println!("  {line}");
    }
}

/// Runs both phases; returns one "engine, phase: p99" line per phase.
fn run(engine: &str, store: Arc<dyn Store>, seconds: u64, tls: bool) -> Vec<String> {
    // The relay on its own runtime (as in `fieldscreen relay serve`).
    let server = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("server runtime");
    let listener = server
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let transport = if tls {
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".into()])
            .expect("params")
            .self_signed(&key)
            .expect("certificate");
        let der = cert.der().to_vec();
        let tls = relay::tls::identity(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .expect("tls");
        server.spawn(relay::serve_tls(listener, store, config(), tls));
        Transport::Tls(der)
    } else {
        server.spawn(relay::serve(listener, store, config()));
        Transport::Plain
    };
    let scheme = if tls { "https" } else { "http" };
    let base = format!("{scheme}://{addr}");
    let mut lines = Vec::new();

    let clients = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    for pace in [None, Some(PACE)] {
        let tally = clients.block_on(load(&base, &transport, Duration::from_secs(seconds), pace));
        let phase = match pace {
            None => "saturation".to_owned(),
            Some(p) => format!("paced, one sync per client every {} s", p.as_secs()),
        };
        let name = format!("{engine}, {phase}");
        lines.push(format!("{name}: p99 {:.1} ms", p99(&tally)));
        report(&name, &tally, seconds);
    }
    drop(clients);
    server.shutdown_timeout(Duration::from_secs(5));
    lines
}

fn p99(tally: &Tally) -> f64 {
    let mut all: Vec<Duration> = tally.pushes.iter().chain(&tally.pulls).copied().collect();
    all.sort();
    if all.is_empty() {
        return f64::NAN;
    }
    let i = ((all.len() as f64 * 0.99).ceil() as usize).clamp(1, all.len()) - 1;
    all[i].as_secs_f64() * 1000.0
}

/// One device's client over `transport`.
fn client(base: &str, transport: &Transport, team: TeamId, key: DeviceKey) -> RelayClient {
    match transport {
        Transport::Plain => RelayClient::new(base, team, key),
        Transport::Tls(der) => {
            // The devices pin the relay's key as an invite would carry it.
            let pin = relay::tls::spki_sha256(der).expect("the relay's certificate");
            RelayClient::pinned(base, team, key, &[pin])
        }
    }
}

fn report(engine: &str, tally: &Tally, seconds: u64) {
    let requests = tally.pushes.len() + tally.pulls.len();
    let mut all: Vec<Duration> = tally.pushes.iter().chain(&tally.pulls).copied().collect();
    all.sort();
    let pct = |v: &[Duration], p: f64| -> f64 {
        if v.is_empty() {
            return f64::NAN;
        }
        let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
        v[i].as_secs_f64() * 1000.0
    };
    let mut pushes = tally.pushes.clone();
    pushes.sort();
    let mut pulls = tally.pulls.clone();
    pulls.sort();
    println!(
        "relay load ({engine}): {} clients ({TEAMS} teams x {DEVICES_PER_TEAM}), {seconds} s: \
         {requests} requests ({} pushes, {} pulls), {:.0} requests/s, {} errors",
        TEAMS * DEVICES_PER_TEAM,
        tally.pushes.len(),
        tally.pulls.len(),
        requests as f64 / seconds as f64,
        tally.errors
    );
    println!(
        "relay load ({engine}): latency p50 {:.1} ms, p99 {:.1} ms (target < 200 ms), max {:.1} ms; \
         push p99 {:.1} ms, pull p99 {:.1} ms",
        pct(&all, 0.50),
        pct(&all, 0.99),
        pct(&all, 1.0),
        pct(&pushes, 0.99),
        pct(&pulls, 0.99),
    );
}

async fn load(
    base: &str,
    transport: &Transport,
    measure: Duration,
    pace: Option<Duration>,
) -> Tally {
    let key = TeamKey::from_bytes(1, [9; 32]);
    let mut devices = Vec::new();
    for t in 0..TEAMS {
        let team = TeamId::new_v4();
        let admin_key = DeviceKey::from_seed(seed(t, 0));
        let admin = client(base, transport, team, admin_key.clone());
        admin.create_team().await.expect("create team");
        for d in 1..DEVICES_PER_TEAM {
            let k = DeviceKey::from_seed(seed(t, d));
            admin.add_device(&k.public()).await.expect("add device");
            devices.push((client(base, transport, team, k.clone()), k));
        }
        devices.push((admin, admin_key));
    }
    let start = Instant::now();
    let deadline = start + measure;
    let tasks: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(i, (client, dev))| {
            let key = key.clone();
            tokio::spawn(async move {
                // Envelopes are sealed beforehand: the bench measures the relay.
                let envelopes: Vec<Vec<u8>> = (0..8u8)
                    .map(|n| {
                        seal(
                            &key,
                            client.team(),
                            DocId::from_u128(i as u128),
                            EnvelopeKind::Chunk,
                            &[n; BODY_BYTES],
                            &dev,
                            [n; 12],
                        )
                        .expect("seal")
                    })
                    .collect();
                let mut tally = Tally::default();
                let mut cursor = 0;
                let mut n = 0;
                let clients = (TEAMS * DEVICES_PER_TEAM) as u32;
                let mut slot = pace.map(|p| start + p * (i as u32) / clients);
                while Instant::now() < deadline {
                    if let (Some(at), Some(p)) = (slot, pace) {
                        tokio::time::sleep_until(at.into()).await;
                        slot = Some(at + p);
                    }
                    // Paced: from the scheduled time; saturation: from now.
                    let t = match (slot, pace) {
                        (Some(next), Some(p)) => next - p,
                        _ => Instant::now(),
                    };
                    match client
                        .put_blob(envelopes[n % envelopes.len()].clone())
                        .await
                    {
                        Ok(_) => tally.pushes.push(t.elapsed()),
                        Err(_) => tally.errors += 1,
                    }
                    n += 1;
                    let t = match (slot, pace) {
                        (Some(next), Some(p)) => next - p,
                        _ => Instant::now(),
                    };
                    match client.feed(cursor, PAGE_ITEMS).await {
                        Ok(page) => {
                            tally.pulls.push(t.elapsed());
                            cursor = page.next;
                        }
                        Err(_) => tally.errors += 1,
                    }
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    for t in tasks {
        let one = t.await.expect("client task");
        total.pushes.extend(one.pushes);
        total.pulls.extend(one.pulls);
        total.errors += one.errors;
    }
    total
}

fn seed(team: usize, device: usize) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&(team as u64).to_le_bytes());
    s[8..16].copy_from_slice(&(device as u64).to_le_bytes());
    s[31] = 1;
    s
}
