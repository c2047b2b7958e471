//! The installation guard: the test package purged (and the system user it
//! created removed) whatever step fails.

use super::*;

/// The installed test package: purged when dropped (a failed step), with
/// the system user it created and the test's scratch folder.
pub(super) struct Installation {
    scratch: PathBuf,
    user_existed: bool,
    purged: bool,
}

pub(super) const RELAY_USER: &str = "fieldscreen-relay";

/// Present while the test's package may be installed (see
/// [`Installation::clean_up_a_killed_run`]).
pub(super) const MARKER: &str = "/var/tmp/fieldscreen-package-test.installed";

impl Installation {
    pub(super) fn new() -> Result<Self, Fail> {
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
    pub(super) fn clean_up_a_killed_run() {
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

    pub(super) fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// Purges the package and checks what is left: none of its files, no
    /// directory of its own, not its configuration in /etc; its system
    /// user stays by design (removed here when the test created it).
    pub(super) fn purge_and_check(mut self, files: &[PathBuf]) -> Result<(), Fail> {
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
pub(super) fn left_after_purge(
    files: &[PathBuf],
    owned_by_others: &dyn Fn(&Path) -> bool,
) -> Vec<String> {
    files
        .iter()
        .filter(|path| match std::fs::symlink_metadata(path) {
            Ok(meta) => !(meta.is_dir() && owned_by_others(path)),
            Err(_) => false,
        })
        .map(|p| p.display().to_string())
        .collect()
}

pub(super) fn user_exists() -> bool {
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
