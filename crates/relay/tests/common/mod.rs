//! The relay test harness shared by the suites: one in-process relay on
//! loopback per test, on SQLite (temp dir) or PostgreSQL
//! (`FIELDSCREEN_TEST_POSTGRES`, one schema per test), and a dump of every
//! byte its database holds. `on_both_engines!` makes one test per engine.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use relay::{PostgresStore, RelayConfig, SqliteStore, Store};

/// Runs each named `async fn(Relay)` once per engine.
macro_rules! on_both_engines {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    let r = super::start(super::Engine::Sqlite).await.expect("sqlite relay");
                    super::$case(r).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    if let Some(r) = super::start(super::Engine::Postgres).await {
                        super::$case(r).await;
                    }
                }
            )*
        }
    };
}

#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Where a relay keeps its bytes, to look at them from outside.
pub enum Db {
    /// The file, and the directory that is removed after the test.
    Sqlite(PathBuf, #[allow(dead_code)] tempfile::TempDir),
    Postgres {
        url: String,
        schema: String,
    },
}

pub struct Relay {
    pub base: String,
    pub db: Db,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    config: RelayConfig,
}

/// The PostgreSQL server to test against, if any.
pub fn postgres_url() -> Option<String> {
    match std::env::var("FIELDSCREEN_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "FIELDSCREEN_TEST_POSTGRES is not set and FIELDSCREEN_REQUIRE_TOOLS=1: \
                 run `cargo xtask test`, which starts PostgreSQL"
            );
            eprintln!(
                "note: PostgreSQL case skipped: set FIELDSCREEN_TEST_POSTGRES=postgres://... \
                 (or run `cargo xtask with-postgres cargo test -p relay`)"
            );
            None
        }
    }
}

/// A connection URL whose sessions use `schema`.
pub fn url_in_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-csearch_path%3D{schema}")
}

/// Runs blocking PostgreSQL client code off the async runtime.
pub async fn pg<T: Send + 'static>(
    url: &str,
    f: impl FnOnce(&mut ::postgres::Client) -> T + Send + 'static,
) -> T {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut c =
            ::postgres::Client::connect(&url, ::postgres::NoTls).expect("connect to PostgreSQL");
        f(&mut c)
    })
    .await
    .expect("PostgreSQL client thread")
}

pub async fn start(engine: Engine) -> Option<Relay> {
    let db = match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().expect("tempdir");
            Db::Sqlite(dir.path().join("relay.db"), dir)
        }
        Engine::Postgres => {
            let url = postgres_url()?;
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            let create = format!("CREATE SCHEMA {schema}");
            pg(&url, move |c| {
                c.batch_execute(&create).expect("create schema")
            })
            .await;
            Db::Postgres { url, schema }
        }
    };
    // The suites' readers poll as fast as they can: no per-device rate
    // here (`limits.rs` sets its own to test it).
    let config = RelayConfig {
        device_requests_per_second: 1_000_000,
        device_burst: 1_000_000,
        ..RelayConfig::open()
    };
    let (base, server) = serve(&db, config.clone()).await;
    Some(Relay {
        base,
        db,
        server,
        config,
    })
}

