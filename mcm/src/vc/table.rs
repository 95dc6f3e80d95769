//! The slab of VC contexts, its handles and references.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use super::control::{next_generation, Word};
use super::error::VcError;
use super::index::AddressIndex;
use super::state::{VcOp, VcState};
use super::VcAddress;
use crate::sync::{AtomicU32, AtomicU64, Ordering};

/// Sizing of one adapter's VC table, read from the adapter's configuration at
/// MiniportInitializeEx; nothing is allocated after [`VcTable::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VcConfig {
    /// Most VCs that exist at once (signaling VCs included), 1..=[`VcConfig::MAX_VCS`].
    pub max_vcs: u32,
    /// VPI bits the NIC decodes (ILMI atmfAtmLayerMaxVpiBits), 0..=12 (I.361: 8 at the UNI,
    /// 12 at the NNI).
    pub vpi_bits: u8,
    /// VCI bits the NIC decodes (ILMI atmfAtmLayerMaxVciBits), 1..=16.
    pub vci_bits: u8,
    /// How many distinct VPIs may carry VCs at once (level-2 blocks of the receive lookup),
    /// 1..=2^`vpi_bits`; `vpi_blocks << vci_bits` is at most 2^22.
    pub vpi_blocks: u16,
    /// Identifies this table — the adapter instance — in VC context values, 0..=4095; the glue
    /// gives each adapter its own so that a VC context alone leads back to its adapter.
    pub table_id: u16,
}

impl VcConfig {
    /// Upper limit of [`VcConfig::max_vcs`].
    pub const MAX_VCS: u32 = 1 << 20;
    /// Upper limit of `vpi_blocks << vci_bits` (16 MiB of lookup entries).
    pub const MAX_LOOKUP_ENTRIES: u32 = 1 << 22;

    fn validate(&self) -> Result<(), VcError> {
        let ok = (1..=Self::MAX_VCS).contains(&self.max_vcs)
            && self.vpi_bits <= 12
            && (1..=16).contains(&self.vci_bits)
            && self.table_id <= TABLE_ID_MASK
            && self.vpi_blocks >= 1
            && u32::from(self.vpi_blocks) <= 1 << self.vpi_bits
            && u32::from(self.vpi_blocks) << self.vci_bits <= Self::MAX_LOOKUP_ENTRIES;
        ok.then_some(()).ok_or(VcError::InvalidConfig)
    }
}

/// Who created a VC; only the creator may delete it (condis-reference §4, VC rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Creator {
    /// A client's NdisCoCreateVc (outgoing call, PVC use) → CmCreateVc.
    Client,
    /// The MCM itself via NdisMCmCreateVc (incoming call) or an internal signaling VC.
    CallManager,
}

/// The NDIS VC handle the glue stores (NdisVcHandle), opaque to the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NdisVcToken(pub u64);

/// The call-manager half's view of whether a call still uses the VC; a VC with a call may not
/// be deleted (condis-reference §4, VC rules; §7 invariant 3).
pub trait VcCall {
    /// Whether a call (outgoing, incoming or PVC use) is still on the VC.
    fn has_call(&self) -> bool;
}

impl VcCall for () {
    fn has_call(&self) -> bool {
        false
    }
}

/// Names one VC for NDIS calls: table (adapter) id, slot index, and the slot's generation when
/// the VC was created. It is the VC context the MCM gives NDIS ([`VcHandle::to_context`]);
/// because MiniportCoSendNetBufferLists, MiniportCoActivateVc/DeactivateVc and the Cm call
/// handlers receive only that context, it also names the adapter ([`VcHandle::table_id`]). A
/// handle kept after the VC was deleted, or one of another table, is refused as
/// [`VcError::StaleHandle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VcHandle {
    table: u16,
    index: u32,
    generation: u32,
}

impl VcHandle {
    /// The id of the table (adapter) the VC belongs to ([`VcConfig::table_id`]).
    pub fn table_id(self) -> u16 {
        self.table
    }

    /// The slot index.
    pub fn index(self) -> u32 {
        self.index
    }

    /// The generation of the slot this handle was issued for.
    pub fn generation(self) -> u32 {
        self.generation
    }

