//! `fieldscreen export`: one questionnaire's interviews as a CSV zip in ODK
//! Central's shape, an XLSX workbook or JSON, through `app::export` (the code path the
//! window uses).

use std::path::PathBuf;
use std::process::ExitCode;

use app::export::{ExportFilter, ExportFormat, ExportRequest};
use clap::{Args, ValueEnum};

use crate::case_cmd::{Done, VaultArgs, exit, fail, text, unlock};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// A zip of CSV files in ODK Central's shape
    Csv,
    /// A JSON array, one object per interview (as `interview show --json`)
    Json,
    /// An Excel workbook with the CSV zip's tables as sheets
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    args: VaultArgs,
    /// The questionnaire's id (e.g. victim_screening); every version is exported
    #[arg(long, value_name = "ID")]
    form: String,
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Write choice labels in this language instead of their names
    #[arg(long, value_name = "LANG")]
    labels: Option<String>,
    /// Add one `question/choice` column (1/0) per choice of a select_multiple
    #[arg(long)]
    split_multiple: bool,
    /// Only interviews begun on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only interviews begun on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only interviews with this status (in_progress, complete)
    #[arg(long)]
    status: Option<String>,
    /// Only interviews begun on this device (repeat for several)
    #[arg(long = "device", value_name = "ID")]
    devices: Vec<String>,
    /// Encrypt the file to this `age` public key (age1…; repeat for several):
    /// it then opens with `age --decrypt -i KEYFILE`
    #[arg(long = "to-age-recipient", value_name = "KEY")]
    age_recipients: Vec<String>,
    /// The file to write (replaced only once the export is complete)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub fn run(a: ExportArgs) -> ExitCode {
    exit(export(a))
}

fn export(a: ExportArgs) -> Done {
    let req = ExportRequest {
        form_id: a.form,
        format: match a.format {
            Format::Csv => ExportFormat::Csv,
            Format::Json => ExportFormat::Json,
            Format::Xlsx => ExportFormat::Xlsx,
        },
        labels: a.labels,
        split_multiple: a.split_multiple,
        filter: ExportFilter {
            from: a.from,
            to: a.to,
            status: a.status,
            devices: a.devices,
        },
        age_recipients: a.age_recipients,
    };
    let mut store = unlock(&a.args)?;
    let summary =
        app::export::export(&mut store, &req, &a.out, &mut |_| true).map_err(|e| fail(&e))?;
    eprintln!(
        "{}",
        text(
            if req.age_recipients.is_empty() {
                "cli-export-done"
            } else {
                "cli-export-done-encrypted"
            },
            &[
                ("count", summary.interviews.to_string()),
                ("path", summary.path.clone()),
            ]
        )
    );
    Ok(())
}
