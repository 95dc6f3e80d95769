//! Information element identifiers (Q.2931 §4.5.1 Table 4-3, Q.2971, Q.2963.1, UNI 3.1 §5.4.5
//! and UNI Signalling 4.0 §4.5 / §8 / §9 / §10).
//!
//! Minimum acceptable and Alternative ATM traffic descriptor: UNI Signalling 4.0 (§8, traffic parameter negotiation) codes
//! them 1000 0000 (0x80) and 1000 0001 (0x81). One open implementation (built against the
//! later Q.2962 drafts) uses 0x81/0x82; we follow UNI Signalling 4.0, the specification this
//! codec implements and the one two other independent UNI 4.0 stacks agree on, so that a UNI
//! 4.0 switch negotiating traffic parameters understands us.

use super::wire::code_point;
use super::UniVersion;

code_point! {
    /// An information element identifier (octet 1 of every IE).
    pub enum IeId {
        /// Cause (Q.2931 §4.5.15, Q.850).
        Cause = 0x08,
        /// Call state (Q.2931 §4.5.10).
        CallState = 0x14,
        /// Notification indicator (Q.2931 §4.5.23).
        NotificationIndicator = 0x27,
        /// End-to-end transit delay (Q.2931 §4.5.17).
        EndToEndTransitDelay = 0x42,
        /// Connected number (Q.2951.5 / UNI 4.0 COLP).
        ConnectedNumber = 0x4C,
        /// Connected subaddress (Q.2951.5 / UNI 4.0 COLP).
        ConnectedSubaddress = 0x4D,
        /// Endpoint reference (Q.2971 §8.2.1).
        EndpointReference = 0x54,
        /// Endpoint state (Q.2971 §8.2.2).
        EndpointState = 0x55,
        /// ATM adaptation layer parameters (Q.2931 §4.5.5).
        AalParameters = 0x58,
        /// ATM traffic descriptor (Q.2931 §4.5.6).
        AtmTrafficDescriptor = 0x59,
        /// Connection identifier (Q.2931 §4.5.16).
        ConnectionIdentifier = 0x5A,
        /// OAM traffic descriptor (Q.2931 §4.5.24).
        OamTrafficDescriptor = 0x5B,
        /// Quality of service parameter (Q.2931 §4.5.18).
        QosParameter = 0x5C,
        /// Broadband high layer information (Q.2931 §4.5.8).
        Bhli = 0x5D,
        /// Broadband bearer capability (Q.2931 §4.5.7).
        BroadbandBearerCapability = 0x5E,
        /// Broadband low layer information (Q.2931 §4.5.9).
        Blli = 0x5F,
        /// Broadband locking shift (Q.2931 §4.5.3).
        BroadbandLockingShift = 0x60,
        /// Broadband non-locking shift (Q.2931 §4.5.4).
        BroadbandNonLockingShift = 0x61,
        /// Broadband sending complete (Q.2931 §4.5.21).
        BroadbandSendingComplete = 0x62,
        /// Broadband repeat indicator (Q.2931 §4.5.19).
        BroadbandRepeatIndicator = 0x63,
        /// Calling party number (Q.2931 §4.5.13).
        CallingPartyNumber = 0x6C,
        /// Calling party subaddress (Q.2931 §4.5.14).
        CallingPartySubaddress = 0x6D,
        /// Called party number (Q.2931 §4.5.11).
        CalledPartyNumber = 0x70,
        /// Called party subaddress (Q.2931 §4.5.12).
        CalledPartySubaddress = 0x71,
        /// Transit network selection (Q.2931 §4.5.22).
        TransitNetworkSelection = 0x78,
        /// Restart indicator (Q.2931 §4.5.20).
        RestartIndicator = 0x79,
        /// User-user (Q.2957 / UNI 4.0 UUS1).
        UserUser = 0x7E,
        /// Generic identifier transport (UNI 4.0 §4.5 / Q.2941.1).
        GenericIdentifierTransport = 0x7F,
        /// Minimum acceptable ATM traffic descriptor (UNI 4.0 §8, traffic parameter negotiation; see module doc).
        MinimumTrafficDescriptor = 0x80,
        /// Alternative ATM traffic descriptor (UNI 4.0 §8, traffic parameter negotiation; see module doc).
        AlternativeTrafficDescriptor = 0x81,
        /// ABR setup parameters (UNI 4.0 §10, ABR signalling).
        AbrSetupParameters = 0x84,
        /// Broadband report type (Q.2963.1 §8.2.1).
        BroadbandReportType = 0x89,
        /// ABR additional parameters (UNI 4.0 §10, ABR signalling).
        AbrAdditionalParameters = 0xE4,
        /// Leaf-initiated join call identifier (UNI 4.0 §6, leaf-initiated join).
        LijCallIdentifier = 0xE8,
        /// Leaf-initiated join parameters (UNI 4.0 §6, leaf-initiated join).
        LijParameters = 0xE9,
        /// Leaf sequence number (UNI 4.0 §6, leaf-initiated join).
        LeafSequenceNumber = 0xEA,
        /// Connection scope selection (UNI 4.0 §5, ATM anycast).
        ConnectionScopeSelection = 0xEB,
        /// Extended QoS parameters (UNI 4.0 §9, individual QoS parameters).
        ExtendedQos = 0xEC,
    }
}

