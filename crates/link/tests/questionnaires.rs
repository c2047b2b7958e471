//! Team questionnaires travel with the team: a published questionnaire
//! reaches a member by relay, by bundle file and by a nearby session; one
//! refused (not allowed, altered, filed under a wrong hash) is never used;
//! the relay holds no questionnaire text.

mod common;

use std::collections::BTreeMap;

use base64::Engine;
use common::{enrolled, relay, runtime, session, vault};
use link::LinkError;
use sync::questionnaire::{ActKind, Refusal};
use vault::{FormRef, UserText, Vault};

const CANARY: &str = "CANARY-label-Do-you-keep-your-passport";

fn folder(label: &str) -> BTreeMap<String, Vec<u8>> {
    let mut f = BTreeMap::new();
    f.insert(
        "questionnaire.toml".to_owned(),
        format!("label = \"{label}\"\n").into_bytes(),
    );
    f.insert("translations/th.ftl".to_owned(), b"q = x".to_vec());
    f
}

/// The form ref the app would compute for `files` (the hash stands in
/// for `forms::folder_hash`, which this crate does not know).
fn form(files: &BTreeMap<String, Vec<u8>>, version: &str) -> FormRef {
    let enc = sync::questionnaire::encode_files(files).expect("encode");
    FormRef {
        id: "org-form".into(),
        version: version.into(),
        hash: hex::encode(sync::questionnaire::files_digest(&enc)),
    }
}

fn checked_files(v: &mut Vault, hash: &str) -> Result<BTreeMap<String, Vec<u8>>, Refusal> {
    let q = link::team_questionnaire(v, hash)
        .expect("read")
        .expect("present");
    q.checked.map(|_| q.files.expect("files when checked"))
}

/// Admin + member on one relay.
fn pair(dir: &std::path::Path) -> (tokio::runtime::Runtime, String, Vault, Vault) {
    let rt = runtime();
    let base = relay(&rt, &dir.join("relay"));
    let mut admin = vault(&dir.join("admin"));
    link::create_team(&mut admin, &base, "forms", None, None).expect("create");
    let member = enrolled(&mut admin, &dir.join("member"));
    (rt, base, admin, member)
}

#[test]
fn a_published_questionnaire_reaches_a_member_by_relay_and_the_relay_never_reads_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rt, _base, mut admin, mut member) = pair(dir.path());
    let files = folder(CANARY);
    let f = form(&files, "1");
    link::publish_questionnaire(&mut admin, &files, &f, "en").expect("publish");
    // Not yet here: nothing to use.
    assert!(
        link::team_questionnaire(&mut member, &f.hash)
            .expect("read")
            .is_none()
    );
    link::sync_round(&mut admin, &mut |_| {}).expect("push");
    link::sync_round(&mut member, &mut |_| {}).expect("pull");
    assert_eq!(checked_files(&mut member, &f.hash), Ok(files.clone()));
    let list = link::team_questionnaires(&mut member).expect("list");
    assert_eq!(list.len(), 1);
    assert!(list[0].open_for_new_interviews());
    let published = &list[0].checked.as_ref().expect("checked").published;
    assert_eq!(published[0].signer, common::device_of(&mut admin));
    drop(rt);
    // The search finds the label where it is in clear ...
    let clear = dir.path().join("clear.txt");
    std::fs::write(&clear, CANARY).expect("write");
    assert!(walk(dir.path()).iter().any(|p| holds_canary(p)));
    std::fs::remove_file(&clear).expect("remove");
    // ... and neither the relay's database nor either vault holds it.
    for path in walk(dir.path()) {
        assert!(
            !holds_canary(&path),
            "{} holds the questionnaire's text",
            path.display()
        );
    }
}

