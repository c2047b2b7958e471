//! Running commands with their output shown, failing with a clear sentence.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// A task failed; the message says what and, where possible, what to do.
#[derive(Debug)]
pub struct Fail(pub String);

#[derive(Debug)]
pub struct Cmd {
    inner: Command,
    shown: String,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let shown = program.as_ref().to_string_lossy().into_owned();
        Cmd {
            inner: Command::new(program),
            shown,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.shown.push(' ');
        self.shown.push_str(&arg.as_ref().to_string_lossy());
        self.inner.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.inner.env(key, value);
        self
    }

    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.inner.current_dir(dir);
        self
    }

    /// Runs with inherited stdio; fails unless it exits 0.
    pub fn run(mut self) -> Result<(), Fail> {
        println!("$ {}", self.shown);
        let status = self
            .inner
            .status()
            .map_err(|e| Fail(format!("could not start `{}`: {e}", self.shown)))?;
        if status.success() {
            Ok(())
        } else {
            Err(Fail(format!("`{}` failed ({status})", self.shown)))
        }
    }

    /// Runs a `cargo test` with its output shown as it comes; on failure the
    /// message names each failed test and the first lines of its panic, so a
    /// log that keeps only its tail (CI) still says what broke.
    pub fn run_tests(mut self) -> Result<(), Fail> {
        println!("$ {}", self.shown);
        let mut child = self
            .inner
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| Fail(format!("could not start `{}`: {e}", self.shown)))?;
        let mut failures = TestFailures::default();
        if let Some(out) = child.stdout.take() {
            let mut stdout = std::io::stdout();
            for line in BufReader::new(out).split(b'\n') {
                let Ok(line) = line else { break };
                // Shown even if our own stdout is gone; the test goes on.
                let _ = stdout
                    .write_all(&line)
                    .and_then(|()| stdout.write_all(b"\n"));
                failures.read(&String::from_utf8_lossy(&line));
            }
        }
        let status = child
            .wait()
            .map_err(|e| Fail(format!("`{}` could not be waited for: {e}", self.shown)))?;
        if status.success() {
            Ok(())
        } else {
            Err(Fail(format!(
                "`{}` failed ({status}){}",
                self.shown,
                failures.summary()
            )))
        }
    }

    /// Runs quietly and returns stdout; `None` if it cannot start or fails.
    pub fn read(mut self) -> Option<String> {
        let out = self.inner.stderr(Stdio::null()).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// What a `cargo test` run printed about its failures: the binary each
/// failed test ran in and the first lines of its captured output.
#[derive(Debug, Default)]
struct TestFailures {
    /// The test binary being run (`Running tests/sync.rs (…)`).
    binary: String,
    /// The failure whose captured output is being read, if any.
    reading: Option<usize>,
    /// (binary, test, first lines of its output)
    failed: Vec<(String, String, Vec<String>)>,
}

/// Lines kept of each failed test's output: the panic is at the top.
const KEPT_LINES: usize = 6;

impl TestFailures {
    fn read(&mut self, line: &str) {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("Running ") {
            self.binary = rest.split(" (").next().unwrap_or(rest).to_owned();
            self.reading = None;
        } else if let Some(name) = trimmed
            .strip_prefix("---- ")
            .and_then(|r| r.strip_suffix(" stdout ----"))
        {
            self.failed
                .push((self.binary.clone(), name.to_owned(), Vec::new()));
            self.reading = Some(self.failed.len() - 1);
        } else if trimmed == "failures:" || trimmed.starts_with("test result:") {
            self.reading = None;
        } else if let Some(i) = self.reading {
            let kept = &mut self.failed[i].2;
            if kept.len() < KEPT_LINES && !trimmed.is_empty() {
                kept.push(trimmed.to_owned());
            }
        }
    }

    /// `\n    tests/sync.rs: name\n      panicked at …` per failure.
    fn summary(&self) -> String {
        let mut out = String::new();
        for (binary, name, lines) in &self.failed {
            if binary.is_empty() {
                out.push_str(&format!("\n    {name}"));
            } else {
                out.push_str(&format!("\n    {binary}: {name}"));
            }
            for l in lines {
                out.push_str(&format!("\n      {l}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_run_names_each_failed_test_with_the_start_of_its_panic() {
        let log = "\
     Running tests/sync.rs (target/debug/deps/sync-0123)
running 2 tests
test a_good_one ... ok
test a_bad_one ... FAILED

failures:

---- a_bad_one stdout ----

thread 'a_bad_one' panicked at crates/link/tests/sync.rs:10:5:
assertion `left == right` failed
  left: 1
 right: 2
more
and more
still more

failures:
    a_bad_one

test result: FAILED. 1 passed; 1 failed
     Running unittests src/lib.rs (target/debug/deps/app-4567)
test fine ... ok
";
        let mut f = TestFailures::default();
        for line in log.lines() {
            f.read(line);
        }
        assert_eq!(
            f.summary(),
            "\n    tests/sync.rs: a_bad_one\
             \n      thread 'a_bad_one' panicked at crates/link/tests/sync.rs:10:5:\
             \n      assertion `left == right` failed\
             \n      left: 1\
             \n      right: 2\
             \n      more\
             \n      and more"
        );
    }

    #[test]
    fn a_run_that_fails_to_build_names_no_test() {
        let mut f = TestFailures::default();
        f.read("error[E0308]: mismatched types");
        assert_eq!(f.summary(), "");
    }
}
