//! `fieldscreen export` driven as a data officer would: the built binary,
//! a real vault; the files read back with independent readers.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "stencil yarn obituary deflected carport";

fn fieldscreen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
        .args(args)
        .env("FIELDSCREEN_PASSPHRASE", PASS)
        .env_remove("FIELDSCREEN_LANG")
        .output()
        .expect("run fieldscreen")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Like [`ok`], for a command that speaks on stderr: returns stderr.
fn ok_err(out: &Output) -> String {
    ok(out);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn unzip(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut s = String::new();
    zip.by_name(name)
        .expect("entry")
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

#[test]
fn export_writes_what_interview_show_prints() {
    let dir = tempfile::tempdir().expect("dir");
    let vault = dir.path().join("vault");
    let v = vault.to_str().expect("path");
    ok(&fieldscreen(&["vault", "init", "--vault", v]));
    let id = ok(&fieldscreen(&[
        "interview",
        "new",
        "--vault",
        v,
        "--form",
        "victim-screening",
        "--lang",
        "my",
    ]))
    .trim()
    .to_owned();
    ok(&fieldscreen(&[
        "interview",
        "answer",
        "--vault",
        v,
        &id,
        "case_code",
        "RN-2026-001",
    ]));
    ok(&fieldscreen(&[
        "interview",
        "answer",
        "--vault",
        v,
        &id,
        "age",
        "--dont-know",
        "--lang",
        "my",
    ]));
    ok(&fieldscreen(&[
        "interview",
        "answer",
        "--vault",
        v,
        &id,
        "privacy",
        "yes",
        "--lang",
        "th",
    ]));
    let shown: serde_json::Value = serde_json::from_str(&ok(&fieldscreen(&[
        "interview",
        "show",
        "--vault",
        v,
        &id,
        "--json",
    ])))
    .expect("show json");

    let json = dir.path().join("out.json");
    let j = json.to_str().expect("path");
    let said = fieldscreen(&[
        "export",
        "--vault",
        v,
        "--form",
        "victim_screening",
        "--format",
        "json",
        "--out",
        j,
    ]);
    ok(&said);
    assert!(String::from_utf8_lossy(&said.stderr).contains("not encrypted"));
    let read: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&json).expect("read")).expect("parse");
    assert_eq!(read, vec![shown.clone()]);

    let zip = dir.path().join("out.zip");
    let z = zip.to_str().expect("path");
    ok(&fieldscreen(&[
        "export",
        "--vault",
        v,
        "--form",
        "victim_screening",
        "--out",
        z,
    ]));
    let text = unzip(&zip, "victim_screening.csv");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let row: Vec<String> = r
        .records()
        .next()
        .expect("a row")
        .expect("row")
        .iter()
        .map(str::to_owned)
        .collect();
    let cell = |name: &str| {
        let at = header
            .iter()
            .position(|h| h == name || h.ends_with(&format!("-{name}")))
            .unwrap_or_else(|| panic!("no column {name}"));
        row[at].clone()
    };
    assert_eq!(
        cell("case_code"),
        shown["answers"]["case_code"]["value"]
            .as_str()
            .expect("value")
    );
    assert_eq!(cell("age"), "dont_know");
    assert_eq!(cell("privacy"), "yes");
    assert_eq!(cell("KEY"), format!("uuid:{id}"));

    // Encrypted to a recipient: the standard `age` tool opens it (when installed).
    if Command::new("age-keygen")
        .arg("-o")
        .arg(dir.path().join("k.txt"))
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let key = std::fs::read_to_string(dir.path().join("k.txt")).expect("key");
        let public = key
            .lines()
            .find_map(|l| l.strip_prefix("# public key: "))
            .expect("public");
        let sealed = dir.path().join("out.json.age");
        let said = fieldscreen(&[
            "export",
            "--vault",
            v,
            "--form",
            "victim_screening",
            "--format",
            "json",
            "--to-age-recipient",
            public,
            "--out",
            sealed.to_str().expect("path"),
        ]);
        ok(&said);
        assert!(String::from_utf8_lossy(&said.stderr).contains("encrypted with age"));
        let opened = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(dir.path().join("k.txt"))
            .arg(&sealed)
            .output()
            .expect("age");
        assert!(opened.status.success());
        assert_eq!(opened.stdout, std::fs::read(&json).expect("plain json"));
    }

    // Statistics: one interview is fewer than k, so nothing is counted.
    let st = dir.path().join("stats.csv");
    let s_path = st.to_str().expect("path");
    let low = fieldscreen(&[
        "report",
        "stats",
        "--vault",
        v,
        "--form",
        "victim_screening",
        "--k",
        "5",
        "--out",
        s_path,
    ]);
    assert!(!low.status.success());
    assert!(String::from_utf8_lossy(&low.stderr).contains("too low"));
    assert!(!st.exists());
    ok(&fieldscreen(&[
        "report",
        "stats",
        "--vault",
        v,
        "--form",
        "victim_screening",
        "--out",
        s_path,
    ]));
    let text = std::fs::read_to_string(&st).expect("stats");
    assert!(text.starts_with("table,category,label,count\n"), "{text}");
    assert!(text.contains("month,total,,\n"), "{text}");
    assert!(!text.contains(",1\n"), "{text}");

    // The printable case summary; an unknown interview writes nothing.
    let pdf = dir.path().join("case.pdf");
    let p_path = pdf.to_str().expect("path");
    let done = ok_err(&fieldscreen(&[
        "report", "case", "--vault", v, &id, "--out", p_path,
    ]));
    assert!(done.contains("not encrypted"), "{done}");
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    if let Ok(text) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        assert!(String::from_utf8_lossy(&text.stdout).contains("RN-2026-001"));
    }
    let missing = dir.path().join("missing.pdf");
    let out = fieldscreen(&[
        "report",
        "case",
        "--vault",
        v,
        "no-such-interview",
        "--out",
        missing.to_str().expect("path"),
    ]);
    assert!(!out.status.success());
    assert!(!missing.exists());

    // An unknown questionnaire: a clear error, no file.
    let none = dir.path().join("none.zip");
    let out = fieldscreen(&[
        "export",
        "--vault",
        v,
        "--form",
        "nope",
        "--out",
        none.to_str().expect("path"),
    ]);
    assert!(!out.status.success());
    assert!(!none.exists());
}
