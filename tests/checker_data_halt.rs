//! Contract checker, invariants 6 (NBLs), 7 (halt), 8 (registration), MiniportPause's status
//! and OID completions: one negative test per rule asserting the exact violation, and positive
//! counterparts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/boundary.rs"]
mod common;

use common::*;
use mcm::abi::registration::{
    CallManagerOptionalHandlers, MiniportCoCharacteristics, ObjectHeader, RegistrationError,
};
use mcm::abi::NdisStatus;
use mcm::boundary::host::{
    AdapterState, Call, DrainPoint, Event, HandlerCall, HandlerKind, HandlerReturn, Invariant,
    PendingOp, RegistrationDescription, Upcall, UpcallKind, Violation,
};
use mcm::boundary::pool::{Leak, PoolTag};
use mcm::boundary::SendCompletion;

fn active(s: &mut Script) -> &mut Script {
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None)
}

fn send(s: &mut Script, v: u64, ids: &[u64]) {
    s.call_void(
        D,
        HandlerCall::CoSendNetBufferLists {
            vc: vc(v),
            nbls: ids.iter().map(|&n| nbl(n)).collect(),
        },
    );
}

fn complete(s: &mut Script, v: u64, ids: &[u64], status: NdisStatus) {
    s.dpc(Upcall::CoSendNetBufferListsComplete {
        vc: vc(v),
        completions: ids.iter().map(|&n| SendCompletion { id: nbl(n), status }).collect(),
    });
}

fn indicate(s: &mut Script, v: u64, ids: &[u64]) {
    s.dpc(Upcall::CoIndicateReceiveNetBufferLists {
        vc: vc(v),
        nbls: ids.iter().map(|&n| (nbl(n), vc(v))).collect(),
        resources: false,
    });
}

// ---- invariant 6 ----------------------------------------------------------------------------

#[test]
fn sends_completed_once_each() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1, 2, 3]);
    complete(&mut s, 1, &[2], OK);
    complete(&mut s, 1, &[1, 3], NdisStatus::REQUEST_ABORTED);
    s.assert_clean();
    assert_eq!(s.checker.outstanding_nbls(), (0, 0));
}

#[test]
fn send_completed_twice() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    complete(&mut s, 1, &[1], OK);
    complete(&mut s, 1, &[1], OK);
    s.assert_only(Violation::SendCompletionNotOutstanding { vc: vc(1), nbl: nbl(1) });
    assert_eq!(s.violations()[0].invariant(), Invariant::NetBufferLists);
}

#[test]
fn send_completed_that_was_never_sent() {
    let mut s = Script::new();
    active(&mut s);
    complete(&mut s, 1, &[5], OK);
    s.assert_only(Violation::SendCompletionNotOutstanding { vc: vc(1), nbl: nbl(5) });
}

#[test]
fn send_completed_with_pending() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    complete(&mut s, 1, &[1], PEND);
    s.assert_only(Violation::SendCompletedWithPending { nbl: nbl(1) });
}

#[test]
fn send_completed_on_another_vc() {
    let mut s = Script::new();
    active(&mut s).client_vc(af(1), vc(2));
    send(&mut s, 1, &[1]);
    complete(&mut s, 2, &[1], OK);
    s.assert_only(Violation::SendCompletedOnWrongVc {
        nbl: nbl(1),
        sent_on: vc(1),
        completed_on: vc(2),
    });
}

#[test]
fn send_on_inactive_vc_is_completed_with_an_error() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    send(&mut s, 1, &[1]);
    complete(&mut s, 1, &[1], NdisStatus::VC_NOT_ACTIVATED);
    s.assert_clean();
}

#[test]
fn nbl_handed_over_twice() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    send(&mut s, 1, &[1]);
    s.assert_only(Violation::NblInUse { nbl: nbl(1) });
}

#[test]
fn indicated_nbl_with_wrong_source_handle() {
    let mut s = Script::new();
    active(&mut s);
    s.dpc(Upcall::CoIndicateReceiveNetBufferLists {
        vc: vc(1),
        nbls: vec![(nbl(1), vc(2))],
        resources: true,
    });
    s.assert_only(Violation::WrongSourceHandle { nbl: nbl(1), vc: vc(1), source: vc(2) });
}

