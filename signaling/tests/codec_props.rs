//! Property tests for the message codec: for every message type, both UNI versions and both
//! directions, messages built from random valid IEs (chosen per the message tables) satisfy
//! decode(encode(m)) == m; and decoding never panics on random bytes or mutated messages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use signaling::codec::ie::*;
use signaling::codec::tables::{self, Presence};
use signaling::codec::*;

/// Whether `bytes` parse as the contents of `id` under `version`.
fn parses(id: IeId, bytes: &[u8], version: UniVersion) -> bool {
    fn p<T: IeContents>(b: &[u8], v: UniVersion) -> bool {
        T::parse(b, CodingStandard::ItuT, v).is_ok()
    }
    match id {
        IeId::AalParameters => p::<AalParameters>(bytes, version),
        IeId::AtmTrafficDescriptor => p::<AtmTrafficDescriptor>(bytes, version),
        IeId::AlternativeTrafficDescriptor => p::<AlternativeTrafficDescriptor>(bytes, version),
        IeId::MinimumTrafficDescriptor => p::<MinimumTrafficDescriptor>(bytes, version),
        IeId::BroadbandBearerCapability => p::<BroadbandBearerCapability>(bytes, version),
        IeId::Bhli => p::<Bhli>(bytes, version),
        IeId::Blli => p::<Blli>(bytes, version),
        IeId::QosParameter => p::<QosParameter>(bytes, version),
        IeId::ExtendedQos => p::<ExtendedQos>(bytes, version),
        IeId::EndToEndTransitDelay => p::<EndToEndTransitDelay>(bytes, version),
        IeId::OamTrafficDescriptor => p::<OamTrafficDescriptor>(bytes, version),
        IeId::AbrSetupParameters => p::<AbrSetupParameters>(bytes, version),
        IeId::AbrAdditionalParameters => p::<AbrAdditionalParameters>(bytes, version),
        IeId::BroadbandRepeatIndicator => p::<BroadbandRepeatIndicator>(bytes, version),
        IeId::CallState => p::<CallState>(bytes, version),
        IeId::CalledPartyNumber => p::<CalledPartyNumber>(bytes, version),
        IeId::CalledPartySubaddress => p::<CalledPartySubaddress>(bytes, version),
        IeId::CallingPartyNumber => p::<CallingPartyNumber>(bytes, version),
        IeId::CallingPartySubaddress => p::<CallingPartySubaddress>(bytes, version),
        IeId::ConnectedNumber => p::<ConnectedNumber>(bytes, version),
        IeId::ConnectedSubaddress => p::<ConnectedSubaddress>(bytes, version),
        IeId::Cause => p::<Cause>(bytes, version),
        IeId::ConnectionIdentifier => p::<ConnectionIdentifier>(bytes, version),
        IeId::RestartIndicator => p::<RestartIndicator>(bytes, version),
        IeId::NotificationIndicator => p::<NotificationIndicator>(bytes, version),
        IeId::BroadbandSendingComplete => p::<BroadbandSendingComplete>(bytes, version),
        IeId::TransitNetworkSelection => p::<TransitNetworkSelection>(bytes, version),
        IeId::EndpointReference => p::<EndpointReference>(bytes, version),
        IeId::EndpointState => p::<EndpointState>(bytes, version),
        IeId::LijCallIdentifier => p::<LijCallIdentifier>(bytes, version),
        IeId::LijParameters => p::<LijParameters>(bytes, version),
        IeId::LeafSequenceNumber => p::<LeafSequenceNumber>(bytes, version),
        IeId::ConnectionScopeSelection => p::<ConnectionScopeSelection>(bytes, version),
        IeId::BroadbandReportType => p::<BroadbandReportType>(bytes, version),
        IeId::GenericIdentifierTransport => p::<GenericIdentifierTransport>(bytes, version),
        IeId::UserUser => p::<UserUser>(bytes, version),
        _ => false,
    }
}

/// A random subset, in random order, of (identifier, value width) subfields.
fn subfields(fields: &'static [(u8, usize)]) -> BoxedStrategy<Vec<u8>> {
    subsequence(fields, 0..=fields.len())
        .prop_shuffle()
        .prop_flat_map(|chosen| {
            let parts: Vec<_> = chosen
                .into_iter()
                .map(|(id, w)| {
                    proptest::collection::vec(any::<u8>(), w).prop_map(move |v| {
                        let mut out = vec![id];
                        out.extend(v);
                        out
                    })
                })
                .collect();
            parts.prop_map(|ps| ps.concat())
        })
        .boxed()
}

