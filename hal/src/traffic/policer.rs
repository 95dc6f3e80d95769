//! Usage parameter control (UPC) of one connection, network side: I.371 §7.2 and the TM 4.1
//! conformance definitions.
//!
//! | definition | GCRA on CLP=0+1 cells | GCRA on CLP=0 cells only | tagging |
//! |---|---|---|---|
//! | CBR.1, UBR.1, ABR (static PCR test) | PCR | — | — |
//! | VBR.1 | PCR, SCR | — | — |
//! | VBR.2 | PCR | SCR | no: failing CLP=0 cells are discarded |
//! | VBR.3 | PCR | SCR | yes: failing CLP=0 cells become CLP=1 |
//!
//! A cell that fails any applicable test (and is not tagged) is discarded and updates no GCRA. A
//! tagged cell counts as CLP=1: it updates the CLP=0+1 GCRA only. Time is nanoseconds
//! ([`Instant`]), so CDVT and burst tolerance are exact (see [`ticks`](super::ticks)).

use super::gcra::{Gcra, GcraParams, VirtualScheduling};
use super::{ServiceCategory, TrafficError, TrafficParams, NANOS_PER_SEC};
use crate::time::Instant;

/// What UPC does with one cell (I.371 §5.3.4, §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Pass unchanged.
    Conforming,
    /// Pass with CLP set to 1 (it was CLP=0 and failed only the CLP=0 test).
    Tag,
    /// Drop.
    Discard,
}

/// How to police a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicerParams {
    /// The contract (PCR applies to CLP=0+1; SCR/MBS to CLP=0 or CLP=0+1 per `clp_significant`).
    pub traffic: TrafficParams,
    /// VBR only: the SCR test applies to CLP=0 cells (VBR.2/VBR.3) instead of all cells (VBR.1).
    pub clp_significant: bool,
    /// VBR with `clp_significant` only: tag instead of discarding CLP=0 cells failing the SCR
    /// test (VBR.3).
    pub tagging: bool,
}

/// Per-connection counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PolicerCounters {
    /// Cells policed.
    pub cells: u64,
    /// Cells passed unchanged.
    pub conforming: u64,
    /// CLP=0 cells tagged to CLP=1.
    pub tagged: u64,
    /// CLP=0 cells discarded.
    pub discarded_clp0: u64,
    /// CLP=1 cells discarded.
    pub discarded_clp1: u64,
}

/// One connection's UPC (module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policer {
    pcr: VirtualScheduling,
    scr: Option<VirtualScheduling>,
    clp_significant: bool,
    tagging: bool,
    counters: PolicerCounters,
}

impl Policer {
    /// A policer for `params` on the nanosecond clock. UBR with PCR 0 is not policed at all (its
    /// PCR test is skipped).
    pub fn new(params: &PolicerParams) -> Result<Policer, TrafficError> {
        let t = &params.traffic;
        t.validate()?;
        let pcr_rate = if t.pcr == 0 { u32::MAX } else { t.pcr };
        let pcr = if t.pcr == 0 {
            // Uncapped UBR: a GCRA with I = 0 never rejects.
            VirtualScheduling::new(GcraParams::from_ratios(0, 0, 1))
        } else {
            VirtualScheduling::new(GcraParams::peak(pcr_rate, t.cdvt, NANOS_PER_SEC)?)
        };
        let vbr = matches!(t.category, ServiceCategory::RtVbr | ServiceCategory::NrtVbr);
        let scr = if vbr {
            Some(VirtualScheduling::new(GcraParams::sustainable(
                t.scr,
                t.pcr,
                t.mbs,
                t.cdvt,
                NANOS_PER_SEC,
            )?))
        } else {
            None
        };
        Ok(Policer {
            pcr,
            scr,
            clp_significant: vbr && params.clp_significant,
            tagging: vbr && params.clp_significant && params.tagging,
            counters: PolicerCounters::default(),
        })
    }

    /// Police one cell arriving at `now` with cell loss priority `clp` (arrivals in time order).
    pub fn police(&mut self, now: Instant, clp: bool) -> Verdict {
        let t = now.as_nanos();
        self.counters.cells += 1;
        let verdict = self.decide(t, clp);
        match verdict {
            Verdict::Conforming => self.counters.conforming += 1,
            Verdict::Tag => self.counters.tagged += 1,
            Verdict::Discard if clp => self.counters.discarded_clp1 += 1,
            Verdict::Discard => self.counters.discarded_clp0 += 1,
        }
        verdict
    }

