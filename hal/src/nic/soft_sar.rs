//! `SoftSar`: the generic software SAR core that turns a [`CellPort`] into a [`Nic`].
//!
//! In front of the port it puts, per adapter:
//! - the ATM layer (I.361): header generation with HEC, the receive HEC state machine
//!   (I.432.1 [`HecReceiver`]), the VPI/VCI → channel lookup ([`VcTable`], O(1));
//! - the cell scheduler ([`Scheduler`], TM 4.1 / I.371): one decision per cell slot of the
//!   line; OAM cells go first. Its slots follow the line's time: after an idle period it is
//!   moved over the slots that passed (so shaping restarts from the current instant), runs of
//!   idle slots are skipped in one step, and `poll_timeout` names the slot in which the next
//!   cell leaves, not every slot (a slow shaped VC costs work per cell, not per slot);
//! - transmit memory ([`CellStore`]): a PDU is copied into its CPCS-PDU form at `transmit`
//!   and cut into cells lazily, one per slot the scheduler gives its channel; the completion
//!   is queued when the last cell is handed to the port;
//! - per channel: an AAL5 [`Reassembler`] over the adapter's [`BufferPool`], and an I.610
//!   [`OamEndpoint`] (loopback responder, AIS/RDI/LOC defect states) for the F5 flows;
//! - an F4 loopback responder for the VPs.
//!
//! Everything is sized from [`SoftSarConfig`] at creation; the data path never allocates.
//! Cells for no open channel are counted in OID_ATM_RCV_INVALID_VPI_VCI, header errors the HEC
//! cannot correct in OID_ATM_CELLS_HEC_ERROR, reassembly failures per class.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use super::tx::{self, CellStore, TxPdu, PAYLOAD};
use super::vc_table::VcTable;
use super::{
    Aal5ErrorCounters, AalType, AalTypes, Capabilities, CellPort, CellTxError, ChannelCounters,
    ChannelId, ChannelParams, Nic, NicError, NicEvent, OamIndication, PortCounters, RxBufferId,
    RxError, RxPdu, ServiceCategories, TxStatus, TxToken,
};
use crate::aal5::{
    cpcs_pdu_len, Aal5Counters, BufferId, BufferPool, Reassembler, ReassemblyConfig,
    ReassemblyError,
};
use crate::cell::{Cell, HeaderFormat, HeaderRepr, Pti, CELL_LEN, HEADER_LEN};
use crate::oam::{
    LoopbackResponder, LoopbackResponderConfig, OamConnection, OamEndpoint, OamEndpointConfig,
    OamEvent, OamFlow, OamRepr,
};
use crate::oam::{OamCell, OAM_PAYLOAD_LEN};
use crate::tc::{HecOutcome, HecReceiver};
use crate::time::{Duration, Instant};
use crate::traffic::{
    AdmissionError, Scheduler, SchedulerConfig, ServiceCategory, TrafficError, TrafficParams,
};

/// Largest AAL5 CPCS-SDU (I.363.5 §9.2.2.2: the 16-bit Length field).
pub const MAX_AAL5_SDU: u32 = 65_535;

/// Slots one `handle_timeout` call runs at most; a longer backlog of slots (the host was late)
/// is skipped rather than sent as a burst the line could not have carried.
const MAX_SLOTS_PER_CALL: u64 = 1 << 16;

const NANOS_PER_SEC: u128 = 1_000_000_000;

/// Sizing and policy of a [`SoftSar`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoftSarConfig {
    /// Channels open at once (channel ids `0..max_channels`).
    pub max_channels: u32,
    /// VPI bits the adapter decodes (≤ 8 for a UNI header, ≤ 12 for NNI).
    pub vpi_bits: u8,
    /// VCI bits the adapter decodes (≤ 16).
    pub vci_bits: u8,
    /// UNI or NNI cell headers.
    pub header_format: HeaderFormat,
    /// PDUs a channel's transmit queue holds.
    pub tx_queue_pdus: usize,
    /// Transmit memory in cells (48-octet blocks) shared by all channels.
    pub tx_cells: usize,
    /// Receive buffers shared by all channels.
    pub rx_buffers: usize,
    /// Octets per receive buffer: the largest receivable CPCS-PDU (SDU, pad and trailer), so
    /// at most `rx_buffer_len − 8` octets of SDU.
    pub rx_buffer_len: usize,
    /// Reassembly timer: a partial PDU older than this is discarded (I.363.5 leaves the value
    /// to the implementation).
    pub reassembly_timeout: Duration,
    /// Largest AAL5 SDU advertised (≤ 65 535).
    pub max_aal5_sdu: u32,
    /// Largest AAL0 packet advertised (a multiple of 48).
    pub max_aal0_packet: u32,
    /// OAM cells waiting to be sent.
    pub oam_queue_cells: usize,
    /// Upward indications (received PDUs, OAM, defects) waiting to be polled.
    pub indication_queue: usize,
    /// Low-water mark of free receive buffers: a PDU delivered while no more than this many
    /// are free carries [`RxPdu::return_needed`].
    pub rx_low_water: usize,
    /// Service categories offered.
    pub service_categories: ServiceCategories,
    /// Loopback location IDs and rate limit of the F4 and F5 responders.
    pub loopback: LoopbackResponderConfig,
}

impl SoftSarConfig {
    /// A UNI adapter for `max_channels` channels with room for 16 queued PDUs per channel,
    /// 9188-octet SDUs (the RFC 2225 default MTU of 9180 plus an 8-octet LLC/SNAP header),
    /// 8 receive buffers per channel and a 3 s reassembly timeout.
    pub fn new(max_channels: u32) -> Self {
        let channels = usize::try_from(max_channels).unwrap_or(usize::MAX);
        SoftSarConfig {
            max_channels,
            vpi_bits: 8,
            vci_bits: 16,
            header_format: HeaderFormat::Uni,
            tx_queue_pdus: 16,
            tx_cells: channels.saturating_mul(16 * 4).max(4096),
            rx_buffers: channels.saturating_mul(8).max(64),
            rx_buffer_len: 9216,
            reassembly_timeout: Duration::from_secs(3),
            max_aal5_sdu: 9188,
            max_aal0_packet: 48 * 32,
            oam_queue_cells: 64,
            indication_queue: 64,
            rx_low_water: channels.saturating_mul(8).max(64) / 8,
            service_categories: ServiceCategories::CBR
                .union(ServiceCategories::RT_VBR)
                .union(ServiceCategories::NRT_VBR)
                .union(ServiceCategories::UBR)
                .union(ServiceCategories::ABR),
            loopback: LoopbackResponderConfig::default(),
        }
    }
}

/// Headers of a channel's user cells, precomputed per (end of PDU, CLP).
#[derive(Debug, Clone, Copy)]
struct Headers([[u8; HEADER_LEN]; 4]);

impl Headers {
    fn new(format: HeaderFormat, vpi: u16, vci: u16) -> Option<Headers> {
        let mut h = [[0u8; HEADER_LEN]; 4];
        for (i, slot) in h.iter_mut().enumerate() {
            let repr = HeaderRepr {
                format,
                gfc: 0,
                vpi,
                vci,
                pti: Pti::UserData { congestion: false, end_of_pdu: i & 2 != 0 },
                clp: i & 1 != 0,
            };
            *slot = repr.to_octets().ok()?;
        }
        Some(Headers(h))
    }

