//! XLSForm import (`.xlsx`, `.xls`, `.ods` via calamine) onto the native
//! questionnaire folder.
//!
//! The survey, choices and settings sheets are read; `label::Thai (th)`,
//! `label::th` and `label::Thai` columns become translations; smart quotes are
//! replaced and runs of spaces collapsed as pyxform does. Anything not
//! supported is refused with a diagnostic naming the sheet, row, column and
//! feature: nothing is dropped silently.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Reader};

use crate::diag::{Diagnostic, Diagnostics, Location, Message};
use crate::model::{self, ChoiceDef, Definition, RequiredDef, Row, Settings};
use crate::text::{self, Entry, Text};

/// Largest input accepted (bytes).
pub const MAX_INPUT: usize = 64 * 1024 * 1024;
/// Largest number of rows read from one sheet.
pub const MAX_ROWS: usize = 100_000;

/// A sheet read into memory, with its absolute origin.
struct Sheet {
    name: String,
    row0: u32,
    col0: u32,
    rows: Vec<Vec<String>>,
}

impl Sheet {
    fn loc(&self, r: usize, c: usize) -> Location {
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
    fn row_loc(&self, r: usize) -> Location {
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

fn cell_text(d: &Data) -> Result<String, &'static str> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => crate::expr::format_number(*f),
        Data::Bool(b) => if *b { "true" } else { "false" }.into(),
        Data::DateTime(dt) => {
            let days = dt.as_f64();
            if days.is_finite() && days.abs() < 3_000_000.0 {
                crate::expr::Date(days.floor() as i32 - 25_569).to_string()
            } else {
                String::new()
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) => return Err("forms-xlsform-cell-error"),
    })
}

/// Language code from an XLSForm language name: `Thai (th)` → `th`,
/// `th` → `th`, `Thai` → `th` for well-known names, else the name in lower case.
pub fn language_code(name: &str) -> String {
    let name = name.trim();
    if let (Some(open), true) = (name.rfind('('), name.ends_with(')')) {
        let code = name.get(open + 1..name.len() - 1).unwrap_or("").trim();
        if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return code.to_string();
        }
    }
    let lower = name.to_lowercase();
    let known = [
        ("english", "en"),
        ("thai", "th"),
        ("burmese", "my"),
        ("myanmar", "my"),
        ("khmer", "km"),
        ("cambodian", "km"),
        ("lao", "lo"),
        ("laotian", "lo"),
        ("french", "fr"),
        ("spanish", "es"),
        ("español", "es"),
        ("portuguese", "pt"),
        ("arabic", "ar"),
        ("swahili", "sw"),
        ("hindi", "hi"),
        ("bengali", "bn"),
        ("chinese", "zh"),
        ("vietnamese", "vi"),
        ("indonesian", "id"),
        ("malay", "ms"),
        ("tagalog", "tl"),
        ("shan", "shn"),
        ("karen", "kar"),
    ];
    if let Some((_, c)) = known.iter().find(|(n, _)| *n == lower) {
        return (*c).to_string();
    }
    let code: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if code.is_empty() { "und".into() } else { code }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Type,
    Name,
    Label,
    Hint,
    Guidance,
    ConstraintMsg,
    RequiredMsg,
    Audio,
    Image,
    Relevant,
    Required,
    Constraint,
    Calculation,
    ChoiceFilter,
    Default,
    ReadOnly,
    Appearance,
    RepeatCount,
}

impl Col {
    fn translatable(self) -> Option<Option<&'static str>> {
        // None: not translatable; Some(None): the message value; Some(Some(attr)).
        match self {
            Col::Label => Some(None),
            Col::Hint => Some(Some("hint")),
            Col::Guidance => Some(Some("guidance")),
            Col::ConstraintMsg => Some(Some("constraint-msg")),
            Col::RequiredMsg => Some(Some("required-msg")),
            Col::Audio => Some(Some("audio")),
            Col::Image => Some(Some("image")),
            _ => None,
        }
    }
    fn field(self) -> &'static str {
        match self {
            Col::Type => "type",
            Col::Name => "name",
            Col::Relevant => "relevant",
            Col::Required => "required",
            Col::Constraint => "constraint",
            Col::Calculation => "calculation",
            Col::ChoiceFilter => "choice_filter",
            Col::Default => "default",
            Col::ReadOnly => "read_only",
            Col::Appearance => "appearance",
            Col::RepeatCount => "repeat_count",
            _ => "",
        }
    }
}