    /// The pointer-sized context value handed to NDIS (ProtocolVcContext / MiniportVcContext):
    /// generation in bits 32..64, table id in bits 20..32, slot index in bits 0..20. Never 0
    /// because generations skip 0.
    pub fn to_context(self) -> u64 {
        (u64::from(self.generation) << 32)
            | (u64::from(self.table & TABLE_ID_MASK) << INDEX_BITS)
            | u64::from(self.index & INDEX_MASK)
    }

    /// The handle from a context value NDIS passed back; validated by every table operation.
    pub fn from_context(context: u64) -> VcHandle {
        VcHandle {
            table: (context >> INDEX_BITS) as u16 & TABLE_ID_MASK,
            index: context as u32 & INDEX_MASK,
            generation: (context >> 32) as u32,
        }
    }
}

/// One counted reference on an Active VC (a send in flight, a receive indicated and not yet
/// returned, a completion being delivered). Not `Clone`: each one is given back exactly once
/// through [`VcTable::release`]; while it exists the VC cannot finish deactivating, be deleted
/// or have its slot reused.
#[must_use = "a reference must be released, or the VC's rundown never completes"]
#[derive(Debug, PartialEq, Eq)]
pub struct VcRef {
    table: u16,
    index: u32,
    generation: u32,
}

impl VcRef {
    /// The handle of the VC this reference holds.
    pub fn handle(&self) -> VcHandle {
        VcHandle { table: self.table, index: self.index, generation: self.generation }
    }
}

/// Bits of the slot index in a context value ([`VcConfig::MAX_VCS`] = 2^20).
const INDEX_BITS: u32 = 20;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;
const TABLE_ID_MASK: u16 = 0x0fff;

/// What a successful [`VcTable::activate`] was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// First activation (Created or Inactive → Active): the VPI/VCI was bound.
    Activated,
    /// Re-activation of an Active VC with changed parameters (QoS change); data kept flowing.
    Reactivated,
}

/// Progress of a rundown started by [`VcTable::begin_deactivate`] or [`VcTable::begin_halt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Rundown {
    /// No reference was outstanding: complete the operation now.
    Complete,
    /// References are outstanding: the [`VcTable::release`] that drops the last one reports it
    /// in [`Released`], and its caller completes the operation.
    Pending,
}

/// What a [`VcTable::release`] finished. The caller must act on it: a `rundown_complete` VC is
/// ready for [`VcTable::complete_deactivate`] (then NdisMCoDeactivateVcComplete); `halt_complete`
/// lets MiniportHaltEx return. Reported exactly once per rundown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct Released {
    /// The VC whose deactivation rundown this release completed.
    pub rundown_complete: Option<VcHandle>,
    /// This release was the last outstanding reference of the whole adapter after
    /// [`VcTable::begin_halt`].
    pub halt_complete: bool,
}

/// Deliberate protocol faults, compiled only for the loom models, to show each model can fail.
#[cfg(loom)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoomFault {
    /// The correct protocol.
    None,
    /// begin_deactivate reads the count, then marks Deactivating in a second step.
    SplitDeactivate,
    /// release decrements, then decides "last" from a second load.
    SplitRelease,
    /// begin_halt counts a busy VC after marking it, without the bias.
    HaltCountsLate,
    /// acquire also succeeds while Deactivating.
    AcquireDuringRundown,
    /// release decrements with Relaxed ordering (count and halt count): no happens-before
    /// from the holder's last use to the rundown's completer.
    RelaxedRelease,
}

/// The per-VC state both halves share.
#[derive(Debug)]
pub struct VcContext<C, D> {
    creator: Creator,
    ndis: Option<NdisVcToken>,
    address: Option<VcAddress>,
    /// The call-manager half's state: call reference, parties, negotiated QoS, timers.
    pub call: C,
    /// The data path's state: HAL channel, reassembly, shaper, counters.
    pub data: D,
}

impl<C, D> VcContext<C, D> {
    /// Who created the VC.
    pub fn creator(&self) -> Creator {
        self.creator
    }

    /// The NDIS handle the glue stored, if any yet.
    pub fn ndis_handle(&self) -> Option<NdisVcToken> {
        self.ndis
    }

    /// The VPI/VCI the VC is bound to while Active or Deactivating.
    pub fn address(&self) -> Option<VcAddress> {
        self.address
    }
}

