//! The allocation-failure injector: the counting pool fails the Nth allocation and reports
//! leaks by tag; the sweep runs a scenario under every single failure and requires
//! NDIS_STATUS_RESOURCES, no leak and no contract violation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/boundary.rs"]
mod common;

use common::*;
use mcm::abi::NdisStatus;
use mcm::boundary::host::sweep::{sweep, ScenarioRun, SweepFailure, SweepReport};
use mcm::boundary::host::{Driven, Violation};
use mcm::boundary::packet::VecPacketList;
use mcm::boundary::pool::{CountingPool, FailPolicy, Leak, PoolAllocator};
use mcm::boundary::{HaltProgress, HandlerStatus};

/// Open AF, register a SAP, create a VC, make a call, send, close, delete, deregister, close
/// the AF. Returns the first failure's status (after undoing what was set up), or SUCCESS.
fn call_scenario(d: &mut Driven<MiniCore>) -> NdisStatus {
    let a = d.port.new_af_handle();
    if let HandlerStatus::Complete(s) = d.cm_open_af(D, a, &q2931()) {
        return s.status();
    }
    let sp = d.port.new_sap_handle();
    let desc = {
        use mcm::abi::AbiStruct;
        let mut buf = vec![0u8; 64];
        buf[0] = 1;
        buf[4] = 56;
        mcm::abi::co::CoSap::parse(&buf).unwrap()
    };
    if let HandlerStatus::Complete(s) = d.cm_register_sap(D, a, sp, &desc) {
        if !s.is_success() {
            let _ = d.cm_close_af(D, a);
            return s.status();
        }
    }
    let v = d.port.new_vc_handle();
    let st = d.cm_create_vc(D, a, v);
    if !st.is_success() {
        let _ = d.cm_deregister_sap(D, sp);
        let _ = d.cm_close_af(D, a);
        return st.status();
    }
    let _ = d.cm_make_call(D, v, None, &params());
    d.in_context(D, |core, up| core.signaling_connected(up));
    let n = d.port.new_nbl_id();
    d.co_send_net_buffer_lists(D, v, &VecPacketList::single_buffers(&[(n, b"payload")]));
    let _ = d.cm_close_call(D, v, None, &[]);
    let _ = d.cm_delete_vc(D, v);
    let _ = d.cm_deregister_sap(D, sp);
    let _ = d.cm_close_af(D, a);
    NdisStatus::SUCCESS
}

fn run(bugs: Bugs, policy: FailPolicy) -> ScenarioRun {
    let mut d = Driven::new(MiniCore::new(CountingPool::new(policy)));
    d.core.bugs = bugs;
    let status = call_scenario(&mut d);
    assert_eq!(d.halt_ex(P), HaltProgress::Halted);
    ScenarioRun::collect(status, &d.core.pool, &d.port)
}

#[test]
fn pool_fails_exactly_the_nth_allocation() {
    for n in 0..4u64 {
        let mut p = CountingPool::new(FailPolicy::Nth(n));
        let results: Vec<bool> = (0..4).map(|_| p.try_alloc(TAG_VC, 8).is_ok()).collect();
        let expected: Vec<bool> = (0..4).map(|i| i != n).collect();
        assert_eq!(results, expected, "n = {n}");
        assert_eq!(p.failures(), 1);
        assert_eq!(p.attempts(), 4);
    }
}

#[test]
fn pool_reports_leaks_by_tag() {
    let mut p = CountingPool::new(FailPolicy::Never);
    let a = p.try_alloc(TAG_AF, 64).unwrap();
    let _v1 = p.try_alloc(TAG_VC, 256).unwrap();
    let _v2 = p.try_alloc(TAG_VC, 256).unwrap();
    let s = p.try_alloc(TAG_SAP, 128).unwrap();
    p.free(a);
    p.free(s);
    assert_eq!(p.leaks(), vec![Leak { tag: TAG_VC, count: 2, bytes: 512 }]);
}

#[test]
fn sweep_passes_a_core_that_handles_exhaustion() {
    let r = sweep(NdisStatus::RESOURCES, |policy| run(Bugs::default(), policy));
    // AF, SAP and VC state: three allocations, three failing runs.
    assert_eq!(r, Ok(SweepReport { allocations: 3 }));
}

#[test]
fn sweep_catches_a_wrong_exhaustion_status() {
    let bugs = Bugs { wrong_exhaustion_status: true, ..Bugs::default() };
    let r = sweep(NdisStatus::RESOURCES, |policy| run(bugs, policy));
    assert_eq!(
        r,
        Err(SweepFailure::WrongStatus {
            fail_at: Some(0),
            status: NdisStatus::NOT_SUPPORTED,
            expected: NdisStatus::RESOURCES,
        })
    );
}

#[test]
fn sweep_catches_a_leak() {
    let bugs = Bugs { leak_vc: true, ..Bugs::default() };
    let r = sweep(NdisStatus::RESOURCES, |policy| run(bugs, policy));
    assert_eq!(
        r,
        Err(SweepFailure::Leaked {
            fail_at: None,
            leaks: vec![Leak { tag: TAG_VC, count: 1, bytes: 256 }],
        })
    );
}

#[test]
fn sweep_catches_violations_under_failure() {
    let bugs = Bugs { skip_activate: true, ..Bugs::default() };
    let r = sweep(NdisStatus::RESOURCES, |policy| run(bugs, policy));
    match r {
        Err(SweepFailure::Violations { fail_at: None, violations }) => {
            assert!(matches!(violations[0], Violation::MakeCallCompleteBeforeActivate { .. }));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn sweep_detects_a_scenario_that_never_reaches_the_failure() {
    // A scenario whose allocation count changes from run to run.
    let mut calls = 0u64;
    let r = sweep(NdisStatus::RESOURCES, |policy| {
        calls += 1;
        let mut pool = CountingPool::new(policy);
        let port = mcm::boundary::host::HostPort::new();
        let grants: Vec<_> =
            (0..(4 - calls.min(4))).filter_map(|_| pool.try_alloc(TAG_VC, 1).ok()).collect();
        for g in grants {
            pool.free(g);
        }
        let status = if pool.failures() > 0 { NdisStatus::RESOURCES } else { NdisStatus::SUCCESS };
        ScenarioRun::collect(status, &pool, &port)
    });
    // Baseline: 3 allocations; run 2 (fail #0) makes 2; run 3 (fail #1) makes only 1.
    assert_eq!(r, Err(SweepFailure::NotInjected { fail_at: 1 }));
}
