//! Exports for supervisors: one questionnaire's interviews as a CSV zip in
//! ODK Central's shape ([`layout`]) or as JSON (one object per interview,
//! exactly as `fieldscreen interview show --json` prints it).
//!
//! Exports stream: the interviews are read in small batches (opened on
//! every core) and written one at a time, each read once, so memory stays
//! flat in their number.
//! The file is written beside its final name under a hidden temporary name
//! and renamed only when complete, so a cancelled or failed export never
//! leaves a file that looks complete. Exports are plaintext by nature: the
//! window says so before writing.

pub mod case_pdf;
pub mod job;
pub mod layout;
mod output;
mod pdf;
#[doc(hidden)]
pub mod sample;
pub mod stats;
pub mod stats_view;
mod tables;

#[cfg(test)]
mod stats_tests;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use forms::Questionnaire;
use serde::{Deserialize, Serialize};
use specta::Type;
use vault::RecordId;

use crate::cases::{CaseStore, InterviewView};
use crate::{App, AppError, ErrorCode};

pub use layout::Layout;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A zip of CSV files in ODK Central's shape.
    Csv,
    /// A JSON array, one object per interview.
    Json,
    /// An Excel workbook: the CSV zip's tables as sheets.
    Xlsx,
}

/// Which interviews of the questionnaire to export (all when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExportFilter {
    /// First day the interview began on (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last day the interview began on (`YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// `in_progress` or `complete`.
    pub status: Option<String>,
    /// Only interviews begun on these devices (ids as the sync screen shows them).
    pub devices: Vec<String>,
}

/// What to export and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExportRequest {
    /// The questionnaire's id (every version of it is exported).
    pub form_id: String,
    pub format: ExportFormat,
    /// Write choice labels in this language instead of the XLSForm names.
    pub labels: Option<String>,
    /// Add one `question/choice` column per choice of a select_multiple.
    pub split_multiple: bool,
    pub filter: ExportFilter,
    /// Encrypt the file to these `age` public keys (`age1…`); plaintext when empty.
    #[serde(default)]
    pub age_recipients: Vec<String>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExportSummary {
    pub path: String,
    pub interviews: u32,
    pub bytes: u64,
    /// Records that could not be read (damaged) and were left out.
    pub damaged: u32,
}

/// How far an export is: `done` of `total` steps (the core counts them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

/// Told of each step; returns `false` to cancel the export.
pub type OnProgress<'a> = &'a mut dyn FnMut(ExportProgress) -> bool;

/// A stored answer written in a cell for "don't know" (the JSON export
/// keeps the state beside a null value instead).
pub const DONT_KNOW: &str = "dont_know";
/// A stored answer written in a cell for "prefer not to answer".
pub const PREFER_NOT: &str = "prefer_not";

/// One interview as the export reads it.
pub(crate) struct Item {
    pub view: InterviewView,
    pub device: String,
    pub interviewer_lang: String,
    pub respondent_lang: String,
    pub form: Arc<Questionnaire>,
}

/// How an export reaches the store: directly (the CLI), or through the
/// app, taking the store's lock for one interview at a time (the window:
/// locking or wiping during a long export is never kept waiting).
pub(crate) enum Access<'a> {
    Store(&'a mut CaseStore),
    App(&'a App),
}

impl Access<'_> {
    pub(crate) fn with<T>(
        &mut self,
        f: impl FnOnce(&mut CaseStore) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        match self {
            Access::Store(s) => f(s),
            Access::App(app) => app.with_store(f),
        }
    }
}

/// How many interviews an export reads at once: they are opened on every
/// core (`Vault::read_records`), and the window's store lock is held for
/// one batch at a time (a few milliseconds), so locking or wiping during a
/// long export is never kept waiting.
const BATCH: usize = 32;

/// One interview read ahead of the writer.
enum Slot {
    Item(Box<Item>),
    /// Left out: begun on another device than the filter's.
    Skipped,
    /// Left out: damaged (counted when handed out).
    Damaged,
    /// Already handed out.
    Taken,
}

/// The interviews an export covers, read in batches and handed out one at
/// a time, in order.
pub(crate) struct Source<'a> {
    access: Access<'a>,
    ids: Vec<RecordId>,
    devices: BTreeSet<String>,
    /// Whether each interview's scoring is computed (JSON and statistics).
    scoring: bool,
    pub damaged: u32,
    /// The batch read ahead: `ahead[k]` is interview `start + k`.
    start: usize,
    ahead: Vec<Slot>,
}

