//! Installs what the build and the tests need, and nothing else: Debian
//! packages (apt-get as root, else sudo, else the exact command to run), the
//! UI's npm packages, tauri-driver, cargo-machete, and the Python venv with
//! pyxform.

use std::path::PathBuf;

use crate::root;
use crate::sh::{Cmd, Fail};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Run,
    Test,
}

/// Build the app and run it (headless runs need Xvfb and ImageMagick's `import`).
const RUN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libsoup-3.0-dev",
    "libjavascriptcoregtk-4.1-dev",
    "librsvg2-dev",
    "xvfb",
    "xauth",
    "imagemagick",
];

/// Added for the tests. No Noto fonts on purpose: the app must bring its own.
/// icu-devtools: `uconv`, ICU's Zawgyi transforms, the reference for the converter.
/// postgresql: the relay's second engine (`postgres.rs` runs a throw-away server).
/// lintian: checks the `.deb` (`package.rs`).
/// libxml2-utils and php-symfony-translation: `xmllint` and the OASIS XLIFF 1.2
/// strict schema (`xliff-core-1.2-strict.xsd` with the `xml.xsd` it imports, under
/// /usr/share/php/Symfony/Component/Translation/Resources/schemas; only the schema
/// files are used, no PHP runs) to validate `cargo xtask l10n export` (`l10n.rs`).
const TEST_PACKAGES: &[&str] = &[
    "webkit2gtk-driver",
    "python3-venv",
    "icu-devtools",
    "postgresql",
    "lintian",
    "libxml2-utils",
    "php-symfony-translation",
    // the standard `age` tool opens an encrypted export (issue 17's test)
    "age",
    // pdftotext and pdftoppm read the printable case summary back (issue 17)
    "poppler-utils",
];

/// The oldest Node.js that Vite 8 runs on.
const MIN_NODE: (u32, u32) = (20, 19);

/// pyxform, the reference XLSForm implementation, for differential tests.
const PYXFORM: &str = "pyxform==4.5.0";

/// tauri-driver 2.x speaks WebDriver to the real app window.
const TAURI_DRIVER: &str = "~2.1";

/// cargo-machete finds dependencies a crate declares and does not use (the
/// lint suite runs it). No prebuilt binary: built once per checkout
/// (measured: 1 min 59 s of CPU, 5 min 34 s on this 2-core machine while
/// another build ran).
const CARGO_MACHETE: &str = "~0.9";

/// Tools built or installed for this checkout (kept out of the repo).
pub fn tools_dir() -> PathBuf {
    root().join("target").join("tools")
}

pub fn setup(purpose: Purpose) -> Result<(), Fail> {
    let mut packages: Vec<&str> = RUN_PACKAGES.to_vec();
    if purpose == Purpose::Test {
        packages.extend(TEST_PACKAGES);
    }
    debian_packages(&packages)?;
    node()?;
    npm_ci()?;
    if purpose == Purpose::Test {
        tauri_driver()?;
        cargo_machete()?;
        pyxform_venv()?;
    }
    Ok(())
}