fn holds_canary(path: &std::path::Path) -> bool {
    let bytes = std::fs::read(path).expect("read");
    bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes())
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_published_questionnaire_travels_by_bundle_and_by_a_nearby_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rt, _base, mut admin, member) = pair(dir.path());
    let mut second = enrolled(&mut admin, &dir.path().join("second"));
    drop(rt); // no relay from here on
    let files = folder("by file");
    let f = form(&files, "1");
    link::publish_questionnaire(&mut admin, &files, &f, "en").expect("publish");
    // By bundle.
    let file = dir.path().join("forms.fsb");
    link::export_bundle(&mut admin, &file).expect("export");
    link::import_bundle(&mut second, &file).expect("import");
    assert_eq!(checked_files(&mut second, &f.hash), Ok(files.clone()));
    // Nearby, the relay stopped.
    let (ra, rb, mut member) = session(&mut admin, member);
    ra.expect("admin side");
    rb.expect("member side");
    assert_eq!(checked_files(&mut member, &f.hash), Ok(files));
}

#[test]
fn only_the_admin_and_allowed_members_publish_and_refused_questionnaires_are_never_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_rt, _base, mut admin, mut member) = pair(dir.path());
    let files = folder("member's form");
    let f = form(&files, "1");
    // A member the admin did not allow cannot publish ...
    assert!(matches!(
        link::publish_questionnaire(&mut member, &files, &f, "en"),
        Err(LinkError::NotPublisher)
    ));
    // ... nor get round it by writing the document itself with its own
    // signature (what a modified app would do): the admin refuses it.
    forge(&mut member, &files, &f, None);
    link::sync_round(&mut member, &mut |_| {}).expect("push");
    link::sync_round(&mut admin, &mut |_| {}).expect("pull");
    assert_eq!(
        checked_files(&mut admin, &f.hash),
        Err(Refusal::NotPublisher)
    );
    // Once allowed (an admin-signed log entry), it may.
    let key = common::device_of(&mut member).to_hex();
    link::allow_publisher(&mut admin, &key[..12], true).expect("allow");
    link::sync_round(&mut member, &mut |_| {}).expect("log");
    let g = form(&folder("allowed"), "1");
    link::publish_questionnaire(&mut member, &folder("allowed"), &g, "en").expect("publish");
    link::sync_round(&mut member, &mut |_| {}).expect("push");
    link::sync_round(&mut admin, &mut |_| {}).expect("pull");
    assert_eq!(checked_files(&mut admin, &g.hash), Ok(folder("allowed")));
    // Disallowed again: what it published still opens, but is no longer
    // offered for new interviews.
    link::allow_publisher(&mut admin, &key, false).expect("disallow");
    let q = link::team_questionnaire(&mut admin, &g.hash)
        .expect("read")
        .expect("present");
    assert!(q.checked.is_ok() && !q.open_for_new_interviews());
    // A stranger's key signing it: refused.
    let stranger = sync::DeviceKey::from_seed([77; 32]);
    let s = form(&folder("stranger"), "1");
    forge(&mut admin, &folder("stranger"), &s, Some(&stranger));
    assert_eq!(
        checked_files(&mut admin, &s.hash),
        Err(Refusal::NotPublisher)
    );
}

/// Writes a questionnaire document by hand, signed by `key` (the vault's
/// own device key when `None`), as a modified app could.
fn forge(
    v: &mut Vault,
    files: &BTreeMap<String, Vec<u8>>,
    f: &FormRef,
    key: Option<&sync::DeviceKey>,
) {
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let id = link::questionnaire_record(&f.hash).expect("hash");
    let now = chrono::Utc::now();
    v.create_questionnaire(
        id,
        vault::NewRecord {
            form: f.clone(),
            language: "en".into(),
            device_id: "x".into(),
            created_at: now,
            title: UserText::default(),
        },
    )
    .expect("create");
    let enc = sync::questionnaire::encode_files(files).expect("encode");
    v.set_meta(id, "q.files", &UserText(b64.encode(&enc)), now)
        .expect("files");
    let info = link::info(v).expect("info").expect("team");
    let team: sync::TeamId = info.team.parse().expect("team");
    let own;
    let key = match key {
        Some(k) => k,
        None => {
            own = device_key(v);
            &own
        }
    };
    let act = sync::questionnaire::Act::sign(
        key,
        ActKind::Publish,
        team,
        sync::questionnaire::hash_from_hex(&f.hash).expect("hash"),
        sync::questionnaire::files_digest(&enc),
        1,
    );
    v.set_meta(
        id,
        &format!("q.publish.{}", key.public().to_hex()),
        &UserText(b64.encode(act.encode())),
        now,
    )
    .expect("act");
}

