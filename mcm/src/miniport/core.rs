//! The adapter core: VC table, send and receive slabs, NIC event dispatch.

use alloc::vec::Vec;

use hal::cell::VpiVci;
use hal::nic::{
    AalType as NicAal, ChannelId, ChannelParams, Nic, NicError, NicEvent, RxBufferId, RxPdu,
    TxStatus, TxToken,
};
use hal::time::{Duration, Instant};
use hal::traffic::TrafficParams;

use crate::abi::atm::{AalType, AtmMediaParameters};
use crate::abi::co::{CallFlags, CoCallParameters, CoMediaParameters, MediaFlags, MediaSpecific};
use crate::abi::validate::{
    validate_atm, MediaInvalid, NicLimits, TrafficContract, ValidFlow, DEFAULT_MIN_VCI,
};
use crate::abi::NdisStatus;
use crate::boundary::packet::{nbls, PacketList, ReceiveFlags, ReceiveNbl, SendCompletion};
use crate::boundary::pool::{try_alloc_vec, PoolAllocator, PoolGrant, PoolTag};
use crate::boundary::{
    CancelId, HaltProgress, HandlerStatus, Irql, MiniportHandlers, NblId, NdisUpcalls,
    NdisVcHandle, OidRequest, OidRequestId, OidStatus, PauseStatus, ResetStatus, StatusIndication,
    SyncStatus,
};
use crate::vc::{
    Activation, Creator, NdisVcToken, Released, Rundown, VcAddress, VcCall, VcConfig, VcError,
    VcHandle, VcRef, VcState, VcTable,
};

/// `NDIS_STATUS_MEDIA_CONNECT` (ndis.h): the carrier came up (NdisMCoIndicateStatusEx).
pub const MEDIA_CONNECT: NdisStatus = NdisStatus(0x4001_000B);
/// `NDIS_STATUS_MEDIA_DISCONNECT` (ndis.h): the carrier was lost.
pub const MEDIA_DISCONNECT: NdisStatus = NdisStatus(0x4001_000C);
/// `NDIS_STATUS_MEDIA_DISCONNECTED` (ndis.h): a send refused because the link is down.
pub const MEDIA_DISCONNECTED: NdisStatus = NdisStatus(0xC023_001F);

/// Pool tag of the VC table.
pub const TAG_VC_TABLE: PoolTag = PoolTag(*b"McVt");
/// Pool tag of the send slab.
pub const TAG_TX: PoolTag = PoolTag(*b"McTx");
/// Pool tag of the receive slab.
pub const TAG_RX: PoolTag = PoolTag(*b"McRx");
/// Pool tag of the signaling queue.
pub const TAG_SIGNALING: PoolTag = PoolTag(*b"McSg");
/// Pool tag of the NDIS-handle map.
pub const TAG_HANDLES: PoolTag = PoolTag(*b"McHm");
/// Pool tag of a channel's NIC resources, taken at activation and given back at deactivation.
pub const TAG_CHANNEL: PoolTag = PoolTag(*b"McCh");

/// Bytes accounted per open channel (the NIC's per-channel descriptors: a transmit queue and a
/// reassembly context; what a hardware NIC allocates as DMA-able memory at activation).
const CHANNEL_BYTES: usize = 256;
/// Receive NBL identities: a tag in the high bits so they never collide with the client's
/// send NBLs in a log (the glue uses its receive NBL pool's pointers instead).
const RX_NBL_BASE: u64 = 0x5200_0000_0000_0000;
/// Completions gathered per NdisMCoSendNetBufferListsComplete call on the send path.
const COMPLETION_BATCH: usize = 16;

/// How MiniportCoActivateVc reports its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActivationMode {
    /// Program the NIC and return the status (the HAL's channels open synchronously).
    #[default]
    Synchronous,
    /// Program the NIC, return PENDING, and call NdisMCoActivateVcComplete from the next
    /// [`MiniportCore::service`] (a NIC that programs channels asynchronously).
    Deferred,
}

/// Sizing of one adapter, from its registry parameters (MiniportInitializeEx).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MiniportConfig {
    /// VCs that exist at once (client, MCM-created and signaling), also the channel ids the NIC
    /// is asked for (`0..max_vcs`, the VC slab index).
    pub max_vcs: u32,
    /// Distinct VPIs in use at once (the VC table's lookup blocks).
    pub vpi_blocks: u16,
    /// The adapter's VC table id ([`VcConfig::table_id`]).
    pub table_id: u16,
    /// NBLs in flight to the NIC at once (the send slab).
    pub max_sends: u32,
    /// Receive NBLs indicated and not yet returned (the receive slab); beyond it PDUs are
    /// indicated with NDIS_RECEIVE_FLAGS_RESOURCES.
    pub max_receives: u32,
    /// PDUs the signaling queue holds for the call-manager half.
    pub signaling_pdus: u32,
    /// Largest signaling PDU kept (SSCOP PDU; Q.2110 default max SDU 4096 plus trailer).
    pub signaling_pdu_len: u32,
    /// Lowest VCI a client VC may use ([`DEFAULT_MIN_VCI`]).
    pub min_vci: u32,
    /// Activation completion style.
    pub activation: ActivationMode,
}

impl MiniportConfig {
    /// A configuration for `max_vcs` VCs with 16 sends and 8 receives per VC.
    #[must_use]
    pub fn new(max_vcs: u32) -> Self {
        MiniportConfig {
            max_vcs,
            vpi_blocks: 4,
            table_id: 1,
            max_sends: max_vcs.saturating_mul(16),
            max_receives: max_vcs.saturating_mul(8),
            signaling_pdus: 16,
            signaling_pdu_len: 4104,
            min_vci: DEFAULT_MIN_VCI,
            activation: ActivationMode::Synchronous,
        }
    }
}

/// The call-manager half's slot in each VC context until that half supplies its own type:
/// whether a call is on the VC (so [`VcTable::delete`] refuses to delete it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CallSlot {
    /// A call (outgoing, incoming or PVC use) is on the VC.
    pub has_call: bool,
}

impl VcCall for CallSlot {
    fn has_call(&self) -> bool {
        self.has_call
    }
}

/// Per-VC statistics (the per-VC answers of OID_GEN_CO_* statistics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VcCounters {
    /// PDUs sent (completed with SUCCESS).
    pub xmit_pdus_ok: u64,
    /// PDUs completed with an error.
    pub xmit_pdus_error: u64,
    /// Octets of successful sends.
    pub bytes_xmit: u64,
    /// PDUs indicated.
    pub rcv_pdus_ok: u64,
    /// PDUs indicated with an error (INDICATE_ERRED_PACKETS).
    pub rcv_pdus_error: u64,
    /// Octets indicated.
    pub bytes_rcv: u64,
    /// PDUs dropped (paused, deactivating, signaling queue full).
    pub rcv_dropped: u64,
}

/// The data-path state `D` of a VC context.
#[derive(Debug, Default)]
pub struct DataPath {
    /// The programmed channel, while the VC is Active or Deactivating.
    params: Option<ChannelParams>,
    /// The channel's pool grant (NIC resources of the channel).
    grant: Option<PoolGrant>,
    /// A deactivation NDIS asked for is waiting for the rundown (NdisMCoDeactivateVcComplete
    /// follows; `false` for internal VCs and synchronous completion).
    deactivate_pending: bool,
    /// Counters.
    pub counters: VcCounters,
    /// NBLs in flight on the VC.
    pub sends_in_flight: u32,
    /// Receive NBLs indicated and not returned.
    pub receives_outstanding: u32,
}

impl DataPath {
    /// The channel parameters in force.
    #[must_use]
    pub fn params(&self) -> Option<&ChannelParams> {
        self.params.as_ref()
    }
}

