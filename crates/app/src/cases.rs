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
use serde::Serialize;
use specta::Type;
use vault::{FormRef, NewRecord, Provenance, RecordId, UserText, Vault};

pub use vault::{Passphrase, VaultError, VaultOptions};

use crate::AppError;
use crate::forms_source::{self, FormFiles, SourceError};

mod normalise;
mod scoring;

pub(crate) use normalise::normalise;
pub use normalise::{BUDDHIST_ERA_FROM, BUDDHIST_ERA_OFFSET, parse_date};
pub(crate) use scoring::score;
pub use scoring::{
    DeterminationView, DimensionView, EvidenceView, FlagView, IndicatorView, ScoringView,
};

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

/// How an answer was asked: its provenance besides time and device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked<'a> {
    /// The language the question was shown in.
    pub shown_in: &'a str,
    /// An interpreter was present.
    pub interpreter: bool,
    /// The respondent answered on the device themselves (hand-over mode).
    pub self_administered: bool,
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
    /// Answered by the respondent on the device (hand-over mode).
    pub self_administered: bool,
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
    /// The respondent's hand-over, while the device is with them (see
    /// [`crate::handover`]): kept with the open store, so locking ends it.
    pub(crate) handover: Option<crate::interview::handover::HandOver>,
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
            handover: None,
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
        let how = Asked {
            shown_in,
            interpreter,
            self_administered: false,
        };
        self.answer_as(id, question, input, &how, now)
    }

    /// Records an answer with how it was asked (`answer` for one the
    /// interviewer asked).
    pub fn answer_as(
        &mut self,
        id: &str,
        question: &str,
        input: AnswerInput,
        how: &Asked<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let lang = self.lang.clone();
        let lang = lang.as_str();
        let rid = self.record_id(id, lang)?;
        let record = self.vault.record(rid).map_err(|e| vault_err(&e, lang))?;
        let form = self.form(&record.form.hash, lang)?;
        let value = normalise(&form, question, input, lang)?;
        let provenance = Provenance {
            language: how.shown_in.to_owned(),
            at: now,
            device_id: self.device_id.clone(),
            interpreter: how.interpreter,
            self_administered: how.self_administered,
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
            self_administered: a.provenance.self_administered,
            conflict: None,
        };
        // The record is consumed: its question keys move into the view
        // (an export builds one view per interview).
        let answers = r
            .answers
            .into_iter()
            .map(|(q, current)| {
                let mut shown = view(&current.answer);
                if current.is_conflict() {
                    let mut all = vec![view(&current.answer)];
                    all.extend(current.conflicting.iter().map(view));
                    shown.conflict = Some(all);
                }
                (q, shown)
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

#[cfg(test)]
mod tests;
