//! A passphrase change is one transaction: a child process changes the
//! passphrase back and forth (a new data key and every record re-encrypted
//! each time) and answers between changes; the parent kills it with SIGKILL
//! at random moments during the re-encryption, 50 times. After each kill
//! the vault opens under exactly one of the two passphrases — the new one
//! once the child said the change returned — with every acknowledged answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use vault::{Passphrase, RecordId, UnlockPolicy, Vault, VaultError, VaultOptions};

const CHILD_ENV: &str = "FIELDSCREEN_REKEY_CRASH_CHILD";
const RUN_ENV: &str = "FIELDSCREEN_REKEY_CRASH_RUN";
const KILLS: usize = 50;
const RECORDS: usize = 150;
const A: &str = "first passphrase of the crash test";
const B: &str = "second passphrase of the crash test";

fn opts() -> VaultOptions {
    VaultOptions {
        unlock_policy: UnlockPolicy {
            free_attempts: 1000,
            persist_failures: false,
            ..UnlockPolicy::default()
        },
        ..cheap()
    }
}

fn other(p: &str) -> &'static str {
    if p == A { B } else { A }
}

/// Which passphrase opens the vault; asserts that exactly one does.
fn which(dir: &Path) -> &'static str {
    let mut v = Vault::open(dir, opts()).unwrap();
    let a = v.unlock(&Passphrase::from(A));
    let mut w = Vault::open(dir, opts()).unwrap();
    let b = w.unlock(&Passphrase::from(B));
    match (a, b) {
        (Ok(()), Err(VaultError::WrongPassphrase)) => A,
        (Err(VaultError::WrongPassphrase), Ok(())) => B,
        other => panic!("exactly one passphrase must open the vault: {other:?}"),
    }
}

#[test]
fn rekey_crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let run: u64 = std::env::var(RUN_ENV).unwrap().parse().unwrap();
    let dir = Path::new(&dir);
    let mut current = which(dir);
    let mut v = Vault::open(dir, opts()).unwrap();
    v.unlock(&Passphrase::from(current)).unwrap();
    let target = v.list().unwrap()[0].id;
    for i in 0u64.. {
        let q = format!("r{run}-{i}");
        v.apply_answer(target, &q, val(&q), prov("child", i as i64))
            .unwrap();
        println!("ACK {target} {q} .");
        let next = other(current);
        println!("REKEY .");
        let t = Instant::now();
        v.change_passphrase(&Passphrase::from(current), &Passphrase::from(next), None)
            .unwrap();
        println!(
            "CHANGED {} {} .",
            if next == A { "A" } else { "B" },
            t.elapsed().as_micros()
        );
        current = next;
    }
}

#[test]
fn sigkill_during_a_passphrase_change_leaves_one_whole_state() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let started = Instant::now();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("rekey crash test seed {seed}");
    let mut rng = seed;
    let mut below = |n: u64| {
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        rng.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    };
    let dir = tempfile::tempdir().unwrap();
    let mut acked: BTreeMap<RecordId, BTreeMap<String, String>> = BTreeMap::new();
    {
        let mut v = Vault::create(dir.path(), &Passphrase::from(A), opts()).unwrap();
        for i in 0..RECORDS {
            let id = v.create_interview(new_record(&format!("r{i}"))).unwrap();
            for k in 0..3 {
                answer(&mut v, id, &format!("q{k}"), &format!("{i}-{k}"), k);
                acked
                    .entry(id)
                    .or_default()
                    .insert(format!("q{k}"), format!("{i}-{k}"));
            }
        }
    }
    let mut expected = A;
    let mut rekey_micros: u64 = 50_000;
    let mut mid_rekey = 0usize;
    for run in 0..KILLS {
        let (mut child, rx, reader) = spawn_child(
            "rekey_crash_child",
            &[
                (CHILD_ENV, dir.path().display().to_string()),
                (RUN_ENV, run.to_string()),
            ],
        );
        // Wait for the n-th re-encryption to start, then kill somewhere in it.
        let nth = 1 + below(2) as usize;
        let mut lines = Vec::new();
        let mut seen = 0;
        let deadline = Instant::now() + Duration::from_secs(20);
        while seen < nth && Instant::now() < deadline {
            match rx.recv_timeout(Duration::from_millis(20)) {
                Ok(l) => {
                    if l == "REKEY ." {
                        seen += 1;
                    }
                    if let Some(rest) = l.strip_prefix("CHANGED ")
                        && let Some(us) = rest.split(' ').nth(1)
                    {
                        rekey_micros = us.parse().unwrap_or(rekey_micros);
                    }
                    lines.push(l);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_micros(below(rekey_micros * 11 / 10)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "the child must have been killed");
        reader.join().unwrap();
        lines.extend(rx.try_iter());

        let mut in_rekey = false;
        for l in &lines {
            let Some(l) = l.strip_suffix(" .") else {
                continue;
            };
            let parts: Vec<&str> = l.split(' ').collect();
            match parts.as_slice() {
                ["ACK", id, q] => {
                    acked
                        .entry(id.parse().unwrap())
                        .or_default()
                        .insert((*q).to_owned(), (*q).to_owned());
                }
                ["REKEY"] => in_rekey = true,
                ["CHANGED", to, _] => {
                    expected = if *to == "A" { A } else { B };
                    in_rekey = false;
                }
                _ => {}
            }
        }
        if in_rekey {
            mid_rekey += 1;
        }
        let now = which(dir.path());
        if !in_rekey {
            assert_eq!(
                now, expected,
                "run {run} (seed {seed}): the acknowledged change is lost"
            );
        } else {
            assert!(now == expected || now == other(expected), "run {run}");
        }
        expected = now;
        let mut v = Vault::open(dir.path(), opts()).unwrap();
        v.unlock(&Passphrase::from(now)).unwrap();
        for (id, answers) in &acked {
            let r = v
                .record(*id)
                .unwrap_or_else(|e| panic!("run {run} (seed {seed}): record {id}: {e:?}"));
            for (q, value) in answers {
                assert_eq!(
                    r.answers.get(q).map(|a| a.answer.value.clone()),
                    Some(val(value)),
                    "run {run} (seed {seed}): {id} {q}"
                );
            }
        }
        assert!(v.verify_all().unwrap().is_empty(), "run {run}");
    }
    println!(
        "{KILLS} kills, {mid_rekey} during a re-encryption of {RECORDS} records (~{} ms each), {:.1} s",
        rekey_micros / 1000,
        started.elapsed().as_secs_f64()
    );
    assert!(
        mid_rekey >= KILLS / 2,
        "too few kills landed during a re-encryption"
    );
}
