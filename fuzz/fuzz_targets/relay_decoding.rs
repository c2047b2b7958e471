//! What the relay and its clients decode from the network, under libFuzzer:
//! the first byte picks the decoder, the rest is its input.
//!
//! - `0`: an uploaded envelope, as the relay checks it (`Envelope::parse`,
//!   `verify_signature`) and as a device opens it (`Envelope::open`).
//! - `1`: a feed page (`FeedPage::decode`), which must re-encode to the
//!   same bytes, then every item through `TeamSync::receive_page` (batch
//!   seals and members included).
//! - `2`: a signed request: the `x-fs-auth` header value, method, path and
//!   body, separated by `0xff`, through `RequestAuth::from_header` and
//!   `verify`.
//! - `3`: a join request (`JoinRequest::decode`), as the relay reads it.
//! - `4`: a membership log entry (`LogEntry::decode`, then
//!   `Membership::apply` on a team whose admin is the seed device): the
//!   genesis entry (admin, key commitment, relay pins), adds, removals,
//!   rotations with their key commitments, relay-pin entries; an entry
//!   that decodes must re-encode to the same bytes.
//! - `5`: a log page (`decode_log_page`), its entries applied in order.
//! - `6`: an invite code (`Invite::decode`, with the relay pin and the
//!   relay-address rules of `relay_transport`), typed or scanned; a relay
//!   pin typed in hex (`pin_from_hex`).
//! - `7`: a key ring sealed to a device and signed by the admin
//!   (`open_ring`), then checked against the log's key commitments
//!   (`Membership::check_ring`).
//! - `8`: a sync request body (`RoundRequest::decode_any`, as the relay
//!   reads it: version 1 envelopes, or batch members with the batch's
//!   signature), which must re-encode to the same bytes, each envelope
//!   checked, a batch's seal built, verified, encoded and decoded again.
//! - `9`: a sync answer (`RoundAnswer::decode`, as a device reads it),
//!   which must re-encode to the same bytes; its log entries decoded and
//!   its page through `TeamSync::receive_page`.
//! - `10`: what a nearby device sends over the LAN channel: frames
//!   (`len u16 BE | frame`), each through `lan::Frame::decode` (which must
//!   re-encode to the same bytes) and into a responder `lan::Session`
//!   (its Hello, with the signed log head, decides admission first).
//! - `11`: a membership-log head (`LogHead::decode`), which must re-encode
//!   to the same bytes.
//! - `20`: an invite registration (`InviteRegistration::decode`, as the
//!   relay reads it), which must re-encode to the same bytes.
//! - `23`: a team questionnaire as a device reads it from a team
//!   document: the encoded folder (`questionnaire::decode_files`, which
//!   must re-encode to the same bytes) and a signed act (`Act::decode`,
//!   re-encoded the same), checked against the seed team's log
//!   (`questionnaire::check`), split at the first `0xff`.
//! - `21`: a join request as the relay checks it before it may take a
//!   pending slot (`JoinRequest::decode`, `verifies` against the seed
//!   invite's registered verifier), then as the admin does (`proves`) and
//!   its fingerprint; a request that verifies must name the seed invite.
//! - `22`: a fingerprint typed by the admin (`normalize_fingerprint`).
//!
//! Any panic (including overflow and debug assertions, which this build
//! keeps on) is a crash: libFuzzer saves the input and exits non-zero.
//! With `FIELDSCREEN_FUZZ_SEEDS=DIR` the target first writes valid inputs
//! of each kind into DIR, which the run then uses as its seed corpus.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sync::auth::RequestAuth;
use sync::batch::{Member, Seal, seal_member};
use sync::envelope::{Envelope, EnvelopeKind, seal};
use sync::feed::{FeedItem, FeedPage};
use sync::round::{RoundAnswer, RoundRequest};
use sync::team::{
    BoxKey, DeviceIdentity, Invite, InviteKeys, InviteRegistration, JoinRequest, LogEntry, LogHead,
    LogOp, Membership, decode_log_page, encode_log_page, normalize_fingerprint, open_ring,
    pin_from_hex, relay_transport, seal_ring,
};
use sync::{DeviceKey, DocId, KeyRing, TeamId, TeamKey, TeamSync};

const TEAM: TeamId = TeamId::from_u128(0x5eed_f00d);
const NOW_MS: i64 = 1_800_000_000_000;
const RELAY_PIN: [u8; 32] = [0xab; 32];

fn team_key() -> TeamKey {
    TeamKey::from_bytes(1, [7; 32])
}

