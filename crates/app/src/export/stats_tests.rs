use std::collections::BTreeSet;

use super::sample::Rng;
use super::stats::{MIN_K, StatsRequest, stats, suppress, write_csv};
use super::tests::store;
use super::*;

/// Every way to write `sum` as `parts` counts of at least 1.
fn compositions(sum: u32, parts: usize, out: &mut Vec<Vec<u32>>, prefix: &mut Vec<u32>) {
    if parts == 1 {
        if sum >= 1 {
            prefix.push(sum);
            out.push(prefix.clone());
            prefix.pop();
        }
        return;
    }
    for first in 1..sum {
        prefix.push(first);
        compositions(sum - first, parts - 1, out, prefix);
        prefix.pop();
    }
}

/// The attacker: knows the published cells, the total, k and the rule.
/// Returns, for each withheld cell, every value consistent with all that.
fn attack(counts: &[u32], total: Option<u32>, k: u32) -> Vec<BTreeSet<u32>> {
    let (withheld, table_withheld) = suppress(counts, total, k);
    let hidden: Vec<usize> = (0..counts.len()).filter(|&i| withheld[i]).collect();
    let mut possible = vec![BTreeSet::new(); hidden.len()];
    match total {
        // Without a total a withheld cell is only known to be 1..k-1.
        None => {
            for (p, &i) in possible.iter_mut().zip(&hidden) {
                for v in 1..k {
                    let mut candidate = counts.to_vec();
                    candidate[i] = v;
                    if suppress(&candidate, None, k).0 == withheld {
                        p.insert(v);
                    }
                }
            }
        }
        Some(total) => {
            let published: u32 = (0..counts.len())
                .filter(|&i| !withheld[i])
                .map(|i| counts[i])
                .sum();
            let sum = total - published;
            let mut all = Vec::new();
            compositions(sum, hidden.len(), &mut all, &mut Vec::new());
            for values in all {
                let mut candidate = counts.to_vec();
                for (&i, &v) in hidden.iter().zip(&values) {
                    candidate[i] = v;
                }
                if suppress(&candidate, Some(total), k) == (withheld.clone(), table_withheld) {
                    for (p, v) in possible.iter_mut().zip(values) {
                        p.insert(v);
                    }
                }
            }
        }
    }
    possible
}

#[test]
fn no_withheld_cell_can_be_recovered() {
    let k = MIN_K;
    let mut rng = Rng::new(17);
    let mut attacked = 0;
    for round in 0..3000 {
        let cells = 1 + rng.below(5);
        let counts: Vec<u32> = (0..cells)
            .map(|_| match rng.below(4) {
                0 => 0,
                1 => 1 + rng.below(4) as u32,
                2 => 1 + rng.below(12) as u32,
                _ => 1 + rng.below(30) as u32,
            })
            .collect();
        let sum: u32 = counts.iter().sum();
        for total in [Some(sum), None] {
            let (withheld, table_withheld) = suppress(&counts, total, k);
            for (c, w) in counts.iter().zip(&withheld) {
                assert!(
                    *w || *c == 0 || *c >= k,
                    "round {round}: {counts:?} publishes {c}"
                );
            }
            if table_withheld || !withheld.contains(&true) {
                continue;
            }
            attacked += 1;
            for (values, (i, _)) in attack(&counts, total, k)
                .iter()
                .zip(withheld.iter().enumerate().filter(|(_, w)| **w))
            {
                assert!(
                    values.contains(&counts[i]),
                    "the attack is wrong for {counts:?}"
                );
                assert!(
                    values.len() >= 2,
                    "round {round}: cell {i} of {counts:?} (total {total:?}) recovered as {values:?}"
                );
            }
        }
    }
    assert!(attacked > 1000, "{attacked}");
}

/// The test above can fail: primary suppression alone leaves a lone
/// withheld cell that the total gives away.
#[test]
fn primary_suppression_alone_would_be_recovered() {
    let counts = [3, 40];
    let primary: Vec<bool> = counts.iter().map(|&c| c > 0 && c < MIN_K).collect();
    assert_eq!(primary, [true, false]);
    let recovered = 43 - counts[1];
    assert_eq!(recovered, counts[0]);
    // With the rule, both are withheld and the attack finds many values.
    let (withheld, _) = suppress(&counts, Some(43), MIN_K);
    assert_eq!(withheld, [true, true]);
    assert!(attack(&counts, Some(43), MIN_K)[0].len() > 2);
}

