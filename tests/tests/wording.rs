//! Checks on every shipped string in every language (the Fluent files under
//! `locales/` and `questionnaires/*/translations/`), driven by the data in
//! `questionnaires/glossary/checks.toml`:
//!
//! - no word that calls a person a victim, in any language (the tool shows
//!   indicators and suggests; people decide);
//! - the spelling rules of each language (Lao ຳ as one character, Khmer
//!   subscript DA in the listed words, no Khmer បញ្ចាំង for "screening");
//! - no untranslated English word in a non-English message, except codes and
//!   the allowed names in the data.
//!
//! Each check is a function over text, and `fixtures/wording/` holds files
//! that each check must reject.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fieldscreen_tests::root;
use fluent_syntax::ast;

const LANGS: [&str; 5] = ["en", "th", "my", "km", "lo"];

struct Spelling {
    wrong: String,
    right: String,
}

struct Rules {
    person_labels: BTreeMap<String, Vec<String>>,
    spelling: BTreeMap<String, Vec<Spelling>>,
    allowed_latin: Vec<String>,
}

fn rules() -> Rules {
    let path = root().join("questionnaires/glossary/checks.toml");
    let src = std::fs::read_to_string(&path).expect("read checks.toml");
    let table: toml::Table = src.parse().expect("checks.toml parses");
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut person_labels = BTreeMap::new();
    let mut spelling = BTreeMap::new();
    for lang in LANGS {
        let section = table.get(lang).and_then(toml::Value::as_table);
        let labels = strings(section.and_then(|s| s.get("person_labels")));
        assert!(
            !labels.is_empty(),
            "{lang}: no person_labels in checks.toml"
        );
        person_labels.insert(lang.to_owned(), labels);
        let rules = section
            .and_then(|s| s.get("spelling"))
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|r| {
                        let get = |k: &str| {
                            r.get(k)
                                .and_then(toml::Value::as_str)
                                .unwrap_or_else(|| panic!("{lang}: spelling without {k}"))
                                .to_owned()
                        };
                        Spelling {
                            wrong: get("wrong"),
                            right: get("right"),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        spelling.insert(lang.to_owned(), rules);
    }
    Rules {
        person_labels,
        spelling,
        allowed_latin: strings(table.get("allowed_latin")),
    }
}

/// Every shipped Fluent file, with its language.
fn shipped_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for lang in LANGS {
        let dir = root().join("locales").join(lang);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("read locales")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|p| (lang.to_owned(), p)));
    }
    let qdir = root().join("questionnaires");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&qdir)
        .expect("read questionnaires")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("translations").is_dir())
        .collect();
    folders.sort();
    for f in folders {
        for lang in LANGS {
            out.push((
                lang.to_owned(),
                f.join("translations").join(format!("{lang}.ftl")),
            ));
        }
    }
    out
}

fn shown(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// The literal text of every message and attribute of a Fluent source, by
/// message id (placeables left out, select variants included).
fn message_texts(source: &str) -> Vec<(String, String)> {
    fn pattern(p: &ast::Pattern<&str>, out: &mut String) {
        for e in &p.elements {
            match e {
                ast::PatternElement::TextElement { value } => out.push_str(value),
                ast::PatternElement::Placeable { expression } => {
                    out.push(' ');
                    if let ast::Expression::Select { variants, .. } = expression {
                        for v in variants {
                            pattern(&v.value, out);
                            out.push(' ');
                        }
                    }
                }
            }
        }
    }
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) | Err((r, _)) => r,
    };
    let mut out = Vec::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut text = String::new();
            if let Some(v) = &m.value {
                pattern(v, &mut text);
            }
            for a in &m.attributes {
                text.push(' ');
                pattern(&a.value, &mut text);
            }
            out.push((m.id.name.to_owned(), text));
        }
    }
    out
}

/// Words in `text` (the whole file, comments included) that call a person a
/// victim. English matches whole words, any case; the other scripts have no
/// spaces between words, so a label matches anywhere.
fn person_label_problems(lang: &str, text: &str, rules: &Rules) -> Vec<String> {
    let labels = rules.person_labels.get(lang).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for label in &labels {
            let hit = if lang == "en" {
                line.to_lowercase()
                    .split(|c: char| !c.is_alphabetic())
                    .any(|w| w == label || w.strip_suffix('s') == Some(label.as_str()))
            } else {
                line.contains(label.as_str())
            };
            if hit {
                out.push(format!("line {}: “{label}” names a person a victim", n + 1));
            }
        }
    }
    out
}

fn spelling_problems(lang: &str, text: &str, rules: &Rules) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for s in rules.spelling.get(lang).into_iter().flatten() {
            if line.contains(&s.wrong) {
                out.push(format!(
                    "line {}: “{}” should be spelled “{}”",
                    n + 1,
                    s.wrong,
                    s.right
                ));
            }
        }
    }
    out
}

/// Latin-script words in a non-English message that are neither code nor
/// allowed: text in quotes is code, and so is a chunk with `_ . / : = @ $`, a
/// digit, a leading `-`, or in capitals only (an acronym or a placeholder).
fn latin_problems(text: &str, allowed: &[String]) -> Vec<String> {
    let mut unquoted = String::new();
    let mut depth = 0u32;
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for chunk in unquoted.split_whitespace() {
        let core = chunk.trim_matches(|c: char| {
            "()[],;!?\"'`«»".contains(c) || !c.is_ascii() && !c.is_alphabetic()
        });
        let code = core.starts_with('-')
            || core
                .chars()
                .any(|c| "_./:=@$".contains(c) || c.is_ascii_digit())
            || (core.len() > 1 && core.chars().all(|c| c.is_ascii_uppercase()));
        if code {
            continue;
        }
        for word in core
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
        {
            if !allowed.iter().any(|a| a == word) {
                out.push(format!("English word “{word}” left untranslated"));
            }
        }
    }
    out
}