/// Adapter-wide counters kept by the core (the NIC keeps the cell counters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MiniportCounters {
    /// Sends completed with SUCCESS.
    pub xmit_pdus_ok: u64,
    /// Sends completed with an error (synchronous refusals included).
    pub xmit_pdus_error: u64,
    /// Octets of successful sends.
    pub bytes_xmit: u64,
    /// PDUs indicated without error.
    pub rcv_pdus_ok: u64,
    /// PDUs indicated with an error status.
    pub rcv_pdus_error: u64,
    /// Octets indicated.
    pub bytes_rcv: u64,
    /// PDUs indicated with NDIS_RECEIVE_FLAGS_RESOURCES because the receive slab was full or
    /// the NIC asked for it.
    pub rcv_resources: u64,
    /// PDUs not indicated (paused, VC not Active, signaling queue full).
    pub rcv_dropped: u64,
    /// Signaling PDUs queued for the call-manager half.
    pub signaling_pdus: u64,
    /// OAM cells and defect reports seen (consumed by the OAM layer, not NDIS).
    pub oam_events: u64,
    /// Octets of NBLs handed to the NIC and not yet completed (OID_GEN_CO_BYTES_XMIT_OUTSTANDING).
    pub bytes_xmit_outstanding: u64,
}

/// One NBL in flight.
#[derive(Debug)]
struct InFlight {
    nbl: Option<NblId>,
    ndis_vc: Option<NdisVcHandle>,
    vc: VcRef,
    remaining: u32,
    status: NdisStatus,
    bytes: u64,
}

#[derive(Debug, Default)]
struct SendSlot {
    generation: u32,
    busy: Option<InFlight>,
}

#[derive(Debug)]
struct RxLoan {
    buffer: RxBufferId,
    vc: VcRef,
}

#[derive(Debug, Default)]
struct RxSlot {
    generation: u32,
    busy: Option<RxLoan>,
}

/// Operations of the adapter waiting for a drain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum AdapterState {
    #[default]
    Running,
    Pausing,
    Paused,
    Halted,
}

/// All pool grants of the adapter (given back at halt).
#[derive(Debug, Default)]
struct Grants {
    list: Vec<PoolGrant>,
}

/// One adapter's miniport half. `N` is the NIC, `C` the call-manager half's per-VC state, `P`
/// the pool façade.
#[derive(Debug)]
pub struct MiniportCore<N: Nic, C: VcCall, P: PoolAllocator> {
    config: MiniportConfig,
    nic: N,
    pool: P,
    grants: Grants,
    table: VcTable<C, DataPath>,
    /// NDIS VC handle → VC, sorted by handle (bounded by `max_vcs`).
    handles: Vec<(NdisVcHandle, VcHandle)>,
    /// Channel id (= slab index) → the VC whose channel it is, while open.
    channel_vc: Vec<Option<VcHandle>>,
    sends: Vec<SendSlot>,
    send_free: Vec<u32>,
    receives: Vec<RxSlot>,
    rx_free: Vec<u32>,
    /// Signaling ring: `signaling_pdus` slots of `signaling_pdu_len` octets.
    sig_data: Vec<u8>,
    sig_meta: Vec<(VcHandle, u32)>,
    sig_head: usize,
    sig_len: usize,
    /// VCs whose rundown completed and still need `complete_deactivate` (+ completion).
    rundowns: Vec<VcHandle>,
    /// Activations to complete from the next service (Deferred mode).
    deferred_activations: Vec<(NdisVcHandle, NdisStatus)>,
    state: AdapterState,
    reset_pending: bool,
    now: Instant,
    counters: MiniportCounters,
    supported_oids: [u32; 64],
    supported_len: usize,
}

/// Maps a NIC refusal to the NDIS status of MiniportCoActivateVc / a send.
fn nic_status(e: NicError) -> NdisStatus {
    match e {
        NicError::InvalidParameters => NdisStatus::INVALID_DATA,
        NicError::Resources => NdisStatus::RESOURCES,
        NicError::CellRateNotAvailable => NdisStatus::CELLRATE_NOT_AVAILABLE,
        NicError::VpiVciInUse => NdisStatus::VC_NOT_AVAILABLE,
        NicError::Unsupported => NdisStatus::AAL_PARAMS_UNSUPPORTED,
        NicError::ChannelInUse | NicError::NotTransmitting => NdisStatus::INVALID_STATE,
        NicError::UnknownChannel => NdisStatus::VC_NOT_ACTIVATED,
        NicError::InvalidLength => NdisStatus::INVALID_LENGTH,
        NicError::LinkDown => MEDIA_DISCONNECTED,
    }
}

/// Maps a rejected media parameter set: an unsupported AAL is AAL_PARAMS_UNSUPPORTED, a rate
/// above what the line can ever carry CELLRATE_NOT_AVAILABLE, the rest INVALID_DATA
/// (condis-reference.md §2, §6).
fn media_status(e: &MediaInvalid) -> NdisStatus {
    match e {
        MediaInvalid::AalUnsupported { .. } => NdisStatus::AAL_PARAMS_UNSUPPORTED,
        MediaInvalid::CellRateTooHigh { .. } => NdisStatus::CELLRATE_NOT_AVAILABLE,
        other => other.status(),
    }
}

fn vc_status(e: VcError) -> NdisStatus {
    match e {
        VcError::Resources => NdisStatus::RESOURCES,
        VcError::AddressInUse(_) => NdisStatus::VC_NOT_AVAILABLE,
        VcError::AddressOutOfRange(_) | VcError::AddressChange => NdisStatus::INVALID_DATA,
        VcError::StaleHandle => NdisStatus::INVALID_PARAMETER,
        VcError::Halted => NdisStatus::FAILURE,
        VcError::InvalidTransition { .. } | VcError::NotCreator | VcError::CallPresent => {
            NdisStatus::NOT_ACCEPTED
        }
        _ => NdisStatus::FAILURE,
    }
}

/// Any allocation failure is NDIS_STATUS_RESOURCES.
fn res<E>(_: E) -> NdisStatus {
    NdisStatus::RESOURCES
}

fn sync(status: NdisStatus) -> SyncStatus {
    SyncStatus::new(status).unwrap_or(SyncStatus::FAILURE)
}

/// TM 4.1 contract of one direction as the HAL's traffic parameters. NDIS has a single VBR
/// category: it is served as nrt-VBR. CDVT comes from CellDelayVariationCLP0 (µs).
fn traffic(flow: Option<&ValidFlow>, cdvt: Duration) -> TrafficParams {
    match flow.map(|f| f.contract) {
        Some(TrafficContract::Cbr { pcr }) => TrafficParams::cbr(pcr, cdvt),
        Some(TrafficContract::Vbr { pcr, scr, mbs }) => TrafficParams::nrt_vbr(pcr, scr, mbs, cdvt),
        Some(TrafficContract::Ubr { pcr }) => TrafficParams::ubr(pcr.unwrap_or(0), cdvt),
        Some(TrafficContract::Abr { pcr, mcr, .. }) => TrafficParams::abr(pcr, mcr, cdvt),
        None => TrafficParams::ubr(0, cdvt),
    }
}

fn nic_aal(aal: AalType) -> Option<NicAal> {
    match aal {
        AalType::Aal0 => Some(NicAal::Aal0),
        AalType::Aal1 => Some(NicAal::Aal1),
        AalType::Aal34 => Some(NicAal::Aal34),
        AalType::Aal5 => Some(NicAal::Aal5),
        AalType::Unknown(_) => None,
    }
}

fn token(index: u32, generation: u32) -> TxToken {
    TxToken(u64::from(index) | (u64::from(generation) << 32))
}

fn rx_nbl(index: u32, generation: u32) -> Option<NblId> {
    NblId::from_raw(RX_NBL_BASE | (u64::from(generation & 0xFFFF) << 32) | (u64::from(index) + 1))
}