#[test]
fn small_totals_and_all_ones_withhold_the_table() {
    assert_eq!(suppress(&[4, 3], Some(7), MIN_K), (vec![true, true], true));
    let ones = vec![1; 12];
    assert!(suppress(&ones, Some(12), MIN_K).1);
    assert_eq!(
        suppress(&[0, 25, 30], Some(55), MIN_K),
        (vec![false, false, false], false)
    );
}

#[test]
fn statistics_of_generated_interviews_publish_no_small_count() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = store(dir.path());
    sample::fill(&mut s, "victim-screening", 60, 11, 2).expect("fill");
    let req = |k| StatsRequest {
        form_id: "victim_screening".into(),
        k,
        filter: ExportFilter::default(),
    };
    let low = stats(&mut s, &req(Some(10)), &mut |_| true).expect_err("k 10");
    assert_eq!(low.code, ErrorCode::InvalidAnswer);
    assert!(low.message.contains("11"), "{}", low.message);
    for k in [None, Some(12), Some(25)] {
        let st = stats(&mut s, &req(k), &mut |_| true).expect("stats");
        let k = k.unwrap_or(MIN_K);
        assert_eq!(st.k, k);
        let ids: Vec<&str> = st.tables.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "indicator",
                "dimension",
                "determination",
                "nationality",
                "province",
                "sector",
                "month",
                "age_band"
            ]
        );
        for t in &st.tables {
            for c in &t.cells {
                assert!(
                    c.count.is_none_or(|n| n == 0 || n >= k),
                    "{} {}: {:?}",
                    t.id,
                    c.category,
                    c.count
                );
            }
            if let Some(total) = t.total {
                assert_eq!(total, 60, "{}", t.id);
                // Each table with a total: the attacker's view holds.
                let counts: Vec<Option<u32>> = t.cells.iter().map(|c| c.count).collect();
                assert_ne!(counts.iter().filter(|c| c.is_none()).count(), 1, "{}", t.id);
            }
        }
        // All 60 began on 2026-11-30: one month, published.
        let month = &st.tables[6];
        assert_eq!(month.cells.len(), 1);
        assert_eq!(month.cells[0].count, Some(60));
    }
    let st = stats(&mut s, &req(None), &mut |_| true).expect("stats");
    let out = dir.path().join("stats.csv");
    write_csv(&st, &out, "en").expect("csv");
    let text = std::fs::read_to_string(&out).expect("read");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        ["table", "category", "label", "count"]
    );
    for rec in r.records() {
        let rec = rec.expect("row");
        if let Ok(n) = rec[3].parse::<u32>() {
            assert!(n == 0 || n >= MIN_K, "{rec:?}");
        }
    }
    assert!(text.contains("month,2026-11,2026-11,60"), "{text}");
}

#[test]
fn a_chart_draws_published_counts_and_never_a_withheld_one() {
    use super::stats::{StatCell, StatTable, bar_chart_svg};
    let table = StatTable {
        id: "month".into(),
        cells: vec![
            StatCell {
                category: "2026-10".into(),
                label: "ต.ค. <2569>".into(),
                count: Some(40),
            },
            StatCell {
                category: "2026-11".into(),
                label: "พ.ย. 2569".into(),
                count: None,
            },
            StatCell {
                category: "2026-12".into(),
                label: "ธ.ค. 2569".into(),
                count: Some(20),
            },
        ],
        total: None,
    };
    let svg = bar_chart_svg(&table, "Interviews per month", "withheld (fewer than 11)");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("fill=\"#2b6cb0\"").count(), 2);
    assert!(
        svg.contains("width=\"360\" height=\"20\""),
        "the largest bar is full width"
    );
    assert!(
        svg.contains("width=\"180\" height=\"20\""),
        "half of it is half"
    );
    assert!(svg.contains("ต.ค. &lt;2569&gt;"), "labels are escaped");
    assert!(svg.contains("withheld (fewer than 11)"));
    assert!(!svg.contains(">0<") && !svg.contains("NaN"));
}

