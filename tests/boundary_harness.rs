//! The checked harness end to end: `Driven` drives a small MCM model (tests/common) through
//! the handler traits while the host port records and checks every upcall.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/boundary.rs"]
mod common;

use common::*;
use mcm::abi::co::CoSap;
use mcm::abi::oid::{Oid, RequestType};
use mcm::abi::NdisStatus;
use mcm::boundary::host::{
    Call, Driven, Event, HandlerKind, HostPort, IrqlRule, Upcall, UpcallKind, VcState, Violation,
};
use mcm::boundary::packet::VecPacketList;
use mcm::boundary::pool::{CountingPool, FailPolicy};
use mcm::boundary::{
    HaltProgress, HandlerStatus, NdisUpcalls, OidBuffer, OidRequest, OidStatus, PauseStatus,
    SyncStatus,
};

/// A CO_SAP carrying an all-zero ATM_SAP (BLLI, BHLI) with no addresses.
fn sap_desc() -> CoSap {
    use mcm::abi::AbiStruct;
    let mut buf = vec![0u8; 8 + 36 + 16 + 4];
    buf[0] = 1; // SAP_TYPE_NSAP
    buf[4] = (36 + 16 + 4) as u8; // SapLength
    CoSap::parse(&buf).unwrap()
}

fn driven() -> Driven<MiniCore> {
    Driven::new(MiniCore::new(CountingPool::new(FailPolicy::Never)))
}

#[test]
fn outgoing_call_lifecycle_is_clean() {
    let mut d = driven();
    let a = d.port.new_af_handle();
    assert_eq!(d.cm_open_af(D, a, &q2931()), HandlerStatus::Pending);
    let v = d.port.new_vc_handle();
    assert_eq!(d.cm_create_vc(D, a, v), SyncStatus::SUCCESS);
    assert_eq!(d.cm_make_call(D, v, None, &params()), HandlerStatus::Pending);
    d.in_context(D, |core, up| core.signaling_connected(up));
    assert_eq!(d.port.checker().vc_state(v), Some(VcState::Active));

    let data = [0xAAu8; 48];
    let (n1, n2) = (d.port.new_nbl_id(), d.port.new_nbl_id());
    let list = VecPacketList::single_buffers(&[(n1, &data), (n2, &data[..10])]);
    d.co_send_net_buffer_lists(D, v, &list);
    assert_eq!(d.port.checker().outstanding_nbls(), (0, 0));

    let rx = d.port.new_nbl_id();
    d.in_context(D, |core, up| core.receive(v, rx, b"hello", up));
    assert_eq!(d.port.received, vec![(v, rx, b"hello".to_vec())]);
    d.return_net_buffer_lists(D, &[rx]);

    assert_eq!(d.cm_delete_vc(D, v), SyncStatus::NOT_ACCEPTED); // call still up
    assert_eq!(d.cm_close_call(D, v, None, &[]), HandlerStatus::Pending);
    assert_eq!(d.cm_delete_vc(D, v), SyncStatus::SUCCESS);
    assert_eq!(d.cm_close_af(D, a), HandlerStatus::SUCCESS);
    assert_eq!(d.halt_ex(P), HaltProgress::Halted);
    let leaks = d.core.pool.leaks();
    d.allocations_at_halt(leaks);
    assert_eq!(d.violations(), &[] as &[Violation]);

    let kinds: Vec<UpcallKind> = d
        .port
        .log()
        .iter()
        .filter_map(|e| match e {
            Event::Upcall { upcall, .. } => Some(upcall.kind()),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            UpcallKind::CmOpenAddressFamilyComplete,
            UpcallKind::CmActivateVc,
            UpcallKind::CmMakeCallComplete,
            UpcallKind::CoSendNetBufferListsComplete,
            UpcallKind::CoIndicateReceiveNetBufferLists,
            UpcallKind::CmDeactivateVc,
            UpcallKind::CmCloseCallComplete,
        ]
    );
}

#[test]
fn core_that_skips_activation_is_caught() {
    let mut d = driven();
    d.core.bugs.skip_activate = true;
    let a = d.port.new_af_handle();
    let _ = d.cm_open_af(D, a, &q2931());
    let v = d.port.new_vc_handle();
    let _ = d.cm_create_vc(D, a, v);
    let _ = d.cm_make_call(D, v, None, &params());
    d.in_context(D, |core, up| core.signaling_connected(up));
    assert_eq!(
        d.violations(),
        &[Violation::MakeCallCompleteBeforeActivate { vc: v, state: VcState::Created }]
    );
}

#[test]
fn core_that_completes_sends_twice_is_caught() {
    let mut d = driven();
    d.core.bugs.double_send_complete = true;
    let a = d.port.new_af_handle();
    let _ = d.cm_open_af(D, a, &q2931());
    let v = d.port.new_vc_handle();
    let _ = d.cm_create_vc(D, a, v);
    let _ = d.cm_make_call(D, v, None, &params());
    d.in_context(D, |core, up| core.signaling_connected(up));
    let n = d.port.new_nbl_id();
    d.co_send_net_buffer_lists(D, v, &VecPacketList::single_buffers(&[(n, b"x")]));
    assert_eq!(d.violations(), &[Violation::SendCompletionNotOutstanding { vc: v, nbl: n }]);
}

