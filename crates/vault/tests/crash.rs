//! Crash safety: a child process autosaves answers and prints an
//! acknowledgement after each durable apply; the parent kills it with SIGKILL
//! at random moments, over 100 times. After each kill the vault opens and
//! every acknowledged answer is there.
//!
//! The child is this same test binary, re-executed with an environment
//! variable so that `crash_child` runs the autosave loop.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use vault::{RecordId, Vault};

const CHILD_ENV: &str = "FIELDSCREEN_VAULT_CRASH_CHILD";
const RUN_ENV: &str = "FIELDSCREEN_VAULT_CRASH_RUN";
const KILLS: usize = 110;

/// Entry point of the child; a no-op in a normal test run.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let run: u64 = std::env::var(RUN_ENV).unwrap().parse().unwrap();
    let mut v = open_unlocked(Path::new(&dir));
    let id = v
        .create_interview(new_record(&format!("run {run}")))
        .unwrap();
    println!("NEW {id} .");
    for i in 0u64.. {
        // Mix of new questions, overwrites and long values (page splits).
        let value = if i % 7 == 3 {
            format!("{run}-{i}-{}", "x".repeat(3000))
        } else {
            format!("{run}-{i}")
        };
        v.apply_answer(id, &format!("q{i}"), val(&value), prov("child", i as i64))
            .unwrap();
        println!("ACK {id} q{i} {value} .");
        if i % 5 == 4 {
            v.apply_answer(
                id,
                "overwritten",
                val(&format!("{i}")),
                prov("child", i as i64),
            )
            .unwrap();
            println!("ACK {id} overwritten {i} .");
        }
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn sigkill_during_autosave_loses_no_acknowledged_answer() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let started = Instant::now();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));

    // Acknowledged state: record -> question -> value (last acked wins;
    // "overwritten" may hold a later, unacknowledged value).
    let mut acked: BTreeMap<RecordId, BTreeMap<String, String>> = BTreeMap::new();
    let mut mid_write_kills = 0usize;
    for run in 0..KILLS {
        let (mut child, rx, reader) = spawn_child(
            "crash_child",
            &[
                (CHILD_ENV, dir.path().display().to_string()),
                (RUN_ENV, run.to_string()),
            ],
        );
        let mut lines = Vec::new();
        let strategy = rng.below(4);
        if strategy == 0 {
            // Anywhere, including during start-up, open and unlock.
            std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        } else {
            // After some acknowledgements, plus a random sub-millisecond offset.
            let want = 1 + rng.below(40) as usize;
            let deadline = Instant::now() + Duration::from_secs(10);
            while lines.len() < want && Instant::now() < deadline {
                match rx.recv_timeout(Duration::from_millis(50)) {
                    Ok(l) => lines.push(l),
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    Err(_) => break,
                }
            }
            std::thread::sleep(Duration::from_micros(rng.below(1500)));
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "child must have been killed, not finished"
        );
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        if lines.iter().any(|l| l.starts_with("ACK")) {
            mid_write_kills += 1;
        }
        for l in &lines {
            // A line cut short by the kill is not an acknowledgement.
            let Some(l) = l.strip_suffix(" .") else {
                continue;
            };
            let mut parts = l.splitn(4, ' ');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some("NEW"), Some(id), None, None) => {
                    acked.entry(id.parse().unwrap()).or_default();
                }
                (Some("ACK"), Some(id), Some(q), Some(value)) => {
                    acked
                        .entry(id.parse().unwrap())
                        .or_default()
                        .insert(q.to_owned(), value.to_owned());
                }
                _ => {}
            }
        }

        // The store opens and holds every acknowledged answer.
        let mut v = Vault::open(dir.path(), cheap())
            .unwrap_or_else(|e| panic!("run {run} (seed {seed}): open failed: {e:?}"));
        v.unlock(&pass()).unwrap();
        let listed = v.list().unwrap();
        for (id, answers) in &acked {
            let r = v
                .record(*id)
                .unwrap_or_else(|e| panic!("run {run} (seed {seed}): record {id}: {e:?}"));
            for (q, value) in answers {
                let got = r
                    .answers
                    .get(q)
                    .unwrap_or_else(|| panic!("run {run} (seed {seed}): {id} lost {q}"));
                if q == "overwritten" {
                    let got: u64 = got.answer.value.as_value().unwrap().parse().unwrap();
                    assert!(got >= value.parse::<u64>().unwrap(), "run {run}: went back");
                } else {
                    assert_eq!(got.answer.value, val(value), "run {run} (seed {seed}) {q}");
                }
            }
            assert!(listed.iter().any(|c| c.id == *id));
        }
    }
    let answers: usize = acked.values().map(|m| m.len()).sum();
    println!(
        "{KILLS} kills ({mid_write_kills} during autosave), {} records, {answers} acknowledged answers checked, {:.1} s",
        acked.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        mid_write_kills >= KILLS / 2,
        "too few kills landed during autosave"
    );
}
