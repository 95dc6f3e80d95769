//! Allocation-failure sweeps over the miniport half (Driver Verifier's Low Resources
//! Simulation, condis-reference.md §7): initialization, activation and send scenarios run once
//! per allocation with exactly that one failing; each run must report NDIS_STATUS_RESOURCES,
//! leak nothing at halt and break no contract rule. Also the send slab running out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/miniport.rs"]
mod harness;

use harness::*;
use mcm::abi::atm::{AalType, ServiceCategory};
use mcm::abi::NdisStatus;
use mcm::boundary::host::sweep::{sweep, ScenarioRun};
use mcm::boundary::host::HostPort;
use mcm::boundary::pool::FailPolicy;
use mcm::boundary::HandlerStatus;
use mcm::miniport::MiniportConfig;

/// Opens three VCs (AAL5 UBR, AAL5 CBR, AAL0 UBR), sends on each, checks the data, tears down.
/// The status is the first failure seen, or SUCCESS.
fn activate_and_send(policy: FailPolicy) -> ScenarioRun {
    let mut net = match Net::with_policy(MiniportConfig::new(8), policy) {
        Ok(net) => net,
        Err((status, pool)) => return ScenarioRun::collect(status, &pool, &HostPort::new()),
    };
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let specs = [
        (100, AalType::Aal5, ServiceCategory::Ubr, 0),
        (101, AalType::Aal5, ServiceCategory::Cbr, 50_000),
        (102, AalType::Aal0, ServiceCategory::Ubr, 0),
    ];
    let mut status = NdisStatus::SUCCESS;
    let mut vas = Vec::new();
    let mut vbs = Vec::new();
    for (i, &(vci, aal, cat, pcr)) in specs.iter().enumerate() {
        let (va, st) = active_vc(&mut net.a, afs.0, atm(0, vci, aal, cat, pcr));
        let (vb, sb) = active_vc(&mut net.b, afs.1, atm(0, vci, aal, cat, pcr));
        assert_eq!(sb, HandlerStatus::SUCCESS);
        vas.push(va);
        vbs.push(vb);
        if st != HandlerStatus::SUCCESS {
            if status.is_success() {
                status = st.status();
            }
            continue;
        }
        let data = payload(i as u8, 96);
        let l = packets(&mut net.a, &[&data]);
        net.a.co_send_net_buffer_lists(D, va, &l);
        assert!(net.run_until(|n| !send_statuses(&n.a, &l.ids()).is_empty()));
        let st = send_statuses(&net.a, &l.ids())[0];
        if !st.is_success() && status.is_success() {
            status = st;
        }
        assert!(net.run_until(|n| n.received_on(1, vb).concat() == data));
    }
    teardown(&mut net, 0, afs.0, &vas);
    teardown(&mut net, 1, afs.1, &vbs);
    assert!(net.b.violations().is_empty());
    ScenarioRun::collect(status, net.a.core.pool(), &net.a.port)
}

#[test]
fn sweep_activation_and_send() {
    let report = sweep(NdisStatus::RESOURCES, activate_and_send).unwrap();
    // Eleven initialization pools plus one channel per activation.
    assert_eq!(report.allocations, 11 + 3, "{report:?}");
}

#[test]
fn pools_exhausted_from_the_start() {
    let run = activate_and_send(FailPolicy::FromNth(0));
    assert_eq!(run.status, NdisStatus::RESOURCES);
    assert!(run.leaks.is_empty() && run.violations.is_empty());
}

#[test]
fn channel_pool_exhausted_after_initialization() {
    // Every allocation after initialization fails: each activation reports RESOURCES and
    // nothing leaks.
    let baseline = {
        let net = Net::with_policy(MiniportConfig::new(8), FailPolicy::Never).ok().unwrap();
        net.a.core.pool().attempts()
    };
    let run = activate_and_send(FailPolicy::FromNth(baseline));
    assert_eq!(run.status, NdisStatus::RESOURCES);
    assert_eq!(run.failures, 3);
    assert!(run.leaks.is_empty() && run.violations.is_empty(), "{run:?}");
}

#[test]
fn send_slab_exhaustion_is_resources() {
    let config = MiniportConfig { max_sends: 2, ..MiniportConfig::new(4) };
    let mut net = Net::new(config);
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, _) =
        active_vc(&mut net.a, afs.0, atm(0, 100, AalType::Aal5, ServiceCategory::Cbr, 10_000));
    let (vb, _) =
        active_vc(&mut net.b, afs.1, atm(0, 100, AalType::Aal5, ServiceCategory::Cbr, 10_000));
    let data = payload(3, 2000);
    let l = packets(&mut net.a, &[&data, &data, &data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    // The third NBL finds no slot and is completed at once.
    assert_eq!(send_statuses(&net.a, &l.ids()[2..]), vec![NdisStatus::RESOURCES]);
    assert!(net.run_until(|n| n.a.core.sends_in_flight() == 0));
    assert_eq!(send_statuses(&net.a, &l.ids()[..2]), vec![NdisStatus::SUCCESS; 2]);
    // Slots are reused.
    let l2 = packets(&mut net.a, &[&data, &data]);
    net.a.co_send_net_buffer_lists(D, va, &l2);
    assert!(net.run_until(|n| n.a.core.sends_in_flight() == 0));
    assert_eq!(send_statuses(&net.a, &l2.ids()), vec![NdisStatus::SUCCESS; 2]);
    assert!(net.run_until(|n| n.received_on(1, vb).len() == 4));
    teardown(&mut net, 0, afs.0, &[va]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn receive_slab_exhaustion_indicates_with_resources_flag() {
    let config = MiniportConfig { max_receives: 1, ..MiniportConfig::new(4) };
    let mut net = Net::new(config);
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, _) = active_vc(&mut net.a, afs.0, atm(0, 100, AalType::Aal5, ServiceCategory::Ubr, 0));
    let (vb, _) = active_vc(&mut net.b, afs.1, atm(0, 100, AalType::Aal5, ServiceCategory::Ubr, 0));
    let (d1, d2, d3) = (payload(1, 100), payload(2, 200), payload(3, 300));
    let l = packets(&mut net.a, &[&d1, &d2, &d3]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert!(net.run_until(|n| n.received_on(1, vb).len() == 3));
    // All three delivered in order; the two beyond the slab were copied by NDIS
    // (NDIS_RECEIVE_FLAGS_RESOURCES) and are never returned.
    assert_eq!(net.received_on(1, vb), vec![d1, d2, d3]);
    assert_eq!(net.b.core.counters().rcv_resources, 2);
    assert_eq!(net.b.core.receives_outstanding(), 1);
    assert_eq!(net.return_all(1), 1);
    teardown(&mut net, 0, afs.0, &[va]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}
