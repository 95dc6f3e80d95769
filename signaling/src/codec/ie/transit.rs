//! Transit network selection (Q.2931 §4.5.22, IE 0x78).
//!
//! Contents: octet 5 = ext | type of network identification (bits 7-5) | network
//! identification plan (bits 4-1); octets 6.. = network identification in IA5 characters.
//! UNI 3.1 / UNI 4.0 use national network identification with a carrier identification code
//! of 3 or 4 digits.

use super::wire::{code_point, encodable, require_ext, Reader, Writer, EXT};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Largest network identification (a carrier identification code, UNI 3.1/4.0: at most 4 IA5
/// characters).
pub const MAX_NETWORK_ID_LEN: usize = 4;

mod field {
    pub const TYPE_PLAN: usize = 0;
    pub const TYPE_SHIFT: u8 = 4;
    pub const TYPE_MASK: u8 = 0x07;
    pub const PLAN_MASK: u8 = 0x0F;
}

code_point! {
    /// Type of network identification (octet 5 bits 7-5).
    pub enum NetworkIdentificationType (max 7) {
        /// 000 user specified.
        UserSpecified = 0,
        /// 010 national network identification.
        National = 2,
        /// 011 international network identification.
        International = 3,
    }
}

code_point! {
    /// Network identification plan (octet 5 bits 4-1).
    pub enum NetworkIdentificationPlan (max 15) {
        /// 0000 unknown.
        UnknownPlan = 0,
        /// 0001 carrier identification code.
        CarrierIdentificationCode = 1,
        /// 0011 data network identification code (X.121).
        DataNetworkIdentificationCode = 3,
    }
}

/// Transit network selection IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransitNetworkSelection {
    /// Type of network identification.
    pub network_type: NetworkIdentificationType,
    /// Network identification plan.
    pub plan: NetworkIdentificationPlan,
    /// Network identification: 1 to 4 IA5 characters.
    pub network_identification: Bytes<MAX_NETWORK_ID_LEN>,
}

impl TransitNetworkSelection {
    /// National network identification with a carrier identification code, the UNI coding.
    pub fn carrier(code: &[u8]) -> Option<Self> {
        Some(TransitNetworkSelection {
            network_type: NetworkIdentificationType::National,
            plan: NetworkIdentificationPlan::CarrierIdentificationCode,
            network_identification: Bytes::from_slice(code)?,
        })
    }
}

impl IeContents for TransitNetworkSelection {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        require_ext(o5, field::TYPE_PLAN)?;
        let start = r.pos();
        let id = r.rest();
        if id.is_empty() {
            return Err(IeError::MissingField);
        }
        if let Some(i) = id.iter().position(|c| c & EXT != 0) {
            // IA5 characters have bit 8 = 0.
            return Err(IeError::InvalidField { offset: start + i });
        }
        Ok(TransitNetworkSelection {
            network_type: NetworkIdentificationType::from(
                (o5 >> field::TYPE_SHIFT) & field::TYPE_MASK,
            ),
            plan: NetworkIdentificationPlan::from(o5 & field::PLAN_MASK),
            network_identification: Bytes::from_slice(id).ok_or(IeError::TooLong)?,
        })
    }

    fn buffer_len(&self) -> usize {
        1 + self.network_identification.len()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.network_type.is_encodable(), field::TYPE_PLAN)?;
        encodable(self.plan.is_encodable(), field::TYPE_PLAN)?;
        let id = self.network_identification.as_slice();
        if id.is_empty() {
            return Err(IeError::MissingField);
        }
        if let Some(i) = id.iter().position(|c| c & EXT != 0) {
            return Err(IeError::InvalidField { offset: 1 + i });
        }
        let mut w = Writer::with_len(buf, self.buffer_len())?;
        w.u8(EXT | (u8::from(self.network_type) << field::TYPE_SHIFT) | u8::from(self.plan))?;
        w.bytes(id)?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn carrier_code_known_answer() {
        let bytes = [0xA1, b'0', b'2', b'8', b'8'];
        let t = TransitNetworkSelection::parse(&bytes, ITU, V).unwrap();
        assert_eq!(t.network_type, NetworkIdentificationType::National);
        assert_eq!(t.plan, NetworkIdentificationPlan::CarrierIdentificationCode);
        assert_eq!(t.network_identification.as_slice(), b"0288");
        assert_eq!(TransitNetworkSelection::carrier(b"0288"), Some(t));
        let mut buf = [0u8; 5];
        assert_eq!(t.emit(&mut buf), Ok(5));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn negative_rules() {
        assert_eq!(TransitNetworkSelection::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(
            TransitNetworkSelection::parse(&[0x21, b'1'], ITU, V),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(TransitNetworkSelection::parse(&[0xA1], ITU, V), Err(IeError::MissingField));
        assert_eq!(
            TransitNetworkSelection::parse(&[0xA1, b'1', 0xB1], ITU, V),
            Err(IeError::InvalidField { offset: 2 })
        );
        assert_eq!(
            TransitNetworkSelection::parse(&[0xA1, b'1', b'2', b'3', b'4', b'5'], ITU, V),
            Err(IeError::TooLong)
        );
    }
}
