//! Property tests of hal::traffic: GCRA forms agree, the scheduler never exceeds a contract,
//! keeps CBR within CDVT, shares UBR fairly, honours strict priority and admission control, and
//! the policer passes every shaped stream while cutting an over-rate one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::time::{Duration, Instant};
use hal::traffic::{
    AdmissionError, Gcra, GcraParams, LeakyBucket, Policer, PolicerParams, Scheduler,
    SchedulerConfig, ServiceCategory, Shaper, TrafficParams, Verdict, VirtualScheduling,
};
use proptest::prelude::*;

const NS: u64 = 1_000_000_000;

fn line_rate() -> impl Strategy<Value = u32> {
    prop_oneof![Just(1_000u32), Just(8_000), Just(353_207), Just(1_412_830)]
}

/// A contract whose rates are roughly line/divisor, so that things happen within a few thousand
/// slots. `scale` < 1 shrinks guaranteed rates.
fn contract(line: u32) -> impl Strategy<Value = TrafficParams> {
    let cdvt_slots = 0u64..6;
    (0u8..5, 1u32..48, 1u32..48, 1u32..40, 0u32..1000, cdvt_slots, any::<bool>()).prop_map(
        move |(cat, d1, d2, mbs, jitter, cdvt_slots, capped)| {
            let pcr = (line / d1).saturating_sub(jitter % (line / d1).max(1)).max(1);
            let scr = (pcr / d2).max(1);
            let cdvt = Duration::from_nanos(cdvt_slots * NS / u64::from(line));
            match cat {
                0 => TrafficParams::cbr(pcr, cdvt),
                1 => TrafficParams::rt_vbr(pcr, scr, mbs, cdvt),
                2 => TrafficParams::nrt_vbr(pcr, scr, mbs, cdvt),
                3 => TrafficParams::ubr(if capped { pcr } else { 0 }, cdvt),
                _ => TrafficParams::abr(pcr, if capped { scr } else { 0 }, cdvt),
            }
        },
    )
}

fn rank(c: ServiceCategory) -> u8 {
    match c {
        ServiceCategory::Cbr => 0,
        ServiceCategory::RtVbr => 1,
        ServiceCategory::NrtVbr => 2,
        ServiceCategory::Ubr | ServiceCategory::Abr => 3,
    }
}

type VcSeed = (u32, u8, u32, u32, u32, u64, bool);

fn vc_seed(max_divisor: u32) -> impl Strategy<Value = VcSeed> {
    (0u32..16, 0u8..5, 1u32..max_divisor, 1u32..48, 1u32..40, 0u64..6, any::<bool>())
}

fn seed_params(line: u32, seed: &VcSeed) -> (u32, TrafficParams) {
    let &(index, cat, d1, d2, mbs, cdvt_slots, capped) = seed;
    let pcr = (line / d1).max(1);
    let scr = (pcr / d2).max(1);
    let cdvt = Duration::from_nanos(cdvt_slots * NS / u64::from(line));
    let p = match cat {
        0 => TrafficParams::cbr(pcr, cdvt),
        1 => TrafficParams::rt_vbr(pcr, scr, mbs, cdvt),
        2 => TrafficParams::nrt_vbr(pcr, scr, mbs, cdvt),
        3 => TrafficParams::ubr(if capped { pcr } else { 0 }, cdvt),
        _ => TrafficParams::abr(pcr, if capped { scr } else { 0 }, cdvt),
    };
    (index, p)
}

