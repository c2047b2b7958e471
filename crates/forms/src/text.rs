//! Translated text inside a questionnaire folder: one Fluent file per
//! language (`translations/<code>.ftl`).
//!
//! Message ids are derived from names (see `ARCHITECTURE` notes in the crate
//! docs): a question or group `age` is the message `age` with attributes
//! `.hint`, `.guidance`, `.constraint-msg`, `.required-msg`, `.audio`,
//! `.image`; a choice `yes` of list `yes_no` is `yes_no--yes`; the form title
//! is `form--title`; scoring names are `indicator--NAME`, `dimension--NAME`,
//! `outcome--NAME`. A label that shows an answer uses a Fluent variable:
//! XLSForm's `${age}` is written `{ $age }`.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location, Message};

/// One piece of a label.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Seg {
    Lit(String),
    /// An answer shown inside the text (`${name}` / `{ $name }`).
    Var(String),
}

/// A label, hint or message: literal text with answers spliced in.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Text(pub Vec<Seg>);

impl Text {
    /// Parses XLSForm label text, where `${name}` shows an answer.
    pub fn from_xlsform(s: &str) -> Text {
        let mut segs = Vec::new();
        let mut lit = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("${") {
            let (before, after) = rest.split_at(i);
            lit.push_str(before);
            let body = after.get(2..).unwrap_or("");
            match body.find('}') {
                Some(j) if crate::expr::is_name(body.get(..j).unwrap_or("").trim()) => {
                    if !lit.is_empty() {
                        segs.push(Seg::Lit(std::mem::take(&mut lit)));
                    }
                    segs.push(Seg::Var(body.get(..j).unwrap_or("").trim().to_string()));
                    rest = body.get(j + 1..).unwrap_or("");
                }
                _ => {
                    lit.push_str("${");
                    rest = body;
                }
            }
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            segs.push(Seg::Lit(lit));
        }
        Text(segs)
    }

    /// The XLSForm spelling (`${name}` for answers).
    pub fn to_xlsform(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Seg::Lit(l) => l.clone(),
                Seg::Var(v) => format!("${{{v}}}"),
            })
            .collect()
    }

    /// Renders the text, asking `value` for each answer shown.
    pub fn render(&self, value: &mut dyn FnMut(&str) -> String) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Seg::Lit(l) => l.clone(),
                Seg::Var(v) => value(v),
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0
            .iter()
            .all(|s| matches!(s, Seg::Lit(l) if l.is_empty()))
    }

    /// Names of the answers this text shows.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|s| match s {
            Seg::Var(v) => Some(v.as_str()),
            Seg::Lit(_) => None,
        })
    }
}

/// One Fluent message: its value and attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub value: Option<Text>,
    pub attrs: BTreeMap<String, Text>,
}

/// All messages of one language.
pub type Catalog = BTreeMap<String, Entry>;

/// The Fluent message id for a name: characters Fluent does not allow in an
/// id become `_`; a name not starting with an ASCII letter gets `n-` in front.
pub fn fluent_id(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "n-");
    }
    s
}

/// The message id of a choice.
pub fn choice_id(list: &str, value: &str) -> String {
    format!(
        "{}--{}",
        fluent_id(list),
        fluent_id(value).trim_start_matches("n-")
    )
}

/// The message ids of a list's choices, by position. A name that appears
/// again in the same list (allowed with `allow_choice_duplicates`) gets its
/// occurrence number: the second `central` of `district` is `district--central--2`,
/// so each choice keeps its own label.
pub fn choice_ids<'a>(list: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    names
        .into_iter()
        .map(|name| {
            let n = seen.entry(name).or_insert(0);
            *n += 1;
            if *n == 1 {
                choice_id(list, name)
            } else {
                format!("{}--{n}", choice_id(list, name))
            }
        })
        .collect()
}

fn fluent_var_ok(v: &str) -> bool {
    let mut c = v.chars();
    c.next().is_some_and(|c| c.is_ascii_alphabetic())
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Parses one language's Fluent file. Problems are reported with their line.
pub fn parse_catalog(file: &str, src: &str) -> (Catalog, Vec<Diagnostic>) {
    use fluent_syntax::ast;
    let mut diags = Vec::new();
    let line_of = |pos: usize| -> u32 {
        let pos = pos.min(src.len());
        let n = src
            .as_bytes()
            .iter()
            .take(pos)
            .filter(|&&b| b == b'\n')
            .count();
        u32::try_from(n + 1).unwrap_or(u32::MAX)
    };
    let resource = match fluent_syntax::parser::parse(src) {
        Ok(r) => r,
        Err((r, errs)) => {
            for e in errs {
                diags.push(Diagnostic::new(
                    Location::Line {
                        file: file.to_string(),
                        line: line_of(e.pos.start),
                    },
                    Message::new("forms-ftl-syntax").arg("detail", e.kind),
                ));
            }
            r
        }
    };
    let mut cat = Catalog::new();
    for entry in resource.body {
        let ast::Entry::Message(m) = entry else {
            continue;
        };
        let id = m.id.name.to_string();
        let line = src.find(&format!("\n{id} ")).map_or(1, |p| line_of(p + 1));
        let loc = || Location::Line {
            file: file.to_string(),
            line,
        };
        let mut conv = |p: &ast::Pattern<&str>| -> Text {
            let mut segs: Vec<Seg> = Vec::new();
            let push_lit = |segs: &mut Vec<Seg>, s: &str| {
                if let Some(Seg::Lit(l)) = segs.last_mut() {
                    l.push_str(s);
                } else {
                    segs.push(Seg::Lit(s.to_string()));
                }
            };
            for el in &p.elements {
                match el {
                    ast::PatternElement::TextElement { value } => push_lit(&mut segs, value),
                    ast::PatternElement::Placeable { expression } => match expression {
                        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
                            push_lit(
                                &mut segs,
                                &fluent_syntax::unicode::unescape_unicode_to_string(value),
                            );
                        }
                        ast::Expression::Inline(ast::InlineExpression::NumberLiteral { value }) => {
                            push_lit(&mut segs, value);
                        }
                        ast::Expression::Inline(ast::InlineExpression::VariableReference {
                            id,
                        }) => {
                            segs.push(Seg::Var(id.name.to_string()));
                        }
                        _ => diags.push(Diagnostic::new(
                            loc(),
                            Message::new("forms-ftl-unsupported").arg("id", &id),
                        )),
                    },
                }
            }
            Text(segs)
        };
        let value = m.value.as_ref().map(&mut conv);
        let attrs = m
            .attributes
            .iter()
            .map(|a| (a.id.name.to_string(), conv(&a.value)))
            .collect();
        if cat.insert(id.clone(), Entry { value, attrs }).is_some() {
            diags.push(Diagnostic::new(
                loc(),
                Message::new("forms-ftl-duplicate").arg("id", &id),
            ));
        }
    }
    (cat, diags)
}