impl<N: Nic, C: VcCall, P: PoolAllocator> MiniportCore<N, C, P> {
    /// MiniportInitializeEx: sizes every pool from `config` and the NIC's capabilities and
    /// allocates it through `pool`. On failure returns the status (RESOURCES on exhaustion,
    /// INVALID_PARAMETER for a configuration the VC table refuses) with the NIC and the pool
    /// (every grant given back).
    pub fn initialize(
        config: MiniportConfig,
        nic: N,
        mut pool: P,
    ) -> Result<Self, (NdisStatus, N, P)> {
        let caps = *nic.capabilities();
        let max_vcs = config.max_vcs.min(caps.max_vcs);
        let vc_config = VcConfig {
            max_vcs,
            vpi_bits: caps.vpi_bits.min(12),
            vci_bits: caps.vci_bits.clamp(1, 16),
            vpi_blocks: config.vpi_blocks.max(1),
            table_id: config.table_id,
        };
        let mut grants = Grants::default();
        match Self::allocate(&config, vc_config, &mut pool, &mut grants) {
            Ok(parts) => {
                let mut core = MiniportCore {
                    config: MiniportConfig { max_vcs, ..config },
                    nic,
                    pool,
                    grants,
                    table: parts.table,
                    handles: parts.handles,
                    channel_vc: parts.channel_vc,
                    sends: parts.sends,
                    send_free: parts.send_free,
                    receives: parts.receives,
                    rx_free: parts.rx_free,
                    sig_data: parts.sig_data,
                    sig_meta: parts.sig_meta,
                    sig_head: 0,
                    sig_len: 0,
                    rundowns: parts.rundowns,
                    deferred_activations: parts.deferred,
                    state: AdapterState::Running,
                    reset_pending: false,
                    now: Instant::ZERO,
                    counters: MiniportCounters::default(),
                    supported_oids: [0; 64],
                    supported_len: 0,
                };
                core.supported_len = super::oid::fill_supported(&mut core.supported_oids);
                Ok(core)
            }
            Err(status) => {
                for g in grants.list.drain(..) {
                    pool.free(g);
                }
                Err((status, nic, pool))
            }
        }
    }

    fn allocate(
        config: &MiniportConfig,
        vc_config: VcConfig,
        pool: &mut P,
        grants: &mut Grants,
    ) -> Result<Parts<C>, NdisStatus> {
        let max_vcs = usize::try_from(vc_config.max_vcs).map_err(|_| NdisStatus::RESOURCES)?;
        let max_sends = usize::try_from(config.max_sends.max(1)).map_err(res)?;
        let max_rx = usize::try_from(config.max_receives.max(1)).map_err(res)?;
        let sig_pdus = usize::try_from(config.signaling_pdus.max(1)).map_err(res)?;
        let sig_len = usize::try_from(config.signaling_pdu_len.max(1)).map_err(res)?;
        // The grant list itself: one per pool below plus one per channel.
        grants.list.try_reserve_exact(8usize.saturating_add(max_vcs)).map_err(res)?;

        let table_bytes =
            max_vcs.saturating_mul(core::mem::size_of::<crate::vc::VcContext<C, DataPath>>() + 8);
        grants.list.push(pool.try_alloc(TAG_VC_TABLE, table_bytes).map_err(res)?);
        let table = VcTable::new(vc_config).map_err(|e| match e {
            VcError::Resources => NdisStatus::RESOURCES,
            _ => NdisStatus::INVALID_PARAMETER,
        })?;

        let (mut handles, g) = try_alloc_vec(pool, TAG_HANDLES, max_vcs).map_err(res)?;
        grants.list.push(g);
        handles.clear();
        let (mut channel_vc, g) = try_alloc_vec(pool, TAG_HANDLES, max_vcs).map_err(res)?;
        grants.list.push(g);
        channel_vc.resize(max_vcs, None);
        let (mut rundowns, g) =
            try_alloc_vec::<VcHandle>(pool, TAG_HANDLES, max_vcs).map_err(res)?;
        grants.list.push(g);
        rundowns.clear();
        let (deferred, g) = try_alloc_vec(pool, TAG_HANDLES, max_vcs).map_err(res)?;
        grants.list.push(g);

        let (mut sends, g) = try_alloc_vec::<SendSlot>(pool, TAG_TX, max_sends).map_err(res)?;
        grants.list.push(g);
        sends.resize_with(max_sends, SendSlot::default);
        let (mut send_free, g) = try_alloc_vec::<u32>(pool, TAG_TX, max_sends).map_err(res)?;
        grants.list.push(g);
        send_free.extend((0..config.max_sends.max(1)).rev());

        let (mut receives, g) = try_alloc_vec::<RxSlot>(pool, TAG_RX, max_rx).map_err(res)?;
        grants.list.push(g);
        receives.resize_with(max_rx, RxSlot::default);
        let (mut rx_free, g) = try_alloc_vec::<u32>(pool, TAG_RX, max_rx).map_err(res)?;
        grants.list.push(g);
        rx_free.extend((0..config.max_receives.max(1)).rev());

        let bytes = sig_pdus.saturating_mul(sig_len);
        let (mut sig_data, g) = try_alloc_vec::<u8>(pool, TAG_SIGNALING, bytes).map_err(res)?;
        grants.list.push(g);
        sig_data.resize(bytes, 0);
        let (mut sig_meta, g) =
            try_alloc_vec::<(VcHandle, u32)>(pool, TAG_SIGNALING, sig_pdus).map_err(res)?;
        grants.list.push(g);
        sig_meta.clear();
        Ok(Parts {
            table,
            handles,
            channel_vc,
            sends,
            send_free,
            receives,
            rx_free,
            sig_data,
            sig_meta,
            rundowns,
            deferred,
        })
    }

    // ---- accessors --------------------------------------------------------------------------

    /// The NIC.
    pub fn nic(&self) -> &N {
        &self.nic
    }

    /// The NIC, mutably (the simulator moves its cells).
    pub fn nic_mut(&mut self) -> &mut N {
        &mut self.nic
    }

    /// The pool façade (the host tests read its leak report after halt).
    pub fn pool(&self) -> &P {
        &self.pool
    }

    /// The VC table (both halves share it).
    pub fn table(&self) -> &VcTable<C, DataPath> {
        &self.table
    }

    /// The VC table, mutably (the call-manager half changes `C` with `context_mut`).
    pub fn table_mut(&mut self) -> &mut VcTable<C, DataPath> {
        &mut self.table
    }

    /// The configuration in force (`max_vcs` lowered to what the NIC supports).
    pub fn config(&self) -> &MiniportConfig {
        &self.config
    }

    /// Adapter-wide counters of the core.
    pub fn counters(&self) -> &MiniportCounters {
        &self.counters
    }

    /// NBLs in flight to the NIC.
    pub fn sends_in_flight(&self) -> usize {
        self.sends.len().saturating_sub(self.send_free.len())
    }

    /// Receive NBLs indicated and not yet returned.
    pub fn receives_outstanding(&self) -> usize {
        self.receives.len().saturating_sub(self.rx_free.len())
    }

    /// Sets the core's clock (the glue: KeQueryInterruptTime before a handler).
    pub fn set_now(&mut self, now: Instant) {
        self.now = self.now.max(now);
    }

    /// The core's clock.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The VC NDIS knows as `ndis`.
    pub fn vc_of(&self, ndis: NdisVcHandle) -> Option<VcHandle> {
        self.handles
            .binary_search_by_key(&ndis, |e| e.0)
            .ok()
            .and_then(|i| self.handles.get(i))
            .map(|e| e.1)
    }

    fn ndis_of(&self, h: VcHandle) -> Option<NdisVcHandle> {
        let token = self.table.context_of(h).ok()?.ndis_handle()?;
        NdisVcHandle::from_raw(token.0)
    }

    // ---- VC creation for the call-manager half ----------------------------------------------

    /// Creates a VC (CmCreateVc with the client's handle, or before NdisMCmCreateVc / for an
    /// internal signaling VC with `ndis` None; set the handle later with
    /// [`MiniportCore::set_ndis_handle`]). Errors: RESOURCES when `max_vcs` VCs exist,
    /// INVALID_PARAMETER for a handle already in use, FAILURE after halt.
    pub fn create_vc(
        &mut self,
        creator: Creator,
        ndis: Option<NdisVcHandle>,
        call: C,
    ) -> Result<VcHandle, NdisStatus> {
        if self.state == AdapterState::Halted {
            return Err(NdisStatus::FAILURE);
        }
        if let Some(n) = ndis {
            if self.vc_of(n).is_some() {
                return Err(NdisStatus::INVALID_PARAMETER);
            }
        }
        let token = ndis.map(|n| NdisVcToken(n.as_raw()));
        let h = self.table.create(creator, token, call, DataPath::default()).map_err(vc_status)?;
        if let Some(n) = ndis {
            self.map_insert(n, h);
        }
        Ok(h)
    }

