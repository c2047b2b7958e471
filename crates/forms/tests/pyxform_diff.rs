//! Differential test against pyxform, the reference XLSForm implementation.
//!
//! For every XLSForm of the corpus (`corpus/xlsform/*.txt`, made into .xlsx)
//! and every example form shipped in pyxform 1.5.1's source distribution
//! (forms written elsewhere), pyxform's `xls2json` reading and our import
//! must agree on element names, types, enclosing groups, relevance and
//! translations, or the form must be listed in `pyxform_differences.txt` with
//! the reason. The corpus forms named `broken_*` are left out (they are refused
//! on purpose, often for reasons pyxform does not share), except those in
//! [`BOTH_REFUSE`], which pyxform must refuse too.
//!
//! Python: `$PYXFORM_PYTHON`, else `<workspace>/target/tools/venv/bin/python`.
//! Without either the test is skipped, unless `FIELDSCREEN_REQUIRE_TOOLS=1`.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use forms::model::NodeKind;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PYXFORM_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = workspace().join("target/tools/venv/bin/python");
    venv.exists().then_some(venv)
}

/// Corpus forms we refuse for the reason pyxform refuses them.
const BOTH_REFUSE: &[&str] = &["broken_choice_duplicates"];

const EXAMPLES: &str = "target/tools/pyxform-1.5.1/pyxform/tests/example_xls";

/// The example forms of pyxform 1.5.1's sdist, fetched with pip if missing.
fn examples(py: &Path) -> Vec<PathBuf> {
    let dir = workspace().join(EXAMPLES);
    if !dir.exists() {
        let tools = workspace().join("target/tools");
        let script = format!(
            "import subprocess, sys, tarfile, glob\n\
             subprocess.check_call([sys.executable, '-m', 'pip', 'download', '-q', '--no-binary', ':all:', '--no-deps', 'pyxform==1.5.1', '-d', {dl:?}])\n\
             tarfile.open(glob.glob({dl:?} + '/pyxform-1.5.1.tar.gz')[0]).extractall({tools:?})\n",
            dl = tools.join("dl").display().to_string(),
            tools = tools.display().to_string(),
        );
        let ok = Command::new(py)
            .arg("-c")
            .arg(script)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok || std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "could not fetch pyxform 1.5.1 examples"
        );
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "xls" || e == "xlsx"));
    out.sort();
    out
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Element {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    relevant: Option<String>,
    labels: BTreeMap<String, String>,
    /// The audio prompt's file name per language (ODK's `media::audio`).
    #[serde(default)]
    audio: BTreeMap<String, String>,
    /// Names of the enclosing groups and repeats, `/`-separated.
    group: String,
}

fn norm_expr(s: &str) -> String {
    // pyxform writes a relative path where the sheet said ${name}.
    let re = regex::Regex::new(r"\.\./([A-Za-z_][A-Za-z0-9_.-]*)").unwrap();
    re.replace_all(s, "$${$1}")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A language's name as the XLSForm spelled it (pyxform's key).
fn lang_name(q: &forms::Questionnaire, code: &str) -> String {
    q.definition
        .language_names
        .get(code)
        .cloned()
        .unwrap_or_else(|| {
            if code == "und" {
                "default".into()
            } else {
                code.into()
            }
        })
}

/// Each choice's audio prompt file per language, as `list/choice`.
fn our_choice_audio(q: &forms::Questionnaire) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (list, choices) in &q.choices {
        for c in choices {
            let audio: BTreeMap<String, String> = q
                .languages
                .iter()
                .filter_map(|l| {
                    let m = q.choice_audio(list, &c.name, &l.code)?;
                    Some((lang_name(q, &l.code), m.name.clone()))
                })
                .collect();
            if !audio.is_empty() {
                out.insert(format!("{list}/{}", c.name), audio);
            }
        }
    }
    out
}