fn prefixed(prefix: Vec<u8>, tail: BoxedStrategy<Vec<u8>>) -> BoxedStrategy<Vec<u8>> {
    tail.prop_map(move |t| [prefix.clone(), t].concat()).boxed()
}

fn bytes(len: core::ops::RangeInclusive<usize>) -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(any::<u8>(), len).boxed()
}

fn digits(len: core::ops::RangeInclusive<usize>) -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(b'0'..=b'9', len).boxed()
}

const AAL1: &[(u8, usize)] =
    &[(0x85, 1), (0x86, 1), (0x87, 2), (0x88, 1), (0x89, 1), (0x8a, 2), (0x8a, 1), (0x8b, 1)];
const AAL34: &[(u8, usize)] = &[(0x8c, 2), (0x81, 2), (0x82, 4), (0x83, 1), (0x84, 1)];
const AAL5: &[(u8, usize)] = &[(0x8c, 2), (0x81, 2), (0x83, 1), (0x84, 1)];
const TD: &[(u8, usize)] = &[
    (0x82, 3),
    (0x83, 3),
    (0x84, 3),
    (0x85, 3),
    (0x88, 3),
    (0x89, 3),
    (0x90, 3),
    (0x91, 3),
    (0x92, 3),
    (0x93, 3),
    (0xa0, 3),
    (0xa1, 3),
    (0xb0, 3),
    (0xb1, 3),
    (0xbe, 0),
    (0xbf, 1),
];
const MIN_TD: &[(u8, usize)] = &[(0x82, 3), (0x83, 3), (0x84, 3), (0x85, 3), (0x92, 3), (0x93, 3)];
const EETD: &[(u8, usize)] = &[(0x01, 2), (0x03, 2), (0x0a, 0)];
const XQOS: &[(u8, usize)] = &[(0x94, 3), (0x95, 3), (0x96, 3), (0x97, 3), (0xa2, 1), (0xa3, 1)];
const ABR_SETUP: &[(u8, usize)] = &[
    (0xc2, 3),
    (0xc3, 3),
    (0xc4, 3),
    (0xc5, 3),
    (0xc6, 3),
    (0xc8, 1),
    (0xc9, 1),
    (0xca, 1),
    (0xcb, 1),
];

fn abr_record() -> BoxedStrategy<Vec<u8>> {
    (any::<[bool; 4]>(), 0u32..8, 0u32..8, 0u32..8, 0u32..1024)
        .prop_map(|(p, n, t, c, a)| {
            let mut v = 0u32;
            if p[0] {
                v |= (1 << 31) | (n << 25);
            }
            if p[1] {
                v |= (1 << 30) | (t << 22);
            }
            if p[2] {
                v |= (1 << 29) | (c << 19);
            }
            if p[3] {
                v |= (1 << 28) | (a << 9);
            }
            v.to_be_bytes().to_vec()
        })
        .boxed()
}

fn blli() -> BoxedStrategy<Vec<u8>> {
    let l1 = proptest::option::of((0u8..32).prop_map(|p| vec![0xa0 | p]));
    let l2 = proptest::option::of(prop_oneof![
        (0u8..32).prop_map(|p| vec![0xc0 | p]),
        (0u8..128).prop_map(|i| vec![0x50, 0x80 | i]),
        (
            select(vec![6u8, 7, 9, 10, 11, 13, 14, 17]),
            1u8..3,
            0u8..4,
            proptest::option::of(1u8..128)
        )
            .prop_map(|(p, m, q, k)| match k {
                None => vec![0x40 | p, 0x80 | (m << 5) | q],
                Some(k) => vec![0x40 | p, (m << 5) | q, 0x80 | k],
            }),
    ]);
    let l3 = proptest::option::of(prop_oneof![
        (0u8..32).prop_map(|p| vec![0xe0 | p]),
        (0u8..128).prop_map(|i| vec![0x70, 0x80 | i]),
        any::<u8>().prop_map(|ipi| vec![0x6b, ipi >> 1, 0x80 | ((ipi & 1) << 6)]),
        (any::<[u8; 3]>(), any::<[u8; 2]>())
            .prop_map(|(o, p)| vec![0x6b, 0x40, 0x80, 0x80, o[0], o[1], o[2], p[0], p[1]]),
        (select(vec![6u8, 7, 8]), 1u8..3, 0u8..16, 1u8..128).prop_map(|(p, m, s, w)| vec![
            0x60 | p,
            m << 5,
            s,
            0x80 | w
        ]),
        (0u8..128, 0u8..128).prop_map(|(a, b)| vec![0x6c, a, 0x80 | b]),
    ]);
    (l1, l2, l3)
        .prop_map(|(a, b, c)| {
            [a.unwrap_or_default(), b.unwrap_or_default(), c.unwrap_or_default()].concat()
        })
        .boxed()
}

