//! `fieldscreen vault ...` and `fieldscreen interview ...` driven as a person
//! (or a script) would: the built binary, a real vault folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASS: &str = "stencil yarn obituary deflected carport";

fn corpus_form() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../forms/tests/corpus/native/screening")
}

fn fieldscreen(pass: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fieldscreen"));
    cmd.args(args)
        .env_remove("FIELDSCREEN_PASSPHRASE")
        .env_remove("FIELDSCREEN_LANG");
    if let Some(p) = pass {
        cmd.env("FIELDSCREEN_PASSPHRASE", p);
    }
    cmd.output().expect("run fieldscreen")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn err(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "expected a failure: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file in the folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).expect("read file"));
            }
        }
    }
    out
}

#[test]
fn an_interview_from_start_to_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let v = dir.path().join("vault");
    let vs = v.to_str().expect("utf-8 path");
    let form = corpus_form();
    let form = form.to_str().expect("utf-8 path");

    assert!(
        ok(&fieldscreen(Some(PASS), &["vault", "init", "--vault", vs]))
            .contains("cannot be recovered")
    );
    let id = ok(&fieldscreen(
        Some(PASS),
        &[
            "interview",
            "new",
            "--vault",
            vs,
            "--form",
            form,
            "--lang",
            "my",
        ],
    ));
    let id = id.trim();
    let answer = |q: &str, rest: &[&str]| {
        let mut args = vec!["interview", "answer", "--vault", vs, id, q];
        args.extend_from_slice(rest);
        fieldscreen(Some(PASS), &args)
    };
    ok(&answer("consent", &["OK", "--lang", "my", "--interpreter"]));
    // Native Myanmar digits are stored as ASCII.
    ok(&answer("age", &["၁၇", "--lang", "my"]));
    ok(&answer("arrival", &["2025-06-11", "--lang", "th"]));
    ok(&answer("country", &["--dont-know", "--lang", "km"]));
    ok(&answer("languages", &["my my", "--lang", "lo"]));

    // Bad input: a clear sentence, nothing stored.
    assert!(err(&answer("age", &["abc"])).contains("is not a valid answer to “age”"));
    assert!(err(&answer("arrival", &["2025-13-01"])).contains("“arrival”"));
    assert!(err(&answer("no_such_question", &["1"])).contains("no question “no_such_question”"));

    let json = ok(&fieldscreen(
        Some(PASS),
        &["interview", "show", "--vault", vs, id, "--json"],
    ));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(doc["id"], id);
    assert_eq!(doc["form"]["id"], "corpus_screening");
    assert_eq!(doc["form"]["hash"].as_str().map(str::len), Some(64));
    assert_eq!(doc["status"], "in_progress");
    let answers = &doc["answers"];
    assert_eq!(answers["age"]["value"], "17");
    assert_eq!(answers["age"]["lang"], "my");
    assert_eq!(answers["consent"]["interpreter"], true);
    assert_eq!(answers["arrival"]["value"], "2025-06-11");
    assert_eq!(answers["arrival"]["lang"], "th");
    assert_eq!(answers["country"]["value"], serde_json::Value::Null);
    assert_eq!(answers["country"]["state"], "dont_know");
    assert_eq!(answers["languages"]["value"], "my");
    assert_eq!(answers.as_object().map(|o| o.len()), Some(5));
    let device = answers["age"]["device"].as_str().expect("device id");
    assert!(uuid_like(device), "{device}");

    let list = ok(&fieldscreen(
        Some(PASS),
        &["interview", "list", "--vault", vs, "--json"],
    ));
    let rows: serde_json::Value = serde_json::from_str(&list).expect("JSON");
    assert_eq!(rows[0]["id"], id);
    assert_eq!(rows[0]["answers"], 5);

    ok(&fieldscreen(
        Some(PASS),
        &["interview", "complete", "--vault", vs, id],
    ));
    let json = ok(&fieldscreen(
        Some(PASS),
        &["interview", "show", "--vault", vs, id, "--json"],
    ));
    assert!(json.contains("\"status\": \"complete\""), "{json}");
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[test]
fn a_wrong_passphrase_fails_clearly_and_leaves_the_store_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let v = dir.path().join("vault");
    let vs = v.to_str().expect("utf-8 path");
    ok(&fieldscreen(Some(PASS), &["vault", "init", "--vault", vs]));
    let form = corpus_form();
    ok(&fieldscreen(
        Some(PASS),
        &[
            "interview",
            "new",
            "--vault",
            vs,
            "--form",
            form.to_str().expect("utf-8"),
        ],
    ));
    let db = |s: &BTreeMap<PathBuf, Vec<u8>>| -> BTreeMap<PathBuf, Vec<u8>> {
        // The attempt counter beside the database is meant to change.
        s.iter()
            .filter(|(p, _)| !p.ends_with("vault.attempts"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let before = snapshot(&v);
    let e = err(&fieldscreen(
        Some("not it"),
        &["interview", "list", "--vault", vs],
    ));
    assert!(e.contains("passphrase is not correct"), "{e}");
    assert_eq!(db(&snapshot(&v)), db(&before));

    // No passphrase at all, and no terminal to ask on.
    let e = err(&fieldscreen(None, &["interview", "list", "--vault", vs]));
    assert!(e.contains("FIELDSCREEN_PASSPHRASE"), "{e}");

    // In Thai when asked.
    let out = Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
        .args(["interview", "list", "--vault", vs])
        .env("FIELDSCREEN_PASSPHRASE", "not it")
        .env("FIELDSCREEN_LANG", "th")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("รหัสผ่าน"),
        "{:?}",
        out
    );
}

#[test]
fn passphrase_file_passwd_info_and_wipe() {
    let dir = tempfile::tempdir().expect("temp dir");
    let v = dir.path().join("vault");
    let vs = v.to_str().expect("utf-8 path");
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    std::fs::write(&old, format!("{PASS}\n")).expect("write");
    std::fs::write(&new, "quarry lantern mimosa octopus thimble\n").expect("write");
    let (olds, news) = (old.to_str().expect("utf-8"), new.to_str().expect("utf-8"));

    ok(&fieldscreen(
        None,
        &["vault", "init", "--vault", vs, "--passphrase-file", olds],
    ));
    let info = ok(&fieldscreen(
        None,
        &["vault", "info", "--vault", vs, "--json"],
    ));
    let info: serde_json::Value = serde_json::from_str(&info).expect("JSON");
    assert_eq!(info["records"], 0);
    assert_eq!(info["kdf"][0], 65536, "default Argon2id memory is 64 MiB");

    // A weak new passphrase is refused, and the old one still opens.
    let weak = dir.path().join("weak.txt");
    std::fs::write(&weak, "iloveyou2024\n").expect("write");
    let refused = err(&fieldscreen(
        None,
        &[
            "vault",
            "passwd",
            "--vault",
            vs,
            "--passphrase-file",
            olds,
            "--new-passphrase-file",
            weak.to_str().expect("utf-8"),
        ],
    ));
    assert!(refused.contains("too easy to guess"), "{refused}");
    ok(&fieldscreen(
        None,
        &[
            "interview",
            "list",
            "--vault",
            vs,
            "--passphrase-file",
            olds,
        ],
    ));

    ok(&fieldscreen(
        None,
        &[
            "vault",
            "passwd",
            "--vault",
            vs,
            "--passphrase-file",
            olds,
            "--new-passphrase-file",
            news,
        ],
    ));
    err(&fieldscreen(
        None,
        &[
            "interview",
            "list",
            "--vault",
            vs,
            "--passphrase-file",
            olds,
        ],
    ));
    ok(&fieldscreen(
        None,
        &[
            "interview",
            "list",
            "--vault",
            vs,
            "--passphrase-file",
            news,
        ],
    ));

    // Wiping needs a deliberate confirmation.
    assert!(err(&fieldscreen(None, &["vault", "wipe", "--vault", vs])).contains("--yes"));
    assert!(v.join("vault.db").exists());
    ok(&fieldscreen(
        None,
        &["vault", "wipe", "--vault", vs, "--yes"],
    ));
    assert!(!v.join("vault.db").exists());
    assert!(err(&fieldscreen(None, &["vault", "info", "--vault", vs])).contains("no vault"));
}

#[test]
fn a_file_that_is_not_a_vault_is_refused_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let v = dir.path().join("vault");
    std::fs::create_dir_all(&v).expect("mkdir");
    std::fs::write(
        v.join("vault.db"),
        b"this is not a database, just some text\n",
    )
    .expect("write");
    let vs = v.to_str().expect("utf-8 path");
    let before = snapshot(&v);
    let e = err(&fieldscreen(
        Some(PASS),
        &["interview", "list", "--vault", vs],
    ));
    assert!(!e.is_empty());
    assert_eq!(snapshot(&v), before, "nothing changed");
}

