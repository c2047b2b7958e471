use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use super::*;
use crate::cases::AnswerInput;

pub(crate) use crate::tests::store;

fn request(form_id: &str, format: ExportFormat) -> ExportRequest {
    ExportRequest {
        form_id: form_id.to_owned(),
        format,
        labels: None,
        split_multiple: false,
        filter: ExportFilter::default(),
        age_recipients: Vec::new(),
    }
}

fn go_on() -> impl FnMut(ExportProgress) -> bool {
    |_| true
}

/// Every file of a zip, read with the zip crate's reader.
pub(crate) fn unzip(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut s = String::new();
        f.read_to_string(&mut s).expect("utf-8");
        files.insert(f.name().expect("name").into_owned(), s);
    }
    files
}

/// A table read back with the `csv` crate: its header and rows.
fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("row").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The small form of ODK Central's own tests ("multirepeat",
/// "structuredform" and "selectMultiple" in `test/unit/data/briefcase.js`
/// of `getodk/central-backend` at commit
/// 4f5943d13dd775fcecd2e21f9b8957db885d1ca3), in our questionnaire format.
/// Our question names are unique in a form, so the repeated `name`/`age` of
/// Central's form are `child_name`, `child_age`, `toy_name` here; the
/// instance and its `meta-instanceID` column are Central's, not ours.
const CENTRAL_FORM: &str = r#"
id = "multirepeat"
version = "version"
default_language = "en"

[[survey]]
type = "text"
name = "name"

[[survey]]
type = "integer"
name = "age"

[[survey]]
type = "select_multiple xyz"
name = "q1"

[[survey]]
type = "begin_group"
name = "home"

[[survey]]
type = "begin_group"
name = "address"

[[survey]]
type = "text"
name = "city"

[[survey]]
type = "end_group"

[[survey]]
type = "end_group"

[[survey]]
type = "begin_group"
name = "children"

[[survey]]
type = "begin_repeat"
name = "child"

[[survey]]
type = "text"
name = "child_name"

[[survey]]
type = "integer"
name = "child_age"

[[survey]]
type = "begin_repeat"
name = "toy"

[[survey]]
type = "text"
name = "toy_name"

[[survey]]
type = "end_repeat"

[[survey]]
type = "end_repeat"

[[survey]]
type = "end_group"

[choices]
xyz = [{ name = "x" }, { name = "y" }, { name = "z" }]
"#;

fn central_form() -> forms::Questionnaire {
    let files = BTreeMap::from([(
        "questionnaire.toml".to_owned(),
        CENTRAL_FORM.as_bytes().to_vec(),
    )]);
    forms::load_folder(&files).unwrap_or_else(|d| panic!("form: {d:?}"))
}

fn answer(value: &str) -> crate::cases::AnswerView {
    crate::cases::AnswerView {
        value: Some(value.to_owned()),
        state: "value".to_owned(),
        lang: "en".to_owned(),
        at: "2018-01-01T00:00:00.000Z".to_owned(),
        device: "d1".to_owned(),
        interpreter: false,
        self_administered: false,
        conflict: None,
    }
}

fn item(form: &Arc<Questionnaire>, id: &str, answers: &[(&str, &str)]) -> Item {
    Item {
        view: InterviewView {
            id: id.to_owned(),
            form: crate::cases::FormRefView {
                id: form.id.clone(),
                version: form.version.clone(),
                hash: form.hash.clone(),
            },
            status: "complete".to_owned(),
            lang: "en".to_owned(),
            created: "2017-12-31T00:00:00.000Z".to_owned(),
            updated: "2018-01-01T00:00:00.000Z".to_owned(),
            answers: answers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), answer(v)))
                .collect(),
            scoring: None,
        },
        device: "d1".to_owned(),
        interviewer_lang: "th".to_owned(),
        respondent_lang: "my".to_owned(),
        form: form.clone(),
    }
}

