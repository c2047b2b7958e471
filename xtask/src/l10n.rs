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

// ------------------------------------------------------------------ export

/// The XLIFF 1.2 document of every string of `lang`.
pub fn export(root: &Path, lang: &str) -> Result<String, Fail> {
    if !LANGS.contains(&lang) {
        return Err(Fail(format!(
            "no translation `{lang}` to export: choose one of {}",
            LANGS.join(", ")
        )));
    }
    let log = read_log(root, lang)?;
    let glossary = load_glossary(root, lang)?;
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!("<xliff version=\"1.2\" xmlns=\"{XLIFF_NS}\">\n"));
    for src in sources(root, lang)? {
        let en = english_units(&read(root, &src.en_path)?);
        let tr = if root.join(&src.path).exists() {
            translation_units(&read(root, &src.path)?)
        } else {
            BTreeMap::new()
        };
        x.push_str(&format!(
            "  <file original=\"{}\" source-language=\"en\" target-language=\"{lang}\" datatype=\"plaintext\" product-name=\"FieldScreen\">\n",
            attr(&src.path)
        ));
        x.push_str("    <header>\n");
        x.push_str("      <tool tool-id=\"fieldscreen-l10n\" tool-name=\"cargo xtask l10n\"/>\n");
        x.push_str(&format!(
            "      <note from=\"fieldscreen\">Catalog {}. Translate the text and keep every placeholder (the protected codes such as {{ $count }}). In a choice such as {{ $count -&gt; ... }}, each line starting with [key] is one variant: translate each; a language without plural forms may keep only the *[other] line. Mark a unit approved (or its target state final or signed-off) when you have reviewed it; write anything the developers should know in a note.</note>\n",
            text(&src.catalog)
        ));
        x.push_str("    </header>\n    <body>\n");
        for u in &en {
            let target = tr.get(&u.id);
            let status = target.map(|t| {
                log.status(
                    &src.catalog,
                    &u.id,
                    &review::fingerprint(&u.pieces),
                    &review::fingerprint(t),
                )
            });
            let approved = status == Some(Status::Reviewed);
            x.push_str(&format!(
                "      <trans-unit id=\"{}\" resname=\"{}\" xml:space=\"preserve\" approved=\"{}\">\n",
                attr(&u.id),
                attr(&u.id),
                if approved { "yes" } else { "no" }
            ));
            let (source, ids) = inline(&u.pieces, &BTreeMap::new());
            x.push_str(&format!("        <source>{source}</source>\n"));
            if let (Some(t), Some(status)) = (target, status) {
                let (target, _) = inline(t, &ids);
                let state = match status {
                    Status::Reviewed => "state=\"final\"",
                    Status::MachineDrafted => {
                        "state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\""
                    }
                    Status::SourceChanged | Status::Edited => "state=\"needs-review-translation\"",
                };
                x.push_str(&format!("        <target {state}>{target}</target>\n"));
            }
            if let Some(c) = &u.comment {
                x.push_str(&format!(
                    "        <note from=\"developer\">{}</note>\n",
                    text(c)
                ));
            }
            let said = match (status, log.record(&src.catalog, &u.id)) {
                (None, _) => "Status: not translated yet.".to_owned(),
                (Some(Status::MachineDrafted), _) | (_, None) => {
                    "Status: machine-drafted, not reviewed by a person.".to_owned()
                }
                (Some(Status::Reviewed), Some(r)) => {
                    format!("Status: reviewed by {} on {}.", r.by, r.date)
                }
                (Some(Status::SourceChanged), Some(r)) => format!(
                    "Status: reviewed by {} on {}, but the English changed since: review again.",
                    r.by, r.date
                ),
                (Some(Status::Edited), Some(r)) => format!(
                    "Status: reviewed by {} on {}, but the translation was edited since: review again.",
                    r.by, r.date
                ),
            };
            x.push_str(&format!(
                "        <note from=\"fieldscreen\">{}</note>\n",
                text(&said)
            ));
            let terms: Vec<String> = glossary
                .used_in(&review::flat(&u.pieces))
                .into_iter()
                .map(|t| {
                    let cited = if t.is_cited() {
                        format!("source: {}", t.source)
                    } else {
                        "no published source found yet".to_owned()
                    };
                    format!("{} = {} ({cited})", t.en, t.term)
                })
                .collect();
            if !terms.is_empty() {
                x.push_str(&format!(
                    "        <note from=\"glossary\">{}</note>\n",
                    text(&terms.join("\n"))
                ));
            }
            x.push_str("      </trans-unit>\n");
        }
        x.push_str("    </body>\n  </file>\n");
    }
    x.push_str("</xliff>\n");
    Ok(x)
}

