//! Aggregate statistics a supervisor may share: counts that identify nobody.
//!
//! Each published table is one-way: interviews by indicator, dimension,
//! determination, nationality, province, sector, month and age band. The
//! tables where every interview falls in exactly one category (all but
//! indicators and dimensions) end with their total, so their cells obey one
//! relation: the cells add up to the total.
//!
//! Suppression (threshold `k`, default 11, the Counter Trafficking Data
//! Collaborative's choice; never lower):
//! - primary: every count from 1 to k−1 is withheld (zeros are published:
//!   they identify nobody);
//! - secondary: in a table with a total, the withheld cells' sum is known
//!   (total minus the published cells), so one withheld cell alone would be
//!   recovered. The smallest published non-zero cells are withheld too until
//!   at least two are withheld, their sum is k or more (the withheld group
//!   is itself no smaller than k) and exceeds their number (not all ones).
//!   When no such cell is left, the whole table is withheld, its list of
//!   categories included. A total below k withholds the table.
//!
//! `stats_tests::no_withheld_cell_can_be_recovered` plays the attacker who
//! knows this very rule: it tries every count the withheld cells could hold,
//! keeps those this rule would have published the same way, and finds more
//! than one value for every withheld cell.
//!
//! The questions the breakdowns read are named by the questionnaire:
//! [`BREAKDOWNS`] (select questions) and [`AGE_QUESTION`].

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::output::{Staged, WriteError};
use super::{ExportFilter, ExportFormat, ExportProgress, ExportRequest, OnProgress};
use crate::cases::CaseStore;
use crate::{App, AppError, ErrorCode};

/// The smallest threshold a supervisor may choose.
pub const MIN_K: u32 = 11;
/// Select questions broken down by their answer, when a questionnaire has them.
pub const BREAKDOWNS: [&str; 3] = ["nationality", "province", "sector"];
/// The integer question the age bands read.
pub const AGE_QUESTION: &str = "age";
/// Age bands: (id, first age, last age).
const AGE_BANDS: [(&str, u32, u32); 5] = [
    ("0-17", 0, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-49", 35, 49),
    ("50+", 50, u32::MAX),
];
/// The category of an interview without the answer a table reads.
pub const NOT_RECORDED: &str = "not_recorded";

/// What to count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatsRequest {
    pub form_id: String,
    /// The threshold (at least [`MIN_K`]; `None`: [`MIN_K`]).
    pub k: Option<u32>,
    pub filter: ExportFilter,
}

/// One published count (`None` when withheld).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StatCell {
    pub category: String,
    /// The category in the reader's language.
    pub label: String,
    pub count: Option<u32>,
}

/// One table of counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StatTable {
    /// `indicator`, `dimension`, `determination`, `nationality`, `province`,
    /// `sector`, `month`, `age_band`.
    pub id: String,
    pub cells: Vec<StatCell>,
    /// The number of interviews (tables whose categories do not overlap).
    pub total: Option<u32>,
}

/// The statistics of one questionnaire's interviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Stats {
    pub form_id: String,
    pub k: u32,
    pub tables: Vec<StatTable>,
}

/// Raw counts of one table, before suppression.
#[derive(Debug, Default)]
struct Tally {
    counts: BTreeMap<String, (String, u32)>,
    exclusive: bool,
}

impl Tally {
    fn add(&mut self, category: &str, label: impl FnOnce() -> String) {
        self.counts
            .entry(category.to_owned())
            .or_insert_with(|| (label(), 0))
            .1 += 1;
    }
}

/// Which cells to withhold in `counts` (see the module's rules); `total`
/// when the cells add up to it.
pub fn suppress(counts: &[u32], total: Option<u32>, k: u32) -> (Vec<bool>, bool) {
    let mut withheld: Vec<bool> = counts.iter().map(|&c| c > 0 && c < k).collect();
    let Some(total) = total else {
        return (withheld, false);
    };
    if total < k {
        return (counts.iter().map(|&c| c > 0).collect(), total > 0);
    }
    loop {
        let n = withheld.iter().filter(|w| **w).count();
        let sum: u32 = counts
            .iter()
            .zip(&withheld)
            .filter(|(_, w)| **w)
            .map(|(c, _)| *c)
            .sum();
        if n == 0 || (n >= 2 && sum >= k && sum as usize > n) {
            return (withheld, false);
        }
        let next = counts
            .iter()
            .enumerate()
            .filter(|(i, c)| !withheld[*i] && **c > 0)
            .min_by_key(|(_, c)| **c)
            .map(|(i, _)| i);
        match next {
            Some(i) => withheld[i] = true,
            // Nothing left to hide them among: withhold the table.
            None => return (counts.iter().map(|&c| c > 0).collect(), true),
        }
    }
}

