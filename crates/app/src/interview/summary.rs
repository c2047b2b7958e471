//! The summary page: answers, indicators with their evidence, the
//! determination and referrals, and how much of its text a person reviewed.

use super::*;

/// A string shown on a page: one of the app's messages, or one of the
/// questionnaire's (by Fluent id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Shown {
    App(String),
    Form(String),
}

/// A questionnaire's text as review pieces (`{ $name }` for an answer shown
/// in it), for its fingerprint.
pub(super) fn text_pieces(t: &forms::text::Text) -> Vec<i18n::review::Piece> {
    t.0.iter()
        .map(|s| match s {
            forms::text::Seg::Lit(l) => i18n::review::Piece::Text(l.clone()),
            forms::text::Seg::Var(v) => i18n::review::Piece::Code(format!("{{ ${v} }}")),
        })
        .collect()
}

/// Whether a person reviewed the questionnaire's message `id` in `lang`, as
/// it reads today in English and in `lang`.
pub(super) fn form_reviewed(
    form: &Questionnaire,
    log: Option<&i18n::review::ReviewLog>,
    lang: &str,
    id: &str,
) -> bool {
    let value = |code: &str| {
        form.catalogs()
            .get(code)
            .and_then(|c| c.get(id))
            .and_then(|e| e.value.as_ref())
            .map(|t| i18n::review::fingerprint(&text_pieces(t)))
    };
    match (log, value(&form.default_language), value(lang)) {
        (Some(log), Some(en), Some(text)) => {
            log.status(&form.id, id, &en, &text) == i18n::review::Status::Reviewed
        }
        _ => false,
    }
}

/// The share of `shown` a person reviewed in `lang` (`None` for English).
pub(super) fn review_share(
    l: &i18n::Localizer,
    form: &Questionnaire,
    lang: &str,
    shown: &std::collections::BTreeSet<Shown>,
) -> Option<ReviewShare> {
    if lang == i18n::FALLBACK {
        return None;
    }
    let log = l.review_log(lang);
    let reviewed = shown
        .iter()
        .filter(|s| match s {
            Shown::App(id) => l.status(lang, id) == i18n::review::Status::Reviewed,
            Shown::Form(id) => form_reviewed(form, log, lang, id),
        })
        .count();
    let reviewed = u32::try_from(reviewed).unwrap_or(u32::MAX);
    let total = u32::try_from(shown.len()).unwrap_or(u32::MAX);
    Some(ReviewShare {
        text: msg(
            lang,
            "interview-review-share",
            &[
                (
                    "reviewed",
                    crate::dates::localize_digits(&reviewed.to_string(), lang),
                ),
                (
                    "total",
                    crate::dates::localize_digits(&total.to_string(), lang),
                ),
            ],
        ),
        reviewed,
        total,
    })
}