/// One slot's control word and context, borrowed together.
struct SlotRef<'a, C, D> {
    control: &'a AtomicU64,
    context: &'a Option<VcContext<C, D>>,
}

struct SlotMut<'a, C, D> {
    control: &'a AtomicU64,
    context: &'a mut Option<VcContext<C, D>>,
}

/// One adapter's VC table. See the module documentation and docs/architecture.md.
pub struct VcTable<C, D> {
    config: VcConfig,
    /// Per slot: the control word. Kept apart from the contexts so the data path's
    /// compare-and-swaps touch a dense array (8 bytes per VC), not the contexts' cache lines.
    controls: Box<[AtomicU64]>,
    /// Per slot: the context while the VC exists.
    contexts: Box<[Option<VcContext<C, D>>]>,
    /// Free slot indices (a stack, preallocated to capacity).
    free: Vec<u32>,
    index: AddressIndex,
    live: u32,
    /// 1 once begin_halt ran.
    halting: AtomicU32,
    /// Busy VCs still to run down for the halt, plus a bias of 1 while begin_halt sweeps.
    halt_pending: AtomicU32,
    #[cfg(loom)]
    fault: LoomFault,
}

impl<C, D> fmt::Debug for VcTable<C, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VcTable")
            .field("config", &self.config)
            .field("live", &self.live)
            .field("halting", &self.is_halting())
            .finish_non_exhaustive()
    }
}

impl<C, D> VcTable<C, D> {
    /// Allocates the whole table (slab, free list, lookup) for `config`. Fails with
    /// [`VcError::InvalidConfig`] outside the documented limits and [`VcError::Resources`] if
    /// the allocation fails. PASSIVE_LEVEL (MiniportInitializeEx).
    pub fn new(config: VcConfig) -> Result<Self, VcError> {
        config.validate()?;
        let n = config.max_vcs;
        let len = usize::try_from(n).map_err(|_| VcError::InvalidConfig)?;
        let mut controls = Vec::new();
        controls.try_reserve_exact(len).map_err(|_| VcError::Resources)?;
        controls.extend((0..n).map(|_| AtomicU64::new(Word::new(1, VcState::Deleted, false, 0).0)));
        let mut contexts = Vec::new();
        contexts.try_reserve_exact(len).map_err(|_| VcError::Resources)?;
        contexts.extend((0..n).map(|_| None));
        let mut free = Vec::new();
        free.try_reserve_exact(len).map_err(|_| VcError::Resources)?;
        free.extend((0..n).rev());
        Ok(VcTable {
            config,
            controls: controls.into_boxed_slice(),
            contexts: contexts.into_boxed_slice(),
            free,
            index: AddressIndex::new(config.vpi_bits, config.vci_bits, config.vpi_blocks)?,
            live: 0,
            halting: AtomicU32::new(0),
            halt_pending: AtomicU32::new(0),
            #[cfg(loom)]
            fault: LoomFault::None,
        })
    }

    /// Arms a deliberate fault (loom models only).
    #[cfg(loom)]
    pub fn inject_fault(&mut self, fault: LoomFault) {
        self.fault = fault;
    }

    #[cfg(loom)]
    fn faulty(&self, fault: LoomFault) -> bool {
        self.fault == fault
    }

    /// The configuration the table was sized with.
    pub fn config(&self) -> VcConfig {
        self.config
    }

    /// How many VCs exist (not Deleted).
    pub fn len(&self) -> u32 {
        self.live
    }

    /// Whether no VC exists.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Whether [`VcTable::begin_halt`] ran.
    pub fn is_halting(&self) -> bool {
        self.halting.load(Ordering::Acquire) != 0
    }

    /// Whether the halt's rundown finished: halting and no reference outstanding anywhere.
    pub fn is_halt_complete(&self) -> bool {
        self.is_halting() && self.halt_pending.load(Ordering::Acquire) == 0
    }

