//! Party number IEs: Called party number (Q.2931 §4.5.11, id 0x70), Calling party number
//! (Q.2931 §4.5.13, id 0x6C) and Connected number (Q.2951.5 / UNI 4.0 COLP, id 0x4C).
//!
//! Contents: octet 5 = ext | type of number (bits 7-5) | numbering plan identification
//! (bits 4-1). Calling and connected numbers may carry octet 5a (ext of octet 5 = 0):
//! ext | presentation indicator (bits 7-6) | spare | screening indicator (bits 2-1).
//! Then the address: 20 binary octets for an AESA, IA5 digits for E.164 and the other plans.

use super::address::{Aesa, AtmAddress, AESA_LEN, E164, E164_MAX_DIGITS};
use super::wire::{code_point, encodable, require_ext, Reader, Writer, EXT};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Largest address this crate keeps for numbering plans other than E.164 and AESA (the AESA
/// length; no UNI plan needs more).
pub const MAX_ADDRESS_LEN: usize = AESA_LEN;

mod field {
    pub const TYPE_PLAN: usize = 0;
    pub const PRESENTATION_SCREENING: usize = 1;
    pub const TYPE_SHIFT: u8 = 4;
    pub const TYPE_MASK: u8 = 0x07;
    pub const PLAN_MASK: u8 = 0x0F;
    pub const PRESENTATION_SHIFT: u8 = 5;
    pub const PRESENTATION_MASK: u8 = 0x03;
    pub const SCREENING_MASK: u8 = 0x03;
}

code_point! {
    /// Type of number (Q.2931 §4.5.11, octet 5 bits 7-5).
    pub enum TypeOfNumber (max 7) {
        /// 000 unknown (the code used with AESAs).
        UnknownType = 0,
        /// 001 international number.
        International = 1,
        /// 010 national number.
        National = 2,
        /// 011 network specific number.
        NetworkSpecific = 3,
        /// 100 subscriber number.
        Subscriber = 4,
        /// 110 abbreviated number.
        Abbreviated = 6,
    }
}

code_point! {
    /// Numbering plan identification (Q.2931 §4.5.11, octet 5 bits 4-1).
    pub enum NumberingPlan (max 15) {
        /// 0000 unknown.
        UnknownPlan = 0,
        /// 0001 ISDN/telephony numbering plan (E.164).
        E164 = 1,
        /// 0010 ATM Endsystem Address (ISO NSAP format, AESA).
        Aesa = 2,
        /// 0011 data numbering plan (X.121).
        Data = 3,
        /// 1001 private numbering plan.
        Private = 9,
    }
}

code_point! {
    /// Presentation indicator (Q.2931 §4.5.13 / Q.951, octet 5a bits 7-6).
    pub enum PresentationIndicator (max 3) {
        /// 00 presentation allowed.
        Allowed = 0,
        /// 01 presentation restricted.
        Restricted = 1,
        /// 10 number not available due to interworking.
        NotAvailable = 2,
    }
}

code_point! {
    /// Screening indicator (Q.2931 §4.5.13, octet 5a bits 2-1).
    pub enum ScreeningIndicator (max 3) {
        /// 00 user-provided, not screened.
        UserProvidedNotScreened = 0,
        /// 01 user-provided, verified and passed.
        UserProvidedVerifiedPassed = 1,
        /// 10 user-provided, verified and failed.
        UserProvidedVerifiedFailed = 2,
        /// 11 network provided.
        NetworkProvided = 3,
    }
}

/// Octet 5a of the calling party number and connected number IEs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PresentationScreening {
    /// Presentation indicator.
    pub presentation: PresentationIndicator,
    /// Screening indicator.
    pub screening: ScreeningIndicator,
}

