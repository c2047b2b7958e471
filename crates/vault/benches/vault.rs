//! Vault benchmarks. Prints the figures of docs/targets.md's performance table
//! (p50/p99 from simple measured loops), then runs criterion groups.
//!
//! `cargo bench -p vault` (or `cargo xtask bench`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::Criterion;
use vault::{
    AnswerValue, FormRef, KdfParams, ManualClock, NewRecord, Passphrase, Provenance, RecordId,
    UserText, Vault, VaultOptions,
};

const NAMES: &[&str] = &[
    "Somchai",
    "Aung Ko",
    "Sokha",
    "Khamla",
    "Mya Mya",
    "Dara",
    "Thida",
    "Noy",
    "Min Thu",
    "Sreyneang",
];

fn opts(kdf: KdfParams) -> VaultOptions {
    VaultOptions {
        kdf,
        idle_timeout: None,
        clock: Arc::new(ManualClock::new()),
        ..VaultOptions::default()
    }
}

fn record(title: String) -> NewRecord {
    NewRecord {
        form: FormRef {
            id: "fishing-crew-screening".into(),
            version: "2025.1".into(),
            hash: "sha256:0123".into(),
        },
        language: "my".into(),
        device_id: "bench".into(),
        created_at: Utc.timestamp_opt(1_750_000_000, 0).single().unwrap(),
        title: UserText(title),
    }
}

fn prov(i: i64) -> Provenance {
    Provenance {
        language: "my".into(),
        at: Utc.timestamp_opt(1_750_000_000 + i, 0).single().unwrap(),
        device_id: "bench".into(),
        interpreter: i % 2 == 0,
        self_administered: false,
    }
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn stats(name: &str, mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let mean = v.iter().sum::<Duration>() / v.len() as u32;
    let (p50, p99) = (pct(&v, 0.5), pct(&v, 0.99));
    println!(
        "{name:<44} n={:<6} p50 {:>8.3} ms  p99 {:>8.3} ms  mean {:>8.3} ms",
        v.len(),
        ms(p50),
        ms(p99),
        ms(mean)
    );
    (p50, p99)
}

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn value_for(i: usize) -> AnswerValue {
    match i % 5 {
        0 => AnswerValue::Value(format!("2025-0{}-1{}", 1 + i % 9, i % 10)),
        1 => AnswerValue::Value(format!("{}", 10 + i % 90)),
        2 => AnswerValue::Value("debt_bondage withheld_wages".into()),
        3 => AnswerValue::DontKnow,
        _ => AnswerValue::Value(format!("ทำงานวันละ {} ชั่วโมง / နေ့စဉ် {} နာရီ", i % 24, i % 24)),
    }
}

/// Answer autosave vs a plain durable SQLite insert of the same bytes,
/// interleaved in the same run.
fn autosave(dir: &Path, label: &str, durable: bool) {
    let mut v = Vault::create(
        &dir.join("autosave"),
        &Passphrase::from("p"),
        opts(KdfParams::insecure_for_tests()),
    )
    .unwrap();
    let id = v.create_interview(record("bench".into())).unwrap();
    let plain = rusqlite::Connection::open(dir.join("plain.db")).unwrap();
    plain
        .query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
        .unwrap();
    plain.pragma_update(None, "synchronous", "FULL").unwrap();
    plain
        .execute(
            "CREATE TABLE chunks (record_id BLOB, seq INTEGER, size INTEGER, blob BLOB)",
            [],
        )
        .unwrap();
    let n = 2000;
    let (mut enc, mut raw) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut bytes_total = 0usize;
    let (mut change_bytes, mut padded_bytes) = (0usize, 0usize);
    for i in 0..n {
        // Interviews have ~100-300 questions: cycle over 150 names.
        let q = format!("q{}", i % 150);
        let heads = v.heads(id).unwrap();
        let t = Instant::now();
        v.apply_answer(id, &q, value_for(i), prov(i as i64))
            .unwrap();
        enc.push(t.elapsed());
        // The answer's chunk: its Automerge bytes (+1 kind byte), and the
        // envelope it is stored in.
        let change = v.export_changes(id, &heads).unwrap().len() + 1;
        change_bytes += change + 29;
        padded_bytes += vault::envelope_len(change);

        let payload = match value_for(i) {
            AnswerValue::Value(s) => s.into_bytes(),
            _ => b"dont_know".to_vec(),
        };
        // Same bytes the vault stores per answer: chunk + index envelopes are
        // larger; use the exported last chunk's size for fairness.
        bytes_total += payload.len();
        let blob = vec![0xA5u8; 200 + payload.len()];
        let t = Instant::now();
        plain
            .execute(
                "INSERT INTO chunks VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![&id.uuid().as_bytes()[..], i as i64, blob.len() as i64, blob],
            )
            .unwrap();
        raw.push(t.elapsed());
    }
    let chunks = v.export_chunks(id).unwrap();
    let stored: usize = chunks.iter().map(|c| c.bytes.len()).sum();
    println!("-- autosave on {label}");
    println!(
        "autosave: {n} answers ({bytes_total} value bytes), record now {} chunks / {stored} bytes (padded envelopes)",
        chunks.len()
    );
    println!(
        "padding cost of the answers' chunks: {} KiB stored against {} KiB unpadded ({:+.0} %)",
        padded_bytes / 1024,
        change_bytes / 1024,
        (padded_bytes as f64 / change_bytes as f64 - 1.0) * 100.0
    );
    let (e50, e99) = stats("answer autosave (encrypt + durable commit)", enc);
    let (r50, r99) = stats("plain rusqlite durable insert (WAL+FULL)", raw);
    // The target is on a disk (a durable commit's real cost); on tmpfs the
    // ratio is the CPU's alone, printed without one.
    let target = if durable {
        "target ≤ 1.3x"
    } else {
        "CPU alone, no target"
    };
    println!(
        "autosave on {label} vs a plain durable insert in the same run (p99 {:.2}x): p50 {:.2}x ({target})",
        e99.as_secs_f64() / r99.as_secs_f64(),
        e50.as_secs_f64() / r50.as_secs_f64()
    );
}

fn unlock_default(dir: &Path) {
    let d = dir.join("default-kdf");
    let pass = Passphrase::from("a long enough passphrase");
    let t = Instant::now();
    drop(Vault::create(&d, &pass, opts(KdfParams::DEFAULT)).unwrap());
    println!(
        "create with default Argon2id (m=64 MiB, t=3, p=1): {:.1} ms",
        ms(t.elapsed())
    );
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let mut v = Vault::open(&d, opts(KdfParams::DEFAULT)).unwrap();
        v.unlock(&pass).unwrap();
        times.push(t.elapsed());
    }
    let (p50, _) = stats("open + unlock, default Argon2id params", times);
    let mut kdf: Vec<Duration> = (0..5)
        .map(|_| vault::measure_kdf(KdfParams::DEFAULT).unwrap())
        .collect();
    kdf.sort();
    let per_guess = kdf[kdf.len() / 2];
    let rate = vault::guess::guesses_per_second(per_guess);
    println!(
        "one Argon2id derivation (default params, one core): {:.1} ms -> {:.1} guesses/s per core; \
         the strength meter's attacker ({} cores): {:.0} guesses/s (unlock p50 {:.1} ms)",
        ms(per_guess),
        1.0 / per_guess.as_secs_f64(),
        vault::guess::ATTACKER_CORES,
        rate,
        ms(p50)
    );
    let year = 365.25 * 86_400.0;
    for (what, bits) in [
        ("4 EFF words (51.7 bits)", 51.7f64),
        ("5 EFF words (64.6 bits)", 64.6),
        ("5 groups of 4 digits (66.4 bits)", 66.4),
        ("8 random digits (26.6 bits)", 26.6),
    ] {
        // On average half the space is searched.
        let secs = 2f64.powf(bits - 1.0) / rate;
        println!(
            "  time to guess {what}: {:.3e} s = {:.3e} years",
            secs,
            secs / year
        );
    }
}

