//! The Q.2931 message header (Q.2931 §4.2-§4.4, Figures 4-1 to 4-4).
//!
//! ```text
//!  octet 1     protocol discriminator (0x09)
//!  octet 2     0000 | call reference length (3, or 0 for the dummy call reference)
//!  octets 3-5  flag (bit 8 of octet 3) | call reference value (23 bits)
//!  octet 6     message type
//!  octet 7     ext=1 | spare(2) | flag | pass along (PNNI; spare) | spare | action (2)
//!  octets 8-9  message length (contents after the header), big endian
//! ```

use super::message_type::MessageType;

/// Field offsets of the header (with a 3-octet call reference).
mod field {
    pub const DISCRIMINATOR: usize = 0;
    pub const CALL_REF_LEN: usize = 1;
    pub const CALL_REF: usize = 2;
    /// Offsets after the call reference, relative to its end.
    pub const TYPE_REL: usize = 0;
    pub const COMPAT_REL: usize = 1;
    pub const LENGTH_REL: usize = 2;
    pub const TAIL_LEN: usize = 4;

    pub const CALL_REF_FLAG: u32 = 0x80_0000;
    pub const CALL_REF_VALUE: u32 = 0x7F_FFFF;
    pub const CALL_REF_LEN_MASK: u8 = 0x0F;

    pub const COMPAT_EXT: u8 = 0x80;
    pub const COMPAT_FLAG: u8 = 0x10;
    pub const COMPAT_ACTION: u8 = 0x03;
}

/// Q.2931 protocol discriminator (§4.2).
pub const PROTOCOL_DISCRIMINATOR: u8 = 0x09;
/// Header length with a 3-octet call reference.
pub const HEADER_LEN: usize = 9;
/// Header length with the dummy (empty) call reference.
pub const DUMMY_HEADER_LEN: usize = 6;

/// The call reference (Q.2931 §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallReference {
    /// Dummy call reference: length 0 (Q.2931 §4.3).
    Dummy,
    /// A 3-octet call reference. `flag` is set by the side that did not allocate the value
    /// (the destination side); value 0 is the global call reference.
    Value {
        /// Call reference flag (octet 3 bit 8).
        flag: bool,
        /// Call reference value, 23 bits.
        value: u32,
    },
}

impl CallReference {
    /// The global call reference with `flag` (Q.2931 §4.3: value 0 refers to all calls).
    pub const fn global(flag: bool) -> Self {
        CallReference::Value { flag, value: 0 }
    }
    /// True for a global call reference.
    pub const fn is_global(self) -> bool {
        matches!(self, CallReference::Value { value: 0, .. })
    }
    /// True for the dummy call reference.
    pub const fn is_dummy(self) -> bool {
        matches!(self, CallReference::Dummy)
    }
    /// The same value with the flag inverted, as the answering side uses it.
    pub const fn reply(self) -> Self {
        match self {
            CallReference::Dummy => CallReference::Dummy,
            CallReference::Value { flag, value } => CallReference::Value { flag: !flag, value },
        }
    }
    /// Octets the call reference occupies after the length octet.
    pub const fn len(self) -> usize {
        match self {
            CallReference::Dummy => 0,
            CallReference::Value { .. } => 3,
        }
    }
    /// True for the dummy call reference (no value octets).
    pub const fn is_empty(self) -> bool {
        self.is_dummy()
    }
}

/// Message action indicator (Q.2931 §4.4.4.2, octet 7 bits 2-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MessageAction {
    /// 00: clear call.
    #[default]
    ClearCall,
    /// 01: discard and ignore.
    DiscardAndIgnore,
    /// 10: discard and report status.
    DiscardAndReportStatus,
    /// 11: reserved; kept as received.
    Reserved,
}

impl MessageAction {
    const fn bits(self) -> u8 {
        match self {
            MessageAction::ClearCall => 0,
            MessageAction::DiscardAndIgnore => 1,
            MessageAction::DiscardAndReportStatus => 2,
            MessageAction::Reserved => 3,
        }
    }
    const fn from_bits(b: u8) -> Self {
        match b & field::COMPAT_ACTION {
            0 => MessageAction::ClearCall,
            1 => MessageAction::DiscardAndIgnore,
            2 => MessageAction::DiscardAndReportStatus,
            _ => MessageAction::Reserved,
        }
    }
}

/// Message compatibility instruction indicator (Q.2931 §4.4.4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MessageCompatibility {
    /// Flag: when set, follow `action` if the message type is not recognized (§5.7.1);
    /// when clear, regular error handling (§5.6.4) applies.
    pub flag: bool,
    /// Message action indicator (kept whatever the flag).
    pub action: MessageAction,
}

impl MessageCompatibility {
    /// Regular error handling (octet 0x80).
    pub const REGULAR: MessageCompatibility =
        MessageCompatibility { flag: false, action: MessageAction::ClearCall };

