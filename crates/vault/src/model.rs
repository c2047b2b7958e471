//! Public record types and their Automerge representation.
//!
//! # Document layout (schema 1)
//!
//! One Automerge document per record. Root map:
//!
//! | key        | type               | meaning                                           |
//! |------------|--------------------|---------------------------------------------------|
//! | `schema`   | uint               | `1`                                               |
//! | `kind`     | str                | `interview` \| `vessel_inspection`                |
//! | `form`     | map {id, version, hash} (str) | questionnaire identity                 |
//! | `lang`     | str                | language chosen at creation (BCP 47)              |
//! | `device`   | str                | device that created the record                    |
//! | `created`  | timestamp (ms)     | creation time (given by the caller)               |
//! | `updated`  | timestamp (ms)     | time of the latest change (given by the caller)   |
//! | `status`   | str                | `in_progress` \| `complete`                       |
//! | `title`    | str                | short display title                               |
//! | `answers`  | map question → answer object | current answer per question             |
//! | `log`      | list of log entries| every answer ever given, append-only              |
//! | `crew`     | list of str        | (vessel inspections) ids of crew interviews       |
//!
//! An *answer object* is a map written whole on every answer, so a value and
//! its provenance always travel together: `s` state (`value` \| `dont_know` \|
//! `prefer_not`), `v` the value string (only when `s = value`), `lang`, `at`
//! (timestamp ms), `dev` (device id), `interp` (bool). Two devices answering
//! the same question concurrently leave two answer objects under the same key:
//! `get_all(answers, q).len() > 1` is a conflict. A *log entry* is an answer
//! object plus `q` (question name) and `res` (true when it resolved a conflict).

use std::collections::BTreeMap;
use std::fmt;

use automerge::transaction::Transactable;
use automerge::{Automerge, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use chrono::{DateTime, Utc};

use crate::RecordId;

/// A scalar answer. Values are stored as XLSForm/ODK strings: ISO dates
/// (`YYYY-MM-DD`), ASCII digits, space-separated choices for select_multiple.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum AnswerValue {
    /// A given value.
    Value(String),
    /// The respondent does not know.
    DontKnow,
    /// The respondent prefers not to answer.
    PreferNot,
}

impl AnswerValue {
    /// `value`, `dont_know` or `prefer_not`.
    pub fn state_code(&self) -> &'static str {
        match self {
            AnswerValue::Value(_) => "value",
            AnswerValue::DontKnow => "dont_know",
            AnswerValue::PreferNot => "prefer_not",
        }
    }

    /// The value string, if this is a value.
    pub fn as_value(&self) -> Option<&str> {
        match self {
            AnswerValue::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// Redacted: answers must never reach logs or panic messages.
impl fmt::Debug for AnswerValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerValue::Value(v) => write!(f, "Value(<redacted, {} bytes>)", v.len()),
            AnswerValue::DontKnow => f.write_str("DontKnow"),
            AnswerValue::PreferNot => f.write_str("PreferNot"),
        }
    }
}

/// Text a person wrote (e.g. a display title). Its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UserText(pub String);

impl fmt::Debug for UserText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserText(<redacted, {} bytes>)", self.0.len())
    }
}

impl std::ops::Deref for UserText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for UserText {
    fn from(s: &str) -> Self {
        UserText(s.to_owned())
    }
}

/// Where an answer came from: passed in by the caller, stored with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The language the question was shown in (BCP 47, e.g. `my`).
    pub language: String,
    /// When the answer was given.
    pub at: DateTime<Utc>,
    /// The device that recorded it.
    pub device_id: String,
    /// Whether an interpreter was present.
    pub interpreter: bool,
}

/// An answer with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The value.
    pub value: AnswerValue,
    /// Where it came from.
    pub provenance: Provenance,
}

/// The current answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAnswer {
    /// Automerge's deterministic pick (NOT necessarily the latest in time).
    pub answer: Answer,
    /// Other concurrent answers; non-empty means a conflict a person must resolve.
    pub conflicting: Vec<Answer>,
}

impl CurrentAnswer {
    /// True when two or more devices answered concurrently.
    pub fn is_conflict(&self) -> bool {
        !self.conflicting.is_empty()
    }
}

/// One entry of an answer's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The answer given.
    pub answer: Answer,
    /// True when this answer resolved a conflict.
    pub resolution: bool,
}

/// What a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A screening or crew interview.
    Interview,
    /// A vessel inspection (lists its crew interviews).
    VesselInspection,
}

