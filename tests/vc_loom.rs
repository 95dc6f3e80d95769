//! loom models of the VC table's reference counting and rundown (design.md principle 4).
//!
//! Run with:
//!     RUSTFLAGS="--cfg loom" cargo test --release --test vc_loom
//!
//! The table is shared the way the driver shares it: `&self` operations (acquire, release,
//! begin_deactivate, begin_halt, context) run concurrently under the read side of a lock;
//! `&mut self` operations (complete_deactivate, delete, create, activate) take the write side
//! (the glue's NDIS_RW_LOCK_EX; here loom's `RwLock`). Whoever is told a rundown completed
//! finishes the operation, as the glue will.
//!
//! Each model also runs with a deliberately broken rundown protocol (`VcTable::inject_fault`,
//! compiled only under `cfg(loom)`) as a `#[should_panic]` test: loom must find an
//! interleaving that violates the model's assertions.
#![cfg(loom)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout
)]

extern crate alloc;

use loom::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use loom::sync::{Arc, RwLock};
use loom::thread;
use mcm::vc::{
    Creator, LoomFault, Rundown, VcAddress, VcConfig, VcError, VcHandle, VcState, VcTable,
};

#[derive(Debug)]
struct Data {
    tag: u64,
    /// Octets sent, written Relaxed by the completing thread while it holds its reference.
    sent: AtomicU64,
}

fn data(tag: u64) -> Data {
    Data { tag, sent: AtomicU64::new(0) }
}

type Table = VcTable<(), Data>;

const X: VcAddress = VcAddress::new(0, 5);
const Y: VcAddress = VcAddress::new(0, 6);

fn new_table(fault: LoomFault, vcs: u32) -> Table {
    let mut t =
        Table::new(VcConfig { max_vcs: vcs, vpi_bits: 0, vci_bits: 3, vpi_blocks: 1, table_id: 1 })
            .unwrap();
    t.inject_fault(fault);
    t
}

/// Explores every interleaving of `f` with at most 3 preemptions (override with
/// `LOOM_MAX_PREEMPTIONS`), and prints how many executions that was.
fn check(name: &str, f: impl Fn() + Sync + Send + 'static) {
    let mut b = loom::model::Builder::new();
    if std::env::var_os("LOOM_MAX_PREEMPTIONS").is_none() {
        b.preemption_bound = Some(3);
    }
    let runs = alloc::sync::Arc::new(core::sync::atomic::AtomicUsize::new(0));
    let counter = runs.clone();
    b.check(move || {
        counter.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
        f();
    });
    println!(
        "{name}: {} executions explored, preemption bound {:?}",
        runs.load(core::sync::atomic::Ordering::Relaxed),
        b.preemption_bound
    );
}

/// The tail of a deactivation whose rundown completed, as the glue runs it: deactivate
/// complete, delete, and a new VC in the freed slot, so a premature tear-down is observable.
fn finish_deactivate(table: &RwLock<Table>, h: VcHandle, finished: &AtomicUsize) {
    finished.fetch_add(1, Ordering::SeqCst);
    let mut t = table.write().unwrap();
    t.complete_deactivate(h).expect("rundown reported complete too early");
    assert_eq!(t.lookup(X), None, "lookup after unbinding must miss");
    t.delete(h, Creator::Client).expect("delete after rundown");
    let reuse = t.create(Creator::Client, None, (), data(2)).unwrap();
    assert_eq!(reuse.index(), h.index(), "slot reused");
    assert_ne!(reuse.generation(), h.generation());
}

/// Model 1 — send vs deactivate. Two senders race a deactivation of their VC: a sender that got
/// a reference always finds the VC's context intact (never torn down under it), and the
/// rundown is reported exactly once, after the last release.
fn send_vs_deactivate(fault: LoomFault) {
    check("send_vs_deactivate", move || {
        let mut t = new_table(fault, 1);
        let h = t.create(Creator::Client, None, (), data(1)).unwrap();
        t.activate(h, X).unwrap();
        let table = Arc::new(RwLock::new(t));
        let finished = Arc::new(AtomicUsize::new(0));

        let senders: Vec<_> = (0..2)
            .map(|_| {
                let (table, finished) = (table.clone(), finished.clone());
                thread::spawn(move || {
                    let Ok(r) = table.read().unwrap().acquire(h) else {
                        return;
                    };
                    // The send is in flight: its VC must still be this VC, Active or
                    // Deactivating, with its context.
                    {
                        let t = table.read().unwrap();
                        let state = t.state(h).expect("VC deleted under a sender");
                        assert!(matches!(state, VcState::Active | VcState::Deactivating));
                        assert_eq!(t.context(&r).unwrap().data.tag, 1);
                    }
                    let released = table.read().unwrap().release(r).unwrap();
                    if released.rundown_complete == Some(h) {
                        finish_deactivate(&table, h, &finished);
                    }
                })
            })
            .collect();

        let rundown = table.read().unwrap().begin_deactivate(h).unwrap();
        if rundown == Rundown::Complete {
            finish_deactivate(&table, h, &finished);
        }
        for s in senders {
            s.join().unwrap();
        }
        assert_eq!(finished.load(Ordering::SeqCst), 1, "rundown reported exactly once");
        assert_eq!(table.read().unwrap().state(h), Err(VcError::StaleHandle));
    });
}

