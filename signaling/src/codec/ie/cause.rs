//! Cause (Q.2931 §4.5.15 with Q.2610 / Q.850, UNI 3.1 §5.4.5.15, UNI 4.0 §4; IE 0x08).
//!
//! Contents: octet 5 = ext (1) | spare | location (bits 4-1); octet 6 = ext (1) | cause value
//! (bits 7-1); octets 7.. = diagnostics, whose form depends on the cause value (Q.2610 /
//! Q.850 Table 1). At most 30 contents octets (28 of diagnostics).
//!
//! A diagnostic is decoded into a typed [`Diagnostic`] only when the octets are exactly in
//! the form the recommendation gives for that cause (so emitting the typed value gives back
//! the same octets); anything else is kept as [`Diagnostic::Raw`].

use super::header::IeInstruction;
use super::number::CalledPartyNumber;
use super::transit::TransitNetworkSelection;
use super::wire::{code_point, encodable, require_ext, Reader, Writer, EXT};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Largest diagnostics field (Q.2931: Cause IE at most 34 octets, 4 header + 2 + 28).
pub const MAX_DIAGNOSTIC_LEN: usize = 28;
/// Largest contents of a Cause IE.
pub const MAX_CAUSE_LEN: usize = 2 + MAX_DIAGNOSTIC_LEN;

mod field {
    pub const LOCATION: usize = 0;
    pub const VALUE: usize = 1;
    pub const DIAGNOSTIC: usize = 2;
    pub const LOCATION_MASK: u8 = 0x0F;
    pub const VALUE_MASK: u8 = 0x7F;
    /// Condition diagnostic (Q.850 §2.2.7.1): bit 4 provider/user, bit 3 normal/abnormal,
    /// bits 2-1 condition.
    pub const COND_USER: u8 = 0x08;
    pub const COND_ABNORMAL: u8 = 0x04;
    pub const COND_MASK: u8 = 0x03;
    /// Rejection reason (Q.2610 cause 21): bits 7-3 reason, bits 2-1 condition.
    pub const REASON_SHIFT: u8 = 2;
    pub const REASON_MASK: u8 = 0x1F;
    /// IE identifiers of the IEs a diagnostic may embed whole.
    pub const IE_TRANSIT_NETWORK_SELECTION: u8 = 0x78;
    pub const IE_CALLED_PARTY_NUMBER: u8 = 0x70;
    pub const IE_HEADER_LEN: usize = 4;
    pub const CODING_SHIFT: u8 = 5;
}

code_point! {
    /// Location (Q.850 §2.2.4, octet 5 bits 4-1).
    pub enum Location (max 15) {
        /// 0000 user (U).
        User = 0,
        /// 0001 private network serving the local user (LPN).
        PrivateNetworkLocalUser = 1,
        /// 0010 public network serving the local user (LN).
        PublicNetworkLocalUser = 2,
        /// 0011 transit network (TN).
        TransitNetwork = 3,
        /// 0100 public network serving the remote user (RLN).
        PublicNetworkRemoteUser = 4,
        /// 0101 private network serving the remote user (RPN).
        PrivateNetworkRemoteUser = 5,
        /// 0111 international network (INTL).
        InternationalNetwork = 7,
        /// 1010 network beyond interworking point (BI).
        BeyondInterworkingPoint = 10,
    }
}

