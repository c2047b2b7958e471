//! Public record types and their Automerge representation.
//!
//! # Document layout (schema 2)
//!
//! One Automerge document per record. Root map:
//!
//! | key        | type               | meaning                                           |
//! |------------|--------------------|---------------------------------------------------|
//! | `schema`   | uint               | `2` (`1`: a record that also kept `log`)          |
//! | `kind`     | str                | `interview` \| `vessel_inspection`                |
//! | `form`     | map {id, version, hash} (str) | questionnaire identity                 |
//! | `lang`     | str                | language chosen at creation (BCP 47)              |
//! | `device`   | str                | device that created the record                    |
//! | `created`  | timestamp (ms)     | creation time (given by the caller)               |
//! | `updated`  | timestamp (ms)     | latest change other than an answer (see below)    |
//! | `status`   | str                | `in_progress` \| `complete`                       |
//! | `title`    | str                | short display title                               |
//! | `answers`  | map question → answer object | current answer per question             |
//! | `log`      | list of log entries| (schema 1 only) every answer given, append-only   |
//! | `crew`     | list of str        | (vessel inspections) ids of crew interviews       |
//! | `meta`     | map str → str      | per-record working state (may be absent in older records): `position`, `respondent_lang`, `interviewer_lang`, `notes` |
//!
//! An *answer* is one Automerge string scalar holding compact JSON, written
//! whole on every answer so a value and its provenance always travel
//! together (and one answer costs one op, which keeps autosave fast):
//!
//! ```json
//! {"s":"value","v":"1990-02-03","lang":"my","at":1750000000000,"dev":"device-a","interp":true}
//! ```
//!
//! `s` is the state (`value` | `dont_know` | `prefer_not`), `v` the value
//! string (only when `s = value`), `at` Unix milliseconds. Two devices
//! answering the same question concurrently leave two scalars under the same
//! key: `get_all(answers, q).len() > 1` is a conflict. `res: true` marks an
//! answer that resolved one.
//!
//! An answer is one operation and nothing else: its history is Automerge's
//! own (every value ever put under `answers[q]` stays in the document's
//! changes, [`history`] reads them), and a record's time of latest change
//! is the latest of `updated` and every current answer's `at`, so an
//! answer does not rewrite `updated` either (an answer that replaces a later
//! one, from a device whose clock is behind, moves `updated` to that later
//! time so it is not lost). Schema 1 records also appended each answer to a
//! `log` list (the same JSON plus `q`, the question) and rewrote `updated`:
//! three operations an answer, which made an answer's write twice as slow
//! and its record twice as large; they read as before.

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
    /// Whether the respondent answered on the device themselves (hand-over
    /// mode), with nobody reading the question to them.
    pub self_administered: bool,
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
    /// A questionnaire published to the team (its files and signed acts in
    /// `meta`; the `form` it names is itself). Not a case.
    Questionnaire,
}

