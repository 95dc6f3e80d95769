//! Channels: the NIC's view of a virtual channel connection.

use crate::cell::VpiVci;
use crate::traffic::TrafficParams;

/// A channel of a NIC: a small index chosen by the miniport half (its VC slab index), never a
/// pointer. Valid values are `0..Capabilities::max_vcs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChannelId(pub u32);

impl ChannelId {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }
}

/// The ATM adaptation layer a channel runs (ATM_MEDIA_PARAMETERS.AALType).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AalType {
    /// Raw cells: each PDU is a whole number of 48-octet cell payloads; on receive every cell
    /// is delivered as a 48-octet PDU.
    Aal0,
    /// AAL1 (I.363.1).
    Aal1,
    /// AAL3/4 (I.363.3).
    Aal34,
    /// AAL5 (I.363.5).
    Aal5,
}

impl AalType {
    /// The matching capability bit.
    pub const fn as_set(self) -> super::AalTypes {
        match self {
            AalType::Aal0 => super::AalTypes::AAL0,
            AalType::Aal1 => super::AalTypes::AAL1,
            AalType::Aal34 => super::AalTypes::AAL34,
            AalType::Aal5 => super::AalTypes::AAL5,
        }
    }
}

/// How to open a channel (from ATM_MEDIA_PARAMETERS and the call's negotiated QoS).
///
/// Who sets what: the miniport half fills every field from the activated VC's media
/// parameters; the NIC only validates them and never changes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelParams {
    /// The connection identifier the cells carry.
    pub vpi_vci: VpiVci,
    /// The adaptation layer.
    pub aal: AalType,
    /// Traffic contract the NIC shapes the transmit direction to.
    pub tx_traffic: TrafficParams,
    /// Traffic contract of the receive direction (informational for a software NIC; a NIC
    /// with UPC may police to it).
    pub rx_traffic: TrafficParams,
    /// Largest SDU sent on the channel; 0 = the channel does not transmit.
    pub tx_max_sdu: u32,
    /// Largest SDU received; longer PDUs are discarded and counted as oversize (I.363.5
    /// §10.3.2). 0 = the channel does not receive (its cells are counted as dropped).
    pub rx_max_sdu: u32,
    /// Deliver PDUs that failed reassembly with their error instead of only counting them
    /// (CO_MEDIA_PARAMETERS INDICATE_ERRED_PACKETS; I.363.5 "corrupted data delivery").
    pub deliver_errored: bool,
    /// CLP of the transmitted cells when a transmit does not ask for CLP = 1
    /// (ATM_MEDIA_PARAMETERS.DefaultCLP).
    pub clp_default: bool,
}