/// A passphrase change with 10,000 records: a new data key and every
/// record re-encrypted in one transaction.
fn rekey(dir: &Path, n: usize) {
    let d = dir.join("rekey");
    let a = Passphrase::from("first passphrase");
    let b = Passphrase::from("second passphrase");
    let mut v = Vault::create(&d, &a, opts(KdfParams::insecure_for_tests())).unwrap();
    for i in 0..n {
        let id = v.create_interview(record(format!("rekey {i}"))).unwrap();
        for k in 0..3 {
            v.apply_answer(id, &format!("q{k}"), value_for(i + k), prov(i as i64))
                .unwrap();
        }
    }
    let db = v.info().unwrap().db_bytes;
    let t = Instant::now();
    v.change_passphrase(&a, &b, None).unwrap();
    let took = t.elapsed();
    println!(
        "passphrase change, {n} records (3 answers each, db {} KiB): {:.2} s (new data key, every record re-encrypted, one transaction)",
        db / 1024,
        took.as_secs_f64()
    );
    assert!(v.verify_all().unwrap().is_empty());
}

/// The space the padding costs: the envelopes of the case-list vault
/// against their unpadded sizes (computed from the bucket rule).
fn padding_cost(dir: &Path) {
    let c = rusqlite::Connection::open(dir.join("caselist").join(vault::DB_FILE)).unwrap();
    let mut stored = 0u64;
    let mut count = 0u64;
    for table in ["records", "chunks"] {
        let mut stmt = c
            .prepare(&format!("SELECT length(blob) FROM {table}"))
            .unwrap();
        for len in stmt.query_map([], |r| r.get::<_, i64>(0)).unwrap() {
            stored += len.unwrap() as u64;
            count += 1;
        }
    }
    println!(
        "padding: {count} envelopes, {} KiB stored (buckets: 256 B, powers of two to 16 KiB, then Padmé); see autosave for the per-answer figure",
        stored / 1024
    );
}