pub(super) fn summary_view(ctx: &Ctx, id: &str) -> SummaryView {
    let l = &ctx.langs;
    let lang = l.interviewer.as_str();
    let stored: BTreeMap<String, AnswerView> = ctx
        .record
        .answers
        .iter()
        .map(|(q, a)| {
            (
                q.clone(),
                AnswerView {
                    value: a.answer.value.as_value().map(str::to_owned),
                    state: a.answer.value.state_code().to_owned(),
                    lang: a.answer.provenance.language.clone(),
                    at: time(a.answer.provenance.at),
                    device: a.answer.provenance.device_id.clone(),
                    interpreter: a.answer.provenance.interpreter,
                    self_administered: a.answer.provenance.self_administered,
                    conflict: None,
                },
            )
        })
        .collect();
    let scoring = crate::cases::score(&ctx.form, &stored, lang);
    let answer_of = |key: &str| {
        ctx.record
            .answers
            .get(key)
            .map(|a| answer_text(&ctx.form, key, &a.answer, lang))
            .unwrap_or_else(|| msg(lang, "interview-no-answer", &[]))
    };
    let referral_list = ctx
        .form
        .settings
        .extra
        .get("referral_list")
        .cloned()
        .unwrap_or_else(|| "referral".to_owned());
    let flags = scoring
        .as_ref()
        .map(|s| s.flags.iter().map(|f| f.label.clone()).collect())
        .unwrap_or_default();
    let (instruments, determination, child) = match &scoring {
        Some(s) => (
            instruments(ctx, s, lang, &answer_of),
            s.determination.as_ref().map(|d| DeterminationLine {
                id: d.id.clone(),
                label: d.label.clone(),
                referrals: d
                    .referrals
                    .iter()
                    .map(|code| Referral {
                        code: code.clone(),
                        label: ctx
                            .form
                            .choice_label(&referral_list, code, lang)
                            .map(|t| t.render(&mut |_| String::new()))
                            .unwrap_or_else(|| code.clone()),
                    })
                    .collect(),
            }),
            s.child.clone(),
        ),
        None => (Vec::new(), None, "not_asked".to_owned()),
    };
    let nav = ctx.nav(lang);
    let flow = ctx.flow(&nav);
    // Every answer, the consent included.
    let answers = nav
        .items
        .iter()
        .filter(|it| is_question(it))
        .filter_map(|it| {
            let key = it.key.to_string();
            let a = ctx.record.answers.get(&key)?;
            Some(AnswerLine {
                question: it.label.clone(),
                answer: answer_text(&ctx.form, &key, &a.answer, lang),
                lang: a.answer.provenance.language.clone(),
                lang_name: lang_name(&a.answer.provenance.language),
                self_administered: a.answer.provenance.self_administered,
                conflict: conflict_options(&ctx.form, &ctx.record, &key, lang),
                key,
            })
        })
        .collect();
    let missing: Vec<String> = nav
        .missing_required
        .iter()
        .filter_map(|k| flow.iter().find(|it| it.key == *k))
        .map(|it| it.label.clone())
        .collect();
    let conflicts = !ctx.record.conflicts().is_empty();
    // Every string on the page, for how much of it a person reviewed.
    let mut shown: std::collections::BTreeSet<Shown> = SUMMARY_UI_TEXT
        .iter()
        .map(|id| Shown::App((*id).to_owned()))
        .collect();
    shown.insert(Shown::Form("form--title".to_owned()));
    shown.insert(Shown::App(format!("interview-child-{child}")));
    let form_id =
        |kind: &str, name: &str| Shown::Form(format!("{kind}--{}", forms::text::fluent_id(name)));
    for g in &instruments {
        if g.id.is_empty() {
            shown.insert(Shown::App("interview-indicators".to_owned()));
        } else {
            shown.insert(form_id("instrument", &g.id));
        }
    }
    for i in scoring.iter().flat_map(|s| &s.indicators) {
        shown.insert(form_id("indicator", &i.id));
        if let Some(d) = &i.dimension {
            shown.insert(form_id("dimension", d));
        }
        if let Some(st) = &i.strength {
            shown.insert(Shown::App(format!("interview-strength-{st}")));
        }
    }
    if let Some(d) = &determination {
        shown.insert(form_id("outcome", &d.id));
        for r in &d.referrals {
            shown.insert(Shown::Form(forms::text::choice_id(&referral_list, &r.code)));
        }
    }
    for f in scoring.iter().flat_map(|s| &s.flags) {
        shown.insert(form_id("flag", &f.id));
    }
    let answered = ctx.record.answers.iter().map(|(k, a)| (k, &a.answer));
    for (key, a) in answered {
        let name = key.split('[').next().unwrap_or(key);
        shown.insert(Shown::Form(forms::text::fluent_id(name)));
        match &a.value {
            AnswerValue::DontKnow => {
                shown.insert(Shown::App("interview-dont-know".to_owned()));
            }
            AnswerValue::PreferNot => {
                shown.insert(Shown::App("interview-prefer-not".to_owned()));
            }
            AnswerValue::Value(v) => {
                let list = ctx
                    .form
                    .node(name)
                    .and_then(|n| n.question_type())
                    .and_then(|t| t.list().map(str::to_owned));
                if let Some(list) = list {
                    for c in v.split_whitespace() {
                        shown.insert(Shown::Form(forms::text::choice_id(&list, c)));
                    }
                }
            }
        }
    }
    for k in &nav.missing_required {
        let key = k.to_string();
        let name = key.split('[').next().unwrap_or(&key);
        shown.insert(Shown::Form(forms::text::fluent_id(name)));
    }
    let review = review_share(i18n::localizer(), &ctx.form, lang, &shown);
    SummaryView {
        review,
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        status: ctx.record.status.code().to_owned(),
        instruments,
        determination,
        flags,
        child_text: msg(lang, &format!("interview-child-{child}"), &[]),
        child,
        answers,
        notes: ctx.meta(NOTES).unwrap_or_default().to_owned(),
        notes_zawgyi: ctx.meta(NOTES).and_then(zawgyi_reading),
        can_complete: missing.is_empty()
            && nav.constraint_failures.is_empty()
            && !conflicts
            && ctx.record.status == Status::InProgress,
        missing,
    }
}

