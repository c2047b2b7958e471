//! Which translated strings a person has reviewed.
//!
//! Every translation starts as a machine draft. A string becomes *reviewed*
//! when a reviewer's record for it is in the language's review log
//! (`locales/<lang>/review.toml`, written by `cargo xtask l10n import`) and
//! that record still fits: it keeps the fingerprint of the English text and
//! of the translation as they were when the person reviewed them, so a later
//! change of the English (or a hand edit of the translation) turns the string
//! back into a draft without anyone having to remember to.
//!
//! Why a sidecar and not Fluent comments: the review of a questionnaire's
//! string must not change the questionnaire's files (old records find their
//! questionnaire by the hash of those files, and a review that confirms a
//! string changes no word anyone reads); one log per language covers the
//! app's messages and both questionnaires alike; and the fingerprints make a
//! stale review detectable by a program, which a comment is not.
//!
//! The unit of review is one Fluent pattern: a message's value (`id`) or one
//! of its attributes (`id.attr`). A catalog is `app` (every
//! `locales/<lang>/*.ftl`, one namespace) or a questionnaire's id
//! (`victim_screening`, `fishing_inspection`).
//!
//! The same module turns a pattern into [`Piece`]s (text a translator edits
//! and code they must keep), which is how the XLIFF export shows it.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use sha2::{Digest, Sha256};

/// The catalog of the app's own messages (`locales/<lang>/*.ftl`).
pub const APP: &str = "app";

/// The file name of a language's review log, beside its Fluent files.
pub const LOG_FILE: &str = "review.toml";

/// One piece of a pattern as a translator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words to translate (may hold line breaks).
    Text(String),
    /// Fluent code kept as written: a placeable (`{ $count }`, `{ -term }`),
    /// or the parts of a select expression (`{ $count ->`, `[one]`,
    /// `*[other]`, `}`).
    Code(String),
    /// A string or number literal placeable (`{"{"}`): code in the file, the
    /// text `value` to a reader (and to the fingerprint).
    Literal { code: String, value: String },
}

impl Piece {
    /// The Fluent source of this piece.
    pub fn source(&self) -> &str {
        match self {
            Piece::Text(t) => t,
            Piece::Code(c) | Piece::Literal { code: c, .. } => c,
        }
    }
}

/// The attributes that name a media file (a questionnaire's prompts).
pub const MEDIA_ATTRIBUTES: [&str; 2] = ["audio", "image"];

/// One reviewable string of a Fluent file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `id` or `id.attr`.
    pub id: String,
    pub pieces: Vec<Piece>,
}

/// The reviewable strings of a Fluent source, in file order (entries that do
/// not parse are left out; the tidy test reports them). A questionnaire's
/// media attributes (`.audio`, `.image`) name files, not text to review:
/// left out.
pub fn units(source: &str) -> Vec<Unit> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) | Err((r, _)) => r,
    };
    let mut out = Vec::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            if let Some(v) = &m.value {
                out.push(Unit {
                    id: m.id.name.to_owned(),
                    pieces: pieces(v),
                });
            }
            for a in &m.attributes {
                if MEDIA_ATTRIBUTES.contains(&a.id.name) {
                    continue;
                }
                out.push(Unit {
                    id: format!("{}.{}", m.id.name, a.id.name),
                    pieces: pieces(&a.value),
                });
            }
        }
    }
    out
}

/// A pattern as pieces. Concatenating their [`Piece::source`] gives the
/// pattern's Fluent source without indentation ([`flat`]), which
/// [`parse_flat`] reads back.
pub fn pieces<S: AsRef<str>>(pattern: &ast::Pattern<S>) -> Vec<Piece> {
    let mut out = Vec::new();
    push_pattern(pattern, &mut out);
    out
}

fn push_text(out: &mut Vec<Piece>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Piece::Text(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Piece::Text(s.to_owned()));
    }
}