/// Our CSV of Central's test instances, every table as text.
fn central_tables(split: bool) -> BTreeMap<String, String> {
    let form = Arc::new(central_form());
    let layout = Layout::new("multirepeat", &[&form], split);
    let mut items = [
        item(
            &form,
            "one",
            &[
                ("name", "Alice"),
                ("age", "30"),
                ("q1", "x z"),
                ("city", "Seattle, WA"),
            ],
        ),
        item(
            &form,
            "two",
            &[
                ("name", "Bob"),
                ("age", "34"),
                ("child_name[1]", "Billy"),
                ("child_age[1]", "4"),
                ("toy_name[1][1]", "R2-D2"),
                ("child_name[2]", "Blaine"),
                ("child_age[2]", "6"),
                ("toy_name[2][1]", "BB-8"),
                ("toy_name[2][2]", "Porg plushie"),
                ("child_name[3]", "Baker"),
                ("child_age[3]", "7"),
            ],
        ),
    ];
    // Bob answered two questions himself (hand-over mode).
    for k in ["name", "age"] {
        if let Some(a) = items[1].view.answers.get_mut(k) {
            a.self_administered = true;
        }
    }
    let mut out = BTreeMap::new();
    for t in 0..layout.tables.len() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(layout.tables[t].header()).expect("header");
        for it in &items {
            for at in tables::instances(&layout, t, it) {
                w.write_record(tables::row(&layout, t, it, &at, None))
                    .expect("row");
            }
        }
        let text = String::from_utf8(w.into_inner().expect("csv")).expect("utf-8");
        out.insert(format!("{}.csv", layout.table_name(t)), text);
    }
    out
}

