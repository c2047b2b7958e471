//! `fieldscreen`: the FieldScreen command-line tool.
//!
//! Each group of subcommands lives in its own module (`form_cmd` for
//! `fieldscreen form ...`); this file only parses the command line and
//! dispatches. Add `vault`, `interview`, `team`, `sync`, `relay` the same way.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// std's `print!` family, written through [`out::write`] so that a closed
/// pipe ends any command quietly instead of panicking. Defined before the
/// modules, so these shadow std's macros in every one of them.
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::out::write($crate::out::Stream::Stdout, format_args!($($arg)*))
    };
}
macro_rules! println {
    () => { print!("\n") };
    ($($arg:tt)*) => { print!("{}\n", format_args!($($arg)*)) };
}
macro_rules! eprint {
    ($($arg:tt)*) => {
        $crate::out::write($crate::out::Stream::Stderr, format_args!($($arg)*))
    };
}
macro_rules! eprintln {
    () => { eprint!("\n") };
    ($($arg:tt)*) => { eprint!("{}\n", format_args!($($arg)*)) };
}

mod case_cmd;
mod export_cmd;
mod form_cmd;
mod lan_cmd;
mod out;
mod relay_cmd;
mod render;
mod report_cmd;
mod team_cmd;
mod team_form_cmd;

#[derive(Debug, Parser)]
#[command(
    name = "fieldscreen",
    version,
    about = "FieldScreen command-line tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Questionnaires: check, import from XLSForm, show; the team's: publish, list, withdraw, allow
    #[command(subcommand)]
    Form(form_cmd::FormCommand),
    /// The encrypted vault: init, info, passwd, wipe
    #[command(subcommand)]
    Vault(case_cmd::VaultCommand),
    /// Interviews in a vault: new, answer, show, list, complete
    #[command(subcommand)]
    Interview(case_cmd::InterviewCommand),
    /// The blind sync relay: serve
    #[command(subcommand)]
    Relay(relay_cmd::RelayCommand),
    /// Teams: create, invite, join, admit, remove, info
    #[command(subcommand)]
    Team(team_cmd::TeamCommand),
    /// One round of sync with the team's relay (exit 0 when up to date)
    Sync(team_cmd::SyncArgs),
    /// Encrypted bundle files for USB/SD hand-over: export, import
    #[command(subcommand)]
    Bundle(team_cmd::BundleCommand),
    /// Sync with a nearby device of the team, no internet: serve, connect
    #[command(subcommand)]
    Lan(lan_cmd::LanCommand),
    /// One questionnaire's interviews as a CSV zip (ODK Central's shape), XLSX or JSON
    Export(export_cmd::ExportArgs),
    /// Reports to share: anonymised statistics
    #[command(subcommand)]
    Report(report_cmd::ReportCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Form(cmd) => form_cmd::run(cmd),
        Command::Vault(cmd) => case_cmd::run_vault(cmd),
        Command::Interview(cmd) => case_cmd::run_interview(cmd),
        Command::Relay(cmd) => relay_cmd::run(cmd),
        Command::Team(cmd) => team_cmd::run_team(cmd),
        Command::Sync(a) => team_cmd::run_sync(a),
        Command::Bundle(cmd) => team_cmd::run_bundle(cmd),
        Command::Lan(cmd) => lan_cmd::run(cmd),
        Command::Export(a) => export_cmd::run(a),
        Command::Report(cmd) => report_cmd::run(cmd),
    }
}
