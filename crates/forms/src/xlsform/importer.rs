//! Rows to a questionnaire folder: the survey, the choices, the settings,
//! the translations, and a warning for everything left out.

use super::*;

/// The columns of a choices sheet.
#[derive(Default)]
pub(super) struct ChoiceCols {
    pub(super) list: Option<usize>,
    pub(super) name: Option<usize>,
    pub(super) texts: Vec<(usize, Col, Option<String>)>,
    /// Other columns: properties a `choice_filter` can use.
    pub(super) props: Vec<(usize, String)>,
    pub(super) refused: Vec<(usize, &'static str)>,
    /// Columns without a header: ignored.
    pub(super) blank: Vec<usize>,
}

impl ChoiceCols {
    pub(super) fn of(cs: &Sheet) -> Self {
        let raw = cs.rows.first().cloned().unwrap_or_default();
        let mut out = ChoiceCols::default();
        for (c, (h, parsed)) in raw.iter().zip(parse_headers(&raw)).enumerate() {
            if snake(h) == "list_name" {
                out.list = Some(c);
                continue;
            }
            match parsed {
                Header::Known(Col::Name, None) => out.name = Some(c),
                Header::Known(col @ (Col::Label | Col::Audio | Col::Image), lang) => {
                    out.texts.push((c, col, lang));
                }
                Header::Refused(id) => out.refused.push((c, id)),
                Header::Blank => out.blank.push(c),
                _ => out.props.push((c, h.trim().to_string())),
            }
        }
        out
    }
}

/// `begin loop over LIST` and `end loop` (also `begin_loop`, `end_loop`).
pub(super) fn is_loop(kind: &str) -> Option<bool> {
    let words: Vec<&str> = kind.split_whitespace().collect();
    match words.as_slice() {
        ["begin", "loop", ..] | ["begin_loop", ..] => Some(true),
        ["end", "loop"] | ["end_loop"] => Some(false),
        _ => None,
    }
}

/// The name pyxform gives a note without one: `generated_note_name_` and the
/// sheet's row number.
pub(super) fn generated_note_name(survey: &Sheet, r: usize) -> String {
    format!("generated_note_name_{}", survey.row_number(r))
}

pub(super) fn is_note(kind: &str) -> bool {
    model::parse_type(kind) == ParsedType::Question(QuestionType::Note)
}

#[derive(Default)]
pub(super) struct Importer {
    pub(super) diags: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
    /// Per survey entry: sheet row and the columns of its fields.
    pub(super) origin: Vec<(usize, HashMap<&'static str, usize>)>,
    pub(super) choice_origin: HashMap<(String, usize), usize>,
    pub(super) choice_name_col: Option<usize>,
    /// (lang, message id) → (sheet row, column) of the text.
    pub(super) text_origin: HashMap<(String, String), (usize, usize)>,
    pub(super) catalogs: BTreeMap<String, Vec<(String, Entry)>>,
    pub(super) language_names: BTreeMap<String, String>,
    /// The media files kept beside the form (name → bytes), put in the
    /// folder's `media/`.
    pub(super) media: Vec<(String, Vec<u8>)>,
}

impl Importer {
    pub(super) fn add_text(
        &mut self,
        lang: &str,
        id: &str,
        attr: Option<&str>,
        t: Text,
        at: (usize, usize),
    ) {
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
        if let Some(a) = attr {
            // An attribute's own cell, for what is found about it later
            // (a missing audio file names the cell that names the file).
            self.text_origin
                .entry((lang.to_string(), format!("{id}.{a}")))
                .or_insert(at);
        }
    }

