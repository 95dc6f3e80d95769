//! Upward indications: what a NIC reports through [`Nic::poll_event`](super::Nic::poll_event).

use super::{ChannelId, TxStatus};
use crate::oam::OamFlow;

/// Opaque tag the miniport half attaches to a transmit and gets back in its completion
/// (e.g. the index of the NET_BUFFER_LIST in its send slab). The NIC never interprets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TxToken(pub u64);

/// A receive buffer lent to the miniport half by a [`Received`](NicEvent::Received) event.
/// Read it with [`Nic::rx_data`](super::Nic::rx_data); give it back exactly once with
/// [`Nic::return_buffer`](super::Nic::return_buffer) (ReturnNetBufferLists). Until returned, the
/// buffer is not reused: receive capacity shrinks, and when every buffer is lent out further
/// PDUs are dropped and counted as buffer exhaustion. The value is the NIC's business (the
/// SoftSar packs a loan serial with the buffer index so a stale id is recognised and ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RxBufferId(pub u64);

/// Why reassembly of a delivered PDU failed (I.363.5 §10.3.2); only seen on channels opened
/// with `deliver_errored`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RxError {
    /// CRC-32 mismatch.
    Crc,
    /// The Length field disagrees with the received octets (too long, or pad ≥ 48).
    Length,
    /// CPI not 0 (I.363.5 §9.2.2.3).
    InvalidCpi,
    /// The Length field exceeds the channel's `rx_max_sdu`.
    Oversize,
}

/// A received PDU (AAL5 CPCS-SDU, or for AAL0 one cell payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RxPdu {
    /// The channel it arrived on.
    pub channel: ChannelId,
    /// Where the octets are.
    pub buffer: RxBufferId,
    /// Octets of SDU in the buffer.
    pub len: usize,
    /// CPCS-UU from the trailer (0 for AAL0).
    pub uu: u8,
    /// CPI from the trailer (0 for AAL0).
    pub cpi: u8,
    /// `Some` only on a `deliver_errored` channel for a PDU that failed reassembly.
    pub error: Option<RxError>,
    /// Receive buffers are running low: the consumer must copy the data and return the buffer
    /// before the indication completes (NDIS_RECEIVE_FLAGS_RESOURCES). Set by the NIC only.
    pub return_needed: bool,
}

/// A received OAM cell the NIC did not consume itself (loopback replies to our own requests,
/// continuity check, performance management, activation/deactivation, …). Loopback requests
/// addressed to us are answered by the NIC and not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OamIndication {
    /// The open channel of an F5 flow; `None` for F4 flows.
    pub channel: Option<ChannelId>,
    /// The flow the cell came on.
    pub flow: OamFlow,
    /// The 48-octet OAM cell payload, CRC-10 included and already verified.
    pub payload: [u8; 48],
}

/// One upward indication.
///
/// Flag ownership: the NIC sets every field; the miniport half only reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NicEvent {
    /// A transmit finished; exactly one per accepted [`Nic::transmit`](super::Nic::transmit).
    TransmitComplete {
        /// The channel it was sent on.
        channel: ChannelId,
        /// The caller's token.
        token: TxToken,
        /// Sent, or why not.
        status: TxStatus,
    },
    /// A PDU arrived; its buffer is lent until returned.
    Received(RxPdu),
    /// The carrier changed (I.432.1 cell delineation SYNC gained or lost).
    LinkState {
        /// Carrier present.
        up: bool,
    },
    /// An OAM cell for the upper layers.
    Oam(OamIndication),
    /// The OAM defect state of a channel changed (I.610 §9.2.2/§9.3.2: AIS received, RDI
    /// received). Sent on every change of either flag.
    OamDefect {
        /// The channel.
        channel: ChannelId,
        /// VC-AIS (or VP-AIS / physical-layer failure) is being received.
        ais: bool,
        /// VC-RDI is being received: the far end sees a defect.
        rdi: bool,
        /// Loss of continuity (only with continuity check active).
        loc: bool,
    },
}
