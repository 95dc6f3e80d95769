//! The legal CoNDIS sequences of condis-reference.md §4 as recorded event streams: the
//! contract checker must accept every one of them. Plus replay and a property test over
//! random send/complete interleavings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/boundary.rs"]
mod common;

use common::*;
use mcm::abi::NdisStatus;
use mcm::boundary::host::{
    CallState, ContractChecker, Event, HandlerCall, HandlerReturn, Upcall, VcState, Violation,
};
use mcm::boundary::{HaltProgress, SendCompletion};
use proptest::prelude::*;

extern crate alloc;
use alloc::collections::btree_map::{BTreeMap, Entry};

#[test]
fn af_open_address_change_and_close() {
    let mut s = Script::new();
    s.up(P, Upcall::CmRegisterAddressFamilyEx { result: OK });
    // CmOpenAf pends; the CM completes, then tells the client its addresses changed.
    s.call(D, HandlerCall::CmOpenAf { af: af(1) }, PEND);
    s.event(Event::EnterContext { irql: D })
        .up(D, Upcall::CmOpenAddressFamilyComplete { status: OK, af: af(1) })
        .up(D, Upcall::CmOidRequest { af: af(1), request: oid(1), result: PEND })
        .event(Event::ExitContext);
    s.call_void(D, HandlerCall::CmOidRequestComplete { af: af(1), request: oid(1), status: OK });
    // The client queries OID_CO_GET_ADDRESSES on its AF.
    s.af_oid(af(1), oid(2), 64, OK, 36);
    // Client close with no calls or SAPs: synchronous.
    s.close_af(af(1));
    s.assert_clean();
}

#[test]
fn outgoing_call_send_receive_and_client_close() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None);
    assert_eq!(s.checker.call_state(vc(1)), Some(CallState::Connected));
    s.call_void(D, HandlerCall::CoSendNetBufferLists { vc: vc(1), nbls: vec![nbl(1), nbl(2)] });
    s.dpc(Upcall::CoSendNetBufferListsComplete {
        vc: vc(1),
        completions: vec![
            SendCompletion { id: nbl(1), status: OK },
            SendCompletion { id: nbl(2), status: OK },
        ],
    });
    s.dpc(Upcall::CoIndicateReceiveNetBufferLists {
        vc: vc(1),
        nbls: vec![(nbl(10), vc(1))],
        resources: false,
    });
    s.call_void(D, HandlerCall::ReturnNetBufferLists { nbls: vec![nbl(10)] });
    s.close_call(vc(1), None);
    assert_eq!(s.checker.vc_state(vc(1)), Some(VcState::Inactive));
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK).close_af(af(1));
    s.assert_clean();
}

#[test]
fn outgoing_call_with_negotiated_parameters_reuses_the_vc() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None).close_call(vc(1), None);
    // A deactivated VC may carry another call.
    s.make_call(vc(1), None).close_call(vc(1), None);
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.assert_clean();
}

#[test]
fn incoming_call_accepted_then_remote_close() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1)).incoming_call(af(1), sap(1), vc(9));
    assert_eq!(s.checker.call_state(vc(9)), Some(CallState::Connected));
    // RELEASE from the network.
    s.dpc(Upcall::CmDispatchIncomingCloseCall { status: OK, vc: vc(9) });
    // Client answers with NdisClCloseCall → CmCloseCall → deactivate → complete.
    s.close_call(vc(9), None);
    // The MCM created the VC: the MCM deletes it.
    s.dpc(Upcall::CmDeleteVc { vc: vc(9), result: OK });
    s.call(D, HandlerCall::CmDeregisterSap { sap: sap(1) }, OK).close_af(af(1));
    s.assert_clean();
}

#[test]
fn incoming_call_accepted_synchronously() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1));
    s.dispatch_incoming(af(1), sap(1), vc(9), OK)
        .up(D, Upcall::CmDispatchCallConnected { vc: vc(9) })
        .event(Event::ExitContext);
    s.assert_clean();
}

#[test]
fn calls_survive_sap_deregistration() {
    let mut s = Script::new();
    s.open_af(af(1)).register_sap(af(1), sap(1)).incoming_call(af(1), sap(1), vc(9));
    s.call(D, HandlerCall::CmDeregisterSap { sap: sap(1) }, PEND)
        .dpc(Upcall::CmDeregisterSapComplete { status: OK, sap: sap(1) });
    s.call_void(D, HandlerCall::CoSendNetBufferLists { vc: vc(9), nbls: vec![nbl(1)] });
    s.dpc(Upcall::CoSendNetBufferListsComplete {
        vc: vc(9),
        completions: vec![SendCompletion { id: nbl(1), status: OK }],
    });
    s.assert_clean();
}

