//! The question page: one question in the respondent's and the
//! interviewer's languages, its answer, conflicts and sections.

use super::*;

pub(super) fn question_screen(
    ctx: &Ctx,
    id: &str,
    nav_i: &Navigation,
    flow: &[&Item],
    i: usize,
    blocked: bool,
) -> QuestionScreen {
    let l = &ctx.langs;
    let item = flow[i];
    let key = item.key.to_string();
    let nav_r = ctx.nav(&l.respondent);
    // The interviewer's own question is asked in their language only: the
    // respondent's side repeats it (the screen shows it once).
    let item_r = nav_r
        .items
        .iter()
        .find(|it| it.key == item.key)
        .filter(|_| !item.interviewer_only);
    let label = Bi {
        respondent: item_r.map_or_else(|| item.label.clone(), |r| r.label.clone()),
        interviewer: item.label.clone(),
    };
    // Hints and guidance speak to the interviewer (ODK's meaning: to the
    // person filling the form): in their language only, never in the
    // respondent's block.
    let hint = item.hint.clone();
    let guidance = item.guidance.clone();
    let (value, state) = match &item.answer {
        AnswerState::Missing => (None, "missing"),
        AnswerState::Value(v) => (Some(v.clone()), "value"),
        AnswerState::DontKnow => (None, "dont_know"),
        AnswerState::PreferNotToAnswer => (None, "prefer_not"),
    };
    let selected: Vec<&str> = value
        .as_deref()
        .map(|v| v.split_whitespace().collect())
        .unwrap_or_default();
    let choices = item
        .choices
        .iter()
        .map(|c| ChoiceItem {
            value: c.value.clone(),
            label: Bi {
                respondent: item_r
                    .and_then(|r| r.choices.iter().find(|rc| rc.value == c.value))
                    .map_or_else(|| c.label.clone(), |rc| rc.label.clone()),
                interviewer: c.label.clone(),
            },
            selected: selected.contains(&c.value.as_str()),
        })
        .collect();
    let mut messages = Vec::new();
    for f in nav_i
        .constraint_failures
        .iter()
        .filter(|f| f.key == item.key)
    {
        let fr = nav_r.constraint_failures.iter().find(|f| f.key == item.key);
        let text = |m: &Option<String>, fallback: &forms::Message, lang: &str| {
            m.clone().unwrap_or_else(|| {
                msg(
                    lang,
                    "interview-not-accepted",
                    &[("detail", msg(lang, fallback.id, &fallback.args))],
                )
            })
        };
        messages.push(Bi {
            respondent: fr.map_or_else(
                || text(&f.message, &f.fallback, &l.respondent),
                |fr| text(&fr.message, &fr.fallback, &l.respondent),
            ),
            interviewer: text(&f.message, &f.fallback, &l.interviewer),
        });
    }
    if blocked && nav_i.missing_required.contains(&item.key) {
        let text = |nav: &Navigation, lang: &str| {
            nav.required_messages
                .get(&item.key)
                .cloned()
                .unwrap_or_else(|| msg(lang, "interview-required", &[]))
        };
        messages.push(Bi {
            respondent: text(&nav_r, &l.respondent),
            interviewer: text(nav_i, &l.interviewer),
        });
    }
    let own = item.interviewer_only;
    // On the interviewer's own question both sides read in their language.
    let side = |b: Bi| {
        if own {
            Bi {
                respondent: b.interviewer.clone(),
                interviewer: b.interviewer,
            }
        } else {
            b
        }
    };
    let messages: Vec<Bi> = messages.into_iter().map(side).collect();
    let offered = |yes: bool, id: &str| yes.then(|| side(bi_msg(l, id)));
    let section_name = top_group(&item.group);
    let section = section_name.map(|g| Bi {
        respondent: question_label(&ctx.form, g, &ctx.record, &l.respondent),
        interviewer: question_label(&ctx.form, g, &ctx.record, &l.interviewer),
    });
    let mut sections: Vec<SectionLink> = Vec::new();
    for it in flow {
        if let Some(g) = top_group(&it.group)
            && !sections.iter().any(|s| s.name == g)
        {
            sections.push(SectionLink {
                name: g.to_owned(),
                label: question_label(&ctx.form, g, &ctx.record, &l.interviewer),
                current: Some(g) == section_name,
            });
        }
    }
    let total = flow.iter().filter(|it| is_question(it)).count() as u32;
    let answered = flow
        .iter()
        .filter(|it| is_question(it) && is_answered(it))
        .count() as u32;
    // Honest progress: sections of the questionnaire, all of them, so the
    // total never grows as relevance opens questions; a section that does
    // not apply counts as passed once the interview is beyond it.
    let (step, steps) = section_progress(&ctx.form, &item.key.name);
    // In the digits the interviewer's language prints, as the case list's
    // counts and dates are (Burmese and Khmer: native).
    let digits = |n: u32| crate::dates::localize_digits(&n.to_string(), &l.interviewer);
    let progress = msg(
        &l.interviewer,
        "interview-progress",
        &[
            ("step", digits(step)),
            ("steps", digits(steps)),
            ("answered", digits(answered)),
        ],
    );
    let zawgyi = value
        .as_deref()
        .filter(|_| input_kind(item) == "text")
        .and_then(zawgyi_reading);
    QuestionScreen {
        zawgyi,
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        section,
        sections,
        question: QuestionView {
            input: input_kind(item).to_owned(),
            label,
            hint,
            guidance,
            interviewer_only: own,
            required: item.required,
            choices,
            dont_know: offered(item.allows_dont_know, "interview-dont-know"),
            prefer_not: offered(item.allows_prefer_not_to_answer, "interview-prefer-not"),
            state: state.to_owned(),
            typed: value.as_deref().map(|v| {
                let name = key.split('[').next().unwrap_or(&key);
                typed_value(&ctx.form, name, v, &l.interviewer)
            }),
            value,
            shown_in: ctx
                .record
                .answers
                .get(&key)
                .map(|a| a.answer.provenance.language.clone()),
            conflict: conflict_options(&ctx.form, &ctx.record, &key, &l.interviewer),
            key,
        },
        step,
        steps,
        answered,
        total,
        progress,
        can_back: i > 0,
        messages,
    }
}

/// The Unicode reading of `text` when it looks like Zawgyi (certainly or
/// possibly) and converting changes it.
pub(super) fn zawgyi_reading(text: &str) -> Option<String> {
    use i18n::zawgyi::{Verdict, detect, to_unicode};
    matches!(detect(text), Verdict::Zawgyi | Verdict::Ask)
        .then(|| to_unicode(text))
        .filter(|u| u != text)
}

/// (The section the question is in, or the last one begun before it, 1-based;
/// every top-level section of the questionnaire that asks something.)
pub(super) fn section_progress(form: &Questionnaire, name: &str) -> (u32, u32) {
    let asks = |i: usize| -> bool {
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            let node = &form.nodes[n];
            if node.question_type().is_some_and(|t| t.is_asked()) {
                return true;
            }
            stack.extend(node.children.iter().copied());
        }
        false
    };
    let sections: Vec<usize> = form
        .roots
        .iter()
        .copied()
        .filter(|&r| form.nodes[r].question_type().is_none() && asks(r))
        .collect();
    let row = form.node(name).map_or(usize::MAX, |n| n.row);
    let begun = sections
        .iter()
        .filter(|&&s| form.nodes[s].row <= row)
        .count();
    (begun.max(1) as u32, sections.len().max(1) as u32)
}

pub(super) fn top_group(group: &str) -> Option<&str> {
    group.split('/').next().filter(|g| !g.is_empty())
}