    fn slot(&self, h: VcHandle) -> Result<(SlotRef<'_, C, D>, Word), VcError> {
        if h.table != self.config.table_id {
            return Err(VcError::StaleHandle);
        }
        let i = usize::try_from(h.index).map_err(|_| VcError::StaleHandle)?;
        let (Some(control), Some(context)) = (self.controls.get(i), self.contexts.get(i)) else {
            return Err(VcError::StaleHandle);
        };
        let word = Word(control.load(Ordering::Acquire));
        if word.generation() != h.generation || word.state() == VcState::Deleted {
            return Err(VcError::StaleHandle);
        }
        Ok((SlotRef { control, context }, word))
    }

    fn slot_mut(&mut self, h: VcHandle) -> Result<(SlotMut<'_, C, D>, Word), VcError> {
        if h.table != self.config.table_id {
            return Err(VcError::StaleHandle);
        }
        let i = usize::try_from(h.index).map_err(|_| VcError::StaleHandle)?;
        let (Some(control), Some(context)) = (self.controls.get(i), self.contexts.get_mut(i))
        else {
            return Err(VcError::StaleHandle);
        };
        let word = Word(control.load(Ordering::Acquire));
        if word.generation() != h.generation || word.state() == VcState::Deleted {
            return Err(VcError::StaleHandle);
        }
        Ok((SlotMut { control, context }, word))
    }

    // ---- control path: `&mut self` (the glue's write lock), ≤ DISPATCH_LEVEL -----------------

    /// Creates a VC in a free slot (CmCreateVc for a client, NdisMCmCreateVc for the MCM).
    /// `ndis` is the NDIS VC handle when already known (CmCreateVc); for NdisMCmCreateVc set it
    /// afterwards with [`VcTable::set_ndis_handle`]. Fails with [`VcError::Resources`] when all
    /// `max_vcs` slots are in use and [`VcError::Halted`] after [`VcTable::begin_halt`].
    pub fn create(
        &mut self,
        creator: Creator,
        ndis: Option<NdisVcToken>,
        call: C,
        data: D,
    ) -> Result<VcHandle, VcError> {
        if self.is_halting() {
            return Err(VcError::Halted);
        }
        let index = *self.free.last().ok_or(VcError::Resources)?;
        let i = usize::try_from(index).map_err(|_| VcError::Resources)?;
        let (Some(control), Some(context)) = (self.controls.get(i), self.contexts.get_mut(i))
        else {
            return Err(VcError::Resources);
        };
        let slot = SlotMut { control, context };
        let word = Word(slot.control.load(Ordering::Acquire));
        let next = word.state().on(VcOp::Create)?;
        if word.refs() != 0 || slot.context.is_some() {
            // A free slot with references would mean a broken rundown; never hand it out.
            return Err(VcError::RundownPending);
        }
        *slot.context = Some(VcContext { creator, ndis, address: None, call, data });
        slot.control.store(word.with_state(next).0, Ordering::Release);
        self.free.pop();
        self.live += 1;
        Ok(VcHandle { table: self.config.table_id, index, generation: word.generation() })
    }

    /// Stores the NDIS VC handle (after NdisMCmCreateVc returned it).
    pub fn set_ndis_handle(&mut self, h: VcHandle, ndis: NdisVcToken) -> Result<(), VcError> {
        let (slot, _) = self.slot_mut(h)?;
        let ctx = slot.context.as_mut().ok_or(VcError::StaleHandle)?;
        ctx.ndis = Some(ndis);
        Ok(())
    }

    /// Activation of the VC on `address` completed (MiniportCoActivateVc, or
    /// NdisMCoActivateVcComplete when it pended).
    /// From Created or Inactive this binds `address` for receive lookups and opens the VC for
    /// data; on an Active VC it is a re-activation with changed parameters and `address` must be
    /// the bound one.
    pub fn activate(&mut self, h: VcHandle, address: VcAddress) -> Result<Activation, VcError> {
        if self.is_halting() {
            return Err(VcError::Halted);
        }
        let index = h.index;
        let (slot, word) = self.slot_mut(h)?;
        let next = word.state().on(VcOp::Activate)?;
        let ctx = slot.context.as_mut().ok_or(VcError::StaleHandle)?;
        if word.state() == VcState::Active {
            return if ctx.address == Some(address) {
                Ok(Activation::Reactivated)
            } else {
                Err(VcError::AddressChange)
            };
        }
        self.index.bind(address, index)?;
        // Re-borrow: `bind` needed `self.index` mutably.
        let (slot, word) = self.slot_mut(h)?;
        if let Some(ctx) = slot.context.as_mut() {
            ctx.address = Some(address);
        }
        slot.control.store(word.with_state(next).0, Ordering::Release);
        Ok(Activation::Activated)
    }

