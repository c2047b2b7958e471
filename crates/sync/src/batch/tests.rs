use super::*;
use crate::envelope::{self, Envelope};
use crate::feed::{FeedItem, FeedPage};
use crate::state::TeamSync;
use proptest::prelude::*;

const TEAM: TeamId = TeamId::from_u128(0x5eed);

fn key() -> TeamKey {
    TeamKey::from_bytes(1, [4; 32])
}

fn device() -> DeviceKey {
    DeviceKey::from_seed([5; 32])
}

/// `n` members (documents 1..=n, changes "c{i}") and their seal.
fn batch(n: u128, dev: &DeviceKey, team: TeamId) -> (Vec<Vec<u8>>, Seal) {
    let members: Vec<Vec<u8>> = (1..=n)
        .map(|i| {
            seal_member(
                &key(),
                team,
                DocId::from_u128(i),
                EnvelopeKind::Chunk,
                format!("c{i}").as_bytes(),
                [i as u8; 12],
            )
            .expect("member")
        })
        .collect();
    let refs: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
    let seal = Seal::sign(dev, team, &refs);
    (members, seal)
}

/// A page as the relay stores a batch: the seal, then its members.
fn page(seal: &Seal, members: &[Vec<u8>], first_seq: u64) -> FeedPage {
    let mut items = vec![FeedItem {
        seq: first_seq,
        bytes: seal.encode(),
    }];
    for (i, m) in members.iter().enumerate() {
        items.push(FeedItem {
            seq: first_seq + 1 + i as u64,
            bytes: m.clone(),
        });
    }
    let next = items.last().map_or(0, |i| i.seq);
    FeedPage {
        items,
        next,
        more: false,
    }
}

fn receive(page: &FeedPage, member: impl Fn(&DevicePublicKey) -> bool) -> crate::Pulled {
    let mut s = TeamSync::new(TEAM);
    s.receive_page(page, &KeyRing::new(key()), 1, member)
}

#[test]
fn a_batch_round_trips_with_one_signature_and_each_member_is_attributed() {
    let dev = device();
    let (members, seal) = batch(3, &dev, TEAM);
    assert_eq!(seal.verify(TEAM), Ok(()));
    assert_eq!(Seal::decode(&seal.encode()), Ok(seal.clone()));
    assert_eq!(
        seal.encode().len(),
        SEAL_HEADER_LEN + 3 * 32,
        "one signature and one hash per member"
    );
    assert_eq!(members[0].len(), MEMBER_HEADER_LEN + 2 + TAG_LEN);
    let got = receive(&page(&seal, &members, 1), |d| *d == dev.public());
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    let docs: Vec<(DocId, &[u8], DevicePublicKey)> = got
        .changes
        .iter()
        .map(|o| (o.doc, o.changes.as_slice(), o.signer))
        .collect();
    assert_eq!(
        docs,
        vec![
            (DocId::from_u128(1), &b"c1"[..], dev.public()),
            (DocId::from_u128(2), &b"c2"[..], dev.public()),
            (DocId::from_u128(3), &b"c3"[..], dev.public()),
        ]
    );
}

#[test]
fn a_batch_with_one_tampered_member_refuses_only_that_one() {
    let dev = device();
    let (mut members, seal) = batch(4, &dev, TEAM);
    let last = members[2].len() - 1;
    members[2][last] ^= 1;
    let got = receive(&page(&seal, &members, 10), |d| *d == dev.public());
    assert_eq!(got.rejected, vec![(13, EnvelopeError::Unsigned)]);
    let docs: Vec<DocId> = got.changes.iter().map(|o| o.doc).collect();
    assert_eq!(
        docs,
        [1, 2, 4].map(DocId::from_u128).to_vec(),
        "the other members merge"
    );
}

#[test]
fn a_removed_devices_batch_is_refused_whole() {
    let removed = device();
    let (members, seal) = batch(3, &removed, TEAM);
    let still = DeviceKey::from_seed([6; 32]).public();
    let got = receive(&page(&seal, &members, 1), |d| *d == still);
    assert!(got.changes.is_empty(), "nothing merged");
    assert_eq!(
        got.rejected,
        vec![
            (1, EnvelopeError::UnknownSigner),
            (2, EnvelopeError::UnknownSigner),
            (3, EnvelopeError::UnknownSigner),
            (4, EnvelopeError::UnknownSigner),
        ]
    );
}