    fn get(&self, end_of_pdu: bool, clp: bool) -> [u8; HEADER_LEN] {
        let i = usize::from(end_of_pdu) * 2 + usize::from(clp);
        self.0.get(i).copied().unwrap_or([0; HEADER_LEN])
    }
}

#[derive(Debug)]
struct Channel {
    params: ChannelParams,
    headers: Headers,
    queue: VecDeque<TxPdu>,
    /// Cells of every queued PDU not yet sent.
    queued_cells: u64,
    reassembler: Reassembler,
    oam: OamEndpoint,
    reported_defects: (bool, bool, bool),
    counters: ChannelCounters,
}

/// The software SAR NIC over a cell port. See the module documentation.
#[derive(Debug)]
pub struct SoftSar<P: CellPort> {
    port: P,
    config: SoftSarConfig,
    capabilities: Capabilities,
    channels: Vec<Option<Channel>>,
    table: VcTable,
    scheduler: Scheduler,
    store: CellStore,
    pool: BufferPool,
    /// Buffers lent to the consumer, by pool index, with the serial of the loan (so a stale
    /// or doubled return of an id never frees a later loan of the same buffer).
    lent: Vec<Option<(BufferId, u32)>>,
    lend_serial: u32,
    hec: HecReceiver,
    f4_responder: LoopbackResponder,
    /// Cells sent ahead of the scheduler: OAM cells (`true`) and abort cells (`false`).
    oam_tx: VecDeque<(Cell, bool)>,
    /// Transmit queues of closed channel slots, allocated at creation (bounded memory: opening
    /// a channel allocates nothing).
    spare_queues: Vec<VecDeque<TxPdu>>,
    completions: VecDeque<NicEvent>,
    indications: VecDeque<NicEvent>,
    link_events: VecDeque<bool>,
    link_up: bool,
    /// Cells queued over all channels (0: the slot clock may idle).
    backlog_cells: u64,
    /// Slot clock: when the next cell slot starts. One slot lasts 1/line_rate s, kept exact
    /// by carrying the nanosecond remainder (`slot_frac`, in units of 1/line_rate ns).
    next_slot: Instant,
    slot_frac: u64,
    slot_ns: u64,
    slot_rem: u64,
    line_rate: u64,
    counters: PortCounters,
    indications_dropped: u64,
    /// No channel timer (reassembly, OAM) is due before this instant. It may be early (a
    /// timer was cancelled or moved later) but never late, so `poll_timeout` is O(1) and
    /// `handle_timeout` scans the channels only when something may be due.
    timer_hint: Option<Instant>,
}

fn map_reassembly_error(e: ReassemblyError) -> RxError {
    match e {
        ReassemblyError::Crc => RxError::Crc,
        ReassemblyError::Length => RxError::Length,
        ReassemblyError::InvalidCpi => RxError::InvalidCpi,
        ReassemblyError::Oversize => RxError::Oversize,
    }
}

/// The NIC-level view of a reassembler's error counters.
fn aal5_errors(c: &Aal5Counters) -> Aal5ErrorCounters {
    Aal5ErrorCounters {
        crc: c.crc_errors,
        length: c.length_errors,
        oversize: c.oversize,
        timeout: c.timeouts,
        buffer_exhaustion: c.buffer_exhaustion,
    }
}

impl Channel {
    /// The channel's counters: the AAL5 errors are read from the reassembler when asked
    /// rather than copied on every cell (`counters.aal5` keeps what retired reassemblers and
    /// AAL0 buffer exhaustion counted).
    fn counters(&self) -> ChannelCounters {
        let mut c = self.counters;
        c.aal5.add(&aal5_errors(self.reassembler.counters()));
        c
    }
}

fn category_set(c: ServiceCategory) -> ServiceCategories {
    match c {
        ServiceCategory::Cbr => ServiceCategories::CBR,
        ServiceCategory::RtVbr => ServiceCategories::RT_VBR,
        ServiceCategory::NrtVbr => ServiceCategories::NRT_VBR,
        ServiceCategory::Ubr => ServiceCategories::UBR,
        ServiceCategory::Abr => ServiceCategories::ABR,
    }
}

/// The largest SDU whose CPCS-PDU fits `buffer_len` octets (I.363.5 §9.2.2: whole cells,
/// 8-octet trailer).
fn largest_sdu_for(buffer_len: usize) -> u32 {
    let cells = buffer_len / PAYLOAD;
    let octets = cells.saturating_mul(PAYLOAD).saturating_sub(8);
    u32::try_from(octets).unwrap_or(u32::MAX).min(MAX_AAL5_SDU)
}

fn bump(c: &mut u64) {
    *c = c.saturating_add(1);
}

impl<P: CellPort> SoftSar<P> {
    /// A software NIC over `port`, allocating every table, queue and buffer now.
    /// `InvalidParameters` for an inconsistent configuration, `Resources` if an allocation
    /// fails.
    pub fn new(port: P, config: SoftSarConfig) -> Result<Self, NicError> {
        let info = port.info();
        let max_vpi_bits = match config.header_format {
            HeaderFormat::Uni => 8,
            HeaderFormat::Nni => 12,
        };
        if config.max_channels == 0
            || config.vpi_bits > max_vpi_bits
            || config.vci_bits > 16
            || config.max_aal5_sdu > MAX_AAL5_SDU
            || !config.max_aal0_packet.is_multiple_of(48)
            || config.tx_queue_pdus == 0
            || info.line_cell_rate == 0
        {
            return Err(NicError::InvalidParameters);
        }
        let channels_len =
            usize::try_from(config.max_channels).map_err(|_| NicError::InvalidParameters)?;
        let scheduler = Scheduler::new(SchedulerConfig {
            line_cell_rate: info.line_cell_rate,
            max_vcs: config.max_channels,
        })
        .map_err(|_| NicError::InvalidParameters)?;
        let pool = BufferPool::new(config.rx_buffers, config.rx_buffer_len)
            .map_err(|_| NicError::Resources)?;
        let mut channels = Vec::new();
        channels.try_reserve_exact(channels_len).map_err(|_| NicError::Resources)?;
        channels.resize_with(channels_len, || None);
        let mut lent = Vec::new();
        lent.try_reserve_exact(config.rx_buffers).map_err(|_| NicError::Resources)?;
        lent.resize(config.rx_buffers, None);
        let completions_cap = channels_len.saturating_mul(config.tx_queue_pdus);
        let mut spare_queues = Vec::new();
        spare_queues.try_reserve_exact(channels_len).map_err(|_| NicError::Resources)?;
        for _ in 0..channels_len {
            let mut q = VecDeque::new();
            q.try_reserve_exact(config.tx_queue_pdus).map_err(|_| NicError::Resources)?;
            spare_queues.push(q);
        }
        let capabilities = Capabilities {
            max_vcs: config.max_channels,
            vpi_bits: config.vpi_bits,
            vci_bits: config.vci_bits,
            line_cell_rate: info.line_cell_rate,
            min_cell_rate: 1,
            aal_types: AalTypes::AAL0 | AalTypes::AAL5,
            service_categories: config.service_categories,
            max_aal5_sdu: config.max_aal5_sdu.min(largest_sdu_for(config.rx_buffer_len)),
            max_aal0_packet: config.max_aal0_packet,
            esi: info.esi,
            hardware_sar: false,
        };
        Ok(SoftSar {
            capabilities,
            channels,
            table: VcTable::new(channels_len),
            scheduler,
            store: CellStore::new(config.tx_cells),
            pool,
            lent,
            lend_serial: 0,
            hec: HecReceiver::new(),
            f4_responder: LoopbackResponder::new(config.loopback),
            oam_tx: VecDeque::with_capacity(config.oam_queue_cells),
            spare_queues,
            completions: VecDeque::with_capacity(completions_cap),
            indications: VecDeque::with_capacity(config.indication_queue),
            link_events: VecDeque::with_capacity(8),
            link_up: port.link_up(),
            backlog_cells: 0,
            next_slot: Instant::ZERO,
            slot_frac: 0,
            slot_ns: 1_000_000_000 / u64::from(info.line_cell_rate),
            slot_rem: 1_000_000_000 % u64::from(info.line_cell_rate),
            line_rate: u64::from(info.line_cell_rate),
            counters: PortCounters::default(),
            indications_dropped: 0,
            timer_hint: None,
            port,
            config,
        })
    }