    /// The octet (spare bits zero).
    pub const fn octet(self) -> u8 {
        field::COMPAT_EXT | (if self.flag { field::COMPAT_FLAG } else { 0 }) | self.action.bits()
    }
    /// From the octet (spare and extension bits ignored).
    pub const fn from_octet(o: u8) -> Self {
        MessageCompatibility {
            flag: o & field::COMPAT_FLAG != 0,
            action: MessageAction::from_bits(o),
        }
    }
}

/// Why a header could not be read. Q.2931 §5.6.1-§5.6.3: such messages are discarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// Shorter than the header (§5.6.1: "message too short").
    TooShort {
        /// Octets received.
        len: usize,
    },
    /// Protocol discriminator other than 0x09 (§5.6.1).
    BadProtocolDiscriminator(u8),
    /// Call reference length octet other than 0 or 3, or its spare bits set (§5.6.3.1).
    BadCallReferenceLength(u8),
}

/// A zero-copy view of a Q.2931 message.
#[derive(Debug, Clone)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps `buffer` without checking.
    pub const fn new_unchecked(buffer: T) -> Self {
        Packet { buffer }
    }
    /// Wraps `buffer` after [`Packet::check_len`].
    pub fn new_checked(buffer: T) -> Result<Self, HeaderError> {
        let p = Packet { buffer };
        p.check_len()?;
        Ok(p)
    }
    /// Checks the discriminator, the call reference length and that the whole header is
    /// present; afterwards no accessor reads past the buffer.
    pub fn check_len(&self) -> Result<(), HeaderError> {
        let b = self.buffer.as_ref();
        let len = b.len();
        let pd = *b.get(field::DISCRIMINATOR).ok_or(HeaderError::TooShort { len })?;
        let crl = *b.get(field::CALL_REF_LEN).ok_or(HeaderError::TooShort { len })?;
        if pd != PROTOCOL_DISCRIMINATOR {
            return Err(HeaderError::BadProtocolDiscriminator(pd));
        }
        if crl != 0 && crl != 3 {
            return Err(HeaderError::BadCallReferenceLength(crl));
        }
        if len < self.header_len() {
            return Err(HeaderError::TooShort { len });
        }
        Ok(())
    }
    fn octet(&self, i: usize) -> u8 {
        self.buffer.as_ref().get(i).copied().unwrap_or(0)
    }
    /// Octet 1.
    pub fn protocol_discriminator(&self) -> u8 {
        self.octet(field::DISCRIMINATOR)
    }
    /// Octet 2 bits 4-1.
    pub fn call_reference_len(&self) -> usize {
        usize::from(self.octet(field::CALL_REF_LEN) & field::CALL_REF_LEN_MASK)
    }
    /// Length of the whole header.
    pub fn header_len(&self) -> usize {
        field::CALL_REF + self.call_reference_len() + field::TAIL_LEN
    }
    /// The call reference.
    pub fn call_reference(&self) -> CallReference {
        if self.call_reference_len() == 0 {
            return CallReference::Dummy;
        }
        let v = (u32::from(self.octet(field::CALL_REF)) << 16)
            | (u32::from(self.octet(field::CALL_REF + 1)) << 8)
            | u32::from(self.octet(field::CALL_REF + 2));
        CallReference::Value {
            flag: v & field::CALL_REF_FLAG != 0,
            value: v & field::CALL_REF_VALUE,
        }
    }
    fn tail(&self) -> usize {
        field::CALL_REF + self.call_reference_len()
    }
    /// The message type.
    pub fn message_type(&self) -> MessageType {
        MessageType::from(self.octet(self.tail() + field::TYPE_REL))
    }
    /// The message compatibility instruction indicator.
    pub fn compatibility(&self) -> MessageCompatibility {
        MessageCompatibility::from_octet(self.octet(self.tail() + field::COMPAT_REL))
    }
    /// The message length field.
    pub fn message_length(&self) -> u16 {
        let at = self.tail() + field::LENGTH_REL;
        u16::from_be_bytes([self.octet(at), self.octet(at + 1)])
    }
    /// Everything after the header (the IEs), whatever the length field says.
    pub fn payload(&self) -> &[u8] {
        self.buffer.as_ref().get(self.header_len()..).unwrap_or(&[])
    }
}

/// High-level representation of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageHeader {
    /// Call reference.
    pub call_reference: CallReference,
    /// Message type.
    pub message_type: MessageType,
    /// Message compatibility instruction indicator.
    pub compatibility: MessageCompatibility,
    /// Message length field.
    pub length: u16,
}

