//! `fieldscreen relay serve --listen ADDR --db sqlite:PATH|postgres://...
//! [--tls-cert PEM --tls-key PEM] [--operator-token-file FILE |
//! --open-registration]`: runs the blind sync relay (`relay` crate) until
//! stopped. Without TLS it listens on loopback only.
//!
//! Every option can also come from a `FIELDSCREEN_RELAY_*` environment
//! variable named after it (`--tls-cert` ↔ `FIELDSCREEN_RELAY_TLS_CERT`);
//! an option on the command line wins. The packaged systemd unit reads them
//! from `/etc/fieldscreen/relay.conf` (`EnvironmentFile=`).

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::case_cmd::text;

#[derive(Debug, Subcommand)]
pub enum RelayCommand {
    /// Run the sync relay: stores only encrypted, device-signed blobs
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:8080 (any address with TLS,
    /// loopback only without)
    #[arg(long, env = "FIELDSCREEN_RELAY_LISTEN")]
    listen: String,
    /// Database: sqlite:PATH or postgres://USER@HOST:PORT/DB
    #[arg(long, env = "FIELDSCREEN_RELAY_DB")]
    db: String,
    /// The relay's certificate chain (PEM, leaf first): serve HTTPS
    #[arg(
        long,
        value_name = "PEM",
        requires = "tls_key",
        env = "FIELDSCREEN_RELAY_TLS_CERT"
    )]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM)
    #[arg(
        long,
        value_name = "PEM",
        requires = "tls_cert",
        env = "FIELDSCREEN_RELAY_TLS_KEY"
    )]
    tls_key: Option<PathBuf>,
    /// Create teams only for devices that send this file's token
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "open_registration",
        env = "FIELDSCREEN_RELAY_OPERATOR_TOKEN_FILE"
    )]
    operator_token_file: Option<PathBuf>,
    /// Let anyone create teams (a few a minute)
    #[arg(long, env = "FIELDSCREEN_RELAY_OPEN_REGISTRATION")]
    open_registration: bool,
    /// With open registration: teams created per minute, all callers together
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        env = "FIELDSCREEN_RELAY_TEAM_CREATIONS_PER_MINUTE"
    )]
    team_creations_per_minute: u32,
    /// Connections served at once
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1024,
        env = "FIELDSCREEN_RELAY_MAX_CONNECTIONS"
    )]
    max_connections: usize,
    /// Megabytes of blobs a team may keep
    #[arg(
        long,
        value_name = "MB",
        default_value_t = 2048,
        env = "FIELDSCREEN_RELAY_TEAM_QUOTA_MB"
    )]
    team_quota_mb: u64,
    /// Blobs a team may keep
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1_000_000,
        env = "FIELDSCREEN_RELAY_TEAM_QUOTA_BLOBS"
    )]
    team_quota_blobs: u64,
    /// Requests per second a device may make, sustained
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        env = "FIELDSCREEN_RELAY_DEVICE_RATE"
    )]
    device_rate: u32,
    /// Requests a device may make at once after a quiet spell
    #[arg(
        long,
        value_name = "N",
        default_value_t = 120,
        env = "FIELDSCREEN_RELAY_DEVICE_BURST"
    )]
    device_burst: u32,
    /// Longest a request may take (body read and answer made)
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 120,
        env = "FIELDSCREEN_RELAY_REQUEST_TIMEOUT_SECS"
    )]
    request_timeout_secs: u64,
    /// Longest for a TLS handshake or a request's head (and for an idle
    /// keep-alive connection)
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 10,
        env = "FIELDSCREEN_RELAY_HEADER_TIMEOUT_SECS"
    )]
    header_timeout_secs: u64,
    /// Longest no byte moves while the relay waits on the other side
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 30,
        env = "FIELDSCREEN_RELAY_IDLE_TIMEOUT_SECS"
    )]
    idle_timeout_secs: u64,
}

/// Which engine a `--db` value names.
#[derive(Debug, PartialEq, Eq)]
enum Db {
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL, as given.
    Postgres(String),
}

fn parse_db(db: &str) -> Option<Db> {
    if let Some(path) = sqlite_path(db) {
        return Some(Db::Sqlite(path));
    }
    let is_pg = ["postgres://", "postgresql://"]
        .iter()
        .any(|p| db.len() > p.len() && db.starts_with(p));
    is_pg.then(|| Db::Postgres(db.to_owned()))
}

/// The SQLite path of a `--db` value, if it is one.
fn sqlite_path(db: &str) -> Option<PathBuf> {
    let path = db.strip_prefix("sqlite:")?;
    (!path.is_empty()).then(|| PathBuf::from(path))
}

pub fn run(cmd: RelayCommand) -> ExitCode {
    match cmd {
        RelayCommand::Serve(a) => serve(&a),
    }
}

/// Whether every address `listen` names is a loopback address.
fn loopback_only(listen: &str) -> Option<bool> {
    let addrs: Vec<SocketAddr> = listen.to_socket_addrs().ok()?.collect();
    (!addrs.is_empty()).then(|| addrs.iter().all(|a| a.ip().is_loopback()))
}

