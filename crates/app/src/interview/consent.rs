//! The consent page and the page after a declined consent.

use super::*;

pub(super) fn consent_view(ctx: &Ctx, id: &str) -> ConsentView {
    let l = &ctx.langs;
    let both = |name: &str| Bi {
        respondent: question_label(&ctx.form, name, &ctx.record, &l.respondent),
        interviewer: question_label(&ctx.form, name, &ctx.record, &l.interviewer),
    };
    let notes: Vec<&forms::model::Node> = ctx
        .consent_group()
        .map(|g| {
            ctx.form
                .questions()
                .filter(|n| {
                    n.group_path == g
                        && n.name != CONSENT
                        && n.relevant.is_none()
                        && matches!(n.question_type(), Some(forms::model::QuestionType::Note))
                })
                .collect()
        })
        .unwrap_or_default();
    let script = notes.iter().map(|n| both(&n.name)).collect();
    // The script's stage directions (its notes' `hint`: "Read this to the
    // person ..."), for the interviewer in their language, never read aloud.
    let directions = notes
        .iter()
        .filter_map(|n| render(ctx.form.attr(&n.name, "hint", &l.interviewer), &ctx.record))
        .collect();
    let list = ctx
        .form
        .node(CONSENT)
        .and_then(|n| n.question_type())
        .and_then(|t| t.list().map(str::to_owned))
        .unwrap_or_default();
    let choice = |v: &str| Bi {
        respondent: value_text(&ctx.form, CONSENT, v, &l.respondent),
        interviewer: value_text(&ctx.form, CONSENT, v, &l.interviewer),
    };
    let _ = list;
    ConsentView {
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        script,
        directions,
        question: both(CONSENT),
        yes: choice("yes"),
        no: choice("no"),
    }
}

pub(super) fn declined_view(ctx: &Ctx, id: &str) -> DeclinedView {
    let l = &ctx.langs;
    let note = "consent_declined_note";
    let advice = if ctx.form.node(note).is_some() {
        Bi {
            respondent: question_label(&ctx.form, note, &ctx.record, &l.respondent),
            interviewer: question_label(&ctx.form, note, &ctx.record, &l.interviewer),
        }
    } else {
        bi_msg(l, "interview-consent-declined")
    };
    DeclinedView {
        id: id.to_owned(),
        title: ctx.title(),
        langs: l.clone(),
        advice,
    }
}