/// Pieces as XLIFF inline content: text escaped, code as `<ph>`. `known`
/// maps code to the `<ph>` id it has in the source (the target reuses it);
/// returns the content and the ids it used.
fn inline(
    pieces: &[Piece],
    known: &BTreeMap<String, String>,
) -> (String, BTreeMap<String, String>) {
    let mut out = String::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut next = 1;
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&text(t)),
            Piece::Code(c) | Piece::Literal { code: c, .. } => {
                let id = match known.get(c).filter(|id| !used.contains(*id)) {
                    Some(id) => id.clone(),
                    None => loop {
                        let id = if known.is_empty() {
                            next.to_string()
                        } else {
                            format!("t{next}")
                        };
                        next += 1;
                        if !used.contains(&id) && !known.values().any(|v| *v == id) {
                            break id;
                        }
                    },
                };
                used.insert(id.clone());
                ids.entry(c.clone()).or_insert_with(|| id.clone());
                let ctype = if c.ends_with("->") || c == "}" || c.ends_with(']') {
                    "x-fluent-select"
                } else {
                    "x-fluent-placeable"
                };
                out.push_str(&format!(
                    "<ph id=\"{}\" ctype=\"{ctype}\">{}</ph>",
                    attr(&id),
                    text(c)
                ));
            }
        }
    }
    (out, ids)
}

fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}

// ------------------------------------------------------------------ import

/// One string of the file being imported.
struct Incoming {
    source: Source,
    id: String,
    pieces: Vec<Piece>,
    reviewed: bool,
    note: Option<String>,
}

