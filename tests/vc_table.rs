//! The VC table through its public API: every state transition and every refusal, handles and
//! generations, capacity, address binding, halt, and the per-VC memory figure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod vc_common;

use mcm::vc::{
    Activation, Creator, NdisVcToken, Rundown, VcAddress, VcConfig, VcContext, VcError, VcHandle,
    VcOp, VcState, VcTable,
};
use vc_common::{CallState, DataPath};

type Table = VcTable<CallState, DataPath>;

fn config(max_vcs: u32) -> VcConfig {
    VcConfig { max_vcs, vpi_bits: 2, vci_bits: 6, vpi_blocks: 2, table_id: 3 }
}

fn table(max_vcs: u32) -> Table {
    Table::new(config(max_vcs)).unwrap()
}

fn create(t: &mut Table, tag: u64) -> VcHandle {
    t.create(
        Creator::Client,
        Some(NdisVcToken(0x1000 + tag)),
        CallState::default(),
        DataPath::tagged(tag),
    )
    .unwrap()
}

const A: VcAddress = VcAddress::new(0, 32);
const B: VcAddress = VcAddress::new(1, 33);

fn invalid(state: VcState, op: VcOp) -> VcError {
    VcError::InvalidTransition { state, op }
}

#[test]
fn full_life_with_a_racing_send() {
    let mut t = table(4);
    let h = create(&mut t, 7);
    assert_eq!(t.state(h), Ok(VcState::Created));
    assert_eq!(t.context_of(h).unwrap().ndis_handle(), Some(NdisVcToken(0x1007)));
    assert_eq!(t.context_of(h).unwrap().creator(), Creator::Client);

    assert_eq!(t.activate(h, A), Ok(Activation::Activated));
    assert_eq!(t.state(h), Ok(VcState::Active));
    assert_eq!(t.lookup(A), Some(h));
    assert_eq!(t.context_of(h).unwrap().address(), Some(A));

    // A send in flight and a receive indication.
    let send = t.acquire(h).unwrap();
    let recv = t.acquire_by_address(A).unwrap();
    assert_eq!(recv.handle(), h);
    assert_eq!(t.context(&send).unwrap().data.tag, 7);
    assert_eq!(t.references(h), Ok(2));

    // Deactivate: pending while references are outstanding; no new references.
    assert_eq!(t.begin_deactivate(h), Ok(Rundown::Pending));
    assert_eq!(t.state(h), Ok(VcState::Deactivating));
    assert_eq!(t.acquire(h), Err(invalid(VcState::Deactivating, VcOp::Acquire)));
    assert!(t.acquire_by_address(A).is_none());
    assert_eq!(t.complete_deactivate(h), Err(VcError::RundownPending));

    // The first release is not the last; the second reports the rundown, once.
    let r1 = t.release(recv).unwrap();
    assert_eq!((r1.rundown_complete, r1.halt_complete), (None, false));
    let r2 = t.release(send).unwrap();
    assert_eq!((r2.rundown_complete, r2.halt_complete), (Some(h), false));

    t.complete_deactivate(h).unwrap();
    assert_eq!(t.state(h), Ok(VcState::Inactive));
    assert_eq!(t.lookup(A), None, "deactivation unbinds the VPI/VCI");
    assert_eq!(t.context_of(h).unwrap().address(), None);

    // A deactivated VC may be reused for another call, on another address.
    assert_eq!(t.activate(h, B), Ok(Activation::Activated));
    assert_eq!(t.lookup(B), Some(h));
    assert_eq!(t.begin_deactivate(h), Ok(Rundown::Complete));
    t.complete_deactivate(h).unwrap();

    let (call, data) = t.delete(h, Creator::Client).unwrap();
    assert!(call.call_reference.is_none());
    assert_eq!(data.tag, 7);
    assert_eq!(t.state(h), Err(VcError::StaleHandle));
    assert!(t.is_empty());
}

#[test]
fn reactivation_keeps_data_flowing_and_the_address() {
    let mut t = table(2);
    let h = create(&mut t, 1);
    t.activate(h, A).unwrap();
    let r = t.acquire(h).unwrap();
    assert_eq!(t.activate(h, A), Ok(Activation::Reactivated));
    assert_eq!(t.state(h), Ok(VcState::Active));
    assert_eq!(t.references(h), Ok(1));
    assert_eq!(t.activate(h, B), Err(VcError::AddressChange));
    assert_eq!(t.lookup(A), Some(h));
    assert_eq!(t.lookup(B), None);
    let _ = t.release(r).unwrap();
}