code_point! {
    /// Cause value (Q.2610 / Q.850 Table 1 as used by Q.2931, UNI 3.1 and UNI 4.0; octet 6
    /// bits 7-1).
    pub enum CauseValue (max 127) {
        /// 1 unallocated (unassigned) number.
        UnallocatedNumber = 1,
        /// 2 no route to specified transit network.
        NoRouteToSpecifiedTransitNetwork = 2,
        /// 3 no route to destination.
        NoRouteToDestination = 3,
        /// 10 VPCI/VCI unacceptable (UNI 3.1).
        VpciVciUnacceptable = 10,
        /// 16 normal call clearing.
        NormalCallClearing = 16,
        /// 17 user busy.
        UserBusy = 17,
        /// 18 no user responding.
        NoUserResponding = 18,
        /// 21 call rejected.
        CallRejected = 21,
        /// 22 number changed.
        NumberChanged = 22,
        /// 23 user rejects all calls with calling line identification restriction (CLIR).
        UserRejectsCallsWithClir = 23,
        /// 27 destination out of order.
        DestinationOutOfOrder = 27,
        /// 28 invalid number format (address incomplete).
        InvalidNumberFormat = 28,
        /// 30 response to STATUS ENQUIRY.
        ResponseToStatusEnquiry = 30,
        /// 31 normal, unspecified.
        NormalUnspecified = 31,
        /// 32 too many pending add party requests (Q.2971 coding).
        TooManyPendingAddPartyRequestsQ2971 = 32,
        /// 35 requested VPCI/VCI not available.
        RequestedVpciVciNotAvailable = 35,
        /// 36 VPCI/VCI assignment failure.
        VpciVciAssignmentFailure = 36,
        /// 37 user cell rate not available.
        UserCellRateNotAvailable = 37,
        /// 38 network out of order.
        NetworkOutOfOrder = 38,
        /// 41 temporary failure.
        TemporaryFailure = 41,
        /// 42 switching equipment congestion.
        SwitchingEquipmentCongestion = 42,
        /// 43 access information discarded.
        AccessInformationDiscarded = 43,
        /// 45 no VPCI/VCI available.
        NoVpciVciAvailable = 45,
        /// 47 resource unavailable, unspecified.
        ResourceUnavailableUnspecified = 47,
        /// 49 quality of service unavailable.
        QualityOfServiceUnavailable = 49,
        /// 50 requested facility not subscribed.
        RequestedFacilityNotSubscribed = 50,
        /// 57 bearer capability not authorized.
        BearerCapabilityNotAuthorized = 57,
        /// 58 bearer capability not presently available.
        BearerCapabilityNotPresentlyAvailable = 58,
        /// 63 service or option not available, unspecified.
        ServiceOrOptionNotAvailable = 63,
        /// 65 bearer capability not implemented.
        BearerCapabilityNotImplemented = 65,
        /// 69 requested facility not implemented.
        RequestedFacilityNotImplemented = 69,
        /// 73 unsupported combination of traffic parameters.
        UnsupportedCombinationOfTrafficParameters = 73,
        /// 78 AAL parameters cannot be supported (UNI 3.1 / UNI 4.0).
        AalParametersCannotBeSupported = 78,
        /// 79 service or option not implemented, unspecified.
        ServiceOrOptionNotImplemented = 79,
        /// 81 invalid call reference value.
        InvalidCallReferenceValue = 81,
        /// 82 identified channel does not exist.
        IdentifiedChannelDoesNotExist = 82,
        /// 88 incompatible destination.
        IncompatibleDestination = 88,
        /// 89 invalid endpoint reference.
        InvalidEndpointReference = 89,
        /// 91 invalid transit network selection.
        InvalidTransitNetworkSelection = 91,
        /// 92 too many pending add party requests.
        TooManyPendingAddPartyRequests = 92,
        /// 93 AAL parameters cannot be supported (Q.2610 coding).
        AalParametersCannotBeSupportedQ2610 = 93,
        /// 95 invalid message, unspecified.
        InvalidMessageUnspecified = 95,
        /// 96 mandatory information element is missing.
        MandatoryInformationElementMissing = 96,
        /// 97 message type non-existent or not implemented.
        MessageTypeNonExistent = 97,
        /// 98 message not compatible with call state or message type non-existent or not
        /// implemented.
        MessageNotCompatibleOrNonExistent = 98,
        /// 99 information element non-existent or not implemented.
        InformationElementNonExistent = 99,
        /// 100 invalid information element contents.
        InvalidInformationElementContents = 100,
        /// 101 message not compatible with call state.
        MessageNotCompatibleWithCallState = 101,
        /// 102 recovery on timer expiry.
        RecoveryOnTimerExpiry = 102,
        /// 104 incorrect message length.
        IncorrectMessageLength = 104,
        /// 111 protocol error, unspecified.
        ProtocolErrorUnspecified = 111,
        /// 127 interworking, unspecified.
        InterworkingUnspecified = 127,
    }
}