fn ours(q: &forms::Questionnaire) -> Vec<Element> {
    let lang_name = |code: &str| lang_name(q, code);
    let mut out = Vec::new();
    let meta: Vec<&str> = q.metadata.iter().map(|(n, _)| n.as_str()).collect();
    // The groups and repeats open at each row.
    let mut open: Vec<String> = Vec::new();
    // Metadata rows come in document order with the rest in pyxform; ours keeps them apart.
    for row in &q.definition.survey {
        let kind = row.kind.split_whitespace().collect::<Vec<_>>().join("_");
        if matches!(kind.to_lowercase().as_str(), "end_group" | "end_repeat") {
            open.pop();
            continue;
        }
        let Some(name) = row.name.as_deref() else {
            continue;
        };
        let group = open.join("/");
        // pyxform moves `audit` into its generated meta group, which the dump leaves out.
        if row.kind.trim() == "audit" {
            continue;
        }
        if meta.contains(&name) {
            let kind = row.kind.trim().to_string();
            out.push(Element {
                name: name.into(),
                kind,
                relevant: None,
                labels: BTreeMap::new(),
                audio: BTreeMap::new(),
                group,
            });
            continue;
        }
        let Some(n) = q.node(name) else { continue };
        assert_eq!(n.group_path, group, "{name}");
        if !matches!(n.kind, NodeKind::Question(_)) {
            open.push(name.to_string());
        }
        let kind = match &n.kind {
            NodeKind::Group => "group".into(),
            NodeKind::Repeat { .. } => "repeat".into(),
            NodeKind::Question(t) => t.xlsform_name().into(),
        };
        let mut labels = BTreeMap::new();
        for l in &q.languages {
            if q.has_translation(&l.code, &forms::text::fluent_id(name))
                && let Some(t) = q.label(name, &l.code)
            {
                labels.insert(lang_name(&l.code), t.to_xlsform());
            }
        }
        let audio = q
            .languages
            .iter()
            .filter_map(|l| Some((lang_name(&l.code), q.audio(name, &l.code)?.name.clone())))
            .collect();
        out.push(Element {
            name: name.into(),
            kind,
            relevant: n.relevant.as_ref().map(|e| e.source.clone()),
            labels,
            audio,
            group,
        });
    }
    out
}

fn compare(pyx: &[Element], us: &[Element]) -> Vec<String> {
    let mut diffs = Vec::new();
    let names = |v: &[Element]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    if names(pyx) != names(us) {
        diffs.push(format!(
            "names differ:\n  pyxform {:?}\n  ours    {:?}",
            names(pyx),
            names(us)
        ));
        return diffs;
    }
    for (a, b) in pyx.iter().zip(us) {
        let akind = a.kind.split_whitespace().collect::<Vec<_>>().join("_");
        if akind != b.kind {
            diffs.push(format!("{}: type {} vs {}", a.name, a.kind, b.kind));
        }
        if a.group != b.group {
            diffs.push(format!(
                "{}: in group {:?} vs {:?}",
                a.name, a.group, b.group
            ));
        }
        if a.relevant.as_deref().map(norm_expr) != b.relevant.as_deref().map(norm_expr) {
            diffs.push(format!(
                "{}: relevant {:?} vs {:?}",
                a.name, a.relevant, b.relevant
            ));
        }
        let al: BTreeMap<_, _> = a
            .labels
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        let bl: BTreeMap<_, _> = b
            .labels
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        if al != bl {
            diffs.push(format!("{}: labels {al:?} vs {bl:?}", a.name));
        }
        if a.audio != b.audio {
            diffs.push(format!("{}: audio {:?} vs {:?}", a.name, a.audio, b.audio));
        }
    }
    diffs
}

