//! Nothing started by `cargo xtask test` may outlive it.
//!
//! Each suite that starts processes (the workspace tests with their servers,
//! the end-to-end suite with Xvfb, tauri-driver, WebKitWebDriver and the app)
//! runs with a marker in its environment, which every process it starts
//! inherits. When the suite returns, any live process still carrying the
//! marker, or adopted by xtask (which is the subreaper of everything it
//! starts, so orphans come back to it rather than to init), is a leftover: it
//! is killed and the suite fails, naming it. Zombies adopted this way are
//! reaped.

use std::path::Path;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitOptions};

use crate::sh::Fail;

/// The environment variable that marks a suite's processes.
pub const MARKER: &str = "FIELDSCREEN_XTASK_RUN";

/// A process found in /proc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proc {
    pub pid: i32,
    pub name: String,
}

/// A marker value unique to this suite run.
pub fn marker(suite: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{suite}-{}-{nanos}", std::process::id())
}

/// Makes xtask the subreaper of every process it starts from now on.
pub fn adopt_orphans() {
    if let Err(e) = rustix::process::set_child_subreaper(Some(rustix::process::getpid())) {
        println!(
            "xtask: cannot adopt orphaned processes ({e}); leftovers are found by marker only"
        );
    }
}

/// Live processes (zombies excluded) carrying `MARKER=value`, plus, when
/// `children` is set, live children of xtask (orphans it adopted).
pub fn find(value: &str, children: bool) -> Vec<Proc> {
    let me = std::process::id() as i32;
    let needle = format!("{MARKER}={value}");
    let mut found = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Some((name, state, ppid)) = stat(&entry.path()) else {
            continue;
        };
        if state == 'Z' || state == 'X' {
            continue;
        }
        let marked = std::fs::read(entry.path().join("environ"))
            .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == needle.as_bytes()));
        if marked || (children && ppid == me) {
            found.push(Proc { pid, name });
        }
    }
    found.sort_by_key(|p| p.pid);
    found
}

/// `(name, state, parent pid)` from /proc/PID/stat (the name may hold
/// spaces and parentheses: it ends at the last `)`).
fn stat(dir: &Path) -> Option<(String, char, i32)> {
    let text = std::fs::read_to_string(dir.join("stat")).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text.get(open + 1..close)?.to_owned();
    let mut rest = text.get(close + 1..)?.split_whitespace();
    let state = rest.next()?.chars().next()?;
    let ppid = rest.next()?.parse().ok()?;
    Some((name, state, ppid))
}

/// Kills what [`find`] finds (TERM, then KILL after a grace period), and
/// fails naming the leftovers, if there were any. With `children`, also
/// reaps xtask's exited children (only when nothing else of xtask runs: a
/// suite has returned), so adopted orphans do not stay as zombies.
pub fn check(suite: &str, value: &str, children: bool) -> Result<(), Fail> {
    let reap = || {
        if children {
            reap_children();
        }
    };
    let left = find(value, children);
    for p in &left {
        signal(p.pid, Signal::TERM);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while !find(value, children).is_empty() && Instant::now() < deadline {
        reap();
        std::thread::sleep(Duration::from_millis(50));
    }
    for p in find(value, children) {
        signal(p.pid, Signal::KILL);
    }
    std::thread::sleep(Duration::from_millis(100));
    reap();
    if left.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = left
        .iter()
        .map(|p| format!("{} ({})", p.name, p.pid))
        .collect();
    Err(Fail(format!(
        "{suite} left {} process(es) running: {} (now killed)",
        left.len(),
        names.join(", ")
    )))
}

/// A suite's result and its leftover check's, both said when both failed.
pub fn both(suite: Result<(), Fail>, check: Result<(), Fail>) -> Result<(), Fail> {
    match (suite, check) {
        (Ok(()), check) => check,
        (Err(e), Ok(())) => Err(e),
        (Err(Fail(a)), Err(Fail(b))) => Err(Fail(format!("{a}; and {b}"))),
    }
}

fn signal(pid: i32, sig: Signal) {
    if let Some(pid) = Pid::from_raw(pid) {
        let _ = rustix::process::kill_process(pid, sig);
    }
}

/// Reaps every child of xtask that has exited (orphans adopted as zombies).
fn reap_children() {
    while let Ok(Some(_)) = rustix::process::waitpid(None, WaitOptions::NOHANG) {}
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn stat_lines_with_odd_names_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("stat"),
            "4242 (Web Proc (2)) S 17 4242 4242 0 -1 4194560",
        )
        .unwrap();
        assert_eq!(stat(dir.path()), Some(("Web Proc (2)".into(), 'S', 17)));
    }

    /// A `cat` that has answered one line: it has surely exec'd, so its
    /// /proc entry shows its own name and environment (right after
    /// `spawn` it may still be the forked test, with neither).
    fn started_cat(marker_value: Option<&str>) -> std::process::Child {
        use std::io::{BufRead, Write};
        let mut cmd = Command::new("cat");
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        if let Some(value) = marker_value {
            cmd.env(MARKER, value);
        }
        let mut child = cmd.spawn().unwrap();
        child.stdin.as_mut().unwrap().write_all(b"up\n").unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line, "up\n");
        child
    }

    /// The check can fail: a process carrying the marker is found, named,
    /// and killed; afterwards the same check passes.
    #[test]
    fn a_marked_process_left_running_fails_the_check_and_is_killed() {
        let value = marker("unit");
        let mut child = started_cat(Some(&value));
        // Another process without the marker is none of this suite's business.
        let mut other = started_cat(None);
        let found = find(&value, false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pid, child.id() as i32);
        assert_eq!(found[0].name, "cat");

        let Fail(message) = check("unit", &value, false).unwrap_err();
        assert!(message.contains("cat"), "{message}");
        let status = child.wait().unwrap();
        assert!(!status.success(), "killed: {status}");
        assert!(check("unit", &value, false).is_ok());
        assert!(
            other.try_wait().unwrap().is_none(),
            "the other one still runs"
        );
        other.kill().unwrap();
        other.wait().unwrap();
    }
}