/// The address digits of a party number, with the numbering plan they imply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyAddress {
    /// Plan 0010: a 20-octet AESA.
    Aesa(Aesa),
    /// Plan 0001: 1 to 15 IA5 digits.
    E164(E164),
    /// Any other plan: the octets as received, up to [`MAX_ADDRESS_LEN`]. Also an absent
    /// address under any plan, [`NumberingPlan::E164`] and [`NumberingPlan::Aesa`] included
    /// (allowed only in calling/connected numbers: number not available).
    Other {
        /// The numbering plan.
        plan: NumberingPlan,
        /// The address octets.
        digits: Bytes<MAX_ADDRESS_LEN>,
    },
}

impl PartyAddress {
    /// The numbering plan identification for octet 5.
    pub fn numbering_plan(&self) -> NumberingPlan {
        match self {
            PartyAddress::Aesa(_) => NumberingPlan::Aesa,
            PartyAddress::E164(_) => NumberingPlan::E164,
            PartyAddress::Other { plan, .. } => *plan,
        }
    }

    /// The address as an [`AtmAddress`] when the plan is AESA or E.164.
    pub fn atm_address(&self) -> Option<AtmAddress> {
        match self {
            PartyAddress::Aesa(a) => Some(AtmAddress::Aesa(*a)),
            PartyAddress::E164(e) => Some(AtmAddress::E164(*e)),
            PartyAddress::Other { .. } => None,
        }
    }

    fn octets(&self) -> &[u8] {
        match self {
            PartyAddress::Aesa(a) => a.octets(),
            PartyAddress::E164(e) => e.digits(),
            PartyAddress::Other { digits, .. } => digits.as_slice(),
        }
    }

    fn is_empty(&self) -> bool {
        self.octets().is_empty()
    }

    /// Decodes the address octets (starting at contents offset `offset`) for `plan`.
    fn decode(plan: NumberingPlan, octets: &[u8], offset: usize) -> Result<Self, IeError> {
        match plan {
            NumberingPlan::Aesa => {
                if octets.len() < AESA_LEN {
                    return Err(IeError::Truncated);
                }
                Aesa::from_slice(octets).map(PartyAddress::Aesa).ok_or(IeError::TooLong)
            }
            NumberingPlan::E164 => {
                if octets.len() > E164_MAX_DIGITS {
                    return Err(IeError::TooLong);
                }
                if octets.is_empty() {
                    return Err(IeError::MissingField);
                }
                if let Some(i) = octets.iter().position(|d| !d.is_ascii_digit()) {
                    return Err(IeError::InvalidField { offset: offset + i });
                }
                E164::from_digits(octets)
                    .map(PartyAddress::E164)
                    .map_err(|_| IeError::InvalidField { offset })
            }
            _ => {
                let digits = Bytes::from_slice(octets).ok_or(IeError::TooLong)?;
                Ok(PartyAddress::Other { plan, digits })
            }
        }
    }
}

impl From<AtmAddress> for PartyAddress {
    fn from(a: AtmAddress) -> Self {
        match a {
            AtmAddress::Aesa(a) => PartyAddress::Aesa(a),
            AtmAddress::E164(e) => PartyAddress::E164(e),
        }
    }
}

/// Type of number and address, shared by the three party number IEs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartyNumber {
    /// Type of number.
    pub type_of_number: TypeOfNumber,
    /// The address (and through it the numbering plan).
    pub address: PartyAddress,
}

impl PartyNumber {
    /// The usual coding of an ATM address: an AESA with type "unknown" (Q.2931 §4.5.11 note),
    /// an E.164 number as "international number" (UNI 3.1 §5.4.5.11).
    pub fn from_atm_address(address: AtmAddress) -> Self {
        let type_of_number = match address {
            AtmAddress::Aesa(_) => TypeOfNumber::UnknownType,
            AtmAddress::E164(_) => TypeOfNumber::International,
        };
        PartyNumber { type_of_number, address: address.into() }
    }