/// Column names, table names and repeat keys, name for name, as Central's
/// tests expect for the same form (its `meta-instanceID` column aside: our
/// questionnaires have no `meta` group). Central's root columns are
/// followed by our provenance columns.
#[test]
fn columns_and_keys_match_odk_central() {
    let tables = central_tables(true);
    let text = tables
        .iter()
        .map(|(name, csv)| format!("== {name}\n{csv}"))
        .collect::<String>();
    expect_test::expect![[r#"
        == multirepeat-child.csv
        child_name,child_age,PARENT_KEY,KEY
        Billy,4,uuid:two,uuid:two/children/child[1]
        Blaine,6,uuid:two,uuid:two/children/child[2]
        Baker,7,uuid:two,uuid:two/children/child[3]
        == multirepeat-toy.csv
        toy_name,PARENT_KEY,KEY
        R2-D2,uuid:two/children/child[1],uuid:two/children/child[1]/toy[1]
        BB-8,uuid:two/children/child[2],uuid:two/children/child[2]/toy[1]
        Porg plushie,uuid:two/children/child[2],uuid:two/children/child[2]/toy[2]
        == multirepeat.csv
        SubmissionDate,name,age,q1,q1/x,q1/y,q1/z,home-address-city,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion,FirstContact,CompletedAt,InterviewStatus,InterviewerLanguage,RespondentLanguage,SelfAdministered
        2018-01-01T00:00:00.000Z,Alice,30,x z,1,0,1,"Seattle, WA",uuid:one,,,0,0,,,d1,0,version,2017-12-31T00:00:00.000Z,2018-01-01T00:00:00.000Z,complete,th,my,
        2018-01-01T00:00:00.000Z,Bob,34,,0,0,0,,uuid:two,,,0,0,,,d1,0,version,2017-12-31T00:00:00.000Z,2018-01-01T00:00:00.000Z,complete,th,my,age name
    "#]]
    .assert_eq(&text);
    // Without splitting, the select_multiple is one column.
    let plain = central_tables(false);
    assert!(
        plain["multirepeat.csv"].starts_with("SubmissionDate,name,age,q1,home-address-city,KEY,")
    );
}

/// The fixture's claims, checked against Central's expected text itself
/// (copied from its tests, the names of our renamed questions aside): the
/// child and toy tables' headers and keys are Central's with `uuid:two` for
/// Central's instance id `two`.
#[test]
fn the_fixture_is_centrals_expected_output() {
    let central_child = "name,age,PARENT_KEY,KEY\nBilly,4,two,two/children/child[1]\nBlaine,6,two,two/children/child[2]\nBaker,7,two,two/children/child[3]\n";
    let central_toy = "name,PARENT_KEY,KEY\nR2-D2,two/children/child[1],two/children/child[1]/toy[1]\nBB-8,two/children/child[2],two/children/child[2]/toy[1]\nPorg plushie,two/children/child[2],two/children/child[2]/toy[2]\n";
    let ours = central_tables(false);
    let as_central = |s: &str| {
        s.replace("uuid:two", "two")
            .replace("child_name", "name")
            .replace("child_age", "age")
            .replace("toy_name", "name")
    };
    assert_eq!(as_central(&ours["multirepeat-child.csv"]), central_child);
    assert_eq!(as_central(&ours["multirepeat-toy.csv"]), central_toy);
}

/// The answer a cell must hold for `a`.
fn cell_of(a: &crate::cases::AnswerView) -> String {
    match a.state.as_str() {
        "dont_know" => DONT_KNOW.to_owned(),
        "prefer_not" => PREFER_NOT.to_owned(),
        _ => a.value.clone().unwrap_or_default(),
    }
}

/// 200 interviews of both questionnaires exported to a CSV zip and to JSON,
/// read back with the zip and `csv` crates and with `serde_json`: every
/// answer equals what `interview show --json` prints (the same
/// `CaseStore::interview` view).
#[test]
fn two_hundred_interviews_round_trip_through_csv_and_json() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = store(dir.path());
    let mut ids = sample::fill(&mut s, "victim-screening", 100, 7, 3).expect("victims");
    ids.extend(sample::fill(&mut s, "fishing-inspection", 100, 8, 3).expect("vessels"));
    let shown: HashMap<String, InterviewView> = ids
        .iter()
        .map(|id| (id.clone(), s.interview(id).expect("show")))
        .collect();
    let states: BTreeSet<&str> = shown
        .values()
        .flat_map(|v| v.answers.values().map(|a| a.state.as_str()))
        .collect();
    assert_eq!(states, BTreeSet::from(["dont_know", "prefer_not", "value"]));
    let langs: BTreeSet<&str> = shown
        .values()
        .flat_map(|v| v.answers.values().map(|a| a.lang.as_str()))
        .collect();
    assert_eq!(langs.len(), 5, "{langs:?}");
    assert!(shown.values().any(|v| {
        v.answers
            .keys()
            .any(|k| k.starts_with("crew_member_code[3]"))
    }));

    for (form_id, count) in [("victim_screening", 100), ("fishing_inspection", 100)] {
        // JSON: one object per interview, equal to `interview show --json`.
        let json = dir.path().join(format!("{form_id}.json"));
        let summary = export(
            &mut s,
            &request(form_id, ExportFormat::Json),
            &json,
            &mut go_on(),
        )
        .expect("json");
        assert_eq!(summary.interviews, count);
        let read: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(&json).expect("read")).expect("parse");
        assert_eq!(read.len(), count as usize);
        for obj in &read {
            let id = obj["id"].as_str().expect("id");
            let expected = serde_json::to_value(&shown[id]).expect("value");
            assert_eq!(obj, &expected, "{id}");
        }

        // CSV zip and XLSX: every answer in its column of the row keyed like Central.
        let zip_path = dir.path().join(format!("{form_id}.zip"));
        export(
            &mut s,
            &request(form_id, ExportFormat::Csv),
            &zip_path,
            &mut go_on(),
        )
        .expect("csv");
        let csv_tables: BTreeMap<String, Table> = unzip(&zip_path)
            .iter()
            .map(|(name, text)| (name.trim_end_matches(".csv").to_owned(), read_csv(text)))
            .collect();
        let xlsx_path = dir.path().join(format!("{form_id}.xlsx"));
        export(
            &mut s,
            &request(form_id, ExportFormat::Xlsx),
            &xlsx_path,
            &mut go_on(),
        )
        .expect("xlsx");
        let xlsx_tables = read_xlsx(&xlsx_path);
        assert_eq!(
            csv_tables.keys().collect::<Vec<_>>(),
            xlsx_tables.keys().collect::<Vec<_>>()
        );
        for tables in [csv_tables, xlsx_tables] {
            assert_tables_hold(&tables, &shown, &mut s, form_id);
        }
    }
}