#[test]
fn mcm_initiated_close_on_link_failure() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None);
    s.event(Event::EnterContext { irql: D })
        .up(D, Upcall::CoIndicateStatusEx { vc: None, code: NdisStatus(0x4001_000C) })
        .up(D, Upcall::CmDispatchIncomingCloseCall { status: NdisStatus::FAILURE, vc: vc(1) })
        .event(Event::ExitContext);
    s.close_call(vc(1), None).call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.assert_clean();
}

#[test]
fn pvc_add_make_call_and_delete() {
    let mut s = Script::new();
    s.open_af(af(1));
    // OID_CO_ADD_PVC on the AF (SET, CO_PVC + Q2931_ADD_PVC).
    s.af_oid(af(1), oid(1), 312, OK, 0);
    // NdisClMakeCall with PERMANENT_VC: no signaling; activate then complete.
    s.client_vc(af(1), vc(1));
    s.enter(D, HandlerCall::CmMakeCall { vc: vc(1), party: None })
        .up(D, Upcall::CmActivateVc { vc: vc(1), result: OK })
        .up(D, Upcall::CmMakeCallComplete { status: OK, vc: vc(1), party: None })
        .ret(PEND);
    // OID_CO_DELETE_PVC while in a call → CALL_ACTIVE, pended and completed.
    s.af_oid(af(1), oid(2), 24, PEND, 0);
    s.dpc(Upcall::CmOidRequestComplete {
        af: af(1),
        request: oid(2),
        status: NdisStatus::CALL_ACTIVE,
        bytes_written: 0,
    });
    s.close_call(vc(1), None).call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.assert_clean();
}

#[test]
fn point_to_multipoint_add_drop_close() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), Some(party(1)));
    for p in [2, 3] {
        s.call(D, HandlerCall::CmAddParty { vc: vc(1), party: party(p) }, PEND)
            .dpc(Upcall::CmAddPartyComplete { status: OK, party: party(p) });
    }
    // Remote drop of party 3 (not the last), then the client drops it.
    s.dpc(Upcall::CmDispatchIncomingDropParty { status: OK, party: party(3) });
    s.call(D, HandlerCall::CmDropParty { party: party(3) }, PEND)
        .dpc(Upcall::CmDropPartyComplete { status: OK, party: party(3) });
    // Client drops party 1; party 2 is the last and goes with the call.
    s.call(D, HandlerCall::CmDropParty { party: party(1) }, PEND)
        .dpc(Upcall::CmDropPartyComplete { status: OK, party: party(1) });
    s.close_call(vc(1), Some(party(2)));
    s.call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK);
    s.assert_clean();
}

#[test]
fn qos_change_local_and_remote() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None);
    // Local: CmModifyCallQoS → MODIFY → NdisMCmActivateVc(new) → complete.
    s.call(D, HandlerCall::CmModifyCallQoS { vc: vc(1) }, PEND);
    s.event(Event::EnterContext { irql: D })
        .up(D, Upcall::CmActivateVc { vc: vc(1), result: OK })
        .up(D, Upcall::CmModifyCallQoSComplete { status: OK, vc: vc(1) })
        .event(Event::ExitContext);
    // Failed local change: FAILURE returned synchronously, prior state kept.
    s.call(D, HandlerCall::CmModifyCallQoS { vc: vc(1) }, NdisStatus::FAILURE);
    // Remote: NdisMCmActivateVc(modified) → NdisMCmDispatchIncomingCallQoSChange.
    s.event(Event::EnterContext { irql: D })
        .up(D, Upcall::CmActivateVc { vc: vc(1), result: OK })
        .up(D, Upcall::CmDispatchIncomingCallQoSChange { vc: vc(1) })
        .event(Event::ExitContext);
    s.assert_clean();
}

#[test]
fn pause_restart_with_calls_persisting() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None);
    s.enter(P, HandlerCall::Pause).up(P, Upcall::PauseComplete).ret(PEND);
    s.call(P, HandlerCall::Restart, OK);
    assert_eq!(s.checker.call_state(vc(1)), Some(CallState::Connected));
    s.dpc(Upcall::CoIndicateReceiveNetBufferLists {
        vc: vc(1),
        nbls: vec![(nbl(1), vc(1))],
        resources: true,
    });
    s.assert_clean();
}

