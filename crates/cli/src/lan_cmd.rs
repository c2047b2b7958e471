//! `fieldscreen lan serve|connect`: device-to-device sync on a local
//! network with no internet (`app::sync::nearby`, the code path the window uses).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Subcommand;

use app::sync::nearby::{NearbyListener, NearbyStep};
use app::sync::team::LanReport;

use crate::case_cmd::{Done, VaultArgs, exit, fail, print_json, text, ui_lang, unlock};

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

fn report(r: &LanReport, json: bool) -> Done {
    if json {
        return print_json(r);
    }
    println!("{}", app::sync::nearby::synced_sentence(&ui_lang(), r));
    Ok(())
}

fn lan(cmd: LanCommand) -> Done {
    let lang = ui_lang();
    match cmd {
        LanCommand::Serve {
            args,
            listen,
            timeout,
            json,
        } => {
            let store = unlock(&args)?;
            let mut store = Some(store);
            let listener = match store.as_mut() {
                Some(s) => NearbyListener::open(s, &listen, &lang).map_err(|e| fail(&e))?,
                None => return Err(ExitCode::FAILURE),
            };
            println!("{}", text("nearby-addresses-label", &[]));
            for a in listener.addresses(&lang).map_err(|e| fail(&e))? {
                println!("{a}");
            }
            // The same step the window's background thread takes, here
            // with the time left to wait.
            let deadline = Instant::now() + Duration::from_secs(timeout);
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match listener.step(left, || &mut store, &mut |_| {}, &lang) {
                    NearbyStep::Nobody => {
                        eprintln!("{}", text("nearby-nobody-came", &[]));
                        return Err(ExitCode::FAILURE);
                    }
                    NearbyStep::Session(Ok(r)) => return report(&r, json),
                    // One bad caller does not end the wait for the real one.
                    NearbyStep::Refused(e) | NearbyStep::Session(Err(e)) => {
                        fail(&e);
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
            let r = store
                .nearby_connect(&address, &mut |_| {}, &lang)
                .map_err(|e| fail(&e))?;
            report(&r, json)
        }
    }
}