/// Which typed diagnostic form the recommendation gives for a cause value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticForm {
    /// No typed form: diagnostics, if any, stay raw.
    None,
    /// Condition (causes 1, 3, 16, 49).
    Condition,
    /// Transit network identity (cause 2).
    TransitNetwork,
    /// Rejection reason (cause 21).
    Rejection,
    /// New destination (cause 22).
    NewDestination,
    /// VPCI/VCI (causes 35, 82).
    VpciVci,
    /// Traffic descriptor subfield identifiers (cause 37).
    TrafficSubfields,
    /// Attribute identities (causes 57, 58, 65).
    Attributes,
    /// Information element identifiers (causes 43, 96, 99, 100).
    InformationElements,
    /// Message type (causes 97, 98, 101).
    MessageType,
    /// Timer number (cause 102).
    Timer,
}

impl CauseValue {
    /// The typed diagnostic form for this cause value (Q.2610 / Q.850 Table 1).
    pub fn diagnostic_form(self) -> DiagnosticForm {
        use CauseValue as C;
        match self {
            C::UnallocatedNumber
            | C::NoRouteToDestination
            | C::NormalCallClearing
            | C::QualityOfServiceUnavailable => DiagnosticForm::Condition,
            C::NoRouteToSpecifiedTransitNetwork => DiagnosticForm::TransitNetwork,
            C::CallRejected => DiagnosticForm::Rejection,
            C::NumberChanged => DiagnosticForm::NewDestination,
            C::RequestedVpciVciNotAvailable | C::IdentifiedChannelDoesNotExist => {
                DiagnosticForm::VpciVci
            }
            C::UserCellRateNotAvailable => DiagnosticForm::TrafficSubfields,
            C::BearerCapabilityNotAuthorized
            | C::BearerCapabilityNotPresentlyAvailable
            | C::BearerCapabilityNotImplemented => DiagnosticForm::Attributes,
            C::AccessInformationDiscarded
            | C::MandatoryInformationElementMissing
            | C::InformationElementNonExistent
            | C::InvalidInformationElementContents => DiagnosticForm::InformationElements,
            C::MessageTypeNonExistent
            | C::MessageNotCompatibleOrNonExistent
            | C::MessageNotCompatibleWithCallState => DiagnosticForm::MessageType,
            C::RecoveryOnTimerExpiry => DiagnosticForm::Timer,
            _ => DiagnosticForm::None,
        }
    }
}

/// Condition field (Q.850 §2.2.7.1, bits 2-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// 00 unknown.
    Unknown,
    /// 01 permanent.
    Permanent,
    /// 10 transient.
    Transient,
}

impl Condition {
    fn from_bits(bits: u8) -> Option<Self> {
        match bits & field::COND_MASK {
            0 => Some(Condition::Unknown),
            1 => Some(Condition::Permanent),
            2 => Some(Condition::Transient),
            _ => None,
        }
    }
    fn bits(self) -> u8 {
        match self {
            Condition::Unknown => 0,
            Condition::Permanent => 1,
            Condition::Transient => 2,
        }
    }
}

/// Condition diagnostic (causes 1, 3, 16, 49): one octet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConditionDiagnostic {
    /// Bit 4: false = network service provider, true = network service user.
    pub user: bool,
    /// Bit 3: false = normal, true = abnormal.
    pub abnormal: bool,
    /// Bits 2-1.
    pub condition: Condition,
}

/// Rejection diagnostic of cause 21 (call rejected): rejection reason and condition, then
/// the user-specific diagnostic or the identifier of the missing / insufficient IE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rejection {
    /// Reason 00000: user specific, with the user's diagnostic octets (may be empty).
    UserSpecific {
        /// Condition.
        condition: Condition,
        /// User-specific diagnostic.
        diagnostic: Bytes<{ MAX_DIAGNOSTIC_LEN - 1 }>,
    },
    /// Reason 00001: information element missing.
    IeMissing {
        /// Condition.
        condition: Condition,
        /// Identifier of the missing IE, when given.
        ie: Option<u8>,
    },
    /// Reason 00010: information element contents are not sufficient.
    IeInsufficient {
        /// Condition.
        condition: Condition,
        /// Identifier of the insufficient IE, when given.
        ie: Option<u8>,
    },
}

