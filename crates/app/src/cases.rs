//! Cases: interviews and vessel inspections kept in the encrypted vault.
//!
//! The CLI (`fieldscreen vault ...`, `fieldscreen interview ...`) and the app
//! window call these same functions. A [`CaseStore`] is an unlocked vault plus
//! the questionnaires its records use: every answer is checked against its
//! questionnaire and normalised (native digits → ASCII) before it is written,
//! and [`CaseStore::answer`] returns only once the answer is durable.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use forms::Questionnaire;
use forms::model::QuestionType;
use serde::Serialize;
use specta::Type;
use vault::{AnswerValue, FormRef, NewRecord, Provenance, RecordId, UserText, Vault};

pub use vault::{Passphrase, VaultError, VaultOptions};

use crate::AppError;
use crate::forms_source::{self, FormFiles, SourceError};

/// Plain-text file beside the database holding this device's random id
/// (not secret: it only tells devices apart).
const DEVICE_FILE: &str = "device-id";
/// Copies of the questionnaires the records use, by hash (public text).
const FORMS_DIR: &str = "forms";

/// What a person gives as an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerInput {
    Value(String),
    DontKnow,
    PreferNot,
}

/// Facts about a vault that need no passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct VaultSummary {
    pub path: String,
    pub vault_id: String,
    pub format: u32,
    /// Argon2id memory (KiB), iterations, parallelism.
    pub kdf: (u32, u32, u32),
    pub records: u64,
    pub bytes: u64,
}

/// One stored answer as shown and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AnswerView {
    /// The value as stored (ISO dates, ASCII digits, space-separated
    /// multi-selects); `null` for "don't know" and "prefer not to answer".
    pub value: Option<String>,
    /// `value`, `dont_know` or `prefer_not`.
    pub state: String,
    /// The language the question was shown in.
    pub lang: String,
    pub at: String,
    pub device: String,
    pub interpreter: bool,
    /// Present when devices gave different answers concurrently: every
    /// concurrent value, for a person to choose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Vec<AnswerView>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FormRefView {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// An interview as `fieldscreen interview show --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct InterviewView {
    pub id: String,
    pub form: FormRefView,
    /// `in_progress` or `complete`.
    pub status: String,
    pub lang: String,
    pub created: String,
    pub updated: String,
    pub answers: BTreeMap<String, AnswerView>,
    /// The questionnaire's declared scoring over these answers (absent when
    /// it declares none). The tool suggests; people decide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoring: Option<ScoringView>,
}

/// Which indicators the answers raise, and the determination they lead to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ScoringView {
    /// `adult` or `child` (the child route needs no means element).
    pub route: String,
    /// Whether the respondent may be under 18: `present`, `absent`, `declined`, `not_asked`.
    pub child: String,
    /// The indicators present, each with the answers that raised it.
    pub indicators: Vec<IndicatorView>,
    /// Dimensions (e.g. ILO/EC D1-D6) and whether each is positive.
    pub dimensions: Vec<DimensionView>,
    pub determination: Option<DeterminationView>,
    /// Notes the questionnaire declares beside the determination (e.g. how
    /// few core questions were answered): shown with it, never instead of it.
    pub flags: Vec<FlagView>,
}