fn debian_packages(wanted: &[&str]) -> Result<(), Fail> {
    if Cmd::new("dpkg-query").arg("--version").read().is_none() {
        println!(
            "xtask: not a Debian-like system; make sure these (or your system's equivalents) are installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|p| {
            Cmd::new("dpkg-query")
                .args(["-W", "-f=${db:Status-Abbrev}", p])
                .read()
                .is_none_or(|s| !s.starts_with("ii"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let install = format!(
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends {}",
        missing.join(" ")
    );
    let is_root = Cmd::new("id")
        .arg("-u")
        .read()
        .is_some_and(|s| s.trim() == "0");
    let prefix = if is_root {
        vec![]
    } else if Cmd::new("sudo").args(["-n", "true"]).read().is_some() {
        vec!["sudo"]
    } else {
        return Err(Fail(format!(
            "these Debian packages are missing: {}\nInstall them with:\n  sudo sh -c '{install}'\nthen run this command again.",
            missing.join(" ")
        )));
    };
    println!("xtask: installing Debian packages: {}", missing.join(" "));
    let apt = |args: &[&str]| {
        let mut cmd = match prefix.first() {
            Some(sudo) => Cmd::new(sudo).arg("apt-get"),
            None => Cmd::new("apt-get"),
        };
        cmd = cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        cmd.run()
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(&missing);
    apt(&args)
}

fn node() -> Result<(), Fail> {
    let version = Cmd::new("node").arg("--version").read().ok_or_else(|| {
        Fail(format!(
            "Node.js {}.{} or newer is needed to build the UI, and `node` was not found. Install Node.js (with npm) and run this command again.",
            MIN_NODE.0, MIN_NODE.1
        ))
    })?;
    let mut parts = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if found < MIN_NODE {
        return Err(Fail(format!(
            "Node.js {}.{} or newer is needed to build the UI; found {}.",
            MIN_NODE.0,
            MIN_NODE.1,
            version.trim()
        )));
    }
    Ok(())
}

fn npm_ci() -> Result<(), Fail> {
    let ui = root().join("ui");
    let lock = ui.join("package-lock.json");
    let installed = ui.join("node_modules/.package-lock.json");
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((modified(&installed), modified(&lock)), (Some(i), Some(l)) if i >= l);
    if fresh {
        return Ok(());
    }
    Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .dir(&ui)
        .run()
}

pub(crate) fn tauri_driver() -> Result<(), Fail> {
    let tools = tools_dir();
    if tools.join("bin/tauri-driver").exists() {
        return Ok(());
    }
    println!("xtask: building tauri-driver (once per checkout)");
    Cmd::new("cargo")
        .args([
            "install",
            "--quiet",
            "--locked",
            "tauri-driver",
            "--version",
            TAURI_DRIVER,
            "--root",
        ])
        .arg(&tools)
        .run()
}

fn cargo_machete() -> Result<(), Fail> {
    let tools = tools_dir();
    if tools.join("bin/cargo-machete").exists() {
        return Ok(());
    }
    println!("xtask: building cargo-machete (once per checkout)");
    Cmd::new("cargo")
        .args([
            "install",
            "--quiet",
            "--locked",
            "cargo-machete",
            "--version",
            CARGO_MACHETE,
            "--root",
        ])
        .arg(&tools)
        .run()
}

fn pyxform_venv() -> Result<(), Fail> {
    let venv = tools_dir().join("venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        Cmd::new("python3").args(["-m", "venv"]).arg(&venv).run()?;
    }
    let has = Cmd::new(&python)
        .args(["-c", "import pyxform"])
        .read()
        .is_some();
    if has {
        return Ok(());
    }
    Cmd::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            PYXFORM,
        ])
        .run()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::process::Command;

    /// The lint suite's unused-dependency check can fail: a crate that
    /// declares a dependency it never uses is reported, and passes once it
    /// uses it.
    #[test]
    fn cargo_machete_reports_an_unused_dependency() {
        let machete = super::tools_dir().join("bin/cargo-machete");
        if !machete.exists() {
            assert!(
                std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "cargo-machete is missing and FIELDSCREEN_REQUIRE_TOOLS=1 (cargo xtask setup test installs it)"
            );
            println!("skipped: cargo-machete is not installed (cargo xtask setup test)");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"probe\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nhex = \"0.4\"\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        let lib = dir.path().join("src/lib.rs");
        std::fs::write(&lib, "pub fn id() -> u8 { 1 }\n").unwrap();
        let run = || {
            Command::new(&machete)
                .current_dir(dir.path())
                .output()
                .unwrap()
        };
        let out = run();
        assert!(!out.status.success(), "an unused dependency passed");
        assert!(String::from_utf8_lossy(&out.stdout).contains("hex"));
        std::fs::write(&lib, "pub fn id() -> String { hex::encode([1]) }\n").unwrap();
        let out = run();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
