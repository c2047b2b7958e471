//! Vessel inspections: the vessel's details (asked with the shipped
//! `fishing-inspection` questionnaire, `part = vessel`), then its crew list,
//! one interview per crew member (`part = crew`, added by
//! `App::start_interview` with `vault::add_crew_interview`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use forms::AnswerKey;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::caselist::{shown_status, status_label};
use crate::cases::{AnswerInput, CaseStore};
use crate::{App, AppError, ErrorCode, dates};

/// The shipped questionnaire for vessels and their crews.
pub const INSPECTION_FORM: &str = "fishing-inspection";

/// The vessel details asked on the "new inspection" screen, in order. The
/// vessel record's other checks (documents, facilities, the crew list
/// repeat) are answered on the question screen.
pub const VESSEL_FIELDS: [&str; 6] = [
    "vessel_code",
    "province",
    "inspection_type",
    "fishing_area",
    "crew_listed",
    "crew_counted",
];

/// A choice of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldChoice {
    pub value: String,
    pub label: String,
}

/// One field of the vessel details form, labelled in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldView {
    /// The question's name (the key in [`NewInspection::fields`]).
    pub name: String,
    pub label: String,
    pub hint: Option<String>,
    /// `text`, `integer`, `select_one` or `select_multiple`.
    pub kind: String,
    pub required: bool,
    pub choices: Vec<FieldChoice>,
}

/// The vessel details form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct VesselForm {
    /// The questionnaire's title.
    pub questionnaire: String,
    pub fields: Vec<FieldView>,
}

/// What the person filled in: field name → value (choices by value,
/// several separated by spaces; native digits are accepted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Type)]
pub struct NewInspection {
    pub fields: BTreeMap<String, String>,
}

/// One vessel detail as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DetailView {
    pub name: String,
    pub label: String,
    pub value: String,
}

/// One crew member's interview in the crew list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CrewRow {
    pub id: String,
    /// The crew code given in the interview, or "Crew member N".
    pub label: String,
    pub status: String,
    pub status_label: String,
    pub date: String,
    pub answers: u32,
}

/// A vessel inspection: details and crew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct VesselView {
    pub id: String,
    /// The vessel code.
    pub title: String,
    pub status: String,
    pub status_label: String,
    pub date: String,
    pub details: Vec<DetailView>,
    pub crew: Vec<CrewRow>,
    /// "3 crew members interviewed", in the reader's language.
    pub crew_summary: String,
    pub sync: String,
    pub sync_label: String,
}

fn today() -> Option<forms::Date> {
    use chrono::Datelike;
    let d = Utc::now().date_naive();
    forms::Date::from_ymd(d.year(), d.month(), d.day())
}

/// The shipped inspection questionnaire (parsed once per process).
fn shipped_form(lang: &str) -> Result<std::sync::Arc<forms::Questionnaire>, AppError> {
    crate::catalog::loaded()
        .iter()
        .find(|(key, _)| *key == INSPECTION_FORM)
        .map(|(_, q)| q.clone())
        .ok_or_else(|| AppError::not_found(INSPECTION_FORM, lang))
}

fn render(m: &forms::Message, lang: &str) -> String {
    i18n::message(lang, m.id, &m.args)
}

/// The vessel details form in `lang`.
pub fn vessel_form(lang: &str) -> Result<VesselForm, AppError> {
    let q = shipped_form(lang)?;
    let mut answers = forms::Answers::new();
    answers.set_value("part", "vessel");
    let today = today().ok_or_else(|| AppError::not_found("today", lang))?;
    let nav = forms::navigate(&q, &answers, today, lang);
    let fields = VESSEL_FIELDS
        .iter()
        .filter_map(|name| {
            let item = nav.items.iter().find(|i| i.key.name == *name)?;
            Some(FieldView {
                name: (*name).to_owned(),
                label: item.label.clone(),
                hint: item.hint.clone(),
                kind: item.kind.to_owned(),
                required: item.required,
                choices: item
                    .choices
                    .iter()
                    .map(|c| FieldChoice {
                        value: c.value.clone(),
                        label: c.label.clone(),
                    })
                    .collect(),
            })
        })
        .collect();
    let mut render_var = |_: &str| String::new();
    Ok(VesselForm {
        questionnaire: q
            .title(lang)
            .map(|t| t.render(&mut render_var))
            .unwrap_or_else(|| q.id.clone()),
        fields,
    })
}

