//! Allocation-failure sweep: run a scenario once without failures to count its allocations,
//! then once per allocation with exactly that allocation failing, and require each run to
//! report NDIS_STATUS_RESOURCES, leak nothing and break no contract rule — the host version of
//! Driver Verifier's Low Resources Simulation (condis-reference.md §7).

use alloc::vec::Vec;

use super::checker::Violation;
use super::HostPort;
use crate::abi::NdisStatus;
use crate::boundary::pool::{CountingPool, FailPolicy, Leak, PoolMisuse};

/// What one run of a scenario observed. Build it with [`ScenarioRun::collect`] at the end of
/// the scenario (after its teardown/halt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRun {
    /// The status of the operation under test.
    pub status: NdisStatus,
    /// Allocation attempts.
    pub attempts: u64,
    /// Allocations refused.
    pub failures: u64,
    /// Outstanding allocations at the end.
    pub leaks: Vec<Leak>,
    /// Double frees.
    pub misuse: Vec<PoolMisuse>,
    /// Contract violations.
    pub violations: Vec<Violation>,
}

impl ScenarioRun {
    /// Collects the outcome of a run from its pool and port.
    #[must_use]
    pub fn collect(status: NdisStatus, pool: &CountingPool, port: &HostPort) -> Self {
        ScenarioRun {
            status,
            attempts: pool.attempts(),
            failures: pool.failures(),
            leaks: pool.leaks(),
            misuse: pool.misuse().to_vec(),
            violations: port.violations().to_vec(),
        }
    }
}

/// Why a sweep failed; `fail_at` is the serial of the refused allocation (`None` for the
/// failure-free baseline run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SweepFailure {
    /// The run returned another status than expected (SUCCESS for the baseline).
    WrongStatus { fail_at: Option<u64>, status: NdisStatus, expected: NdisStatus },
    /// Allocations outstanding at the end.
    Leaked { fail_at: Option<u64>, leaks: Vec<Leak> },
    /// Double frees.
    Misuse { fail_at: Option<u64>, misuse: Vec<PoolMisuse> },
    /// Contract violations.
    Violations { fail_at: Option<u64>, violations: Vec<Violation> },
    /// The run never reached the allocation that was to fail (the scenario is not
    /// deterministic).
    NotInjected { fail_at: u64 },
    /// The scenario allocates more than the sweep's bound.
    TooManyAllocations { attempts: u64, max: u64 },
}

/// A successful sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    /// Allocations of the failure-free run (= the number of failing runs).
    pub allocations: u64,
}

/// Upper bound on the allocations a swept scenario may make.
pub const MAX_SWEEP_ALLOCATIONS: u64 = 100_000;

fn judge(
    run: &ScenarioRun,
    fail_at: Option<u64>,
    expected: NdisStatus,
) -> Result<(), SweepFailure> {
    if let Some(n) = fail_at {
        if run.failures == 0 {
            return Err(SweepFailure::NotInjected { fail_at: n });
        }
    }
    if !run.violations.is_empty() {
        return Err(SweepFailure::Violations { fail_at, violations: run.violations.clone() });
    }
    if !run.leaks.is_empty() {
        return Err(SweepFailure::Leaked { fail_at, leaks: run.leaks.clone() });
    }
    if !run.misuse.is_empty() {
        return Err(SweepFailure::Misuse { fail_at, misuse: run.misuse.clone() });
    }
    if run.status != expected {
        return Err(SweepFailure::WrongStatus { fail_at, status: run.status, expected });
    }
    Ok(())
}

/// Runs `scenario` with [`FailPolicy::Never`] (expecting SUCCESS), then with
/// [`FailPolicy::Nth`]`(n)` for every `n` below the baseline's allocation count (expecting
/// `expected`, normally NDIS_STATUS_RESOURCES). Every run must leak nothing and break no
/// contract rule. The scenario builds a fresh pool (from the policy), core and port each time.
pub fn sweep<F>(expected: NdisStatus, mut scenario: F) -> Result<SweepReport, SweepFailure>
where
    F: FnMut(FailPolicy) -> ScenarioRun,
{
    let baseline = scenario(FailPolicy::Never);
    judge(&baseline, None, NdisStatus::SUCCESS)?;
    if baseline.attempts > MAX_SWEEP_ALLOCATIONS {
        return Err(SweepFailure::TooManyAllocations {
            attempts: baseline.attempts,
            max: MAX_SWEEP_ALLOCATIONS,
        });
    }
    for n in 0..baseline.attempts {
        let run = scenario(FailPolicy::Nth(n));
        judge(&run, Some(n), expected)?;
    }
    Ok(SweepReport { allocations: baseline.attempts })
}
