//! Party subaddress IEs: Called party subaddress (Q.2931 §4.5.12, id 0x71), Calling party
//! subaddress (Q.2931 §4.5.14, id 0x6D), Connected subaddress (Q.2951.5, id 0x4D).
//!
//! Contents: octet 5 = ext | type of subaddress (bits 7-5) | odd/even indicator (bit 4) |
//! spare; then up to 20 octets of subaddress information.

use super::address::{Aesa, AESA_LEN};
use super::wire::{encodable, require_ext, Reader, Writer, EXT};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Largest subaddress information (Q.2931 §4.5.12: 20 octets).
pub const MAX_SUBADDRESS_LEN: usize = 20;

mod field {
    pub const TYPE: usize = 0;
    pub const INFO: usize = 1;
    pub const TYPE_SHIFT: u8 = 4;
    pub const TYPE_MASK: u8 = 0x07;
    pub const ODD: u8 = 0x08;
    pub const NSAP: u8 = 0;
    pub const AESA: u8 = 1;
    pub const USER_SPECIFIED: u8 = 2;
}

/// A subaddress by type of subaddress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subaddress {
    /// 000: NSAP (X.213 / ISO 8348 AD2), 1 to 20 octets.
    Nsap(Bytes<MAX_SUBADDRESS_LEN>),
    /// 001: ATM Endsystem Address (UNI 4.0; not defined in UNI 3.1), exactly 20 octets.
    Aesa(Aesa),
    /// 010: user-specified, 1 to 20 octets; `odd` is the odd/even indicator (odd number of
    /// BCD address signals).
    UserSpecified {
        /// Odd/even indicator: true for an odd number of address signals.
        odd: bool,
        /// Subaddress information.
        information: Bytes<MAX_SUBADDRESS_LEN>,
    },
    /// A reserved type of subaddress, kept as received.
    Unknown {
        /// The 3-bit type code (3..=7).
        type_code: u8,
        /// Odd/even indicator.
        odd: bool,
        /// Subaddress information.
        information: Bytes<MAX_SUBADDRESS_LEN>,
    },
}

impl Subaddress {
    fn info(&self) -> &[u8] {
        match self {
            Subaddress::Nsap(b) => b.as_slice(),
            Subaddress::Aesa(a) => a.octets(),
            Subaddress::UserSpecified { information, .. }
            | Subaddress::Unknown { information, .. } => information.as_slice(),
        }
    }

    fn parse_contents(contents: &[u8], version: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        require_ext(o5, field::TYPE)?;
        let type_code = (o5 >> field::TYPE_SHIFT) & field::TYPE_MASK;
        let odd = o5 & field::ODD != 0;
        let info = r.rest();
        if info.is_empty() {
            return Err(IeError::MissingField);
        }
        if info.len() > MAX_SUBADDRESS_LEN {
            return Err(IeError::TooLong);
        }
        let bytes = Bytes::from_slice(info).ok_or(IeError::TooLong)?;
        // The odd/even indicator only has a meaning for user-specified BCD subaddresses; it is
        // spare (ignored) for NSAP and AESA.
        match type_code {
            field::NSAP => Ok(Subaddress::Nsap(bytes)),
            field::AESA => {
                if version == UniVersion::Uni31 {
                    return Err(IeError::InvalidField { offset: field::TYPE });
                }
                Aesa::from_slice(info)
                    .map(Subaddress::Aesa)
                    .ok_or(IeError::InvalidField { offset: field::INFO })
            }
            field::USER_SPECIFIED => Ok(Subaddress::UserSpecified { odd, information: bytes }),
            _ => Ok(Subaddress::Unknown { type_code, odd, information: bytes }),
        }
    }

    fn contents_len(&self) -> usize {
        1 + self.info().len()
    }

    fn emit_contents(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        let (type_code, odd) = match self {
            Subaddress::Nsap(_) => (field::NSAP, false),
            Subaddress::Aesa(_) => (field::AESA, false),
            Subaddress::UserSpecified { odd, .. } => (field::USER_SPECIFIED, *odd),
            Subaddress::Unknown { type_code, odd, .. } => {
                encodable(*type_code > field::USER_SPECIFIED && *type_code <= 7, field::TYPE)?;
                (*type_code, *odd)
            }
        };
        if self.info().is_empty() {
            return Err(IeError::MissingField);
        }
        let mut w = Writer::with_len(buf, self.contents_len())?;
        w.u8(EXT | (type_code << field::TYPE_SHIFT) | if odd { field::ODD } else { 0 })?;
        w.bytes(self.info())?;
        Ok(w.len())
    }
}

