//! `fieldscreen team ...`, `fieldscreen sync` and `fieldscreen bundle ...`:
//! thin wrappers over `app::sync::team` (the code path the window uses).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use app::cases::CaseStore;
use app::sync::team::{self as t, InviteCheck, RelayPin, TeamAlert, TeamInfo};
use clap::{Args, Subcommand};

use crate::case_cmd::{Done, VaultArgs, exit, fail, print_json, text, ui_lang, unlock};

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create a team on a relay; this device becomes its supervisor (admin)
    Create {
        #[command(flatten)]
        args: VaultArgs,
        /// The relay's URL, e.g. https://relay.example.org:8443 (plain
        /// http:// only to this machine, e.g. http://127.0.0.1:8080)
        #[arg(long)]
        relay: String,
        /// The team's name (kept on this device)
        #[arg(long)]
        name: String,
        /// The SHA-256 of the relay certificate's public key (64 hex
        /// digits, as `relay serve` prints it): needed for a self-signed
        /// relay; without it the certificate must come from a public
        /// authority, and its key is pinned
        #[arg(long)]
        relay_pin: Option<String>,
        /// A file holding the relay operator's token (a relay without open
        /// registration creates teams only for its holders)
        #[arg(long, value_name = "FILE")]
        operator_token_file: Option<PathBuf>,
    },
    /// (Admin) print a one-time invite code on the last line
    Invite {
        #[command(flatten)]
        args: VaultArgs,
        /// Hours the invite stays valid (one device may use it once)
        #[arg(long, value_name = "HOURS", default_value_t = 24,
              value_parser = clap::value_parser!(u64).range(1..=720))]
        expires: u64,
    },
    /// Ask to join with an invite code and wait for admission
    Join {
        #[command(flatten)]
        args: VaultArgs,
        /// The invite code (scanned or typed)
        code: String,
        /// Seconds to wait for the admin
        #[arg(long, default_value_t = 300)]
        timeout: u64,
        /// Print the team as JSON once admitted (with this device's
        /// `fingerprint`); the waiting line goes to standard error
        #[arg(long)]
        json: bool,
    },
    /// (Admin) show each waiting device's fingerprint and admit those you
    /// confirm (on a terminal) or name with --yes-fingerprint
    Admit {
        #[command(flatten)]
        args: VaultArgs,
        /// Admit the waiting device showing these digits (repeatable;
        /// native digits, spaces and dashes accepted)
        #[arg(long = "yes-fingerprint", value_name = "FP")]
        yes_fingerprint: Vec<String>,
    },
    /// (Admin) remove a device (hex key or unique prefix) and rotate the team key
    Remove {
        #[command(flatten)]
        args: VaultArgs,
        device: String,
    },
    /// (Admin) name the relay's TLS keys from now on (a signed entry
    /// every device applies): the key in use first, the next one beside it
    /// before the relay switches
    RelayPin {
        #[command(flatten)]
        args: VaultArgs,
        /// 64 hex digits each (none: a plain HTTP relay on this machine)
        pins: Vec<String>,
    },
    /// Show this vault's team
    Info {
        #[command(flatten)]
        args: VaultArgs,
        #[arg(long)]
        json: bool,
    },
}

/// `fieldscreen sync`: one round with the relay.
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    args: VaultArgs,
    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write every record to FILE, sealed for the team's devices
    Export {
        #[command(flatten)]
        args: VaultArgs,
        file: PathBuf,
    },
    /// Merge a bundle made by a device of this team
    Import {
        #[command(flatten)]
        args: VaultArgs,
        file: PathBuf,
    },
}

/// Runs one team action on the unlocked vault; a failure says why.
fn with_store<T>(
    args: &VaultArgs,
    f: impl FnOnce(&mut CaseStore, &str) -> Result<T, app::AppError>,
) -> Result<T, ExitCode> {
    let mut store = unlock(args)?;
    f(&mut store, &ui_lang()).map_err(|e| fail(&e))
}

pub fn run_team(cmd: TeamCommand) -> ExitCode {
    exit(team(cmd))
}