type Table = (Vec<String>, Vec<Vec<String>>);

/// Every sheet of a workbook, read back with `calamine`.
fn read_xlsx(path: &Path) -> BTreeMap<String, Table> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("xlsx");
    let mut out = BTreeMap::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let width = range.width();
        let mut rows = range.rows().map(|r| {
            let mut cells: Vec<String> = r
                .iter()
                .map(|c| match c {
                    calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect();
            cells.resize(width, String::new());
            cells
        });
        let header = rows.next().expect("header");
        out.insert(name.clone(), (header, rows.collect()));
    }
    out
}

/// Every answer of every interview of `form_id` sits in its column of the
/// row Central would key it with, and nothing else is in the question columns.
fn assert_tables_hold(
    tables: &BTreeMap<String, Table>,
    shown: &HashMap<String, InterviewView>,
    s: &mut CaseStore,
    form_id: &str,
) {
    // KEY → header → cell, over every table.
    let mut cells: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut filled = 0usize;
    for (name, (header, rows)) in tables {
        let key_at = header.iter().position(|h| h == "KEY").expect("KEY");
        let questions_end = if name.contains('-') {
            key_at - 1
        } else {
            key_at
        };
        for row in rows.clone() {
            filled += row[usize::from(!name.contains('-'))..questions_end]
                .iter()
                .filter(|c| !c.is_empty())
                .count();
            let map = header.iter().cloned().zip(row.iter().cloned()).collect();
            cells.insert(row[key_at].clone(), map);
        }
    }
    let mut answers = 0;
    for v in shown.values().filter(|v| v.form.id == form_id) {
        let form = s.form(&v.form.hash, "en").expect("form");
        let root = format!("uuid:{}", v.id);
        assert_eq!(cells[&root]["FormVersion"], v.form.version);
        assert_eq!(cells[&root]["InterviewStatus"], v.status);
        for (key, a) in &v.answers {
            let k: forms::AnswerKey = key.parse().expect("key");
            let node = form.node(&k.name).expect("node");
            // The row key: the groups down to the repeat, with positions.
            let mut row_key = root.clone();
            let mut header = String::new();
            let mut positions = k.indices.iter();
            for part in node.group_path.split('/').filter(|p| !p.is_empty()) {
                let repeat = matches!(
                    form.node(part).map(|n| &n.kind),
                    Some(forms::model::NodeKind::Repeat { .. })
                );
                if repeat {
                    row_key.push_str(&format!("/{part}[{}]", positions.next().expect("position")));
                    header.clear();
                } else {
                    row_key.push_str(&format!("/{part}"));
                    header.push_str(&format!("{part}-"));
                }
            }
            if k.indices.is_empty() {
                row_key = root.clone();
            }
            header.push_str(&k.name);
            let row = cells
                .get(&row_key)
                .unwrap_or_else(|| panic!("no row {row_key}"));
            assert_eq!(row.get(&header), Some(&cell_of(a)), "{row_key} {header}");
            answers += 1;
        }
    }
    // And nothing else was written in the question columns.
    assert_eq!(filled, answers, "{form_id}");
}

fn four_interviews(dir: &Path) -> CaseStore {
    let mut s = store(dir);
    sample::fill(&mut s, "victim-screening", 4, 1, 1).expect("fill");
    s
}

