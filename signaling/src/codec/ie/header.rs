//! The common 4-octet IE header (Q.2931 §4.5.1, Figure 4-9; UNI 4.0 §4.5.1 for pass-along).
//!
//! ```text
//!  octet 1   information element identifier
//!  octet 2   ext(1) | coding standard (2) | flag (1) | pass along (1, UNI 4.0) | action (3)
//!  octet 3-4 length of contents, big endian
//! ```

use super::id::IeId;
use super::CodingStandard;

/// Field offsets and masks of the IE header.
mod field {
    use core::ops::Range;
    pub const IDENTIFIER: usize = 0;
    pub const INSTRUCTION: usize = 1;
    pub const LENGTH: Range<usize> = 2..4;
    pub const HEADER_LEN: usize = 4;

    pub const EXT: u8 = 0x80;
    pub const CODING_SHIFT: u8 = 5;
    pub const FLAG: u8 = 0x10;
    pub const PASS_ALONG: u8 = 0x08;
    pub const ACTION: u8 = 0x07;
}

/// Length of the IE header.
pub const IE_HEADER_LEN: usize = field::HEADER_LEN;

/// IE action indicator (Q.2931 §4.5.1, Table 4-4), significant only when the flag is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ActionIndicator {
    /// 000: clear call.
    #[default]
    ClearCall,
    /// 001: discard information element and proceed.
    DiscardIe,
    /// 010: discard information element, proceed, and report status.
    DiscardIeReportStatus,
    /// 101: discard message, and ignore.
    DiscardMessage,
    /// 110: discard message, and report status.
    DiscardMessageReportStatus,
    /// 011, 100, 111: reserved. Q.2931 §5.7.2 has a receiver treat these as "discard
    /// information element, proceed, and report status"; the raw value is kept.
    Reserved(u8),
}

impl ActionIndicator {
    /// The three-bit code.
    pub const fn bits(self) -> u8 {
        match self {
            ActionIndicator::ClearCall => 0,
            ActionIndicator::DiscardIe => 1,
            ActionIndicator::DiscardIeReportStatus => 2,
            ActionIndicator::DiscardMessage => 5,
            ActionIndicator::DiscardMessageReportStatus => 6,
            ActionIndicator::Reserved(v) => v & 0x07,
        }
    }
    /// From the three low bits of `bits`.
    pub const fn from_bits(bits: u8) -> Self {
        match bits & 0x07 {
            0 => ActionIndicator::ClearCall,
            1 => ActionIndicator::DiscardIe,
            2 => ActionIndicator::DiscardIeReportStatus,
            5 => ActionIndicator::DiscardMessage,
            6 => ActionIndicator::DiscardMessageReportStatus,
            other => ActionIndicator::Reserved(other),
        }
    }
    /// The action a receiver takes (Q.2931 §5.7.2: reserved values act as
    /// "discard IE, proceed, and report status").
    pub const fn effective(self) -> ActionIndicator {
        match self {
            ActionIndicator::Reserved(_) => ActionIndicator::DiscardIeReportStatus,
            other => other,
        }
    }
}

/// The IE instruction field (octet 2 bits 5-1): flag, pass-along request, action indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IeInstruction {
    /// Flag: when set, the explicit action indicator governs error handling (Q.2931 §5.7.2);
    /// when clear, the regular procedures of §5.6.8 apply.
    pub flag: bool,
    /// Pass-along request (UNI 4.0 §4.5.1, bit 4): ask the network to pass an IE it does not
    /// understand on to the far end. Spare (zero) in UNI 3.1.
    pub pass_along: bool,
    /// Action indicator, kept whatever the flag so the octet survives a round trip.
    pub action: ActionIndicator,
}

impl IeInstruction {
    /// "Regular error handling": flag clear.
    pub const REGULAR: IeInstruction =
        IeInstruction { flag: false, pass_along: false, action: ActionIndicator::ClearCall };

    /// Explicit instruction with `action`.
    pub const fn explicit(action: ActionIndicator) -> Self {
        IeInstruction { flag: true, pass_along: false, action }
    }