    /// The cell port (e.g. for the fabric to move its cells).
    pub fn port(&self) -> &P {
        &self.port
    }

    /// The cell port, mutably. Only for the port's owner-side plumbing (the simulated fabric);
    /// sending or receiving cells through it bypasses the SAR.
    pub fn port_mut(&mut self) -> &mut P {
        &mut self.port
    }

    /// The configuration.
    pub fn config(&self) -> &SoftSarConfig {
        &self.config
    }

    /// Free transmit memory in cells.
    pub fn tx_cells_free(&self) -> usize {
        self.store.free()
    }

    /// Receive buffers neither lent out nor in use by a reassembly.
    pub fn rx_buffers_free(&self) -> usize {
        self.pool.free_count()
    }

    /// Indications dropped because the indication queue was full.
    pub fn indications_dropped(&self) -> u64 {
        self.indications_dropped
    }

    /// The OAM defect state (AIS, RDI, LOC) of a channel's end point.
    pub fn channel_defects(&self, channel: ChannelId) -> Option<crate::oam::DefectStatus> {
        self.channel(channel).map(|c| c.oam.defects())
    }

    fn channel(&self, id: ChannelId) -> Option<&Channel> {
        self.channels.get(id.index()).and_then(Option::as_ref)
    }

    /// Folds channel `index`'s timers into the hint after something may have armed one.
    fn note_timers(&mut self, index: usize) {
        let Some(Some(ch)) = self.channels.get(index) else {
            return;
        };
        for t in [ch.reassembler.poll_timeout(), ch.oam.poll_timeout()].into_iter().flatten() {
            self.timer_hint = Some(self.timer_hint.map_or(t, |h| h.min(t)));
        }
    }

    // ----- validation -------------------------------------------------------------------

    fn check_traffic(&self, t: &TrafficParams) -> Result<(), NicError> {
        if !self.capabilities.service_categories.contains(category_set(t.category)) {
            return Err(NicError::Unsupported);
        }
        Ok(())
    }

    fn validate(&self, params: &ChannelParams) -> Result<Headers, NicError> {
        let vv = params.vpi_vci;
        if !self.capabilities.aal_types.contains(params.aal.as_set()) {
            return Err(NicError::Unsupported);
        }
        if !self.capabilities.fits(vv.vpi, vv.vci) || !vv.is_valid() || (vv.vpi == 0 && vv.vci == 0)
        {
            return Err(NicError::InvalidParameters);
        }
        // VCIs 3 and 4 carry the VP's F4 OAM flows (I.361 Table 2): never a user channel.
        if vv.vci == crate::oam::flow::F4_SEGMENT_VCI
            || vv.vci == crate::oam::flow::F4_END_TO_END_VCI
        {
            return Err(NicError::InvalidParameters);
        }
        let (tx_limit, rx_limit) = match params.aal {
            AalType::Aal5 => (self.capabilities.max_aal5_sdu, self.capabilities.max_aal5_sdu),
            AalType::Aal0 => (self.capabilities.max_aal0_packet, 48),
            AalType::Aal1 | AalType::Aal34 => return Err(NicError::Unsupported),
        };
        if params.tx_max_sdu > tx_limit || params.rx_max_sdu > rx_limit {
            return Err(NicError::InvalidParameters);
        }
        // A reassembled PDU must fit one receive buffer whole (CPCS-PDU with pad and trailer).
        let rx_sdu = usize::try_from(params.rx_max_sdu).unwrap_or(usize::MAX);
        if params.aal == AalType::Aal5 && cpcs_pdu_len(rx_sdu) > self.pool.buffer_len() {
            return Err(NicError::InvalidParameters);
        }
        if params.tx_max_sdu > 0 {
            self.check_traffic(&params.tx_traffic)?;
        }
        Headers::new(self.config.header_format, vv.vpi, vv.vci).ok_or(NicError::InvalidParameters)
    }

    fn reassembly_config(&self, params: &ChannelParams) -> ReassemblyConfig {
        ReassemblyConfig {
            max_sdu: usize::try_from(params.rx_max_sdu).unwrap_or(0),
            timeout: self.config.reassembly_timeout,
            deliver_errored: params.deliver_errored,
        }
    }

    fn oam_config(&self, params: &ChannelParams) -> OamEndpointConfig {
        let mut c = OamEndpointConfig::new(OamConnection::Vc {
            vpi: params.vpi_vci.vpi,
            vci: params.vpi_vci.vci,
        });
        c.loopback = self.config.loopback;
        c
    }

    fn admit(&mut self, index: u32, params: &ChannelParams) -> Result<(), NicError> {
        if params.tx_max_sdu == 0 {
            return Ok(());
        }
        self.scheduler.add_vc(index, params.tx_traffic).map_err(|e| match e {
            AdmissionError::CellRateNotAvailable { .. }
            | AdmissionError::InvalidParams(TrafficError::ExceedsLineRate { .. }) => {
                NicError::CellRateNotAvailable
            }
            AdmissionError::IndexInUse(_) => NicError::ChannelInUse,
            AdmissionError::IndexOutOfRange(_) | AdmissionError::InvalidParams(_) => {
                NicError::InvalidParameters
            }
        })
    }

    // ----- transmit ---------------------------------------------------------------------

    fn next_slot_at(&self) -> Instant {
        self.next_slot
    }

    /// Moves the slot clock one slot on (no division on the per-cell path).
    fn advance_slot(&mut self) {
        self.next_slot = self.next_slot.saturating_add(Duration::from_nanos(self.slot_ns));
        self.slot_frac = self.slot_frac.saturating_add(self.slot_rem);
        if self.slot_frac >= self.line_rate {
            self.slot_frac -= self.line_rate;
            self.next_slot = self.next_slot.saturating_add(Duration::from_nanos(1));
        }
    }

    /// Restarts the slot clock: the next slot starts at `at`.
    fn restart_slots(&mut self, at: Instant) {
        self.next_slot = at;
        self.slot_frac = 0;
    }

