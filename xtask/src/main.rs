//! `cargo xtask`: the project's build tasks, in Rust instead of shell scripts.
//!
//! - `cargo xtask run`     set up, build, and launch the desktop app
//! - `cargo xtask test`    set up, then every suite (`test rust|ui|e2e|lint|fuzz|package`)
//! - `cargo xtask bench`   benchmarks that print figures
//! - `cargo xtask package` the release .deb and .rpm (Tauri's bundler)
//! - `cargo xtask codegen` regenerate the UI's TypeScript bindings
//! - `cargo xtask l10n`    export a language for review (XLIFF), import the review
//! - `cargo xtask prompts` placeholder audio prompts (espeak-ng, opusenc), committed
//! - `cargo xtask setup`   only install what is missing
//! - `cargo xtask with-postgres CMD` run CMD beside a throw-away PostgreSQL

mod bench;
mod bench_interview;
mod display;
mod fuzz;
mod l10n;
mod leftovers;
mod package;
mod postgres;
mod prompts;
mod setup;
mod sh;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sh::{Cmd, Fail};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["run", rest @ ..] => run(rest),
        ["test", rest @ ..] => test(rest),
        ["bench", rest @ ..] => bench::bench(rest),
        ["package", rest @ ..] => package::package(rest),
        ["codegen"] => codegen(),
        ["l10n", rest @ ..] => l10n::l10n(rest),
        ["prompts", rest @ ..] => prompts::prompts(rest),
        ["with-postgres", program, rest @ ..] => postgres::with_postgres(program, rest),
        ["setup", rest @ ..] => setup::setup(if rest.contains(&"test") {
            setup::Purpose::Test
        } else {
            setup::Purpose::Run
        }),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(message)) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <command>

  run [--release]           install what is missing, build, launch the app
  test [all|rust|ui|e2e|lint|fuzz|package]
                            install what is missing, then run the suites (default: all)
  bench                     print benchmark figures (binary size, start-up, memory, criterion, package sizes)
  package [--appimage]      build the release .deb and .rpm into artifacts/package/ (AppImage: needs downloads)
  codegen                   regenerate ui/src/lib/ipc/bindings.ts from the Rust commands
  l10n export LANG [--out FILE]
                            write LANG's strings (app and questionnaires) as XLIFF 1.2 for review
  l10n import FILE --by ROLE [--date YYYY-MM-DD]
                            read a reviewed XLIFF file back into the Fluent files
  prompts [--all]           speak the shipped questionnaires' missing audio prompts with
                            espeak-ng into media/synthesized/ (Ogg/Opus; the files are committed)
  setup [test]              only install what is missing
  with-postgres CMD [ARGS]  run CMD with FIELDSCREEN_TEST_POSTGRES set to a throw-away PostgreSQL";

/// The workspace root (the parent of this crate).
pub fn root() -> PathBuf {
    // Cargo sets CARGO_MANIFEST_DIR when it runs us; prefer that over the
    // build-time path, so a binary shared between two checkouts (one target
    // dir) still works on the checkout that ran it.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where runs leave files for people to look at (screenshots, reports).
pub fn artifacts() -> PathBuf {
    root().join("artifacts")
}

fn build_ui() -> Result<(), Fail> {
    Cmd::new("npm")
        .args(["run", "build", "--silent"])
        .dir(root().join("ui"))
        .run()
}

fn build_app(release: bool) -> Result<PathBuf, Fail> {
    let mut cmd = Cmd::new("cargo").args(["build", "--locked", "-p", "fieldscreen-app"]);
    if release {
        cmd = cmd.arg("--release");
    }
    cmd.dir(root()).run()?;
    Ok(app_binary(release))
}

pub fn app_binary(release: bool) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target
        .join(if release { "release" } else { "debug" })
        .join("fieldscreen-app")
}

fn run(args: &[&str]) -> Result<(), Fail> {
    let release = args.contains(&"--release");
    setup::setup(setup::Purpose::Run)?;
    build_ui()?;
    let binary = build_app(release)?;
    if display::has_display() {
        println!("xtask: launching {}", binary.display());
        return Cmd::new(&binary).dir(root()).run();
    }
    println!(
        "xtask: no display found (DISPLAY and WAYLAND_DISPLAY are unset): running the app under Xvfb"
    );
    let shot = artifacts().join("run").join("screenshot.png");
    display::headless_screenshot(&binary, &shot)?;
    println!("xtask: the app started and drew its window; screenshot saved to");
    println!("{}", shot.display());
    Ok(())
}

fn codegen() -> Result<(), Fail> {
    ensure_ui_dist()?;
    Cmd::new("cargo")
        .args([
            "test",
            "--locked",
            "-p",
            "fieldscreen-app",
            "bindings_are_fresh",
        ])
        .env("UPDATE_BINDINGS", "1")
        .dir(root())
        .run()?;
    println!("xtask: wrote ui/src/lib/ipc/bindings.ts");
    Ok(())
}

/// Tauri embeds `ui/dist` at compile time, so it must exist before any build
/// of `src-tauri` (including clippy and tests).
fn ensure_ui_dist() -> Result<(), Fail> {
    if root().join("ui/dist/index.html").exists() {
        return Ok(());
    }
    build_ui()
}

