//! Miniport half scenarios on hal's software NIC and fabric, every one under the contract
//! checker (condis-reference.md §7): many VCs with mixed AALs and service categories, data both
//! ways, deactivate and reuse, pause/restart, reset and halt with traffic in flight, activation
//! errors, deferred activation, link state, the internal signaling VC.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/miniport.rs"]
mod harness;

use hal::time::Duration;
use harness::*;
use mcm::abi::atm::{AalType, ServiceCategory};
use mcm::abi::co::{
    CallFlags, CoCallParameters, CoMediaParameters, CoSpecificParameters, MediaFlags, MediaSpecific,
};
use mcm::abi::NdisStatus;
use mcm::boundary::host::{Event, Upcall};
use mcm::boundary::packet::{VecNbl, VecPacketList};
use mcm::boundary::{HandlerStatus, PauseStatus, ResetStatus, SyncStatus};
use mcm::miniport::{ActivationMode, CallSlot, MiniportConfig, MEDIA_CONNECT, MEDIA_DISCONNECT};
use mcm::vc::Creator;

const UBR: ServiceCategory = ServiceCategory::Ubr;
const CBR: ServiceCategory = ServiceCategory::Cbr;
const VBR: ServiceCategory = ServiceCategory::Vbr;
const ABR: ServiceCategory = ServiceCategory::Abr;
const AAL5: AalType = AalType::Aal5;
const AAL0: AalType = AalType::Aal0;

fn err(s: NdisStatus) -> HandlerStatus {
    HandlerStatus::Complete(SyncStatus::new(s).unwrap())
}

/// Activates the same connection on both sides; returns (vc on A, vc on B).
fn pair(
    net: &mut Net,
    afs: (mcm::boundary::NdisAfHandle, mcm::boundary::NdisAfHandle),
    vci: u32,
    aal: AalType,
    cat: ServiceCategory,
    pcr: u32,
) -> (mcm::boundary::NdisVcHandle, mcm::boundary::NdisVcHandle) {
    let (va, sa) = active_vc(&mut net.a, afs.0, atm(0, vci, aal, cat, pcr));
    let (vb, sb) = active_vc(&mut net.b, afs.1, atm(0, vci, aal, cat, pcr));
    assert_eq!((sa, sb), (HandlerStatus::SUCCESS, HandlerStatus::SUCCESS), "VCI {vci}");
    (va, vb)
}

#[test]
fn many_vcs_mixed_aal_and_categories_data_both_ways() {
    let mut net = Net::new(MiniportConfig::new(16));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let specs = [
        (100, AAL5, UBR, 0),
        (101, AAL5, CBR, 20_000),
        (102, AAL5, VBR, 30_000),
        (103, AAL5, ABR, 40_000),
        (104, AAL0, UBR, 0),
        (105, AAL0, CBR, 10_000),
        (106, AAL5, UBR, 50_000),
        (107, AAL0, VBR, 20_000),
    ];
    let vcs: Vec<_> =
        specs.iter().map(|&(vci, aal, cat, pcr)| pair(&mut net, afs, vci, aal, cat, pcr)).collect();
    // Every VC sends a distinct PDU each way; AAL0 PDUs are whole cells.
    let mut expect = Vec::new();
    for (i, (&(_, aal, _, _), &(va, vb))) in specs.iter().zip(&vcs).enumerate() {
        let len = if aal == AAL0 { 96 } else { 40 + 700 * i };
        let to_b = payload(i as u8, len);
        let to_a = payload(100 + i as u8, len);
        let la = packets(&mut net.a, &[&to_b]);
        net.a.co_send_net_buffer_lists(D, va, &la);
        let lb = packets(&mut net.b, &[&to_a]);
        net.b.co_send_net_buffer_lists(D, vb, &lb);
        expect.push((aal, va, vb, to_b.clone(), to_a.clone(), la.ids(), lb.ids()));
    }
    assert!(net.run_until(|n| {
        n.a.core.sends_in_flight() == 0
            && n.b.core.sends_in_flight() == 0
            && n.a.port.received.len() >= 11
            && n.b.port.received.len() >= 11
    }));
    net.run_for(Duration::from_millis(1));
    for (aal, va, vb, to_b, to_a, ia, ib) in &expect {
        assert_eq!(send_statuses(&net.a, ia), vec![NdisStatus::SUCCESS]);
        assert_eq!(send_statuses(&net.b, ib), vec![NdisStatus::SUCCESS]);
        let (got_b, got_a) = (net.received_on(1, *vb), net.received_on(0, *va));
        if *aal == AAL0 {
            // AAL0 delivers each cell payload as its own PDU (48 octets).
            assert_eq!(got_b.concat(), *to_b);
            assert!(got_b.iter().all(|p| p.len() == 48));
            assert_eq!(got_a.concat(), *to_a);
        } else {
            assert_eq!(got_b, vec![to_b.clone()]);
            assert_eq!(got_a, vec![to_a.clone()]);
        }
    }
    // 5 AAL5 PDUs and 3 × 2 AAL0 cells.
    assert_eq!(net.a.core.receives_outstanding(), 11);
    net.return_all(0);
    net.return_all(1);
    assert_eq!(net.a.core.receives_outstanding(), 0);
    // Per-VC counters followed the traffic.
    let h = net.a.core.vc_of(vcs[1].0).unwrap();
    let c = net.a.core.table().context_of(h).unwrap().data.counters;
    assert_eq!((c.xmit_pdus_ok, c.rcv_pdus_ok), (1, 1));
    assert_eq!(c.bytes_xmit, 740);
    let va: Vec<_> = vcs.iter().map(|v| v.0).collect();
    let vb: Vec<_> = vcs.iter().map(|v| v.1).collect();
    teardown(&mut net, 0, afs.0, &va);
    teardown(&mut net, 1, afs.1, &vb);
    net.assert_clean();
    assert!(net.a.core.pool().leaks().is_empty());
}