/// Model 2 — receive vs delete. Two receivers look VPI/VCI X up (twice and once) while the VC
/// on X is deactivated, deleted, and its slot reused by a new VC that is activated on X again.
/// Every reference a lookup yields belongs to a live VC bound to X whose context matches the
/// handle.
fn receive_vs_delete(fault: LoomFault) {
    check("receive_vs_delete", move || {
        let mut t = new_table(fault, 1);
        let old = t.create(Creator::Client, None, (), data(1)).unwrap();
        t.activate(old, X).unwrap();
        let table = Arc::new(RwLock::new(t));
        let finished = Arc::new(AtomicUsize::new(0));

        // Tear down `old` and bring a new VC up on the same slot and address.
        let teardown = move |table: &RwLock<Table>, finished: &AtomicUsize| {
            finish_deactivate(table, old, finished);
            let mut t = table.write().unwrap();
            let new = t.handles().next().unwrap();
            t.activate(new, X).unwrap();
        };

        let receivers: Vec<_> = [2, 1]
            .into_iter()
            .map(|lookups| {
                let (table, finished) = (table.clone(), finished.clone());
                thread::spawn(move || {
                    for _ in 0..lookups {
                        let Some(r) = table.read().unwrap().acquire_by_address(X) else {
                            continue;
                        };
                        let h = r.handle();
                        {
                            let t = table.read().unwrap();
                            let ctx = t.context(&r).expect("reference to a freed slot");
                            assert_eq!(ctx.address(), Some(X));
                            let want = if h == old { 1 } else { 2 };
                            assert_eq!(ctx.data.tag, want, "reference to a reused slot");
                        }
                        let released = table.read().unwrap().release(r).unwrap();
                        if released.rundown_complete == Some(old) {
                            teardown(&table, &finished);
                        }
                    }
                })
            })
            .collect();

        if table.read().unwrap().begin_deactivate(old).unwrap() == Rundown::Complete {
            teardown(&table, &finished);
        }
        for r in receivers {
            r.join().unwrap();
        }
        assert_eq!(finished.load(Ordering::SeqCst), 1);
        let t = table.read().unwrap();
        let new = t.lookup(X).expect("the new VC is bound");
        assert_ne!(new, old);
        assert_eq!(t.state(old), Err(VcError::StaleHandle));
    });
}

/// Model 3 — completion vs halt. Two sends are in flight on two VCs when MiniportHaltEx
/// starts; their completions race the halt. The halt is reported complete exactly once, only
/// after both completions (so no completion happens after the halt), and the reporter sees the
/// completions' data-path writes. No reference can be taken once the halt started.
fn completion_vs_halt(fault: LoomFault) {
    check("completion_vs_halt", move || {
        let mut t = new_table(fault, 2);
        let h1 = t.create(Creator::Client, None, (), data(1)).unwrap();
        let h2 = t.create(Creator::Client, None, (), data(2)).unwrap();
        t.activate(h1, X).unwrap();
        t.activate(h2, Y).unwrap();
        let in_flight = [t.acquire(h1).unwrap(), t.acquire(h2).unwrap()];
        // Only `&self` operations from here on: no lock needed at all.
        let table = Arc::new(t);
        let completions = Arc::new(AtomicUsize::new(0));
        let halt_reports = Arc::new(AtomicUsize::new(0));

        let on_halt_complete = move |table: &Table,
                                     completions: &AtomicUsize,
                                     reports: &AtomicUsize| {
            reports.fetch_add(1, Ordering::SeqCst);
            assert_eq!(completions.load(Ordering::SeqCst), 2, "halt completed before a completion");
            for h in [h1, h2] {
                let sent = table.context_of(h).unwrap().data.sent.load(Ordering::Relaxed);
                assert_eq!(sent, 1500, "halt reporter does not see the completion's writes");
            }
            assert!(table.is_halt_complete());
        };

        let completers: Vec<_> = in_flight
            .into_iter()
            .map(|r| {
                let (table, completions, reports) =
                    (table.clone(), completions.clone(), halt_reports.clone());
                thread::spawn(move || {
                    let ctx = table.context(&r).unwrap();
                    ctx.data.sent.store(1500, Ordering::Relaxed);
                    // NdisMCoSendNetBufferListsComplete happens here, before the release.
                    completions.fetch_add(1, Ordering::SeqCst);
                    if table.release(r).unwrap().halt_complete {
                        on_halt_complete(&table, &completions, &reports);
                    }
                })
            })
            .collect();

        if table.begin_halt().unwrap() == Rundown::Complete {
            on_halt_complete(&table, &completions, &halt_reports);
        }
        assert_eq!(table.acquire(h1).unwrap_err(), VcError::Halted);
        for c in completers {
            c.join().unwrap();
        }
        assert_eq!(halt_reports.load(Ordering::SeqCst), 1, "halt reported exactly once");
    });
}

#[test]
fn model_send_vs_deactivate() {
    send_vs_deactivate(LoomFault::None);
}

#[test]
#[should_panic]
fn model_send_vs_deactivate_finds_split_deactivate() {
    send_vs_deactivate(LoomFault::SplitDeactivate);
}

#[test]
#[should_panic]
fn model_send_vs_deactivate_finds_split_release() {
    send_vs_deactivate(LoomFault::SplitRelease);
}

#[test]
fn model_receive_vs_delete() {
    receive_vs_delete(LoomFault::None);
}

#[test]
#[should_panic]
fn model_receive_vs_delete_finds_acquire_during_rundown() {
    receive_vs_delete(LoomFault::AcquireDuringRundown);
}

#[test]
fn model_completion_vs_halt() {
    completion_vs_halt(LoomFault::None);
}

#[test]
#[should_panic]
fn model_completion_vs_halt_finds_relaxed_release() {
    completion_vs_halt(LoomFault::RelaxedRelease);
}

#[test]
#[should_panic]
fn model_completion_vs_halt_finds_late_halt_count() {
    completion_vs_halt(LoomFault::HaltCountsLate);
}