enum Header {
    Known(Col, Option<String>),
    /// A column refused with this message id.
    Refused(&'static str),
    Unknown,
    Blank,
}

fn parse_header(raw: &str) -> Header {
    let h = raw.trim();
    if h.is_empty() {
        return Header::Blank;
    }
    // `bind::relevant`, `bind:jr:constraintMsg`: plain aliases of survey columns.
    let h = h
        .strip_prefix("bind::")
        .or_else(|| h.strip_prefix("bind:"))
        .or_else(|| h.strip_prefix("control::"))
        .or_else(|| h.strip_prefix("control:"))
        .unwrap_or(h);
    // The old single-colon spelling of translations: `label:English`.
    let owned;
    let h = if !h.contains("::") && !h.starts_with("jr:") {
        match h.split_once(':') {
            Some((k, l)) if !k.is_empty() && !l.is_empty() => {
                owned = format!("{k}::{l}");
                owned.as_str()
            }
            _ => h,
        }
    } else {
        h
    };
    let parts: Vec<&str> = h.split("::").collect();
    let (key, lang) = match parts.as_slice() {
        [k] => ((*k).to_string(), None),
        ["media", m] => (format!("media::{}", m.trim()), None),
        ["media", m, l] => (
            format!("media::{}", m.trim()),
            Some((*l).trim().to_string()),
        ),
        [k, l] => ((*k).to_string(), Some((*l).trim().to_string())),
        _ => return Header::Unknown,
    };
    let key = key.trim().to_lowercase().replace(' ', "_");
    let col = match key.as_str() {
        "type" | "command" => Col::Type,
        "name" | "value" | "tag" => Col::Name,
        "label" | "caption" => Col::Label,
        "hint" => Col::Hint,
        "guidance_hint" => Col::Guidance,
        "constraint_message" | "constraining_message" | "jr:constraintmsg" => Col::ConstraintMsg,
        "required_message" | "requiredmsg" | "jr:requiredmsg" => Col::RequiredMsg,
        "audio" | "media::audio" => Col::Audio,
        "image" | "media::image" => Col::Image,
        "relevant" | "relevance" => Col::Relevant,
        "required" => Col::Required,
        "constraint" => Col::Constraint,
        "calculation" | "calculate" => Col::Calculation,
        "choice_filter" => Col::ChoiceFilter,
        "default" => Col::Default,
        "read_only" | "readonly" => Col::ReadOnly,
        "appearance" => Col::Appearance,
        "repeat_count" | "jr:count" | "count" => Col::RepeatCount,
        "video" | "media::video" | "big-image" | "media::big-image" => {
            return Header::Refused("forms-xlsform-column-refused-media");
        }
        _ => return Header::Unknown,
    };
    if lang.is_some() && col.translatable().is_none() {
        return Header::Unknown;
    }
    Header::Known(col, lang)
}

fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, Message> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| Message::new("forms-xlsform-unreadable").arg("detail", e))?;
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let lower = name.trim().to_lowercase();
        if !matches!(
            lower.as_str(),
            "survey" | "choices" | "settings" | "external_choices"
        ) {
            continue;
        }
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

/// The result of an import: the questionnaire folder's files.
pub type Folder = BTreeMap<String, Vec<u8>>;

/// Imports an XLSForm's bytes. `file_name` gives the default form id and the
/// format hint. On success the folder's files (which [`model::load_folder`]
/// accepts); otherwise every problem found, located by `sheet!CELL`.
pub fn import_xlsform(file_name: &str, bytes: &[u8]) -> Result<Folder, Diagnostics> {
    if bytes.len() > MAX_INPUT {
        return Err(Diagnostics(vec![Diagnostic::new(
            Location::Input,
            Message::new("forms-xlsform-too-large").arg("max", MAX_INPUT / (1024 * 1024)),
        )]));
    }
    // calamine is not ours: never let a bug in it take the caller down.
    let sheets = match std::panic::catch_unwind(|| read_sheets(bytes)) {
        Ok(Ok(s)) => s,
        Ok(Err(m)) => return Err(Diagnostics(vec![Diagnostic::new(Location::Input, m)])),
        Err(_) => {
            return Err(Diagnostics(vec![Diagnostic::new(
                Location::Input,
                Message::new("forms-xlsform-unreadable").arg("detail", "reader failure"),
            )]));
        }
    };
    Importer::default().run(file_name, &sheets)
}

