//! Data-driven snapshot tests over `tests/corpus`:
//! - `cases/*.case`: native questionnaire folders as multi-file fixtures;
//! - `native/*/`: questionnaire folders on disk;
//! - `xlsform/*.txt`: XLSForms as sheet specs, turned into .xlsx and imported.
//!
//! Each input has a `.snap` beside it with the exact result: the import's
//! warnings, the model summary and the imported files, or every diagnostic. Run with
//! `UPDATE_EXPECT=1` to accept new output, then review the diff.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write;
use std::path::Path;

use expect_test::expect_file;
use forms::model::{NodeKind, Required};

fn summary(q: &forms::Questionnaire) -> String {
    let mut out = String::new();
    let langs: Vec<&str> = q.languages.iter().map(|l| l.code.as_str()).collect();
    writeln!(
        out,
        "OK id={} version={} default={} languages={langs:?}",
        q.id, q.version, q.default_language
    )
    .unwrap();
    writeln!(out, "metadata: {:?}", q.metadata).unwrap();
    if let Some(s) = q.self_administered_section() {
        writeln!(out, "self-administered section: {s}").unwrap();
    }
    for n in &q.nodes {
        let kind = match &n.kind {
            NodeKind::Group => "group".to_string(),
            NodeKind::Repeat { count } => {
                format!("repeat(count={:?})", count.as_ref().map(|c| &c.source))
            }
            NodeKind::Question(t) => format!("{t:?}"),
        };
        write!(
            out,
            "{}{} {kind}",
            "  ".repeat(n.group_path.matches('/').count() + usize::from(!n.group_path.is_empty())),
            n.name
        )
        .unwrap();
        if let Some(r) = &n.relevant {
            write!(out, " relevant=[{}]", r.expr).unwrap();
        }
        match &n.required {
            Required::No => {}
            Required::Yes => write!(out, " required").unwrap(),
            Required::When(e) => write!(out, " required=[{}]", e.expr).unwrap(),
        }
        for (what, e) in [
            ("constraint", &n.constraint),
            ("calculation", &n.calculation),
            ("choice_filter", &n.choice_filter),
        ] {
            if let Some(e) = e {
                write!(out, " {what}=[{}]", e.expr).unwrap();
            }
        }
        if let Some(d) = &n.default {
            write!(out, " default={d:?}").unwrap();
        }
        if n.read_only {
            write!(out, " read_only").unwrap();
        }
        if n.self_administered {
            write!(out, " self_administered").unwrap();
        }
        if let Some(a) = &n.appearance {
            write!(out, " appearance={a:?}").unwrap();
        }
        if !n.dont_know || !n.prefer_not_to_answer {
            write!(
                out,
                " dont_know={} prefer_not={}",
                n.dont_know, n.prefer_not_to_answer
            )
            .unwrap();
        }
        writeln!(out).unwrap();
        for l in &q.languages {
            if let Some(t) = q
                .label(&n.name, &l.code)
                .filter(|_| q.has_translation(&l.code, &forms::text::fluent_id(&n.name)))
            {
                writeln!(out, "    [{}] {}", l.code, t.to_xlsform()).unwrap();
            }
            if let Some(m) = q.audio(&n.name, &l.code) {
                writeln!(out, "    [{}] audio {}", l.code, media(m)).unwrap();
            }
        }
    }
    for (list, choices) in &q.choices {
        for c in choices {
            for l in &q.languages {
                if let Some(m) = q.choice_audio(list, &c.name, &l.code) {
                    writeln!(out, "{list}/{} [{}] audio {}", c.name, l.code, media(m)).unwrap();
                }
            }
        }
    }
    out
}

fn media(m: &forms::model::Media) -> String {
    format!(
        "{} {:?}{}",
        m.path,
        m.format,
        if m.synthesized { " synthesized" } else { "" }
    )
}

fn files_text(files: &std::collections::BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::new();
    for (p, b) in files {
        if p.starts_with("media/") {
            // Binary: its size says which file it is.
            writeln!(out, "//- {p} ({} bytes)", b.len()).unwrap();
        } else {
            writeln!(out, "//- {p}\n{}", String::from_utf8_lossy(b)).unwrap();
        }
    }
    out
}

fn run_dir(sub: &str, ext: &str, f: impl Fn(&Path) -> String) -> usize {
    let dir = common::corpus().join(sub);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut n = 0;
    for p in paths {
        if p.extension().is_some_and(|e| e == ext) || (ext.is_empty() && p.is_dir()) {
            let out = f(&p);
            let snap = p.with_extension("snap");
            expect_file![snap].assert_eq(&out);
            n += 1;
        }
    }
    n
}

#[test]
fn native_cases() {
    let n = run_dir("cases", "case", |p| {
        let files = common::fixture(&std::fs::read_to_string(p).unwrap());
        match forms::load_folder(&files) {
            Ok(q) => summary(&q),
            Err(e) => common::show_err(&e),
        }
    });
    assert!(n >= 20, "{n} cases");
}