#[test]
fn multi_net_buffer_nbl_and_clp() {
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, vb) = pair(&mut net, afs, 120, AAL5, UBR, 0);
    let (p1, p2, p3) = (payload(1, 100), payload(2, 2000), payload(3, 7));
    let list = VecPacketList {
        nbls: vec![VecNbl {
            id: net.a.port.new_nbl_id(),
            discard_eligible: true,
            cancel_id: None,
            // Two NET_BUFFERs, the first a three-fragment MDL chain.
            net_buffers: vec![vec![&p1[..50], &p1[50..], &p3], vec![&p2]],
        }],
    };
    net.a.co_send_net_buffer_lists(D, va, &list);
    assert!(net.run_until(|n| n.b.port.received.len() == 2 && n.a.core.sends_in_flight() == 0));
    let mut first = p1.clone();
    first.extend_from_slice(&p3);
    assert_eq!(net.received_on(1, vb), vec![first, p2.clone()]);
    // One completion for the NBL, after both NET_BUFFERs went out.
    assert_eq!(send_statuses(&net.a, &list.ids()), vec![NdisStatus::SUCCESS]);
    teardown(&mut net, 0, afs.0, &[va]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn deactivate_waits_for_returned_receives_then_vc_is_reused() {
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, vb) = pair(&mut net, afs, 200, AAL5, UBR, 0);
    let data = payload(9, 500);
    let l = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert!(net.run_until(|n| n.b.port.received.len() == 1));
    // B still holds the indicated NBL: its deactivation pends until it is returned.
    assert_eq!(net.b.co_deactivate_vc(D, vb), HandlerStatus::Pending);
    net.run_for(Duration::from_micros(100));
    let completed = |d: &Side| {
        d.port.log().iter().any(|e| {
            matches!(e, Event::Upcall { upcall: Upcall::CoDeactivateVcComplete { .. }, .. })
        })
    };
    assert!(!completed(&net.b));
    net.return_all(1);
    assert!(completed(&net.b));
    // Reuse the same VC for another VPI/VCI; the old address is free for another VC.
    let st = net.b.co_activate_vc(D, vb, &call_params(atm(0, 201, AAL5, UBR, 0)));
    assert_eq!(st, HandlerStatus::SUCCESS);
    assert_eq!(net.a.co_deactivate_vc(D, va), HandlerStatus::SUCCESS);
    assert_eq!(
        net.a.co_activate_vc(D, va, &call_params(atm(0, 201, AAL5, UBR, 0))),
        HandlerStatus::SUCCESS
    );
    let (va2, st) = active_vc(&mut net.a, afs.0, atm(0, 200, AAL5, UBR, 0));
    assert_eq!(st, HandlerStatus::SUCCESS);
    let data2 = payload(10, 300);
    let l = packets(&mut net.a, &[&data2]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert!(net.run_until(|n| n.b.port.received.len() == 2));
    assert_eq!(net.received_on(1, vb), vec![data, data2]);
    teardown(&mut net, 0, afs.0, &[va, va2]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn deactivate_with_sends_in_flight_aborts_them() {
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    // A slow CBR VC: 9 kB PDUs take ~19 ms each at 10 000 cells/s.
    let (va, vb) = pair(&mut net, afs, 300, AAL5, CBR, 10_000);
    let data = payload(4, 9000);
    let l = packets(&mut net.a, &[&data, &data, &data, &data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    net.run_for(Duration::from_millis(1));
    let in_flight = net.a.core.sends_in_flight();
    assert!(in_flight >= 3, "{in_flight}");
    assert_eq!(net.a.co_deactivate_vc(D, va), HandlerStatus::SUCCESS);
    let st = send_statuses(&net.a, &l.ids());
    assert_eq!(st.len(), 4);
    // The PDUs still queued when the channel stopped are aborted.
    let aborted = st.iter().filter(|s| **s == NdisStatus::REQUEST_ABORTED).count();
    assert_eq!(aborted, in_flight, "{st:?}");
    // Sends on the deactivated VC are refused at once.
    let l2 = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va, &l2);
    assert_eq!(send_statuses(&net.a, &l2.ids()), vec![NdisStatus::VC_NOT_ACTIVATED]);
    teardown(&mut net, 0, afs.0, &[va]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn pause_drains_rejects_and_restart_resumes() {
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, vb) = pair(&mut net, afs, 400, AAL5, CBR, 50_000);
    let data = payload(5, 4000);
    let l = packets(&mut net.a, &[&data, &data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert_eq!(net.a.pause(P), PauseStatus::Pending);
    // Sends while pausing are refused with PAUSED.
    let l2 = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va, &l2);
    assert_eq!(send_statuses(&net.a, &l2.ids()), vec![NdisStatus::PAUSED]);
    assert!(net.run_until(|n| n
        .a
        .port
        .log()
        .iter()
        .any(|e| matches!(e, Event::Upcall { upcall: Upcall::PauseComplete, .. }))));
    assert_eq!(send_statuses(&net.a, &l.ids()), vec![NdisStatus::SUCCESS; 2]);
    // B paused: PDUs arriving are not indicated.
    assert!(net.run_until(|n| n.received_on(1, vb).len() == 2));
    assert_eq!(net.received_on(1, vb), vec![data.clone(), data.clone()]);
    net.return_all(1);
    assert_eq!(net.b.pause(P), PauseStatus::Success);
    let before = net.b.port.received.len();
    let l3 = packets(&mut net.a, &[&data]);
    assert_eq!(net.a.restart(P), HandlerStatus::SUCCESS);
    net.a.co_send_net_buffer_lists(D, va, &l3);
    net.run_for(Duration::from_millis(5));
    assert_eq!(net.b.port.received.len(), before);
    assert_eq!(net.b.core.counters().rcv_dropped, 1);
    assert_eq!(net.b.restart(P), HandlerStatus::SUCCESS);
    let l4 = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va, &l4);
    assert!(net.run_until(|n| n.b.port.received.len() == before + 1));
    teardown(&mut net, 0, afs.0, &[va]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn reset_with_traffic_in_flight_aborts_queued_sends() {
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, vb) = pair(&mut net, afs, 500, AAL5, CBR, 10_000);
    let data = payload(6, 9000);
    let l = packets(&mut net.a, &[&data, &data, &data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    net.run_for(Duration::from_millis(2));
    let r = net.a.reset_ex(D);
    assert_eq!(r, ResetStatus::Complete { status: SyncStatus::SUCCESS, addressing_reset: false });
    let st = send_statuses(&net.a, &l.ids());
    assert_eq!(st, vec![NdisStatus::REQUEST_ABORTED; 3]);
    assert!(!net.a.check_for_hang_ex(D));
    // The VC survives the reset.
    let small = payload(7, 64);
    let l2 = packets(&mut net.a, &[&small]);
    net.a.co_send_net_buffer_lists(D, va, &l2);
    assert!(net.run_until(|n| n.received_on(1, vb).last() == Some(&small)));
    teardown(&mut net, 0, afs.0, &[va]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn halt_with_traffic_in_flight_frees_everything() {
    let mut net = Net::new(MiniportConfig::new(8));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, vb) = pair(&mut net, afs, 600, AAL5, UBR, 0);
    let (va2, vb2) = pair(&mut net, afs, 601, AAL0, UBR, 0);
    // Both directions busy; A is torn down while B's cells are still on the wire and
    // A's own sends are queued in its NIC.
    let data = payload(8, 9000);
    let lb = packets(&mut net.b, &[&data, &data, &data]);
    net.b.co_send_net_buffer_lists(D, vb, &lb);
    let la = packets(&mut net.a, &[&data, &data]);
    net.a.co_send_net_buffer_lists(D, va, &la);
    net.run_for(Duration::from_micros(300));
    teardown(&mut net, 0, afs.0, &[va, va2]);
    assert_eq!(send_statuses(&net.a, &la.ids()).len(), 2);
    // Cells keep arriving for A after its halt: no upcalls, no panics.
    net.run_for(Duration::from_millis(2));
    assert!(net.a.core.poll_timeout().is_none());
    teardown(&mut net, 1, afs.1, &[vb, vb2]);
    net.assert_clean();
    assert!(net.a.core.pool().leaks().is_empty());
    assert!(net.b.core.pool().leaks().is_empty());
}

#[test]
fn activation_errors() {
    let mut net = Net::new(MiniportConfig::new(8));
    let af = open_af(&mut net.a);
    let d = &mut net.a;
    let (vc, _) = client_vc(d, af);
    // No media parameters; media parameters of another medium.
    let none =
        CoCallParameters { flags: CallFlags(0), call_mgr_parameters: None, media_parameters: None };
    assert_eq!(d.co_activate_vc(D, vc, &none), err(NdisStatus::INVALID_DATA));
    let other = CoCallParameters {
        media_parameters: Some(CoMediaParameters {
            flags: BOTH,
            receive_priority: 0,
            receive_size_hint: 0,
            media_specific: MediaSpecific::Other(CoSpecificParameters {
                param_type: 7,
                parameters: vec![],
            }),
        }),
        ..none.clone()
    };
    assert_eq!(d.co_activate_vc(D, vc, &other), err(NdisStatus::INVALID_DATA));
    // No direction, reserved VCI, VPI beyond 8 bits, zero SDU.
    let p = call_params_flags(atm(0, 100, AAL5, UBR, 0), MediaFlags(0));
    assert_eq!(d.co_activate_vc(D, vc, &p), err(NdisStatus::INVALID_DATA));
    assert_eq!(
        d.co_activate_vc(D, vc, &call_params(atm(0, 5, AAL5, UBR, 0))),
        err(NdisStatus::INVALID_DATA)
    );
    assert_eq!(
        d.co_activate_vc(D, vc, &call_params(atm(256, 100, AAL5, UBR, 0))),
        err(NdisStatus::INVALID_DATA)
    );
    let mut a = atm(0, 100, AAL5, UBR, 0);
    a.transmit.max_sdu_size = 0;
    assert_eq!(d.co_activate_vc(D, vc, &call_params(a)), err(NdisStatus::INVALID_DATA));
    // AAL1 / AAL3/4 are not supported by the software SAR.
    for aal in [AalType::Aal1, AalType::Aal34] {
        assert_eq!(
            d.co_activate_vc(D, vc, &call_params(atm(0, 100, aal, UBR, 0))),
            err(NdisStatus::AAL_PARAMS_UNSUPPORTED)
        );
    }
    // A peak rate above the line rate; then CAC: two CBR contracts that together exceed it.
    assert_eq!(
        d.co_activate_vc(D, vc, &call_params(atm(0, 100, AAL5, CBR, 400_000))),
        err(NdisStatus::CELLRATE_NOT_AVAILABLE)
    );
    assert_eq!(
        d.co_activate_vc(D, vc, &call_params(atm(0, 100, AAL5, CBR, 300_000))),
        HandlerStatus::SUCCESS
    );
    let (vc2, st) = active_vc(d, af, atm(0, 101, AAL5, CBR, 300_000));
    assert_eq!(st, err(NdisStatus::CELLRATE_NOT_AVAILABLE));
    // VPI/VCI in use by another VC.
    assert_eq!(
        d.co_activate_vc(D, vc2, &call_params(atm(0, 100, AAL5, UBR, 0))),
        err(NdisStatus::VC_NOT_AVAILABLE)
    );
    // Re-activation: a new rate is applied (modify_channel); a new VPI/VCI is refused.
    assert_eq!(
        d.co_activate_vc(D, vc, &call_params(atm(0, 100, AAL5, CBR, 100_000))),
        HandlerStatus::SUCCESS
    );
    let h = d.core.vc_of(vc).unwrap();
    let params = *d.core.table().context_of(h).unwrap().data.params().unwrap();
    assert_eq!(params.tx_traffic.pcr, 100_000);
    assert_eq!(
        d.co_activate_vc(D, vc, &call_params(atm(0, 102, AAL5, UBR, 0))),
        err(NdisStatus::INVALID_DATA)
    );
    // Now the freed capacity admits the second CBR VC.
    assert_eq!(
        d.co_activate_vc(D, vc2, &call_params(atm(0, 101, AAL5, CBR, 200_000))),
        HandlerStatus::SUCCESS
    );
    // INDICATE_ERRED_PACKETS and DefaultCLP reach the channel.
    let (vc3, _) = client_vc(d, af);
    let mut a = atm(1, 40, AAL5, UBR, 0);
    a.default_clp = 1;
    let flags = MediaFlags(BOTH.0 | MediaFlags::INDICATE_ERRED_PACKETS);
    assert_eq!(d.co_activate_vc(D, vc3, &call_params_flags(a, flags)), HandlerStatus::SUCCESS);
    let h3 = d.core.vc_of(vc3).unwrap();
    let p3 = *d.core.table().context_of(h3).unwrap().data.params().unwrap();
    assert!(p3.deliver_errored && p3.clp_default);
    assert_eq!((p3.vpi_vci.vpi, p3.vpi_vci.vci), (1, 40));
    // Deleting an active VC is refused.
    assert_eq!(d.core.delete_vc(h3, Creator::Client), Err(NdisStatus::NOT_ACCEPTED));
    teardown(&mut net, 0, af, &[vc, vc2, vc3]);
    net.assert_clean();
    assert!(net.a.core.pool().leaks().is_empty());
}

#[test]
fn deferred_activation_completes_from_the_dpc() {
    let config = MiniportConfig { activation: ActivationMode::Deferred, ..MiniportConfig::new(4) };
    let mut net = Net::new(config);
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, st) = active_vc(&mut net.a, afs.0, atm(0, 700, AAL5, UBR, 0));
    assert_eq!(st, HandlerStatus::Pending);
    let (vb, st) = active_vc(&mut net.b, afs.1, atm(0, 700, AAL5, UBR, 0));
    assert_eq!(st, HandlerStatus::Pending);
    let (bad, st) = active_vc(&mut net.a, afs.0, atm(0, 700, AAL5, UBR, 0));
    assert_eq!(st, HandlerStatus::Pending);
    net.step();
    let statuses: Vec<_> = net
        .a
        .port
        .log()
        .iter()
        .filter_map(|e| match e {
            Event::Upcall { upcall: Upcall::CoActivateVcComplete { status, vc }, .. } => {
                Some((*vc, *status))
            }
            _ => None,
        })
        .collect();
    assert_eq!(statuses, vec![(va, NdisStatus::SUCCESS), (bad, NdisStatus::VC_NOT_AVAILABLE)]);
    let data = payload(11, 1000);
    let l = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert!(net.run_until(|n| n.received_on(1, vb) == vec![data.clone()]));
    teardown(&mut net, 0, afs.0, &[va, bad]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn link_state_is_indicated() {
    let mut net = Net::new(MiniportConfig::new(2));
    let codes = |d: &Side| -> Vec<NdisStatus> {
        d.port
            .log()
            .iter()
            .filter_map(|e| match e {
                Event::Upcall { upcall: Upcall::CoIndicateStatusEx { vc: None, code }, .. } => {
                    Some(*code)
                }
                _ => None,
            })
            .collect()
    };
    assert_eq!(codes(&net.a), vec![MEDIA_CONNECT]);
    net.fabric.set_link(net.link, false).unwrap();
    net.run_for(Duration::from_millis(1));
    net.fabric.set_link(net.link, true).unwrap();
    net.run_for(Duration::from_millis(1));
    assert_eq!(codes(&net.a), vec![MEDIA_CONNECT, MEDIA_DISCONNECT, MEDIA_CONNECT]);
    let af = open_af(&mut net.a);
    teardown(&mut net, 0, af, &[]);
    net.assert_clean();
}

#[test]
fn signaling_vc_is_internal() {
    let mut net = Net::new(MiniportConfig::new(4));
    let sig = atm(0, 5, AAL5, UBR, 0);
    let media = call_params(sig).media_parameters.unwrap();
    let mut hs = Vec::new();
    for d in [&mut net.a, &mut net.b] {
        let h = d.core.create_vc(Creator::CallManager, None, CallSlot::default()).unwrap();
        d.core.activate_vc(h, &media).unwrap();
        hs.push(h);
    }
    // A client may not use 0/5.
    let af = open_af(&mut net.a);
    let (vc, st) = active_vc(&mut net.a, af, atm(0, 5, AAL5, UBR, 0));
    assert_eq!(st, err(NdisStatus::INVALID_DATA));
    let pdu = payload(12, 60);
    net.a.core.send_internal(hs[0], &[&pdu[..20], &pdu[20..]]).unwrap();
    assert!(net.run_until(|n| n.b.core.counters().signaling_pdus == 1));
    let mut out = [0u8; 128];
    assert_eq!(net.b.core.pop_signaling(&mut out), Some((hs[1], 60)));
    assert_eq!(&out[..60], &pdu[..]);
    assert_eq!(net.b.core.pop_signaling(&mut out), None);
    assert!(net.b.port.received.is_empty());
    assert_eq!(net.a.core.sends_in_flight(), 0);
    for (d, h) in [(&mut net.a, hs[0]), (&mut net.b, hs[1])] {
        let mut up = mcm::boundary::host::HostPort::new();
        assert_eq!(d.core.deactivate_vc(D, h, &mut up), Ok(true));
        d.core.delete_vc(h, Creator::CallManager).unwrap();
    }
    teardown(&mut net, 0, af, &[vc]);
    net.assert_clean();
}

#[test]
fn send_refusals_map_to_ndis_statuses() {
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, vb) = pair(&mut net, afs, 800, AAL5, UBR, 0);
    let (va0, vb0) = pair(&mut net, afs, 801, AAL0, UBR, 0);
    // Longer than the VC's MaxSduSize (9188); AAL0 not a whole number of cells; an NBL
    // without NET_BUFFERs.
    let big = payload(1, 9189);
    let odd = payload(2, 50);
    let l = packets(&mut net.a, &[&big]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert_eq!(send_statuses(&net.a, &l.ids()), vec![NdisStatus::INVALID_LENGTH]);
    let l = packets(&mut net.a, &[&odd]);
    net.a.co_send_net_buffer_lists(D, va0, &l);
    assert_eq!(send_statuses(&net.a, &l.ids()), vec![NdisStatus::INVALID_LENGTH]);
    let empty = VecPacketList {
        nbls: vec![VecNbl {
            id: net.a.port.new_nbl_id(),
            discard_eligible: false,
            cancel_id: None,
            net_buffers: vec![],
        }],
    };
    net.a.co_send_net_buffer_lists(D, va, &empty);
    assert_eq!(send_statuses(&net.a, &empty.ids()), vec![NdisStatus::INVALID_LENGTH]);
    // Carrier lost: sends are refused with MEDIA_DISCONNECTED.
    net.fabric.set_link(net.link, false).unwrap();
    net.run_for(Duration::from_micros(100));
    let ok = payload(3, 100);
    let l = packets(&mut net.a, &[&ok]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert_eq!(send_statuses(&net.a, &l.ids()), vec![mcm::miniport::MEDIA_DISCONNECTED]);
    net.fabric.set_link(net.link, true).unwrap();
    net.run_for(Duration::from_micros(100));
    let l = packets(&mut net.a, &[&ok]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert!(net.run_until(|n| n.received_on(1, vb) == vec![ok.clone()]));
    // CancelSend, CancelOidRequest, CheckForHangEx: nothing queued, nothing pending, not hung.
    let cancel = net.a.port.new_cancel_id();
    net.a.cancel_send(D, cancel);
    let req = net.a.port.new_oid_request_id();
    net.a.cancel_oid_request(D, req);
    assert!(!net.a.check_for_hang_ex(D));
    assert_eq!(net.a.core.counters().xmit_pdus_error, 4);
    teardown(&mut net, 0, afs.0, &[va, va0]);
    teardown(&mut net, 1, afs.1, &[vb, vb0]);
    net.assert_clean();
}

#[test]
fn erred_pdus_are_indicated_only_when_asked() {
    // Every payload corrupted on the wire: the CRC-32 check fails. Under
    // INDICATE_ERRED_PACKETS the PDU is indicated with an error status; otherwise dropped.
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, _) = active_vc(&mut net.a, afs.0, atm(0, 900, AAL5, UBR, 0));
    let (va2, _) = active_vc(&mut net.a, afs.0, atm(0, 901, AAL5, UBR, 0));
    let flags = MediaFlags(BOTH.0 | MediaFlags::INDICATE_ERRED_PACKETS);
    let (vb, _) = client_vc(&mut net.b, afs.1);
    let st = net.b.co_activate_vc(D, vb, &call_params_flags(atm(0, 900, AAL5, UBR, 0), flags));
    assert_eq!(st, HandlerStatus::SUCCESS);
    let (vb2, st) = active_vc(&mut net.b, afs.1, atm(0, 901, AAL5, UBR, 0));
    assert_eq!(st, HandlerStatus::SUCCESS);
    let faults = hal::sim::FaultConfig { payload_corruption: 1.0, ..hal::sim::FaultConfig::NONE };
    net.fabric.set_faults(net.link, faults).unwrap();
    let data = payload(4, 500);
    let l = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    let l2 = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va2, &l2);
    assert!(net.run_until(|n| n.a.core.sends_in_flight() == 0));
    net.run_for(Duration::from_millis(1));
    net.fabric.set_faults(net.link, hal::sim::FaultConfig::NONE).unwrap();
    assert_eq!(net.received_on(1, vb2).len(), 0);
    assert_eq!(net.received_on(1, vb).len(), 1);
    assert_eq!(net.b.core.counters().rcv_pdus_error, 1);
    let h = net.b.core.vc_of(vb).unwrap();
    assert_eq!(net.b.core.table().context_of(h).unwrap().data.counters.rcv_pdus_error, 1);
    teardown(&mut net, 0, afs.0, &[va, va2]);
    teardown(&mut net, 1, afs.1, &[vb, vb2]);
    net.assert_clean();
}

#[test]
fn mcm_created_vc_carries_data() {
    // An incoming call's VC: created by the MCM (NdisMCmCreateVc), handle stored afterwards,
    // activated by NDIS through MiniportCoActivateVc, deleted by the MCM (NdisMCmDeleteVc).
    let mut net = Net::new(MiniportConfig::new(4));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let h = net.b.core.create_vc(Creator::CallManager, None, CallSlot { has_call: true }).unwrap();
    let af_b = afs.1;
    let vb = net.b.in_context(D, |core, up| {
        let vb = up.cm_create_vc(D, af_b).unwrap();
        core.set_ndis_handle(h, vb).unwrap();
        vb
    });
    assert_eq!(net.b.core.vc_of(vb), Some(h));
    // The handle cannot be given twice.
    assert_eq!(net.b.core.set_ndis_handle(h, vb), Err(NdisStatus::INVALID_PARAMETER));
    assert_eq!(
        net.b.co_activate_vc(D, vb, &call_params(atm(0, 950, AAL5, UBR, 0))),
        HandlerStatus::SUCCESS
    );
    let (va, st) = active_vc(&mut net.a, afs.0, atm(0, 950, AAL5, UBR, 0));
    assert_eq!(st, HandlerStatus::SUCCESS);
    let data = payload(13, 1234);
    let l = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    assert!(net.run_until(|n| n.received_on(1, vb) == vec![data.clone()]));
    net.return_all(1);
    assert_eq!(net.b.co_deactivate_vc(D, vb), HandlerStatus::SUCCESS);
    // A VC with a call is not deleted; the creator is checked.
    assert_eq!(net.b.core.delete_vc(h, Creator::CallManager), Err(NdisStatus::NOT_ACCEPTED));
    net.b.core.table_mut().context_mut(h).unwrap().call.has_call = false;
    assert_eq!(net.b.core.delete_vc(h, Creator::Client), Err(NdisStatus::NOT_ACCEPTED));
    assert!(net.b.core.delete_vc(h, Creator::CallManager).is_ok());
    net.b.in_context(D, |_, up| assert_eq!(up.cm_delete_vc(D, vb), NdisStatus::SUCCESS));
    assert_eq!(net.b.core.vc_of(vb), None);
    teardown(&mut net, 0, afs.0, &[va]);
    teardown(&mut net, 1, afs.1, &[]);
    net.assert_clean();
}
