//! TLS to the relay, pinned by the invite: through a TLS-terminating proxy
//! on loopback (a self-signed certificate, as a small organisation's relay
//! has) in front of a plain relay, a team is created, invites, joins,
//! admits and syncs on the pin alone; the same address showing another key
//! is refused during the handshake, before any request is sent; a plain
//! `http://` relay on another machine is refused before any connection.

mod common;

use std::time::{Duration, Instant};

use common::*;
use link::LinkError;
use relay_client::client::{ClientError, RelayClient};
use relay_client::tls::Trust;
use sync::team::{Invite, pin_fingerprint, pin_to_hex};
use sync::{DeviceKey, TeamError, TeamId};

#[test]
fn create_invite_join_admit_and_sync_work_through_the_invites_pin() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = relay(&rt, dir.path());
    let (proxy, pin) = TlsProxy::start(&rt, &plain);

    let mut admin = vault(&dir.path().join("admin"));
    let info = link::create_team(&mut admin, &proxy.url, "Trat pier", Some(pin), None)
        .expect("create through TLS");
    assert_eq!(info.relay_pins, vec![pin_to_hex(&pin)]);
    assert_eq!(info.relay_pin_short, Some(pin_fingerprint(&pin)));
    let code = invite(&mut admin).expect("invite");
    let inv = Invite::decode(&code).expect("code");
    assert_eq!(
        (inv.relay.as_str(), inv.pin),
        (proxy.url.as_str(), Some(pin))
    );

    // The joining device knows the relay only through the invite.
    let mut member = join_with(&mut admin, vault(&dir.path().join("member")));
    let m = link::info(&mut member).expect("info").expect("team");
    assert!(m.admitted && m.relay_pins == vec![pin_to_hex(&pin)]);

    let id = case_with(&mut admin, "TR-0042", "name", "CANARY-TLS");
    assert_eq!(
        link::sync_round(&mut admin, &mut |_| {})
            .expect("push")
            .pushed,
        1
    );
    let r = link::sync_round(&mut member, &mut |_| {}).expect("pull");
    assert_eq!(r.pulled, 1);
    assert_eq!(
        member.heads(id).expect("heads"),
        admin.heads(id).expect("heads")
    );
    assert!(proxy.received() > 0 && proxy.refused() == 0);
}

#[test]
fn the_same_address_showing_another_key_is_refused_before_any_request_is_sent() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = relay(&rt, dir.path());
    let (proxy, pin) = TlsProxy::start(&rt, &plain);
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &proxy.url, "Ranong", Some(pin), None).expect("create");
    let code = invite(&mut admin).expect("invite");
    case_with(&mut admin, "RN-1", "name", "CANARY-NOT-SENT");

    // Someone takes the relay's address with a key of their own.
    let other = proxy.change_key();
    let before = proxy.received();
    let e = link::sync_round(&mut admin, &mut |_| {}).expect_err("refused");
    let LinkError::RelayKeyMismatch { seen } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(*seen, pin_fingerprint(&other));
    let said = i18n::message("en", e.message_id(), &e.message_args());
    assert!(
        said.contains(&pin_fingerprint(&other)) && said.contains("Nothing was sent"),
        "{said}"
    );
    // A device joining with the invite is refused the same way.
    let mut joiner = vault(&dir.path().join("joiner"));
    let e = link::join(
        &mut joiner,
        &code,
        Duration::from_secs(1),
        Duration::from_millis(50),
    )
    .expect_err("refused");
    assert!(matches!(e, LinkError::RelayKeyMismatch { .. }), "{e:?}");
    // The proxy saw the handshakes fail and not one byte of a request.
    let waited = Instant::now();
    while proxy.refused() < 2 && waited.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(proxy.refused() >= 2, "{}", proxy.refused());
    assert_eq!(
        proxy.received(),
        before,
        "no request bytes reached the proxy"
    );
}

#[test]
fn moving_the_relay_to_a_new_key_is_an_admin_signed_entry_that_devices_follow() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = relay(&rt, dir.path());
    let (proxy, old) = TlsProxy::start(&rt, &plain);
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &proxy.url, "Chanthaburi", Some(old), None).expect("create");
    let mut member = join_with(&mut admin, vault(&dir.path().join("member")));
    // The relay's operator prepares a new key; the admin announces it
    // beside the old one, and the member hears of it at its next sync.
    let (chain, key, new) = self_signed();
    link::set_relay_pins(&mut admin, &[old, new]).expect("announce");
    link::sync_round(&mut member, &mut |_| {}).expect("sync");
    let info = link::info(&mut member).expect("info").expect("team");
    assert_eq!(info.relay_pins, vec![pin_to_hex(&old), pin_to_hex(&new)]);
    // The relay switches: both devices follow; then the old key is dropped.
    proxy.use_key(chain, key);
    link::sync_round(&mut member, &mut |_| {}).expect("the new key is trusted");
    link::set_relay_pins(&mut admin, &[new]).expect("drop the old key");
    link::sync_round(&mut member, &mut |_| {}).expect("sync");
    let info = link::info(&mut member).expect("info").expect("team");
    assert_eq!(info.relay_pin_short, Some(pin_fingerprint(&new)));
    // A key nobody announced is still refused.
    proxy.change_key();
    assert!(matches!(
        link::sync_round(&mut member, &mut |_| {}),
        Err(LinkError::RelayKeyMismatch { .. })
    ));
}

