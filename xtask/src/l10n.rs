//! `cargo xtask l10n`: the review loop a native speaker works in.
//!
//! - `export LANG [--out FILE]` writes every string of a language (the app's
//!   `locales/LANG/*.ftl` and both questionnaires' `translations/LANG.ftl`)
//!   as one XLIFF 1.2 file: the English source, the current translation, its
//!   status, the English file's comment and the glossary's terms as notes.
//! - `import FILE --by ROLE [--date YYYY-MM-DD]` reads a reviewed file back:
//!   changed translations are written into the Fluent files (only those
//!   messages; comments, order and every other message stay byte for byte)
//!   and each unit the reviewer approved is recorded in
//!   `locales/LANG/review.toml`. A file whose placeables no longer match the
//!   English, whose English changed since the export, or that names a string
//!   or file we do not have, is refused whole, each problem naming the string.
//!
//! XLIFF 1.2, not 2.0: it is the version translate-toolkit (Pootle,
//! Weblate, `xliff2po`), OmegaT's built-in filter, Okapi, Virtaal and the
//! spreadsheet converters all read and write; 2.0 needs plug-ins in most of
//! them. The export validates against the OASIS strict schema
//! (`xliff-core-1.2-strict.xsd`; see the tests).
//!
//! How a Fluent pattern becomes XLIFF: text is text; every placeable
//! (`{ $count }`, `{ -term }`, `{ NUMBER($n) }`, `{"{"}`) is a `<ph>` whose
//! content is its Fluent code, so a CAT tool protects it and the reader sees
//! what it stands for. A select expression stays a select expression: its
//! parts (`{ $count ->`, `[one]`, `*[other]`, `}`) are `<ph>`s and each
//! variant's words are text on their own line, so the reviewer translates
//! every variant and may drop or add variants (Thai, Burmese, Khmer and Lao
//! have no plural forms: one `*[other]` is enough) — this is the same
//! representation translate-toolkit and Weblate use for Fluent (the pattern's
//! source), with the code protected. Import reads the target back as Fluent
//! source and parses it, so anything Fluent can say survives the round trip.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use i18n::glossary::Glossary;
use i18n::review::{self, Piece, Record, ReviewLog, Status};

use crate::sh::Fail;

mod export;
mod ftl;
mod import;

pub use export::export;
use ftl::*;
pub use import::import;

const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The languages a reviewer can work on (English is the source).
const LANGS: [&str; 4] = ["th", "my", "km", "lo"];
/// `from` of the notes this tool writes (and ignores on import).
const OURS: [&str; 3] = ["developer", "fieldscreen", "glossary"];

pub fn l10n(args: &[&str]) -> Result<(), Fail> {
    let root = crate::root();
    match args {
        ["export", lang, rest @ ..] => {
            let xliff = export(&root, lang)?;
            let out = match rest {
                [] => root
                    .join("artifacts")
                    .join("l10n")
                    .join(format!("fieldscreen-{lang}.xlf")),
                ["--out", file] => PathBuf::from(file),
                _ => return Err(Fail(USAGE.to_owned())),
            };
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Fail(format!("{}: {e}", dir.display())))?;
            }
            std::fs::write(&out, xliff).map_err(|e| Fail(format!("{}: {e}", out.display())))?;
            println!("xtask: wrote {}", out.display());
            Ok(())
        }
        ["import", file, rest @ ..] => {
            let mut by = None;
            let mut date = None;
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match (*a, it.next()) {
                    ("--by", Some(v)) => by = Some((*v).to_owned()),
                    ("--date", Some(v)) => date = Some((*v).to_owned()),
                    _ => return Err(Fail(USAGE.to_owned())),
                }
            }
            let by = by.ok_or_else(|| {
                Fail(format!(
                    "say who reviewed the file, by role (e.g. --by \"native Thai speaker, labour rights NGO\")\n{USAGE}"
                ))
            })?;
            let date = match date {
                Some(d) if is_iso_date(&d) => d,
                Some(d) => return Err(Fail(format!("--date {d}: write the date as YYYY-MM-DD"))),
                None => today(),
            };
            let text = std::fs::read_to_string(file).map_err(|e| Fail(format!("{file}: {e}")))?;
            let report = import(&root, &text, &by, &date)?;
            for line in report.lines() {
                println!("xtask: {line}");
            }
            Ok(())
        }
        _ => Err(Fail(USAGE.to_owned())),
    }
}

