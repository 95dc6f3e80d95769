//! The NIC boundary, like Linux's `atmdev_ops` and usbatm (style.md, "The NIC boundary").
//!
//! - [`Nic`]: the PDU-level trait the miniport half drives — open/close/modify a channel,
//!   transmit a PDU (fragment list + completion token), send an OAM cell; upward it reports
//!   receive, transmit completion, carrier change and OAM through [`Nic::poll_event`].
//! - [`CellPort`]: the cell-level trait of a NIC that only moves cells.
//! - [`SoftSar`]: the generic software SAR core that turns any [`CellPort`] into a [`Nic`]
//!   (`SoftSar<hal::sim::SimCellPort>` is the software NIC).
//! - [`Capabilities`], [`ChannelParams`], [`NicError`], [`NicEvent`], counters named after
//!   OID_ATM_RCV_CELLS_OK, XMIT_CELLS_OK, RCV_CELLS_DROPPED, RCV_INVALID_VPI_VCI,
//!   CELLS_HEC_ERROR and RCV_REASSEMBLY_ERROR.
//!
//! How the miniport half maps CoNDIS onto [`Nic`] (condis-reference.md §2, §4):
//!
//! | CoNDIS | `Nic` |
//! |---|---|
//! | MiniportCoActivateVc (first activation) | [`Nic::open_channel`] with the VC slab index as [`ChannelId`] |
//! | MiniportCoActivateVc (re-activation, QoS change) | [`Nic::modify_channel`] |
//! | MiniportCoDeactivateVc | [`Nic::close_channel`]; its aborted completions come from `poll_event` |
//! | MiniportCoSendNetBufferLists | [`Nic::transmit`] per NET_BUFFER (MDL chain as fragments, NBL index as [`TxToken`]) |
//! | NdisMCoSendNetBufferListsComplete | [`NicEvent::TransmitComplete`] ([`TxStatus`] → NDIS status) |
//! | NdisMCoIndicateReceiveNetBufferLists | [`NicEvent::Received`]; [`RxPdu::return_needed`] → NDIS_RECEIVE_FLAGS_RESOURCES |
//! | MiniportReturnNetBufferLists | [`Nic::return_buffer`] |
//! | MiniportResetEx | [`Nic::reset`] (queued sends complete aborted) |
//! | NdisMCoIndicateStatusEx (media connect / disconnect) | [`NicEvent::LinkState`] |
//! | OID_ATM_SUPPORTED_*, MAX_*, HW_CURRENT_ADDRESS | [`Nic::capabilities`] |
//! | OID_ATM_RCV_CELLS_OK … RCV_REASSEMBLY_ERROR | [`Nic::port_counters`] |
//! | the adapter's timer DPC | [`Nic::handle_timeout`] at [`Nic::poll_timeout`] |

mod capabilities;
mod cell_port;
mod channel;
mod counters;
mod error;
mod event;
mod pdu;
mod soft_sar;
mod tx;
mod vc_table;

pub use capabilities::{AalTypes, Capabilities, ServiceCategories};
pub use cell_port::{CellPort, CellPortInfo, CellTxError};
pub use channel::{AalType, ChannelId, ChannelParams};
pub use counters::{Aal5ErrorCounters, ChannelCounters, PortCounters};
pub use error::{NicError, TxStatus};
pub use event::{NicEvent, OamIndication, RxBufferId, RxError, RxPdu, TxToken};
pub use pdu::Nic;
pub use soft_sar::{SoftSar, SoftSarConfig, MAX_AAL5_SDU};
pub use vc_table::VcTable;