/// The window's statistics: titles in the reader's language, a withheld
/// count shown as the sentence (never its number), charts for the
/// indicator and month tables as SVG `data:` URLs, and the CSV and a chart
/// saved where the supervisor chose.
#[test]
fn the_window_shows_the_statistics_with_charts_and_saves_them() {
    use super::stats_view::CHARTS;
    let dir = tempfile::tempdir().expect("dir");
    let app = App::open(dir.path().join("app")).expect("app");
    app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
        .expect("vault");
    app.with_store(|s| sample::fill(s, "victim-screening", 40, 11, 2))
        .expect("fill");
    let req = StatsRequest {
        form_id: "victim_screening".into(),
        k: None,
        filter: ExportFilter::default(),
    };
    let raw = app.export_stats(&req).expect("stats");
    let view = app.stats_view(&req).expect("view");
    assert_eq!(view.k, MIN_K);
    assert!(view.note.contains("11"), "{}", view.note);
    let withheld = i18n::localizer().format("en", "stats-withheld", None);
    let withheld = withheld.split('(').next().expect("text").trim().to_owned();
    let mut shown_withheld = 0;
    for (t, v) in raw.tables.iter().zip(&view.tables) {
        assert_eq!(t.id, v.id);
        assert!(!v.title.contains("stats-table"), "{}", v.title);
        assert_eq!(v.cells.len(), t.cells.len());
        for (c, w) in t.cells.iter().zip(&v.cells) {
            assert_eq!(c.count, w.count);
            match c.count {
                Some(n) => assert_eq!(w.shown, n.to_string()),
                None => {
                    shown_withheld += 1;
                    assert!(w.shown.starts_with(&withheld), "{}", w.shown);
                    assert!(w.shown.contains("11"), "{}", w.shown);
                }
            }
        }
        let drawn = CHARTS.contains(&t.id.as_str()) && !t.cells.is_empty();
        assert_eq!(v.chart.is_some(), drawn, "{}", t.id);
        if let Some(url) = &v.chart {
            let svg = url
                .strip_prefix("data:image/svg+xml;charset=utf-8,")
                .expect("data URL");
            assert!(svg.starts_with("%3Csvg xmlns=%22http://www.w3.org/2000/svg%22"));
            assert!(!svg.contains(['<', '>', '"', '#']), "encoded: {svg}");
            assert!(svg.contains(&v.title.replace('<', "&lt;")), "titled");
        }
        assert_eq!(
            v.withheld.is_some(),
            t.cells.is_empty() && t.total.is_none()
        );
    }
    assert!(
        shown_withheld > 0,
        "40 interviews over many categories withhold some"
    );
    // In Thai: the titles and the withheld sentence follow the language.
    app.set_language("th").expect("th");
    let th = app.stats_view(&req).expect("view");
    assert_ne!(th.tables[0].title, view.tables[0].title);
    assert!(
        th.tables[0].title.contains("ตัวชี้วัด"),
        "{}",
        th.tables[0].title
    );

    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("dir");
    let csv_path = out.join("stats.csv");
    app.save_stats(&req, None, &csv_path).expect("csv");
    let csv = std::fs::read_to_string(&csv_path).expect("read");
    assert!(csv.starts_with("table,category,label,count"), "{csv}");
    let svg_path = out.join("month.svg");
    app.save_stats(&req, Some("month"), &svg_path).expect("svg");
    let svg = std::fs::read_to_string(&svg_path).expect("read");
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.contains(">40<"), "all 40 in one month: {svg}");
    let unknown = app
        .save_stats(&req, Some("no_such_table"), &out.join("x.svg"))
        .expect_err("unknown table");
    assert_eq!(unknown.code, ErrorCode::NotFound);
    // Nothing but the two files: no temporary file left behind.
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["month.svg", "stats.csv"]);
    let csv_name = app.stats_dialog_text(&req, None);
    assert_eq!(csv_name.extension, "csv");
    let chart_name = app.stats_dialog_text(&req, Some("month"));
    assert_eq!(chart_name.extension, "svg");
    assert!(
        chart_name
            .suggested_name
            .starts_with("victim_screening-month-")
    );
}

/// The export screen offers the devices interviews were begun on, read
/// from the encrypted index; the filter then keeps only theirs.
#[test]
fn the_export_screen_lists_the_devices_interviews_were_begun_on() {
    let dir = tempfile::tempdir().expect("dir");
    let app = App::open(dir.path().join("app")).expect("app");
    app.create_vault(crate::tests::STRONG.into(), crate::tests::STRONG.into())
        .expect("vault");
    app.with_store(|s| sample::fill(s, "victim-screening", 3, 11, 2))
        .expect("fill");
    let own = app
        .with_store(|s| Ok(s.device_id().to_owned()))
        .expect("id");
    let screen = app.export_screen().expect("screen");
    assert_eq!(screen.devices.len(), 1);
    assert_eq!(screen.devices[0].id, own);
    assert_eq!(
        screen.devices[0].label,
        i18n::localizer().format("en", "export-device-this", None)
    );
    let listed = app
        .with_store(|s| {
            Ok(s.vault
                .list()
                .expect("list")
                .into_iter()
                .filter_map(|c| match c.state {
                    vault::RecordState::Ok(e) => Some(e.device_id),
                    vault::RecordState::Damaged { .. } => None,
                })
                .collect::<Vec<_>>())
        })
        .expect("index");
    assert_eq!(listed, vec![own.clone(); 3], "the index names the device");
}
