//! Model-based property test of the `Nic` contract on a SoftSar over a loopback port: any
//! sequence of open / close / modify / transmit / OAM / reset / time steps keeps the promises
//! the miniport half relies on.
//!
//! - every accepted transmit completes exactly once; refused ones never do;
//! - no indication names a channel that is closed;
//! - received PDUs (without error) are sent PDUs of that channel, in order;
//! - after closing everything and returning every buffer, all memory is free again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod nic_common;

use std::collections::{HashMap, HashSet};

use hal::nic::{AalType, ChannelId, Nic, NicEvent, SoftSar, SoftSarConfig, TxToken};
use hal::oam::{LoopbackRepr, OamFlow, OamLevel, OamRepr, END_POINT_LOCATION_ID};
use hal::sim::{LoopbackPort, PortConfig};
use hal::time::{Duration, Instant};
use nic_common::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Open { ch: u32, vci: u16, aal0: bool, cbr: bool },
    Close { ch: u32 },
    Modify { ch: u32, cbr: bool },
    Transmit { ch: u32, len: usize, clp: bool },
    Oam { ch: u32 },
    Step { micros: u64 },
    Reset,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0u32..4, 0u16..6, any::<bool>(), any::<bool>()).prop_map(|(ch, vci, aal0, cbr)| Op::Open { ch, vci, aal0, cbr }),
        1 => (0u32..4).prop_map(|ch| Op::Close { ch }),
        1 => (0u32..4, any::<bool>()).prop_map(|(ch, cbr)| Op::Modify { ch, cbr }),
        6 => (0u32..4, 0usize..1500, any::<bool>()).prop_map(|(ch, len, clp)| Op::Transmit { ch, len, clp }),
        1 => (0u32..4).prop_map(|ch| Op::Oam { ch }),
        6 => (0u64..3000).prop_map(|micros| Op::Step { micros }),
        1 => Just(Op::Reset),
    ]
}

struct Model {
    open: HashMap<u32, (u16, bool)>,
    sent: HashMap<u32, Vec<Vec<u8>>>,
    delivered: HashMap<u32, usize>,
    outstanding: HashSet<u64>,
    next_token: u64,
}

