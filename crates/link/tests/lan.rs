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
    link::create_team(&mut admin, &base, name, None, None).expect("create");
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
            self_administered: false,
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
    link::create_team(&mut admin, &base, "border", None, None).expect("create");
    let code = invite(&mut admin).expect("invite");
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
    while admit_all(&mut admin).expect("admit").is_empty() {
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

/// A caller by hand: the Noise handshake of `team`, then the frames
/// `make` returns for the handshake hash, sent as one turn (`len u32 |
/// frame` inside Noise messages), then `raw_after`. Returns the frames it
/// got back before the other side closed.
fn stranger(
    addr: &str,
    team: sync::TeamId,
    make: &dyn Fn(&[u8]) -> Vec<sync::lan::Frame>,
    raw_after: &[u8],
    linger: Duration,
) -> Vec<sync::lan::Frame> {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut hs = snow::Builder::new(sync::lan::NOISE_PATTERN.parse().expect("pattern"))
        .prologue(&sync::lan::prologue(team))
        .expect("prologue")
        .build_initiator()
        .expect("initiator");
    let mut buf = vec![0u8; 65_535];
    let send = |s: &mut TcpStream, msg: &[u8]| {
        let mut out = (msg.len() as u16).to_be_bytes().to_vec();
        out.extend_from_slice(msg);
        s.write_all(&out)
    };
    let recv = |s: &mut TcpStream| -> std::io::Result<Vec<u8>> {
        let mut len = [0u8; 2];
        s.read_exact(&mut len)?;
        let mut m = vec![0u8; u16::from_be_bytes(len) as usize];
        s.read_exact(&mut m)?;
        Ok(m)
    };
    let n = hs.write_message(&[], &mut buf).expect("e");
    send(&mut s, &buf[..n]).expect("send");
    let m = recv(&mut s).expect("handshake answer");
    hs.read_message(&m, &mut buf).expect("ee");
    let hash = hs.get_handshake_hash().to_vec();
    let mut t = hs.into_transport_mode().expect("transport");
    let mut plain = Vec::new();
    for f in make(&hash) {
        let b = f.encode();
        plain.extend_from_slice(&(b.len() as u32).to_be_bytes());
        plain.extend_from_slice(&b);
    }
    plain.extend_from_slice(raw_after);
    if !plain.is_empty() {
        let n = t.write_message(&plain, &mut buf).expect("encrypt");
        send(&mut s, &buf[..n]).expect("send");
    }
    std::thread::sleep(linger);
    let mut got = Vec::new();
    let mut data = Vec::new();
    while let Ok(m) = recv(&mut s) {
        let Ok(n) = t.read_message(&m, &mut buf) else {
            break;
        };
        data.extend_from_slice(&buf[..n]);
        while data.len() >= 4 {
            let len = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
            if data.len() < 4 + len {
                break;
            }
            got.push(sync::lan::Frame::decode(&data[4..4 + len]).expect("frame"));
            data.drain(..4 + len);
        }
    }
    got
}

/// The Hello a device with `key` sends as the initiator, signed over the
/// handshake hash and its log head (`"FS-LAN-2" | team | hash | 'I' | head`).
fn signed_hello(
    key: &sync::DeviceKey,
    team: sync::TeamId,
    hash: &[u8],
    head: sync::team::LogHead,
) -> sync::lan::Frame {
    let mut body = b"FS-LAN-2".to_vec();
    body.extend_from_slice(team.as_bytes());
    body.extend_from_slice(hash);
    body.push(b'I');
    body.extend_from_slice(&head.encode());
    sync::lan::Frame::Hello {
        device: key.public(),
        signature: key.sign(&body),
        head,
    }
}

#[test]
fn a_stranger_that_completes_the_handshake_is_turned_away_before_the_store_is_taken() {
    use sync::lan::{Frame, MAX_FRAME_BEFORE_ADMISSION, RefuseReason};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut vs = team(dir.path(), "gate", 0);
    let mut admin = vs.pop().expect("admin");
    let id = new_case(&mut admin, "kept");
    answer(&mut admin, id, "q", "v");
    let before = heads(&mut admin);
    let info = link::info(&mut admin).expect("info").expect("team");
    let team_id: sync::TeamId = info.team.parse().expect("team");
    // The stranger knows the team's log (a relay operator would).
    let head = sync::team::LogHead {
        len: 1,
        head: [0; 32],
    };
    let waiting = link::lan::lan_team(&mut admin).expect("team");
    let log_head = waiting_head(&mut admin);
    // From here on the waiting side uses no vault at all: only its team.
    let limits = link::LanLimits {
        admission: Duration::from_millis(600),
        ..link::LanLimits::default()
    };
    let listener = LanListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.addresses().expect("addr")[0].clone();
    let accept = |listener: &LanListener| {
        let started = std::time::Instant::now();
        let r = listener.accept_incoming_with(Duration::from_secs(10), &|| false, &waiting, limits);
        (r.map(|i| i.is_some()), started.elapsed())
    };
    let key = sync::DeviceKey::from_seed([0x5e; 32]);
    type Make = Box<dyn Fn(&[u8]) -> Vec<Frame> + Sync>;
    let cases: Vec<(&str, Make, Vec<u8>)> = vec![
        // A valid proof of a key the log does not list, with the same log.
        (
            "not a member",
            Box::new(move |h| vec![signed_hello(&key, team_id, h, log_head), Frame::End]),
            vec![],
        ),
        // A proof that does not verify.
        (
            "bad proof",
            Box::new(move |_| {
                vec![
                    Frame::Hello {
                        device: sync::DeviceKey::from_seed([0x5e; 32]).public(),
                        signature: [0; 64],
                        head,
                    },
                    Frame::End,
                ]
            }),
            vec![],
        ),
        // A longer log announced and never sent.
        (
            "longer log, silent",
            Box::new(move |h| {
                let longer = sync::team::LogHead {
                    len: log_head.len + 3,
                    head: [7; 32],
                };
                vec![
                    signed_hello(&sync::DeviceKey::from_seed([0x5e; 32]), team_id, h, longer),
                    Frame::End,
                ]
            }),
            vec![],
        ),
        // The handshake, then nothing.
        ("silent", Box::new(|_| vec![]), vec![]),
        // A frame bigger than a caller may send before it is admitted.
        (
            "too big",
            Box::new(|_| vec![]),
            ((MAX_FRAME_BEFORE_ADMISSION + 1) as u32)
                .to_be_bytes()
                .to_vec(),
        ),
    ];
    for (what, make, raw) in &cases {
        std::thread::scope(|s| {
            let caller = s.spawn(|| {
                stranger(
                    &addr,
                    team_id,
                    make.as_ref(),
                    raw,
                    Duration::from_millis(50),
                )
            });
            let (r, took) = accept(&listener);
            let got = caller.join().expect("caller");
            assert!(took < Duration::from_secs(5), "{what}: {took:?}");
            match *what {
                "not a member" => {
                    assert!(
                        matches!(r, Err(LinkError::Lan(LanError::NotMember))),
                        "{r:?}"
                    );
                    // It never learns who is waiting: no Hello, a refusal.
                    assert_eq!(got, vec![Frame::Refuse(RefuseReason::NotMember)]);
                }
                "bad proof" => {
                    assert!(
                        matches!(r, Err(LinkError::Lan(LanError::BadProof))),
                        "{r:?}"
                    );
                    assert_eq!(got, vec![Frame::Refuse(RefuseReason::BadProof)]);
                }
                "too big" => {
                    assert!(
                        matches!(r, Err(LinkError::Lan(LanError::TooLarge))),
                        "{r:?}"
                    )
                }
                _ => assert!(matches!(r, Err(LinkError::LanDeadline)), "{what}: {r:?}"),
            }
        });
    }
    // The waiting device's records never moved.
    assert_eq!(heads(&mut admin), before);
}

/// The head of `v`'s membership log (what a Hello with the same log
/// carries).
fn waiting_head(v: &mut Vault) -> sync::team::LogHead {
    let info = link::info(v).expect("info").expect("team");
    let mut head = [0u8; 32];
    hex::decode_to_slice(&info.log_head, &mut head).expect("hex");
    sync::team::LogHead {
        len: info.log_len,
        head,
    }
}

/// A stream that writes the first `fast` bytes at once, then one byte at
/// a time with a pause: a member that trickles.
struct Trickle {
    inner: TcpStream,
    fast: usize,
}

impl link::lan::LanStream for Trickle {
    fn set_io_timeout(&self, limit: Duration) -> std::io::Result<()> {
        self.inner.set_io_timeout(limit)
    }
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.fast > 0 {
            let n = buf.len().min(self.fast);
            self.fast -= n;
            return self.inner.write(&buf[..n]);
        }
        std::thread::sleep(Duration::from_millis(10));
        self.inner.write(&buf[..buf.len().min(1)])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[test]
fn a_member_that_trickles_bytes_is_cut_at_the_session_deadline_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut vs = team(dir.path(), "slow", 1);
    let b = vs.pop().expect("member");
    let mut a = vs.pop().expect("admin");
    for i in 0..5 {
        let id = new_case(&mut a, &format!("a{i}"));
        answer(&mut a, id, "q", &format!("A{i}"));
    }
    let mut b = b;
    for i in 0..5 {
        let id = new_case(&mut b, &format!("b{i}"));
        answer(&mut b, id, "q", &format!("B{i}"));
    }
    let listener = LanListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.addresses().expect("addr")[0].clone();
    // A short session deadline (the default is minutes): the waiting
    // device gives the caller 400 ms for the whole session.
    let limits = link::LanLimits {
        base: Duration::from_millis(400),
        per_record: Duration::ZERO,
        ..link::LanLimits::default()
    };
    let server = std::thread::spawn(move || {
        let s = listener
            .accept(Duration::from_secs(20), &|| false)
            .expect("accept")
            .expect("conn");
        let started = std::time::Instant::now();
        let r = link::lan::run_with(&mut b, s, Role::Responder, limits, &mut |_| {});
        (r, started.elapsed(), b)
    });
    let s = TcpStream::connect(&addr).expect("connect");
    // Its handshake and Hello go at full speed; then one byte at a time.
    let r = link::lan::run(
        &mut a,
        Trickle {
            inner: s,
            fast: 400,
        },
        Role::Initiator,
        &mut |_| {},
    );
    let (rb, took, b) = server.join().expect("server");
    let mut b = b;
    assert!(matches!(rb, Err(LinkError::LanDeadline)), "{rb:?}");
    assert!(
        took < Duration::from_secs(5),
        "cut at the deadline: {took:?}"
    );
    assert!(r.is_err());
    // Nothing lost: everything each side has is readable, and a session
    // at full speed brings both level.
    for v in [&mut a, &mut b] {
        assert_eq!(v.list().expect("list").len(), 5);
        for c in v.list().expect("list") {
            v.record(c.id).expect("readable");
        }
    }
    let (ra, rb, b2) = session(&mut a, b);
    let mut b = b2;
    ra.expect("a");
    rb.expect("b");
    assert_eq!(heads(&mut a), heads(&mut b));
    assert_eq!(a.list().expect("list").len(), 10);
}