fn month(created: &str) -> String {
    created.get(..7).unwrap_or(NOT_RECORDED).to_owned()
}

fn age_band(age: Option<&str>) -> &'static str {
    age.and_then(|a| a.parse::<u32>().ok())
        .and_then(|a| {
            AGE_BANDS
                .iter()
                .find(|(_, lo, hi)| a >= *lo && a <= *hi)
                .map(|(id, _, _)| *id)
        })
        .unwrap_or(NOT_RECORDED)
}

/// Counts one questionnaire's interviews and withholds what could identify.
pub fn stats(
    store: &mut CaseStore,
    req: &StatsRequest,
    progress: OnProgress<'_>,
) -> Result<Stats, AppError> {
    let lang = store.lang().to_owned();
    let k = req.k.unwrap_or(MIN_K);
    if k < MIN_K {
        return Err(AppError::new(
            ErrorCode::InvalidAnswer,
            "stats-k-too-low",
            &[("k", k.to_string()), ("min", MIN_K.to_string())],
            &lang,
        ));
    }
    let export_req = ExportRequest {
        form_id: req.form_id.clone(),
        format: ExportFormat::Json,
        labels: None,
        split_multiple: false,
        filter: req.filter.clone(),
        age_recipients: Vec::new(),
    };
    let ids = super::selected(store, &export_req)?;
    super::versions(store, &req.form_id, &ids)?;
    let ids = ids.into_iter().map(|(id, _)| id).collect();
    let mut source = super::source(super::Access::Store(store), &export_req, ids);
    let order = [
        "indicator",
        "dimension",
        "determination",
        "nationality",
        "province",
        "sector",
        "month",
        "age_band",
    ];
    let mut tallies: BTreeMap<&str, Tally> = order
        .iter()
        .map(|id| {
            (
                *id,
                Tally {
                    counts: BTreeMap::new(),
                    exclusive: !matches!(*id, "indicator" | "dimension"),
                },
            )
        })
        .collect();
    let mut n = 0u32;
    let total = u32::try_from(source.len()).unwrap_or(u32::MAX);
    for i in 0..source.len() {
        if let Some(item) = source.item(i)? {
            n += 1;
            let form = item.form.clone();
            let scoring_label = |kind: &str, id: &str| {
                form.scoring_label(kind, id, &lang)
                    .map(|t| t.render(&mut |_| String::new()))
                    .unwrap_or_else(|| id.to_owned())
            };
            let v = &item.view;
            if let Some(s) = &v.scoring {
                for ind in &s.indicators {
                    tallies
                        .entry("indicator")
                        .or_default()
                        .add(&ind.id, || ind.label.clone());
                }
                for d in s.dimensions.iter().filter(|d| d.positive) {
                    tallies
                        .entry("dimension")
                        .or_default()
                        .add(&d.id, || scoring_label("dimension", &d.id));
                }
            }
            let determination = v.scoring.as_ref().and_then(|s| s.determination.as_ref());
            tallies.entry("determination").or_default().add(
                determination.map_or(NOT_RECORDED, |d| d.id.as_str()),
                || determination.map_or_else(String::new, |d| d.label.clone()),
            );
            for q in BREAKDOWNS {
                let value = v.answers.get(q).and_then(|a| a.value.clone());
                let list = form
                    .node(q)
                    .and_then(|n| n.question_type())
                    .and_then(|t| t.list());
                let category = value.clone().unwrap_or_else(|| NOT_RECORDED.to_owned());
                tallies
                    .entry(q)
                    .or_default()
                    .add(&category, || match (list, &value) {
                        (Some(list), Some(v)) => form
                            .choice_label(list, v, &lang)
                            .map(|t| t.render(&mut |_| String::new()))
                            .unwrap_or_else(|| v.clone()),
                        _ => String::new(),
                    });
            }
            tallies
                .entry("month")
                .or_default()
                .add(&month(&v.created), String::new);
            let age = v.answers.get(AGE_QUESTION).and_then(|a| a.value.as_deref());
            tallies
                .entry("age_band")
                .or_default()
                .add(age_band(age), String::new);
        }
        if !progress(ExportProgress {
            done: u32::try_from(i + 1).unwrap_or(u32::MAX),
            total,
        }) {
            return Err(AppError::new(
                ErrorCode::Cancelled,
                "export-cancelled",
                &[],
                &lang,
            ));
        }
    }
    let not_recorded = i18n::localizer().format(&lang, "stats-not-recorded", None);
    let tables = order
        .iter()
        .map(|id| {
            let tally = tallies.remove(id).unwrap_or_default();
            let counts: Vec<u32> = tally.counts.values().map(|(_, c)| *c).collect();
            let table_total = tally.exclusive.then_some(n);
            let (withheld, total_withheld) = suppress(&counts, table_total, k);
            if total_withheld {
                // Even the list of categories present would tell too much.
                return StatTable {
                    id: (*id).to_owned(),
                    cells: Vec::new(),
                    total: None,
                };
            }
            StatTable {
                id: (*id).to_owned(),
                cells: tally
                    .counts
                    .into_iter()
                    .zip(withheld)
                    .map(|((category, (label, count)), w)| StatCell {
                        label: if category == NOT_RECORDED {
                            not_recorded.clone()
                        } else if label.is_empty() {
                            category.clone()
                        } else {
                            label
                        },
                        category,
                        count: (!w).then_some(count),
                    })
                    .collect(),
                total: table_total,
            }
        })
        .collect();
    Ok(Stats {
        form_id: req.form_id.clone(),
        k,
        tables,
    })
}

