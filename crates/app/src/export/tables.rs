//! The rows of each table, and the CSV zip and JSON writers.

use std::collections::BTreeSet;
use std::io::Write;

use super::layout::{ColumnKind, Layout, Table};
use super::output::{Sink, WriteError};
use super::{DONT_KNOW, ExportProgress, ExportRequest, Item, OnProgress, PREFER_NOT, Source};
use crate::cases::AnswerView;

/// The interview's key in every table (`uuid:<record id>`).
pub(crate) fn root_key(item: &Item) -> String {
    format!("uuid:{}", item.view.id)
}

/// The rows table `t` has for one interview: its repeat positions, in order.
pub(crate) fn instances(layout: &Layout, t: usize, item: &Item) -> BTreeSet<Vec<u32>> {
    let depth = layout.tables[t].depth();
    let mut rows = BTreeSet::new();
    if t == 0 {
        rows.insert(Vec::new());
        return rows;
    }
    for key in item.view.answers.keys() {
        let Ok(k) = key.parse::<forms::AnswerKey>() else {
            continue;
        };
        let Some(&table) = layout.table_of.get(&k.name) else {
            continue;
        };
        if layout.tables[table].chain.contains(&t) && k.indices.len() >= depth {
            rows.insert(k.indices[..depth].to_vec());
        }
    }
    rows
}

/// The answer cell for `answer`, with choice labels in `labels` if asked.
fn answer_cell(
    a: &AnswerView,
    select: Option<&(String, bool)>,
    item: &Item,
    labels: Option<&str>,
) -> String {
    match (a.state.as_str(), &a.value) {
        ("dont_know", _) => DONT_KNOW.to_owned(),
        ("prefer_not", _) => PREFER_NOT.to_owned(),
        (_, None) => String::new(),
        (_, Some(v)) => match (labels, select) {
            (Some(lang), Some((list, multiple))) => {
                let label = |name: &str| {
                    item.form
                        .choice_label(list, name, lang)
                        .map(|t| t.render(&mut |_| String::new()))
                        .unwrap_or_else(|| name.to_owned())
                };
                if *multiple {
                    v.split_whitespace()
                        .map(label)
                        .collect::<Vec<_>>()
                        .join("; ")
                } else {
                    label(v)
                }
            }
            _ => v.clone(),
        },
    }
}

/// One row of table `t` at repeat positions `at`.
pub(crate) fn row(
    layout: &Layout,
    t: usize,
    item: &Item,
    at: &[u32],
    labels: Option<&str>,
) -> Vec<String> {
    let table: &Table = &layout.tables[t];
    let root = root_key(item);
    let suffix: String = at.iter().map(|i| format!("[{i}]")).collect();
    let mut cells = Vec::with_capacity(table.columns.len() + 16);
    let v = &item.view;
    if t == 0 {
        cells.push(v.updated.clone());
    }
    for column in &table.columns {
        let answer = if suffix.is_empty() {
            v.answers.get(column.question.as_str())
        } else {
            v.answers.get(&format!("{}{suffix}", column.question))
        };
        cells.push(match (&column.kind, answer) {
            (_, None) => match column.kind {
                ColumnKind::Choice(_) => "0".to_owned(),
                ColumnKind::Answer { .. } => String::new(),
            },
            (ColumnKind::Answer { select }, Some(a)) => {
                answer_cell(a, select.as_ref(), item, labels)
            }
            (ColumnKind::Choice(choice), Some(a)) => {
                let chosen = a
                    .value
                    .as_deref()
                    .is_some_and(|s| s.split_whitespace().any(|c| c == choice));
                if chosen { "1" } else { "0" }.to_owned()
            }
        });
    }
    if t == 0 {
        let complete = v.status == "complete";
        cells.extend([
            root,
            String::new(),
            String::new(),
            "0".to_owned(),
            "0".to_owned(),
            String::new(),
            String::new(),
            item.device.clone(),
            "0".to_owned(),
            v.form.version.clone(),
            v.created.clone(),
            if complete {
                v.updated.clone()
            } else {
                String::new()
            },
            v.status.clone(),
            item.interviewer_lang.clone(),
            item.respondent_lang.clone(),
            self_administered(v),
        ]);
    } else {
        cells.push(table.parent_key(&root, at));
        cells.push(table.key(&root, at));
    }
    cells
}

/// The `SelfAdministered` cell: the keys of the answers the respondent gave
/// on the device, space-separated.
fn self_administered(v: &crate::cases::InterviewView) -> String {
    v.answers
        .iter()
        .filter(|(_, a)| a.self_administered)
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts steps and asks the caller whether to go on.
struct Steps<'a> {
    done: u32,
    total: u32,
    progress: OnProgress<'a>,
}

