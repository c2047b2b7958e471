//! Teams and sync against a real relay process: `fieldscreen relay serve`
//! on a free loopback port (SQLite), three vaults driven by the built
//! binary exactly as a person or a script would.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PASS: &str = "stencil yarn obituary deflected carport";

fn corpus_form() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../forms/tests/corpus/native/screening")
        .to_str()
        .expect("utf-8")
        .to_owned()
}

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fieldscreen"));
    c.args(args)
        .env("FIELDSCREEN_PASSPHRASE", PASS)
        .env_remove("FIELDSCREEN_LANG");
    c
}

fn run(args: &[&str]) -> Output {
    cmd(args).output().expect("run fieldscreen")
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A relay process, killed (SIGKILL) when dropped.
struct Relay {
    child: Child,
    base: String,
}

impl Relay {
    fn start(db: &Path, listen: &str) -> Relay {
        let mut child = cmd(&[
            "relay",
            "serve",
            "--listen",
            listen,
            "--db",
            &format!("sqlite:{}", db.display()),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn relay");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("relay says where it listens");
        let addr = line.trim().rsplit(' ').next().expect("address").to_owned();
        Relay {
            child,
            base: format!("http://{addr}"),
        }
    }

    fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.kill();
    }
}

struct Dev {
    dir: String,
}

impl Dev {
    fn new(root: &Path, name: &str) -> Dev {
        let dir = root.join(name).to_str().expect("utf-8").to_owned();
        ok(&["vault", "init", "--vault", &dir]);
        Dev { dir }
    }

    fn ok(&self, args: &[&str]) -> String {
        let mut a = args.to_vec();
        a.insert(2.min(a.len()), "--vault");
        a.insert(3.min(a.len()), &self.dir);
        ok(&a)
    }

    fn sync(&self) -> Output {
        run(&["sync", "--vault", &self.dir, "--json"])
    }

    fn sync_ok(&self) {
        let out = self.sync();
        assert!(
            out.status.success(),
            "sync {}: {:?}\n{}\n{}",
            self.dir,
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn info(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["team", "info", "--json"])).expect("json")
    }

    fn new_interview(&self) -> String {
        self.ok(&["interview", "new", "--form", &corpus_form()])
            .trim()
            .to_owned()
    }

    fn answer(&self, id: &str, q: &str, v: &str) {
        self.ok(&["interview", "answer", id, q, v]);
    }

    fn show(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["interview", "show", id, "--json"])).expect("json")
    }

    fn list(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["interview", "list", "--json"])).expect("json")
    }
}

