//! The installed app started from its desktop entry under Xvfb.

use super::*;

/// The `Exec` line of a desktop entry, field codes (`%U`, …) removed.
pub(super) fn desktop_exec(entry: &str) -> Option<Vec<String>> {
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

pub(super) fn desktop_key<'a>(entry: &'a str, key: &str) -> Option<&'a str> {
    entry
        .lines()
        .find_map(|l| l.trim().strip_prefix(key)?.strip_prefix('='))
}

/// Starts the installed app as its desktop entry says, on a private Xvfb
/// display, waits for its first frame and saves a screenshot.
pub(super) fn desktop_entry_starts_the_app(files: &[PathBuf], scratch: &Path) -> Result<(), Fail> {
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