impl RecordKind {
    fn code(self) -> &'static str {
        match self {
            RecordKind::Interview => "interview",
            RecordKind::VesselInspection => "vessel_inspection",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "interview" => Some(RecordKind::Interview),
            "vessel_inspection" => Some(RecordKind::VesselInspection),
            _ => None,
        }
    }
}

/// Record status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being filled in.
    InProgress,
    /// Marked complete.
    Complete,
}

impl Status {
    /// `in_progress` or `complete`.
    pub fn code(self) -> &'static str {
        match self {
            Status::InProgress => "in_progress",
            Status::Complete => "complete",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "in_progress" => Some(Status::InProgress),
            "complete" => Some(Status::Complete),
            _ => None,
        }
    }
}

/// The questionnaire a record was made with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FormRef {
    /// Questionnaire id.
    pub id: String,
    /// Questionnaire version.
    pub version: String,
    /// Hash of definition + translations.
    pub hash: String,
}

/// Arguments for creating a record.
#[derive(Debug, Clone)]
pub struct NewRecord {
    /// The questionnaire.
    pub form: FormRef,
    /// Language chosen at creation (BCP 47).
    pub language: String,
    /// This device's id.
    pub device_id: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Short display title for the case list (may be empty).
    pub title: UserText,
}

/// A record as read from its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordView {
    /// Record id.
    pub id: RecordId,
    /// Kind.
    pub kind: RecordKind,
    /// Questionnaire.
    pub form: FormRef,
    /// Status.
    pub status: Status,
    /// Language chosen at creation.
    pub language: String,
    /// Device that created it.
    pub device_id: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Time of the latest change.
    pub updated_at: DateTime<Utc>,
    /// Display title.
    pub title: UserText,
    /// Current answers by question name.
    pub answers: BTreeMap<String, CurrentAnswer>,
    /// Crew interviews (vessel inspections only; empty otherwise).
    pub crew: Vec<RecordId>,
}

impl RecordView {
    /// Questions with concurrent answers waiting for a person to resolve them.
    pub fn conflicts(&self) -> Vec<&str> {
        self.answers
            .iter()
            .filter(|(_, a)| a.is_conflict())
            .map(|(q, _)| q.as_str())
            .collect()
    }
}

/// The small encrypted index record kept per record, so the case list opens
/// without loading documents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndexEntry {
    /// Kind.
    pub kind: RecordKind,
    /// Questionnaire id.
    pub form_id: String,
    /// Questionnaire version.
    pub form_version: String,
    /// Status.
    pub status: Status,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Latest change.
    pub updated_at: DateTime<Utc>,
    /// Language chosen at creation.
    pub language: String,
    /// Display title.
    pub title: UserText,
    /// Number of answered questions.
    pub answer_count: u32,
    /// Number of questions in conflict.
    pub conflict_count: u32,
}

// ---------------------------------------------------------------------------
// Automerge mapping (crate-private).

/// The document does not follow the schema.
#[derive(Debug)]
pub(crate) struct Malformed;

impl From<automerge::AutomergeError> for Malformed {
    fn from(_: automerge::AutomergeError) -> Self {
        Malformed
    }
}

type Am<T> = Result<T, automerge::AutomergeError>;

pub(crate) fn init_doc(tx: &mut impl Transactable, kind: RecordKind, new: &NewRecord) -> Am<()> {
    tx.put(ROOT, "schema", ScalarValue::Uint(1))?;
    tx.put(ROOT, "kind", kind.code())?;
    let form = tx.put_object(ROOT, "form", ObjType::Map)?;
    tx.put(&form, "id", new.form.id.as_str())?;
    tx.put(&form, "version", new.form.version.as_str())?;
    tx.put(&form, "hash", new.form.hash.as_str())?;
    tx.put(ROOT, "lang", new.language.as_str())?;
    tx.put(ROOT, "device", new.device_id.as_str())?;
    let ms = new.created_at.timestamp_millis();
    tx.put(ROOT, "created", ScalarValue::Timestamp(ms))?;
    tx.put(ROOT, "updated", ScalarValue::Timestamp(ms))?;
    tx.put(ROOT, "status", Status::InProgress.code())?;
    tx.put(ROOT, "title", new.title.0.as_str())?;
    tx.put_object(ROOT, "answers", ObjType::Map)?;
    tx.put_object(ROOT, "log", ObjType::List)?;
    if kind == RecordKind::VesselInspection {
        tx.put_object(ROOT, "crew", ObjType::List)?;
    }
    Ok(())
}