const _: () = assert!(AESA_LEN == MAX_SUBADDRESS_LEN);

macro_rules! subaddress_ie {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub Subaddress);

        impl IeContents for $name {
            fn parse(
                contents: &[u8],
                _: CodingStandard,
                version: UniVersion,
            ) -> Result<Self, IeError> {
                Subaddress::parse_contents(contents, version).map($name)
            }
            fn buffer_len(&self) -> usize {
                self.0.contents_len()
            }
            fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
                self.0.emit_contents(buf)
            }
        }
    };
}

subaddress_ie!(
    /// Called party subaddress (Q.2931 §4.5.12, IE 0x71).
    CalledPartySubaddress
);
subaddress_ie!(
    /// Calling party subaddress (Q.2931 §4.5.14, IE 0x6D).
    CallingPartySubaddress
);
subaddress_ie!(
    /// Connected subaddress (Q.2951.5 / UNI 4.0, IE 0x4D).
    ConnectedSubaddress
);

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;

    #[test]
    fn nsap_subaddress_known_answer() {
        let bytes = [0x80, 0x47, 0x00, 0x05];
        let s = CalledPartySubaddress::parse(&bytes, ITU, UniVersion::Uni31).unwrap();
        assert_eq!(s.0, Subaddress::Nsap(Bytes::from_slice(&[0x47, 0x00, 0x05]).unwrap()));
        let mut buf = [0u8; 4];
        assert_eq!(s.emit(&mut buf), Ok(4));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn aesa_subaddress_known_answer() {
        let mut bytes = [0u8; 21];
        bytes[0] = 0x90;
        bytes[1] = 0x39;
        bytes[20] = 0x07;
        let s = CallingPartySubaddress::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        let Subaddress::Aesa(a) = s.0 else { panic!("not an AESA: {s:?}") };
        assert_eq!(a.afi(), 0x39);
        assert_eq!(a.sel(), 0x07);
        let mut buf = [0u8; 21];
        assert_eq!(s.emit(&mut buf), Ok(21));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn user_specified_odd() {
        let bytes = [0xA8, 0x12, 0x30];
        let s = ConnectedSubaddress::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(
            s.0,
            Subaddress::UserSpecified {
                odd: true,
                information: Bytes::from_slice(&[0x12, 0x30]).unwrap()
            }
        );
        let mut buf = [0u8; 3];
        s.emit(&mut buf).unwrap();
        assert_eq!(buf, bytes);
    }

    #[test]
    fn negative_ext_bit() {
        assert_eq!(
            CalledPartySubaddress::parse(&[0x00, 1], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
    }

    #[test]
    fn negative_lengths() {
        assert_eq!(
            CalledPartySubaddress::parse(&[], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        assert_eq!(
            CalledPartySubaddress::parse(&[0x80], ITU, UniVersion::Uni40),
            Err(IeError::MissingField)
        );
        let mut long = [0u8; 22];
        long[0] = 0x80;
        assert_eq!(
            CalledPartySubaddress::parse(&long, ITU, UniVersion::Uni40),
            Err(IeError::TooLong)
        );
        assert!(CalledPartySubaddress::parse(&long[..21], ITU, UniVersion::Uni40).is_ok());
    }

    #[test]
    fn negative_aesa_length_and_version() {
        let short = [0x90, 0x39, 0x00];
        assert_eq!(
            CalledPartySubaddress::parse(&short, ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 1 })
        );
        let mut full = [0u8; 21];
        full[0] = 0x90;
        assert_eq!(
            CalledPartySubaddress::parse(&full, ITU, UniVersion::Uni31),
            Err(IeError::InvalidField { offset: 0 })
        );
    }

    #[test]
    fn negative_emit_unknown_named_type() {
        let s = CalledPartySubaddress(Subaddress::Unknown {
            type_code: 2,
            odd: false,
            information: Bytes::from_slice(&[1]).unwrap(),
        });
        assert_eq!(s.emit(&mut [0u8; 4]), Err(IeError::InvalidField { offset: 0 }));
        let empty = CalledPartySubaddress(Subaddress::Nsap(Bytes::new()));
        assert_eq!(empty.emit(&mut [0u8; 4]), Err(IeError::MissingField));
    }
}