fn check_file(lang: &str, path: &Path, rules: &Rules) -> Vec<String> {
    let source = std::fs::read_to_string(path).expect("read ftl");
    let mut problems: Vec<String> = person_label_problems(lang, &source, rules)
        .into_iter()
        .chain(spelling_problems(lang, &source, rules))
        .collect();
    if lang != "en" {
        for (id, text) in message_texts(&source) {
            for p in latin_problems(&text, &rules.allowed_latin) {
                problems.push(format!("{id}: {p}"));
            }
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{}: {p}", shown(path)))
        .collect()
}

#[test]
fn no_shipped_string_calls_a_person_a_victim_or_breaks_a_spelling_rule() {
    let rules = rules();
    let mut problems = Vec::new();
    let files = shipped_files();
    assert!(files.len() > 60, "{} files", files.len());
    for (lang, path) in &files {
        problems.extend(check_file(lang, path, &rules));
    }
    // The glossaries' terms follow the same spelling rules as the messages
    // (their notes may quote a wrong spelling to explain a choice).
    for lang in ["th", "my", "km", "lo"] {
        let path = root()
            .join("questionnaires/glossary")
            .join(format!("{lang}.toml"));
        let src = std::fs::read_to_string(&path).expect("read glossary");
        let table: toml::Table = src.parse().expect("glossary parses");
        let terms = table
            .get("term")
            .and_then(toml::Value::as_array)
            .cloned()
            .unwrap_or_default();
        for t in &terms {
            for key in ["term", "check"] {
                let values: Vec<&str> = match t.get(key) {
                    Some(toml::Value::String(v)) => vec![v.as_str()],
                    Some(toml::Value::Array(a)) => {
                        a.iter().filter_map(toml::Value::as_str).collect()
                    }
                    _ => continue,
                };
                for v in values {
                    for p in spelling_problems(lang, v, &rules) {
                        problems.push(format!("{} {key} “{v}”: {p}", shown(&path)));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/wording").join(name)
}

#[test]
fn each_check_rejects_its_fixture() {
    let rules = rules();
    let bad = |lang: &str, file: &str| check_file(lang, &fixture(file), &rules);
    // A Thai title that names the person a possible victim.
    let p = bad("th", "th-victim.ftl");
    assert!(p.iter().any(|p| p.contains("ผู้เสียหาย")), "{p:?}");
    // The same in English, Khmer, Lao and Burmese.
    assert!(!bad("en", "en-victim.ftl").is_empty());
    assert!(
        bad("km", "km-spelling.ftl")
            .iter()
            .any(|p| p.contains("ជនរងគ្រោះ"))
    );
    assert!(
        bad("lo", "lo-spelling.ftl")
            .iter()
            .any(|p| p.contains("ເຄາະຮ້າຍ"))
    );
    // "Vulnerability" (ភាពងាយរងគ្រោះ) labels no one.
    assert!(person_label_problems("km", "ការកេងប្រវ័ញ្ចលើភាពងាយរងគ្រោះ", &rules).is_empty());
    assert!(
        bad("my", "my-english.ftl")
            .iter()
            .any(|p| p.contains("ခံရသူ"))
    );
    // Lao "am" typed as two characters, with and without a tone mark.
    let p = bad("lo", "lo-spelling.ftl");
    assert!(p.iter().any(|p| p.contains("\u{0ECD}\u{0EB2}")), "{p:?}");
    assert!(
        p.iter().any(|p| p.contains("\u{0ECD}\u{0EC9}\u{0EB2}")),
        "{p:?}"
    );
    // Khmer ្ត where the standard spelling takes ្ដ, and បញ្ចាំង for screening.
    let p = bad("km", "km-spelling.ftl");
    assert!(p.iter().any(|p| p.contains("ផ្តល់")), "{p:?}");
    assert!(p.iter().any(|p| p.contains("បញ្ចាំង")), "{p:?}");
    // English words left in Burmese, Khmer and Lao messages.
    let p = bad("my", "my-english.ftl");
    for w in ["spreadsheet", "sheet", "relay"] {
        assert!(
            p.iter().any(|p| p.contains(&format!("“{w}”"))),
            "{w}: {p:?}"
        );
    }
    // ... while codes, quoted names and placeables pass.
    assert!(
        latin_problems(
            "“survey” ဖိုင် sqlite:PATH --dont-know MSDHS 1300 Wi-Fi",
            &rules.allowed_latin
        )
        .is_empty()
    );
    assert!(!latin_problems("ဖိုင် relay", &rules.allowed_latin).is_empty());
    // The good spellings pass.
    assert!(spelling_problems("lo", "ນ້ຳ ຕ່ຳ ຄຳ", &rules).is_empty());
    assert!(spelling_problems("km", "ផ្ដល់ ម្ដង អត្តសញ្ញាណ ប៉ុន្តែ", &rules).is_empty());
    assert!(person_label_problems("en", "Indicators of trafficking", &rules).is_empty());
}
