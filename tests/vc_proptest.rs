//! Random operation sequences against a plain reference model of the VC table: reference counts
//! never underflow, a slot is reused only after its rundown completed and it was deleted,
//! lookups fail after unbinding, generations catch stale handles, capacity holds, and each
//! rundown (deactivate, halt) is reported exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

extern crate alloc;

use alloc::collections::{BTreeMap, BTreeSet};

use mcm::vc::{
    Activation, Creator, Rundown, VcAddress, VcCall, VcConfig, VcError, VcHandle, VcOp, VcRef,
    VcState, VcTable,
};
use proptest::prelude::*;

#[derive(Debug, Default)]
struct Call(bool);

impl VcCall for Call {
    fn has_call(&self) -> bool {
        self.0
    }
}

const CONFIG: VcConfig =
    VcConfig { max_vcs: 4, vpi_bits: 2, vci_bits: 2, vpi_blocks: 2, table_id: 1 };

#[derive(Debug, Clone)]
enum Op {
    Create(bool),
    Activate(usize, u16, u16),
    Acquire(usize),
    AcquireByAddress(u16, u16),
    Release(usize),
    BeginDeactivate(usize),
    CompleteDeactivate(usize),
    Delete(usize, bool),
    SetCall(usize, bool),
    BeginHalt,
}

fn op() -> impl Strategy<Value = Op> {
    // Addresses reach one bit beyond the configured range on each axis.
    prop_oneof![
        4 => any::<bool>().prop_map(Op::Create),
        4 => (any::<usize>(), 0u16..5, 0u16..5).prop_map(|(h, p, c)| Op::Activate(h, p, c)),
        4 => any::<usize>().prop_map(Op::Acquire),
        3 => (0u16..5, 0u16..5).prop_map(|(p, c)| Op::AcquireByAddress(p, c)),
        6 => any::<usize>().prop_map(Op::Release),
        3 => any::<usize>().prop_map(Op::BeginDeactivate),
        3 => any::<usize>().prop_map(Op::CompleteDeactivate),
        3 => (any::<usize>(), any::<bool>()).prop_map(|(h, c)| Op::Delete(h, c)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(h, c)| Op::SetCall(h, c)),
        1 => Just(Op::BeginHalt),
    ]
}

#[derive(Debug, Clone)]
struct ModelVc {
    state: VcState,
    refs: u32,
    creator: Creator,
    address: Option<VcAddress>,
    call: bool,
}

#[derive(Debug, Default)]
struct Model {
    live: BTreeMap<VcHandle, ModelVc>,
    deleted: BTreeSet<(u32, u32)>,
    /// Every handle ever issued (live and deleted), to exercise stale handles.
    known: Vec<VcHandle>,
    halting: bool,
    halt_pending: u32,
    halt_reports: u32,
}

fn creator(b: bool) -> Creator {
    if b {
        Creator::CallManager
    } else {
        Creator::Client
    }
}

impl Model {
    fn bound(&self, a: VcAddress) -> Option<VcHandle> {
        self.live.iter().find(|(_, v)| v.address == Some(a)).map(|(h, _)| *h)
    }

    fn vpis_in_use(&self) -> BTreeSet<u16> {
        self.live.values().filter_map(|v| v.address.map(|a| a.vpi)).collect()
    }

    fn pick(&self, i: usize) -> Option<VcHandle> {
        (!self.known.is_empty()).then(|| self.known[i % self.known.len()])
    }

    fn expect_activate(&self, h: VcHandle, a: VcAddress) -> Result<Activation, VcError> {
        if self.halting {
            return Err(VcError::Halted);
        }
        let v = self.live.get(&h).ok_or(VcError::StaleHandle)?;
        v.state.on(VcOp::Activate)?;
        if v.state == VcState::Active {
            return if v.address == Some(a) {
                Ok(Activation::Reactivated)
            } else {
                Err(VcError::AddressChange)
            };
        }
        if a.vpi >= 1 << CONFIG.vpi_bits || a.vci >= 1 << CONFIG.vci_bits {
            return Err(VcError::AddressOutOfRange(a));
        }
        let vpis = self.vpis_in_use();
        if !vpis.contains(&a.vpi) && vpis.len() == usize::from(CONFIG.vpi_blocks) {
            return Err(VcError::Resources);
        }
        if self.bound(a).is_some() {
            return Err(VcError::AddressInUse(a));
        }
        Ok(Activation::Activated)
    }
}

