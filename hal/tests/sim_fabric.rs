//! The cell fabric on its own: timing, bounds, faults, link state, determinism.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::cell::Cell;
use hal::nic::{CellPort, CellTxError};
use hal::sim::{Fabric, FabricConfig, FaultConfig, LinkConfig, LinkId, PortConfig, SimCellPort};
use hal::time::{Duration, Instant};

fn cell(tag: u16) -> Cell {
    let mut c = [0u8; 53];
    c[5..7].copy_from_slice(&tag.to_be_bytes());
    c
}

fn tag(c: &Cell) -> u16 {
    u16::from_be_bytes([c[5], c[6]])
}

/// Two ports joined by one link; rate 1 000 000 cells/s (1 µs per cell).
fn pair(
    seed: u64,
    delay: Duration,
    queue: usize,
    faults: FaultConfig,
) -> (Fabric, SimCellPort, SimCellPort, LinkId) {
    let mut f = Fabric::new(FabricConfig::new(seed, 2));
    let mut cfg = PortConfig::oc3([0; 6]);
    cfg.tx_fifo_cells = 10_000;
    cfg.rx_fifo_cells = 10_000;
    let a = f.add_port(cfg).unwrap();
    let b = f.add_port(cfg).unwrap();
    let link = f
        .connect(
            a.id(),
            b.id(),
            LinkConfig { cell_rate: 1_000_000, delay, queue_cells: queue, faults },
        )
        .unwrap();
    f.set_link(link, true).unwrap();
    let (mut a, mut b) = (a, b);
    f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
    assert_eq!(a.poll_link_change(), Some(true));
    assert_eq!(b.poll_link_change(), Some(true));
    (f, a, b, link)
}

/// Runs the fabric until nothing is pending; returns (arrival time, cell) at port b.
fn drain(f: &mut Fabric, a: &mut SimCellPort, b: &mut SimCellPort) -> Vec<(Instant, Cell)> {
    let mut got = Vec::new();
    let mut steps = 0;
    while let Some(t) = f.poll_timeout() {
        f.advance(t, &mut [&mut *a, &mut *b]);
        while let Some(c) = b.receive_cell(t) {
            got.push((t, c));
        }
        steps += 1;
        assert!(steps < 1_000_000, "fabric does not settle");
    }
    got
}

#[test]
fn cells_arrive_after_serialisation_and_propagation_in_order() {
    let delay = Duration::from_micros(10);
    let (mut f, mut a, mut b, link) = pair(1, delay, 16, FaultConfig::NONE);
    let t0 = Instant::from_nanos(5_000);
    for i in 0..3 {
        a.transmit_cell(t0, &cell(i)).unwrap();
    }
    f.advance(t0, &mut [&mut a, &mut b]);
    assert_eq!(f.poll_timeout(), Some(t0 + Duration::from_micros(11)));
    let got = drain(&mut f, &mut a, &mut b);
    let times: Vec<u64> = got.iter().map(|(t, _)| t.as_nanos()).collect();
    // Back-to-back cells leave 1 µs apart; each arrives 1 µs (cell time) + 10 µs later.
    assert_eq!(times, vec![16_000, 17_000, 18_000]);
    assert_eq!(got.iter().map(|(_, c)| tag(c)).collect::<Vec<_>>(), vec![0, 1, 2]);
    let c = f.link_counters(link, a.id()).unwrap();
    assert_eq!((c.offered, c.delivered), (3, 3));
    assert_eq!(f.link_counters(link, b.id()).unwrap().offered, 0);
}

#[test]
fn in_flight_cells_are_bounded_by_rate_times_delay_plus_queue() {
    // 10 µs × 1e6 cells/s = 10 cells in the pipe + 5 queued + 1 serialising = 16.
    let (mut f, mut a, mut b, link) = pair(1, Duration::from_micros(10), 5, FaultConfig::NONE);
    for i in 0..40 {
        a.transmit_cell(Instant::ZERO, &cell(i)).unwrap();
    }
    f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
    let got = drain(&mut f, &mut a, &mut b);
    assert_eq!(got.len(), 16);
    let c = f.link_counters(link, a.id()).unwrap();
    assert_eq!(c.overflow, 24);
    assert_eq!(c.delivered, 16);
    assert_eq!(f.queue_overflow(), 0);
}

#[test]
fn loss_of_every_cell_is_counted() {
    let faults = FaultConfig { loss: 1.0, ..FaultConfig::NONE };
    let (mut f, mut a, mut b, link) = pair(3, Duration::from_micros(1), 64, faults);
    for i in 0..20 {
        a.transmit_cell(Instant::ZERO, &cell(i)).unwrap();
    }
    f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
    assert!(drain(&mut f, &mut a, &mut b).is_empty());
    assert_eq!(f.link_counters(link, a.id()).unwrap().lost, 20);
}

#[test]
fn corruption_flips_exactly_one_bit_in_the_chosen_part() {
    for (faults, header) in [
        (FaultConfig { header_corruption: 1.0, ..FaultConfig::NONE }, true),
        (FaultConfig { payload_corruption: 1.0, ..FaultConfig::NONE }, false),
    ] {
        let (mut f, mut a, mut b, _) = pair(11, Duration::ZERO, 64, faults);
        let sent: Vec<Cell> = (0..50u16).map(cell).collect();
        for c in &sent {
            a.transmit_cell(Instant::ZERO, c).unwrap();
        }
        f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
        let got = drain(&mut f, &mut a, &mut b);
        assert_eq!(got.len(), 50);
        for (s, (_, g)) in sent.iter().zip(&got) {
            let diff: Vec<u32> =
                s.iter().zip(g.iter()).map(|(x, y)| (x ^ y).count_ones()).collect();
            assert_eq!(diff.iter().sum::<u32>(), 1);
            let in_header = diff[..5].iter().sum::<u32>() == 1;
            assert_eq!(in_header, header);
        }
    }
}

