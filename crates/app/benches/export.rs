//! Export benchmarks (issue 17), printed as figures for `cargo xtask bench`:
//! 10,000 generated interviews exported to a CSV zip and to XLSX (time, and
//! peak memory above the process's resident size before the export, for a
//! tenth of them and for all: flat memory means the two are close), and the
//! printable case summary (PDF) of one interview, from the click to the
//! finished file (the PDF is written whole, so that is its first page too).
//!
//! `FIELDSCREEN_BENCH_EXPORTS=N` changes the number of interviews. The
//! vault lives on `/dev/shm` when there is one (see `main`).

use std::path::Path;
use std::time::{Duration, Instant};

use app::cases::{CaseStore, Passphrase};
use app::export::{self, ExportFilter, ExportFormat, ExportRequest, sample};

/// A field of `/proc/self/status`, in kB.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// The CPU time this process has run for, every thread together
/// (`/proc/self/stat`, user and system, in clock ticks of 10 ms): unlike
/// the wall-clock time it does not grow when other processes share the
/// cores, so figures from a busy machine still compare.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces).
    let rest = &s[s.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Runs `f` and returns its time and the peak resident memory it added (MB):
/// the kernel's high-water mark is reset first (`clear_refs` 5). In the
/// same process as the generation, so memory the allocator kept from it is
/// reused first: the figure is a floor, the difference between the two
/// sizes the telling one.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, f64) {
    let (out, took, _, peak) = measure_cpu(f);
    (out, took, peak)
}

/// [`measure`], with the CPU time `f` ran for (when the system tells it).
fn measure_cpu<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>, f64) {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kb("VmRSS:");
    let cpu = cpu_time();
    let t = Instant::now();
    let out = f();
    let took = t.elapsed();
    let cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    let peak = status_kb("VmHWM:");
    (out, took, cpu, peak.saturating_sub(before) as f64 / 1024.0)
}

fn request(format: ExportFormat, filter: ExportFilter) -> ExportRequest {
    ExportRequest {
        form_id: "victim_screening".to_owned(),
        format,
        labels: None,
        split_multiple: false,
        filter,
        age_recipients: Vec::new(),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let n: usize = std::env::var("FIELDSCREEN_BENCH_EXPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    // The vault on a RAM disk when there is one: generating the interviews
    // makes every answer durable (an fsync each), which is not what is
    // measured here; the export reads from the page cache either way.
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temporary folder");
    let mut store = CaseStore::init(
        &dir.path().join("data").join("vault"),
        &Passphrase::from("stencil yarn obituary deflected carport"),
        vault::VaultOptions {
            kdf: vault::KdfParams::insecure_for_tests(),
            idle_timeout: None,
            ..vault::VaultOptions::default()
        },
        "en",
    )
    .expect("vault");
    let t = Instant::now();
    sample::fill(&mut store, "victim-screening", n, 17, 1).expect("interviews");
    println!(
        "export bench: {n} generated interviews (victim screening, nine questions in ten answered) written in {:.1?}",
        t.elapsed()
    );
    // The interviews are one minute apart back from 2026-11-30 12:00 UTC:
    // those of the last days, about a tenth of them.
    let newest = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let cut = newest.and_hms_opt(12, 0, 0).expect("time")
        - chrono::Duration::minutes(i64::try_from(n / 10).unwrap_or(0));
    let from = cut.date().succ_opt().unwrap_or(newest).min(newest);
    let tenth = ExportFilter {
        from: Some(from.format("%Y-%m-%d").to_string()),
        ..ExportFilter::default()
    };
    for (format, name, ext, target) in [
        (ExportFormat::Csv, "CSV zip", "zip", Some(5.0)),
        (ExportFormat::Xlsx, "XLSX", "xlsx", None),
    ] {
        let mut peaks = Vec::new();
        for filter in [tenth.clone(), ExportFilter::default()] {
            let out = dir.path().join(format!("export.{ext}"));
            let (summary, took, cpu, peak) = measure_cpu(|| {
                export::export(&mut store, &request(format, filter), &out, &mut |_| true)
                    .expect("export")
            });
            let target = match target {
                Some(s) if summary.interviews as usize == n => format!(" (target ≤ {s:.0} s)"),
                _ => String::new(),
            };
            let cpu = cpu
                .map(|c| format!(" ({:.2} s of CPU time, all threads)", c.as_secs_f64()))
                .unwrap_or_default();
            println!(
                "export of {} interviews to {name}: {:.2} s{cpu}{target}, peak memory +{peak:.1} MB, {:.1} MB written",
                summary.interviews,
                took.as_secs_f64(),
                summary.bytes as f64 / 1e6
            );
            peaks.push((summary.interviews, peak));
        }
        if let [(a, pa), (b, pb)] = peaks[..] {
            println!(
                "export to {name}: peak memory for {b} interviews minus for {a}: {:+.1} MB (target: flat, ≈ 0)",
                pb - pa
            );
        }
    }
    drop(store);

    // The case summary of one fully answered interview, through the window's path.
    let app_dir = dir.path().join("app");
    let app = app::App::open(&app_dir).expect("app");
    let pass = "stencil yarn obituary deflected carport";
    app.create_vault(pass.into(), pass.into()).expect("vault");
    let id = app
        .with_store(|s| sample::fill(s, "victim-screening", 1, 5, 1))
        .expect("one interview")
        .remove(0);
    let out = dir.path().join("case.pdf");
    let mut times = Vec::new();
    for _ in 0..5 {
        let (bytes, took, _) = measure(|| app.case_summary_pdf(&id, &out).expect("pdf"));
        assert!(bytes > 0 && Path::new(&out).exists());
        times.push(took);
    }
    let first = times[0];
    times.sort();
    println!(
        "case summary PDF: time to the finished file (first page included) {:.0} ms median of 5 (first, fonts loaded: {:.0} ms) (target ≤ 1000 ms)",
        times[2].as_secs_f64() * 1000.0,
        first.as_secs_f64() * 1000.0
    );
}
