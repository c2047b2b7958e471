//! `fieldscreen form check | import | show`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::forms_source::model::NodeKind;
use app::forms_source::{Diagnostic, Location, Questionnaire, import_file, load_checked, model};
use clap::Subcommand;

use crate::render;

#[derive(Debug, Subcommand)]
pub enum FormCommand {
    /// Check questionnaire folders or XLSForm files; exit 1 with one line per problem
    ///
    /// Each problem is printed as PATH:LOCATION: message, where LOCATION is a
    /// cell (survey!C12) for spreadsheets and a field path (survey[3].relevant)
    /// for questionnaire folders. What an XLSForm import leaves out (columns
    /// and settings FieldScreen does not use) is printed the same way, marked
    /// as a warning; warnings alone exit 0. A folder holds questionnaire.toml, whose
    /// structure is published as a JSON Schema (draft 2020-12) in
    /// crates/forms/schema/questionnaire.schema.json, and translations/<lang>.ftl.
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Language of the messages
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Import an XLSForm (.xlsx, .xls, .ods) as a questionnaire folder
    Import {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Language of the messages
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Show a questionnaire as a person would review it
    Show {
        path: PathBuf,
        /// Language of the questionnaire's text
        #[arg(long)]
        lang: Option<String>,
        /// Print stable JSON instead
        #[arg(long)]
        json: bool,
    },
    /// Publish a questionnaire (folder or XLSForm) to the team, signed by
    /// this device; every member receives it at their next sync
    ///
    /// The team's supervisor may publish, and members the supervisor
    /// allowed (`form allow`). Records keep the exact version they were
    /// started with; new interviews take the newest published version.
    Publish {
        #[command(flatten)]
        args: crate::case_cmd::VaultArgs,
        path: PathBuf,
    },
    /// The team's questionnaires: version, state, who published them and when
    List {
        #[command(flatten)]
        args: crate::case_cmd::VaultArgs,
        /// Print stable JSON instead
        #[arg(long)]
        json: bool,
    },
    /// Withdraw a team questionnaire (a form id: every version; or a
    /// version's hash): no new interviews on it, its records still open
    Withdraw {
        #[command(flatten)]
        args: crate::case_cmd::VaultArgs,
        #[arg(value_name = "FORM_ID|HASH")]
        which: String,
    },
    /// (Supervisor) allow a member's device to publish questionnaires, or
    /// stop it with --stop (an entry the supervisor signs in the team's log)
    Allow {
        #[command(flatten)]
        args: crate::case_cmd::VaultArgs,
        /// The device's key (hex, or at least its first 8 digits)
        device: String,
        #[arg(long)]
        stop: bool,
    },
}

pub fn run(cmd: FormCommand) -> ExitCode {
    match cmd {
        FormCommand::Check { paths, lang } => check(&paths, &lang),
        FormCommand::Import { file, out, lang } => import(&file, &out, &lang),
        FormCommand::Show { path, lang, json } => show(&path, lang.as_deref(), json),
        FormCommand::Publish { args, path } => {
            crate::case_cmd::exit(crate::team_form_cmd::publish(&args, &path))
        }
        FormCommand::List { args, json } => {
            crate::case_cmd::exit(crate::team_form_cmd::list(&args, json))
        }
        FormCommand::Withdraw { args, which } => {
            crate::case_cmd::exit(crate::team_form_cmd::withdraw(&args, &which))
        }
        FormCommand::Allow { args, device, stop } => {
            crate::case_cmd::exit(crate::team_form_cmd::allow(&args, &device, stop))
        }
    }
}

use app::forms_source::{SourceError as Failure, io_message as io_msg};

/// Loads a questionnaire folder, a `questionnaire.toml` inside one, or an XLSForm file.
fn load(path: &Path) -> Result<Questionnaire, Failure> {
    app::forms_source::read(path).and_then(|files| app::forms_source::load(&files))
}

/// One line per diagnostic: `PATH:LOCATION: message` (`PATH: message` for
/// the input as a whole); warnings are marked as such.
fn print_diagnostics(path: &Path, ds: &[Diagnostic], lang: &str, warning: bool) {
    let p = path.display();
    for d in ds {
        let mut text = render::message(lang, &d.message);
        if warning {
            text = render::with(lang, "forms-cli-warning", &[("message", text)]);
        }
        match &d.location {
            Location::Input => println!("{p}: {text}"),
            loc => println!("{p}:{loc}: {text}"),
        }
    }
}

fn print_failure(path: &Path, f: &Failure, lang: &str) {
    match f {
        Failure::Io(m) => {
            println!("{}: {}", path.display(), render::message(lang, m));
        }
        Failure::Invalid(ds) => print_diagnostics(path, ds, lang, false),
    }
}

fn check(paths: &[PathBuf], lang: &str) -> ExitCode {
    let mut ok = true;
    for path in paths {
        match load_checked(path) {
            Ok((_, warnings)) => print_diagnostics(path, &warnings, lang, true),
            Err(f) => {
                ok = false;
                print_failure(path, &f, lang);
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn import(file: &Path, out: &Path, lang: &str) -> ExitCode {
    let files = match import_file(file) {
        Ok(import) => {
            print_diagnostics(file, &import.warnings, lang, true);
            import.files
        }
        Err(f) => {
            print_failure(file, &f, lang);
            return ExitCode::from(1);
        }
    };
    for (rel, bytes) in &files {
        let target = out.join(rel);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes));
        if let Err(e) = written {
            print_failure(&target, &Failure::Io(io_msg(&e)), lang);
            return ExitCode::from(1);
        }
    }
    let n = files.len().to_string();
    println!(
        "{}",
        render::with(
            lang,
            "forms-cli-imported",
            &[("count", n), ("dir", out.display().to_string())]
        )
    );
    ExitCode::SUCCESS
}

/// The stable JSON shape of `form show --json`.
#[derive(serde::Serialize)]
struct ShowJson {
    id: String,
    version: String,
    hash: String,
    languages: Vec<String>,
    questions: Vec<ShowQuestion>,
}

#[derive(serde::Serialize)]
struct ShowQuestion {
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: Option<String>,
    relevant: Option<String>,
    required: bool,
    group: String,
}

fn show(path: &Path, lang: Option<&str>, json: bool) -> ExitCode {
    let q = match load(path) {
        Ok(q) => q,
        Err(f) => {
            print_failure(path, &f, lang.unwrap_or("en"));
            return ExitCode::from(1);
        }
    };
    let qlang = lang.unwrap_or(&q.default_language).to_string();
    let ui = lang.unwrap_or("en");
    if json {
        let doc = ShowJson {
            id: q.id.clone(),
            version: q.version.clone(),
            hash: q.hash.clone(),
            languages: q.languages.iter().map(|l| l.code.clone()).collect(),
            questions: q
                .questions()
                .filter_map(|n| {
                    let t = n.question_type()?;
                    Some(ShowQuestion {
                        name: n.name.clone(),
                        kind: t.xlsform_name(),
                        label: q
                            .label(&n.name, &qlang)
                            .map(app::forms_source::text::Text::to_xlsform),
                        relevant: n.relevant.as_ref().map(|e| e.source.clone()),
                        required: !matches!(n.required, model::Required::No),
                        group: n.group_path.clone(),
                    })
                })
                .collect(),
        };
        match serde_json::to_string_pretty(&doc) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                println!(
                    "{}: {}",
                    path.display(),
                    render::with(ui, "forms-cli-json-error", &[("detail", e.to_string())])
                );
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    let mut out = String::new();
    let title = q
        .title(&qlang)
        .map(app::forms_source::text::Text::to_xlsform)
        .unwrap_or_else(|| q.id.clone());
    out.push_str(&format!("{title}\n"));
    let langs: Vec<String> = q.languages.iter().map(|l| l.code.clone()).collect();
    out.push_str(&render::with(
        ui,
        "forms-cli-show-header",
        &[
            ("id", q.id.clone()),
            ("version", q.version.clone()),
            ("hash", q.hash.clone()),
            ("languages", langs.join(", ")),
        ],
    ));
    out.push('\n');
    for &r in &q.roots {
        show_node(&q, r, 0, &qlang, ui, &mut out);
    }
    print!("{out}");
    ExitCode::SUCCESS
}

fn show_node(q: &Questionnaire, idx: usize, depth: usize, lang: &str, ui: &str, out: &mut String) {
    let Some(n) = q.nodes.get(idx) else { return };
    let pad = "  ".repeat(depth);
    let label = q
        .label(&n.name, lang)
        .map(app::forms_source::text::Text::to_xlsform)
        .unwrap_or_default();
    let kind = match &n.kind {
        NodeKind::Group => render::with(ui, "forms-cli-show-group", &[]),
        NodeKind::Repeat { count: Some(c) } => render::with(
            ui,
            "forms-cli-show-repeat-count",
            &[("expr", c.source.clone())],
        ),
        NodeKind::Repeat { count: None } => render::with(ui, "forms-cli-show-repeat", &[]),
        NodeKind::Question(t) => match t.list() {
            Some(l) => format!("{} {l}", t.xlsform_name()),
            None => t.xlsform_name().to_string(),
        },
    };
    let req = if matches!(n.required, model::Required::No) {
        ""
    } else {
        " *"
    };
    out.push_str(&format!("\n{pad}{} [{kind}]{req}\n", n.name));
    if !label.is_empty() {
        out.push_str(&format!("{pad}  {label}\n"));
    }
    if let Some(h) = q.attr(&n.name, "hint", lang) {
        out.push_str(&format!("{pad}  ({})\n", h.to_xlsform()));
    }
    let line = |id: &'static str, v: &str| render::with(ui, id, &[("expr", v.to_string())]);
    if let Some(r) = &n.relevant {
        out.push_str(&format!(
            "{pad}  {}\n",
            line("forms-cli-show-relevant", &r.source)
        ));
    }
    if let model::Required::When(e) = &n.required {
        out.push_str(&format!(
            "{pad}  {}\n",
            line("forms-cli-show-required-when", &e.source)
        ));
    }
    if let Some(c) = &n.constraint {
        out.push_str(&format!(
            "{pad}  {}\n",
            line("forms-cli-show-constraint", &c.source)
        ));
        if let Some(m) = q.attr(&n.name, "constraint-msg", lang) {
            out.push_str(&format!("{pad}    {}\n", m.to_xlsform()));
        }
    }
    if let Some(c) = &n.calculation {
        out.push_str(&format!(
            "{pad}  {}\n",
            line("forms-cli-show-calculation", &c.source)
        ));
    }
    if let Some(t) = n.question_type()
        && let Some(list) = t.list()
    {
        for c in q.choices.get(list).into_iter().flatten() {
            let l = q
                .choice_label(list, &c.name, lang)
                .map(app::forms_source::text::Text::to_xlsform)
                .unwrap_or_default();
            out.push_str(&format!("{pad}  - {} {l}\n", c.name));
        }
        if matches!(
            t,
            model::QuestionType::SelectOne { or_other: true, .. }
                | model::QuestionType::SelectMultiple { or_other: true, .. }
        ) {
            let l = q
                .choice_label(list, "other", lang)
                .map(app::forms_source::text::Text::to_xlsform)
                .unwrap_or_default();
            out.push_str(&format!("{pad}  - other {l}\n"));
        }
    }
    for &c in &n.children {
        show_node(q, c, depth + 1, lang, ui, out);
    }
}