#[derive(Default)]
struct Importer {
    diags: Vec<Diagnostic>,
    /// Per survey entry: sheet row and the columns of its fields.
    origin: Vec<(usize, HashMap<&'static str, usize>)>,
    choice_origin: HashMap<(String, usize), usize>,
    /// (lang, message id) → (sheet row, column) of the text.
    text_origin: HashMap<(String, String), (usize, usize)>,
    catalogs: BTreeMap<String, Vec<(String, Entry)>>,
    language_names: BTreeMap<String, String>,
}

impl Importer {
    fn add_text(&mut self, lang: &str, id: &str, attr: Option<&str>, t: Text, at: (usize, usize)) {
        let cat = self.catalogs.entry(lang.to_string()).or_default();
        let pos = match cat.iter().position(|(i, _)| i == id) {
            Some(p) => p,
            None => {
                cat.push((id.to_string(), Entry::default()));
                cat.len() - 1
            }
        };
        if let Some((_, e)) = cat.get_mut(pos) {
            match attr {
                None => e.value = Some(t),
                Some(a) => {
                    e.attrs.insert(a.to_string(), t);
                }
            }
        }
        self.text_origin
            .entry((lang.to_string(), id.to_string()))
            .or_insert(at);
    }

    fn lang_of(&mut self, lang: Option<&str>, default_code: &str) -> String {
        match lang {
            None => default_code.to_string(),
            Some(name) => {
                let code = language_code(name);
                self.language_names
                    .entry(code.clone())
                    .or_insert_with(|| name.to_string());
                code
            }
        }
    }