/// One rule for passphrases: ten common weak ones (Thai script and digits
/// among them) are refused by the CLI (`vault init`) with exactly the
/// sentence the app window shows, and three strong ones are accepted by
/// both. Both read the guessing cost from the same `settings.json` (the
/// folder holding the vault), so the time figure is the same.
#[test]
fn the_cli_and_the_window_refuse_the_same_weak_passphrases_with_the_same_message() {
    let weak = [
        "password123",
        "12345678",
        "qwertyuiop",
        "iloveyou2024",
        "P@ssw0rd!",
        "รหัสผ่าน",
        "ฉันรักเธอ",
        "๑๒๓๔๕๖๗๘",
        "สวัสดีครับ2567",
        "0812345678",
    ];
    let strong = [
        "stencil yarn obituary deflected carport",
        "ทะเลสาบ ดาวตก กระเป๋า มะละกอ รถไฟฟ้า นาฬิกา",
        "4821 0937 5512 8830 1146",
    ];
    let settings = r#"{"language": "en", "kdf_us": 161000, "kdf_params": [65536, 3, 1]}"#;
    for (i, p) in weak.iter().enumerate() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("settings.json"), settings).expect("settings");
        let app = app::App::open(dir.path()).expect("app");
        let lang = if i % 2 == 0 { "en" } else { "th" };
        app.set_language(lang).expect("language");
        let window = app.create_vault((*p).into(), (*p).into()).expect_err(p);
        assert_eq!(window.code, app::ErrorCode::InvalidPassphrase, "{p}");
        let vault = dir.path().join("vault");
        let out = Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
            .args(["vault", "init", "--vault", vault.to_str().expect("utf-8")])
            .env("FIELDSCREEN_PASSPHRASE", p)
            .env("FIELDSCREEN_LANG", lang)
            .output()
            .expect("run");
        let cli = err(&out);
        assert_eq!(
            cli.trim_end(),
            format!("error[invalid-passphrase]: {}", window.message),
            "{p}"
        );
        assert!(!vault.join("vault.db").exists(), "{p}: no vault made");
    }
    for p in strong {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("settings.json"), settings).expect("settings");
        let vault = dir.path().join("vault");
        ok(&fieldscreen(
            Some(p),
            &["vault", "init", "--vault", vault.to_str().expect("utf-8")],
        ));
        let app_dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(app_dir.path().join("settings.json"), settings).expect("settings");
        app::App::open(app_dir.path())
            .expect("app")
            .create_vault(p.into(), p.into())
            .unwrap_or_else(|e| panic!("{p}: {}", e.message));
    }
}