fn drain_checked(
    nic: &mut SoftSar<LoopbackPort>,
    now: Instant,
    m: &mut Model,
    lent: &mut Vec<hal::nic::RxBufferId>,
    keep: bool,
) {
    while let Some(ev) = nic.poll_event(now) {
        match ev {
            NicEvent::TransmitComplete { token, .. } => {
                assert!(
                    m.outstanding.remove(&token.0),
                    "completion for unknown or completed token {token:?}"
                );
            }
            NicEvent::Received(pdu) => {
                assert!(
                    m.open.contains_key(&pdu.channel.0),
                    "receive on closed channel {:?}",
                    pdu.channel
                );
                let data = nic.rx_data(pdu.buffer).unwrap()[..pdu.len].to_vec();
                if pdu.error.is_none() {
                    let (_, aal0) = m.open[&pdu.channel.0];
                    let sent = m.sent.entry(pdu.channel.0).or_default();
                    let from = m.delivered.entry(pdu.channel.0).or_default();
                    if aal0 {
                        // AAL0 delivers cell payloads one by one: they must be a 48-octet slice of
                        // something sent on the channel.
                        assert!(sent.iter().any(|s| s.chunks(48).any(|c| c == &data[..])));
                    } else {
                        let pos = sent[*from..].iter().position(|s| *s == data);
                        assert!(
                            pos.is_some(),
                            "delivered PDU was not sent (in order) on {:?}",
                            pdu.channel
                        );
                        *from += pos.unwrap() + 1;
                    }
                }
                if keep {
                    lent.push(pdu.buffer)
                } else {
                    nic.return_buffer(pdu.buffer)
                }
            }
            NicEvent::Oam(ind) => {
                if let Some(ch) = ind.channel {
                    assert!(m.open.contains_key(&ch.0));
                }
            }
            NicEvent::OamDefect { channel, .. } => assert!(m.open.contains_key(&channel.0)),
            NicEvent::LinkState { .. } => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_operation_sequence_keeps_the_nic_contract(ops in proptest::collection::vec(op(), 1..80), keep in any::<bool>()) {
        let mut port = PortConfig::oc3(ESI_A);
        port.rx_fifo_cells = 256;
        let mut config = SoftSarConfig::new(4);
        config.tx_queue_pdus = 4;
        config.tx_cells = 64;
        config.rx_buffers = 6;
        config.rx_buffer_len = 2048;
        let mut nic = SoftSar::new(LoopbackPort::new(port), config).unwrap();
        let mut now = Instant::ZERO;
        let mut m = Model { open: HashMap::new(), sent: HashMap::new(), delivered: HashMap::new(), outstanding: HashSet::new(), next_token: 0 };
        let mut lent = Vec::new();
        for op in ops {
            match op {
                Op::Open { ch, vci, aal0, cbr } => {
                    let mut p = aal5(0, 100 + vci, if cbr { nic_common::cbr(50_000) } else { ubr() });
                    p.tx_max_sdu = 1500;
                    p.rx_max_sdu = 1500;
                    if aal0 {
                        p.aal = AalType::Aal0;
                        p.rx_max_sdu = 48;
                    }
                    let taken = m.open.values().any(|(v, _)| *v == vci);
                    let r = nic.open_channel(now, ChannelId(ch), &p);
                    if m.open.contains_key(&ch) || taken {
                        prop_assert!(r.is_err());
                    } else if r.is_ok() {
                        m.open.insert(ch, (vci, aal0));
                        m.sent.insert(ch, Vec::new());
                        m.delivered.insert(ch, 0);
                    }
                }
                Op::Close { ch } => {
                    let r = nic.close_channel(now, ChannelId(ch));
                    prop_assert_eq!(r.is_ok(), m.open.remove(&ch).is_some());
                }
                Op::Modify { ch, cbr } => {
                    if let Some(&(vci, aal0)) = m.open.get(&ch) {
                        let mut p = aal5(0, 100 + vci, if cbr { nic_common::cbr(50_000) } else { ubr() });
                        p.tx_max_sdu = 1500;
                        p.rx_max_sdu = 1500;
                        if aal0 {
                            p.aal = AalType::Aal0;
                            p.rx_max_sdu = 48;
                        }
                        let _ = nic.modify_channel(now, ChannelId(ch), &p);
                    }
                }
                Op::Transmit { ch, len, clp } => {
                    let len = match m.open.get(&ch) {
                        Some((_, true)) => (len / 48).max(1) * 48,
                        _ => len,
                    };
                    let data = sdu(m.next_token as u32, len);
                    let token = TxToken(m.next_token);
                    m.next_token += 1;
                    if nic.transmit(now, ChannelId(ch), &[&data], clp, token).is_ok() {
                        prop_assert!(m.open.contains_key(&ch));
                        m.outstanding.insert(token.0);
                        m.sent.entry(ch).or_default().push(data);
                    }
                }
                Op::Oam { ch } => {
                    if let Some(&(vci, _)) = m.open.get(&ch) {
                        let lb = OamRepr::Loopback(LoopbackRepr { indication: true, correlation_tag: 1, location_id: END_POINT_LOCATION_ID, source_id: [0x6A; 16] });
                        let _ = nic.transmit_oam(now, OamFlow::F5 { vpi: 0, vci: 100 + vci, level: OamLevel::EndToEnd }, &lb.to_payload());
                    }
                }
                Op::Step { micros } => {
                    now += Duration::from_micros(micros);
                    nic.handle_timeout(now);
                }
                Op::Reset => nic.reset(now),
            }
            drain_checked(&mut nic, now, &mut m, &mut lent, keep);
        }
        // Wind down: let queued PDUs go, close everything, let timers run, return buffers.
        now += Duration::from_millis(50);
        nic.handle_timeout(now);
        drain_checked(&mut nic, now, &mut m, &mut lent, keep);
        for ch in 0..4 {
            let _ = nic.close_channel(now, ChannelId(ch));
        }
        m.open.clear();
        now += Duration::from_secs(10);
        nic.handle_timeout(now);
        drain_checked(&mut nic, now, &mut m, &mut lent, false);
        for b in lent {
            nic.return_buffer(b);
        }
        prop_assert!(m.outstanding.is_empty(), "transmits never completed: {:?}", m.outstanding);
        prop_assert_eq!(nic.tx_cells_free(), 64);
        prop_assert_eq!(nic.rx_buffers_free(), 6);
    }
}
