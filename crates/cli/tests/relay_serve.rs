//! `fieldscreen relay serve` as a real process, on SQLite and on PostgreSQL
//! (from `FIELDSCREEN_TEST_POSTGRES`; skipped with a note without it,
//! unless `FIELDSCREEN_REQUIRE_TOOLS=1`).
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the relay on a free loopback port; returns it and its address.
fn serve(db: &str) -> (Serving, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
        .args(["relay", "serve", "--listen", "127.0.0.1:0", "--db", db])
        .env("FIELDSCREEN_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split_whitespace()
        .find(|w| w.starts_with("127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('.')
        .to_owned();
    (Serving(child), address)
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