fn device() -> DeviceKey {
    DeviceKey::from_seed([3; 32])
}

fn box_key() -> BoxKey {
    BoxKey::from_bytes([8; 32])
}

fn envelope(doc: u128, kind: EnvelopeKind, body: &[u8]) -> Vec<u8> {
    seal(
        &team_key(),
        TEAM,
        DocId::from_u128(doc),
        kind,
        body,
        &device(),
        [doc as u8; 12],
    )
    .expect("seal")
}

/// Valid inputs of every kind, each with its selector byte.
fn seeds() -> Vec<Vec<u8>> {
    let with = |tag: u8, bytes: &[u8]| [&[tag][..], bytes].concat();
    let e1 = envelope(1, EnvelopeKind::Chunk, b"automerge changes");
    let e2 = envelope(2, EnvelopeKind::Snapshot, &[0u8; 300]);
    let member = |doc: u128, kind, changes: &[u8]| {
        seal_member(
            &team_key(),
            TEAM,
            DocId::from_u128(doc),
            kind,
            changes,
            [doc as u8; 12],
        )
        .expect("member")
    };
    let m1 = member(3, EnvelopeKind::Chunk, b"automerge changes");
    let m2 = member(4, EnvelopeKind::Snapshot, &[0u8; 300]);
    let batch_seal = Seal::sign(&device(), TEAM, &[&m1, &m2]);
    let round = |envelopes| RoundRequest {
        log_len: 2,
        key_epoch: 1,
        cursor: 4,
        limit: 500,
        envelopes,
    };
    let batch_page = FeedPage {
        items: [batch_seal.encode(), m1.clone(), m2.clone()]
            .into_iter()
            .zip(10u64..)
            .map(|(bytes, seq)| FeedItem { seq, bytes })
            .collect(),
        next: 12,
        more: false,
    };
    let page = FeedPage {
        items: vec![
            FeedItem {
                seq: 4,
                bytes: e1.clone(),
            },
            FeedItem {
                seq: 9,
                bytes: e2.clone(),
            },
        ],
        next: 9,
        more: true,
    };
    let joiner = DeviceIdentity {
        sign: DeviceKey::from_seed([4; 32]).public(),
        boxk: box_key().public(),
    };
    let invite = Invite::new(
        "http://127.0.0.1:8080",
        None,
        TEAM,
        &device().public(),
        [6; 16],
    )
    .expect("invite");
    let pinned = Invite::new(
        "https://relay.example.org:8443",
        Some(RELAY_PIN),
        TEAM,
        &device().public(),
        [6; 16],
    )
    .expect("invite");
    let join = JoinRequest::new(&invite, joiner);
    let (m, log) = lan_team();
    let first = LogEntry::decode(&log[0]).expect("genesis");
    // The log goes on: a removal, a rotation with its key commitment and
    // the relay's keys from then on.
    let mut longer = m.clone();
    let mut entries = log.clone();
    for op in [
        LogOp::Remove(joiner.sign),
        LogOp::Rotate {
            epoch: 2,
            commit: TeamKey::from_bytes(2, [9; 32]).commitment(TEAM),
        },
        LogOp::RelayPins(vec![RELAY_PIN, [0xcd; 32]]),
    ] {
        let e = longer
            .next_entry(&device(), NOW_MS as u64, op)
            .expect("sign");
        longer.apply(&e).expect("apply");
        entries.push(e.encode());
    }
    let sealed = seal_ring(
        &KeyRing::new(team_key()),
        TEAM,
        &device(),
        &joiner,
        &m.head(),
    )
    .expect("seal ring");
    let mut out = vec![
        with(3, &join.encode()),
        with(
            20,
            &InviteKeys::derive(&[6; 16]).registration(NOW_MS).encode(),
        ),
        with(21, &join.encode()),
        with(22, join.fingerprint().as_bytes()),
        with(23, &questionnaire_seed()),
        with(4, &first.encode()),
        with(5, &encode_log_page(&log)),
        with(5, &encode_log_page(&entries)),
        with(6, invite.encode().as_bytes()),
        with(6, pinned.encode().as_bytes()),
        with(6, sync::team::pin_to_hex(&RELAY_PIN).as_bytes()),
        with(7, &sealed),
        with(11, &longer.head().encode()),
        with(0, &e1),
        with(0, &e2),
        with(1, &page.encode()),
        with(1, &FeedPage::default().encode()),
        with(1, &batch_page.encode()),
        with(
            8,
            &round(vec![&m1, &m2]).encode_signed(&batch_seal.signature),
        ),
        with(8, &round(vec![&e1, &e2]).encode()),
        with(
            9,
            &RoundAnswer {
                stored: 2,
                log_total: 3,
                relay_time_ms: NOW_MS as u64,
                log: vec![first.encode()],
                keys: Some(sealed.clone()),
                page: page.clone(),
            }
            .encode(),
        ),
        with(9, &RoundAnswer::default().encode()),
        with(10, &{
            let mut v = Vec::new();
            let (m, log) = lan_team();
            // The initiator's real first turn (a valid proof), then an
            // inventory and a sync message.
            let hello =
                sync::lan::Session::new(sync::lan::Role::Initiator, device(), m, log, &LAN_HASH)
                    .start();
            for f in hello.into_iter().chain([
                sync::lan::Frame::Have(vec![(DocId::from_u128(1), [2; 16])]),
                sync::lan::Frame::End,
                sync::lan::Frame::Sync {
                    doc: DocId::from_u128(1),
                    message: vec![0x42, 1, 2, 3],
                },
                sync::lan::Frame::End,
            ]) {
                let b = f.encode();
                v.extend_from_slice(&(b.len() as u16).to_be_bytes());
                v.extend_from_slice(&b);
            }
            v
        }),
    ];
    for (method, pq, body) in [
        (
            "POST",
            "/v1/teams/00000000-0000-0000-0000-00005eedf00d/blobs",
            e1.as_slice(),
        ),
        (
            "GET",
            "/v1/teams/00000000-0000-0000-0000-00005eedf00d/feed?since=3&limit=50",
            &[][..],
        ),
    ] {
        let auth = RequestAuth::sign(&device(), method, pq, body, NOW_MS, [5; 16]);
        let mut input = vec![2u8];
        input.extend_from_slice(auth.header().1.as_bytes());
        input.push(0xff);
        for part in [method.as_bytes(), pq.as_bytes()] {
            input.extend_from_slice(part);
            input.push(0xff);
        }
        input.extend_from_slice(body);
        out.push(input);
    }
    out
}

