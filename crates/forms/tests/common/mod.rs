//! Helpers shared by the integration tests and benches of `forms`.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use forms::{Diagnostic, Diagnostics};

/// The corpus directory.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Splits a multi-file fixture (`//- path` lines) into a folder.
pub fn fixture(src: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in src.lines() {
        if let Some(path) = line.strip_prefix("//- ") {
            if let Some((p, body)) = current.take() {
                files.insert(p, body.into_bytes());
            }
            current = Some((path.trim().to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((p, body)) = current {
        files.insert(p, body.into_bytes());
    }
    files
}

/// Reads a folder from disk (tests only; `forms` itself does no IO).
pub fn read_dir(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if e.file_type().unwrap().is_dir() {
                stack.push((e.path(), rel));
            } else {
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// The media files kept beside an XLSForm spec, as ODK keeps them beside a
/// form: `NAME-media/` next to `NAME.txt` (name → bytes; none if absent).
pub fn media_beside(spec: &Path) -> Vec<(String, Vec<u8>)> {
    let stem = spec.file_stem().unwrap().to_string_lossy();
    let dir = spec.with_file_name(format!("{stem}-media"));
    if !dir.is_dir() {
        return Vec::new();
    }
    read_dir(&dir).into_iter().collect()
}

/// A sheet spec: `[sheet]` lines start a sheet; rows are `|`-separated cells.
pub fn parse_spec(src: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let mut sheets: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for line in src.lines() {
        let t = line.trim();
        if t.starts_with('[') && t.ends_with(']') {
            sheets.push((t[1..t.len() - 1].to_string(), Vec::new()));
        } else if !t.is_empty()
            && let Some((_, rows)) = sheets.last_mut()
        {
            rows.push(line.split('|').map(|c| c.trim().to_string()).collect());
        }
    }
    sheets
}

/// Builds an .xlsx from a sheet spec.
pub fn xlsx(sheets: &[(String, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// One line per diagnostic: `LOCATION: id(args)`.
pub fn diags(d: &[Diagnostic]) -> String {
    d.iter().map(|d| format!("{d}\n")).collect()
}

pub fn show_err(e: &Diagnostics) -> String {
    diags(&e.0)
}
