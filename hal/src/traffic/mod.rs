//! ATM traffic management: service categories, traffic parameters, the GCRA, per-VC shaping, the
//! cell-slot scheduler and usage parameter control (ATM Forum TM 4.1, ITU-T I.371).
//!
//! - [`TrafficParams`] / [`ServiceCategory`]: the traffic contract of one VC and its validation.
//! - [`Ticks`]: the exact fixed-point time every GCRA computes in (no drift; see [`ticks`]).
//! - [`GcraParams`], [`VirtualScheduling`], [`LeakyBucket`]: GCRA(I, L), I.371 Annex A.
//! - [`Shaper`]: sender-side earliest conforming time of a VC's next cell.
//! - [`Scheduler`]: which VC sends in each cell slot of a link (O(1) per slot).
//! - [`Policer`]: network-side UPC with Conforming / Tag / Discard verdicts.

pub mod gcra;
pub mod policer;
pub mod scheduler;
pub mod shaper;
pub mod ticks;

pub use gcra::{Gcra, GcraParams, LeakyBucket, VirtualScheduling};
pub use policer::{Policer, PolicerCounters, PolicerParams, Verdict};
pub use scheduler::{AdmissionError, Scheduler, SchedulerConfig, SchedulerError, SchedulerStats};
pub use shaper::Shaper;
pub use ticks::Ticks;

use crate::time::Duration;

/// Largest cell rate (cells/s) any parameter or line may have: 2^30 ≈ 1.07·10^9 cells/s (≈ 455
/// Gb/s, far beyond any ATM line). Keeps every GCRA denominator below 2^60 (see [`ticks`]).
pub const MAX_CELL_RATE: u32 = 1 << 30;

/// Nanosecond tick rate, for GCRAs that run on [`crate::time::Instant`] (the policer).
pub const NANOS_PER_SEC: u64 = 1_000_000_000;

/// ATM service categories (TM 4.1 §2; I.371 §6 calls them ATM transfer capabilities: DBR = CBR,
/// SBR = VBR, ABR). GFR is not supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServiceCategory {
    /// Constant bit rate: PCR, CDVT.
    Cbr,
    /// Real-time variable bit rate: PCR, SCR, MBS, CDVT.
    RtVbr,
    /// Non-real-time variable bit rate: PCR, SCR, MBS, CDVT.
    NrtVbr,
    /// Unspecified bit rate: best effort, optional PCR cap.
    Ubr,
    /// Available bit rate: PCR, MCR (the RM-cell closed loop is not implemented; MCR is served as
    /// a guaranteed floor and the rest best effort up to PCR).
    Abr,
}

/// A VC's traffic contract (TM 4.1 traffic descriptor; I.371 §5.4). Cell rates in cells/s, MBS in cells.
///
/// Which fields matter depends on `category`: CBR uses `pcr`, `cdvt`; rt-/nrt-VBR `pcr`, `scr`,
/// `mbs`, `cdvt`; UBR `pcr` (0 = no cap, the line rate), `cdvt`; ABR `pcr`, `mcr`, `cdvt`. Unused
/// fields are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TrafficParams {
    /// Service category.
    pub category: ServiceCategory,
    /// Peak cell rate (CLP=0+1), cells/s.
    pub pcr: u32,
    /// Sustainable cell rate, cells/s (VBR).
    pub scr: u32,
    /// Maximum burst size, cells (VBR).
    pub mbs: u32,
    /// Minimum cell rate, cells/s (ABR).
    pub mcr: u32,
    /// Cell delay variation tolerance: the GCRA limit added to both the PCR and the SCR test.
    pub cdvt: Duration,
}