fn check_contracts(
    line: u32,
    seeds: &[VcSeed],
    refills: &[(u32, u32, u64)],
    slots: u64,
) -> Result<(), TestCaseError> {
    let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: line, max_vcs: 16 }).unwrap();
    let mut params: Vec<Option<TrafficParams>> = vec![None; 16];
    let mut queued = [0u64; 16];
    for seed in seeds {
        let (index, p) = seed_params(line, seed);
        if s.add_vc(index, p).is_ok() {
            params[index as usize] = Some(p);
            s.set_backlog(index, 200).unwrap();
            queued[index as usize] = 200;
        }
    }
    let mut departures: Vec<Vec<u64>> = vec![Vec::new(); 16];
    for t in 0..slots {
        for &(index, cells, at) in refills {
            if at == t && params[index as usize].is_some() {
                let total = s.add_backlog(index, cells).unwrap();
                prop_assert!(total >= cells);
                queued[index as usize] += u64::from(cells);
            }
        }
        let best =
            (0..16u32).filter(|&i| s.is_eligible(i)).map(|i| rank(s.category(i).unwrap())).min();
        let sent = s.next_slot();
        match (best, sent) {
            (None, None) => {}
            (None, Some(i)) => prop_assert!(false, "VC {} sent while nothing was eligible", i),
            (Some(_), None) => prop_assert!(false, "idle slot {} with an eligible VC", t),
            (Some(r), Some(i)) => {
                prop_assert_eq!(rank(s.category(i).unwrap()), r, "slot {}: priority", t);
                departures[i as usize].push(t);
            }
        }
    }
    for (i, p) in params.iter().enumerate() {
        let Some(p) = p else { continue };
        let d = &departures[i];
        prop_assert!(d.len() as u64 <= queued[i]);
        prop_assert_eq!(u64::from(s.backlog(i as u32).unwrap()), queued[i] - d.len() as u64);
        if p.pcr > 0 {
            let mut g =
                VirtualScheduling::new(GcraParams::peak(p.pcr, p.cdvt, u64::from(line)).unwrap());
            for &t in d {
                prop_assert!(
                    g.arrival(t),
                    "VC {} {:?}: cell at slot {} exceeds PCR",
                    i,
                    p.category,
                    t
                );
            }
        }
        if matches!(p.category, ServiceCategory::RtVbr | ServiceCategory::NrtVbr) {
            let mut g = VirtualScheduling::new(
                GcraParams::sustainable(p.scr, p.pcr, p.mbs, p.cdvt, u64::from(line)).unwrap(),
            );
            for &t in d {
                prop_assert!(g.arrival(t), "VC {}: cell at slot {} exceeds SCR/MBS", i, t);
            }
        }
        // A backlogged VC is not starved for ever: anything with a guaranteed rate sent.
        if p.guaranteed_rate() > 0 && queued[i] > 0 {
            prop_assert!(!d.is_empty(), "VC {} {:?} never sent", i, p.category);
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Op {
    Add(u32, TrafficParams),
    Remove(u32),
    Backlog(u32, u32),
    Run(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u32..8, contract(10_000)).prop_map(|(i, p)| Op::Add(i, p)),
        (0u32..8).prop_map(Op::Remove),
        (0u32..8, prop_oneof![Just(0u32), 1u32..20]).prop_map(|(i, n)| Op::Backlog(i, n)),
        (1u32..300).prop_map(Op::Run),
    ]
}

proptest! {
    /// I.371 A.1 and A.2 are the same algorithm: same verdicts, TAT = LCT + X, same earliest
    /// conforming time, on every arrival sequence.
    #[test]
    fn virtual_scheduling_equals_leaky_bucket(
        den in 1u64..1_000_000,
        inc in 0u64..5_000_000,
        lim in 0u64..20_000_000,
        gaps in prop::collection::vec(0u64..40, 1..300),
    ) {
        let p = GcraParams::from_ratios(u128::from(inc), u128::from(lim), den);
        let mut vs = VirtualScheduling::new(p);
        let mut lb = LeakyBucket::new(p);
        let mut t = 0u64;
        for gap in gaps {
            t += gap;
            prop_assert_eq!(vs.earliest_conforming(t), lb.earliest_conforming(t));
            let a = vs.arrival(t);
            let b = lb.arrival(t);
            prop_assert_eq!(a, b);
            prop_assert_eq!(
                vs.tat().as_ratio(den),
                u128::from(lb.last_conformance_time()) * u128::from(den) + lb.content().as_ratio(den)
            );
        }
    }

    /// Every VC's departures conform to GCRA(1/PCR, CDVT), VBR's also to
    /// GCRA(1/SCR, BT + CDVT); no VC sends more cells than it had queued; strict priority and
    /// work conservation hold in every slot. Fast VCs, a few thousand slots.
    #[test]
    fn scheduler_never_exceeds_contracts_and_keeps_priority(
        line in line_rate(),
        seeds in prop::collection::vec(vc_seed(48), 1..16),
        refills in prop::collection::vec((0u32..16, 0u32..50, 0u64..3000), 0..20),
    ) {
        check_contracts(line, &seeds, &refills, 4000)?;
    }

    /// Arbitrary interleavings of add, remove, set_backlog and slots: the scheduler only ever
    /// sends for open VCs with backlog, keeps the backlog count, and never idles while a VC is
    /// eligible (so entries left behind lazily by set_backlog(0) or a removed VC never hold a
    /// re-added or refilled VC back).
    #[test]
    fn scheduler_survives_arbitrary_control_operations(
        ops in prop::collection::vec(op(), 1..400),
    ) {
        let line = 10_000u32;
        let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: line, max_vcs: 8 }).unwrap();
        let mut model: [Option<u32>; 8] = [None; 8];
        for op in ops {
            match op {
                Op::Add(i, p) => {
                    let res = s.add_vc(i, p);
                    if model[i as usize].is_some() {
                        prop_assert_eq!(res, Err(AdmissionError::IndexInUse(i)));
                    } else if res.is_ok() {
                        model[i as usize] = Some(0);
                    }
                }
                Op::Remove(i) => {
                    prop_assert_eq!(s.remove_vc(i).is_ok(), model[i as usize].is_some());
                    model[i as usize] = None;
                }
                Op::Backlog(i, n) => {
                    prop_assert_eq!(s.set_backlog(i, n).is_ok(), model[i as usize].is_some());
                    if model[i as usize].is_some() {
                        model[i as usize] = Some(n);
                    }
                }
                Op::Run(slots) => {
                    for _ in 0..slots {
                        let any_eligible = (0..8).any(|i| s.is_eligible(i));
                        match s.next_slot() {
                            Some(i) => {
                                let b = model[i as usize];
                                prop_assert!(b.is_some_and(|b| b > 0), "VC {} sent with {:?}", i, b);
                                model[i as usize] = b.map(|b| b - 1);
                            }
                            None => prop_assert!(!any_eligible),
                        }
                    }
                }
            }
            for i in 0..8u32 {
                prop_assert_eq!(s.backlog(i), model[i as usize]);
            }
        }
    }

    /// With admissible CBR load and CDVT ≥ the scheduler's bound (n_cbr slots), every CBR cell k
    /// leaves in [k/PCR, k/PCR + CDVT), whatever lower-priority traffic competes.
    #[test]
    fn cbr_cell_delay_variation_stays_within_cdvt(
        line in line_rate(),
        shares in prop::collection::vec(1u32..1000, 1..8),
        background in prop::collection::vec(contract(1_000), 0..6),
    ) {
        let n = shares.len() as u64;
        let cdvt = Duration::from_nanos((n * NS).div_ceil(u64::from(line)));
        let total: u64 = shares.iter().map(|&x| u64::from(x)).sum();
        let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: line, max_vcs: 16 }).unwrap();
        let mut pcrs = Vec::new();
        for (i, &share) in shares.iter().enumerate() {
            // Σ PCR ≤ line: each gets its share of (at most) the whole line.
            let pcr = u32::try_from(u64::from(line) * u64::from(share) / total.max(1000)).unwrap().max(1);
            s.add_vc(i as u32, TrafficParams::cbr(pcr, cdvt)).unwrap();
            s.set_backlog(i as u32, u32::MAX).unwrap();
            pcrs.push(pcr);
        }
        prop_assert!(s.cbr_cdv_bound() <= cdvt);
        for (j, p) in background.iter().enumerate() {
            // Rescale the background contract to this line; rejected ones are simply absent.
            let mut p = *p;
            if p.category == ServiceCategory::Cbr {
                // Competing CBR VCs would change n_cbr: this test is about CBR vs the rest.
                p.category = ServiceCategory::RtVbr;
            }
            p.pcr = (u64::from(p.pcr) * u64::from(line) / 1000).min(u64::from(line)) as u32;
            if p.category != ServiceCategory::Ubr { p.pcr = p.pcr.max(1); }
            p.scr = p.scr.min(p.pcr).max(1);
            p.mbs = p.mbs.max(1);
            p.mcr = p.mcr.min(p.pcr);
            let index = 8 + j as u32;
            if s.add_vc(index, p).is_ok() {
                s.set_backlog(index, u32::MAX).unwrap();
            }
        }
        let mut count = vec![0u64; shares.len()];
        for t in 0..4000u64 {
            if let Some(i) = s.next_slot() {
                if let Some(k) = count.get_mut(i as usize) {
                    let pcr = u64::from(pcrs[i as usize]);
                    let ideal_num = *k * u64::from(line); // c_k = k·line/PCR slots
                    prop_assert!(t * pcr >= ideal_num, "CBR {} cell {} early at {}", i, k, t);
                    prop_assert!(t * pcr < ideal_num + n * pcr, "CBR {} cell {} at {}: CDV ≥ {} slots", i, k, t, n);
                    *k += 1;
                }
            }
        }
        // And no CBR VC fell behind: by the end each has sent all cells whose ideal time passed
        // more than n slots ago.
        for (i, &k) in count.iter().enumerate() {
            let pcr = u64::from(pcrs[i]);
            let due = (4000u64.saturating_sub(n) * pcr).div_ceil(u64::from(line));
            prop_assert!(k >= due, "CBR {} sent {} of {}", i, k, due);
        }
    }

    /// UBR VCs with equal backlogs get equal shares: at every instant the counts differ by at
    /// most one cell, also with CBR traffic taking slots.
    #[test]
    fn ubr_round_robin_is_fair(
        ubr in 2u32..12,
        backlog in 1u32..500,
        cbr_pcr in 0u32..900,
    ) {
        let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: 1000, max_vcs: 16 }).unwrap();
        if cbr_pcr > 0 {
            s.add_vc(15, TrafficParams::cbr(cbr_pcr, Duration::ZERO)).unwrap();
            s.set_backlog(15, u32::MAX).unwrap();
        }
        for i in 0..ubr {
            s.add_vc(i, TrafficParams::ubr(0, Duration::ZERO)).unwrap();
            s.set_backlog(i, backlog).unwrap();
        }
        let mut count = vec![0u32; ubr as usize];
        for _ in 0..3000 {
            if let Some(i) = s.next_slot() {
                if i < ubr {
                    count[i as usize] += 1;
                    let max = *count.iter().max().unwrap();
                    let min = *count.iter().min().unwrap();
                    prop_assert!(max - min <= 1, "{:?}", count);
                }
            }
        }
    }

    /// CAC admits exactly while Σ guaranteed rates ≤ line rate.
    #[test]
    fn admission_control_matches_the_sum_rule(
        line in line_rate(),
        contracts in prop::collection::vec(contract(1_000), 1..30),
    ) {
        let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: line, max_vcs: 32 }).unwrap();
        let mut committed = 0u64;
        for (i, p) in contracts.iter().enumerate() {
            let mut p = *p;
            p.pcr = (u64::from(p.pcr) * u64::from(line) / 1000).min(u64::from(line)) as u32;
            if p.category != ServiceCategory::Ubr { p.pcr = p.pcr.max(1); }
            p.scr = p.scr.min(p.pcr).max(1);
            p.mcr = p.mcr.min(p.pcr);
            let want = u64::from(p.guaranteed_rate());
            let res = s.add_vc(i as u32, p);
            if committed + want <= u64::from(line) {
                prop_assert_eq!(res, Ok(()));
                committed += want;
            } else {
                let rejected = matches!(res, Err(AdmissionError::CellRateNotAvailable { .. }));
                prop_assert!(rejected, "{:?}", res);
            }
            prop_assert_eq!(s.committed_rate(), committed);
        }
    }

    /// A stream shaped to a contract (with arbitrary extra delays) passes UPC untouched.
    #[test]
    fn policer_passes_shaped_streams(
        p in contract(1_000_000),
        clp_significant in any::<bool>(),
        tagging in any::<bool>(),
        delays in prop::collection::vec(prop_oneof![3 => Just(0u64), 1 => 0u64..50_000], 1..400),
        clps in prop::collection::vec(any::<bool>(), 400),
    ) {
        let mut shaper = Shaper::new(&p, NS).unwrap();
        let mut upc = Policer::new(&PolicerParams { traffic: p, clp_significant, tagging }).unwrap();
        let mut t = 0u64;
        for (k, d) in delays.iter().enumerate() {
            t = t.max(shaper.earliest()) + d;
            shaper.on_send(t);
            let v = upc.police(Instant::from_nanos(t), clps[k]);
            prop_assert_eq!(v, Verdict::Conforming, "cell {} at {} ns", k, t);
        }
        prop_assert_eq!(upc.counters().conforming, delays.len() as u64);
    }

    /// A CBR stream at twice its PCR loses (or, never for CBR, tags) about half its cells.
    #[test]
    fn policer_cuts_a_stream_at_twice_pcr(pcr in 1_000u32..1_000_000, cdvt_cells in 0u64..4) {
        let i = NS / u64::from(pcr);
        let cdvt = Duration::from_nanos(cdvt_cells * i);
        let mut upc = Policer::new(&PolicerParams {
            traffic: TrafficParams::cbr(pcr, cdvt), clp_significant: false, tagging: false,
        }).unwrap();
        let n = 1000u64;
        for k in 0..n {
            // Spacing half the (rounded-down) increment: strictly faster than 2 × PCR.
            upc.police(Instant::from_nanos(k * (i / 2)), false);
        }
        let c = upc.counters();
        prop_assert_eq!(c.tagged, 0);
        prop_assert!(c.conforming <= n / 2 + cdvt_cells + 2, "{:?}", c);
        prop_assert!(c.discarded_clp0 >= n / 2 - cdvt_cells - 2, "{:?}", c);
    }
}