#[test]
fn receives_indicated_and_returned() {
    let mut s = Script::new();
    active(&mut s);
    indicate(&mut s, 1, &[1, 2]);
    assert_eq!(s.checker.outstanding_nbls(), (0, 2));
    s.call_void(D, HandlerCall::ReturnNetBufferLists { nbls: vec![nbl(2), nbl(1)] });
    s.assert_clean();
    // Indicated with NDIS_RECEIVE_FLAGS_RESOURCES: nothing to return.
    s.dpc(Upcall::CoIndicateReceiveNetBufferLists {
        vc: vc(1),
        nbls: vec![(nbl(3), vc(1))],
        resources: true,
    });
    assert_eq!(s.checker.outstanding_nbls(), (0, 0));
    s.assert_clean();
}

#[test]
fn returned_nbl_that_was_not_indicated() {
    let mut s = Script::new();
    active(&mut s);
    indicate(&mut s, 1, &[1]);
    s.call_void(D, HandlerCall::ReturnNetBufferLists { nbls: vec![nbl(1), nbl(1)] });
    s.assert_only(Violation::ReturnedNotIndicated { nbl: nbl(1) });
}

#[test]
fn outstanding_send_at_deactivate() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    s.dpc(Upcall::CmDeactivateVc { vc: vc(1), result: OK });
    s.assert_only(Violation::OutstandingAt {
        point: DrainPoint::Deactivate(vc(1)),
        sends: 1,
        receives: 0,
    });
}

#[test]
fn outstanding_receive_at_deactivate_complete() {
    let mut s = Script::new();
    active(&mut s);
    indicate(&mut s, 1, &[1]);
    s.call(D, HandlerCall::CoDeactivateVc { vc: vc(1) }, PEND);
    s.dpc(Upcall::CoDeactivateVcComplete { status: OK, vc: vc(1) });
    s.assert_only(Violation::OutstandingAt {
        point: DrainPoint::Deactivate(vc(1)),
        sends: 0,
        receives: 1,
    });
}

#[test]
fn other_vcs_traffic_does_not_block_a_deactivate() {
    let mut s = Script::new();
    active(&mut s).client_vc(af(1), vc(2)).make_call(vc(2), None);
    send(&mut s, 2, &[1]);
    s.dpc(Upcall::CmDeactivateVc { vc: vc(1), result: OK });
    s.assert_clean();
}

#[test]
fn send_completions_drain_a_pending_deactivate() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    s.call(D, HandlerCall::CoDeactivateVc { vc: vc(1) }, PEND);
    complete(&mut s, 1, &[1], NdisStatus::REQUEST_ABORTED);
    s.dpc(Upcall::CoDeactivateVcComplete { status: OK, vc: vc(1) });
    s.assert_clean();
}

#[test]
fn outstanding_at_pause() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    s.call(P, HandlerCall::Pause, OK);
    s.assert_only(Violation::OutstandingAt { point: DrainPoint::Pause, sends: 1, receives: 0 });
}

#[test]
fn pause_drains_then_completes() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    indicate(&mut s, 1, &[2]);
    s.call(P, HandlerCall::Pause, PEND);
    assert_eq!(s.checker.adapter_state(), AdapterState::Pausing);
    complete(&mut s, 1, &[1], NdisStatus::PAUSED);
    s.call_void(D, HandlerCall::ReturnNetBufferLists { nbls: vec![nbl(2)] });
    s.dpc(Upcall::PauseComplete);
    assert_eq!(s.checker.adapter_state(), AdapterState::Paused);
    // Sends while paused are rejected with NDIS_STATUS_PAUSED.
    send(&mut s, 1, &[3]);
    complete(&mut s, 1, &[3], NdisStatus::PAUSED);
    s.call(P, HandlerCall::Restart, PEND).dpc(Upcall::RestartComplete { status: OK });
    assert_eq!(s.checker.adapter_state(), AdapterState::Running);
    s.assert_clean();
}

#[test]
fn receive_while_paused() {
    let mut s = Script::new();
    active(&mut s).call(P, HandlerCall::Pause, OK);
    s.dpc(Upcall::CoIndicateReceiveNetBufferLists {
        vc: vc(1),
        nbls: vec![(nbl(1), vc(1))],
        resources: true,
    });
    s.assert_only(Violation::ReceiveWhilePaused { vc: vc(1) });
}