fn write_seeds() {
    let Some(dir) = std::env::var_os("FIELDSCREEN_FUZZ_SEEDS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("seed dir");
    for (i, s) in seeds().iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i}")), s).expect("write seed");
    }
}

fn envelope_case(data: &[u8]) {
    let Ok(env) = Envelope::parse(data) else {
        return;
    };
    let _ = env.verify_signature();
    let ring = KeyRing::new(team_key());
    if let Ok(opened) = env.open(TEAM, &ring, |_| true) {
        // Only a genuine envelope opens: same header, signed by the device.
        assert_eq!(opened.signer, device().public());
        assert_eq!(opened.doc, env.doc);
    }
}

fn feed_case(data: &[u8]) {
    let Ok(page) = FeedPage::decode(data) else {
        return;
    };
    assert_eq!(page.encode(), data, "decode then encode is the identity");
    assert!(page.items.windows(2).all(|w| w[0].seq < w[1].seq));
    let mut state = TeamSync::new(TEAM);
    let pulled = state.receive_page(&page, &KeyRing::new(team_key()), 1, |_| true);
    // A seal that holds is neither merged nor refused.
    let fresh = page
        .items
        .iter()
        .filter(|i| i.seq > 0)
        .filter(|i| !Seal::decode(&i.bytes).is_ok_and(|s| s.verify(TEAM).is_ok()))
        .count();
    assert_eq!(pulled.changes.len() + pulled.rejected.len(), fresh);
    assert_eq!(
        pulled.missing_key, None,
        "every epoch up to the log's is held"
    );
}

fn auth_case(data: &[u8]) {
    let mut parts = data.splitn(4, |b| *b == 0xff);
    let mut text = || std::str::from_utf8(parts.next().unwrap_or_default()).ok();
    let (Some(header), Some(method), Some(pq)) = (text(), text(), text()) else {
        return;
    };
    let body = parts.next().unwrap_or_default();
    let Ok(auth) = RequestAuth::from_header(Some(header)) else {
        return;
    };
    assert_eq!(
        auth.header().1,
        header,
        "decode then encode is the identity"
    );
    let _ = auth.verify(method, pq, body, NOW_MS, 5 * 60 * 1000);
    let _ = auth.verify(method, pq, body, auth.time_ms, i64::MAX);
    let _ = auth.verify(method, pq, body, i64::MIN, 0);
}