impl RecordKind {
    fn code(self) -> &'static str {
        match self {
            RecordKind::Interview => "interview",
            RecordKind::VesselInspection => "vessel_inspection",
            RecordKind::Questionnaire => "questionnaire",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "interview" => Some(RecordKind::Interview),
            "vessel_inspection" => Some(RecordKind::VesselInspection),
            "questionnaire" => Some(RecordKind::Questionnaire),
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
    /// The respondent declined consent: the interview stopped and no answer
    /// is kept.
    ConsentDeclined,
}

impl Status {
    /// `in_progress` or `complete`.
    pub fn code(self) -> &'static str {
        match self {
            Status::InProgress => "in_progress",
            Status::Complete => "complete",
            Status::ConsentDeclined => "consent_declined",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "in_progress" => Some(Status::InProgress),
            "complete" => Some(Status::Complete),
            "consent_declined" => Some(Status::ConsentDeclined),
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
    /// Per-record working state (`position`, `respondent_lang`,
    /// `interviewer_lang`, `notes`), encrypted like everything else.
    pub meta: BTreeMap<String, UserText>,
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
    /// The questionnaire's content hash (empty in an index written before
    /// it was kept here: read the record then).
    #[serde(default)]
    pub form_hash: String,
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
    /// The determination the record was completed with, if recorded.
    /// (Left out of the stored row when there is none, as `referrals`
    /// when empty: every byte of an index row counts, see
    /// `store::StoredIndex::heads`.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The referral categories that determination suggests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<String>,
    /// The device that created the record (empty in an index written
    /// before it was kept here: read the record then).
    #[serde(default)]
    pub device_id: String,
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
    tx.put(ROOT, "schema", ScalarValue::Uint(2))?;
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
    tx.put_object(ROOT, "meta", ObjType::Map)?;
    tx.put_object(ROOT, "answers", ObjType::Map)?;
    if kind == RecordKind::VesselInspection {
        tx.put_object(ROOT, "crew", ObjType::List)?;
    }
    Ok(())
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredAnswer {
    s: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    lang: String,
    at: i64,
    dev: String,
    interp: bool,
    /// Self-administered (hand-over mode); absent in records written before
    /// the flag existed, and whenever false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    sa: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    res: bool,
}

fn encode_answer(answer: &Answer, resolution: bool) -> String {
    let p = &answer.provenance;
    let stored = StoredAnswer {
        s: answer.value.state_code().to_owned(),
        v: answer.value.as_value().map(str::to_owned),
        lang: p.language.clone(),
        at: p.at.timestamp_millis(),
        dev: p.device_id.clone(),
        interp: p.interpreter,
        sa: p.self_administered,
        q: None,
        res: resolution,
    };
    // Serializing plain strings, numbers and bools cannot fail.
    serde_json::to_string(&stored).unwrap_or_default()
}

fn decode_answer(json: &str) -> Result<(Answer, Option<String>, bool), Malformed> {
    let st: StoredAnswer = serde_json::from_str(json).map_err(|_| Malformed)?;
    let value = match (st.s.as_str(), st.v) {
        ("value", Some(v)) => AnswerValue::Value(v),
        ("dont_know", _) => AnswerValue::DontKnow,
        ("prefer_not", _) => AnswerValue::PreferNot,
        _ => return Err(Malformed),
    };
    Ok((
        Answer {
            value,
            provenance: Provenance {
                language: st.lang,
                at: DateTime::from_timestamp_millis(st.at).ok_or(Malformed)?,
                device_id: st.dev,
                interpreter: st.interp,
                self_administered: st.sa,
            },
        },
        st.q,
        st.res,
    ))
}

/// Object id of the `answers` map (looked up once per loaded document).
#[derive(Debug, Clone)]
pub(crate) struct Objs {
    answers: ObjId,
}

pub(crate) fn objs(doc: &Automerge) -> Result<Objs, Malformed> {
    Ok(Objs {
        answers: map_at(doc, &ROOT, "answers")?,
    })
}

/// Writes an answer, replacing every concurrent value (one operation; see
/// the module's notes). Returns whether the question had an answer before.
pub(crate) fn put_answer(
    doc: &mut Automerge,
    objs: &Objs,
    question: &str,
    answer: &Answer,
    resolution: bool,
) -> Result<bool, Malformed> {
    let before = doc.get_all(&objs.answers, question)?;
    let existed = !before.is_empty();
    let mut replaced_later = None;
    for (v, _) in before {
        let at = answer_at(&v)?;
        if at > answer.provenance.at.timestamp_millis() {
            replaced_later = replaced_later.max(Some(at));
        }
    }
    let mut tx = doc.transaction();
    tx.put(&objs.answers, question, encode_answer(answer, resolution))?;
    if let Some(at) = replaced_later {
        bump_updated_ms(&mut tx, at)?;
    }
    tx.commit();
    Ok(existed)
}

/// The `at` of a stored answer, read without decoding the rest of it (the
/// case list derives a record's time of latest change from every answer).
fn answer_at(v: &Value<'_>) -> Result<i64, Malformed> {
    let Value::Scalar(s) = v else {
        return Err(Malformed);
    };
    let ScalarValue::Str(json) = s.as_ref() else {
        return Err(Malformed);
    };
    json_at(json)
}

/// `at` of an answer's JSON. serde_json writes a quote inside a string as
/// `\"`, so `,"at":` occurs in its output only as the key itself.
fn json_at(json: &str) -> Result<i64, Malformed> {
    let Some(start) = json.find(r#","at":"#) else {
        return Ok(decode_answer(json)?.0.provenance.at.timestamp_millis());
    };
    let rest = &json[start + 6..];
    let end = rest
        .find(|c: char| c != '-' && !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().map_err(|_| Malformed)
}

fn bump_updated(tx: &mut automerge::transaction::Transaction<'_>, at: DateTime<Utc>) -> Am<()> {
    bump_updated_ms(tx, at.timestamp_millis())
}

fn bump_updated_ms(tx: &mut automerge::transaction::Transaction<'_>, ms: i64) -> Am<()> {
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

/// Sets one per-record working value (`meta` map; created in records made
/// before it existed).
pub(crate) fn set_meta(doc: &mut Automerge, key: &str, value: &str, at: DateTime<Utc>) -> Am<()> {
    let existing = match doc.get(ROOT, "meta")? {
        Some((Value::Object(ObjType::Map), id)) => Some(id),
        _ => None,
    };
    let mut tx = doc.transaction();
    let meta = match existing {
        Some(id) => id,
        None => tx.put_object(ROOT, "meta", ObjType::Map)?,
    };
    tx.put(&meta, key, value)?;
    bump_updated(&mut tx, at)?;
    tx.commit();
    Ok(())
}

fn read_meta(doc: &Automerge) -> Result<BTreeMap<String, UserText>, Malformed> {
    let mut out = BTreeMap::new();
    let Some((Value::Object(ObjType::Map), meta)) = doc.get(ROOT, "meta")? else {
        return Ok(out);
    };
    let keys: Vec<String> = doc.keys(&meta).collect();
    for k in keys {
        if let Some((Value::Scalar(v), _)) = doc.get(&meta, k.as_str())?
            && let ScalarValue::Str(s) = v.as_ref()
        {
            out.insert(k, UserText(s.to_string()));
        }
    }
    Ok(out)
}

pub(crate) fn set_title(doc: &mut Automerge, title: &str, at: DateTime<Utc>) -> Am<()> {
    let mut tx = doc.transaction();
    tx.put(ROOT, "title", title)?;
    bump_updated(&mut tx, at)?;
    tx.commit();
    Ok(())
}

/// Records the result a record was completed with: the determination and
/// the referral categories it suggests (space-separated).
pub(crate) fn set_outcome(
    doc: &mut Automerge,
    outcome: &str,
    referrals: &[String],
    at: DateTime<Utc>,
) -> Am<()> {
    let mut tx = doc.transaction();
    tx.put(ROOT, "outcome", outcome)?;
    tx.put(ROOT, "referrals", referrals.join(" "))?;
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

/// All concurrent answers for one question (first = Automerge's pick).
mod read;
use read::read_crew;
pub(crate) use read::{answer_candidates, index_and_conflicts, index_entry, read_kind, read_view};

mod history;
pub(crate) use history::history;

#[cfg(test)]
mod tests;