// ---- MiniportPause's status, adapter transitions ---------------------------------------------

#[test]
fn pause_returning_failure() {
    let mut s = Script::new();
    s.call(P, HandlerCall::Pause, FAIL);
    s.assert_only(Violation::PauseStatus { status: FAIL });
    assert_eq!(s.violations()[0].invariant(), Invariant::PauseStatus);
}

#[test]
fn restart_while_running() {
    let mut s = Script::new();
    s.call(P, HandlerCall::Restart, OK);
    s.assert_only(Violation::IllegalAdapterTransition {
        from: AdapterState::Running,
        call: Call::Handler(HandlerKind::Restart),
    });
}

// ---- OID completions ---------------------------------------------------------------------------

fn miniport_oid(s: &mut Script, id: u64, len: usize, status: NdisStatus, written: u32) {
    s.enter(D, HandlerCall::CoOidRequest { vc: None, request: oid(id), buffer_len: len });
    s.event(Event::Return(HandlerReturn::Oid { status, bytes_written: written }));
}

#[test]
fn synchronous_oid_bytes_written_beyond_buffer() {
    let mut s = Script::new();
    miniport_oid(&mut s, 1, 4, OK, 8);
    s.assert_only(Violation::OidBytesWrittenTooLarge {
        request: oid(1),
        written: 8,
        buffer_len: 4,
    });
    assert_eq!(s.violations()[0].invariant(), Invariant::OidCompletion);
}

#[test]
fn pended_oid_bytes_written_beyond_buffer() {
    let mut s = Script::new();
    miniport_oid(&mut s, 1, 4, PEND, 0);
    s.dpc(Upcall::CoOidRequestComplete { vc: None, request: oid(1), status: OK, bytes_written: 6 });
    s.assert_only(Violation::OidBytesWrittenTooLarge {
        request: oid(1),
        written: 6,
        buffer_len: 4,
    });
}

#[test]
fn oid_completed_twice() {
    let mut s = Script::new();
    miniport_oid(&mut s, 1, 4, PEND, 0);
    s.dpc(Upcall::CoOidRequestComplete { vc: None, request: oid(1), status: OK, bytes_written: 4 });
    s.dpc(Upcall::CoOidRequestComplete { vc: None, request: oid(1), status: OK, bytes_written: 4 });
    s.assert_only(Violation::CompletionNotPending {
        call: Call::Upcall(UpcallKind::CoOidRequestComplete),
        op: PendingOp::MiniportOid(oid(1)),
    });
}

#[test]
fn oid_completed_that_is_not_pending() {
    let mut s = Script::new();
    miniport_oid(&mut s, 1, 4, OK, 4);
    s.dpc(Upcall::CoOidRequestComplete { vc: None, request: oid(1), status: OK, bytes_written: 4 });
    s.assert_only(Violation::CompletionNotPending {
        call: Call::Upcall(UpcallKind::CoOidRequestComplete),
        op: PendingOp::MiniportOid(oid(1)),
    });
}

#[test]
fn oid_completed_with_pending() {
    let mut s = Script::new();
    s.open_af(af(1));
    s.af_oid(af(1), oid(2), 312, PEND, 0);
    s.dpc(Upcall::CmOidRequestComplete {
        af: af(1),
        request: oid(2),
        status: PEND,
        bytes_written: 0,
    });
    s.assert_only(Violation::CompletedWithPending {
        call: UpcallKind::CmOidRequestComplete,
        op: Some(PendingOp::CmOid(oid(2))),
    });
}

#[test]
fn oid_request_id_reused_while_pending() {
    let mut s = Script::new();
    miniport_oid(&mut s, 1, 4, PEND, 0);
    miniport_oid(&mut s, 1, 4, PEND, 0);
    assert_eq!(
        s.violations(),
        &[
            Violation::OidRequestReused { request: oid(1) },
            Violation::AlreadyPending { op: PendingOp::MiniportOid(oid(1)) },
        ]
    );
}

