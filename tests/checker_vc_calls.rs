//! Contract checker, invariants 3 (VC lifecycle), 4 (call ordering) and 5 (parties): one
//! negative test per rule asserting the exact violation, and positive counterparts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/boundary.rs"]
mod common;

use common::*;
use mcm::abi::NdisStatus;
use mcm::boundary::host::{
    Call, CallState, Creator, Event, HandlerCall, HandlerKind, Invariant, Upcall, UpcallKind,
    VcState, Violation,
};

fn connected(s: &mut Script) -> &mut Script {
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None)
}

// ---- invariant 3 ----------------------------------------------------------------------------

#[test]
fn vc_walks_created_active_reactive_deactivating_inactive_deleted() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    assert_eq!(s.checker.vc_state(vc(1)), Some(VcState::Created));
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK });
    assert_eq!(s.checker.vc_state(vc(1)), Some(VcState::Active));
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK }); // re-activation, new parameters
    assert_eq!(s.checker.vc_state(vc(1)), Some(VcState::Active));
    s.dpc(Upcall::CmDeactivateVc { vc: vc(1), result: PEND });
    assert_eq!(s.checker.vc_state(vc(1)), Some(VcState::Deactivating));
    s.dpc(Upcall::CoDeactivateVcComplete { status: OK, vc: vc(1) });
    assert_eq!(s.checker.vc_state(vc(1)), Some(VcState::Inactive));
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK }); // reuse for another call
    s.dpc(Upcall::CmDeactivateVc { vc: vc(1), result: OK });
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    assert_eq!(s.checker.vc_state(vc(1)), None);
    s.assert_clean();
}

#[test]
fn deactivating_an_inactive_vc() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.dpc(Upcall::CmDeactivateVc { vc: vc(1), result: NdisStatus::NOT_ACCEPTED });
    s.assert_only(Violation::IllegalVcTransition {
        vc: vc(1),
        from: VcState::Created,
        call: Call::Upcall(UpcallKind::CmDeactivateVc),
    });
    assert_eq!(s.violations()[0].invariant(), Invariant::VcLifecycle);
}

#[test]
fn miniport_deactivate_of_inactive_vc() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).call(D, HandlerCall::CoDeactivateVc { vc: vc(1) }, OK);
    s.assert_only(Violation::IllegalVcTransition {
        vc: vc(1),
        from: VcState::Created,
        call: Call::Handler(HandlerKind::CoDeactivateVc),
    });
}

#[test]
fn activating_while_deactivating() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK });
    s.dpc(Upcall::CmDeactivateVc { vc: vc(1), result: PEND });
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK });
    s.assert_only(Violation::IllegalVcTransition {
        vc: vc(1),
        from: VcState::Deactivating,
        call: Call::Upcall(UpcallKind::CmActivateVc),
    });
}

#[test]
fn client_deletes_an_active_vc() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK });
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.assert_only(Violation::DeleteWhileActive {
        vc: vc(1),
        state: VcState::Active,
        call: Call::Handler(HandlerKind::CmDeleteVc),
    });
}

#[test]
fn refusing_to_delete_an_active_vc_is_right() {
    let mut s = Script::new();
    connected(&mut s).call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, NdisStatus::NOT_ACCEPTED);
    s.assert_clean();
    assert_eq!(s.checker.vc_state(vc(1)), Some(VcState::Active));
}

#[test]
fn deleting_a_vc_with_a_call() {
    let mut s = Script::new();
    connected(&mut s);
    // The MCM deactivated without closing the call, then the client's delete succeeds.
    s.dpc(Upcall::CmDeactivateVc { vc: vc(1), result: OK });
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.assert_only(Violation::DeleteWithCall {
        vc: vc(1),
        call_state: CallState::Connected,
        call: Call::Handler(HandlerKind::CmDeleteVc),
    });
}

#[test]
fn mcm_deletes_a_client_vc() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.dpc(Upcall::CmDeleteVc { vc: vc(1), result: OK });
    s.assert_only(Violation::DeleteByNonCreator {
        vc: vc(1),
        creator: Creator::Client,
        call: Call::Upcall(UpcallKind::CmDeleteVc),
    });
}

