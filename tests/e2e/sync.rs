//! Sync and team in the real window, against a relay the test starts on
//! loopback: create a team, the invite QR and its typed code are shown,
//! "sync now" reports up to date; screenshots of the screen in every
//! language at phone and desktop size.

use std::time::Duration;

use super::harness::{DESKTOP, PHONE, Session};
use super::{LANGS, PASSPHRASE, shoot_all_languages, tap, text, type_into};

#[tokio::test(flavor = "multi_thread")]
async fn create_a_team_show_the_invite_and_sync_now() {
    let relay_dir = tempfile::tempdir().expect("relay dir");
    let loopback = relay::LoopbackRelay::start(relay_dir.path());
    let relay = loopback.url.clone();
    let data = tempfile::tempdir().expect("data dir");
    {
        let app = app::App::open(data.path()).expect("open");
        app.create_vault(PASSPHRASE.into(), PASSPHRASE.into())
            .expect("create");
    }
    let s = Session::start_in(data).await;
    type_into(&s, &text("en", "unlock-passphrase-label"), PASSPHRASE).await;
    tap(&s, &text("en", "unlock-submit")).await;
    s.wait_text("h1", &text("en", "cases-title")).await;

    tap(&s, &text("en", "syncview-title")).await;
    s.wait_text("h1", &text("en", "syncview-title")).await;
    s.wait_text(".status .headline", &text("en", "syncview-state-no-team"))
        .await;
    for (size_name, size) in [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)] {
        s.resize(size).await;
        shoot_all_languages(&s, "sync-no-team", "syncview-title", size_name).await;
    }
    super::switch_to(&s, "en", "syncview-title").await;

    type_into(&s, &text("en", "syncview-relay-label"), &relay).await;
    type_into(&s, &text("en", "syncview-name-label"), "Songkhla port").await;
    tap(&s, &text("en", "syncview-create-button")).await;
    s.wait_text(
        "#team-title",
        &format!("{}: Songkhla port", text("en", "syncview-team-title")),
    )
    .await;

    tap(&s, &text("en", "syncview-invite-button")).await;
    let qr = s.wait_for_css("figure.invite img").await;
    let src = qr.attr("src").await.expect("src").unwrap_or_default();
    assert!(src.starts_with("data:image/svg+xml"), "{src}");
    let shown = s
        .js("const i = document.querySelector('figure.invite img'); return i.complete && i.naturalWidth > 0;")
        .await;
    assert_eq!(
        shown,
        serde_json::json!(true),
        "the QR image is drawn (CSP allows it)"
    );
    let code = s
        .wait_for_css("[data-testid=invite-code]")
        .await
        .text()
        .await
        .expect("code");
    assert!(code.trim().len() > 20, "a typed code is shown: {code}");

    tap(&s, &text("en", "syncview-now")).await;
    s.wait_text_within(
        ".status .headline",
        &text("en", "syncview-state-up-to-date"),
        Duration::from_secs(20),
    )
    .await;
    let body = s.body_text().await;
    assert!(body.contains("Last synced "), "{body}");

    // A second device joins with the typed code; the window lists it with
    // its fingerprint, and the supervisor admits it after comparing the
    // digits with the ones the device shows.
    let phone_dir = tempfile::tempdir().expect("phone dir");
    let (shown_tx, shown_rx) = tokio::sync::oneshot::channel();
    let joiner = {
        let code = code.trim().to_owned();
        let dir = phone_dir.path().to_owned();
        tokio::task::spawn_blocking(move || {
            let mut v = vault::Vault::create(
                &dir,
                &vault::Passphrase::from("phone passphrase"),
                vault::VaultOptions {
                    kdf: vault::KdfParams::insecure_for_tests(),
                    ..vault::VaultOptions::default()
                },
            )
            .expect("phone vault");
            // What the phone's screen shows while it waits.
            let shown = link::join_fingerprint(&mut v, &code).expect("fingerprint");
            let _ = shown_tx.send(shown);
            link::join(
                &mut v,
                &code,
                Duration::from_secs(60),
                Duration::from_millis(100),
            )
            .expect("joined");
            v
        })
    };
    let shown = shown_rx.await.expect("the phone's fingerprint");
    let mut listed = None;
    for _ in 0..100 {
        tap(&s, &text("en", "syncview-waiting-check")).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let rows = s
            .js("return document.querySelectorAll('[data-testid=waiting-device]').length;")
            .await;
        if rows == serde_json::json!(1) {
            listed = Some(
                s.wait_for_css("[data-testid=waiting-device] code.fingerprint")
                    .await
                    .text()
                    .await
                    .expect("fingerprint"),
            );
            break;
        }
    }
    let listed = listed.expect("the window lists the waiting device");
    assert_eq!(
        listed.trim(),
        shown,
        "the digits the supervisor sees are the phone's"
    );
    tap(&s, &text("en", "syncview-admit-one")).await;
    let dialog = s
        .wait_for_css("[role=alertdialog]")
        .await
        .text()
        .await
        .expect("dialog");
    assert!(
        dialog.contains(&shown),
        "the confirmation repeats the digits: {dialog}"
    );
    s.resize(PHONE).await;
    s.screenshot("sync-admit-confirm-phone-360x740-en").await;
    s.resize(DESKTOP).await;
    tap(&s, &text("en", "syncview-admit-yes")).await;
    let mut admitted = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if joiner.is_finished() {
            admitted = true;
            break;
        }
    }
    assert!(admitted, "the window admitted the second device");
    let mut phone = joiner.await.expect("join task");

    // At sea: the second device records a crew interview and waits on the
    // local network; the window connects to it by the typed address.
    let made = phone
        .create_interview(vault::NewRecord {
            form: vault::FormRef {
                id: "victim-screening".into(),
                version: "1".into(),
                hash: "sha256:e2e".into(),
            },
            language: "my".into(),
            device_id: "phone".into(),
            created_at: chrono::Utc::now(),
            title: vault::UserText::from("crew 7"),
        })
        .expect("record");
    let listener = link::LanListener::bind("127.0.0.1:0").expect("listen");
    let address = listener.addresses().expect("addresses")[0].clone();
    let waiting = tokio::task::spawn_blocking(move || {
        let stream = listener
            .accept(Duration::from_secs(60), &|| false)
            .expect("accept")
            .expect("the window connected");
        let report = link::lan::serve(&mut phone, stream, &mut |_| {});
        (report, phone)
    });
    s.wait_text("#nearby-title", &text("en", "nearby-title"))
        .await;
    type_into(&s, &text("en", "nearby-address-label"), &address).await;
    tap(&s, &text("en", "nearby-connect")).await;
    s.wait_text_within(
        "[data-testid=nearby-status]",
        &text("en", "nearby-state-done"),
        Duration::from_secs(30),
    )
    .await;
    let detail = s
        .wait_for_css("[data-testid=nearby-detail]")
        .await
        .text()
        .await
        .expect("detail");
    assert!(
        detail.starts_with("Synced with device ") && detail.contains("one record"),
        "{detail}"
    );
    let (report, mut phone) = waiting.await.expect("phone task");
    let report = report.expect("the phone's side finished");
    assert_eq!(report.records, 1);
    assert!(report.bytes > 0);
    assert_eq!(phone.list().expect("list")[0].id, made);

    // Waiting shows this device's address (and a QR code) to type.
    tap(&s, &text("en", "nearby-wait")).await;
    s.button(&text("en", "nearby-stop")).await;
    // The panel itself, scrolled into view, in each language, on a phone.
    s.resize(PHONE).await;
    for lang in LANGS {
        super::switch_to(&s, lang, "syncview-title").await;
        s.js("document.getElementById('nearby-title').scrollIntoView(); return true;")
            .await;
        s.settle().await;
        s.screenshot(&format!("sync-nearby-waiting-phone-360x740-{lang}"))
            .await;
    }
    s.resize(DESKTOP).await;
    super::switch_to(&s, "en", "syncview-title").await;
    tap(&s, &text("en", "nearby-stop")).await;
    s.wait_text(
        "[data-testid=nearby-status]",
        &text("en", "nearby-state-idle"),
    )
    .await;
    // The record that came from the nearby device now waits for the relay.
    tap(&s, &text("en", "syncview-now")).await;
    s.wait_text_within(
        ".status .headline",
        &text("en", "syncview-state-up-to-date"),
        Duration::from_secs(20),
    )
    .await;

    // The status the core formats follows the language at once.
    for lang in LANGS {
        super::switch_to(&s, lang, "syncview-title").await;
        s.wait_text(
            ".status .headline",
            &text(lang, "syncview-state-up-to-date"),
        )
        .await;
        // Hand-over by file and nearby sync are offered to a team device,
        // in its language.
        s.wait_text("#bundle-title", &text(lang, "bundle-title"))
            .await;
        s.wait_text("#nearby-title", &text(lang, "nearby-title"))
            .await;
    }
    for (size_name, size) in [("phone-360x740", PHONE), ("desktop-1280x800", DESKTOP)] {
        s.resize(size).await;
        shoot_all_languages(&s, "sync-team", "syncview-title", size_name).await;
    }
    s.close().await;
}
