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

// ---------------------------------------------------------------------------
// Building

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// `version` of `[workspace.package]` in the root `Cargo.toml`: the one
/// version of every crate, the app and the packages.
pub fn workspace_version() -> Result<String, Fail> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| Fail(format!("cannot read Cargo.toml: {e}")))?;
    version_in(&manifest)
        .ok_or_else(|| Fail("no version in [workspace.package] of Cargo.toml".into()))
}

fn version_in(manifest: &str) -> Option<String> {
    let mut in_section = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == "[workspace.package]";
        } else if in_section
            && let Some(value) = line.strip_prefix("version")
            && let Some(value) = value.trim_start().strip_prefix('=')
        {
            return Some(value.trim().trim_matches('"').to_owned());
        }
    }
    None
}

fn tauri_cli() -> Result<PathBuf, Fail> {
    let cli = root().join("ui/node_modules/.bin/tauri");
    if cli.exists() {
        Ok(cli)
    } else {
        Err(Fail(format!(
            "{} is missing: run `cargo xtask setup` (npm ci in ui/ installs @tauri-apps/cli)",
            cli.display()
        )))
    }
}

/// The debug `fieldscreen` binary as the rust suite builds it: the same
/// command with `--no-run` is a no-op after that suite (any other cargo
/// command would unify features differently and rebuild).
fn debug_cli() -> Result<PathBuf, Fail> {
    Cmd::new("cargo")
        .args(["test", "--locked", "--workspace", "--no-run"])
        .dir(root())
        .run()?;
    let cli = target_dir().join("debug/fieldscreen");
    if cli.exists() {
        Ok(cli)
    } else {
        Err(Fail(format!("{} was not built", cli.display())))
    }
}

/// The debug `.deb` of the already-built app (`tauri bundle`, which builds
/// nothing; no binary patching, so the e2e suite's binary is left as is).
fn bundle_debug(app: &Path, cli: &Path, version: &str) -> Result<PathBuf, Fail> {
    let overlay = overlay_config(cli, version, "debug")?;
    Cmd::new(tauri_cli()?)
        .args([
            "bundle",
            "--ci",
            "--debug",
            "--bundles",
            "deb",
            "--no-binary-patching",
            "--config",
        ])
        .arg(&overlay)
        .dir(root().join("src-tauri"))
        .run()?;
    let bundle = app
        .parent()
        .map(|d| d.join("bundle"))
        .ok_or_else(|| Fail("the app binary has no folder".into()))?;
    remove_staging(&bundle, version);
    let deb = bundle.join(format!("deb/{PACKAGE}_{version}_amd64.deb"));
    if deb.exists() {
        Ok(deb)
    } else {
        Err(Fail(format!("the bundler made no {}", deb.display())))
    }
}

/// The bundler leaves the unpacked tree beside the `.deb` (the size of the
/// binaries again): removed.
fn remove_staging(bundle: &Path, version: &str) {
    let _ = std::fs::remove_dir_all(bundle.join(format!("deb/{PACKAGE}_{version}_amd64")));
}

/// What only the build knows, merged into `tauri.conf.json`: the CLI
/// binary of this profile as `/usr/bin/fieldscreen`, and the Debian
/// changelog of this version. Written under the target dir; returns its path.
fn overlay_config(cli: &Path, version: &str, profile: &str) -> Result<PathBuf, Fail> {
    let dir = target_dir().join(profile).join("package-config");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
    let changelog = dir.join("changelog");
    write(&changelog, &debian_changelog(version)?)?;
    let cli = json_string(&cli.to_string_lossy());
    let changelog = json_string(&changelog.to_string_lossy());
    let overlay = format!(
        r#"{{"bundle":{{"linux":{{"deb":{{"files":{{"/usr/bin/fieldscreen":{cli}}},"changelog":{changelog}}},"rpm":{{"files":{{"/usr/bin/fieldscreen":{cli}}}}}}}}}}}"#
    );
    let path = dir.join("overlay.json");
    write(&path, &overlay)?;
    Ok(path)
}

fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Debian changelog entry for this version (a native package must have
/// one), signed by the app crate's author and dated by the last commit.
fn debian_changelog(version: &str) -> Result<String, Fail> {
    let manifest = std::fs::read_to_string(root().join("src-tauri/Cargo.toml"))
        .map_err(|e| Fail(format!("cannot read src-tauri/Cargo.toml: {e}")))?;
    let maintainer = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("authors"))
        .and_then(|l| l.split('"').nth(1))
        .ok_or_else(|| {
            Fail("src-tauri/Cargo.toml names no author (the packages' maintainer)".into())
        })?
        .to_owned();
    let date = Cmd::new("git")
        .args(["log", "-1", "--format=%aD"])
        .dir(root())
        .read()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            Cmd::new("date")
                .arg("-R")
                .read()
                .map(|s| s.trim().to_owned())
        })
        .ok_or_else(|| Fail("no date for the changelog (git log and date both failed)".into()))?;
    Ok(format!(
        "{PACKAGE} ({version}) unstable; urgency=medium\n\n  * Built from the FieldScreen repository at version {version}; its git\n    history lists the changes.\n\n -- {maintainer}  {date}\n"
    ))
}

