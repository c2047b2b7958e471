//! `fieldscreen relay serve` as a real process, on SQLite and on PostgreSQL
//! (from `FIELDSCREEN_TEST_POSTGRES`; skipped with a note without it,
//! unless `FIELDSCREEN_REQUIRE_TOOLS=1`): plain HTTP on loopback only,
//! HTTPS answered to a client that pins the printed key pin, and floods of
//! strangers refused with the relay's memory bounded.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use relay::client::RelayClient;
use sync::{DeviceKey, TeamId};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Serving {
    child: Child,
    /// What it printed after the address line (pin, mode, registration).
    lines: Vec<String>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    /// The relay process's peak resident memory (kB, `VmHWM`).
    fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

/// Starts the relay on a free loopback port; returns it and its address.
fn serve(db: &str) -> (Serving, String) {
    serve_with(db, &[])
}

/// [`serve`] with more options.
fn serve_with(db: &str, more: &[&str]) -> (Serving, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fieldscreen"));
    cmd.args(["relay", "serve", "--listen", "127.0.0.1:0", "--db", db])
        .args(more);
    started(cmd)
}

/// Spawns a prepared `relay serve` command and reads its address line and
/// the two lines after it.
fn started(mut cmd: Command) -> (Serving, String) {
    let mut child = cmd
        .env("FIELDSCREEN_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let address = line
        .split_whitespace()
        .find(|w| w.starts_with("127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('.')
        .to_owned();
    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        lines.push(l.trim().to_owned());
    }
    (Serving { child, lines }, address)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A token file in `dir`.
fn token_file(dir: &std::path::Path) -> (String, String) {
    let token = "flood-test-operator-token-42".to_owned();
    let path = dir.join("token");
    std::fs::write(&path, format!("{token}\n")).unwrap();
    (path.to_str().unwrap().to_owned(), token)
}

/// An unsigned request: a running relay answers 401.
fn status_of_unsigned_feed(address: &str) -> String {
    let mut s = TcpStream::connect(address).unwrap();
    write!(
        s,
        "GET /v1/teams/{}/feed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        uuid_like()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer.lines().next().unwrap_or_default().to_owned()
}

fn uuid_like() -> &'static str {
    "0b6b9f0e-6f4b-4c1e-9a57-3c1f2d1e0a11"
}

#[test]
fn serves_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("relay.db").display());
    let (_relay, address) = serve(&db);
    assert!(status_of_unsigned_feed(&address).contains(" 401 "));
}

#[test]
fn serves_on_postgres() {
    let Some(url) = std::env::var("FIELDSCREEN_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.trim().is_empty())
    else {
        assert!(
            std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "FIELDSCREEN_TEST_POSTGRES is not set and FIELDSCREEN_REQUIRE_TOOLS=1"
        );
        eprintln!("note: PostgreSQL case skipped: set FIELDSCREEN_TEST_POSTGRES=postgres://...");
        return;
    };
    let (_relay, address) = serve(&url);
    assert!(status_of_unsigned_feed(&address).contains(" 401 "));
}

/// `relay serve` with no option on its command line, every option from a
/// `FIELDSCREEN_RELAY_*` variable (how the packaged systemd unit passes
/// `/etc/fieldscreen/relay.conf`).
fn relay_from_environment(vars: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fieldscreen"));
    cmd.args(["relay", "serve"]);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd
}

#[test]
fn every_option_comes_from_its_fieldscreen_relay_variable() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("relay.db").display());
    let (token, _) = token_file(dir.path());
    let (relay, address) = started(relay_from_environment(&[
        ("FIELDSCREEN_RELAY_LISTEN", "127.0.0.1:0"),
        ("FIELDSCREEN_RELAY_DB", &db),
        ("FIELDSCREEN_RELAY_OPERATOR_TOKEN_FILE", &token),
    ]));
    assert!(status_of_unsigned_feed(&address).contains(" 401 "));
    assert_eq!(
        relay.lines[1],
        "Teams are created only for devices that send the operator token."
    );
    assert!(dir.path().join("relay.db").exists());

    // The listen address really is read from the variable: a network
    // address without TLS is refused.
    let out = relay_from_environment(&[
        ("FIELDSCREEN_RELAY_LISTEN", "0.0.0.0:0"),
        ("FIELDSCREEN_RELAY_DB", &db),
    ])
    .env("FIELDSCREEN_LANG", "en")
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0.0.0.0:0"));

    // A bad value in a variable is refused like the same bad option.
    let out = relay_from_environment(&[
        ("FIELDSCREEN_RELAY_LISTEN", "127.0.0.1:0"),
        ("FIELDSCREEN_RELAY_DB", &db),
        ("FIELDSCREEN_RELAY_MAX_CONNECTIONS", "many"),
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--max-connections"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_option_on_the_command_line_wins_over_its_variable() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("relay.db").display());
    let mut cmd = relay_from_environment(&[
        ("FIELDSCREEN_RELAY_LISTEN", "0.0.0.0:0"),
        ("FIELDSCREEN_RELAY_DB", "mysql://not-used"),
        ("FIELDSCREEN_RELAY_OPEN_REGISTRATION", "true"),
    ]);
    cmd.args(["--listen", "127.0.0.1:0", "--db", &db]);
    let (relay, address) = started(cmd);
    assert!(status_of_unsigned_feed(&address).contains(" 401 "));
    assert_eq!(
        relay.lines[1],
        "Anyone may create a team (open registration, a few a minute)."
    );
}

/// The packaged configuration file names every option the relay reads
/// from its environment, and nothing else (a misspelt name would be
/// silently ignored by systemd and by the relay).
#[test]
fn the_packaged_relay_conf_names_exactly_the_relay_variables() {
    let help = Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
        .args(["relay", "serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let from_help: std::collections::BTreeSet<String> = help
        .split("[env: ")
        .skip(1)
        .map(|rest| rest.split(['=', ']']).next().unwrap().to_owned())
        .collect();
    assert_eq!(from_help.len(), 15, "{help}");
    let conf = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/relay.conf"),
    )
    .unwrap();
    let from_conf: std::collections::BTreeSet<String> = conf
        .lines()
        .map(|l| l.trim_start_matches(['#', ' ']))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k))
        .filter(|k| k.starts_with("FIELDSCREEN_"))
        .map(str::to_owned)
        .collect();
    assert_eq!(from_conf, from_help);
}

#[test]
fn refuses_an_unknown_database_kind() {
    let out = Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
        .args([
            "relay",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            "mysql://x",
        ])
        .env("FIELDSCREEN_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgres://"));
}

#[test]
fn plain_http_on_a_non_loopback_address_is_refused_before_anything_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("relay.db");
    let db = format!("sqlite:{}", db_path.display());
    for listen in ["0.0.0.0:0", "[::]:0"] {
        let out = Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
            .args(["relay", "serve", "--listen", listen, "--db", &db])
            .env("FIELDSCREEN_LANG", "en")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{listen}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("Refusing to serve plain HTTP") && err.contains("unencrypted"),
            "{err}"
        );
    }
    assert!(!db_path.exists(), "refused before the database was opened");
    // On loopback it serves, and says it serves this machine only.
    let (relay, _) = serve(&db);
    assert!(
        relay.lines[0].contains("loopback only"),
        "{:?}",
        relay.lines
    );
    assert!(
        relay.lines[1].contains("Team creation is off"),
        "{:?}",
        relay.lines
    );
}