fn aesa() -> BoxedStrategy<Vec<u8>> {
    (select(vec![0x39u8, 0x45, 0x47]), proptest::collection::vec(any::<u8>(), 19))
        .prop_map(|(afi, rest)| [vec![afi], rest].concat())
        .boxed()
}

/// Candidate contents for `id` (filtered by `parses` afterwards).
fn candidate(id: IeId) -> BoxedStrategy<Vec<u8>> {
    match id {
        IeId::AalParameters => prop_oneof![
            prefixed(vec![0x01], subfields(AAL1)),
            prefixed(vec![0x03], subfields(AAL34)),
            prefixed(vec![0x05], subfields(AAL5)),
            prefixed(vec![0x10], bytes(0..=4)),
        ]
        .boxed(),
        IeId::AtmTrafficDescriptor | IeId::AlternativeTrafficDescriptor => subfields(TD),
        IeId::MinimumTrafficDescriptor => subfields(MIN_TD),
        IeId::BroadbandBearerCapability => {
            (select(vec![0x01u8, 0x03, 0x10, 0x18]), proptest::option::of(0u8..128), 0u8..2, 0u8..2)
                .prop_map(|(c, a, clip, up)| match a {
                    None => vec![0x80 | c, 0x80 | (clip << 5) | up],
                    Some(a) => vec![c, 0x80 | a, 0x80 | (clip << 5) | up],
                })
                .boxed()
        }
        IeId::Bhli => prop_oneof![
            (select(vec![0x80u8, 0x81, 0x82, 0x84]), bytes(0..=8))
                .prop_map(|(t, b)| [vec![t], b].concat()),
            prefixed(vec![0x83], bytes(7..=7)),
        ]
        .boxed(),
        IeId::Blli => blli(),
        IeId::QosParameter => bytes(2..=2),
        IeId::ExtendedQos => {
            (0u8..2, subfields(XQOS)).prop_map(|(o, s)| [vec![o], s].concat()).boxed()
        }
        IeId::EndToEndTransitDelay => subfields(EETD),
        IeId::OamTrafficDescriptor => (any::<u8>(), any::<u8>())
            .prop_map(|(a, b)| vec![0x80 | (a & 0x77), 0x80 | (b & 0x77)])
            .boxed(),
        IeId::AbrSetupParameters => subfields(ABR_SETUP),
        IeId::AbrAdditionalParameters => {
            (proptest::option::of(abr_record()), proptest::option::of(abr_record()))
                .prop_map(|(f, b)| {
                    let mut v = vec![];
                    if let Some(f) = f {
                        v.push(0xc2);
                        v.extend(f);
                    }
                    if let Some(b) = b {
                        v.push(0xc3);
                        v.extend(b);
                    }
                    v
                })
                .boxed()
        }
        IeId::BroadbandRepeatIndicator => Just(vec![0x82]).boxed(),
        IeId::CallState => (0u8..64).prop_map(|s| vec![s]).boxed(),
        IeId::CalledPartyNumber => {
            prop_oneof![prefixed(vec![0x82], aesa()), prefixed(vec![0x91], digits(1..=15)),].boxed()
        }
        IeId::CallingPartyNumber | IeId::ConnectedNumber => prop_oneof![
            prefixed(vec![0x82], aesa()),
            (0u8..4, 0u8..4, aesa())
                .prop_map(|(p, s, a)| [vec![0x02, 0x80 | (p << 5) | s], a].concat()),
            prefixed(vec![0x91], digits(1..=15)),
        ]
        .boxed(),
        IeId::CalledPartySubaddress | IeId::CallingPartySubaddress | IeId::ConnectedSubaddress => {
            prop_oneof![
                prefixed(vec![0x80], bytes(1..=20)),
                prefixed(vec![0x90], aesa()),
                (any::<bool>(), bytes(1..=20)).prop_map(|(odd, b)| [
                    vec![0xa0 | if odd { 0x08 } else { 0 }],
                    b
                ]
                .concat()),
            ]
            .boxed()
        }
        IeId::Cause => (0u8..8, 1u8..128, proptest::option::of(bytes(1..=4)))
            .prop_map(|(loc, val, diag)| {
                [vec![0x80 | loc, 0x80 | val], diag.unwrap_or_default()].concat()
            })
            .boxed(),
        IeId::ConnectionIdentifier => (0u8..2, 0u8..2, any::<u16>(), any::<u16>())
            .prop_map(|(a, p, vpci, vci)| {
                let mut v = vec![0x80 | (a << 3) | p];
                v.extend(vpci.to_be_bytes());
                v.extend(vci.to_be_bytes());
                v
            })
            .boxed(),
        IeId::RestartIndicator => (0u8..3).prop_map(|c| vec![0x80 | c]).boxed(),
        IeId::NotificationIndicator => bytes(1..=16),
        IeId::BroadbandSendingComplete => Just(vec![0xa1]).boxed(),
        IeId::TransitNetworkSelection => prefixed(vec![0xa1], digits(1..=4)),
        IeId::EndpointReference => (any::<bool>(), 0u16..0x8000)
            .prop_map(|(f, v)| {
                let x = v | if f { 0x8000 } else { 0 };
                vec![0x00, (x >> 8) as u8, x as u8]
            })
            .boxed(),
        IeId::EndpointState => {
            select(vec![0u8, 1, 4, 6, 7, 10, 11, 12]).prop_map(|s| vec![s]).boxed()
        }
        IeId::LijCallIdentifier => prefixed(vec![0x80], bytes(4..=4)),
        IeId::LijParameters => Just(vec![0x80]).boxed(),
        IeId::LeafSequenceNumber => bytes(4..=4),
        IeId::ConnectionScopeSelection => (1u8..16).prop_map(|s| vec![0x81, s]).boxed(),
        IeId::BroadbandReportType => Just(vec![0x01]).boxed(),
        IeId::GenericIdentifierTransport => {
            (select(vec![1u8, 2]), select(vec![1u8, 2]), bytes(1..=4))
                .prop_map(|(s, t, v)| [vec![s, t, v.len() as u8], v].concat())
                .boxed()
        }
        IeId::UserUser => {
            (any::<u8>(), bytes(1..=16)).prop_map(|(p, b)| [vec![p], b].concat()).boxed()
        }
        _ => bytes(0..=8),
    }
}