/// A declared note beside the determination, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FlagView {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct IndicatorView {
    pub id: String,
    /// The indicator's name in the reader's language.
    pub label: String,
    /// `strong`, `medium` or `weak` on the route taken, if graded.
    pub strength: Option<String>,
    pub dimension: Option<String>,
    /// The answers that raised it: question (with repeat position) and value.
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EvidenceView {
    pub question: String,
    pub value: Option<String>,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DimensionView {
    pub id: String,
    pub positive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DeterminationView {
    pub id: String,
    /// What it means, in the reader's language.
    pub label: String,
    /// Suggested referral categories (emergency, shelter, labour complaint, ...).
    pub referrals: Vec<String>,
}

/// A row of the case list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CaseRow {
    pub id: String,
    /// `interview` or `vessel_inspection`; `damaged` when the record cannot be read.
    pub kind: String,
    pub form_id: String,
    pub form_version: String,
    pub status: String,
    pub created: String,
    pub updated: String,
    pub answers: u32,
    pub conflicts: u32,
}

/// An unlocked vault and the questionnaires its records use.
#[derive(Debug)]
pub struct CaseStore {
    pub(crate) vault: Vault,
    /// The language of messages for the person using this store.
    pub(crate) lang: String,
    pub(crate) dir: PathBuf,
    pub(crate) device_id: String,
    pub(crate) forms: HashMap<String, Arc<Questionnaire>>,
    /// What the case list remembers between calls (see `caselist`).
    pub(crate) list_cache: crate::caselist::ListCache,
}

fn vault_err(e: &VaultError, lang: &str) -> AppError {
    AppError::from_vault(e, lang)
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The folder whose `settings.json` caches the guessing cost for the vault
/// in `dir`: its parent (the app's data folder for the app's own vault).
fn cost_dir(dir: &Path) -> &Path {
    dir.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A well-formed questionnaire hash: 64 lower-case hex digits (what
/// `forms::folder_hash` gives). Only these ever become a path.
pub fn is_form_hash(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl CaseStore {
    /// Creates a vault in `dir` and returns it unlocked. The passphrase must
    /// pass [`crate::passphrase::check_new`] (the rule the window applies
    /// too).
    pub fn init(
        dir: &Path,
        passphrase: &Passphrase,
        options: VaultOptions,
        lang: &str,
    ) -> Result<Self, AppError> {
        crate::passphrase::check_new(
            passphrase.expose(),
            &crate::passphrase::kdf_cost(cost_dir(dir)),
            lang,
        )?;
        let vault = Vault::create(dir, passphrase, options).map_err(|e| vault_err(&e, lang))?;
        Self::with_vault(vault, dir, lang)
    }

    /// Opens and unlocks the vault in `dir`. A wrong passphrase changes
    /// nothing on disk but the attempt counter.
    pub fn unlock(
        dir: &Path,
        passphrase: &Passphrase,
        options: VaultOptions,
        lang: &str,
    ) -> Result<Self, AppError> {
        if !Vault::exists(dir) {
            return Err(vault_err(&VaultError::NotFound, lang));
        }
        let mut vault = Vault::open(dir, options).map_err(|e| vault_err(&e, lang))?;
        vault.unlock(passphrase).map_err(|e| vault_err(&e, lang))?;
        Self::with_vault(vault, dir, lang)
    }

    fn with_vault(vault: Vault, dir: &Path, lang: &str) -> Result<Self, AppError> {
        let device_id = device_id(dir).map_err(|e| AppError::io(&e, lang))?;
        Ok(CaseStore {
            vault,
            lang: lang.to_owned(),
            dir: dir.to_path_buf(),
            device_id,
            forms: HashMap::new(),
            list_cache: crate::caselist::ListCache::default(),
        })
    }

    /// The unlocked vault, for the team and sync layer (`link`), which
    /// shares this code path between the CLI and the app.
    pub fn vault_mut(&mut self) -> &mut Vault {
        &mut self.vault
    }

    /// Facts about the vault in `dir`, without unlocking it.
    pub fn summary(dir: &Path, lang: &str) -> Result<VaultSummary, AppError> {
        if !Vault::exists(dir) {
            return Err(vault_err(&VaultError::NotFound, lang));
        }
        let vault = Vault::open(dir, VaultOptions::default()).map_err(|e| vault_err(&e, lang))?;
        let info = vault.info().map_err(|e| vault_err(&e, lang))?;
        Ok(VaultSummary {
            path: dir.display().to_string(),
            vault_id: info.vault_id.to_string(),
            format: info.format,
            kdf: (info.kdf.m_kib, info.kdf.t, info.kdf.p),
            records: info.record_count,
            bytes: info.db_bytes,
        })
    }

    /// Changes the passphrase: the new one must pass the same rule as a new
    /// vault's; the vault then gets a new data key and every record is
    /// re-encrypted in one transaction.
    pub fn change_passphrase(
        dir: &Path,
        old: &Passphrase,
        new: &Passphrase,
        options: VaultOptions,
        lang: &str,
    ) -> Result<(), AppError> {
        if !Vault::exists(dir) {
            return Err(vault_err(&VaultError::NotFound, lang));
        }
        crate::passphrase::check_new(
            new.expose(),
            &crate::passphrase::kdf_cost(cost_dir(dir)),
            lang,
        )?;
        let mut vault = Vault::open(dir, options).map_err(|e| vault_err(&e, lang))?;
        vault
            .change_passphrase(old, new, None)
            .map_err(|e| vault_err(&e, lang))
    }

    /// Destroys the keys, then the files. No passphrase needed: a quick wipe
    /// must work when the phone is about to be taken. Works on a damaged or
    /// truncated database, and on databases set aside as damaged. A key
    /// that could not be destroyed first is reported (the files are removed
    /// all the same).
    pub fn wipe(dir: &Path, lang: &str) -> Result<(), AppError> {
        if !dir.exists() {
            return Err(vault_err(&VaultError::NotFound, lang));
        }
        let keys = Vault::wipe_dir(dir);
        let _ = std::fs::remove_file(dir.join(DEVICE_FILE));
        let _ = std::fs::remove_dir_all(dir.join(FORMS_DIR));
        keys.map_err(|e| vault_err(&e, lang))
    }

    /// Records that the person is active; `false` if the store had already
    /// locked itself for being idle.
    pub fn activity(&mut self) -> bool {
        self.vault.activity().is_ok()
    }

    /// Locks the store if it has been idle for its configured time; `true`
    /// when it is locked.
    pub fn idle_locked(&mut self) -> bool {
        self.vault.check_idle()
    }

    /// Messages from now on are in `lang`.
    pub fn set_language(&mut self, lang: &str) {
        self.lang = lang.to_owned();
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The language of messages.
    pub(crate) fn lang(&self) -> &str {
        &self.lang
    }

    /// The questionnaire record `id` was started with.
    pub(crate) fn form_of(&mut self, id: RecordId) -> Result<Arc<Questionnaire>, AppError> {
        let lang = self.lang.clone();
        let record = self.vault.record(id).map_err(|e| vault_err(&e, &lang))?;
        self.form(&record.form.hash, &lang)
    }

    /// Starts a vessel inspection with the questionnaire shipped under `key`.
    pub fn new_shipped_inspection(
        &mut self,
        key: &str,
        lang: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let files =
            crate::catalog::files(key).ok_or_else(|| AppError::not_found(key, &self.lang))?;
        self.new_record_from(
            &files,
            Path::new(key),
            lang,
            now,
            vault::RecordKind::VesselInspection,
        )
    }

    /// Starts an interview with the questionnaire at `form` (a folder, its
    /// `questionnaire.toml`, or an XLSForm). Keeps a copy of the
    /// questionnaire so the interview can always be read with the version it
    /// was asked with.
    pub fn new_interview(
        &mut self,
        form: &Path,
        interview_lang: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let files = forms_source::read(form).map_err(|e| e.into_app_error(form, &self.lang))?;
        self.new_record_from(
            &files,
            form,
            interview_lang,
            now,
            vault::RecordKind::Interview,
        )
    }

    /// Starts an interview with the questionnaire shipped in the app under
    /// `key` (see [`crate::catalog`]).
    pub fn new_shipped_interview(
        &mut self,
        key: &str,
        interview_lang: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let files =
            crate::catalog::files(key).ok_or_else(|| AppError::not_found(key, &self.lang))?;
        self.new_record_from(
            &files,
            Path::new(key),
            interview_lang,
            now,
            vault::RecordKind::Interview,
        )
    }

    /// Starts an interview or inspection with questionnaire folder `files`
    /// (`source` names them in messages).
    pub(crate) fn new_record_from(
        &mut self,
        files: &FormFiles,
        source: &Path,
        interview_lang: &str,
        now: DateTime<Utc>,
        kind: vault::RecordKind,
    ) -> Result<String, AppError> {
        let lang = self.lang.clone();
        let lang = lang.as_str();
        // A questionnaire already loaded (same files, same hash) is not parsed again.
        let questionnaire = match self.forms.get(&forms::folder_hash(files)) {
            Some(q) => q.clone(),
            None => {
                Arc::new(forms_source::load(files).map_err(|e| e.into_app_error(source, lang))?)
            }
        };
        let language = if questionnaire
            .languages
            .iter()
            .any(|l| l.code == interview_lang)
        {
            interview_lang.to_owned()
        } else {
            questionnaire.default_language.clone()
        };
        self.keep_form(&questionnaire.hash, files, lang)?;
        let new = NewRecord {
            form: FormRef {
                id: questionnaire.id.clone(),
                version: questionnaire.version.clone(),
                hash: questionnaire.hash.clone(),
            },
            language,
            device_id: self.device_id.clone(),
            created_at: now,
            title: UserText::default(),
        };
        self.forms.insert(questionnaire.hash.clone(), questionnaire);
        let id = match kind {
            vault::RecordKind::Interview => self.vault.create_interview(new),
            vault::RecordKind::VesselInspection => self.vault.create_vessel_inspection(new),
            vault::RecordKind::Questionnaire => {
                return Err(AppError::not_found("questionnaire", lang));
            }
        }
        .map_err(|e| vault_err(&e, lang))?;
        Ok(id.to_string())
    }

    /// Keeps a copy of questionnaire `files` by hash: a shipped one (public
    /// text) as files under `<vault>/forms/<hash>/`, any other (an
    /// organisation's own form may reveal what it asks about) encrypted in
    /// the vault ([`crate::team_forms`]).
    pub(crate) fn keep_form(
        &mut self,
        hash: &str,
        files: &FormFiles,
        lang: &str,
    ) -> Result<(), AppError> {
        if !is_form_hash(hash) {
            return Err(AppError::bad_form_hash(hash, lang));
        }
        let forms = self.dir.join(FORMS_DIR);
        let dir = forms.join(hash);
        if dir.exists() {
            return Ok(());
        }
        // Kept already (checked first: finding a shipped hash hashes every
        // shipped folder), or not shipped: encrypted in the vault.
        if crate::team_forms::has_private(self, hash, lang)?
            || crate::catalog::files_with_hash(hash).is_none()
        {
            return crate::team_forms::keep_private(self, hash, files, lang);
        }
        let tmp = forms.join(format!(".{hash}.tmp"));
        let _ = std::fs::remove_dir_all(&tmp);
        let write = || -> std::io::Result<()> {
            vault::files::create_private_dir(&forms)?;
            vault::files::create_private_dir(&tmp)?;
            for (rel, bytes) in files {
                // Folder-relative names from `forms_source` (no `..`, no root).
                let rel_path = Path::new(rel);
                if rel_path
                    .components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
                {
                    return Err(std::io::Error::other(format!("unsafe file name {rel}")));
                }
                let path = tmp.join(rel_path);
                if let Some(parent) = path.parent() {
                    vault::files::create_private_dir(parent)?;
                }
                vault::files::write_private(&path, bytes)?;
            }
            std::fs::rename(&tmp, &dir)
        };
        write().map_err(|e| AppError::io(&e, lang))
    }

    /// The hashes of the questionnaires kept in this store (those its
    /// records were started with).
    pub(crate) fn stored_form_hashes(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.join(FORMS_DIR))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| is_form_hash(name))
            .collect()
    }

    /// The questionnaire a record was started with, by its hash. The hash
    /// comes with records synced from other devices: only a well-formed
    /// hash becomes a path (inside `<vault>/forms/`), and a questionnaire
    /// whose content does not hash to it is refused.
    pub(crate) fn form(&mut self, hash: &str, lang: &str) -> Result<Arc<Questionnaire>, AppError> {
        if let Some(q) = self.forms.get(hash) {
            return Ok(q.clone());
        }
        if !is_form_hash(hash) {
            return Err(AppError::bad_form_hash(hash, lang));
        }
        let path = self.dir.join(FORMS_DIR).join(hash);
        let files = if path.exists() {
            forms_source::read(&path).map_err(|e| e.into_app_error(&path, lang))?
        } else if let Some(files) = crate::team_forms::find(self, hash, lang)? {
            // Kept encrypted in the vault, or published by the team.
            files
        } else if let Some(files) = crate::catalog::files_with_hash(hash) {
            // A record that arrived from another device, started with a
            // questionnaire this app ships: keep a copy like a local one.
            self.keep_form(hash, &files, lang)?;
            files
        } else if link::info(&mut self.vault).ok().flatten().is_some() {
            // In a team: the questionnaire may still be on its way.
            return Err(AppError::form_waiting(lang));
        } else {
            return Err(
                SourceError::Io(forms::Message::new("forms-questionnaire-missing"))
                    .into_app_error(&path, lang),
            );
        };
        let q = Arc::new(forms_source::load(&files).map_err(|e| e.into_app_error(&path, lang))?);
        if q.hash != hash {
            return Err(AppError::form_hash_mismatch(hash, &q.hash, lang));
        }
        self.forms.insert(hash.to_owned(), q.clone());
        Ok(q)
    }

    pub(crate) fn record_id(&self, id: &str, lang: &str) -> Result<RecordId, AppError> {
        id.parse::<RecordId>()
            .map_err(|_| AppError::not_found(id, lang))
    }

    /// Records one answer, checked against the questionnaire and
    /// normalised; returns once it is durable. `shown_in` is the language the
    /// question was asked in (kept with the answer).
    pub fn answer(
        &mut self,
        id: &str,
        question: &str,
        input: AnswerInput,
        shown_in: &str,
        interpreter: bool,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let lang = self.lang.clone();
        let lang = lang.as_str();
        let rid = self.record_id(id, lang)?;
        let record = self.vault.record(rid).map_err(|e| vault_err(&e, lang))?;
        let form = self.form(&record.form.hash, lang)?;
        let value = normalise(&form, question, input, lang)?;
        let provenance = Provenance {
            language: shown_in.to_owned(),
            at: now,
            device_id: self.device_id.clone(),
            interpreter,
        };
        self.vault
            .apply_answer(rid, question, value, provenance)
            .map_err(|e| vault_err(&e, lang))?;
        // The record's name (ODK's `instance_name`: the case code, the
        // vessel code) becomes its title: the case list shows it and its
        // search finds it.
        let record = self.vault.record(rid).map_err(|e| vault_err(&e, lang))?;
        let name = forms::nav::instance_name(
            &form,
            &crate::interview::forms_answers(&record),
            crate::interview::today(),
        );
        if let Some(name) = name.filter(|n| *n != record.title.0) {
            self.vault
                .set_title(rid, &UserText(name), now)
                .map_err(|e| vault_err(&e, lang))?;
        }
        Ok(())
    }

    /// Marks an interview complete.
    pub fn complete(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), AppError> {
        let lang = self.lang.clone();
        let lang = lang.as_str();
        let rid = self.record_id(id, lang)?;
        self.vault
            .mark_complete(rid, now)
            .map_err(|e| vault_err(&e, lang))?;
        // The result is kept with the record (in its encrypted index entry),
        // so the case list shows "referred" without scoring every record.
        if let Some(d) = self.interview(id)?.scoring.and_then(|s| s.determination) {
            self.vault
                .set_outcome(rid, &d.id, &d.referrals, now)
                .map_err(|e| vault_err(&e, lang))?;
        }
        Ok(())
    }

    /// An interview with its current answers.
    pub fn interview(&mut self, id: &str) -> Result<InterviewView, AppError> {
        let lang = self.lang.clone();
        let lang = lang.as_str();
        let rid = self.record_id(id, lang)?;
        let r = self.vault.record(rid).map_err(|e| vault_err(&e, lang))?;
        self.view_of(r)
    }

    /// A loaded record as `interview show --json` prints it (the export
    /// writes the same view).
    pub(crate) fn view_of(&mut self, r: vault::RecordView) -> Result<InterviewView, AppError> {
        self.view_scored(r, true)
    }

    /// [`CaseStore::view_of`], running the questionnaire's scoring only when
    /// `scoring` (the CSV and XLSX exports have no column for it).
    pub(crate) fn view_scored(
        &mut self,
        r: vault::RecordView,
        scoring: bool,
    ) -> Result<InterviewView, AppError> {
        let lang = self.lang.clone();
        let lang = lang.as_str();
        let view = |a: &vault::Answer| AnswerView {
            value: a.value.as_value().map(str::to_owned),
            state: a.value.state_code().to_owned(),
            lang: a.provenance.language.clone(),
            at: time(a.provenance.at),
            device: a.provenance.device_id.clone(),
            interpreter: a.provenance.interpreter,
            conflict: None,
        };
        let answers = r
            .answers
            .iter()
            .map(|(q, current)| {
                let mut shown = view(&current.answer);
                if current.is_conflict() {
                    let mut all = vec![view(&current.answer)];
                    all.extend(current.conflicting.iter().map(view));
                    shown.conflict = Some(all);
                }
                (q.clone(), shown)
            })
            .collect();
        let form = self.form(&r.form.hash, lang)?;
        let scoring = if scoring {
            score(&form, &answers, lang)
        } else {
            None
        };
        Ok(InterviewView {
            scoring,
            id: r.id.to_string(),
            form: FormRefView {
                id: r.form.id,
                version: r.form.version,
                hash: r.form.hash,
            },
            status: r.status.code().to_owned(),
            lang: r.language,
            created: time(r.created_at),
            updated: time(r.updated_at),
            answers,
        })
    }

    /// Every case, newest first, from the encrypted index (no document is loaded).
    pub fn list(&mut self) -> Result<Vec<CaseRow>, AppError> {
        let lang = self.lang.clone();
        let lang = lang.as_str();
        let mut rows: Vec<CaseRow> = self
            .vault
            .list()
            .map_err(|e| vault_err(&e, lang))?
            .into_iter()
            .filter(|c| !crate::team_forms::is_team_form(c))
            .map(|c| match c.state {
                vault::RecordState::Ok(entry) => CaseRow {
                    id: c.id.to_string(),
                    kind: match entry.kind {
                        vault::RecordKind::Interview => "interview",
                        vault::RecordKind::VesselInspection => "vessel_inspection",
                        vault::RecordKind::Questionnaire => "questionnaire",
                    }
                    .to_owned(),
                    form_id: entry.form_id,
                    form_version: entry.form_version,
                    status: entry.status.code().to_owned(),
                    created: time(entry.created_at),
                    updated: time(entry.updated_at),
                    answers: entry.answer_count,
                    conflicts: entry.conflict_count,
                },
                vault::RecordState::Damaged { .. } => CaseRow {
                    id: c.id.to_string(),
                    kind: "damaged".to_owned(),
                    form_id: String::new(),
                    form_version: String::new(),
                    status: "damaged".to_owned(),
                    created: String::new(),
                    updated: String::new(),
                    answers: 0,
                    conflicts: 0,
                },
            })
            .collect();
        rows.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
        Ok(rows)
    }
}

/// Runs the questionnaire's declared scoring over the stored answers.
pub(crate) fn score(
    form: &Questionnaire,
    stored: &BTreeMap<String, AnswerView>,
    lang: &str,
) -> Option<ScoringView> {
    let mut answers = forms::Answers::new();
    for (question, a) in stored {
        let Ok(key) = question.parse::<forms::AnswerKey>() else {
            continue;
        };
        let answer = match (a.state.as_str(), &a.value) {
            ("dont_know", _) => forms::Answer::DontKnow,
            ("prefer_not", _) => forms::Answer::PreferNotToAnswer,
            (_, Some(v)) => forms::Answer::Value(v.clone()),
            (_, None) => continue,
        };
        answers.set(key, answer);
    }
    let today = chrono::Utc::now().date_naive();
    let today = forms::Date::from_ymd(
        chrono::Datelike::year(&today),
        chrono::Datelike::month(&today),
        chrono::Datelike::day(&today),
    )?;
    let result = forms::score(form, &answers, today)?;
    let label = |kind: &str, name: &str| {
        form.scoring_label(kind, name, lang)
            .map(|t| {
                t.render(&mut |var| {
                    stored
                        .get(var)
                        .and_then(|a| a.value.clone())
                        .unwrap_or_default()
                })
            })
            .unwrap_or_else(|| name.to_owned())
    };
    let as_code = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let indicators = result
        .indicators
        .iter()
        .filter(|i| i.status == forms::nav::Status::Present)
        .map(|i| IndicatorView {
            id: i.name.clone(),
            label: label("indicator", &i.name),
            strength: i
                .strength
                .and_then(|s| serde_json::to_value(s).ok())
                .map(as_code),
            dimension: i.dimension.clone(),
            evidence: i
                .evidence
                .iter()
                .map(|e| {
                    let key = e.key.to_string();
                    let shown = stored.get(&key);
                    EvidenceView {
                        value: shown.and_then(|a| a.value.clone()),
                        state: shown.map_or_else(|| "missing".to_owned(), |a| a.state.clone()),
                        question: key,
                    }
                })
                .collect(),
        })
        .collect();
    let determination = result.determination.as_ref().map(|id| DeterminationView {
        id: id.clone(),
        label: label("outcome", id),
        referrals: form
            .settings
            .extra
            .get(&format!("referrals.{id}"))
            .map(|r| r.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
    });
    let flags = result
        .flags
        .iter()
        .map(|f| FlagView {
            id: f.name.clone(),
            label: form
                .scoring_label("flag", &f.name, lang)
                .map(|t| {
                    t.render(&mut |var| {
                        f.values.get(var).cloned().unwrap_or_else(|| {
                            stored
                                .get(var)
                                .and_then(|a| a.value.clone())
                                .unwrap_or_default()
                        })
                    })
                })
                .unwrap_or_else(|| f.name.clone()),
        })
        .collect();
    Some(ScoringView {
        flags,
        route: as_code(serde_json::to_value(result.route).ok()?),
        child: as_code(serde_json::to_value(result.child.status).ok()?),
        indicators,
        dimensions: result
            .dimensions
            .iter()
            .map(|d| DimensionView {
                id: d.name.clone(),
                positive: d.positive,
            })
            .collect(),
        determination,
    })
}

/// Reads this vault's device id, creating it on first use (or when the file
/// is unreadable: a new id only means this device looks new to the team).
fn device_id(dir: &Path) -> std::io::Result<String> {
    let path = dir.join(DEVICE_FILE);
    if let Ok(s) = std::fs::read_to_string(&path)
        && uuid::Uuid::parse_str(s.trim()).is_ok()
    {
        return Ok(s.trim().to_owned());
    }
    let id = uuid::Uuid::new_v4().to_string();
    vault::files::write_private(&path, id.as_bytes())?;
    Ok(id)
}

/// Checks `input` against the question and returns the stored form:
/// ASCII digits, ISO dates and times, known choices (space-separated for
/// multiple choice), and "don't know"/"prefer not" only where allowed.
pub(crate) fn normalise(
    form: &Questionnaire,
    question: &str,
    input: AnswerInput,
    lang: &str,
) -> Result<AnswerValue, AppError> {
    let unknown = || AppError::unknown_question(question, lang);
    let key: forms::AnswerKey = question.parse().map_err(|_| unknown())?;
    let node = form.node(&key.name).ok_or_else(unknown)?;
    let qt = node
        .question_type()
        .filter(|t| t.is_asked())
        .ok_or_else(unknown)?;
    if key.indices.len() != node.repeats.len() || key.indices.contains(&0) {
        return Err(unknown());
    }
    let invalid = |value: &str| AppError::invalid_answer(question, value, lang);
    let value = match input {
        AnswerInput::DontKnow if node.dont_know => return Ok(AnswerValue::DontKnow),
        AnswerInput::PreferNot if node.prefer_not_to_answer => return Ok(AnswerValue::PreferNot),
        AnswerInput::DontKnow | AnswerInput::PreferNot => {
            return Err(AppError::state_not_offered(question, lang));
        }
        AnswerInput::Value(v) => v,
    };
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(invalid(&value));
    }
    let ascii = i18n::digits::to_ascii(trimmed);
    let stored = match qt {
        QuestionType::Integer => ascii
            .parse::<i64>()
            .map_err(|_| invalid(&value))?
            .to_string(),
        QuestionType::Decimal => {
            let n = ascii.parse::<f64>().map_err(|_| invalid(&value))?;
            if !n.is_finite() {
                return Err(invalid(&value));
            }
            ascii
        }
        QuestionType::Date => parse_date(&ascii)
            .ok_or_else(|| invalid(&value))?
            .format("%Y-%m-%d")
            .to_string(),
        QuestionType::Time => chrono::NaiveTime::parse_from_str(&ascii, "%H:%M:%S")
            .or_else(|_| chrono::NaiveTime::parse_from_str(&ascii, "%H:%M"))
            .map_err(|_| invalid(&value))?
            .format("%H:%M:%S")
            .to_string(),
        QuestionType::DateTime => chrono::DateTime::parse_from_rfc3339(&ascii)
            .map(|t| t.to_rfc3339())
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(&ascii, "%Y-%m-%dT%H:%M:%S")
                    .or_else(|_| chrono::NaiveDateTime::parse_from_str(&ascii, "%Y-%m-%dT%H:%M"))
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
            })
            .map_err(|_| invalid(&value))?,
        QuestionType::SelectOne { list, or_other } => {
            if !is_choice(form, list, *or_other, trimmed) {
                return Err(invalid(&value));
            }
            trimmed.to_owned()
        }
        QuestionType::SelectMultiple { list, or_other } => {
            let mut chosen: Vec<&str> = Vec::new();
            for c in trimmed.split_whitespace() {
                if !is_choice(form, list, *or_other, c) {
                    return Err(invalid(c));
                }
                if !chosen.contains(&c) {
                    chosen.push(c);
                }
            }
            chosen.join(" ")
        }
        QuestionType::Acknowledge => "OK".to_owned(),
        QuestionType::Text => trimmed.to_owned(),
        QuestionType::Note | QuestionType::Calculate => return Err(unknown()),
    };
    Ok(AnswerValue::Value(stored))
}

/// The first year read as Buddhist Era: Thai documents and people give
/// years as B.E. (Gregorian + 543). No date a screening asks about is after
/// 2399 CE or before 1857 CE, so a year of 2400 or more is B.E. and is
/// converted (2569 → 2026); smaller years are Gregorian.
pub const BUDDHIST_ERA_FROM: i32 = 2400;
/// Buddhist Era year − Gregorian year.
pub const BUDDHIST_ERA_OFFSET: i32 = 543;

/// Reads a date typed as `YYYY-MM-DD` or `DD/MM/YYYY` (also `.` or `-`
/// between day, month and year), ASCII digits (native digits are converted
/// before), with a Buddhist Era year when it is [`BUDDHIST_ERA_FROM`] or more.
pub fn parse_date(ascii: &str) -> Option<chrono::NaiveDate> {
    let s = ascii.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<i32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    let y = if y >= BUDDHIST_ERA_FROM {
        y - BUDDHIST_ERA_OFFSET
    } else {
        y
    };
    chrono::NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

fn is_choice(form: &Questionnaire, list: &str, or_other: bool, value: &str) -> bool {
    (or_other && value == "other")
        || form
            .choices
            .get(list)
            .is_some_and(|choices| choices.iter().any(|c| c.name == value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn store(root: &Path) -> CaseStore {
        CaseStore::init(
            &root.join("data").join("vault"),
            &Passphrase::from(crate::tests::STRONG),
            VaultOptions {
                kdf: vault::KdfParams::insecure_for_tests(),
                ..VaultOptions::default()
            },
            "en",
        )
        .expect("store")
    }

    fn write_folder(dir: &Path, files: &FormFiles) {
        for (rel, bytes) in files {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
            std::fs::write(p, bytes).expect("write");
        }
    }

    /// A record as it would arrive from another device, naming its
    /// questionnaire by `hash`.
    fn synced_record(s: &mut CaseStore, hash: &str) -> String {
        s.vault_mut()
            .create_interview(NewRecord {
                form: FormRef {
                    id: "victim-screening".into(),
                    version: "1".into(),
                    hash: hash.into(),
                },
                language: "my".into(),
                device_id: "another-device".into(),
                created_at: Utc::now(),
                title: UserText::default(),
            })
            .expect("record")
            .to_string()
    }

    /// A hash that is a path (`/`, `../x`, an absolute path) is refused
    /// before it becomes one: a valid questionnaire planted outside the
    /// vault folder, where `../../../x` would lead, is never read.
    #[test]
    fn a_questionnaire_hash_that_is_not_a_hash_is_refused() {
        let root = tempfile::tempdir().expect("dir");
        let mut s = store(root.path());
        let screening = crate::catalog::files("victim-screening").expect("shipped");
        let planted = root.path().join("x");
        write_folder(&planted, &screening);
        // Once any questionnaire is kept, `forms/` exists, and without the
        // check this path would load the planted questionnaire.
        std::fs::create_dir_all(s.dir.join(FORMS_DIR)).expect("forms");
        assert!(forms_source::read(&s.dir.join(FORMS_DIR).join("../../../x")).is_ok());
        for hash in [
            "/",
            "../x",
            "../../../x",
            planted.to_str().expect("utf-8"),
            "",
            &"A".repeat(64),
        ] {
            let id = synced_record(&mut s, hash);
            let err = s.interview(&id).expect_err(hash);
            assert_eq!(err.code, ErrorCode::InvalidForm, "{hash}: {err:?}");
            assert!(err.message.contains("not valid"), "{}", err.message);
            let err = s
                .answer(&id, "q", AnswerInput::DontKnow, "my", false, Utc::now())
                .expect_err(hash);
            assert_eq!(err.code, ErrorCode::InvalidForm);
        }
    }

    /// A questionnaire kept under a hash it does not have (another
    /// questionnaire's files) is refused.
    #[test]
    fn a_questionnaire_that_does_not_hash_to_its_name_is_refused() {
        let root = tempfile::tempdir().expect("dir");
        let mut s = store(root.path());
        let screening = crate::catalog::files("victim-screening").expect("shipped");
        let inspection = crate::catalog::files("fishing-inspection").expect("shipped");
        let hash = forms_source::load(&screening).expect("loads").hash;
        let other = forms_source::load(&inspection).expect("loads").hash;
        write_folder(&s.dir.join(FORMS_DIR).join(&hash), &inspection);
        let id = synced_record(&mut s, &hash);
        let err = s.interview(&id).expect_err("mismatch");
        assert_eq!(err.code, ErrorCode::InvalidForm);
        assert!(err.message.contains("does not match"), "{}", err.message);
        assert!(err.message.contains(&other), "{}", err.message);
        // The real questionnaire under its own hash is read.
        std::fs::remove_dir_all(s.dir.join(FORMS_DIR).join(&hash)).expect("remove");
        s.interview(&id)
            .expect("the shipped questionnaire with that hash");
    }
}
