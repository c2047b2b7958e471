//! Linux packages, built with Tauri's bundler (the `@tauri-apps/cli`
//! devDependency of `ui/`, pinned to the tauri crate's version).
//!
//! - `cargo xtask package` builds the release `.deb` and `.rpm`
//!   (`tauri build`), checks the `.deb` with lintian and copies both to
//!   `artifacts/package/`.
//! - The `package` test suite bundles the **debug** app the e2e suite
//!   already built (`tauri bundle --debug`, no second build), checks it with
//!   lintian, installs it with `apt-get install ./…deb`, starts the installed
//!   app under Xvfb from its desktop entry's `Exec` line (screenshot),
//!   runs the installed `fieldscreen --version`, starts the relay unit's
//!   command line (from the installed unit and its config file) as the
//!   unit's user against a temporary state directory and syncs one record
//!   through it with the installed CLI, then purges the package and checks
//!   that nothing of it is left but the user's data. A guard purges the
//!   package (and removes the system user the package created, which a
//!   purge keeps on purpose) even when a step fails. Without root it skips
//!   with a note.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::display::{RunningApp, Xvfb};
use crate::sh::{Cmd, Fail};
use crate::{artifacts, build_app, build_ui, root, setup};

mod build;
mod checks;
mod desktop;
mod install;
mod relay_unit;

use build::*;
use checks::*;
use desktop::*;
use install::*;
use relay_unit::*;

/// The package's name (Tauri takes it from `productName` in
/// `src-tauri/tauri.linux.conf.json`).
const PACKAGE: &str = "fieldscreen";

/// Lintian tags the debug package is allowed: it is the unoptimised,
/// unstripped build of the e2e suite. The release package has no exception.
const DEBUG_BUILD_TAGS: &[&str] = &["unstripped-binary-or-object"];

/// The passphrase of the test vaults (through `FIELDSCREEN_PASSPHRASE`).
const PASS: &str = "package test passphrase";

/// `cargo xtask package [--appimage]`: the release packages.
pub fn package(args: &[&str]) -> Result<(), Fail> {
    setup::setup(setup::Purpose::Run)?;
    build_ui()?;
    let built = build_release(args.contains(&"--appimage"))?;
    println!();
    for line in sizes_of(&built) {
        println!("{line}");
    }
    Ok(())
}

/// The release packages' paths under `artifacts/package/`.
fn build_release(appimage: bool) -> Result<Vec<PathBuf>, Fail> {
    let version = workspace_version()?;
    Cmd::new("cargo")
        .args(["build", "--locked", "--release", "-p", "cli"])
        .dir(root())
        .run()?;
    let cli = target_dir().join("release/fieldscreen");
    let overlay = overlay_config(&cli, &version, "release")?;
    let mut bundles = String::from("deb,rpm");
    if appimage {
        // linuxdeploy and its plugins come from GitHub, not from a package
        // registry: this works only on a machine that can download them.
        bundles.push_str(",appimage");
    }
    Cmd::new(tauri_cli()?)
        .args(["build", "--ci", "--bundles", &bundles, "--config"])
        .arg(&overlay)
        .dir(root().join("src-tauri"))
        .run()?;
    let bundle = target_dir().join("release/bundle");
    let deb = bundle.join(format!("deb/{PACKAGE}_{version}_amd64.deb"));
    let rpm = bundle.join(format!("rpm/{PACKAGE}-{version}-1.x86_64.rpm"));
    remove_staging(&bundle, &version);
    if lintian_available() {
        lintian(&deb, &[])?;
    } else {
        println!(
            "xtask: lintian not installed (`cargo xtask setup test` installs it): the .deb was not checked"
        );
    }
    let out = artifacts().join("package");
    std::fs::create_dir_all(&out)
        .map_err(|e| Fail(format!("cannot create {}: {e}", out.display())))?;
    let mut built = Vec::new();
    let mut sources = vec![deb, rpm];
    if appimage {
        sources.push(bundle.join(format!("appimage/{PACKAGE}_{version}_amd64.AppImage")));
    }
    for src in sources {
        let name = src
            .file_name()
            .ok_or_else(|| Fail(format!("no file name in {}", src.display())))?;
        let dst = out.join(name);
        std::fs::copy(&src, &dst)
            .map_err(|e| Fail(format!("cannot copy {}: {e}", src.display())))?;
        built.push(dst);
    }
    Ok(built)
}

