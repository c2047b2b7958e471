//! The review loop on a copy of the repository's strings: export Thai,
//! edit the file with standard XML tools (Python's `xml.etree`; the
//! schema check with `xmllint` and the OASIS XSD from Debian's
//! `php-symfony-translation`), import, and look at the Fluent files.
//! Without those tools the tests that need them are skipped with a note,
//! unless `FIELDSCREEN_REQUIRE_TOOLS=1` (as `cargo xtask test` sets).

use super::*;
#[allow(unused_imports)]
use super::{export::*, ftl::*, import::*};
use std::process::Command;

/// Where Debian's `php-symfony-translation` installs the OASIS schemas
/// (`xliff-core-1.2-strict.xsd` and the `xml.xsd` it imports).
const SCHEMAS: &str = "/usr/share/php/Symfony/Component/Translation/Resources/schemas";

fn require_tools() -> bool {
    std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() == Ok("1")
}

fn have(program: &str, arg: &str) -> bool {
    let ok = Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || !require_tools(),
        "`{program}` is missing and FIELDSCREEN_REQUIRE_TOOLS=1 (cargo xtask setup test installs it)"
    );
    if !ok {
        eprintln!("note: `{program}` not found; skipping (cargo xtask setup test installs it)");
    }
    ok
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from)
        .expect("read dir")
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A copy of the strings this tool reads: `locales/`, the glossaries
/// and the shipped questionnaires (not the retired ones).
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = crate::root();
    copy_dir(&root.join("locales"), &dir.path().join("locales"));
    copy_dir(
        &root.join("questionnaires/glossary"),
        &dir.path().join("questionnaires/glossary"),
    );
    for q in ["victim-screening", "fishing-inspection"] {
        let to = dir.path().join("questionnaires").join(q);
        copy_dir(
            &root.join("questionnaires").join(q).join("translations"),
            &to.join("translations"),
        );
        std::fs::copy(
            root.join("questionnaires")
                .join(q)
                .join("questionnaire.toml"),
            to.join("questionnaire.toml"),
        )
        .expect("copy definition");
    }
    dir
}

fn text(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("read")
}

/// `src` without the given messages: what must stay byte for byte.
fn without(src: &str, ids: &[&str]) -> String {
    let mut out = src.to_owned();
    for id in ids {
        let span = message_span(&out, id).unwrap_or_else(|| panic!("{id} not in the file"));
        out.replace_range(span, "");
    }
    out
}

fn python_edit(script: &str, input: &Path, output: &Path) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(input)
        .arg(output)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The reviewer's edits, made with Python's standard XML library: three
/// Thai strings rewritten and approved (a multiline questionnaire
/// script, a message with a placeable, a select expression), with a
/// reviewer's note on one.
const REVIEW: &str = r#"
import sys, xml.etree.ElementTree as ET
NS = 'urn:oasis:names:tc:xliff:document:1.2'
ET.register_namespace('', NS)
q = lambda t: '{%s}%s' % (NS, t)
tree = ET.parse(sys.argv[1])
done = set()
for f in tree.getroot().iter(q('file')):
    for u in f.iter(q('trans-unit')):
        key = f.get('original') + '#' + u.get('id')
        t = u.find(q('target'))
        if key == 'questionnaires/victim-screening/translations/th.ftl#consent_script':
            t.text = t.text.replace('ฉันทำงานกับหน่วยงานที่ช่วยเหลือคน', 'ฉันทำงานกับหน่วยงานที่ให้ความช่วยเหลือคน')
        elif key == 'locales/th/app.ftl#app-version':
            t.text = 'รุ่น '
        elif key == 'locales/th/ui-sync.ftl#syncview-pending':
            for ph in t.iter(q('ph')):
                if ph.text == '[0]':
                    ph.tail = ' ยังไม่มีรายการที่รอส่ง\n'
        else:
            continue
        t.set('state', 'final')
        u.set('approved', 'yes')
        if key.endswith('#app-version'):
            n = ET.SubElement(u, q('note'))
            n.set('from', 'reviewer')
            n.text = 'รุ่น is what Thai phone menus say.'
        done.add(key)
assert len(done) == 3, done
tree.write(sys.argv[2], encoding='UTF-8', xml_declaration=True)
"#;