/// A damaged interview (a chunk overwritten on disk) is left out and
/// counted, and every other one is exported, in every format.
#[test]
fn a_damaged_interview_is_left_out_and_counted_and_the_others_exported() {
    let dir = tempfile::tempdir().expect("dir");
    drop(four_interviews(dir.path()));
    let vault_dir = dir.path().join("data").join("vault");
    let db = rusqlite::Connection::open(vault_dir.join(vault::DB_FILE)).expect("db");
    db.execute(
        "UPDATE chunks SET blob = zeroblob(length(blob)) WHERE cid = (SELECT min(cid) FROM chunks)",
        [],
    )
    .expect("damage one chunk");
    drop(db);
    let mut s = CaseStore::unlock(
        &vault_dir,
        &crate::cases::Passphrase::from(crate::tests::STRONG),
        vault::VaultOptions {
            kdf: vault::KdfParams::insecure_for_tests(),
            ..vault::VaultOptions::default()
        },
        "en",
    )
    .expect("unlock");
    for (format, ext) in [
        (ExportFormat::Csv, "zip"),
        (ExportFormat::Json, "json"),
        (ExportFormat::Xlsx, "xlsx"),
    ] {
        let out = dir.path().join(format!("export.{ext}"));
        let summary = export(
            &mut s,
            &request("victim_screening", format),
            &out,
            &mut go_on(),
        )
        .expect("export");
        assert_eq!((summary.interviews, summary.damaged), (3, 1), "{format:?}");
    }
}

#[test]
fn a_cancelled_export_leaves_no_file_and_keeps_an_older_one() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = four_interviews(dir.path());
    let out = dir.path().join("out").join("export.zip");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("dir");
    for format in [ExportFormat::Csv, ExportFormat::Json, ExportFormat::Xlsx] {
        let mut seen = Vec::new();
        let mut cancel_at_two = |p: ExportProgress| {
            seen.push(p);
            p.done < 2
        };
        let err = export(
            &mut s,
            &request("victim_screening", format),
            &out,
            &mut cancel_at_two,
        )
        .expect_err("cancelled");
        assert_eq!(err.code, ErrorCode::Cancelled);
        assert_eq!(seen.last(), Some(&ExportProgress { done: 2, total: 4 }));
        let left: Vec<_> = std::fs::read_dir(out.parent().expect("dir"))
            .expect("ls")
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
    // An earlier complete export under that name survives a cancelled one.
    export(
        &mut s,
        &request("victim_screening", ExportFormat::Json),
        &out,
        &mut go_on(),
    )
    .expect("json");
    let before = std::fs::read(&out).expect("read");
    let err = export(
        &mut s,
        &request("victim_screening", ExportFormat::Csv),
        &out,
        &mut |_| false,
    )
    .expect_err("cancelled");
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(std::fs::read(&out).expect("read"), before);
    assert_eq!(
        std::fs::read_dir(out.parent().expect("dir"))
            .expect("ls")
            .count(),
        1
    );
}

#[test]
fn filters_choose_the_interviews() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = four_interviews(dir.path());
    let out = dir.path().join("f.json");
    let count = |s: &mut CaseStore, filter: ExportFilter| {
        let req = ExportRequest {
            filter,
            ..request("victim_screening", ExportFormat::Json)
        };
        export(s, &req, &out, &mut go_on()).map(|x| x.interviews)
    };
    let rows = s.list().expect("list");
    let complete = rows.iter().filter(|r| r.status == "complete").count() as u32;
    assert_eq!(count(&mut s, ExportFilter::default()).expect("all"), 4);
    let only = |status: &str| ExportFilter {
        status: Some(status.to_owned()),
        ..ExportFilter::default()
    };
    assert_eq!(count(&mut s, only("complete")).expect("complete"), complete);
    assert_eq!(
        count(&mut s, only("in_progress")).expect("open"),
        4 - complete
    );
    let days = |from: &str, to: &str| ExportFilter {
        from: Some(from.to_owned()),
        to: Some(to.to_owned()),
        ..ExportFilter::default()
    };
    assert_eq!(
        count(&mut s, days("2026-11-30", "2026-11-30")).expect("day"),
        4
    );
    assert_eq!(
        count(&mut s, days("2026-12-01", "2026-12-31")).expect("later"),
        0
    );
    let device = s.device_id().to_owned();
    let on = |d: &str| ExportFilter {
        devices: vec![d.to_owned()],
        ..ExportFilter::default()
    };
    assert_eq!(count(&mut s, on(&device)).expect("this device"), 4);
    assert_eq!(count(&mut s, on("another-device")).expect("other"), 0);
    let bad = count(&mut s, days("next week", "")).expect_err("bad date");
    assert!(bad.message.contains("next week"), "{}", bad.message);
    let unknown = export(
        &mut s,
        &request("no_such_form", ExportFormat::Csv),
        &out,
        &mut go_on(),
    )
    .expect_err("unknown form");
    assert_eq!(unknown.code, ErrorCode::NotFound);
}