    /// Stores the NDIS handle NdisMCmCreateVc returned for `h`.
    pub fn set_ndis_handle(&mut self, h: VcHandle, ndis: NdisVcHandle) -> Result<(), NdisStatus> {
        if self.vc_of(ndis).is_some() || self.ndis_of(h).is_some() {
            return Err(NdisStatus::INVALID_PARAMETER);
        }
        self.table.set_ndis_handle(h, NdisVcToken(ndis.as_raw())).map_err(vc_status)?;
        self.map_insert(ndis, h);
        Ok(())
    }

    fn map_insert(&mut self, n: NdisVcHandle, h: VcHandle) {
        // Bounded: the table admits at most `max_vcs` VCs and the map was reserved for them.
        if let Err(at) = self.handles.binary_search_by_key(&n, |e| e.0) {
            if self.handles.len() < self.handles.capacity() {
                self.handles.insert(at, (n, h));
            }
        }
    }

    /// Deletes a Created or Inactive VC on behalf of its creator (CmDeleteVc, before
    /// NdisMCmDeleteVc); returns its call state. NOT_ACCEPTED while active, with a call, or by
    /// another creator.
    pub fn delete_vc(&mut self, h: VcHandle, by: Creator) -> Result<C, NdisStatus> {
        let ndis = self.ndis_of(h);
        let (call, data) = self.table.delete(h, by).map_err(vc_status)?;
        if let Some(g) = data.grant {
            self.pool.free(g);
        }
        if let Some(n) = ndis {
            if let Ok(i) = self.handles.binary_search_by_key(&n, |e| e.0) {
                self.handles.remove(i);
            }
        }
        Ok(call)
    }

    // ---- activation -------------------------------------------------------------------------

    fn limits(&self) -> NicLimits {
        let caps = self.nic.capabilities();
        NicLimits {
            supported_aal_types: caps.aal_types.bits(),
            supported_service_categories: caps.service_categories.ndis_bits(),
            vpi_bits: caps.vpi_bits,
            vci_bits: caps.vci_bits,
            min_vci: self.config.min_vci,
            max_cell_rate: caps.line_cell_rate,
            max_aal5_sdu: caps.max_aal5_sdu,
            max_aal0_sdu: caps.max_aal0_packet,
        }
    }

    /// The channel parameters for `media`, or the NDIS status refusing them.
    pub fn channel_params(&self, media: &CoMediaParameters) -> Result<ChannelParams, NdisStatus> {
        self.channel_params_from(media, self.config.min_vci)
    }

    fn channel_params_from(
        &self,
        media: &CoMediaParameters,
        min_vci: u32,
    ) -> Result<ChannelParams, NdisStatus> {
        let atm: &AtmMediaParameters = match &media.media_specific {
            MediaSpecific::Atm(a) => a,
            MediaSpecific::Other(_) => return Err(NdisStatus::INVALID_DATA),
        };
        let limits = NicLimits { min_vci, ..self.limits() };
        let v = validate_atm(media.flags, atm, &limits).map_err(|e| media_status(&e))?;
        let aal = nic_aal(v.aal).ok_or(NdisStatus::AAL_PARAMS_UNSUPPORTED)?;
        let vpi = u16::try_from(v.vpi).map_err(|_| NdisStatus::INVALID_DATA)?;
        let vci = u16::try_from(v.vci).map_err(|_| NdisStatus::INVALID_DATA)?;
        let cdvt = Duration::from_micros(u64::from(atm.cell_delay_variation_clp0));
        Ok(ChannelParams {
            vpi_vci: VpiVci::new(vpi, vci),
            aal,
            tx_traffic: traffic(v.transmit.as_ref(), cdvt),
            rx_traffic: traffic(v.receive.as_ref(), cdvt),
            tx_max_sdu: v.transmit.map_or(0, |f| f.max_sdu),
            // AAL0 receives cell by cell: every cell payload is one 48-octet PDU.
            rx_max_sdu: v.receive.map_or(0, |f| {
                if aal == NicAal::Aal0 {
                    f.max_sdu.min(48)
                } else {
                    f.max_sdu
                }
            }),
            deliver_errored: media.flags.contains(MediaFlags::INDICATE_ERRED_PACKETS),
            clp_default: atm.default_clp != 0,
        })
    }

    /// Activates `h` with `media` (MiniportCoActivateVc, and the call-manager half's internal
    /// signaling VCs): validates, programs the NIC (open on first activation, modify on
    /// re-activation), binds the VPI/VCI. Statuses: INVALID_DATA, AAL_PARAMS_UNSUPPORTED,
    /// CELLRATE_NOT_AVAILABLE, VC_NOT_AVAILABLE (VPI/VCI in use), RESOURCES.
    pub fn activate_vc(
        &mut self,
        h: VcHandle,
        media: &CoMediaParameters,
    ) -> Result<Activation, NdisStatus> {
        if self.state == AdapterState::Halted || self.table.is_halting() {
            return Err(NdisStatus::FAILURE);
        }
        // Internal VCs (no NDIS handle) are the call manager's own: signaling 0/5 and ILMI
        // 0/16 live in the reserved VCI range clients may not use (I.361 §2.2.3).
        let internal = self.ndis_of(h).is_none();
        let min_vci = if internal { 1 } else { self.config.min_vci };
        let params = self.channel_params_from(media, min_vci)?;
        let address = VcAddress::new(params.vpi_vci.vpi, params.vpi_vci.vci);
        let channel = ChannelId(h.index());
        let now = self.now;
        match self.table.state(h).map_err(vc_status)? {
            VcState::Active => {
                let ctx = self.table.context_of(h).map_err(vc_status)?;
                if ctx.address() != Some(address) {
                    return Err(NdisStatus::INVALID_DATA);
                }
                self.nic.modify_channel(now, channel, &params).map_err(nic_status)?;
                let act = self.table.activate(h, address).map_err(vc_status)?;
                if let Ok(ctx) = self.table.context_mut(h) {
                    ctx.data.params = Some(params);
                }
                Ok(act)
            }
            VcState::Created | VcState::Inactive => {
                if self.table.lookup(address).is_some() {
                    return Err(NdisStatus::VC_NOT_AVAILABLE);
                }
                let grant = self
                    .pool
                    .try_alloc(TAG_CHANNEL, CHANNEL_BYTES)
                    .map_err(|_| NdisStatus::RESOURCES)?;
                if let Err(e) = self.nic.open_channel(now, channel, &params) {
                    self.pool.free(grant);
                    return Err(nic_status(e));
                }
                match self.table.activate(h, address) {
                    Ok(act) => {
                        if let Ok(ctx) = self.table.context_mut(h) {
                            ctx.data.params = Some(params);
                            ctx.data.grant = Some(grant);
                            ctx.data.deactivate_pending = false;
                        }
                        if let Some(c) = self.channel_vc.get_mut(channel.index()) {
                            *c = Some(h);
                        }
                        Ok(act)
                    }
                    Err(e) => {
                        // Nothing can be queued on a channel opened a moment ago.
                        let _ = self.nic.close_channel(now, channel);
                        self.pool.free(grant);
                        Err(vc_status(e))
                    }
                }
            }
            VcState::Deactivating | VcState::Deleted => Err(NdisStatus::NOT_ACCEPTED),
        }
    }

    // ---- deactivation -----------------------------------------------------------------------