    /// How many slots of the slot clock start at or before `now` (0 if the next one starts
    /// later). Slot j (from the next one, j = 0) starts ⌊(slot_frac + j·10^9) / line_rate⌋ ns
    /// after `next_slot` (what `advance_slot` computes incrementally), so with D the ns from
    /// `next_slot` to `now`, slot j has started iff slot_frac + j·10^9 < (D + 1)·line_rate.
    /// Exact integer arithmetic (u128: D·line_rate may exceed u64).
    fn slots_started_by(&self, now: Instant) -> u64 {
        if now < self.next_slot {
            return 0;
        }
        let d = u128::from(now.saturating_duration_since(self.next_slot).as_nanos());
        let limit = (d + 1) * u128::from(self.line_rate);
        let count = limit.saturating_sub(u128::from(self.slot_frac)).div_ceil(NANOS_PER_SEC);
        u64::try_from(count).unwrap_or(u64::MAX)
    }

    /// The instant slot `j` (counting the next one as 0) of the slot clock starts.
    fn slot_start(&self, j: u64) -> Instant {
        let (ns, _) = self.slot_offset(j);
        self.next_slot.saturating_add(Duration::from_nanos(ns))
    }

    /// (⌊(slot_frac + j·10^9) / line_rate⌋, remainder).
    fn slot_offset(&self, j: u64) -> (u64, u64) {
        let total = u128::from(self.slot_frac) + u128::from(j) * NANOS_PER_SEC;
        let rate = u128::from(self.line_rate.max(1));
        // remainder < line_rate ≤ u64::MAX.
        (u64::try_from(total / rate).unwrap_or(u64::MAX), (total % rate) as u64)
    }

    /// Moves the slot clock `j` slots on (as `j` calls of `advance_slot`).
    fn advance_slots(&mut self, j: u64) {
        let (ns, frac) = self.slot_offset(j);
        self.next_slot = self.next_slot.saturating_add(Duration::from_nanos(ns));
        self.slot_frac = frac;
    }

    /// Restarts the slot clock at `now` if it is idle in the past, first moving the scheduler
    /// over the slots that passed meanwhile (it has no backlog then, so `skip_to` goes all the
    /// way): shaping then runs on the line's time, not on the time of the last busy slot. The
    /// slot restarted at `now` takes the index of the slot of the old grid holding `now`, whose
    /// start is not later than `now`, so slot indices never run ahead of time (a VC's cells
    /// are at least as far apart in time as in slots: its contract holds).
    fn wake_slot_clock(&mut self, now: Instant) {
        let next = self.next_slot_at();
        if next < now {
            let passed = self.slots_started_by(now).saturating_sub(1);
            self.scheduler.advance_idle(passed);
            self.restart_slots(now);
        }
    }

    /// After an idle slot: move the scheduler and the slot clock over the idle slots up to
    /// `now` at once, stopping at the first slot in which a VC may send (so a slow shaped VC
    /// costs work per cell, not per slot).
    fn skip_idle_slots(&mut self, now: Instant) {
        let slots = self.slots_started_by(now);
        if slots == 0 {
            return;
        }
        let from = self.scheduler.now();
        let reached = self.scheduler.skip_to(from.saturating_add(slots));
        self.advance_slots(reached.saturating_sub(from));
    }

    fn has_tx_work(&self) -> bool {
        self.link_up && (self.backlog_cells > 0 || !self.oam_tx.is_empty())
    }

    fn queue_oam(&mut self, now: Instant, flow: OamFlow, payload: &[u8; OAM_PAYLOAD_LEN]) -> bool {
        let (vpi, vci, pti) = flow.header_fields();
        let repr = HeaderRepr {
            format: self.config.header_format,
            gfc: 0,
            vpi,
            vci,
            pti: Pti::from_bits(pti),
            clp: false,
        };
        let Ok(header) = repr.to_octets() else {
            bump(&mut self.counters.oam_cells_dropped);
            return false;
        };
        if self.oam_tx.len() >= self.config.oam_queue_cells || !self.link_up {
            bump(&mut self.counters.oam_cells_dropped);
            return false;
        }
        let mut cell = [0u8; CELL_LEN];
        let (h, p) = cell.split_at_mut(HEADER_LEN);
        h.copy_from_slice(&header);
        p.copy_from_slice(payload);
        if !self.has_tx_work() {
            // The slot clock may be idle in the past: the cell goes in the next slot from now.
            self.wake_slot_clock(now);
        }
        self.oam_tx.push_back((cell, true));
        true
    }

    /// Sends the cells of the slots due by `now`.
    fn run_slots(&mut self, now: Instant) {
        if !self.has_tx_work() {
            return;
        }
        let mut budget = MAX_SLOTS_PER_CALL;
        while self.next_slot_at() <= now {
            if !self.has_tx_work() {
                break;
            }
            if !self.port.tx_ready() {
                // The line is still busy with cells handed over earlier: these slots are
                // taken. Try again one slot from now (or when the port signals room).
                self.restart_slots(now);
                self.advance_slot();
                break;
            }
            if budget == 0 {
                // The host fell far behind: skip the missed slots instead of bursting them.
                self.restart_slots(now);
                break;
            }
            budget -= 1;
            let slot_at = self.next_slot_at();
            if let Some((cell, is_oam)) = self.oam_tx.front().copied() {
                match self.port.transmit_cell(slot_at, &cell) {
                    Ok(()) => {
                        self.oam_tx.pop_front();
                        bump(&mut self.counters.xmit_cells_ok);
                        if is_oam {
                            bump(&mut self.counters.oam_cells_xmit);
                        }
                    }
                    Err(CellTxError::Busy) => {
                        self.restart_slots(now);
                        self.advance_slot();
                        break;
                    }
                    Err(CellTxError::LinkDown) => {
                        self.oam_tx.pop_front();
                        if is_oam {
                            bump(&mut self.counters.oam_cells_dropped);
                        }
                    }
                }
                self.advance_slot();
                continue;
            }
            // `None` is an idle slot: the port sends idle/unassigned cells itself.
            match self.scheduler.next_slot() {
                Some(vc) => {
                    self.send_user_cell(slot_at, vc);
                    self.advance_slot();
                }
                None => {
                    self.advance_slot();
                    self.skip_idle_slots(now);
                }
            }
        }
    }

