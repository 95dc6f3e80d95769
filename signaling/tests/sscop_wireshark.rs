//! Wireshark cross-check: a pair of SSCOP entities is driven through establishment, data
//! transfer with a lost SD (USTAT, POLL/STAT with a list), unnumbered and management data,
//! resynchronisation, error recovery, release and a rejected establishment, so that every
//! one of the fifteen PDU types is emitted. Each PDU is written to a SunATM pcap on VPI 0 /
//! VCI 5 (traffic type signalling); tshark must decode each with the PDU type and the
//! N(S)/N(R)/N(MR)/N(PS)/N(SQ) values we set, and report no malformed packet.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

mod common;

use hal::capture::{Direction, SunAtmPcap, SunAtmTraffic};
use hal::time::{Duration, Instant};
use signaling::saal::sscop::pdu::{Limits, PduType, Repr};
use signaling::saal::sscop::{BufferRelease, Config, Event, Signal, Sscop, State, Timer};

/// A Q.2931 RELEASE COMPLETE (cause 16, normal clearing) as the SD payload, so that the
/// Q.2931 dissector behind SSCOP has a valid message to decode.
const RELEASE_COMPLETE: [u8; 15] =
    [0x09, 0x03, 0x00, 0x00, 0x01, 0x5A, 0x80, 0x00, 0x06, 0x08, 0x80, 0x00, 0x02, 0x80, 0x90];

struct Capture {
    pcap: SunAtmPcap,
    now: Instant,
    pdus: Vec<Vec<u8>>,
}

impl Capture {
    fn record(&mut self, from_a: bool, pdu: &[u8]) {
        self.now += Duration::from_millis(1);
        let dir = if from_a { Direction::DteToDce } else { Direction::DceToDte };
        self.pcap.record(self.now, dir, SunAtmTraffic::Signaling, 0, 5, pdu);
        self.pdus.push(pdu.to_vec());
    }
}