fn team(cmd: TeamCommand) -> Done {
    match cmd {
        TeamCommand::Create {
            args,
            relay,
            name,
            relay_pin,
            operator_token_file,
        } => {
            // Checked before the vault is opened or anything connects, by
            // the window's checks.
            let token = match &operator_token_file {
                Some(f) => Some(read_token(f)?),
                None => None,
            };
            let team = t::check_new_team(
                app::sync::NewTeam {
                    relay,
                    name,
                    relay_pin,
                    operator_token: token.as_ref().map(|t| t.as_str().to_owned()),
                },
                &ui_lang(),
            )
            .map_err(|e| {
                fail(&e);
                ExitCode::from(2)
            })?;
            let info = with_store(&args, |s, lang| s.create_team(team, lang))?;
            println!(
                "{}",
                text(
                    "team-created",
                    &[("name", info.name.clone()), ("device", info.device.clone())]
                )
            );
            print_pin(&info);
        }
        TeamCommand::RelayPin { args, pins } => {
            let pins = pins
                .iter()
                .map(|p| pin_arg(p))
                .collect::<Result<Vec<_>, _>>()?;
            with_store(&args, |s, lang| s.set_relay_pins(&pins, lang))?;
            let shown: Vec<String> = pins.iter().map(t::pin_fingerprint).collect();
            println!(
                "{}",
                text("team-relay-pins-set", &[("pins", shown.join(", "))])
            );
        }
        TeamCommand::Invite { args, expires } => {
            let code = with_store(&args, |s, lang| {
                s.team_invite(Duration::from_secs(expires * 3600), lang)
            })?;
            println!("{}", text("team-invite-intro", &[]));
            println!(
                "{}",
                text("admit-invite-expires", &[("hours", expires.to_string())])
            );
            println!("{code}");
        }
        TeamCommand::Join {
            args,
            code,
            timeout,
            json,
        } => {
            let lang = ui_lang();
            let mut store = unlock(&args)?;
            let fingerprint = store.join_fingerprint(&code, &lang).map_err(|e| fail(&e))?;
            let line = text(
                "admit-join-fingerprint",
                &[("fingerprint", digits(&fingerprint))],
            );
            if json {
                eprintln!("{line}");
            } else {
                println!("{line}");
                let _ = std::io::stdout().flush();
            }
            let info = store
                .join_team_wait(
                    &code,
                    Duration::from_secs(timeout),
                    Duration::from_millis(500),
                    &lang,
                )
                .map_err(|e| fail(&e))?;
            if json {
                print_json(&info)?;
            } else {
                println!("{}", text("team-joined", &[("device", info.device)]));
            }
        }
        TeamCommand::Admit {
            args,
            yes_fingerprint,
        } => admit(&args, &yes_fingerprint)?,
        TeamCommand::Remove { args, device } => {
            let epoch = with_store(&args, |s, lang| s.remove_device(&device, lang))?;
            println!(
                "{}",
                text(
                    "team-removed",
                    &[("device", device), ("epoch", epoch.to_string())]
                )
            );
        }
        TeamCommand::Info { args, json } => {
            let info = with_store(&args, |s, lang| s.team(lang))?;
            if json {
                print_json(&info)?;
            } else {
                println!("{}  {}  {}", info.team, info.relay, info.device);
                print_pin(&info);
                for m in &info.members {
                    println!("  {m}");
                }
                for a in &info.alerts {
                    eprintln!("{}", alert_sentence(a));
                }
            }
        }
    }
    Ok(())
}

/// A `--relay-pin` value: 64 hex digits (spaces and colons allowed).
fn pin_arg(s: &str) -> Result<RelayPin, ExitCode> {
    app::sync::relay_pin(s, &ui_lang()).map_err(|e| {
        fail(&e);
        ExitCode::from(2)
    })
}

/// "Sync server key: 3f2a 9c01 77de 4b10" (or that it needs none).
fn print_pin(info: &TeamInfo) {
    match &info.relay_pin_short {
        Some(p) => println!("{}", text("team-relay-pin", &[("pin", p.clone())])),
        None => println!("{}", text("team-relay-no-pin", &[])),
    }
}

/// An alert in plain words (the window shows the same sentence).
fn alert_sentence(a: &TeamAlert) -> String {
    app::sync::alert_sentence(a, &ui_lang())
}

/// The operator's token: the file's first line, trimmed.
fn read_token(path: &Path) -> Result<zeroize::Zeroizing<String>, ExitCode> {
    let raw = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
        eprintln!("{}", text("admit-token-file", &[("reason", e.to_string())]));
        ExitCode::FAILURE
    })?);
    let token = raw.lines().next().unwrap_or("").trim().to_owned();
    if token.is_empty() {
        eprintln!(
            "{}",
            text(
                "admit-token-file",
                &[("reason", path.display().to_string())]
            )
        );
        return Err(ExitCode::FAILURE);
    }
    Ok(zeroize::Zeroizing::new(token))
}

/// A fingerprint in the digits of the reader's language.
fn digits(fingerprint: &str) -> String {
    app::dates::localize_digits(fingerprint, &ui_lang())
}