    fn decide(&mut self, t: u64, clp: bool) -> Verdict {
        if !self.pcr.conforms(t) {
            return Verdict::Discard;
        }
        let Some(scr) = self.scr.as_mut() else {
            self.pcr.update(t);
            return Verdict::Conforming;
        };
        if self.clp_significant && clp {
            // VBR.2/VBR.3: CLP=1 cells see only the CLP=0+1 PCR test.
            self.pcr.update(t);
            return Verdict::Conforming;
        }
        if scr.conforms(t) {
            scr.update(t);
            self.pcr.update(t);
            Verdict::Conforming
        } else if self.tagging {
            self.pcr.update(t);
            Verdict::Tag
        } else {
            Verdict::Discard
        }
    }

    /// Counters so far.
    pub const fn counters(&self) -> &PolicerCounters {
        &self.counters
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Duration;

    fn at(ns: u64) -> Instant {
        Instant::from_nanos(ns)
    }

    fn policer(traffic: TrafficParams, clp_significant: bool, tagging: bool) -> Policer {
        Policer::new(&PolicerParams { traffic, clp_significant, tagging }).unwrap()
    }

    #[test]
    fn cbr_at_twice_pcr_loses_every_other_cell() {
        // PCR 100 000 (10 µs), cells every 5 µs.
        let mut p = policer(TrafficParams::cbr(100_000, Duration::ZERO), false, false);
        let verdicts: alloc::vec::Vec<_> =
            (0..1000u64).map(|k| p.police(at(k * 5_000), false)).collect();
        for (k, v) in verdicts.iter().enumerate() {
            let expect = if k % 2 == 0 { Verdict::Conforming } else { Verdict::Discard };
            assert_eq!(*v, expect, "cell {k}");
        }
        assert_eq!(p.counters().conforming, 500);
        assert_eq!(p.counters().discarded_clp0, 500);
    }

    #[test]
    fn vbr3_tags_clp0_excess_over_scr() {
        // PCR 10^6, SCR 10^5, MBS 10; CLP=0 cells at PCR: the first MBS conform, then 9 of every
        // 10 are tagged (they fit the PCR but not the SCR), none discarded.
        let mut p =
            policer(TrafficParams::rt_vbr(1_000_000, 100_000, 10, Duration::ZERO), true, true);
        let v: alloc::vec::Vec<_> = (0..110u64).map(|k| p.police(at(k * 1_000), false)).collect();
        assert!(v.iter().take(10).all(|&x| x == Verdict::Conforming));
        assert_eq!(v.get(10), Some(&Verdict::Tag));
        let c = p.counters();
        assert_eq!((c.conforming, c.tagged, c.discarded_clp0 + c.discarded_clp1), (20, 90, 0));
    }

    #[test]
    fn vbr2_discards_instead_and_passes_clp1_on_pcr_alone() {
        let mut p =
            policer(TrafficParams::rt_vbr(1_000_000, 100_000, 1, Duration::ZERO), true, false);
        assert_eq!(p.police(at(0), false), Verdict::Conforming);
        assert_eq!(p.police(at(1_000), false), Verdict::Discard);
        assert_eq!(p.police(at(2_000), true), Verdict::Conforming);
        assert_eq!(p.police(at(2_500), true), Verdict::Discard);
        assert_eq!(p.counters().discarded_clp1, 1);
    }

    #[test]
    fn vbr1_tests_all_cells_against_scr() {
        let mut p =
            policer(TrafficParams::nrt_vbr(1_000_000, 100_000, 1, Duration::ZERO), false, true);
        assert_eq!(p.police(at(0), true), Verdict::Conforming);
        // CLP=1 and tagging requested: VBR.1 neither tags nor ignores the SCR for CLP=1.
        assert_eq!(p.police(at(1_000), true), Verdict::Discard);
        assert_eq!(p.police(at(10_000), true), Verdict::Conforming);
    }

    #[test]
    fn uncapped_ubr_is_never_discarded() {
        let mut p = policer(TrafficParams::ubr(0, Duration::ZERO), false, false);
        assert!((0..100).all(|k| p.police(at(k), false) == Verdict::Conforming));
    }

    #[test]
    fn invalid_contract_is_rejected() {
        let params = PolicerParams {
            traffic: TrafficParams::cbr(0, Duration::ZERO),
            clp_significant: false,
            tagging: false,
        };
        assert_eq!(Policer::new(&params), Err(TrafficError::ZeroPcr));
    }
}
