//! The relay started from its installed unit, as its user, syncing one
//! record between two vaults with the installed CLI.

use super::*;

/// The `[Service]` keys of a unit file (the last value of each key; keys
/// that repeat, like `SystemCallFilter=`, are not needed here).
pub(super) fn service_section(unit: &str) -> BTreeMap<String, String> {
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
pub(super) fn environment_file(text: &str) -> Vec<(String, String)> {
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
pub(super) struct Killed(Child);

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
pub(super) fn relay_sync(unit_path: &Path, cli: &Path, scratch: &Path) -> Result<(), Fail> {
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
pub(super) fn first_line_then_drain(
    out: Option<std::process::ChildStdout>,
) -> Result<String, Fail> {
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
pub(super) fn admit_until_joined(
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
pub(super) fn fingerprint_in(line: &str) -> Option<String> {
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