/// Diagnostics of a Cause IE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Diagnostic {
    /// Causes 1, 3, 16, 49.
    Condition(ConditionDiagnostic),
    /// Cause 2: the transit network identity, a whole Transit network selection IE.
    TransitNetwork {
        /// Coding standard of the embedded IE header.
        coding: CodingStandard,
        /// Instruction field of the embedded IE header.
        instruction: IeInstruction,
        /// The embedded IE contents.
        tns: TransitNetworkSelection,
    },
    /// Cause 21.
    Rejection(Rejection),
    /// Cause 22: the new destination, a whole Called party number IE (UNI 3.1 §5.4.5.15).
    NewDestination {
        /// Coding standard of the embedded IE header.
        coding: CodingStandard,
        /// Instruction field of the embedded IE header.
        instruction: IeInstruction,
        /// The embedded IE contents.
        number: CalledPartyNumber,
    },
    /// Causes 35, 82: VPCI and VCI.
    VpciVci {
        /// VPCI.
        vpci: u16,
        /// VCI.
        vci: u16,
    },
    /// Cause 37: identifiers of the ATM traffic descriptor subfields that could not be met.
    TrafficSubfields(Bytes<MAX_DIAGNOSTIC_LEN>),
    /// Causes 57, 58, 65: attribute identities, each 1 to 3 octets ending with ext = 1.
    Attributes(Bytes<MAX_DIAGNOSTIC_LEN>),
    /// Causes 43, 96, 99, 100: information element identifiers.
    InformationElements(Bytes<MAX_DIAGNOSTIC_LEN>),
    /// Causes 97, 98, 101: the message type.
    MessageType(u8),
    /// Cause 102: the timer number as three IA5 digits (e.g. `b"308"`).
    Timer([u8; 3]),
    /// Any diagnostic not in a typed form above.
    Raw(Bytes<MAX_DIAGNOSTIC_LEN>),
}

/// Attribute identities are groups of 1 to 3 octets, the last octet of each with ext = 1.
fn attributes_well_formed(d: &[u8]) -> bool {
    let mut in_group = 0usize;
    for b in d {
        in_group += 1;
        if b & EXT != 0 {
            in_group = 0;
        } else if in_group == 3 {
            return false;
        }
    }
    in_group == 0
}

fn nested_header(d: &[u8], id: u8) -> Option<(CodingStandard, IeInstruction, &[u8])> {
    let (head, body) = d.split_at_checked(field::IE_HEADER_LEN)?;
    let [ie, instruction, hi, lo] = *head else { return None };
    let len = usize::from(u16::from_be_bytes([hi, lo]));
    if ie != id || len != body.len() || instruction & EXT == 0 {
        return None;
    }
    Some((
        CodingStandard::from_bits(instruction >> field::CODING_SHIFT),
        IeInstruction::from_bits(instruction),
        body,
    ))
}

impl Diagnostic {
    /// Decodes the diagnostic octets `d` (non-empty) of a cause with value `value`.
    pub fn decode(value: CauseValue, d: &[u8], version: UniVersion) -> Option<Self> {
        if d.is_empty() || d.len() > MAX_DIAGNOSTIC_LEN {
            return None;
        }
        let typed = Self::decode_typed(value, d, version);
        match typed {
            Some(t) => Some(t),
            None => Bytes::from_slice(d).map(Diagnostic::Raw),
        }
    }