#[test]
fn labels_in_a_language_replace_the_choice_names() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = store(dir.path());
    let id = s
        .new_shipped_interview("victim-screening", "th", chrono::Utc::now())
        .expect("new");
    s.answer(
        &id,
        "privacy",
        AnswerInput::Value("yes".into()),
        "th",
        false,
        chrono::Utc::now(),
    )
    .expect("answer");
    let out = dir.path().join("labels.zip");
    let req = ExportRequest {
        labels: Some("th".into()),
        ..request("victim_screening", ExportFormat::Csv)
    };
    export(&mut s, &req, &out, &mut go_on()).expect("export");
    let (header, rows) = read_csv(&unzip(&out)["victim_screening.csv"]);
    let at = header
        .iter()
        .position(|h| h.ends_with("privacy"))
        .expect("privacy column");
    assert_eq!(rows[0][at], "ใช่");
    let wrong = ExportRequest {
        labels: Some("fr".into()),
        ..req
    };
    assert_eq!(
        export(&mut s, &wrong, &out, &mut go_on())
            .expect_err("fr")
            .code,
        ErrorCode::UnknownLanguage
    );
}

/// A full disk (a 200 KiB tmpfs; needs root to mount, skipped otherwise):
/// a clear refusal, and nothing left under the final name.
#[test]
fn a_full_disk_is_refused_clearly_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = store(dir.path());
    sample::fill(&mut s, "victim-screening", 60, 3, 3).expect("fill");
    let small = dir.path().join("small");
    if !small_disk(&small, "64k") {
        return;
    }
    let out = small.join("export.json");
    let result = export(
        &mut s,
        &request("victim_screening", ExportFormat::Json),
        &out,
        &mut go_on(),
    );
    let left = unmount(&small);
    let err = result.expect_err("disk full");
    assert_eq!(err.code, ErrorCode::DiskFull, "{}", err.message);
    assert!(err.message.contains("storage is full"), "{}", err.message);
    assert!(left.is_empty(), "{left:?}");
}

/// Mounts a tmpfs of `size` (e.g. `64k`) on a new folder `at`; `false`
/// (the test skips, saying why) where mounting is not allowed.
pub(crate) fn small_disk(at: &Path, size: &str) -> bool {
    std::fs::create_dir_all(at).expect("dir");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: mounting a tmpfs needs root");
    }
    mounted
}

/// The names of the files left on the tmpfs at `at`, then unmounts it.
pub(crate) fn unmount(at: &Path) -> Vec<std::ffi::OsString> {
    let left = std::fs::read_dir(at)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let _ = std::process::Command::new("umount").arg(at).status();
    left
}

/// Whether `program` runs; without it the test is skipped with a note,
/// unless `FIELDSCREEN_REQUIRE_TOOLS=1` (as `cargo xtask test` sets).
pub(crate) fn tool(program: &str, version_arg: &str, package: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("FIELDSCREEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "`{program}` is missing and FIELDSCREEN_REQUIRE_TOOLS=1 (cargo xtask setup test installs it)"
        );
        eprintln!("skipped: `{program}` is not installed (Debian package {package})");
    }
    found
}

