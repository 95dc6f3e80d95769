//! Property: over any seed and fault mix, the software NICs deliver exactly the PDUs that
//! were sent, in order per VC, or lose them with a counted error — never wrong data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod nic_common;

use hal::nic::{ChannelId, Nic, NicError, SoftSarConfig, TxStatus, TxToken};
use hal::sim::{FaultConfig, LinkConfig};
use hal::time::Duration;
use nic_common::*;
use proptest::prelude::*;

struct Outcome {
    sent: Vec<Vec<Vec<u8>>>,
    got: Vec<Vec<Vec<u8>>>,
    errors_seen: u64,
}

/// Sends `pdus` (vc index, length) from A to B over a link with `faults`; returns what each VC
/// sent and received and how many faults/errors were counted anywhere.
fn run(seed: u64, faults: FaultConfig, pdus: &[(usize, usize)]) -> Outcome {
    let link = LinkConfig { faults, ..LinkConfig::oc3(Duration::from_micros(20)) };
    let mut config = SoftSarConfig::new(4);
    config.tx_queue_pdus = 8;
    let mut bed = Bed::new(seed, link, config);
    let vcs = [(ChannelId(0), aal5(0, 100, ubr())), (ChannelId(1), aal5(3, 777, cbr(150_000)))];
    for (id, p) in &vcs {
        bed.a.open_channel(bed.now, *id, p).unwrap();
        bed.b.open_channel(bed.now, *id, p).unwrap();
    }
    let mut sent = vec![Vec::new(), Vec::new()];
    for (n, &(vc, len)) in pdus.iter().enumerate() {
        let data = sdu(n as u32, len);
        let id = vcs[vc].0;
        loop {
            match bed.a.transmit(bed.now, id, &[&data], false, TxToken(n as u64)) {
                Ok(()) => break,
                Err(NicError::Resources) => bed.run_for(Duration::from_micros(200)),
                Err(e) => panic!("transmit: {e:?}"),
            }
        }
        sent[vc].push(data);
    }
    bed.settle(Duration::from_secs(1));
    // Let reassembly timers expire so partial PDUs are counted too.
    bed.run_for(Duration::from_secs(4));

    // Exactly one completion per transmit, all sent, and every resource back.
    assert_eq!(bed.log_a.completed.len(), pdus.len());
    assert!(bed.log_a.completed.iter().all(|(_, _, s)| *s == TxStatus::Sent));
    let mut toks: Vec<u64> = bed.log_a.completed.iter().map(|(_, t, _)| t.0).collect();
    toks.sort_unstable();
    assert_eq!(toks, (0..pdus.len() as u64).collect::<Vec<_>>());
    assert_eq!(bed.a.tx_cells_free(), bed.a.config().tx_cells);
    assert_eq!(bed.b.rx_buffers_free(), bed.b.config().rx_buffers);

    let mut got = vec![Vec::new(), Vec::new()];
    for (ch, data, err) in &bed.log_b.received {
        assert_eq!(*err, None, "errored PDUs are only delivered on deliver_errored channels");
        got[ch.0 as usize].push(data.clone());
    }
    let c = bed.b.port_counters();
    let l = bed.fabric.link_counters(bed.link, bed.a.port().id()).unwrap();
    let errors_seen = c.rcv_reassembly_error()
        + c.cells_hec_error
        + c.rcv_invalid_vpi_vci
        + l.lost
        + l.payload_corrupted
        + l.header_corrupted
        + l.overflow;
    Outcome { sent, got, errors_seen }
}

fn is_subsequence(got: &[Vec<u8>], sent: &[Vec<u8>]) -> bool {
    let mut it = sent.iter();
    got.iter().all(|g| it.any(|s| s == g))
}

fn fault_strategy() -> impl Strategy<Value = FaultConfig> {
    (0.0..0.02f64, 0.0..0.03f64, 0.0..0.03f64, 0.0..0.02f64).prop_map(|(loss, hdr, pay, reo)| {
        FaultConfig {
            loss,
            header_corruption: hdr,
            payload_corruption: pay,
            duplication: 0.0,
            reorder: reo,
            reorder_delay: Duration::from_micros(30),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn delivered_pdus_are_the_sent_ones_in_order_or_counted(
        seed in any::<u64>(),
        faults in fault_strategy(),
        pdus in proptest::collection::vec((0usize..2, 1usize..3000), 1..30),
    ) {
        let o = run(seed, faults, &pdus);
        for vc in 0..2 {
            prop_assert!(is_subsequence(&o.got[vc], &o.sent[vc]), "vc {} delivered data that was not sent in this order", vc);
            if o.got[vc].len() < o.sent[vc].len() {
                prop_assert!(o.errors_seen > 0, "a PDU vanished without any counted fault");
            }
        }
    }

    #[test]
    fn a_perfect_link_delivers_everything(
        seed in any::<u64>(),
        pdus in proptest::collection::vec((0usize..2, 1usize..9180), 1..20),
    ) {
        let o = run(seed, FaultConfig::NONE, &pdus);
        prop_assert_eq!(o.got, o.sent);
        prop_assert_eq!(o.errors_seen, 0);
    }
}

#[test]
fn duplicated_cells_only_ever_repeat_whole_single_cell_pdus() {
    // AAL5 cannot tell a duplicated single-cell PDU from a new one (I.363.5 has no sequence
    // number); every other duplicate breaks the CRC or length and is counted.
    let faults = FaultConfig { duplication: 0.05, ..FaultConfig::NONE };
    let pdus: Vec<(usize, usize)> =
        (0..60).map(|i| (i % 2, if i % 3 == 0 { 20 } else { 400 })).collect();
    let o = run(99, faults, &pdus);
    for vc in 0..2 {
        let mut dedup = o.got[vc].clone();
        dedup.dedup();
        assert!(is_subsequence(&dedup, &o.sent[vc]));
        for w in o.got[vc].windows(2) {
            if w[0] == w[1] {
                assert!(w[0].len() <= 40, "a multi-cell PDU was delivered twice");
            }
        }
    }
    assert!(o.errors_seen > 0);
}