#[test]
fn native_folders() {
    run_dir("native", "", |p| {
        let files = common::read_dir(p);
        match forms::load_folder(&files) {
            Ok(q) => summary(&q),
            Err(e) => common::show_err(&e),
        }
    });
}

#[test]
fn xlsform_imports() {
    let n = run_dir("xlsform", "txt", |p| {
        let spec = common::parse_spec(&std::fs::read_to_string(p).unwrap());
        let bytes = common::xlsx(&spec);
        let name = format!("{}.xlsx", p.file_stem().unwrap().to_string_lossy());
        match forms::xlsform::import_with_media(&name, &bytes, common::media_beside(p)) {
            Ok(forms::Import { files, warnings }) => {
                let q = forms::load_folder(&files).unwrap();
                let warnings = if warnings.is_empty() {
                    String::new()
                } else {
                    format!("warnings:\n{}\n", common::diags(&warnings))
                };
                format!("{warnings}{}\n{}", summary(&q), files_text(&files))
            }
            Err(e) => common::show_err(&e),
        }
    });
    assert!(n >= 10);
}

#[test]
fn import_then_load_is_stable() {
    // Writing the imported folder again gives byte-identical files and the same hash.
    let spec = common::parse_spec(
        &std::fs::read_to_string(common::corpus().join("xlsform/all_types.txt")).unwrap(),
    );
    let media = || common::media_beside(&common::corpus().join("xlsform/all_types.txt"));
    let import = || {
        forms::xlsform::import_with_media("all_types.xlsx", &common::xlsx(&spec), media())
            .unwrap()
            .files
    };
    let (a, b) = (import(), import());
    assert_eq!(a, b);
    assert_eq!(forms::folder_hash(&a), forms::load_folder(&a).unwrap().hash);
}

#[test]
fn hash_covers_every_file() {
    let files = common::read_dir(&common::corpus().join("native/screening"));
    let h = forms::folder_hash(&files);
    let mut changed = files.clone();
    changed.insert("translations/th.ftl".into(), b"age = x\n".to_vec());
    assert_ne!(h, forms::folder_hash(&changed));
    let mut hidden = files.clone();
    hidden.insert(".DS_Store".into(), b"junk".to_vec());
    assert_eq!(h, forms::folder_hash(&hidden));
}

#[test]
fn junk_never_panics() {
    let mut junk: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"PK\x03\x04".to_vec(),
        b"not a spreadsheet at all".to_vec(),
        vec![0xff; 4096],
        vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0],
    ];
    let spec = common::parse_spec(
        &std::fs::read_to_string(common::corpus().join("xlsform/all_types.txt")).unwrap(),
    );
    let good = common::xlsx(&spec);
    for cut in [10, 100, good.len() / 2, good.len() - 1] {
        junk.push(good[..cut].to_vec());
    }
    let mut flipped = good.clone();
    for i in (0..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5a;
    }
    junk.push(flipped);
    for j in junk {
        assert!(forms::import_xlsform("junk.xlsx", &j).is_err());
    }
    let mut f = std::collections::BTreeMap::new();
    f.insert("questionnaire.toml".to_string(), vec![0xff, 0xfe, 0x00]);
    assert!(forms::load_folder(&f).is_err());
}

/// The questionnaire hash covers its audio prompts: a prompt changed (or a
/// placeholder replaced by a recording) is a different questionnaire.
#[test]
fn the_hash_covers_audio_prompts_and_a_recording_replaces_a_placeholder() {
    let files = common::read_dir(&common::corpus().join("native/screening"));
    let q = forms::load_folder(&files).unwrap();
    let placeholder = q.audio("consent", "en").unwrap();
    assert!(placeholder.synthesized);
    assert_eq!(placeholder.path, "media/synthesized/consent_en.ogg");
    // No prompt in Thai: text only, never the English prompt instead.
    assert!(q.audio("consent", "th").is_none());

    let mut changed = files.clone();
    let mut bytes = files["media/synthesized/consent_en.ogg"].clone();
    bytes.push(0);
    changed.insert("media/synthesized/consent_en.ogg".into(), bytes);
    assert_ne!(forms::load_folder(&changed).unwrap().hash, q.hash);

    // A recording is one file added beside the placeholder, and wins.
    let mut recorded = files.clone();
    let recording =
        std::fs::read(common::corpus().join("xlsform/audio_prompts-media/documents-en.ogg"))
            .unwrap();
    recorded.insert("media/consent_en.ogg".into(), recording.clone());
    let r = forms::load_folder(&recorded).unwrap();
    let prompt = r.audio("consent", "en").unwrap();
    assert!(!prompt.synthesized);
    assert_eq!(prompt.path, "media/consent_en.ogg");
    assert_eq!(&*prompt.bytes, recording.as_slice());
    assert_ne!(r.hash, q.hash);
}
