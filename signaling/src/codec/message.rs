//! Q.2931 messages: the header fields plus an [`IeSet`], decoded and encoded without
//! allocation.
//!
//! Decoding follows Q.2931 §5.6 / §5.7: IEs may arrive in any order; unrecognized IEs (and
//! known IEs the message does not carry) are kept raw, up to [`MAX_UNRECOGNIZED`] of at most
//! [`RAW_IE_MAX`] octets, so they can be passed on or answered; IEs with invalid contents and
//! excess repetitions are dropped and reported; missing mandatory IEs are reported. Encoding
//! emits the IEs in the order of the Q.2931 message tables (UNI 4.0 additions after the
//! Q.2931 IEs they follow), then the raw IEs.
//!
//! A [`Message`] is about 2.3 KiB; on a kernel stack prefer one long-lived message and
//! [`Message::decode_into`] over [`Message::decode`], which returns it by value.
//!
//! ```
//! use signaling::codec::ie::{CauseValue, UniVersion};
//! use signaling::codec::{
//!     CallReference, Context, DecodeError, Direction, Message, MessageResponse, MessageType,
//! };
//!
//! // RELEASE, call reference 1 (from the originating side), cause #16 from the user.
//! let bytes = [0x09, 0x03, 0x00, 0x00, 0x01, 0x4d, 0x80, 0x00, 0x06,
//!              0x08, 0x80, 0x00, 0x02, 0x80, 0x90];
//! let cx = Context { version: UniVersion::Uni40, direction: Direction::NetworkToUser };
//! let mut msg = Message::new(CallReference::Dummy, MessageType::Unknown(0));
//! match msg.decode_into(&bytes, cx) {
//!     Ok(problems) => {
//!         assert_eq!(msg.message_type, MessageType::Release);
//!         let cause = msg.ies.cause.first().map(|c| c.contents.value);
//!         assert_eq!(cause, Some(CauseValue::from(16)));
//!         // Nothing to report: no STATUS needed.
//!         assert!(!problems.report_status());
//!     }
//!     // Whole-message responses (Q.2931 §5.6), e.g. a missing mandatory IE.
//!     Err(DecodeError::Rejected { response: MessageResponse::MandatoryIeError, .. }) => {}
//!     Err(other) => panic!("{other:?}"),
//! }
//! let mut out = [0u8; 64];
//! let n = msg.encode(&mut out).unwrap();
//! assert_eq!(&out[..n], &bytes[..]);
//! ```

use super::error::{
    DecodeError, EncodeError, IeProblem, IeProblemKind, IeResponse, List, MessageResponse, Problems,
};
use super::header::{CallReference, MessageCompatibility, MessageHeader, Packet};
use super::ie::header::{IeHeader, IE_HEADER_LEN};
use super::ie::*;
use super::message_type::MessageType;
use super::tables::{self, Direction, Presence};

/// Octets of contents kept for an unrecognized IE.
pub const RAW_IE_MAX: usize = 64;
/// Unrecognized IEs kept per message.
pub const MAX_UNRECOGNIZED: usize = 8;

/// The version and direction a message is decoded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Context {
    /// UNI signalling version of the link.
    pub version: UniVersion,
    /// Direction the message travels (a user-side receiver decodes `NetworkToUser`).
    pub direction: Direction,
}

/// One typed IE with its header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ie<T> {
    /// Coding standard (octet 2 bits 7-6).
    pub coding: CodingStandard,
    /// Instruction field (octet 2 bits 5-1).
    pub instruction: IeInstruction,
    /// The contents.
    pub contents: T,
}

impl<T: TypedIe> Ie<T> {
    /// `contents` with the IE's usual coding standard and regular error handling.
    pub fn new(contents: T) -> Self {
        let coding = T::CODINGS.first().copied().unwrap_or_default();
        Ie { coding, instruction: IeInstruction::REGULAR, contents }
    }
    /// The same IE with the instruction field `instruction`.
    pub fn with_instruction(self, instruction: IeInstruction) -> Self {
        Ie { instruction, ..self }
    }
}

/// An IE content type, its identifier and the coding standards its contents coding is
/// defined for (the first is the one to send). An IE received with another coding standard
/// is handled as unrecognized (Q.2931 §5.6.8.1): its contents mean something else.
pub trait TypedIe: IeContents {
    /// The IE identifier.
    const ID: IeId;
    /// Coding standards accepted; the first is used by [`Ie::new`].
    const CODINGS: &'static [CodingStandard];
}