#[test]
fn hostile_batches_get_typed_refusals_and_merge_nothing() {
    let dev = device();
    let member = |d: &DevicePublicKey| *d == dev.public();
    let (members, seal) = batch(3, &dev, TEAM);
    let refused_whole = |p: &FeedPage, first: EnvelopeError, each: EnvelopeError| {
        let got = receive(p, member);
        assert!(got.changes.is_empty(), "nothing merged");
        let mut want = vec![(1, first)];
        want.extend((2..=4).map(|s| (s, each.clone())));
        assert_eq!(got.rejected, want);
    };

    // A truncated seal: its members are signed by nothing.
    let mut truncated = page(&seal, &members, 1);
    truncated.items[0].bytes.pop();
    refused_whole(
        &truncated,
        EnvelopeError::Malformed,
        EnvelopeError::Unsigned,
    );

    // A wrong hash list (one hash replaced): the signature fails, and the
    // member whose hash went is signed by nothing.
    let mut wrong = seal.clone();
    wrong.hashes[1] = [0; 32];
    let got = receive(&page(&wrong, &members, 1), member);
    assert!(got.changes.is_empty(), "nothing merged");
    assert_eq!(
        got.rejected,
        vec![
            (1, EnvelopeError::BadSignature),
            (2, EnvelopeError::BadSignature),
            (3, EnvelopeError::Unsigned),
            (4, EnvelopeError::BadSignature),
        ]
    );

    // The seal of another batch: these members are in no seal.
    let other = Seal::sign(&dev, TEAM, &[b"another batch's member"]);
    let swapped = page(&other, &members, 1);
    let got = receive(&swapped, member);
    assert!(got.changes.is_empty());
    assert_eq!(
        got.rejected,
        (2..=4)
            .map(|s| (s, EnvelopeError::Unsigned))
            .collect::<Vec<_>>()
    );

    // A batch signed for another team.
    let (theirs, seal_theirs) = batch(3, &dev, TeamId::from_u128(7));
    refused_whole(
        &page(&seal_theirs, &theirs, 1),
        EnvelopeError::BadSignature,
        EnvelopeError::BadSignature,
    );

    // Truncated members, no seal at all.
    let mut cut = page(&seal, &members, 1);
    cut.items[1].bytes.truncate(MEMBER_HEADER_LEN);
    cut.items.remove(0);
    let got = receive(&cut, member);
    assert!(got.changes.is_empty() || got.changes.len() == 2);
    assert_eq!(got.rejected[0], (2, EnvelopeError::TooShort));
    assert!(
        got.rejected[1..]
            .iter()
            .all(|(_, e)| *e == EnvelopeError::Unsigned)
    );

    // Structural refusals of the seal itself.
    assert_eq!(Seal::decode(b"FSH2"), Err(EnvelopeError::Malformed));
    let mut none = seal.encode()[..SEAL_HEADER_LEN].to_vec();
    none[SEAL_HEADER_LEN - 2..].copy_from_slice(&0u16.to_be_bytes());
    assert_eq!(Seal::decode(&none), Err(EnvelopeError::Malformed));
    let mut extra = seal.encode();
    extra.push(0);
    assert_eq!(Seal::decode(&extra), Err(EnvelopeError::Malformed));
    let mut many = seal.encode()[..SEAL_HEADER_LEN].to_vec();
    many[SEAL_HEADER_LEN - 2..].copy_from_slice(&(MAX_BATCH_ITEMS as u16 + 1).to_be_bytes());
    assert_eq!(Seal::decode(&many), Err(EnvelopeError::Malformed));
    assert_eq!(
        Member::parse(&members[0][..MEMBER_HEADER_LEN + TAG_LEN - 1]),
        Err(EnvelopeError::TooShort)
    );
    let mut kind = members[0].clone();
    kind[1] = 9;
    assert_eq!(Member::parse(&kind), Err(EnvelopeError::UnknownKind(9)));
}