const USAGE: &str = "usage: cargo xtask l10n export LANG [--out FILE]
       cargo xtask l10n import FILE --by ROLE [--date YYYY-MM-DD]";

// ---------------------------------------------------------------- sources

/// One translated Fluent file and its English.
#[derive(Debug, Clone)]
struct Source {
    /// Path of the translation, relative to the root, `/`-separated (the
    /// XLIFF `<file original>`).
    path: String,
    en_path: String,
    /// `app` or the questionnaire's id.
    catalog: String,
}

/// Every Fluent file of `lang`, in a stable order.
fn sources(root: &Path, lang: &str) -> Result<Vec<Source>, Fail> {
    let mut out = Vec::new();
    let en_dir = root.join("locales/en");
    let mut names: Vec<String> = std::fs::read_dir(&en_dir)
        .map_err(|e| Fail(format!("{}: {e}", en_dir.display())))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ftl"))
        .collect();
    names.sort();
    for n in names {
        out.push(Source {
            path: format!("locales/{lang}/{n}"),
            en_path: format!("locales/en/{n}"),
            catalog: review::APP.to_owned(),
        });
    }
    let qdir = root.join("questionnaires");
    let mut folders: Vec<String> = std::fs::read_dir(&qdir)
        .map_err(|e| Fail(format!("{}: {e}", qdir.display())))?
        .filter_map(Result::ok)
        .filter(|e| e.path().join("questionnaire.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    for f in folders {
        let def = read(root, &format!("questionnaires/{f}/questionnaire.toml"))?;
        let id = def
            .parse::<toml::Table>()
            .ok()
            .and_then(|t| t.get("id").and_then(toml::Value::as_str).map(str::to_owned))
            .ok_or_else(|| Fail(format!("questionnaires/{f}/questionnaire.toml: no `id`")))?;
        out.push(Source {
            path: format!("questionnaires/{f}/translations/{lang}.ftl"),
            en_path: format!("questionnaires/{f}/translations/en.ftl"),
            catalog: id,
        });
    }
    Ok(out)
}

fn read(root: &Path, rel: &str) -> Result<String, Fail> {
    std::fs::read_to_string(root.join(rel)).map_err(|e| Fail(format!("{rel}: {e}")))
}

fn log_path(lang: &str) -> String {
    format!("locales/{lang}/{}", review::LOG_FILE)
}

fn read_log(root: &Path, lang: &str) -> Result<ReviewLog, Fail> {
    let rel = log_path(lang);
    if !root.join(&rel).exists() {
        return Ok(ReviewLog::default());
    }
    ReviewLog::parse(&read(root, &rel)?).map_err(|e| Fail(format!("{rel}: {e}")))
}

/// An English unit with the comment of its message.
struct EnUnit {
    id: String,
    pieces: Vec<Piece>,
    comment: Option<String>,
}

fn english_units(src: &str) -> Vec<EnUnit> {
    let resource = match fluent_syntax::parser::parse(src) {
        Ok(r) | Err((r, _)) => r,
    };
    let mut out = Vec::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let comment = m.comment.as_ref().map(|c| c.content.join("\n"));
            if let Some(v) = &m.value {
                out.push(EnUnit {
                    id: m.id.name.to_owned(),
                    pieces: review::pieces(v),
                    comment: comment.clone(),
                });
            }
            for a in &m.attributes {
                out.push(EnUnit {
                    id: format!("{}.{}", m.id.name, a.id.name),
                    pieces: review::pieces(&a.value),
                    comment: comment.clone(),
                });
            }
        }
    }
    out
}

fn translation_units(src: &str) -> BTreeMap<String, Vec<Piece>> {
    review::units(src)
        .into_iter()
        .map(|u| (u.id, u.pieces))
        .collect()
}

/// The language's glossary (`questionnaires/glossary/LANG.toml`).
fn load_glossary(root: &Path, lang: &str) -> Result<Glossary, Fail> {
    let rel = format!("questionnaires/glossary/{lang}.toml");
    Glossary::parse(&read(root, &rel)?).map_err(|e| Fail(format!("{rel}: {e}")))
}

// -------------------------------------------------------------------- dates

fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Today's date (UTC), from the days since 1970 (Howard Hinnant's
/// civil-from-days).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let z = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests;
