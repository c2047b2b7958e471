//! `fieldscreen relay serve --listen ADDR --db sqlite:PATH|postgres://...`:
//! runs the blind sync relay (`relay` crate) until stopped.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Subcommand;

use crate::case_cmd::text;

#[derive(Debug, Subcommand)]
pub enum RelayCommand {
    /// Run the sync relay: stores only encrypted, device-signed blobs
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080
        #[arg(long)]
        listen: String,
        /// Database: sqlite:PATH or postgres://USER@HOST:PORT/DB
        #[arg(long)]
        db: String,
    },
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
        RelayCommand::Serve { listen, db } => serve(&listen, &db),
    }
}

fn fail(reason: String) -> ExitCode {
    eprintln!("{}", text("relay-failed", &[("reason", reason)]));
    ExitCode::FAILURE
}

fn serve(listen: &str, db: &str) -> ExitCode {
    let Some(db) = parse_db(db) else {
        eprintln!("{}", text("relay-bad-db", &[]));
        return ExitCode::from(2);
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
        // The last line says where it listens (tests read the port from it).
        println!("{}", text("relay-listening", &[("address", address)]));
        match relay::serve(listener, store, relay::RelayConfig::default()).await {
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
}