/// Opens the store on `db` (creating or migrating it) and serves it.
async fn serve(
    db: &Db,
    config: RelayConfig,
) -> (String, tokio::task::JoinHandle<std::io::Result<()>>) {
    let store: Arc<dyn Store> = match db {
        Db::Sqlite(path, _) => Arc::new(SqliteStore::open(path).expect("open store")),
        Db::Postgres { url, schema } => {
            let scoped = url_in_schema(url, schema);
            Arc::new(
                tokio::task::spawn_blocking(move || PostgresStore::open(&scoped))
                    .await
                    .expect("thread")
                    .expect("open PostgreSQL store"),
            )
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(relay::serve(listener, store, config));
    (format!("http://{addr}"), server)
}

impl Relay {
    /// Stops this relay and starts a new one on the same database (which
    /// it opens and migrates again); `base` then points at the new one.
    pub async fn restart(&mut self) {
        let config = self.config.clone();
        self.reconfigure(config).await;
    }

    /// Restarts this relay (same database) with another configuration.
    pub async fn reconfigure(&mut self, config: RelayConfig) {
        self.server.abort();
        let _ = (&mut self.server).await;
        let (base, server) = serve(&self.db, config.clone()).await;
        self.base = base;
        self.server = server;
        self.config = config;
    }
}

/// Whether every team's quota counters (blobs, bytes) are what its stored
/// blobs add up to.
#[allow(dead_code)]
pub async fn quota_counters_agree(r: &Relay) -> bool {
    const SQL: &str = "SELECT COUNT(*) FROM teams WHERE blob_count <>
        (SELECT COUNT(*) FROM blobs WHERE blobs.team = teams.id) OR blob_bytes <>
        (SELECT COALESCE(SUM(length(body)), 0) FROM blobs WHERE blobs.team = teams.id)";
    match &r.db {
        Db::Sqlite(path, _) => {
            let c = rusqlite::Connection::open(path).expect("open the relay's database");
            c.query_row(SQL, [], |row| row.get::<_, i64>(0))
                .expect("count")
                == 0
        }
        Db::Postgres { url, schema } => {
            let sql = SQL
                .replace("teams", &format!("{schema}.teams"))
                .replace("blobs", &format!("{schema}.blobs"));
            pg(url, move |c| {
                c.query_one(&sql, &[]).expect("count").get::<_, i64>(0) == 0
            })
            .await
        }
    }
}

/// Runs SQL on the relay's database behind its back (as an older build
/// left it, say): `sqlite` on SQLite, `postgres` on PostgreSQL (in the
/// relay's schema).
#[allow(dead_code)]
pub async fn raw_sql(r: &Relay, sqlite: &str, postgres: &str) {
    match &r.db {
        Db::Sqlite(path, _) => {
            let c = rusqlite::Connection::open(path).expect("open the relay's database");
            c.execute_batch(sqlite).expect("raw SQL");
        }
        Db::Postgres { url, schema } => {
            let sql = postgres.to_owned();
            pg(&url_in_schema(url, schema), move |c| {
                c.batch_execute(&sql).expect("raw SQL")
            })
            .await;
        }
    }
}

/// Every byte the relay's database holds, per file or table.
pub async fn stored_bytes(r: &Relay) -> Vec<(String, Vec<u8>)> {
    match &r.db {
        Db::Sqlite(path, _) => {
            let mut files = vec![path.clone()];
            for ext in ["-wal", "-shm"] {
                files.push(PathBuf::from(format!("{}{ext}", path.display())));
            }
            files
                .into_iter()
                .filter(|f| f.exists())
                .map(|f| (f.display().to_string(), std::fs::read(&f).expect("read db")))
                .collect()
        }
        Db::Postgres { url, schema } => {
            let schema = schema.clone();
            pg(url, move |c| {
                let columns = c
                    .query(
                        "SELECT table_name::text, column_name::text, data_type::text
                         FROM information_schema.columns WHERE table_schema = $1
                         ORDER BY table_name, ordinal_position",
                        &[&schema],
                    )
                    .expect("list columns");
                assert!(!columns.is_empty(), "no tables in {schema}");
                let mut out = Vec::new();
                for col in columns {
                    let (table, column, kind): (String, String, String) =
                        (col.get(0), col.get(1), col.get(2));
                    let mut bytes = Vec::new();
                    let raw = kind == "bytea";
                    let sql = if raw {
                        format!("SELECT \"{column}\" FROM {schema}.\"{table}\"")
                    } else {
                        format!("SELECT \"{column}\"::text FROM {schema}.\"{table}\"")
                    };
                    for row in c.query(&sql, &[]).expect("dump column") {
                        if raw {
                            bytes.extend(row.get::<_, Option<Vec<u8>>>(0).unwrap_or_default());
                        } else {
                            bytes.extend(
                                row.get::<_, Option<String>>(0)
                                    .unwrap_or_default()
                                    .into_bytes(),
                            );
                        }
                    }
                    out.push((format!("{schema}.{table}.{column}"), bytes));
                }
                out
            })
            .await
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Db::Postgres { url, schema } = &self.db {
            // Off the async runtime: the blocking client runs its own.
            let (url, sql) = (
                url.clone(),
                format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
            );
            let _ = std::thread::spawn(move || {
                ::postgres::Client::connect(&url, ::postgres::NoTls)
                    .and_then(|mut c| c.batch_execute(&sql))
            })
            .join();
        }
    }
}

/// A plain HTTP client for hand-made requests (with the process's rustls
/// provider installed, which reqwest needs to build any client).
pub fn http() -> reqwest::Client {
    relay::tls::install_provider();
    reqwest::Client::new()
}

/// The status of a signed request whose head declares `len` body bytes, of
/// which none are sent: the relay answers from the head alone.
pub async fn head_only(
    r: &Relay,
    dev: &sync::DeviceKey,
    method: &str,
    pq: &str,
    len: usize,
) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let auth = sync::auth::RequestAuth::sign(
        dev,
        method,
        pq,
        b"",
        relay::system_now_ms(),
        sync::random_bytes().expect("rng"),
    );
    let (k, v) = auth.header();
    let mut s = tokio::net::TcpStream::connect(r.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    let head = format!(
        "{method} {pq} HTTP/1.1\r\nHost: relay\r\n{k}: {v}\r\nContent-Length: {len}\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.expect("head");
    let mut answer = Vec::new();
    let mut buf = [0u8; 256];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(20), s.read(&mut buf))
            .await
            .expect("an answer")
            .expect("read");
        assert!(n > 0, "closed without an answer");
        answer.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&answer);
    line.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status")
}
