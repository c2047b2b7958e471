use super::invite::{base32, checksum, unbase32};
use super::*;
use proptest::prelude::*;

const TEAM: TeamId = TeamId::from_u128(42);
const PIN: RelayPin = [0xAB; 32];

fn ident(seed: u8) -> (DeviceKey, BoxKey, DeviceIdentity) {
    let s = DeviceKey::from_seed([seed; 32]);
    let b = BoxKey::from_bytes([seed.wrapping_add(100); 32]);
    let id = DeviceIdentity {
        sign: s.public(),
        boxk: b.public(),
    };
    (s, b, id)
}

fn key(epoch: u32, byte: u8) -> TeamKey {
    TeamKey::from_bytes(epoch, [byte; 32])
}

fn genesis(aid: DeviceIdentity) -> LogOp {
    LogOp::Genesis {
        admin: aid,
        commit: key(1, 1).commitment(TEAM),
        pins: vec![PIN],
    }
}

fn log_of(admin: &DeviceKey, ops: &[LogOp]) -> (Membership, Vec<Vec<u8>>) {
    let mut m = Membership::new(TEAM, admin.public());
    let mut out = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let e = m
            .next_entry(admin, 1_000 + i as u64, op.clone())
            .expect("sign");
        m.apply(&e).expect("apply");
        out.push(e.encode());
    }
    (m, out)
}

#[test]
fn sealed_rings_open_only_for_their_device_team_and_admin() {
    let (admin, _, aid) = ident(9);
    let (_, bk, id) = ident(1);
    let (mallory, other, oid) = ident(2);
    let mut ring = KeyRing::new(key(1, 1));
    ring.insert(key(2, 2));
    let at = LogHead {
        len: 5,
        head: [3; 32],
    };
    let sealed = seal_ring(&ring, TEAM, &admin, &id, &at).expect("seal");
    let opened = open_ring(&sealed, TEAM, &id.sign, &bk, &aid.sign).expect("open");
    assert_eq!(opened.ring.len(), 2);
    assert_eq!(opened.ring.get(2).map(|k| *k.expose_bytes()), Some([2; 32]));
    assert_eq!(opened.at, at);
    // Another device cannot open it; another team, admin or recipient is refused.
    assert_eq!(
        open_ring(&sealed, TEAM, &oid.sign, &other, &aid.sign).expect_err("refused"),
        TeamError::Unsealable
    );
    assert_eq!(
        open_ring(&sealed, TeamId::from_u128(1), &id.sign, &bk, &aid.sign).expect_err("refused"),
        TeamError::Malformed
    );
    assert_eq!(
        open_ring(&sealed, TEAM, &id.sign, &bk, &oid.sign).expect_err("refused"),
        TeamError::RingUnsigned
    );
    assert_eq!(
        open_ring(&sealed, TEAM, &oid.sign, &bk, &aid.sign).expect_err("refused"),
        TeamError::RingNotForThisDevice
    );
    // Signed by anyone but the admin (the relay, a member): refused.
    let forged = seal_ring(&ring, TEAM, &mallory, &id, &at).expect("seal");
    assert_eq!(
        open_ring(&forged, TEAM, &id.sign, &bk, &aid.sign).expect_err("refused"),
        TeamError::RingUnsigned
    );
    // The anonymous ring of the older format: nobody signed it.
    let mut old = b"FSK1".to_vec();
    old.extend_from_slice(TEAM.as_bytes());
    old.push(1);
    old.extend_from_slice(&1u32.to_be_bytes());
    old.extend_from_slice(&[7; 32]);
    let old = crypto_box::PublicKey::from_bytes(id.boxk.0)
        .seal(&mut crypto_box::aead::OsRng, &old)
        .expect("seal");
    assert_eq!(
        open_ring(&old, TEAM, &id.sign, &bk, &aid.sign).expect_err("refused"),
        TeamError::RingUnsigned
    );
    let mut bad = sealed.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert_eq!(
        open_ring(&bad, TEAM, &id.sign, &bk, &aid.sign).expect_err("refused"),
        TeamError::Unsealable
    );
    // The key bytes never appear in the sealed form.
    assert!(!sealed.windows(32).any(|w| w == [2; 32]));
    assert!((MIN_SEALED_RING_BYTES..=MAX_SEALED_RING_BYTES).contains(&sealed.len()));
    assert_eq!(
        seal_ring(&KeyRing::new(key(1, 1)), TEAM, &admin, &id, &at)
            .expect("seal")
            .len(),
        MIN_SEALED_RING_BYTES
    );
}

