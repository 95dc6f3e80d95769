//! Endpoint reference (Q.2971 §8.2.1, UNI 3.1 §5.4.8.1; IE 0x54) and Endpoint state
//! (Q.2971 §8.2.2, UNI 3.1 §5.4.8.2; IE 0x55).
//!
//! Endpoint reference contents: octet 5 = endpoint reference type; octets 6-7 = flag (bit 8
//! of octet 6) and a 15-bit endpoint reference identifier value.
//! Endpoint state contents: one octet, bits 8-7 spare, bits 6-1 the party state.

use super::wire::{code_point, emit_single, encodable, single, Reader, Writer};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const TYPE: usize = 0;
    pub const VALUE: usize = 1;
    pub const FLAG: u16 = 0x8000;
    pub const VALUE_MASK: u16 = 0x7FFF;
    pub const STATE: usize = 0;
    pub const STATE_MASK: u8 = 0x3F;
}

/// Largest endpoint reference identifier value (15 bits).
pub const MAX_ENDPOINT_REFERENCE: u16 = 0x7FFF;

code_point! {
    /// Endpoint reference type (octet 5).
    pub enum EndpointReferenceType (max 255) {
        /// 0000 0000 locally defined integer.
        LocallyDefinedInteger = 0,
    }
}

/// Endpoint reference IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndpointReference {
    /// Endpoint reference type.
    pub reference_type: EndpointReferenceType,
    /// Endpoint reference flag: false in messages sent from the side that allocated the
    /// reference, true in messages sent to it (like the call reference flag).
    pub flag: bool,
    /// Endpoint reference identifier value, 0..=0x7FFF (0 identifies the first party).
    pub value: u16,
}

impl IeContents for EndpointReference {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let reference_type = EndpointReferenceType::from(r.u8()?);
        let v = r.u16()?;
        r.finish()?;
        Ok(EndpointReference {
            reference_type,
            flag: v & field::FLAG != 0,
            value: v & field::VALUE_MASK,
        })
    }
    fn buffer_len(&self) -> usize {
        3
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.value <= MAX_ENDPOINT_REFERENCE, field::VALUE)?;
        encodable(self.reference_type.is_encodable(), field::TYPE)?;
        let mut w = Writer::with_len(buf, 3)?;
        w.u8(u8::from(self.reference_type))?;
        w.u16(if self.flag { field::FLAG } else { 0 } | self.value)?;
        Ok(w.len())
    }
}

code_point! {
    /// Party state (Q.2971 §8.2.2, octet 5 bits 6-1; UNI 4.0 adds P4 and P7 for PARTY ALERTING).
    pub enum PartyState (max 63) {
        /// P0 Null.
        Null = 0,
        /// P1 Add Party Initiated.
        AddPartyInitiated = 1,
        /// P4 Party Alerting Delivered (UNI 4.0, not UNI 3.1).
        PartyAlertingDelivered = 4,
        /// P6 Add Party Received.
        AddPartyReceived = 6,
        /// P7 Party Alerting Received (UNI 4.0, not UNI 3.1).
        PartyAlertingReceived = 7,
        /// P10 Active.
        Active = 10,
        /// P11 Drop Party Initiated.
        DropPartyInitiated = 11,
        /// P12 Drop Party Received.
        DropPartyReceived = 12,
    }
}

/// Endpoint state IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndpointState {
    /// The party state.
    pub party_state: PartyState,
}

impl IeContents for EndpointState {
    fn parse(contents: &[u8], _: CodingStandard, version: UniVersion) -> Result<Self, IeError> {
        let party_state = PartyState::from(single(contents)? & field::STATE_MASK);
        // The party alerting states come with PARTY ALERTING, which UNI 3.1 does not have.
        if version == UniVersion::Uni31
            && matches!(
                party_state,
                PartyState::PartyAlertingDelivered | PartyState::PartyAlertingReceived
            )
        {
            return Err(IeError::InvalidField { offset: field::STATE });
        }
        Ok(EndpointState { party_state })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.party_state.is_encodable(), field::STATE)?;
        emit_single(buf, u8::from(self.party_state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn endpoint_reference_known_answer() {
        let bytes = [0x00, 0x80, 0x05];
        let e = EndpointReference::parse(&bytes, ITU, V).unwrap();
        assert_eq!(
            e,
            EndpointReference {
                reference_type: EndpointReferenceType::LocallyDefinedInteger,
                flag: true,
                value: 5,
            }
        );
        let mut buf = [0u8; 3];
        assert_eq!(e.emit(&mut buf), Ok(3));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn endpoint_reference_negative() {
        assert_eq!(EndpointReference::parse(&[0, 0], ITU, V), Err(IeError::Truncated));
        assert_eq!(EndpointReference::parse(&[0, 0, 0, 0], ITU, V), Err(IeError::TooLong));
        let e = EndpointReference {
            reference_type: EndpointReferenceType::LocallyDefinedInteger,
            flag: false,
            value: 0x8000,
        };
        assert_eq!(e.emit(&mut [0u8; 3]), Err(IeError::InvalidField { offset: 1 }));
    }

    #[test]
    fn endpoint_state_known_answer_and_version() {
        let s = EndpointState::parse(&[0x0A], ITU, UniVersion::Uni31).unwrap();
        assert_eq!(s.party_state, PartyState::Active);
        let mut buf = [0u8; 1];
        s.emit(&mut buf).unwrap();
        assert_eq!(buf, [0x0A]);
        assert_eq!(
            EndpointState::parse(&[0x04], ITU, V).unwrap().party_state,
            PartyState::PartyAlertingDelivered
        );
        assert_eq!(
            EndpointState::parse(&[0x07], ITU, UniVersion::Uni31),
            Err(IeError::InvalidField { offset: 0 })
        );
    }

    #[test]
    fn endpoint_state_negative() {
        assert_eq!(EndpointState::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(EndpointState::parse(&[1, 1], ITU, V), Err(IeError::TooLong));
        let s = EndpointState { party_state: PartyState::Unknown(1) };
        assert_eq!(s.emit(&mut [0u8; 1]), Err(IeError::InvalidField { offset: 0 }));
    }
}
