//! `cargo xtask bench`: figures, not pass/fail. Release binary size, cold
//! start to first paint, peak memory at idle, then every crate's criterion
//! benchmarks (and the relay's load benchmark, on SQLite and a throw-away
//! PostgreSQL), the sizes of the release packages and of the shipped
//! questionnaires' audio prompts (embedded in the binary).

use std::path::Path;
use std::time::Duration;

use crate::display::{RunningApp, Xvfb};
use crate::sh::{Cmd, Fail};
use crate::{build_app, build_ui, root, setup};

const START_RUNS: usize = 7;

pub fn bench(_args: &[&str]) -> Result<(), Fail> {
    setup::setup(setup::Purpose::Run)?;
    build_ui()?;
    let binary = build_app(true)?;

    let size = std::fs::metadata(&binary)
        .map_err(|e| Fail(format!("cannot read {}: {e}", binary.display())))?
        .len();
    let mut report = vec![format!(
        "release binary size: {:.1} MB ({} bytes; target < 20 MB)",
        size as f64 / 1e6,
        size
    )];
    report.push(crate::prompts::sizes());

    let xvfb = Xvfb::start(1280, 800)?;
    let mut starts = Vec::new();
    let mut memory = None;
    for run in 0..START_RUNS {
        let data = tempdir()?;
        let mut app = RunningApp::spawn(&binary, Some(&xvfb.display), Some(&data))?;
        starts.push(app.wait_first_paint(Duration::from_secs(60))?);
        if run == START_RUNS - 1 {
            std::thread::sleep(Duration::from_secs(3));
            memory = Some(tree_memory(app.child.id()));
        }
        drop(app);
        let _ = std::fs::remove_dir_all(&data);
    }
    let mut sorted = starts.clone();
    sorted.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    report.push(format!(
        "start to first paint: median {:.0} ms over {START_RUNS} runs (min {:.0}, max {:.0}; first run {:.0})",
        ms(&sorted[START_RUNS / 2]),
        ms(&sorted[0]),
        ms(&sorted[START_RUNS - 1]),
        ms(&starts[0]),
    ));
    if let Some(procs) = memory {
        let total: u64 = procs.iter().map(|p| p.1).sum();
        report.push(format!(
            "peak memory at idle (VmHWM, app and its WebKit processes): {:.0} MB",
            total as f64 / 1024.0
        ));
        for (name, kb) in procs {
            report.push(format!("    {name}: {:.0} MB", kb as f64 / 1024.0));
        }
    }
    drop(xvfb);
    report.extend(crate::bench_interview::interview(&binary)?);

    let crates_with_benches: Vec<String> = std::fs::read_dir(root().join("crates"))
        .map_err(|e| Fail(format!("cannot list crates/: {e}")))?
        .filter_map(Result::ok)
        .filter(|e| e.path().join("benches").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if !crates_with_benches.is_empty() {
        let mut cmd = Cmd::new("cargo").args(["bench", "--locked"]);
        for name in &crates_with_benches {
            cmd = cmd.args(["-p", name]);
        }
        // The relay's load benchmark also runs on PostgreSQL (durable settings).
        let pg = crate::postgres::LocalPostgres::start(true);
        match &pg {
            Ok(pg) => cmd = cmd.env("FIELDSCREEN_TEST_POSTGRES", &pg.url),
            Err(Fail(m)) => println!("xtask: relay load on PostgreSQL skipped: {m}"),
        }
        cmd.dir(root()).run()?;
        drop(pg);
    }

    match crate::package::sizes() {
        Ok(lines) => report.extend(lines),
        Err(Fail(m)) => report.push(format!("package sizes: not measured ({m})")),
    }

    println!("\n== FieldScreen app benchmarks ==");
    for line in &report {
        println!("{line}");
    }
    Ok(())
}

fn tempdir() -> Result<std::path::PathBuf, Fail> {
    let dir = std::env::temp_dir().join(format!(
        "fieldscreen-bench-{}-{}",
        std::process::id(),
        nanos()
    ));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Peak resident memory (VmHWM, KiB) of a process and all its descendants.
fn tree_memory(pid: u32) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        let proc_dir = Path::new("/proc").join(p.to_string());
        let status = std::fs::read_to_string(proc_dir.join("status")).unwrap_or_default();
        let field = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_owned())
        };
        let name = field("Name:").unwrap_or_else(|| p.to_string());
        let hwm = field("VmHWM:")
            .and_then(|v| v.split_whitespace().next().and_then(|n| n.parse().ok()))
            .unwrap_or(0);
        out.push((name, hwm));
        queue.extend(children(p));
    }
    out
}

fn children(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/stat"))
                .ok()
                .and_then(|s| {
                    // Field 4 (ppid) follows the parenthesised command name.
                    let rest = &s[s.rfind(')')? + 1..];
                    rest.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(pid)
        })
        .collect()
}