    /// Starts deactivating `h`: no new references, the channel is stopped and its unsent PDUs
    /// completed (REQUEST_ABORTED). `Ok(true)`: done (Inactive now); `Ok(false)`: references
    /// (receives not yet returned) remain; the release of the last one finishes it, and for an
    /// NDIS VC calls NdisMCoDeactivateVcComplete.
    pub fn deactivate_vc(
        &mut self,
        irql: Irql,
        h: VcHandle,
        up: &mut dyn NdisUpcalls,
    ) -> Result<bool, NdisStatus> {
        let rundown = self.table.begin_deactivate(h).map_err(vc_status)?;
        let now = self.now;
        // Unsent PDUs complete as aborted through poll_event; deliver them now.
        let _ = self.nic.close_channel(now, ChannelId(h.index()));
        self.drain_events(irql, up);
        // The drain may have released the last reference already (a send completion), in
        // which case the rundown was finished on the way: the VC is Inactive.
        if self.table.state(h) == Ok(VcState::Inactive) {
            return Ok(true);
        }
        let done_here = match rundown {
            Rundown::Complete => true,
            Rundown::Pending => {
                if let Some(i) = self.rundowns.iter().position(|r| *r == h) {
                    self.rundowns.swap_remove(i);
                    true
                } else {
                    false
                }
            }
        };
        if done_here {
            self.finish_deactivate(h);
            Ok(true)
        } else {
            if let Ok(ctx) = self.table.context_mut(h) {
                ctx.data.deactivate_pending = true;
            }
            Ok(false)
        }
    }

    /// Unbinds, frees the channel's resources; returns whether NDIS waits for a completion.
    fn finish_deactivate(&mut self, h: VcHandle) -> bool {
        let _ = self.table.complete_deactivate(h);
        let mut pending = false;
        let mut grant = None;
        if let Ok(ctx) = self.table.context_mut(h) {
            pending = core::mem::take(&mut ctx.data.deactivate_pending);
            ctx.data.params = None;
            grant = ctx.data.grant.take();
        }
        if let Some(g) = grant {
            self.pool.free(g);
        }
        if let Some(c) = self.channel_vc.get_mut(ChannelId(h.index()).index()) {
            *c = None;
        }
        pending
    }

    fn released(&mut self, r: Released) {
        if let Some(h) = r.rundown_complete {
            if self.rundowns.len() < self.rundowns.capacity() {
                self.rundowns.push(h);
            }
        }
    }

    fn release(&mut self, r: VcRef) {
        if let Ok(rel) = self.table.release(r) {
            self.released(rel);
        }
    }

    // ---- driving ----------------------------------------------------------------------------

    /// The DPC / timer entry: runs the NIC's timers, turns its events into NDIS upcalls and
    /// finishes operations that were waiting for a drain. Returns when to call again.
    pub fn service(&mut self, now: Instant, up: &mut dyn NdisUpcalls) -> Option<Instant> {
        if self.state == AdapterState::Halted {
            return None;
        }
        self.set_now(now);
        let irql = Irql::Dispatch;
        self.complete_activations(irql, up);
        self.nic.handle_timeout(self.now);
        self.drain_events(irql, up);
        self.finish_rundowns(irql, up);
        self.check_drained(irql, up);
        self.poll_timeout()
    }