#[test]
fn reset_aborts_queued_sends() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None);
    s.call_void(D, HandlerCall::CoSendNetBufferLists { vc: vc(1), nbls: vec![nbl(1)] });
    s.enter(D, HandlerCall::ResetEx)
        .up(
            D,
            Upcall::CoSendNetBufferListsComplete {
                vc: vc(1),
                completions: vec![SendCompletion {
                    id: nbl(1),
                    status: NdisStatus::REQUEST_ABORTED,
                }],
            },
        )
        .ret(PEND);
    s.dpc(Upcall::ResetComplete { status: OK });
    s.call(D, HandlerCall::CheckForHangEx, OK);
    s.assert_clean();
}

#[test]
fn full_halt() {
    let mut s = Script::new();
    s.up(P, Upcall::CmRegisterAddressFamilyEx { result: OK });
    s.open_af(af(1)).register_sap(af(1), sap(1)).incoming_call(af(1), sap(1), vc(9));
    s.call(P, HandlerCall::Pause, OK);
    s.enter(P, HandlerCall::HaltEx)
        .up(P, Upcall::CmNotifyCloseAddressFamily { af: af(1), result: PEND })
        .event(Event::Return(HandlerReturn::Halt(HaltProgress::WaitForClients)));
    // The client tears down: close the call, deregister, close the AF.
    s.close_call(vc(9), None);
    s.dpc(Upcall::CmDeleteVc { vc: vc(9), result: OK });
    s.call(D, HandlerCall::CmDeregisterSap { sap: sap(1) }, OK)
        .call(D, HandlerCall::CmCloseAf { af: af(1) }, PEND)
        .dpc(Upcall::CmCloseAddressFamilyComplete { status: OK, af: af(1) })
        .call_void(D, HandlerCall::CmNotifyCloseAfComplete { af: af(1), status: OK });
    s.halt().event(Event::AllocationsAtHalt(vec![]));
    s.assert_clean();
}

#[test]
fn replaying_a_log_gives_the_same_verdict() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.call(D, HandlerCall::CmMakeCall { vc: vc(1), party: None }, PEND);
    s.dpc(Upcall::CmMakeCallComplete { status: OK, vc: vc(1), party: None });
    s.halt();
    assert!(!s.violations().is_empty());
    let mut replay = ContractChecker::new();
    for e in &s.events {
        replay.on_event(e);
    }
    assert_eq!(replay.violations(), s.violations());
}

#[derive(Debug, Clone)]
enum Step {
    Send(u8, u8),
    Complete(u8, u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..2, 0u8..6).prop_map(|(v, n)| Step::Send(v, n)),
        (0u8..2, 0u8..6).prop_map(|(v, n)| Step::Complete(v, n)),
    ]
}

proptest! {
    /// Over any interleaving of sends and completions on two VCs, the checker reports exactly
    /// the completions a reference model says are wrong, and the sends handed over twice.
    #[test]
    fn send_completion_matches_a_reference_model(steps in proptest::collection::vec(step(), 0..40)) {
        let mut s = Script::new();
        s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None)
            .client_vc(af(1), vc(2)).make_call(vc(2), None);
        let mut model: BTreeMap<u8, u8> = BTreeMap::new();
        let mut expected = Vec::new();
        for st in steps {
            match st {
                Step::Send(v, n) => {
                    if let Entry::Vacant(e) = model.entry(n) {
                        e.insert(v);
                    } else {
                        expected.push(Violation::NblInUse { nbl: nbl(n.into()) });
                    }
                    s.call_void(D, HandlerCall::CoSendNetBufferLists {
                        vc: vc(v as u64 + 1),
                        nbls: vec![nbl(n.into())],
                    });
                }
                Step::Complete(v, n) => {
                    match model.remove(&n) {
                        None => expected.push(Violation::SendCompletionNotOutstanding {
                            vc: vc(v as u64 + 1),
                            nbl: nbl(n.into()),
                        }),
                        Some(sent) if sent != v => expected.push(Violation::SendCompletedOnWrongVc {
                            nbl: nbl(n.into()),
                            sent_on: vc(sent as u64 + 1),
                            completed_on: vc(v as u64 + 1),
                        }),
                        Some(_) => {}
                    }
                    s.dpc(Upcall::CoSendNetBufferListsComplete {
                        vc: vc(v as u64 + 1),
                        completions: vec![SendCompletion { id: nbl(n.into()), status: OK }],
                    });
                }
            }
        }
        prop_assert_eq!(s.violations(), expected.as_slice());
        prop_assert_eq!(s.checker.outstanding_nbls(), (model.len(), 0));
    }
}
