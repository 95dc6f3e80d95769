//! Errors of the PDU-level NIC interface and transmit completion statuses.

/// Why a NIC refused a request. Returned synchronously; nothing was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NicError {
    /// A parameter is out of range or inconsistent (VPI/VCI wider than the NIC's bits, a
    /// reserved VCI 0 with a non-zero VPI, zero rates, max SDU above the AAL's limit, a
    /// modify that changes the VPI/VCI or AAL). NDIS_STATUS_INVALID_DATA.
    InvalidParameters,
    /// A bounded table or queue is full: the channel table, a channel's transmit queue or the
    /// transmit cell memory. Retry later. NDIS_STATUS_RESOURCES.
    Resources,
    /// The transmit traffic contract does not fit the line's remaining capacity
    /// (connection admission control). NDIS_STATUS_CELLRATE_NOT_AVAILABLE.
    CellRateNotAvailable,
    /// Another open channel already uses the VPI/VCI. NDIS_STATUS_VC_NOT_AVAILABLE.
    VpiVciInUse,
    /// The AAL type or service category is not supported by this NIC.
    /// NDIS_STATUS_AAL_PARAMS_UNSUPPORTED / NDIS_STATUS_NOT_SUPPORTED.
    Unsupported,
    /// The channel id is already open. NDIS_STATUS_INVALID_STATE.
    ChannelInUse,
    /// The channel id is not open (or is outside `0..max_vcs`). NDIS_STATUS_VC_NOT_ACTIVATED.
    UnknownChannel,
    /// The PDU is empty, longer than the channel's `tx_max_sdu`, or (AAL0) not a multiple of
    /// 48 octets. NDIS_STATUS_INVALID_LENGTH.
    InvalidLength,
    /// The channel does not transmit (`tx_max_sdu` 0). NDIS_STATUS_INVALID_STATE.
    NotTransmitting,
    /// The physical link is down; nothing can be sent. NDIS_STATUS_MEDIA_DISCONNECTED.
    LinkDown,
}

/// How a transmit ended, reported in [`NicEvent::TransmitComplete`](super::NicEvent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxStatus {
    /// Every cell of the PDU was handed to the line. NDIS_STATUS_SUCCESS.
    Sent,
    /// The channel was closed before the PDU was sent (whole or in part).
    /// NDIS_STATUS_REQUEST_ABORTED.
    Aborted,
    /// The carrier was lost before the PDU was sent; queued PDUs are flushed.
    /// NDIS_STATUS_REQUEST_ABORTED (the link-state event tells why).
    LinkDown,
}
