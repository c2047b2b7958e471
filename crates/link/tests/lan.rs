//! Device-to-device sync (`link::lan`) between vaults of one team over
//! loopback TCP, with the relay gone: convergence and conflicts, a removed
//! device and a device of another team refused, hostile bytes refused, a
//! connection cut half-way that loses nothing.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::*;
use link::{LanListener, LinkError};
use sync::lan::{LanError, Role};
use vault::{AnswerValue, FormRef, NewRecord, Provenance, RecordId, UserText, Vault};

/// A team with an admin and `members` other devices, enrolled through a
/// relay that is then shut down.
fn team(dir: &std::path::Path, name: &str, members: usize) -> Vec<Vault> {
    let rt = runtime();
    let base = relay(&rt, &dir.join(name));
    let mut admin = vault(&dir.join(format!("{name}-admin")));
    link::create_team(&mut admin, &base, name).expect("create");
    let mut others: Vec<Vault> = (0..members)
        .map(|i| enrolled(&mut admin, &dir.join(format!("{name}-{i}"))))
        .collect();
    drop(rt); // no relay from here on
    others.insert(0, admin);
    others
}

fn t(s: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(1_750_000_000 + s, 0)
        .single()
        .expect("time")
}

fn new_case(v: &mut Vault, title: &str) -> RecordId {
    v.create_interview(NewRecord {
        form: FormRef {
            id: "screening".into(),
            version: "2025.1".into(),
            hash: "sha256:00ff".into(),
        },
        language: "my".into(),
        device_id: "dev".into(),
        created_at: t(0),
        title: UserText::from(title),
    })
    .expect("create")
}

fn answer(v: &mut Vault, id: RecordId, q: &str, value: &str) {
    v.apply_answer(
        id,
        q,
        AnswerValue::Value(value.into()),
        Provenance {
            language: "th".into(),
            at: t(5),
            device_id: "dev".into(),
            interpreter: true,
        },
    )
    .expect("answer");
}

#[test]
fn two_devices_converge_with_no_relay_and_a_concurrent_answer_shows_as_a_conflict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut vs = team(dir.path(), "boat", 1);
    let mut b = vs.pop().expect("member");
    let mut a = vs.pop().expect("admin");
    let shared = new_case(&mut a, "crew 1");
    answer(&mut a, shared, "age", "30");
    let only_a = new_case(&mut a, "crew 2");
    answer(&mut a, only_a, "name", "CANARY-A");
    let only_b = new_case(&mut b, "crew 3");
    answer(&mut b, only_b, "name", "CANARY-B");

    let (ra, rb, b2) = session(&mut a, b);
    let mut b = b2;
    let ra = ra.expect("initiator");
    let rb = rb.expect("responder");
    assert_eq!(heads(&mut a), heads(&mut b));
    assert_eq!(a.list().expect("list").len(), 3);
    assert_eq!((ra.records, rb.records), (3, 3));
    assert_eq!(
        ra.peer,
        link::info(&mut b).expect("info").expect("team").device
    );
    assert_eq!(
        b.record(only_a).expect("record").answers["name"]
            .answer
            .value,
        AnswerValue::Value("CANARY-A".into())
    );

    // The same question answered on both devices while apart.
    answer(&mut a, shared, "age", "31");
    answer(&mut b, shared, "age", "32");
    let (ra, rb, b2) = session(&mut a, b);
    let mut b = b2;
    assert_eq!(ra.expect("a").records, 1);
    assert_eq!(rb.expect("b").records, 1);
    assert_eq!(heads(&mut a), heads(&mut b));
    let rec = b.record(shared).expect("record");
    assert_eq!(rec.conflicts(), vec!["age"]);

    // Nothing changed: nothing moves.
    let (ra, _, b2) = session(&mut a, b);
    b = b2;
    let ra = ra.expect("a");
    assert_eq!((ra.records, ra.received), (0, 0));

    // One answer: few bytes, handshake and inventory included.
    answer(&mut a, only_b, "age", "44");
    let (ra, _, b2) = session(&mut a, b);
    b = b2;
    let ra = ra.expect("a");
    assert_eq!(ra.records, 1);
    println!(
        "one answer over the LAN, 3 records: {} bytes on the wire",
        ra.bytes
    );
    assert!(ra.bytes < 2048, "{} bytes", ra.bytes);
    assert_eq!(heads(&mut a), heads(&mut b));
}

