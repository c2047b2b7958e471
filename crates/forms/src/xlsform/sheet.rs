//! Reading the workbook: its sheets as rows of clean text.

use super::*;

/// A sheet read into memory, with its absolute origin.
pub(super) struct Sheet {
    pub(super) name: String,
    /// What the sheet is read as: `survey`, `choices`, `settings` or `external_choices`.
    pub(super) role: &'static str,
    pub(super) row0: u32,
    pub(super) col0: u32,
    pub(super) rows: Vec<Vec<String>>,
}

impl Sheet {
    pub(super) fn loc(&self, r: usize, c: usize) -> Location {
        Location::Cell {
            sheet: self.name.clone(),
            row: self
                .row0
                .saturating_add(u32::try_from(r).unwrap_or(u32::MAX)),
            col: self
                .col0
                .saturating_add(u32::try_from(c).unwrap_or(u32::MAX)),
        }
    }
    /// The 1-based row number a person sees in the spreadsheet.
    pub(super) fn row_number(&self, r: usize) -> u64 {
        u64::from(self.row0) + u64::try_from(r).unwrap_or(u64::MAX / 2) + 1
    }
    pub(super) fn row_loc(&self, r: usize) -> Location {
        Location::Row {
            sheet: self.name.clone(),
            row: self
                .row0
                .saturating_add(u32::try_from(r).unwrap_or(u32::MAX)),
        }
    }
}

/// pyxform's cleaning: smart quotes become plain quotes; runs of spaces
/// collapse to one and the ends are trimmed.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        };
        if c == ' ' {
            if prev_space {
                continue;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
        out.push(c);
    }
    out.trim().to_string()
}

pub(super) fn cell_text(d: &Data) -> Result<String, &'static str> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => crate::expr::format_number(*f),
        Data::Bool(b) => if *b { "true" } else { "false" }.into(),
        Data::DateTime(dt) => {
            let days = dt.as_f64();
            if days.is_finite() && days.abs() < 3_000_000.0 {
                // calamine knows whether the workbook counts from 1900 or 1904.
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                String::new()
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) => return Err("forms-xlsform-cell-error"),
    })
}

pub(super) fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, Message> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| Message::new("forms-xlsform-unreadable").arg("detail", e))?;
    let names = wb.sheet_names();
    let only_one = names.len() == 1;
    let mut out = Vec::new();
    for name in names {
        let role = match name.trim().to_lowercase().as_str() {
            "survey" => "survey",
            "choices" => "choices",
            "settings" => "settings",
            "external_choices" => "external_choices",
            // Sheets pyxform knows and FieldScreen does not use.
            "osm" | "entities" => continue,
            // pyxform reads the only sheet of a workbook as the survey, whatever its name.
            _ if only_one => "survey",
            _ => continue,
        };
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| Message::new("forms-xlsform-unreadable").arg("detail", e))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for (r, row) in range.rows().enumerate().take(MAX_ROWS) {
            let mut cells = Vec::with_capacity(row.len());
            for (c, d) in row.iter().enumerate() {
                match cell_text(d) {
                    Ok(s) => cells.push(s),
                    Err(id) => {
                        errors.push((r, c, id));
                        cells.push(String::new());
                    }
                }
            }
            rows.push(cells);
        }
        let sheet = Sheet {
            name: name.clone(),
            role,
            row0,
            col0,
            rows,
        };
        if let Some((r, c, id)) = errors.first() {
            return Err(Message::new(id).arg("cell", sheet.loc(*r, *c)));
        }
        out.push(sheet);
    }
    Ok(out)
}