/// Why a [`TrafficParams`] (or a GCRA built from rates) is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrafficError {
    /// PCR is zero where the category needs one (all but UBR).
    ZeroPcr,
    /// SCR is zero for a VBR contract.
    ZeroScr,
    /// SCR > PCR (I.371 §5.4.2: SCR ≤ PCR).
    ScrExceedsPcr {
        /// Offered SCR.
        scr: u32,
        /// Offered PCR.
        pcr: u32,
    },
    /// MBS is zero for a VBR contract (MBS ≥ 1).
    ZeroMbs,
    /// MCR > PCR for an ABR contract.
    McrExceedsPcr {
        /// Offered MCR.
        mcr: u32,
        /// Offered PCR.
        pcr: u32,
    },
    /// A rate is above the line's cell rate.
    ExceedsLineRate {
        /// The offending rate.
        rate: u32,
        /// The line cell rate.
        line: u32,
    },
    /// A rate or line rate is above [`MAX_CELL_RATE`], or zero where it must not be.
    RateOutOfRange(u32),
    /// A tick rate of zero or above 2^32 Hz.
    TickRateOutOfRange(u64),
}

impl TrafficParams {
    /// A CBR contract (TM 4.1 CBR.1).
    pub const fn cbr(pcr: u32, cdvt: Duration) -> Self {
        TrafficParams { category: ServiceCategory::Cbr, pcr, scr: 0, mbs: 0, mcr: 0, cdvt }
    }
    /// A real-time VBR contract.
    pub const fn rt_vbr(pcr: u32, scr: u32, mbs: u32, cdvt: Duration) -> Self {
        TrafficParams { category: ServiceCategory::RtVbr, pcr, scr, mbs, mcr: 0, cdvt }
    }
    /// A non-real-time VBR contract.
    pub const fn nrt_vbr(pcr: u32, scr: u32, mbs: u32, cdvt: Duration) -> Self {
        TrafficParams { category: ServiceCategory::NrtVbr, pcr, scr, mbs, mcr: 0, cdvt }
    }
    /// A UBR contract; `pcr == 0` means no cap (line rate).
    pub const fn ubr(pcr: u32, cdvt: Duration) -> Self {
        TrafficParams { category: ServiceCategory::Ubr, pcr, scr: 0, mbs: 0, mcr: 0, cdvt }
    }
    /// An ABR contract with MCR as its guaranteed floor.
    pub const fn abr(pcr: u32, mcr: u32, cdvt: Duration) -> Self {
        TrafficParams { category: ServiceCategory::Abr, pcr, scr: 0, mbs: 0, mcr, cdvt }
    }

    /// Checks the contract on its own: PCR > 0 (UBR: may be 0 = uncapped), for VBR 0 < SCR ≤ PCR
    /// and MBS ≥ 1, for ABR MCR ≤ PCR, every rate ≤ [`MAX_CELL_RATE`].
    pub fn validate(&self) -> Result<(), TrafficError> {
        for rate in [self.pcr, self.scr, self.mcr] {
            if rate > MAX_CELL_RATE {
                return Err(TrafficError::RateOutOfRange(rate));
            }
        }
        match self.category {
            ServiceCategory::Cbr => nonzero_pcr(self.pcr),
            ServiceCategory::RtVbr | ServiceCategory::NrtVbr => {
                nonzero_pcr(self.pcr)?;
                if self.scr == 0 {
                    return Err(TrafficError::ZeroScr);
                }
                if self.scr > self.pcr {
                    return Err(TrafficError::ScrExceedsPcr { scr: self.scr, pcr: self.pcr });
                }
                if self.mbs == 0 {
                    return Err(TrafficError::ZeroMbs);
                }
                Ok(())
            }
            ServiceCategory::Ubr => Ok(()),
            ServiceCategory::Abr => {
                nonzero_pcr(self.pcr)?;
                if self.mcr > self.pcr {
                    return Err(TrafficError::McrExceedsPcr { mcr: self.mcr, pcr: self.pcr });
                }
                Ok(())
            }
        }
    }

    /// [`validate`](Self::validate), plus PCR ≤ the line's cell rate (a VC cannot send faster
    /// than its link).
    pub fn validate_for_line(&self, line_cell_rate: u32) -> Result<(), TrafficError> {
        if line_cell_rate == 0 || line_cell_rate > MAX_CELL_RATE {
            return Err(TrafficError::RateOutOfRange(line_cell_rate));
        }
        self.validate()?;
        if self.pcr > line_cell_rate {
            return Err(TrafficError::ExceedsLineRate { rate: self.pcr, line: line_cell_rate });
        }
        Ok(())
    }