    fn decode_typed(value: CauseValue, d: &[u8], version: UniVersion) -> Option<Self> {
        match value.diagnostic_form() {
            DiagnosticForm::None => None,
            DiagnosticForm::Condition => {
                let [b] = *d else { return None };
                // Spare bits 7-5 must be 0 and the octet ends its group.
                if b & 0x70 != 0 || b & EXT == 0 {
                    return None;
                }
                Some(Diagnostic::Condition(ConditionDiagnostic {
                    user: b & field::COND_USER != 0,
                    abnormal: b & field::COND_ABNORMAL != 0,
                    condition: Condition::from_bits(b)?,
                }))
            }
            DiagnosticForm::TransitNetwork => {
                let (coding, instruction, body) =
                    nested_header(d, field::IE_TRANSIT_NETWORK_SELECTION)?;
                let tns = TransitNetworkSelection::parse(body, coding, version).ok()?;
                Some(Diagnostic::TransitNetwork { coding, instruction, tns })
            }
            DiagnosticForm::NewDestination => {
                let (coding, instruction, body) = nested_header(d, field::IE_CALLED_PARTY_NUMBER)?;
                let number = CalledPartyNumber::parse(body, coding, version).ok()?;
                Some(Diagnostic::NewDestination { coding, instruction, number })
            }
            DiagnosticForm::Rejection => {
                let (&b, rest) = d.split_first()?;
                if b & EXT == 0 {
                    return None;
                }
                let condition = Condition::from_bits(b)?;
                let ie = match rest {
                    [] => None,
                    [ie] => Some(*ie),
                    _ => None,
                };
                match (b >> field::REASON_SHIFT) & field::REASON_MASK {
                    0 => Some(Diagnostic::Rejection(Rejection::UserSpecific {
                        condition,
                        diagnostic: Bytes::from_slice(rest)?,
                    })),
                    1 if rest.len() <= 1 => {
                        Some(Diagnostic::Rejection(Rejection::IeMissing { condition, ie }))
                    }
                    2 if rest.len() <= 1 => {
                        Some(Diagnostic::Rejection(Rejection::IeInsufficient { condition, ie }))
                    }
                    _ => None,
                }
            }
            DiagnosticForm::VpciVci => {
                let [a, b, c, e] = *d else { return None };
                Some(Diagnostic::VpciVci {
                    vpci: u16::from_be_bytes([a, b]),
                    vci: u16::from_be_bytes([c, e]),
                })
            }
            DiagnosticForm::TrafficSubfields => {
                Bytes::from_slice(d).map(Diagnostic::TrafficSubfields)
            }
            DiagnosticForm::Attributes => {
                if attributes_well_formed(d) {
                    Bytes::from_slice(d).map(Diagnostic::Attributes)
                } else {
                    None
                }
            }
            DiagnosticForm::InformationElements => {
                Bytes::from_slice(d).map(Diagnostic::InformationElements)
            }
            DiagnosticForm::MessageType => {
                let [m] = *d else { return None };
                Some(Diagnostic::MessageType(m))
            }
            DiagnosticForm::Timer => {
                let t: [u8; 3] = d.try_into().ok()?;
                if t.iter().all(u8::is_ascii_digit) {
                    Some(Diagnostic::Timer(t))
                } else {
                    None
                }
            }
        }
    }

    /// The typed form of this diagnostic ([`DiagnosticForm::None`] for raw).
    pub fn form(&self) -> DiagnosticForm {
        match self {
            Diagnostic::Condition(_) => DiagnosticForm::Condition,
            Diagnostic::TransitNetwork { .. } => DiagnosticForm::TransitNetwork,
            Diagnostic::Rejection(_) => DiagnosticForm::Rejection,
            Diagnostic::NewDestination { .. } => DiagnosticForm::NewDestination,
            Diagnostic::VpciVci { .. } => DiagnosticForm::VpciVci,
            Diagnostic::TrafficSubfields(_) => DiagnosticForm::TrafficSubfields,
            Diagnostic::Attributes(_) => DiagnosticForm::Attributes,
            Diagnostic::InformationElements(_) => DiagnosticForm::InformationElements,
            Diagnostic::MessageType(_) => DiagnosticForm::MessageType,
            Diagnostic::Timer(_) => DiagnosticForm::Timer,
            Diagnostic::Raw(_) => DiagnosticForm::None,
        }
    }

    /// Number of diagnostic octets this value is emitted as.
    pub fn len(&self) -> usize {
        match self {
            Diagnostic::Condition(_) | Diagnostic::MessageType(_) => 1,
            Diagnostic::TransitNetwork { tns, .. } => field::IE_HEADER_LEN + tns.buffer_len(),
            Diagnostic::NewDestination { number, .. } => field::IE_HEADER_LEN + number.buffer_len(),
            Diagnostic::Rejection(r) => {
                1 + match r {
                    Rejection::UserSpecific { diagnostic, .. } => diagnostic.len(),
                    Rejection::IeMissing { ie, .. } | Rejection::IeInsufficient { ie, .. } => {
                        usize::from(ie.is_some())
                    }
                }
            }
            Diagnostic::VpciVci { .. } => 4,
            Diagnostic::Timer(_) => 3,
            Diagnostic::TrafficSubfields(b)
            | Diagnostic::Attributes(b)
            | Diagnostic::InformationElements(b)
            | Diagnostic::Raw(b) => b.len(),
        }
    }