/// The statistics as CSV: `table,category,label,count`, a withheld count
/// empty, each table's total as category `total`.
pub fn write_csv(stats: &Stats, out: &Path, lang: &str) -> Result<u64, AppError> {
    let mut staged = Staged::new(out, lang)?;
    let mut write = || -> Result<(), WriteError> {
        let mut w = csv::Writer::from_writer(BufWriter::new(staged.file()?));
        w.write_record(["table", "category", "label", "count"])?;
        for t in &stats.tables {
            for c in &t.cells {
                let count = c.count.map(|n| n.to_string()).unwrap_or_default();
                w.write_record([t.id.as_str(), &c.category, &c.label, &count])?;
            }
            if let Some(total) = t.total {
                w.write_record([t.id.as_str(), "total", "", &total.to_string()])?;
            } else if t.cells.is_empty() {
                // A withheld table: named, with nothing in it.
                w.write_record([t.id.as_str(), "total", "", ""])?;
            }
        }
        let mut inner = w
            .into_inner()
            .map_err(|e| WriteError::Io(std::io::Error::other(e.to_string())))?;
        inner.flush()?;
        Ok(())
    };
    write().map_err(|e| e.into_app_error(out, lang))?;
    staged.commit(lang)
}

impl App {
    /// Anonymised counts of one questionnaire's interviews (see [`stats`]).
    pub fn export_stats(&self, req: &StatsRequest) -> Result<Stats, AppError> {
        self.with_store(|store| stats(store, req, &mut |_| true))
    }
}

/// Escapes text for SVG.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of one table as SVG (drawn here, no chart
/// library): one bar per published count, scaled to the largest; a withheld
/// count shows `withheld` (already in the reader's language) instead of a bar.
pub fn bar_chart_svg(table: &StatTable, title: &str, withheld: &str) -> String {
    const ROW: u32 = 28;
    const LABEL_W: u32 = 320;
    const BAR_W: u32 = 360;
    let max = table
        .cells
        .iter()
        .filter_map(|c| c.count)
        .max()
        .unwrap_or(1)
        .max(1);
    let rows = u32::try_from(table.cells.len()).unwrap_or(u32::MAX);
    let height = 40 + ROW * rows.max(1);
    let width = LABEL_W + BAR_W + 80;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"'Noto Sans', 'Noto Sans Thai', \
         'Noto Sans Myanmar', 'Noto Sans Khmer', 'Noto Sans Lao', sans-serif\" font-size=\"13\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\
         <text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>",
        xml(title)
    );
    for (i, c) in table.cells.iter().enumerate() {
        let y = 40 + ROW * u32::try_from(i).unwrap_or(0);
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 8,
            y + 18,
            xml(&c.label)
        ));
        match c.count {
            Some(n) => {
                let w = (u64::from(n) * u64::from(BAR_W) / u64::from(max)).max(u64::from(n > 0));
                svg.push_str(&format!(
                    "<rect x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"20\" fill=\"#2b6cb0\"/>\
                     <text x=\"{}\" y=\"{}\">{n}</text>",
                    y + 4,
                    u64::from(LABEL_W) + w + 6,
                    y + 18
                ));
            }
            None => svg.push_str(&format!(
                "<text x=\"{LABEL_W}\" y=\"{}\" fill=\"#555555\" font-style=\"italic\">{}</text>",
                y + 18,
                xml(withheld)
            )),
        }
    }
    svg.push_str("</svg>");
    svg
}
