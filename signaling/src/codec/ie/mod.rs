//! Information elements (Q.2931 §4.5): the common IE header and the typed contents of each IE.
//!
//! Every typed IE implements [`IeContents`]: it parses from and emits to the *contents* octets
//! (everything after the 4-octet IE header). The IE header itself — identifier, coding
//! standard, flag, action indicator, length — is [`IeHeader`], handled once by the message
//! layer.

// IEs written by the "ies" helper (codec-ies.md).
pub mod address;
pub mod call_state;
pub mod cause;
pub mod connection_id;
pub mod endpoint;
pub mod git;
pub mod lij;
pub mod notification;
pub mod number;
pub mod restart;
pub mod scope;
pub mod simple;
pub mod subaddress;
pub mod transit;
pub mod user_user;
pub use address::{AddressParseError, Aesa, AesaFormat, AtmAddress, E164};
pub use call_state::{CallState, CallStateValue};
pub use cause::{
    Cause, CauseValue, Condition, ConditionDiagnostic, Diagnostic, DiagnosticForm, Location,
    Rejection,
};
pub use connection_id::{ConnectionIdentifier, PreferredExclusive, VpAssociatedSignalling};
pub use endpoint::{EndpointReference, EndpointReferenceType, EndpointState, PartyState};
pub use git::{GenericIdentifier, GenericIdentifierTransport, IdentifierStandard, IdentifierType};
pub use lij::{
    LeafSequenceNumber, LijCallIdentifier, LijIdentifierType, LijParameters, LijScreeningIndication,
};
pub use notification::NotificationIndicator;
pub use number::{
    CalledPartyNumber, CallingPartyNumber, ConnectedNumber, NumberingPlan, PartyAddress,
    PartyNumber, PresentationIndicator, PresentationScreening, ScreeningIndicator, TypeOfNumber,
};
pub use restart::{RestartClass, RestartIndicator};
pub use scope::{ConnectionScope, ConnectionScopeSelection, ConnectionScopeType};
pub use simple::{
    BroadbandLockingShift, BroadbandNonLockingShift, BroadbandRepeatIndicator, BroadbandReportType,
    BroadbandSendingComplete, Codeset, RepeatIndication, ReportType,
};
pub use subaddress::{
    CalledPartySubaddress, CallingPartySubaddress, ConnectedSubaddress, Subaddress,
};
pub use transit::{NetworkIdentificationPlan, NetworkIdentificationType, TransitNetworkSelection};
pub use user_user::{UserProtocolDiscriminator, UserUser};

// Framework and IEs written by the "codec" helper.
pub mod aal;
pub mod abr;
pub mod bearer;
pub mod bhli;
pub mod blli;
pub mod header;
pub mod id;
pub mod oam_td;
pub mod qos;
pub mod traffic;
pub mod wire;

pub use aal::AalParameters;
pub use abr::{AbrAdditionalParameters, AbrSetupParameters};
pub use bearer::BroadbandBearerCapability;
pub use bhli::Bhli;
pub use blli::Blli;
pub use header::{ActionIndicator, IeHeader, IeInstruction, IePacket};
pub use id::IeId;
pub use oam_td::OamTrafficDescriptor;
pub use qos::{EndToEndTransitDelay, ExtendedQos, QosParameter};
pub use traffic::{AlternativeTrafficDescriptor, AtmTrafficDescriptor, MinimumTrafficDescriptor};

/// UNI signalling version selected per link; where procedures or codings differ, the selected
/// version's rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UniVersion {
    /// ATM Forum UNI 3.1 (af-uni-0010.002), based on Q.93B.
    Uni31,
    /// ATM Forum UNI Signalling 4.0 (af-sig-0061.000), based on Q.2931.
    #[default]
    Uni40,
}

/// Coding standard of an IE (Q.2931 §4.5.1, octet 2 bits 7-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CodingStandard {
    /// 00: ITU-T standardized coding.
    #[default]
    ItuT,
    /// 01: ISO/IEC standard.
    IsoIec,
    /// 10: national standard.
    National,
    /// 11: standard defined for the network (ATM Forum specific on a UNI).
    NetworkSpecific,
}

impl CodingStandard {
    /// The two-bit code.
    pub const fn bits(self) -> u8 {
        match self {
            CodingStandard::ItuT => 0,
            CodingStandard::IsoIec => 1,
            CodingStandard::National => 2,
            CodingStandard::NetworkSpecific => 3,
        }
    }
    /// From the two low bits of `bits`.
    pub const fn from_bits(bits: u8) -> Self {
        match bits & 0x03 {
            0 => CodingStandard::ItuT,
            1 => CodingStandard::IsoIec,
            2 => CodingStandard::National,
            _ => CodingStandard::NetworkSpecific,
        }
    }
}