fn write_answer_fields(tx: &mut impl Transactable, obj: &ObjId, answer: &Answer) -> Am<()> {
    tx.put(obj, "s", answer.value.state_code())?;
    if let AnswerValue::Value(v) = &answer.value {
        tx.put(obj, "v", v.as_str())?;
    }
    let p = &answer.provenance;
    tx.put(obj, "lang", p.language.as_str())?;
    tx.put(obj, "at", ScalarValue::Timestamp(p.at.timestamp_millis()))?;
    tx.put(obj, "dev", p.device_id.as_str())?;
    tx.put(obj, "interp", p.interpreter)?;
    Ok(())
}

/// Writes an answer (replacing every concurrent value) and appends it to the log.
pub(crate) fn put_answer(
    doc: &mut Automerge,
    question: &str,
    answer: &Answer,
    resolution: bool,
) -> Result<(), Malformed> {
    let answers = map_at(doc, &ROOT, "answers")?;
    let log = list_at(doc, &ROOT, "log")?;
    let mut tx = doc.transaction();
    let obj = tx.put_object(&answers, question, ObjType::Map)?;
    write_answer_fields(&mut tx, &obj, answer)?;
    let len = tx.length(&log);
    let entry = tx.insert_object(&log, len, ObjType::Map)?;
    tx.put(&entry, "q", question)?;
    tx.put(&entry, "res", resolution)?;
    write_answer_fields(&mut tx, &entry, answer)?;
    bump_updated(&mut tx, answer.provenance.at)?;
    tx.commit();
    Ok(())
}

fn bump_updated(tx: &mut automerge::transaction::Transaction<'_>, at: DateTime<Utc>) -> Am<()> {
    let ms = at.timestamp_millis();
    let current = match tx.get(ROOT, "updated")? {
        Some((Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Timestamp(t) => *t,
            _ => i64::MIN,
        },
        _ => i64::MIN,
    };
    if ms > current {
        tx.put(ROOT, "updated", ScalarValue::Timestamp(ms))?;
    }
    Ok(())
}

pub(crate) fn set_status(doc: &mut Automerge, status: Status, at: DateTime<Utc>) -> Am<()> {
    let mut tx = doc.transaction();
    tx.put(ROOT, "status", status.code())?;
    bump_updated(&mut tx, at)?;
    tx.commit();
    Ok(())
}

pub(crate) fn set_title(doc: &mut Automerge, title: &str, at: DateTime<Utc>) -> Am<()> {
    let mut tx = doc.transaction();
    tx.put(ROOT, "title", title)?;
    bump_updated(&mut tx, at)?;
    tx.commit();
    Ok(())
}

pub(crate) fn add_crew(
    doc: &mut Automerge,
    member: RecordId,
    at: DateTime<Utc>,
) -> Result<(), Malformed> {
    let crew = list_at(doc, &ROOT, "crew")?;
    let existing = read_crew(doc)?;
    if existing.contains(&member) {
        return Ok(());
    }
    let mut tx = doc.transaction();
    let len = tx.length(&crew);
    tx.insert(&crew, len, member.to_string())?;
    bump_updated(&mut tx, at)?;
    tx.commit();
    Ok(())
}

fn obj_at(doc: &Automerge, obj: &ObjId, key: &str, ty: ObjType) -> Result<ObjId, Malformed> {
    match doc.get(obj, key)? {
        Some((Value::Object(t), id)) if t == ty => Ok(id),
        _ => Err(Malformed),
    }
}

fn map_at(doc: &Automerge, obj: &ObjId, key: &str) -> Result<ObjId, Malformed> {
    obj_at(doc, obj, key, ObjType::Map)
}

fn list_at(doc: &Automerge, obj: &ObjId, key: &str) -> Result<ObjId, Malformed> {
    obj_at(doc, obj, key, ObjType::List)
}

fn scalar(doc: &Automerge, obj: &ObjId, key: &str) -> Result<ScalarValue, Malformed> {
    match doc.get(obj, key)? {
        Some((Value::Scalar(s), _)) => Ok(s.into_owned()),
        _ => Err(Malformed),
    }
}

fn str_at(doc: &Automerge, obj: &ObjId, key: &str) -> Result<String, Malformed> {
    match scalar(doc, obj, key)? {
        ScalarValue::Str(s) => Ok(s.to_string()),
        _ => Err(Malformed),
    }
}

fn time_at(doc: &Automerge, obj: &ObjId, key: &str) -> Result<DateTime<Utc>, Malformed> {
    match scalar(doc, obj, key)? {
        ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => {
            DateTime::from_timestamp_millis(ms).ok_or(Malformed)
        }
        _ => Err(Malformed),
    }
}

fn bool_at(doc: &Automerge, obj: &ObjId, key: &str) -> Result<bool, Malformed> {
    match scalar(doc, obj, key)? {
        ScalarValue::Boolean(b) => Ok(b),
        _ => Err(Malformed),
    }
}

fn read_answer(doc: &Automerge, obj: &ObjId) -> Result<Answer, Malformed> {
    let value = match str_at(doc, obj, "s")?.as_str() {
        "value" => AnswerValue::Value(str_at(doc, obj, "v")?),
        "dont_know" => AnswerValue::DontKnow,
        "prefer_not" => AnswerValue::PreferNot,
        _ => return Err(Malformed),
    };
    Ok(Answer {
        value,
        provenance: Provenance {
            language: str_at(doc, obj, "lang")?,
            at: time_at(doc, obj, "at")?,
            device_id: str_at(doc, obj, "dev")?,
            interpreter: bool_at(doc, obj, "interp")?,
        },
    })
}

/// All concurrent answers for one question (first = Automerge's pick).
pub(crate) fn answer_candidates(doc: &Automerge, question: &str) -> Result<Vec<Answer>, Malformed> {
    let answers = map_at(doc, &ROOT, "answers")?;
    let all = doc.get_all(&answers, question)?;
    let winner = doc.get(&answers, question)?.map(|(_, id)| id);
    let mut out = Vec::with_capacity(all.len());
    // Put Automerge's deterministic pick first.
    let mut ids: Vec<ObjId> = all
        .into_iter()
        .filter(|(v, _)| matches!(v, Value::Object(ObjType::Map)))
        .map(|(_, id)| id)
        .collect();
    if let Some(w) = winner
        && let Some(pos) = ids.iter().position(|i| *i == w)
    {
        let w = ids.remove(pos);
        ids.insert(0, w);
    }
    for id in ids {
        out.push(read_answer(doc, &id)?);
    }
    Ok(out)
}

fn read_crew(doc: &Automerge) -> Result<Vec<RecordId>, Malformed> {
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
    let keys: Vec<String> = doc.keys(&answers_obj).collect();
    for q in keys {
        let mut cands = answer_candidates(doc, &q)?;
        if cands.is_empty() {
            continue;
        }
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
        updated_at: time_at(doc, &ROOT, "updated")?,
        title: UserText(str_at(doc, &ROOT, "title")?),
        answers,
        crew: read_crew(doc)?,
    })
}

