//! `fieldscreen vault ...` and `fieldscreen interview ...`: thin wrappers
//! over `app::cases`, the same code path the app window uses.
//!
//! The passphrase comes from `--passphrase-file`, the `FIELDSCREEN_PASSPHRASE`
//! environment variable, or a prompt without echo, never from an argument.
//! Messages are in `FIELDSCREEN_LANG` (default English).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::AppError;
use app::cases::{AnswerInput, CaseStore, Passphrase};
use clap::{Args, Subcommand};

/// Where the passphrase comes from.
#[derive(Debug, Args)]
pub struct VaultArgs {
    /// The vault folder
    #[arg(long, value_name = "DIR")]
    pub(crate) vault: PathBuf,
    /// Read the passphrase from the first line of this file
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Create a new encrypted vault (the passphrase must pass the same
    /// strength rule as in the app)
    Init(VaultArgs),
    /// Show facts about a vault (no passphrase needed)
    Info {
        #[command(flatten)]
        args: VaultArgs,
        #[arg(long)]
        json: bool,
    },
    /// Change the passphrase (a new key; every record is re-encrypted in one transaction)
    Passwd {
        #[command(flatten)]
        args: VaultArgs,
        /// Read the new passphrase from this file (else FIELDSCREEN_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Erase the vault: keys first, then files
    Wipe {
        #[command(flatten)]
        args: VaultArgs,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum InterviewCommand {
    /// Start an interview; prints its id
    New {
        #[command(flatten)]
        args: VaultArgs,
        /// A questionnaire folder or XLSForm file, the name of one shipped
        /// with FieldScreen (`victim-screening`, `fishing-inspection`), or
        /// the id of a questionnaire the team published (its newest version)
        #[arg(long, value_name = "PATH|NAME")]
        form: PathBuf,
        /// The interview's language
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Record one answer (durable when the command returns)
    Answer {
        #[command(flatten)]
        args: VaultArgs,
        id: String,
        question: String,
        value: Option<String>,
        /// The answer is "don't know"
        #[arg(long, conflicts_with_all = ["value", "prefer_not"])]
        dont_know: bool,
        /// The answer is "prefer not to answer"
        #[arg(long, conflicts_with_all = ["value", "dont_know"])]
        prefer_not: bool,
        /// The language the question was asked in
        #[arg(long, default_value = "en")]
        lang: String,
        /// An interpreter was present
        #[arg(long)]
        interpreter: bool,
    },
    /// Show an interview and its answers
    Show {
        #[command(flatten)]
        args: VaultArgs,
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List the interviews and inspections
    List {
        #[command(flatten)]
        args: VaultArgs,
        #[arg(long)]
        json: bool,
    },
    /// Mark an interview complete
    Complete {
        #[command(flatten)]
        args: VaultArgs,
        id: String,
    },
}

pub(crate) fn ui_lang() -> String {
    std::env::var("FIELDSCREEN_LANG").unwrap_or_else(|_| i18n::FALLBACK.to_owned())
}

pub(crate) fn text(id: &str, args: &[(&str, String)]) -> String {
    i18n::message(&ui_lang(), id, args)
}

/// A command that failed has already said why; this is its exit code.
pub(crate) type Done = Result<(), ExitCode>;

/// Says why on stderr, as `error[CODE]: sentence` (the code is the app's
/// [`app::ErrorCode`] in kebab case, the same the window branches on).
pub(crate) fn fail(e: &AppError) -> ExitCode {
    let code = serde_json::to_value(e.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    eprintln!("error[{code}]: {}", e.message);
    ExitCode::FAILURE
}

/// The passphrase from a file, an environment variable, or a prompt.
fn passphrase(file: Option<&Path>, env: &str, prompt_id: &str) -> Result<Passphrase, ExitCode> {
    let said = |m: String| {
        eprintln!("{m}");
        ExitCode::FAILURE
    };
    if let Some(path) = file {
        let content = std::fs::read_to_string(path).map_err(|e| {
            said(text(
                "cli-passphrase-file-unreadable",
                &[
                    ("path", path.display().to_string()),
                    ("reason", e.to_string()),
                ],
            ))
        })?;
        let line = content.lines().next().unwrap_or_default().to_owned();
        return Ok(Passphrase::new(line));
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(Passphrase::new(value));
    }
    if !std::io::stdin().is_terminal() {
        return Err(said(text(
            "cli-passphrase-needed",
            &[("var", env.to_owned())],
        )));
    }
    rpassword::prompt_password(format!("{} ", text(prompt_id, &[])))
        .map(Passphrase::new)
        .map_err(|e| {
            said(text(
                "cli-passphrase-needed",
                &[("var", format!("{env} ({e})"))],
            ))
        })
}

fn current_passphrase(args: &VaultArgs) -> Result<Passphrase, ExitCode> {
    passphrase(
        args.passphrase_file.as_deref(),
        "FIELDSCREEN_PASSPHRASE",
        "cli-prompt-passphrase",
    )
}

pub(crate) fn unlock(args: &VaultArgs) -> Result<CaseStore, ExitCode> {
    let pass = current_passphrase(args)?;
    CaseStore::unlock(
        &args.vault,
        &pass,
        app::cases::VaultOptions::default(),
        &ui_lang(),
    )
    .map_err(|e| fail(&e))
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Done {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| fail(&AppError::unexpected(&e, &ui_lang())))?;
    println!("{s}");
    Ok(())
}

pub(crate) fn exit(done: Done) -> ExitCode {
    done.err().unwrap_or(ExitCode::SUCCESS)
}

pub fn run_vault(cmd: VaultCommand) -> ExitCode {
    exit(vault_command(cmd))
}

fn vault_command(cmd: VaultCommand) -> Done {
    let lang = ui_lang();
    let options = app::cases::VaultOptions::default;
    let path = |args: &VaultArgs| args.vault.display().to_string();
    match cmd {
        VaultCommand::Init(args) => {
            let pass = passphrase(
                args.passphrase_file.as_deref(),
                "FIELDSCREEN_PASSPHRASE",
                "cli-prompt-new-passphrase",
            )?;
            CaseStore::init(&args.vault, &pass, options(), &lang).map_err(|e| fail(&e))?;
            println!("{}", text("cli-vault-created", &[("path", path(&args))]));
        }
        VaultCommand::Info { args, json } => {
            let s = CaseStore::summary(&args.vault, &lang).map_err(|e| fail(&e))?;
            if json {
                return print_json(&s);
            }
            println!(
                "{}",
                text(
                    "cli-vault-info",
                    &[
                        ("path", s.path.clone()),
                        ("id", s.vault_id.clone()),
                        ("format", s.format.to_string()),
                        ("records", s.records.to_string()),
                        ("bytes", s.bytes.to_string()),
                        ("memory", (s.kdf.0 / 1024).to_string()),
                        ("iterations", s.kdf.1.to_string()),
                    ]
                )
            );
        }
        VaultCommand::Passwd {
            args,
            new_passphrase_file,
        } => {
            let old = current_passphrase(&args)?;
            let new = passphrase(
                new_passphrase_file.as_deref(),
                "FIELDSCREEN_NEW_PASSPHRASE",
                "cli-prompt-new-passphrase",
            )?;
            CaseStore::change_passphrase(&args.vault, &old, &new, options(), &lang)
                .map_err(|e| fail(&e))?;
            println!("{}", text("cli-passphrase-changed", &[]));
        }
        VaultCommand::Wipe { args, yes } => {
            if !yes {
                if !std::io::stdin().is_terminal() {
                    eprintln!("{}", text("cli-wipe-needs-yes", &[]));
                    return Err(ExitCode::FAILURE);
                }
                eprint!("{} ", text("cli-wipe-confirm", &[("path", path(&args))]));
                let mut answer = String::new();
                let _ = std::io::stdin().read_line(&mut answer);
                if answer.trim() != "WIPE" {
                    eprintln!("{}", text("cli-wipe-cancelled", &[]));
                    return Err(ExitCode::FAILURE);
                }
            }
            CaseStore::wipe(&args.vault, &lang).map_err(|e| fail(&e))?;
            println!("{}", text("cli-vault-wiped", &[("path", path(&args))]));
        }
    }
    Ok(())
}

pub fn run_interview(cmd: InterviewCommand) -> ExitCode {
    exit(interview_command(cmd))
}

fn interview_command(cmd: InterviewCommand) -> Done {
    let now = chrono::Utc::now();
    match cmd {
        InterviewCommand::New {
            args,
            form,
            lang: interview_lang,
        } => {
            let mut store = unlock(&args)?;
            let shipped = form
                .to_str()
                .filter(|name| !form.exists() && app::catalog::files(name).is_some());
            let team_form = form
                .to_str()
                .filter(|_| shipped.is_none() && !form.exists())
                .map(str::to_owned)
                .filter(|name| store.has_team_form(name));
            let id = match (shipped, team_form) {
                (Some(name), _) => store.new_shipped_interview(name, &interview_lang, now),
                (None, Some(name)) => store.new_team_interview(&name, &interview_lang, now),
                (None, None) => store.new_interview(&form, &interview_lang, now),
            }
            .map_err(|e| fail(&e))?;
            println!("{id}");
        }
        InterviewCommand::Answer {
            args,
            id,
            question,
            value,
            dont_know,
            prefer_not,
            lang: shown_in,
            interpreter,
        } => {
            let input = match (value, dont_know, prefer_not) {
                (_, true, _) => AnswerInput::DontKnow,
                (_, _, true) => AnswerInput::PreferNot,
                (Some(v), _, _) => AnswerInput::Value(v),
                (None, false, false) => {
                    eprintln!("{}", text("cli-answer-needs-value", &[]));
                    return Err(ExitCode::from(2));
                }
            };
            unlock(&args)?
                .answer(&id, &question, input, &shown_in, interpreter, now)
                .map_err(|e| fail(&e))?;
        }
        InterviewCommand::Show { args, id, json } => {
            let view = unlock(&args)?.interview(&id).map_err(|e| fail(&e))?;
            if json {
                return print_json(&view);
            }
            println!(
                "{}",
                text(
                    "cli-interview-heading",
                    &[
                        ("id", view.id.clone()),
                        ("form", view.form.id.clone()),
                        ("version", view.form.version.clone()),
                        ("status", view.status.clone())
                    ]
                )
            );
            for (question, a) in &view.answers {
                let shown = a
                    .value
                    .clone()
                    .unwrap_or_else(|| text(&format!("cli-state-{}", a.state), &[]));
                let conflict = if a.conflict.is_some() {
                    text("cli-conflict-marker", &[])
                } else {
                    String::new()
                };
                println!("  {question} = {shown}  ({}, {}){conflict}", a.lang, a.at);
            }
        }
        InterviewCommand::List { args, json } => {
            let rows = unlock(&args)?.list_shown().map_err(|e| fail(&e))?;
            if json {
                return print_json(&rows);
            }
            for r in &rows {
                println!(
                    "{}  {}  {} {}  {}  {}",
                    r.id, r.kind, r.form_id, r.form_version, r.status, r.updated
                );
            }
        }
        InterviewCommand::Complete { args, id } => {
            unlock(&args)?.complete(&id, now).map_err(|e| fail(&e))?;
        }
    }
    Ok(())
}