/// The vault's device signing key, read from its team state.
fn device_key(v: &mut Vault) -> sync::DeviceKey {
    let state = v.secret(link::STATE_SECRET).expect("secret").expect("team");
    let json: serde_json::Value = serde_json::from_slice(&state).expect("json");
    let seed = json["device"].as_str().expect("device seed");
    let mut b = [0u8; 32];
    hex::decode_to_slice(seed, &mut b).expect("hex");
    sync::DeviceKey::from_seed(b)
}

#[test]
fn a_questionnaire_altered_after_signing_or_under_another_hash_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_rt, _base, mut admin, mut member) = pair(dir.path());
    let files = folder("original");
    let f = form(&files, "1");
    let id = link::publish_questionnaire(&mut admin, &files, &f, "en").expect("publish");
    link::sync_round(&mut admin, &mut |_| {}).expect("push");
    link::sync_round(&mut member, &mut |_| {}).expect("pull");
    // A member changes the files after the admin signed them.
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let altered = sync::questionnaire::encode_files(&folder("altered")).expect("encode");
    member
        .set_meta(
            id,
            "q.files",
            &UserText(b64.encode(&altered)),
            chrono::Utc::now(),
        )
        .expect("alter");
    assert_eq!(checked_files(&mut member, &f.hash), Err(Refusal::Altered));
    link::sync_round(&mut member, &mut |_| {}).expect("push");
    link::sync_round(&mut admin, &mut |_| {}).expect("pull");
    assert_eq!(checked_files(&mut admin, &f.hash), Err(Refusal::Altered));
    // An act moved under another signer's or kind's key.
    let fresh = folder("moved");
    let h = form(&fresh, "1");
    let hid = link::publish_questionnaire(&mut admin, &fresh, &h, "en").expect("publish");
    let admin_key = common::device_of(&mut admin).to_hex();
    let act = admin
        .record(hid)
        .expect("record")
        .meta
        .get(&format!("q.publish.{admin_key}"))
        .expect("act")
        .clone();
    assert!(checked_files(&mut admin, &h.hash).is_ok());
    admin
        .set_meta(
            hid,
            &format!("q.withdraw.{admin_key}"),
            &act,
            chrono::Utc::now(),
        )
        .expect("move");
    assert_eq!(checked_files(&mut admin, &h.hash), Err(Refusal::Altered));
    // A document whose record says another hash than its id.
    let g = form(&folder("other"), "1");
    let mut wrong = g.clone();
    wrong.hash = f
        .hash
        .replace(&f.hash[..2], if &f.hash[..2] == "00" { "11" } else { "00" });
    forge(&mut admin, &folder("other"), &wrong, None);
    let real_id = link::questionnaire_record(&wrong.hash).expect("id");
    // Filed under the id of `wrong.hash`, named `wrong.hash`: the app then
    // finds the files do not hash to it (WrongHash there); here the
    // signature names `wrong.hash` and the files, so it checks.
    assert!(
        link::team_questionnaire(&mut admin, &wrong.hash)
            .expect("read")
            .is_some()
    );
    // Moved under another id: refused.
    let moved = admin.export_snapshot(real_id).expect("snapshot");
    let other_id = link::questionnaire_record(&g.hash).expect("id");
    admin
        .merge_changes(other_id, &moved)
        .expect("merge under another id");
    let q = link::team_questionnaire(&mut admin, &g.hash)
        .expect("read")
        .expect("present");
    assert_eq!(q.checked.map(|_| ()), Err(Refusal::WrongHash));
}