    fn run(mut self, file_name: &str, sheets: &[Sheet]) -> Result<Folder, Diagnostics> {
        let find = |n: &str| {
            sheets
                .iter()
                .find(|s| s.name.trim().eq_ignore_ascii_case(n))
        };
        let Some(survey) = find("survey") else {
            return Err(Diagnostics(vec![Diagnostic::new(
                Location::Input,
                Message::new("forms-xlsform-no-survey"),
            )]));
        };
        if let Some(ext) = find("external_choices")
            && ext
                .rows
                .iter()
                .skip(1)
                .any(|r| r.iter().any(|c| !c.trim().is_empty()))
        {
            self.diags.push(Diagnostic::new(
                Location::Sheet(ext.name.clone()),
                Message::new("forms-xlsform-sheet-unsupported").arg("sheet", &ext.name),
            ));
        }

        // Settings
        let mut settings = Settings::default();
        let (mut form_id, mut version, mut title, mut default_language) = (None, None, None, None);
        if let Some(s) = find("settings") {
            let header = s.rows.first().cloned().unwrap_or_default();
            let values = s.rows.get(1).cloned().unwrap_or_default();
            for (c, h) in header.iter().enumerate() {
                let v = clean_text(values.get(c).map_or("", String::as_str));
                let h = h.trim().to_lowercase();
                if h.is_empty() || v.is_empty() {
                    continue;
                }
                match h.as_str() {
                    "form_id" | "set_form_id" => form_id = Some(v),
                    "version" => version = Some(v),
                    "form_title" | "set_form_title" => title = Some((v, c)),
                    "default_language" => default_language = Some(v),
                    "instance_name" => settings.instance_name = Some(v),
                    "public_key" | "submission_url" => self.diags.push(Diagnostic::new(
                        s.loc(0, c),
                        Message::new("forms-xlsform-setting-refused").arg("setting", &h),
                    )),
                    _ => {
                        settings.extra.insert(h, v);
                    }
                }
            }
        }
        let default_code = default_language
            .as_deref()
            .map_or_else(|| "und".to_string(), language_code);
        if let Some(dl) = &default_language {
            self.language_names.insert(default_code.clone(), dl.clone());
        }
        let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        let id = form_id.unwrap_or_else(|| stem.to_string());
        let version = version.unwrap_or_else(|| "0".to_string());

        // Survey
        let mut survey_rows = Vec::new();
        let headers: Vec<Header> = survey
            .rows
            .first()
            .map(|h| h.iter().map(|c| parse_header(c)).collect())
            .unwrap_or_default();
        if !headers
            .iter()
            .any(|h| matches!(h, Header::Known(Col::Type, None)))
        {
            self.diags.push(Diagnostic::new(
                survey.loc(0, 0),
                Message::new("forms-xlsform-no-type-column"),
            ));
        }
        let mut seen_langs: Vec<String> = Vec::new();
        for (r, cells) in survey.rows.iter().enumerate().skip(1) {
            let cells: Vec<String> = cells.iter().map(|c| clean_text(c)).collect();
            if cells.iter().all(String::is_empty) {
                continue;
            }
            let mut row = Row::default();
            let mut cols: HashMap<&'static str, usize> = HashMap::new();
            let mut texts: Vec<(Col, Option<String>, String, usize)> = Vec::new();
            for (c, v) in cells.iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                match headers.get(c) {
                    Some(Header::Known(col, lang)) => {
                        if col.translatable().is_some() {
                            texts.push((*col, lang.clone(), v.clone(), c));
                            continue;
                        }
                        cols.insert(col.field(), c);
                        let v = v.clone();
                        match col {
                            Col::Type => row.kind = v,
                            Col::Name => row.name = Some(v),
                            Col::Relevant => row.relevant = Some(v),
                            Col::Constraint => row.constraint = Some(v),
                            Col::Calculation => row.calculation = Some(v),
                            Col::ChoiceFilter => row.choice_filter = Some(v),
                            Col::Default => row.default = Some(v),
                            Col::Appearance => row.appearance = Some(v),
                            Col::RepeatCount => row.repeat_count = Some(v),
                            Col::Required => {
                                row.required = Some(match v.to_lowercase().as_str() {
                                    "yes" | "true" | "true()" | "1" => RequiredDef::Always(true),
                                    "no" | "false" | "false()" | "0" => RequiredDef::Always(false),
                                    _ => RequiredDef::When(v),
                                });
                            }
                            Col::ReadOnly => match v.to_lowercase().as_str() {
                                "yes" | "true" | "true()" | "1" => row.read_only = Some(true),
                                "no" | "false" | "false()" | "0" => row.read_only = Some(false),
                                _ => self.diags.push(Diagnostic::new(
                                    survey.loc(r, c),
                                    Message::new("forms-xlsform-read-only-dynamic"),
                                )),
                            },
                            _ => {}
                        }
                    }
                    Some(Header::Refused(id)) => {
                        let h = survey
                            .rows
                            .first()
                            .and_then(|h| h.get(c))
                            .cloned()
                            .unwrap_or_default();
                        self.diags.push(Diagnostic::new(
                            survey.loc(r, c),
                            Message::new(id).arg("column", h.trim()),
                        ));
                    }
                    Some(Header::Unknown) | Some(Header::Blank) | None => {
                        let h = survey
                            .rows
                            .first()
                            .and_then(|h| h.get(c))
                            .cloned()
                            .unwrap_or_default();
                        let id = if h.trim().is_empty() {
                            "forms-xlsform-column-blank"
                        } else {
                            "forms-xlsform-column-unsupported"
                        };
                        self.diags.push(Diagnostic::new(
                            survey.loc(r, c),
                            Message::new(id).arg("column", h.trim()),
                        ));
                    }
                }
            }
            if row.kind.is_empty() {
                if !row.name.as_deref().unwrap_or("").is_empty() || !texts.is_empty() {
                    self.diags.push(Diagnostic::new(
                        survey.row_loc(r),
                        Message::new("forms-xlsform-type-missing"),
                    ));
                }
                continue;
            }
            let name = row.name.clone().unwrap_or_default();
            let msg_id = text::fluent_id(&name);
            // A refused or nameless row is reported once, for its type or name, not for its labels too.
            let keep_texts = !name.is_empty()
                && matches!(
                    model::parse_type(&row.kind),
                    model::ParsedType::Question(_)
                        | model::ParsedType::BeginGroup
                        | model::ParsedType::BeginRepeat
                );
            for (col, lang, v, c) in texts.into_iter().filter(|_| keep_texts) {
                let code = self.lang_of(lang.as_deref(), &default_code);
                if !seen_langs.contains(&code) {
                    seen_langs.push(code.clone());
                }
                let attr = col.translatable().flatten();
                self.add_text(&code, &msg_id, attr, Text::from_xlsform(&v), (r, c));
            }
            // pyxform adds a "specify other" text question after a select with or_other.
            let or_other = row
                .kind
                .split_whitespace()
                .nth(2)
                .is_some_and(|w| w.eq_ignore_ascii_case("or_other"));
            let other_row = or_other.then(|| Row {
                kind: "text".into(),
                name: Some(format!("{name}_other")),
                relevant: Some(format!("selected(${{{name}}}, 'other')")),
                ..Row::default()
            });
            self.origin.push((r, cols.clone()));
            survey_rows.push(row);
            if let Some(o) = other_row {
                let list = survey_rows
                    .last()
                    .and_then(|x| x.kind.split_whitespace().nth(1).map(str::to_string));
                let langs: Vec<String> = if seen_langs.is_empty() {
                    vec![default_code.clone()]
                } else {
                    seen_langs.clone()
                };
                for l in &langs {
                    self.add_text(
                        l,
                        &text::fluent_id(&format!("{name}_other")),
                        None,
                        Text::from_xlsform("Specify other."),
                        (r, 0),
                    );
                    if let Some(list) = &list {
                        self.add_text(
                            l,
                            &text::choice_id(list, "other"),
                            None,
                            Text::from_xlsform("Other"),
                            (r, 0),
                        );
                    }
                }
                self.origin.push((r, cols));
                survey_rows.push(o);
            }
        }

