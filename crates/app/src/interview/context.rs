//! What every page is computed from: the record, its questionnaire and its
//! two languages ([`Ctx`]), and the small helpers the pages share.

use super::*;

pub(super) fn now() -> DateTime<Utc> {
    Utc::now()
}

pub(super) fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn today() -> forms::Date {
    let d = Utc::now().date_naive();
    forms::Date::from_ymd(
        chrono::Datelike::year(&d),
        chrono::Datelike::month(&d),
        chrono::Datelike::day(&d),
    )
    .unwrap_or_else(|| {
        forms::Date::from_ymd(2026, 1, 1).unwrap_or_else(|| unreachable!("a valid date"))
    })
}

pub(super) fn msg(lang: &str, id: &str, args: &[(&str, String)]) -> String {
    i18n::message(lang, id, args)
}

pub(super) fn bi_msg(langs: &Languages, id: &str) -> Bi {
    Bi {
        respondent: msg(&langs.respondent, id, &[]),
        interviewer: msg(&langs.interviewer, id, &[]),
    }
}

pub(super) fn lang_name(code: &str) -> String {
    i18n::localizer().format(code, "language-name", None)
}

/// Everything one page needs: the record, its questionnaire, its languages.
pub(super) struct Ctx {
    pub(super) record: RecordView,
    pub(super) form: Arc<Questionnaire>,
    pub(super) langs: Languages,
    pub(super) answers: forms::Answers,
}

impl Ctx {
    pub(super) fn load(store: &mut CaseStore, id: &str) -> Result<Ctx, AppError> {
        let lang = store.lang.clone();
        let rid = store.record_id(id, &lang)?;
        let record = store
            .vault
            .record(rid)
            .map_err(|e| AppError::from_vault(&e, &lang))?;
        let form = store.form(&record.form.hash, &lang)?;
        let meta = |k: &str| record.meta.get(k).map(|t| t.0.clone());
        let respondent = meta(RESPONDENT).unwrap_or_else(|| record.language.clone());
        let interviewer = meta(INTERVIEWER).unwrap_or_else(|| lang.clone());
        let langs = Languages {
            respondent,
            interviewer,
            respondent_options: form
                .languages
                .iter()
                .map(|l| FormLanguage {
                    code: l.code.clone(),
                    name: lang_name(&l.code),
                })
                .collect(),
        };
        let answers = forms_answers(&record);
        Ok(Ctx {
            record,
            form,
            langs,
            answers,
        })
    }

    pub(super) fn meta(&self, key: &str) -> Option<&str> {
        self.record.meta.get(key).map(|t| t.0.as_str())
    }

    pub(super) fn title(&self) -> String {
        render(self.form.title(&self.langs.interviewer), &self.record)
            .unwrap_or_else(|| self.form.id.clone())
    }

    pub(super) fn nav(&self, lang: &str) -> Navigation {
        forms::navigate(&self.form, &self.answers, today(), lang)
    }

    /// The group holding the consent question (asked on its own page).
    pub(super) fn consent_group(&self) -> Option<String> {
        self.form
            .node(CONSENT)
            .map(|n| n.group_path.clone())
            .filter(|g| !g.is_empty())
    }

    /// Answers the app gives itself once consent is given: the interview
    /// language (the respondent's) and, for a crew interview started from a
    /// vessel inspection, the part (`crew`).
    /// Whether question `q` offers choice `v`.
    pub(super) fn offers(&self, q: &str, v: &str) -> bool {
        self.form
            .node(q)
            .and_then(|n| n.question_type())
            .and_then(|t| t.list())
            .and_then(|list| self.form.choices.get(list))
            .is_some_and(|cs| cs.iter().any(|c| c.name == v))
    }

    pub(super) fn pre_answers(&self) -> Vec<(&'static str, String)> {
        let offers = |q: &str, v: &str| self.offers(q, v);
        let mut out = Vec::new();
        if offers(INTERVIEW_LANG, &self.langs.respondent) {
            out.push((INTERVIEW_LANG, self.langs.respondent.clone()));
        }
        if self.meta(VESSEL).is_some() && offers(PART, CREW) {
            out.push((PART, CREW.to_owned()));
        }
        out.retain(|(q, _)| !self.record.answers.contains_key(*q));
        out
    }

    /// Consent is asked on its own page first when the questionnaire asks it
    /// of this respondent: its consent question is visible once the app's own
    /// answers are in (a vessel's own inspection asks no consent).
    pub(super) fn has_consent_page(&self) -> bool {
        if self.form.node(CONSENT).is_none() || self.record.answers.contains_key(CONSENT) {
            return false;
        }
        let mut answers = self.answers.clone();
        for (q, v) in self.pre_answers() {
            answers.set(forms::AnswerKey::new(q), forms::Answer::Value(v));
        }
        forms::navigate(&self.form, &answers, today(), &self.langs.interviewer)
            .items
            .iter()
            .any(|i| i.key.name == CONSENT)
    }

    /// The visible items a person steps through (the consent group left out).
    pub(super) fn flow<'n>(&self, nav: &'n Navigation) -> Vec<&'n Item> {
        let consent = self.consent_group();
        nav.items
            .iter()
            .filter(|i| match &consent {
                Some(g) => i.group != *g && !i.group.starts_with(&format!("{g}/")),
                None => i.key.name != CONSENT,
            })
            .collect()
    }
}