    /// Parses contents; `allow_presentation` says whether octet 5a may appear, `allow_empty`
    /// whether the address may be absent.
    fn parse_with(
        contents: &[u8],
        allow_presentation: bool,
        allow_empty: bool,
    ) -> Result<(Self, Option<PresentationScreening>), IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        let type_of_number = TypeOfNumber::from((o5 >> field::TYPE_SHIFT) & field::TYPE_MASK);
        let plan = NumberingPlan::from(o5 & field::PLAN_MASK);
        let presentation = if o5 & EXT == 0 {
            if !allow_presentation {
                // The called party number has no octet 5a: its octet 5 must end the group.
                return Err(IeError::InvalidField { offset: field::TYPE_PLAN });
            }
            let o5a = r.u8()?;
            require_ext(o5a, field::PRESENTATION_SCREENING)?;
            Some(PresentationScreening {
                presentation: PresentationIndicator::from(
                    (o5a >> field::PRESENTATION_SHIFT) & field::PRESENTATION_MASK,
                ),
                screening: ScreeningIndicator::from(o5a & field::SCREENING_MASK),
            })
        } else {
            None
        };
        let offset = r.pos();
        let octets = r.rest();
        let address = if octets.is_empty() {
            if !allow_empty {
                return Err(IeError::MissingField);
            }
            PartyAddress::Other { plan, digits: Bytes::new() }
        } else {
            PartyAddress::decode(plan, octets, offset)?
        };
        Ok((PartyNumber { type_of_number, address }, presentation))
    }

    fn buffer_len_with(&self, presentation: Option<&PresentationScreening>) -> usize {
        1 + usize::from(presentation.is_some()) + self.address.octets().len()
    }

    fn emit_with(
        &self,
        presentation: Option<&PresentationScreening>,
        allow_empty: bool,
        buf: &mut [u8],
    ) -> Result<usize, IeError> {
        let plan = self.address.numbering_plan();
        encodable(self.type_of_number.is_encodable(), field::TYPE_PLAN)?;
        encodable(plan.is_encodable(), field::TYPE_PLAN)?;
        match &self.address {
            PartyAddress::Other { plan, digits } => {
                // An Other address must not claim a plan whose coding this type checks.
                encodable(
                    !matches!(plan, NumberingPlan::E164 | NumberingPlan::Aesa) || digits.is_empty(),
                    field::TYPE_PLAN,
                )?;
                if digits.is_empty() && !allow_empty {
                    return Err(IeError::MissingField);
                }
            }
            PartyAddress::Aesa(_) | PartyAddress::E164(_) => {}
        }
        if self.address.is_empty() && !allow_empty {
            return Err(IeError::MissingField);
        }
        let len = self.buffer_len_with(presentation);
        let mut w = Writer::with_len(buf, len)?;
        let ext = if presentation.is_some() { 0 } else { EXT };
        w.u8(ext | (u8::from(self.type_of_number) << field::TYPE_SHIFT) | u8::from(plan))?;
        if let Some(p) = presentation {
            encodable(p.presentation.is_encodable(), field::PRESENTATION_SCREENING)?;
            encodable(p.screening.is_encodable(), field::PRESENTATION_SCREENING)?;
            w.u8(EXT
                | (u8::from(p.presentation) << field::PRESENTATION_SHIFT)
                | u8::from(p.screening))?;
        }
        w.bytes(self.address.octets())?;
        Ok(w.len())
    }
}

/// Called party number (Q.2931 §4.5.11, IE 0x70): no octet 5a, address mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CalledPartyNumber(pub PartyNumber);

impl IeContents for CalledPartyNumber {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        PartyNumber::parse_with(contents, false, false).map(|(n, _)| CalledPartyNumber(n))
    }
    fn buffer_len(&self) -> usize {
        self.0.buffer_len_with(None)
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        self.0.emit_with(None, false, buf)
    }
}

/// Calling party number (Q.2931 §4.5.13, IE 0x6C). The address may be empty (number not
/// available, Q.951 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallingPartyNumber {
    /// Type of number and address.
    pub number: PartyNumber,
    /// Octet 5a, when present.
    pub presentation: Option<PresentationScreening>,
}