/// For `cargo xtask bench`: the sizes of the release packages, built first
/// when `artifacts/package/` has none of this version.
pub fn sizes() -> Result<Vec<String>, Fail> {
    let version = workspace_version()?;
    let out = artifacts().join("package");
    let existing: Vec<PathBuf> = [
        format!("{PACKAGE}_{version}_amd64.deb"),
        format!("{PACKAGE}-{version}-1.x86_64.rpm"),
    ]
    .iter()
    .map(|n| out.join(n))
    .filter(|p| p.exists())
    .collect();
    let built = if existing.len() == 2 {
        println!(
            "xtask: package sizes from {} (cargo xtask package rebuilds them)",
            out.display()
        );
        existing
    } else {
        build_release(false)?
    };
    Ok(sizes_of(&built))
}

fn sizes_of(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            let installed = (p.extension().is_some_and(|e| e == "deb"))
                .then(|| {
                    Cmd::new("dpkg-deb")
                        .args(["-f"])
                        .arg(p)
                        .arg("Installed-Size")
                        .read()
                })
                .flatten()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(|kib| format!(", {:.1} MB installed", kib as f64 * 1024.0 / 1e6))
                .unwrap_or_default();
            format!(
                "package {}: {:.1} MB ({size} bytes{installed})",
                name.unwrap_or_default(),
                size as f64 / 1e6
            )
        })
        .collect()
}

/// The `package` test suite; prints how long it took.
pub fn test() -> Result<(), Fail> {
    let started = Instant::now();
    let result = install_test();
    println!(
        "xtask: package test took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    result
}

fn install_test() -> Result<(), Fail> {
    if !is_root() {
        println!(
            "xtask: package test skipped: it installs and purges a package with apt-get, which needs root (run `cargo xtask test package` as root)"
        );
        return Ok(());
    }
    if Cmd::new("dpkg-query").arg("--version").read().is_none()
        || Cmd::new("apt-get").arg("--version").read().is_none()
    {
        println!("xtask: package test skipped: not a Debian-like system (no dpkg, apt-get)");
        return Ok(());
    }
    Installation::clean_up_a_killed_run();
    if installed(PACKAGE) {
        return Err(Fail(format!(
            "a `{PACKAGE}` package is already installed on this machine; the test installs and purges its own and leaves yours alone: remove it (apt-get purge {PACKAGE}) and run the test again"
        )));
    }
    let version = workspace_version()?;
    let app = build_app(false)?;
    let cli = debug_cli()?;
    let deb = bundle_debug(&app, &cli, &version)?;
    println!("{}", sizes_of(std::slice::from_ref(&deb)).join("\n"));
    lintian(&deb, DEBUG_BUILD_TAGS)?;

    let guard = Installation::new()?;
    apt_get(&["install", "-y", "-qq"], &[deb.as_os_str()])?;
    let files = package_files()?;
    check_depends(&files)?;
    let cli = installed_program(&files, "/usr/bin/fieldscreen")?;
    check_version(&cli, &version)?;
    check_relay_setup()?;
    let unit = installed_program(&files, "/usr/lib/systemd/system/fieldscreen-relay.service")?;
    systemd_checks(&unit)?;
    relay_sync(&unit, &cli, guard.scratch())?;
    desktop_entry_starts_the_app(&files, guard.scratch())?;
    guard.purge_and_check(&files)
}

#[cfg(test)]
mod tests;