/// The indicators present, grouped by instrument (in the order the
/// questionnaire first names each), every answer once per instrument with
/// the indicators of that instrument it raised.
fn instruments(
    ctx: &Ctx,
    scoring: &crate::cases::ScoringView,
    lang: &str,
    answer_of: &dyn Fn(&str) -> String,
) -> Vec<InstrumentLine> {
    let defs = ctx.form.scoring.as_ref();
    let instrument_of = |id: &str| {
        defs.and_then(|s| s.indicators.iter().find(|i| i.name == id))
            .and_then(|i| i.instrument.clone())
            .unwrap_or_default()
    };
    let label = |kind: &str, name: &str| {
        ctx.form
            .scoring_label(kind, name, lang)
            .map(|t| t.render(&mut |_| String::new()))
            .unwrap_or_else(|| name.to_owned())
    };
    let mut groups: Vec<InstrumentLine> = Vec::new();
    for i in &scoring.indicators {
        let id = instrument_of(&i.id);
        let at = match groups.iter().position(|g| g.id == id) {
            Some(at) => at,
            None => {
                groups.push(InstrumentLine {
                    label: if id.is_empty() {
                        msg(lang, "interview-indicators", &[])
                    } else {
                        label("instrument", &id)
                    },
                    id,
                    indicators: Vec::new(),
                    evidence: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[at];
        g.indicators.push(IndicatorLine {
            id: i.id.clone(),
            label: i.label.clone(),
            strength: i
                .strength
                .as_ref()
                .map(|st| msg(lang, &format!("interview-strength-{st}"), &[])),
            dimension: i.dimension.as_ref().map(|d| label("dimension", d)),
        });
        for e in &i.evidence {
            match g.evidence.iter_mut().find(|x| x.key == e.question) {
                Some(line) => line.indicators.push(i.label.clone()),
                None => g.evidence.push(EvidenceLine {
                    key: e.question.clone(),
                    question: question_label(&ctx.form, &e.question, &ctx.record, lang),
                    answer: answer_of(&e.question),
                    indicators: vec![i.label.clone()],
                }),
            }
        }
    }
    // Within an instrument, the answers in the order they were asked.
    let order: BTreeMap<String, usize> = ctx
        .form
        .questions()
        .enumerate()
        .map(|(n, q)| (q.name.clone(), n))
        .collect();
    for g in &mut groups {
        g.evidence.sort_by_key(|e| {
            let name = e.key.split('[').next().unwrap_or(&e.key);
            (
                order.get(name).copied().unwrap_or(usize::MAX),
                e.key.clone(),
            )
        });
    }
    groups
}
