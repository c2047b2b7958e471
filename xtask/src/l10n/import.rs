//! `l10n import`: a reviewed XLIFF file back into the Fluent files and the
//! review log, refused whole on any problem.

use super::*;

/// One string of the file being imported.
pub(super) struct Incoming {
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

pub(super) fn list(items: &[String]) -> String {
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

pub(super) fn is(n: &roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(XLIFF_NS)
}

/// The code of every `<ph>` (and `<bpt>`, `<ept>`, `<it>`) of a source, by id.
pub(super) fn ph_codes(source: &roxmltree::Node<'_, '_>) -> BTreeMap<String, String> {
    source
        .descendants()
        .filter(|n| ["ph", "bpt", "ept", "it"].iter().any(|t| is(n, t)))
        .filter_map(|n| Some((n.attribute("id")?.to_owned(), all_text(&n))))
        .collect()
}

pub(super) fn all_text(n: &roxmltree::Node<'_, '_>) -> String {
    n.descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

/// The content of a `<source>` or `<target>` as pieces: text as text, the
/// native code of `<ph>` (or, for an empty one or an `<x/>` a tool put in
/// its place, the source's code with that id) as code, and the content of
/// `<g>` and `<mrk>` (segment marks) as it reads.
pub(super) fn read_inline(
    el: &roxmltree::Node<'_, '_>,
    ph: &BTreeMap<String, String>,
) -> Vec<Piece> {
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
