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
        /// The relay's URL, e.g. http://127.0.0.1:8080
        #[arg(long)]
        relay: String,
        /// The team's name (kept on this device)
        #[arg(long)]
        name: String,
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
        TeamCommand::Create { args, relay, name } => {
            let info = with_vault(&args, |v| link::create_team(v, &relay, &name))?;
            println!(
                "{}",
                text(
                    "team-created",
                    &[("name", info.name), ("device", info.device)]
                )
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
                for m in &info.members {
                    println!("  {m}");
                }
            }
        }
    }
    Ok(())
}

pub fn run_sync(a: SyncArgs) -> ExitCode {
    exit(sync(a))
}

fn sync(a: SyncArgs) -> Done {
    let report = with_vault(&a.args, |v| link::sync_round(v, &mut |_| {}))?;
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