const ITU: &[CodingStandard] = &[CodingStandard::ItuT];
const ITU_OR_NET: &[CodingStandard] = &[CodingStandard::ItuT, CodingStandard::NetworkSpecific];
const NET_OR_ITU: &[CodingStandard] = &[CodingStandard::NetworkSpecific, CodingStandard::ItuT];

macro_rules! typed_ie {
    ($($t:ty = $id:ident, $codings:expr;)*) => {
        $(impl TypedIe for $t {
            const ID: IeId = IeId::$id;
            const CODINGS: &'static [CodingStandard] = $codings;
        })*

        /// The coding standards accepted for `id` (empty for IEs without a typed form).
        pub fn codings(id: IeId) -> &'static [CodingStandard] {
            match id {
                $( IeId::$id => <$t as TypedIe>::CODINGS, )*
                _ => &[],
            }
        }
    };
}

typed_ie! {
    AalParameters = AalParameters, ITU;
    AtmTrafficDescriptor = AtmTrafficDescriptor, ITU;
    AlternativeTrafficDescriptor = AlternativeTrafficDescriptor, ITU_OR_NET;
    MinimumTrafficDescriptor = MinimumTrafficDescriptor, ITU_OR_NET;
    BroadbandBearerCapability = BroadbandBearerCapability, ITU;
    Bhli = Bhli, ITU;
    BroadbandRepeatIndicator = BroadbandRepeatIndicator, BroadbandRepeatIndicator::CODING_STANDARDS;
    Blli = Blli, ITU;
    CallState = CallState, CallState::CODING_STANDARDS;
    CalledPartyNumber = CalledPartyNumber, CalledPartyNumber::CODING_STANDARDS;
    CalledPartySubaddress = CalledPartySubaddress, CalledPartySubaddress::CODING_STANDARDS;
    CallingPartyNumber = CallingPartyNumber, CallingPartyNumber::CODING_STANDARDS;
    CallingPartySubaddress = CallingPartySubaddress, CallingPartySubaddress::CODING_STANDARDS;
    ConnectedNumber = ConnectedNumber, ConnectedNumber::CODING_STANDARDS;
    ConnectedSubaddress = ConnectedSubaddress, ConnectedSubaddress::CODING_STANDARDS;
    Cause = Cause, Cause::CODING_STANDARDS;
    ConnectionIdentifier = ConnectionIdentifier, ConnectionIdentifier::CODING_STANDARDS;
    RestartIndicator = RestartIndicator, RestartIndicator::CODING_STANDARDS;
    EndToEndTransitDelay = EndToEndTransitDelay, ITU_OR_NET;
    NotificationIndicator = NotificationIndicator, NotificationIndicator::CODING_STANDARDS;
    OamTrafficDescriptor = OamTrafficDescriptor, ITU;
    QosParameter = QosParameter, ITU_OR_NET;
    ExtendedQos = ExtendedQos, NET_OR_ITU;
    AbrSetupParameters = AbrSetupParameters, NET_OR_ITU;
    AbrAdditionalParameters = AbrAdditionalParameters, NET_OR_ITU;
    BroadbandSendingComplete = BroadbandSendingComplete, BroadbandSendingComplete::CODING_STANDARDS;
    TransitNetworkSelection = TransitNetworkSelection, TransitNetworkSelection::CODING_STANDARDS;
    EndpointReference = EndpointReference, EndpointReference::CODING_STANDARDS;
    EndpointState = EndpointState, EndpointState::CODING_STANDARDS;
    LijCallIdentifier = LijCallIdentifier, LijCallIdentifier::CODING_STANDARDS;
    LijParameters = LijParameters, LijParameters::CODING_STANDARDS;
    LeafSequenceNumber = LeafSequenceNumber, LeafSequenceNumber::CODING_STANDARDS;
    ConnectionScopeSelection = ConnectionScopeSelection, ConnectionScopeSelection::CODING_STANDARDS;
    BroadbandReportType = BroadbandReportType, BroadbandReportType::CODING_STANDARDS;
    GenericIdentifierTransport = GenericIdentifierTransport, GenericIdentifierTransport::CODING_STANDARDS;
    UserUser = UserUser, UserUser::CODING_STANDARDS;
    BroadbandLockingShift = BroadbandLockingShift, BroadbandLockingShift::CODING_STANDARDS;
    BroadbandNonLockingShift = BroadbandNonLockingShift, BroadbandNonLockingShift::CODING_STANDARDS;
}