impl Source<'_> {
    /// Interview `i` (`None` when it is left out: another device, or damaged).
    pub fn item(&mut self, i: usize) -> Result<Option<Item>, AppError> {
        let k = i.wrapping_sub(self.start);
        if i < self.start || k >= self.ahead.len() || matches!(self.ahead[k], Slot::Taken) {
            self.read_ahead(i)?;
        }
        let k = i - self.start;
        Ok(match std::mem::replace(&mut self.ahead[k], Slot::Taken) {
            Slot::Item(item) => Some(*item),
            Slot::Skipped | Slot::Taken => None,
            Slot::Damaged => {
                self.damaged += 1;
                None
            }
        })
    }

    /// Reads the batch of interviews that starts at `i`.
    fn read_ahead(&mut self, i: usize) -> Result<(), AppError> {
        let batch = &self.ids[i..(i + BATCH).min(self.ids.len())];
        let devices = &self.devices;
        let scoring = self.scoring;
        self.ahead = self.access.with(|store| {
            let lang = store.lang().to_owned();
            let records = store
                .vault
                .read_records(batch)
                .map_err(|e| AppError::from_vault(&e, &lang))?;
            let mut slots = Vec::with_capacity(records.len());
            for record in records {
                let record = match record {
                    Ok(r) => r,
                    Err(vault::VaultError::RecordDamaged { .. }) => {
                        slots.push(Slot::Damaged);
                        continue;
                    }
                    Err(e) => return Err(AppError::from_vault(&e, &lang)),
                };
                if !devices.is_empty() && !devices.contains(&record.device_id) {
                    slots.push(Slot::Skipped);
                    continue;
                }
                let meta = |key: &str| {
                    record
                        .meta
                        .get(key)
                        .map(|t| t.0.clone())
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| record.language.clone())
                };
                let interviewer_lang = meta(crate::interview::INTERVIEWER);
                let respondent_lang = meta(crate::interview::RESPONDENT);
                let device = record.device_id.clone();
                let form = store.form(&record.form.hash, &lang)?;
                let view = store.view_scored(record, scoring)?;
                slots.push(Slot::Item(Box::new(Item {
                    view,
                    device,
                    interviewer_lang,
                    respondent_lang,
                    form,
                })));
            }
            Ok(slots)
        })?;
        self.start = i;
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

fn bad_date(s: &str, lang: &str) -> AppError {
    AppError::new(
        ErrorCode::InvalidAnswer,
        "export-bad-date",
        &[("date", s.to_owned())],
        lang,
    )
}

fn date(s: &Option<String>, lang: &str) -> Result<Option<NaiveDate>, AppError> {
    s.as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| crate::cases::parse_date(s).ok_or_else(|| bad_date(s, lang)))
        .transpose()
}

/// Reads the records `ids` in order (the device filter is checked as each
/// record is read).
fn source<'a>(access: Access<'a>, req: &ExportRequest, ids: Vec<RecordId>) -> Source<'a> {
    Source {
        access,
        ids,
        devices: req.filter.devices.iter().cloned().collect(),
        scoring: req.format == ExportFormat::Json,
        damaged: 0,
        start: 0,
        ahead: Vec::new(),
    }
}

/// The records of `req.form_id` the filter keeps, oldest first.
/// With each, its questionnaire's hash from the case index (empty when the
/// index predates it).
fn selected(
    store: &mut CaseStore,
    req: &ExportRequest,
) -> Result<Vec<(RecordId, String)>, AppError> {
    let lang = store.lang().to_owned();
    let (from, to) = (date(&req.filter.from, &lang)?, date(&req.filter.to, &lang)?);
    let mut chosen: Vec<_> = store
        .vault
        .list()
        .map_err(|e| AppError::from_vault(&e, &lang))?
        .into_iter()
        .filter_map(|c| match c.state {
            vault::RecordState::Ok(entry) => Some((c.id, entry)),
            vault::RecordState::Damaged { .. } => None,
        })
        // A team questionnaire is a vault record too, never a row.
        .filter(|(_, e)| e.kind != vault::RecordKind::Questionnaire)
        .filter(|(_, e)| e.form_id == req.form_id)
        .filter(|(_, e)| {
            req.filter
                .status
                .as_deref()
                .is_none_or(|s| s.is_empty() || e.status.code() == s)
        })
        // The device filter from the index; an index written before it
        // kept the device is checked as the record is read.
        .filter(|(_, e)| {
            req.filter.devices.is_empty()
                || e.device_id.is_empty()
                || req.filter.devices.contains(&e.device_id)
        })
        .filter(|(_, e)| {
            let day = e.created_at.date_naive();
            from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
        })
        .map(|(id, e)| (e.created_at, id, e.form_hash))
        .collect();
    chosen.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.to_string().cmp(&b.1.to_string()))
    });
    Ok(chosen.into_iter().map(|(_, id, h)| (id, h)).collect())
}