    /// Finishes a deactivation whose rundown completed ([`Rundown::Complete`] from
    /// [`VcTable::begin_deactivate`] or `rundown_complete` from [`VcTable::release`]): unbinds
    /// the VPI/VCI and makes the VC Inactive. The caller then calls NdisMCoDeactivateVcComplete.
    pub fn complete_deactivate(&mut self, h: VcHandle) -> Result<(), VcError> {
        let index = h.index;
        let (slot, word) = self.slot_mut(h)?;
        let next = word.state().on(VcOp::CompleteDeactivate)?;
        if word.refs() != 0 {
            return Err(VcError::RundownPending);
        }
        let address = slot.context.as_mut().and_then(|c| c.address.take());
        slot.control.store(word.with_state(next).0, Ordering::Release);
        if let Some(a) = address {
            self.index.unbind(a, index);
        }
        Ok(())
    }

    /// Deletes a Created or Inactive VC (CmDeleteVc / NdisMCmDeleteVc) on behalf of `by`, which
    /// must be its creator, with no call left on it. Frees the slot and bumps its generation, so
    /// every handle to the VC is stale from now on; returns the call and data state for the
    /// caller to tear down.
    pub fn delete(&mut self, h: VcHandle, by: Creator) -> Result<(C, D), VcError>
    where
        C: VcCall,
    {
        let (slot, word) = self.slot_mut(h)?;
        let next = word.state().on(VcOp::Delete)?;
        let ctx = slot.context.as_ref().ok_or(VcError::StaleHandle)?;
        if ctx.creator != by {
            return Err(VcError::NotCreator);
        }
        if ctx.call.has_call() {
            return Err(VcError::CallPresent);
        }
        if word.refs() != 0 {
            return Err(VcError::RundownPending);
        }
        let ctx = slot.context.take().ok_or(VcError::StaleHandle)?;
        slot.control.store(
            Word::new(next_generation(word.generation()), next, word.halt(), 0).0,
            Ordering::Release,
        );
        // Bounded: only indices popped by `create` come back.
        self.free.push(h.index);
        self.live = self.live.saturating_sub(1);
        Ok((ctx.call, ctx.data))
    }

    /// Mutable access to a VC's context (call-manager state changes, data-path setup).
    pub fn context_mut(&mut self, h: VcHandle) -> Result<&mut VcContext<C, D>, VcError> {
        let (slot, _) = self.slot_mut(h)?;
        slot.context.as_mut().ok_or(VcError::StaleHandle)
    }

    // ---- shared path: `&self`, lock-free, ≤ DISPATCH_LEVEL on any CPU ------------------------

    /// The VC bound to `address`, if any (diagnostics, OID_ATM_* queries).
    pub fn lookup(&self, address: VcAddress) -> Option<VcHandle> {
        let index = self.index.get(address)?;
        let slot = self.controls.get(usize::try_from(index).ok()?)?;
        let word = Word(slot.load(Ordering::Acquire));
        Some(VcHandle { table: self.config.table_id, index, generation: word.generation() })
    }

    /// The receive path: a reference on the Active VC bound to `address`, or `None` (unbound,
    /// not Active, halting or at [`super::MAX_REFS`]; the caller counts the cell as unknown-VC).
    #[inline]
    pub fn acquire_by_address(&self, address: VcAddress) -> Option<VcRef> {
        let index = self.index.get(address)?;
        let slot = self.controls.get(usize::try_from(index).ok()?)?;
        self.try_acquire(slot, index, None).ok()
    }

    /// A reference on the VC `h` names (send path, completions): fails unless the VC is Active
    /// and the adapter not halting ("data only while Active").
    #[inline]
    pub fn acquire(&self, h: VcHandle) -> Result<VcRef, VcError> {
        if h.table != self.config.table_id {
            return Err(VcError::StaleHandle);
        }
        let slot = self
            .controls
            .get(usize::try_from(h.index).map_err(|_| VcError::StaleHandle)?)
            .ok_or(VcError::StaleHandle)?;
        self.try_acquire(slot, h.index, Some(h.generation))
    }