/// Up to `N` occurrences of one IE.
pub type IeList<T, const N: usize> = List<Ie<T>, N>;

/// An IE kept as received because this codec does not handle it in this message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawIe {
    /// The identifier.
    pub id: IeId,
    /// Coding standard.
    pub coding: CodingStandard,
    /// Instruction field (the action indicator says what the sender wants done with it).
    pub instruction: IeInstruction,
    /// The contents.
    pub contents: Bytes<RAW_IE_MAX>,
}

/// Storage for one IE kind in an [`IeSet`]: a single `Option<Ie<T>>` or an [`IeList`].
pub trait Slot {
    /// The contents type.
    type Contents: TypedIe;
    /// Number of occurrences stored.
    fn count(&self) -> usize;
    /// Stores `ie` if fewer than `max` are stored; false otherwise.
    fn insert(&mut self, ie: Ie<Self::Contents>, max: usize) -> bool;
    /// The `i`-th occurrence.
    fn nth(&self, i: usize) -> Option<&Ie<Self::Contents>>;
    /// Removes every occurrence.
    fn clear(&mut self);
}

impl<T: TypedIe> Slot for Option<Ie<T>> {
    type Contents = T;
    #[inline]
    fn count(&self) -> usize {
        usize::from(self.is_some())
    }
    fn insert(&mut self, ie: Ie<T>, max: usize) -> bool {
        if self.is_some() || max == 0 {
            return false;
        }
        *self = Some(ie);
        true
    }
    #[inline]
    fn nth(&self, i: usize) -> Option<&Ie<T>> {
        if i == 0 {
            self.as_ref()
        } else {
            None
        }
    }
    fn clear(&mut self) {
        *self = None;
    }
}

impl<T: TypedIe + Copy, const N: usize> Slot for IeList<T, N> {
    type Contents = T;
    fn count(&self) -> usize {
        self.len()
    }
    fn insert(&mut self, ie: Ie<T>, max: usize) -> bool {
        self.len() < max && self.push(ie).is_ok()
    }
    fn nth(&self, i: usize) -> Option<&Ie<T>> {
        self.get(i)
    }
    fn clear(&mut self) {
        List::clear(self);
    }
}

enum Inserted {
    Ok,
    Repeated,
    Invalid(IeError),
    /// No typed form: unknown here, or a coding standard the contents type is not for.
    NotTyped,
}

fn insert_into<S: Slot>(
    slot: &mut S,
    h: &IeHeader,
    contents: &[u8],
    version: UniVersion,
    max: usize,
) -> Inserted {
    if !S::Contents::CODINGS.contains(&h.coding) {
        return Inserted::NotTyped;
    }
    // Q.2931 §5.6.8: only the first occurrences are handled; later ones are not even parsed.
    if slot.count() >= max {
        return Inserted::Repeated;
    }
    match S::Contents::parse(contents, h.coding, version) {
        Ok(c) => {
            let ie = Ie { coding: h.coding, instruction: h.instruction, contents: c };
            if slot.insert(ie, max) {
                Inserted::Ok
            } else {
                Inserted::Repeated
            }
        }
        Err(e) => Inserted::Invalid(e),
    }
}