#[test]
fn rings_are_checked_against_the_logs_commitments() {
    let (admin, _, aid) = ident(1);
    let (m, _) = log_of(
        &admin,
        &[
            genesis(aid),
            LogOp::Rotate {
                epoch: 2,
                commit: key(2, 2).commitment(TEAM),
            },
        ],
    );
    let mut good = KeyRing::new(key(1, 1));
    good.insert(key(2, 2));
    assert_eq!(m.check_ring(&good), Ok(()));
    // A key for an epoch the log does not have.
    let mut ahead = good.clone();
    ahead.insert(key(3, 3));
    assert_eq!(m.check_ring(&ahead), Err(TeamError::RingUnknownEpoch(3)));
    // A key that is not the one the admin committed to.
    let mut swapped = KeyRing::new(key(1, 1));
    swapped.insert(key(2, 9));
    assert_eq!(m.check_ring(&swapped), Err(TeamError::RingKeyMismatch(2)));
    assert_eq!(
        m.check_ring(&KeyRing::new(key(1, 7))),
        Err(TeamError::RingKeyMismatch(1))
    );
    // The log carries the commitment, never the key.
    let (_, wire) = log_of(&admin, &[genesis(aid)]);
    assert!(!wire[0].windows(32).any(|w| w == [1; 32]));
}

#[test]
fn relay_urls_are_https_or_loopback_http() {
    use RelayTransport::*;
    for (url, want) in [
        ("https://relay.example.org", Ok(Https)),
        ("https://10.0.0.5:8443/base", Ok(Https)),
        ("HTTPS://[2001:db8::1]:443", Ok(Https)),
        ("http://127.0.0.1:8080", Ok(LoopbackHttp)),
        ("http://127.9.9.9", Ok(LoopbackHttp)),
        ("http://localhost:1234/", Ok(LoopbackHttp)),
        ("http://[::1]:80", Ok(LoopbackHttp)),
        ("http://192.168.1.10:8080", Err(TeamError::InsecureRelay)),
        ("http://relay.example.org", Err(TeamError::InsecureRelay)),
        ("http://[2001:db8::1]", Err(TeamError::InsecureRelay)),
        (
            "http://127.0.0.1.example.org",
            Err(TeamError::InsecureRelay),
        ),
        (
            "http://localhost.example.org",
            Err(TeamError::InsecureRelay),
        ),
        ("http://user@127.0.0.1", Err(TeamError::BadRelayUrl)),
        ("ftp://127.0.0.1", Err(TeamError::BadRelayUrl)),
        ("https://", Err(TeamError::BadRelayUrl)),
        ("https://[::1", Err(TeamError::BadRelayUrl)),
        ("http://127.0.0.1 x", Err(TeamError::BadRelayUrl)),
    ] {
        assert_eq!(relay_transport(url), want, "{url}");
    }
    assert_eq!(
        relay_transport(&format!("https://{}", "a".repeat(200))),
        Err(TeamError::BadRelayUrl)
    );
}

#[test]
fn pins_read_from_hex_and_show_short() {
    let hex = "3F2A9C0177DE4B10".repeat(4);
    let pin = pin_from_hex(&hex).expect("pin");
    assert_eq!(pin_to_hex(&pin), hex.to_lowercase());
    assert_eq!(pin_fingerprint(&pin), "3f2a 9c01 77de 4b10");
    let spaced: String = hex
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect::<Vec<_>>()
        .join(":");
    assert_eq!(pin_from_hex(&spaced), Some(pin));
    assert_eq!(pin_from_hex(&hex[..62]), None);
    assert_eq!(pin_from_hex(&format!("{}zz", &hex[..62])), None);
}