#[test]
fn a_reviewer_changes_three_strings_with_a_standard_xml_tool_and_only_those_change() {
    if !have("python3", "--version") {
        return;
    }
    let dir = sandbox();
    let root = dir.path();
    let exported = root.join("th.xlf");
    std::fs::write(&exported, export(root, "th").expect("export")).expect("write");
    let reviewed = root.join("th-reviewed.xlf");
    python_edit(REVIEW, &exported, &reviewed);

    let files = [
        (
            "questionnaires/victim-screening/translations/th.ftl",
            "consent_script",
        ),
        ("locales/th/app.ftl", "app-version"),
        ("locales/th/ui-sync.ftl", "syncview-pending"),
    ];
    let before: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
    let report = import(
        root,
        &std::fs::read_to_string(&reviewed).expect("read"),
        "native Thai speaker, labour NGO",
        "2026-12-06",
    )
    .unwrap_or_else(|Fail(e)| panic!("{e}"));
    assert!(report.contains("3 strings marked reviewed"), "{report}");

    // The three strings changed, exactly as the reviewer wrote them.
    let after: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
    assert!(after[0].contains("    ฉันทำงานกับหน่วยงานที่ให้ความช่วยเหลือคนที่อาจถูกปฏิบัติไม่ดีในการทำงาน\n"));
    assert!(
        after[1].contains("app-version = รุ่น { $version }\n"),
        "{}",
        after[1]
    );
    assert!(
        after[2]
            .contains("        [0] ยังไม่มีรายการที่รอส่ง\n       *[other] มี { $count } รายการที่รอส่ง\n"),
        "{}",
        after[2]
    );
    // Everything else in those files is byte for byte what it was:
    // comments, order, the other messages.
    for ((f, id), (b, a)) in files.iter().zip(before.iter().zip(&after)) {
        assert_ne!(b, a, "{f}");
        assert_eq!(without(b, &[id]), without(a, &[id]), "{f}");
    }
    // No other file changed.
    let pristine = sandbox();
    for src in sources(root, "th").expect("sources") {
        if files.iter().any(|(f, _)| *f == src.path) {
            continue;
        }
        assert_eq!(
            text(root, &src.path),
            text(pristine.path(), &src.path),
            "{}",
            src.path
        );
    }

    // They are marked reviewed, by role and date, with the note.
    let log = ReviewLog::parse(&text(root, "locales/th/review.toml")).expect("log");
    let r = log.record(review::APP, "app-version").expect("recorded");
    assert_eq!(r.by, "native Thai speaker, labour NGO");
    assert_eq!(r.date, "2026-12-06");
    assert_eq!(r.note.as_deref(), Some("รุ่น is what Thai phone menus say."));
    assert!(log.record("victim_screening", "consent_script").is_some());
    assert!(log.record(review::APP, "syncview-pending").is_some());
    assert_eq!(log.records.values().map(BTreeMap::len).sum::<usize>(), 3);
    // ... and the app reads them as reviewed, the rest as drafts.
    let l = i18n::Localizer::from_sources(
        ["en", "th"]
            .iter()
            .flat_map(|lang| {
                std::fs::read_dir(root.join("locales").join(lang))
                    .expect("dir")
                    .filter_map(Result::ok)
                    .map(move |e| {
                        (
                            *lang,
                            e.file_name().to_string_lossy().into_owned(),
                            e.path(),
                        )
                    })
            })
            .map(|(lang, name, path)| (lang, name, std::fs::read_to_string(path).expect("read")))
            .collect::<Vec<_>>()
            .iter()
            .map(|(l, n, s)| (*l, n.as_str(), s.clone()))
            .collect::<Vec<_>>(),
    );
    assert_eq!(l.status("th", "app-version"), Status::Reviewed);
    assert_eq!(l.status("th", "syncview-pending"), Status::Reviewed);
    assert_eq!(l.status("th", "app-tagline"), Status::MachineDrafted);

    // A fresh export says so, and importing it again changes nothing.
    let again = export(root, "th").expect("export");
    assert!(again.contains("Status: reviewed by native Thai speaker, labour NGO on 2026-12-06."));
    let snapshot: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
    import(root, &again, "someone else", "2026-12-07").unwrap_or_else(|Fail(e)| panic!("{e}"));
    let now: Vec<String> = files.iter().map(|(f, _)| text(root, f)).collect();
    assert_eq!(snapshot, now);
}