fn push_pattern<S: AsRef<str>>(pattern: &ast::Pattern<S>, out: &mut Vec<Piece>) {
    for el in &pattern.elements {
        match el {
            ast::PatternElement::TextElement { value } => push_text(out, value.as_ref()),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => {
                    let code = format!("{{ {} }}", inline_source(inline));
                    match inline {
                        ast::InlineExpression::StringLiteral { value } => {
                            out.push(Piece::Literal {
                                code,
                                value: fluent_syntax::unicode::unescape_unicode_to_string(
                                    value.as_ref(),
                                )
                                .into_owned(),
                            })
                        }
                        ast::InlineExpression::NumberLiteral { value } => {
                            out.push(Piece::Literal {
                                code,
                                value: value.as_ref().to_owned(),
                            })
                        }
                        _ => out.push(Piece::Code(code)),
                    }
                }
                ast::Expression::Select { selector, variants } => {
                    push_select(selector, variants, out);
                }
            },
        }
    }
}

fn push_select<S: AsRef<str>>(
    selector: &ast::InlineExpression<S>,
    variants: &[ast::Variant<S>],
    out: &mut Vec<Piece>,
) {
    out.push(Piece::Code(format!("{{ {} ->", inline_source(selector))));
    for v in variants {
        push_text(out, "\n");
        let key = match &v.key {
            ast::VariantKey::Identifier { name } => name.as_ref().to_owned(),
            ast::VariantKey::NumberLiteral { value } => value.as_ref().to_owned(),
        };
        let star = if v.default { "*" } else { "" };
        out.push(Piece::Code(format!("{star}[{key}]")));
        push_text(out, " ");
        push_pattern(&v.value, out);
    }
    push_text(out, "\n");
    out.push(Piece::Code("}".to_owned()));
}

/// The Fluent source of an inline expression (`$count`, `-brand`,
/// `NUMBER($n, minimumFractionDigits: 2)`, `"{"`).
fn inline_source<S: AsRef<str>>(e: &ast::InlineExpression<S>) -> String {
    fn args<S: AsRef<str>>(a: &ast::CallArguments<S>) -> String {
        let mut parts: Vec<String> = a.positional.iter().map(inline_source).collect();
        parts.extend(
            a.named
                .iter()
                .map(|n| format!("{}: {}", n.name.name.as_ref(), inline_source(&n.value))),
        );
        format!("({})", parts.join(", "))
    }
    match e {
        ast::InlineExpression::StringLiteral { value } => format!("\"{}\"", value.as_ref()),
        ast::InlineExpression::NumberLiteral { value } => value.as_ref().to_owned(),
        ast::InlineExpression::FunctionReference { id, arguments } => {
            format!("{}{}", id.name.as_ref(), args(arguments))
        }
        ast::InlineExpression::MessageReference { id, attribute } => {
            reference_name("", id, attribute.as_ref())
        }
        ast::InlineExpression::TermReference {
            id,
            attribute,
            arguments,
        } => {
            let mut s = reference_name("-", id, attribute.as_ref());
            if let Some(a) = arguments {
                s.push_str(&args(a));
            }
            s
        }
        ast::InlineExpression::VariableReference { id } => format!("${}", id.name.as_ref()),
        ast::InlineExpression::Placeable { expression } => match expression.as_ref() {
            ast::Expression::Inline(i) => format!("{{ {} }}", inline_source(i)),
            ast::Expression::Select { selector, variants } => {
                let mut p = Vec::new();
                push_select(selector, variants, &mut p);
                flat(&p)
            }
        },
    }
}

/// `-term.attr` or `message.attr` (`sigil` is `-` for a term).
fn reference_name<S: AsRef<str>>(
    sigil: &str,
    id: &ast::Identifier<S>,
    attribute: Option<&ast::Identifier<S>>,
) -> String {
    match attribute {
        Some(a) => format!("{sigil}{}.{}", id.name.as_ref(), a.name.as_ref()),
        None => format!("{sigil}{}", id.name.as_ref()),
    }
}

/// The pattern's Fluent source without indentation.
pub fn flat(pieces: &[Piece]) -> String {
    pieces.iter().map(Piece::source).collect()
}