/// One valid IE (header + contents) of `id` for `version`, with a random instruction field
/// and coding standard.
fn ie(id: IeId, version: UniVersion) -> BoxedStrategy<Vec<u8>> {
    (
        candidate(id).prop_filter("contents must parse", move |b| parses(id, b, version)),
        0u8..32,
        select(signaling::codec::message::codings(id).to_vec()),
    )
        .prop_map(move |(c, instr, coding)| {
            let mut v = vec![u8::from(id), 0x80 | (coding.bits() << 5) | instr];
            v.extend((c.len() as u16).to_be_bytes());
            v.extend(c);
            v
        })
        .boxed()
}

/// An unrecognized IE the receiver may discard and proceed on.
fn unknown_ie() -> BoxedStrategy<Vec<u8>> {
    (select(vec![0x33u8, 0x50, 0xf0, 0x82]), select(vec![0x80u8, 0x91, 0x92, 0x8d]), bytes(0..=64))
        .prop_map(|(id, o2, c)| {
            let mut v = vec![id, o2];
            v.extend((c.len() as u16).to_be_bytes());
            v.extend(c);
            v
        })
        .boxed()
}

fn context() -> impl Strategy<Value = Context> {
    (
        select(vec![UniVersion::Uni31, UniVersion::Uni40]),
        select(vec![Direction::UserToNetwork, Direction::NetworkToUser]),
    )
        .prop_map(|(version, direction)| Context { version, direction })
}

/// A valid message: random call reference, type, compatibility and IEs per the table.
fn message_bytes() -> impl Strategy<Value = (Context, Vec<u8>)> {
    (context(), select(MessageType::ALL.to_vec()))
        .prop_filter("message type in version", |(cx, mt)| mt.in_version(cx.version))
        .prop_flat_map(|(cx, mt)| {
            let mut parts: Vec<BoxedStrategy<Vec<Vec<u8>>>> = vec![];
            for rule in tables::rules(mt) {
                let (min, max) = match rule.presence(cx.version, cx.direction) {
                    Presence::Mandatory => (1, usize::from(rule.max(cx.version))),
                    Presence::Optional => (0, usize::from(rule.max(cx.version))),
                    Presence::NotAllowed => continue,
                };
                parts.push(proptest::collection::vec(ie(rule.id, cx.version), min..=max).boxed());
            }
            parts.push(proptest::collection::vec(unknown_ie(), 0..=2).boxed());
            (Just(cx), Just(mt), any::<bool>(), 0u32..0x80_0000, 0u8..0x20, parts)
        })
        .prop_map(|(cx, mt, flag, cref, compat, parts)| {
            let body: Vec<u8> = parts.into_iter().flatten().flatten().collect();
            let c = cref | if flag { 0x80_0000 } else { 0 };
            let mut m = vec![
                0x09,
                0x03,
                (c >> 16) as u8,
                (c >> 8) as u8,
                c as u8,
                u8::from(mt),
                0x80 | compat,
            ];
            m.extend((body.len() as u16).to_be_bytes());
            m.extend(body);
            (cx, m)
        })
}