/// Moves every pending PDU of `from` to `to` (recording it), unless `drop` says otherwise.
fn transfer(
    cap: &mut Capture,
    from: &mut Sscop,
    to: &mut Sscop,
    from_a: bool,
    mut drop: impl FnMut(&Repr<'_>) -> bool,
) {
    let now = cap.now;
    while let Some(p) = from.poll_transmit(now) {
        cap.record(from_a, &p);
        let r = Repr::parse_bytes(&p, &Limits::SSCF_UNI).unwrap();
        if !drop(&r) {
            to.handle_pdu(now, &p);
        }
    }
}

fn events(e: &mut Sscop) -> Vec<Event> {
    std::iter::from_fn(|| e.poll_event()).collect()
}

fn scenario() -> Capture {
    let mut cap = Capture { pcap: SunAtmPcap::new(1 << 20), now: Instant::ZERO, pdus: Vec::new() };
    let mut a = Sscop::new(Config::default()).unwrap();
    let mut b = Sscop::new(Config::default()).unwrap();
    let t = cap.now;
    // BGN / BGAK.
    a.handle_signal(t, Signal::EstablishRequest { uu: vec![], br: BufferRelease::Yes }).unwrap();
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    assert!(matches!(events(&mut b)[..], [Event::EstablishIndication { .. }]));
    b.handle_signal(t, Signal::EstablishResponse { uu: vec![], br: BufferRelease::Yes }).unwrap();
    transfer(&mut cap, &mut b, &mut a, false, |_| false);
    assert_eq!(a.state(), State::DataTransferReady);
    // Three SDs, the second lost: B answers with USTAT (lost too), then POLL → STAT lists
    // the gap, and A retransmits.
    for _ in 0..3 {
        a.handle_signal(t, Signal::DataRequest(RELEASE_COMPLETE.to_vec())).unwrap();
    }
    transfer(&mut cap, &mut a, &mut b, true, |r| matches!(r, Repr::Sd { n_s: 1, .. }));
    transfer(&mut cap, &mut b, &mut a, false, |r| matches!(r, Repr::Ustat { .. }));
    let poll_at = a.timer(Timer::Poll).unwrap();
    cap.now = cap.now.max(poll_at);
    a.handle_timeout(poll_at);
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    transfer(&mut cap, &mut b, &mut a, false, |_| false);
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    let delivered =
        events(&mut b).into_iter().filter(|e| matches!(e, Event::DataIndication { .. })).count();
    assert_eq!(delivered, 3);
    // UD and MD.
    a.handle_signal(t, Signal::UnitdataRequest(b"unitdata".to_vec())).unwrap();
    a.handle_signal(t, Signal::MaaUnitdataRequest(b"mgmt".to_vec())).unwrap();
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    let _ = events(&mut a);
    let _ = events(&mut b);
    // RS / RSAK.
    a.handle_signal(cap.now, Signal::ResyncRequest { uu: b"rs".to_vec() }).unwrap();
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    b.handle_signal(cap.now, Signal::ResyncResponse).unwrap();
    transfer(&mut cap, &mut b, &mut a, false, |_| false);
    assert_eq!(a.state(), State::DataTransferReady);
    // ER / ERAK: a USTAT out of range makes A start error recovery.
    a.handle_pdu(cap.now, &Repr::Ustat { n_mr: 9, n_r: 7, list: [7, 8] }.to_vec());
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    assert_eq!(b.state(), State::IncomingRecoveryPending);
    b.handle_signal(cap.now, Signal::RecoverResponse).unwrap();
    transfer(&mut cap, &mut b, &mut a, false, |_| false);
    a.handle_signal(cap.now, Signal::RecoverResponse).unwrap();
    assert_eq!(a.state(), State::DataTransferReady);
    // END / ENDAK.
    a.handle_signal(cap.now, Signal::ReleaseRequest { uu: b"bye".to_vec() }).unwrap();
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    transfer(&mut cap, &mut b, &mut a, false, |_| false);
    assert_eq!(a.state(), State::Idle);
    // BGN / BGREJ.
    a.handle_signal(cap.now, Signal::EstablishRequest { uu: vec![], br: BufferRelease::Yes })
        .unwrap();
    transfer(&mut cap, &mut a, &mut b, true, |_| false);
    b.handle_signal(cap.now, Signal::ReleaseRequest { uu: b"no".to_vec() }).unwrap();
    transfer(&mut cap, &mut b, &mut a, false, |_| false);
    assert_eq!(a.state(), State::Idle);
    cap
}

/// The value tshark shows for `field` in one PDML packet.
fn field(packet: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\"");
    let at = packet.find(&key)?;
    let rest = &packet[at..];
    let show = rest.find("show=\"")? + 6;
    let end = rest[show..].find('"')?;
    Some(rest[show..show + end].to_string())
}

fn fields(packet: &str, name: &str) -> Vec<String> {
    let key = format!("name=\"{name}\"");
    packet
        .match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &packet[i..];
            let show = rest.find("show=\"")? + 6;
            let end = rest[show..].find('"')?;
            Some(rest[show..show + end].to_string())
        })
        .collect()
}

fn num(s: &str) -> u32 {
    if let Some(h) = s.strip_prefix("0x") {
        u32::from_str_radix(h, 16).unwrap()
    } else {
        s.parse().unwrap()
    }
}