/// ABR's MCR floor holds against many greedy UBR VCs and a VBR neighbour.
#[test]
fn abr_minimum_cell_rate_is_guaranteed() {
    let line = 353_207u32;
    let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: line, max_vcs: 64 }).unwrap();
    s.add_vc(0, TrafficParams::abr(line, 50_000, Duration::ZERO)).unwrap();
    s.add_vc(1, TrafficParams::cbr(100_000, Duration::from_micros(10))).unwrap();
    for i in 2..64 {
        s.add_vc(i, TrafficParams::ubr(0, Duration::ZERO)).unwrap();
    }
    for i in 0..64 {
        s.set_backlog(i, u32::MAX).unwrap();
    }
    let slots = 100_000u64;
    let abr = (0..slots).filter(|_| s.next_slot() == Some(0)).count() as u64;
    // MCR share of the slots, less a couple of cells of start-up lateness.
    assert!(abr + 2 >= slots * 50_000 / u64::from(line), "ABR got {abr}");
}

/// A conforming CBR stream at exactly 1/PCR, generated by the shaper on the ns clock, conforms
/// to GCRA(1/PCR, 0) whenever the increment is a whole number of ns, for a long time.
#[test]
fn shaper_output_is_exactly_pcr() {
    let p = TrafficParams::cbr(250_000, Duration::ZERO);
    let mut shaper = Shaper::new(&p, NS).unwrap();
    let mut g = VirtualScheduling::new(GcraParams::peak(250_000, Duration::ZERO, NS).unwrap());
    for k in 0..100_000u64 {
        let t = shaper.earliest();
        assert_eq!(t, k * 4_000);
        shaper.on_send(t);
        assert!(g.arrival(t));
    }
}

proptest! {
    // 100 000 slots per case in a debug build: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// The same with lists of CBR, VBR and ABR contracts spanning the wheel levels (periods up
    /// to ~30 000 slots, beyond one 4096-slot round) over 100 000 slots.
    #[test]
    fn scheduler_keeps_contracts_across_wheel_rounds(
        seeds in prop::collection::vec(vc_seed(30_000), 1..16),
        refills in prop::collection::vec((0u32..16, 0u32..5, 0u64..90_000), 0..20),
    ) {
        prop_assume!(!seeds.is_empty());
        check_contracts(1_000_000, &seeds, &refills, 100_000)?;
    }
}