/// decode(encode(m)) == m for a decoded m, and the encoding is a fixed point.
fn assert_round_trip(m: &Message, cx: Context) {
    let mut buf = vec![0u8; 70_000];
    let n = m.encode(&mut buf).unwrap();
    assert_eq!(n, m.buffer_len());
    let again = Message::decode(&buf[..n], cx).unwrap_or_else(|e| panic!("{e:?} for {m:?}"));
    assert_eq!(&again.message, m);
    let mut buf2 = vec![0u8; 70_000];
    let n2 = again.message.encode(&mut buf2).unwrap();
    assert_eq!(&buf2[..n2], &buf[..n]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn valid_messages_round_trip((cx, bytes) in message_bytes()) {
        let d = Message::decode(&bytes, cx).unwrap_or_else(|e| panic!("{e:?} decoding {bytes:02x?} ({cx:?})"));
        // Only the unrecognized IEs we added may be reported.
        for p in d.problems.iter() {
            prop_assert_eq!(p.kind, IeProblemKind::Unrecognized, "{:?}", p);
            prop_assert!(p.retained);
        }
        // Messages built per the tables validate as outgoing messages too.
        prop_assert_eq!(d.message.validate(cx), Ok(()));
        assert_round_trip(&d.message, cx);
    }

    /// Reusing one `Message` for successive decodes (the O(1) clear leaves stale slots
    /// behind) gives exactly what a fresh decode gives.
    #[test]
    fn decode_into_reuse_equals_fresh_decode((cx_a, a) in message_bytes(), (cx_b, b) in message_bytes()) {
        let mut reused = Message::new(CallReference::Dummy, MessageType::Unknown(0));
        let _ = reused.decode_into(&a, cx_a);
        let fresh = Message::decode(&b, cx_b).unwrap();
        let problems = reused.decode_into(&b, cx_b).unwrap();
        prop_assert_eq!(&reused, &fresh.message);
        prop_assert_eq!(problems, fresh.problems);
        let mut x = vec![0u8; 70_000];
        let mut y = vec![0u8; 70_000];
        let n = reused.encode(&mut x).unwrap();
        let m = fresh.message.encode(&mut y).unwrap();
        prop_assert_eq!(&x[..n], &y[..m]);
    }

    #[test]
    fn decode_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300), cx in context()) {
        if let Ok(d) = Message::decode(&bytes, cx) {
            assert_round_trip(&d.message, cx);
        }
    }

    #[test]
    fn decode_never_panics_on_mutated_messages(
        (cx, bytes) in message_bytes(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut b = bytes;
        for (at, v, op) in edits {
            if b.is_empty() {
                break;
            }
            let i = at.index(b.len());
            match op {
                0 => b[i] = v,
                1 => b.truncate(i),
                _ => b.insert(i, v),
            }
        }
        if let Ok(d) = Message::decode(&b, cx) {
            assert_round_trip(&d.message, cx);
        }
    }
}

/// The generator really exercises every IE of every message table (so the round-trip
/// property covers every IE type).
#[test]
fn generator_covers_every_ie_and_message_type() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen_ies = std::collections::HashSet::new();
    let mut seen_types = std::collections::HashSet::new();
    for _ in 0..3000 {
        let (cx, b) = message_bytes().new_tree(&mut runner).unwrap().current();
        let d = Message::decode(&b, cx).unwrap();
        seen_types.insert(u8::from(d.message.message_type));
        for (id, _) in d.message.ies.present() {
            seen_ies.insert(u8::from(id));
        }
    }
    for mt in MessageType::ALL {
        assert!(seen_types.contains(&u8::from(mt)), "{mt:?} never generated");
        for rule in tables::rules(mt) {
            assert!(seen_ies.contains(&u8::from(rule.id)), "{:?} never generated", rule.id);
        }
    }
}