/// Every shipped string of every language survives the trip through
/// XLIFF: exporting and importing unchanged writes nothing at all
/// (multiline messages, select expressions, literals and attributes
/// included).
#[test]
fn every_string_round_trips_unchanged() {
    let dir = sandbox();
    let root = dir.path();
    let pristine = sandbox();
    for lang in LANGS {
        let xliff = export(root, lang).expect("export");
        let report = import(root, &xliff, "nobody", "2026-12-06")
            .unwrap_or_else(|Fail(e)| panic!("{lang}: {e}"));
        assert!(
            report.ends_with(&format!(
                "0 strings marked reviewed by nobody on 2026-12-06 (locales/{lang}/review.toml)"
            )),
            "{report}"
        );
        for src in sources(root, lang).expect("sources") {
            assert_eq!(
                text(root, &src.path),
                text(pristine.path(), &src.path),
                "{}",
                src.path
            );
        }
        assert!(!root.join(log_path(lang)).exists());
        // Every unit of the English is in the file, once.
        assert_eq!(
            xliff.matches("<trans-unit ").count(),
            sources(root, lang)
                .expect("sources")
                .iter()
                .map(|s| english_units(&text(root, &s.en_path)).len())
                .sum::<usize>()
        );
    }
}

/// CAT tools write placeholders back as `<x/>` (or empty `<ph/>`) and
/// wrap segments in `<mrk mtype="seg">`; the import reads them as the
/// source's codes.
#[test]
fn placeholders_written_back_as_x_and_segment_marks_are_understood() {
    let dir = sandbox();
    let root = dir.path();
    let exported = export(root, "th").expect("export");
    let edited = exported.replacen(
            "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\">เวอร์ชัน <ph id=\"1\" ctype=\"x-fluent-placeable\">{ $version }</ph></target>",
            "<target state=\"final\"><mrk mtype=\"seg\" mid=\"1\">รุ่น <x id=\"1\"/></mrk></target>",
            1,
        );
    assert_ne!(edited, exported);
    let report =
        import(root, &edited, "reviewer", "2026-12-06").unwrap_or_else(|Fail(e)| panic!("{e}"));
    assert!(report.contains("1 string marked reviewed"), "{report}");
    assert!(text(root, "locales/th/app.ftl").contains("app-version = รุ่น { $version }\n"));
}