/// Reads a reviewed XLIFF file back into the Fluent files and the review
/// log. Nothing is written unless every string passes.
pub fn import(root: &Path, xliff: &str, by: &str, date: &str) -> Result<String, Fail> {
    let doc = roxmltree::Document::parse(xliff)
        .map_err(|e| Fail(format!("the file is not well-formed XML: {e}")))?;
    let top = doc.root_element();
    if top.tag_name().namespace() != Some(XLIFF_NS)
        || top.tag_name().name() != "xliff"
        || top.attribute("version") != Some("1.2")
    {
        return Err(Fail(
            "not an XLIFF 1.2 document (urn:oasis:names:tc:xliff:document:1.2)".to_owned(),
        ));
    }
    let files: Vec<_> = top.children().filter(|n| is(n, "file")).collect();
    let mut lang = None;
    for f in &files {
        let l = f.attribute("target-language").unwrap_or_default();
        let l = l.split(['-', '_']).next().unwrap_or_default().to_owned();
        if lang.get_or_insert_with(|| l.clone()) != &l {
            return Err(Fail(
                "the file mixes target languages: import one language at a time".to_owned(),
            ));
        }
    }
    let lang = lang.ok_or_else(|| Fail("the file has no <file> element".to_owned()))?;
    if !LANGS.contains(&lang.as_str()) {
        return Err(Fail(format!(
            "target-language `{lang}` is not one of {}",
            LANGS.join(", ")
        )));
    }
    let known = sources(root, &lang)?;
    let mut problems = Vec::new();
    let mut incoming: Vec<Incoming> = Vec::new();
    let mut en_cache: BTreeMap<String, BTreeMap<String, Vec<Piece>>> = BTreeMap::new();
    let mut tr_cache: BTreeMap<String, BTreeMap<String, Vec<Piece>>> = BTreeMap::new();
    for f in &files {
        let original = f.attribute("original").unwrap_or_default();
        // Never a path from the file: only the ones this language has.
        let Some(source) = known.iter().find(|s| s.path == original) else {
            problems.push(format!("{original}: not a translation file of `{lang}`"));
            continue;
        };
        let en = en_cache.entry(source.path.clone()).or_insert_with(|| {
            english_units(&read(root, &source.en_path).unwrap_or_default())
                .into_iter()
                .map(|u| (u.id, u.pieces))
                .collect()
        });
        tr_cache.entry(source.path.clone()).or_insert_with(|| {
            read(root, &source.path)
                .map(|s| translation_units(&s))
                .unwrap_or_default()
        });
        for unit in f.descendants().filter(|n| is(n, "trans-unit")) {
            let id = unit.attribute("id").unwrap_or_default().to_owned();
            let at = format!("{}#{id}", source.path);
            let Some(en_pieces) = en.get(&id) else {
                problems.push(format!("{at}: no such string in the English"));
                continue;
            };
            let Some(src_el) = unit.children().find(|n| is(n, "source")) else {
                problems.push(format!("{at}: no <source>"));
                continue;
            };
            let ph = ph_codes(&src_el);
            let src_flat = review::flat(&read_inline(&src_el, &ph));
            if src_flat != review::flat(en_pieces) {
                problems.push(format!(
                    "{at}: the English changed since this file was exported; export again and review the new text"
                ));
                continue;
            }
            let Some(tgt) = unit.children().find(|n| is(n, "target")) else {
                continue;
            };
            let flat = review::flat(&read_inline(&tgt, &ph));
            if flat.trim().is_empty() {
                continue;
            }
            let pattern = match review::parse_flat(&flat) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!(
                        "{at}: the translation is not valid Fluent ({e}); keep the protected codes as they are"
                    ));
                    continue;
                }
            };
            let pieces = review::pieces(&pattern);
            if review::flat(&pieces) != flat.trim_matches([' ', '\n']) {
                problems.push(format!(
                    "{at}: the translation cannot be written without change (a line starting with [, * or ., or spaces at its ends); rephrase it"
                ));
                continue;
            }
            let want = review::parse_flat(&review::flat(en_pieces))
                .map(|p| review::references(&p))
                .unwrap_or_default();
            let got = review::references(&pattern);
            if got != want {
                let missing: Vec<_> = want.difference(&got).cloned().collect();
                let extra: Vec<_> = got.difference(&want).cloned().collect();
                problems.push(format!(
                    "{at}: the placeholders no longer match the English (missing: {}; not in the English: {})",
                    list(&missing),
                    list(&extra)
                ));
                continue;
            }
            let state = tgt.attribute("state").unwrap_or_default();
            let reviewed = unit.attribute("approved") == Some("yes")
                || ["final", "signed-off"].contains(&state);
            let note: Vec<String> = unit
                .children()
                .filter(|n| is(n, "note"))
                .filter(|n| !OURS.contains(&n.attribute("from").unwrap_or_default()))
                .filter_map(|n| n.text().map(|t| t.trim().to_owned()))
                .filter(|t| !t.is_empty())
                .collect();
            incoming.push(Incoming {
                source: source.clone(),
                id,
                pieces,
                reviewed,
                note: (!note.is_empty()).then(|| note.join("\n")),
            });
        }
    }
    if !problems.is_empty() {
        return Err(Fail(format!(
            "refused, nothing was written ({} problem{}):\n  {}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            problems.join("\n  ")
        )));
    }

    // Everything passed: rewrite the changed messages, then the log.
    let mut log = read_log(root, &lang)?;
    let before = log.clone();
    let mut changed: BTreeMap<String, BTreeMap<String, Vec<Piece>>> = BTreeMap::new();
    let mut reviewed = 0;
    for inc in &incoming {
        let current = tr_cache.get(&inc.source.path).and_then(|t| t.get(&inc.id));
        if current.map(|c| review::flat(c)) != Some(review::flat(&inc.pieces)) {
            changed
                .entry(inc.source.path.clone())
                .or_default()
                .insert(inc.id.clone(), inc.pieces.clone());
        }
        if inc.reviewed {
            let en = &en_cache[&inc.source.path][&inc.id];
            log.set(
                &inc.source.catalog,
                &inc.id,
                Record {
                    by: by.to_owned(),
                    date: date.to_owned(),
                    en: review::fingerprint(en),
                    text: review::fingerprint(&inc.pieces),
                    note: inc.note.clone(),
                },
            );
            reviewed += 1;
        }
    }
    let mut report = Vec::new();
    for (path, units) in &changed {
        let old = read(root, path).unwrap_or_default();
        let new = rewrite(&old, units).map_err(|e| Fail(format!("{path}: {e}")))?;
        std::fs::write(root.join(path), new).map_err(|e| Fail(format!("{path}: {e}")))?;
        report.push(format!(
            "{path}: {} string{} changed: {}",
            units.len(),
            if units.len() == 1 { "" } else { "s" },
            units.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
        if path.starts_with("questionnaires/") {
            report.push(format!(
                "{path}: this changes the questionnaire's files, so its hash: before release, retire the previous version and raise `version` (questionnaires/retired/README.md)"
            ));
        }
    }
    if log != before {
        let rel = log_path(&lang);
        std::fs::write(root.join(&rel), log.to_toml()).map_err(|e| Fail(format!("{rel}: {e}")))?;
    }
    report.push(format!(
        "{} string{} marked reviewed by {by} on {date} ({})",
        reviewed,
        if reviewed == 1 { "" } else { "s" },
        log_path(&lang)
    ));
    Ok(report.join("\n"))
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items
            .iter()
            .map(|i| format!("{{ {i} }}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn is(n: &roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(XLIFF_NS)
}

/// The code of every `<ph>` (and `<bpt>`, `<ept>`, `<it>`) of a source, by id.
fn ph_codes(source: &roxmltree::Node<'_, '_>) -> BTreeMap<String, String> {
    source
        .descendants()
        .filter(|n| ["ph", "bpt", "ept", "it"].iter().any(|t| is(n, t)))
        .filter_map(|n| Some((n.attribute("id")?.to_owned(), all_text(&n))))
        .collect()
}

fn all_text(n: &roxmltree::Node<'_, '_>) -> String {
    n.descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

/// The content of a `<source>` or `<target>` as pieces: text as text, the
/// native code of `<ph>` (or, for an empty one or an `<x/>` a tool put in
/// its place, the source's code with that id) as code, and the content of
/// `<g>` and `<mrk>` (segment marks) as it reads.
fn read_inline(el: &roxmltree::Node<'_, '_>, ph: &BTreeMap<String, String>) -> Vec<Piece> {
    fn walk(n: &roxmltree::Node<'_, '_>, ph: &BTreeMap<String, String>, out: &mut Vec<Piece>) {
        for c in n.children() {
            if c.is_text() {
                let t = c.text().unwrap_or_default();
                if let Some(Piece::Text(prev)) = out.last_mut() {
                    prev.push_str(t);
                } else if !t.is_empty() {
                    out.push(Piece::Text(t.to_owned()));
                }
            } else if c.is_element() && c.tag_name().namespace() == Some(XLIFF_NS) {
                let name = c.tag_name().name();
                let by_id = || c.attribute("id").and_then(|id| ph.get(id)).cloned();
                match name {
                    "ph" | "bpt" | "ept" | "it" => {
                        let code = all_text(&c);
                        let code = if code.is_empty() {
                            by_id().unwrap_or_default()
                        } else {
                            code
                        };
                        out.push(Piece::Code(code));
                    }
                    "x" | "bx" | "ex" => out.push(Piece::Code(by_id().unwrap_or_default())),
                    _ => walk(&c, ph, out),
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(el, ph, &mut out);
    out
}

// ----------------------------------------------------------- rewriting ftl

/// The byte range of message `id` in a Fluent source: its first line to its
/// last indented line (comments above it and blank lines after it excluded).
fn message_span(src: &str, id: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    let mut start = None;
    let mut end = 0;
    for line in src.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        match start {
            None => {
                let rest = line.strip_prefix(id);
                if rest.is_some_and(|r| r.trim_start_matches(' ').starts_with('=')) {
                    start = Some(here);
                    end = offset;
                }
            }
            Some(_) => {
                if line.starts_with(' ') && !line.trim().is_empty() {
                    end = offset;
                } else if !line.trim().is_empty() {
                    break;
                }
            }
        }
    }
    start.map(|s| s..end)
}

/// Every message of a source, serialised on its own (for comparison).
fn serialized_messages(src: &str) -> (BTreeMap<String, String>, usize) {
    let resource = match fluent_syntax::parser::parse(src) {
        Ok(r) | Err((r, _)) => r,
    };
    let mut out = BTreeMap::new();
    let mut junk = 0;
    for e in &resource.body {
        match e {
            ast::Entry::Message(m) => {
                let mut m = m.clone();
                m.comment = None;
                let one = ast::Resource {
                    body: vec![ast::Entry::Message(m.clone())],
                };
                out.insert(
                    m.id.name.to_owned(),
                    fluent_syntax::serializer::serialize(&one),
                );
            }
            ast::Entry::Junk { .. } => junk += 1,
            _ => {}
        }
    }
    (out, junk)
}

/// `src` with the units in `changes` (`id` or `id.attr` → new pieces)
/// replaced, each changed message written by Fluent's serializer in place
/// of the old one; everything else byte for byte. Checks that the result
/// parses and that only the changed messages differ.
fn rewrite(src: &str, changes: &BTreeMap<String, Vec<Piece>>) -> Result<String, String> {
    let current = translation_units(src);
    let mut by_message: BTreeMap<&str, Vec<(&str, &Vec<Piece>)>> = BTreeMap::new();
    for (unit, pieces) in changes {
        let (msg, attr) = unit.split_once('.').unwrap_or((unit.as_str(), ""));
        by_message.entry(msg).or_default().push((attr, pieces));
    }
    let mut out = src.to_owned();
    for (msg, parts) in &by_message {
        // The message's units: today's, with the changed ones replaced (a
        // new attribute goes last).
        let mut units: Vec<(String, Vec<Piece>)> = current
            .iter()
            .filter(|(k, _)| {
                k.as_str() == *msg
                    || k.strip_prefix(msg)
                        .is_some_and(|r| r.starts_with('.') && !r[1..].contains('.'))
            })
            .map(|(k, v)| {
                let attr = k.strip_prefix(msg).unwrap_or("").trim_start_matches('.');
                (attr.to_owned(), v.clone())
            })
            .collect();
        // Keep the file's attribute order.
        units.sort_by_key(|(attr, _)| {
            if attr.is_empty() {
                0
            } else {
                out.find(&format!("\n    .{attr} "))
                    .map_or(usize::MAX, |p| p + 1)
            }
        });
        for (attr, pieces) in parts {
            match units.iter_mut().find(|(a, _)| a == attr) {
                Some(u) => u.1 = (*pieces).clone(),
                None if attr.is_empty() => units.insert(0, (String::new(), (*pieces).clone())),
                None => units.push(((*attr).to_owned(), (*pieces).clone())),
            }
        }
        let mut text = String::new();
        for (attr, pieces) in &units {
            let flat = review::flat(pieces);
            let mut lines = flat.split('\n');
            let first = lines.next().unwrap_or_default();
            if attr.is_empty() {
                text.push_str(&format!("{msg} =\n    {first}\n"));
                for l in lines {
                    text.push_str(&format!("    {l}\n"));
                }
            } else {
                if text.is_empty() {
                    text.push_str(&format!("{msg} =\n"));
                }
                text.push_str(&format!("    .{attr} =\n        {first}\n"));
                for l in lines {
                    text.push_str(&format!("        {l}\n"));
                }
            }
        }
        let (written, junk) = serialized_messages(&text);
        let new = written
            .get(*msg)
            .filter(|_| junk == 0)
            .ok_or_else(|| format!("{msg}: the new text is not valid Fluent"))?;
        match message_span(&out, msg) {
            Some(span) => out.replace_range(span, new),
            None => {
                if !out.ends_with('\n') && !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(new);
            }
        }
    }
    // Only the changed messages differ, and the file still parses.
    let (old, old_junk) = serialized_messages(src);
    let (new, new_junk) = serialized_messages(&out);
    if new_junk > old_junk {
        return Err("the rewritten file does not parse".to_owned());
    }
    for (id, text) in &old {
        if !by_message.contains_key(id.as_str()) && new.get(id) != Some(text) {
            return Err(format!(
                "{id} would change, though the file did not change it"
            ));
        }
    }
    let now = translation_units(&out);
    for (unit, pieces) in changes {
        if now.get(unit).map(|p| review::flat(p)) != Some(review::flat(pieces)) {
            return Err(format!("{unit}: not written as given"));
        }
    }
    Ok(out)
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
mod tests {
    //! The review loop on a copy of the repository's strings: export Thai,
    //! edit the file with standard XML tools (Python's `xml.etree`; the
    //! schema check with `xmllint` and the OASIS XSD from Debian's
    //! `php-symfony-translation`), import, and look at the Fluent files.
    //! Without those tools the tests that need them are skipped with a note,
    //! unless `FIELDSCREEN_REQUIRE_TOOLS=1` (as `cargo xtask test` sets).

    use super::*;
    use std::process::Command;

    /// Where Debian's `php-symfony-translation` installs the OASIS schemas
    /// (`xliff-core-1.2-strict.xsd` and the `xml.xsd` it imports).
    const SCHEMAS: &str = "/usr/share/php/Symfony/Component/Translation/Resources/schemas";

    fn require_tools() -> bool {
        std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() == Ok("1")
    }

    fn have(program: &str, arg: &str) -> bool {
        let ok = Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok || !require_tools(),
            "`{program}` is missing and FIELDSCREEN_REQUIRE_TOOLS=1 (cargo xtask setup test installs it)"
        );
        if !ok {
            eprintln!("note: `{program}` not found; skipping (cargo xtask setup test installs it)");
        }
        ok
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from)
            .expect("read dir")
            .filter_map(Result::ok)
        {
            let p = e.path();
            if p.is_dir() {
                copy_dir(&p, &to.join(e.file_name()));
            } else {
                std::fs::copy(&p, to.join(e.file_name())).expect("copy");
            }
        }
    }

    /// A copy of the strings this tool reads: `locales/`, the glossaries
    /// and the shipped questionnaires (not the retired ones).
    fn sandbox() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = crate::root();
        copy_dir(&root.join("locales"), &dir.path().join("locales"));
        copy_dir(
            &root.join("questionnaires/glossary"),
            &dir.path().join("questionnaires/glossary"),
        );
        for q in ["victim-screening", "fishing-inspection"] {
            let to = dir.path().join("questionnaires").join(q);
            copy_dir(
                &root.join("questionnaires").join(q).join("translations"),
                &to.join("translations"),
            );
            std::fs::copy(
                root.join("questionnaires")
                    .join(q)
                    .join("questionnaire.toml"),
                to.join("questionnaire.toml"),
            )
            .expect("copy definition");
        }
        dir
    }

    fn text(root: &Path, rel: &str) -> String {
        std::fs::read_to_string(root.join(rel)).expect("read")
    }

    /// `src` without the given messages: what must stay byte for byte.
    fn without(src: &str, ids: &[&str]) -> String {
        let mut out = src.to_owned();
        for id in ids {
            let span = message_span(&out, id).unwrap_or_else(|| panic!("{id} not in the file"));
            out.replace_range(span, "");
        }
        out
    }

    fn python_edit(script: &str, input: &Path, output: &Path) {
        let out = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(input)
            .arg(output)
            .output()
            .expect("run python3");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The reviewer's edits, made with Python's standard XML library: three
    /// Thai strings rewritten and approved (a multiline questionnaire
    /// script, a message with a placeable, a select expression), with a
    /// reviewer's note on one.
    const REVIEW: &str = r#"
import sys, xml.etree.ElementTree as ET
NS = 'urn:oasis:names:tc:xliff:document:1.2'
ET.register_namespace('', NS)
q = lambda t: '{%s}%s' % (NS, t)
tree = ET.parse(sys.argv[1])
done = set()
for f in tree.getroot().iter(q('file')):
    for u in f.iter(q('trans-unit')):
        key = f.get('original') + '#' + u.get('id')
        t = u.find(q('target'))
        if key == 'questionnaires/victim-screening/translations/th.ftl#consent_script':
            t.text = t.text.replace('ฉันทำงานกับหน่วยงานที่ช่วยเหลือคน', 'ฉันทำงานกับหน่วยงานที่ให้ความช่วยเหลือคน')
        elif key == 'locales/th/app.ftl#app-version':
            t.text = 'รุ่น '
        elif key == 'locales/th/ui-sync.ftl#syncview-pending':
            for ph in t.iter(q('ph')):
                if ph.text == '[0]':
                    ph.tail = ' ยังไม่มีรายการที่รอส่ง\n'
        else:
            continue
        t.set('state', 'final')
        u.set('approved', 'yes')
        if key.endswith('#app-version'):
            n = ET.SubElement(u, q('note'))
            n.set('from', 'reviewer')
            n.text = 'รุ่น is what Thai phone menus say.'
        done.add(key)
assert len(done) == 3, done
tree.write(sys.argv[2], encoding='UTF-8', xml_declaration=True)
"#;

    #[test]
    fn a_reviewer_changes_three_strings_with_a_standard_xml_tool_and_only_those_change() {
        if !have("python3", "--version") {
            return;
        }
        let dir = sandbox();
        let root = dir.path();
        let exported = root.join("th.xlf");
        std::fs::write(&exported, export(root, "th").expect("export")).expect("write");
        let reviewed = root.join("th-reviewed.xlf");
        python_edit(REVIEW, &exported, &reviewed);

        let files = [
            (
                "questionnaires/victim-screening/translations/th.ftl",
                "consent_script",
            ),
            ("locales/th/app.ftl", "app-version"),
            ("locales/th/ui-sync.ftl", "syncview-pending"),
        ];
        let before: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
        let report = import(
            root,
            &std::fs::read_to_string(&reviewed).expect("read"),
            "native Thai speaker, labour NGO",
            "2026-12-06",
        )
        .unwrap_or_else(|Fail(e)| panic!("{e}"));
        assert!(report.contains("3 strings marked reviewed"), "{report}");

        // The three strings changed, exactly as the reviewer wrote them.
        let after: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
        assert!(after[0].contains("    ฉันทำงานกับหน่วยงานที่ให้ความช่วยเหลือคนที่อาจถูกปฏิบัติไม่ดีในการทำงาน\n"));
        assert!(
            after[1].contains("app-version = รุ่น { $version }\n"),
            "{}",
            after[1]
        );
        assert!(
            after[2].contains(
                "        [0] ยังไม่มีรายการที่รอส่ง\n       *[other] มี { $count } รายการที่รอส่ง\n"
            ),
            "{}",
            after[2]
        );
        // Everything else in those files is byte for byte what it was:
        // comments, order, the other messages.
        for ((f, id), (b, a)) in files.iter().zip(before.iter().zip(&after)) {
            assert_ne!(b, a, "{f}");
            assert_eq!(without(b, &[id]), without(a, &[id]), "{f}");
        }
        // No other file changed.
        let pristine = sandbox();
        for src in sources(root, "th").expect("sources") {
            if files.iter().any(|(f, _)| *f == src.path) {
                continue;
            }
            assert_eq!(
                text(root, &src.path),
                text(pristine.path(), &src.path),
                "{}",
                src.path
            );
        }

        // They are marked reviewed, by role and date, with the note.
        let log = ReviewLog::parse(&text(root, "locales/th/review.toml")).expect("log");
        let r = log.record(review::APP, "app-version").expect("recorded");
        assert_eq!(r.by, "native Thai speaker, labour NGO");
        assert_eq!(r.date, "2026-12-06");
        assert_eq!(r.note.as_deref(), Some("รุ่น is what Thai phone menus say."));
        assert!(log.record("victim_screening", "consent_script").is_some());
        assert!(log.record(review::APP, "syncview-pending").is_some());
        assert_eq!(log.records.values().map(BTreeMap::len).sum::<usize>(), 3);
        // ... and the app reads them as reviewed, the rest as drafts.
        let l = i18n::Localizer::from_sources(
            ["en", "th"]
                .iter()
                .flat_map(|lang| {
                    std::fs::read_dir(root.join("locales").join(lang))
                        .expect("dir")
                        .filter_map(Result::ok)
                        .map(move |e| {
                            (
                                *lang,
                                e.file_name().to_string_lossy().into_owned(),
                                e.path(),
                            )
                        })
                })
                .map(|(lang, name, path)| {
                    (lang, name, std::fs::read_to_string(path).expect("read"))
                })
                .collect::<Vec<_>>()
                .iter()
                .map(|(l, n, s)| (*l, n.as_str(), s.clone()))
                .collect::<Vec<_>>(),
        );
        assert_eq!(l.status("th", "app-version"), Status::Reviewed);
        assert_eq!(l.status("th", "syncview-pending"), Status::Reviewed);
        assert_eq!(l.status("th", "app-tagline"), Status::MachineDrafted);

        // A fresh export says so, and importing it again changes nothing.
        let again = export(root, "th").expect("export");
        assert!(
            again.contains("Status: reviewed by native Thai speaker, labour NGO on 2026-12-06.")
        );
        let snapshot: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
        import(root, &again, "someone else", "2026-12-07").unwrap_or_else(|Fail(e)| panic!("{e}"));
        let now: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
        assert_eq!(snapshot, now);
    }

    /// Every shipped string of every language survives the trip through
    /// XLIFF: exporting and importing unchanged writes nothing at all
    /// (multiline messages, select expressions, literals and attributes
    /// included).
    #[test]
    fn every_string_round_trips_unchanged() {
        let dir = sandbox();
        let root = dir.path();
        let pristine = sandbox();
        for lang in LANGS {
            let xliff = export(root, lang).expect("export");
            let report = import(root, &xliff, "nobody", "2026-12-06")
                .unwrap_or_else(|Fail(e)| panic!("{lang}: {e}"));
            assert!(
                report.ends_with(&format!(
                    "0 strings marked reviewed by nobody on 2026-12-06 (locales/{lang}/review.toml)"
                )),
                "{report}"
            );
            for src in sources(root, lang).expect("sources") {
                assert_eq!(
                    text(root, &src.path),
                    text(pristine.path(), &src.path),
                    "{}",
                    src.path
                );
            }
            assert!(!root.join(log_path(lang)).exists());
            // Every unit of the English is in the file, once.
            assert_eq!(
                xliff.matches("<trans-unit ").count(),
                sources(root, lang)
                    .expect("sources")
                    .iter()
                    .map(|s| english_units(&text(root, &s.en_path)).len())
                    .sum::<usize>()
            );
        }
    }

    /// CAT tools write placeholders back as `<x/>` (or empty `<ph/>`) and
    /// wrap segments in `<mrk mtype="seg">`; the import reads them as the
    /// source's codes.
    #[test]
    fn placeholders_written_back_as_x_and_segment_marks_are_understood() {
        let dir = sandbox();
        let root = dir.path();
        let exported = export(root, "th").expect("export");
        let edited = exported.replacen(
            "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\">เวอร์ชัน <ph id=\"1\" ctype=\"x-fluent-placeable\">{ $version }</ph></target>",
            "<target state=\"final\"><mrk mtype=\"seg\" mid=\"1\">รุ่น <x id=\"1\"/></mrk></target>",
            1,
        );
        assert_ne!(edited, exported);
        let report =
            import(root, &edited, "reviewer", "2026-12-06").unwrap_or_else(|Fail(e)| panic!("{e}"));
        assert!(report.contains("1 string marked reviewed"), "{report}");
        assert!(text(root, "locales/th/app.ftl").contains("app-version = รุ่น { $version }\n"));
    }

    #[test]
    fn a_file_whose_placeholders_no_longer_match_is_refused_naming_the_string() {
        let dir = sandbox();
        let root = dir.path();
        let exported = export(root, "th").expect("export");
        let before = text(root, "locales/th/app.ftl");
        let refused = |xliff: &str| match import(root, xliff, "reviewer", "2026-12-06") {
            Ok(r) => panic!("imported: {r}"),
            Err(Fail(e)) => e,
        };
        // A placeable dropped from the target.
        let broken = exported.replacen(
            "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\">เวอร์ชัน <ph id=\"1\" ctype=\"x-fluent-placeable\">{ $version }</ph></target>",
            "<target state=\"final\">เวอร์ชัน</target>",
            1,
        );
        assert_ne!(broken, exported);
        let e = refused(&broken);
        assert!(e.contains("locales/th/app.ftl#app-version"), "{e}");
        assert!(e.contains("missing: { $version }"), "{e}");
        assert!(e.contains("nothing was written"), "{e}");
        // A placeable renamed inside its protected code.
        let e = refused(&exported.replacen(
            "{ $version }</ph></target>",
            "{ $vesion }</ph></target>",
            1,
        ));
        assert!(
            e.contains("locales/th/app.ftl#app-version") && e.contains("{ $vesion }"),
            "{e}"
        );
        // A select expression whose selector changed.
        let e = refused(&exported.replacen(
            "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\"><ph id=\"1\" ctype=\"x-fluent-select\">{ $count -&gt;</ph>\n<ph id=\"2\" ctype=\"x-fluent-select\">[0]</ph> ไม่มีข้อมูลที่รอส่ง",
            "<target state=\"final\"><ph id=\"1\" ctype=\"x-fluent-select\">{ $total -&gt;</ph>\n<ph id=\"2\" ctype=\"x-fluent-select\">[0]</ph> ไม่มีข้อมูลที่รอส่ง",
            1,
        ));
        assert!(e.contains("locales/th/ui-sync.ftl#syncview-pending"), "{e}");
        // A select expression broken (its closing brace deleted).
        let e = refused(&exported.replacen(
            "รายการที่รอส่ง\n<ph id=\"6\" ctype=\"x-fluent-select\">}</ph></target>",
            "รายการที่รอส่ง\n</target>",
            1,
        ));
        assert!(
            e.contains("locales/th/ui-sync.ftl#syncview-pending") && e.contains("not valid Fluent"),
            "{e}"
        );
        // The English changed since the export.
        let e = refused(&exported.replacen("<source>Version ", "<source>Release ", 1));
        assert!(
            e.contains("locales/th/app.ftl#app-version") && e.contains("English changed"),
            "{e}"
        );
        // A file this language does not have (never a path from the file).
        let e = refused(&exported.replacen(
            "original=\"locales/th/app.ftl\"",
            "original=\"../../etc/passwd\"",
            1,
        ));
        assert!(
            e.contains("../../etc/passwd: not a translation file of `th`"),
            "{e}"
        );
        // Not XLIFF 1.2 at all.
        assert!(
            refused("<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"/>")
                .contains("not an XLIFF 1.2")
        );
        assert!(refused("<xliff").contains("not well-formed"));
        // Nothing was written by any of these.
        assert_eq!(text(root, "locales/th/app.ftl"), before);
        assert!(!root.join("locales/th/review.toml").exists());
    }

    #[test]
    fn the_export_is_valid_xliff_1_2_by_the_oasis_schema() {
        if !have("xmllint", "--version") {
            return;
        }
        let schemas = Path::new(SCHEMAS);
        let installed = schemas.join("xliff-core-1.2-strict.xsd").exists();
        assert!(
            installed || !require_tools(),
            "{SCHEMAS} is missing and FIELDSCREEN_REQUIRE_TOOLS=1 (Debian package php-symfony-translation; cargo xtask setup test)"
        );
        if !installed {
            eprintln!(
                "note: {SCHEMAS} not found; skipping (Debian package php-symfony-translation)"
            );
            return;
        }
        let dir = sandbox();
        // The strict schema imports xml.xsd from the W3C's site: point it at
        // the package's copy (no network in tests).
        let xsd = std::fs::read_to_string(schemas.join("xliff-core-1.2-strict.xsd"))
            .expect("read xsd")
            .replace(
                "http://www.w3.org/2001/xml.xsd",
                &schemas.join("xml.xsd").display().to_string(),
            );
        let xsd_path = dir.path().join("xliff-core-1.2-strict.xsd");
        std::fs::write(&xsd_path, xsd).expect("write xsd");
        let validate = |xliff: &str| {
            let file = dir.path().join("check.xlf");
            std::fs::write(&file, xliff).expect("write");
            let out = Command::new("xmllint")
                .args(["--noout", "--nonet", "--schema"])
                .arg(&xsd_path)
                .arg(&file)
                .output()
                .expect("run xmllint");
            (
                out.status.success(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        };
        for lang in LANGS {
            let (ok, err) = validate(&export(dir.path(), lang).expect("export"));
            assert!(ok, "{lang}: {err}");
        }
        // The validator can fail: an element XLIFF does not define.
        let (ok, err) = validate(&export(dir.path(), "th").expect("export").replacen(
            "<body>",
            "<body><fieldscreen/>",
            1,
        ));
        assert!(!ok && err.contains("fieldscreen"), "{err}");
    }

    #[test]
    fn rewriting_a_message_keeps_everything_around_it() {
        let src = "## status: machine-drafted\n# A comment\n\n## Section\nfirst = One\n# About second\nsecond =\n    Line one\n    line two\n    .hint = A hint\n\nthird = { $n ->\n    [one] One\n   *[other] Many\n    }\n# trailing comment\n";
        let mut changes = BTreeMap::new();
        changes.insert(
            "second.hint".to_owned(),
            vec![Piece::Text("Another hint".to_owned())],
        );
        let out = rewrite(src, &changes).expect("rewrite");
        assert_eq!(
            out,
            src.replace("    .hint = A hint\n", "    .hint = Another hint\n")
        );
        // A multiline value and a select expression in place of a one-liner.
        let mut changes = BTreeMap::new();
        changes.insert(
            "first".to_owned(),
            review::pieces(
                &review::parse_flat("{ $n ->\n[one] Eine\n*[other] Viele\n}").expect("parses"),
            ),
        );
        changes.insert(
            "third".to_owned(),
            vec![Piece::Text("Many\nlines".to_owned())],
        );
        let out = rewrite(src, &changes).expect("rewrite");
        assert_eq!(
            out,
            "## status: machine-drafted\n# A comment\n\n## Section\nfirst =\n    { $n ->\n        [one] Eine\n       *[other] Viele\n    }\n# About second\nsecond =\n    Line one\n    line two\n    .hint = A hint\n\nthird =\n    Many\n    lines\n# trailing comment\n"
        );
        // A message the translation lacked is added at the end.
        let mut changes = BTreeMap::new();
        changes.insert("fourth".to_owned(), vec![Piece::Text("Four".to_owned())]);
        assert!(
            rewrite(src, &changes)
                .expect("rewrite")
                .ends_with("# trailing comment\nfourth = Four\n")
        );
    }

    #[test]
    fn dates_are_iso() {
        assert!(is_iso_date(&today()), "{}", today());
        assert!(is_iso_date("2026-12-06"));
        assert!(!is_iso_date("6/12/2026"));
    }
}