impl MessageHeader {
    /// Reads the header of a checked packet.
    pub fn parse<T: AsRef<[u8]>>(p: &Packet<T>) -> Self {
        MessageHeader {
            call_reference: p.call_reference(),
            message_type: p.message_type(),
            compatibility: p.compatibility(),
            length: p.message_length(),
        }
    }
    /// Header length (9, or 6 with the dummy call reference).
    pub const fn buffer_len(&self) -> usize {
        field::CALL_REF + self.call_reference.len() + field::TAIL_LEN
    }
    /// Writes the header; `None` if `buf` is too short or the call reference value does not
    /// fit 23 bits.
    pub fn emit(&self, buf: &mut [u8]) -> Option<usize> {
        let [hi, lo] = self.length.to_be_bytes();
        let (mt, compat) = (self.message_type.into(), self.compatibility.octet());
        match self.call_reference {
            CallReference::Dummy => {
                let out = buf.first_chunk_mut::<DUMMY_HEADER_LEN>()?;
                *out = [PROTOCOL_DISCRIMINATOR, 0, mt, compat, hi, lo];
                Some(DUMMY_HEADER_LEN)
            }
            CallReference::Value { flag, value } => {
                if value > field::CALL_REF_VALUE {
                    return None;
                }
                let v = value | if flag { field::CALL_REF_FLAG } else { 0 };
                let [_, c0, c1, c2] = v.to_be_bytes();
                let out = buf.first_chunk_mut::<HEADER_LEN>()?;
                *out = [PROTOCOL_DISCRIMINATOR, 3, c0, c1, c2, mt, compat, hi, lo];
                Some(HEADER_LEN)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The header of the reference SETUP (atm-reference.md).
    static SETUP_HEADER: [u8; 9] = [0x09, 0x03, 0x00, 0x00, 0x01, 0x05, 0x80, 0x00, 0x3f];

    #[test]
    fn deconstruct() {
        let p = Packet::new_checked(&SETUP_HEADER[..]).unwrap();
        assert_eq!(p.protocol_discriminator(), 0x09);
        assert_eq!(p.call_reference_len(), 3);
        assert_eq!(p.call_reference(), CallReference::Value { flag: false, value: 1 });
        assert_eq!(p.message_type(), MessageType::Setup);
        assert_eq!(p.compatibility(), MessageCompatibility::REGULAR);
        assert_eq!(p.message_length(), 63);
        assert_eq!(p.header_len(), 9);
        assert!(p.payload().is_empty());
    }

    #[test]
    fn construct() {
        let h = MessageHeader {
            call_reference: CallReference::Value { flag: true, value: 0x12_3456 },
            message_type: MessageType::Release,
            compatibility: MessageCompatibility {
                flag: true,
                action: MessageAction::DiscardAndReportStatus,
            },
            length: 0x0102,
        };
        let mut buf = [0u8; 9];
        assert_eq!(h.emit(&mut buf), Some(9));
        assert_eq!(buf, [0x09, 0x03, 0x92, 0x34, 0x56, 0x4D, 0x92, 0x01, 0x02]);
        assert_eq!(MessageHeader::parse(&Packet::new_checked(&buf[..]).unwrap()), h);
        let d = MessageHeader { call_reference: CallReference::Dummy, ..h };
        assert_eq!(d.emit(&mut buf), Some(6));
        assert_eq!(&buf[..6], &[0x09, 0x00, 0x4D, 0x92, 0x01, 0x02]);
        assert_eq!(MessageHeader::parse(&Packet::new_checked(&buf[..6]).unwrap()), d);
        let too_big = MessageHeader {
            call_reference: CallReference::Value { flag: false, value: 1 << 23 },
            ..h
        };
        assert_eq!(too_big.emit(&mut buf), None);
        assert_eq!(h.emit(&mut [0u8; 8]), None);
    }

    #[test]
    fn call_reference_helpers() {
        let g = CallReference::global(false);
        assert!(g.is_global());
        assert!(!g.is_dummy());
        assert_eq!(g.reply(), CallReference::global(true));
        assert!(CallReference::Dummy.is_dummy());
        assert_eq!(CallReference::Dummy.len(), 0);
    }

    #[test]
    fn compatibility_octet() {
        for o in 0..=255u8 {
            let c = MessageCompatibility::from_octet(o);
            assert_eq!(c.octet(), 0x80 | (o & 0x13));
        }
    }

    #[test]
    fn validity_rules() {
        assert_eq!(Packet::new_checked(&[0x09][..]).err(), Some(HeaderError::TooShort { len: 1 }));
        assert_eq!(
            Packet::new_checked(&[0x08, 0x03, 0, 0, 1, 5, 0x80, 0, 0][..]).err(),
            Some(HeaderError::BadProtocolDiscriminator(0x08))
        );
        assert_eq!(
            Packet::new_checked(&[0x09, 0x02, 0, 1, 5, 0x80, 0, 0][..]).err(),
            Some(HeaderError::BadCallReferenceLength(2))
        );
        assert_eq!(
            Packet::new_checked(&[0x09, 0x13, 0, 0, 1, 5, 0x80, 0, 0][..]).err(),
            Some(HeaderError::BadCallReferenceLength(0x13))
        );
        assert_eq!(
            Packet::new_checked(&SETUP_HEADER[..8]).err(),
            Some(HeaderError::TooShort { len: 8 })
        );
    }
}