    /// Never true for a diagnostic that can be emitted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn write(&self, w: &mut Writer<'_>, offset: usize) -> Result<(), IeError> {
        match self {
            Diagnostic::Condition(c) => w.u8(EXT
                | if c.user { field::COND_USER } else { 0 }
                | if c.abnormal { field::COND_ABNORMAL } else { 0 }
                | c.condition.bits()),
            Diagnostic::TransitNetwork { coding, instruction, tns } => {
                write_nested(w, field::IE_TRANSIT_NETWORK_SELECTION, *coding, *instruction, tns)
            }
            Diagnostic::NewDestination { coding, instruction, number } => {
                write_nested(w, field::IE_CALLED_PARTY_NUMBER, *coding, *instruction, number)
            }
            Diagnostic::Rejection(r) => {
                let (reason, condition) = match r {
                    Rejection::UserSpecific { condition, .. } => (0u8, condition),
                    Rejection::IeMissing { condition, .. } => (1, condition),
                    Rejection::IeInsufficient { condition, .. } => (2, condition),
                };
                w.u8(EXT | (reason << field::REASON_SHIFT) | condition.bits())?;
                match r {
                    Rejection::UserSpecific { diagnostic, .. } => w.bytes(diagnostic.as_slice()),
                    Rejection::IeMissing { ie, .. } | Rejection::IeInsufficient { ie, .. } => {
                        match ie {
                            Some(ie) => w.u8(*ie),
                            None => Ok(()),
                        }
                    }
                }
            }
            Diagnostic::VpciVci { vpci, vci } => {
                w.u16(*vpci)?;
                w.u16(*vci)
            }
            Diagnostic::MessageType(m) => w.u8(*m),
            Diagnostic::Timer(t) => {
                encodable(t.iter().all(u8::is_ascii_digit), offset)?;
                w.bytes(t)
            }
            Diagnostic::Attributes(b) => {
                encodable(attributes_well_formed(b.as_slice()), offset)?;
                w.bytes(b.as_slice())
            }
            Diagnostic::TrafficSubfields(b)
            | Diagnostic::InformationElements(b)
            | Diagnostic::Raw(b) => w.bytes(b.as_slice()),
        }
    }
}

fn write_nested<T: IeContents>(
    w: &mut Writer<'_>,
    id: u8,
    coding: CodingStandard,
    instruction: IeInstruction,
    ie: &T,
) -> Result<(), IeError> {
    let len = u16::try_from(ie.buffer_len()).map_err(|_| IeError::TooLong)?;
    w.u8(id)?;
    w.u8(EXT | (coding.bits() << field::CODING_SHIFT) | instruction.bits())?;
    w.u16(len)?;
    let mut tmp = [0u8; MAX_DIAGNOSTIC_LEN];
    let n = ie.emit(&mut tmp)?;
    w.bytes(tmp.get(..n).ok_or(IeError::TooLong)?)
}

/// Cause IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cause {
    /// Where the cause was generated.
    pub location: Location,
    /// The cause value.
    pub value: CauseValue,
    /// Diagnostics, when present.
    pub diagnostic: Option<Diagnostic>,
}

impl Cause {
    /// A cause without diagnostics.
    pub const fn new(location: Location, value: CauseValue) -> Self {
        Cause { location, value, diagnostic: None }
    }
}

impl IeContents for Cause {
    fn parse(contents: &[u8], _: CodingStandard, version: UniVersion) -> Result<Self, IeError> {
        if contents.len() > MAX_CAUSE_LEN {
            return Err(IeError::TooLong);
        }
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        // Q.2931 has no octet 5a (recommendation): octet 5 ends its group.
        require_ext(o5, field::LOCATION)?;
        let o6 = r.u8()?;
        require_ext(o6, field::VALUE)?;
        let value = CauseValue::from(o6 & field::VALUE_MASK);
        let diagnostic = Diagnostic::decode(value, r.rest(), version);
        Ok(Cause { location: Location::from(o5 & field::LOCATION_MASK), value, diagnostic })
    }

