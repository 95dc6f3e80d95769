//! SoftSar over the simulated fabric: data both ways, OAM, faults, link flaps, bounds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod nic_common;

use hal::cell::VpiVci;
use hal::nic::{
    AalType, AalTypes, ChannelId, Nic, NicError, NicEvent, RxError, SoftSar, SoftSarConfig,
    TxStatus, TxToken,
};
use hal::oam::{LoopbackRepr, OamFlow, OamLevel, OamRepr, END_POINT_LOCATION_ID};
use hal::sim::{FaultConfig, LinkConfig, LoopbackPort, PortConfig};
use hal::time::{Duration, Instant};
use nic_common::*;

const SIZES: &[usize] = &[1, 2, 39, 40, 41, 47, 48, 49, 88, 95, 96, 97, 500, 1500, 4470, 9180];

#[test]
fn pdus_of_many_sizes_cross_both_ways_on_several_vcs() {
    let mut bed = Bed::ideal(1);
    let vcs = [
        (ChannelId(0), aal5(0, 100, ubr())),
        (ChannelId(1), aal5(0, 101, cbr(100_000))),
        (ChannelId(2), aal5(1, 200, vbr(80_000, 40_000, 64))),
    ];
    for (id, p) in &vcs {
        bed.a.open_channel(bed.now, *id, p).unwrap();
        bed.b.open_channel(bed.now, *id, p).unwrap();
    }
    let mut token = 0u64;
    let mut sent_ab: Vec<Vec<(u64, Vec<u8>)>> = vec![Vec::new(); 3];
    let mut sent_ba: Vec<Vec<(u64, Vec<u8>)>> = vec![Vec::new(); 3];
    for (round, &len) in SIZES.iter().enumerate() {
        for (v, (id, _)) in vcs.iter().enumerate() {
            // Split each SDU into up to three fragments, as an MDL chain would be.
            let data = sdu(token as u32, len);
            let (x, rest) = data.split_at(len / 3);
            let (y, z) = rest.split_at(rest.len() / 2);
            bed.a.transmit(bed.now, *id, &[x, y, z], false, TxToken(token)).unwrap();
            sent_ab[v].push((token, data));
            token += 1;
            let data = sdu(token as u32, SIZES[SIZES.len() - 1 - round]);
            bed.b.transmit(bed.now, *id, &[&data], false, TxToken(token)).unwrap();
            sent_ba[v].push((token, data));
            token += 1;
        }
        bed.settle(Duration::from_secs(1));
    }
    bed.settle(Duration::from_secs(1));
    for (sent, log) in [(&sent_ab, &bed.log_b), (&sent_ba, &bed.log_a)] {
        for (v, (id, _)) in vcs.iter().enumerate() {
            let got: Vec<&Vec<u8>> =
                log.received.iter().filter(|(c, _, _)| c == id).map(|(_, d, _)| d).collect();
            let want: Vec<&Vec<u8>> = sent[v].iter().map(|(_, d)| d).collect();
            assert_eq!(got.len(), want.len(), "vc {v}");
            assert!(got == want, "vc {v}: data differs");
            assert!(log.received.iter().all(|(_, _, e)| e.is_none()));
        }
    }
    // Exactly one completion per transmit, all sent, in order per VC.
    for (log, sent) in [(&bed.log_a, &sent_ab), (&bed.log_b, &sent_ba)] {
        assert!(log.completed.iter().all(|(_, _, s)| *s == TxStatus::Sent));
        for (v, (id, _)) in vcs.iter().enumerate() {
            let toks: Vec<u64> =
                log.completed.iter().filter(|(c, _, _)| c == id).map(|(_, t, _)| t.0).collect();
            let want: Vec<u64> = sent[v].iter().map(|(t, _)| *t).collect();
            assert_eq!(toks, want);
        }
    }
    let (ca, cb) = (bed.a.port_counters(), bed.b.port_counters());
    assert_eq!(ca.xmit_cells_ok, cb.rcv_cells_ok);
    assert_eq!(cb.xmit_cells_ok, ca.rcv_cells_ok);
    let cells: u64 = SIZES.iter().map(|&l| (l as u64 + 8).div_ceil(48)).sum::<u64>() * 3;
    assert_eq!(ca.xmit_cells_ok, cells);
    assert_eq!(cb.rcv_pdus_ok, (SIZES.len() * 3) as u64);
    assert_eq!(cb.rcv_reassembly_error(), 0);
    assert_eq!(cb.rcv_invalid_vpi_vci + cb.cells_hec_error + cb.rcv_cells_dropped, 0);
    let c1 = bed.b.channel_counters(ChannelId(1)).unwrap();
    assert_eq!(c1.rcv_pdus_ok, SIZES.len() as u64);
    assert_eq!(bed.a.tx_cells_free(), bed.a.config().tx_cells);
    assert_eq!(bed.b.rx_buffers_free(), bed.b.config().rx_buffers);
}

#[test]
fn cbr_channel_is_shaped_to_its_peak_cell_rate() {
    let mut bed = Bed::ideal(2);
    // 10 000 cells/s: one cell per 100 µs, against a line of 353 207 cells/s.
    let p = aal5(0, 100, cbr(10_000));
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    let start = bed.now;
    let data = sdu(1, 48 * 20 - 8); // exactly 20 cells
    bed.a.transmit(bed.now, ChannelId(0), &[&data], false, TxToken(1)).unwrap();
    let mut done_at = None;
    while done_at.is_none() {
        let t = bed.next_deadline().unwrap();
        bed.now = t;
        bed.pump();
        if !bed.log_a.completed.is_empty() {
            done_at = Some(bed.now);
        }
    }
    // 20 cells at 100 µs spacing: the last leaves 1.9 ms after the first (less CDVT).
    let took = done_at.unwrap() - start;
    assert!(took >= Duration::from_micros(1_900 - 100), "{took:?}");
    assert!(took <= Duration::from_micros(2_100), "{took:?}");
    bed.settle(Duration::from_secs(1));
    assert_eq!(bed.log_b.received.len(), 1);
    assert_eq!(bed.log_b.received[0].1, data);
}