#[test]
fn a_removed_device_and_a_device_of_another_team_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rt = runtime();
    let base = relay(&rt, dir.path());
    let mut admin = vault(&dir.path().join("admin"));
    link::create_team(&mut admin, &base, "border").expect("create");
    let code = link::invite(&mut admin).expect("invite");
    let mut gone = vault(&dir.path().join("gone"));
    let joiner = std::thread::spawn(move || {
        link::join(
            &mut gone,
            &code,
            Duration::from_secs(20),
            Duration::from_millis(30),
        )
        .expect("join");
        gone
    });
    while link::admit(&mut admin).expect("admit").is_empty() {
        std::thread::sleep(Duration::from_millis(30));
    }
    let mut gone = joiner.join().expect("joined");
    let device = link::info(&mut gone).expect("info").expect("team").device;
    link::remove(&mut admin, &device).expect("remove");
    drop(rt);
    let secret = new_case(&mut admin, "after removal");
    answer(&mut admin, secret, "name", "CANARY");

    // The removed device still has its old log: the admin refuses it at
    // its Hello and sends the (admin-signed) entries that removed it, so
    // it learns its removal and stops; no record moves.
    let (r_gone, r_admin, admin2) = session(&mut gone, admin);
    let mut admin = admin2;
    assert!(
        matches!(r_gone, Err(LinkError::Lan(LanError::Removed))),
        "{r_gone:?}"
    );
    assert!(
        matches!(r_admin, Err(LinkError::Lan(LanError::NotMember))),
        "{r_admin:?}"
    );
    assert!(gone.list().expect("list").is_empty());
    // Its saved log now says it was removed.
    let info = link::info(&mut gone).expect("info").expect("team");
    assert!(!info.members.contains(&info.device), "{info:?}");
    // And asked again, the admin refuses it at once.
    let (r_gone, r_admin, admin2) = session(&mut gone, admin);
    admin = admin2;
    assert!(r_gone.is_err());
    assert!(r_admin.is_err());

    // A device of another team: the Noise prologue binds the team id, so
    // the handshake itself fails.
    let mut other = team(dir.path(), "other", 0).pop().expect("admin");
    let (r_other, r_admin, admin2) = session(&mut other, admin);
    admin = admin2;
    assert!(r_other.is_err() && r_admin.is_err());
    assert!(other.list().expect("list").is_empty());
    assert_eq!(admin.list().expect("list").len(), 1);

    // A vault in no team never opens a connection.
    let mut alone = vault(&dir.path().join("alone"));
    assert!(matches!(
        link::lan::connect(&mut alone, "127.0.0.1:1", &mut |_| {}),
        Err(LinkError::NoTeam)
    ));
}

#[test]
fn hostile_bytes_from_the_network_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut vs = team(dir.path(), "port", 0);
    let mut a = vs.pop().expect("admin");
    let id = new_case(&mut a, "kept");
    answer(&mut a, id, "q", "v");
    let before = heads(&mut a);
    for junk in [vec![], vec![0, 3, 1, 2, 3], vec![0xff; 70_000], {
        let mut v = vec![0, 32];
        v.extend_from_slice(&[7; 32]);
        v.extend_from_slice(&[0xff, 0xff]);
        v
    }] {
        let listener = LanListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.addresses().expect("addr")[0].clone();
        let client = std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).expect("connect");
            let _ = s.write_all(&junk);
            let _ = s.shutdown(std::net::Shutdown::Write);
            let mut sink = Vec::new();
            let _ = s.read_to_end(&mut sink);
        });
        let stream = listener
            .accept(Duration::from_secs(10), &|| false)
            .expect("accept")
            .expect("conn");
        let r = link::lan::serve(&mut a, stream, &mut |_| {});
        assert!(r.is_err());
        client.join().expect("client");
    }
    assert_eq!(heads(&mut a), before);
}

/// A stream that breaks after `left` bytes written.
struct Breaks {
    inner: TcpStream,
    left: usize,
}

impl Read for Breaks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl link::lan::LanStream for Breaks {
    fn set_io_timeout(&self, limit: Duration) -> std::io::Result<()> {
        self.inner.set_io_timeout(limit)
    }
}

impl Write for Breaks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            let _ = self.inner.shutdown(std::net::Shutdown::Both);
            return Err(std::io::ErrorKind::ConnectionReset.into());
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[test]
fn a_connection_cut_half_way_loses_nothing_and_the_next_session_finishes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut vs = team(dir.path(), "sea", 1);
    let mut b = vs.pop().expect("member");
    let mut a = vs.pop().expect("admin");
    // Incompressible answers, so the exchange is long enough to cut.
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut noise = || {
        (0..2000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect::<String>()
    };
    for i in 0..40 {
        let id = new_case(&mut a, &format!("a{i}"));
        answer(&mut a, id, "q", &noise());
        let id = new_case(&mut b, &format!("b{i}"));
        answer(&mut b, id, "q", &noise());
    }
    for cut in [300usize, 5_000, 60_000] {
        let listener = LanListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.addresses().expect("addr")[0].clone();
        let server = std::thread::spawn(move || {
            let mut b = b;
            let s = listener
                .accept(Duration::from_secs(20), &|| false)
                .expect("accept")
                .expect("conn");
            let r = link::lan::serve(&mut b, s, &mut |_| {});
            (r, b)
        });
        let s = TcpStream::connect(&addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let r = link::lan::run(
            &mut a,
            Breaks {
                inner: s,
                left: cut,
            },
            Role::Initiator,
            &mut |_| {},
        );
        assert!(r.is_err(), "cut at {cut}");
        let (rb, b2) = server.join().expect("server");
        assert!(rb.is_err());
        b = b2;
        // Whatever arrived is durable and readable.
        for c in b.list().expect("list") {
            b.record(c.id).expect("readable");
        }
    }
    let (ra, rb, b2) = session(&mut a, b);
    let mut b = b2;
    ra.expect("a");
    rb.expect("b");
    assert_eq!(heads(&mut a), heads(&mut b));
    assert_eq!(a.list().expect("list").len(), 80);
}