/// A key pair made by the standard `age-keygen`: (identity file, public key).
fn age_key(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let path = dir.join(name);
    let out = std::process::Command::new("age-keygen")
        .arg("-o")
        .arg(&path)
        .output()
        .expect("age-keygen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).expect("key");
    let public = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("public key line")
        .to_owned();
    (path, public)
}

/// An export encrypted to a data officer's `age` key opens with the
/// standard `age` command and that key, holds exactly the plaintext
/// export's content, shows no answer in its bytes, and does not open with
/// another key.
#[test]
fn an_age_encrypted_export_opens_with_the_age_tool_and_only_with_the_key() {
    if !tool("age", "--version", "age") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let mut s = four_interviews(dir.path());
    let first = s.list().expect("list")[0].id.clone();
    s.answer(
        &first,
        "case_code",
        AnswerInput::Value("SECRET-CODE-17".into()),
        "en",
        false,
        chrono::Utc::now(),
    )
    .expect("answer");
    let (officer, public) = age_key(dir.path(), "officer.txt");
    let (stranger, _) = age_key(dir.path(), "stranger.txt");
    for format in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
        let plain = dir.path().join("plain.out");
        export(
            &mut s,
            &request("victim_screening", format),
            &plain,
            &mut go_on(),
        )
        .expect("plain");
        let sealed = dir.path().join("sealed.age");
        let req = ExportRequest {
            age_recipients: vec![public.clone()],
            ..request("victim_screening", format)
        };
        export(&mut s, &req, &sealed, &mut go_on()).expect("sealed");
        let bytes = std::fs::read(&sealed).expect("read");
        assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
        assert!(!bytes.windows(14).any(|w| w == b"SECRET-CODE-17"));

        let opened = dir.path().join("opened.out");
        let run = |identity: &Path| {
            let _ = std::fs::remove_file(&opened);
            std::process::Command::new("age")
                .arg("--decrypt")
                .arg("-i")
                .arg(identity)
                .arg("-o")
                .arg(&opened)
                .arg(&sealed)
                .output()
                .expect("age")
        };
        let wrong = run(&stranger);
        assert!(
            !wrong.status.success(),
            "{format:?} opened with another key"
        );
        let ok = run(&officer);
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
        match format {
            ExportFormat::Csv => assert_eq!(unzip(&opened), unzip(&plain)),
            ExportFormat::Xlsx => assert_eq!(read_xlsx(&opened), read_xlsx(&plain)),
            ExportFormat::Json => assert_eq!(
                std::fs::read(&opened).expect("opened"),
                std::fs::read(&plain).expect("plain")
            ),
        }
    }
    let bad = ExportRequest {
        age_recipients: vec!["age1notakey".into()],
        ..request("victim_screening", ExportFormat::Csv)
    };
    let err = export(&mut s, &bad, &dir.path().join("x.age"), &mut go_on()).expect_err("bad key");
    assert!(err.message.contains("age1notakey"), "{}", err.message);
}

