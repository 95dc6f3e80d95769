//! Contract checker, invariants 1 (IRQL) and 2 (pending/completion): one negative test per
//! rule asserting the exact violation, and positive counterparts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/boundary.rs"]
mod common;

use common::*;
use mcm::abi::NdisStatus;
use mcm::boundary::host::{
    Call, Event, HandlerCall, HandlerKind, HandlerReturn, Invariant, IrqlRule, PendingOp, Upcall,
    UpcallKind, Violation,
};

// ---- invariant 1 ----------------------------------------------------------------------------

#[test]
fn pause_at_dispatch_is_wrong_irql() {
    let mut s = Script::new();
    s.call(D, HandlerCall::Pause, OK);
    s.assert_only(Violation::WrongIrql {
        call: Call::Handler(HandlerKind::Pause),
        irql: D,
        rule: IrqlRule::PassiveOnly,
    });
    assert_eq!(s.violations()[0].invariant(), Invariant::Irql);
    assert_eq!(s.violations()[0].invariant().number(), 1);
}

#[test]
fn halt_and_restart_at_dispatch_are_wrong_irql() {
    let mut s = Script::new();
    s.call(P, HandlerCall::Pause, OK).call(D, HandlerCall::Restart, OK);
    s.assert_only(Violation::WrongIrql {
        call: Call::Handler(HandlerKind::Restart),
        irql: D,
        rule: IrqlRule::PassiveOnly,
    });
    let mut s = Script::new();
    s.enter(D, HandlerCall::HaltEx)
        .event(Event::Return(HandlerReturn::Halt(mcm::boundary::HaltProgress::Halted)));
    s.assert_only(Violation::WrongIrql {
        call: Call::Handler(HandlerKind::HaltEx),
        irql: D,
        rule: IrqlRule::PassiveOnly,
    });
}

#[test]
fn notify_close_af_at_dispatch_is_wrong_irql() {
    let mut s = Script::new();
    s.open_af(af(1));
    s.dpc(Upcall::CmNotifyCloseAddressFamily { af: af(1), result: PEND });
    s.assert_only(Violation::WrongIrql {
        call: Call::Upcall(UpcallKind::CmNotifyCloseAddressFamily),
        irql: D,
        rule: IrqlRule::PassiveOnly,
    });
}

#[test]
fn register_af_at_dispatch_is_wrong_irql() {
    let mut s = Script::new();
    s.up(D, Upcall::CmRegisterAddressFamilyEx { result: OK });
    s.assert_only(Violation::WrongIrql {
        call: Call::Upcall(UpcallKind::CmRegisterAddressFamilyEx),
        irql: D,
        rule: IrqlRule::PassiveOnly,
    });
    let mut ok = Script::new();
    ok.up(P, Upcall::CmRegisterAddressFamilyEx { result: OK });
    ok.assert_clean();
}

#[test]
fn reset_complete_at_passive_is_wrong_irql() {
    let mut s = Script::new();
    s.call(D, HandlerCall::ResetEx, PEND);
    s.up(P, Upcall::ResetComplete { status: OK });
    s.assert_only(Violation::WrongIrql {
        call: Call::Upcall(UpcallKind::ResetComplete),
        irql: P,
        rule: IrqlRule::DispatchOnly,
    });
}

#[test]
fn upcall_below_the_handler_irql() {
    let mut s = Script::new();
    s.enter(D, HandlerCall::CmOpenAf { af: af(1) });
    s.up(P, Upcall::CmOpenAddressFamilyComplete { status: OK, af: af(1) });
    s.ret(PEND);
    s.assert_only(Violation::IrqlBelowCaller {
        call: UpcallKind::CmOpenAddressFamilyComplete,
        claimed: P,
        current: D,
    });
}

#[test]
fn upcall_below_the_dpc_irql() {
    let mut s = Script::new();
    s.call(D, HandlerCall::ResetEx, PEND);
    s.event(Event::EnterContext { irql: D });
    s.up(P, Upcall::ResetComplete { status: OK });
    s.event(Event::ExitContext);
    assert_eq!(
        s.violations(),
        &[
            Violation::WrongIrql {
                call: Call::Upcall(UpcallKind::ResetComplete),
                irql: P,
                rule: IrqlRule::DispatchOnly
            },
            Violation::IrqlBelowCaller { call: UpcallKind::ResetComplete, claimed: P, current: D },
        ]
    );
}

#[test]
fn raising_irql_inside_a_passive_handler_is_fine() {
    let mut s = Script::new();
    s.enter(P, HandlerCall::Pause);
    s.up(D, Upcall::PauseComplete); // under a spin lock
    s.ret(PEND);
    s.up(P, Upcall::CmRegisterAddressFamilyEx { result: OK });
    s.assert_clean();
}

// ---- invariant 2 ----------------------------------------------------------------------------

#[test]
fn double_completion() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).make_call(vc(1), None);
    s.dpc(Upcall::CmMakeCallComplete { status: OK, vc: vc(1), party: None });
    s.assert_only(Violation::CompletionNotPending {
        call: Call::Upcall(UpcallKind::CmMakeCallComplete),
        op: PendingOp::MakeCall(vc(1)),
    });
    assert_eq!(s.violations()[0].invariant(), Invariant::Completion);
}