    /// The bits this field occupies in octet 2 (bits 5-1).
    pub const fn bits(self) -> u8 {
        (if self.flag { field::FLAG } else { 0 })
            | (if self.pass_along { field::PASS_ALONG } else { 0 })
            | self.action.bits()
    }

    /// From octet 2 (the coding standard and extension bits are ignored).
    pub const fn from_bits(octet: u8) -> Self {
        IeInstruction {
            flag: octet & field::FLAG != 0,
            pass_along: octet & field::PASS_ALONG != 0,
            action: ActionIndicator::from_bits(octet & field::ACTION),
        }
    }
}

/// A zero-copy view of an IE header followed by its contents.
#[derive(Debug, Clone)]
pub struct IePacket<T: AsRef<[u8]>> {
    buffer: T,
}

/// Why an IE header could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IeHeaderError {
    /// Fewer than 4 octets remain.
    TruncatedHeader,
    /// The length field runs past the end of the message.
    TruncatedContents,
}

impl<T: AsRef<[u8]>> IePacket<T> {
    /// Wraps `buffer` without checking.
    pub const fn new_unchecked(buffer: T) -> Self {
        IePacket { buffer }
    }
    /// Wraps `buffer` and checks that the header and the contents it announces fit.
    pub fn new_checked(buffer: T) -> Result<Self, IeHeaderError> {
        let p = IePacket { buffer };
        p.check_len()?;
        Ok(p)
    }
    /// Checks the buffer holds the header and `length` octets of contents.
    pub fn check_len(&self) -> Result<(), IeHeaderError> {
        let len = self.buffer.as_ref().len();
        if len < field::HEADER_LEN {
            return Err(IeHeaderError::TruncatedHeader);
        }
        if len < self.total_len() {
            return Err(IeHeaderError::TruncatedContents);
        }
        Ok(())
    }
    fn octet(&self, i: usize) -> u8 {
        self.buffer.as_ref().get(i).copied().unwrap_or(0)
    }
    /// Octet 1: the IE identifier.
    pub fn identifier(&self) -> IeId {
        IeId::from(self.octet(field::IDENTIFIER))
    }
    /// Octet 2 bits 7-6.
    pub fn coding_standard(&self) -> CodingStandard {
        CodingStandard::from_bits(self.octet(field::INSTRUCTION) >> field::CODING_SHIFT)
    }
    /// Octet 2 bits 5-1.
    pub fn instruction(&self) -> IeInstruction {
        IeInstruction::from_bits(self.octet(field::INSTRUCTION))
    }
    /// Octets 3-4: length of the contents.
    pub fn length(&self) -> u16 {
        let b = self.buffer.as_ref();
        let hi = b.get(field::LENGTH.start).copied().unwrap_or(0);
        let lo = b.get(field::LENGTH.start + 1).copied().unwrap_or(0);
        u16::from_be_bytes([hi, lo])
    }
    /// Header plus contents.
    pub fn total_len(&self) -> usize {
        field::HEADER_LEN + usize::from(self.length())
    }
    /// The contents octets (empty if the check was skipped and they do not fit).
    pub fn contents(&self) -> &[u8] {
        self.buffer.as_ref().get(field::HEADER_LEN..self.total_len()).unwrap_or(&[])
    }
}

/// High-level representation of an IE header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IeHeader {
    /// Octet 1.
    pub identifier: IeId,
    /// Octet 2 bits 7-6.
    pub coding: CodingStandard,
    /// Octet 2 bits 5-1.
    pub instruction: IeInstruction,
    /// Octets 3-4.
    pub length: u16,
}

impl IeHeader {
    /// Reads the header of `packet` (whose length must have been checked).
    pub fn parse<T: AsRef<[u8]>>(packet: &IePacket<T>) -> Self {
        IeHeader {
            identifier: packet.identifier(),
            coding: packet.coding_standard(),
            instruction: packet.instruction(),
            length: packet.length(),
        }
    }
    /// Splits the first IE off `buf`: its header, its contents and the octets after it;
    /// `None` if the header or the contents it announces run past the end. (The message
    /// decoder's fast path; equivalent to [`IePacket::new_checked`] + [`IeHeader::parse`].)
    pub fn split(buf: &[u8]) -> Option<(IeHeader, &[u8], &[u8])> {
        let (head, rest) = buf.split_first_chunk::<{ field::HEADER_LEN }>()?;
        let [id, octet2, hi, lo] = *head;
        let length = u16::from_be_bytes([hi, lo]);
        let (contents, tail) = rest.split_at_checked(usize::from(length))?;
        let h = IeHeader {
            identifier: IeId::from_code(id),
            coding: CodingStandard::from_bits(octet2 >> field::CODING_SHIFT),
            instruction: IeInstruction::from_bits(octet2),
            length,
        };
        Some((h, contents, tail))
    }

