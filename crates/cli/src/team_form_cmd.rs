//! `fieldscreen form publish | list | withdraw | allow`: questionnaires
//! that travel with the team, through the app façade
//! (`app::cases::CaseStore::publish_form`, `team_forms`, `withdraw_form`)
//! and `CaseStore::allow_publisher`.

use std::path::Path;

use app::team_forms::TeamFormView;

use crate::case_cmd::{Done, VaultArgs, fail, print_json, text, unlock};

/// Publishes the questionnaire at `path` to the team.
pub fn publish(args: &VaultArgs, path: &Path) -> Done {
    let mut store = unlock(args)?;
    let forms = store.publish_form(path).map_err(|e| fail(&e))?;
    let q = app::forms_source::read(path)
        .ok()
        .and_then(|f| app::forms_source::load(&f).ok());
    if let Some(f) = q.and_then(|q| forms.into_iter().find(|f| f.hash == q.hash)) {
        println!(
            "{}",
            text(
                "cli-form-published",
                &[("id", f.id.clone()), ("version", f.version.clone())]
            )
        );
    }
    Ok(())
}

/// Prints the team's questionnaires.
pub fn list(args: &VaultArgs, json: bool) -> Done {
    let mut store = unlock(args)?;
    let forms = store.team_forms().map_err(|e| fail(&e))?;
    if json {
        return print_json(&forms);
    }
    if forms.is_empty() {
        println!("{}", text("cli-form-list-empty", &[]));
    }
    for f in &forms {
        println!("{}", row(f));
    }
    Ok(())
}

fn row(f: &TeamFormView) -> String {
    let state = f.refusal.clone().unwrap_or_else(|| f.state_label.clone());
    text(
        "cli-form-list-row",
        &[
            ("title", f.title.clone()),
            ("id", f.id.clone()),
            ("version", f.version.clone()),
            ("state", state),
            ("published", f.published.clone()),
            ("hash", f.hash[..12].to_owned()),
        ],
    )
}

/// Withdraws a team questionnaire (a form id: every version; or a hash).
pub fn withdraw(args: &VaultArgs, which: &str) -> Done {
    let mut store = unlock(args)?;
    store.withdraw_form(which).map_err(|e| fail(&e))?;
    println!(
        "{}",
        text("cli-form-withdrawn", &[("id", which.to_owned())])
    );
    Ok(())
}

/// (Supervisor) allows a member to publish, or stops it.
pub fn allow(args: &VaultArgs, device: &str, stop: bool) -> Done {
    let mut store = unlock(args)?;
    store
        .allow_publisher(device, !stop, &crate::case_cmd::ui_lang())
        .map_err(|e| fail(&e))?;
    let id = if stop {
        "cli-form-publisher-stopped"
    } else {
        "cli-form-publisher-allowed"
    };
    println!("{}", text(id, &[("device", device.to_owned())]));
    Ok(())
}
