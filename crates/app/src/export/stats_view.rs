//! The statistics in the window: the anonymised tables of [`super::stats`]
//! with their titles in the supervisor's language, bar charts (SVG, drawn
//! by [`bar_chart_svg`]) of the counts per indicator and per month, and
//! saving the tables (CSV) or a chart (SVG) where the supervisor chooses.
//! Only what [`super::stats::stats`] published reaches the window or a file:
//! a withheld count is a sentence, never a number.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use specta::Type;

use super::job::ExportDialogText;
use super::output::{Staged, WriteError};
use super::stats::{StatTable, StatsRequest, bar_chart_svg, write_csv};
use crate::{App, AppError};

/// The tables the window draws as bar charts.
pub const CHARTS: [&str; 2] = ["indicator", "month"];

/// One count as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StatsCellView {
    pub category: String,
    pub label: String,
    /// `None` when withheld.
    pub count: Option<u32>,
    /// The count, or the withheld sentence, in the reader's language.
    pub shown: String,
}

/// One table as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StatsTableView {
    /// As in the CSV (`indicator`, `month`, `age_band`, …).
    pub id: String,
    pub title: String,
    pub cells: Vec<StatsCellView>,
    pub total: Option<u32>,
    /// Why the table is empty when even its categories are withheld.
    pub withheld: Option<String>,
    /// The bar chart as a `data:image/svg+xml` URL (indicator and month tables).
    pub chart: Option<String>,
}

/// The statistics screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StatsView {
    pub form_id: String,
    pub k: u32,
    /// What the numbers are and what was withheld, in the reader's language.
    pub note: String,
    pub tables: Vec<StatsTableView>,
}

/// A table's title in `lang` (`stats-table-<id>`).
fn title(id: &str, lang: &str) -> String {
    i18n::localizer().format(lang, &format!("stats-table-{}", id.replace('_', "-")), None)
}

fn withheld_text(k: u32, lang: &str) -> String {
    let mut args = i18n::FluentArgs::new();
    args.set("k", k);
    i18n::localizer().format(lang, "stats-withheld", Some(&args))
}

/// The chart of `table` as SVG, in `lang`.
fn chart_svg(table: &StatTable, k: u32, lang: &str) -> String {
    bar_chart_svg(table, &title(&table.id, lang), &withheld_text(k, lang))
}

impl App {
    /// The anonymised statistics of one questionnaire's interviews, ready
    /// to show, with the charts.
    pub fn stats_view(&self, req: &StatsRequest) -> Result<StatsView, AppError> {
        let lang = self.language();
        let stats = self.export_stats(req)?;
        let withheld = withheld_text(stats.k, &lang);
        let mut args = i18n::FluentArgs::new();
        args.set("k", stats.k);
        let note = i18n::localizer().format(&lang, "stats-window-note", Some(&args));
        let tables = stats
            .tables
            .iter()
            .map(|t| StatsTableView {
                id: t.id.clone(),
                title: title(&t.id, &lang),
                cells: t
                    .cells
                    .iter()
                    .map(|c| StatsCellView {
                        category: c.category.clone(),
                        label: c.label.clone(),
                        count: c.count,
                        shown: c.count.map_or_else(|| withheld.clone(), |n| n.to_string()),
                    })
                    .collect(),
                total: t.total,
                withheld: (t.cells.is_empty() && t.total.is_none())
                    .then(|| i18n::localizer().format(&lang, "stats-table-withheld", None)),
                chart: (CHARTS.contains(&t.id.as_str()) && !t.cells.is_empty())
                    .then(|| crate::svg_data_url(&chart_svg(t, stats.k, &lang))),
            })
            .collect();
        Ok(StatsView {
            form_id: stats.form_id,
            k: stats.k,
            note,
            tables,
        })
    }

    /// The save dialog's words for the statistics (CSV), or for the chart
    /// of table `chart` (SVG).
    pub fn stats_dialog_text(&self, req: &StatsRequest, chart: Option<&str>) -> ExportDialogText {
        let lang = self.language();
        let l = i18n::localizer();
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        };
        let date = chrono::Utc::now().format("%Y-%m-%d");
        let (extension, filter, name) = match chart {
            Some(t) => (
                "svg",
                "stats-filter-svg",
                format!("{}-{}-{date}.svg", safe(&req.form_id), safe(t)),
            ),
            None => (
                "csv",
                "stats-filter-csv",
                format!("{}-statistics-{date}.csv", safe(&req.form_id)),
            ),
        };
        ExportDialogText {
            title: l.format(&lang, "stats-dialog-title", None),
            filter: l.format(&lang, filter, None),
            extension: extension.to_owned(),
            suggested_name: name,
        }
    }

    /// Saves the statistics as CSV (`chart` `None`), or the bar chart of
    /// table `chart` as SVG, to `out` (written whole, then renamed).
    /// Returns the bytes written.
    pub fn save_stats(
        &self,
        req: &StatsRequest,
        chart: Option<&str>,
        out: &Path,
    ) -> Result<u64, AppError> {
        let lang = self.language();
        let stats = self.export_stats(req)?;
        let Some(id) = chart else {
            return write_csv(&stats, out, &lang);
        };
        let table = stats
            .tables
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| AppError::not_found(id, &lang))?;
        let svg = chart_svg(table, stats.k, &lang);
        let mut staged = Staged::new(out, &lang)?;
        let mut write = || -> Result<(), WriteError> {
            let mut f = staged.file()?;
            f.write_all(svg.as_bytes())?;
            f.flush()?;
            Ok(())
        };
        write().map_err(|e| e.into_app_error(out, &lang))?;
        staged.commit(&lang)
    }
}