#[test]
fn completion_after_synchronous_return() {
    let mut s = Script::new();
    s.call(D, HandlerCall::CmOpenAf { af: af(1) }, OK);
    s.dpc(Upcall::CmOpenAddressFamilyComplete { status: OK, af: af(1) });
    s.assert_only(Violation::CompletionNotPending {
        call: Call::Upcall(UpcallKind::CmOpenAddressFamilyComplete),
        op: PendingOp::OpenAf(af(1)),
    });
}

#[test]
fn completion_with_pending_status() {
    let mut s = Script::new();
    s.call(D, HandlerCall::CmOpenAf { af: af(1) }, PEND);
    s.dpc(Upcall::CmOpenAddressFamilyComplete { status: PEND, af: af(1) });
    s.assert_only(Violation::CompletedWithPending {
        call: UpcallKind::CmOpenAddressFamilyComplete,
        op: Some(PendingOp::OpenAf(af(1))),
    });
    // The operation is still pending: a proper completion is accepted.
    s.dpc(Upcall::CmOpenAddressFamilyComplete { status: OK, af: af(1) });
    assert_eq!(s.violations().len(), 1);
}

#[test]
fn create_vc_must_not_pend() {
    let mut s = Script::new();
    s.open_af(af(1)).call(D, HandlerCall::CmCreateVc { af: af(1), vc: vc(1) }, PEND);
    s.assert_only(Violation::MustNotPend { handler: HandlerKind::CmCreateVc });
}

#[test]
fn delete_vc_must_not_pend() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1)).call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, PEND);
    s.assert_only(Violation::MustNotPend { handler: HandlerKind::CmDeleteVc });
}

#[test]
fn completing_inside_the_handler_then_pending_is_one_completion() {
    let mut s = Script::new();
    s.enter(D, HandlerCall::CmOpenAf { af: af(1) });
    s.up(D, Upcall::CmOpenAddressFamilyComplete { status: OK, af: af(1) });
    s.ret(PEND);
    s.assert_clean();
    // …but a second one is not.
    s.dpc(Upcall::CmOpenAddressFamilyComplete { status: OK, af: af(1) });
    s.assert_only(Violation::CompletionNotPending {
        call: Call::Upcall(UpcallKind::CmOpenAddressFamilyComplete),
        op: PendingOp::OpenAf(af(1)),
    });
}

#[test]
fn completing_inside_then_returning_a_status_is_double() {
    let mut s = Script::new();
    s.enter(D, HandlerCall::CmOpenAf { af: af(1) });
    s.up(D, Upcall::CmOpenAddressFamilyComplete { status: OK, af: af(1) });
    s.ret(OK);
    s.assert_only(Violation::CompletedThenReturnedStatus {
        op: PendingOp::OpenAf(af(1)),
        status: OK,
    });
}

#[test]
fn second_pending_for_the_same_operation() {
    let mut s = Script::new();
    s.call(D, HandlerCall::ResetEx, PEND).call(D, HandlerCall::ResetEx, PEND);
    s.assert_only(Violation::AlreadyPending { op: PendingOp::Reset });
}

#[test]
fn pending_never_completed_by_halt() {
    let mut s = Script::new();
    s.call(D, HandlerCall::ResetEx, PEND).halt();
    s.assert_only(Violation::PendingAtHalt { op: PendingOp::Reset });
}

#[test]
fn unbalanced_return() {
    let mut s = Script::new();
    s.ret(OK);
    s.assert_only(Violation::UnbalancedReturn);
    let mut s = Script::new();
    s.event(Event::ExitContext);
    s.assert_only(Violation::UnbalancedReturn);
}

#[test]
fn every_pended_handler_completes_once() {
    let mut s = Script::new();
    s.open_af(af(1)).client_vc(af(1), vc(1));
    s.call(D, HandlerCall::CmRegisterSap { af: af(1), sap: sap(1) }, PEND)
        .dpc(Upcall::CmRegisterSapComplete { status: OK, sap: sap(1) })
        .call(D, HandlerCall::CoActivateVc { vc: vc(1) }, PEND)
        .dpc(Upcall::CoActivateVcComplete { status: OK, vc: vc(1) })
        .call(D, HandlerCall::CoDeactivateVc { vc: vc(1) }, PEND)
        .dpc(Upcall::CoDeactivateVcComplete { status: OK, vc: vc(1) })
        .call(D, HandlerCall::CmDeregisterSap { sap: sap(1) }, PEND)
        .dpc(Upcall::CmDeregisterSapComplete { status: OK, sap: sap(1) })
        .call(D, HandlerCall::ResetEx, PEND)
        .dpc(Upcall::ResetComplete { status: OK })
        .call(D, HandlerCall::CmDeleteVc { vc: vc(1) }, OK)
        .call(D, HandlerCall::CmCloseAf { af: af(1) }, PEND)
        .dpc(Upcall::CmCloseAddressFamilyComplete { status: OK, af: af(1) })
        .halt();
    s.assert_clean();
}

#[test]
fn failed_completion_status_is_a_valid_completion() {
    let mut s = Script::new();
    s.call(D, HandlerCall::CmOpenAf { af: af(1) }, PEND)
        .dpc(Upcall::CmOpenAddressFamilyComplete { status: NdisStatus::RESOURCES, af: af(1) });
    s.assert_clean();
    // The AF never opened: using it is reported.
    s.call(D, HandlerCall::CmCreateVc { af: af(1), vc: vc(1) }, OK);
    s.assert_only(Violation::UnknownAf { af: af(1), call: Call::Handler(HandlerKind::CmCreateVc) });
}