impl Steps<'_> {
    fn step(&mut self) -> Result<(), WriteError> {
        self.done += 1;
        let go_on = (self.progress)(ExportProgress {
            done: self.done,
            total: self.total,
        });
        if go_on {
            Ok(())
        } else {
            Err(WriteError::Cancelled)
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The CSV zip, in one pass over the interviews (each read once, one at a
/// time): the main table streams into the export; each repeat table fills
/// its own one-entry zip in memory, compressed as it goes (a few bytes per
/// row), and is copied into the export at the end without recompressing.
/// Returns how many interviews were written.
pub(crate) fn write_csv_zip(
    layout: &Layout,
    req: &ExportRequest,
    source: &mut Source<'_>,
    sink: Sink,
    progress: OnProgress<'_>,
) -> Result<u32, WriteError> {
    let mut steps = Steps {
        done: 0,
        total: count(source.len()),
        progress,
    };
    // A streamed zip (sizes after each entry, as Central's own zips): it
    // needs no seeking, so it can go through an `age` stream.
    let mut zip = zip::ZipWriter::new_stream(sink);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut written = 0;
    let labels = req.labels.as_deref();
    let mut repeats = Vec::with_capacity(layout.tables.len().saturating_sub(1));
    for t in 1..layout.tables.len() {
        let mut part = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        part.start_file(format!("{}.csv", layout.table_name(t)), options)?;
        let mut csv = csv::Writer::from_writer(part);
        csv.write_record(layout.tables[t].header())?;
        repeats.push(csv);
    }
    zip.start_file(format!("{}.csv", layout.table_name(0)), options)?;
    {
        let mut main = csv::Writer::from_writer(&mut zip);
        main.write_record(layout.tables[0].header())?;
        for i in 0..source.len() {
            if let Some(item) = source.item(i)? {
                written += 1;
                for at in instances(layout, 0, &item) {
                    main.write_record(row(layout, 0, &item, &at, labels))?;
                }
                for (r, csv) in repeats.iter_mut().enumerate() {
                    for at in instances(layout, r + 1, &item) {
                        csv.write_record(row(layout, r + 1, &item, &at, labels))?;
                    }
                }
            }
            steps.step()?;
        }
        main.flush()?;
    }
    for csv in repeats {
        let part = csv
            .into_inner()
            .map_err(|e| WriteError::Io(std::io::Error::other(e.to_string())))?;
        let mut done = zip::ZipArchive::new(part.finish()?)?;
        zip.raw_copy_file(done.by_index(0)?)?;
    }
    zip.finish()?.into_inner().finish()?;
    Ok(written)
}

/// The JSON export: an array of interviews as `interview show --json`
/// prints them.
pub(crate) fn write_json(
    source: &mut Source<'_>,
    sink: Sink,
    progress: OnProgress<'_>,
) -> Result<u32, WriteError> {
    let mut steps = Steps {
        done: 0,
        total: count(source.len()),
        progress,
    };
    let mut out = sink;
    out.write_all(b"[")?;
    let mut written = 0;
    for i in 0..source.len() {
        if let Some(item) = source.item(i)? {
            out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut out, &item.view)?;
            written += 1;
        }
        steps.step()?;
    }
    out.write_all(b"\n]\n")?;
    out.finish()?;
    Ok(written)
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let mut candidate: String = clean.chars().take(31).collect();
    let mut n = 1;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        n += 1;
        let suffix = format!("~{n}");
        candidate = clean.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
    }
    taken.push(candidate.clone());
    candidate
}

/// The XLSX workbook: the CSV zip's tables as sheets, numbers as numbers,
/// in one pass over the interviews (each read once; every sheet gets its
/// rows in order as each interview is read). A plaintext workbook's sheets
/// are written in constant memory (rows go to temporary files in
/// `tmp_dir`, the export's own folder, removed when the workbook is saved);
/// an encrypted one is built in memory (no plaintext file ever) and then
/// encrypted: its memory grows with the export.
pub(crate) fn write_xlsx(
    layout: &Layout,
    req: &ExportRequest,
    source: &mut Source<'_>,
    mut sink: Sink,
    progress: OnProgress<'_>,
    tmp_dir: &std::path::Path,
) -> Result<u32, WriteError> {
    let in_memory = sink.is_encrypted();
    let mut steps = Steps {
        done: 0,
        total: count(source.len()),
        progress,
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    if !in_memory {
        book.set_tempdir(tmp_dir)?;
    }
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let mut taken = Vec::new();
    let labels = req.labels.as_deref();
    // Per sheet: which columns hold numbers, and the next row to write.
    let mut sheets: Vec<(Vec<bool>, u32)> = Vec::with_capacity(layout.tables.len());
    for (t, table) in layout.tables.iter().enumerate() {
        let lead = usize::from(t == 0);
        let mut numeric = vec![false; lead];
        numeric.extend(table.columns.iter().map(|c| c.numeric && labels.is_none()));
        let sheet = if in_memory {
            book.add_worksheet()
        } else {
            book.add_worksheet_with_constant_memory()
        };
        sheet.set_name(sheet_name(&layout.table_name(t), &mut taken))?;
        for (c, h) in table.header().iter().enumerate() {
            sheet.write_string_with_format(0, col(c)?, h, &bold)?;
        }
        sheets.push((numeric, 1));
    }
    let mut written = 0;
    for i in 0..source.len() {
        if let Some(item) = source.item(i)? {
            written += 1;
            for (t, (numeric, r)) in sheets.iter_mut().enumerate() {
                let sheet = book.worksheet_from_index(t)?;
                for at in instances(layout, t, &item) {
                    for (c, cell) in row(layout, t, &item, &at, labels).iter().enumerate() {
                        if cell.is_empty() {
                            continue;
                        }
                        match cell.parse::<f64>() {
                            Ok(n) if numeric.get(c).copied().unwrap_or(false) && n.is_finite() => {
                                sheet.write_number(*r, col(c)?, n)?;
                            }
                            _ => {
                                sheet.write_string(*r, col(c)?, cell)?;
                            }
                        }
                    }
                    *r = r.checked_add(1).ok_or_else(|| {
                        WriteError::Io(std::io::Error::other("too many rows for a sheet"))
                    })?;
                }
            }
        }
        steps.step()?;
    }
    if in_memory {
        sink.write_all(&book.save_to_buffer()?)?;
    } else {
        book.save_to_writer(&mut sink)?;
    }
    sink.finish()?;
    Ok(written)
}

fn col(c: usize) -> Result<u16, WriteError> {
    u16::try_from(c)
        .map_err(|_| WriteError::Io(std::io::Error::other("too many columns for a sheet")))
}