fn loopback_request(tag: u32) -> [u8; 48] {
    OamRepr::Loopback(LoopbackRepr {
        indication: true,
        correlation_tag: tag,
        location_id: END_POINT_LOCATION_ID,
        source_id: [0x6A; 16],
    })
    .to_payload()
}

#[test]
fn oam_f5_and_f4_loopback_is_answered_across_the_link() {
    let mut bed = Bed::ideal(3);
    let p = aal5(2, 300, ubr());
    bed.a.open_channel(bed.now, ChannelId(5), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(5), &p).unwrap();
    let f5 = OamFlow::F5 { vpi: 2, vci: 300, level: OamLevel::EndToEnd };
    bed.a.transmit_oam(bed.now, f5, &loopback_request(0xABCD_0001)).unwrap();
    let f4 = OamFlow::F4 { vpi: 2, level: OamLevel::Segment };
    bed.a.transmit_oam(bed.now, f4, &loopback_request(0xABCD_0002)).unwrap();
    bed.settle(Duration::from_millis(10));
    let replies: Vec<(Option<ChannelId>, OamFlow, u32, bool)> = bed
        .log_a
        .other
        .iter()
        .filter_map(|e| match e {
            NicEvent::Oam(ind) => match OamRepr::parse_bytes(&ind.payload).unwrap() {
                OamRepr::Loopback(lb) => {
                    Some((ind.channel, ind.flow, lb.correlation_tag, lb.indication))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(
        replies,
        vec![(Some(ChannelId(5)), f5, 0xABCD_0001, false), (None, f4, 0xABCD_0002, false),]
    );
    // B answered and reported nothing upward; both counted the OAM cells.
    assert!(bed.log_b.other.is_empty());
    assert_eq!(bed.b.port_counters().oam_cells_rcv, 2);
    assert_eq!(bed.b.port_counters().oam_cells_xmit, 2);
    assert_eq!(bed.a.port_counters().oam_cells_rcv, 2);
    // F5 needs an open channel.
    let unknown = OamFlow::F5 { vpi: 2, vci: 301, level: OamLevel::EndToEnd };
    assert_eq!(
        bed.a.transmit_oam(bed.now, unknown, &loopback_request(1)),
        Err(NicError::UnknownChannel)
    );
}

#[test]
fn corrupted_oam_cells_are_dropped_and_counted() {
    let mut bed = Bed::ideal(4);
    let p = aal5(0, 40, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    let mut bad = loopback_request(7);
    bad[20] ^= 0x10; // CRC-10 no longer matches
    let f5 = OamFlow::F5 { vpi: 0, vci: 40, level: OamLevel::EndToEnd };
    bed.a.transmit_oam(bed.now, f5, &bad).unwrap();
    bed.settle(Duration::from_millis(10));
    assert_eq!(bed.b.port_counters().oam_cells_invalid, 1);
    assert_eq!(bed.b.port_counters().rcv_cells_ok, 0);
    assert_eq!(bed.b.port_counters().oam_cells_xmit, 0);
    assert!(bed.log_a.other.is_empty());
}

#[test]
fn unknown_vpi_vci_is_counted_not_delivered() {
    let mut bed = Bed::ideal(5);
    bed.a.open_channel(bed.now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &aal5(0, 101, ubr())).unwrap();
    let data = sdu(9, 200); // 5 cells
    bed.a.transmit(bed.now, ChannelId(0), &[&data], false, TxToken(1)).unwrap();
    bed.settle(Duration::from_millis(10));
    assert!(bed.log_b.received.is_empty());
    let c = bed.b.port_counters();
    assert_eq!(c.rcv_invalid_vpi_vci, 5);
    assert_eq!(c.rcv_cells_ok, 0);
    assert_eq!(bed.log_a.completed, vec![(ChannelId(0), TxToken(1), TxStatus::Sent)]);
}

#[test]
fn close_with_transmits_pending_completes_them_aborted() {
    let mut bed = Bed::ideal(6);
    let p = aal5(0, 100, cbr(1_000)); // slow: nothing much leaves before the close
    bed.a.open_channel(bed.now, ChannelId(3), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(3), &p).unwrap();
    for t in 0..4 {
        let d = sdu(t, 300);
        bed.a.transmit(bed.now, ChannelId(3), &[&d], false, TxToken(u64::from(t))).unwrap();
    }
    bed.run_for(Duration::from_millis(2)); // two or three cells of the first PDU
    assert!(bed.log_a.completed.is_empty());
    bed.a.close_channel(bed.now, ChannelId(3)).unwrap();
    bed.pump();
    let want: Vec<(ChannelId, TxToken, TxStatus)> =
        (0..4).map(|t| (ChannelId(3), TxToken(t), TxStatus::Aborted)).collect();
    assert_eq!(bed.log_a.completed, want);
    assert_eq!(bed.a.port_counters().xmit_pdus_aborted, 4);
    assert_eq!(bed.a.tx_cells_free(), bed.a.config().tx_cells);
    assert_eq!(bed.a.channel_counters(ChannelId(3)), None);
    assert_eq!(
        bed.a.transmit(bed.now, ChannelId(3), &[&[1]], false, TxToken(9)),
        Err(NicError::UnknownChannel)
    );
    assert_eq!(bed.a.close_channel(bed.now, ChannelId(3)), Err(NicError::UnknownChannel));
    // The receiver saw a partial PDU; the abort cell ends it, counted, never delivered.
    bed.run_for(Duration::from_secs(4));
    assert!(bed.log_b.received.is_empty());
    assert_eq!(bed.b.port_counters().aal5.crc, 1);
    assert_eq!(bed.b.port_counters().aal5.timeout, 0);
    // The id and VPI/VCI can be reused at once.
    bed.a.open_channel(bed.now, ChannelId(3), &aal5(0, 100, ubr())).unwrap();
    let d = sdu(77, 1000);
    bed.a.transmit(bed.now, ChannelId(3), &[&d], false, TxToken(77)).unwrap();
    bed.settle(Duration::from_millis(10));
    assert_eq!(bed.log_b.received.last().unwrap().1, d);
}

#[test]
fn bounded_queues_refuse_with_resources() {
    let mut config = SoftSarConfig::new(4);
    config.tx_queue_pdus = 2;
    config.tx_cells = 10;
    let mut bed = Bed::new(7, LinkConfig::oc3(Duration::from_micros(1)), config);
    bed.a.open_channel(bed.now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    bed.a.open_channel(bed.now, ChannelId(1), &aal5(0, 101, ubr())).unwrap();
    let small = [0u8; 10];
    bed.a.transmit(bed.now, ChannelId(0), &[&small], false, TxToken(0)).unwrap();
    bed.a.transmit(bed.now, ChannelId(0), &[&small], false, TxToken(1)).unwrap();
    assert_eq!(
        bed.a.transmit(bed.now, ChannelId(0), &[&small], false, TxToken(2)),
        Err(NicError::Resources)
    );
    // 8 cells left in the cell memory: a 9-cell PDU does not fit, an 8-cell one does.
    let big = [0u8; 48 * 9 - 8];
    assert_eq!(
        bed.a.transmit(bed.now, ChannelId(1), &[&big], false, TxToken(3)),
        Err(NicError::Resources)
    );
    bed.a.transmit(bed.now, ChannelId(1), &[&big[..48 * 8 - 8]], false, TxToken(4)).unwrap();
    assert_eq!(bed.a.tx_cells_free(), 0);
    assert_eq!(bed.a.channel_counters(ChannelId(0)).unwrap().xmit_queue_full, 1);
    bed.settle(Duration::from_millis(10));
    let toks: Vec<u64> = bed.log_a.completed.iter().map(|(_, t, _)| t.0).collect();
    assert_eq!(toks.len(), 3);
    assert!(toks.contains(&0) && toks.contains(&1) && toks.contains(&4));
    assert_eq!(bed.a.tx_cells_free(), 10);
    // Room again.
    bed.a.transmit(bed.now, ChannelId(0), &[&small], false, TxToken(5)).unwrap();
}

#[test]
fn receive_buffers_lent_out_are_not_reused_and_exhaustion_is_counted() {
    let mut config = SoftSarConfig::new(4);
    config.rx_buffers = 2;
    config.rx_low_water = 0;
    let mut bed = Bed::new(8, LinkConfig::oc3(Duration::from_micros(1)), config);
    bed.return_buffers = false;
    let p = aal5(0, 100, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    for t in 0..4u32 {
        let d = sdu(t, 100);
        bed.a.transmit(bed.now, ChannelId(0), &[&d], false, TxToken(u64::from(t))).unwrap();
    }
    bed.settle(Duration::from_millis(10));
    assert_eq!(bed.log_b.received.len(), 2);
    // The second PDU took the last buffer: it asks to be returned at once.
    assert_eq!(bed.log_b.return_needed, vec![false, true]);
    assert_eq!(bed.b.port_counters().aal5.buffer_exhaustion, 2);
    assert_eq!(bed.b.port_counters().rcv_reassembly_error(), 2);
    assert_eq!(bed.b.rx_buffers_free(), 0);
}

#[test]
fn lent_buffers_are_readable_until_returned_once() {
    let mut bed = Bed::ideal(9);
    bed.return_buffers = false;
    let p = aal5(0, 100, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    let d = sdu(3, 333);
    bed.a.transmit(bed.now, ChannelId(0), &[&d], false, TxToken(0)).unwrap();
    bed.settle(Duration::from_millis(10));
    assert_eq!(bed.log_b.lent.len(), 1);
    let buffer = bed.log_b.lent[0];
    assert_eq!(&bed.b.rx_data(buffer).unwrap()[..d.len()], &d[..]);
    let free = bed.b.rx_buffers_free();
    bed.b.return_buffer(buffer);
    assert_eq!(bed.b.rx_buffers_free(), free + 1);
    assert_eq!(bed.b.rx_data(buffer), None);
    bed.b.return_buffer(buffer); // a second return is ignored
    assert_eq!(bed.b.rx_buffers_free(), free + 1);
    bed.b.return_buffer(hal::nic::RxBufferId(u64::MAX)); // and so is a made-up id
    assert_eq!(bed.b.rx_buffers_free(), free + 1);
    // The buffer is lent again for the next PDU; the stale id must not free that loan.
    let d2 = sdu(4, 100);
    bed.a.transmit(bed.now, ChannelId(0), &[&d2], false, TxToken(1)).unwrap();
    bed.settle(Duration::from_millis(10));
    let second = bed.log_b.lent[1];
    assert_ne!(second, buffer);
    bed.b.return_buffer(buffer);
    assert_eq!(&bed.b.rx_data(second).unwrap()[..d2.len()], &d2[..]);
    assert_eq!(bed.b.rx_buffers_free(), free);
}

#[test]
fn link_flap_reports_edges_flushes_transmits_and_raises_ais() {
    let mut bed = Bed::ideal(10);
    let p = aal5(0, 100, cbr(1_000));
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    for t in 0..3u32 {
        let d = sdu(t, 500);
        bed.a.transmit(bed.now, ChannelId(0), &[&d], false, TxToken(u64::from(t))).unwrap();
    }
    let down_at = bed.now + Duration::from_millis(3);
    bed.fabric.schedule_link(down_at, bed.link, false).unwrap();
    bed.fabric.schedule_link(down_at + Duration::from_millis(50), bed.link, true).unwrap();
    bed.run_until(down_at + Duration::from_millis(10));
    assert_eq!(bed.log_a.link, vec![true, false]);
    assert_eq!(bed.log_b.link, vec![true, false]);
    assert!(!bed.a.link_up());
    let want: Vec<(ChannelId, TxToken, TxStatus)> =
        (0..3).map(|t| (ChannelId(0), TxToken(t), TxStatus::LinkDown)).collect();
    assert_eq!(bed.log_a.completed, want);
    assert_eq!(
        bed.a.transmit(bed.now, ChannelId(0), &[&[1, 2, 3]], false, TxToken(9)),
        Err(NicError::LinkDown)
    );
    // The end points below a failed link are in the AIS state (I.610 §9.2.1.1.1).
    assert!(bed
        .log_a
        .other
        .iter()
        .any(|e| matches!(e, NicEvent::OamDefect { channel: ChannelId(0), ais: true, .. })));
    assert!(bed.a.channel_defects(ChannelId(0)).unwrap().ais);
    bed.run_until(down_at + Duration::from_millis(100));
    assert_eq!(bed.log_a.link, vec![true, false, true]);
    assert_eq!(bed.log_b.link, vec![true, false, true]);
    // AIS clears 2.5 s after the link is back (no AIS cells arrive).
    bed.run_for(Duration::from_secs(3));
    assert!(!bed.a.channel_defects(ChannelId(0)).unwrap().ais);
    // Data flows again and nothing from before the flap is delivered.
    let d = sdu(99, 700);
    bed.a.transmit(bed.now, ChannelId(0), &[&d], false, TxToken(99)).unwrap();
    bed.run_for(Duration::from_millis(50));
    assert_eq!(bed.log_b.received.len(), 1);
    assert_eq!(bed.log_b.received[0].1, d);
    assert_eq!(bed.log_a.completed.last(), Some(&(ChannelId(0), TxToken(99), TxStatus::Sent)));
}

#[test]
fn payload_corruption_is_counted_as_crc_errors_and_never_delivered_as_data() {
    let faults = FaultConfig { payload_corruption: 0.2, ..FaultConfig::NONE };
    let mut bed = fault_bed(11, faults);
    let p = aal5(0, 100, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    let sent: Vec<Vec<u8>> = (0..40).map(|t| sdu(t, 200)).collect();
    for (t, d) in sent.iter().enumerate() {
        bed.a.transmit(bed.now, ChannelId(0), &[d], false, TxToken(t as u64)).unwrap();
    }
    bed.settle(Duration::from_millis(50));
    let got: Vec<&Vec<u8>> = bed.log_b.received.iter().map(|(_, d, _)| d).collect();
    assert!(is_subsequence(&got, &sent));
    let c = bed.b.port_counters();
    assert!(c.aal5.crc > 0);
    assert_eq!(c.aal5.crc + got.len() as u64, 40);
    assert_eq!(bed.b.channel_counters(ChannelId(0)).unwrap().aal5.crc, c.aal5.crc);
    // The counts outlive a new receive contract (a fresh reassembler) and the channel itself.
    let mut errored = p;
    errored.deliver_errored = true;
    bed.b.modify_channel(bed.now, ChannelId(0), &errored).unwrap();
    assert_eq!(bed.b.channel_counters(ChannelId(0)).unwrap().aal5.crc, c.aal5.crc);
    assert_eq!(bed.b.port_counters().aal5.crc, c.aal5.crc);
    bed.b.close_channel(bed.now, ChannelId(0)).unwrap();
    assert_eq!(bed.b.port_counters().aal5, c.aal5);
}

#[test]
fn errored_pdus_are_flagged_on_deliver_errored_channels() {
    let faults = FaultConfig { payload_corruption: 0.3, ..FaultConfig::NONE };
    let mut bed = fault_bed(12, faults);
    let mut p = aal5(0, 100, ubr());
    p.deliver_errored = true;
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    for t in 0..20u32 {
        let d = sdu(t, 150);
        bed.a.transmit(bed.now, ChannelId(0), &[&d], false, TxToken(u64::from(t))).unwrap();
    }
    bed.settle(Duration::from_millis(50));
    assert_eq!(bed.log_b.received.len(), 20);
    let errored = bed.log_b.received.iter().filter(|(_, _, e)| *e == Some(RxError::Crc)).count();
    assert!(errored > 0);
    assert_eq!(errored as u64, bed.b.port_counters().aal5.crc);
    for (t, (_, d, e)) in bed.log_b.received.iter().enumerate() {
        if e.is_none() {
            assert_eq!(*d, sdu(t as u32, 150));
        }
    }
}

#[test]
fn header_errors_are_corrected_or_counted_as_hec_errors() {
    let faults = FaultConfig { header_corruption: 0.5, ..FaultConfig::NONE };
    let mut bed = fault_bed(13, faults);
    let p = aal5(0, 100, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    let sent: Vec<Vec<u8>> = (0..30).map(|t| sdu(t, 100)).collect();
    for (t, d) in sent.iter().enumerate() {
        bed.a.transmit(bed.now, ChannelId(0), &[d], false, TxToken(t as u64)).unwrap();
    }
    bed.settle(Duration::from_millis(50));
    let c = bed.b.port_counters();
    // Single-bit errors: corrected in correction mode, discarded in detection mode (I.432.1).
    assert!(c.cells_hec_corrected > 0);
    assert!(c.cells_hec_error > 0);
    assert_eq!(c.rcv_invalid_vpi_vci, 0);
    let got: Vec<&Vec<u8>> = bed.log_b.received.iter().map(|(_, d, _)| d).collect();
    assert!(is_subsequence(&got, &sent));
    assert!(got.len() < 30);
}

#[test]
fn loss_produces_counted_reassembly_errors_only() {
    let faults = FaultConfig { loss: 0.05, ..FaultConfig::NONE };
    let mut bed = fault_bed(14, faults);
    let p = aal5(0, 100, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    let sent: Vec<Vec<u8>> = (0..60).map(|t| sdu(t, 1000)).collect();
    for chunk in sent.chunks(10).enumerate() {
        for (i, d) in chunk.1.iter().enumerate() {
            let t = chunk.0 * 10 + i;
            bed.a.transmit(bed.now, ChannelId(0), &[d], false, TxToken(t as u64)).unwrap();
        }
        bed.settle(Duration::from_millis(50));
    }
    bed.run_for(Duration::from_secs(4));
    let got: Vec<&Vec<u8>> = bed.log_b.received.iter().map(|(_, d, _)| d).collect();
    assert!(is_subsequence(&got, &sent));
    assert!(got.len() < 60);
    let c = bed.b.port_counters();
    assert!(c.rcv_reassembly_error() > 0);
    assert!(c.aal5.crc + c.aal5.length + c.aal5.timeout > 0);
}

/// Two NICs over a link with `faults`, room for 64 queued PDUs per channel.
fn fault_bed(seed: u64, faults: FaultConfig) -> Bed {
    let link = LinkConfig { faults, ..LinkConfig::oc3(Duration::from_micros(5)) };
    let mut config = SoftSarConfig::new(4);
    config.tx_queue_pdus = 64;
    Bed::new(seed, link, config)
}

fn is_subsequence(got: &[&Vec<u8>], sent: &[Vec<u8>]) -> bool {
    let mut it = sent.iter();
    got.iter().all(|g| it.any(|s| s == *g))
}

#[test]
fn open_channel_validates_its_parameters() {
    let mut bed = Bed::ideal(15);
    let now = bed.now;
    let ok = aal5(0, 100, ubr());
    bed.a.open_channel(now, ChannelId(0), &ok).unwrap();
    assert_eq!(
        bed.a.open_channel(now, ChannelId(0), &aal5(0, 101, ubr())),
        Err(NicError::ChannelInUse)
    );
    assert_eq!(bed.a.open_channel(now, ChannelId(1), &ok), Err(NicError::VpiVciInUse));
    assert_eq!(
        bed.a.open_channel(now, ChannelId(16), &aal5(0, 102, ubr())),
        Err(NicError::UnknownChannel)
    );
    // VPI wider than 8 bits, VCI 0 with VPI ≠ 0, F4 VCIs, the unassigned 0/0.
    for (vpi, vci) in [(256, 100), (1, 0), (0, 3), (5, 4), (0, 0)] {
        assert_eq!(
            bed.a.open_channel(now, ChannelId(1), &aal5(vpi, vci, ubr())),
            Err(NicError::InvalidParameters),
            "{vpi}/{vci}"
        );
    }
    let mut p = aal5(0, 103, ubr());
    p.aal = AalType::Aal34;
    assert_eq!(bed.a.open_channel(now, ChannelId(1), &p), Err(NicError::Unsupported));
    let mut p = aal5(0, 103, ubr());
    p.tx_max_sdu = 70_000;
    assert_eq!(bed.a.open_channel(now, ChannelId(1), &p), Err(NicError::InvalidParameters));
    let mut p = aal5(0, 103, ubr());
    p.rx_max_sdu = 20_000; // larger than a receive buffer
    assert_eq!(bed.a.open_channel(now, ChannelId(1), &p), Err(NicError::InvalidParameters));
    assert_eq!(
        bed.a.open_channel(now, ChannelId(1), &aal5(0, 103, cbr(400_000))),
        Err(NicError::CellRateNotAvailable)
    );
    bed.a.open_channel(now, ChannelId(1), &aal5(0, 103, cbr(300_000))).unwrap();
    assert_eq!(
        bed.a.open_channel(now, ChannelId(2), &aal5(0, 104, cbr(60_000))),
        Err(NicError::CellRateNotAvailable)
    );
    // Nothing leaked from the refusals: the table still takes the remaining channels.
    for i in 2..16u16 {
        bed.a.open_channel(now, ChannelId(u32::from(i)), &aal5(0, 200 + i, ubr())).unwrap();
    }
    let caps = bed.a.capabilities();
    assert_eq!(caps.max_vcs, 16);
    assert_eq!(caps.esi, ESI_A);
    assert!(caps.aal_types.contains(AalTypes::AAL5 | AalTypes::AAL0));
    assert!(!caps.hardware_sar);
    assert_eq!(caps.line_cell_rate, 353_207);
    assert_eq!(caps.max_aal5_sdu, 9188);
}

#[test]
fn transmit_validates_lengths_and_direction() {
    let mut bed = Bed::ideal(16);
    let now = bed.now;
    let mut p = aal5(0, 100, ubr());
    p.tx_max_sdu = 100;
    bed.a.open_channel(now, ChannelId(0), &p).unwrap();
    let mut rx_only = aal5(0, 101, ubr());
    rx_only.tx_max_sdu = 0;
    bed.a.open_channel(now, ChannelId(1), &rx_only).unwrap();
    assert_eq!(
        bed.a.transmit(now, ChannelId(0), &[], false, TxToken(0)),
        Err(NicError::InvalidLength)
    );
    assert_eq!(
        bed.a.transmit(now, ChannelId(0), &[&[0u8; 60], &[0u8; 41]], false, TxToken(0)),
        Err(NicError::InvalidLength)
    );
    assert_eq!(
        bed.a.transmit(now, ChannelId(1), &[&[1]], false, TxToken(0)),
        Err(NicError::NotTransmitting)
    );
    bed.a.transmit(now, ChannelId(0), &[&[0u8; 60], &[0u8; 40]], false, TxToken(0)).unwrap();
}

#[test]
fn modify_channel_changes_the_contract_but_not_the_connection() {
    let mut bed = Bed::ideal(17);
    let now = bed.now;
    let p = aal5(0, 100, cbr(100_000));
    bed.a.open_channel(now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(now, ChannelId(0), &p).unwrap();
    let mut bigger = p;
    bigger.tx_traffic = cbr(400_000);
    assert_eq!(
        bed.a.modify_channel(now, ChannelId(0), &bigger),
        Err(NicError::CellRateNotAvailable)
    );
    // The old contract still holds: the remaining rate is unchanged.
    assert_eq!(
        bed.a.open_channel(now, ChannelId(1), &aal5(0, 101, cbr(260_000))),
        Err(NicError::CellRateNotAvailable)
    );
    let mut moved = p;
    moved.vpi_vci = VpiVci::new(0, 111);
    assert_eq!(bed.a.modify_channel(now, ChannelId(0), &moved), Err(NicError::InvalidParameters));
    let mut slower = p;
    slower.tx_traffic = cbr(50_000);
    bed.a.modify_channel(now, ChannelId(0), &slower).unwrap();
    bed.a.open_channel(now, ChannelId(1), &aal5(0, 101, cbr(260_000))).unwrap();
    let d = sdu(5, 2000);
    bed.a.transmit(bed.now, ChannelId(0), &[&d], false, TxToken(5)).unwrap();
    bed.settle(Duration::from_millis(100));
    assert_eq!(bed.log_b.received.len(), 1);
    assert_eq!(bed.log_b.received[0].1, d);
    assert_eq!(bed.a.modify_channel(now, ChannelId(9), &p), Err(NicError::UnknownChannel));
}

#[test]
fn clp_marks_every_cell_of_the_pdu() {
    // Observe the wire directly: a SoftSar over a loopback port, reading the port by hand.
    let mut nic =
        SoftSar::new(LoopbackPort::new(PortConfig::oc3(ESI_A)), SoftSarConfig::new(2)).unwrap();
    let now = Instant::ZERO;
    assert_eq!(nic.poll_event(now), Some(NicEvent::LinkState { up: true }));
    nic.open_channel(now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    nic.transmit(now, ChannelId(0), &[&[7u8; 100]], true, TxToken(0)).unwrap();
    nic.handle_timeout(now + Duration::from_millis(1));
    let mut cells = Vec::new();
    while let Some(c) = hal::nic::CellPort::receive_cell(nic.port_mut(), now) {
        cells.push(c);
    }
    assert_eq!(cells.len(), 3);
    for (i, c) in cells.iter().enumerate() {
        let h = hal::cell::Header::new_checked(&c[..]).unwrap();
        assert!(h.clp());
        assert!(h.hec_is_valid());
        assert_eq!(h.vpi_vci(hal::cell::HeaderFormat::Uni), VpiVci::new(0, 100));
        assert_eq!(h.pti().is_end_of_pdu(), i == 2);
    }
}

#[test]
fn loopback_port_nic_receives_its_own_pdus_including_aal0() {
    let mut nic =
        SoftSar::new(LoopbackPort::new(PortConfig::oc3(ESI_A)), SoftSarConfig::new(2)).unwrap();
    let mut now = Instant::ZERO;
    let mut log = Log::default();
    let p = aal5(0, 100, ubr());
    let mut raw = aal5(0, 200, ubr());
    raw.aal = AalType::Aal0;
    raw.tx_max_sdu = 96;
    raw.rx_max_sdu = 48;
    nic.open_channel(now, ChannelId(0), &p).unwrap();
    nic.open_channel(now, ChannelId(1), &raw).unwrap();
    let d = sdu(1, 4000);
    nic.transmit(now, ChannelId(0), &[&d], false, TxToken(0)).unwrap();
    let cells: Vec<u8> = (0..96).collect();
    assert_eq!(
        nic.transmit(now, ChannelId(1), &[&cells[..50]], false, TxToken(1)),
        Err(NicError::InvalidLength)
    );
    nic.transmit(now, ChannelId(1), &[&cells], false, TxToken(1)).unwrap();
    for _ in 0..200 {
        now += Duration::from_micros(10);
        nic.handle_timeout(now);
        drain(&mut nic, now, &mut log, true);
    }
    assert_eq!(log.link, vec![true]);
    let r0: Vec<&Vec<u8>> =
        log.received.iter().filter(|r| r.0 == ChannelId(0)).map(|r| &r.1).collect();
    let r1: Vec<&Vec<u8>> =
        log.received.iter().filter(|r| r.0 == ChannelId(1)).map(|r| &r.1).collect();
    assert_eq!(r0, vec![&d]);
    assert_eq!(r1, vec![&cells[..48].to_vec(), &cells[48..].to_vec()]);
    assert_eq!(log.completed.len(), 2);
}

#[test]
fn reset_aborts_every_queued_transmit_and_keeps_channels_open() {
    let mut bed = Bed::ideal(18);
    for i in 0..2u16 {
        let p = aal5(0, 100 + i, cbr(1_000));
        bed.a.open_channel(bed.now, ChannelId(u32::from(i)), &p).unwrap();
        bed.b.open_channel(bed.now, ChannelId(u32::from(i)), &p).unwrap();
        for t in 0..3u16 {
            let d = sdu(u32::from(i * 10 + t), 200);
            let tok = TxToken(u64::from(i * 10 + t));
            bed.a.transmit(bed.now, ChannelId(u32::from(i)), &[&d], false, tok).unwrap();
        }
    }
    bed.run_for(Duration::from_millis(1));
    bed.a.reset(bed.now);
    bed.pump();
    assert_eq!(bed.log_a.completed.len(), 6);
    assert!(bed.log_a.completed.iter().all(|(_, _, s)| *s == TxStatus::Aborted));
    assert_eq!(bed.a.tx_cells_free(), bed.a.config().tx_cells);
    // Channels are still open and work.
    let d = sdu(50, 100);
    bed.a.transmit(bed.now, ChannelId(1), &[&d], false, TxToken(50)).unwrap();
    bed.run_for(Duration::from_secs(5));
    assert_eq!(bed.log_b.received.iter().map(|r| &r.1).collect::<Vec<_>>(), vec![&d]);
    assert_eq!(bed.log_a.completed.last(), Some(&(ChannelId(1), TxToken(50), TxStatus::Sent)));
    // Each channel had a PDU on the wire: two abort cells, two counted errors at B.
    let cb = bed.b.port_counters();
    assert_eq!(cb.aal5.crc, 2);
    assert_eq!(cb.aal5.timeout, 0);
    assert_eq!(bed.a.port_counters().oam_cells_xmit, 0);
    assert_eq!(bed.a.port_counters().xmit_cells_ok, cb.rcv_cells_ok);
}

#[test]
fn close_drops_indications_not_yet_polled() {
    let mut bed = Bed::ideal(19);
    let p = aal5(0, 100, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.a.open_channel(bed.now, ChannelId(1), &aal5(0, 101, ubr())).unwrap();
    bed.fabric.set_link(bed.link, false).unwrap();
    bed.now += Duration::from_micros(1);
    bed.a.handle_timeout(bed.now);
    bed.fabric.advance(bed.now, &mut [bed.a.port_mut(), bed.b.port_mut()]);
    // The carrier loss is seen first; both channels' AIS indications wait behind it.
    assert_eq!(bed.a.poll_event(bed.now), Some(NicEvent::LinkState { up: false }));
    bed.a.close_channel(bed.now, ChannelId(0)).unwrap();
    let mut rest = Vec::new();
    while let Some(ev) = bed.a.poll_event(bed.now) {
        rest.push(ev);
    }
    assert_eq!(rest.len(), 1);
    assert!(matches!(rest[0], NicEvent::OamDefect { channel: ChannelId(1), ais: true, .. }));
}

/// A cell port whose transmit FIFO only drains when the test says so.
struct SlowPort {
    fifo: Vec<hal::cell::Cell>,
    room: usize,
    edge: Option<bool>,
}

impl hal::nic::CellPort for SlowPort {
    fn info(&self) -> hal::nic::CellPortInfo {
        hal::nic::CellPortInfo { line_cell_rate: 1_000_000, esi: ESI_A }
    }
    fn tx_ready(&self) -> bool {
        self.fifo.len() < self.room
    }
    fn transmit_cell(
        &mut self,
        _now: Instant,
        cell: &hal::cell::Cell,
    ) -> Result<(), hal::nic::CellTxError> {
        if !self.tx_ready() {
            return Err(hal::nic::CellTxError::Busy);
        }
        self.fifo.push(*cell);
        Ok(())
    }
    fn receive_cell(&mut self, _now: Instant) -> Option<hal::cell::Cell> {
        None
    }
    fn link_up(&self) -> bool {
        true
    }
    fn poll_link_change(&mut self) -> Option<bool> {
        self.edge.take()
    }
    fn rx_dropped(&self) -> u64 {
        0
    }
}

#[test]
fn a_busy_port_defers_slots_without_losing_cells_or_spinning() {
    let port = SlowPort { fifo: Vec::new(), room: 4, edge: Some(true) };
    let mut nic = SoftSar::new(port, SoftSarConfig::new(2)).unwrap();
    let mut now = Instant::ZERO;
    assert_eq!(nic.poll_event(now), Some(NicEvent::LinkState { up: true }));
    nic.open_channel(now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    let d = sdu(1, 48 * 10 - 8); // 10 cells
    nic.transmit(now, ChannelId(0), &[&d], false, TxToken(0)).unwrap();
    let mut wire = Vec::new();
    for _ in 0..20 {
        now += Duration::from_micros(100); // 100 slots at 1 µs each
        nic.handle_timeout(now);
        // The port is full: the next deadline is in the future, not a missed slot.
        if let Some(t) = nic.poll_timeout() {
            assert!(t > now);
        }
        wire.append(&mut nic.port_mut().fifo);
    }
    assert_eq!(wire.len(), 10);
    let payload: Vec<u8> = wire.iter().flat_map(|c| c[5..].to_vec()).collect();
    assert_eq!(&payload[..d.len()], &d[..]);
    assert_eq!(
        nic.poll_event(now),
        Some(NicEvent::TransmitComplete {
            channel: ChannelId(0),
            token: TxToken(0),
            status: TxStatus::Sent,
        })
    );
}

#[test]
fn ais_received_raises_ais_here_and_rdi_at_the_far_end() {
    let mut bed = Bed::ideal(20);
    let p = aal5(0, 100, ubr());
    bed.a.open_channel(bed.now, ChannelId(0), &p).unwrap();
    bed.b.open_channel(bed.now, ChannelId(0), &p).unwrap();
    // A (standing in for a switch that lost its upstream) sends VC-AIS to B.
    let f5 = OamFlow::F5 { vpi: 0, vci: 100, level: OamLevel::EndToEnd };
    let ais = OamRepr::Ais(hal::oam::DefectRepr::NOT_USED).to_payload();
    bed.a.transmit_oam(bed.now, f5, &ais).unwrap();
    bed.run_for(Duration::from_millis(100));
    // B enters AIS and answers with RDI upstream; A enters RDI (I.610 §9.3.1.1).
    assert!(bed.log_b.other.contains(&NicEvent::OamDefect {
        channel: ChannelId(0),
        ais: true,
        rdi: false,
        loc: false
    }));
    assert!(bed.log_a.other.contains(&NicEvent::OamDefect {
        channel: ChannelId(0),
        ais: false,
        rdi: true,
        loc: false
    }));
    assert!(bed.b.channel_defects(ChannelId(0)).unwrap().ais);
    assert!(bed.a.channel_defects(ChannelId(0)).unwrap().rdi);
    // No more AIS: B leaves AIS after 2.5 s, stops RDI, and A's RDI state ends too.
    bed.run_for(Duration::from_secs(6));
    assert!(!bed.b.channel_defects(ChannelId(0)).unwrap().ais);
    assert!(!bed.a.channel_defects(ChannelId(0)).unwrap().rdi);
    assert_eq!(
        bed.log_a.other.last(),
        Some(&NicEvent::OamDefect { channel: ChannelId(0), ais: false, rdi: false, loc: false })
    );
}

/// A port the test feeds received cells into.
struct InjectPort {
    rx: Vec<hal::cell::Cell>,
    edge: Option<bool>,
}

impl hal::nic::CellPort for InjectPort {
    fn info(&self) -> hal::nic::CellPortInfo {
        hal::nic::CellPortInfo { line_cell_rate: 353_207, esi: ESI_B }
    }
    fn tx_ready(&self) -> bool {
        true
    }
    fn transmit_cell(
        &mut self,
        _now: Instant,
        _cell: &hal::cell::Cell,
    ) -> Result<(), hal::nic::CellTxError> {
        Ok(())
    }
    fn receive_cell(&mut self, _now: Instant) -> Option<hal::cell::Cell> {
        if self.rx.is_empty() {
            None
        } else {
            Some(self.rx.remove(0))
        }
    }
    fn link_up(&self) -> bool {
        true
    }
    fn poll_link_change(&mut self) -> Option<bool> {
        self.edge.take()
    }
    fn rx_dropped(&self) -> u64 {
        0
    }
}

fn user_cell(vpi: u16, vci: u16, end_of_pdu: bool, fill: u8) -> hal::cell::Cell {
    let mut c = [fill; 53];
    let repr = hal::cell::HeaderRepr {
        format: hal::cell::HeaderFormat::Uni,
        gfc: 0,
        vpi,
        vci,
        pti: hal::cell::Pti::UserData { congestion: false, end_of_pdu },
        clp: false,
    };
    repr.emit(&mut c).unwrap();
    c
}

#[test]
fn a_partial_pdu_times_out_at_the_reassembly_deadline() {
    let mut config = SoftSarConfig::new(2);
    config.reassembly_timeout = Duration::from_secs(3);
    let mut nic = SoftSar::new(InjectPort { rx: Vec::new(), edge: Some(true) }, config).unwrap();
    let t0 = Instant::from_nanos(1_000);
    assert_eq!(nic.poll_event(t0), Some(NicEvent::LinkState { up: true }));
    nic.open_channel(t0, ChannelId(1), &aal5(0, 42, ubr())).unwrap();
    assert_eq!(nic.poll_timeout(), None);
    nic.port_mut().rx.push(user_cell(0, 42, false, 0xAA));
    nic.port_mut().rx.push(user_cell(0, 43, false, 0xAA)); // no such channel
    nic.port_mut().rx.push(user_cell(0, 0, false, 0)); // unassigned: ignored
    assert_eq!(nic.poll_event(t0), None);
    assert_eq!(nic.poll_timeout(), Some(t0 + Duration::from_secs(3)));
    nic.handle_timeout(t0 + Duration::from_millis(2_999));
    assert_eq!(nic.port_counters().aal5.timeout, 0);
    nic.handle_timeout(t0 + Duration::from_secs(3));
    let c = nic.port_counters();
    assert_eq!(c.aal5.timeout, 1);
    assert_eq!(c.rcv_reassembly_error(), 1);
    assert_eq!(c.rcv_cells_ok, 1);
    assert_eq!(c.rcv_invalid_vpi_vci, 1);
    assert_eq!(nic.channel_counters(ChannelId(1)).unwrap().aal5.timeout, 1);
    assert_eq!(nic.poll_timeout(), None);
    assert_eq!(nic.rx_buffers_free(), nic.config().rx_buffers);
}

#[test]
fn rm_cells_and_cells_on_receive_disabled_channels_are_dropped() {
    let mut nic =
        SoftSar::new(InjectPort { rx: Vec::new(), edge: Some(true) }, SoftSarConfig::new(2))
            .unwrap();
    let t = Instant::ZERO;
    let mut tx_only = aal5(0, 50, ubr());
    tx_only.rx_max_sdu = 0;
    nic.open_channel(t, ChannelId(0), &tx_only).unwrap();
    nic.open_channel(t, ChannelId(1), &aal5(0, 51, ubr())).unwrap();
    nic.port_mut().rx.push(user_cell(0, 50, true, 1));
    let mut rm = user_cell(0, 51, false, 1);
    let mut h = hal::cell::Header::new_checked(&mut rm[..]).unwrap();
    h.set_pti(hal::cell::Pti::ResourceManagement);
    h.fill_hec();
    nic.port_mut().rx.push(rm);
    let mut bad_hec = user_cell(0, 51, true, 1);
    bad_hec[4] ^= 0x03; // two bits: uncorrectable
    nic.port_mut().rx.push(bad_hec);
    while nic.poll_event(t).is_some() {}
    let c = nic.port_counters();
    assert_eq!(c.rcv_cells_dropped, 2);
    assert_eq!(c.cells_hec_error, 1);
    assert_eq!(c.rcv_cells_ok, 0);
    assert_eq!(nic.channel_counters(ChannelId(0)).unwrap().rcv_cells_dropped, 1);
    assert_eq!(nic.channel_counters(ChannelId(1)).unwrap().rcv_cells_dropped, 1);
}

/// A port that claims carrier and room but whose line is dead: every cell is refused.
struct DeadLine;

impl hal::nic::CellPort for DeadLine {
    fn info(&self) -> hal::nic::CellPortInfo {
        hal::nic::CellPortInfo { line_cell_rate: 1_000_000, esi: ESI_A }
    }
    fn tx_ready(&self) -> bool {
        true
    }
    fn transmit_cell(
        &mut self,
        _now: Instant,
        _cell: &hal::cell::Cell,
    ) -> Result<(), hal::nic::CellTxError> {
        Err(hal::nic::CellTxError::LinkDown)
    }
    fn receive_cell(&mut self, _now: Instant) -> Option<hal::cell::Cell> {
        None
    }
    fn link_up(&self) -> bool {
        true
    }
    fn poll_link_change(&mut self) -> Option<bool> {
        None
    }
    fn rx_dropped(&self) -> u64 {
        0
    }
}

#[test]
fn cells_refused_by_a_dead_line_fail_the_pdu_instead_of_stalling() {
    let mut nic = SoftSar::new(DeadLine, SoftSarConfig::new(2)).unwrap();
    let t = Instant::ZERO;
    assert!(nic.link_up());
    nic.open_channel(t, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    nic.transmit(t, ChannelId(0), &[&[5u8; 100]], false, TxToken(8)).unwrap();
    nic.handle_timeout(t + Duration::from_micros(10));
    assert_eq!(
        nic.poll_event(t),
        Some(NicEvent::TransmitComplete {
            channel: ChannelId(0),
            token: TxToken(8),
            status: TxStatus::LinkDown
        })
    );
    assert_eq!(nic.poll_timeout(), None);
    assert_eq!(nic.port_counters().xmit_cells_ok, 0);
    assert_eq!(nic.tx_cells_free(), nic.config().tx_cells);
}

#[test]
fn the_nic_trait_is_usable_as_a_trait_object() {
    // The miniport half may hold `Box<dyn Nic>` to drive hardware and software NICs alike.
    let mut nics: Vec<Box<dyn Nic>> = vec![
        Box::new(
            SoftSar::new(LoopbackPort::new(PortConfig::oc3(ESI_A)), SoftSarConfig::new(2)).unwrap(),
        ),
        Box::new(SoftSar::new(DeadLine, SoftSarConfig::new(2)).unwrap()),
    ];
    for nic in &mut nics {
        let now = Instant::ZERO;
        while nic.poll_event(now).is_some() {}
        assert!(nic.link_up());
        assert!(!nic.capabilities().hardware_sar);
        nic.open_channel(now, ChannelId(1), &aal5(0, 77, ubr())).unwrap();
        assert_eq!(nic.channel_counters(ChannelId(1)), Some(Default::default()));
    }
}