    fn try_acquire(
        &self,
        slot: &AtomicU64,
        index: u32,
        generation: Option<u32>,
    ) -> Result<VcRef, VcError> {
        let mut current = Word(slot.load(Ordering::Relaxed));
        loop {
            if generation.is_some_and(|g| g != current.generation())
                || current.state() == VcState::Deleted
            {
                return Err(VcError::StaleHandle);
            }
            let acquirable = current.acquirable();
            #[cfg(loom)]
            let acquirable = acquirable
                || (self.faulty(LoomFault::AcquireDuringRundown)
                    && current.state() == VcState::Deactivating
                    && !current.halt());
            if !acquirable {
                if current.halt() {
                    return Err(VcError::Halted);
                }
                current.state().on(VcOp::Acquire)?;
            }
            let next = current.plus_one().ok_or(VcError::TooManyReferences)?;
            // Acquire: pairs with the Release that made the slot Active, so the holder sees the
            // context as it was when the VC became Active.
            match slot.compare_exchange(current.0, next.0, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => {
                    return Ok(VcRef {
                        table: self.config.table_id,
                        index,
                        generation: current.generation(),
                    })
                }
                Err(seen) => current = Word(seen),
            }
        }
    }

    /// Gives a reference back. When it was the last one of a VC whose deactivation started, or
    /// the last one of the adapter after [`VcTable::begin_halt`], the result says so — exactly
    /// once per rundown — and the caller completes that operation. Fails only for a reference
    /// that is not from this table ([`VcError::ForeignReference`]; nothing is changed).
    pub fn release(&self, r: VcRef) -> Result<Released, VcError> {
        if r.table != self.config.table_id {
            return Err(VcError::ForeignReference);
        }
        let slot = self
            .controls
            .get(usize::try_from(r.index).map_err(|_| VcError::ForeignReference)?)
            .ok_or(VcError::ForeignReference)?;
        // AcqRel: Release publishes everything this holder did with the VC; Acquire lets the
        // releaser that reports the rundown see every earlier holder's writes.
        let order = Ordering::AcqRel;
        #[cfg(loom)]
        let order = if self.faulty(LoomFault::RelaxedRelease) { Ordering::Relaxed } else { order };
        let mut current = Word(slot.load(Ordering::Relaxed));
        let next = loop {
            if current.generation() != r.generation {
                return Err(VcError::ForeignReference);
            }
            let next = current.minus_one().ok_or(VcError::ForeignReference)?;
            match slot.compare_exchange(current.0, next.0, order, Ordering::Relaxed) {
                Ok(_) => break next,
                Err(seen) => current = Word(seen),
            }
        };
        #[cfg(loom)]
        let next = if self.faulty(LoomFault::SplitRelease) {
            Word(slot.load(Ordering::Acquire))
        } else {
            next
        };
        let mut released = Released { rundown_complete: None, halt_complete: false };
        if next.refs() == 0 {
            if next.state() == VcState::Deactivating {
                released.rundown_complete = Some(r.handle());
            }
            if next.halt() {
                released.halt_complete = self.halt_pending.fetch_sub(1, order) == 1;
            }
        }
        Ok(released)
    }

