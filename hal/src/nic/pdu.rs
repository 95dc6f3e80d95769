//! The PDU-level NIC boundary: what the miniport half drives.

use super::{
    Capabilities, ChannelCounters, ChannelId, ChannelParams, NicError, NicEvent, PortCounters,
    RxBufferId, TxToken,
};
use crate::oam::OamFlow;
use crate::time::Instant;

/// A NIC that moves PDUs: open/close channels, send PDUs and OAM cells, change QoS
/// (downward); receive, transmit completion, carrier and OAM indications (upward, pulled
/// through [`Nic::poll_event`]).
///
/// Shape (quinn-proto style, sans-IO): the caller passes `now` to every call, calls
/// [`Nic::handle_timeout`] when [`Nic::poll_timeout`] says so (or on every DPC), and drains
/// [`Nic::poll_event`] after every call that may have produced events. Poll order: call
/// `handle_timeout(now)` first, then `poll_event(now)` until `None`, then `poll_timeout()`.
///
/// Calling context: every method is called with the adapter's data-path lock held, at
/// DISPATCH_LEVEL in the Windows driver (≤ DISPATCH for open/close/modify, which come from
/// MiniportCoActivateVc / MiniportCoDeactivateVc), or from the simulator's event loop. No
/// method blocks, allocates on the data path, or panics; every failure is a [`NicError`].
///
/// Channel life cycle: `open_channel` → any number of `transmit` / `modify_channel` →
/// `close_channel`. After `close_channel` returns, every transmit accepted on the channel has
/// its [`NicEvent::TransmitComplete`] queued (aborted if unsent) and no further receive or OAM
/// indications are made for it (not yet polled ones are dropped); buffers already lent stay
/// valid until returned. The id may then be reopened, with the same or other parameters.
pub trait Nic {
    /// What the NIC supports. May not fail; constant for the adapter's lifetime.
    /// Context: any IRQL ≤ DISPATCH (OID queries).
    fn capabilities(&self) -> &Capabilities;

    /// Whether the carrier is up now (also reported as [`NicEvent::LinkState`] edges).
    /// Context: ≤ DISPATCH; may not fail.
    fn link_up(&self) -> bool;

    /// Programs the NIC for a channel (MiniportCoActivateVc). Validates everything, reserves
    /// the channel's bounded queues and admits its traffic contract, or changes nothing and
    /// returns the error. Context: ≤ DISPATCH, synchronous (never pends).
    fn open_channel(
        &mut self,
        now: Instant,
        channel: ChannelId,
        params: &ChannelParams,
    ) -> Result<(), NicError>;

    /// Changes the traffic parameters, max SDUs, `deliver_errored` and `clp_default` of an
    /// open channel (re-activation after a QoS change). The VPI/VCI and AAL may not change
    /// (`InvalidParameters`). On error the old parameters stay in force. Queued transmits
    /// are kept and sent under the new contract.
    fn modify_channel(
        &mut self,
        now: Instant,
        channel: ChannelId,
        params: &ChannelParams,
    ) -> Result<(), NicError>;

    /// Stops a channel (MiniportCoDeactivateVc). Unsent transmits complete with
    /// [`TxStatus::Aborted`](super::TxStatus::Aborted), a partial received PDU is discarded.
    /// `UnknownChannel` if it is not open; otherwise may not fail. Context: ≤ DISPATCH,
    /// synchronous.
    fn close_channel(&mut self, now: Instant, channel: ChannelId) -> Result<(), NicError>;

    /// Queues one PDU given as a fragment list (the NET_BUFFER's MDL chain). The NIC copies
    /// the octets before returning (so the caller may complete its own bookkeeping) and
    /// reports the end with exactly one [`NicEvent::TransmitComplete`] carrying `token`.
    /// `clp` requests CLP = 1 on every cell (CO_SEND_FLAG_SET_DISCARD_ELIBILITY); `false`
    /// means the channel's `clp_default`. Errors: `UnknownChannel`, `NotTransmitting`,
    /// `InvalidLength`, `Resources` (queue or cell memory full: nothing queued, no
    /// completion will follow), `LinkDown`. Context: DISPATCH (MiniportCoSendNetBufferLists);
    /// on an error the caller completes the NBL itself.
    fn transmit(
        &mut self,
        now: Instant,
        channel: ChannelId,
        fragments: &[&[u8]],
        clp: bool,
        token: TxToken,
    ) -> Result<(), NicError>;

    /// Sends one OAM cell on a flow (the payload from `hal::oam`, CRC-10 already filled).
    /// F5 flows must belong to an open channel (`UnknownChannel`); `Resources` when the OAM
    /// queue is full. OAM cells go ahead of user cells. Context: ≤ DISPATCH.
    fn transmit_oam(
        &mut self,
        now: Instant,
        flow: OamFlow,
        payload: &[u8; 48],
    ) -> Result<(), NicError>;

    /// Resets the data path (MiniportResetEx): every queued transmit on every channel
    /// completes with [`TxStatus::Aborted`](super::TxStatus::Aborted), partial receptions are
    /// discarded, queued OAM cells dropped. Channels stay open with their parameters; lent
    /// receive buffers stay lent. May not fail.
    fn reset(&mut self, now: Instant);

    /// The next upward indication, oldest first; `None` when there is nothing to report.
    /// May process received cells to find one. Context: the receive DPC (DISPATCH); may not
    /// fail. Order: link-state edges first, then transmit completions, then receive / OAM
    /// indications in arrival order.
    #[must_use]
    fn poll_event(&mut self, now: Instant) -> Option<NicEvent>;

    /// The octets of a lent receive buffer (`len` of them are the SDU); `None` if `buffer` is
    /// not lent out.
    fn rx_data(&self, buffer: RxBufferId) -> Option<&[u8]>;

    /// Gives a lent receive buffer back (MiniportReturnNetBufferLists). Returning a buffer
    /// that is not lent out is ignored (and counted nowhere: it cannot corrupt the pool).
    /// Context: ≤ DISPATCH; may not fail.
    fn return_buffer(&mut self, buffer: RxBufferId);

    /// Runs transmit slots and timers (reassembly timeouts, OAM) due by `now`. May not fail.
    /// Context: the adapter's timer DPC and the send path (DISPATCH).
    fn handle_timeout(&mut self, now: Instant);

    /// When `handle_timeout` next has work; `None` when idle.
    #[must_use]
    fn poll_timeout(&self) -> Option<Instant>;

    /// Adapter-wide counters.
    fn port_counters(&self) -> PortCounters;

    /// A channel's counters; `None` if it is not open.
    fn channel_counters(&self, channel: ChannelId) -> Option<ChannelCounters>;
}
