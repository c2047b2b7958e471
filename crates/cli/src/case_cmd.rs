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
    vault: PathBuf,
    /// Read the passphrase from the first line of this file
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Create a new encrypted vault
    Init(VaultArgs),
    /// Show facts about a vault (no passphrase needed)
    Info {
        #[command(flatten)]
        args: VaultArgs,
        #[arg(long)]
        json: bool,
    },
    /// Change the passphrase (re-wraps the key; nothing else is rewritten)
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
        /// A questionnaire folder or XLSForm file
        #[arg(long, value_name = "PATH")]
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

fn ui_lang() -> String {
    std::env::var("FIELDSCREEN_LANG").unwrap_or_else(|_| i18n::FALLBACK.to_owned())
}

fn text(id: &str, args: &[(&str, String)]) -> String {
    let mut fluent = i18n::FluentArgs::new();
    for (k, v) in args {
        fluent.set(*k, v.clone());
    }
    i18n::localizer().format(&ui_lang(), id, Some(&fluent))
}

fn fail(e: &AppError) -> ExitCode {
    eprintln!("{}", e.message);
    ExitCode::FAILURE
}

/// The passphrase from a file, an environment variable, or a prompt.
fn passphrase(file: Option<&Path>, env: &str, prompt_id: &str) -> Result<Passphrase, String> {
    if let Some(path) = file {
        let content = std::fs::read_to_string(path).map_err(|e| {
            text(
                "cli-passphrase-file-unreadable",
                &[
                    ("path", path.display().to_string()),
                    ("reason", e.to_string()),
                ],
            )
        })?;
        let line = content.lines().next().unwrap_or_default().to_owned();
        return Ok(Passphrase::new(line));
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(Passphrase::new(value));
    }
    if !std::io::stdin().is_terminal() {
        return Err(text("cli-passphrase-needed", &[("var", env.to_owned())]));
    }
    rpassword::prompt_password(format!("{} ", text(prompt_id, &[])))
        .map(Passphrase::new)
        .map_err(|e| text("cli-passphrase-needed", &[("var", format!("{env} ({e})"))]))
}

fn unlock(args: &VaultArgs) -> Result<CaseStore, ExitCode> {
    let lang = ui_lang();
    let pass = passphrase(
        args.passphrase_file.as_deref(),
        "FIELDSCREEN_PASSPHRASE",
        "cli-prompt-passphrase",
    )
    .map_err(|m| {
        eprintln!("{m}");
        ExitCode::FAILURE
    })?;
    CaseStore::unlock(&args.vault, &pass, vault::VaultOptions::default(), &lang)
        .map_err(|e| fail(&e))
}

fn print_json(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&AppError::unexpected(&e, &ui_lang())),
    }
}

pub fn run_vault(cmd: VaultCommand) -> ExitCode {
    let lang = ui_lang();
    match cmd {
        VaultCommand::Init(args) => {
            let pass = match passphrase(
                args.passphrase_file.as_deref(),
                "FIELDSCREEN_PASSPHRASE",
                "cli-prompt-new-passphrase",
            ) {
                Ok(p) => p,
                Err(m) => {
                    eprintln!("{m}");
                    return ExitCode::FAILURE;
                }
            };
            match CaseStore::init(&args.vault, &pass, vault::VaultOptions::default(), &lang) {
                Ok(_) => {
                    println!(
                        "{}",
                        text(
                            "cli-vault-created",
                            &[("path", args.vault.display().to_string())]
                        )
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        VaultCommand::Info { args, json } => match CaseStore::summary(&args.vault, &lang) {
            Ok(s) if json => print_json(&s),
            Ok(s) => {
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
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        VaultCommand::Passwd {
            args,
            new_passphrase_file,
        } => {
            let passes = passphrase(
                args.passphrase_file.as_deref(),
                "FIELDSCREEN_PASSPHRASE",
                "cli-prompt-passphrase",
            )
            .and_then(|old| {
                passphrase(
                    new_passphrase_file.as_deref(),
                    "FIELDSCREEN_NEW_PASSPHRASE",
                    "cli-prompt-new-passphrase",
                )
                .map(|new| (old, new))
            });
            let (old, new) = match passes {
                Ok(p) => p,
                Err(m) => {
                    eprintln!("{m}");
                    return ExitCode::FAILURE;
                }
            };
            match CaseStore::change_passphrase(
                &args.vault,
                &old,
                &new,
                vault::VaultOptions::default(),
                &lang,
            ) {
                Ok(()) => {
                    println!("{}", text("cli-passphrase-changed", &[]));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        VaultCommand::Wipe { args, yes } => {
            if !yes {
                if !std::io::stdin().is_terminal() {
                    eprintln!("{}", text("cli-wipe-needs-yes", &[]));
                    return ExitCode::FAILURE;
                }
                eprint!(
                    "{} ",
                    text(
                        "cli-wipe-confirm",
                        &[("path", args.vault.display().to_string())]
                    )
                );
                let mut answer = String::new();
                let _ = std::io::stdin().read_line(&mut answer);
                if answer.trim() != "WIPE" {
                    eprintln!("{}", text("cli-wipe-cancelled", &[]));
                    return ExitCode::FAILURE;
                }
            }
            match CaseStore::wipe(&args.vault, &lang) {
                Ok(()) => {
                    println!(
                        "{}",
                        text(
                            "cli-vault-wiped",
                            &[("path", args.vault.display().to_string())]
                        )
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
    }
}

pub fn run_interview(cmd: InterviewCommand) -> ExitCode {
    let now = chrono::Utc::now();
    match cmd {
        InterviewCommand::New {
            args,
            form,
            lang: interview_lang,
        } => {
            let mut store = match unlock(&args) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.new_interview(&form, &interview_lang, now) {
                Ok(id) => {
                    println!("{id}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
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
                    return ExitCode::from(2);
                }
            };
            let mut store = match unlock(&args) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.answer(&id, &question, input, &shown_in, interpreter, now) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            }
        }
        InterviewCommand::Show { args, id, json } => {
            let mut store = match unlock(&args) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.interview(&id) {
                Ok(view) if json => print_json(&view),
                Ok(view) => {
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
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        InterviewCommand::List { args, json } => {
            let mut store = match unlock(&args) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.list() {
                Ok(rows) if json => print_json(&rows),
                Ok(rows) => {
                    for r in &rows {
                        println!(
                            "{}  {}  {} {}  {}  {}",
                            r.id, r.kind, r.form_id, r.form_version, r.status, r.updated
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        InterviewCommand::Complete { args, id } => {
            let mut store = match unlock(&args) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.complete(&id, now) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            }
        }
    }
}