        // Choices
        let mut choices: BTreeMap<String, Vec<ChoiceDef>> = BTreeMap::new();
        if let Some(cs) = find("choices") {
            let raw_headers = cs.rows.first().cloned().unwrap_or_default();
            let mut list_col = None;
            let mut name_col = None;
            let mut text_cols: Vec<(usize, Col, Option<String>)> = Vec::new();
            let mut prop_cols: Vec<(usize, String)> = Vec::new();
            for (c, h) in raw_headers.iter().enumerate() {
                let key = h.trim().to_lowercase().replace(' ', "_");
                if key == "list_name" {
                    list_col = Some(c);
                    continue;
                }
                match parse_header(h) {
                    Header::Known(Col::Name, None) => name_col = Some(c),
                    Header::Known(col @ (Col::Label | Col::Audio | Col::Image), lang) => {
                        text_cols.push((c, col, lang))
                    }
                    Header::Refused(id) => {
                        if cs
                            .rows
                            .iter()
                            .skip(1)
                            .any(|r| r.get(c).is_some_and(|v| !v.trim().is_empty()))
                        {
                            self.diags.push(Diagnostic::new(
                                cs.loc(0, c),
                                Message::new(id).arg("column", h.trim()),
                            ));
                        }
                    }
                    Header::Blank => {}
                    _ => prop_cols.push((c, h.trim().to_string())),
                }
            }
            if list_col.is_none() || name_col.is_none() {
                self.diags.push(Diagnostic::new(
                    cs.loc(0, 0),
                    Message::new("forms-xlsform-choices-header"),
                ));
            }
            for (r, cells) in cs.rows.iter().enumerate().skip(1) {
                let get = |c: Option<usize>| {
                    c.and_then(|c| cells.get(c))
                        .map(|v| clean_text(v))
                        .unwrap_or_default()
                };
                let list = get(list_col);
                let name = get(name_col);
                if list.is_empty() && name.is_empty() {
                    if cells.iter().any(|c| !c.trim().is_empty()) {
                        self.diags.push(Diagnostic::new(
                            cs.row_loc(r),
                            Message::new("forms-xlsform-choice-incomplete"),
                        ));
                    }
                    continue;
                }
                if list.is_empty() {
                    self.diags.push(Diagnostic::new(
                        cs.loc(r, list_col.unwrap_or(0)),
                        Message::new("forms-xlsform-choice-incomplete"),
                    ));
                    continue;
                }
                if name.is_empty() {
                    self.diags.push(Diagnostic::new(
                        cs.loc(r, name_col.unwrap_or(0)),
                        Message::new("forms-name-missing"),
                    ));
                    continue;
                }
                let id = text::choice_id(&list, &name);
                for (c, col, lang) in &text_cols {
                    let v = get(Some(*c));
                    if v.is_empty() {
                        continue;
                    }
                    let code = self.lang_of(lang.as_deref(), &default_code);
                    self.add_text(
                        &code,
                        &id,
                        col.translatable().flatten(),
                        Text::from_xlsform(&v),
                        (r, *c),
                    );
                }
                let properties = prop_cols
                    .iter()
                    .filter_map(|(c, h)| {
                        let v = get(Some(*c));
                        (!v.is_empty()).then(|| (h.clone(), v))
                    })
                    .collect();
                let entry = choices.entry(list.clone()).or_default();
                self.choice_origin.insert((list, entry.len()), r);
                entry.push(ChoiceDef { name, properties });
            }
        }