/// Checks the vessel details against the questionnaire (types, choices,
/// required fields, constraints) and returns them normalised, or the first
/// problem as a sentence naming the field.
fn check(
    q: &forms::Questionnaire,
    input: &NewInspection,
    lang: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let invalid = |name: &str, problem: String| {
        let label = q
            .label(name, lang)
            .map(|t| t.render(&mut |_: &str| String::new()))
            .unwrap_or_else(|| name.to_owned());
        AppError {
            code: ErrorCode::InvalidAnswer,
            message: i18n::message(
                lang,
                "vessel-field-problem",
                &[("field", label), ("problem", problem)],
            ),
        }
    };
    let mut values = Vec::new();
    let mut answers = forms::Answers::new();
    answers.set_value("part", "vessel");
    for (name, value) in &input.fields {
        if !VESSEL_FIELDS.contains(&name.as_str()) {
            return Err(AppError::unknown_question(name, lang));
        }
        if value.trim().is_empty() {
            continue;
        }
        let stored = crate::cases::normalise(q, name, AnswerInput::Value(value.clone()), lang)
            .map_err(|e| invalid(name, e.message))?;
        let vault::AnswerValue::Value(v) = stored else {
            continue;
        };
        answers.set_value(name, &v);
        values.push((name.clone(), v));
    }
    let today = today().ok_or_else(|| AppError::not_found("today", lang))?;
    let nav = forms::navigate(q, &answers, today, lang);
    let ours = |k: &AnswerKey| VESSEL_FIELDS.contains(&k.name.as_str());
    if let Some(k) = nav.missing_required.iter().find(|k| ours(k)) {
        let problem = nav
            .required_messages
            .get(k)
            .cloned()
            .unwrap_or_else(|| crate::caselist::msg(lang, "vessel-field-required"));
        return Err(invalid(&k.name, problem));
    }
    if let Some(f) = nav.constraint_failures.iter().find(|f| ours(&f.key)) {
        let problem = f
            .message
            .clone()
            .unwrap_or_else(|| render(&f.fallback, lang));
        return Err(invalid(&f.key.name, problem));
    }
    if let Some(f) = nav.invalid.iter().find(|f| ours(&f.key)) {
        return Err(invalid(&f.key.name, render(&f.message, lang)));
    }
    Ok(values)
}

/// Creates a vessel inspection with its details; returns its id.
pub fn new_inspection(
    store: &mut CaseStore,
    input: &NewInspection,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let lang = store.lang().to_owned();
    let q = shipped_form(&lang)?;
    let values = check(&q, input, &lang)?;
    let id = store.new_shipped_inspection(INSPECTION_FORM, &lang, now)?;
    store.answer(
        &id,
        "part",
        AnswerInput::Value("vessel".into()),
        &lang,
        false,
        now,
    )?;
    for (name, value) in &values {
        store.answer(
            &id,
            name,
            AnswerInput::Value(value.clone()),
            &lang,
            false,
            now,
        )?;
    }
    if let Some((_, code)) = values.iter().find(|(n, _)| n == "vessel_code") {
        let rid = parse_id(&id, &lang)?;
        store
            .vault_mut()
            .set_title(rid, &vault::UserText(code.clone()), now)
            .map_err(|e| AppError::from_vault(&e, &lang))?;
    }
    Ok(id)
}

fn parse_id(id: &str, lang: &str) -> Result<vault::RecordId, AppError> {
    id.parse().map_err(|_| AppError::not_found(id, lang))
}

/// The value of an answer as a person reads it (choice labels).
fn shown_value(q: &forms::Questionnaire, name: &str, value: &str, lang: &str) -> String {
    let list = q
        .node(name)
        .and_then(|n| n.question_type())
        .and_then(|t| t.list());
    match list {
        Some(list) => value
            .split_whitespace()
            .map(|v| {
                q.choice_label(list, v, lang)
                    .map(|t| t.render(&mut |_: &str| String::new()))
                    .unwrap_or_else(|| v.to_owned())
            })
            .collect::<Vec<_>>()
            .join(", "),
        None if matches!(
            q.node(name).and_then(|n| n.question_type()),
            Some(forms::model::QuestionType::Integer | forms::model::QuestionType::Decimal)
        ) =>
        {
            dates::localize_digits(value, lang)
        }
        None => value.to_owned(),
    }
}