    /// Always [`IE_HEADER_LEN`].
    pub const fn buffer_len(&self) -> usize {
        field::HEADER_LEN
    }
    /// Writes the 4 header octets; `None` if `buf` is shorter.
    #[inline]
    pub fn emit(&self, buf: &mut [u8]) -> Option<()> {
        let (out, _) = buf.split_first_chunk_mut::<{ field::HEADER_LEN }>()?;
        let [hi, lo] = self.length.to_be_bytes();
        *out = [
            self.identifier.code(),
            field::EXT | (self.coding.bits() << field::CODING_SHIFT) | self.instruction.bits(),
            hi,
            lo,
        ];
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The AAL parameters IE header of the reference SETUP (atm-reference.md).
    static AAL_HEADER: [u8; 13] =
        [0x58, 0x80, 0x00, 0x09, 0x05, 0x8c, 0x23, 0xe4, 0x81, 0x23, 0xe4, 0x84, 0x00];

    #[test]
    fn deconstruct() {
        let p = IePacket::new_checked(&AAL_HEADER[..]).unwrap();
        assert_eq!(p.identifier(), IeId::AalParameters);
        assert_eq!(p.coding_standard(), CodingStandard::ItuT);
        assert_eq!(p.instruction(), IeInstruction::REGULAR);
        assert_eq!(p.length(), 9);
        assert_eq!(p.total_len(), 13);
        assert_eq!(p.contents(), &AAL_HEADER[4..]);
    }

    #[test]
    fn construct() {
        let h = IeHeader {
            identifier: IeId::ExtendedQos,
            coding: CodingStandard::NetworkSpecific,
            instruction: IeInstruction {
                flag: true,
                pass_along: true,
                action: ActionIndicator::DiscardMessageReportStatus,
            },
            length: 0x0102,
        };
        let mut buf = [0u8; 4];
        h.emit(&mut buf).unwrap();
        assert_eq!(buf, [0xEC, 0xFE, 0x01, 0x02]);
        let p = IePacket::new_unchecked(&buf[..]);
        assert_eq!(IeHeader::parse(&p), h);
        assert!(h.emit(&mut [0u8; 3]).is_none());
        assert_eq!(h.buffer_len(), 4);
    }

    #[test]
    fn every_instruction_octet_round_trips() {
        for octet in 0..=0x1Fu8 {
            assert_eq!(IeInstruction::from_bits(octet).bits(), octet);
        }
        assert_eq!(ActionIndicator::from_bits(3), ActionIndicator::Reserved(3));
        assert_eq!(
            ActionIndicator::Reserved(7).effective(),
            ActionIndicator::DiscardIeReportStatus
        );
        assert_eq!(ActionIndicator::DiscardIe.effective(), ActionIndicator::DiscardIe);
    }

    #[test]
    fn split_agrees_with_the_view() {
        let (h, contents, tail) = IeHeader::split(&AAL_HEADER).unwrap();
        let p = IePacket::new_checked(&AAL_HEADER[..]).unwrap();
        assert_eq!(h, IeHeader::parse(&p));
        assert_eq!(contents, p.contents());
        assert!(tail.is_empty());
        assert!(IeHeader::split(&AAL_HEADER[..12]).is_none());
        assert!(IeHeader::split(&AAL_HEADER[..3]).is_none());
    }

    #[test]
    fn length_rules() {
        assert_eq!(
            IePacket::new_checked(&[0x58, 0x80, 0x00][..]).err(),
            Some(IeHeaderError::TruncatedHeader)
        );
        assert_eq!(
            IePacket::new_checked(&AAL_HEADER[..12]).err(),
            Some(IeHeaderError::TruncatedContents)
        );
    }
}