        if let Some((t, c)) = title {
            let row = 1;
            self.add_text(
                &default_code,
                "form--title",
                None,
                Text::from_xlsform(&t),
                (row, c),
            );
        }
        // The default language must have a file, even if every label is translated.
        let langs_used: Vec<String> = self.catalogs.keys().cloned().collect();
        let default_language = if self.catalogs.contains_key(&default_code) || langs_used.is_empty()
        {
            default_code.clone()
        } else {
            langs_used
                .iter()
                .find(|l| l.as_str() == "en")
                .or_else(|| langs_used.first())
                .cloned()
                .unwrap_or(default_code.clone())
        };
        self.catalogs.entry(default_language.clone()).or_default();

        let def = Definition {
            id,
            version,
            default_language,
            language_names: std::mem::take(&mut self.language_names),
            settings,
            survey: survey_rows,
            choices,
            scoring: None,
        };
        let header = format!("Imported from {stem} by `fieldscreen form import`.");
        let files = model::write_folder(&def, &self.catalogs, &header)?;
        // The loader checks the rest (names, references, expressions, groups);
        // its findings are mapped back onto the cells they came from.
        let mut all = std::mem::take(&mut self.diags);
        if let Err(Diagnostics(ds)) = model::load_folder(&files) {
            let settings_sheet = find("settings");
            let choices_sheet = find("choices");
            all.extend(
                ds.into_iter()
                    .map(|d| self.relocate(d, survey, choices_sheet, settings_sheet)),
            );
        }
        if all.is_empty() {
            Ok(files)
        } else {
            Err(Diagnostics(all))
        }
    }

    /// Maps a native-format location back onto the spreadsheet cell it came from.
    fn relocate(
        &self,
        d: Diagnostic,
        survey: &Sheet,
        choices: Option<&Sheet>,
        settings: Option<&Sheet>,
    ) -> Diagnostic {
        let Location::Field { file, path } = &d.location else {
            return d;
        };
        let loc = if file == model::DEFINITION {
            if let Some(rest) = path.strip_prefix("survey[") {
                let (idx, field) = rest.split_once(']').unwrap_or((rest, ""));
                let field = field.trim_start_matches('.');
                idx.parse::<usize>()
                    .ok()
                    .and_then(|i| self.origin.get(i))
                    .map(|(r, cols)| match cols.get(field) {
                        Some(c) => survey.loc(*r, *c),
                        None => match cols.get("type") {
                            Some(c) if field == "type" || field.is_empty() => survey.loc(*r, *c),
                            _ => survey.row_loc(*r),
                        },
                    })
            } else if let Some(rest) = path.strip_prefix("choices.") {
                let (list, idx) = rest.split_once('[').unwrap_or((rest, ""));
                let idx = idx.split(']').next().and_then(|i| i.parse::<usize>().ok());
                match (
                    choices,
                    idx.and_then(|i| self.choice_origin.get(&(list.to_string(), i))),
                ) {
                    (Some(cs), Some(r)) => Some(cs.row_loc(*r)),
                    (Some(cs), None) => Some(Location::Sheet(cs.name.clone())),
                    _ => None,
                }
            } else if matches!(path.as_str(), "id" | "version" | "default_language") {
                settings.map(|s| Location::Sheet(s.name.clone()))
            } else {
                None
            }
        } else if let Some(lang) = file
            .strip_prefix("translations/")
            .and_then(|f| f.strip_suffix(".ftl"))
        {
            self.text_origin
                .get(&(lang.to_string(), path.clone()))
                .map(|(r, c)| {
                    if path.contains("--") && !path.starts_with("form--") {
                        choices.map_or_else(|| survey.loc(*r, *c), |cs| cs.loc(*r, *c))
                    } else if path == "form--title" {
                        settings.map_or_else(|| survey.loc(*r, *c), |s| s.loc(*r, *c))
                    } else {
                        survey.loc(*r, *c)
                    }
                })
        } else {
            None
        };
        match loc {
            Some(location) => Diagnostic {
                location,
                message: d.message,
            },
            None => d,
        }
    }
}