    /// Sends the next cell of channel `vc` (the scheduler picked it for this slot).
    fn send_user_cell(&mut self, slot_at: Instant, vc: u32) {
        let Some(Some(ch)) = self.channels.get_mut(usize::try_from(vc).unwrap_or(usize::MAX))
        else {
            return;
        };
        let Some(pdu) = ch.queue.front_mut() else {
            // Backlog bookkeeping out of step: tell the scheduler the truth.
            let _ = self.scheduler.set_backlog(vc, 0);
            return;
        };
        let last = pdu.cells_left <= 1;
        // A block always backs each unsent cell; without one the PDU is beyond repair and
        // is failed rather than left to stall the scheduler.
        let sent = match self.store.block(pdu.head) {
            Some(payload) => {
                let mut cell = [0u8; CELL_LEN];
                let (h, p) = cell.split_at_mut(HEADER_LEN);
                h.copy_from_slice(&ch.headers.get(last, pdu.clp));
                p.copy_from_slice(payload);
                match self.port.transmit_cell(slot_at, &cell) {
                    Ok(()) => true,
                    Err(CellTxError::Busy) => {
                        // tx_ready() said otherwise; keep the cell for a later slot.
                        let _ = self.scheduler.add_backlog(vc, 1);
                        return;
                    }
                    // The line died under us: the cell is lost as it would be on the wire;
                    // the PDU still progresses so nothing stalls until the link-down flush.
                    Err(CellTxError::LinkDown) => false,
                }
            }
            None => false,
        };
        if sent {
            bump(&mut self.counters.xmit_cells_ok);
            bump(&mut ch.counters.xmit_cells_ok);
            ch.oam.handle_user_cell_sent(slot_at);
        } else {
            pdu.lost = true;
        }
        let cc_armed = ch.oam.continuity_check();
        pdu.started = true;
        pdu.head = self.store.release(pdu.head);
        pdu.cells_left = pdu.cells_left.saturating_sub(1);
        ch.queued_cells = ch.queued_cells.saturating_sub(1);
        self.backlog_cells = self.backlog_cells.saturating_sub(1);
        if pdu.cells_left == 0 {
            let token = pdu.token;
            let status = if pdu.lost { TxStatus::LinkDown } else { TxStatus::Sent };
            ch.queue.pop_front();
            if status == TxStatus::Sent {
                bump(&mut ch.counters.xmit_pdus_ok);
                bump(&mut self.counters.xmit_pdus_ok);
            } else {
                bump(&mut ch.counters.xmit_pdus_aborted);
                bump(&mut self.counters.xmit_pdus_aborted);
            }
            self.completions.push_back(NicEvent::TransmitComplete {
                channel: ChannelId(vc),
                token,
                status,
            });
        }
        if cc_armed {
            self.note_timers(usize::try_from(vc).unwrap_or(usize::MAX));
        }
    }

    /// Completes every queued PDU of a channel with `status` and frees its cells.
    fn flush_channel(&mut self, now: Instant, index: usize, status: TxStatus) {
        let Some(Some(ch)) = self.channels.get_mut(index) else {
            return;
        };
        let vc = u32::try_from(index).unwrap_or(u32::MAX);
        let mut abort = None;
        if let Some(front) = ch.queue.front() {
            if front.started && ch.params.aal == AalType::Aal5 {
                abort = Some(ch.headers.get(true, front.clp));
            }
        }
        while let Some(pdu) = ch.queue.pop_front() {
            self.store.release_chain(pdu.head);
            bump(&mut ch.counters.xmit_pdus_aborted);
            bump(&mut self.counters.xmit_pdus_aborted);
            self.completions.push_back(NicEvent::TransmitComplete {
                channel: ChannelId(vc),
                token: pdu.token,
                status,
            });
        }
        self.backlog_cells = self.backlog_cells.saturating_sub(ch.queued_cells);
        ch.queued_cells = 0;
        let _ = self.scheduler.set_backlog(vc, 0);
        if let Some(header) = abort {
            self.queue_abort_cell(now, header);
        }
    }

    /// Queues the cell ending a partially sent PDU (see `tx::aal5_abort_payload`) ahead of
    /// user cells. Pointless with the link down: the far end resets its reassembly then.
    fn queue_abort_cell(&mut self, now: Instant, header: [u8; HEADER_LEN]) {
        if !self.link_up || self.oam_tx.len() >= self.config.oam_queue_cells {
            return;
        }
        let mut cell = [0u8; CELL_LEN];
        let (h, p) = cell.split_at_mut(HEADER_LEN);
        h.copy_from_slice(&header);
        p.copy_from_slice(&tx::aal5_abort_payload());
        if !self.has_tx_work() {
            self.wake_slot_clock(now);
        }
        self.oam_tx.push_back((cell, false));
    }

    // ----- link state -------------------------------------------------------------------

    fn sync_link(&mut self, now: Instant) {
        while let Some(up) = self.port.poll_link_change() {
            self.on_link_change(now, up);
        }
    }

    fn on_link_change(&mut self, now: Instant, up: bool) {
        if self.link_events.len() >= 8 {
            self.link_events.pop_back();
        }
        self.link_events.push_back(up);
        if up == self.link_up {
            return;
        }
        self.link_up = up;
        if !up {
            // Nothing can be sent: give every queued PDU back now rather than holding the
            // client's buffers for an unknown time; partial receptions cannot complete.
            for i in 0..self.channels.len() {
                self.flush_channel(now, i, TxStatus::LinkDown);
                if let Some(Some(ch)) = self.channels.get_mut(i) {
                    ch.reassembler.reset(&mut self.pool);
                }
            }
            self.oam_tx.clear();
            self.hec.reset_mode();
        } else {
            // The scheduler (no backlog: everything was flushed at the down edge) moves over
            // the time the link was down, then the slots start at `now`.
            self.wake_slot_clock(now);
            self.restart_slots(now);
        }
        for i in 0..self.channels.len() {
            if let Some(Some(ch)) = self.channels.get_mut(i) {
                ch.oam.handle_link_state(now, up);
            }
            self.drain_endpoint(now, i);
        }
    }

    // ----- OAM --------------------------------------------------------------------------

    fn push_indication(&mut self, ev: NicEvent) {
        if self.indications.len() >= self.config.indication_queue {
            if let NicEvent::Received(pdu) = ev {
                // Never leak the buffer of an indication we cannot make.
                self.take_lent(pdu.buffer);
            }
            self.indications_dropped = self.indications_dropped.saturating_add(1);
            return;
        }
        self.indications.push_back(ev);
    }

    /// Drops the not yet polled indications of a closed channel (NDIS: no indication after
    /// deactivation), taking back the buffers of its received PDUs.
    fn purge_indications(&mut self, channel: ChannelId) {
        for _ in 0..self.indications.len() {
            let Some(ev) = self.indications.pop_front() else {
                break;
            };
            let mine = match ev {
                NicEvent::Received(pdu) => {
                    if pdu.channel == channel {
                        self.take_lent(pdu.buffer);
                    }
                    pdu.channel == channel
                }
                NicEvent::Oam(ind) => ind.channel == Some(channel),
                NicEvent::OamDefect { channel: c, .. } => c == channel,
                NicEvent::TransmitComplete { .. } | NicEvent::LinkState { .. } => false,
            };
            if !mine {
                self.indications.push_back(ev);
            }
        }
    }

    /// Moves an end point's cells to the OAM queue and its defect changes to indications.
    fn drain_endpoint(&mut self, now: Instant, index: usize) {
        self.note_timers(index);
        let vc = u32::try_from(index).unwrap_or(u32::MAX);
        loop {
            let Some(Some(ch)) = self.channels.get_mut(index) else {
                return;
            };
            let Some((flow, payload)) = ch.oam.poll_transmit() else {
                break;
            };
            self.queue_oam(now, flow, &payload);
        }
        let mut changed = false;
        if let Some(Some(ch)) = self.channels.get_mut(index) {
            while let Some(ev) = ch.oam.poll_event() {
                match ev {
                    OamEvent::DefectRaised(_) | OamEvent::DefectCleared(_) => changed = true,
                    // The SoftSar never originates loopbacks through the end point: the upper
                    // layers send their own and see the replies as Oam indications.
                    OamEvent::Loopback(_) => {}
                }
            }
        }
        if changed {
            let Some(Some(ch)) = self.channels.get_mut(index) else {
                return;
            };
            let d = ch.oam.defects();
            let state = (d.ais, d.rdi, d.loc);
            if state != ch.reported_defects {
                ch.reported_defects = state;
                self.push_indication(NicEvent::OamDefect {
                    channel: ChannelId(vc),
                    ais: d.ais,
                    rdi: d.rdi,
                    loc: d.loc,
                });
            }
        }
    }