/// Writes one IE (header + contents) at the writer's position.
struct MessageWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl MessageWriter<'_> {
    #[inline]
    fn ie<T: TypedIe>(&mut self, ie: &Ie<T>) -> Result<(), EncodeError> {
        // Contents first, straight after the header's place; the header (with the length
        // just learnt) is written afterwards into the 4 octets kept for it: one pass.
        let out = self.buf.get_mut(self.pos..).ok_or(EncodeError::BufferTooSmall)?;
        let (head, body) =
            out.split_first_chunk_mut::<IE_HEADER_LEN>().ok_or(EncodeError::BufferTooSmall)?;
        let n = ie.contents.emit(body).map_err(|error| match error {
            IeError::BufferTooSmall => EncodeError::BufferTooSmall,
            error => EncodeError::Ie { id: T::ID, error },
        })?;
        let length = u16::try_from(n).map_err(|_| EncodeError::TooLong)?;
        let h =
            IeHeader { identifier: T::ID, coding: ie.coding, instruction: ie.instruction, length };
        h.emit(head).ok_or(EncodeError::BufferTooSmall)?;
        self.pos += IE_HEADER_LEN + n;
        Ok(())
    }
    fn raw(&mut self, ie: &RawIe) -> Result<(), EncodeError> {
        let start = self.pos;
        let src = ie.contents.as_slice();
        self.buf
            .get_mut(start + IE_HEADER_LEN..start + IE_HEADER_LEN + src.len())
            .ok_or(EncodeError::BufferTooSmall)?
            .copy_from_slice(src);
        self.header(ie.id, ie.coding, ie.instruction, src.len())
    }
    fn header(
        &mut self,
        id: IeId,
        coding: CodingStandard,
        instruction: IeInstruction,
        n: usize,
    ) -> Result<(), EncodeError> {
        let length = u16::try_from(n).map_err(|_| EncodeError::TooLong)?;
        let h = IeHeader { identifier: id, coding, instruction, length };
        let out = self.buf.get_mut(self.pos..).ok_or(EncodeError::BufferTooSmall)?;
        h.emit(out).ok_or(EncodeError::BufferTooSmall)?;
        self.pos += IE_HEADER_LEN + n;
        Ok(())
    }
}

#[inline(always)]
fn emit_slot<S: Slot>(slot: &S, w: &mut MessageWriter<'_>) -> Result<(), EncodeError> {
    let mut i = 0;
    while let Some(ie) = slot.nth(i) {
        w.ie(ie)?;
        i += 1;
    }
    Ok(())
}

fn slot_len<S: Slot>(slot: &S) -> usize {
    let mut i = 0;
    let mut n = 0;
    while let Some(ie) = slot.nth(i) {
        n += IE_HEADER_LEN + ie.contents.buffer_len();
        i += 1;
    }
    n
}