/// One request over TLS to `address`, trusting only `pin`; the answer's
/// status line, or the TLS error.
/// The client's own configuration (`relay::tls::client_config`, as devices
/// use it), so the test checks the pinning that ships.
async fn https_status(address: &str, pin: [u8; 32], request: &str) -> Result<String, String> {
    let seen = relay::tls::SeenSlot::default();
    let config = relay::tls::client_config(&relay::tls::Trust::Pinned(vec![pin]), seen.clone())
        .expect("client configuration");
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(address).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("relay.invalid").unwrap();
    let mut tls = connector
        .connect(name, tcp)
        .await
        .map_err(|e| e.to_string())?;
    let shown = seen.lock().expect("seen").expect("the verifier saw a key");
    assert!(shown.accepted && shown.pin == pin, "{shown:?}");
    tls.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tls.read_to_end(&mut answer).await;
    Ok(String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned())
}

#[test]
fn a_tls_relay_with_a_self_signed_certificate_answers_a_client_pinning_its_printed_pin() {
    let dir = tempfile::tempdir().unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["relay.invalid".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let (c, k) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&c, cert.pem()).unwrap();
    std::fs::write(&k, key.serialize_pem()).unwrap();
    let db = format!("sqlite:{}", dir.path().join("relay.db").display());
    // TLS on every address: here a loopback one, as the test may only use.
    let (relay, address) = serve_with(
        &db,
        &[
            "--tls-cert",
            c.to_str().unwrap(),
            "--tls-key",
            k.to_str().unwrap(),
            "--open-registration",
        ],
    );
    // The pin line: 64 hex digits and the short fingerprint.
    let pin_line = &relay.lines[0];
    let pin_hex = pin_line
        .split_whitespace()
        .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no pin in {pin_line:?}"));
    let pin = sync::team::pin_from_hex(pin_hex).expect("a pin");
    assert_eq!(pin, relay::tls::spki_sha256(cert.der()).unwrap());
    assert!(
        pin_line.contains(&sync::team::pin_fingerprint(&pin)),
        "{pin_line}"
    );

    let rt = runtime();
    let request = format!(
        "GET /v1/teams/{}/feed HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n",
        uuid_like()
    );
    // Pinned: an answer over HTTPS (an unsigned request: 401).
    let got = rt.block_on(https_status(&address, pin, &request)).unwrap();
    assert!(got.contains(" 401 "), "{got}");
    // Another pin: the handshake fails, no request is sent.
    let mut other = pin;
    other[0] ^= 1;
    let refused = rt.block_on(https_status(&address, other, &request));
    assert!(refused.is_err(), "{refused:?}");
    // Plain HTTP to the TLS port gets no HTTP answer (the relay may close
    // the connection before the request is even written).
    let mut s = TcpStream::connect(&address).unwrap();
    let _ = s.write_all(request.as_bytes());
    let mut plain = Vec::new();
    let _ = s.read_to_end(&mut plain);
    assert!(!String::from_utf8_lossy(&plain).starts_with("HTTP/1.1 "));
}