/// What a reader reads, for the fingerprint: literals as their value, code as
/// written, text as is.
fn reading(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.as_str(),
            Piece::Code(c) => c.as_str(),
            Piece::Literal { value, .. } => value.as_str(),
        })
        .collect()
}

/// A short, stable fingerprint of a string (first 16 hex digits of the
/// SHA-256 of what a reader reads), recorded at review time.
pub fn fingerprint(pieces: &[Piece]) -> String {
    let digest = Sha256::digest(reading(pieces).as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Reads a flat pattern (as [`flat`] writes it, or as a translator edited
/// it) back into a pattern: the Fluent source of message `id` (value only),
/// or the parser's complaint.
pub fn parse_flat(flat: &str) -> Result<ast::Pattern<String>, String> {
    let mut src = String::from("x =\n");
    for line in flat.split('\n') {
        src.push_str("    ");
        src.push_str(line);
        src.push('\n');
    }
    match fluent_syntax::parser::parse(src) {
        Ok(r) => r
            .body
            .into_iter()
            .find_map(|e| match e {
                ast::Entry::Message(m) => m.value,
                _ => None,
            })
            .ok_or_else(|| "empty text".to_owned()),
        Err((_, errors)) => Err(errors
            .first()
            .map(|e| e.kind.to_string())
            .unwrap_or_default()),
    }
}

/// Every name a pattern refers to: `$variable`, `-term`, `message`,
/// `FUNCTION()`. A translation must refer to exactly the English's.
pub fn references<S: AsRef<str>>(pattern: &ast::Pattern<S>) -> BTreeSet<String> {
    fn inline<S: AsRef<str>>(e: &ast::InlineExpression<S>, out: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(format!("${}", id.name.as_ref()));
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                out.insert(reference_name("-", id, attribute.as_ref()));
                if let Some(a) = arguments {
                    call(a, out);
                }
            }
            ast::InlineExpression::MessageReference { id, attribute } => {
                out.insert(reference_name("", id, attribute.as_ref()));
            }
            ast::InlineExpression::FunctionReference { id, arguments } => {
                out.insert(format!("{}()", id.name.as_ref()));
                call(arguments, out);
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
        }
    }
    fn call<S: AsRef<str>>(a: &ast::CallArguments<S>, out: &mut BTreeSet<String>) {
        for p in &a.positional {
            inline(p, out);
        }
        for n in &a.named {
            inline(&n.value, out);
        }
    }
    fn expr<S: AsRef<str>>(e: &ast::Expression<S>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    walk(&v.value, out);
                }
            }
        }
    }
    fn walk<S: AsRef<str>>(p: &ast::Pattern<S>, out: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expr(expression, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(pattern, &mut out);
    out
}

/// A reviewer's record of one string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Who reviewed it, by role (never a private person's contact details).
    pub by: String,
    /// ISO date of the review.
    pub date: String,
    /// [`fingerprint`] of the English at review time.
    pub en: String,
    /// [`fingerprint`] of the translation as reviewed.
    pub text: String,
    /// What the reviewer wrote for the developers, if anything.
    pub note: Option<String>,
}

/// Where a translated string stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A person reviewed exactly this translation of exactly this English.
    Reviewed,
    /// Reviewed once, but the English changed since: to be reviewed again.
    SourceChanged,
    /// Reviewed once, but the translation was edited since.
    Edited,
    /// Never reviewed.
    MachineDrafted,
}

/// One language's review log: catalog → unit id → record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewLog {
    pub records: BTreeMap<String, BTreeMap<String, Record>>,
}

/// The header of every review log file.
const HEADER: &str = "\
# Strings of this language that a person has reviewed. Written by `cargo xtask l10n import`
# (README.md, \"Reviewing a translation\"); edit by hand only to remove a record.
# [catalog] is `app` (every locales/<lang>/*.ftl) or a questionnaire id; each key is a message
# id or id.attribute. `en` and `text` fingerprint the English and the translation as reviewed:
# when either changes, the string counts as a machine draft again (crates/i18n/src/review.rs).
";