#[test]
fn client_oid_completion_without_request() {
    let mut s = Script::new();
    s.open_af(af(1));
    s.call_void(D, HandlerCall::CmOidRequestComplete { af: af(1), request: oid(3), status: OK });
    s.assert_only(Violation::CompletionNotPending {
        call: Call::Handler(HandlerKind::CmOidRequestComplete),
        op: PendingOp::ClientOid(oid(3)),
    });
}

#[test]
fn mcm_oid_to_client_and_back() {
    let mut s = Script::new();
    s.open_af(af(1));
    s.dpc(Upcall::CmOidRequest { af: af(1), request: oid(3), result: PEND });
    s.call_void(D, HandlerCall::CmOidRequestComplete { af: af(1), request: oid(3), status: OK });
    s.assert_clean();
}

// ---- invariant 7 ----------------------------------------------------------------------------

#[test]
fn af_open_at_halt() {
    let mut s = Script::new();
    s.open_af(af(1)).halt();
    s.assert_only(Violation::AfOpenAtHalt { af: af(1) });
    assert_eq!(s.violations()[0].invariant(), Invariant::Halt);
}

#[test]
fn vc_alive_at_halt() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).call(D, HandlerCall::CmCloseAf { af: af(1) }, OK);
    s.halt();
    s.assert_only(Violation::VcAtHalt { vc: vc(1) });
}

#[test]
fn outstanding_at_halt() {
    let mut s = Script::new();
    s.call_void(D, HandlerCall::CoSendNetBufferLists { vc: vc(1), nbls: vec![nbl(1)] });
    s.halt();
    s.assert_only(Violation::OutstandingAt { point: DrainPoint::Halt, sends: 1, receives: 0 });
}

#[test]
fn status_indication_after_halt() {
    let mut s = Script::new();
    s.halt();
    s.dpc(Upcall::CoIndicateStatusEx { vc: None, code: NdisStatus(0x4001_000C) });
    s.assert_only(Violation::UpcallAfterHalt { call: UpcallKind::CoIndicateStatusEx });
}

#[test]
fn handler_after_halt() {
    let mut s = Script::new();
    s.halt().call(D, HandlerCall::CheckForHangEx, OK);
    s.assert_only(Violation::HandlerAfterHalt { call: HandlerKind::CheckForHangEx });
}

#[test]
fn leaks_at_halt_by_tag() {
    let mut s = Script::new();
    s.halt();
    let tag = PoolTag(*b"McVc");
    s.event(Event::AllocationsAtHalt(vec![Leak { tag, count: 2, bytes: 512 }]));
    s.assert_only(Violation::Leak { tag, count: 2, bytes: 512 });
}

#[test]
fn halt_sequence_closes_afs_first() {
    let mut s = Script::new();
    s.open_af(af(1)).open_af(af(2)).call(P, HandlerCall::Pause, OK);
    // First step: notify every AF (PASSIVE), wait for the clients.
    s.enter(P, HandlerCall::HaltEx)
        .up(P, Upcall::CmNotifyCloseAddressFamily { af: af(1), result: PEND })
        .up(P, Upcall::CmNotifyCloseAddressFamily { af: af(2), result: PEND })
        .event(Event::Return(HandlerReturn::Halt(mcm::boundary::HaltProgress::WaitForClients)));
    for a in [af(1), af(2)] {
        s.call(D, HandlerCall::CmCloseAf { af: a }, OK)
            .call_void(D, HandlerCall::CmNotifyCloseAfComplete { af: a, status: OK });
    }
    s.halt().event(Event::AllocationsAtHalt(vec![]));
    s.assert_clean();
    assert_eq!(s.checker.adapter_state(), AdapterState::Halted);
}

// ---- invariant 8 ----------------------------------------------------------------------------

fn good_registration() -> RegistrationDescription {
    let mut cm_handlers = [0u64; 17];
    for (i, h) in cm_handlers.iter_mut().enumerate() {
        *h = 0x1000 + 0x10 * i as u64;
    }
    RegistrationDescription {
        co: MiniportCoCharacteristics {
            header: MiniportCoCharacteristics::HEADER,
            flags: 0,
            handlers: [0, 0, 0x2000, 0x2010, 0x2020, 0x2030],
        },
        cm: CallManagerOptionalHandlers {
            header: CallManagerOptionalHandlers::HEADER,
            reserved: 0,
            handlers: cm_handlers,
        },
    }
}

