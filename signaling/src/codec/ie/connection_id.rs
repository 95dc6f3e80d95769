//! Connection identifier (Q.2931 §4.5.16, UNI 3.1 §5.4.5.16, UNI 4.0 §4; IE 0x5A).
//!
//! Contents: octet 5 = ext | spare (bits 7-6) | VP-associated signalling (bits 5-4) |
//! preferred/exclusive (bits 3-1); octets 6-7 VPCI; octets 8-9 VCI.

use super::wire::{code_point, encodable, require_ext, Reader, Writer, EXT};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const FLAGS: usize = 0;
    pub const ASSOC_SHIFT: u8 = 3;
    pub const ASSOC_MASK: u8 = 0x03;
    pub const PREF_MASK: u8 = 0x07;
    pub const LEN: usize = 5;
}

code_point! {
    /// VP-associated signalling (octet 5 bits 5-4).
    pub enum VpAssociatedSignalling (max 3) {
        /// 00 VP-associated signalling (the VPCI is that of the signalling channel).
        VpAssociated = 0,
        /// 01 explicit indication of VPCI (the only value UNI 3.1/4.0 users use).
        ExplicitVpci = 1,
    }
}

code_point! {
    /// Preferred/exclusive (octet 5 bits 3-1).
    pub enum PreferredExclusive (max 7) {
        /// 000 exclusive VPCI; exclusive VCI.
        ExclusiveVpciExclusiveVci = 0,
        /// 001 exclusive VPCI; any VCI.
        ExclusiveVpciAnyVci = 1,
        /// 100 exclusive VPCI; no VCI (UNI 4.0 switched virtual paths; not in UNI 3.1).
        ExclusiveVpciNoVci = 4,
    }
}

/// Connection identifier IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectionIdentifier {
    /// VP-associated signalling.
    pub vp_associated_signalling: VpAssociatedSignalling,
    /// Preferred/exclusive.
    pub preferred_exclusive: PreferredExclusive,
    /// Virtual path connection identifier.
    pub vpci: u16,
    /// Virtual channel identifier.
    pub vci: u16,
}

impl ConnectionIdentifier {
    /// Explicit VPCI, exclusive VPCI and VCI: the usual coding from the network.
    pub const fn exclusive(vpci: u16, vci: u16) -> Self {
        ConnectionIdentifier {
            vp_associated_signalling: VpAssociatedSignalling::ExplicitVpci,
            preferred_exclusive: PreferredExclusive::ExclusiveVpciExclusiveVci,
            vpci,
            vci,
        }
    }
}

impl IeContents for ConnectionIdentifier {
    fn parse(contents: &[u8], _: CodingStandard, version: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        require_ext(o5, field::FLAGS)?;
        let preferred_exclusive = PreferredExclusive::from(o5 & field::PREF_MASK);
        if version == UniVersion::Uni31
            && preferred_exclusive == PreferredExclusive::ExclusiveVpciNoVci
        {
            return Err(IeError::InvalidField { offset: field::FLAGS });
        }
        let vpci = r.u16()?;
        let vci = r.u16()?;
        r.finish()?;
        Ok(ConnectionIdentifier {
            vp_associated_signalling: VpAssociatedSignalling::from(
                (o5 >> field::ASSOC_SHIFT) & field::ASSOC_MASK,
            ),
            preferred_exclusive,
            vpci,
            vci,
        })
    }
    fn buffer_len(&self) -> usize {
        field::LEN
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.vp_associated_signalling.is_encodable(), field::FLAGS)?;
        encodable(self.preferred_exclusive.is_encodable(), field::FLAGS)?;
        let mut w = Writer::with_len(buf, field::LEN)?;
        w.u8(EXT
            | (u8::from(self.vp_associated_signalling) << field::ASSOC_SHIFT)
            | u8::from(self.preferred_exclusive))?;
        w.u16(self.vpci)?;
        w.u16(self.vci)?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;

    #[test]
    fn known_answer() {
        let bytes = [0x88, 0x00, 0x00, 0x00, 0x20];
        let c = ConnectionIdentifier::parse(&bytes, ITU, UniVersion::Uni31).unwrap();
        assert_eq!(c, ConnectionIdentifier::exclusive(0, 32));
        let mut buf = [0u8; 5];
        assert_eq!(c.emit(&mut buf), Ok(5));
        assert_eq!(buf, bytes);
        let any =
            ConnectionIdentifier::parse(&[0x89, 0x00, 0x01, 0x00, 0x00], ITU, UniVersion::Uni40)
                .unwrap();
        assert_eq!(any.preferred_exclusive, PreferredExclusive::ExclusiveVpciAnyVci);
        assert_eq!(any.vpci, 1);
    }

    #[test]
    fn no_vci_only_in_uni40() {
        let bytes = [0x8C, 0x00, 0x05, 0x00, 0x00];
        let c = ConnectionIdentifier::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(c.preferred_exclusive, PreferredExclusive::ExclusiveVpciNoVci);
        assert_eq!(
            ConnectionIdentifier::parse(&bytes, ITU, UniVersion::Uni31),
            Err(IeError::InvalidField { offset: 0 })
        );
    }

    #[test]
    fn negative_ext_and_length() {
        assert_eq!(
            ConnectionIdentifier::parse(&[0x08, 0, 0, 0, 32], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(
            ConnectionIdentifier::parse(&[0x88, 0, 0, 0], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        assert_eq!(
            ConnectionIdentifier::parse(&[0x88, 0, 0, 0, 32, 0], ITU, UniVersion::Uni40),
            Err(IeError::TooLong)
        );
    }

    #[test]
    fn negative_emit_unencodable() {
        let mut c = ConnectionIdentifier::exclusive(0, 32);
        c.preferred_exclusive = PreferredExclusive::Unknown(9);
        assert_eq!(c.emit(&mut [0u8; 5]), Err(IeError::InvalidField { offset: 0 }));
    }
}
