//! `l10n export`: every string of a language as one XLIFF 1.2 file.

use super::*;

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
pub(super) fn inline(
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

pub(super) fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub(super) fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}