    /// An OAM cell arrived. Every cell lands in exactly one counter: an F5 cell of no open
    /// channel in RCV_INVALID_VPI_VCI, a cell failing the CRC-10 or format checks in
    /// `oam_cells_invalid`, anything else in RCV_CELLS_OK (`oam_cells_rcv` counts them all).
    fn receive_oam(&mut self, now: Instant, flow: OamFlow, payload: &[u8; OAM_PAYLOAD_LEN]) {
        bump(&mut self.counters.oam_cells_rcv);
        let channel = match flow {
            OamFlow::F4 { .. } => None,
            OamFlow::F5 { vpi, vci, .. } => {
                let Some(index) = self.table.get(crate::cell::VpiVci::new(vpi, vci)) else {
                    bump(&mut self.counters.rcv_invalid_vpi_vci);
                    return;
                };
                Some(index)
            }
        };
        let Ok(repr) = OamRepr::parse(&OamCell::new_unchecked(&payload[..])) else {
            bump(&mut self.counters.oam_cells_invalid);
            return;
        };
        bump(&mut self.counters.rcv_cells_ok);
        let level = flow.level();
        let Some(index) = channel else {
            // F4: this NIC terminates every VP it receives on.
            match repr {
                OamRepr::Loopback(lb) if lb.indication => {
                    if let Some(reply) = self.f4_responder.respond(now, level, &lb) {
                        let cell = OamRepr::Loopback(reply).to_payload();
                        self.queue_oam(now, flow, &cell);
                    }
                }
                _ => self.push_indication(NicEvent::Oam(OamIndication {
                    channel: None,
                    flow,
                    payload: *payload,
                })),
            }
            return;
        };
        let i = usize::try_from(index).unwrap_or(usize::MAX);
        let Some(Some(ch)) = self.channels.get_mut(i) else {
            return;
        };
        bump(&mut ch.counters.rcv_cells_ok);
        let upward = matches!(repr, OamRepr::Loopback(lb) if !lb.indication)
            || matches!(repr, OamRepr::Other { .. });
        if upward {
            self.push_indication(NicEvent::Oam(OamIndication {
                channel: Some(ChannelId(index)),
                flow,
                payload: *payload,
            }));
        } else {
            let _ = ch.oam.handle_cell(now, level, &payload[..]);
            self.drain_endpoint(now, i);
        }
    }

    // ----- receive ----------------------------------------------------------------------

    fn lend(&mut self, id: BufferId) -> RxBufferId {
        let index = id.index();
        self.lend_serial = self.lend_serial.wrapping_add(1);
        let serial = self.lend_serial;
        if let Some(slot) = self.lent.get_mut(index) {
            *slot = Some((id, serial));
        }
        let index = u64::try_from(index).unwrap_or(u64::from(u32::MAX)) & 0xFFFF_FFFF;
        RxBufferId((u64::from(serial) << 32) | index)
    }

    /// The loan `buffer` names, if it is current.
    fn loan(&self, buffer: RxBufferId) -> Option<(usize, BufferId)> {
        let index = usize::try_from(buffer.0 & 0xFFFF_FFFF).ok()?;
        let serial = u32::try_from(buffer.0 >> 32).ok()?;
        match self.lent.get(index) {
            Some(Some((id, s))) if *s == serial => Some((index, *id)),
            _ => None,
        }
    }

    fn take_lent(&mut self, buffer: RxBufferId) {
        let Some((index, id)) = self.loan(buffer) else {
            return;
        };
        if let Some(slot) = self.lent.get_mut(index) {
            *slot = None;
        }
        self.pool.release(id);
    }

    /// Processes one received cell; indications go to the queues.
    fn receive_cell(&mut self, now: Instant, mut cell: Cell) {
        match self.hec.handle_cell(&mut cell) {
            HecOutcome::Discarded => {
                bump(&mut self.counters.cells_hec_error);
                return;
            }
            HecOutcome::Corrected { .. } => bump(&mut self.counters.cells_hec_corrected),
            HecOutcome::Valid => {}
        }
        let (header, payload) = cell.split_at(HEADER_LEN);
        let Ok(header) = crate::cell::Header::new_checked(header) else {
            return;
        };
        let vpi = header.vpi(self.config.header_format);
        let vci = header.vci();
        let pti = header.pti();
        let Ok(payload) = <&[u8; PAYLOAD]>::try_from(payload) else {
            return;
        };
        if vpi == 0 && vci == 0 {
            // Idle / unassigned cells (I.361 Table 2) carry nothing for the ATM layer.
            bump(&mut self.counters.rcv_cells_unassigned);
            return;
        }
        if let Some(flow) = OamFlow::classify(vpi, vci, pti.bits()) {
            self.receive_oam(now, flow, payload);
            return;
        }
        let Some(index) = self.table.get(crate::cell::VpiVci::new(vpi, vci)) else {
            bump(&mut self.counters.rcv_invalid_vpi_vci);
            return;
        };
        let i = usize::try_from(index).unwrap_or(usize::MAX);
        let Some(Some(ch)) = self.channels.get_mut(i) else {
            bump(&mut self.counters.rcv_invalid_vpi_vci);
            return;
        };
        let Pti::UserData { end_of_pdu, .. } = pti else {
            // RM and reserved PTIs: not ours to interpret.
            bump(&mut ch.counters.rcv_cells_dropped);
            bump(&mut self.counters.rcv_cells_dropped);
            return;
        };
        if ch.params.rx_max_sdu == 0 {
            bump(&mut ch.counters.rcv_cells_dropped);
            bump(&mut self.counters.rcv_cells_dropped);
            return;
        }
        bump(&mut ch.counters.rcv_cells_ok);
        bump(&mut self.counters.rcv_cells_ok);
        ch.oam.handle_user_cell(now);
        match ch.params.aal {
            AalType::Aal5 => {
                let out = ch.reassembler.push_cell(&mut self.pool, now, payload, end_of_pdu);
                // A first cell arms the reassembly timer.
                if let Some(t) = ch.reassembler.poll_timeout() {
                    self.timer_hint = Some(self.timer_hint.map_or(t, |h| h.min(t)));
                }
                if let Some(r) = out {
                    let error = r.error.map(map_reassembly_error);
                    if error.is_none() {
                        bump(&mut ch.counters.rcv_pdus_ok);
                        bump(&mut self.counters.rcv_pdus_ok);
                    }
                    let buffer = self.lend(r.buffer);
                    let return_needed = self.pool.free_count() <= self.config.rx_low_water;
                    self.push_indication(NicEvent::Received(RxPdu {
                        channel: ChannelId(index),
                        buffer,
                        len: r.len,
                        uu: r.uu,
                        cpi: r.cpi,
                        error,
                        return_needed,
                    }));
                }
            }
            AalType::Aal0 | AalType::Aal1 | AalType::Aal34 => {
                let Some(id) = self.pool.allocate() else {
                    bump(&mut ch.counters.aal5.buffer_exhaustion);
                    return;
                };
                if let Some(dst) = self.pool.get_mut(id).and_then(|b| b.get_mut(..PAYLOAD)) {
                    dst.copy_from_slice(payload);
                }
                bump(&mut ch.counters.rcv_pdus_ok);
                bump(&mut self.counters.rcv_pdus_ok);
                let buffer = self.lend(id);
                let return_needed = self.pool.free_count() <= self.config.rx_low_water;
                self.push_indication(NicEvent::Received(RxPdu {
                    channel: ChannelId(index),
                    buffer,
                    len: PAYLOAD,
                    uu: 0,
                    cpi: 0,
                    error: None,
                    return_needed,
                }));
            }
        }
    }
}

