//! The published JSON Schema (`schema/questionnaire.schema.json`) describes
//! `questionnaire.toml` exactly as the loader reads it: every native
//! questionnaire in the corpus (and in the repository's `questionnaires/`)
//! and every folder the XLSForm importer writes validates against it, the
//! schema and the parser agree on every corpus case, and broken definitions
//! fail with the field the schema names.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use forms::model::Definition;
use serde_json::Value;

fn schema() -> Value {
    serde_json::from_str(forms::model::JSON_SCHEMA).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).unwrap()
}

/// TOML source → the JSON value the schema sees (`None` if it is not TOML at all).
fn to_json(src: &str) -> Option<Value> {
    let table: toml::Table = toml::from_str(src).ok()?;
    Some(serde_json::to_value(table).unwrap())
}

/// Schema errors, one `instance-path: message` each.
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn parser_accepts(src: &str) -> bool {
    toml::from_str::<Definition>(src).is_ok()
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn the_schema_is_draft_2020_12() {
    let s = schema();
    assert_eq!(
        s["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "declares its draft"
    );
    assert!(
        jsonschema::draft202012::meta::is_valid(&s),
        "valid against the 2020-12 meta-schema"
    );
}

#[test]
fn every_native_questionnaire_validates() {
    let v = validator();
    let mut folders: Vec<PathBuf> = sorted_entries(&common::corpus().join("native"));
    folders.extend(sorted_entries(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../questionnaires"),
    ));
    let mut n = 0;
    for dir in folders.iter().filter(|p| p.is_dir()) {
        let path = dir.join(forms::model::DEFINITION);
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        let doc = to_json(&src).unwrap_or_else(|| panic!("{}: not TOML", path.display()));
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{}:\n{}", path.display(), errs.join("\n"));
        n += 1;
    }
    assert!(n >= 1, "no native questionnaire found");
}

#[test]
fn schema_and_parser_agree_on_every_corpus_case() {
    let v = validator();
    let (mut accepted, mut rejected) = (0, 0);
    for p in sorted_entries(&common::corpus().join("cases")) {
        if p.extension().is_none_or(|e| e != "case") {
            continue;
        }
        let files = common::fixture(&std::fs::read_to_string(&p).unwrap());
        let Some(src) = files
            .get(forms::model::DEFINITION)
            .and_then(|b| String::from_utf8(b.clone()).ok())
        else {
            continue;
        };
        // A TOML syntax error is not the schema's business.
        let Some(doc) = to_json(&src) else { continue };
        let errs = errors(&v, &doc);
        assert_eq!(
            errs.is_empty(),
            parser_accepts(&src),
            "{}: schema says {errs:?}",
            p.display()
        );
        if errs.is_empty() {
            accepted += 1;
        } else {
            rejected += 1;
        }
    }
    assert!(accepted >= 10 && rejected >= 1, "{accepted} {rejected}");
}

#[test]
fn every_imported_xlsform_validates() {
    let v = validator();
    let mut n = 0;
    for p in sorted_entries(&common::corpus().join("xlsform")) {
        if p.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let spec = common::parse_spec(&std::fs::read_to_string(&p).unwrap());
        let Ok(files) = forms::import_xlsform("form.xlsx", &common::xlsx(&spec)) else {
            continue;
        };
        let src = String::from_utf8(files[forms::model::DEFINITION].clone()).unwrap();
        let errs = errors(&v, &to_json(&src).unwrap());
        assert!(errs.is_empty(), "{}:\n{}", p.display(), errs.join("\n"));
        n += 1;
    }
    assert!(n >= 3, "{n} imports");
}

const HEAD: &str = "id = \"t\"\nversion = \"1\"\ndefault_language = \"en\"\n";

#[test]
fn broken_definitions_fail_the_schema() {
    let v = validator();
    let cases: &[(&str, String, &str)] = &[
        (
            "misspelt column",
            format!("{HEAD}[[survey]]\ntype = \"text\"\nname = \"q\"\nlable = \"typo\"\n"),
            "/survey/0",
        ),
        (
            "version as a number",
            "id = \"t\"\nversion = 1\ndefault_language = \"en\"\nsurvey = []\n".into(),
            "/version",
        ),
        ("no survey", HEAD.into(), ""),
        (
            "row without type",
            format!("{HEAD}[[survey]]\nname = \"q\"\n"),
            "/survey/0",
        ),
        (
            "required as a number",
            format!("{HEAD}[[survey]]\ntype = \"text\"\nname = \"q\"\nrequired = 1\n"),
            "/survey/0/required",
        ),
        (
            "read_only as text",
            format!("{HEAD}[[survey]]\ntype = \"text\"\nname = \"q\"\nread_only = \"yes\"\n"),
            "/survey/0/read_only",
        ),
        (
            "choice without name",
            format!("{HEAD}survey = []\n[choices]\nyn = [{{ label = \"Yes\" }}]\n"),
            "/choices/yn/0",
        ),
        (
            "unknown setting",
            format!("{HEAD}survey = []\n[settings]\nsubmission_url = \"https://example.org\"\n"),
            "/settings",
        ),
        (
            "unknown strength",
            format!(
                "{HEAD}survey = []\n[[scoring.indicators]]\nname = \"i\"\nexpression = \"true()\"\nstrength = \"very\"\n"
            ),
            "/scoring/indicators/0/strength",
        ),
        (
            "unknown route",
            format!(
                "{HEAD}survey = []\n[scoring]\nindicators = []\n[[scoring.outcomes]]\nname = \"o\"\nwhen = \"true()\"\nroute = \"kids\"\n"
            ),
            "/scoring/outcomes/0/route",
        ),
        (
            "scoring without indicators",
            format!("{HEAD}survey = []\n[scoring]\nchild = \"${{age}} < 18\"\n"),
            "/scoring",
        ),
        (
            "dimension without rule",
            format!(
                "{HEAD}survey = []\n[scoring]\nindicators = []\n[[scoring.dimensions]]\nname = \"d\"\n"
            ),
            "/scoring/dimensions/0",
        ),
    ];
    for (what, src, at) in cases {
        let doc = to_json(src).unwrap_or_else(|| panic!("{what}: not TOML"));
        let errs = errors(&v, &doc);
        assert!(!errs.is_empty(), "{what}: the schema accepts it");
        assert!(
            errs.iter().any(|e| e.starts_with(&format!("{at}: "))),
            "{what}: expected an error at {at:?}, got {errs:?}"
        );
        assert!(!parser_accepts(src), "{what}: the parser accepts it");
    }
}