    /// When [`MiniportCore::service`] next has work (the NIC's timers).
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.state == AdapterState::Halted {
            return None;
        }
        self.nic.poll_timeout()
    }

    /// Deferred activations complete before any NIC event is turned into an indication: a VC
    /// must be Active for NDIS before a receive is indicated on it.
    fn complete_activations(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) {
        let mut deferred = core::mem::take(&mut self.deferred_activations);
        let none = CoCallParameters {
            flags: CallFlags(0),
            call_mgr_parameters: None,
            media_parameters: None,
        };
        for &(vc, status) in &deferred {
            up.co_activate_vc_complete(irql, status, vc, &none);
        }
        deferred.clear();
        self.deferred_activations = deferred;
    }

    fn drain_events(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) {
        self.complete_activations(irql, up);
        // Bounded by the NIC's queues: each event is consumed once.
        while let Some(ev) = self.nic.poll_event(self.now) {
            self.on_event(irql, ev, up);
        }
    }

    fn finish_rundowns(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) {
        while let Some(h) = self.rundowns.pop() {
            let ndis = self.ndis_of(h);
            if self.finish_deactivate(h) {
                if let Some(vc) = ndis {
                    up.co_deactivate_vc_complete(irql, NdisStatus::SUCCESS, vc);
                }
            }
        }
    }

    fn check_drained(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) {
        let idle = self.sends_in_flight() == 0 && self.receives_outstanding() == 0;
        if self.state == AdapterState::Pausing && idle {
            self.state = AdapterState::Paused;
            up.pause_complete(irql);
        }
        if self.reset_pending && self.sends_in_flight() == 0 {
            self.reset_pending = false;
            up.reset_complete(Irql::Dispatch.max(irql), NdisStatus::SUCCESS, false);
        }
    }

    fn on_event(&mut self, irql: Irql, ev: NicEvent, up: &mut dyn NdisUpcalls) {
        match ev {
            NicEvent::TransmitComplete { token, status, .. } => {
                let st = match status {
                    TxStatus::Sent => NdisStatus::SUCCESS,
                    TxStatus::Aborted | TxStatus::LinkDown => NdisStatus::REQUEST_ABORTED,
                };
                self.transmit_done(irql, token, st, up);
            }
            NicEvent::Received(pdu) => self.received(irql, pdu, up),
            NicEvent::LinkState { up: carrier } => {
                let code = if carrier { MEDIA_CONNECT } else { MEDIA_DISCONNECT };
                up.co_indicate_status_ex(irql, None, &StatusIndication { code, buffer: &[] });
            }
            NicEvent::Oam(_) | NicEvent::OamDefect { .. } => {
                self.counters.oam_events = self.counters.oam_events.saturating_add(1);
            }
        }
    }

    // ---- send path --------------------------------------------------------------------------

    fn transmit_done(
        &mut self,
        irql: Irql,
        t: TxToken,
        status: NdisStatus,
        up: &mut dyn NdisUpcalls,
    ) {
        let index = (t.0 & 0xFFFF_FFFF) as u32;
        let generation = (t.0 >> 32) as u32;
        let Some(slot) = self.sends.get_mut(index as usize) else { return };
        if slot.generation != generation {
            return;
        }
        let Some(f) = slot.busy.as_mut() else { return };
        f.remaining = f.remaining.saturating_sub(1);
        if !status.is_success() && f.status.is_success() {
            f.status = status;
        }
        if f.remaining != 0 {
            return;
        }
        let Some(f) = slot.busy.take() else { return };
        slot.generation = slot.generation.wrapping_add(1);
        if self.send_free.len() < self.send_free.capacity() {
            self.send_free.push(index);
        }
        self.counters.bytes_xmit_outstanding =
            self.counters.bytes_xmit_outstanding.saturating_sub(f.bytes);
        self.account_send(f.vc.handle(), f.status, f.bytes);
        if let (Some(nbl), Some(vc)) = (f.nbl, f.ndis_vc) {
            up.co_send_net_buffer_lists_complete(
                irql,
                vc,
                &[SendCompletion { id: nbl, status: f.status }],
            );
        }
        self.release(f.vc);
        self.finish_rundowns(irql, up);
        self.check_drained(irql, up);
    }

    fn account_send(&mut self, h: VcHandle, status: NdisStatus, bytes: u64) {
        let ok = status.is_success();
        let c = &mut self.counters;
        if ok {
            c.xmit_pdus_ok = c.xmit_pdus_ok.saturating_add(1);
            c.bytes_xmit = c.bytes_xmit.saturating_add(bytes);
        } else {
            c.xmit_pdus_error = c.xmit_pdus_error.saturating_add(1);
        }
        if let Ok(ctx) = self.table.context_mut(h) {
            let d = &mut ctx.data;
            d.sends_in_flight = d.sends_in_flight.saturating_sub(1);
            if ok {
                d.counters.xmit_pdus_ok = d.counters.xmit_pdus_ok.saturating_add(1);
                d.counters.bytes_xmit = d.counters.bytes_xmit.saturating_add(bytes);
            } else {
                d.counters.xmit_pdus_error = d.counters.xmit_pdus_error.saturating_add(1);
            }
        }
    }

    /// Hands one NBL (its NET_BUFFERs) to the NIC; `Err` is the status to complete it with now.
    fn send_one(
        &mut self,
        h: VcHandle,
        nbl: Option<NblId>,
        ndis_vc: Option<NdisVcHandle>,
        clp: bool,
        buffers: &mut dyn Iterator<Item = &[&[u8]]>,
    ) -> Result<(), NdisStatus> {
        if self.state != AdapterState::Running {
            return Err(if self.state == AdapterState::Halted {
                NdisStatus::FAILURE
            } else {
                NdisStatus::PAUSED
            });
        }
        if self.reset_pending {
            return Err(NdisStatus::RESET_IN_PROGRESS);
        }
        let vc = self.table.acquire(h).map_err(|_| NdisStatus::VC_NOT_ACTIVATED)?;
        let Some(index) = self.send_free.pop() else {
            self.release(vc);
            return Err(NdisStatus::RESOURCES);
        };
        let generation = self.sends.get(index as usize).map_or(0, |s| s.generation);
        let t = token(index, generation);
        let channel = ChannelId(h.index());
        let mut accepted = 0u32;
        let mut bytes = 0u64;
        let mut error = None;
        for frags in buffers {
            match self.nic.transmit(self.now, channel, frags, clp, t) {
                Ok(()) => {
                    accepted = accepted.saturating_add(1);
                    let n: usize = frags.iter().map(|f| f.len()).fold(0, usize::saturating_add);
                    bytes = bytes.saturating_add(n as u64);
                }
                Err(e) => {
                    error = Some(nic_status(e));
                    break;
                }
            }
        }
        if accepted == 0 {
            self.send_free.push(index);
            self.release(vc);
            return Err(error.unwrap_or(NdisStatus::INVALID_LENGTH));
        }
        if let Ok(ctx) = self.table.context_mut(h) {
            ctx.data.sends_in_flight = ctx.data.sends_in_flight.saturating_add(1);
        }
        self.counters.bytes_xmit_outstanding =
            self.counters.bytes_xmit_outstanding.saturating_add(bytes);
        if let Some(slot) = self.sends.get_mut(index as usize) {
            slot.busy = Some(InFlight {
                nbl,
                ndis_vc,
                vc,
                remaining: accepted,
                status: error.unwrap_or(NdisStatus::SUCCESS),
                bytes,
            });
        } else {
            self.release(vc);
        }
        Ok(())
    }

    /// Sends one PDU on an internal (signaling) VC; its completion is consumed by the core.
    pub fn send_internal(&mut self, h: VcHandle, fragments: &[&[u8]]) -> Result<(), NdisStatus> {
        let mut one = core::iter::once(fragments);
        let r = self.send_one(h, None, None, false, &mut one);
        if r.is_err() {
            self.account_refused(h);
        }
        r
    }

    fn account_refused(&mut self, h: VcHandle) {
        self.counters.xmit_pdus_error = self.counters.xmit_pdus_error.saturating_add(1);
        if let Ok(ctx) = self.table.context_mut(h) {
            ctx.data.counters.xmit_pdus_error = ctx.data.counters.xmit_pdus_error.saturating_add(1);
        }
    }

    // ---- receive path -----------------------------------------------------------------------

    fn received(&mut self, irql: Irql, pdu: RxPdu, up: &mut dyn NdisUpcalls) {
        // The channel id is the VC's slab index; `acquire` refuses a VC that is not Active
        // (deactivating, halting) or a stale one.
        let vc = self
            .channel_vc
            .get(pdu.channel.index())
            .copied()
            .flatten()
            .and_then(|h| self.table.acquire(h).ok());
        let Some(vc) = vc else {
            self.drop_pdu(pdu.buffer, None);
            return;
        };
        let h = vc.handle();
        let ndis = self.ndis_of(h);
        let Some(ndis) = ndis else {
            self.signaling_pdu(h, pdu);
            self.release(vc);
            return;
        };
        if self.state != AdapterState::Running || self.reset_pending {
            self.drop_pdu(pdu.buffer, Some(h));
            self.release(vc);
            return;
        }
        let status = if pdu.error.is_some() { NdisStatus::FAILURE } else { NdisStatus::SUCCESS };
        let slot = if pdu.return_needed { None } else { self.rx_free.pop() };
        let len = pdu.len;
        self.account_rx(h, status, len as u64, slot.is_none());
        match slot {
            Some(index) => {
                let generation = self.receives.get(index as usize).map_or(0, |s| s.generation);
                let Some(id) = rx_nbl(index, generation) else {
                    self.rx_free.push(index);
                    self.drop_pdu(pdu.buffer, Some(h));
                    self.release(vc);
                    return;
                };
                if let Some(s) = self.receives.get_mut(index as usize) {
                    s.busy = Some(RxLoan { buffer: pdu.buffer, vc });
                } else {
                    self.release(vc);
                    return;
                }
                if let Ok(ctx) = self.table.context_mut(h) {
                    ctx.data.receives_outstanding = ctx.data.receives_outstanding.saturating_add(1);
                }
                let data = self.nic.rx_data(pdu.buffer).and_then(|d| d.get(..len)).unwrap_or(&[]);
                let nbl = ReceiveNbl { id, source_handle: ndis, data, status };
                up.co_indicate_receive_net_buffer_lists(
                    irql,
                    ndis,
                    &[nbl],
                    ReceiveFlags::default(),
                );
            }
            None => {
                // NDIS_RECEIVE_FLAGS_RESOURCES: NDIS copies during the call; the buffer comes
                // back to the NIC right after it. The identity is the reserved slot-less one.
                let id = NblId::from_raw(RX_NBL_BASE | 0xFFFF_FFFF);
                if let Some(id) = id {
                    let data =
                        self.nic.rx_data(pdu.buffer).and_then(|d| d.get(..len)).unwrap_or(&[]);
                    let nbl = ReceiveNbl { id, source_handle: ndis, data, status };
                    let flags = ReceiveFlags { resources: true };
                    up.co_indicate_receive_net_buffer_lists(irql, ndis, &[nbl], flags);
                }
                self.nic.return_buffer(pdu.buffer);
                self.release(vc);
            }
        }
    }

    fn account_rx(&mut self, h: VcHandle, status: NdisStatus, bytes: u64, resources: bool) {
        let ok = status.is_success();
        let c = &mut self.counters;
        if ok {
            c.rcv_pdus_ok = c.rcv_pdus_ok.saturating_add(1);
        } else {
            c.rcv_pdus_error = c.rcv_pdus_error.saturating_add(1);
        }
        c.bytes_rcv = c.bytes_rcv.saturating_add(bytes);
        if resources {
            c.rcv_resources = c.rcv_resources.saturating_add(1);
        }
        if let Ok(ctx) = self.table.context_mut(h) {
            let d = &mut ctx.data.counters;
            if ok {
                d.rcv_pdus_ok = d.rcv_pdus_ok.saturating_add(1);
            } else {
                d.rcv_pdus_error = d.rcv_pdus_error.saturating_add(1);
            }
            d.bytes_rcv = d.bytes_rcv.saturating_add(bytes);
        }
    }

    fn drop_pdu(&mut self, buffer: RxBufferId, h: Option<VcHandle>) {
        self.nic.return_buffer(buffer);
        self.counters.rcv_dropped = self.counters.rcv_dropped.saturating_add(1);
        if let Some(ctx) = h.and_then(|h| self.table.context_mut(h).ok()) {
            ctx.data.counters.rcv_dropped = ctx.data.counters.rcv_dropped.saturating_add(1);
        }
    }

    fn signaling_pdu(&mut self, h: VcHandle, pdu: RxPdu) {
        let slots = self.sig_meta.capacity().max(1);
        let slot_len = self.sig_data.len() / slots;
        if self.sig_len >= slots || pdu.len > slot_len || pdu.error.is_some() {
            self.drop_pdu(pdu.buffer, Some(h));
            return;
        }
        let at = (self.sig_head + self.sig_len) % slots;
        let start = at.saturating_mul(slot_len);
        let src = self.nic.rx_data(pdu.buffer).and_then(|d| d.get(..pdu.len));
        let dst = self.sig_data.get_mut(start..start.saturating_add(pdu.len));
        if let (Some(src), Some(dst)) = (src, dst) {
            dst.copy_from_slice(src);
            let len = u32::try_from(pdu.len).unwrap_or(0);
            if let Some(m) = self.sig_meta.get_mut(at) {
                *m = (h, len);
            } else {
                self.sig_meta.push((h, len));
            }
            self.sig_len += 1;
            self.counters.signaling_pdus = self.counters.signaling_pdus.saturating_add(1);
            self.nic.return_buffer(pdu.buffer);
        } else {
            self.drop_pdu(pdu.buffer, Some(h));
        }
    }

    /// The oldest PDU received on an internal (signaling) VC, copied into `out`: its VC and
    /// length, or `None` if the queue is empty. A PDU longer than `out` is truncated to it.
    pub fn pop_signaling(&mut self, out: &mut [u8]) -> Option<(VcHandle, usize)> {
        if self.sig_len == 0 {
            return None;
        }
        let slots = self.sig_meta.capacity().max(1);
        let slot_len = self.sig_data.len() / slots;
        let at = self.sig_head;
        let (h, len) = *self.sig_meta.get(at)?;
        let n = (len as usize).min(out.len());
        let start = at.saturating_mul(slot_len);
        if let (Some(src), Some(dst)) =
            (self.sig_data.get(start..start.saturating_add(n)), out.get_mut(..n))
        {
            dst.copy_from_slice(src);
        }
        self.sig_head = (self.sig_head + 1) % slots;
        self.sig_len -= 1;
        Some((h, n))
    }

    // ---- halt -------------------------------------------------------------------------------

    /// MiniportHaltEx's miniport part: stops every channel, completes what the NIC still holds,
    /// and frees every pool once no reference is outstanding. `WaitForClients` while receive
    /// indications are still out (call again after they are returned).
    ///
    /// The AFs are the call-manager half's: its `halt_ex` first sends
    /// NdisMCmNotifyCloseAddressFamily for each open AF and returns `WaitForClients` until the
    /// clients closed them (deleting their VCs), then calls this. The `MiniportHandlers::halt_ex`
    /// of this core alone (no call-manager half) is this method.
    pub fn halt(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> HaltProgress {
        if self.state == AdapterState::Halted {
            return HaltProgress::Halted;
        }
        let _ = self.table.begin_halt();
        let now = self.now;
        // PASSIVE_LEVEL, once per adapter: a temporary list is acceptable here.
        let handles: Vec<VcHandle> = self.table.handles().collect();
        for &h in &handles {
            if matches!(self.table.state(h), Ok(VcState::Active | VcState::Deactivating)) {
                let _ = self.nic.close_channel(now, ChannelId(h.index()));
            }
        }
        self.drain_events(irql, up);
        if self.sends_in_flight() != 0 || self.receives_outstanding() != 0 {
            return HaltProgress::WaitForClients;
        }
        // Free every VC the call-manager half left (an NDIS halt follows the AF closes, so
        // normally none), then the pools.
        for &h in &handles {
            let grant = self.table.context_mut(h).ok().and_then(|c| c.data.grant.take());
            if let Some(g) = grant {
                self.pool.free(g);
            }
        }
        for g in self.grants.list.drain(..) {
            self.pool.free(g);
        }
        self.state = AdapterState::Halted;
        HaltProgress::Halted
    }
}