impl<P: CellPort> Nic for SoftSar<P> {
    fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    fn link_up(&self) -> bool {
        self.link_up
    }

    fn open_channel(
        &mut self,
        now: Instant,
        channel: ChannelId,
        params: &ChannelParams,
    ) -> Result<(), NicError> {
        self.sync_link(now);
        let index = channel.0;
        match self.channels.get(channel.index()) {
            None => return Err(NicError::UnknownChannel),
            Some(Some(_)) => return Err(NicError::ChannelInUse),
            Some(None) => {}
        }
        let headers = self.validate(params)?;
        if self.table.get(params.vpi_vci).is_some() {
            return Err(NicError::VpiVciInUse);
        }
        // Everything that can fail is checked before anything is reserved.
        let reassembler = Reassembler::new(self.reassembly_config(params))
            .map_err(|_| NicError::InvalidParameters)?;
        self.admit(index, params)?;
        // One spare queue per channel slot was allocated at creation.
        let Some(queue) = self.spare_queues.pop() else {
            let _ = self.scheduler.remove_vc(index);
            return Err(NicError::Resources);
        };
        if self.table.insert(params.vpi_vci, index).is_err() {
            self.spare_queues.push(queue);
            let _ = self.scheduler.remove_vc(index);
            return Err(NicError::Resources);
        }
        let mut oam = OamEndpoint::new(now, self.oam_config(params));
        oam.handle_link_state(now, self.link_up);
        if let Some(slot) = self.channels.get_mut(channel.index()) {
            *slot = Some(Channel {
                params: *params,
                headers,
                queue,
                queued_cells: 0,
                reassembler,
                oam,
                reported_defects: (false, false, false),
                counters: ChannelCounters::default(),
            });
        }
        // An end point opened while the link is down starts in AIS: report it.
        self.drain_endpoint(now, channel.index());
        Ok(())
    }

    fn modify_channel(
        &mut self,
        _now: Instant,
        channel: ChannelId,
        params: &ChannelParams,
    ) -> Result<(), NicError> {
        let index = channel.0;
        let old = self.channel(channel).map(|c| c.params).ok_or(NicError::UnknownChannel)?;
        if old.vpi_vci != params.vpi_vci || old.aal != params.aal {
            return Err(NicError::InvalidParameters);
        }
        self.validate(params)?;
        let queued = self.channel(channel).map_or(0, |c| c.queued_cells);
        if params.tx_max_sdu == 0 && queued > 0 {
            // Stopping transmission with PDUs queued would strand their completions.
            return Err(NicError::InvalidParameters);
        }
        let fresh = Reassembler::new(self.reassembly_config(params))
            .map_err(|_| NicError::InvalidParameters)?;
        let tx_changed = old.tx_traffic != params.tx_traffic
            || (old.tx_max_sdu == 0) != (params.tx_max_sdu == 0);
        if tx_changed {
            if old.tx_max_sdu > 0 {
                let _ = self.scheduler.remove_vc(index);
            }
            if let Err(e) = self.admit(index, params) {
                // Restore the old contract; it fitted before and its rate was just released.
                let _ = self.admit(index, &old);
                let _ =
                    self.scheduler.set_backlog(index, u32::try_from(queued).unwrap_or(u32::MAX));
                return Err(e);
            }
            let _ = self.scheduler.set_backlog(index, u32::try_from(queued).unwrap_or(u32::MAX));
        }
        let rx_changed =
            old.rx_max_sdu != params.rx_max_sdu || old.deliver_errored != params.deliver_errored;
        let Some(Some(ch)) = self.channels.get_mut(channel.index()) else {
            return Err(NicError::UnknownChannel);
        };
        if rx_changed {
            ch.reassembler.reset(&mut self.pool);
            ch.counters.aal5.add(&aal5_errors(ch.reassembler.counters()));
            ch.reassembler = fresh;
        }
        ch.params = *params;
        Ok(())
    }

    fn close_channel(&mut self, now: Instant, channel: ChannelId) -> Result<(), NicError> {
        let (vpi_vci, transmits) = self
            .channel(channel)
            .map(|c| (c.params.vpi_vci, c.params.tx_max_sdu > 0))
            .ok_or(NicError::UnknownChannel)?;
        self.flush_channel(now, channel.index(), TxStatus::Aborted);
        if transmits {
            let _ = self.scheduler.remove_vc(channel.0);
        }
        self.table.remove(vpi_vci);
        if let Some(slot) = self.channels.get_mut(channel.index()) {
            if let Some(mut ch) = slot.take() {
                ch.reassembler.reset(&mut self.pool);
                // The port's AAL5 counters keep what closed channels counted.
                self.counters.aal5.add(&ch.counters().aal5);
                ch.queue.clear();
                self.spare_queues.push(ch.queue);
            }
        }
        self.purge_indications(channel);
        Ok(())
    }

    fn transmit(
        &mut self,
        now: Instant,
        channel: ChannelId,
        fragments: &[&[u8]],
        clp: bool,
        token: TxToken,
    ) -> Result<(), NicError> {
        self.sync_link(now);
        if !self.link_up {
            return Err(NicError::LinkDown);
        }
        let len = fragments
            .iter()
            .try_fold(0usize, |acc, f| acc.checked_add(f.len()))
            .ok_or(NicError::InvalidLength)?;
        let Some(Some(ch)) = self.channels.get_mut(channel.index()) else {
            return Err(NicError::UnknownChannel);
        };
        if ch.params.tx_max_sdu == 0 {
            return Err(NicError::NotTransmitting);
        }
        let max = usize::try_from(ch.params.tx_max_sdu).unwrap_or(usize::MAX);
        if len == 0 || len > max || (ch.params.aal == AalType::Aal0 && len % PAYLOAD != 0) {
            return Err(NicError::InvalidLength);
        }
        if ch.queue.len() >= self.config.tx_queue_pdus {
            bump(&mut ch.counters.xmit_queue_full);
            return Err(NicError::Resources);
        }
        let built = match ch.params.aal {
            AalType::Aal5 => tx::build_aal5(&mut self.store, fragments, len, 0, 0),
            AalType::Aal0 | AalType::Aal1 | AalType::Aal34 => {
                tx::build_aal0(&mut self.store, fragments, len)
            }
        };
        let Some((head, cells)) = built else {
            bump(&mut ch.counters.xmit_queue_full);
            return Err(NicError::Resources);
        };
        ch.queue.push_back(TxPdu {
            token,
            head,
            cells_left: cells,
            clp: clp || ch.params.clp_default,
            started: false,
            lost: false,
        });
        let cells64 = u64::try_from(cells).unwrap_or(u64::MAX);
        ch.queued_cells = ch.queued_cells.saturating_add(cells64);
        if !self.has_tx_work() {
            self.wake_slot_clock(now);
        }
        self.backlog_cells = self.backlog_cells.saturating_add(cells64);
        let _ = self.scheduler.add_backlog(channel.0, u32::try_from(cells).unwrap_or(u32::MAX));
        Ok(())
    }