#[test]
fn client_deletes_an_mcm_vc() {
    let mut s = Script::new();
    s.open_af(af(1));
    s.dpc(Upcall::CmCreateVc { af: af(1), result: Ok(vc(9)) });
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(9) }, OK);
    s.assert_only(Violation::DeleteByNonCreator {
        vc: vc(9),
        creator: Creator::Mcm,
        call: Call::Handler(HandlerKind::CmDeleteVc),
    });
}

#[test]
fn mcm_deletes_an_active_vc_of_its_own() {
    let mut s = Script::new();
    s.open_af(af(1));
    s.dpc(Upcall::CmCreateVc { af: af(1), result: Ok(vc(9)) });
    s.dpc(Upcall::CmActivateVc { vc: vc(9), result: OK });
    // NDIS refuses; the attempt is still the core's bug.
    s.dpc(Upcall::CmDeleteVc { vc: vc(9), result: NdisStatus::NOT_ACCEPTED });
    s.assert_only(Violation::DeleteWhileActive {
        vc: vc(9),
        state: VcState::Active,
        call: Call::Upcall(UpcallKind::CmDeleteVc),
    });
    assert_eq!(s.checker.vc_state(vc(9)), Some(VcState::Active));
}

#[test]
fn receive_on_an_inactive_vc() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.dpc(Upcall::CoIndicateReceiveNetBufferLists {
        vc: vc(1),
        nbls: vec![(nbl(1), vc(1))],
        resources: true,
    });
    s.assert_only(Violation::DataWhileNotActive { vc: vc(1), state: VcState::Created });
}

#[test]
fn use_after_delete() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK });
    s.assert_only(Violation::UnknownVc { vc: vc(1), call: Call::Upcall(UpcallKind::CmActivateVc) });
}

#[test]
fn vc_handle_reused_while_alive() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).client_vc(af(1), vc(1));
    s.assert_only(Violation::VcHandleReused { vc: vc(1) });
}

#[test]
fn close_complete_before_deactivate() {
    let mut s = Script::new();
    connected(&mut s).call(D, HandlerCall::CmCloseCall { vc: vc(1), party: None }, PEND);
    s.dpc(Upcall::CmCloseCallComplete { status: OK, vc: vc(1), party: None });
    s.assert_only(Violation::CloseCompleteWhileActive { vc: vc(1) });
}

// ---- invariant 4 ----------------------------------------------------------------------------

#[test]
fn make_call_complete_before_activate() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.call(D, HandlerCall::CmMakeCall { vc: vc(1), party: None }, PEND);
    s.dpc(Upcall::CmMakeCallComplete { status: OK, vc: vc(1), party: None });
    s.assert_only(Violation::MakeCallCompleteBeforeActivate { vc: vc(1), state: VcState::Created });
    assert_eq!(s.violations()[0].invariant(), Invariant::CallOrder);
}

#[test]
fn synchronous_make_call_success_before_activate() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.call(D, HandlerCall::CmMakeCall { vc: vc(1), party: None }, OK);
    s.assert_only(Violation::MakeCallCompleteBeforeActivate { vc: vc(1), state: VcState::Created });
}

#[test]
fn failed_make_call_needs_no_activation() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.call(D, HandlerCall::CmMakeCall { vc: vc(1), party: Some(party(1)) }, PEND);
    s.dpc(Upcall::CmMakeCallComplete {
        status: NdisStatus::DEST_OUT_OF_ORDER,
        vc: vc(1),
        party: Some(party(1)),
    });
    assert_eq!(s.checker.call_state(vc(1)), Some(CallState::Idle));
    // The party handle is invalid after a failed MakeCall; the VC is deleted later.
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.assert_clean();
}

#[test]
fn make_call_on_a_vc_with_a_call() {
    let mut s = Script::new();
    connected(&mut s).call(D, HandlerCall::CmMakeCall { vc: vc(1), party: None }, PEND);
    s.assert_only(Violation::WrongCallState {
        vc: vc(1),
        call_state: CallState::Connected,
        call: Call::Handler(HandlerKind::CmMakeCall),
    });
}

