//! Reading a questionnaire from disk: a native folder, the
//! `questionnaire.toml` inside one, or an XLSForm spreadsheet (imported on
//! the fly). The CLI and the app both read questionnaires through here.

use std::collections::BTreeMap;
use std::path::Path;

use forms::Diagnostics;
/// The questionnaire types the command line checks, shows and prints,
/// reached through the façade like everything else.
pub use forms::{Diagnostic, Import, Location, Message, Questionnaire, model, text};

use crate::AppError;

/// A questionnaire folder in memory: relative path → bytes.
pub type FormFiles = BTreeMap<String, Vec<u8>>;

/// Largest file read (a spreadsheet, a media file); larger ones are refused
/// before reading.
pub const MAX_FILE: u64 = forms::xlsform::MAX_INPUT as u64;
/// Most files one questionnaire folder may hold.
pub const MAX_FILES: usize = 10_000;

/// Why a questionnaire could not be read.
#[derive(Debug)]
pub enum SourceError {
    /// The input could not be read at all.
    Io(Message),
    /// It was read, and it is not a valid questionnaire.
    Invalid(Vec<Diagnostic>),
}

impl SourceError {
    /// The first problem as an [`AppError`] sentence, prefixed with the path.
    pub fn into_app_error(self, path: &Path, lang: &str) -> AppError {
        let message = match &self {
            SourceError::Io(m) => m.clone(),
            SourceError::Invalid(d) => d
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_else(|| Message::new("forms-folder-no-definition")),
        };
        AppError::invalid_form(path, &message, lang)
    }
}

/// A file-system error as a message for people.
pub fn io_message(e: &std::io::Error) -> Message {
    Message::new("forms-cli-io-error").arg("detail", e)
}

fn io(e: &std::io::Error) -> SourceError {
    SourceError::Io(io_message(e))
}

/// Reads one file, refusing anything over [`MAX_FILE`] before reading it.
pub fn read_file(path: &Path) -> Result<Vec<u8>, SourceError> {
    let meta = std::fs::metadata(path).map_err(|e| io(&e))?;
    if meta.len() > MAX_FILE {
        return Err(SourceError::Invalid(vec![Diagnostic::new(
            Location::Input,
            Message::new("forms-xlsform-too-large").arg("max", MAX_FILE / (1024 * 1024)),
        )]));
    }
    std::fs::read(path).map_err(|e| io(&e))
}

fn read_folder(root: &Path) -> Result<FormFiles, SourceError> {
    let mut files = BTreeMap::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&e))? {
            let entry = entry.map_err(|e| io(&e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let kind = entry.file_type().map_err(|e| io(&e))?;
            if kind.is_dir() {
                stack.push((entry.path(), rel));
            } else if kind.is_file() {
                files.insert(rel, read_file(&entry.path())?);
                if files.len() > MAX_FILES {
                    return Err(SourceError::Io(
                        Message::new("forms-cli-too-many-files").arg("max", MAX_FILES),
                    ));
                }
            }
        }
    }
    Ok(files)
}

/// The media files ODK keeps beside a form: `FORM-media/` next to
/// `FORM.xlsx` (file name → bytes; none when there is no such folder).
/// Sub-folders and hidden files are left out.
pub fn media_beside(spreadsheet: &Path) -> Result<Vec<(String, Vec<u8>)>, SourceError> {
    let Some(stem) = spreadsheet.file_stem() else {
        return Ok(Vec::new());
    };
    let dir = spreadsheet.with_file_name(format!("{}-media", stem.to_string_lossy()));
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| io(&e))? {
        let entry = entry.map_err(|e| io(&e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type().map_err(|e| io(&e))?.is_file() {
            continue;
        }
        out.push((name, read_file(&entry.path())?));
        if out.len() > MAX_FILES {
            return Err(SourceError::Io(
                Message::new("forms-cli-too-many-files").arg("max", MAX_FILES),
            ));
        }
    }
    out.sort();
    Ok(out)
}

/// Reads `path` into questionnaire folder files; an XLSForm is imported
/// with the media kept beside it ([`media_beside`]).
pub fn read(path: &Path) -> Result<FormFiles, SourceError> {
    let meta = std::fs::metadata(path).map_err(|e| io(&e))?;
    if meta.is_dir() {
        return read_folder(path);
    }
    if path
        .file_name()
        .is_some_and(|n| n == forms::model::DEFINITION)
    {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        return read_folder(parent);
    }
    import_file(path).map(|i| i.files)
}

/// Imports an XLSForm file with the media kept beside it: its folder files
/// and the import's warnings (what the import leaves out).
pub fn import_file(path: &Path) -> Result<Import, SourceError> {
    let bytes = read_file(path)?;
    let media = media_beside(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    forms::xlsform::import_with_media(&name, &bytes, media)
        .map_err(|Diagnostics(d)| SourceError::Invalid(d))
}

/// [`read`] and [`load`], with the warnings of an XLSForm import (`form
/// check` prints them).
pub fn load_checked(path: &Path) -> Result<(Questionnaire, Vec<Diagnostic>), SourceError> {
    let spreadsheet = std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && path
            .file_name()
            .is_none_or(|n| n != forms::model::DEFINITION);
    if !spreadsheet {
        return read(path)
            .and_then(|files| load(&files))
            .map(|q| (q, Vec::new()));
    }
    let import = import_file(path)?;
    let q = load(&import.files)?;
    Ok((q, import.warnings))
}

/// Loads folder files into a questionnaire.
pub fn load(files: &FormFiles) -> Result<Questionnaire, SourceError> {
    forms::load_folder(files).map_err(|Diagnostics(d)| SourceError::Invalid(d))
}
