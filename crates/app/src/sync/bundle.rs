//! Hand-over by file, for a boat or a border post with no network at all:
//! the team's encrypted bundle ([`link::export_bundle`]) written to a USB
//! stick or SD card and merged on another device of the team.
//!
//! The file holds every record sealed for the team (per-document subkeys,
//! signed by this device): only a device of the same team can open it, and
//! importing merges (idempotent, in any order, concurrent answers kept as
//! conflicts). The shell chooses the path (a native file dialog); the façade
//! never picks a place on its own.

use std::path::Path;

use chrono::Utc;
use serde::Serialize;
use specta::Type;

use super::{fmt, fmt_count};
use crate::{App, AppError};

/// The extension of bundle files (without the dot).
pub const BUNDLE_EXTENSION: &str = "fsb";

/// What an export or import did, in the person's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BundleOutcome {
    /// Records written (export) or merged (import).
    pub records: u32,
    /// Records set aside on import: not signed by a member, or damaged.
    pub rejected: u32,
    /// The sentence to show.
    pub message: String,
}

/// The words the file dialog shows, in the person's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BundleDialogText {
    pub save_title: String,
    pub open_title: String,
    /// The name of the file type in the dialog's filter.
    pub filter: String,
    /// A file name to start from: `fieldscreen-2026-11-24.fsb`.
    pub suggested_name: String,
}

impl App {
    /// The dialog's words and a suggested file name (today's date: no team
    /// or person's name on a file that may travel on a USB stick).
    pub fn bundle_dialog_text(&self) -> BundleDialogText {
        let lang = self.language();
        BundleDialogText {
            save_title: fmt(&lang, "bundle-save-title", &[]),
            open_title: fmt(&lang, "bundle-open-title", &[]),
            filter: fmt(&lang, "bundle-filter", &[]),
            suggested_name: format!(
                "fieldscreen-{}.{BUNDLE_EXTENSION}",
                Utc::now().format("%Y-%m-%d")
            ),
        }
    }

    /// Writes every record of this device, sealed for the team, to `path`.
    pub fn export_bundle(&self, path: &Path) -> Result<BundleOutcome, AppError> {
        let lang = self.language();
        let report = self.with_store(|s| s.export_bundle(path, &lang))?;
        let records = clamp(report.records);
        Ok(BundleOutcome {
            records,
            rejected: 0,
            message: fmt_count(&lang, "bundle-saved", records.into()),
        })
    }

    /// Merges a bundle made by a device of this team. Nothing changes when
    /// the file is not one (another team's, damaged, not a bundle).
    pub fn import_bundle(&self, path: &Path) -> Result<BundleOutcome, AppError> {
        let lang = self.language();
        let report = self.with_store(|s| s.import_bundle(path, &lang))?;
        // What waits to be sent may have changed: recount at the next look.
        self.sync.lock().counted_at = None;
        let (records, rejected) = (clamp(report.records), clamp(report.rejected));
        let mut message = fmt_count(&lang, "bundle-merged", records.into());
        if rejected > 0 {
            message.push(' ');
            message.push_str(&fmt_count(&lang, "bundle-set-aside", rejected.into()));
        }
        Ok(BundleOutcome {
            records,
            rejected,
            message,
        })
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