/// `admin` invites, `dev` joins (a background process waiting for
/// admission), `admin` admits until it says so.
fn enroll(admin: &Dev, dev: &Dev) {
    let code = admin.ok(&["team", "invite"]);
    let code = code
        .lines()
        .last()
        .expect("code on the last line")
        .trim()
        .to_owned();
    let join = cmd(&[
        "team",
        "join",
        "--vault",
        &dev.dir,
        &code,
        "--timeout",
        "60",
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn join");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut admitted = false;
    while Instant::now() < deadline {
        if admin.ok(&["team", "admit"]).contains("Admitted ") {
            admitted = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(admitted, "the admin never saw the join request");
    let out = join.wait_with_output().expect("join");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A small deterministic shuffle (seeded by the clock, printed for replay).
fn orders(seed: u64, rounds: usize) -> Vec<[usize; 3]> {
    let perms = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut x = seed | 1;
    (0..rounds)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            perms[(x % 6) as usize]
        })
        .collect()
}

fn files_contain(paths: &[PathBuf], needle: &str) -> bool {
    paths.iter().any(|p| {
        std::fs::read(p)
            .map(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
            .unwrap_or(false)
    })
}

#[test]
fn three_vaults_converge_with_conflicts_no_canary_on_the_relay_and_removal_rotates() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("relay.db");
    let relay = Relay::start(&db, "127.0.0.1:0");
    let a = Dev::new(root.path(), "a");
    let b = Dev::new(root.path(), "b");
    let c = Dev::new(root.path(), "c");
    assert!(
        a.ok(&["team", "create", "--relay", &relay.base, "--name", "Boat 7"])
            .contains("Boat 7")
    );
    enroll(&a, &b);
    enroll(&a, &c);
    assert_eq!(a.info()["members"].as_array().map(Vec::len), Some(3));

    // A starts an interview; everyone gets it. B and C also open one each
    // (which also puts the questionnaire in their vault).
    let id = a.new_interview();
    a.answer(&id, "consent", "OK");
    let ib = b.new_interview();
    let ic = c.new_interview();
    for d in [&a, &b, &c, &a, &b] {
        d.sync_ok();
    }
    for d in [&b, &c] {
        assert_eq!(d.show(&id)["answers"]["consent"]["value"], "OK");
    }

    // Offline edits: different questions, and the same question three ways.
    let canary_a = format!("kanari-{}", uuid_like_token());
    let canary_b = "QX-731";
    a.answer(&id, "languages", "other");
    a.answer(&id, "languages_other", &canary_a);
    b.answer(&id, "case_code", canary_b);
    a.answer(&id, "age", "30");
    b.answer(&id, "age", "31");
    c.answer(&id, "age", "32");
    c.answer(&ic, "arrival", "2025-06-11");

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    eprintln!("sync order seed {seed}");
    let devs = [&a, &b, &c];
    for order in orders(seed, 3) {
        for i in order {
            devs[i].sync_ok();
        }
    }

    // Identical documents everywhere; the same-question edits are a conflict.
    let shown: Vec<_> = devs.iter().map(|d| d.show(&id)).collect();
    assert_eq!(shown[0]["answers"], shown[1]["answers"]);
    assert_eq!(shown[1]["answers"], shown[2]["answers"]);
    let json = serde_json::to_string(&shown[0]).expect("json");
    assert!(json.contains("conflict"), "{json}");
    let conflict = shown[0]["answers"]["age"]["conflict"]
        .as_array()
        .expect("age is in conflict");
    let mut values: Vec<_> = conflict.iter().map(|v| v["value"].clone()).collect();
    values.sort_by_key(|v| v.to_string());
    assert_eq!(values, vec!["30", "31", "32"]);
    assert_eq!(
        shown[2]["answers"]["languages_other"]["value"],
        canary_a.as_str()
    );
    assert_eq!(shown[0]["answers"]["case_code"]["value"], canary_b);
    for d in devs {
        let ids: Vec<_> = d
            .list()
            .as_array()
            .expect("list")
            .iter()
            .map(|r| r["id"].clone())
            .collect();
        assert_eq!(ids.len(), 3, "no record lost or duplicated: {ids:?}");
        assert!(ids.contains(&serde_json::json!(ib)) && ids.contains(&serde_json::json!(ic)));
    }
    assert_eq!(a.show(&ic)["answers"]["arrival"]["value"], "2025-06-11");

    // None of the canaries anywhere in the relay's files.
    let relay_files: Vec<PathBuf> = ["", "-wal", "-shm"]
        .iter()
        .map(|s| PathBuf::from(format!("{}{s}", db.display())))
        .collect();
    assert!(relay_files[0].exists());
    for canary in [canary_a.as_str(), canary_b, "2025-06-11"] {
        assert!(
            !files_contain(&relay_files, canary),
            "{canary} on the relay"
        );
    }

    // Remove C: the key rotates; C is refused; B reads what A writes next,
    // sealed under a key C never got.
    let c_dev = c.info()["device"].as_str().expect("device").to_owned();
    assert!(a.ok(&["team", "remove", &c_dev[..12]]).contains("epoch 2"));
    a.answer(&id, "age", "33");
    a.sync_ok();
    let refused = c.sync();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("refused this device"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    b.sync_ok();
    assert_eq!(b.show(&id)["answers"]["age"]["value"], "33");
    assert_eq!(b.info()["key_epochs"], serde_json::json!([1, 2]));
    assert_eq!(c.info()["key_epochs"], serde_json::json!([1]));
    assert_eq!(a.info()["members"].as_array().map(Vec::len), Some(2));
    drop(relay);
}

fn uuid_like_token() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(1);
    format!("{t:x}")
}

#[test]
fn killed_relay_and_killed_client_resume_with_nothing_lost_or_duplicated_and_bundles_hand_over() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("relay.db");
    let mut relay = Relay::start(&db, "127.0.0.1:0");
    let addr = relay.addr().to_owned();
    let a = Dev::new(root.path(), "a");
    let b = Dev::new(root.path(), "b");
    a.ok(&[
        "team",
        "create",
        "--relay",
        &relay.base,
        "--name",
        "Border post",
    ]);
    enroll(&a, &b);
    // B's own interview also puts the questionnaire in its vault.
    let own = b.new_interview();
    let mut ids = Vec::new();
    for i in 0..12 {
        let id = a.new_interview();
        a.answer(&id, "age", &(20 + i).to_string());
        ids.push(id);
    }

    // The client killed mid-sync, several times, at growing delays.
    for ms in [30u64, 80, 150] {
        let mut child = cmd(&["sync", "--vault", &a.dir])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sync");
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    // The relay killed (SIGKILL) while a sync runs, then restarted on the
    // same database and port.
    let mut child = cmd(&["sync", "--vault", &a.dir])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn sync");
    std::thread::sleep(Duration::from_millis(50));
    relay.kill();
    let _ = child.wait();
    let relay = Relay::start(&db, &addr);
    a.sync_ok();
    b.sync_ok();
    let listed = b.list();
    let got: Vec<_> = listed
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(got.len(), ids.len() + 1, "{got:?}");
    assert!(got.contains(&own));
    for (i, id) in ids.iter().enumerate() {
        let shown = b.show(id);
        assert_eq!(shown["answers"]["age"]["value"], (20 + i).to_string());
        assert!(shown["answers"]["age"]["conflict"].is_null());
        assert_eq!(shown, a.show(id));
    }
    // A second round changes nothing.
    a.sync_ok();
    b.sync_ok();
    assert_eq!(b.list().as_array().map(Vec::len), Some(ids.len() + 1));
    assert_eq!(a.list().as_array().map(Vec::len), Some(ids.len() + 1));
    drop(relay);

    // No network at all: a bundle file. Only team devices open it; import
    // merges, and importing twice changes nothing.
    a.answer(&ids[0], "case_code", "ZB-404");
    let file = root.path().join("hand-over.fsb");
    let fs = file.to_str().expect("utf-8");
    assert!(a.ok(&["bundle", "export", fs]).contains("13 records"));
    assert!(!files_contain(std::slice::from_ref(&file), "ZB-404"));
    for _ in 0..2 {
        assert!(
            b.ok(&["bundle", "import", fs])
                .contains("13 records merged, 0 set aside")
        );
        assert_eq!(b.show(&ids[0])["answers"]["case_code"]["value"], "ZB-404");
        assert_eq!(b.list().as_array().map(Vec::len), Some(ids.len() + 1));
    }
    let outsider = Dev::new(root.path(), "outsider");
    let out = run(&["bundle", "import", "--vault", &outsider.dir, fs]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in a team"));
    let bytes = std::fs::read(&file).expect("read");
    std::fs::write(&file, &bytes[..bytes.len() - 10]).expect("truncate");
    let out = run(&["bundle", "import", "--vault", &b.dir, fs]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a bundle of your team"));
}

#[test]
fn two_vaults_sync_nearby_with_the_relay_gone() {
    let root = tempfile::tempdir().expect("tempdir");
    let mut relay = Relay::start(&root.path().join("relay.db"), "127.0.0.1:0");
    let admin = Dev::new(root.path(), "admin");
    let dev = Dev::new(root.path(), "dev");
    admin.ok(&["team", "create", "--relay", &relay.base, "--name", "Boat"]);
    enroll(&admin, &dev);
    relay.kill(); // at sea from here on

    let id = admin.new_interview();
    admin.answer(&id, "consent", "yes");
    // The device's own interview (with the same questionnaire, kept in its
    // vault, so it can open the one that arrives).
    let own = dev.new_interview();
    let mut serve = cmd(&[
        "lan",
        "serve",
        "--vault",
        &dev.dir,
        "--listen",
        "127.0.0.1:0",
        "--timeout",
        "60",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn lan serve");
    let mut out = BufReader::new(serve.stdout.take().expect("stdout"));
    let mut label = String::new();
    out.read_line(&mut label).expect("label");
    assert!(label.contains("type one of these addresses"), "{label}");
    let mut addr = String::new();
    out.read_line(&mut addr).expect("address");
    let addr = addr.trim().to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    // Someone who is not in the team connects first: refused, and the
    // device keeps waiting for the real one.
    let stranger = Dev::new(root.path(), "stranger");
    let refused = run(&["lan", "connect", "--vault", &stranger.dir, &addr]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not in a team yet"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let said = admin.ok(&["lan", "connect", &addr]);
    assert!(said.contains("Synced with device"), "{said}");
    let mut rest = String::new();
    out.read_line(&mut rest).expect("serve's report");
    assert!(rest.contains("Synced with device"), "{rest}");
    assert!(serve.wait().expect("serve").success());
    assert_eq!(dev.show(&id), admin.show(&id));
    assert_eq!(admin.show(&own), dev.show(&own));
    assert_eq!(dev.list().as_array().map(Vec::len), Some(2));

    // Nobody comes: it says so and exits non-zero.
    let lonely = run(&[
        "lan",
        "serve",
        "--vault",
        &dev.dir,
        "--listen",
        "127.0.0.1:0",
        "--timeout",
        "1",
    ]);
    assert!(!lonely.status.success());
    assert!(String::from_utf8_lossy(&lonely.stderr).contains("No device connected"));
}

#[test]
fn team_create_refuses_plain_http_to_another_machine_and_a_bad_pin_before_connecting() {
    let root = tempfile::tempdir().expect("tempdir");
    let admin = Dev::new(root.path(), "admin");
    // A listener on this machine's network address (or an address never
    // reached when there is none): nobody may connect to it.
    let listener = std::net::TcpListener::bind("0.0.0.0:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    let ip = if_addrs::get_if_addrs()
        .ok()
        .and_then(|all| {
            all.into_iter()
                .filter(|i| !i.is_loopback())
                .find_map(|i| match i.ip() {
                    std::net::IpAddr::V4(v4) => Some(v4.to_string()),
                    std::net::IpAddr::V6(_) => None,
                })
        })
        .unwrap_or_else(|| "192.0.2.1".to_owned());
    let url = format!("http://{ip}:{port}");
    let out = run(&[
        "team", "create", "--vault", &admin.dir, "--relay", &url, "--name", "Boat",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Plain http:// is only allowed") && err.contains("Nothing was sent"),
        "{err}"
    );
    assert!(listener.accept().is_err(), "nobody connected");
    // A pin that is not 64 hex digits: said before anything is opened.
    let out = run(&[
        "team",
        "create",
        "--vault",
        &admin.dir,
        "--relay",
        "https://relay.example.org",
        "--name",
        "Boat",
        "--relay-pin",
        "not-a-pin",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("64 hex digits"));
    assert!(run(&["team", "info", "--vault", &admin.dir]).status.code() != Some(0));

    // On loopback plain HTTP works, and `team info` says there is no key
    // to pin; the admin signs the relay's keys again (none here).
    let relay = Relay::start(&root.path().join("relay.db"), "127.0.0.1:0");
    let said = admin.ok(&["team", "create", "--relay", &relay.base, "--name", "Boat"]);
    assert!(said.contains("plain HTTP, no key to pin"), "{said}");
    let info = admin.info();
    assert_eq!(info["relay_pins"], serde_json::json!([]));
    assert_eq!(info["log_len"], 1);
    assert!(admin.ok(&["team", "relay-pin"]).contains("now trusts"));
    assert_eq!(admin.info()["log_len"], 2);
    let out = run(&["team", "relay-pin", "--vault", &admin.dir, "abc"]);
    assert_eq!(out.status.code(), Some(2));
}