fn test(args: &[&str]) -> Result<(), Fail> {
    let which = args.first().copied().unwrap_or("all");
    let all = which == "all";
    if !["all", "rust", "ui", "e2e", "lint", "fuzz", "package"].contains(&which) {
        return Err(Fail(format!("unknown test suite `{which}`\n{USAGE}")));
    }
    setup::setup(setup::Purpose::Test)?;
    build_ui()?;
    // Orphans of the suites come back to xtask, to be found and reaped.
    leftovers::adopt_orphans();

    let root = root();
    let tools = setup::tools_dir();
    let mut suites = Suites::started();

    if all || which == "lint" {
        suites.push((
            "cargo fmt --check",
            Cmd::new("cargo")
                .args(["fmt", "--all", "--check"])
                .dir(&root)
                .run(),
        ));
        suites.push((
            "cargo clippy",
            Cmd::new("cargo")
                .args([
                    "clippy",
                    "--locked",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
                .dir(&root)
                .run(),
        ));
        suites.push((
            "cargo machete (unused dependencies)",
            Cmd::new(tools.join("bin/cargo-machete")).dir(&root).run(),
        ));
    }
    if all || which == "rust" {
        // The relay's suite runs against SQLite and this PostgreSQL; the
        // guard stops the server when this block ends, pass or fail.
        let run = leftovers::marker("rust");
        let result = postgres::LocalPostgres::start(false).and_then(|pg| {
            Cmd::new("cargo")
                .args(["test", "--locked", "--workspace", "--no-fail-fast"])
                .env(leftovers::MARKER, &run)
                .env("FIELDSCREEN_REQUIRE_TOOLS", "1")
                .env("FIELDSCREEN_TEST_POSTGRES", &pg.url)
                .env("PYXFORM_PYTHON", tools.join("venv/bin/python"))
                .dir(&root)
                .run_tests()
        });
        let result = leftovers::both(
            result,
            leftovers::check("cargo test (workspace)", &run, true),
        );
        suites.push(("cargo test (workspace)", result));
    }
    if all || which == "fuzz" {
        suites.push(("fuzz (relay decoding, bounded time)", fuzz::fuzz()));
    }
    if all || which == "ui" {
        let ui = root.join("ui");
        suites.push((
            "ui type-check",
            Cmd::new("npm")
                .args(["run", "check", "--silent"])
                .dir(&ui)
                .run(),
        ));
        suites.push((
            "ui vitest",
            Cmd::new("npm").args(["test", "--silent"]).dir(&ui).run(),
        ));
    }
    if all || which == "e2e" {
        let run = leftovers::marker("e2e");
        let result = build_app(false).and_then(|app| {
            Cmd::new("cargo")
                .args([
                    "test",
                    "--locked",
                    "-p",
                    "fieldscreen-tests",
                    "--features",
                    "e2e",
                    "--test",
                    "e2e",
                ])
                .args(["--", "--test-threads=1"])
                .env("FIELDSCREEN_APP", app)
                .env("TAURI_DRIVER", tools.join("bin/tauri-driver"))
                .env("FIELDSCREEN_ARTIFACTS", artifacts())
                .env(leftovers::MARKER, &run)
                .dir(&root)
                .run_tests()
        });
        // Nothing the suite started may outlive it (Xvfb, tauri-driver,
        // WebKitWebDriver, the app and its web processes).
        let result = leftovers::both(result, leftovers::check("the end-to-end suite", &run, true));
        suites.push(("end-to-end (real app window)", result));
    }
    if all || which == "package" {
        // After e2e: packages the debug app that suite built (no new build).
        suites.push(("package (.deb installed, used, purged)", package::test()));
    }

    println!();
    print!("{}", suites.summary());
    let failed = suites.failed();
    if failed == 0 {
        Ok(())
    } else {
        Err(Fail(format!("{failed} suite(s) failed")))
    }
}

/// The suites of one `cargo xtask test` run, each with its wall time (the
/// time since the previous one ended: a suite's result is computed just
/// before it is pushed), so a CI log says where the time goes.
struct Suites {
    done: Vec<(&'static str, Result<(), Fail>, std::time::Duration)>,
    since: std::time::Instant,
}

impl Suites {
    fn started() -> Self {
        Suites {
            done: Vec::new(),
            since: std::time::Instant::now(),
        }
    }

    fn push(&mut self, (name, result): (&'static str, Result<(), Fail>)) {
        let now = std::time::Instant::now();
        self.done.push((name, result, now - self.since));
        self.since = now;
    }

    fn failed(&self) -> usize {
        self.done.iter().filter(|(_, r, _)| r.is_err()).count()
    }

    /// `  ok      cargo test (workspace)  612 s` per suite, then the count
    /// and the total.
    fn summary(&self) -> String {
        let width = self.done.iter().map(|(n, ..)| n.len()).max().unwrap_or(0);
        let mut out = String::new();
        for (name, result, took) in &self.done {
            let secs = took.as_secs();
            match result {
                Ok(()) => out.push_str(&format!("  ok      {name:width$}  {secs:>5} s\n")),
                Err(Fail(m)) => {
                    out.push_str(&format!("  FAILED  {name:width$}  {secs:>5} s: {m}\n"));
                }
            }
        }
        let total: u64 = self.done.iter().map(|(.., t)| t.as_secs()).sum();
        out.push_str(&format!(
            "suites: {} passed, {} failed, {total} s\n",
            self.done.len() - self.failed(),
            self.failed()
        ));
        out
    }
}

#[cfg(test)]
mod suite_tests {
    use super::*;

    #[test]
    fn the_summary_gives_each_suite_its_wall_time_and_the_total() {
        let mut s = Suites::started();
        s.since -= std::time::Duration::from_secs(612);
        s.push(("cargo test (workspace)", Ok(())));
        s.since -= std::time::Duration::from_secs(7);
        s.push(("ui vitest", Err(Fail("2 tests failed".into()))));
        assert_eq!(
            s.summary(),
            "  ok      cargo test (workspace)    612 s\n  FAILED  ui vitest                   7 s: 2 tests failed\n\
             suites: 1 passed, 1 failed, 619 s\n"
        );
        assert_eq!(s.failed(), 1);
    }
}
