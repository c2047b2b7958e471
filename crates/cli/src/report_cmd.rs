//! `fieldscreen report stats`: anonymised counts of one questionnaire's
//! interviews, through `app::export::stats`; `fieldscreen report case`: the
//! printable case summary, through `app::export::case_pdf` (the code paths
//! the window uses).

use std::path::PathBuf;
use std::process::ExitCode;

use app::export::ExportFilter;
use app::export::stats::{StatsRequest, stats, write_csv};
use clap::Subcommand;

use crate::case_cmd::{Done, VaultArgs, exit, fail, text, ui_lang, unlock};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Counts by indicator, dimension, determination, nationality, province,
    /// sector, month and age band, every count below k withheld (CSV)
    Stats {
        #[command(flatten)]
        args: VaultArgs,
        /// The questionnaire's id (e.g. victim_screening)
        #[arg(long, value_name = "ID")]
        form: String,
        /// Withhold counts below this (11 or more)
        #[arg(long)]
        k: Option<u32>,
        /// The CSV file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The printable summary of one interview (PDF), in the interviewer's
    /// language with each answer also in the language it was asked in
    Case {
        #[command(flatten)]
        args: VaultArgs,
        /// The interview's id
        id: String,
        /// The PDF file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn run(cmd: ReportCommand) -> ExitCode {
    exit(report(cmd))
}

fn report(cmd: ReportCommand) -> Done {
    match cmd {
        ReportCommand::Stats { args, form, k, out } => {
            let req = StatsRequest {
                form_id: form,
                k,
                filter: ExportFilter::default(),
            };
            let mut store = unlock(&args)?;
            let st = stats(&mut store, &req, &mut |_| true).map_err(|e| fail(&e))?;
            write_csv(&st, &out, &ui_lang()).map_err(|e| fail(&e))?;
            eprintln!(
                "{}",
                text(
                    "cli-stats-done",
                    &[("k", st.k.to_string()), ("path", out.display().to_string())]
                )
            );
        }
        ReportCommand::Case { args, id, out } => {
            let mut store = unlock(&args)?;
            app::export::case_pdf::case_summary_pdf(&mut store, &id, &out).map_err(|e| fail(&e))?;
            eprintln!(
                "{}",
                text(
                    "cli-report-case-done",
                    &[("path", out.display().to_string())]
                )
            );
        }
    }
    Ok(())
}