    /// Starts deactivating an Active VC (MiniportCoDeactivateVc): from now on no reference can
    /// be acquired. [`Rundown::Complete`] if none was outstanding; otherwise the last
    /// [`VcTable::release`] reports `rundown_complete`. Either way the caller then calls
    /// [`VcTable::complete_deactivate`].
    pub fn begin_deactivate(&self, h: VcHandle) -> Result<Rundown, VcError> {
        let (slot, mut current) = self.slot(h)?;
        #[cfg(loom)]
        if self.faulty(LoomFault::SplitDeactivate) {
            let idle = current.refs() == 0;
            let next = current.state().on(VcOp::Deactivate)?;
            let mut seen = current;
            while let Err(s) = slot.control.compare_exchange(
                seen.0,
                seen.with_state(next).0,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                seen = Word(s);
            }
            return Ok(if idle { Rundown::Complete } else { Rundown::Pending });
        }
        loop {
            if current.generation() != h.generation {
                return Err(VcError::StaleHandle);
            }
            let next = current.with_state(current.state().on(VcOp::Deactivate)?);
            // AcqRel: with no reference left, the caller completes at once and must see the
            // last holder's writes (Acquire); acquirers must see Deactivating (Release).
            match slot.control.compare_exchange(
                current.0,
                next.0,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    return Ok(if next.refs() == 0 { Rundown::Complete } else { Rundown::Pending })
                }
                Err(seen) => current = Word(seen),
            }
        }
    }

    /// Starts the adapter-wide rundown of MiniportHaltEx: no VC can be created or activated and
    /// no reference acquired from now on. [`Rundown::Complete`] if no reference was
    /// outstanding; otherwise the last [`VcTable::release`] reports `halt_complete`. Called once
    /// ([`VcError::Halted`] the second time). PASSIVE_LEVEL (MiniportHaltEx), lock-free.
    pub fn begin_halt(&self) -> Result<Rundown, VcError> {
        if self.halting.swap(1, Ordering::AcqRel) != 0 {
            return Err(VcError::Halted);
        }
        #[cfg(loom)]
        if self.faulty(LoomFault::HaltCountsLate) {
            return Ok(self.begin_halt_counting_late());
        }
        // The bias keeps a fast releaser from reaching 0 while the sweep is still counting.
        self.halt_pending.store(1, Ordering::Release);
        for slot in self.controls.iter() {
            // Count first: the slot's releaser may decrement as soon as the halt bit is set.
            self.halt_pending.fetch_add(1, Ordering::AcqRel);
            let mut current = Word(slot.load(Ordering::Relaxed));
            let busy = loop {
                match slot.compare_exchange(
                    current.0,
                    current.with_halt().0,
                    Ordering::AcqRel,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break current.refs() != 0,
                    Err(seen) => current = Word(seen),
                }
            };
            if !busy {
                // No reference, so no releaser will account for this slot: undo the count.
                self.halt_pending.fetch_sub(1, Ordering::AcqRel);
            }
        }
        Ok(if self.halt_pending.fetch_sub(1, Ordering::AcqRel) == 1 {
            Rundown::Complete
        } else {
            Rundown::Pending
        })
    }

    #[cfg(loom)]
    fn begin_halt_counting_late(&self) -> Rundown {
        for slot in self.controls.iter() {
            let before = Word(slot.fetch_or(Word(0).with_halt().0, Ordering::AcqRel));
            if before.refs() != 0 {
                self.halt_pending.fetch_add(1, Ordering::AcqRel);
            }
        }
        if self.halt_pending.load(Ordering::Acquire) == 0 {
            Rundown::Complete
        } else {
            Rundown::Pending
        }
    }

    /// The context of the VC `r` holds (read-only; `C`/`D` fields the data path changes
    /// concurrently must be atomics or synchronized by the glue). Never fails for a reference
    /// of this table.
    #[inline]
    pub fn context(&self, r: &VcRef) -> Result<&VcContext<C, D>, VcError> {
        self.context_of(r.handle())
    }

    /// The context of the VC `h` names.
    pub fn context_of(&self, h: VcHandle) -> Result<&VcContext<C, D>, VcError> {
        let (slot, _) = self.slot(h)?;
        slot.context.as_ref().ok_or(VcError::StaleHandle)
    }

    /// The VC's NDIS state ([`VcError::StaleHandle`] once deleted).
    pub fn state(&self, h: VcHandle) -> Result<VcState, VcError> {
        self.slot(h).map(|(_, w)| w.state())
    }

    /// Outstanding references on the VC (a snapshot).
    pub fn references(&self, h: VcHandle) -> Result<u32, VcError> {
        self.slot(h).map(|(_, w)| w.refs())
    }

    /// Handles of every existing VC, in slot order (halt clean-up, OID enumeration).
    pub fn handles(&self) -> impl Iterator<Item = VcHandle> + '_ {
        self.controls.iter().zip(0u32..).filter_map(|(slot, index)| {
            let word = Word(slot.load(Ordering::Acquire));
            (word.state() != VcState::Deleted).then_some(VcHandle {
                table: self.config.table_id,
                index,
                generation: word.generation(),
            })
        })
    }
}