#[test]
fn a_file_whose_placeholders_no_longer_match_is_refused_naming_the_string() {
    let dir = sandbox();
    let root = dir.path();
    let exported = export(root, "th").expect("export");
    let before = text(root, "locales/th/app.ftl");
    let refused = |xliff: &str| match import(root, xliff, "reviewer", "2026-12-06") {
        Ok(r) => panic!("imported: {r}"),
        Err(Fail(e)) => e,
    };
    // A placeable dropped from the target.
    let broken = exported.replacen(
            "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\">เวอร์ชัน <ph id=\"1\" ctype=\"x-fluent-placeable\">{ $version }</ph></target>",
            "<target state=\"final\">เวอร์ชัน</target>",
            1,
        );
    assert_ne!(broken, exported);
    let e = refused(&broken);
    assert!(e.contains("locales/th/app.ftl#app-version"), "{e}");
    assert!(e.contains("missing: { $version }"), "{e}");
    assert!(e.contains("nothing was written"), "{e}");
    // A placeable renamed inside its protected code.
    let e =
        refused(&exported.replacen("{ $version }</ph></target>", "{ $vesion }</ph></target>", 1));
    assert!(
        e.contains("locales/th/app.ftl#app-version") && e.contains("{ $vesion }"),
        "{e}"
    );
    // A select expression whose selector changed.
    let e = refused(&exported.replacen(
            "<target state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\"><ph id=\"1\" ctype=\"x-fluent-select\">{ $count -&gt;</ph>\n<ph id=\"2\" ctype=\"x-fluent-select\">[0]</ph> ไม่มีข้อมูลที่รอส่ง",
            "<target state=\"final\"><ph id=\"1\" ctype=\"x-fluent-select\">{ $total -&gt;</ph>\n<ph id=\"2\" ctype=\"x-fluent-select\">[0]</ph> ไม่มีข้อมูลที่รอส่ง",
            1,
        ));
    assert!(e.contains("locales/th/ui-sync.ftl#syncview-pending"), "{e}");
    // A select expression broken (its closing brace deleted).
    let e = refused(&exported.replacen(
        "รายการที่รอส่ง\n<ph id=\"6\" ctype=\"x-fluent-select\">}</ph></target>",
        "รายการที่รอส่ง\n</target>",
        1,
    ));
    assert!(
        e.contains("locales/th/ui-sync.ftl#syncview-pending") && e.contains("not valid Fluent"),
        "{e}"
    );
    // The English changed since the export.
    let e = refused(&exported.replacen("<source>Version ", "<source>Release ", 1));
    assert!(
        e.contains("locales/th/app.ftl#app-version") && e.contains("English changed"),
        "{e}"
    );
    // A file this language does not have (never a path from the file).
    let e = refused(&exported.replacen(
        "original=\"locales/th/app.ftl\"",
        "original=\"../../etc/passwd\"",
        1,
    ));
    assert!(
        e.contains("../../etc/passwd: not a translation file of `th`"),
        "{e}"
    );
    // Not XLIFF 1.2 at all.
    assert!(
        refused("<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"/>")
            .contains("not an XLIFF 1.2")
    );
    assert!(refused("<xliff").contains("not well-formed"));
    // Nothing was written by any of these.
    assert_eq!(text(root, "locales/th/app.ftl"), before);
    assert!(!root.join("locales/th/review.toml").exists());
}

#[test]
fn the_export_is_valid_xliff_1_2_by_the_oasis_schema() {
    if !have("xmllint", "--version") {
        return;
    }
    let schemas = Path::new(SCHEMAS);
    let installed = schemas.join("xliff-core-1.2-strict.xsd").exists();
    assert!(
        installed || !require_tools(),
        "{SCHEMAS} is missing and FIELDSCREEN_REQUIRE_TOOLS=1 (Debian package php-symfony-translation; cargo xtask setup test)"
    );
    if !installed {
        eprintln!("note: {SCHEMAS} not found; skipping (Debian package php-symfony-translation)");
        return;
    }
    let dir = sandbox();
    // The strict schema imports xml.xsd from the W3C's site: point it at
    // the package's copy (no network in tests).
    let xsd = std::fs::read_to_string(schemas.join("xliff-core-1.2-strict.xsd"))
        .expect("read xsd")
        .replace(
            "http://www.w3.org/2001/xml.xsd",
            &schemas.join("xml.xsd").display().to_string(),
        );
    let xsd_path = dir.path().join("xliff-core-1.2-strict.xsd");
    std::fs::write(&xsd_path, xsd).expect("write xsd");
    let validate = |xliff: &str| {
        let file = dir.path().join("check.xlf");
        std::fs::write(&file, xliff).expect("write");
        let out = Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&xsd_path)
            .arg(&file)
            .output()
            .expect("run xmllint");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for lang in LANGS {
        let (ok, err) = validate(&export(dir.path(), lang).expect("export"));
        assert!(ok, "{lang}: {err}");
    }
    // The validator can fail: an element XLIFF does not define.
    let (ok, err) = validate(&export(dir.path(), "th").expect("export").replacen(
        "<body>",
        "<body><fieldscreen/>",
        1,
    ));
    assert!(!ok && err.contains("fieldscreen"), "{err}");
}

#[test]
fn rewriting_a_message_keeps_everything_around_it() {
    let src = "## status: machine-drafted\n# A comment\n\n## Section\nfirst = One\n# About second\nsecond =\n    Line one\n    line two\n    .hint = A hint\n\nthird = { $n ->\n    [one] One\n   *[other] Many\n    }\n# trailing comment\n";
    let mut changes = BTreeMap::new();
    changes.insert(
        "second.hint".to_owned(),
        vec![Piece::Text("Another hint".to_owned())],
    );
    let out = rewrite(src, &changes).expect("rewrite");
    assert_eq!(
        out,
        src.replace("    .hint = A hint\n", "    .hint = Another hint\n")
    );
    // A multiline value and a select expression in place of a one-liner.
    let mut changes = BTreeMap::new();
    changes.insert(
        "first".to_owned(),
        review::pieces(
            &review::parse_flat("{ $n ->\n[one] Eine\n*[other] Viele\n}").expect("parses"),
        ),
    );
    changes.insert(
        "third".to_owned(),
        vec![Piece::Text("Many\nlines".to_owned())],
    );
    let out = rewrite(src, &changes).expect("rewrite");
    assert_eq!(
        out,
        "## status: machine-drafted\n# A comment\n\n## Section\nfirst =\n    { $n ->\n        [one] Eine\n       *[other] Viele\n    }\n# About second\nsecond =\n    Line one\n    line two\n    .hint = A hint\n\nthird =\n    Many\n    lines\n# trailing comment\n"
    );
    // A message the translation lacked is added at the end.
    let mut changes = BTreeMap::new();
    changes.insert("fourth".to_owned(), vec![Piece::Text("Four".to_owned())]);
    assert!(
        rewrite(src, &changes)
            .expect("rewrite")
            .ends_with("# trailing comment\nfourth = Four\n")
    );
}

#[test]
fn dates_are_iso() {
    assert!(is_iso_date(&today()), "{}", today());
    assert!(is_iso_date("2026-12-06"));
    assert!(!is_iso_date("6/12/2026"));
}