/// Every version of questionnaire `form_id` this store knows: those the
/// records `ids` were started with (kept in clear, encrypted in the vault,
/// or published by the team), those in clear under `forms/`, and the
/// shipped one; newest first.
fn versions(
    store: &mut CaseStore,
    form_id: &str,
    ids: &[(RecordId, String)],
) -> Result<Vec<Arc<Questionnaire>>, AppError> {
    let lang = store.lang().to_owned();
    let mut hashes: BTreeSet<String> = store.stored_form_hashes().into_iter().collect();
    for (id, hash) in ids {
        if !hash.is_empty() {
            // From the case index: the record is read once, for its row.
            hashes.insert(hash.clone());
        } else if let Ok(r) = store.vault.read_record(*id) {
            // An index written before it kept the hash. (A damaged record
            // is counted as such when its row is written.)
            hashes.insert(r.form.hash.clone());
        }
    }
    for (_, q) in crate::catalog::loaded() {
        if q.id == form_id {
            hashes.insert(q.hash.clone());
        }
    }
    let mut forms = Vec::new();
    for hash in hashes {
        let q = store.form(&hash, &lang)?;
        if q.id == form_id {
            forms.push(q);
        }
    }
    forms.sort_by(|a, b| b.version.cmp(&a.version).then_with(|| a.hash.cmp(&b.hash)));
    if forms.is_empty() {
        return Err(AppError::not_found(form_id, &lang));
    }
    Ok(forms)
}

/// Writes the export of `req` to `out` (replacing it only once complete).
pub fn export(
    store: &mut CaseStore,
    req: &ExportRequest,
    out: &Path,
    progress: OnProgress<'_>,
) -> Result<ExportSummary, AppError> {
    let lang = store.lang().to_owned();
    export_with(Access::Store(store), req, out, progress, &lang)
}

fn export_with(
    mut access: Access<'_>,
    req: &ExportRequest,
    out: &Path,
    progress: OnProgress<'_>,
    lang: &str,
) -> Result<ExportSummary, AppError> {
    let lang = lang.to_owned();
    if let Some(l) = &req.labels
        && !crate::LANGUAGES.contains(&l.as_str())
    {
        return Err(AppError::unknown_language(l, &lang));
    }
    let recipients = output::recipients(&req.age_recipients, &lang)?;
    let ids = access.with(|store| selected(store, req))?;
    let forms = access.with(|store| versions(store, &req.form_id, &ids))?;
    let refs: Vec<&Questionnaire> = forms.iter().map(|f| f.as_ref()).collect();
    let layout = Layout::new(&req.form_id, &refs, req.split_multiple);
    let mut source = source(access, req, ids.into_iter().map(|(id, _)| id).collect());
    let mut staged = output::Staged::new(out, &lang)?;
    let tmp_dir = staged.dir();
    let mut write = || -> Result<u32, output::WriteError> {
        let sink = output::Sink::new(staged.file()?, &recipients)?;
        match req.format {
            ExportFormat::Csv => tables::write_csv_zip(&layout, req, &mut source, sink, progress),
            ExportFormat::Json => tables::write_json(&mut source, sink, progress),
            ExportFormat::Xlsx => {
                tables::write_xlsx(&layout, req, &mut source, sink, progress, &tmp_dir)
            }
        }
    };
    let interviews = write().map_err(|e| e.into_app_error(out, &lang))?;
    let bytes = staged.commit(&lang)?;
    Ok(ExportSummary {
        path: out.display().to_string(),
        interviews,
        bytes,
        damaged: source.damaged,
    })
}

impl App {
    /// Exports one questionnaire's interviews to `out` (see [`export`]),
    /// taking the store's lock for one interview at a time.
    pub fn export(
        &self,
        req: &ExportRequest,
        out: &Path,
        progress: OnProgress<'_>,
    ) -> Result<ExportSummary, AppError> {
        export_with(Access::App(self), req, out, progress, &self.language())
    }
}