fn write(path: &Path, text: &str) -> Result<(), Fail> {
    std::fs::write(path, text).map_err(|e| Fail(format!("cannot write {}: {e}", path.display())))
}

// ---------------------------------------------------------------------------
// Checks of the package

fn lintian_available() -> bool {
    Cmd::new("lintian").arg("--version").read().is_some()
}

/// lintian with its warnings shown; fails on any error. `allowed` tags are
/// suppressed (and said so).
fn lintian(deb: &Path, allowed: &[&str]) -> Result<(), Fail> {
    let mut cmd = Cmd::new("lintian").args(["--fail-on", "error", "--display-info"]);
    if !allowed.is_empty() {
        println!(
            "xtask: lintian: tags allowed for this build: {}",
            allowed.join(", ")
        );
        cmd = cmd.args(["--suppress-tags", &allowed.join(",")]);
    }
    cmd.arg(deb).run()
}

fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .read()
        .is_some_and(|s| s.trim() == "0")
}

/// Whether dpkg knows the package in any state but not-installed
/// (installed, half-installed, config-files, …).
fn installed(package: &str) -> bool {
    Cmd::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", package])
        .read()
        .is_some_and(|s| !s.trim().is_empty() && s.trim() != "not-installed")
}

fn apt_get(args: &[&str], more: &[&std::ffi::OsStr]) -> Result<(), Fail> {
    Cmd::new("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(args)
        .args(more)
        .run()
}

/// `dpkg -L`: every path the installed package owns.
fn package_files() -> Result<Vec<PathBuf>, Fail> {
    let list = Cmd::new("dpkg")
        .args(["-L", PACKAGE])
        .read()
        .ok_or_else(|| Fail(format!("dpkg -L {PACKAGE} failed after the installation")))?;
    Ok(list
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('/') && *l != "/.")
        .map(PathBuf::from)
        .collect())
}

/// `path` if the package installed it.
fn installed_program(files: &[PathBuf], path: &str) -> Result<PathBuf, Fail> {
    let path = PathBuf::from(path);
    if files.contains(&path) && path.exists() {
        Ok(path)
    } else {
        Err(Fail(format!(
            "the package did not install {}",
            path.display()
        )))
    }
}

