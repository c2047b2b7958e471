//! A display for the app: the user's own, or a private Xvfb server.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::sh::{Cmd, Fail};

/// The log line the app prints once its first frame is drawn.
pub const FIRST_PAINT: &str = "first paint after ";

pub fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// An Xvfb server that stops when dropped.
#[derive(Debug)]
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    pub fn start(width: u32, height: u32) -> Result<Self, Fail> {
        // `-displayfd` makes Xvfb pick a free display and tell us its number.
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Fail(format!("could not start Xvfb: {e}")))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| Fail("Xvfb gave no output".into()))?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| Fail(format!("Xvfb did not start: {e}")))?;
        let number = line.trim();
        if number.is_empty() {
            let _ = child.kill();
            return Err(Fail("Xvfb did not report a display".into()));
        }
        Ok(Xvfb {
            child,
            display: format!(":{number}"),
        })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running app whose stderr is watched for the first-paint line.
#[derive(Debug)]
pub struct RunningApp {
    pub child: Child,
    lines: mpsc::Receiver<String>,
    pub started: Instant,
}

impl RunningApp {
    /// Starts the app; `data_dir` overrides its default data folder.
    pub fn spawn(
        binary: &Path,
        display: Option<&str>,
        data_dir: Option<&Path>,
    ) -> Result<Self, Fail> {
        Self::spawn_with_args(binary, &[], display, data_dir)
    }

    /// [`RunningApp::spawn`] with arguments (a desktop entry's `Exec` line).
    pub fn spawn_with_args(
        binary: &Path,
        args: &[String],
        display: Option<&str>,
        data_dir: Option<&Path>,
    ) -> Result<Self, Fail> {
        let mut cmd = Command::new(binary);
        cmd.args(args);
        if let Some(dir) = data_dir {
            cmd.env("FIELDSCREEN_DATA_DIR", dir);
        }
        cmd.env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(d) = display {
            cmd.env("DISPLAY", d).env_remove("WAYLAND_DISPLAY");
        }
        let started = Instant::now();
        let mut child = cmd
            .spawn()
            .map_err(|e| Fail(format!("could not start {}: {e}", binary.display())))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| Fail("app has no stderr".into()))?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(RunningApp {
            child,
            lines,
            started,
        })
    }

    /// Waits for the first-paint log line; returns the time since spawn.
    pub fn wait_first_paint(&mut self, timeout: Duration) -> Result<Duration, Fail> {
        let deadline = self.started + timeout;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(FIRST_PAINT) => return Ok(self.started.elapsed()),
                Ok(line) => seen.push(line),
                Err(_) => {
                    return Err(Fail(format!(
                        "the app did not draw its window within {timeout:?}; its log:\n{}",
                        seen.join("\n")
                    )));
                }
            }
        }
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the app on a private Xvfb display and saves a screenshot of it.
pub fn headless_screenshot(binary: &Path, shot: &Path) -> Result<(), Fail> {
    let xvfb = Xvfb::start(1280, 800)?;
    let mut app = RunningApp::spawn(binary, Some(&xvfb.display), None)?;
    app.wait_first_paint(Duration::from_secs(90))?;
    // Let the fonts settle, then photograph the whole screen.
    std::thread::sleep(Duration::from_millis(1500));
    if let Some(dir) = shot.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
    }
    Cmd::new("import")
        .args(["-display", &xvfb.display, "-window", "root"])
        .arg(shot)
        .run()
}