fn case_list(dir: &Path, n: usize) -> (Vault, Vec<RecordId>) {
    let d = dir.join("caselist");
    let pass = Passphrase::from("p");
    let mut v = Vault::create(&d, &pass, opts(KdfParams::insecure_for_tests())).unwrap();
    let t = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let title = format!("{} {} / crew {}", NAMES[i % NAMES.len()], i, i % 40);
        let id = v.create_interview(record(title)).unwrap();
        if i % 10 == 0 {
            v.apply_answer(
                id,
                "age",
                AnswerValue::Value(format!("{}", 15 + i % 40)),
                prov(i as i64),
            )
            .unwrap();
        }
        ids.push(id);
    }
    println!(
        "created {n} interviews in {:.1} s (one durable transaction each); db {} KiB",
        t.elapsed().as_secs_f64(),
        v.info().unwrap().db_bytes / 1024
    );
    drop(v);

    let mut cold = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut v = Vault::open(&d, opts(KdfParams::insecure_for_tests())).unwrap();
        v.unlock(&pass).unwrap();
        let list = v.list().unwrap();
        assert_eq!(list.len(), n);
        cold.push(t.elapsed());
    }
    stats(&format!("open + unlock(cheap) + case list, {n}"), cold);
    let mut v = Vault::open(&d, opts(KdfParams::insecure_for_tests())).unwrap();
    v.unlock(&pass).unwrap();
    let mut warm = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        black_box(v.list().unwrap());
        warm.push(t.elapsed());
    }
    stats(&format!("case list (decrypt {n} index records)"), warm);
    let mut search = Vec::new();
    let mut hits = 0;
    for i in 0..10 {
        let t = Instant::now();
        hits = v.search(NAMES[i % NAMES.len()]).unwrap().len();
        search.push(t.elapsed());
    }
    stats(&format!("search titles across {n} ({hits} hits)"), search);
    let mut load = Vec::new();
    for id in ids.iter().take(200) {
        let t = Instant::now();
        black_box(v.record(*id).unwrap());
        load.push(t.elapsed());
    }
    stats("load one record (decrypt + Automerge load)", load);
    (v, ids)
}

fn main() {
    let tmp = tempfile::tempdir_in(
        std::env::var_os("FIELDSCREEN_BENCH_DIR")
            .unwrap_or_else(|| std::env::temp_dir().into_os_string()),
    )
    .unwrap();
    println!("== vault benchmarks (dir {}) ==", tmp.path().display());
    autosave(tmp.path(), "disk", true);
    // The same on a RAM file system (fsync is free): the CPU cost of
    // Automerge + AES-GCM + SQLite alone, which decides the ratio on fast disks.
    if let Ok(shm) = tempfile::tempdir_in("/dev/shm") {
        autosave(shm.path(), "tmpfs, no fsync cost", false);
    }
    // `FIELDSCREEN_BENCH_ONLY=autosave`: the autosave figures alone (to
    // profile them: `strace -c -f`, `perf record`).
    if std::env::var("FIELDSCREEN_BENCH_ONLY").is_ok_and(|v| v == "autosave") {
        return;
    }
    unlock_default(tmp.path());
    rekey(tmp.path(), 10_000);
    let (mut v, ids) = case_list(tmp.path(), 10_000);
    padding_cost(tmp.path());
    if let Some(kib) = vm_hwm_kib() {
        println!("peak memory (VmHWM): {:.1} MiB", kib as f64 / 1024.0);
    }

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut i = 0i64;
    let target = ids[0];
    c.bench_function("vault/apply_answer (durable)", |b| {
        b.iter(|| {
            i += 1;
            v.apply_answer(
                target,
                &format!("q{}", i % 100),
                AnswerValue::Value(format!("{i}")),
                prov(i),
            )
            .unwrap();
        })
    });
    c.bench_function("vault/list 10k", |b| {
        b.iter(|| black_box(v.list().unwrap().len()))
    });
    c.bench_function("vault/search 10k", |b| {
        b.iter(|| black_box(v.search("Sokha").unwrap().len()))
    });
    c.final_summary();
    if let Some(kib) = vm_hwm_kib() {
        println!("peak memory at end (VmHWM): {:.1} MiB", kib as f64 / 1024.0);
    }
}
