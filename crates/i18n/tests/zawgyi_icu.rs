//! Differential test of the Zawgyi → Unicode converter against ICU's
//! `Zawgyi-my` transform (CLDR), through `uconv` (Debian `icu-devtools`):
//! every Burmese line FieldScreen ships is turned into Zawgyi by ICU's
//! `my-Zawgyi`, then back by ICU and by us; ours must agree with ICU, or,
//! where ICU's round trip itself loses the text, give back the original.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn uconv(transform: &str, input: &str) -> Option<String> {
    let mut child = Command::new("uconv")
        .args(["-x", transform])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    // Written from another thread while this one reads: with more than a
    // pipe's worth of text, writing everything first would deadlock.
    let mut stdin = child.stdin.take()?;
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).is_ok());
    let out = child.wait_with_output().ok()?;
    if !writer.join().ok()? {
        return None;
    }
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).ok())
        .flatten()
}

fn burmese_lines(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            burmese_lines(&p, out);
        } else if p.extension().is_some_and(|x| x == "ftl")
            && (p.file_stem().is_some_and(|s| s == "my")
                || p.parent().is_some_and(|d| d.ends_with("my")))
        {
            let text = std::fs::read_to_string(&p).expect("read ftl");
            for line in text.lines() {
                let value = line.split_once(" = ").map_or(line, |(_, v)| v).trim();
                if value
                    .chars()
                    .any(|c| ('\u{1000}'..='\u{109F}').contains(&c))
                {
                    out.push(value.to_owned());
                }
            }
        }
    }
}

#[test]
fn agrees_with_icu_on_every_burmese_string_we_ship() {
    if uconv("Zawgyi-my", "x").is_none() {
        assert!(
            std::env::var_os("FIELDSCREEN_REQUIRE_TOOLS").is_none(),
            "uconv (icu-devtools) is required"
        );
        eprintln!("skipped: uconv (icu-devtools) is not installed");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut lines = Vec::new();
    burmese_lines(&root.join("locales"), &mut lines);
    burmese_lines(&root.join("questionnaires"), &mut lines);
    // Each string once: a retired questionnaire version repeats most of
    // the current one's text.
    lines.sort();
    lines.dedup();
    assert!(lines.len() > 200, "{} lines", lines.len());
    let zawgyi = uconv("my-Zawgyi", &lines.join("\n")).expect("to Zawgyi");
    let icu = uconv("Zawgyi-my", &zawgyi).expect("back with ICU");
    let mut differ = Vec::new();
    let mut icu_lost = 0;
    for ((z, want), original) in zawgyi.lines().zip(icu.lines()).zip(&lines) {
        let ours = i18n::zawgyi::to_unicode(z);
        if ours != want && ours == *original {
            icu_lost += 1;
        } else if ours != want {
            differ.push(format!("zawgyi {z}\n  icu  {want}\n  ours {ours}"));
        }
    }
    let total = zawgyi.lines().count();
    assert_eq!(total, lines.len());
    assert!(
        icu_lost < 10,
        "{icu_lost} lines where only we give the original back"
    );
    assert!(
        differ.is_empty(),
        "{} of {total} lines differ from ICU:\n{}",
        differ.len(),
        differ
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
