//! Drives the built `fieldscreen` binary.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The `forms` tests' helpers: XLSForm sheet specs of the corpus made into .xlsx.
#[path = "../../forms/tests/common/mod.rs"]
mod forms_common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fieldscreen"))
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../forms/tests/corpus")
}

fn run(args: &[&str]) -> Output {
    let start = Instant::now();
    let out = bin().args(args).output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("survey").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn check_valid_folder_exits_0() {
    let p = corpus().join("native/screening");
    let o = run(&["form", "check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn check_broken_xlsform_lists_cells() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("broken.xlsx");
    std::fs::write(
        &f,
        xlsx(&[
            &["type", "name", "label", "relevant"],
            &["integer", "age", "Age", ""],
            &["geopoint", "gps", "Where", ""],
            &["text", "q", "Q", "${age} >"],
        ]),
    )
    .unwrap();
    let o = run(&["form", "check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let fs = f.display().to_string();
    let text = stdout(&o).replace(&fs, "FILE");
    expect_test::expect![[r#"
        FILE:survey!A3: The type “geopoint” would store the respondent's location on the device; FieldScreen records a province, never coordinates.
        FILE:survey!D4: The expression ends too early (character 9).
    "#]]
    .assert_eq(&text);
}

/// `fieldscreen form import FILE --out DIR`.
fn import(file: &Path, out: &Path) -> Output {
    run(&[
        "form",
        "import",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// A corpus XLSForm (`crates/forms/tests/corpus/xlsform/STEM.txt`) written as `DIR/STEM.xlsx`.
fn corpus_xlsx(dir: &Path, stem: &str) -> PathBuf {
    let src = std::fs::read_to_string(corpus().join(format!("xlsform/{stem}.txt"))).unwrap();
    let f = dir.join(format!("{stem}.xlsx"));
    std::fs::write(&f, forms_common::xlsx(&forms_common::parse_spec(&src))).unwrap();
    f
}

#[test]
fn check_prints_import_warnings_with_their_cells_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for stem in [
        "unknown_columns",
        "single_colon_languages",
        "nameless_notes",
        "choice_duplicates_filtered",
        "single_sheet",
    ] {
        let f = corpus_xlsx(dir.path(), stem);
        let o = run(&["form", "check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{stem}: {}", stdout(&o));
        text.push_str(&stdout(&o).replace(&dir.path().display().to_string(), "DIR"));
    }
    expect_test::expect![[r#"
        DIR/unknown_columns.xlsx:settings!C1: warning: The setting “submission_url” is not used by FieldScreen (it is for servers or other apps); it is ignored.
        DIR/unknown_columns.xlsx:settings!D1: warning: The setting “public_key” is not used by FieldScreen (it is for servers or other apps); it is ignored.
        DIR/unknown_columns.xlsx:settings!E1: warning: The setting “style” is not used by FieldScreen (it is for servers or other apps); it is ignored.
        DIR/unknown_columns.xlsx:survey!D1: warning: The column “translator notes” is not used by FieldScreen; it is ignored.
        DIR/unknown_columns.xlsx:survey!E1: warning: The column “_reviewed” is not used by FieldScreen; it is ignored.
        DIR/unknown_columns.xlsx:survey!G4: warning: This cell is in a column without a header; the column is ignored.
        DIR/unknown_columns.xlsx:survey!H1: warning: The column “colour” is not used by FieldScreen; it is ignored.
        DIR/unknown_columns.xlsx:survey!3: warning: This row is marked disabled; it is left out.
        DIR/unknown_columns.xlsx:choices!E4: warning: This cell is in a column without a header; the column is ignored.
        DIR/unknown_columns.xlsx:choices!2: warning: This row of the choices sheet has no list_name and no name; it is ignored.
        DIR/single_colon_languages.xlsx:survey!F1: warning: The column “text:English” is not used by FieldScreen; it is ignored.
        DIR/nameless_notes.xlsx:survey!B2: warning: This note has no name; it is named “generated_note_name_2”.
        DIR/nameless_notes.xlsx:survey!B5: warning: This note has no name; it is named “generated_note_name_5”.
        DIR/nameless_notes.xlsx:survey!B8: warning: This note has no name; it is named “generated_note_name_8”.
        DIR/single_sheet.xlsx:Form 1: warning: The only sheet, “Form 1”, is read as the survey.
    "#]].assert_eq(&text);
    // `form import` says the same, and writes the folder.
    let out = dir.path().join("out");
    let o = import(&corpus_xlsx(dir.path(), "unknown_columns"), &out);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(":survey!D1: warning: The column “translator notes”"),
        "{}",
        stdout(&o)
    );
    assert!(out.join("questionnaire.toml").is_file());
}

#[test]
fn check_refuses_what_pyxform_refuses_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for stem in ["broken_choice_duplicates", "broken_loop"] {
        let f = corpus_xlsx(dir.path(), stem);
        let o = run(&["form", "check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{stem}: {}", stdout(&o));
        text.push_str(&stdout(&o).replace(&dir.path().display().to_string(), "DIR"));
    }
    expect_test::expect![[r#"
        DIR/broken_choice_duplicates.xlsx:choices!B6: The choice “mueang” appears twice in the list “district”. Choice names must be unique in a list; if this is intentional (the same name told apart by a choice_filter), add the setting allow_choice_duplicates = yes.
        DIR/broken_loop.xlsx:survey!A3: “begin loop over vehicle” is not supported: a loop repeats the same question names once per choice, and in FieldScreen every name must be unique. Write one group per choice instead, each with names of its own (for example car_total and boat_total), or use begin repeat.
    "#]].assert_eq(&text);
}

#[test]
fn show_lists_generated_note_names() {
    let dir = tempfile::tempdir().unwrap();
    let f = corpus_xlsx(dir.path(), "nameless_notes");
    let o = run(&["form", "show", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    for name in [
        "generated_note_name_2 [note]",
        "  generated_note_name_5 [note]",
        "generated_note_name_8 [note]",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
}

#[test]
fn import_then_check_and_show_json() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("small.xlsx");
    std::fs::write(
        &f,
        xlsx(&[
            &[
                "type",
                "name",
                "label::English (en)",
                "label::Thai (th)",
                "relevant",
                "required",
            ],
            &["begin_group", "g", "Group", "กลุ่ม", "", ""],
            &["integer", "age", "Age", "อายุ", "", "yes"],
            &["text", "why", "Why?", "ทำไม", "${age} < 18", ""],
            &["end_group", "", "", "", "", ""],
            &["note", "bye", "Thanks", "ขอบคุณ", "", ""],
        ]),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = import(&f, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(out.join("questionnaire.toml").is_file());
    assert!(out.join("translations/th.ftl").is_file());
    let o = run(&["form", "check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&[
        "form",
        "show",
        out.to_str().unwrap(),
        "--lang",
        "th",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut v2 = v.clone();
    v2["hash"] = serde_json::json!("HASH");
    expect_test::expect![[r#"
        {
          "hash": "HASH",
          "id": "small",
          "languages": [
            "en",
            "th"
          ],
          "questions": [
            {
              "group": "g",
              "label": "อายุ",
              "name": "age",
              "relevant": null,
              "required": true,
              "type": "integer"
            },
            {
              "group": "g",
              "label": "ทำไม",
              "name": "why",
              "relevant": "${age} < 18",
              "required": false,
              "type": "text"
            },
            {
              "group": "",
              "label": "ขอบคุณ",
              "name": "bye",
              "relevant": null,
              "required": false,
              "type": "note"
            }
          ],
          "version": "0"
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(&v2).unwrap());
    assert_eq!(v["hash"].as_str().unwrap().len(), 64);
    let o = run(&["form", "show", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("shown if: ${age} < 18"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("g [group]"), "{}", stdout(&o));
    // In Thai, the structure words and explanations come from locales/th/forms.ftl.
    let o = run(&["form", "show", out.to_str().unwrap(), "--lang", "th"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("g [กลุ่ม]"), "{text}");
    assert!(text.contains("แสดงเมื่อ: ${age} < 18"), "{text}");
    assert!(text.contains("อายุ"), "{text}");
}

#[test]
fn junk_inputs_get_diagnostics_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let good = xlsx(&[&["type", "name", "label"], &["text", "q", "Q"]]);
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.xlsx", good[..good.len() / 2].to_vec()),
        ("empty.xlsx", Vec::new()),
        ("zipheader.xlsx", b"PK\x03\x04garbage".to_vec()),
        (
            "cfb.xls",
            vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3],
        ),
        ("notes.ods", b"hello".to_vec()),
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let random: Vec<u8> = (0..200_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed & 0xff) as u8
        })
        .collect();
    cases.push(("random.bin", random.clone()));
    let big: Vec<u8> = random
        .iter()
        .cycle()
        .take(50 * 1024 * 1024)
        .copied()
        .collect();
    cases.push(("big.xlsx", big));
    let mut paths = Vec::new();
    for (name, bytes) in &cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    for p in &paths {
        let o = run(&["form", "check", p.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}: {}", p.display(), stdout(&o));
        let text = stdout(&o);
        assert!(text.starts_with(&p.display().to_string()), "{text}");
        assert!(!text.contains("(text not available)"), "{text}");
    }
    // A folder without a definition, and a path that does not exist.
    let o = run(&["form", "check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["form", "check", "/nonexistent/fieldscreen/form"]);
    assert_eq!(o.status.code(), Some(1));
}

/// ODK keeps a form's media beside it (`FORM-media/`): `form check` reads
/// them there and reports a missing or unplayable audio file at the cell
/// that names it; `form import` puts them in the folder's `media/`.
#[test]
fn audio_prompts_beside_an_xlsform_are_checked_at_their_cells_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let f = corpus_xlsx(dir.path(), "audio_prompts");
    let fs = f.display().to_string();
    let check = || {
        let o = run(&["form", "check", f.to_str().unwrap()]);
        (o.status.code(), stdout(&o).replace(&fs, "FILE"))
    };
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    expect_test::expect![[r#"
        FILE:survey!E3: The prompt file “documents-en.ogg” is not in the questionnaire's “audio_prompts-media” folder.
        FILE:survey!E2: The prompt file “intro-en.ogg” is not in the questionnaire's “audio_prompts-media” folder.
        FILE:choices!E2: The prompt file “yes-en.ogg” is not in the questionnaire's “audio_prompts-media” folder.
        FILE:survey!F3: The prompt file “documents-my.ogg” is not in the questionnaire's “audio_prompts-media” folder.
        FILE:choices!F2: The prompt file “yes-my.ogg” is not in the questionnaire's “audio_prompts-media” folder.
    "#]]
    .assert_eq(&text);

    let media = dir.path().join("audio_prompts-media");
    std::fs::create_dir(&media).unwrap();
    let shipped = corpus().join("xlsform/audio_prompts-media");
    for e in std::fs::read_dir(&shipped).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), media.join(e.file_name())).unwrap();
    }
    let (code, text) = check();
    assert_eq!(code, Some(0), "{text}");

    let out = dir.path().join("out");
    let o = import(&f, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        std::fs::read(out.join("media/documents-my.ogg")).unwrap(),
        std::fs::read(shipped.join("documents-my.ogg")).unwrap()
    );

    // A file that is not audio is refused at the choice's cell.
    std::fs::write(media.join("yes-my.ogg"), "a text file").unwrap();
    let (code, text) = check();
    assert_eq!(code, Some(1), "{text}");
    expect_test::expect![[r#"
        FILE:choices!F2: “media/yes-my.ogg” is not an audio file the app can play or show (it knows Ogg, MP3, WAV, M4A and WebM audio, PNG and JPEG images).
    "#]]
    .assert_eq(&text);
}