#[test]
fn halt_waits_for_clients_to_close_their_afs() {
    let mut d = driven();
    let a = d.port.new_af_handle();
    let _ = d.cm_open_af(D, a, &q2931());
    let s = d.port.new_sap_handle();
    assert_eq!(d.cm_register_sap(D, a, s, &sap_desc()), HandlerStatus::SUCCESS);
    assert_eq!(d.pause(P), PauseStatus::Pending);
    assert_eq!(d.halt_ex(P), HaltProgress::WaitForClients);
    // The client tears down in answer to NdisMCmNotifyCloseAddressFamily.
    assert_eq!(d.cm_close_af(D, a), HandlerStatus::Complete(SyncStatus::NOT_ACCEPTED));
    let _ = d.cm_deregister_sap(D, s);
    assert_eq!(d.cm_close_af(D, a), HandlerStatus::SUCCESS);
    d.cm_notify_close_af_complete(D, a, OK);
    assert_eq!(d.halt_ex(P), HaltProgress::Halted);
    let leaks = d.core.pool.leaks();
    d.allocations_at_halt(leaks);
    assert_eq!(d.violations(), &[] as &[Violation]);
    // Nothing may be indicated any more.
    d.in_context(D, |_, up| up.co_indicate_status_ex(D, None, &media_connect()));
    assert_eq!(
        d.violations(),
        &[Violation::UpcallAfterHalt { call: UpcallKind::CoIndicateStatusEx }]
    );
}

#[test]
fn halt_returning_with_an_af_open_is_caught() {
    let mut d = driven();
    let a = d.port.new_af_handle();
    let _ = d.cm_open_af(D, a, &q2931());
    // Forget the AF in the model: halt returns at once.
    d.core.afs.clear();
    assert_eq!(d.halt_ex(P), HaltProgress::Halted);
    assert_eq!(d.violations(), &[Violation::AfOpenAtHalt { af: a }]);
}

#[test]
fn oid_requests_through_the_harness() {
    let mut d = driven();
    let id = d.port.new_oid_request_id();
    let mut buf = [0u8; 8];
    let req = OidRequest {
        id,
        oid: Oid(0x0001_010C),
        request_type: RequestType::Query,
        buffer: OidBuffer::Query(&mut buf),
    };
    let r = d.co_oid_request(D, None, req);
    assert!(matches!(r, OidStatus::Complete(res) if res.bytes_written == 4));
    assert_eq!(&buf[..4], &[0, 0x50, 0xF2, 0]);
    let mut short = [0u8; 2];
    let req = OidRequest {
        id: d.port.new_oid_request_id(),
        oid: Oid(0x0001_010C),
        request_type: RequestType::Query,
        buffer: OidBuffer::Query(&mut short),
    };
    let r = d.co_oid_request(D, None, req);
    assert_eq!(r.status(), NdisStatus::BUFFER_TOO_SHORT);
    assert_eq!(d.violations(), &[] as &[Violation]);
}

#[test]
fn handler_called_at_the_wrong_irql_through_the_harness() {
    let mut d = driven();
    let _ = d.pause(D);
    assert_eq!(
        d.violations()[0],
        Violation::WrongIrql {
            call: Call::Handler(HandlerKind::Pause),
            irql: D,
            rule: IrqlRule::PassiveOnly
        }
    );
}

#[test]
fn reset_pends_and_completes_at_dispatch() {
    let mut d = driven();
    assert_eq!(d.reset_ex(D).status(), NdisStatus::PENDING);
    d.in_context(D, |_, up| up.reset_complete(D, OK, false));
    assert!(!d.check_for_hang_ex(D));
    assert_eq!(d.violations(), &[] as &[Violation]);
}

#[test]
fn port_mints_distinct_handles_and_bounds_its_log() {
    let mut port = HostPort::with_log_capacity(2);
    let a = port.new_af_handle();
    let v = port.new_vc_handle();
    let v2 = port.new_vc_handle();
    assert_ne!(v, v2);
    assert_ne!(a.as_raw(), v.as_raw());
    assert_eq!(port.cm_register_address_family_ex(P, &q2931()), OK);
    for _ in 0..3 {
        port.co_indicate_status_ex(D, None, &media_connect());
    }
    assert_eq!(port.log().len(), 2);
    assert_eq!(port.log_dropped(), 2);
    assert!(matches!(
        port.log()[0],
        Event::Upcall { upcall: Upcall::CmRegisterAddressFamilyEx { .. }, .. }
    ));
}

#[test]
fn port_answers_like_ndis() {
    let mut port = HostPort::new();
    let a = port.new_af_handle();
    port.record(Event::Enter {
        irql: D,
        call: mcm::boundary::host::HandlerCall::CmOpenAf { af: a },
    });
    port.record(Event::Return(mcm::boundary::host::HandlerReturn::Status(OK)));
    let v = port.cm_create_vc(D, a).unwrap();
    // Deactivating an inactive VC: NOT_ACCEPTED (and a violation).
    assert_eq!(port.cm_deactivate_vc(D, v), NdisStatus::NOT_ACCEPTED);
    assert_eq!(port.cm_activate_vc(D, v, &params()), OK);
    // Deleting an active VC: NOT_ACCEPTED.
    assert_eq!(port.cm_delete_vc(D, v), NdisStatus::NOT_ACCEPTED);
    assert_eq!(port.cm_deactivate_vc(D, v), OK);
    assert_eq!(port.cm_delete_vc(D, v), OK);
    port.responses.create_vc = NdisStatus::RESOURCES;
    assert_eq!(port.cm_create_vc(D, a), Err(NdisStatus::RESOURCES));
    assert_eq!(
        port.violations(),
        &[
            Violation::IllegalVcTransition {
                vc: v,
                from: VcState::Created,
                call: Call::Upcall(UpcallKind::CmDeactivateVc)
            },
            Violation::DeleteWhileActive {
                vc: v,
                state: VcState::Active,
                call: Call::Upcall(UpcallKind::CmDeleteVc)
            },
        ]
    );
}