fn round_request_case(data: &[u8]) {
    let Ok((req, signature)) = RoundRequest::decode_any(data) else {
        return;
    };
    let again = match &signature {
        Some(sig) => req.encode_signed(sig),
        None => req.encode(),
    };
    assert_eq!(again, data, "decode then encode is the identity");
    let Some(signature) = signature else {
        for e in &req.envelopes {
            envelope_case(e);
        }
        return;
    };
    let ring = KeyRing::new(team_key());
    for e in &req.envelopes {
        if let Ok(m) = Member::parse(e) {
            let _ = m.decrypt(TEAM, &ring);
        }
    }
    if !req.envelopes.is_empty() && req.envelopes.len() <= sync::feed::MAX_BATCH_ITEMS {
        let seal = Seal::of(device().public(), signature, &req.envelopes);
        let _ = seal.verify(TEAM);
        assert_eq!(Seal::decode(&seal.encode()), Ok(seal));
    }
}

fn round_answer_case(data: &[u8]) {
    let Ok(answer) = RoundAnswer::decode(data) else {
        return;
    };
    assert_eq!(answer.encode(), data, "decode then encode is the identity");
    for e in &answer.log {
        log_entry_case(e);
    }
    if let Some(keys) = &answer.keys {
        ring_case(keys);
    }
    feed_case(&answer.page.encode());
}

/// A vault with no records, for the LAN session.
struct NoDocs;

impl sync::lan::LanDocs for NoDocs {
    type Error = ();
    fn inventory(&mut self) -> Result<Vec<(DocId, Vec<sync::lan::ChangeHash>)>, ()> {
        Ok(Vec::new())
    }
    fn generate(
        &mut self,
        _: DocId,
        _: &mut sync::lan::DocSyncState,
    ) -> Result<Option<Vec<u8>>, ()> {
        Ok(None)
    }
    fn receive(&mut self, _: DocId, _: &mut sync::lan::DocSyncState, _: &[u8]) -> Result<(), ()> {
        Ok(())
    }
}

/// The team of the LAN and ring cases: the seed device (admin, with the
/// first key's commitment and the relay's pin) and device 4.
fn lan_team() -> (Membership, Vec<Vec<u8>>) {
    let mut m = Membership::new(TEAM, device().public());
    let mut log = Vec::new();
    let ident = |seed: u8| DeviceIdentity {
        sign: DeviceKey::from_seed([seed; 32]).public(),
        boxk: if seed == 4 {
            box_key().public()
        } else {
            BoxKey::from_bytes([seed; 32]).public()
        },
    };
    for op in [
        LogOp::Genesis {
            admin: ident(3),
            commit: team_key().commitment(TEAM),
            pins: vec![RELAY_PIN],
        },
        LogOp::Add(ident(4)),
    ] {
        let e = m.next_entry(&device(), NOW_MS as u64, op).expect("sign");
        m.apply(&e).expect("apply");
        log.push(e.encode());
    }
    (m, log)
}

/// A sealed ring as device 4 checks it: opened with its box key, signed
/// by the admin for it, then its keys against the log's commitments.
fn ring_case(data: &[u8]) {
    let (m, _) = lan_team();
    let me = DeviceKey::from_seed([4; 32]).public();
    if let Ok(opened) = open_ring(data, TEAM, &me, &box_key(), &device().public())
        && m.check_ring(&opened.ring).is_ok()
    {
        // Only the admin's genuine ring gets here: the seed's own key.
        assert_eq!(
            opened.ring.get(1).map(|k| *k.expose_bytes()),
            Some(*team_key().expose_bytes())
        );
    }
}

const LAN_HASH: [u8; 32] = [1; 32];

fn lan_case(mut data: &[u8]) {
    let (m, log) = lan_team();
    let mut session = sync::lan::Session::new(
        sync::lan::Role::Responder,
        DeviceKey::from_seed([4; 32]),
        m,
        log,
        &LAN_HASH,
    );
    while let Some((len, rest)) = data.split_first_chunk::<2>() {
        let len = u16::from_be_bytes(*len) as usize;
        let Some((frame, rest)) = rest.split_at_checked(len) else {
            return;
        };
        data = rest;
        let Ok(f) = sync::lan::Frame::decode(frame) else {
            continue;
        };
        assert_eq!(f.encode(), frame, "decode then encode is the identity");
        if session.receive(f, &mut NoDocs).is_err() {
            return;
        }
    }
}

fn log_entry_case(data: &[u8]) {
    let Ok(entry) = LogEntry::decode(data) else {
        return;
    };
    assert_eq!(entry.encode(), data, "decode then encode is the identity");
    let mut m = Membership::new(TEAM, device().public());
    let _ = m.apply(&entry);
}

