//! Reading a record's document: its view, its index record, an answer's
//! candidates.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{Automerge, ObjId, ROOT, ReadDoc, ScalarValue, Value};
use chrono::DateTime;

use super::{
    Answer, CurrentAnswer, FormRef, IndexEntry, Malformed, RecordKind, RecordView, Status,
    UserText, answer_at, decode_answer, json_at, list_at, map_at, optional_str, read_meta, str_at,
    time_at,
};
use crate::RecordId;

pub(crate) fn answer_candidates(doc: &Automerge, question: &str) -> Result<Vec<Answer>, Malformed> {
    let answers = map_at(doc, &ROOT, "answers")?;
    candidates_in(doc, &answers, question)
}

fn candidates_in(
    doc: &Automerge,
    answers: &ObjId,
    question: &str,
) -> Result<Vec<Answer>, Malformed> {
    let all = doc.get_all(answers, question)?;
    let winner = doc.get(answers, question)?.map(|(_, id)| id);
    let mut out: Vec<(bool, Answer)> = Vec::with_capacity(all.len());
    for (v, id) in all {
        let Value::Scalar(s) = v else {
            return Err(Malformed);
        };
        let ScalarValue::Str(json) = s.as_ref() else {
            return Err(Malformed);
        };
        out.push((Some(&id) == winner.as_ref(), decode_answer(json)?.0));
    }
    // Automerge's deterministic pick first.
    out.sort_by_key(|(w, _)| !*w);
    Ok(out.into_iter().map(|(_, a)| a).collect())
}

pub(super) fn read_crew(doc: &Automerge) -> Result<Vec<RecordId>, Malformed> {
    let Ok(crew) = list_at(doc, &ROOT, "crew") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for i in 0..doc.length(&crew) {
        if let Some((Value::Scalar(s), _)) = doc.get(&crew, i)?
            && let ScalarValue::Str(s) = s.as_ref()
        {
            let id: RecordId = s.parse().map_err(|_| Malformed)?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

pub(crate) fn read_view(doc: &Automerge, id: RecordId) -> Result<RecordView, Malformed> {
    let form = map_at(doc, &ROOT, "form")?;
    let answers_obj = map_at(doc, &ROOT, "answers")?;
    let mut answers = BTreeMap::new();
    // One pass over the answers; only a question in conflict is looked up
    // again for every concurrent value (a lookup per question was the
    // largest cost of reading a record).
    let mut in_conflict = Vec::new();
    let mut latest = time_at(doc, &ROOT, "updated")?;
    for item in doc.map_range(&answers_obj, ..) {
        if item.conflict {
            in_conflict.push(item.key.into_owned());
            continue;
        }
        let automerge::ValueRef::Scalar(automerge::ScalarValueRef::Str(json)) = &item.value else {
            return Err(Malformed);
        };
        let answer = decode_answer(json)?.0;
        latest = latest.max(answer.provenance.at);
        answers.insert(
            item.key.into_owned(),
            CurrentAnswer {
                answer,
                conflicting: Vec::new(),
            },
        );
    }
    for q in in_conflict {
        let mut cands = candidates_in(doc, &answers_obj, &q)?;
        if cands.is_empty() {
            continue;
        }
        latest = cands
            .iter()
            .map(|a| a.provenance.at)
            .fold(latest, DateTime::max);
        let answer = cands.remove(0);
        answers.insert(
            q,
            CurrentAnswer {
                answer,
                conflicting: cands,
            },
        );
    }
    Ok(RecordView {
        id,
        kind: RecordKind::parse(&str_at(doc, &ROOT, "kind")?).ok_or(Malformed)?,
        form: FormRef {
            id: str_at(doc, &form, "id")?,
            version: str_at(doc, &form, "version")?,
            hash: str_at(doc, &form, "hash")?,
        },
        status: Status::parse(&str_at(doc, &ROOT, "status")?).ok_or(Malformed)?,
        language: str_at(doc, &ROOT, "lang")?,
        device_id: str_at(doc, &ROOT, "device")?,
        created_at: time_at(doc, &ROOT, "created")?,
        updated_at: latest,
        title: UserText(str_at(doc, &ROOT, "title")?),
        answers,
        crew: read_crew(doc)?,
        meta: read_meta(doc)?,
    })
}

pub(crate) fn read_kind(doc: &Automerge) -> Result<RecordKind, Malformed> {
    RecordKind::parse(&str_at(doc, &ROOT, "kind")?).ok_or(Malformed)
}

/// What the case list keeps of a record's answers, read in one pass.
struct AnswersSummary {
    count: u32,
    conflicted: BTreeSet<String>,
    /// The latest `at` of every current value (`i64::MIN` when none).
    latest_ms: i64,
}

fn summarize_answers(doc: &Automerge) -> Result<AnswersSummary, Malformed> {
    let answers_obj = map_at(doc, &ROOT, "answers")?;
    let mut out = AnswersSummary {
        count: 0,
        conflicted: BTreeSet::new(),
        latest_ms: i64::MIN,
    };
    for item in doc.map_range(&answers_obj, ..) {
        out.count = out.count.saturating_add(1);
        if item.conflict {
            out.conflicted.insert(item.key.to_string());
            continue;
        }
        let automerge::ValueRef::Scalar(automerge::ScalarValueRef::Str(json)) = &item.value else {
            return Err(Malformed);
        };
        out.latest_ms = out.latest_ms.max(json_at(json)?);
    }
    for q in &out.conflicted {
        for (v, _) in doc.get_all(&answers_obj, q.as_str())? {
            out.latest_ms = out.latest_ms.max(answer_at(&v)?);
        }
    }
    Ok(out)
}

pub(crate) fn index_entry(doc: &Automerge) -> Result<IndexEntry, Malformed> {
    Ok(index_and_conflicts(doc)?.0)
}

/// The index record and the questions in conflict, from one pass over the
/// answers.
pub(crate) fn index_and_conflicts(
    doc: &Automerge,
) -> Result<(IndexEntry, BTreeSet<String>), Malformed> {
    let form = map_at(doc, &ROOT, "form")?;
    let answers = summarize_answers(doc)?;
    let updated = time_at(doc, &ROOT, "updated")?;
    let latest =
        DateTime::from_timestamp_millis(answers.latest_ms).map_or(updated, |t| t.max(updated));
    let entry = IndexEntry {
        kind: read_kind(doc)?,
        form_id: str_at(doc, &form, "id")?,
        form_version: str_at(doc, &form, "version")?,
        form_hash: str_at(doc, &form, "hash")?,
        status: Status::parse(&str_at(doc, &ROOT, "status")?).ok_or(Malformed)?,
        created_at: time_at(doc, &ROOT, "created")?,
        updated_at: latest,
        language: str_at(doc, &ROOT, "lang")?,
        title: UserText(str_at(doc, &ROOT, "title")?),
        answer_count: answers.count,
        conflict_count: u32::try_from(answers.conflicted.len()).unwrap_or(u32::MAX),
        outcome: optional_str(doc, &ROOT, "outcome")?,
        referrals: optional_str(doc, &ROOT, "referrals")?
            .map(|r| r.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
        device_id: str_at(doc, &ROOT, "device")?,
    };
    Ok((entry, answers.conflicted))
}
