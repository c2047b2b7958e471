//! `cargo xtask test fuzz`: coverage-guided fuzzing of what the relay and
//! its clients decode (`fuzz/fuzz_targets/*`), for a bounded time.
//!
//! libFuzzer (the `libfuzzer-sys` crate) on stable Rust: the SanitizerCoverage
//! instrumentation it needs is reachable with stable `-C` flags (the ones
//! `cargo fuzz` passes, minus the nightly-only `-Zsanitizer`). Safe Rust
//! needs no AddressSanitizer to find what matters here: panics, overflows
//! and failed assertions, all of which abort and count as crashes. The
//! build uses `--target` so build scripts stay uninstrumented, and its own
//! target directory so these flags never invalidate the main build.
//!
//! The target writes valid inputs (envelopes, feed pages, signed requests)
//! as seeds; the corpus it grows is kept under `target/fuzz-corpus` for the
//! next run. A crash fails the run and its input is saved under
//! `artifacts/fuzz/`.

use std::path::PathBuf;

use crate::sh::{Cmd, Fail};
use crate::{artifacts, root};

/// Targets in `fuzz/fuzz_targets`, each run for this long.
const TARGETS: &[&str] = &["relay_decoding"];
const SECONDS_PER_TARGET: u32 = 40;

const COVERAGE_FLAGS: &str = "--cfg fuzzing -Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares";

fn host_triple() -> Result<String, Fail> {
    Cmd::new("rustc")
        .arg("-vV")
        .read()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .ok_or_else(|| Fail("cannot read the host triple from `rustc -vV`".into()))
}

pub fn fuzz() -> Result<(), Fail> {
    let triple = host_triple()?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("fuzz");
    let fuzz_dir = root().join("fuzz");
    let mut build = Cmd::new("cargo").args(["build", "--locked", "--release", "--target", &triple]);
    for t in TARGETS {
        build = build.args(["--bin", t]);
    }
    build
        .env("RUSTFLAGS", COVERAGE_FLAGS)
        .env("CARGO_TARGET_DIR", &target_dir)
        .dir(&fuzz_dir)
        .run()?;

    for t in TARGETS {
        let corpus = root().join("target/fuzz-corpus").join(t);
        let seeds = root().join("target/fuzz-corpus").join(format!("{t}-seeds"));
        let crashes = artifacts().join("fuzz").join(t);
        for d in [&corpus, &seeds, &crashes] {
            std::fs::create_dir_all(d)
                .map_err(|e| Fail(format!("cannot create {}: {e}", d.display())))?;
        }
        let binary = target_dir.join(&triple).join("release").join(t);
        Cmd::new(&binary)
            .arg(format!("-max_total_time={SECONDS_PER_TARGET}"))
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", crashes.display()))
            .arg(&corpus)
            .arg(&seeds)
            .env("FIELDSCREEN_FUZZ_SEEDS", &seeds)
            .run()
            .map_err(|Fail(m)| {
                Fail(format!(
                    "{m}\nfuzz target {t} crashed; the input is saved in {}",
                    crashes.display()
                ))
            })?;
    }
    Ok(())
}