#[test]
fn invite_codes_round_trip_tolerate_typing_and_catch_mistakes() {
    let (admin, _, _) = ident(9);
    let inv = Invite::new(
        "https://relay.example.org:8443",
        Some(PIN),
        TEAM,
        &admin.public(),
        [7; 16],
    )
    .expect("invite");
    let code = inv.encode();
    assert!(code.starts_with("FS2-"));
    assert_eq!(Invite::decode(&code).expect("decode"), inv);
    assert!(
        Invite::decode(&code)
            .expect("decode")
            .names_admin(&admin.public())
    );
    // Lower case, spaces instead of dashes, O for 0.
    let typed = code.to_lowercase().replace('-', " ").replace('0', "o");
    assert_eq!(
        Invite::decode(&format!("fs2-{}", &typed[4..])).expect("typed"),
        inv
    );
    // One wrong character fails the checksum.
    let mut chars: Vec<char> = code.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    let wrong: String = chars.into_iter().collect();
    assert_eq!(
        Invite::decode(&wrong).expect_err("refused"),
        TeamError::BadInvite
    );
    // Loopback HTTP carries no pin; HTTPS needs one; HTTP elsewhere never.
    let local = Invite::new(
        "http://127.0.0.1:8080",
        None,
        TEAM,
        &admin.public(),
        [1; 16],
    )
    .expect("loopback");
    assert_eq!(Invite::decode(&local.encode()).expect("decode"), local);
    for (url, pin, err) in [
        ("https://relay.example.org", None, TeamError::PinMissing),
        ("http://10.1.2.3:8080", None, TeamError::InsecureRelay),
        ("http://127.0.0.1", Some(PIN), TeamError::BadRelayUrl),
        ("ftp://x", Some(PIN), TeamError::BadRelayUrl),
    ] {
        assert_eq!(
            Invite::new(url, pin, TEAM, &admin.public(), [0; 16]).expect_err(url),
            err
        );
    }
    assert_eq!(
        Invite::decode("").expect_err("refused"),
        TeamError::BadInvite
    );
    assert_eq!(
        Invite::decode("FS2-").expect_err("refused"),
        TeamError::BadInvite
    );
    // A code of the older layout says so.
    let mut old = vec![1u8];
    old.extend_from_slice(TEAM.as_bytes());
    old.extend_from_slice(&[0; 32]);
    old.push(21);
    old.extend_from_slice(b"http://127.0.0.1:8080");
    let c = checksum(&old);
    old.extend_from_slice(&c);
    assert_eq!(
        Invite::decode(&format!("FS1-{}", base32(&old))).expect_err("old"),
        TeamError::OldFormat
    );
    expect_test::expect![[r#"
        Invite { relay: "https://relay.example.org:8443", pin: Some("abab abab abab abab"), team: 00000000-0000-0000-0000-00000000002a, .. }
    "#]]
    .assert_eq(&format!("{inv:?}\n"));
}

#[test]
fn join_requests_prove_the_secret() {
    let inv = Invite::new(
        "https://relay.example",
        Some(PIN),
        TEAM,
        &ident(9).0.public(),
        [5; 16],
    )
    .expect("invite");
    let (_, _, id) = ident(3);
    let req = JoinRequest::new(&inv, id);
    let wire = req.encode();
    assert_eq!(wire.len(), JOIN_REQUEST_LEN);
    let back = JoinRequest::decode(&wire).expect("decode");
    assert_eq!(back, req);
    assert!(back.proves(&[5; 16]));
    assert!(!back.proves(&[6; 16]));
    // The relay's check: against the registered public verifier only.
    let keys = InviteKeys::derive(&[5; 16]);
    assert_eq!(back.invite, keys.id);
    assert!(back.verifies(&keys.verifier()));
    assert!(!back.verifies(&InviteKeys::derive(&[6; 16]).verifier()));
    // Swapping the device's box key (to steal the sealed ring), or
    // naming another invite, breaks the proof.
    for pos in [60, 4 + 16 + 64 + 3] {
        let mut swapped = wire.clone();
        swapped[pos] ^= 1;
        let bad = JoinRequest::decode(&swapped).expect("decode");
        assert!(!bad.proves(&[5; 16]) && !bad.verifies(&keys.verifier()));
    }
    assert!(JoinRequest::decode(&wire[..wire.len() - 1]).is_err());
    // A version 1 request (HMAC proof) is refused as malformed.
    let mut v1 = wire.clone();
    v1[3] = b'1';
    assert_eq!(JoinRequest::decode(&v1), Err(TeamError::Malformed));
}

#[test]
fn invite_registrations_carry_the_public_verifier_only() {
    let secret = [8u8; 16];
    let keys = InviteKeys::derive(&secret);
    let reg = keys.registration(1_700_000_000_000);
    let wire = reg.encode();
    assert_eq!(wire.len(), INVITE_REGISTRATION_LEN);
    assert_eq!(InviteRegistration::decode(&wire), Ok(reg));
    assert!(!wire.windows(16).any(|w| w == secret));
    // Deterministic, and different for another secret.
    assert_eq!(InviteKeys::derive(&secret).id, keys.id);
    assert_ne!(InviteKeys::derive(&[9; 16]).id, keys.id);
    // The format, byte for byte.
    expect_test::expect!["465349310f4cf3582d6dda310b72397a2181c815b0e3c77035e826b8f959c4e2438143d9437926e23948da13548a34df99771d5e0000018bcfe56800"].assert_eq(&hex::encode(&wire));
    assert!(InviteRegistration::decode(&wire[1..]).is_err());
    let mut bad = wire.clone();
    bad[0] = b'X';
    assert!(InviteRegistration::decode(&bad).is_err());
}

#[test]
fn device_fingerprints_are_twelve_digits_bound_to_both_keys_and_the_team() {
    let (_, _, a) = ident(1);
    let (_, _, b) = ident(2);
    let fp = device_fingerprint(TEAM, &a);
    assert_eq!(fp.len(), 14);
    assert!(fp.chars().all(|c| c.is_ascii_digit() || c == ' '));
    assert_eq!(fp, device_fingerprint(TEAM, &a));
    assert_ne!(fp, device_fingerprint(TEAM, &b));
    assert_ne!(fp, device_fingerprint(TeamId::from_u128(7), &a));
    let swapped_box = DeviceIdentity {
        sign: a.sign,
        boxk: b.boxk,
    };
    assert_ne!(fp, device_fingerprint(TEAM, &swapped_box));
    let req = JoinRequest::new(
        &Invite::new("http://127.0.0.1:1", None, TEAM, &a.sign, [1; 16]).expect("invite"),
        a,
    );
    assert_eq!(req.fingerprint(), fp);
    let digits: String = fp.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(normalize_fingerprint(&fp), Some(digits.clone()));
    assert_eq!(
        normalize_fingerprint(&fp.replace(' ', "-")),
        Some(digits.clone())
    );
    assert_eq!(normalize_fingerprint(&digits[1..]), None);
    assert_eq!(normalize_fingerprint(&format!("{digits}x")), None);
}

#[test]
fn membership_log_replays_and_refuses_forgeries() {
    let (admin, _, aid) = ident(1);
    let (_, _, b) = ident(2);
    let (_, _, c) = ident(3);
    let rotate = LogOp::Rotate {
        epoch: 2,
        commit: key(2, 2).commitment(TEAM),
    };
    let ops = [
        genesis(aid),
        LogOp::Add(b),
        LogOp::Add(c),
        LogOp::Remove(b.sign),
        rotate.clone(),
        LogOp::RelayPins(vec![PIN, [0xCD; 32]]),
    ];
    let (m, wire) = log_of(&admin, &ops);
    let page = decode_log_page(&encode_log_page(&wire)).expect("page");
    assert_eq!(page, wire);
    let replayed = Membership::from_log(TEAM, admin.public(), &page).expect("replay");
    assert_eq!(replayed, m);
    assert!(m.is_member(&c.sign) && !m.is_member(&b.sign) && m.was_member(&b.sign));
    assert_eq!(m.epoch(), 2);
    assert_eq!(m.members().count(), 2);
    assert_eq!(m.relay_pins(), &[PIN, [0xCD; 32]]);
    assert_eq!(m.last_time_ms(), 1_005);
    assert_eq!(m.head(), LogHead::of(&wire, 6).expect("head"));
    assert_eq!(LogHead::of(&wire, 0), Some(LogHead::default()));
    assert_eq!(LogHead::of(&wire, 7), None);
    let head = m.head();
    assert_eq!(LogHead::decode(&head.encode()), Ok(head));
    assert!(LogHead::decode(&head.encode()[1..]).is_err());
    for (i, w) in wire.iter().enumerate() {
        let e = LogEntry::decode(w).expect("decode");
        assert_eq!(e.op, ops[i]);
        assert_eq!(e.encode(), *w);
    }

    // Signed by someone else: refused.
    let (mallory, _, _) = ident(4);
    let forged = m.next_entry(&mallory, 9, LogOp::Add(b)).expect("sign");
    let mut m2 = m.clone();
    assert_eq!(m2.apply(&forged), Err(TeamError::LogBadSignature));
    assert_eq!(m2, m);
    // Illegal steps, even when signed by the admin.
    for op in [
        LogOp::Add(b),           // removed devices stay removed
        LogOp::Add(c),           // already a member
        LogOp::Remove(aid.sign), // the admin
        rotate.clone(),          // epoch must go up by one
        LogOp::Rotate {
            epoch: 9,
            commit: [0; 32],
        },
        genesis(aid), // only first
    ] {
        assert_eq!(
            m2.apply(&m.next_entry(&admin, 9, op).expect("sign")),
            Err(TeamError::LogIllegal)
        );
    }
    // Out of order, dropped or reordered entries break the chain.
    let mut dropped = wire.clone();
    dropped.remove(1);
    assert_eq!(
        Membership::from_log(TEAM, admin.public(), &dropped).expect_err("refused"),
        TeamError::LogBroken
    );
    let mut swapped = wire.clone();
    swapped.swap(1, 2);
    assert!(Membership::from_log(TEAM, admin.public(), &swapped).is_err());
    // The first entry must be this admin's genesis.
    let mut fresh = Membership::new(TEAM, admin.public());
    assert_eq!(
        fresh.apply(&fresh.next_entry(&admin, 1, LogOp::Add(aid)).expect("sign")),
        Err(TeamError::LogIllegal)
    );
    assert_eq!(
        fresh.apply(&fresh.next_entry(&admin, 1, genesis(b)).expect("sign")),
        Err(TeamError::LogIllegal)
    );
    // Another team's log does not replay here.
    assert!(Membership::from_log(TeamId::from_u128(1), admin.public(), &wire).is_err());
    // Too many pins cannot be signed or read.
    assert_eq!(
        m.next_entry(&admin, 1, LogOp::RelayPins(vec![[1; 32]; 5]))
            .expect_err("too many"),
        TeamError::TooManyPins
    );
    // An entry of the older layout says so.
    let mut old = wire[1].clone();
    old[..4].copy_from_slice(b"FSL1");
    assert_eq!(LogEntry::decode(&old), Err(TeamError::OldFormat));
}

proptest! {
    #[test]
    fn hostile_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = LogEntry::decode(&bytes);
        let _ = JoinRequest::decode(&bytes);
        let _ = InviteRegistration::decode(&bytes);
        let _ = normalize_fingerprint(&String::from_utf8_lossy(&bytes));
        let _ = decode_log_page(&bytes);
        let _ = LogHead::decode(&bytes);
        let (_, bk, id) = ident(1);
        let _ = open_ring(&bytes, TEAM, &id.sign, &bk, &id.sign);
        let s = String::from_utf8_lossy(&bytes);
        let _ = Invite::decode(&s);
        let _ = Invite::decode(&format!("FS2-{s}"));
        let _ = relay_transport(&s);
        let _ = pin_from_hex(&s);
        for magic in [&b"FSL2"[..], b"FSL1"] {
            let mut b = magic.to_vec();
            b.extend_from_slice(&bytes);
            let _ = LogEntry::decode(&b);
        }
    }

    #[test]
    fn any_single_bit_flip_in_a_log_entry_is_refused(pos in 0usize..MAX_LOG_ENTRY_BYTES, bit in 0u8..8) {
        let (admin, _, aid) = ident(1);
        let (_, wire) = log_of(&admin, &[genesis(aid)]);
        let mut e = wire[0].clone();
        let pos = pos % e.len();
        e[pos] ^= 1 << bit;
        prop_assert!(Membership::from_log(TEAM, admin.public(), [e]).is_err());
    }

    #[test]
    fn base32_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        prop_assert_eq!(unbase32(&base32(&bytes)), Some(bytes));
    }
}