fn invite_registration_case(data: &[u8]) {
    if let Ok(reg) = InviteRegistration::decode(data) {
        assert_eq!(reg.encode(), data, "an invite registration re-encodes");
    }
}

/// The seed invite's secret (the one `seeds` registers and joins with).
const INVITE_SECRET: [u8; 16] = [6; 16];

fn join_check_case(data: &[u8]) {
    let Ok(req) = JoinRequest::decode(data) else {
        return;
    };
    let keys = InviteKeys::derive(&INVITE_SECRET);
    let verifies = req.verifies(&keys.verifier());
    // The admin's check is the relay's plus the invite id.
    assert_eq!(
        req.proves(&INVITE_SECRET),
        verifies && req.invite == keys.id
    );
    let fp = req.fingerprint();
    assert_eq!(normalize_fingerprint(&fp).map(|d| d.len()), Some(12));
    assert_eq!(req.encode(), data, "a join request re-encodes");
}

fn typed_fingerprint_case(data: &[u8]) {
    if let Some(d) = normalize_fingerprint(&String::from_utf8_lossy(data)) {
        assert!(d.len() == 12 && d.bytes().all(|b| b.is_ascii_digit()));
    }
}

fn enrollment_case(tag: u8, data: &[u8]) {
    match tag {
        3 => {
            let _ = JoinRequest::decode(data);
        }
        4 => log_entry_case(data),
        5 => {
            if let Ok(entries) = decode_log_page(data) {
                let mut m = Membership::new(TEAM, device().public());
                for e in &entries {
                    log_entry_case(e);
                    if let Ok(entry) = LogEntry::decode(e)
                        && m.apply(&entry).is_err()
                    {
                        break;
                    }
                }
                let _ = m.check_ring(&KeyRing::new(team_key()));
                let _ = LogHead::of(&entries, m.len());
            }
        }
        6 => {
            if let Ok(code) = std::str::from_utf8(data) {
                if let Ok(invite) = Invite::decode(code) {
                    assert!(relay_transport(&invite.relay).is_ok());
                }
                let _ = relay_transport(code);
                let _ = pin_from_hex(code);
            }
        }
        _ => ring_case(data),
    }
}

/// A folder and the admin's publication of it, as case 23 reads them.
fn questionnaire_seed() -> Vec<u8> {
    use sync::questionnaire::{Act, ActKind, encode_files, files_digest};
    let mut files = std::collections::BTreeMap::new();
    files.insert("questionnaire.toml".to_owned(), b"id = \"x\"".to_vec());
    files.insert("translations/th.ftl".to_owned(), b"q = x".to_vec());
    let enc = encode_files(&files).expect("encode");
    let act = Act::sign(
        &device(),
        ActKind::Publish,
        TEAM,
        [7; 32],
        files_digest(&enc),
        NOW_MS as u64,
    );
    [&enc[..], &[0xff], &act.encode()].concat()
}

fn questionnaire_case(data: &[u8]) {
    use sync::questionnaire::{Act, check, decode_files, encode_files};
    let (files, act) = match data.iter().position(|b| *b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    if let Ok(decoded) = decode_files(files) {
        assert_eq!(
            encode_files(&decoded).as_deref(),
            Ok(files),
            "decode then encode"
        );
    }
    if let Ok(act) = Act::decode(act) {
        assert_eq!(
            act.encode(),
            data[data.len() - act.encode().len()..],
            "decode then encode"
        );
        let (m, _) = lan_team();
        let _ = check(&m, &act.form_hash, files, &[act.clone()]);
    }
}

fuzz_target!(init: write_seeds(), |data: &[u8]| {
    match data.split_first() {
        Some((0, rest)) => envelope_case(rest),
        Some((1, rest)) => feed_case(rest),
        Some((2, rest)) => auth_case(rest),
        Some((tag @ 3..=7, rest)) => enrollment_case(*tag, rest),
        Some((8, rest)) => round_request_case(rest),
        Some((9, rest)) => round_answer_case(rest),
        Some((10, rest)) => lan_case(rest),
        Some((11, rest)) => {
            if let Ok(head) = LogHead::decode(rest) {
                assert_eq!(head.encode(), rest, "decode then encode is the identity");
            }
        }
        Some((20, rest)) => invite_registration_case(rest),
        Some((21, rest)) => join_check_case(rest),
        Some((22, rest)) => typed_fingerprint_case(rest),
        Some((23, rest)) => questionnaire_case(rest),
        _ => {}
    }
});