impl ReviewLog {
    /// Reads a log; a malformed record is an error naming it.
    pub fn parse(src: &str) -> Result<ReviewLog, String> {
        let table: toml::Table = src.parse().map_err(|e: toml::de::Error| e.to_string())?;
        let mut records = BTreeMap::new();
        for (catalog, units) in table {
            let units = units
                .as_table()
                .ok_or_else(|| format!("[{catalog}] is not a table"))?;
            let mut out = BTreeMap::new();
            for (id, r) in units {
                let get = |k: &str| {
                    r.get(k)
                        .and_then(toml::Value::as_str)
                        .map(str::to_owned)
                        .ok_or_else(|| format!("{catalog}.{id}: no `{k}`"))
                };
                out.insert(
                    id.clone(),
                    Record {
                        by: get("by")?,
                        date: get("date")?,
                        en: get("en")?,
                        text: get("text")?,
                        note: r
                            .get("note")
                            .and_then(toml::Value::as_str)
                            .map(str::to_owned),
                    },
                );
            }
            records.insert(catalog, out);
        }
        Ok(ReviewLog { records })
    }

    /// The log as a file: the header, then one line per record, sorted.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(HEADER);
        for (catalog, units) in &self.records {
            if units.is_empty() {
                continue;
            }
            out.push('\n');
            out.push_str(&format!("[{}]\n", toml_key(catalog)));
            for (id, r) in units {
                let note = r
                    .note
                    .as_ref()
                    .map(|n| format!(", note = {}", toml_string(n)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{} = {{ by = {}, date = {}, en = {}, text = {}{note} }}\n",
                    toml_key(id),
                    toml_string(&r.by),
                    toml_string(&r.date),
                    toml_string(&r.en),
                    toml_string(&r.text)
                ));
            }
        }
        out
    }

    /// The record of one string, if any.
    pub fn record(&self, catalog: &str, id: &str) -> Option<&Record> {
        self.records.get(catalog).and_then(|u| u.get(id))
    }

    /// Records (or replaces) a review.
    pub fn set(&mut self, catalog: &str, id: &str, record: Record) {
        self.records
            .entry(catalog.to_owned())
            .or_default()
            .insert(id.to_owned(), record);
    }

    /// Where a string stands, given the fingerprints of its English and of
    /// its translation today.
    pub fn status(&self, catalog: &str, id: &str, en: &str, text: &str) -> Status {
        match self.record(catalog, id) {
            None => Status::MachineDrafted,
            Some(r) if r.en != en => Status::SourceChanged,
            Some(r) if r.text != text => Status::Edited,
            Some(_) => Status::Reviewed,
        }
    }
}

