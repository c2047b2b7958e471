//! Rewriting only the changed messages of a Fluent file (comments, order
//! and every other message byte for byte).

use super::*;

/// The byte range of message `id` in a Fluent source: its first line to its
/// last indented line (comments above it and blank lines after it excluded).
pub(super) fn message_span(src: &str, id: &str) -> Option<std::ops::Range<usize>> {
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
pub(super) fn serialized_messages(src: &str) -> (BTreeMap<String, String>, usize) {
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
pub(super) fn rewrite(src: &str, changes: &BTreeMap<String, Vec<Piece>>) -> Result<String, String> {
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