#[test]
fn duplication_delivers_two_copies() {
    let faults = FaultConfig { duplication: 1.0, ..FaultConfig::NONE };
    let (mut f, mut a, mut b, link) = pair(5, Duration::from_micros(2), 64, faults);
    for i in 0..4 {
        a.transmit_cell(Instant::ZERO, &cell(i)).unwrap();
    }
    f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
    let tags: Vec<u16> = drain(&mut f, &mut a, &mut b).iter().map(|(_, c)| tag(c)).collect();
    assert_eq!(tags, vec![0, 0, 1, 1, 2, 2, 3, 3]);
    assert_eq!(f.link_counters(link, a.id()).unwrap().duplicated, 4);
}

#[test]
fn reordering_lets_later_cells_overtake() {
    let faults =
        FaultConfig { reorder: 0.3, reorder_delay: Duration::from_micros(20), ..FaultConfig::NONE };
    let (mut f, mut a, mut b, link) = pair(17, Duration::from_micros(2), 256, faults);
    for i in 0..200 {
        a.transmit_cell(Instant::ZERO, &cell(i)).unwrap();
    }
    f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
    let tags: Vec<u16> = drain(&mut f, &mut a, &mut b).iter().map(|(_, c)| tag(c)).collect();
    assert_eq!(tags.len(), 200);
    assert!(tags.windows(2).any(|w| w[0] > w[1]), "no reordering happened");
    let mut sorted = tags.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..200).collect::<Vec<_>>());
    assert!(f.link_counters(link, a.id()).unwrap().reordered > 0);
}

#[test]
fn link_down_loses_cells_in_flight_and_both_ends_see_the_edges() {
    let (mut f, mut a, mut b, link) = pair(1, Duration::from_micros(50), 64, FaultConfig::NONE);
    for i in 0..5 {
        a.transmit_cell(Instant::ZERO, &cell(i)).unwrap();
    }
    f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
    f.schedule_link(Instant::from_nanos(10_000), link, false).unwrap();
    f.schedule_link(Instant::from_nanos(20_000), link, true).unwrap();
    f.advance(Instant::from_nanos(15_000), &mut [&mut a, &mut b]);
    assert!(!a.link_up() && !b.link_up());
    assert_eq!(a.transmit_cell(Instant::from_nanos(15_000), &cell(9)), Err(CellTxError::LinkDown));
    assert!(drain(&mut f, &mut a, &mut b).is_empty());
    assert!(a.link_up() && b.link_up());
    for p in [&mut a, &mut b] {
        assert_eq!(p.poll_link_change(), Some(false));
        assert_eq!(p.poll_link_change(), Some(true));
        assert_eq!(p.poll_link_change(), None);
    }
    assert_eq!(f.link_counters(link, a.id()).unwrap().link_down, 5);
    // After the flap the link carries cells again.
    a.transmit_cell(Instant::from_nanos(30_000), &cell(7)).unwrap();
    f.advance(Instant::from_nanos(30_000), &mut [&mut a, &mut b]);
    let got = drain(&mut f, &mut a, &mut b);
    assert_eq!(got.iter().map(|(_, c)| tag(c)).collect::<Vec<_>>(), vec![7]);
}

#[test]
fn a_seed_determines_the_run() {
    let faults = FaultConfig {
        loss: 0.05,
        header_corruption: 0.05,
        payload_corruption: 0.05,
        duplication: 0.05,
        reorder: 0.05,
        reorder_delay: Duration::from_micros(5),
    };
    let run = |seed| {
        let (mut f, mut a, mut b, link) = pair(seed, Duration::from_micros(3), 512, faults);
        for i in 0..300 {
            a.transmit_cell(Instant::ZERO, &cell(i)).unwrap();
        }
        f.advance(Instant::ZERO, &mut [&mut a, &mut b]);
        let got = drain(&mut f, &mut a, &mut b);
        (got, f.link_counters(link, a.id()).unwrap())
    };
    let (g1, c1) = run(1234);
    let (g2, c2) = run(1234);
    let (g3, c3) = run(4321);
    assert_eq!(g1, g2);
    assert_eq!(c1, c2);
    assert!(g1 != g3 || c1 != c3);
    assert!(c1.lost > 0 && c1.duplicated > 0);
}

#[test]
fn unknown_ids_and_full_fabrics_are_refused() {
    let mut f = Fabric::new(FabricConfig::new(0, 2));
    let a = f.add_port(PortConfig::oc3([0; 6])).unwrap();
    let b = f.add_port(PortConfig::oc3([0; 6])).unwrap();
    assert!(f.add_port(PortConfig::oc3([0; 6])).is_err());
    assert!(f.connect(a.id(), a.id(), LinkConfig::oc3(Duration::ZERO)).is_err());
    let l = f.connect(a.id(), b.id(), LinkConfig::oc3(Duration::ZERO)).unwrap();
    assert!(f.connect(a.id(), b.id(), LinkConfig::oc3(Duration::ZERO)).is_err());
    assert!(f.set_link(LinkId(9), true).is_err());
    assert!(f.schedule_link(Instant::ZERO, LinkId(9), true).is_err());
    assert_eq!(f.link_up(l), Some(false));
}