fn config(a: &ServeArgs) -> Result<relay::RelayConfig, ExitCode> {
    let registration = if a.open_registration {
        relay::Registration::Open
    } else if let Some(f) = &a.operator_token_file {
        let raw = zeroize::Zeroizing::new(std::fs::read_to_string(f).map_err(|e| {
            eprintln!("{}", text("admit-token-file", &[("reason", e.to_string())]));
            ExitCode::from(2)
        })?);
        let token = raw.lines().next().unwrap_or("").trim().to_owned();
        if token.len() < 16 {
            eprintln!("{}", text("relay-token-short", &[]));
            return Err(ExitCode::from(2));
        }
        relay::Registration::Token(Arc::new(zeroize::Zeroizing::new(token)))
    } else {
        relay::Registration::Closed
    };
    Ok(relay::RelayConfig {
        registration,
        team_creations_per_minute: a.team_creations_per_minute,
        max_connections: a.max_connections,
        team_quota_bytes: a.team_quota_mb.saturating_mul(1024 * 1024),
        team_quota_blobs: a.team_quota_blobs,
        device_requests_per_second: a.device_rate,
        device_burst: a.device_burst,
        request_timeout: Duration::from_secs(a.request_timeout_secs.max(1)),
        header_read_timeout: Duration::from_secs(a.header_timeout_secs.max(1)),
        idle_timeout: Duration::from_secs(a.idle_timeout_secs.max(1)),
        ..relay::RelayConfig::default()
    })
}

/// One line on standard output; a closed output is not an error.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn fail(reason: String) -> ExitCode {
    eprintln!("{}", text("relay-failed", &[("reason", reason)]));
    ExitCode::FAILURE
}

fn serve(a: &ServeArgs) -> ExitCode {
    let (listen, db) = (a.listen.as_str(), a.db.as_str());
    let Some(db) = parse_db(db) else {
        eprintln!("{}", text("relay-bad-db", &[]));
        return ExitCode::from(2);
    };
    // Plain HTTP would show team ids, device keys and the membership log
    // to anyone on the path: only on loopback, checked before anything.
    let tls = match (&a.tls_cert, &a.tls_key) {
        (Some(c), Some(k)) => match relay::tls::load_identity(c, k) {
            Ok(id) => Some(id),
            Err(e) => {
                eprintln!("{}", text("relay-tls-bad", &[("reason", e.to_string())]));
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    if tls.is_none() && loopback_only(listen) != Some(true) {
        eprintln!(
            "{}",
            text("relay-plain-refused", &[("address", listen.to_owned())])
        );
        return ExitCode::from(2);
    }
    let config = match config(a) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let store: Arc<dyn relay::Store> = match db {
        Db::Sqlite(path) => match relay::SqliteStore::open(&path) {
            Ok(s) => Arc::new(s),
            Err(e) => return fail(e.to_string()),
        },
        // Connects and migrates before the runtime starts (blocking client).
        Db::Postgres(url) => match relay::PostgresStore::open(&url) {
            Ok(s) => Arc::new(s),
            Err(e) => return fail(e.to_string()),
        },
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(e.to_string()),
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(listen).await {
            Ok(l) => l,
            Err(e) => return fail(e.to_string()),
        };
        let address = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_else(|_| listen.to_owned());
        // The first line says where it listens (tests read the port from
        // it); then the pin, how it serves, and who may create teams.
        // Written without `println!`: a relay whose standard output was
        // closed (a supervisor that read the first line) keeps serving.
        say(&text("relay-listening", &[("address", address)]));
        match &tls {
            Some(id) => say(&text(
                "relay-pin",
                &[
                    ("pin", app::sync::team::pin_to_hex(&id.pin)),
                    ("fingerprint", app::sync::team::pin_fingerprint(&id.pin)),
                ],
            )),
            None => say(&text("relay-plain-loopback", &[])),
        }
        let who = match &config.registration {
            relay::Registration::Closed => "relay-registration-closed",
            relay::Registration::Token(_) => "relay-registration-token",
            relay::Registration::Open => "relay-registration-open",
        };
        say(&text(who, &[]));
        let served = match tls {
            Some(id) => relay::serve_tls(listener, store, config, id.config).await,
            None => relay::serve(listener, store, config).await,
        };
        match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e.to_string()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_argument() {
        assert_eq!(
            sqlite_path("sqlite:/tmp/r.db"),
            Some(PathBuf::from("/tmp/r.db"))
        );
        assert_eq!(sqlite_path("sqlite:"), None);
        assert_eq!(sqlite_path("postgres://x"), None);
        assert_eq!(
            parse_db("postgres://relay@127.0.0.1:5432/relay"),
            Some(Db::Postgres("postgres://relay@127.0.0.1:5432/relay".into()))
        );
        assert_eq!(
            parse_db("postgresql://r@%2Frun%2Fpostgresql/relay"),
            Some(Db::Postgres(
                "postgresql://r@%2Frun%2Fpostgresql/relay".into()
            ))
        );
        assert_eq!(
            parse_db("sqlite:/tmp/r.db"),
            Some(Db::Sqlite(PathBuf::from("/tmp/r.db")))
        );
        assert_eq!(parse_db("postgres://"), None);
        assert_eq!(parse_db("mysql://x"), None);
    }

    #[test]
    fn only_loopback_addresses_count_as_loopback() {
        assert_eq!(loopback_only("127.0.0.1:0"), Some(true));
        assert_eq!(loopback_only("[::1]:8080"), Some(true));
        assert_eq!(loopback_only("127.3.4.5:80"), Some(true));
        assert_eq!(loopback_only("0.0.0.0:8080"), Some(false));
        assert_eq!(loopback_only("[::]:8080"), Some(false));
        assert_eq!(loopback_only("192.168.1.10:8080"), Some(false));
        assert_eq!(loopback_only("not an address"), None);
    }
}
