//! XLSForm import (`.xlsx`, `.xls`, `.ods` via calamine) onto the native
//! questionnaire folder.
//!
//! The survey, choices and settings sheets are read (a workbook with a single
//! sheet of another name is read as the survey, as pyxform does);
//! `label::Thai (th)`, `label::th` and `label::Thai` columns become
//! translations, and so does the older single-colon spelling (`label:english`)
//! in a sheet without any `::` header, as pyxform reads it; smart quotes are
//! replaced and runs of spaces collapsed as pyxform does.
//!
//! What FieldScreen does not use is left out with a warning that names it and
//! its cell ([`Import::warnings`]): columns and settings it does not know, rows
//! marked `disabled`. What it cannot do safely is refused with a diagnostic
//! naming the sheet, row, column and reason: columns and types that would
//! collect location, photos or device identifiers, and constructs it cannot
//! represent. Nothing is dropped silently.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Reader};

use crate::diag::{Diagnostic, Diagnostics, Location, Message};
use crate::model::{
    self, ChoiceDef, Definition, ParsedType, QuestionType, RequiredDef, Row, Settings,
};
use crate::text::{self, Entry, Text};

/// Largest input accepted (bytes).
pub const MAX_INPUT: usize = 64 * 1024 * 1024;
/// Largest number of rows read from one sheet.
pub const MAX_ROWS: usize = 100_000;

mod header;
mod importer;
mod sheet;

pub use header::*;
use importer::*;
pub use sheet::*;

/// The result of an import: the questionnaire folder's files.
pub type Folder = BTreeMap<String, Vec<u8>>;

/// A successful import: the questionnaire folder, and what was left out on
/// the way. Each warning is typed like an error (a Fluent message id from
/// `locales/*/forms.ftl` with its arguments, and the cell it is about), so
/// `fieldscreen form check` prints them and a window can list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub files: Folder,
    pub warnings: Vec<Diagnostic>,
}

/// Imports an XLSForm's bytes. `file_name` gives the default form id and the
/// format hint. On success the folder's files (which [`model::load_folder`]
/// accepts) and the warnings; otherwise every problem found, located by
/// `sheet!CELL`.
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Import, Diagnostics> {
    import_with_media(file_name, bytes, Vec::new())
}

/// [`import`] with the media files ODK keeps beside a form (`FORM-media/`:
/// file name → bytes): they go into the folder's `media/`, and an audio or
/// image column naming a file not among them is reported at its cell.
pub fn import_with_media(
    file_name: &str,
    bytes: &[u8],
    media: Vec<(String, Vec<u8>)>,
) -> Result<Import, Diagnostics> {
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
    Importer {
        media,
        ..Importer::default()
    }
    .run(file_name, &sheets)
}

/// [`import`] for callers that only want the files. The warnings are not
/// returned; a caller that shows an import to a person uses [`import`].
pub fn import_xlsform(file_name: &str, bytes: &[u8]) -> Result<Folder, Diagnostics> {
    import(file_name, bytes).map(|i| i.files)
}

#[cfg(test)]
mod tests;
