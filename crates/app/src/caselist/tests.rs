use super::*;
use crate::cases::AnswerInput;

pub(crate) fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("time").to_utc()
}

fn answer(s: &mut CaseStore, id: &str, q: &str, v: &str, now: DateTime<Utc>) {
    s.answer(id, q, AnswerInput::Value(v.into()), "en", false, now)
        .unwrap_or_else(|e| panic!("{q}={v}: {}", e.message));
}

/// A store with a draft screening, a screening whose result suggests
/// referrals, a completed screening without referrals, and a vessel
/// inspection with two crew interviews.
pub(crate) fn fixture() -> (tempfile::TempDir, App, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = App::open(dir.path()).expect("open");
    app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
        .expect("create");
    let vessel = app
        .with_store(|s| {
            let t = at("2026-11-20T05:00:00Z");
            s.new_shipped_interview("victim-screening", "my", t)?;
            let t = at("2026-11-21T05:00:00Z");
            let referred = s.new_shipped_interview("victim-screening", "th", t)?;
            answer(s, &referred, "consent", "yes", t);
            answer(s, &referred, "danger_now", "yes", t);
            s.complete(&referred, t)?;
            let t = at("2026-11-22T05:00:00Z");
            let declined = s.new_shipped_interview("victim-screening", "km", t)?;
            answer(s, &declined, "consent", "no", t);
            s.complete(&declined, t)?;
            let t = at("2026-11-23T05:00:00Z");
            let mut fields = BTreeMap::new();
            fields.insert("vessel_code".to_owned(), "KT-1234".to_owned());
            fields.insert("province".to_owned(), "songkhla".to_owned());
            fields.insert("inspection_type".to_owned(), "pipo_in".to_owned());
            fields.insert("crew_counted".to_owned(), "๑๒".to_owned());
            let vessel =
                crate::vessel::new_inspection(s, &crate::vessel::NewInspection { fields }, t)?;
            // A second apart: the two crew rows (now named by their
            // codes) keep one order.
            for (n, code) in [(0, "C-01"), (1, "C-02")] {
                let t = t + chrono::Duration::seconds(n);
                let crew = s.new_shipped_interview("fishing-inspection", "my", t)?;
                answer(s, &crew, "part", "crew", t);
                answer(s, &crew, "crew_code", code, t);
                s.add_crew(&vessel, &crew, t)?;
            }
            Ok(vessel)
        })
        .expect("fixture");
    (dir, app, vessel)
}

