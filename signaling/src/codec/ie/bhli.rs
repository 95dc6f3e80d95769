//! Broadband high layer information (Q.2931 §4.5.8; UNI 3.1 §5.4.5.8).
//!
//! Octet 5: ext=1 | high layer information type (7); octets 6..13: up to 8 octets of high
//! layer information. A vendor-specific application identifier is an OUI (3 octets) and an
//! application identifier (4 octets).

use super::wire::{Reader, Writer};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const EXT: u8 = 0x80;
    pub const TYPE: u8 = 0x7F;
    pub const ISO: u8 = 0x00;
    pub const USER_SPECIFIC: u8 = 0x01;
    pub const VENDOR_SPECIFIC: u8 = 0x03;
    pub const INFO_MAX: usize = 8;
    pub const VENDOR_LEN: usize = 7;
}

/// B-HLI IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bhli {
    /// ISO/IEC defined high layer information.
    Iso(Bytes<8>),
    /// User-specific high layer information.
    UserSpecific(Bytes<8>),
    /// Vendor-specific application identifier.
    VendorSpecific {
        /// Organizationally unique identifier (24 bits).
        oui: u32,
        /// Application identifier assigned by the OUI's owner.
        application_id: u32,
    },
    /// Another high layer information type (e.g. UNI 3.0's high layer profile, Q.2931's
    /// reference to a B-ISDN teleservice recommendation), kept as received.
    Other {
        /// High layer information type (7 bits).
        kind: u8,
        /// The information octets.
        info: Bytes<8>,
    },
}

impl IeContents for Bhli {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        _version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8_ext()?;
        let info = r.rest();
        if info.len() > field::INFO_MAX {
            return Err(IeError::TooLong);
        }
        let bytes = Bytes::from_slice(info).ok_or(IeError::TooLong)?;
        Ok(match o5 & field::TYPE {
            field::ISO => Bhli::Iso(bytes),
            field::USER_SPECIFIC => Bhli::UserSpecific(bytes),
            field::VENDOR_SPECIFIC => {
                if info.len() != field::VENDOR_LEN {
                    return Err(if info.len() < field::VENDOR_LEN {
                        IeError::Truncated
                    } else {
                        IeError::TooLong
                    });
                }
                let mut v = Reader::new(info);
                Bhli::VendorSpecific { oui: v.u24()?, application_id: v.u32()? }
            }
            kind => Bhli::Other { kind, info: bytes },
        })
    }
    fn buffer_len(&self) -> usize {
        1 + match self {
            Bhli::Iso(b) | Bhli::UserSpecific(b) | Bhli::Other { info: b, .. } => b.len(),
            Bhli::VendorSpecific { .. } => field::VENDOR_LEN,
        }
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        let mut w = Writer::new(buf);
        match self {
            Bhli::Iso(b) => {
                w.u8(field::EXT | field::ISO)?;
                w.bytes(b.as_slice())?;
            }
            Bhli::UserSpecific(b) => {
                w.u8(field::EXT | field::USER_SPECIFIC)?;
                w.bytes(b.as_slice())?;
            }
            Bhli::VendorSpecific { oui, application_id } => {
                w.u8(field::EXT | field::VENDOR_SPECIFIC)?;
                w.u24(*oui)?;
                w.u32(*application_id)?;
            }
            Bhli::Other { kind, info } => {
                // A kind that collides with a named variant would not parse back to itself.
                if *kind > field::TYPE
                    || matches!(*kind, field::ISO | field::USER_SPECIFIC | field::VENDOR_SPECIFIC)
                {
                    return Err(IeError::InvalidField { offset: 0 });
                }
                w.u8(field::EXT | kind)?;
                w.bytes(info.as_slice())?;
            }
        }
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const ITU: CodingStandard = CodingStandard::ItuT;

    #[test]
    fn vendor_specific() {
        // ATM Forum OUI 00-A0-3E, application 1 (ATM Name System).
        let bytes = [0x83, 0x00, 0xa0, 0x3e, 0x00, 0x00, 0x00, 0x01];
        let b = Bhli::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(b, Bhli::VendorSpecific { oui: 0x00a03e, application_id: 1 });
        let mut buf = [0u8; 8];
        assert_eq!(b.emit(&mut buf).unwrap(), 8);
        assert_eq!(buf, bytes);
        assert_eq!(b.buffer_len(), 8);
    }

    #[test]
    fn iso_user_other() {
        let b = Bhli::parse(&[0x81, 1, 2, 3], ITU, UniVersion::Uni40).unwrap();
        assert_eq!(b, Bhli::UserSpecific(Bytes::from_slice(&[1, 2, 3]).unwrap()));
        let i = Bhli::parse(&[0x80], ITU, UniVersion::Uni40).unwrap();
        assert_eq!(i, Bhli::Iso(Bytes::new()));
        let o = Bhli::parse(&[0x82, 9, 9, 9, 9], ITU, UniVersion::Uni31).unwrap();
        assert_eq!(o, Bhli::Other { kind: 2, info: Bytes::from_slice(&[9, 9, 9, 9]).unwrap() });
        let mut buf = [0u8; 9];
        assert_eq!(o.emit(&mut buf).unwrap(), 5);
        assert_eq!(&buf[..5], &[0x82, 9, 9, 9, 9]);
    }

    #[test]
    fn negative() {
        assert_eq!(Bhli::parse(&[], ITU, UniVersion::Uni40), Err(IeError::Truncated));
        assert_eq!(
            Bhli::parse(&[0x01], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(Bhli::parse(&[0x80; 10], ITU, UniVersion::Uni40), Err(IeError::TooLong));
        assert_eq!(
            Bhli::parse(&[0x83, 0, 0xa0, 0x3e], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        let bad = Bhli::Other { kind: 3, info: Bytes::new() };
        assert!(bad.emit(&mut [0u8; 9]).is_err());
    }
}
