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
    /// A relay with open registration.
    fn start(db: &Path, listen: &str) -> Relay {
        Self::start_with(db, listen, &["--open-registration"])
    }

    fn start_with(db: &Path, listen: &str, more: &[&str]) -> Relay {
        let db = format!("sqlite:{}", db.display());
        let mut args = vec!["relay", "serve", "--listen", listen, "--db", &db];
        args.extend_from_slice(more);
        let mut child = cmd(&args)
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

    /// A relay serving HTTPS with `cert`/`key` (open registration);
    /// returns it (its base `https://…`) and the pin it prints.
    fn start_tls(db: &Path, cert: &Path, key: &Path) -> (Relay, String) {
        let db = format!("sqlite:{}", db.display());
        let (cert, key) = (cert.to_str().expect("utf-8"), key.to_str().expect("utf-8"));
        let mut child = cmd(&[
            "relay",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            &db,
            "--tls-cert",
            cert,
            "--tls-key",
            key,
            "--open-registration",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn relay");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let (mut listening, mut pin_line) = (String::new(), String::new());
        out.read_line(&mut listening).expect("where it listens");
        out.read_line(&mut pin_line).expect("its pin");
        let addr = listening
            .trim()
            .rsplit(' ')
            .next()
            .expect("address")
            .to_owned();
        let pin = pin_line
            .split_whitespace()
            .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
            .unwrap_or_else(|| panic!("no pin in {pin_line:?}"))
            .to_owned();
        let relay = Relay {
            child,
            base: format!("https://{addr}"),
        };
        (relay, pin)
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

/// The `dddd dddd dddd` fingerprint in a line of text.
fn fingerprint_in(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len().saturating_sub(13)).find_map(|i| {
        let w: String = chars[i..i + 14].iter().collect();
        let ok = w.chars().enumerate().all(|(j, c)| {
            if j == 4 || j == 9 {
                c == ' '
            } else {
                c.is_ascii_digit()
            }
        });
        ok.then_some(w)
    })
}

/// `admin` invites, `dev` joins (a background process waiting for
/// admission, which prints its fingerprint first), `admin` admits exactly
/// the device showing that fingerprint, as a script does; returns the
/// fingerprint.
fn enroll(admin: &Dev, dev: &Dev) -> String {
    let code = admin.ok(&["team", "invite"]);
    let code = code
        .lines()
        .last()
        .expect("code on the last line")
        .trim()
        .to_owned();
    let mut join = cmd(&[
        "team",
        "join",
        "--vault",
        &dev.dir,
        &code,
        "--timeout",
        "60",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn join");
    let mut out = BufReader::new(join.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("the joining device speaks");
    let shown = fingerprint_in(&line).unwrap_or_else(|| panic!("no fingerprint in {line:?}"));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut admitted = String::new();
    while Instant::now() < deadline {
        let out = run(&[
            "team",
            "admit",
            "--vault",
            &admin.dir,
            "--yes-fingerprint",
            &shown,
        ]);
        admitted = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() && admitted.contains("Admitted ") {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(admitted.contains(&format!("({shown})")), "{admitted}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).expect("join's output");
    let status = join.wait().expect("join");
    assert!(status.success(), "{rest}");
    shown
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
    // A relay that creates teams only for its operator's token.
    let token = root.path().join("operator-token");
    std::fs::write(&token, "a-long-operator-token-0123456789\n").expect("token");
    let token = token.to_str().expect("utf-8").to_owned();
    let relay = Relay::start_with(&db, "127.0.0.1:0", &["--operator-token-file", &token]);
    let a = Dev::new(root.path(), "a");
    let b = Dev::new(root.path(), "b");
    let c = Dev::new(root.path(), "c");
    let refused = run(&[
        "team",
        "create",
        "--vault",
        &a.dir,
        "--relay",
        &relay.base,
        "--name",
        "Boat 7",
    ]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("operator's token"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        a.ok(&[
            "team",
            "create",
            "--relay",
            &relay.base,
            "--name",
            "Boat 7",
            "--operator-token-file",
            &token
        ])
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

/// The whole team path over TLS between real processes, as an
/// organisation running its own relay with its own certificate does:
/// `relay serve --tls-cert/--tls-key` prints its key's pin; the admin
/// creates the team pinning it; the invite carries the pin, so the joining
/// device trusts that key and no other; it is admitted by the fingerprint
/// it shows; both sync an interview through the relay, which holds no
/// answer. The same team created with another pin is refused before any
/// request is sent.
#[test]
fn the_whole_team_path_over_tls_with_the_relays_printed_pin() {
    let root = tempfile::tempdir().expect("tempdir");
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = rcgen::CertificateParams::new(vec!["relay.example.org".into()])
        .expect("params")
        .self_signed(&key)
        .expect("certificate");
    let (cert_file, key_file) = (root.path().join("cert.pem"), root.path().join("key.pem"));
    std::fs::write(&cert_file, cert.pem()).expect("cert");
    std::fs::write(&key_file, key.serialize_pem()).expect("key");
    let db = root.path().join("relay.db");
    let (relay, pin) = Relay::start_tls(&db, &cert_file, &key_file);
    assert!(relay.base.starts_with("https://127.0.0.1:"));

    // Another pin: refused in the handshake, nothing kept.
    let wrong = Dev::new(root.path(), "wrong");
    let mut other = pin.clone().into_bytes();
    other[0] = if other[0] == b'0' { b'1' } else { b'0' };
    let other = String::from_utf8(other).expect("hex");
    let refused = run(&[
        "team",
        "create",
        "--vault",
        &wrong.dir,
        "--relay",
        &relay.base,
        "--name",
        "Trat",
        "--relay-pin",
        &other,
    ]);
    assert!(!refused.status.success());
    assert!(run(&["team", "info", "--vault", &wrong.dir]).status.code() != Some(0));

    // The printed pin: the team is created over TLS.
    let a = Dev::new(root.path(), "a");
    let b = Dev::new(root.path(), "b");
    let said = a.ok(&[
        "team",
        "create",
        "--relay",
        &relay.base,
        "--name",
        "Trat",
        "--relay-pin",
        &pin,
    ]);
    assert!(said.contains("Trat"), "{said}");
    assert_eq!(a.info()["relay_pins"], serde_json::json!([pin]));
    enroll(&a, &b);
    assert_eq!(
        b.info()["relay_pins"],
        serde_json::json!([pin]),
        "from the invite and the log"
    );

    let canary = format!("tls-kanari-{}", uuid_like_token());
    // B opens one too, which puts the questionnaire in its vault (until
    // questionnaires travel with the team, issue 25).
    b.new_interview();
    let id = a.new_interview();
    a.answer(&id, "consent", "OK");
    a.answer(&id, "case_code", &canary);
    a.sync_ok();
    b.sync_ok();
    assert_eq!(
        b.show(&id)["answers"]["case_code"]["value"],
        canary.as_str()
    );
    b.answer(&id, "age", "41");
    b.sync_ok();
    a.sync_ok();
    assert_eq!(a.show(&id)["answers"]["age"]["value"], "41");

    let relay_files: Vec<PathBuf> = ["", "-wal", "-shm"]
        .iter()
        .map(|s| PathBuf::from(format!("{}{s}", db.display())))
        .collect();
    assert!(
        !files_contain(&relay_files, &canary),
        "the answer on the relay"
    );
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

    // Someone who is not in the team tries to connect first: refused
    // with the window's sentence before anything connects, and the device
    // keeps waiting for the real one.
    let stranger = Dev::new(root.path(), "stranger");
    let refused = run(&["lan", "connect", "--vault", &stranger.dir, &addr]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("error[nearby]: Join a team first"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // A caller that fails the handshake (junk, then gone) is refused by
    // the waiting device, which keeps waiting.
    {
        use std::io::Write as _;
        let mut junk = std::net::TcpStream::connect(&addr).expect("connect");
        junk.write_all(&[0xff; 64]).expect("junk");
    }

    let said = admin.ok(&["lan", "connect", &addr]);
    assert!(said.contains("Synced with device"), "{said}");
    let mut rest = String::new();
    out.read_line(&mut rest).expect("serve's report");
    assert!(rest.contains("Synced with device"), "{rest}");
    let mut said_err = String::new();
    std::io::Read::read_to_string(&mut serve.stderr.take().expect("stderr"), &mut said_err)
        .expect("serve's stderr");
    assert_eq!(said_err.matches("error[").count(), 1, "{said_err}");
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

/// `team join --json` prints the device's fingerprint while it waits (on
/// standard error) and in its JSON; `team admit` shows each waiting
/// device's fingerprint and admits nobody without a terminal or
/// `--yes-fingerprint`, nobody for digits no device shows, and exactly the
/// device whose digits are given (native digits accepted); a second device
/// with the same code is told the invite was used.
#[test]
fn admission_needs_the_fingerprint_the_joining_device_shows() {
    let root = tempfile::tempdir().expect("tempdir");
    let relay = Relay::start(&root.path().join("relay.db"), "127.0.0.1:0");
    let admin = Dev::new(root.path(), "admin");
    let phone = Dev::new(root.path(), "phone");
    admin.ok(&["team", "create", "--relay", &relay.base, "--name", "Pier"]);
    let out = admin.ok(&["team", "invite", "--expires", "2"]);
    assert!(out.contains("Valid for 2 hours, for one device."), "{out}");
    let code = out.lines().last().expect("code").trim().to_owned();
    let mut join = cmd(&[
        "team",
        "join",
        "--vault",
        &phone.dir,
        &code,
        "--timeout",
        "60",
        "--json",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn join");
    let mut err = BufReader::new(join.stderr.take().expect("stderr"));
    let mut line = String::new();
    err.read_line(&mut line).expect("the waiting line");
    let shown = fingerprint_in(&line).unwrap_or_else(|| panic!("{line:?}"));

    // Wait until the request is there: `team admit` lists it.
    let deadline = Instant::now() + Duration::from_secs(30);
    let listed = loop {
        let out = run(&["team", "admit", "--vault", &admin.dir]);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if stdout.contains("Waiting: device") {
            // No terminal, no --yes-fingerprint: nobody, and why.
            assert_eq!(out.status.code(), Some(1));
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("Nobody was admitted"),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            break stdout;
        }
        assert!(
            Instant::now() < deadline,
            "the request never came: {stdout}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(listed.contains(&format!("fingerprint {shown}")), "{listed}");
    // Digits no device shows: nobody.
    let wrong = run(&[
        "team",
        "admit",
        "--vault",
        &admin.dir,
        "--yes-fingerprint",
        "1111-2222-3333",
    ]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("No waiting device shows"));
    assert_eq!(admin.info()["members"].as_array().map(Vec::len), Some(1));
    // The right digits, typed in Thai digits: that device.
    let thai: String = shown
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0E50 + d).expect("Thai digit"),
            None => c,
        })
        .collect();
    let yes = admin.ok(&["team", "admit", "--yes-fingerprint", &thai]);
    assert!(yes.contains(&format!("({shown})")), "{yes}");
    let mut json = String::new();
    std::io::Read::read_to_string(&mut join.stdout.take().expect("stdout"), &mut json)
        .expect("json");
    assert!(join.wait().expect("join").success());
    let info: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(info["fingerprint"], shown.as_str(), "confirmed == shown");
    assert_eq!(info["admitted"], true);

    // The code is spent: another device is told so.
    let late = Dev::new(root.path(), "late");
    let out = run(&[
        "team",
        "join",
        "--vault",
        &late.dir,
        &code,
        "--timeout",
        "5",
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already used by another device"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// On a terminal, `team admit` asks about each waiting device and admits
/// it only on "yes" (the terminal is a pseudo-terminal from util-linux's
/// `script`; skipped with a note where it is missing).
#[test]
fn on_a_terminal_admit_asks_before_each_device() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("note: skipped, `script` (util-linux) is not installed");
        return;
    }
    let root = tempfile::tempdir().expect("tempdir");
    let relay = Relay::start(&root.path().join("relay.db"), "127.0.0.1:0");
    let admin = Dev::new(root.path(), "admin");
    admin.ok(&["team", "create", "--relay", &relay.base, "--name", "Pier"]);
    let admit_on_terminal = |answer: &str| -> String {
        let line = format!(
            "{} team admit --vault {}",
            env!("CARGO_BIN_EXE_fieldscreen"),
            admin.dir
        );
        let mut child = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env("FIELDSCREEN_PASSPHRASE", PASS)
            .env_remove("FIELDSCREEN_LANG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("script");
        std::io::Write::write_all(
            child.stdin.as_mut().expect("stdin"),
            format!("{answer}\n").as_bytes(),
        )
        .expect("answer");
        let out = child.wait_with_output().expect("script");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Two devices wait, oldest first; the person says no, then yes.
    let mut shown = Vec::new();
    for name in ["first", "second"] {
        let dev = Dev::new(root.path(), name);
        let code = admin.ok(&["team", "invite"]);
        let code = code.lines().last().expect("code").trim().to_owned();
        let out = run(&["team", "join", "--vault", &dev.dir, &code, "--timeout", "0"]);
        shown.push(fingerprint_in(&String::from_utf8_lossy(&out.stdout)).expect("fingerprint"));
    }
    let screen = admit_on_terminal("no\nyes");
    for fp in &shown {
        assert!(
            screen.contains(&format!("Admit the device that shows {fp}")),
            "{screen}"
        );
    }
    assert!(screen.contains(&format!("({})", shown[1])), "{screen}");
    assert!(!screen.contains(&format!("({})", shown[0])), "{screen}");
    assert_eq!(admin.info()["members"].as_array().map(Vec::len), Some(2));
}

const CANARY: &str = "CANARY-Do-you-hold-your-own-passport";

/// An organisation's own XLSForm (a survey sheet and a settings sheet
/// naming its id and version), with a canary in a label.
fn org_xlsform(path: &Path, version: &str) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let survey = wb.add_worksheet();
    survey.set_name("survey").expect("name");
    let rows: [[&str; 3]; 3] = [
        ["type", "name", "label"],
        ["text", "boat", "Which boat do you work on?"],
        ["integer", "months", CANARY],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            survey
                .write_string(r as u32, c as u16, *cell)
                .expect("cell");
        }
    }
    let settings = wb.add_worksheet();
    settings.set_name("settings").expect("name");
    for (c, (k, v)) in [("form_id", "org_boats"), ("version", version)]
        .iter()
        .enumerate()
    {
        settings.write_string(0, c as u16, *k).expect("key");
        settings.write_string(1, c as u16, *v).expect("value");
    }
    wb.save(path).expect("save xlsx");
}

fn holds(path: &Path, needle: &str) -> bool {
    std::fs::read(path)
        .unwrap_or_default()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_published_xlsform_reaches_the_team_by_relay_bundle_and_nearby() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("relay.db");
    let mut relay = Relay::start(&db, "127.0.0.1:0");
    let a = Dev::new(root.path(), "a");
    let b = Dev::new(root.path(), "b");
    let c = Dev::new(root.path(), "c");
    let d = Dev::new(root.path(), "d");
    a.ok(&["team", "create", "--relay", &relay.base, "--name", "Pier"]);
    for dev in [&b, &c, &d] {
        enroll(&a, dev);
    }
    let xlsx = root.path().join("org_boats.xlsx");
    org_xlsform(&xlsx, "1");
    let xlsx = xlsx.to_str().expect("utf-8");

    // A member the supervisor did not allow cannot publish.
    let refused = run(&["form", "publish", "--vault", &b.dir, xlsx]);
    assert!(!refused.status.success());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr).trim(),
        "error[form-refused]: This device may not publish questionnaires to the team. Ask the team's supervisor to allow it."
    );

    // A imports the XLSForm, publishes it, interviews with it and syncs.
    let said = a.ok(&["form", "publish", xlsx]);
    assert!(
        said.starts_with("Published org_boats version 1 to the team."),
        "{said}"
    );
    let id = a
        .ok(&["interview", "new", "--form", "org_boats"])
        .trim()
        .to_owned();
    a.answer(&id, "boat", "KT-4711");
    a.answer(&id, "months", "๗");
    a.sync_ok();

    // B syncs and opens the interview with every answer.
    b.sync_ok();
    let on_a = a.show(&id);
    assert_eq!(b.show(&id), on_a);
    assert_eq!(on_a["answers"]["months"]["value"], "7");
    let listed: serde_json::Value =
        serde_json::from_str(&b.ok(&["form", "list", "--json"])).expect("json");
    assert_eq!(listed[0]["id"], "org_boats");
    assert_eq!(listed[0]["version"], "1");
    assert_eq!(listed[0]["state"], "current");
    assert_eq!(listed[0]["publishers"][0]["admin"], true);
    let text = b.ok(&["form", "list"]);
    assert!(
        text.contains("(org_boats, version 1): Used for new interviews."),
        "{text}"
    );
    assert!(text.contains("(supervisor)"), "{text}");

    // The relay's database holds no questionnaire text.
    relay.kill();
    let relay_files: Vec<PathBuf> = files_under(root.path())
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("relay.db"))
        })
        .collect();
    assert!(!relay_files.is_empty());
    for p in &relay_files {
        assert!(!holds(p, CANARY), "{} holds the label", p.display());
    }
    // Nor does any vault (A's imported copy is encrypted too).
    for dev in [&a, &b] {
        for p in files_under(Path::new(&dev.dir)) {
            assert!(!holds(&p, CANARY), "{} holds the label", p.display());
        }
    }

    // By bundle file, the relay gone.
    let bundle = root.path().join("pier.fsb");
    let bundle = bundle.to_str().expect("utf-8");
    a.ok(&["bundle", "export", bundle]);
    c.ok(&["bundle", "import", bundle]);
    assert_eq!(c.show(&id), on_a);

    // Nearby, the relay gone.
    let mut serve = cmd(&[
        "lan",
        "serve",
        "--vault",
        &d.dir,
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
    let (mut label, mut addr) = (String::new(), String::new());
    out.read_line(&mut label).expect("label");
    out.read_line(&mut addr).expect("address");
    let said = a.ok(&["lan", "connect", addr.trim()]);
    assert!(said.contains("Synced with device"), "{said}");
    assert!(serve.wait().expect("serve").success());
    assert_eq!(d.show(&id), on_a);

    // Withdrawn: no new interviews on it; the record still opens.
    let said = a.ok(&["form", "withdraw", "org_boats"]);
    assert!(said.starts_with("Withdrawn: org_boats."), "{said}");
    let none = run(&["interview", "new", "--vault", &a.dir, "--form", "org_boats"]);
    assert!(!none.status.success());
    assert_eq!(a.show(&id), on_a);
}
