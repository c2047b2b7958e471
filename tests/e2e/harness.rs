//! Drives the real app window: Xvfb (when there is no display), tauri-driver,
//! WebKitWebDriver, and the built `fieldscreen-app` binary.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub const PHONE: (u32, u32) = (360, 740);
pub const DESKTOP: (u32, u32) = (1280, 800);

/// How long a test waits for the window to show what a person would see
/// next. A wait ends as soon as the thing appears, so a generous limit
/// costs nothing on a pass; a tight one fails a slow (loaded, cold CI)
/// machine for no fault of the app.
pub const UI_WAIT: Duration = Duration::from_secs(30);

/// One app instance in its own data folder, driven over WebDriver. Dropping
/// it (closing it, or a test failing) stops every process it started.
pub struct Session {
    pub client: Client,
    driver: Option<Child>,
    xvfb: Option<Child>,
    _data: tempfile::TempDir,
}

/// The folder the save dialogs answer with for a data folder: its sibling
/// `NAME-saved` (removed when the session stops).
fn saved_dir_of(data: &std::path::Path) -> PathBuf {
    let name = data
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    data.with_file_name(format!("{name}-saved"))
}

/// Live processes (zombies aside) whose environment holds `marker`, with
/// the name of their executable.
fn processes_with(marker: &str) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let Ok(env) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if !env.split(|b| *b == 0).any(|v| v == marker.as_bytes()) {
            continue;
        }
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let state = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.trim().chars().next());
        if matches!(state, Some('Z' | 'X') | None) {
            continue;
        }
        let name = std::fs::read_link(entry.path().join("exe"))
            .ok()
            .and_then(|exe| exe.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        found.push((pid, name));
    }
    found
}

fn signal(pid: u32, sig: &str) {
    // The process may have gone meanwhile: that is what we want anyway.
    let _ = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

/// Stops a child: TERM first (tauri-driver then stops its WebKitWebDriver;
/// a KILL gave it no chance, and that driver was left running), KILL if it
/// has not gone within five seconds.
fn terminate(child: &mut Child) {
    signal(child.id(), "TERM");
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn env_path(name: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!("{name} is not set: run the end-to-end suite with `cargo xtask test e2e`")
        })
}

pub fn artifacts() -> PathBuf {
    std::env::var_os("FIELDSCREEN_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| fieldscreen_tests::root().join("artifacts"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn start_xvfb() -> (Child, String) {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "1920x1080x24",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Xvfb");
    let mut out = child.stdout.take().expect("Xvfb stdout");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(&mut out), &mut line)
        .expect("Xvfb display number");
    (child, format!(":{}", line.trim()))
}

impl Session {
    pub async fn start() -> Session {
        Self::start_with_settings(None).await
    }

    /// Starts the app with `settings` (JSON) already in its data folder, as
    /// a person who changed them earlier would.
    pub async fn start_with_settings(settings: Option<&str>) -> Session {
        let data = tempfile::tempdir().expect("temp data dir");
        if let Some(json) = settings {
            std::fs::write(data.path().join("settings.json"), json).expect("write settings");
        }
        Self::start_in(data).await
    }

