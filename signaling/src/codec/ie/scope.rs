//! Connection scope selection (UNI Signalling 4.0 §7.2.1, IE 0xEB). ATM Forum IE, coded
//! with coding standard 11.
//!
//! Contents: octet 5 = ext | spare | type of connection scope (bits 4-1); octet 6 = the
//! connection scope selection.

use super::wire::{code_point, encodable, require_ext, Reader, Writer, EXT};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const TYPE: usize = 0;
    pub const SELECTION: usize = 1;
    pub const TYPE_MASK: u8 = 0x0F;
}

code_point! {
    /// Type of connection scope (octet 5 bits 4-1).
    pub enum ConnectionScopeType (max 15) {
        /// 0001 organizational.
        Organizational = 1,
    }
}

code_point! {
    /// Organizational scope selection (UNI 4.0 §7.2.1; octet 6).
    pub enum ConnectionScope (max 255) {
        /// 0000 0001 local network.
        LocalNetwork = 1,
        /// 0000 0010 local network plus one.
        LocalNetworkPlusOne = 2,
        /// 0000 0011 local network plus two.
        LocalNetworkPlusTwo = 3,
        /// 0000 0100 site minus one.
        SiteMinusOne = 4,
        /// 0000 0101 intra-site.
        IntraSite = 5,
        /// 0000 0110 site plus one.
        SitePlusOne = 6,
        /// 0000 0111 organization minus one.
        OrganizationMinusOne = 7,
        /// 0000 1000 intra-organization.
        IntraOrganization = 8,
        /// 0000 1001 organization plus one.
        OrganizationPlusOne = 9,
        /// 0000 1010 community minus one.
        CommunityMinusOne = 10,
        /// 0000 1011 intra-community.
        IntraCommunity = 11,
        /// 0000 1100 community plus one.
        CommunityPlusOne = 12,
        /// 0000 1101 regional.
        Regional = 13,
        /// 0000 1110 inter-regional.
        InterRegional = 14,
        /// 0000 1111 global.
        Global = 15,
    }
}

/// Connection scope selection IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectionScopeSelection {
    /// Type of connection scope.
    pub scope_type: ConnectionScopeType,
    /// The selected scope.
    pub scope: ConnectionScope,
}

impl IeContents for ConnectionScopeSelection {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        require_ext(o5, field::TYPE)?;
        let scope = ConnectionScope::from(r.u8()?);
        r.finish()?;
        Ok(ConnectionScopeSelection {
            scope_type: ConnectionScopeType::from(o5 & field::TYPE_MASK),
            scope,
        })
    }
    fn buffer_len(&self) -> usize {
        2
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.scope_type.is_encodable(), field::TYPE)?;
        encodable(self.scope.is_encodable(), field::SELECTION)?;
        let mut w = Writer::with_len(buf, 2)?;
        w.u8(EXT | u8::from(self.scope_type))?;
        w.u8(u8::from(self.scope))?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NET: CodingStandard = CodingStandard::NetworkSpecific;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn known_answer() {
        let s = ConnectionScopeSelection::parse(&[0x81, 0x05], NET, V).unwrap();
        assert_eq!(s.scope_type, ConnectionScopeType::Organizational);
        assert_eq!(s.scope, ConnectionScope::IntraSite);
        let mut buf = [0u8; 2];
        assert_eq!(s.emit(&mut buf), Ok(2));
        assert_eq!(buf, [0x81, 0x05]);
    }

    #[test]
    fn negative_rules() {
        assert_eq!(
            ConnectionScopeSelection::parse(&[0x01, 0x05], NET, V),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(ConnectionScopeSelection::parse(&[0x81], NET, V), Err(IeError::Truncated));
        assert_eq!(ConnectionScopeSelection::parse(&[0x81, 1, 1], NET, V), Err(IeError::TooLong));
        let bad = ConnectionScopeSelection {
            scope_type: ConnectionScopeType::Organizational,
            scope: ConnectionScope::Unknown(15),
        };
        assert_eq!(bad.emit(&mut [0u8; 2]), Err(IeError::InvalidField { offset: 1 }));
    }
}