    /// The rate connection admission control reserves for this contract: PCR for CBR, SCR for
    /// VBR, MCR for ABR, nothing for UBR (I.371 §7.2, connection admission control on the guaranteed rate).
    pub const fn guaranteed_rate(&self) -> u32 {
        match self.category {
            ServiceCategory::Cbr => self.pcr,
            ServiceCategory::RtVbr | ServiceCategory::NrtVbr => self.scr,
            ServiceCategory::Ubr => 0,
            ServiceCategory::Abr => self.mcr,
        }
    }
}

fn nonzero_pcr(pcr: u32) -> Result<(), TrafficError> {
    if pcr == 0 {
        Err(TrafficError::ZeroPcr)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDVT: Duration = Duration::from_micros(10);

    #[test]
    fn valid_contracts_pass() {
        assert_eq!(TrafficParams::cbr(1000, CDVT).validate(), Ok(()));
        assert_eq!(TrafficParams::rt_vbr(1000, 1000, 1, CDVT).validate(), Ok(()));
        assert_eq!(TrafficParams::nrt_vbr(1000, 10, 100, CDVT).validate(), Ok(()));
        assert_eq!(TrafficParams::ubr(0, Duration::ZERO).validate(), Ok(()));
        assert_eq!(TrafficParams::abr(1000, 0, CDVT).validate(), Ok(()));
        assert_eq!(TrafficParams::abr(1000, 1000, CDVT).validate_for_line(1000), Ok(()));
    }

    #[test]
    fn each_validity_rule_rejects() {
        assert_eq!(TrafficParams::cbr(0, CDVT).validate(), Err(TrafficError::ZeroPcr));
        assert_eq!(TrafficParams::rt_vbr(0, 1, 1, CDVT).validate(), Err(TrafficError::ZeroPcr));
        assert_eq!(TrafficParams::abr(0, 0, CDVT).validate(), Err(TrafficError::ZeroPcr));
        assert_eq!(TrafficParams::nrt_vbr(10, 0, 1, CDVT).validate(), Err(TrafficError::ZeroScr));
        assert_eq!(
            TrafficParams::rt_vbr(10, 11, 1, CDVT).validate(),
            Err(TrafficError::ScrExceedsPcr { scr: 11, pcr: 10 })
        );
        assert_eq!(TrafficParams::rt_vbr(10, 5, 0, CDVT).validate(), Err(TrafficError::ZeroMbs));
        assert_eq!(
            TrafficParams::abr(10, 11, CDVT).validate(),
            Err(TrafficError::McrExceedsPcr { mcr: 11, pcr: 10 })
        );
        assert_eq!(
            TrafficParams::cbr(MAX_CELL_RATE + 1, CDVT).validate(),
            Err(TrafficError::RateOutOfRange(MAX_CELL_RATE + 1))
        );
        assert_eq!(
            TrafficParams::cbr(353_208, CDVT).validate_for_line(353_207),
            Err(TrafficError::ExceedsLineRate { rate: 353_208, line: 353_207 })
        );
        assert_eq!(
            TrafficParams::ubr(0, CDVT).validate_for_line(0),
            Err(TrafficError::RateOutOfRange(0))
        );
    }

    #[test]
    fn guaranteed_rate_follows_the_category() {
        assert_eq!(TrafficParams::cbr(100, CDVT).guaranteed_rate(), 100);
        assert_eq!(TrafficParams::nrt_vbr(100, 40, 5, CDVT).guaranteed_rate(), 40);
        assert_eq!(TrafficParams::ubr(100, CDVT).guaranteed_rate(), 0);
        assert_eq!(TrafficParams::abr(100, 7, CDVT).guaranteed_rate(), 7);
    }
}