pub(super) fn render(text: Option<&forms::text::Text>, record: &RecordView) -> Option<String> {
    text.map(|t| {
        t.render(&mut |var| {
            record
                .answers
                .get(var)
                .and_then(|a| a.answer.value.as_value().map(str::to_owned))
                .unwrap_or_default()
        })
    })
}

pub(crate) fn forms_answers(record: &RecordView) -> forms::Answers {
    let mut answers = forms::Answers::new();
    for (q, current) in &record.answers {
        let Ok(key) = q.parse::<forms::AnswerKey>() else {
            continue;
        };
        answers.set(
            key,
            match &current.answer.value {
                AnswerValue::Value(v) => forms::Answer::Value(v.clone()),
                AnswerValue::DontKnow => forms::Answer::DontKnow,
                AnswerValue::PreferNot => forms::Answer::PreferNotToAnswer,
            },
        );
    }
    answers
}

pub(super) fn input_kind(item: &Item) -> &'static str {
    match item.kind {
        "select_one" => "choice",
        "select_multiple" => "multi",
        "integer" => "integer",
        "decimal" => "decimal",
        "date" => "date",
        "time" => "time",
        "note" => "note",
        "acknowledge" => "acknowledge",
        _ => "text",
    }
}

pub(super) fn is_answered(item: &Item) -> bool {
    !matches!(item.answer, AnswerState::Missing)
}

pub(super) fn is_question(item: &Item) -> bool {
    item.kind != "note"
}

/// An answer as a person reads it, in `lang`.
pub(super) fn answer_text(
    form: &Questionnaire,
    key: &str,
    a: &vault::Answer,
    lang: &str,
) -> String {
    match &a.value {
        AnswerValue::DontKnow => msg(lang, "interview-dont-know", &[]),
        AnswerValue::PreferNot => msg(lang, "interview-prefer-not", &[]),
        AnswerValue::Value(v) => value_text(form, key, v, lang),
    }
}

pub(super) fn value_text(form: &Questionnaire, key: &str, v: &str, lang: &str) -> String {
    let name = key.split('[').next().unwrap_or(key);
    let list = form
        .node(name)
        .and_then(|n| n.question_type())
        .and_then(|t| t.list().map(str::to_owned));
    match list {
        Some(list) => v
            .split_whitespace()
            .map(|c| {
                form.choice_label(&list, c, lang)
                    .map(|t| t.render(&mut |_| String::new()))
                    .unwrap_or_else(|| c.to_owned())
            })
            .collect::<Vec<_>>()
            .join(", "),
        None => shown_value(form, name, v, lang),
    }
}

/// A typed answer as a person reads it (`app` formats every date and number
/// shown): a date in their calendar, era and digits; a moment with its
/// local time and zone; a time or a number in their digits.
fn shown_value(form: &Questionnaire, name: &str, v: &str, lang: &str) -> String {
    use forms::model::QuestionType as T;
    match form.node(name).and_then(|n| n.question_type()) {
        Some(T::Date) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| crate::dates::format_day(d, lang))
            .unwrap_or_else(|_| v.to_owned()),
        Some(T::DateTime) => DateTime::parse_from_rfc3339(v)
            .map(|t| crate::dates::format_date_time(t.to_utc(), lang))
            .unwrap_or_else(|_| v.to_owned()),
        Some(T::Integer | T::Decimal | T::Time) => crate::dates::localize_digits(v, lang),
        _ => v.to_owned(),
    }
}

/// A stored answer as the interviewer types it again (the answer field's
/// text), which the answer parser reads back to the same value: a date as
/// `DD/MM/YYYY` in their era and digits, a number or time in their digits.
pub(super) fn typed_value(form: &Questionnaire, name: &str, v: &str, lang: &str) -> String {
    use forms::model::QuestionType as T;
    match form.node(name).and_then(|n| n.question_type()) {
        Some(T::Date) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| crate::dates::typed_day(d, lang))
            .unwrap_or_else(|_| v.to_owned()),
        Some(T::Integer | T::Decimal | T::Time) => crate::dates::localize_digits(v, lang),
        _ => v.to_owned(),
    }
}

pub(super) fn question_label(
    form: &Questionnaire,
    key: &str,
    record: &RecordView,
    lang: &str,
) -> String {
    let name = key.split('[').next().unwrap_or(key);
    render(form.label(name, lang), record).unwrap_or_else(|| key.to_owned())
}

pub(super) fn conflict_options(
    form: &Questionnaire,
    record: &RecordView,
    key: &str,
    lang: &str,
) -> Option<Vec<ConflictOption>> {
    let current = record.answers.get(key)?;
    if !current.is_conflict() {
        return None;
    }
    Some(
        std::iter::once(&current.answer)
            .chain(current.conflicting.iter())
            .map(|a| ConflictOption {
                text: answer_text(form, key, a, lang),
                lang: lang_name(&a.provenance.language),
                device: a.provenance.device_id.clone(),
                at: time(a.provenance.at),
                shown_at: crate::dates::format_date_time(a.provenance.at, lang),
            })
            .collect(),
    )
}