/// `fieldscreen … | head`: the reader has gone before the command writes (the
/// pipe's read end is closed before it starts, so this cannot race). Every
/// command ends quietly with success, and a failing one still fails.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let v = dir.path().join("vault");
    let vs = v.to_str().expect("utf-8 path");
    let form = corpus_form();
    let form = form.to_str().expect("utf-8 path");
    ok(&fieldscreen(Some(PASS), &["vault", "init", "--vault", vs]));
    let id = ok(&fieldscreen(
        Some(PASS),
        &["interview", "new", "--vault", vs, "--form", form],
    ));
    let id = id.trim();

    let into_closed_pipe = |pass: Option<&str>, args: &[&str]| {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fieldscreen"));
        cmd.args(args)
            .env_remove("FIELDSCREEN_PASSPHRASE")
            .env_remove("FIELDSCREEN_LANG")
            .stdout(writer);
        if let Some(p) = pass {
            cmd.env("FIELDSCREEN_PASSPHRASE", p);
        }
        cmd.output().expect("run fieldscreen")
    };
    for args in [
        &["interview", "show", "--vault", vs, id, "--json"][..],
        &["interview", "show", "--vault", vs, id],
        &["interview", "list", "--vault", vs, "--json"],
        &["vault", "info", "--vault", vs],
        &["form", "show", form, "--json"],
        &["form", "check", form],
    ] {
        let out = into_closed_pipe(Some(PASS), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.is_empty(),
            "{args:?}: exit {:?}, stderr: {stderr}",
            out.status.code()
        );
    }
    // A wrong passphrase is still a failure, said on stderr.
    let out = into_closed_pipe(Some("not it"), &["interview", "list", "--vault", vs]);
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