    pub(super) fn lang_of(&mut self, lang: Option<&str>, default_code: &str) -> String {
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

    pub(super) fn warn(&mut self, location: Location, message: Message) {
        self.warnings.push(Diagnostic::new(location, message));
    }

    /// Values in a column without a header are ignored (as pyxform ignores
    /// them); said once, at the first of them.
    pub(super) fn warn_blank_column(&mut self, sheet: &Sheet, c: usize) {
        let first = sheet
            .rows
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, row)| row.get(c).is_some_and(|v| !v.trim().is_empty()));
        if let Some((r, _)) = first {
            self.warn(sheet.loc(r, c), Message::new("forms-xlsform-column-blank"));
        }
    }

    pub(super) fn run(mut self, file_name: &str, sheets: &[Sheet]) -> Result<Import, Diagnostics> {
        let find = |role: &str| sheets.iter().find(|s| s.role == role);
        let Some(survey) = find("survey") else {
            return Err(Diagnostics(vec![Diagnostic::new(
                Location::Input,
                Message::new("forms-xlsform-no-survey"),
            )]));
        };
        if !survey.name.trim().eq_ignore_ascii_case("survey") {
            self.warn(
                Location::Sheet(survey.name.clone()),
                Message::new("forms-xlsform-sheet-as-survey").arg("sheet", &survey.name),
            );
        }
        let choices_sheet = find("choices");
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
            for (c, raw) in header.iter().enumerate() {
                let v = clean_text(values.get(c).map_or("", String::as_str));
                let h = snake(raw);
                if h.is_empty() || v.is_empty() {
                    continue;
                }
                match h.as_str() {
                    "form_id" | "set_form_id" | "id_string" => form_id = Some(v),
                    "version" => version = Some(v),
                    "form_title" | "set_form_title" => title = Some((v, c)),
                    "default_language" => default_language = Some(v),
                    "instance_name" => settings.instance_name = Some(v),
                    "allow_choice_duplicates" => settings.allow_choice_duplicates = is_yes(&v),
                    // FieldScreen's own: where referrals come from.
                    k if k == "referral_list" || k.starts_with("referrals.") => {
                        settings.extra.insert(h, v);
                    }
                    // Settings for servers and other apps (submission_url,
                    // public_key, style, ...): FieldScreen encrypts and sends
                    // records itself and uses none of them.
                    _ => self.warn(
                        s.loc(0, c),
                        Message::new("forms-xlsform-setting-ignored").arg("setting", raw.trim()),
                    ),
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
        let raw_headers = survey.rows.first().cloned().unwrap_or_default();
        let headers = parse_headers(&raw_headers);
        if !headers
            .iter()
            .any(|h| matches!(h, Header::Known(Col::Type, None)))
        {
            self.diags.push(Diagnostic::new(
                survey.loc(0, 0),
                Message::new("forms-xlsform-no-type-column"),
            ));
        }
        // Columns FieldScreen does not use are ignored, as pyxform ignores
        // them; said once per column, at its header.
        for (c, h) in headers.iter().enumerate() {
            match h {
                Header::Unknown => {
                    let name = raw_headers.get(c).map_or("", |h| h.trim());
                    self.warn(
                        survey.loc(0, c),
                        Message::new("forms-xlsform-column-ignored").arg("column", name),
                    );
                }
                Header::Blank => self.warn_blank_column(survey, c),
                _ => {}
            }
        }
        let col_of = |want: Col| {
            headers
                .iter()
                .position(|h| matches!(h, Header::Known(c, None) if *c == want))
        };
        let (type_col, name_col, disabled_col) =
            (col_of(Col::Type), col_of(Col::Name), col_of(Col::Disabled));
        let mut seen_langs: Vec<String> = Vec::new();
        for (r, cells) in survey.rows.iter().enumerate().skip(1) {
            let mut cells: Vec<String> = cells.iter().map(|c| clean_text(c)).collect();
            if cells.iter().all(String::is_empty) {
                continue;
            }
            if disabled_col
                .and_then(|c| cells.get(c))
                .is_some_and(|v| is_yes(v))
            {
                self.warn(
                    survey.row_loc(r),
                    Message::new("forms-xlsform-row-disabled"),
                );
                continue;
            }
            // `begin loop over LIST` is refused. pyxform writes a loop out as a
            // group holding one group per choice of LIST, each with a copy of
            // the loop's rows under the same names (`/data/vehicles/car/total`,
            // `/data/vehicles/boat/total`), and it refuses `%(name)s` in a
            // name, so the copies can never be told apart by name. In
            // FieldScreen a name is the one key of an answer (in `${name}`,
            // exports and scoring), and renaming the copies ourselves would
            // give names no other XLSForm tool gives them. The loop is
            // checked as a group, so the rest of the form is still checked.
            if let Some(tc) = type_col
                && let Some(t) = cells.get_mut(tc)
                && let Some(begin) = is_loop(t)
            {
                let written = if begin { "begin_group" } else { "end_group" };
                let written = std::mem::replace(t, written.to_string());
                if begin {
                    self.diags.push(Diagnostic::new(
                        survey.loc(r, tc),
                        Message::new("forms-xlsform-loop-refused").arg("type", written),
                    ));
                }
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
                            Col::InterviewerOnly => match v.to_lowercase().as_str() {
                                "yes" | "true" | "true()" | "1" => {
                                    row.interviewer_only = Some(true)
                                }
                                "no" | "false" | "false()" | "0" | "" => {
                                    row.interviewer_only = Some(false)
                                }
                                _ => self.diags.push(Diagnostic::new(
                                    survey.loc(r, c),
                                    Message::new("forms-xlsform-interviewer-only-value"),
                                )),
                            },
                            Col::SelfAdministered => match v.to_lowercase().as_str() {
                                "yes" | "true" | "true()" | "1" => {
                                    row.self_administered = Some(true)
                                }
                                "no" | "false" | "false()" | "0" | "" => {
                                    row.self_administered = Some(false)
                                }
                                _ => self.diags.push(Diagnostic::new(
                                    survey.loc(r, c),
                                    Message::new("forms-xlsform-self-administered-value"),
                                )),
                            },
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
                        let h = raw_headers.get(c).map_or("", |h| h.trim());
                        self.diags.push(Diagnostic::new(
                            survey.loc(r, c),
                            Message::new(id).arg("column", h),
                        ));
                    }
                    // pyxform's audit tracks the device's location when its
                    // parameters ask for it: refused like location types,
                    // although the column is otherwise ignored.
                    Some(Header::Unknown)
                        if raw_headers.get(c).is_some_and(|h| snake(h) == "parameters")
                            && v.to_lowercase().contains("location-") =>
                    {
                        self.diags.push(Diagnostic::new(
                            survey.loc(r, c),
                            Message::new("forms-xlsform-parameters-refused-location")
                                .arg("parameters", v),
                        ));
                    }
                    // Said once for the whole column above.
                    Some(Header::Unknown | Header::Blank) | None => {}
                }
            }
            // pyxform names a note without a name after its row.
            if row.name.as_deref().unwrap_or("").is_empty() && is_note(&row.kind) {
                let name = generated_note_name(survey, r);
                self.warn(
                    name_col.map_or_else(|| survey.row_loc(r), |c| survey.loc(r, c)),
                    Message::new("forms-xlsform-note-named").arg("name", &name),
                );
                row.name = Some(name);
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
        if let Some(cs) = choices_sheet {
            let cols = ChoiceCols::of(cs);
            self.choice_name_col = cols.name;
            for (c, id) in &cols.refused {
                if cs
                    .rows
                    .iter()
                    .skip(1)
                    .any(|r| r.get(*c).is_some_and(|v| !v.trim().is_empty()))
                {
                    let h = cs
                        .rows
                        .first()
                        .and_then(|h| h.get(*c))
                        .map_or("", |h| h.trim());
                    self.diags.push(Diagnostic::new(
                        cs.loc(0, *c),
                        Message::new(id).arg("column", h),
                    ));
                }
            }
            if cols.list.is_none() || cols.name.is_none() {
                self.diags.push(Diagnostic::new(
                    cs.loc(0, 0),
                    Message::new("forms-xlsform-choices-header"),
                ));
            }
            for &c in &cols.blank {
                self.warn_blank_column(cs, c);
            }
            for (r, cells) in cs.rows.iter().enumerate().skip(1) {
                let get = |c: Option<usize>| {
                    c.and_then(|c| cells.get(c))
                        .map(|v| clean_text(v))
                        .unwrap_or_default()
                };
                let list = get(cols.list);
                let name = get(cols.name);
                if list.is_empty() && name.is_empty() {
                    // A comment row (as pyxform, which leaves out rows without a list_name).
                    if cells
                        .iter()
                        .enumerate()
                        .any(|(c, v)| !v.trim().is_empty() && !cols.blank.contains(&c))
                    {
                        self.warn(
                            cs.row_loc(r),
                            Message::new("forms-xlsform-choice-row-ignored"),
                        );
                    }
                    continue;
                }
                if list.is_empty() {
                    self.diags.push(Diagnostic::new(
                        cs.loc(r, cols.list.unwrap_or(0)),
                        Message::new("forms-xlsform-choice-incomplete"),
                    ));
                    continue;
                }
                if name.is_empty() {
                    self.diags.push(Diagnostic::new(
                        cs.loc(r, cols.name.unwrap_or(0)),
                        Message::new("forms-name-missing"),
                    ));
                    continue;
                }
                let entry = choices.entry(list.clone()).or_default();
                // A name seen before in this list keeps its own label (see `text::choice_ids`);
                // whether the repeat is allowed is the loader's decision.
                let occurrence = entry.iter().filter(|c| c.name == name).count();
                let id =
                    text::choice_ids(&list, std::iter::repeat_n(name.as_str(), occurrence + 1))
                        .pop()
                        .unwrap_or_default();
                let properties = cols
                    .props
                    .iter()
                    .filter_map(|(c, h)| {
                        let v = get(Some(*c));
                        (!v.is_empty()).then(|| (h.clone(), v))
                    })
                    .collect();
                self.choice_origin.insert((list.clone(), entry.len()), r);
                entry.push(ChoiceDef { name, properties });
                for (c, col, lang) in &cols.texts {
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
        let mut files = model::write_folder(&def, &self.catalogs, &header)?;
        model::attach_media(&mut files, std::mem::take(&mut self.media));
        // The loader checks the rest (names, references, expressions, groups);
        // its findings are mapped back onto the cells they came from.
        let mut all = std::mem::take(&mut self.diags);
        if let Err(Diagnostics(ds)) = model::load_folder(&files) {
            let settings_sheet = find("settings");
            let media_dir = format!("{stem}-media");
            all.extend(ds.into_iter().map(|mut d| {
                // A spreadsheet's media are looked for beside it, not in a
                // folder its author never made.
                for (name, value) in &mut d.message.args {
                    if *name == "folder" && d.message.id == "forms-media-missing" {
                        value.clone_from(&media_dir);
                    }
                }
                self.relocate(d, survey, choices_sheet, settings_sheet)
            }));
        }
        if all.is_empty() {
            Ok(Import {
                files,
                warnings: self.warnings,
            })
        } else {
            Err(Diagnostics(all))
        }
    }

    /// Maps a native-format location back onto the spreadsheet cell it came from.
    pub(super) fn relocate(
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
                let (idx, field) = idx.split_once(']').unwrap_or((idx, ""));
                let idx = idx.parse::<usize>().ok();
                match (
                    choices,
                    idx.and_then(|i| self.choice_origin.get(&(list.to_string(), i))),
                ) {
                    (Some(cs), Some(r)) => Some(match self.choice_name_col {
                        Some(c) if field == ".name" => cs.loc(*r, c),
                        _ => cs.row_loc(*r),
                    }),
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