/// `team admit`: shows each waiting device with its fingerprint, then
/// admits exactly the confirmed ones (named on the command line, or
/// confirmed one by one on a terminal); without either, nobody.
fn admit(args: &VaultArgs, named: &[String]) -> Done {
    let lang = ui_lang();
    let mut store = unlock(args)?;
    let waiting = store.waiting_devices(&lang).map_err(|e| fail(&e))?;
    let wanted = t::parse_fingerprints(named, &lang).map_err(|e| fail(&e))?;
    if waiting.is_empty() {
        println!("{}", text("team-admitted-none", &[]));
        return if wanted.is_empty() {
            Ok(())
        } else {
            Err(ExitCode::FAILURE)
        };
    }
    for w in &waiting {
        let id = match w.invite {
            InviteCheck::Valid => "admit-waiting",
            InviteCheck::Expired => "admit-waiting-expired",
            InviteCheck::Unknown => "admit-waiting-unknown",
        };
        println!(
            "{}",
            text(
                id,
                &[
                    ("device", w.device.chars().take(16).collect()),
                    ("fingerprint", digits(&w.fingerprint))
                ]
            )
        );
    }
    let plain = |fp: &str| -> String { fp.chars().filter(char::is_ascii_digit).collect() };
    let confirmed: Vec<String> = if !named.is_empty() {
        for (typed, fp) in named.iter().zip(&wanted) {
            if !waiting.iter().any(|w| plain(&w.fingerprint) == *fp) {
                eprintln!(
                    "{}",
                    text("admit-fingerprint-none", &[("fingerprint", typed.clone())])
                );
            }
        }
        wanted.clone()
    } else if std::io::stdin().is_terminal() {
        // The person's words for "yes", and the English ones (understood in
        // every language: a terminal may have no keyboard for the script).
        let english = i18n::localizer().format(i18n::FALLBACK, "admit-confirm-yes-words", None);
        let yes = format!("{} {english}", text("admit-confirm-yes-words", &[])).to_lowercase();
        let yes: Vec<&str> = yes.split_whitespace().collect();
        let mut out = Vec::new();
        let stdin = std::io::stdin();
        for w in waiting.iter().filter(|w| w.invite == InviteCheck::Valid) {
            print!(
                "{} ",
                text("admit-confirm", &[("fingerprint", digits(&w.fingerprint))])
            );
            let _ = std::io::stdout().flush();
            let mut answer = String::new();
            if stdin.lock().read_line(&mut answer).is_err() {
                break;
            }
            if yes.contains(&answer.trim().to_lowercase().as_str()) {
                out.push(plain(&w.fingerprint));
            }
        }
        out
    } else {
        eprintln!("{}", text("admit-no-terminal", &[]));
        return Err(ExitCode::FAILURE);
    };
    if confirmed.is_empty() {
        println!("{}", text("admit-nobody", &[]));
        return Ok(());
    }
    let admitted = store
        .admit_devices(&confirmed, &lang)
        .map_err(|e| fail(&e))?;
    for a in &admitted {
        println!(
            "{}",
            text(
                "team-admitted",
                &[(
                    "device",
                    format!("{} ({})", a.device, digits(&a.fingerprint))
                )]
            )
        );
    }
    let all = confirmed
        .iter()
        .all(|c| admitted.iter().any(|a| plain(&a.fingerprint) == *c));
    if all { Ok(()) } else { Err(ExitCode::FAILURE) }
}

pub fn run_sync(a: SyncArgs) -> ExitCode {
    exit(sync(a))
}

fn sync(a: SyncArgs) -> Done {
    let (report, alerts) = with_store(&a.args, |s, lang| {
        let r = s.sync_round(&mut |_| {}, lang)?;
        Ok((r, s.team_info(lang)?.map(|i| i.alerts).unwrap_or_default()))
    })?;
    for alert in &alerts {
        eprintln!("{}", alert_sentence(alert));
    }
    if a.json {
        print_json(&report)?;
    } else {
        println!(
            "{}",
            text(
                "sync-done",
                &[
                    ("pushed", report.pushed.to_string()),
                    ("pulled", report.pulled.to_string()),
                    ("rejected", report.rejected.to_string()),
                ]
            )
        );
    }
    if report.up_to_date {
        Ok(())
    } else {
        eprintln!(
            "{}",
            text("sync-pending", &[("count", report.pending.to_string())])
        );
        Err(ExitCode::from(3))
    }
}

pub fn run_bundle(cmd: BundleCommand) -> ExitCode {
    exit(bundle(cmd))
}

fn bundle(cmd: BundleCommand) -> Done {
    match cmd {
        BundleCommand::Export { args, file } => {
            let r = with_store(&args, |s, lang| s.export_bundle(&file, lang))?;
            println!(
                "{}",
                text(
                    "bundle-exported",
                    &[
                        ("records", r.records.to_string()),
                        ("path", file.display().to_string())
                    ]
                )
            );
        }
        BundleCommand::Import { args, file } => {
            let r = with_store(&args, |s, lang| s.import_bundle(&file, lang))?;
            println!(
                "{}",
                text(
                    "bundle-imported",
                    &[
                        ("records", r.records.to_string()),
                        ("rejected", r.rejected.to_string())
                    ]
                )
            );
        }
    }
    Ok(())
}
