//! Reading a record's document: its view, its index record, an answer's
//! candidates.

use std::collections::{BTreeMap, BTreeSet};

use automerge::iter::MapRangeItem;
use automerge::{
    Automerge, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, ScalarValueRef, Value, ValueRef,
};
use chrono::{DateTime, Utc};

use super::{
    Answer, CurrentAnswer, FormRef, IndexEntry, Malformed, RecordKind, RecordView, Status,
    UserText, answer_at, decode_answer, json_at, list_at, map_at, read_meta, str_at,
};
use crate::RecordId;

/// A map's fields, read in one pass: a lookup per key (a dozen for the
/// root) was the larger part of deriving a record's index entry.
struct Fields<'a>(Vec<MapRangeItem<'a>>);

impl<'a> Fields<'a> {
    fn of(doc: &'a Automerge, obj: &ObjId) -> Self {
        Fields(doc.map_range(obj, ..).collect())
    }

    /// The current value at `key` (Automerge's pick, as `get` gives it);
    /// `map_range` yields keys in order.
    fn get(&self, key: &str) -> Option<&MapRangeItem<'a>> {
        let i = self
            .0
            .binary_search_by(|item| item.key.as_ref().cmp(key))
            .ok()?;
        self.0.get(i)
    }

    fn opt_str(&self, key: &str) -> Result<Option<String>, Malformed> {
        match self.get(key).map(|item| &item.value) {
            None => Ok(None),
            Some(ValueRef::Scalar(ScalarValueRef::Str(s))) => Ok(Some(s.to_string())),
            Some(_) => Err(Malformed),
        }
    }

    fn str(&self, key: &str) -> Result<String, Malformed> {
        self.opt_str(key)?.ok_or(Malformed)
    }

    fn time(&self, key: &str) -> Result<DateTime<Utc>, Malformed> {
        match self.get(key).map(|item| &item.value) {
            Some(ValueRef::Scalar(ScalarValueRef::Timestamp(ms) | ScalarValueRef::Int(ms))) => {
                DateTime::from_timestamp_millis(*ms).ok_or(Malformed)
            }
            _ => Err(Malformed),
        }
    }

    fn map(&self, key: &str) -> Result<ObjId, Malformed> {
        match self.get(key) {
            Some(item) if item.value == ValueRef::Object(ObjType::Map) => Ok(item.id()),
            _ => Err(Malformed),
        }
    }
}

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
    let root = Fields::of(doc, &ROOT);
    let form = Fields::of(doc, &root.map("form")?);
    let answers_obj = root.map("answers")?;
    let mut answers = BTreeMap::new();
    // One pass over the answers; only a question in conflict is looked up
    // again for every concurrent value (a lookup per question was the
    // largest cost of reading a record).
    let mut in_conflict = Vec::new();
    let mut latest = root.time("updated")?;
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
        kind: RecordKind::parse(&root.str("kind")?).ok_or(Malformed)?,
        form: FormRef {
            id: form.str("id")?,
            version: form.str("version")?,
            hash: form.str("hash")?,
        },
        status: Status::parse(&root.str("status")?).ok_or(Malformed)?,
        language: root.str("lang")?,
        device_id: root.str("device")?,
        created_at: root.time("created")?,
        updated_at: latest,
        title: UserText(root.str("title")?),
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

fn summarize_answers(doc: &Automerge, answers_obj: &ObjId) -> Result<AnswersSummary, Malformed> {
    let mut out = AnswersSummary {
        count: 0,
        conflicted: BTreeSet::new(),
        latest_ms: i64::MIN,
    };
    for item in doc.map_range(answers_obj, ..) {
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
        for (v, _) in doc.get_all(answers_obj, q.as_str())? {
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
    let root = Fields::of(doc, &ROOT);
    let form = Fields::of(doc, &root.map("form")?);
    let answers = summarize_answers(doc, &root.map("answers")?)?;
    let updated = root.time("updated")?;
    let latest =
        DateTime::from_timestamp_millis(answers.latest_ms).map_or(updated, |t| t.max(updated));
    let entry = IndexEntry {
        kind: RecordKind::parse(&root.str("kind")?).ok_or(Malformed)?,
        form_id: form.str("id")?,
        form_version: form.str("version")?,
        form_hash: form.str("hash")?,
        status: Status::parse(&root.str("status")?).ok_or(Malformed)?,
        created_at: root.time("created")?,
        updated_at: latest,
        language: root.str("lang")?,
        title: UserText(root.str("title")?),
        answer_count: answers.count,
        conflict_count: u32::try_from(answers.conflicted.len()).unwrap_or(u32::MAX),
        outcome: root.opt_str("outcome")?,
        referrals: root
            .opt_str("referrals")?
            .map(|r| r.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
        device_id: root.str("device")?,
    };
    Ok((entry, answers.conflicted))
}