/// A vessel inspection with its details and crew list.
pub fn vessel(store: &mut CaseStore, id: &str) -> Result<VesselView, AppError> {
    let lang = store.lang().to_owned();
    let rid = parse_id(id, &lang)?;
    let record = store
        .vault_mut()
        .record(rid)
        .map_err(|e| AppError::from_vault(&e, &lang))?;
    if record.kind != vault::RecordKind::VesselInspection {
        return Err(AppError::from_vault(
            &vault::VaultError::WrongKind { id: rid },
            &lang,
        ));
    }
    let q = store.form_of(rid)?;
    let details = VESSEL_FIELDS
        .iter()
        .filter_map(|name| {
            let a = record.answers.get(*name)?;
            let value = match a.answer.value.as_value() {
                Some(v) => shown_value(&q, name, v, &lang),
                None => crate::caselist::msg(
                    &lang,
                    &format!("vessel-answer-{}", a.answer.value.state_code()),
                ),
            };
            Some(DetailView {
                name: (*name).to_owned(),
                label: q
                    .label(name, &lang)
                    .map(|t| t.render(&mut |_: &str| String::new()))
                    .unwrap_or_else(|| (*name).to_owned()),
                value,
            })
        })
        .collect();
    let mut crew = Vec::new();
    for (n, member) in record.crew.iter().enumerate() {
        let r = store
            .vault_mut()
            .record(*member)
            .map_err(|e| AppError::from_vault(&e, &lang))?;
        let code = r
            .answers
            .get("crew_code")
            .and_then(|a| a.answer.value.as_value().map(str::to_owned))
            .filter(|c| !c.is_empty());
        let label = code.unwrap_or_else(|| {
            let n = dates::localize_digits(&(n + 1).to_string(), &lang);
            i18n::message(&lang, "vessel-crew-unnamed", &[("n", n)])
        });
        let status = shown_status(store, *member, r.kind, r.status.code(), r.updated_at, None);
        crew.push(CrewRow {
            id: member.to_string(),
            label,
            status_label: status_label(&lang, &status),
            status,
            date: dates::format_date(r.updated_at, &lang),
            answers: u32::try_from(r.answers.len()).unwrap_or(u32::MAX),
        });
    }
    let count = dates::localize_digits(&crew.len().to_string(), &lang);
    let crew_summary = i18n::message(&lang, "vessel-crew-summary", &[("count", count)]);
    let status = record.status.code().to_owned();
    Ok(VesselView {
        id: rid.to_string(),
        title: record.title.0.clone(),
        status_label: status_label(&lang, &status),
        status,
        date: dates::format_date(record.updated_at, &lang),
        details,
        crew,
        crew_summary,
        sync: "device_only".to_owned(),
        sync_label: crate::caselist::msg(&lang, "case-sync-device_only"),
    })
}

impl CaseStore {
    /// Adds interview `interview` to the crew of vessel inspection `vessel`.
    pub fn add_crew(
        &mut self,
        vessel: &str,
        interview: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let lang = self.lang().to_owned();
        let (v, i) = (parse_id(vessel, &lang)?, parse_id(interview, &lang)?);
        self.vault_mut()
            .add_crew_interview(v, i, now)
            .map_err(|e| AppError::from_vault(&e, &lang))
    }
}

impl App {
    /// The vessel details form in the current language.
    pub fn vessel_form(&self) -> Result<VesselForm, AppError> {
        vessel_form(&self.language())
    }

    /// Creates a vessel inspection from its details and returns it.
    pub fn new_inspection(&self, input: NewInspection) -> Result<VesselView, AppError> {
        self.with_store(|store| {
            let id = new_inspection(store, &input, Utc::now())?;
            vessel(store, &id)
        })
    }