macro_rules! ie_set {
    ($( $(#[$doc:meta])* $field:ident : $slot:ty = $id:ident, )*) => {
        /// The IEs of a message: one field per IE kind, in the order they are encoded.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct IeSet {
            $( $(#[$doc])* pub $field: $slot, )*
            /// Unrecognized or unexpected IEs, kept raw in arrival order.
            pub unrecognized: List<RawIe, MAX_UNRECOGNIZED>,
        }

        impl IeSet {
            /// Removes every IE (cheaper than assigning a new set: only the presence
            /// markers are written).
            pub fn clear(&mut self) {
                $( Slot::clear(&mut self.$field); )*
                self.unrecognized.clear();
            }

            /// Number of occurrences of `id` stored in a typed field.
            pub fn count(&self, id: IeId) -> usize {
                match id {
                    $( IeId::$id => self.$field.count(), )*
                    _ => 0,
                }
            }

            fn insert(
                &mut self,
                h: &IeHeader,
                contents: &[u8],
                version: UniVersion,
                max: usize,
            ) -> Inserted {
                match h.identifier {
                    $( IeId::$id => insert_into(&mut self.$field, h, contents, version, max), )*
                    _ => Inserted::NotTyped,
                }
            }

            fn emit(&self, w: &mut MessageWriter<'_>) -> Result<(), EncodeError> {
                $( emit_slot(&self.$field, w)?; )*
                for raw in self.unrecognized.iter() {
                    w.raw(raw)?;
                }
                Ok(())
            }

            /// Octets the IEs take when encoded.
            pub fn buffer_len(&self) -> usize {
                let mut n = 0;
                $( n += slot_len(&self.$field); )*
                for raw in self.unrecognized.iter() {
                    n += IE_HEADER_LEN + raw.contents.len();
                }
                n
            }

            /// Identifiers with at least one typed occurrence, in encoding order.
            pub fn present(&self) -> impl Iterator<Item = (IeId, usize)> + '_ {
                [$( (IeId::$id, self.$field.count()), )*]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
            }
        }
    };
}

ie_set! {
    /// ATM adaptation layer parameters.
    aal_parameters: Option<Ie<AalParameters>> = AalParameters,
    /// ATM traffic descriptor.
    atm_traffic_descriptor: Option<Ie<AtmTrafficDescriptor>> = AtmTrafficDescriptor,
    /// Alternative ATM traffic descriptor (UNI 4.0).
    alternative_traffic_descriptor: Option<Ie<AlternativeTrafficDescriptor>> =
        AlternativeTrafficDescriptor,
    /// Minimum acceptable ATM traffic descriptor (UNI 4.0).
    minimum_traffic_descriptor: Option<Ie<MinimumTrafficDescriptor>> = MinimumTrafficDescriptor,
    /// Broadband bearer capability.
    broadband_bearer_capability: Option<Ie<BroadbandBearerCapability>> =
        BroadbandBearerCapability,
    /// Broadband high layer information.
    bhli: Option<Ie<Bhli>> = Bhli,
    /// Broadband repeat indicator (precedes the B-LLIs it qualifies).
    broadband_repeat_indicator: Option<Ie<BroadbandRepeatIndicator>> = BroadbandRepeatIndicator,
    /// Broadband low layer information, up to 3 in SETUP (in order of preference).
    blli: IeList<Blli, 3> = Blli,
    /// Call state.
    call_state: Option<Ie<CallState>> = CallState,
    /// Called party number.
    called_party_number: Option<Ie<CalledPartyNumber>> = CalledPartyNumber,
    /// Called party subaddress (2 in UNI 4.0).
    called_party_subaddress: IeList<CalledPartySubaddress, 2> = CalledPartySubaddress,
    /// Calling party number.
    calling_party_number: Option<Ie<CallingPartyNumber>> = CallingPartyNumber,
    /// Calling party subaddress (2 in UNI 4.0).
    calling_party_subaddress: IeList<CallingPartySubaddress, 2> = CallingPartySubaddress,
    /// Connected number (UNI 4.0).
    connected_number: Option<Ie<ConnectedNumber>> = ConnectedNumber,
    /// Connected subaddress (UNI 4.0).
    connected_subaddress: Option<Ie<ConnectedSubaddress>> = ConnectedSubaddress,
    /// Cause (2 in RELEASE and RELEASE COMPLETE).
    cause: IeList<Cause, 2> = Cause,
    /// Connection identifier.
    connection_identifier: Option<Ie<ConnectionIdentifier>> = ConnectionIdentifier,
    /// Restart indicator.
    restart_indicator: Option<Ie<RestartIndicator>> = RestartIndicator,
    /// End-to-end transit delay.
    end_to_end_transit_delay: Option<Ie<EndToEndTransitDelay>> = EndToEndTransitDelay,
    /// Notification indicator.
    notification_indicator: Option<Ie<NotificationIndicator>> = NotificationIndicator,
    /// OAM traffic descriptor.
    oam_traffic_descriptor: Option<Ie<OamTrafficDescriptor>> = OamTrafficDescriptor,
    /// QoS parameter.
    qos_parameter: Option<Ie<QosParameter>> = QosParameter,
    /// Extended QoS parameters (UNI 4.0).
    extended_qos: Option<Ie<ExtendedQos>> = ExtendedQos,
    /// ABR setup parameters (UNI 4.0).
    abr_setup_parameters: Option<Ie<AbrSetupParameters>> = AbrSetupParameters,
    /// ABR additional parameters (UNI 4.0).
    abr_additional_parameters: Option<Ie<AbrAdditionalParameters>> = AbrAdditionalParameters,
    /// Broadband sending complete.
    broadband_sending_complete: Option<Ie<BroadbandSendingComplete>> = BroadbandSendingComplete,
    /// Transit network selection (up to 4).
    transit_network_selection: IeList<TransitNetworkSelection, 4> = TransitNetworkSelection,
    /// Endpoint reference (Q.2971).
    endpoint_reference: Option<Ie<EndpointReference>> = EndpointReference,
    /// Endpoint state (Q.2971).
    endpoint_state: Option<Ie<EndpointState>> = EndpointState,
    /// Leaf-initiated join call identifier (UNI 4.0).
    lij_call_identifier: Option<Ie<LijCallIdentifier>> = LijCallIdentifier,
    /// Leaf-initiated join parameters (UNI 4.0).
    lij_parameters: Option<Ie<LijParameters>> = LijParameters,
    /// Leaf sequence number (UNI 4.0).
    leaf_sequence_number: Option<Ie<LeafSequenceNumber>> = LeafSequenceNumber,
    /// Connection scope selection (UNI 4.0).
    connection_scope_selection: Option<Ie<ConnectionScopeSelection>> = ConnectionScopeSelection,
    /// Broadband report type (Q.2963.1).
    broadband_report_type: Option<Ie<BroadbandReportType>> = BroadbandReportType,
    /// Generic identifier transport (up to 3, UNI 4.0).
    generic_identifier_transport: IeList<GenericIdentifierTransport, 3> =
        GenericIdentifierTransport,
    /// User-user (UNI 4.0).
    user_user: Option<Ie<UserUser>> = UserUser,
}

/// A Q.2931 message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    /// Call reference.
    pub call_reference: CallReference,
    /// Message type.
    pub message_type: MessageType,
    /// Message compatibility instruction indicator.
    pub compatibility: MessageCompatibility,
    /// The information elements.
    pub ies: IeSet,
}

/// Why an outgoing message does not conform to its message table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationError {
    /// The message type does not exist in the selected UNI version.
    MessageNotInVersion(MessageType),
    /// The IE is not part of this message in this direction/version.
    NotAllowed(IeId),
    /// More occurrences than the message allows.
    TooMany(IeId),
    /// A mandatory IE is absent.
    MandatoryMissing(IeId),
}