/// Why the contents of an IE could not be parsed or emitted. The message layer turns this into
/// the Q.2931 §5.6 response (cause 100, invalid IE contents, with the IE identifier as
/// diagnostic; or cause 96 when a mandatory IE is unusable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IeError {
    /// Contents shorter than the fixed part of the IE.
    Truncated,
    /// Contents longer than this IE may be, or more fields than the IE allows.
    TooLong,
    /// A field holds a value the recommendation does not allow; `offset` is the octet index
    /// within the contents.
    InvalidField {
        /// Octet index within the contents.
        offset: usize,
    },
    /// A mandatory field (octet group) is absent.
    MissingField,
    /// The output buffer is smaller than [`IeContents::buffer_len`].
    BufferTooSmall,
}

/// Typed contents of one information element.
///
/// Laws every implementation obeys (tested by proptest):
/// - `parse` never panics, whatever the bytes;
/// - `emit` writes exactly `buffer_len()` octets into a buffer at least that long and never
///   panics; into a shorter buffer it returns [`IeError::BufferTooSmall`];
/// - `parse(emitted bytes) == Ok(self)` for every value `self` that `parse` can return.
pub trait IeContents: Sized {
    /// Parses the contents octets (after the 4-octet IE header) for the given UNI version and
    /// the coding standard found in the header.
    fn parse(contents: &[u8], coding: CodingStandard, version: UniVersion)
        -> Result<Self, IeError>;
    /// Number of contents octets [`IeContents::emit`] writes.
    fn buffer_len(&self) -> usize;
    /// Writes the contents octets; returns the number written (`buffer_len()`).
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError>;
}

/// A fixed-capacity byte string, so that decoding never allocates (numbers, subaddresses,
/// diagnostics, user-user information, identifiers).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bytes<const N: usize> {
    len: u8,
    data: [u8; N],
}

impl<const N: usize> Bytes<N> {
    /// The empty string.
    pub const fn new() -> Self {
        Bytes { len: 0, data: [0; N] }
    }
    /// A copy of `src`, or `None` if it is longer than the capacity `N` (or than 255).
    pub fn from_slice(src: &[u8]) -> Option<Self> {
        let len = u8::try_from(src.len()).ok()?;
        let mut data = [0; N];
        data.get_mut(..src.len())?.copy_from_slice(src);
        Some(Bytes { len, data })
    }
    /// The stored octets.
    pub fn as_slice(&self) -> &[u8] {
        self.data.get(..usize::from(self.len)).unwrap_or(&[])
    }
    /// Number of stored octets.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }
    /// True when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The capacity.
    pub const fn capacity() -> usize {
        N
    }
}

impl<const N: usize> Default for Bytes<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> core::fmt::Debug for Bytes<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Bytes(")?;
        for b in self.as_slice() {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

// Coding standards of the "ies" IEs: ITU-T coded Q.2931/Q.2971/Q.2957 IEs, ATM Forum
// ("standard defined for the network") coded UNI 4.0 IEs; Cause, Transit network selection and
// Generic identifier transport are sent with either.
wire::coding_standards! {
    CalledPartyNumber => [ItuT];
    CallingPartyNumber => [ItuT];
    ConnectedNumber => [ItuT];
    CalledPartySubaddress => [ItuT];
    CallingPartySubaddress => [ItuT];
    ConnectedSubaddress => [ItuT];
    Cause => [ItuT, NetworkSpecific];
    CallState => [ItuT];
    ConnectionIdentifier => [ItuT];
    EndpointReference => [ItuT];
    EndpointState => [ItuT];
    NotificationIndicator => [ItuT];
    RestartIndicator => [ItuT];
    BroadbandSendingComplete => [ItuT];
    BroadbandRepeatIndicator => [ItuT];
    BroadbandLockingShift => [ItuT];
    BroadbandNonLockingShift => [ItuT];
    BroadbandReportType => [ItuT];
    TransitNetworkSelection => [ItuT, NetworkSpecific];
    LijCallIdentifier => [NetworkSpecific];
    LijParameters => [NetworkSpecific];
    LeafSequenceNumber => [NetworkSpecific];
    ConnectionScopeSelection => [NetworkSpecific];
    GenericIdentifierTransport => [ItuT, NetworkSpecific];
    UserUser => [ItuT];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_store_up_to_capacity() {
        let b = Bytes::<4>::from_slice(&[1, 2, 3]).unwrap();
        assert_eq!(b.as_slice(), &[1, 2, 3]);
        assert_eq!(b.len(), 3);
        assert!(Bytes::<4>::from_slice(&[0; 5]).is_none());
        assert!(Bytes::<4>::new().is_empty());
        assert_eq!(Bytes::<4>::capacity(), 4);
    }

    #[test]
    fn coding_standard_bits_round_trip() {
        for bits in 0..4u8 {
            assert_eq!(CodingStandard::from_bits(bits).bits(), bits);
        }
        assert_eq!(CodingStandard::from_bits(0x7), CodingStandard::NetworkSpecific);
    }
}