    /// A vessel inspection with its crew list.
    pub fn vessel(&self, id: &str) -> Result<VesselView, AppError> {
        self.with_store(|store| vessel(store, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::caselist::tests::fixture;

    #[test]
    fn the_form_is_labelled_in_each_language() {
        let en = vessel_form("en").expect("form");
        let names: Vec<_> = en
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.kind.as_str(), f.required))
            .collect();
        expect_test::expect![[r#"
            [
                (
                    "vessel_code",
                    "text",
                    true,
                ),
                (
                    "province",
                    "select_one",
                    false,
                ),
                (
                    "inspection_type",
                    "select_one",
                    true,
                ),
                (
                    "fishing_area",
                    "select_one",
                    false,
                ),
                (
                    "crew_listed",
                    "integer",
                    false,
                ),
                (
                    "crew_counted",
                    "integer",
                    true,
                ),
            ]
        "#]]
        .assert_debug_eq(&names);
        for lang in crate::LANGUAGES {
            let form = vessel_form(lang).expect("form");
            assert_eq!(form.fields.len(), VESSEL_FIELDS.len(), "{lang}");
            for f in &form.fields {
                assert!(!f.label.is_empty(), "{lang} {}", f.name);
                if f.kind.starts_with("select") {
                    assert!(!f.choices.is_empty(), "{lang} {}", f.name);
                }
            }
            if lang != "en" {
                assert_ne!(
                    form.fields[0].label, en.fields[0].label,
                    "{lang} translated"
                );
            }
        }
    }

    #[test]
    fn details_and_crew_in_five_languages() {
        let (_dir, app, vessel) = fixture();
        let mut out = Vec::new();
        for lang in crate::LANGUAGES {
            app.set_language(lang).expect("language");
            let v = app.vessel(&vessel).expect("vessel");
            out.push(format!(
                "== {lang}: {} | {} | {} | {}",
                v.title, v.status_label, v.date, v.sync_label
            ));
            for d in &v.details {
                out.push(format!("{}: {}", d.label, d.value));
            }
            out.push(v.crew_summary.clone());
            for c in &v.crew {
                out.push(format!("- {} | {} | {}", c.label, c.status_label, c.date));
            }
        }
        expect_test::expect_file!["../snapshots/vessel.txt"].assert_eq(&out.join("\n"));
    }

    #[test]
    fn details_are_checked_before_anything_is_kept() {
        let (_dir, app, _) = fixture();
        let before = app.case_list(Default::default()).expect("list").total;
        let try_with = |pairs: &[(&str, &str)]| {
            app.new_inspection(NewInspection {
                fields: pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            })
        };
        let missing = try_with(&[("vessel_code", "KT-99"), ("inspection_type", "pipo_in")])
            .expect_err("crew_counted is required");
        assert_eq!(missing.code, ErrorCode::InvalidAnswer);
        assert!(
            missing.message.contains("This is required.") || missing.message.contains(':'),
            "{}",
            missing.message
        );
        let bad = try_with(&[
            ("vessel_code", "no"),
            ("inspection_type", "pipo_in"),
            ("crew_counted", "3"),
        ])
        .expect_err("vessel code pattern");
        assert_eq!(bad.code, ErrorCode::InvalidAnswer);
        let not_a_number = try_with(&[
            ("vessel_code", "KT-99"),
            ("inspection_type", "pipo_in"),
            ("crew_counted", "many"),
        ])
        .expect_err("not a number");
        assert_eq!(not_a_number.code, ErrorCode::InvalidAnswer);
        let unknown = try_with(&[("name", "x")]).expect_err("not a vessel field");
        assert_eq!(unknown.code, ErrorCode::UnknownQuestion);
        assert_eq!(
            app.case_list(Default::default()).expect("list").total,
            before
        );
        let ok = try_with(&[
            ("vessel_code", "KT-99"),
            ("inspection_type", "pipo_out"),
            ("crew_counted", "၃"),
        ])
        .expect("kept");
        assert_eq!(ok.title, "KT-99");
        assert!(ok.crew.is_empty());
        assert!(
            ok.details
                .iter()
                .any(|d| d.name == "crew_counted" && d.value == "3")
        );
        assert_eq!(
            app.case_list(Default::default()).expect("list").total,
            before + 1
        );
        // An interview is not a vessel.
        let interview = app
            .case_list(Default::default())
            .expect("list")
            .rows
            .iter()
            .find(|r| r.kind == "interview")
            .expect("interview")
            .id
            .clone();
        assert_eq!(
            app.vessel(&interview).expect_err("not a vessel").code,
            ErrorCode::NotFound
        );
    }
}