/// A decoded message and the IE problems to report while processing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// The message.
    pub message: Message,
    /// Problems where the recommendation says "proceed" (cause 99/100 STATUS, or silent).
    pub problems: Problems,
}

impl Message {
    /// An empty message of `message_type` with regular error handling.
    pub fn new(call_reference: CallReference, message_type: MessageType) -> Self {
        Message {
            call_reference,
            message_type,
            compatibility: MessageCompatibility::REGULAR,
            ies: IeSet::default(),
        }
    }

    /// Decodes `buf` (one SSCOP SDU) for `cx`.
    #[allow(clippy::result_large_err)] // no allocation: the diagnostic travels by value
    pub fn decode(buf: &[u8], cx: Context) -> Result<Decoded, DecodeError> {
        let mut message = Message::new(CallReference::Dummy, MessageType::Unknown(0));
        let problems = message.decode_into(buf, cx)?;
        Ok(Decoded { message, problems })
    }

    /// Decodes `buf` into `self`, reusing its storage. On error `self` holds what was
    /// decoded so far and must not be acted upon.
    #[allow(clippy::result_large_err)] // no allocation: the diagnostic travels by value
    pub fn decode_into(&mut self, buf: &[u8], cx: Context) -> Result<Problems, DecodeError> {
        let packet = Packet::new_checked(buf)?;
        let header = MessageHeader::parse(&packet);
        let payload = packet.payload();
        if payload.len() != usize::from(header.length) {
            return Err(DecodeError::LengthMismatch { header, actual: payload.len() });
        }
        let mt = header.message_type;
        if !mt.in_version(cx.version) {
            return Err(DecodeError::UnrecognizedMessageType { header });
        }
        self.call_reference = header.call_reference;
        self.message_type = mt;
        self.compatibility = header.compatibility;
        self.ies.clear();

        let mut problems = Problems::default();
        let base = packet.header_len();
        let lookup = tables::Lookup::new(mt, cx.version, cx.direction);
        let mut rest = payload;
        while !rest.is_empty() {
            let (h, contents, tail) =
                IeHeader::split(rest).ok_or_else(|| DecodeError::IeTruncated {
                    header,
                    id: IeId::from(rest.first().copied().unwrap_or(0)),
                    offset: base + (payload.len() - rest.len()),
                })?;
            rest = tail;
            self.decode_ie(&h, contents, cx, &lookup, &mut problems);
        }

        for id in lookup.mandatory() {
            // A mandatory IE with invalid contents is reported as such (cause 100), not as
            // missing; one with a foreign coding standard counts as missing (cause 96).
            let invalid = problems
                .iter()
                .any(|p| p.id == id && matches!(p.kind, IeProblemKind::InvalidContents(_)));
            if self.ies.count(id) == 0 && !invalid {
                problems.push(IeProblem {
                    id,
                    instruction: IeInstruction::REGULAR,
                    kind: IeProblemKind::MandatoryMissing,
                    mandatory: true,
                    retained: false,
                });
            }
        }

        let response = match problems.worst {
            Some(IeResponse::ClearCall) => Some(MessageResponse::ClearCall),
            Some(IeResponse::DiscardMessageReportStatus) => {
                Some(MessageResponse::DiscardMessageReportStatus)
            }
            Some(IeResponse::DiscardMessage) => Some(MessageResponse::DiscardMessage),
            Some(IeResponse::MandatoryIeError) => Some(MessageResponse::MandatoryIeError),
            _ => None,
        };
        match response {
            Some(response) => Err(DecodeError::Rejected { header, response, problems }),
            None => Ok(problems),
        }
    }

