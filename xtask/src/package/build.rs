//! Building the packages with Tauri's bundler: the tools, the debug bundle of
//! the e2e suite's app, the configuration overlay and the Debian changelog.

use super::*;

pub(super) fn target_dir() -> PathBuf {
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

pub(super) fn version_in(manifest: &str) -> Option<String> {
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

pub(super) fn tauri_cli() -> Result<PathBuf, Fail> {
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
pub(super) fn debug_cli() -> Result<PathBuf, Fail> {
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
pub(super) fn bundle_debug(app: &Path, cli: &Path, version: &str) -> Result<PathBuf, Fail> {
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
pub(super) fn remove_staging(bundle: &Path, version: &str) {
    let _ = std::fs::remove_dir_all(bundle.join(format!("deb/{PACKAGE}_{version}_amd64")));
}

/// What only the build knows, merged into `tauri.conf.json`: the CLI
/// binary of this profile as `/usr/bin/fieldscreen`, and the Debian
/// changelog of this version. Written under the target dir; returns its path.
pub(super) fn overlay_config(cli: &Path, version: &str, profile: &str) -> Result<PathBuf, Fail> {
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

pub(super) fn json_string(s: &str) -> String {
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
pub(super) fn debian_changelog(version: &str) -> Result<String, Fail> {
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

pub(super) fn write(path: &Path, text: &str) -> Result<(), Fail> {
    std::fs::write(path, text).map_err(|e| Fail(format!("cannot write {}: {e}", path.display())))
}