#[test]
fn created_vc_is_deleted_without_activation() {
    // A MakeCall that failed: CmDeleteVc follows on a never-activated VC.
    let mut t = table(2);
    let h = create(&mut t, 1);
    assert!(t.delete(h, Creator::Client).is_ok());
}

#[test]
fn every_refused_transition_through_the_table() {
    let mut t = table(4);
    let h = create(&mut t, 1);
    // Created
    assert_eq!(t.begin_deactivate(h), Err(invalid(VcState::Created, VcOp::Deactivate)));
    assert_eq!(t.complete_deactivate(h), Err(invalid(VcState::Created, VcOp::CompleteDeactivate)));
    assert_eq!(t.acquire(h).unwrap_err(), invalid(VcState::Created, VcOp::Acquire));
    // Active
    t.activate(h, A).unwrap();
    assert_eq!(t.complete_deactivate(h), Err(invalid(VcState::Active, VcOp::CompleteDeactivate)));
    assert_eq!(t.delete(h, Creator::Client).unwrap_err(), invalid(VcState::Active, VcOp::Delete));
    // Deactivating
    let r = t.acquire(h).unwrap();
    assert_eq!(t.begin_deactivate(h), Ok(Rundown::Pending));
    assert_eq!(t.begin_deactivate(h), Err(invalid(VcState::Deactivating, VcOp::Deactivate)));
    assert_eq!(t.activate(h, A), Err(invalid(VcState::Deactivating, VcOp::Activate)));
    assert_eq!(
        t.delete(h, Creator::Client).unwrap_err(),
        invalid(VcState::Deactivating, VcOp::Delete)
    );
    assert_eq!(t.release(r).unwrap().rundown_complete, Some(h));
    // Inactive
    t.complete_deactivate(h).unwrap();
    assert_eq!(t.begin_deactivate(h), Err(invalid(VcState::Inactive, VcOp::Deactivate)));
    assert_eq!(t.complete_deactivate(h), Err(invalid(VcState::Inactive, VcOp::CompleteDeactivate)));
    assert_eq!(t.acquire(h).unwrap_err(), invalid(VcState::Inactive, VcOp::Acquire));
    // Deleted: every operation sees a stale handle.
    t.delete(h, Creator::Client).unwrap();
    assert_eq!(t.activate(h, A), Err(VcError::StaleHandle));
    assert_eq!(t.begin_deactivate(h), Err(VcError::StaleHandle));
    assert_eq!(t.complete_deactivate(h), Err(VcError::StaleHandle));
    assert_eq!(t.delete(h, Creator::Client).unwrap_err(), VcError::StaleHandle);
    assert_eq!(t.acquire(h).unwrap_err(), VcError::StaleHandle);
    assert_eq!(t.context_of(h).unwrap_err(), VcError::StaleHandle);
    assert_eq!(t.set_ndis_handle(h, NdisVcToken(1)), Err(VcError::StaleHandle));
}

#[test]
fn only_the_creator_deletes_and_never_with_a_call() {
    let mut t = table(2);
    let h =
        t.create(Creator::CallManager, None, CallState::default(), DataPath::tagged(1)).unwrap();
    t.set_ndis_handle(h, NdisVcToken(0xfeed)).unwrap();
    assert_eq!(t.context_of(h).unwrap().ndis_handle(), Some(NdisVcToken(0xfeed)));
    assert_eq!(t.delete(h, Creator::Client).unwrap_err(), VcError::NotCreator);
    t.context_mut(h).unwrap().call.call_reference = Some(0x12);
    assert_eq!(t.delete(h, Creator::CallManager).unwrap_err(), VcError::CallPresent);
    t.context_mut(h).unwrap().call.call_reference = None;
    assert!(t.delete(h, Creator::CallManager).is_ok());
}

#[test]
fn generations_detect_stale_handles_across_slot_reuse() {
    let mut t = table(1);
    let old = create(&mut t, 1);
    t.delete(old, Creator::Client).unwrap();
    let new = create(&mut t, 2);
    assert_eq!(new.index(), old.index(), "the only slot is reused");
    assert_ne!(new.generation(), old.generation());
    assert_eq!(t.state(old), Err(VcError::StaleHandle));
    assert_eq!(t.context_of(new).unwrap().data.tag, 2);
    // The NDIS context value round-trips and is never NULL.
    assert_ne!(new.to_context(), 0);
    assert_eq!(VcHandle::from_context(new.to_context()), new);
    // A forged context naming a slot that does not exist.
    assert_eq!(t.state(VcHandle::from_context(u64::MAX)), Err(VcError::StaleHandle));
    assert_eq!(t.state(VcHandle::from_context(0)), Err(VcError::StaleHandle));
}