    fn buffer_len(&self) -> usize {
        2 + self.diagnostic.as_ref().map_or(0, Diagnostic::len)
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.location.is_encodable(), field::LOCATION)?;
        encodable(self.value.is_encodable(), field::VALUE)?;
        if let Some(d) = &self.diagnostic {
            // A typed diagnostic only goes with the causes that define it; an empty one would
            // read back as no diagnostic.
            let form = d.form();
            encodable(
                form == DiagnosticForm::None || form == self.value.diagnostic_form(),
                field::DIAGNOSTIC,
            )?;
            if d.is_empty() {
                return Err(IeError::MissingField);
            }
        }
        if self.buffer_len() > MAX_CAUSE_LEN {
            return Err(IeError::TooLong);
        }
        let mut w = Writer::with_len(buf, self.buffer_len())?;
        w.u8(EXT | u8::from(self.location))?;
        w.u8(EXT | u8::from(self.value))?;
        if let Some(d) = &self.diagnostic {
            d.write(&mut w, field::DIAGNOSTIC)?;
        }
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::ie::number::{PartyAddress, PartyNumber, TypeOfNumber};

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V: UniVersion = UniVersion::Uni40;

    fn round(bytes: &[u8]) -> Cause {
        let c = Cause::parse(bytes, ITU, V).unwrap();
        let mut buf = [0u8; MAX_CAUSE_LEN];
        let n = c.emit(&mut buf).unwrap();
        assert_eq!(n, c.buffer_len());
        assert_eq!(&buf[..n], bytes, "re-emitted octets differ for {c:?}");
        c
    }

    #[test]
    fn normal_clearing_from_user() {
        let c = round(&[0x80, 0x90]);
        assert_eq!(c, Cause::new(Location::User, CauseValue::NormalCallClearing));
    }