#[test]
fn incoming_call_on_unregistered_sap() {
    let mut s = Script::new();
    s.open_af(af(1));
    s.dispatch_incoming(af(1), sap(1), vc(9), PEND).event(Event::ExitContext);
    s.assert_only(Violation::IncomingCallOnUnregisteredSap { sap: sap(1), vc: vc(9) });
}

#[test]
fn incoming_call_on_deregistered_sap() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1));
    s.call(D, HandlerCall::CmDeregisterSap { sap: sap(1) }, OK);
    s.dispatch_incoming(af(1), sap(1), vc(9), PEND).event(Event::ExitContext);
    s.assert_only(Violation::IncomingCallOnUnregisteredSap { sap: sap(1), vc: vc(9) });
}

#[test]
fn incoming_call_before_activate() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1));
    s.dpc(Upcall::CmCreateVc { af: af(1), result: Ok(vc(9)) });
    s.dpc(Upcall::CmDispatchIncomingCall { sap: sap(1), vc: vc(9), result: PEND });
    s.assert_only(Violation::IncomingCallVcNotReady {
        vc: vc(9),
        creator: Creator::Mcm,
        state: VcState::Created,
    });
}

#[test]
fn incoming_call_on_a_client_vc() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1)).client_vc(af(1), vc(1));
    s.dpc(Upcall::CmActivateVc { vc: vc(1), result: OK });
    s.dpc(Upcall::CmDispatchIncomingCall { sap: sap(1), vc: vc(1), result: PEND });
    s.assert_only(Violation::IncomingCallVcNotReady {
        vc: vc(1),
        creator: Creator::Client,
        state: VcState::Active,
    });
}

#[test]
fn call_connected_without_accept() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1));
    s.dispatch_incoming(af(1), sap(1), vc(9), PEND)
        .up(D, Upcall::CmDispatchCallConnected { vc: vc(9) })
        .event(Event::ExitContext);
    s.assert_only(Violation::CallConnectedWithoutAccept {
        vc: vc(9),
        call_state: CallState::IncomingDispatched,
    });
}

#[test]
fn call_connected_after_reject() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1));
    s.dispatch_incoming(af(1), sap(1), vc(9), PEND).event(Event::ExitContext);
    s.call_void(D, HandlerCall::CmIncomingCallComplete { status: FAIL, vc: vc(9) });
    s.dpc(Upcall::CmDispatchCallConnected { vc: vc(9) });
    s.assert_only(Violation::CallConnectedWithoutAccept {
        vc: vc(9),
        call_state: CallState::IncomingRejected,
    });
}

#[test]
fn rejected_incoming_call_is_torn_down_by_the_mcm() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1));
    s.dispatch_incoming(af(1), sap(1), vc(9), PEND).event(Event::ExitContext);
    s.enter(D, HandlerCall::CmIncomingCallComplete { status: FAIL, vc: vc(9) })
        .up(D, Upcall::CmDeactivateVc { vc: vc(9), result: OK })
        .up(D, Upcall::CmDeleteVc { vc: vc(9), result: OK })
        .ret_void();
    s.assert_clean();
    assert_eq!(s.checker.vc_state(vc(9)), None);
}

#[test]
fn incoming_call_complete_without_dispatch() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.call_void(D, HandlerCall::CmIncomingCallComplete { status: OK, vc: vc(1) });
    s.assert_only(Violation::WrongCallState {
        vc: vc(1),
        call_state: CallState::Idle,
        call: Call::Handler(HandlerKind::CmIncomingCallComplete),
    });
}

// ---- invariant 5 ----------------------------------------------------------------------------

fn multipoint(s: &mut Script) -> &mut Script {
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), Some(party(1)));
    s.call(D, HandlerCall::CmAddParty { vc: vc(1), party: party(2) }, PEND)
        .dpc(Upcall::CmAddPartyComplete { status: OK, party: party(2) })
}

#[test]
fn incoming_drop_of_the_last_party() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), Some(party(1)));
    s.dpc(Upcall::CmDispatchIncomingDropParty { status: OK, party: party(1) });
    s.assert_only(Violation::DropLastParty {
        vc: vc(1),
        party: party(1),
        call: Call::Upcall(UpcallKind::CmDispatchIncomingDropParty),
    });
    assert_eq!(s.violations()[0].invariant(), Invariant::Parties);
}