impl IeContents for CallingPartyNumber {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        PartyNumber::parse_with(contents, true, true)
            .map(|(number, presentation)| CallingPartyNumber { number, presentation })
    }
    fn buffer_len(&self) -> usize {
        self.number.buffer_len_with(self.presentation.as_ref())
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        self.number.emit_with(self.presentation.as_ref(), true, buf)
    }
}

/// Connected number (Q.2951.5 COLP / UNI 4.0 §4, IE 0x4C): coded as the calling party number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectedNumber {
    /// Type of number and address.
    pub number: PartyNumber,
    /// Octet 5a, when present.
    pub presentation: Option<PresentationScreening>,
}

impl IeContents for ConnectedNumber {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        PartyNumber::parse_with(contents, true, true)
            .map(|(number, presentation)| ConnectedNumber { number, presentation })
    }
    fn buffer_len(&self) -> usize {
        self.number.buffer_len_with(self.presentation.as_ref())
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        self.number.emit_with(self.presentation.as_ref(), true, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V4: UniVersion = UniVersion::Uni40;

    /// Called party number contents from the UNI 4.0 SETUP of atm-reference.md.
    const SETUP_CALLED: [u8; 21] = [
        0x82, 0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00, 0x00,
        0x20, 0x48, 0x1a, 0x00, 0x00, 0x01,
    ];

    #[test]
    fn deconstruct_setup_called_party_number() {
        let n = CalledPartyNumber::parse(&SETUP_CALLED, ITU, V4).unwrap();
        assert_eq!(n.0.type_of_number, TypeOfNumber::UnknownType);
        assert_eq!(n.0.address.numbering_plan(), NumberingPlan::Aesa);
        let a = n.0.address.atm_address().unwrap();
        assert_eq!(alloc::format!("{a}"), "47.0005.80ffe1000000f21510000020481a0000.01");
    }

    #[test]
    fn construct_setup_called_party_number() {
        let a: AtmAddress = "47.0005.80ffe1000000f21510000020481a0000.01".parse().unwrap();
        let n = CalledPartyNumber(PartyNumber::from_atm_address(a));
        assert_eq!(n.buffer_len(), 21);
        let mut buf = [0u8; 21];
        assert_eq!(n.emit(&mut buf), Ok(21));
        assert_eq!(buf, SETUP_CALLED);
        assert_eq!(n.emit(&mut [0u8; 20]), Err(IeError::BufferTooSmall));
    }

    #[test]
    fn calling_party_e164_with_presentation() {
        // ext 0, international, E.164 | ext 1, restricted, network provided | "4930"
        let bytes = [0x11, 0xA3, b'4', b'9', b'3', b'0'];
        let n = CallingPartyNumber::parse(&bytes, ITU, V4).unwrap();
        assert_eq!(n.number.type_of_number, TypeOfNumber::International);
        assert_eq!(n.number.address, PartyAddress::E164(E164::from_digits(b"4930").unwrap()));
        assert_eq!(
            n.presentation,
            Some(PresentationScreening {
                presentation: PresentationIndicator::Restricted,
                screening: ScreeningIndicator::NetworkProvided,
            })
        );
        let mut buf = [0u8; 6];
        assert_eq!(n.emit(&mut buf), Ok(6));
        assert_eq!(buf, bytes);
        let c = ConnectedNumber::parse(&bytes, ITU, V4).unwrap();
        assert_eq!(c.number, n.number);
    }

    #[test]
    fn calling_number_not_available() {
        // ext 0, unknown/unknown | ext 1, number not available, network provided; no digits.
        let bytes = [0x00, 0xC3];
        let n = CallingPartyNumber::parse(&bytes, ITU, V4).unwrap();
        assert_eq!(
            n.number.address,
            PartyAddress::Other { plan: NumberingPlan::UnknownPlan, digits: Bytes::new() }
        );
        let mut buf = [0u8; 2];
        assert_eq!(n.emit(&mut buf), Ok(2));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn private_plan_keeps_octets() {
        let bytes = [0x99, b'1', b'2'];
        let n = CalledPartyNumber::parse(&bytes, ITU, V4).unwrap();
        assert_eq!(n.0.address.numbering_plan(), NumberingPlan::Private);
        assert_eq!(n.0.address.atm_address(), None);
        let mut buf = [0u8; 3];
        n.emit(&mut buf).unwrap();
        assert_eq!(buf, bytes);
    }

    #[test]
    fn negative_empty_contents() {
        assert_eq!(CalledPartyNumber::parse(&[], ITU, V4), Err(IeError::Truncated));
    }

    #[test]
    fn negative_called_has_no_octet_5a() {
        assert_eq!(
            CalledPartyNumber::parse(&[0x02, 0x80, 1], ITU, V4),
            Err(IeError::InvalidField { offset: 0 })
        );
    }

    #[test]
    fn negative_octet_5a_must_end_group() {
        assert_eq!(
            CallingPartyNumber::parse(&[0x11, 0x23, b'1'], ITU, V4),
            Err(IeError::InvalidField { offset: 1 })
        );
        assert_eq!(CallingPartyNumber::parse(&[0x11], ITU, V4), Err(IeError::Truncated));
    }

    #[test]
    fn negative_called_address_missing() {
        assert_eq!(CalledPartyNumber::parse(&[0x82], ITU, V4), Err(IeError::MissingField));
        let n = CalledPartyNumber(PartyNumber {
            type_of_number: TypeOfNumber::UnknownType,
            address: PartyAddress::Other { plan: NumberingPlan::Private, digits: Bytes::new() },
        });
        assert_eq!(n.emit(&mut [0u8; 4]), Err(IeError::MissingField));
    }

    #[test]
    fn negative_aesa_must_be_20_octets() {
        assert_eq!(CalledPartyNumber::parse(&SETUP_CALLED[..20], ITU, V4), Err(IeError::Truncated));
        let mut long = [0u8; 22];
        long[..21].copy_from_slice(&SETUP_CALLED);
        assert_eq!(CalledPartyNumber::parse(&long, ITU, V4), Err(IeError::TooLong));
    }

    #[test]
    fn negative_e164_digits() {
        assert_eq!(
            CalledPartyNumber::parse(&[0x91, b'1', b'x', b'3'], ITU, V4),
            Err(IeError::InvalidField { offset: 2 })
        );
        let mut long = [b'1'; 17];
        long[0] = 0x91;
        assert_eq!(CalledPartyNumber::parse(&long, ITU, V4), Err(IeError::TooLong));
        assert_eq!(CalledPartyNumber::parse(&long[..16], ITU, V4).map(|_| ()), Ok(()));
    }

    #[test]
    fn negative_other_plan_too_long() {
        let mut long = [b'1'; 22];
        long[0] = 0x89;
        assert_eq!(CalledPartyNumber::parse(&long, ITU, V4), Err(IeError::TooLong));
    }

    #[test]
    fn negative_emit_rejects_inconsistent_values() {
        let other_claims_e164 = CalledPartyNumber(PartyNumber {
            type_of_number: TypeOfNumber::UnknownType,
            address: PartyAddress::Other {
                plan: NumberingPlan::E164,
                digits: Bytes::from_slice(b"12").unwrap(),
            },
        });
        assert_eq!(other_claims_e164.emit(&mut [0u8; 8]), Err(IeError::InvalidField { offset: 0 }));
        let bad_type = CalledPartyNumber(PartyNumber {
            type_of_number: TypeOfNumber::Unknown(1),
            address: PartyAddress::E164(E164::from_digits(b"1").unwrap()),
        });
        assert_eq!(bad_type.emit(&mut [0u8; 8]), Err(IeError::InvalidField { offset: 0 }));
    }
}