fn show(view: &CaseListView) -> String {
    let mut out = vec![view.summary.clone()];
    for r in &view.rows {
        // An unnamed record's title is the start of its (random) id.
        let title = if r.title == short_id(&r.id) {
            "#<id>"
        } else {
            r.title.as_str()
        };
        out.push(format!(
            "{} | {} | {} | {} | {} | {}",
            r.kind_label, title, r.questionnaire, r.status_label, r.date, r.sync_label
        ));
    }
    let opts = |o: &[FilterOption]| {
        o.iter()
            .map(|o| format!("{} ({})", o.label, o.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push(format!("statuses: {}", opts(&view.statuses)));
    out.push(format!("kinds: {}", opts(&view.kinds)));
    out.join("\n")
}

#[test]
fn the_list_in_five_languages() {
    let (_dir, app, _) = fixture();
    let mut all = Vec::new();
    for lang in crate::LANGUAGES {
        app.set_language(lang).expect("language");
        all.push(format!(
            "== {lang}\n{}",
            show(&app.case_list(CaseQuery::default()).expect("list"))
        ));
    }
    expect_test::expect_file!["../../snapshots/case_list.txt"].assert_eq(&all.join("\n"));
}

#[test]
fn search_and_filters_narrow_the_list() {
    let (_dir, app, vessel) = fixture();
    let q = |search: &str, status: Option<&str>, kind: Option<&str>| {
        let view = app
            .case_list(CaseQuery {
                search: search.into(),
                status: status.map(str::to_owned),
                kind: kind.map(str::to_owned),
                ..CaseQuery::default()
            })
            .expect("list");
        (
            view.matched,
            view.rows
                .iter()
                .map(|r| r.status.clone())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(q("", None, None).0, 6);
    // The vault's search: the vessel code (title), any case.
    let (n, _) = q("kt-12", None, None);
    assert_eq!(n, 1);
    let by_code = app
        .case_list(CaseQuery {
            search: "KT-1234".into(),
            ..CaseQuery::default()
        })
        .expect("list");
    assert_eq!(by_code.rows[0].id, vessel);
    // The record id.
    assert_eq!(q(&vessel[..8], None, None).0, 1);
    // What the row shows: the status label and the date.
    assert_eq!(
        q("referral suggested", None, None),
        (1, vec!["referred".to_owned()])
    );
    assert_eq!(q("21 Nov", None, None).0, 1);
    app.set_language("th").expect("th");
    assert_eq!(q("2569", None, None).0, 6, "Buddhist Era year matches");
    assert_eq!(q("พ.ย. 2569", Some("complete"), None).0, 1);
    app.set_language("en").expect("en");
    // Filters.
    assert_eq!(q("", Some("in_progress"), None).0, 4);
    assert_eq!(q("", None, Some("vessel_inspection")).0, 1);
    assert_eq!(q("", None, Some("interview:fishing_inspection")).0, 2);
    assert_eq!(
        q("", Some("in_progress"), Some("interview:victim_screening")).0,
        1
    );
    assert_eq!(q("nothing like this", None, None).0, 0);
}

#[test]
fn the_command_line_list_shows_the_status_the_window_shows() {
    let (_dir, app, _) = fixture();
    let window: HashMap<String, String> = app
        .case_list(CaseQuery::default())
        .expect("list")
        .rows
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    let cli = app.with_store(|s| s.list_shown()).expect("rows");
    assert_eq!(cli.len(), window.len());
    assert_eq!(cli.iter().filter(|r| r.status == "referred").count(), 1);
    for r in &cli {
        assert_eq!(window.get(&r.id), Some(&r.status), "{}", r.id);
    }
}

#[test]
fn the_result_is_kept_at_completion_so_the_list_need_not_score() {
    let (_dir, app, _) = fixture();
    let view = app.case_list(CaseQuery::default()).expect("list");
    assert_eq!(
        view.rows.iter().filter(|r| r.status == "referred").count(),
        1
    );
    app.with_store(|s| {
        assert!(s.list_cache.referred.is_empty(), "nothing was scored");
        let outcomes: Vec<_> = s
            .vault_mut()
            .list()
            .expect("index")
            .into_iter()
            .filter_map(|c| match c.state {
                RecordState::Ok(e) if e.status == vault::Status::Complete => {
                    Some((e.form_id, e.outcome, e.referrals))
                }
                _ => None,
            })
            .collect();
        expect_test::expect![[r#"
            [
                (
                    "victim_screening",
                    Some(
                        "consent_declined",
                    ),
                    [],
                ),
                (
                    "victim_screening",
                    Some(
                        "emergency",
                    ),
                    [
                        "emergency",
                        "health",
                        "shelter",
                    ],
                ),
            ]
        "#]]
        .assert_debug_eq(&outcomes);
        Ok(())
    })
    .expect("store");
}

#[test]
fn pages() {
    let (_dir, app, _) = fixture();
    let page = |offset, limit| {
        app.case_list(CaseQuery {
            offset,
            limit,
            ..CaseQuery::default()
        })
        .expect("list")
    };
    let first = page(0, 4);
    assert_eq!((first.rows.len(), first.matched, first.total), (4, 6, 6));
    assert_eq!(first.summary, "Showing 4 of 6 (6 on this device)");
    let rest = page(4, 4);
    assert_eq!(rest.rows.len(), 2);
    assert_eq!(rest.summary, "Showing 6 of 6 (6 on this device)");
    assert!(page(99, 4).rows.is_empty());
    let ids: HashSet<_> = first
        .rows
        .iter()
        .chain(&rest.rows)
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(ids.len(), 6);
}

#[test]
fn a_locked_store_is_refused() {
    let (_dir, app, _) = fixture();
    app.lock();
    let e = app.case_list(CaseQuery::default()).expect_err("locked");
    assert_eq!(e.code, crate::ErrorCode::Locked);
}

/// `cargo test -p app --release -- --ignored ten_thousand --nocapture`.
/// With `FIELDSCREEN_10K_OUT=DIR` the data folder is left in `DIR` (an
/// empty or new folder) for the window's measurement
/// (`tests/e2e/cases.rs`, `ten_thousand_cases_in_the_window`).
#[test]
#[ignore = "measurement: creates 10,000 records"]
fn ten_thousand_records() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("FIELDSCREEN_10K_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    let app = App::open(&dir).expect("open");
    app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
        .expect("create");
    let started = std::time::Instant::now();
    app.with_store(|s| {
        // One questionnaire copy, then records straight into the vault
        // (what `new_shipped_interview` does, without re-reading the
        // questionnaire 10,000 times).
        let first =
            s.new_shipped_interview("victim-screening", "th", at("2026-01-01T00:00:00Z"))?;
        let form = s
            .vault_mut()
            .record(first.parse().expect("id"))
            .expect("record")
            .form;
        let device = s.device_id().to_owned();
        for i in 1..10_000u32 {
            let t = at("2026-01-01T00:00:00Z") + chrono::Duration::minutes(i64::from(i));
            let id = s
                .vault_mut()
                .create_interview(vault::NewRecord {
                    form: form.clone(),
                    language: "th".into(),
                    device_id: device.clone(),
                    created_at: t,
                    title: vault::UserText::default(),
                })
                .expect("create")
                .to_string();
            if i % 10 == 0 {
                answer(s, &id, "consent", "yes", t);
                if i % 20 == 0 {
                    answer(s, &id, "danger_now", "yes", t);
                }
                s.complete(&id, t)?;
            }
        }
        Ok(())
    })
    .expect("records");
    eprintln!("created 10,000 records in {:?}", started.elapsed());
    app.set_language("th").expect("th");
    for round in [
        "first (reads the questionnaire titles once per process)",
        "second",
        "third",
    ] {
        let t = std::time::Instant::now();
        let view = app.case_list(CaseQuery::default()).expect("list");
        eprintln!("{round} page of 100 of {}: {:?}", view.total, t.elapsed());
    }
    let t = std::time::Instant::now();
    let view = app
        .case_list(CaseQuery {
            search: "ม.ค. 2569".into(),
            ..CaseQuery::default()
        })
        .expect("search");
    eprintln!("search matched {}: {:?}", view.matched, t.elapsed());
    app.lock();
    let t = std::time::Instant::now();
    app.unlock(crate::tests::STRONG.into()).expect("unlock");
    eprintln!("unlock (Argon2id + first list): {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let view = app.case_list(CaseQuery::default()).expect("list");
    eprintln!(
        "page after unlock: {:?} ({} rows)",
        t.elapsed(),
        view.rows.len()
    );
}

/// Someone put back an old copy of the store (here: one record's row is
/// gone, so which of the others changed cannot be told). The list says so
/// in the reader's language and shows the record left as damaged; once the
/// person accepts it as it is, it opens again and the notice is gone, also
/// after the next unlock.
#[test]
fn records_found_rolled_back_are_told_and_open_again_once_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = App::open(dir.path()).expect("open");
    app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
        .expect("create");
    let ids = app
        .with_store(|s| {
            let t = at("2026-11-20T05:00:00Z");
            let a = s.new_shipped_interview("victim-screening", "my", t)?;
            answer(s, &a, "consent", "yes", t);
            let b = s.new_shipped_interview("victim-screening", "th", t)?;
            Ok([a, b])
        })
        .expect("records");
    let view = app.case_list(CaseQuery::default()).expect("list");
    assert_eq!((view.rows.len(), view.rolled_back), (2, None));
    app.lock();

    let db = rusqlite::Connection::open(app.vault_dir().join(vault::DB_FILE)).expect("db");
    let rid: Vec<u8> = db
        .query_row("SELECT rid FROM records LIMIT 1", [], |r| r.get(0))
        .expect("a record row");
    db.execute("DELETE FROM records WHERE rid = ?1", [&rid])
        .expect("delete");
    drop(db);

    app.unlock(crate::tests::STRONG.into()).expect("unlock");
    let view = app.case_list(CaseQuery::default()).expect("list");
    assert_eq!(
        view.rolled_back.as_deref(),
        Some(
            "One record is older than this device last saw it: someone may have put back an old \
             copy of this device's store. It is kept, but cannot be opened until you accept it as \
             it is now. What it lost since is not on this device; a teammate who synced may still \
             have it."
        )
    );
    assert_eq!(view.rows.len(), 1);
    assert_eq!(view.rows[0].kind, "damaged");
    app.set_language("my").expect("my");
    let my = app.case_list(CaseQuery::default()).expect("list");
    assert!(
        my.rolled_back.expect("notice").contains('\u{1041}'),
        "Burmese digits"
    );

    app.accept_rolled_back().expect("accept");
    let view = app.case_list(CaseQuery::default()).expect("list");
    assert_eq!(view.rolled_back, None);
    assert_eq!(view.rows[0].kind, "interview");
    assert!(ids.contains(&view.rows[0].id));
    app.lock();
    app.unlock(crate::tests::STRONG.into()).expect("unlock");
    assert_eq!(
        app.case_list(CaseQuery::default())
            .expect("list")
            .rolled_back,
        None
    );
}