#[test]
fn a_page_starting_inside_a_batch_gets_its_seal_again() {
    // The relay re-sends the seal (seq below the cursor) with a page that
    // starts inside its batch; the members already read are not merged
    // again and the seal is not refused.
    let dev = device();
    let (members, seal) = batch(4, &dev, TEAM);
    let whole = page(&seal, &members, 1);
    let mut s = TeamSync::new(TEAM);
    let ring = KeyRing::new(key());
    let first = FeedPage {
        items: whole.items[..3].to_vec(),
        next: 3,
        more: true,
    };
    let got = s.receive_page(&first, &ring, 1, |d| *d == dev.public());
    assert_eq!(got.changes.len(), 2);
    let mut rest = vec![whole.items[0].clone()];
    rest.extend_from_slice(&whole.items[3..]);
    let second = FeedPage {
        items: rest,
        next: 5,
        more: false,
    };
    let got = s.receive_page(&second, &ring, 1, |d| *d == dev.public());
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    let docs: Vec<DocId> = got.changes.iter().map(|o| o.doc).collect();
    assert_eq!(docs, [3, 4].map(DocId::from_u128).to_vec());
    assert_eq!(s.cursor(), 5);
}

#[test]
fn a_member_of_a_missing_epoch_stops_the_page_only_once_signed() {
    let dev = device();
    let later = TeamKey::from_bytes(2, [8; 32]);
    let m = seal_member(
        &later,
        TEAM,
        DocId::from_u128(1),
        EnvelopeKind::Chunk,
        b"x",
        [1; 12],
    )
    .expect("member");
    let seal = Seal::sign(&dev, TEAM, &[&m]);
    let mut s = TeamSync::new(TEAM);
    let got = s.receive_page(
        &page(&seal, std::slice::from_ref(&m), 1),
        &KeyRing::new(key()),
        2,
        |_| true,
    );
    assert_eq!(got.missing_key, Some(2));
    assert_eq!(s.cursor(), 1, "read again once the key arrives");
    // Unsigned, the same bytes are refused, never waited for.
    let mut s = TeamSync::new(TEAM);
    let unsigned = FeedPage {
        items: vec![FeedItem { seq: 1, bytes: m }],
        next: 1,
        more: false,
    };
    let got = s.receive_page(&unsigned, &KeyRing::new(key()), 2, |_| true);
    assert_eq!(got.missing_key, None);
    assert_eq!(got.rejected, vec![(1, EnvelopeError::Unsigned)]);
}

/// A version 1 envelope as this format's first release wrote it (team
/// 0x5eed, document 0xd0c, epoch 3 key `[4; 32]`, device seed `[5; 32]`,
/// nonce `[6; 12]`, changes "changes"): still read.
const V1_FIXTURE: &str = include_str!("v1-envelope.hex");

#[test]
fn version_1_envelopes_stay_readable() {
    let bytes = hex::decode(V1_FIXTURE.trim()).expect("hex");
    let dev = device();
    let ring = KeyRing::new(TeamKey::from_bytes(3, [4; 32]));
    let opened =
        envelope::open(&bytes, TEAM, &ring, |d| *d == dev.public()).expect("v1 still opens");
    assert_eq!(opened.changes, b"changes");
    assert_eq!(opened.doc, DocId::from_u128(0xd0c));
    // And beside batch members in one page.
    let (members, seal) = batch(1, &dev, TEAM);
    let mut p = page(&seal, &members, 2);
    p.items.insert(0, FeedItem { seq: 1, bytes });
    let mut s = TeamSync::new(TEAM);
    let ring = KeyRing::new(key()).tap_insert(TeamKey::from_bytes(3, [4; 32]));
    let got = s.receive_page(&p, &ring, 3, |d| *d == dev.public());
    assert!(got.rejected.is_empty(), "{:?}", got.rejected);
    assert_eq!(got.changes.len(), 2);
    assert!(
        Envelope::parse(&members[0]).is_err(),
        "v1 parser refuses v2"
    );
}

trait TapInsert {
    fn tap_insert(self, key: TeamKey) -> Self;
}

impl TapInsert for KeyRing {
    fn tap_insert(mut self, key: TeamKey) -> Self {
        self.insert(key);
        self
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn hostile_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Seal::decode(&bytes);
        let _ = Member::parse(&bytes);
        let mut b = SEAL_MAGIC.to_vec();
        b.extend_from_slice(&bytes);
        let _ = Seal::decode(&b);
        let mut m = vec![VERSION];
        m.extend_from_slice(&bytes);
        if let Ok(member) = Member::parse(&m) {
            let _ = member.decrypt(TEAM, &KeyRing::new(key()));
        }
    }
}
