//! Leaf-initiated join IEs (UNI Signalling 4.0 §6.2): LIJ call identifier (IE 0xE8), LIJ
//! parameters (IE 0xE9) and Leaf sequence number (IE 0xEA). ATM Forum IEs, coded with
//! coding standard 11.

use super::wire::{
    code_point, emit_single, encodable, require_ext, single_ext, Reader, Writer, EXT,
};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const TYPE: usize = 0;
    pub const TYPE_MASK: u8 = 0x0F;
    pub const CALL_ID_LEN: usize = 5;
    pub const SCREENING: usize = 0;
    pub const SCREENING_MASK: u8 = 0x0F;
}

code_point! {
    /// LIJ identifier type (octet 5 bits 4-1).
    pub enum LijIdentifierType (max 15) {
        /// 0000 root assigned.
        RootAssigned = 0,
    }
}

/// LIJ call identifier IE contents: octet 5 = ext | spare | type; octets 6-9 the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LijCallIdentifier {
    /// Identifier type.
    pub id_type: LijIdentifierType,
    /// Identifier value, unique per root.
    pub value: u32,
}

impl IeContents for LijCallIdentifier {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        require_ext(o5, field::TYPE)?;
        let value = r.u32()?;
        r.finish()?;
        Ok(LijCallIdentifier { id_type: LijIdentifierType::from(o5 & field::TYPE_MASK), value })
    }
    fn buffer_len(&self) -> usize {
        field::CALL_ID_LEN
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.id_type.is_encodable(), field::TYPE)?;
        let mut w = Writer::with_len(buf, field::CALL_ID_LEN)?;
        w.u8(EXT | u8::from(self.id_type))?;
        w.u32(self.value)?;
        Ok(w.len())
    }
}

code_point! {
    /// LIJ screening indication (octet 5 bits 4-1).
    pub enum LijScreeningIndication (max 15) {
        /// 0000 network join without root notification.
        NetworkJoinWithoutRootNotification = 0,
    }
}

/// LIJ parameters IE contents: one octet, ext | spare | screening indication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LijParameters {
    /// Screening indication.
    pub screening: LijScreeningIndication,
}

impl IeContents for LijParameters {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let o5 = single_ext(contents, field::SCREENING)?;
        Ok(LijParameters { screening: LijScreeningIndication::from(o5 & field::SCREENING_MASK) })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.screening.is_encodable(), field::SCREENING)?;
        emit_single(buf, EXT | u8::from(self.screening))
    }
}

/// Leaf sequence number IE contents: a 32-bit number matching LEAF SETUP REQUEST with its
/// answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LeafSequenceNumber {
    /// The sequence number.
    pub value: u32,
}

impl IeContents for LeafSequenceNumber {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let value = r.u32()?;
        r.finish()?;
        Ok(LeafSequenceNumber { value })
    }
    fn buffer_len(&self) -> usize {
        4
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        let mut w = Writer::with_len(buf, 4)?;
        w.u32(self.value)?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NET: CodingStandard = CodingStandard::NetworkSpecific;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn call_identifier_known_answer() {
        let bytes = [0x80, 0x00, 0x00, 0x12, 0x34];
        let c = LijCallIdentifier::parse(&bytes, NET, V).unwrap();
        assert_eq!(
            c,
            LijCallIdentifier { id_type: LijIdentifierType::RootAssigned, value: 0x1234 }
        );
        let mut buf = [0u8; 5];
        assert_eq!(c.emit(&mut buf), Ok(5));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn call_identifier_negative() {
        assert_eq!(
            LijCallIdentifier::parse(&[0x00, 0, 0, 0, 1], NET, V),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(LijCallIdentifier::parse(&[0x80, 0, 0, 0], NET, V), Err(IeError::Truncated));
        assert_eq!(LijCallIdentifier::parse(&[0x80, 0, 0, 0, 1, 2], NET, V), Err(IeError::TooLong));
        let bad = LijCallIdentifier { id_type: LijIdentifierType::Unknown(0), value: 1 };
        assert_eq!(bad.emit(&mut [0u8; 5]), Err(IeError::InvalidField { offset: 0 }));
    }

    #[test]
    fn parameters_known_answer_and_negative() {
        let p = LijParameters::parse(&[0x80], NET, V).unwrap();
        assert_eq!(p.screening, LijScreeningIndication::NetworkJoinWithoutRootNotification);
        let mut buf = [0u8; 1];
        p.emit(&mut buf).unwrap();
        assert_eq!(buf, [0x80]);
        assert_eq!(LijParameters::parse(&[0x00], NET, V), Err(IeError::InvalidField { offset: 0 }));
        assert_eq!(LijParameters::parse(&[0x80, 0x80], NET, V), Err(IeError::TooLong));
    }

    #[test]
    fn sequence_number_known_answer_and_negative() {
        let s = LeafSequenceNumber::parse(&[0xDE, 0xAD, 0xBE, 0xEF], NET, V).unwrap();
        assert_eq!(s.value, 0xDEAD_BEEF);
        let mut buf = [0u8; 4];
        s.emit(&mut buf).unwrap();
        assert_eq!(buf, [0xDE, 0xAD, 0xBE, 0xEF]);
        assert_eq!(LeafSequenceNumber::parse(&[1, 2, 3], NET, V), Err(IeError::Truncated));
        assert_eq!(LeafSequenceNumber::parse(&[1, 2, 3, 4, 5], NET, V), Err(IeError::TooLong));
    }
}