pub(crate) fn read_kind(doc: &Automerge) -> Result<RecordKind, Malformed> {
    RecordKind::parse(&str_at(doc, &ROOT, "kind")?).ok_or(Malformed)
}

pub(crate) fn history(doc: &Automerge, question: &str) -> Result<Vec<HistoryEntry>, Malformed> {
    let log = list_at(doc, &ROOT, "log")?;
    let mut out = Vec::new();
    for i in 0..doc.length(&log) {
        let Some((Value::Object(ObjType::Map), entry)) = doc.get(&log, i)? else {
            return Err(Malformed);
        };
        if str_at(doc, &entry, "q")? != question {
            continue;
        }
        out.push(HistoryEntry {
            answer: read_answer(doc, &entry)?,
            resolution: bool_at(doc, &entry, "res")?,
        });
    }
    // Concurrent appends interleave by Automerge's order: sort by time, stable.
    out.sort_by_key(|e| e.answer.provenance.at);
    Ok(out)
}

pub(crate) fn index_entry(doc: &Automerge) -> Result<IndexEntry, Malformed> {
    let form = map_at(doc, &ROOT, "form")?;
    let answers_obj = map_at(doc, &ROOT, "answers")?;
    let mut answer_count = 0u32;
    let mut conflict_count = 0u32;
    let keys: Vec<String> = doc.keys(&answers_obj).collect();
    for q in keys {
        answer_count += 1;
        if doc.get_all(&answers_obj, q.as_str())?.len() > 1 {
            conflict_count += 1;
        }
    }
    Ok(IndexEntry {
        kind: read_kind(doc)?,
        form_id: str_at(doc, &form, "id")?,
        form_version: str_at(doc, &form, "version")?,
        status: Status::parse(&str_at(doc, &ROOT, "status")?).ok_or(Malformed)?,
        created_at: time_at(doc, &ROOT, "created")?,
        updated_at: time_at(doc, &ROOT, "updated")?,
        language: str_at(doc, &ROOT, "lang")?,
        title: UserText(str_at(doc, &ROOT, "title")?),
        answer_count,
        conflict_count,
    })
}
