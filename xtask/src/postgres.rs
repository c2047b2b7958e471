//! A throw-away PostgreSQL server for the relay's tests and benchmarks.
//!
//! `cargo xtask setup test` installs Debian's `postgresql` package; this
//! module runs `initdb` for a fresh cluster under `target/tools/pg` (or a
//! private directory under the system's temp dir when the server's user
//! cannot reach the checkout), starts it on loopback on a free port, and
//! stops it when the [`LocalPostgres`] guard drops, also when tests fail.
//! A cluster left over by a killed run is stopped and wiped first.
//!
//! PostgreSQL refuses to run as root: as root, the server runs as the
//! `postgres` system user (created by the Debian package), through
//! `runuser`; as anyone else, it runs as that user.

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use crate::setup::tools_dir;
use crate::sh::{Cmd, Fail};

/// The user the server runs as when xtask runs as root.
const SERVER_USER: &str = "postgres";

/// A running throw-away cluster; stopped on drop.
#[derive(Debug)]
pub struct LocalPostgres {
    /// `postgres://postgres@127.0.0.1:PORT/postgres`
    pub url: String,
    bin: PathBuf,
    data: PathBuf,
    user: Option<&'static str>,
}

impl LocalPostgres {
    /// Starts a fresh cluster. `durable = false` turns fsync off (tests);
    /// benchmarks keep PostgreSQL's durable defaults.
    pub fn start(durable: bool) -> Result<Self, Fail> {
        let bin = bin_dir().ok_or_else(|| {
            Fail(
                "PostgreSQL's server programs (initdb, pg_ctl) were not found; run `cargo xtask setup test` (Debian package `postgresql`)".into(),
            )
        })?;
        let user = is_root().then_some(SERVER_USER);
        if let Some(u) = user
            && Cmd::new("id").arg(u).read().is_none()
        {
            return Err(Fail(format!(
                "running as root, and the `{u}` user that PostgreSQL runs as does not exist; install the Debian package `postgresql`"
            )));
        }
        let base = base_dir(user)?;
        let data = base.join("data");
        let sockets = base.join("run");

        // A cluster left by a killed run: stop it, then start afresh.
        if data.join("postmaster.pid").exists() {
            println!("xtask: stopping a PostgreSQL left over from an earlier run");
            let _ = as_user(user, bin.join("pg_ctl"))
                .args(["stop", "-m", "immediate", "-w", "-D"])
                .arg(&data)
                .read();
        }
        remove_dir(&data)?;
        for d in [&base, &sockets] {
            std::fs::create_dir_all(d)
                .map_err(|e| Fail(format!("cannot create {}: {e}", d.display())))?;
        }
        if let Some(u) = user {
            Cmd::new("chown")
                .args(["-R", &format!("{u}:")])
                .arg(&base)
                .run()?;
        }

        as_user(user, bin.join("initdb"))
            .args([
                "--auth=trust",
                "--username=postgres",
                "--encoding=UTF8",
                "--no-instructions",
                "-D",
            ])
            .arg(&data)
            .run()?;

        let port = free_port()?;
        let mut options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c max_connections=400",
            sockets.display()
        );
        if !durable {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        as_user(user, bin.join("pg_ctl"))
            .args(["start", "-w", "-t", "60", "-D"])
            .arg(&data)
            .arg("-l")
            .arg(base.join("server.log"))
            .args(["-o", &options])
            .run()
            .map_err(|Fail(m)| {
                Fail(format!(
                    "{m}\nPostgreSQL's log: {}",
                    base.join("server.log").display()
                ))
            })?;
        let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        println!("xtask: PostgreSQL {} at {url}", data.display());
        Ok(LocalPostgres {
            url,
            bin,
            data,
            user,
        })
    }
}

impl Drop for LocalPostgres {
    fn drop(&mut self) {
        let stopped = as_user(self.user, self.bin.join("pg_ctl"))
            .args(["stop", "-m", "fast", "-w", "-D"])
            .arg(&self.data)
            .read()
            .is_some();
        if stopped {
            let _ = std::fs::remove_dir_all(&self.data);
        } else {
            eprintln!(
                "xtask: could not stop PostgreSQL ({}); the next run stops it",
                self.data.display()
            );
        }
    }
}

fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .read()
        .is_some_and(|s| s.trim() == "0")
}

fn as_user(user: Option<&str>, program: PathBuf) -> Cmd {
    match user {
        Some(u) => Cmd::new("runuser").args(["-u", u, "--"]).arg(program),
        None => Cmd::new(program),
    }
}

/// The newest server in Debian's layout, else `initdb` on the PATH.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    let initdb = Cmd::new("sh")
        .args(["-c", "command -v initdb"])
        .read()
        .map(|s| PathBuf::from(s.trim()))?;
    initdb.parent().map(Path::to_path_buf)
}

/// `target/tools/pg` when the server's user can write there; as root with
/// a checkout that user cannot traverse, a private temp directory.
fn base_dir(user: Option<&str>) -> Result<PathBuf, Fail> {
    let preferred = tools_dir().join("pg");
    let Some(u) = user else {
        return Ok(preferred);
    };
    std::fs::create_dir_all(&preferred)
        .map_err(|e| Fail(format!("cannot create {}: {e}", preferred.display())))?;
    let reachable = Cmd::new("runuser")
        .args(["-u", u, "--", "test", "-x"])
        .arg(&preferred)
        .read()
        .is_some()
        && Cmd::new("chown")
            .arg(format!("{u}:"))
            .arg(&preferred)
            .read()
            .is_some()
        && Cmd::new("runuser")
            .args(["-u", u, "--", "test", "-w"])
            .arg(&preferred)
            .read()
            .is_some();
    if reachable {
        return Ok(preferred);
    }
    let key = crate::root()
        .to_string_lossy()
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    Ok(std::env::temp_dir().join(format!("fieldscreen-pg-{key:08x}")))
}

fn remove_dir(dir: &Path) -> Result<(), Fail> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Fail(format!("cannot remove {}: {e}", dir.display()))),
    }
}

fn free_port() -> Result<u16, Fail> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Fail(format!("no free loopback port: {e}")))
}

/// `cargo xtask with-postgres CMD [ARGS]`: runs one command (say
/// `cargo test -p relay`) with `FIELDSCREEN_TEST_POSTGRES` set.
pub fn with_postgres(program: &str, args: &[&str]) -> Result<(), Fail> {
    let pg = LocalPostgres::start(false)?;
    Cmd::new(program)
        .args(args)
        .env("FIELDSCREEN_TEST_POSTGRES", &pg.url)
        .env("FIELDSCREEN_REQUIRE_TOOLS", "1")
        .run()
}