    #[test]
    fn condition_diagnostic() {
        // Private network local user, unallocated number, user / abnormal / permanent.
        let c = round(&[0x81, 0x81, 0x8D]);
        assert_eq!(c.location, Location::PrivateNetworkLocalUser);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::Condition(ConditionDiagnostic {
                user: true,
                abnormal: true,
                condition: Condition::Permanent,
            }))
        );
    }

    #[test]
    fn rejection_forms() {
        let c = round(&[0x80, 0x95, 0x8A, 0x5C]);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::Rejection(Rejection::IeInsufficient {
                condition: Condition::Transient,
                ie: Some(0x5C),
            }))
        );
        let c = round(&[0x80, 0x95, 0x81, 0xAA, 0xBB]);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::Rejection(Rejection::UserSpecific {
                condition: Condition::Permanent,
                diagnostic: Bytes::from_slice(&[0xAA, 0xBB]).unwrap(),
            }))
        );
        let c = round(&[0x80, 0x95, 0x84]);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::Rejection(Rejection::IeMissing {
                condition: Condition::Unknown,
                ie: None
            }))
        );
    }

    #[test]
    fn vpci_vci_message_type_timer_and_lists() {
        let c = round(&[0x82, 0xA3, 0x00, 0x01, 0x00, 0x20]);
        assert_eq!(c.diagnostic, Some(Diagnostic::VpciVci { vpci: 1, vci: 32 }));
        let c = round(&[0x80, 0xE1, 0x46]);
        assert_eq!(c.diagnostic, Some(Diagnostic::MessageType(0x46)));
        let c = round(&[0x80, 0xE6, b'3', b'0', b'8']);
        assert_eq!(c.diagnostic, Some(Diagnostic::Timer(*b"308")));
        let c = round(&[0x80, 0xE4, 0x58, 0x59]);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::InformationElements(Bytes::from_slice(&[0x58, 0x59]).unwrap()))
        );
        let c = round(&[0x82, 0xA5, 0x82, 0x83]);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::TrafficSubfields(Bytes::from_slice(&[0x82, 0x83]).unwrap()))
        );
        let c = round(&[0x82, 0xB9, 0x01, 0x82, 0x83]);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::Attributes(Bytes::from_slice(&[0x01, 0x82, 0x83]).unwrap()))
        );
    }

    #[test]
    fn nested_ies() {
        let c = round(&[0x83, 0x82, 0x78, 0x80, 0x00, 0x04, 0xA1, b'2', b'8', b'8']);
        assert_eq!(
            c.diagnostic,
            Some(Diagnostic::TransitNetwork {
                coding: CodingStandard::ItuT,
                instruction: IeInstruction::REGULAR,
                tns: TransitNetworkSelection::carrier(b"288").unwrap(),
            })
        );
        let c = round(&[0x84, 0x96, 0x70, 0x80, 0x00, 0x03, 0x91, b'1', b'2']);
        let Some(Diagnostic::NewDestination { number, .. }) = c.diagnostic else {
            panic!("not a new destination: {c:?}")
        };
        assert_eq!(number.0.type_of_number, TypeOfNumber::International);
        assert!(matches!(number.0.address, PartyAddress::E164(_)));
    }

    #[test]
    fn raw_fallbacks() {
        // Reserved condition 11.
        let c = round(&[0x80, 0x81, 0x83]);
        assert_eq!(c.diagnostic, Some(Diagnostic::Raw(Bytes::from_slice(&[0x83]).unwrap())));
        // Attribute group without its ext = 1 octet.
        let c = round(&[0x80, 0xB9, 0x01]);
        assert!(matches!(c.diagnostic, Some(Diagnostic::Raw(_))));
        // Timer not in digits.
        let c = round(&[0x80, 0xE6, b'T', b'3', b'0']);
        assert!(matches!(c.diagnostic, Some(Diagnostic::Raw(_))));
        // Cause without a typed form, unknown cause value.
        let c = round(&[0x80, 0x9F, 1, 2]);
        assert!(matches!(c.diagnostic, Some(Diagnostic::Raw(_))));
        let c = round(&[0x8C, 0xFE, 9]);
        assert_eq!(c.location, Location::Unknown(12));
        assert_eq!(c.value, CauseValue::Unknown(126));
        // Nested IE with the wrong length.
        let c = round(&[0x80, 0x96, 0x70, 0x80, 0x00, 0x09, 0x91, b'1']);
        assert!(matches!(c.diagnostic, Some(Diagnostic::Raw(_))));
    }

    #[test]
    fn negative_length_rules() {
        assert_eq!(Cause::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(Cause::parse(&[0x80], ITU, V), Err(IeError::Truncated));
        assert_eq!(Cause::parse(&[0x80; 31], ITU, V), Err(IeError::TooLong));
    }

    #[test]
    fn negative_ext_bits() {
        assert_eq!(Cause::parse(&[0x00, 0x90], ITU, V), Err(IeError::InvalidField { offset: 0 }));
        assert_eq!(Cause::parse(&[0x80, 0x10], ITU, V), Err(IeError::InvalidField { offset: 1 }));
    }

    #[test]
    fn negative_emit_mismatched_diagnostic() {
        let c = Cause {
            location: Location::User,
            value: CauseValue::NormalCallClearing,
            diagnostic: Some(Diagnostic::MessageType(5)),
        };
        assert_eq!(c.emit(&mut [0u8; 8]), Err(IeError::InvalidField { offset: 2 }));
        let empty = Cause {
            location: Location::User,
            value: CauseValue::MandatoryInformationElementMissing,
            diagnostic: Some(Diagnostic::InformationElements(Bytes::new())),
        };
        assert_eq!(empty.emit(&mut [0u8; 8]), Err(IeError::MissingField));
        let bad_loc = Cause::new(Location::Unknown(2), CauseValue::UserBusy);
        assert_eq!(bad_loc.emit(&mut [0u8; 8]), Err(IeError::InvalidField { offset: 0 }));
        let nested = Cause {
            location: Location::User,
            value: CauseValue::NumberChanged,
            diagnostic: Some(Diagnostic::NewDestination {
                coding: CodingStandard::ItuT,
                instruction: IeInstruction::REGULAR,
                number: CalledPartyNumber(PartyNumber::from_atm_address(
                    "47.0005.80ffe1000000f21510000020481a0000.01".parse().unwrap(),
                )),
            }),
        };
        // 2 + 4 + 21 = 27 octets: fits.
        assert_eq!(nested.buffer_len(), 27);
        let mut buf = [0u8; 27];
        assert_eq!(nested.emit(&mut buf), Ok(27));
        assert_eq!(Cause::parse(&buf, ITU, V), Ok(nested));
    }

    #[test]
    fn every_named_value_round_trips() {
        for v in CauseValue::NAMED {
            let c = Cause::new(Location::TransitNetwork, *v);
            let mut buf = [0u8; 2];
            c.emit(&mut buf).unwrap();
            assert_eq!(Cause::parse(&buf, ITU, V), Ok(c));
        }
    }
}