#[test]
fn capacity_is_enforced_and_freed_slots_come_back() {
    let mut t = table(3);
    let hs: Vec<_> = (0..3).map(|i| create(&mut t, i)).collect();
    assert_eq!(t.len(), 3);
    let err = t.create(Creator::Client, None, CallState::default(), DataPath::tagged(9));
    assert_eq!(err.unwrap_err(), VcError::Resources);
    t.delete(hs[1], Creator::Client).unwrap();
    let again = create(&mut t, 9);
    assert_eq!(again.index(), hs[1].index());
    assert_eq!(t.handles().count(), 3);
}

#[test]
fn address_binding_rules() {
    let mut t = table(4);
    let h1 = create(&mut t, 1);
    let h2 = create(&mut t, 2);
    let h3 = create(&mut t, 3);
    t.activate(h1, A).unwrap();
    assert_eq!(t.activate(h2, A), Err(VcError::AddressInUse(A)));
    assert_eq!(t.state(h2), Ok(VcState::Created), "a refused activation changes nothing");
    let far = VcAddress::new(4, 32); // 2 VPI bits
    assert_eq!(t.activate(h2, far), Err(VcError::AddressOutOfRange(far)));
    let far = VcAddress::new(0, 64); // 6 VCI bits
    assert_eq!(t.activate(h2, far), Err(VcError::AddressOutOfRange(far)));
    t.activate(h2, B).unwrap();
    // Two VPI blocks are in use (VPI 0 and 1): a third VPI is out of resources.
    assert_eq!(t.activate(h3, VcAddress::new(2, 40)), Err(VcError::Resources));
    // While h1 is still running down, its address stays bound.
    let r = t.acquire(h1).unwrap();
    assert_eq!(t.begin_deactivate(h1), Ok(Rundown::Pending));
    assert_eq!(t.activate(h3, A), Err(VcError::AddressInUse(A)));
    assert_eq!(t.release(r).unwrap().rundown_complete, Some(h1));
    t.complete_deactivate(h1).unwrap();
    assert_eq!(t.activate(h3, A), Ok(Activation::Activated));
    assert_eq!(t.lookup(A), Some(h3));
    assert_eq!(t.acquire_by_address(A).map(|r| t.release(r).unwrap().rundown_complete), Some(None));
}

#[test]
fn halt_runs_down_every_reference_once() {
    let mut t = table(4);
    let h1 = create(&mut t, 1);
    let h2 = create(&mut t, 2);
    let idle = create(&mut t, 3);
    t.activate(h1, A).unwrap();
    t.activate(h2, B).unwrap();
    let r1 = t.acquire(h1).unwrap();
    let r2a = t.acquire(h2).unwrap();
    let r2b = t.acquire(h2).unwrap();
    // h2 is also being deactivated when the halt starts.
    assert_eq!(t.begin_deactivate(h2), Ok(Rundown::Pending));

    assert_eq!(t.begin_halt(), Ok(Rundown::Pending));
    assert!(t.is_halting() && !t.is_halt_complete());
    assert_eq!(t.begin_halt(), Err(VcError::Halted));
    assert_eq!(t.acquire(h1).unwrap_err(), VcError::Halted);
    assert!(t.acquire_by_address(A).is_none());
    assert_eq!(t.activate(idle, VcAddress::new(0, 40)), Err(VcError::Halted));
    let refused = t.create(Creator::Client, None, CallState::default(), DataPath::tagged(4));
    assert_eq!(refused.unwrap_err(), VcError::Halted);

    let a = t.release(r2a).unwrap();
    assert_eq!((a.rundown_complete, a.halt_complete), (None, false));
    let b = t.release(r2b).unwrap();
    assert_eq!((b.rundown_complete, b.halt_complete), (Some(h2), false));
    assert!(!t.is_halt_complete());
    let c = t.release(r1).unwrap();
    assert_eq!((c.rundown_complete, c.halt_complete), (None, true));
    assert!(t.is_halt_complete());

    // Clean-up after the halt: everything can still be deactivated and deleted.
    assert_eq!(t.begin_deactivate(h1), Ok(Rundown::Complete));
    for h in [h1, h2] {
        t.complete_deactivate(h).unwrap();
    }
    for h in t.handles().collect::<Vec<_>>() {
        t.delete(h, Creator::Client).unwrap();
    }
    assert!(t.is_empty());
}