/// An address of this machine that is not loopback, if it has one.
fn lan_ip() -> Option<std::net::Ipv4Addr> {
    if_addrs::get_if_addrs()
        .ok()?
        .into_iter()
        .filter(|i| !i.is_loopback())
        .find_map(|i| match i.ip() {
            std::net::IpAddr::V4(v4) => Some(v4),
            std::net::IpAddr::V6(_) => None,
        })
}

#[test]
fn a_plain_http_relay_on_another_machine_is_refused_before_connecting() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A listener on this machine's network address: it must see nobody.
    let listener = std::net::TcpListener::bind("0.0.0.0:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    // (No network address here: a documentation address, never reached.)
    let ip = lan_ip().unwrap_or(std::net::Ipv4Addr::new(192, 0, 2, 1));
    let url = format!("http://{ip}:{port}");
    let mut admin = vault(&dir.path().join("admin"));
    let started = Instant::now();
    let e = link::create_team(&mut admin, &url, "Boat", None, None).expect_err("refused");
    assert!(
        matches!(e, LinkError::Team(TeamError::InsecureRelay)),
        "{e:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    let said = i18n::localizer().format("en", e.message_id(), None);
    assert!(
        said.contains("https://") && said.contains("Nothing was sent"),
        "{said}"
    );
    assert!(
        matches!(
            listener.accept(),
            Err(ref x) if x.kind() == std::io::ErrorKind::WouldBlock
        ),
        "nobody connected"
    );
    assert!(link::info(&mut admin).expect("info").is_none(), "no team");
    // The relay client refuses it too, whoever builds it.
    let client = RelayClient::new(&url, TeamId::new_v4(), DeviceKey::from_seed([1; 32]));
    let rt = runtime();
    assert!(matches!(
        rt.block_on(client.create_team()),
        Err(ClientError::Insecure)
    ));
    assert!(listener.accept().is_err());
    // Loopback HTTP stays allowed (tests, a relay on this machine), and a
    // pin makes no sense there.
    let plain = relay(&rt, dir.path());
    assert!(matches!(
        link::create_team(&mut admin, &plain, "Boat", Some([1; 32]), None),
        Err(LinkError::Team(TeamError::BadRelayUrl))
    ));
    link::create_team(&mut admin, &plain, "Boat", None, None).expect("loopback http");
}

#[test]
fn without_a_pin_a_relay_needs_a_certificate_from_an_authority_and_its_key_is_then_pinned() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = relay(&rt, dir.path());
    // A self-signed relay and no pin: refused, and the message names the
    // key it showed (to compare with what the relay prints).
    let (selfsigned, pin) = TlsProxy::start(&rt, &plain);
    let mut admin = vault(&dir.path().join("admin"));
    let e = link::create_team(&mut admin, &selfsigned.url, "Koh Kong", None, None)
        .expect_err("refused");
    assert!(
        matches!(&e, LinkError::RelayUntrusted { seen } if *seen == pin_fingerprint(&pin)),
        "{e:?}"
    );
    assert_eq!(selfsigned.received(), 0);

    // A relay whose certificate an authority issued (a test authority
    // here): accepted on the authority, and the key seen is what gets pinned.
    let ca_key = rcgen::KeyPair::generate().expect("ca key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("ca");
    let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("params")
        .signed_by(&leaf_key, &ca)
        .expect("leaf");
    let leaf_pin = relay::tls::spki_sha256(leaf.der()).expect("pin");
    let issued = TlsProxy::start_with(
        &rt,
        &plain,
        vec![leaf.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
    );
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.der().clone()).expect("root");
    let team = TeamId::new_v4();
    let client = RelayClient::with_trust(
        &issued.url,
        team,
        DeviceKey::from_seed([3; 32]),
        Trust::Authorities(std::sync::Arc::new(roots)),
        Duration::from_secs(5),
        Duration::from_secs(5),
    );
    rt.block_on(client.create_team())
        .expect("trusted through the authority");
    assert_eq!(client.seen_pin(), Some(leaf_pin));
    // The same relay with Mozilla's roots only: not trusted.
    let public = RelayClient::new(&issued.url, TeamId::new_v4(), DeviceKey::from_seed([4; 32]));
    assert!(matches!(
        rt.block_on(public.create_team()),
        Err(ClientError::Untrusted { seen }) if seen == leaf_pin
    ));
    // Pinned to the leaf's key, the authority no longer matters.
    let pinned = RelayClient::pinned(
        &issued.url,
        TeamId::new_v4(),
        DeviceKey::from_seed([5; 32]),
        &[leaf_pin],
    );
    rt.block_on(pinned.create_team()).expect("pinned");
}