/// A TOML basic string on one line (line breaks escaped), so each record
/// stays one line.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_owned()
    } else {
        toml_string(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    const SRC: &str = "\
## status: machine-drafted
# A comment
plain = Hello { $name }, welcome.
    .title = Hi
multi =
    First line
    second line
pending =
    { $count ->
        [0] Nothing waits.
        [one] One record waits.
       *[other] { $count } records wait.
    }
lit = Use {\"{\"}name{\"}\"} with { -brand } and { NUMBER($n, minimumFractionDigits: 2) }
";

    #[test]
    fn a_prompt_file_name_is_not_a_string_to_review() {
        let ids: Vec<String> = units("q = Are you free?\n    .hint = Ask gently\n    .audio = q-my.ogg\n    .image = q.png\n")
            .into_iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(ids, ["q", "q.hint"]);
    }

    #[test]
    fn a_pattern_becomes_text_and_code() {
        let got: Vec<(String, Vec<Piece>)> =
            units(SRC).into_iter().map(|u| (u.id, u.pieces)).collect();
        expect![[r#"
            [
                (
                    "plain",
                    [
                        Text(
                            "Hello ",
                        ),
                        Code(
                            "{ $name }",
                        ),
                        Text(
                            ", welcome.",
                        ),
                    ],
                ),
                (
                    "plain.title",
                    [
                        Text(
                            "Hi",
                        ),
                    ],
                ),
                (
                    "multi",
                    [
                        Text(
                            "First line\nsecond line",
                        ),
                    ],
                ),
                (
                    "pending",
                    [
                        Code(
                            "{ $count ->",
                        ),
                        Text(
                            "\n",
                        ),
                        Code(
                            "[0]",
                        ),
                        Text(
                            " Nothing waits.\n",
                        ),
                        Code(
                            "[one]",
                        ),
                        Text(
                            " One record waits.\n",
                        ),
                        Code(
                            "*[other]",
                        ),
                        Text(
                            " ",
                        ),
                        Code(
                            "{ $count }",
                        ),
                        Text(
                            " records wait.\n",
                        ),
                        Code(
                            "}",
                        ),
                    ],
                ),
                (
                    "lit",
                    [
                        Text(
                            "Use ",
                        ),
                        Literal {
                            code: "{ \"{\" }",
                            value: "{",
                        },
                        Text(
                            "name",
                        ),
                        Literal {
                            code: "{ \"}\" }",
                            value: "}",
                        },
                        Text(
                            " with ",
                        ),
                        Code(
                            "{ -brand }",
                        ),
                        Text(
                            " and ",
                        ),
                        Code(
                            "{ NUMBER($n, minimumFractionDigits: 2) }",
                        ),
                    ],
                ),
            ]
        "#]]
        .assert_debug_eq(&got);
    }

    #[test]
    fn the_flat_source_reads_back_to_the_same_pattern() {
        for u in units(SRC) {
            let flat = flat(&u.pieces);
            let back = parse_flat(&flat).unwrap_or_else(|e| panic!("{}: {e}", u.id));
            assert_eq!(pieces(&back), u.pieces, "{}", u.id);
        }
        assert!(parse_flat("Broken { $count").is_err());
    }

    #[test]
    fn references_include_selectors_terms_and_functions() {
        let refs: Vec<BTreeSet<String>> = units(SRC)
            .iter()
            .map(|u| references(&parse_flat(&flat(&u.pieces)).expect("parses")))
            .collect();
        expect![[r#"
            [
                {
                    "$name",
                },
                {},
                {},
                {
                    "$count",
                },
                {
                    "$n",
                    "-brand",
                    "NUMBER()",
                },
            ]
        "#]]
        .assert_debug_eq(&refs);
    }

    #[test]
    fn a_review_goes_stale_when_either_side_changes() {
        let en = fingerprint(&[Piece::Text("Save".into())]);
        let th = fingerprint(&[Piece::Text("บันทึก".into())]);
        let mut log = ReviewLog::default();
        assert_eq!(log.status(APP, "save", &en, &th), Status::MachineDrafted);
        log.set(
            APP,
            "save",
            Record {
                by: "native Thai reviewer".into(),
                date: "2026-12-06".into(),
                en: en.clone(),
                text: th.clone(),
                note: Some("ok, \"quoted\"\nsecond line".into()),
            },
        );
        assert_eq!(log.status(APP, "save", &en, &th), Status::Reviewed);
        let en2 = fingerprint(&[Piece::Text("Save now".into())]);
        assert_eq!(log.status(APP, "save", &en2, &th), Status::SourceChanged);
        let th2 = fingerprint(&[Piece::Text("บันทึกเลย".into())]);
        assert_eq!(log.status(APP, "save", &en, &th2), Status::Edited);
        // The file form reads back to the same log.
        let back = ReviewLog::parse(&log.to_toml()).expect("parses");
        assert_eq!(back, log);
        assert!(
            log.to_toml()
                .contains("[app]\nsave = { by = \"native Thai reviewer\"")
        );
        // A literal counts as the text it shows.
        assert_eq!(
            fingerprint(&[Piece::Literal {
                code: "{ \"{\" }".into(),
                value: "{".into()
            }]),
            fingerprint(&[Piece::Text("{".into())])
        );
    }

    #[test]
    fn a_malformed_log_names_the_record() {
        let err = ReviewLog::parse("[app]\nsave = { by = \"x\" }\n").expect_err("no date");
        assert!(err.contains("app.save"), "{err}");
    }
}
