//! The window's export: a view model for the export screen, and one export
//! at a time run by the shell on a worker thread, whose progress the core
//! pushes to the window (`AppEvent::Export`, at each whole percent and at the
//! end; `App::export_job` reads it at any time) and which the window may
//! cancel (`App::cancel_export`). The job's state sits behind its own small
//! mutex, so reading it never waits for the store the export holds.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use specta::Type;

use super::{ExportFormat, ExportProgress, ExportRequest, ExportSummary};
use crate::{App, AppError, ErrorCode};

/// Where the export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Idle,
    Running,
    Done,
    Failed,
    Cancelled,
}

/// What the window shows of the export under way (or the last one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExportJobView {
    pub state: JobState,
    pub done: u32,
    pub total: u32,
    /// 0..=100, computed here.
    pub percent: u32,
    /// What happened, in the person's language (when finished).
    pub message: Option<String>,
}

impl Default for ExportJobView {
    fn default() -> Self {
        ExportJobView {
            state: JobState::Idle,
            done: 0,
            total: 0,
            percent: 0,
            message: None,
        }
    }
}

/// The app's one export job.
#[derive(Debug, Default)]
pub struct ExportJobs {
    view: Mutex<ExportJobView>,
    cancel: AtomicBool,
}

impl ExportJobs {
    fn view(&self) -> std::sync::MutexGuard<'_, ExportJobView> {
        // Replaced field by field with plain values: a poisoned lock is safe to reuse.
        self.view.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A questionnaire the person may export, with how many records use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExportChoice {
    pub form_id: String,
    pub title: String,
    pub records: u32,
}

/// A device that began interviews, for the export's device filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DeviceChoice {
    /// The id the filter takes ([`super::ExportFilter::devices`]).
    pub id: String,
    /// "This device", or "Device" and the start of its id.
    pub label: String,
}

/// The export screen's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExportScreen {
    pub questionnaires: Vec<ExportChoice>,
    /// Languages choice labels can be written in (code, own name).
    pub label_languages: Vec<crate::LanguageInfo>,
    pub formats: Vec<ExportFormat>,
    /// The devices the interviews were begun on (this device first).
    pub devices: Vec<DeviceChoice>,
    pub job: ExportJobView,
}

/// The devices that began this store's interviews, from the encrypted index
/// (no record is read): this device first, then the others by id.
fn devices(store: &mut crate::cases::CaseStore, lang: &str) -> Result<Vec<DeviceChoice>, AppError> {
    let own = store.device_id().to_owned();
    let mut others = std::collections::BTreeSet::new();
    for c in store
        .vault
        .list()
        .map_err(|e| AppError::from_vault(&e, lang))?
    {
        if let vault::RecordState::Ok(e) = c.state
            && e.kind != vault::RecordKind::Questionnaire
            && !e.device_id.is_empty()
            && e.device_id != own
        {
            others.insert(e.device_id);
        }
    }
    let l = i18n::localizer();
    let mut out = vec![DeviceChoice {
        label: l.format(lang, "export-device-this", None),
        id: own,
    }];
    out.extend(others.into_iter().map(|id| {
        let mut args = i18n::FluentArgs::new();
        args.set("id", id.chars().take(8).collect::<String>());
        DeviceChoice {
            label: l.format(lang, "export-device-other", Some(&args)),
            id,
        }
    }));
    Ok(out)
}

impl App {
    /// What the export screen offers.
    pub fn export_screen(&self) -> Result<ExportScreen, AppError> {
        let lang = self.language();
        let rows = self.cases()?;
        let catalog = crate::catalog::list(&lang);
        let mut questionnaires: Vec<ExportChoice> = Vec::new();
        for r in rows.iter().filter(|r| !r.form_id.is_empty()) {
            match questionnaires.iter_mut().find(|q| q.form_id == r.form_id) {
                Some(q) => q.records += 1,
                None => questionnaires.push(ExportChoice {
                    form_id: r.form_id.clone(),
                    title: catalog
                        .iter()
                        .find(|c| c.id == r.form_id)
                        .map_or_else(|| r.form_id.clone(), |c| c.title.clone()),
                    records: 1,
                }),
            }
        }
        questionnaires.sort_by(|a, b| a.title.cmp(&b.title));
        let devices = self.with_store(|store| devices(store, &lang))?;
        Ok(ExportScreen {
            questionnaires,
            label_languages: crate::languages(),
            formats: vec![ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json],
            devices,
            job: self.export_job(),
        })
    }