#[test]
fn tshark_decodes_every_pdu_type_we_emit() {
    let cap = scenario();
    let types: std::collections::BTreeSet<u8> = cap
        .pdus
        .iter()
        .map(|p| u8::from(Repr::parse_bytes(p, &Limits::SSCF_UNI).unwrap().pdu_type()))
        .collect();
    assert_eq!(types.len(), 15, "every PDU type is emitted: {types:?}");
    if !common::tshark::available() {
        return;
    }
    let path = common::tshark::write_capture("sscop_all_pdus", cap.pcap.as_bytes());
    let pdml = common::tshark::pdml(&path);
    let packets: Vec<&str> = pdml.split("<packet>").skip(1).collect();
    assert_eq!(packets.len(), cap.pdus.len());
    for (i, (packet, bytes)) in packets.iter().zip(&cap.pdus).enumerate() {
        let repr = Repr::parse_bytes(bytes, &Limits::SSCF_UNI).unwrap();
        let ctx = format!("packet {} ({:?})", i + 1, repr);
        assert!(!packet.contains("_ws.malformed"), "{ctx}: malformed");
        assert!(
            !packet.contains("_ws.expert.severity\" showname=\"Severity level: Error"),
            "{ctx}"
        );
        let ty = field(packet, "sscop.type").unwrap_or_else(|| panic!("{ctx}: no sscop.type"));
        assert_eq!(num(&ty) & 0x0F, u32::from(u8::from(repr.pdu_type())), "{ctx}");
        let get = |n: &str| num(&field(packet, n).unwrap_or_else(|| panic!("{ctx}: no {n}")));
        match repr {
            Repr::Bgn { n_sq, n_mr, .. }
            | Repr::Rs { n_sq, n_mr, .. }
            | Repr::Er { n_sq, n_mr } => {
                assert_eq!(get("sscop.sq"), u32::from(n_sq), "{ctx}");
                assert_eq!(get("sscop.mr"), n_mr, "{ctx}");
            }
            Repr::Bgak { n_mr, .. } | Repr::Rsak { n_mr } | Repr::Erak { n_mr } => {
                assert_eq!(get("sscop.mr"), n_mr, "{ctx}");
            }
            Repr::Sd { n_s, .. } => {
                assert_eq!(get("sscop.s"), n_s, "{ctx}");
                // The payload went on to the Q.2931 dissector.
                assert!(packet.contains("name=\"q2931\""), "{ctx}: no Q.2931");
            }
            Repr::Poll { n_ps, n_s } => {
                assert_eq!(get("sscop.ps"), n_ps, "{ctx}");
                assert_eq!(get("sscop.s"), n_s, "{ctx}");
            }
            Repr::Stat { n_ps, n_mr, n_r, list } => {
                assert_eq!(get("sscop.ps"), n_ps, "{ctx}");
                assert_eq!(get("sscop.mr"), n_mr, "{ctx}");
                assert_eq!(get("sscop.r"), n_r, "{ctx}");
                let shown: Vec<u32> =
                    fields(packet, "sscop.stat.s").iter().map(|s| num(s)).collect();
                assert_eq!(shown, list.iter().collect::<Vec<_>>(), "{ctx}");
            }
            Repr::Ustat { n_mr, n_r, list } => {
                assert_eq!(get("sscop.mr"), n_mr, "{ctx}");
                assert_eq!(get("sscop.r"), n_r, "{ctx}");
                let shown: Vec<u32> =
                    fields(packet, "sscop.stat.s").iter().map(|s| num(s)).collect();
                assert_eq!(shown, list.to_vec(), "{ctx}");
            }
            Repr::End { source, .. } => {
                let s = field(packet, "sscop.source").unwrap();
                let want = match source {
                    signaling::saal::sscop::Source::User => "User",
                    signaling::saal::sscop::Source::Sscop => "SSCOP",
                };
                assert_eq!(s, want, "{ctx}");
            }
            Repr::Bgrej { .. } | Repr::Endak | Repr::Ud { .. } | Repr::Md { .. } => {}
        }
        if matches!(repr.pdu_type(), PduType::Sd | PduType::Ud | PduType::Bgn | PduType::End) {
            let pad = get("sscop.pad_length");
            assert_eq!(pad as usize, (4 - repr_payload_len(&repr) % 4) % 4, "{ctx}");
        }
    }
    let expert = common::tshark::expert_info(&path);
    assert!(!expert.to_lowercase().contains("malformed"), "{expert}");
}

fn repr_payload_len(r: &Repr<'_>) -> usize {
    match r {
        Repr::Sd { info, .. } | Repr::Ud { info } => info.len(),
        Repr::Bgn { uu, .. } | Repr::End { uu, .. } => uu.len(),
        _ => 0,
    }
}