/// The databases to run a case on: SQLite in `dir`, and PostgreSQL when
/// `FIELDSCREEN_TEST_POSTGRES` names one.
fn engines(dir: &std::path::Path) -> Vec<(String, Option<std::path::PathBuf>)> {
    let path = dir.join("relay.db");
    let mut out = vec![(format!("sqlite:{}", path.display()), Some(path))];
    match std::env::var("FIELDSCREEN_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => out.push((url, None)),
        _ => {
            eprintln!("note: PostgreSQL case skipped: set FIELDSCREEN_TEST_POSTGRES=postgres://...")
        }
    }
    out
}

#[test]
fn ten_thousand_team_creations_without_the_token_are_refused_with_memory_bounded() {
    let dir = tempfile::tempdir().unwrap();
    for (db, sqlite) in engines(dir.path()) {
        creations_flood(dir.path(), &db, sqlite.as_deref());
    }
}

fn creations_flood(dir: &std::path::Path, db: &str, sqlite: Option<&std::path::Path>) {
    let (token_path, token) = token_file(dir);
    let (relay, address) = serve_with(db, &["--operator-token-file", &token_path]);
    assert!(
        relay.lines[1].contains("operator token"),
        "{:?}",
        relay.lines
    );
    let base = format!("http://{address}");
    let rt = runtime();
    // Warm up: connections, first requests.
    let probe = RelayClient::new(&base, TeamId::new_v4(), DeviceKey::from_seed([1; 32]));
    assert_eq!(
        rt.block_on(probe.create_team_with(None))
            .unwrap_err()
            .status(),
        Some(403)
    );
    let before = relay.peak_rss_kb();
    let started = Instant::now();
    let refused = rt.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for w in 0..25u32 {
            let base = base.clone();
            tasks.spawn(async move {
                let mut codes = Vec::new();
                for i in 0..400u32 {
                    let mut seed = [0u8; 32];
                    seed[..4].copy_from_slice(&w.to_be_bytes());
                    seed[4..8].copy_from_slice(&i.to_be_bytes());
                    let c = RelayClient::new(&base, TeamId::new_v4(), DeviceKey::from_seed(seed));
                    // Half with no token, half with a wrong one.
                    let wrong = (i % 2 == 1).then_some("flood-test-operator-token-43");
                    codes.push(c.create_team_with(wrong).await.unwrap_err().status());
                }
                codes
            });
        }
        let mut all = Vec::new();
        while let Some(codes) = tasks.join_next().await {
            all.extend(codes.unwrap());
        }
        all
    });
    let elapsed = started.elapsed();
    let after = relay.peak_rss_kb();
    println!(
        "10,000 team creations without the token ({}): refused in {:.1} s; relay peak RSS {} kB before, {} kB after",
        db.split(':').next().unwrap_or_default(),
        elapsed.as_secs_f64(),
        before,
        after
    );
    assert_eq!(refused.len(), 10_000);
    assert!(refused.iter().all(|s| *s == Some(403)));
    assert!(
        after < before + 64 * 1024,
        "peak RSS grew from {before} kB to {after} kB"
    );
    // Nothing stored; the holder of the token still creates a team.
    let teams = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM teams", [], |r| r.get(0))
            .unwrap()
    };
    if let Some(p) = sqlite {
        assert_eq!(teams(p), 0);
    }
    rt.block_on(probe.create_team_with(Some(&token))).unwrap();
    if let Some(p) = sqlite {
        assert_eq!(teams(p), 1);
    }
}