/// The window's job: its state polled while it runs (without waiting for
/// the store), cancel from another thread, no file left; then a full export.
#[test]
fn the_window_follows_progress_and_cancels_from_another_thread() {
    use super::job::JobState;
    let dir = tempfile::tempdir().expect("dir");
    let app = App::open(dir.path().join("app")).expect("app");
    let events = app.subscribe();
    app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
        .expect("vault");
    app.with_store(|s| sample::fill(s, "victim-screening", 30, 5, 3))
        .expect("fill");
    let screen = app.export_screen().expect("screen");
    assert_eq!(screen.questionnaires.len(), 1);
    assert_eq!(screen.questionnaires[0].form_id, "victim_screening");
    assert_eq!(screen.questionnaires[0].records, 30);
    assert_ne!(screen.questionnaires[0].title, "victim_screening");
    assert_eq!(screen.job.state, JobState::Idle);
    let out = dir.path().join("out").join("export.zip");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("dir");
    let req = request("victim_screening", ExportFormat::Csv);
    std::thread::scope(|scope| {
        // Holding the store keeps the job waiting at its start, so the
        // cancel lands while it runs, whatever the threads' timing.
        let running = app
            .with_store(|_| {
                let running = scope.spawn(|| app.run_export_job(&req, &out));
                while app.export_job().state != JobState::Running {
                    std::thread::yield_now();
                }
                app.cancel_export();
                Ok(running)
            })
            .expect("store");
        let err = running.join().expect("thread").expect_err("cancelled");
        assert_eq!(err.code, ErrorCode::Cancelled);
    });
    let job = app.export_job();
    assert_eq!(
        (job.state, job.done, job.total),
        (JobState::Cancelled, 1, 30)
    );
    assert_eq!(
        std::fs::read_dir(out.parent().expect("dir"))
            .expect("ls")
            .count(),
        0
    );
    let summary = app.run_export_job(&req, &out).expect("export");
    assert_eq!(summary.interviews, 30);
    let job = app.export_job();
    assert_eq!((job.state, job.percent), (JobState::Done, 100));
    assert!(
        job.message
            .clone()
            .expect("message")
            .contains("not encrypted")
    );

    // The window was told each step without asking: the cancelled run
    // (started, one record, cancelled), then the whole run, one event per
    // whole percent that moved, the last one the job as it ended.
    let pushed: Vec<_> = events
        .try_iter()
        .filter_map(|e| match e {
            crate::AppEvent::Export(view) => Some(view),
            _ => None,
        })
        .collect();
    let states: Vec<_> = pushed.iter().map(|v| (v.state, v.done, v.total)).collect();
    assert_eq!(
        states[..3],
        [
            (JobState::Running, 0, 0),
            (JobState::Running, 1, 30),
            (JobState::Cancelled, 1, 30)
        ]
    );
    let second = &pushed[3..];
    assert_eq!(second.first().map(|v| v.state), Some(JobState::Running));
    assert_eq!(second.last(), Some(&job));
    let percents: Vec<u32> = second[1..second.len() - 1]
        .iter()
        .map(|v| v.percent)
        .collect();
    assert!(
        percents.windows(2).all(|w| w[0] < w[1]) && percents.len() == 30,
        "one event per percent moved, in order: {percents:?}"
    );
}

#[test]
fn the_save_dialog_suggests_a_name_without_people_in_it() {
    let dir = tempfile::tempdir().expect("dir");
    let app = App::open(dir.path()).expect("app");
    let plain = app.export_dialog_text(&request("victim_screening", ExportFormat::Xlsx));
    assert_eq!(plain.extension, "xlsx");
    assert!(
        plain.suggested_name.starts_with("victim_screening-2"),
        "{}",
        plain.suggested_name
    );
    assert!(plain.suggested_name.ends_with(".xlsx"));
    let sealed = app.export_dialog_text(&ExportRequest {
        age_recipients: vec!["age1x".into()],
        ..request("../etc/passwd", ExportFormat::Csv)
    });
    assert_eq!(sealed.extension, "age");
    assert!(
        sealed.suggested_name.starts_with("___etc_passwd-"),
        "{}",
        sealed.suggested_name
    );
    assert!(sealed.suggested_name.ends_with(".zip.age"));
    assert_ne!(sealed.filter, plain.filter);
}

/// The case index carries each record's questionnaire hash, so an export
/// learns the versions to lay out without decrypting every record first;
/// an index entry written before (no hash) still leads to the record.
#[test]
fn the_case_index_names_each_records_questionnaire() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = store(dir.path());
    let ids = sample::fill(&mut s, "victim-screening", 3, 11, 2).expect("fill");
    let req = request("victim_screening", ExportFormat::Csv);
    let chosen = selected(&mut s, &req).expect("selected");
    assert_eq!(chosen.len(), ids.len());
    for (id, hash) in &chosen {
        let record = s.vault.record(*id).expect("record");
        assert_eq!(hash, &record.form.hash);
    }
    let without: Vec<_> = chosen.iter().map(|(id, _)| (*id, String::new())).collect();
    let from_index = versions(&mut s, "victim_screening", &chosen).expect("versions");
    let from_records = versions(&mut s, "victim_screening", &without).expect("versions");
    let hashes = |v: &[Arc<Questionnaire>]| v.iter().map(|q| q.hash.clone()).collect::<Vec<_>>();
    assert_eq!(hashes(&from_index), hashes(&from_records));
}