    fn transmit_oam(
        &mut self,
        now: Instant,
        flow: OamFlow,
        payload: &[u8; 48],
    ) -> Result<(), NicError> {
        self.sync_link(now);
        if !self.link_up {
            return Err(NicError::LinkDown);
        }
        if let OamFlow::F5 { vpi, vci, .. } = flow {
            if self.table.get(crate::cell::VpiVci::new(vpi, vci)).is_none() {
                return Err(NicError::UnknownChannel);
            }
        }
        if self.oam_tx.len() >= self.config.oam_queue_cells {
            return Err(NicError::Resources);
        }
        if self.queue_oam(now, flow, payload) {
            Ok(())
        } else {
            Err(NicError::InvalidParameters)
        }
    }

    fn reset(&mut self, now: Instant) {
        self.oam_tx.clear();
        self.hec.reset_mode();
        self.restart_slots(now);
        // Flushing queues the abort cells that end partially sent PDUs at the far end.
        for i in 0..self.channels.len() {
            self.flush_channel(now, i, TxStatus::Aborted);
            if let Some(Some(ch)) = self.channels.get_mut(i) {
                ch.reassembler.reset(&mut self.pool);
            }
        }
    }

    fn poll_event(&mut self, now: Instant) -> Option<NicEvent> {
        self.sync_link(now);
        if let Some(up) = self.link_events.pop_front() {
            return Some(NicEvent::LinkState { up });
        }
        if let Some(ev) = self.completions.pop_front() {
            return Some(ev);
        }
        loop {
            if let Some(ev) = self.indications.pop_front() {
                return Some(ev);
            }
            let cell = self.port.receive_cell(now)?;
            self.receive_cell(now, cell);
        }
    }

    fn rx_data(&self, buffer: RxBufferId) -> Option<&[u8]> {
        let (_, id) = self.loan(buffer)?;
        self.pool.get(id)
    }

    fn return_buffer(&mut self, buffer: RxBufferId) {
        self.take_lent(buffer);
    }

    fn handle_timeout(&mut self, now: Instant) {
        self.sync_link(now);
        self.run_slots(now);
        if self.timer_hint.is_none_or(|h| h > now) {
            return;
        }
        self.timer_hint = None;
        for i in 0..self.channels.len() {
            let Some(Some(ch)) = self.channels.get_mut(i) else {
                continue;
            };
            if ch.reassembler.poll_timeout().is_some_and(|t| t <= now) {
                ch.reassembler.handle_timeout(&mut self.pool, now);
            }
            if ch.oam.poll_timeout().is_some_and(|t| t <= now) {
                ch.oam.handle_timeout(now);
                self.drain_endpoint(now, i);
            }
            self.note_timers(i);
        }
        // OAM cells queued by the timers go out in this call's remaining slots.
        self.run_slots(now);
    }

    fn poll_timeout(&self) -> Option<Instant> {
        let slot = if !self.has_tx_work() {
            None
        } else if !self.oam_tx.is_empty() {
            Some(self.next_slot_at())
        } else {
            // The backlog may not be eligible for a while (a slow shaped VC): wake when the
            // scheduler will send, not at every slot.
            let ahead = self
                .scheduler
                .next_eligible_slot()
                .map_or(0, |e| e.saturating_sub(self.scheduler.now()));
            Some(self.slot_start(ahead))
        };
        match (slot, self.timer_hint) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn port_counters(&self) -> PortCounters {
        let mut c = self.counters;
        c.rcv_cells_dropped = c.rcv_cells_dropped.saturating_add(self.port.rx_dropped());
        for ch in self.channels.iter().flatten() {
            c.aal5.add(&ch.counters().aal5);
        }
        c
    }

    fn channel_counters(&self, channel: ChannelId) -> Option<ChannelCounters> {
        self.channel(channel).map(Channel::counters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nic::{CellPortInfo, CellTxError};

    struct NullPort(u32);

    impl CellPort for NullPort {
        fn info(&self) -> CellPortInfo {
            CellPortInfo { line_cell_rate: self.0, esi: [2, 0, 0, 0, 0, 1] }
        }
        fn tx_ready(&self) -> bool {
            true
        }
        fn transmit_cell(&mut self, _now: Instant, _cell: &Cell) -> Result<(), CellTxError> {
            Ok(())
        }
        fn receive_cell(&mut self, _now: Instant) -> Option<Cell> {
            None
        }
        fn link_up(&self) -> bool {
            true
        }
        fn poll_link_change(&mut self) -> Option<bool> {
            None
        }
        fn rx_dropped(&self) -> u64 {
            0
        }
    }

    /// The closed forms of the slot clock agree with stepping it: slot j starts where j calls
    /// of `advance_slot` put it, and exactly j + 1 slots have started at that instant (j one
    /// nanosecond before), for line rates that do and do not divide 10^9 (OC-3c, DS3, 1/s).
    #[test]
    fn slot_clock_closed_forms_match_stepping() {
        for rate in [1u32, 7, 96_000, 104_268, 353_207, 1_000_000, 1_412_830] {
            let mut sar = SoftSar::new(NullPort(rate), SoftSarConfig::new(1)).unwrap();
            sar.restart_slots(Instant::from_nanos(12_345));
            // Start mid-way through the remainder cycle.
            for _ in 0..3 {
                sar.advance_slot();
            }
            let mut stepped = SoftSar::new(NullPort(rate), SoftSarConfig::new(1)).unwrap();
            stepped.next_slot = sar.next_slot;
            stepped.slot_frac = sar.slot_frac;
            for j in 0..2_000u64 {
                let at = stepped.next_slot;
                assert_eq!(sar.slot_start(j), at, "rate {rate} slot {j}");
                assert_eq!(sar.slots_started_by(at), j + 1);
                if at > sar.next_slot {
                    let before = Instant::from_nanos(at.as_nanos() - 1);
                    assert_eq!(sar.slots_started_by(before), j);
                }
                stepped.advance_slot();
            }
            let mut jumped = SoftSar::new(NullPort(rate), SoftSarConfig::new(1)).unwrap();
            jumped.next_slot = sar.next_slot;
            jumped.slot_frac = sar.slot_frac;
            jumped.advance_slots(2_000);
            assert_eq!(
                (jumped.next_slot, jumped.slot_frac),
                (stepped.next_slot, stepped.slot_frac)
            );
        }
    }
}
