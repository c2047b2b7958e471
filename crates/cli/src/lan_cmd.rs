//! `fieldscreen lan serve|connect`: device-to-device sync on a local
//! network with no internet (`link::lan`, the code path the app uses).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Subcommand;

use crate::case_cmd::{Done, VaultArgs, exit, print_json, text, ui_lang, unlock};
use crate::team_cmd::said;

#[derive(Debug, Subcommand)]
pub enum LanCommand {
    /// Wait for a nearby device of the team, print this device's addresses,
    /// sync with the first one that connects and is a member, then exit
    Serve {
        #[command(flatten)]
        args: VaultArgs,
        /// Where to listen (every network by default)
        #[arg(long, default_value = "0.0.0.0:47615")]
        listen: String,
        /// Seconds to wait for a device
        #[arg(long, default_value_t = 600)]
        timeout: u64,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Connect to a device waiting at ADDRESS (host:port) and sync with it
    Connect {
        #[command(flatten)]
        args: VaultArgs,
        address: String,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: LanCommand) -> ExitCode {
    exit(lan(cmd))
}

fn report(r: &link::LanReport, json: bool) -> Done {
    if json {
        return print_json(r);
    }
    println!("{}", app::sync::nearby::synced_sentence(&ui_lang(), r));
    Ok(())
}

fn lan(cmd: LanCommand) -> Done {
    match cmd {
        LanCommand::Serve {
            args,
            listen,
            timeout,
            json,
        } => {
            let mut store = unlock(&args)?;
            let listener = link::LanListener::bind(&listen).map_err(|e| said(&e))?;
            println!("{}", text("nearby-addresses-label", &[]));
            for a in listener.addresses().map_err(|e| said(&e))? {
                println!("{a}");
            }
            let team = link::lan::lan_team(store.vault_mut()).map_err(|e| said(&e))?;
            let deadline = Instant::now() + Duration::from_secs(timeout);
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                let incoming = match listener.accept_incoming(left, &|| false, &team) {
                    Ok(Some(i)) => i,
                    Ok(None) => {
                        eprintln!("{}", text("nearby-nobody-came", &[]));
                        return Err(ExitCode::FAILURE);
                    }
                    // A caller that failed the handshake: keep waiting.
                    Err(e) => {
                        said(&e);
                        continue;
                    }
                };
                match link::lan::serve_incoming(store.vault_mut(), incoming, &mut |_| {}) {
                    Ok(r) => return report(&r, json),
                    // One bad caller does not end the wait for the real one.
                    Err(e) => {
                        said(&e);
                    }
                }
            }
        }
        LanCommand::Connect {
            args,
            address,
            json,
        } => {
            let mut store = unlock(&args)?;
            let r = link::lan::connect(store.vault_mut(), &address, &mut |_| {})
                .map_err(|e| said(&e))?;
            report(&r, json)
        }
    }
}