#[test]
fn two_hundred_unauthenticated_4_mib_uploads_are_refused_before_their_bodies_are_read() {
    let dir = tempfile::tempdir().unwrap();
    for (db, _) in engines(dir.path()) {
        uploads_flood(dir.path(), &db);
    }
}

fn uploads_flood(dir: &std::path::Path, db: &str) {
    let (token_path, token) = token_file(dir);
    let (relay, address) = serve_with(db, &["--operator-token-file", &token_path]);
    let rt = runtime();
    let team = TeamId::new_v4();
    let admin = RelayClient::new(
        &format!("http://{address}"),
        team,
        DeviceKey::from_seed([1; 32]),
    );
    rt.block_on(admin.create_team_with(Some(&token))).unwrap();
    let before = relay.peak_rss_kb();
    let pq = format!("/v1/teams/{team}/blobs");
    let answers =
        rt.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for i in 0..200u32 {
                let (address, pq) = (address.clone(), pq.clone());
                tasks.spawn(async move {
                // A stranger's signed head announcing 4 MiB; the body is
                // never sent, so an answer proves the relay did not wait
                // for it.
                let mut seed = [9u8; 32];
                seed[..4].copy_from_slice(&i.to_be_bytes());
                let auth = sync::auth::RequestAuth::sign(
                    &DeviceKey::from_seed(seed),
                    "POST",
                    &pq,
                    &vec![0u8; 4 * 1024 * 1024],
                    relay::system_now_ms(),
                    sync::random_bytes().unwrap(),
                );
                let (k, v) = auth.header();
                let mut s = tokio::net::TcpStream::connect(&address).await.unwrap();
                let head = format!(
                    "POST {pq} HTTP/1.1\r\nHost: relay\r\n{k}: {v}\r\nContent-Length: {}\r\n\r\n",
                    4 * 1024 * 1024
                );
                s.write_all(head.as_bytes()).await.unwrap();
                let mut answer = Vec::new();
                let mut buf = [0u8; 512];
                while !answer.windows(2).any(|w| w == b"\r\n") {
                    let n = tokio::time::timeout(Duration::from_secs(30), s.read(&mut buf))
                        .await
                        .expect("an answer without the body")
                        .unwrap();
                    if n == 0 {
                        break;
                    }
                    answer.extend_from_slice(&buf[..n]);
                }
                String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_owned()
            });
            }
            let mut all = Vec::new();
            while let Some(a) = tasks.join_next().await {
                all.push(a.unwrap());
            }
            all
        });
    let after = relay.peak_rss_kb();
    println!(
        "200 concurrent unauthenticated 4 MiB uploads ({}): {} answered 403 with no body sent; relay peak RSS {} kB before, {} kB after (the bodies would be 800 MiB)",
        db.split(':').next().unwrap_or_default(),
        answers.iter().filter(|a| a.contains(" 403 ")).count(),
        before,
        after
    );
    assert_eq!(answers.len(), 200);
    assert!(
        answers.iter().all(|a| a.starts_with("HTTP/1.1 403")),
        "{answers:?}"
    );
    assert!(
        after < before + 64 * 1024,
        "peak RSS grew from {before} kB to {after} kB"
    );
}