#[test]
fn correct_registration() {
    let mut s = Script::new();
    s.event(Event::Registration(good_registration()));
    s.assert_clean();
}

#[test]
fn co_create_vc_must_be_null() {
    let mut r = good_registration();
    r.co.handlers[0] = 0x3000;
    let mut s = Script::new();
    s.event(Event::Registration(r));
    s.assert_only(Violation::Registration(RegistrationError::MustBeNull("CoCreateVcHandler")));
    assert_eq!(s.violations()[0].invariant(), Invariant::Registration);
    let mut r = good_registration();
    r.co.handlers[1] = 0x3000;
    let mut s = Script::new();
    s.event(Event::Registration(r));
    s.assert_only(Violation::Registration(RegistrationError::MustBeNull("CoDeleteVcHandler")));
}

#[test]
fn every_cm_handler_must_be_set() {
    let mut r = good_registration();
    r.cm.handlers[16] = 0;
    let mut s = Script::new();
    s.event(Event::Registration(r));
    s.assert_only(Violation::Registration(RegistrationError::MissingHandler(
        "CmNotifyCloseAfCompleteHandler",
    )));
}

#[test]
fn cm_oid_request_must_differ_from_miniport_co_oid_request() {
    let mut r = good_registration();
    r.cm.handlers[14] = r.co.handlers[5];
    let mut s = Script::new();
    s.event(Event::Registration(r));
    s.assert_only(Violation::Registration(RegistrationError::SharedOidHandler));
}

#[test]
fn object_headers_checked() {
    let mut r = good_registration();
    let bad = ObjectHeader { object_type: 0xA5, revision: 1, size: 144 };
    r.cm.header = bad;
    let mut s = Script::new();
    s.event(Event::Registration(r));
    s.assert_only(Violation::Registration(RegistrationError::BadHeader {
        found: bad,
        expected: CallManagerOptionalHandlers::HEADER,
    }));
    let mut r = good_registration();
    let bad = ObjectHeader { object_type: 0x91, revision: 2, size: 56 };
    r.co.header = bad;
    let mut s = Script::new();
    s.event(Event::Registration(r));
    s.assert_only(Violation::Registration(RegistrationError::BadHeader {
        found: bad,
        expected: MiniportCoCharacteristics::HEADER,
    }));
}

#[test]
fn violations_display_their_invariant() {
    let v = Violation::AfOpenAtHalt { af: af(1) };
    assert_eq!(
        v.to_string(),
        "condis-reference §7 invariant 7: AfOpenAtHalt { af: NdisAfHandle(0xaf000001) }"
    );
}

// ---- data only while active; quiescence -------------------------------------------------------

#[test]
fn send_on_inactive_vc_completed_with_success() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    send(&mut s, 1, &[1]);
    complete(&mut s, 1, &[1], OK);
    s.assert_only(Violation::SendSucceededWithoutActiveVc { vc: vc(1), nbl: nbl(1) });
    assert_eq!(s.violations()[0].invariant(), Invariant::VcLifecycle);
}

#[test]
fn send_while_paused_completed_with_success() {
    let mut s = Script::new();
    active(&mut s).call(P, HandlerCall::Pause, OK);
    send(&mut s, 1, &[1]);
    complete(&mut s, 1, &[1], OK);
    s.assert_only(Violation::SendSucceededWithoutActiveVc { vc: vc(1), nbl: nbl(1) });
}

#[test]
fn quiescence_requires_nothing_pending() {
    let mut s = Script::new();
    active(&mut s);
    send(&mut s, 1, &[1]);
    s.call(D, HandlerCall::CmModifyCallQoS { vc: vc(1) }, PEND);
    s.event(Event::Quiescent);
    assert_eq!(
        s.violations(),
        &[
            Violation::StillPending { op: PendingOp::ModifyCallQoS(vc(1)) },
            Violation::OutstandingAt { point: DrainPoint::Quiescent, sends: 1, receives: 0 },
        ]
    );
    let mut s = Script::new();
    active(&mut s).event(Event::Quiescent);
    s.assert_clean();
}
