//! The supervisor's export screen in the real window: the plaintext
//! warning and its confirmation, a CSV zip written where the save dialog
//! answered (in a debug build the shell answers it with
//! `FIELDSCREEN_E2E_SAVE_DIR`, which the harness sets to the session's
//! `saved/` folder), its rows read back; then the statistics with a count
//! withheld, a chart, and the chart saved.

use std::io::Read;
use std::time::{Duration, Instant};

use fantoccini::Locator;

use super::harness::Session;
use super::{PASSPHRASE, tap, text, type_into};

const INTERVIEWS: usize = 40;

/// A data folder whose store holds 40 generated screenings (one device,
/// one month), locked, with the window in English.
fn seeded() -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("temp data dir");
    let app = app::App::open(data.path()).expect("open");
    app.set_language("en").expect("language");
    app.create_vault(PASSPHRASE.into(), PASSPHRASE.into())
        .expect("create");
    app.with_store(|s| app::export::sample::fill(s, "victim-screening", INTERVIEWS, 11, 2))
        .expect("records");
    app.lock();
    data
}

/// Clicks the checkbox or radio button inside the label that reads `label`.
async fn tick(s: &Session, label: &str) {
    let xpath = format!("//label[normalize-space(.)='{label}']//input");
    s.wait_xpath(&xpath, &format!("no box labelled `{label}`"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("tick {label}: {e}"));
}

/// The files in `dir` whose names end with `ext`, once there is one.
async fn wait_for_file(dir: &std::path::Path, ext: &str) -> std::path::PathBuf {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found: Vec<_> = std::fs::read_dir(dir)
            .expect("saved dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.to_string_lossy().ends_with(ext))
            .collect();
        if let [one] = &found[..] {
            return one.clone();
        }
        assert!(
            Instant::now() < deadline,
            "no single {ext} file in {}: {found:?}",
            dir.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_supervisor_exports_a_csv_zip_and_sees_statistics_with_a_count_withheld() {
    let s = Session::start_in(seeded()).await;
    s.wait_text("h1", &text("en", "unlock-title")).await;
    type_into(&s, &text("en", "unlock-passphrase-label"), PASSPHRASE).await;
    tap(&s, &text("en", "unlock-submit")).await;
    s.wait_text("h1", &text("en", "cases-title")).await;

    tap(&s, &text("en", "exportui-open")).await;
    s.wait_text("#export-title", &text("en", "exportui-title"))
        .await;
    // Plaintext by default: the warning shows and the export waits for the
    // confirmation.
    let body = s.body_text().await;
    assert!(
        body.contains(&text("en", "exportui-plaintext-warning")),
        "{body}"
    );
    let start = s.button(&text("en", "exportui-start")).await;
    assert!(
        !start.is_enabled().await.expect("enabled?"),
        "no plaintext export before the confirmation"
    );
    tick(&s, &text("en", "exportui-format-csv")).await;
    tick(&s, &text("en", "exportui-plaintext-ok")).await;
    s.screenshot("export-ready-desktop-en").await;
    start.click().await.expect("start the export");

    let saved = s.saved_dir();
    let zip_path = wait_for_file(&saved, ".zip").await;
    // The outcome the core wrote, in the window.
    let outcome = s.wait_for_css("[data-testid=export-outcome]").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut said = String::new();
    while Instant::now() < deadline {
        said = outcome.text().await.unwrap_or_default();
        if said.contains(&INTERVIEWS.to_string()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(said.contains(&format!("{INTERVIEWS} ")), "{said}");
    assert!(
        zip_path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("victim_screening-")),
        "{}",
        zip_path.display()
    );
    // Only the finished file: no temporary part left beside it.
    let names: Vec<_> = std::fs::read_dir(&saved)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("open")).expect("a zip");
    let mut main = String::new();
    zip.by_name("victim_screening.csv")
        .expect("the main table")
        .read_to_string(&mut main)
        .expect("read");
    let mut rows = csv::Reader::from_reader(main.as_bytes());
    let header = rows.headers().expect("header").clone();
    let key = header
        .iter()
        .position(|h| h == "KEY")
        .expect("a KEY column");
    let keys: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[key].to_owned())
        .collect();
    assert_eq!(keys.len(), INTERVIEWS, "one row per interview");
    assert!(keys.iter().all(|k| k.starts_with("uuid:")), "{keys:?}");

    // The statistics: a count withheld is shown as words, never its number.
    tap(&s, &text("en", "exportui-stats-show")).await;
    let mut args = i18n::FluentArgs::new();
    args.set("k", 11);
    let withheld = i18n::localizer().format("en", "stats-withheld", Some(&args));
    let cell = s
        .wait_xpath(
            &format!("//td[normalize-space(.)='{withheld}']"),
            "a withheld count",
        )
        .await;
    assert!(cell.is_displayed().await.unwrap_or(false));
    let month = text("en", "stats-table-month");
    let chart = s
        .wait_xpath(&format!("//img[@alt='{month}']"), "the month chart")
        .await;
    let src = chart.attr("src").await.expect("src").expect("a src");
    assert!(src.starts_with("data:image/svg+xml"), "{src}");
    let drawn = s
        .js(&format!(
            "const i = document.querySelector(\"img[alt='{month}']\"); return i.complete && i.naturalWidth > 0;"
        ))
        .await;
    assert_eq!(drawn, serde_json::json!(true), "the chart is drawn");
    s.client
        .find(Locator::XPath(&format!(
            "//div[@data-table='month']//button[normalize-space(.)='{}']",
            text("en", "exportui-stats-save-chart")
        )))
        .await
        .expect("the month chart's save button")
        .click()
        .await
        .expect("save the chart");
    let svg = wait_for_file(&saved, ".svg").await;
    let body = std::fs::read_to_string(&svg).expect("read the chart");
    assert!(body.starts_with("<svg"), "{body}");
    assert!(body.contains(&month), "titled: {body}");
    assert!(
        body.contains(&format!(">{INTERVIEWS}<")),
        "every interview in one month: {body}"
    );
    s.wait_text(
        "[data-testid=stats-saved]",
        &text("en", "exportui-stats-saved"),
    )
    .await;
    s.screenshot("export-statistics-desktop-en").await;
    s.close().await;
}