#[test]
fn incoming_drop_of_a_party_that_is_not_the_last() {
    let mut s = Script::new();
    multipoint(&mut s);
    s.dpc(Upcall::CmDispatchIncomingDropParty { status: OK, party: party(2) });
    s.call(D, HandlerCall::CmDropParty { party: party(2) }, PEND)
        .dpc(Upcall::CmDropPartyComplete { status: OK, party: party(2) });
    s.assert_clean();
}

#[test]
fn client_drops_the_last_party() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), Some(party(1)));
    s.call(D, HandlerCall::CmDropParty { party: party(1) }, PEND);
    s.assert_only(Violation::DropLastParty {
        vc: vc(1),
        party: party(1),
        call: Call::Handler(HandlerKind::CmDropParty),
    });
}

#[test]
fn close_call_with_two_parties_left() {
    let mut s = Script::new();
    multipoint(&mut s);
    s.close_call(vc(1), Some(party(2)));
    s.assert_only(Violation::CloseCallNotLastParty {
        vc: vc(1),
        party: Some(party(2)),
        remaining: 2,
    });
}

#[test]
fn close_call_not_passing_the_last_party() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), Some(party(1)));
    s.close_call(vc(1), None);
    s.assert_only(Violation::CloseCallNotLastParty { vc: vc(1), party: None, remaining: 1 });
}

#[test]
fn unknown_party() {
    let mut s = Script::new();
    s.dpc(Upcall::CmDispatchIncomingDropParty { status: OK, party: party(7) });
    s.assert_only(Violation::UnknownParty {
        party: party(7),
        call: Call::Upcall(UpcallKind::CmDispatchIncomingDropParty),
    });
}

#[test]
fn failed_add_party_leaves_one_party() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), Some(party(1)));
    s.call(D, HandlerCall::CmAddParty { vc: vc(1), party: party(2) }, PEND)
        .dpc(Upcall::CmAddPartyComplete { status: FAIL, party: party(2) });
    s.dpc(Upcall::CmDispatchIncomingDropParty { status: OK, party: party(1) });
    s.assert_only(Violation::DropLastParty {
        vc: vc(1),
        party: party(1),
        call: Call::Upcall(UpcallKind::CmDispatchIncomingDropParty),
    });
}

#[test]
fn refused_close_leaves_the_call_up() {
    let mut s = Script::new();
    connected(&mut s).call(
        D,
        HandlerCall::CmCloseCall { vc: vc(1), party: None },
        NdisStatus::INVALID_DATA,
    );
    assert_eq!(s.checker.call_state(vc(1)), Some(CallState::Connected));
    s.close_call(vc(1), None);
    s.assert_clean();
}

#[test]
fn incoming_call_complete_after_a_synchronous_answer() {
    // NDIS calls CmIncomingCallComplete only when the dispatch returned PENDING.
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1));
    s.dispatch_incoming(af(1), sap(1), vc(9), OK).event(Event::ExitContext);
    s.call_void(D, HandlerCall::CmIncomingCallComplete { status: OK, vc: vc(9) });
    s.assert_only(Violation::WrongCallState {
        vc: vc(9),
        call_state: CallState::IncomingAccepted,
        call: Call::Handler(HandlerKind::CmIncomingCallComplete),
    });
}

#[test]
fn af_closed_with_a_sap_and_a_call() {
    let mut s = Script::new();
    connected(&mut s).register_sap(af(1), sap(1)).close_af(af(1));
    s.assert_only(Violation::AfClosedWithCallsOrSaps { af: af(1), saps: 1, calls: 1 });
}

#[test]
fn af_close_pended_until_calls_and_saps_are_gone() {
    let mut s = Script::new();
    connected(&mut s).register_sap(af(1), sap(1));
    s.call(D, HandlerCall::CmCloseAf { af: af(1) }, PEND);
    s.close_call(vc(1), None).call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.call(D, HandlerCall::CmDeregisterSap { sap: sap(1) }, OK);
    s.dpc(Upcall::CmCloseAddressFamilyComplete { status: OK, af: af(1) });
    s.assert_clean();
}