/// Package names in a `Depends` field (every alternative, no versions).
fn depends_names(field: &str) -> Vec<String> {
    field
        .split([',', '|'])
        .filter_map(|d| d.split_whitespace().next())
        .map(|n| n.split(':').next().unwrap_or(n).to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

fn declared_depends(package: &str) -> Vec<String> {
    Cmd::new("dpkg-query")
        .args(["-W", "-f=${Depends}, ${Pre-Depends}", package])
        .read()
        .map(|s| depends_names(&s))
        .unwrap_or_default()
}

/// The package's declared dependencies cover every shared library its
/// programs link (directly or through what they depend on), and each
/// declared dependency provides one of those libraries: WebKitGTK 4.1 and
/// what it needs, nothing more.
fn check_depends(files: &[PathBuf]) -> Result<(), Fail> {
    let declared = declared_depends(PACKAGE);
    println!("xtask: Depends: {}", declared.join(", "));
    // Installed dependency closure of what is declared.
    let mut closure: BTreeSet<String> = BTreeSet::new();
    let mut queue = declared.clone();
    while let Some(p) = queue.pop() {
        if closure.insert(p.clone()) {
            queue.extend(declared_depends(&p));
        }
    }
    let mut owners_needed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for program in files
        .iter()
        .filter(|f| f.starts_with("/usr/bin") && f.is_file())
    {
        let dump = Cmd::new("objdump")
            .arg("-p")
            .arg(program)
            .read()
            .ok_or_else(|| Fail(format!("objdump -p {} failed", program.display())))?;
        for lib in dump
            .lines()
            .filter_map(|l| l.trim().strip_prefix("NEEDED"))
            .map(str::trim)
        {
            let owners = Cmd::new("dpkg-query")
                .args(["-S", &format!("*/{lib}")])
                .read()
                .unwrap_or_default();
            let owners: BTreeSet<String> = owners
                .lines()
                .filter_map(|l| l.split(": ").next())
                .flat_map(|l| l.split(", "))
                .map(|p| p.split(':').next().unwrap_or(p).trim().to_owned())
                .filter(|p| !p.ends_with("-dev"))
                .collect();
            owners_needed
                .entry(lib.to_owned())
                .or_default()
                .extend(owners);
        }
    }
    let problems = depends_problems(&owners_needed, &declared, &closure);
    if !problems.is_empty() {
        return Err(Fail(problems.join("\n")));
    }
    println!(
        "xtask: the programs link {} libraries, all brought by those dependencies",
        owners_needed.len()
    );
    check_libc_version(files)
}

/// What is wrong with `declared` dependencies (and their installed
/// `closure`) for programs linking `needed` libraries (each with the
/// packages that provide it): a library none of them brings, or a declared
/// dependency that provides no linked library.
fn depends_problems(
    needed: &BTreeMap<String, BTreeSet<String>>,
    declared: &[String],
    closure: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (lib, owners) in needed {
        if owners.is_empty() {
            problems.push(format!(
                "{lib} is linked and no installed package provides it"
            ));
        } else if !owners.iter().any(|o| closure.contains(o)) {
            problems.push(format!(
                "{lib} (package {}) is linked and the package's dependencies do not bring it",
                owners.iter().cloned().collect::<Vec<_>>().join(" or ")
            ));
        }
    }
    let providing: BTreeSet<&String> = needed.values().flatten().collect();
    for extra in declared.iter().filter(|d| !providing.contains(d)) {
        problems.push(format!(
            "the package depends on {extra} although no program of it links a library of it"
        ));
    }
    problems
}

/// `libc6 (>= X)` in Depends is at least the newest `GLIBC_` symbol
/// version the programs use.
fn check_libc_version(files: &[PathBuf]) -> Result<(), Fail> {
    let depends = Cmd::new("dpkg-query")
        .args(["-W", "-f=${Depends}", PACKAGE])
        .read()
        .unwrap_or_default();
    let declared = libc_minimum(&depends).ok_or_else(|| {
        Fail(format!(
            "Depends ({depends}) has no libc6 (>= VERSION), which lintian requires"
        ))
    })?;
    let mut needed = vec![0u32, 0];
    for program in files
        .iter()
        .filter(|f| f.starts_with("/usr/bin") && f.is_file())
    {
        let symbols = Cmd::new("objdump")
            .arg("-T")
            .arg(program)
            .read()
            .unwrap_or_default();
        for version in symbols.split("GLIBC_").skip(1) {
            let v = version_numbers(
                version
                    .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .next()
                    .unwrap_or(""),
            );
            needed = needed.max(v);
        }
    }
    if needed > declared {
        return Err(Fail(format!(
            "the programs use glibc {needed:?} symbols, Depends says libc6 (>= {declared:?})"
        )));
    }
    Ok(())
}

/// The version in `libc6 (>= X)` of a Depends field.
fn libc_minimum(depends: &str) -> Option<Vec<u32>> {
    depends.split(',').map(str::trim).find_map(|d| {
        let rest = d.strip_prefix("libc6")?.trim().strip_prefix("(>=")?;
        Some(version_numbers(rest.trim_end_matches(')').trim()))
    })
}

fn version_numbers(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

fn check_version(cli: &Path, version: &str) -> Result<(), Fail> {
    let out = Cmd::new(cli)
        .arg("--version")
        .read()
        .ok_or_else(|| Fail(format!("{} --version failed", cli.display())))?;
    let expected = format!("fieldscreen {version}");
    if out.trim() != expected {
        return Err(Fail(format!(
            "{} --version printed {:?}, expected {expected:?}",
            cli.display(),
            out.trim()
        )));
    }
    let packaged = Cmd::new("dpkg-query")
        .args(["-W", "-f=${Version}", PACKAGE])
        .read()
        .unwrap_or_default();
    if packaged != version {
        return Err(Fail(format!(
            "the package's version is {packaged:?}, the workspace's {version:?}"
        )));
    }
    println!(
        "xtask: installed {} --version: {}",
        cli.display(),
        out.trim()
    );
    Ok(())
}

/// What the maintainer scripts set up: the relay's system user, the
/// configuration copied to /etc, the operator token readable by the
/// relay's group only.
fn check_relay_setup() -> Result<(), Fail> {
    let user = Cmd::new("getent")
        .args(["passwd", "fieldscreen-relay"])
        .read()
        .ok_or_else(|| Fail("the package created no fieldscreen-relay user".into()))?;
    let shell = user.trim().rsplit(':').next().unwrap_or_default();
    if !shell.ends_with("nologin") {
        return Err(Fail(format!("the relay's user has a login shell: {user}")));
    }
    let conf = std::fs::read("/etc/fieldscreen/relay.conf");
    let pristine = std::fs::read("/usr/share/fieldscreen/relay.conf");
    match (conf, pristine) {
        (Ok(a), Ok(b)) if a == b => {}
        _ => {
            return Err(Fail(
                "/etc/fieldscreen/relay.conf is missing or differs from /usr/share/fieldscreen/relay.conf after a fresh installation".into(),
            ));
        }
    }
    let token = Cmd::new("stat")
        .args(["-c", "%a %U %G", "/etc/fieldscreen/relay-operator-token"])
        .read()
        .unwrap_or_default();
    if token.trim() != "640 root fieldscreen-relay" {
        return Err(Fail(format!(
            "/etc/fieldscreen/relay-operator-token: mode and owners {:?}, expected \"640 root fieldscreen-relay\"",
            token.trim()
        )));
    }
    Ok(())
}

/// `systemd-analyze verify` (any complaint fails the test) and the unit's
/// exposure score (printed), where systemd's tools are installed.
fn systemd_checks(unit: &Path) -> Result<(), Fail> {
    if Cmd::new("systemd-analyze")
        .arg("--version")
        .read()
        .is_none()
    {
        println!("xtask: systemd-analyze not installed: the unit was not verified");
        return Ok(());
    }
    let out = Command::new("systemd-analyze")
        .args(["verify"])
        .arg(unit)
        .output()
        .map_err(|e| Fail(format!("systemd-analyze verify could not run: {e}")))?;
    if !out.status.success() || !out.stderr.is_empty() {
        return Err(Fail(format!(
            "systemd-analyze verify {}: {}\n{}{}",
            unit.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    println!("xtask: systemd-analyze verify: no complaint");
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(unit)
        .output();
    if let Ok(out) = security {
        let text = String::from_utf8_lossy(&out.stdout);
        match text.lines().find(|l| l.contains("Overall exposure level")) {
            Some(line) => println!(
                "xtask: systemd-analyze security: {}",
                line.trim_start_matches(['→', ' '])
            ),
            None => println!(
                "xtask: systemd-analyze security gave no score: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The relay from its unit

/// The `[Service]` keys of a unit file (the last value of each key; keys
/// that repeat, like `SystemCallFilter=`, are not needed here).
fn service_section(unit: &str) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    let mut in_service = false;
    for line in unit.lines().map(str::trim) {
        if line.starts_with('[') {
            in_service = line == "[Service]";
        } else if in_service
            && !line.starts_with(['#', ';'])
            && let Some((k, v)) = line.split_once('=')
        {
            keys.insert(k.trim().to_owned(), v.trim().to_owned());
        }
    }
    keys
}

/// systemd's `EnvironmentFile=` format: `NAME=value` lines, `#` and `;`
/// comments, optional quotes around the value.
fn environment_file(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with(['#', ';']))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| v.strip_prefix(*q).and_then(|s| s.strip_suffix(*q)))
                .unwrap_or(v);
            (k.trim().to_owned(), unquoted.to_owned())
        })
        .collect()
}

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the unit's `ExecStart` as its `User=`/`Group=` (no capabilities,
/// no new privileges, as the unit says) with the environment of its
/// `EnvironmentFile=`, the database moved from the unit's state directory
/// to a temporary one and the port to a free one; then syncs one record
/// from one vault to another through it with the installed CLI.
fn relay_sync(unit_path: &Path, cli: &Path, scratch: &Path) -> Result<(), Fail> {
    let unit = std::fs::read_to_string(unit_path)
        .map_err(|e| Fail(format!("cannot read {}: {e}", unit_path.display())))?;
    let service = service_section(&unit);
    let key = |k: &str| {
        service
            .get(k)
            .cloned()
            .ok_or_else(|| Fail(format!("{} has no {k}=", unit_path.display())))
    };
    let user = key("User")?;
    let group = key("Group")?;
    let exec: Vec<String> = key("ExecStart")?
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let state_name = key("StateDirectory")?;
    let env_file = key("EnvironmentFile")?;
    let env_file = env_file.trim_start_matches('-');
    let config = std::fs::read_to_string(env_file)
        .map_err(|e| Fail(format!("cannot read {env_file}: {e}")))?;
    let mut vars = environment_file(&config);

    // The unit's state directory, replaced by a temporary one owned by the
    // unit's user (what systemd's StateDirectory= makes).
    let unit_state = format!("/var/lib/{state_name}");
    let state = scratch.join("state");
    std::fs::create_dir_all(&state)
        .map_err(|e| Fail(format!("cannot create {}: {e}", state.display())))?;
    Cmd::new("chown")
        .arg(format!("{user}:{group}"))
        .arg(&state)
        .run()?;
    Cmd::new("chmod").arg("0700").arg(&state).run()?;
    let state_str = state.to_string_lossy().into_owned();
    for (k, v) in &mut vars {
        if k == "FIELDSCREEN_RELAY_DB" {
            let Some(rest) = v.strip_prefix(&format!("sqlite:{unit_state}/")) else {
                return Err(Fail(format!(
                    "{env_file}: FIELDSCREEN_RELAY_DB={v} is not a SQLite file in the unit's state directory {unit_state}"
                )));
            };
            *v = format!("sqlite:{state_str}/{rest}");
        }
        if k == "FIELDSCREEN_RELAY_LISTEN" {
            let host = v.rsplit_once(':').map(|(h, _)| h).unwrap_or("127.0.0.1");
            *v = format!("{host}:0");
        }
    }
    let token_file = vars
        .iter()
        .find(|(k, _)| k == "FIELDSCREEN_RELAY_OPERATOR_TOKEN_FILE")
        .map(|(_, v)| v.clone())
        .ok_or_else(|| Fail(format!("{env_file} names no operator token file")))?;
    let workdir = match service.get("WorkingDirectory") {
        Some(w) if *w == unit_state => state.clone(),
        Some(w) => PathBuf::from(w),
        None => PathBuf::from("/"),
    };

    let (program, args) = exec
        .split_first()
        .ok_or_else(|| Fail("ExecStart= is empty".into()))?;
    let mut cmd = Command::new("setpriv");
    cmd.args([
        &format!("--reuid={user}"),
        &format!("--regid={group}"),
        "--init-groups",
        "--no-new-privs",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--",
    ])
    .arg(program)
    .args(args)
    .env_clear()
    .env(
        "PATH",
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    )
    .env("HOME", &state)
    .env("USER", &user)
    .env("LOGNAME", &user)
    .env("STATE_DIRECTORY", &state)
    .envs(vars.iter().map(|(k, v)| (k, v)))
    .current_dir(&workdir)
    .stdout(Stdio::piped())
    .stderr(Stdio::inherit());
    println!(
        "xtask: starting the relay as {user}: {} (with {env_file}, database and port moved)",
        exec.join(" ")
    );
    let mut child = cmd
        .spawn()
        .map_err(|e| Fail(format!("could not start setpriv: {e}")))?;
    let stdout = child.stdout.take();
    // setpriv execs the relay: this is the relay's pid, for a killed run's
    // clean-up.
    let _ = std::fs::OpenOptions::new()
        .append(true)
        .open(MARKER)
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, format!("relay {}\n", child.id()).as_bytes())
        });
    let relay = Killed(child);
    let first = first_line_then_drain(stdout)?;
    let address = first
        .split_whitespace()
        .last()
        .map(|a| a.trim_end_matches('.').to_owned())
        .filter(|a| a.contains(':'))
        .ok_or_else(|| Fail(format!("the relay did not start (it said {first:?})")))?;
    let base = format!("http://{address}");
    println!("xtask: relay at {base}");

    let fs = |args: &[&str]| -> Result<String, Fail> {
        let out = Command::new(cli)
            .args(args)
            .env("FIELDSCREEN_PASSPHRASE", PASS)
            .env("FIELDSCREEN_LANG", "en")
            .output()
            .map_err(|e| Fail(format!("could not run {}: {e}", cli.display())))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(Fail(format!(
                "fieldscreen {}: {}\n{}{}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )))
        }
    };
    let a = scratch.join("vault-a").to_string_lossy().into_owned();
    let b = scratch.join("vault-b").to_string_lossy().into_owned();
    let form = root()
        .join("crates/forms/tests/corpus/native/screening")
        .to_string_lossy()
        .into_owned();
    fs(&["vault", "init", "--vault", &a])?;
    fs(&["vault", "init", "--vault", &b])?;
    // The relay read the installed operator token as its own user.
    fs(&[
        "team",
        "create",
        "--vault",
        &a,
        "--relay",
        &base,
        "--name",
        "Package test",
        "--operator-token-file",
        &token_file,
    ])?;
    let invite = fs(&["team", "invite", "--vault", &a])?;
    let code = invite
        .lines()
        .last()
        .map(str::trim)
        .ok_or_else(|| Fail("team invite printed no code".into()))?
        .to_owned();
    let mut join = Command::new(cli)
        .args(["team", "join", "--vault", &b, &code, "--timeout", "60"])
        .env("FIELDSCREEN_PASSPHRASE", PASS)
        .env("FIELDSCREEN_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Fail(format!("could not run team join: {e}")))?;
    let stdout = join.stdout.take();
    let join = Killed(join);
    let shown = first_line_then_drain(stdout)?;
    let fingerprint = fingerprint_in(&shown)
        .ok_or_else(|| Fail(format!("no fingerprint in team join's {shown:?}")))?;
    admit_until_joined(join, &fs, &a, &fingerprint)?;

    let id = fs(&["interview", "new", "--vault", &a, "--form", &form])?
        .trim()
        .to_owned();
    fs(&["interview", "answer", "--vault", &a, &id, "consent", "OK"])?;
    // B opens the same questionnaire once (its copy in B's vault).
    fs(&["interview", "new", "--vault", &b, "--form", &form])?;
    fs(&["sync", "--vault", &a])?;
    fs(&["sync", "--vault", &b])?;
    let shown = fs(&["interview", "show", "--vault", &b, &id, "--json"])?;
    let compact: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.contains(r#""consent":{"value":"OK""#) {
        return Err(Fail(format!(
            "the record did not arrive through the relay: vault B shows {shown}"
        )));
    }
    println!("xtask: one record went from vault A to vault B through the installed relay");
    drop(relay);
    Ok(())
}

/// A child's first line of output; the rest is read (and dropped) by a
/// thread, so the child never writes into a closed pipe.
fn first_line_then_drain(out: Option<std::process::ChildStdout>) -> Result<String, Fail> {
    let out = out.ok_or_else(|| Fail("no output pipe".into()))?;
    let mut reader = BufReader::new(out);
    let mut first = String::new();
    reader
        .read_line(&mut first)
        .map_err(|e| Fail(format!("could not read a program's output: {e}")))?;
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    Ok(first)
}

/// Admits the device showing `fingerprint` until its `team join` process
/// ends (admitted), at most a minute.
fn admit_until_joined(
    mut join: Killed,
    fs: &dyn Fn(&[&str]) -> Result<String, Fail>,
    admin: &str,
    fingerprint: &str,
) -> Result<(), Fail> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        fs(&[
            "team",
            "admit",
            "--vault",
            admin,
            "--yes-fingerprint",
            fingerprint,
        ])?;
        for _ in 0..10 {
            if let Ok(Some(status)) = join.0.try_wait() {
                return if status.success() {
                    Ok(())
                } else {
                    Err(Fail(format!("team join ended with {status}")))
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Err(Fail(
        "the second vault was not admitted within a minute".into(),
    ))
}

/// The `dddd dddd dddd` fingerprint in a line.
fn fingerprint_in(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len().saturating_sub(13)).find_map(|i| {
        let w: String = chars[i..i + 14].iter().collect();
        w.chars()
            .enumerate()
            .all(|(j, c)| {
                if j == 4 || j == 9 {
                    c == ' '
                } else {
                    c.is_ascii_digit()
                }
            })
            .then_some(w)
    })
}

// ---------------------------------------------------------------------------
// The desktop entry

/// The `Exec` line of a desktop entry, field codes (`%U`, …) removed.
fn desktop_exec(entry: &str) -> Option<Vec<String>> {
    let mut in_entry = false;
    for line in entry.lines().map(str::trim) {
        if line.starts_with('[') {
            in_entry = line == "[Desktop Entry]";
        } else if in_entry && let Some(exec) = line.strip_prefix("Exec=") {
            return Some(
                exec.split_whitespace()
                    .filter(|w| !(w.len() == 2 && w.starts_with('%')))
                    .map(|w| w.trim_matches('"').to_owned())
                    .collect(),
            );
        }
    }
    None
}

fn desktop_key<'a>(entry: &'a str, key: &str) -> Option<&'a str> {
    entry
        .lines()
        .find_map(|l| l.trim().strip_prefix(key)?.strip_prefix('='))
}

/// Starts the installed app as its desktop entry says, on a private Xvfb
/// display, waits for its first frame and saves a screenshot.
fn desktop_entry_starts_the_app(files: &[PathBuf], scratch: &Path) -> Result<(), Fail> {
    let desktop = files
        .iter()
        .find(|f| {
            f.starts_with("/usr/share/applications")
                && f.extension().is_some_and(|e| e == "desktop")
        })
        .ok_or_else(|| Fail("the package has no desktop entry".into()))?;
    let entry = std::fs::read_to_string(desktop)
        .map_err(|e| Fail(format!("cannot read {}: {e}", desktop.display())))?;
    if Cmd::new("desktop-file-validate")
        .arg("--version")
        .read()
        .is_some()
    {
        Cmd::new("desktop-file-validate").arg(desktop).run()?;
    }
    let icon = desktop_key(&entry, "Icon")
        .ok_or_else(|| Fail(format!("{} has no Icon=", desktop.display())))?;
    let sizes: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            f.starts_with("/usr/share/icons/hicolor")
                && f.file_name()
                    .is_some_and(|n| n.to_string_lossy() == format!("{icon}.png"))
        })
        .collect();
    for size in ["32x32", "64x64", "128x128", "256x256", "512x512"] {
        if !sizes
            .iter()
            .any(|f| f.starts_with(format!("/usr/share/icons/hicolor/{size}/apps")))
        {
            return Err(Fail(format!("no {size} icon named {icon} in the package")));
        }
    }
    let exec =
        desktop_exec(&entry).ok_or_else(|| Fail(format!("{} has no Exec=", desktop.display())))?;
    let (program, args) = exec
        .split_first()
        .ok_or_else(|| Fail("Exec= is empty".into()))?;
    let resolved = if program.starts_with('/') {
        PathBuf::from(program)
    } else {
        let found = Cmd::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .read()
            .ok_or_else(|| {
                Fail(format!(
                    "{program} (Exec= of {}) is not on the PATH",
                    desktop.display()
                ))
            })?;
        PathBuf::from(found.trim())
    };
    if !files.contains(&resolved) {
        return Err(Fail(format!(
            "Exec= of {} starts {}, which is not the package's",
            desktop.display(),
            resolved.display()
        )));
    }
    println!("xtask: starting {} ({})", exec.join(" "), desktop.display());
    let xvfb = Xvfb::start(1280, 800)?;
    let data = scratch.join("app-data");
    let mut app = RunningApp::spawn_with_args(&resolved, args, Some(&xvfb.display), Some(&data))?;
    let paint = app.wait_first_paint(Duration::from_secs(90))?;
    std::thread::sleep(Duration::from_millis(1500));
    let shot = artifacts().join("package").join("installed-app.png");
    if let Some(dir) = shot.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
    }
    Cmd::new("import")
        .args(["-display", &xvfb.display, "-window", "root"])
        .arg(&shot)
        .run()?;
    println!(
        "xtask: the installed app drew its window in {} ms; screenshot {}",
        paint.as_millis(),
        shot.display()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Installation guard

/// The installed test package: purged when dropped (a failed step), with
/// the system user it created and the test's scratch folder.
struct Installation {
    scratch: PathBuf,
    user_existed: bool,
    purged: bool,
}

const RELAY_USER: &str = "fieldscreen-relay";

/// Present while the test's package may be installed (see
/// [`Installation::clean_up_a_killed_run`]).
const MARKER: &str = "/var/tmp/fieldscreen-package-test.installed";

impl Installation {
    fn new() -> Result<Self, Fail> {
        let scratch =
            std::env::temp_dir().join(format!("fieldscreen-package-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch)
            .map_err(|e| Fail(format!("cannot create {}: {e}", scratch.display())))?;
        // The relay's user must reach its state directory inside.
        Cmd::new("chmod").arg("0755").arg(&scratch).run()?;
        let user_existed = user_exists();
        // A run killed before its guard dropped leaves this marker; the
        // next run finds it and undoes what that run did.
        write(
            Path::new(MARKER),
            if user_existed {
                "user existed\n"
            } else {
                "user created\n"
            },
        )?;
        Ok(Installation {
            scratch,
            user_existed,
            purged: false,
        })
    }

    /// A package and user left by a killed run of this test (its marker
    /// says so): purged and removed, as the guard would have done.
    fn clean_up_a_killed_run() {
        let Ok(marker) = std::fs::read_to_string(MARKER) else {
            return;
        };
        println!("xtask: undoing what a killed run of the package test left ({MARKER})");
        for pid in marker.lines().filter_map(|l| l.strip_prefix("relay ")) {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains("relay\0serve") {
                let _ = Command::new("kill").args(["-KILL", pid]).status();
            }
        }
        drop(Installation {
            scratch: std::env::temp_dir().join("fieldscreen-package-killed-run"),
            user_existed: marker.lines().next() == Some("user existed"),
            purged: false,
        });
    }

    fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// Purges the package and checks what is left: none of its files, no
    /// directory of its own, not its configuration in /etc; its system
    /// user stays by design (removed here when the test created it).
    fn purge_and_check(mut self, files: &[PathBuf]) -> Result<(), Fail> {
        // The vaults the installed CLI wrote: the user's data.
        let data = [self.scratch.join("vault-a"), self.scratch.join("vault-b")];
        apt_get(&["purge", "-y", "-qq", PACKAGE], &[])?;
        self.purged = true;
        let mut left = left_after_purge(files, &|dir: &Path| {
            Cmd::new("dpkg-query").arg("-S").arg(dir).read().is_some()
        });
        for extra in [
            "/etc/fieldscreen",
            "/etc/systemd/system/multi-user.target.wants/fieldscreen-relay.service",
        ] {
            if Path::new(extra).exists() {
                left.push(extra.to_owned());
            }
        }
        if installed(PACKAGE) {
            left.push(format!("the package itself (dpkg still lists {PACKAGE})"));
        }
        if !left.is_empty() {
            return Err(Fail(format!(
                "after apt-get purge these are left:\n  {}",
                left.join("\n  ")
            )));
        }
        if let Some(lost) = data.iter().find(|d| !d.is_dir()) {
            return Err(Fail(format!(
                "the user's data ({}) did not survive the purge",
                lost.display()
            )));
        }
        println!(
            "xtask: purged: none of the package's {} paths is left; the user's data stays (the vaults in {}), and the {RELAY_USER} system user stays by design{}",
            files.len(),
            self.scratch.display(),
            if self.user_existed {
                ""
            } else {
                " (removed now: this test created it)"
            }
        );
        Ok(())
    }
}

/// The package's paths still on disk after a purge, but directories that
/// other packages own (`/usr/bin`, `/usr/lib/sysusers.d`).
fn left_after_purge(files: &[PathBuf], owned_by_others: &dyn Fn(&Path) -> bool) -> Vec<String> {
    files
        .iter()
        .filter(|path| match std::fs::symlink_metadata(path) {
            Ok(meta) => !(meta.is_dir() && owned_by_others(path)),
            Err(_) => false,
        })
        .map(|p| p.display().to_string())
        .collect()
}

fn user_exists() -> bool {
    Cmd::new("getent")
        .args(["passwd", RELAY_USER])
        .read()
        .is_some()
}

impl Drop for Installation {
    fn drop(&mut self) {
        if !self.purged && installed(PACKAGE) {
            eprintln!("xtask: purging the test package (a step failed, or a killed run left it)");
            let _ = Command::new("apt-get")
                .env("DEBIAN_FRONTEND", "noninteractive")
                .args(["purge", "-y", "-qq", PACKAGE])
                .stdout(Stdio::null())
                .status();
        }
        if !self.user_existed && user_exists() {
            let _ = Command::new("userdel").arg(RELAY_USER).status();
        }
        if !self.user_existed
            && Cmd::new("getent")
                .args(["group", RELAY_USER])
                .read()
                .is_some()
        {
            let _ = Command::new("groupdel").arg(RELAY_USER).status();
        }
        let _ = std::fs::remove_dir_all(&self.scratch);
        let _ = std::fs::remove_file(MARKER);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_version_is_read_from_its_section_only() {
        let manifest = "[package]\nversion = \"9.9.9\"\n[workspace.package]\nedition = \"2024\"\nversion = \"0.3.1\"\n[workspace.lints.rust]\n";
        assert_eq!(version_in(manifest).as_deref(), Some("0.3.1"));
        assert_eq!(version_in("[package]\nversion = \"1.0.0\"\n"), None);
        assert!(workspace_version().is_ok_and(|v| v.split('.').count() == 3));
    }

    #[test]
    fn unit_and_environment_files_are_read_as_systemd_reads_them() {
        let unit = "[Unit]\nDescription=x\n[Service]\n# ExecStart=/bin/false\nUser=relay\nExecStart=/usr/bin/fieldscreen relay serve\n[Install]\nUser=no\n";
        let s = service_section(unit);
        assert_eq!(s.get("User").map(String::as_str), Some("relay"));
        assert_eq!(
            s.get("ExecStart").map(String::as_str),
            Some("/usr/bin/fieldscreen relay serve")
        );
        let env = environment_file("# comment\n; also\n\nA=1\nB = \"two words\"\n#C=3\nD='x'\n");
        assert_eq!(
            env,
            vec![
                ("A".into(), "1".into()),
                ("B".into(), "two words".into()),
                ("D".into(), "x".into())
            ]
        );
    }

    #[test]
    fn the_packaged_unit_and_config_agree() {
        let unit =
            std::fs::read_to_string(root().join("packaging/systemd/fieldscreen-relay.service"))
                .expect("unit");
        let s = service_section(&unit);
        let conf = std::fs::read_to_string(root().join("packaging/relay.conf")).expect("conf");
        let env = environment_file(&conf);
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(
            s.get("EnvironmentFile").map(String::as_str),
            Some("/etc/fieldscreen/relay.conf")
        );
        let state = format!(
            "/var/lib/{}",
            s.get("StateDirectory").expect("StateDirectory=")
        );
        assert!(
            get("FIELDSCREEN_RELAY_DB").is_some_and(|d| d.starts_with(&format!("sqlite:{state}/")))
        );
        assert!(get("FIELDSCREEN_RELAY_LISTEN").is_some_and(|l| l.starts_with("127.0.0.1:")));
        assert_eq!(s.get("User"), s.get("Group"));
        for hardening in [
            "NoNewPrivileges",
            "ProtectSystem",
            "ProtectHome",
            "PrivateTmp",
            "PrivateDevices",
            "RestrictAddressFamilies",
        ] {
            assert!(s.contains_key(hardening), "{hardening}= missing");
        }
        assert_eq!(s.get("CapabilityBoundingSet").map(String::as_str), Some(""));
        assert_eq!(s.get("ProtectSystem").map(String::as_str), Some("strict"));
    }

    #[test]
    fn desktop_exec_drops_field_codes() {
        let entry =
            "[Desktop Entry]\nName=X\nExec=fieldscreen-app %U\n[Desktop Action new]\nExec=other\n";
        assert_eq!(
            desktop_exec(entry),
            Some(vec!["fieldscreen-app".to_owned()])
        );
        assert_eq!(desktop_exec("[Other]\nExec=x\n"), None);
        assert_eq!(desktop_key(entry, "Name"), Some("X"));
    }

    #[test]
    fn depends_fields_list_every_alternative_without_versions() {
        assert_eq!(
            depends_names("libc6 (>= 2.34), libgtk-3-0 | libgtk-4-1, libfoo:amd64, "),
            vec!["libc6", "libgtk-3-0", "libgtk-4-1", "libfoo"]
        );
    }

    #[test]
    fn the_libc_minimum_is_read_and_compared_as_numbers() {
        assert_eq!(
            libc_minimum("libc6 (>= 2.34), libwebkit2gtk-4.1-0"),
            Some(vec![2, 34])
        );
        assert_eq!(libc_minimum("libwebkit2gtk-4.1-0, libc6"), None);
        assert!(version_numbers("2.9") < version_numbers("2.34"));
    }

    #[test]
    fn dependencies_must_bring_every_linked_library_and_nothing_more() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let needed: BTreeMap<String, BTreeSet<String>> = [
            ("libc.so.6".to_owned(), set(&["libc6"])),
            ("libgtk-3.so.0".to_owned(), set(&["libgtk-3-0"])),
            ("libglib-2.0.so.0".to_owned(), set(&["libglib2.0-0"])),
        ]
        .into();
        let declared = vec!["libc6".to_owned(), "libgtk-3-0".to_owned()];
        let closure = set(&["libc6", "libgtk-3-0", "libglib2.0-0"]);
        assert!(depends_problems(&needed, &declared, &closure).is_empty());
        // glib no longer brought by what is declared
        let short = set(&["libc6", "libgtk-3-0"]);
        let problems = depends_problems(&needed, &declared, &short);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("libglib-2.0.so.0"), "{problems:?}");
        // a dependency the programs do not use
        let mut more = declared.clone();
        more.push("libappindicator3-1".to_owned());
        let problems = depends_problems(&needed, &more, &closure);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("libappindicator3-1"), "{problems:?}");
        // a library no package provides
        let mut orphan = needed.clone();
        orphan.insert("libmystery.so.1".to_owned(), BTreeSet::new());
        assert_eq!(depends_problems(&orphan, &declared, &closure).len(), 1);
    }

    #[test]
    fn a_purge_leaves_only_directories_others_own() {
        let dir = tempfile_dir("purge");
        let shared = dir.join("shared");
        let own = dir.join("own");
        let file = shared.join("left.txt");
        std::fs::create_dir_all(&shared).expect("mkdir");
        std::fs::create_dir_all(&own).expect("mkdir");
        std::fs::write(&file, "x").expect("write");
        let gone = dir.join("gone.txt");
        let files = vec![shared.clone(), own.clone(), file.clone(), gone];
        let others = |p: &Path| p == shared.as_path();
        let left = left_after_purge(&files, &others);
        assert_eq!(
            left,
            vec![own.display().to_string(), file.display().to_string()]
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
        assert!(left_after_purge(&files, &others).is_empty());
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "xtask-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn fingerprints_are_found_in_a_sentence() {
        assert_eq!(
            fingerprint_in("This device's fingerprint: 1234 5678 9012. Waiting").as_deref(),
            Some("1234 5678 9012")
        );
        assert_eq!(fingerprint_in("no 1234 567 digits"), None);
    }

    #[test]
    fn overlay_paths_are_json_strings() {
        assert_eq!(json_string(r#"/a "b"\c"#), r#""/a \"b\"\\c""#);
    }
}