    /// Starts the app on a data folder prepared by the test (records made
    /// through the `app` façade before the window opens).
    pub async fn start_in(data: tempfile::TempDir) -> Session {
        let app = env_path("FIELDSCREEN_APP");
        let driver_bin = env_path("TAURI_DRIVER");
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => (None, d),
            _ => {
                let (child, d) = start_xvfb();
                (Some(child), d)
            }
        };
        let port = free_port();
        let native_port = free_port();
        let log_dir = artifacts().join("e2e");
        std::fs::create_dir_all(&log_dir).expect("artifacts dir");
        let log = std::fs::File::create(log_dir.join("tauri-driver.log")).expect("driver log");
        // Where the app's save dialogs answer in a debug build (the shell's
        // `FIELDSCREEN_E2E_SAVE_DIR`: WebDriver cannot drive a native dialog).
        // Beside the data folder, not in it: a wipe must leave the data
        // folder as a fresh install, and this folder is the test's, not the app's.
        let saved = saved_dir_of(data.path());
        std::fs::create_dir_all(&saved).expect("saved dir");
        let driver = Command::new(&driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("FIELDSCREEN_DATA_DIR", data.path())
            .env("FIELDSCREEN_E2E_SAVE_DIR", &saved)
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", driver_bin.display()));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with the app");
        let session = Session {
            client,
            driver: Some(driver),
            xvfb,
            _data: data,
        };
        // The app is ready once its header shows the product name...
        session.wait_for_css("header").await;
        // ...and its first screen is on the glass with its fonts: the
        // header's language buttons come with the startup's answer, and each
        // script's font loads as its name first shows, moving the buttons
        // (a tap aimed before that lands beside its button).
        session
            .js_async(
                "const done = arguments[arguments.length - 1];
                 const started = Date.now();
                 const settled = () => requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
                 const wait = () => {
                   if (document.querySelector('main h1, main h2') || Date.now() - started > 20000) {
                     document.fonts.ready.then(settled);
                   } else {
                     setTimeout(wait, 20);
                   }
                 };
                 wait();",
            )
            .await;
        session
    }

    /// Kills this session's app process at once (SIGKILL: no shutdown, no
    /// lock), found by its own data folder in its environment, then stops
    /// the driver and starts the app again on the same data folder.
    pub async fn kill_and_restart(mut self) -> Session {
        let apps: Vec<u32> = processes_with(&self.marker())
            .into_iter()
            .filter(|(_, name)| name == "fieldscreen-app")
            .map(|(pid, _)| pid)
            .collect();
        assert_eq!(apps.len(), 1, "exactly one app process of this session");
        let status = Command::new("kill")
            .args(["-KILL", &apps[0].to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -KILL {}", apps[0]);
        self.stop();
        let data = tempfile::TempDir::new().expect("placeholder");
        let data = std::mem::replace(&mut self._data, data);
        Session::start_in(data).await
    }

    /// What every process of this session carries in its environment.
    fn marker(&self) -> String {
        format!("FIELDSCREEN_DATA_DIR={}", self._data.path().display())
    }

    /// Stops tauri-driver, then anything of this session still running (the
    /// app, WebKit's processes), then Xvfb; checks nothing is left.
    fn stop(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            terminate(&mut driver);
        }
        let marker = self.marker();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut left = processes_with(&marker);
        while !left.is_empty() && Instant::now() < deadline {
            for (pid, _) in &left {
                signal(*pid, "KILL");
            }
            std::thread::sleep(Duration::from_millis(50));
            left = processes_with(&marker);
        }
        if let Some(mut x) = self.xvfb.take() {
            terminate(&mut x);
        }
        if !std::thread::panicking() {
            assert!(left.is_empty(), "left running after the session: {left:?}");
        }
    }

    /// The app's data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        self._data.path()
    }

    /// The folder the app's save dialogs answer with in this session.
    pub fn saved_dir(&self) -> PathBuf {
        saved_dir_of(self._data.path())
    }

    /// Ends the WebDriver session (the app closes), then stops the rest.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        drop(self);
    }

    pub async fn wait_for_css(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(UI_WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}` appeared: {e}"))
    }

    /// The element at `xpath` once it appears; `what` names it in the panic.
    pub async fn wait_xpath(&self, xpath: &str, what: &str) -> Element {
        self.client
            .wait()
            .at_most(UI_WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// A button found by its visible text, as a person would find it.
    pub async fn button(&self, name: &str) -> Element {
        let xpath = format!("//button[normalize-space(.)='{name}']");
        self.client
            .wait()
            .at_most(UI_WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button named `{name}`: {e}"))
    }

    /// A text field found by the text of its `<label>`.
    pub async fn input_labelled(&self, label: &str) -> Element {
        let xpath = format!("//input[@id=//label[normalize-space(.)='{label}']/@for]");
        self.client
            .wait()
            .at_most(UI_WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no field labelled `{label}`: {e}"))
    }

    /// Waits until the element matching `css` shows exactly `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) {
        self.wait_text_within(css, expected, UI_WAIT).await;
    }

    /// [`Session::wait_text`] with a chosen time limit.
    pub async fn wait_text_within(&self, css: &str, expected: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                last = el.text().await.unwrap_or_default();
                if last.trim() == expected {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // What the window says went wrong, if anything: it names the cause
        // when a wait fails on a cold machine.
        let alerts = self
            .client
            .execute(
                "return [...document.querySelectorAll('[role=alert]')].map(e => e.innerText).join(' | ');",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        // What the window shows, kept for people to look at: a failure seen
        // once in a full run is then diagnosable from CI's artifacts.
        let shown = self.body_text().await;
        let shown: String = shown.chars().take(400).collect();
        let busy = self
            .client
            .execute(
                "return [...document.querySelectorAll('button[disabled], [aria-busy=true]')].map(e => e.innerText || e.tagName).join(' | ');",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let picture = match self.client.screenshot().await {
            Ok(png) => {
                let dir = artifacts().join("e2e");
                let path = dir.join(format!(
                    "failed-wait-{}.png",
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis())
                ));
                match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, png)) {
                    Ok(()) => path.display().to_string(),
                    Err(e) => format!("not saved: {e}"),
                }
            }
            Err(e) => format!("not taken: {e}"),
        };
        panic!(
            "`{css}` shows `{last}`, expected `{expected}` (alerts: `{alerts}`; disabled or busy: `{busy}`; the window shows: `{shown}`; screenshot: {picture})"
        );
    }

    pub async fn body_text(&self) -> String {
        self.client
            .execute("return document.body.innerText;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    pub async fn js_async(&self, script: &str) -> serde_json::Value {
        self.client
            .execute_async(script, vec![])
            .await
            .expect("async script runs")
    }

    pub async fn resize(&self, (w, h): (u32, u32)) {
        self.client
            .set_window_size(w, h)
            .await
            .expect("resize the window");
        // Wait until the page sees the new width.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            let width = self
                .js("return window.innerWidth;")
                .await
                .as_u64()
                .unwrap_or(0);
            if width > 0 && width.abs_diff(u64::from(w)) < 40 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the page has painted two more frames.
    pub async fn settle(&self) {
        self.js_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    /// Saves a screenshot under `artifacts/screenshots/<name>.png`, once the
    /// page has painted.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.settle().await;
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = artifacts().join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(self.saved_dir());
    }
}