#[test]
fn agrees_with_pyxform() {
    let Some(py) = python() else {
        assert!(
            std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "PYXFORM_PYTHON is unset and target/tools/venv does not exist"
        );
        eprintln!(
            "skipped: no pyxform (set PYXFORM_PYTHON or create target/tools/venv with pyxform)"
        );
        return;
    };
    let tmp = workspace().join("target/tools/corpus-xlsx");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut forms_list: Vec<PathBuf> = Vec::new();
    let mut corpus: Vec<_> = std::fs::read_dir(common::corpus().join("xlsform"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    corpus.sort();
    for p in corpus {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        if p.extension().is_none_or(|e| e != "txt")
            || (stem.starts_with("broken") && !BOTH_REFUSE.contains(&stem.as_str()))
        {
            continue;
        }
        let out = tmp.join(format!("{stem}.xlsx"));
        std::fs::write(
            &out,
            common::xlsx(&common::parse_spec(&std::fs::read_to_string(&p).unwrap())),
        )
        .unwrap();
        forms_list.push(out);
    }
    let examples = examples(&py);
    assert!(
        !examples.is_empty() || std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() != Ok("1")
    );
    forms_list.extend(examples);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pyxform_dump.py");
    let out = Command::new(&py)
        .arg(&script)
        .args(&forms_list)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pyxform failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dump: BTreeMap<String, serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();

    let listed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pyxform_differences.txt"),
    )
    .unwrap();
    let deliberate: BTreeMap<String, String> = listed
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            l.split_once(':')
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        })
        .collect();

    let mut failures = Vec::new();
    let mut agreed = 0;
    let mut report = String::new();
    for path in &forms_list {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let key = path.display().to_string();
        let Some(v) = dump.get(&key) else { continue };
        let bytes = std::fs::read(path).unwrap();
        // A corpus form's media files are kept beside its sheet spec, as
        // ODK keeps them beside a form.
        let media = if path.starts_with(&tmp) {
            common::media_beside(
                &common::corpus()
                    .join("xlsform")
                    .join(&file)
                    .with_extension("txt"),
            )
        } else {
            Vec::new()
        };
        let mine = forms::xlsform::import_with_media(&file, &bytes, media)
            .map(|i| forms::load_folder(&i.files).unwrap());
        let outcome = match (v.get("ok"), &mine) {
            (None, Err(_)) => "both refuse".to_string(),
            (None, Ok(_)) => "pyxform refuses, we import".to_string(),
            (Some(_), Err(e)) => format!(
                "we refuse: {}",
                e.0.first().map(ToString::to_string).unwrap_or_default()
            ),
            (Some(ok), Ok(q)) => {
                let pyx: Vec<Element> = serde_json::from_value(ok.clone()).unwrap();
                let mut d = compare(&pyx, &ours(q));
                let pyx_choice_audio: BTreeMap<String, BTreeMap<String, String>> = v
                    .get("choice_audio")
                    .map(|a| serde_json::from_value(a.clone()).unwrap())
                    .unwrap_or_default();
                if pyx_choice_audio != our_choice_audio(q) {
                    d.push(format!(
                        "choice audio {pyx_choice_audio:?} vs {:?}",
                        our_choice_audio(q)
                    ));
                }
                if d.is_empty() {
                    "agree".to_string()
                } else {
                    format!("differ: {}", d.join("; "))
                }
            }
        };
        report.push_str(&format!("{file}: {outcome}\n"));
        if outcome == "agree" || outcome == "both refuse" {
            agreed += 1;
            if deliberate.contains_key(&file) {
                failures.push(format!(
                    "{file}: {outcome}, but listed as a difference; remove it from the list"
                ));
            }
        } else if !deliberate.contains_key(&file) {
            failures.push(format!("{file}: {outcome}"));
        }
    }
    eprintln!("{report}");
    assert!(
        failures.is_empty(),
        "undocumented (or no longer true) differences with pyxform (list them in tests/pyxform_differences.txt with a reason, or fix):\n{}",
        failures.join("\n")
    );
    assert!(agreed > 0);
}

#[test]
fn compare_sees_names_types_groups_relevance_and_labels() {
    let el = |name: &str, kind: &str, group: &str, relevant: Option<&str>, label: &str| Element {
        name: name.into(),
        kind: kind.into(),
        relevant: relevant.map(str::to_string),
        labels: [("default".to_string(), label.to_string())].into(),
        audio: BTreeMap::new(),
        group: group.into(),
    };
    let pyx = [
        el("g", "group", "", None, "G"),
        el("q", "integer", "g", Some("../a > 1"), "Q"),
    ];
    let same = [
        el("g", "group", "", None, "G"),
        el("q", "integer", "g", Some("${a} > 1"), "Q"),
    ];
    assert_eq!(compare(&pyx, &same), Vec::<String>::new());
    let moved = [
        el("g", "group", "", None, "G"),
        el("q", "integer", "", Some("${a} > 1"), "Q"),
    ];
    assert_eq!(compare(&pyx, &moved), [r#"q: in group "g" vs """#]);
    let other = [
        el("g", "repeat", "", None, "G"),
        el("q", "text", "g", Some("${b} > 1"), "R"),
    ];
    assert_eq!(compare(&pyx, &other).len(), 4);
    let mut with_audio = same.clone();
    with_audio[1].audio.insert("default".into(), "q.ogg".into());
    assert_eq!(compare(&pyx, &with_audio).len(), 1);
    assert_eq!(compare(&pyx, &same[..1]).len(), 1, "names");
}