fn write_pattern(out: &mut String, t: &Text) {
    let mut s = String::new();
    for seg in &t.0 {
        match seg {
            Seg::Var(v) if fluent_var_ok(v) => {
                s.push_str("{ $");
                s.push_str(v);
                s.push_str(" }");
            }
            Seg::Var(v) => {
                s.push_str("${\"{\"}");
                s.push_str(v);
                s.push_str("{\"}\"}");
            }
            Seg::Lit(l) => {
                for c in l.chars() {
                    match c {
                        '{' => s.push_str("{\"{\"}"),
                        '}' => s.push_str("{\"}\"}"),
                        '\r' => {}
                        c => s.push(c),
                    }
                }
            }
        }
    }
    let lines: Vec<&str> = s.split('\n').collect();
    let single = lines.len() == 1;
    for line in &lines {
        let mut line = (*line).to_string();
        // Fluent trims leading blanks and gives '[', '*', '.' a meaning at the start of a line.
        if line.starts_with(' ') {
            let trimmed = line.trim_start_matches(' ');
            let n = line.len() - trimmed.len();
            line = format!("{{\"{}\"}}{trimmed}", " ".repeat(n));
        }
        if !single && (line.starts_with('[') || line.starts_with('*') || line.starts_with('.')) {
            let (first, rest) = line.split_at(1);
            line = format!("{{\"{first}\"}}{rest}");
        }
        if single {
            out.push(' ');
            out.push_str(&line);
        } else {
            out.push_str("\n    ");
            out.push_str(&line);
        }
    }
    out.push('\n');
}

/// Writes a catalog as a Fluent file (entries in the order given).
pub fn write_catalog(header: &str, entries: &[(String, Entry)]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    if !header.is_empty() {
        out.push('\n');
    }
    for (id, e) in entries {
        out.push_str(id);
        out.push_str(" =");
        match &e.value {
            Some(v) if !v.is_empty() => write_pattern(&mut out, v),
            _ => out.push('\n'),
        }
        for (k, v) in &e.attrs {
            if v.is_empty() {
                continue;
            }
            out.push_str("    .");
            out.push_str(k);
            out.push_str(" =");
            write_pattern(&mut out, v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsform_text_round_trips_through_fluent() {
        let cases = [
            "How old are you?",
            "Hello ${name}, you are ${age}",
            "Braces { and } stay",
            "Line one\nLine two\n[not a variant]\n*star\n.dot",
            "  leading spaces",
            "ราคา ${price} บาท",
            "broken ${ ref",
            "${weird.name} here",
        ];
        let entries: Vec<(String, Entry)> = cases
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut e = Entry {
                    value: Some(Text::from_xlsform(c)),
                    attrs: BTreeMap::new(),
                };
                e.attrs.insert("hint".into(), Text::from_xlsform(c));
                (format!("m{i}"), e)
            })
            .collect();
        let src = write_catalog("test", &entries);
        let (cat, diags) = parse_catalog("x.ftl", &src);
        assert!(diags.is_empty(), "{diags:?}\n{src}");
        for (i, c) in cases.iter().enumerate() {
            let e = cat.get(&format!("m{i}"));
            let got = e.and_then(|e| e.value.as_ref()).map(Text::to_xlsform);
            assert_eq!(got.as_deref(), Some(*c), "{src}");
            let hint = e.and_then(|e| e.attrs.get("hint")).map(Text::to_xlsform);
            assert_eq!(hint.as_deref(), Some(*c));
        }
    }

    #[test]
    fn ids() {
        assert_eq!(fluent_id("age"), "age");
        assert_eq!(fluent_id("a.b"), "a_b");
        assert_eq!(fluent_id("_x"), "n-_x");
        assert_eq!(choice_id("yes_no", "1"), "yes_no--1");
        assert_eq!(
            choice_ids("district", ["central", "north", "central", "central"]),
            [
                "district--central",
                "district--north",
                "district--central--2",
                "district--central--3"
            ]
        );
    }
}