#[test]
fn halt_without_references_completes_at_once() {
    let mut t = table(2);
    let h = create(&mut t, 1);
    t.activate(h, A).unwrap();
    assert_eq!(t.begin_halt(), Ok(Rundown::Complete));
    assert!(t.is_halt_complete());
}

#[test]
fn handles_and_references_of_another_table_are_refused() {
    let mut t3 = table(8);
    let mut t4 = Table::new(VcConfig { table_id: 4, ..config(8) }).unwrap();
    let h3 = create(&mut t3, 1);
    let h4 = create(&mut t4, 1);
    // Same slot and generation; only the table id tells them apart.
    assert_eq!((h3.index(), h3.generation()), (h4.index(), h4.generation()));
    assert_eq!((h3.table_id(), h4.table_id()), (3, 4));
    t3.activate(h3, A).unwrap();
    t4.activate(h4, A).unwrap();
    assert_eq!(t4.state(h3), Err(VcError::StaleHandle));
    assert_eq!(t4.acquire(h3).unwrap_err(), VcError::StaleHandle);
    let r4 = t4.acquire(h4).unwrap();
    let r3 = t3.acquire(h3).unwrap();
    assert_eq!(t4.release(r3), Err(VcError::ForeignReference));
    assert_eq!(t4.references(h4), Ok(1), "a refused release leaves the count alone");
    assert_eq!(t3.references(h3), Ok(1));
    let _ = t4.release(r4).unwrap();
    // Even under the same table id (a misconfigured glue), a reference the table never
    // counted is refused rather than driving its count below zero.
    let mut twin = table(8);
    let ht = create(&mut twin, 1);
    twin.activate(ht, A).unwrap();
    let r3 = t3.acquire(h3).unwrap();
    assert_eq!(twin.release(r3), Err(VcError::ForeignReference));
    assert_eq!(twin.references(ht), Ok(0));
}

#[test]
fn context_value_carries_table_slot_and_generation() {
    let mut t = Table::new(VcConfig { table_id: 0xabc, ..config(8) }).unwrap();
    let hs: Vec<_> = (0..6).map(|i| create(&mut t, i)).collect();
    let h = hs[5];
    let ctx = h.to_context();
    assert_eq!(ctx, (u64::from(h.generation()) << 32) | (0xabc << 20) | 5);
    assert_eq!(VcHandle::from_context(ctx), h);
    assert_eq!(VcHandle::from_context(ctx).table_id(), 0xabc);
}

#[test]
fn configuration_limits() {
    let ok = config(4);
    for bad in [
        VcConfig { max_vcs: 0, ..ok },
        VcConfig { max_vcs: VcConfig::MAX_VCS + 1, ..ok },
        VcConfig { vpi_bits: 13, ..ok },
        VcConfig { vci_bits: 0, ..ok },
        VcConfig { vci_bits: 17, ..ok },
        VcConfig { vpi_blocks: 0, ..ok },
        VcConfig { vpi_blocks: 5, ..ok },
        VcConfig { vpi_bits: 12, vci_bits: 16, vpi_blocks: 128, ..ok },
        VcConfig { table_id: 4096, ..ok },
    ] {
        assert_eq!(Table::new(bad).unwrap_err(), VcError::InvalidConfig, "{bad:?}");
    }
    let max = VcConfig { vpi_bits: 12, vci_bits: 16, vpi_blocks: 64, table_id: 4095, ..ok };
    assert!(Table::new(max).is_ok());
}

#[test]
fn per_vc_control_state_fits_in_512_bytes() {
    let context = core::mem::size_of::<VcContext<CallState, DataPath>>();
    // The slab entry: the context (in an Option) plus the 8-byte control word.
    let slot = core::mem::size_of::<Option<VcContext<CallState, DataPath>>>() + 8;
    println!(
        "CallState = {} bytes, DataPath = {} bytes, VcContext<CallState, DataPath> = {context} \
         bytes; per VC with the control word = {slot} bytes",
        core::mem::size_of::<CallState>(),
        core::mem::size_of::<DataPath>(),
    );
    assert!(slot < 512, "{slot}");
}