/// Parts allocated at initialization.
struct Parts<C> {
    table: VcTable<C, DataPath>,
    handles: Vec<(NdisVcHandle, VcHandle)>,
    channel_vc: Vec<Option<VcHandle>>,
    sends: Vec<SendSlot>,
    send_free: Vec<u32>,
    receives: Vec<RxSlot>,
    rx_free: Vec<u32>,
    sig_data: Vec<u8>,
    sig_meta: Vec<(VcHandle, u32)>,
    rundowns: Vec<VcHandle>,
    deferred: Vec<(NdisVcHandle, NdisStatus)>,
}

impl<N: Nic, C: VcCall, P: PoolAllocator> MiniportHandlers for MiniportCore<N, C, P> {
    fn co_activate_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        params: &CoCallParameters,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        // Activation never calls NDIS here: a deferred completion comes from `service`.
        let _ = (irql, up);
        let Some(h) = self.vc_of(vc) else {
            return HandlerStatus::Complete(sync(NdisStatus::INVALID_PARAMETER));
        };
        let status = match params.media_parameters.as_ref() {
            None => NdisStatus::INVALID_DATA,
            Some(media) => match self.activate_vc(h, media) {
                Ok(_) => NdisStatus::SUCCESS,
                Err(s) => s,
            },
        };
        match self.config.activation {
            ActivationMode::Synchronous => HandlerStatus::Complete(sync(status)),
            ActivationMode::Deferred => {
                if self.deferred_activations.len() < self.deferred_activations.capacity() {
                    self.deferred_activations.push((vc, status));
                    HandlerStatus::Pending
                } else {
                    HandlerStatus::Complete(sync(status))
                }
            }
        }
    }

    fn co_deactivate_vc(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        up: &mut dyn NdisUpcalls,
    ) -> HandlerStatus {
        let Some(h) = self.vc_of(vc) else {
            return HandlerStatus::Complete(sync(NdisStatus::INVALID_PARAMETER));
        };
        match self.deactivate_vc(irql, h, up) {
            Ok(true) => HandlerStatus::SUCCESS,
            Ok(false) => HandlerStatus::Pending,
            Err(s) => HandlerStatus::Complete(sync(s)),
        }
    }

    fn co_send_net_buffer_lists(
        &mut self,
        irql: Irql,
        vc: NdisVcHandle,
        list: &dyn PacketList,
        up: &mut dyn NdisUpcalls,
    ) {
        let h = self.vc_of(vc);
        let mut refused = [None::<SendCompletion>; COMPLETION_BATCH];
        let mut n = 0usize;
        for nbl in nbls(list) {
            let Some(id) = nbl.id() else { continue };
            let result = match h {
                Some(h) => {
                    let mut nbs = nbl.net_buffers();
                    self.send_one(h, Some(id), Some(vc), nbl.discard_eligible(), &mut nbs)
                }
                None => Err(NdisStatus::VC_NOT_ACTIVATED),
            };
            if let Err(status) = result {
                if let Some(h) = h {
                    self.account_refused(h);
                } else {
                    self.counters.xmit_pdus_error = self.counters.xmit_pdus_error.saturating_add(1);
                }
                if let Some(slot) = refused.get_mut(n) {
                    *slot = Some(SendCompletion { id, status });
                    n += 1;
                }
                if n == COMPLETION_BATCH {
                    flush(irql, vc, &mut refused, &mut n, up);
                }
            }
        }
        flush(irql, vc, &mut refused, &mut n, up);
    }

    fn co_oid_request(
        &mut self,
        irql: Irql,
        vc: Option<NdisVcHandle>,
        request: OidRequest<'_>,
        up: &mut dyn NdisUpcalls,
    ) -> OidStatus {
        let _ = (irql, up);
        let per_vc = vc.and_then(|v| self.vc_of(v)).and_then(|h| {
            self.table.context_of(h).ok().map(|c| (c.data.counters, c.data.sends_in_flight))
        });
        if vc.is_some() && per_vc.is_none() {
            return OidStatus::Complete(crate::boundary::OidResult::status(sync(
                NdisStatus::INVALID_PARAMETER,
            )));
        }
        let facts = super::oid::Facts {
            caps: self.nic.capabilities(),
            link_up: self.nic.link_up(),
            port: self.nic.port_counters(),
            core: &self.counters,
            per_vc,
            max_vcs: self.config.max_vcs,
            sends_in_flight: self.sends_in_flight(),
            supported: self.supported_oids.get(..self.supported_len).unwrap_or(&[]),
        };
        OidStatus::Complete(super::oid::handle(&facts, request))
    }

    fn return_net_buffer_lists(&mut self, irql: Irql, list: &[NblId], up: &mut dyn NdisUpcalls) {
        for id in list {
            let raw = id.as_raw();
            if raw & 0xFFFF_0000_0000_0000 != RX_NBL_BASE {
                continue;
            }
            let index = ((raw & 0xFFFF_FFFF) as u32).wrapping_sub(1);
            let generation = ((raw >> 32) & 0xFFFF) as u32;
            let Some(slot) = self.receives.get_mut(index as usize) else { continue };
            if slot.generation & 0xFFFF != generation {
                continue;
            }
            let Some(loan) = slot.busy.take() else { continue };
            slot.generation = slot.generation.wrapping_add(1);
            if self.rx_free.len() < self.rx_free.capacity() {
                self.rx_free.push(index);
            }
            self.nic.return_buffer(loan.buffer);
            if let Ok(ctx) = self.table.context_mut(loan.vc.handle()) {
                ctx.data.receives_outstanding = ctx.data.receives_outstanding.saturating_sub(1);
            }
            self.release(loan.vc);
        }
        self.finish_rundowns(irql, up);
        self.check_drained(irql, up);
    }

    fn pause(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> PauseStatus {
        // Deliver what the NIC already finished first, while still Running, so no
        // NdisMPauseComplete can be made from inside this handler.
        self.drain_events(irql, up);
        self.finish_rundowns(irql, up);
        if self.state == AdapterState::Running {
            self.state = AdapterState::Pausing;
        }
        if self.sends_in_flight() == 0 && self.receives_outstanding() == 0 {
            self.state = AdapterState::Paused;
            PauseStatus::Success
        } else {
            PauseStatus::Pending
        }
    }

    fn restart(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> HandlerStatus {
        let _ = (irql, up);
        if matches!(self.state, AdapterState::Paused | AdapterState::Pausing) {
            self.state = AdapterState::Running;
        }
        HandlerStatus::SUCCESS
    }

    fn reset_ex(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> ResetStatus {
        // Every queued transmit completes aborted (REQUEST_ABORTED); channels stay open.
        self.nic.reset(self.now);
        self.drain_events(irql, up);
        self.finish_rundowns(irql, up);
        if self.sends_in_flight() == 0 {
            ResetStatus::Complete { status: SyncStatus::SUCCESS, addressing_reset: false }
        } else {
            // NdisMResetComplete follows when the last send is back (check_drained).
            self.reset_pending = true;
            ResetStatus::Pending
        }
    }

    fn halt_ex(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> HaltProgress {
        self.halt(irql, up)
    }

    fn cancel_send(&mut self, irql: Irql, cancel_id: CancelId, up: &mut dyn NdisUpcalls) {
        // No core-side queue: every accepted NBL is in the NIC's queue (module docs).
        let _ = (irql, cancel_id, up);
    }

    fn cancel_oid_request(&mut self, irql: Irql, request: OidRequestId, up: &mut dyn NdisUpcalls) {
        // Every MiniportCoOidRequest completes synchronously: none is ever pending.
        let _ = (irql, request, up);
    }

    fn check_for_hang_ex(&mut self, irql: Irql, up: &mut dyn NdisUpcalls) -> bool {
        let _ = (irql, up);
        // Hung: sends outstanding while the NIC has no work scheduled to finish them.
        self.state == AdapterState::Running
            && self.sends_in_flight() != 0
            && self.nic.poll_timeout().is_none()
    }
}

fn flush(
    irql: Irql,
    vc: NdisVcHandle,
    buf: &mut [Option<SendCompletion>; COMPLETION_BATCH],
    n: &mut usize,
    up: &mut dyn NdisUpcalls,
) {
    if *n == 0 {
        return;
    }
    let mut out = [SendCompletion {
        id: NblId::from_nonzero(core::num::NonZeroU64::MIN),
        status: NdisStatus::SUCCESS,
    }; COMPLETION_BATCH];
    let mut k = 0usize;
    for c in buf.iter_mut().take(*n) {
        if let (Some(c), Some(o)) = (c.take(), out.get_mut(k)) {
            *o = c;
            k += 1;
        }
    }
    up.co_send_net_buffer_lists_complete(irql, vc, out.get(..k).unwrap_or(&[]));
    *n = 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::atm::ServiceCategory;
    use crate::abi::validate::Direction;

    #[test]
    fn nic_errors_map_to_the_documented_statuses() {
        let cases = [
            (NicError::InvalidParameters, NdisStatus::INVALID_DATA),
            (NicError::Resources, NdisStatus::RESOURCES),
            (NicError::CellRateNotAvailable, NdisStatus::CELLRATE_NOT_AVAILABLE),
            (NicError::VpiVciInUse, NdisStatus::VC_NOT_AVAILABLE),
            (NicError::Unsupported, NdisStatus::AAL_PARAMS_UNSUPPORTED),
            (NicError::ChannelInUse, NdisStatus::INVALID_STATE),
            (NicError::UnknownChannel, NdisStatus::VC_NOT_ACTIVATED),
            (NicError::InvalidLength, NdisStatus::INVALID_LENGTH),
            (NicError::NotTransmitting, NdisStatus::INVALID_STATE),
            (NicError::LinkDown, MEDIA_DISCONNECTED),
        ];
        for (e, s) in cases {
            assert_eq!(nic_status(e), s, "{e:?}");
        }
    }

    #[test]
    fn media_errors_map_to_statuses() {
        let aal = MediaInvalid::AalUnsupported { aal: AalType::Aal1 };
        assert_eq!(media_status(&aal), NdisStatus::AAL_PARAMS_UNSUPPORTED);
        let rate = MediaInvalid::CellRateTooHigh {
            direction: Direction::Transmit,
            field: "PeakCellRate",
            rate: 1,
            max: 0,
        };
        assert_eq!(media_status(&rate), NdisStatus::CELLRATE_NOT_AVAILABLE);
        let cat = MediaInvalid::ServiceCategoryUnsupported {
            direction: Direction::Receive,
            category: ServiceCategory::Abr,
        };
        assert_eq!(media_status(&cat), NdisStatus::INVALID_DATA);
        assert_eq!(media_status(&MediaInvalid::NoDirection), NdisStatus::INVALID_DATA);
    }

    #[test]
    fn contracts_become_traffic_params() {
        let f = |contract| ValidFlow { contract, max_sdu: 100 };
        let cdvt = Duration::from_micros(3);
        let t = traffic(Some(&f(TrafficContract::Cbr { pcr: 10 })), cdvt);
        assert_eq!(t, TrafficParams::cbr(10, cdvt));
        let t = traffic(Some(&f(TrafficContract::Vbr { pcr: 10, scr: 5, mbs: 4 })), cdvt);
        assert_eq!(t, TrafficParams::nrt_vbr(10, 5, 4, cdvt));
        let t = traffic(Some(&f(TrafficContract::Ubr { pcr: None })), cdvt);
        assert_eq!(t, TrafficParams::ubr(0, cdvt));
        let t = traffic(Some(&f(TrafficContract::Abr { pcr: 10, mcr: 2, icr: 5 })), cdvt);
        assert_eq!(t, TrafficParams::abr(10, 2, cdvt));
        assert_eq!(traffic(None, cdvt), TrafficParams::ubr(0, cdvt));
    }

    #[test]
    fn receive_nbl_ids_are_tagged_and_never_null() {
        let id = rx_nbl(0, 0).unwrap();
        assert_eq!(id.as_raw() & 0xFFFF_0000_0000_0000, RX_NBL_BASE);
        assert_ne!(rx_nbl(0, 1), rx_nbl(0, 0));
        assert_ne!(rx_nbl(1, 0), rx_nbl(0, 0));
        assert_eq!(token(3, 7), TxToken(3 | (7 << 32)));
        assert_eq!(nic_aal(AalType::Unknown(3)), None);
        assert_eq!(nic_aal(AalType::Aal0), Some(NicAal::Aal0));
    }
}