/// Every named identifier (for the by-code table).
const NAMED: [IeId; 38] = [
    IeId::Cause,
    IeId::CallState,
    IeId::NotificationIndicator,
    IeId::EndToEndTransitDelay,
    IeId::ConnectedNumber,
    IeId::ConnectedSubaddress,
    IeId::EndpointReference,
    IeId::EndpointState,
    IeId::AalParameters,
    IeId::AtmTrafficDescriptor,
    IeId::ConnectionIdentifier,
    IeId::OamTrafficDescriptor,
    IeId::QosParameter,
    IeId::Bhli,
    IeId::BroadbandBearerCapability,
    IeId::Blli,
    IeId::BroadbandLockingShift,
    IeId::BroadbandNonLockingShift,
    IeId::BroadbandSendingComplete,
    IeId::BroadbandRepeatIndicator,
    IeId::CallingPartyNumber,
    IeId::CallingPartySubaddress,
    IeId::CalledPartyNumber,
    IeId::CalledPartySubaddress,
    IeId::TransitNetworkSelection,
    IeId::RestartIndicator,
    IeId::UserUser,
    IeId::GenericIdentifierTransport,
    IeId::MinimumTrafficDescriptor,
    IeId::AlternativeTrafficDescriptor,
    IeId::AbrSetupParameters,
    IeId::BroadbandReportType,
    IeId::AbrAdditionalParameters,
    IeId::LijCallIdentifier,
    IeId::LijParameters,
    IeId::LeafSequenceNumber,
    IeId::ConnectionScopeSelection,
    IeId::ExtendedQos,
];

// Evaluated at compile time only (a bad index would fail the build, not panic).
#[allow(clippy::indexing_slicing)]
const fn by_code() -> [IeId; 256] {
    let mut t = [IeId::Unknown(0); 256];
    let mut i = 0;
    while i < 256 {
        t[i] = IeId::Unknown(i as u8);
        i += 1;
    }
    let mut k = 0;
    while k < NAMED.len() {
        t[NAMED[k].code() as usize] = NAMED[k];
        k += 1;
    }
    t
}

static BY_CODE: [IeId; 256] = by_code();

impl IeId {
    /// `IeId::from(code)` by table lookup (the decoder's hot path).
    #[inline]
    pub fn from_code(code: u8) -> Self {
        BY_CODE.get(usize::from(code)).copied().unwrap_or(IeId::Unknown(code))
    }

    /// True when UNI 3.1 (af-uni-0010.002 §5.4.5) defines this IE; the others exist only in
    /// UNI Signalling 4.0 (and its Q.29xx sources).
    pub const fn in_uni31(self) -> bool {
        matches!(
            self,
            IeId::Cause
                | IeId::CallState
                | IeId::EndpointReference
                | IeId::EndpointState
                | IeId::AalParameters
                | IeId::AtmTrafficDescriptor
                | IeId::ConnectionIdentifier
                | IeId::QosParameter
                | IeId::Bhli
                | IeId::BroadbandBearerCapability
                | IeId::Blli
                | IeId::BroadbandLockingShift
                | IeId::BroadbandNonLockingShift
                | IeId::BroadbandSendingComplete
                | IeId::BroadbandRepeatIndicator
                | IeId::CallingPartyNumber
                | IeId::CallingPartySubaddress
                | IeId::CalledPartyNumber
                | IeId::CalledPartySubaddress
                | IeId::TransitNetworkSelection
                | IeId::RestartIndicator
        )
    }

    /// True when the IE exists in `version`.
    pub fn in_version(self, version: UniVersion) -> bool {
        match version {
            UniVersion::Uni31 => self.in_uni31(),
            UniVersion::Uni40 => !matches!(self, IeId::Unknown(_)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_round_trip_through_u8() {
        for v in 0..=255u8 {
            assert_eq!(u8::from(IeId::from(v)), v);
        }
        assert_eq!(IeId::from(0x58), IeId::AalParameters);
        assert_eq!(IeId::from(0x80), IeId::MinimumTrafficDescriptor);
        assert_eq!(IeId::from(0x81), IeId::AlternativeTrafficDescriptor);
        assert_eq!(IeId::from(0x82), IeId::Unknown(0x82));
        assert_eq!(u8::from(IeId::ExtendedQos), 0xEC);
    }

    #[test]
    fn table_lookup_agrees_with_from() {
        for v in 0..=255u8 {
            assert_eq!(IeId::from_code(v), IeId::from(v));
        }
        assert!(NAMED.iter().all(|id| !matches!(id, IeId::Unknown(_))));
    }

    #[test]
    fn version_membership() {
        assert!(IeId::Blli.in_version(UniVersion::Uni31));
        assert!(!IeId::NotificationIndicator.in_version(UniVersion::Uni31));
        assert!(IeId::NotificationIndicator.in_version(UniVersion::Uni40));
        assert!(!IeId::Unknown(0x33).in_version(UniVersion::Uni40));
    }
}