    /// The export under way (or the last one).
    pub fn export_job(&self) -> ExportJobView {
        self.export_jobs.view().clone()
    }

    /// Asks the export under way to stop; its file is not kept.
    pub fn cancel_export(&self) {
        self.export_jobs.cancel.store(true, Ordering::SeqCst);
    }

    /// Runs an export as the window's job (the shell calls it on a worker
    /// thread once the person chose where to save): progress for
    /// [`App::export_job`], cancel by [`App::cancel_export`]. One at a time.
    pub fn run_export_job(
        &self,
        req: &ExportRequest,
        out: &Path,
    ) -> Result<ExportSummary, AppError> {
        let lang = self.language();
        {
            let mut view = self.export_jobs.view();
            if view.state == JobState::Running {
                return Err(AppError::new(
                    ErrorCode::Unexpected,
                    "export-busy",
                    &[],
                    &lang,
                ));
            }
            // The flag is cleared before anyone can see `Running`, so a
            // cancel sent as soon as the job shows is never lost.
            self.export_jobs.cancel.store(false, Ordering::SeqCst);
            *view = ExportJobView {
                state: JobState::Running,
                ..ExportJobView::default()
            };
        }
        self.export_changed();
        let jobs = &self.export_jobs;
        let mut on_progress = |p: ExportProgress| {
            let moved = {
                let mut view = jobs.view();
                let percent = if p.total == 0 {
                    0
                } else {
                    u32::try_from(u64::from(p.done) * 100 / u64::from(p.total)).unwrap_or(100)
                };
                let moved = percent != view.percent || p.total != view.total;
                (view.done, view.total, view.percent) = (p.done, p.total, percent);
                moved
            };
            // One event per whole percent, not one per record.
            if moved {
                self.export_changed();
            }
            !jobs.cancel.load(Ordering::SeqCst)
        };
        let result = self.export(req, out, &mut on_progress);
        self.finish_export_job(&result, req, &lang);
        result
    }

    /// Writes the job's outcome (state and sentence) and tells the window.
    fn finish_export_job(
        &self,
        result: &Result<ExportSummary, AppError>,
        req: &ExportRequest,
        lang: &str,
    ) {
        let mut view = self.export_jobs.view();
        match result {
            Ok(summary) => {
                let mut args = i18n::FluentArgs::new();
                args.set("count", summary.interviews);
                args.set("path", summary.path.clone());
                let id = if req.age_recipients.is_empty() {
                    "cli-export-done"
                } else {
                    "cli-export-done-encrypted"
                };
                view.state = JobState::Done;
                view.percent = 100;
                view.message = Some(i18n::localizer().format(lang, id, Some(&args)));
            }
            Err(e) => {
                view.state = if e.code == ErrorCode::Cancelled {
                    JobState::Cancelled
                } else {
                    JobState::Failed
                };
                view.message = Some(e.message.clone());
            }
        }
        drop(view);
        self.export_changed();
    }
}

/// The save dialog's words for an export, and a suggested file name
/// (questionnaire and today's date: no person's name on the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExportDialogText {
    pub title: String,
    pub filter: String,
    /// Without the dot: `zip`, `xlsx`, `json`, or `age` when encrypted.
    pub extension: String,
    pub suggested_name: String,
}

impl App {
    /// The words of the native save dialog the shell opens for `req`.
    pub fn export_dialog_text(&self, req: &ExportRequest) -> ExportDialogText {
        let lang = self.language();
        let l = i18n::localizer();
        let (ext, filter) = match req.format {
            ExportFormat::Csv => ("zip", "export-filter-csv"),
            ExportFormat::Xlsx => ("xlsx", "export-filter-xlsx"),
            ExportFormat::Json => ("json", "export-filter-json"),
        };
        let encrypted = !req.age_recipients.is_empty();
        let extension = if encrypted { "age" } else { ext }.to_owned();
        let name: String = req
            .form_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        ExportDialogText {
            title: l.format(&lang, "export-dialog-title", None),
            filter: l.format(
                &lang,
                if encrypted {
                    "export-filter-age"
                } else {
                    filter
                },
                None,
            ),
            suggested_name: format!(
                "{name}-{}.{ext}{}",
                chrono::Utc::now().format("%Y-%m-%d"),
                if encrypted { ".age" } else { "" }
            ),
            extension,
        }
    }
}