    fn decode_ie(
        &mut self,
        h: &IeHeader,
        contents: &[u8],
        cx: Context,
        lookup: &tables::Lookup,
        problems: &mut Problems,
    ) {
        let id = h.identifier;
        let allowed = lookup.allowed(id.code());
        let mut problem = |kind, mandatory, retained| {
            problems.push(IeProblem { id, instruction: h.instruction, kind, mandatory, retained })
        };
        if let Some((rule, presence)) = allowed {
            let mandatory = presence == Presence::Mandatory;
            match self.ies.insert(h, contents, cx.version, usize::from(rule.max(cx.version))) {
                Inserted::Ok => return,
                Inserted::Repeated => return problem(IeProblemKind::Repeated, mandatory, false),
                Inserted::Invalid(e) => {
                    return problem(IeProblemKind::InvalidContents(e), mandatory, false)
                }
                // Wrong coding standard: the contents are not the ones this IE type codes.
                Inserted::NotTyped => {}
            }
        }
        let kind = if allowed.is_some() || !id.in_version(cx.version) {
            IeProblemKind::Unrecognized
        } else {
            IeProblemKind::Unexpected
        };
        let retained = Bytes::from_slice(contents)
            .map(|contents| RawIe { id, coding: h.coding, instruction: h.instruction, contents })
            .is_some_and(|raw| self.ies.unrecognized.push(raw).is_ok());
        problem(kind, false, retained);
    }

    /// Checks an outgoing message against its table for `cx` (the direction it will travel):
    /// message type in the version, every typed IE allowed and not repeated beyond its
    /// maximum, every mandatory IE present. Raw (unrecognized) IEs are not checked: they are
    /// passed on as received.
    pub fn validate(&self, cx: Context) -> Result<(), ValidationError> {
        if !self.message_type.in_version(cx.version) {
            return Err(ValidationError::MessageNotInVersion(self.message_type));
        }
        let lookup = tables::Lookup::new(self.message_type, cx.version, cx.direction);
        for (id, n) in self.ies.present() {
            let (rule, _) = lookup.allowed(id.code()).ok_or(ValidationError::NotAllowed(id))?;
            if n > usize::from(rule.max(cx.version)) {
                return Err(ValidationError::TooMany(id));
            }
        }
        match lookup.mandatory().find(|id| self.ies.count(*id) == 0) {
            Some(id) => Err(ValidationError::MandatoryMissing(id)),
            None => Ok(()),
        }
    }

    /// Octets [`Message::encode`] writes.
    pub fn buffer_len(&self) -> usize {
        let h = MessageHeader {
            call_reference: self.call_reference,
            message_type: self.message_type,
            compatibility: self.compatibility,
            length: 0,
        };
        h.buffer_len() + self.ies.buffer_len()
    }

    /// Encodes into `buf`; returns the number of octets written.
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut h = MessageHeader {
            call_reference: self.call_reference,
            message_type: self.message_type,
            compatibility: self.compatibility,
            length: 0,
        };
        let hlen = h.buffer_len();
        if buf.len() < hlen {
            return Err(EncodeError::BufferTooSmall);
        }
        if let CallReference::Value { value, .. } = self.call_reference {
            if value > 0x7F_FFFF {
                return Err(EncodeError::CallReferenceOutOfRange);
            }
        }
        let mut w = MessageWriter { buf, pos: hlen };
        self.ies.emit(&mut w)?;
        let end = w.pos;
        h.length = u16::try_from(end - hlen).map_err(|_| EncodeError::TooLong)?;
        h.emit(buf).ok_or(EncodeError::BufferTooSmall)?;
        Ok(end)
    }
}
