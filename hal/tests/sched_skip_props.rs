//! Property tests of the scheduler's idle-slot skipping: `skip_to` / `advance_idle` interleaved
//! with `next_slot` make the same send decisions as stepping every slot, and
//! `next_eligible_slot` names exactly the first slot in which `next_slot` sends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::time::Duration;
use hal::traffic::{Scheduler, SchedulerConfig, TrafficParams};
use proptest::prelude::*;

const NS: u64 = 1_000_000_000;
const VCS: u32 = 8;

#[derive(Debug, Clone)]
enum Op {
    Add(u32, TrafficParams),
    Remove(u32),
    Backlog(u32, u32),
    /// Step (reference) / skip (under test) this many slots.
    Run(u64),
}

/// Contracts with periods from 1 slot to ~3 wheel rounds (line 1 000 000 cells/s).
fn contract(line: u32) -> impl Strategy<Value = TrafficParams> {
    (
        0u8..5,
        prop_oneof![1u32..8, 8u32..200, 200u32..12_000],
        1u32..8,
        1u32..20,
        0u64..6,
        any::<bool>(),
    )
        .prop_map(move |(cat, d1, d2, mbs, cdvt_slots, capped)| {
            let pcr = (line / d1).max(1);
            let scr = (pcr / d2).max(1);
            let cdvt = Duration::from_nanos(cdvt_slots * NS / u64::from(line));
            match cat {
                0 => TrafficParams::cbr(pcr, cdvt),
                1 => TrafficParams::rt_vbr(pcr, scr, mbs, cdvt),
                2 => TrafficParams::nrt_vbr(pcr, scr, mbs, cdvt),
                3 => TrafficParams::ubr(if capped { pcr } else { 0 }, cdvt),
                _ => TrafficParams::abr(pcr, if capped { scr } else { 0 }, cdvt),
            }
        })
}

fn op(line: u32) -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..VCS, contract(line)).prop_map(|(i, p)| Op::Add(i, p)),
        (0..VCS).prop_map(Op::Remove),
        (0..VCS, prop_oneof![Just(0u32), 1u32..6, 6u32..40]).prop_map(|(i, n)| Op::Backlog(i, n)),
        prop_oneof![1u64..50, 50u64..5_000, 5_000u64..40_000].prop_map(Op::Run),
    ]
}

fn new_sched(line: u32) -> Scheduler {
    Scheduler::new(SchedulerConfig { line_cell_rate: line, max_vcs: VCS }).unwrap()
}

/// Apply a control op to a scheduler (both copies get the same ones).
fn control(s: &mut Scheduler, op: &Op) {
    match *op {
        Op::Add(i, p) => {
            let _ = s.add_vc(i, p);
        }
        Op::Remove(i) => {
            let _ = s.remove_vc(i);
        }
        Op::Backlog(i, n) => {
            let _ = s.set_backlog(i, n);
        }
        Op::Run(_) => {}
    }
}

fn any_backlog(s: &Scheduler) -> bool {
    (0..VCS).any(|i| s.backlog(i).is_some_and(|b| b > 0))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Equivalence: the reference steps every slot; the copy under test skips to the end of each
    /// run (or to where `skip_to` stops, then decides that slot with `next_slot`). Both send the
    /// same VCs in the same slots and end in the same state. Along the way, in the reference,
    /// `next_eligible_slot` is exact: it names the current slot iff `next_slot` sends in it, is
    /// `None` iff nothing is backlogged, and does not change across idle slots.
    #[test]
    fn skipping_equals_stepping_and_next_eligible_is_exact(
        line in prop_oneof![Just(10_000u32), Just(1_000_000)],
        ops in prop::collection::vec(op(1_000_000), 1..60),
    ) {
        let mut stepped = new_sched(line);
        let mut skipped = new_sched(line);
        for op in &ops {
            control(&mut stepped, op);
            control(&mut skipped, op);
            let Op::Run(n) = *op else { continue };
            let end = stepped.now() + n;
            let mut reference = Vec::new();
            let mut pred = stepped.next_eligible_slot();
            while stepped.now() < end {
                let t = stepped.now();
                prop_assert_eq!(pred.is_none(), !any_backlog(&stepped));
                if let Some(p) = pred {
                    prop_assert!(p >= t);
                }
                let sent = stepped.next_slot();
                prop_assert_eq!(sent.is_some(), pred == Some(t), "slot {} pred {:?}", t, pred);
                let after = stepped.next_eligible_slot();
                if let Some(vc) = sent {
                    reference.push((t, vc));
                } else {
                    prop_assert_eq!(after, pred, "prediction moved over idle slot {}", t);
                }
                pred = after;
            }
            let mut got = Vec::new();
            while skipped.now() < end {
                let reached = skipped.skip_to(end);
                if reached < end {
                    prop_assert_eq!(skipped.next_eligible_slot(), Some(reached));
                    let t = skipped.now();
                    let vc = skipped.next_slot();
                    prop_assert!(vc.is_some(), "skip_to stopped at idle slot {}", t);
                    got.push((t, vc.unwrap()));
                }
            }
            prop_assert_eq!(&got, &reference);
            prop_assert_eq!(skipped.now(), stepped.now());
            prop_assert_eq!(skipped.stats().slots, stepped.stats().slots);
            prop_assert_eq!(skipped.stats().idle_slots, stepped.stats().idle_slots);
            prop_assert_eq!(skipped.stats().cells_per_class, stepped.stats().cells_per_class);
            for i in 0..VCS {
                prop_assert_eq!(skipped.backlog(i), stepped.backlog(i));
            }
            prop_assert_eq!(skipped.next_eligible_slot(), stepped.next_eligible_slot());
        }
    }

    /// `advance_idle` over a long idle period (many wheel rounds, beyond the parking horizon)
    /// with slow VCs queued: it stops exactly at their first eligible slot, which
    /// `next_eligible_slot` named, and the work is bounded by the buckets visited (the stats
    /// count every slot crossed as idle).
    #[test]
    fn long_skips_stop_at_the_first_eligible_slot(
        pcr in 1u32..200,
        warm in 0u64..10_000,
        cells in 1u32..4,
    ) {
        let line = 100_000_000u32;
        let mut s = new_sched(line);
        s.add_vc(3, TrafficParams::cbr(pcr, Duration::ZERO)).unwrap();
        prop_assert_eq!(s.advance_idle(warm), warm);
        s.set_backlog(3, cells).unwrap();
        // 1/PCR in slots, as an exact fraction line/pcr.
        let (line64, pcr64) = (u64::from(line), u64::from(pcr));
        let mut prev: Option<u64> = None;
        for _ in 0..cells {
            let predicted = s.next_eligible_slot().unwrap();
            prop_assert_eq!(s.skip_to(u64::MAX), predicted);
            prop_assert_eq!(s.next_slot(), Some(3));
            match prev {
                // The first cell leaves at once: the VC was idle.
                None => prop_assert_eq!(predicted, warm),
                // Later ones at the PCR (CDVT 0: a fraction of a slot may be lost).
                Some(p) => {
                    let gap = predicted - p;
                    prop_assert!(gap * pcr64 >= line64, "gap {} below 1/PCR", gap);
                    prop_assert!(gap <= line64.div_ceil(pcr64) + 1, "gap {} too long", gap);
                }
            }
            prev = Some(predicted);
        }
        prop_assert_eq!(s.next_eligible_slot(), None);
        let now = s.now();
        prop_assert_eq!(s.skip_to(now + (1 << 40)), now + (1 << 40));
        prop_assert_eq!(s.stats().slots, now + (1 << 40));
    }
}
