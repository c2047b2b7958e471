//! Checks of the built and installed package: lintian, dpkg, dependencies
//! against linked libraries and glibc symbols, the version, the relay's setup
//! and systemd's verdict on its unit.

use super::*;

pub(super) fn lintian_available() -> bool {
    Cmd::new("lintian").arg("--version").read().is_some()
}

/// lintian with its warnings shown; fails on any error. `allowed` tags are
/// suppressed (and said so).
pub(super) fn lintian(deb: &Path, allowed: &[&str]) -> Result<(), Fail> {
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

pub(super) fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .read()
        .is_some_and(|s| s.trim() == "0")
}

/// Whether dpkg knows the package in any state but not-installed
/// (installed, half-installed, config-files, …).
pub(super) fn installed(package: &str) -> bool {
    Cmd::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", package])
        .read()
        .is_some_and(|s| !s.trim().is_empty() && s.trim() != "not-installed")
}

pub(super) fn apt_get(args: &[&str], more: &[&std::ffi::OsStr]) -> Result<(), Fail> {
    Cmd::new("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(args)
        .args(more)
        .run()
}

/// `dpkg -L`: every path the installed package owns.
pub(super) fn package_files() -> Result<Vec<PathBuf>, Fail> {
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
pub(super) fn installed_program(files: &[PathBuf], path: &str) -> Result<PathBuf, Fail> {
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
pub(super) fn depends_names(field: &str) -> Vec<String> {
    field
        .split([',', '|'])
        .filter_map(|d| d.split_whitespace().next())
        .map(|n| n.split(':').next().unwrap_or(n).to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

pub(super) fn declared_depends(package: &str) -> Vec<String> {
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
pub(super) fn check_depends(files: &[PathBuf]) -> Result<(), Fail> {
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
pub(super) fn depends_problems(
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
pub(super) fn check_libc_version(files: &[PathBuf]) -> Result<(), Fail> {
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
pub(super) fn libc_minimum(depends: &str) -> Option<Vec<u32>> {
    depends.split(',').map(str::trim).find_map(|d| {
        let rest = d.strip_prefix("libc6")?.trim().strip_prefix("(>=")?;
        Some(version_numbers(rest.trim_end_matches(')').trim()))
    })
}

pub(super) fn version_numbers(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

pub(super) fn check_version(cli: &Path, version: &str) -> Result<(), Fail> {
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
pub(super) fn check_relay_setup() -> Result<(), Fail> {
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
pub(super) fn systemd_checks(unit: &Path) -> Result<(), Fail> {
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