fn check(t: &VcTable<Call, u64>, m: &Model) {
    assert_eq!(t.len() as usize, m.live.len());
    assert!(m.live.len() <= CONFIG.max_vcs as usize, "capacity");
    for (h, v) in &m.live {
        assert_eq!(t.state(*h), Ok(v.state));
        assert_eq!(t.references(*h), Ok(v.refs));
        if let Some(a) = v.address {
            assert_eq!(t.lookup(a), Some(*h));
        }
        assert_eq!(t.context_of(*h).unwrap().address(), v.address);
    }
    for &(index, generation) in &m.deleted {
        let stale = m.known.iter().find(|h| (h.index(), h.generation()) == (index, generation));
        assert_eq!(t.state(*stale.unwrap()), Err(VcError::StaleHandle));
    }
    for vpi in 0..5 {
        for vci in 0..5 {
            let a = VcAddress::new(vpi, vci);
            assert_eq!(t.lookup(a), m.bound(a), "lookup {a}");
        }
    }
    assert_eq!(t.is_halting(), m.halting);
    assert_eq!(t.is_halt_complete(), m.halting && m.halt_pending == 0);
    assert!(m.halt_reports <= 1, "halt reported more than once");
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut t: VcTable<Call, u64> = VcTable::new(CONFIG).unwrap();
    let mut m = Model::default();
    let mut refs: Vec<VcRef> = Vec::new();
    let mut tag = 0u64;

    for op in ops {
        match op {
            Op::Create(cm) => {
                tag += 1;
                let got = t.create(creator(cm), None, Call(false), tag);
                if m.halting {
                    prop_assert_eq!(got, Err(VcError::Halted));
                } else if m.live.len() == CONFIG.max_vcs as usize {
                    prop_assert_eq!(got, Err(VcError::Resources));
                } else {
                    let h = got.unwrap();
                    // A slot is reused only once its previous VC was deleted (which
                    // requires a completed rundown), and never under an old generation.
                    prop_assert!(m.live.keys().all(|l| l.index() != h.index()));
                    prop_assert!(!m.deleted.contains(&(h.index(), h.generation())));
                    prop_assert_eq!(t.context_of(h).unwrap().data, tag);
                    m.live.insert(
                        h,
                        ModelVc {
                            state: VcState::Created,
                            refs: 0,
                            creator: creator(cm),
                            address: None,
                            call: false,
                        },
                    );
                    m.known.push(h);
                }
            }
            Op::Activate(i, vpi, vci) => {
                let Some(h) = m.pick(i) else { continue };
                let a = VcAddress::new(vpi, vci);
                let expected = m.expect_activate(h, a);
                prop_assert_eq!(t.activate(h, a), expected);
                if expected == Ok(Activation::Activated) {
                    let v = m.live.get_mut(&h).unwrap();
                    v.state = VcState::Active;
                    v.address = Some(a);
                }
            }
            Op::Acquire(i) => {
                let Some(h) = m.pick(i) else { continue };
                let got = t.acquire(h);
                match m.live.get_mut(&h) {
                    None => prop_assert_eq!(got.unwrap_err(), VcError::StaleHandle),
                    Some(_) if m.halting => prop_assert_eq!(got.unwrap_err(), VcError::Halted),
                    Some(v) if v.state == VcState::Active => {
                        let r = got.unwrap();
                        prop_assert_eq!(r.handle(), h);
                        v.refs += 1;
                        refs.push(r);
                    }
                    Some(v) => prop_assert_eq!(
                        got.unwrap_err(),
                        VcError::InvalidTransition { state: v.state, op: VcOp::Acquire }
                    ),
                }
            }
            Op::AcquireByAddress(vpi, vci) => {
                let a = VcAddress::new(vpi, vci);
                let got = t.acquire_by_address(a);
                let target =
                    m.bound(a).filter(|h| !m.halting && m.live[h].state == VcState::Active);
                match (got, target) {
                    (None, None) => {}
                    (Some(r), Some(h)) => {
                        prop_assert_eq!(r.handle(), h);
                        prop_assert_eq!(t.context(&r).unwrap().address(), Some(a));
                        m.live.get_mut(&h).unwrap().refs += 1;
                        refs.push(r);
                    }
                    (got, target) => prop_assert!(false, "{:?} vs {:?}", got, target),
                }
            }
            Op::Release(i) => {
                if refs.is_empty() {
                    continue;
                }
                let r = refs.swap_remove(i % refs.len());
                let h = r.handle();
                let released = t.release(r).unwrap();
                let v = m.live.get_mut(&h).unwrap();
                // A held reference keeps its VC alive: never underflows.
                prop_assert!(v.refs > 0);
                v.refs -= 1;
                let last = v.refs == 0;
                let rundown = last && v.state == VcState::Deactivating;
                prop_assert_eq!(released.rundown_complete, rundown.then_some(h));
                let halt = last && m.halting && {
                    m.halt_pending -= 1;
                    m.halt_pending == 0
                };
                prop_assert_eq!(released.halt_complete, halt);
                if halt {
                    m.halt_reports += 1;
                }
            }
            Op::BeginDeactivate(i) => {
                let Some(h) = m.pick(i) else { continue };
                let got = t.begin_deactivate(h);
                match m.live.get_mut(&h) {
                    None => prop_assert_eq!(got, Err(VcError::StaleHandle)),
                    Some(v) => match v.state.on(VcOp::Deactivate) {
                        Err(e) => prop_assert_eq!(got, Err(e)),
                        Ok(next) => {
                            v.state = next;
                            let want =
                                if v.refs == 0 { Rundown::Complete } else { Rundown::Pending };
                            prop_assert_eq!(got, Ok(want));
                        }
                    },
                }
            }
            Op::CompleteDeactivate(i) => {
                let Some(h) = m.pick(i) else { continue };
                let got = t.complete_deactivate(h);
                match m.live.get_mut(&h) {
                    None => prop_assert_eq!(got, Err(VcError::StaleHandle)),
                    Some(v) => match v.state.on(VcOp::CompleteDeactivate) {
                        Err(e) => prop_assert_eq!(got, Err(e)),
                        Ok(_) if v.refs != 0 => prop_assert_eq!(got, Err(VcError::RundownPending)),
                        Ok(next) => {
                            prop_assert_eq!(got, Ok(()));
                            v.state = next;
                            if let Some(a) = v.address.take() {
                                prop_assert_eq!(t.lookup(a), None);
                                prop_assert!(t.acquire_by_address(a).is_none());
                            }
                        }
                    },
                }
            }
            Op::Delete(i, cm) => {
                let Some(h) = m.pick(i) else { continue };
                let got = t.delete(h, creator(cm)).map(|(_, tag)| tag);
                let expected = match m.live.get(&h) {
                    None => Err(VcError::StaleHandle),
                    Some(v) => match v.state.on(VcOp::Delete) {
                        Err(e) => Err(e),
                        Ok(_) if v.creator != creator(cm) => Err(VcError::NotCreator),
                        Ok(_) if v.call => Err(VcError::CallPresent),
                        Ok(_) => {
                            prop_assert_eq!(v.refs, 0, "deleted with references");
                            Ok(())
                        }
                    },
                };
                prop_assert_eq!(got.map(|_| ()), expected);
                if expected.is_ok() {
                    m.live.remove(&h);
                    m.deleted.insert((h.index(), h.generation()));
                }
            }
            Op::SetCall(i, call) => {
                let Some(h) = m.pick(i) else { continue };
                match m.live.get_mut(&h) {
                    None => prop_assert_eq!(t.context_mut(h).unwrap_err(), VcError::StaleHandle),
                    Some(v) => {
                        t.context_mut(h).unwrap().call = Call(call);
                        v.call = call;
                    }
                }
            }
            Op::BeginHalt => {
                let got = t.begin_halt();
                if m.halting {
                    prop_assert_eq!(got, Err(VcError::Halted));
                } else {
                    m.halting = true;
                    m.halt_pending = m.live.values().filter(|v| v.refs > 0).count() as u32;
                    let want =
                        if m.halt_pending == 0 { Rundown::Complete } else { Rundown::Pending };
                    if want == Rundown::Complete {
                        m.halt_reports += 1;
                    }
                    prop_assert_eq!(got, Ok(want));
                }
            }
        }
        check(&t, &m);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn table_matches_model(ops in proptest::collection::vec(op(), 1..120)) {
        run(ops)?;
    }
}
