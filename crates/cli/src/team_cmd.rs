//! `fieldscreen team ...`, `fieldscreen sync` and `fieldscreen bundle ...`:
//! thin wrappers over the `link` crate (the code path the app will call).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use app::AppError;
use clap::{Args, Subcommand};
use link::LinkError;

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
    },
    /// (Admin) print a one-time invite code on the last line
    Invite {
        #[command(flatten)]
        args: VaultArgs,
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
    },
    /// (Admin) admit the devices waiting with a valid invite; prints each
    Admit {
        #[command(flatten)]
        args: VaultArgs,
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

pub(crate) fn said(e: &LinkError) -> ExitCode {
    if let LinkError::Vault(v) = e {
        return fail(&AppError::from_vault(v, &ui_lang()));
    }
    eprintln!("{}", text(e.message_id(), &e.message_args()));
    ExitCode::FAILURE
}

fn with_vault<T>(
    args: &VaultArgs,
    f: impl FnOnce(&mut vault::Vault) -> Result<T, LinkError>,
) -> Result<T, ExitCode> {
    let mut store = unlock(args)?;
    f(store.vault_mut()).map_err(|e| said(&e))
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
        } => {
            // Checked before the vault is opened or anything connects.
            let pin = relay_pin.as_deref().map(pin_arg).transpose()?;
            let info = with_vault(&args, |v| link::create_team_pinned(v, &relay, &name, pin))?;
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
            with_vault(&args, |v| link::set_relay_pins(v, &pins))?;
            let shown: Vec<String> = pins.iter().map(sync::team::pin_fingerprint).collect();
            println!(
                "{}",
                text("team-relay-pins-set", &[("pins", shown.join(", "))])
            );
        }
        TeamCommand::Invite { args } => {
            let code = with_vault(&args, link::invite)?;
            println!("{}", text("team-invite-intro", &[]));
            println!("{code}");
        }
        TeamCommand::Join {
            args,
            code,
            timeout,
        } => {
            let mut store = unlock(&args)?;
            let device = link::info(store.vault_mut())
                .ok()
                .flatten()
                .map(|i| i.device)
                .unwrap_or_default();
            if !device.is_empty() {
                println!("{}", text("team-join-waiting", &[("device", device)]));
            }
            let info = link::join(
                store.vault_mut(),
                &code,
                Duration::from_secs(timeout),
                Duration::from_millis(500),
            )
            .map_err(|e| said(&e))?;
            println!("{}", text("team-joined", &[("device", info.device)]));
        }
        TeamCommand::Admit { args } => {
            let admitted = with_vault(&args, link::admit)?;
            if admitted.is_empty() {
                println!("{}", text("team-admitted-none", &[]));
            }
            for d in admitted {
                println!("{}", text("team-admitted", &[("device", d)]));
            }
        }
        TeamCommand::Remove { args, device } => {
            let epoch = with_vault(&args, |v| link::remove(v, &device))?;
            println!(
                "{}",
                text(
                    "team-removed",
                    &[("device", device), ("epoch", epoch.to_string())]
                )
            );
        }
        TeamCommand::Info { args, json } => {
            let info = with_vault(&args, link::info)?;
            let Some(info) = info else {
                return Err(said(&LinkError::NoTeam));
            };
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
fn pin_arg(s: &str) -> Result<sync::team::RelayPin, ExitCode> {
    sync::team::pin_from_hex(s).ok_or_else(|| {
        eprintln!("{}", text("team-relay-pin-bad", &[]));
        ExitCode::from(2)
    })
}

/// "Sync server key: 3f2a 9c01 77de 4b10" (or that it needs none).
fn print_pin(info: &link::TeamInfo) {
    match &info.relay_pin_short {
        Some(p) => println!("{}", text("team-relay-pin", &[("pin", p.clone())])),
        None => println!("{}", text("team-relay-no-pin", &[])),
    }
}

/// An alert in plain words (the window shows the same sentence).
fn alert_sentence(a: &link::TeamAlert) -> String {
    app::sync::alert_sentence(a, &ui_lang())
}

pub fn run_sync(a: SyncArgs) -> ExitCode {
    exit(sync(a))
}

fn sync(a: SyncArgs) -> Done {
    let (report, alerts) = with_vault(&a.args, |v| {
        let r = link::sync_round(v, &mut |_| {})?;
        Ok((r, link::info(v)?.map(|i| i.alerts).unwrap_or_default()))
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
            let r = with_vault(&args, |v| link::export_bundle(v, &file))?;
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
            let r = with_vault(&args, |v| link::import_bundle(v, &file))?;
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
