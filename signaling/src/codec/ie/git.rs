//! Generic identifier transport (Q.2941.1, UNI Signalling 4.0 §4; IE 0x7F).
//!
//! Contents: octet 5 = identifier related standard/application; then repeated identifiers,
//! each: identifier type (1 octet), identifier length (1 octet), identifier value. UNI 4.0
//! limits a session identifier to 20 octets and a resource identifier to 4 octets.

use super::wire::{code_point, encodable, Reader, Writer};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Largest identifier value kept (the session identifier limit).
pub const MAX_IDENTIFIER_LEN: usize = 20;
/// Largest session identifier (UNI 4.0).
pub const MAX_SESSION_ID_LEN: usize = 20;
/// Largest resource identifier (UNI 4.0).
pub const MAX_RESOURCE_ID_LEN: usize = 4;
/// Most identifiers kept in one IE.
pub const MAX_IDENTIFIERS: usize = 4;

mod field {
    pub const STANDARD: usize = 0;
}

code_point! {
    /// Identifier related standard/application (octet 5).
    pub enum IdentifierStandard (max 255) {
        /// 0x01 DSM-CC (ISO/IEC 13818-6).
        DsmCc = 1,
        /// 0x02 Recommendation H.245.
        H245 = 2,
    }
}

code_point! {
    /// Identifier type.
    pub enum IdentifierType (max 255) {
        /// 0x01 session identifier.
        Session = 1,
        /// 0x02 resource identifier.
        Resource = 2,
    }
}

/// One identifier of a generic identifier transport IE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GenericIdentifier {
    /// Identifier type.
    pub id_type: IdentifierType,
    /// Identifier value.
    pub value: Bytes<MAX_IDENTIFIER_LEN>,
}

/// An empty session identifier (fills unused list slots).
impl Default for GenericIdentifier {
    fn default() -> Self {
        GenericIdentifier { id_type: IdentifierType::Session, value: Bytes::new() }
    }
}

impl GenericIdentifier {
    /// An identifier, or `None` if the value is longer than [`MAX_IDENTIFIER_LEN`].
    pub fn new(id_type: IdentifierType, value: &[u8]) -> Option<Self> {
        Some(GenericIdentifier { id_type, value: Bytes::from_slice(value)? })
    }

    /// The largest value length UNI 4.0 allows for this identifier type.
    pub fn max_len(id_type: IdentifierType) -> usize {
        match id_type {
            IdentifierType::Session => MAX_SESSION_ID_LEN,
            IdentifierType::Resource => MAX_RESOURCE_ID_LEN,
            IdentifierType::Unknown(_) => MAX_IDENTIFIER_LEN,
        }
    }
}

/// Generic identifier transport IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GenericIdentifierTransport {
    /// Identifier related standard/application.
    pub standard: IdentifierStandard,
    count: u8,
    identifiers: [GenericIdentifier; MAX_IDENTIFIERS],
}

impl GenericIdentifierTransport {
    /// An IE without identifiers yet.
    pub fn new(standard: IdentifierStandard) -> Self {
        GenericIdentifierTransport {
            standard,
            count: 0,
            identifiers: [GenericIdentifier::default(); MAX_IDENTIFIERS],
        }
    }

    /// Appends an identifier; [`IeError::TooLong`] when the list is full or the value longer
    /// than its type allows.
    pub fn push(&mut self, id: GenericIdentifier) -> Result<(), IeError> {
        if id.value.len() > GenericIdentifier::max_len(id.id_type) {
            return Err(IeError::TooLong);
        }
        let slot = self.identifiers.get_mut(usize::from(self.count)).ok_or(IeError::TooLong)?;
        *slot = id;
        self.count += 1;
        Ok(())
    }

    /// The identifiers, in order.
    pub fn identifiers(&self) -> &[GenericIdentifier] {
        self.identifiers.get(..usize::from(self.count)).unwrap_or(&[])
    }
}

impl IeContents for GenericIdentifierTransport {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let mut git = GenericIdentifierTransport::new(IdentifierStandard::from(r.u8()?));
        while !r.is_empty() {
            let id_type = IdentifierType::from(r.u8()?);
            let len_offset = r.pos();
            let len = usize::from(r.u8()?);
            if len > GenericIdentifier::max_len(id_type) {
                return Err(IeError::InvalidField { offset: len_offset });
            }
            let value = r.bytes(len)?;
            let id = GenericIdentifier::new(id_type, value)
                .ok_or(IeError::InvalidField { offset: len_offset })?;
            if usize::from(git.count) >= MAX_IDENTIFIERS {
                return Err(IeError::TooLong);
            }
            git.push(id)?;
        }
        Ok(git)
    }

    fn buffer_len(&self) -> usize {
        1 + self.identifiers().iter().map(|i| 2 + i.value.len()).sum::<usize>()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.standard.is_encodable(), field::STANDARD)?;
        let mut w = Writer::with_len(buf, self.buffer_len())?;
        w.u8(u8::from(self.standard))?;
        for id in self.identifiers() {
            let offset = w.len();
            encodable(id.id_type.is_encodable(), offset)?;
            encodable(id.value.len() <= GenericIdentifier::max_len(id.id_type), offset + 1)?;
            w.u8(u8::from(id.id_type))?;
            w.u8(u8::try_from(id.value.len()).map_err(|_| IeError::TooLong)?)?;
            w.bytes(id.value.as_slice())?;
        }
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NET: CodingStandard = CodingStandard::NetworkSpecific;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn dsmcc_session_and_resource() {
        let bytes = [0x01, 0x01, 0x03, 0xAA, 0xBB, 0xCC, 0x02, 0x04, 0, 0, 0, 7];
        let g = GenericIdentifierTransport::parse(&bytes, NET, V).unwrap();
        assert_eq!(g.standard, IdentifierStandard::DsmCc);
        assert_eq!(g.identifiers().len(), 2);
        assert_eq!(g.identifiers()[0].id_type, IdentifierType::Session);
        assert_eq!(g.identifiers()[0].value.as_slice(), &[0xAA, 0xBB, 0xCC]);
        assert_eq!(g.identifiers()[1].id_type, IdentifierType::Resource);
        let mut built = GenericIdentifierTransport::new(IdentifierStandard::DsmCc);
        built
            .push(GenericIdentifier::new(IdentifierType::Session, &[0xAA, 0xBB, 0xCC]).unwrap())
            .unwrap();
        built
            .push(GenericIdentifier::new(IdentifierType::Resource, &[0, 0, 0, 7]).unwrap())
            .unwrap();
        assert_eq!(built, g);
        let mut buf = [0u8; 12];
        assert_eq!(g.emit(&mut buf), Ok(12));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn standard_only() {
        let g = GenericIdentifierTransport::parse(&[0x02], NET, V).unwrap();
        assert_eq!(g.standard, IdentifierStandard::H245);
        assert!(g.identifiers().is_empty());
    }

    #[test]
    fn negative_lengths() {
        assert_eq!(GenericIdentifierTransport::parse(&[], NET, V), Err(IeError::Truncated));
        // Identifier without its length octet, and with a value shorter than its length.
        assert_eq!(GenericIdentifierTransport::parse(&[1, 1], NET, V), Err(IeError::Truncated));
        assert_eq!(
            GenericIdentifierTransport::parse(&[1, 1, 3, 0], NET, V),
            Err(IeError::Truncated)
        );
        // Resource identifier longer than 4, session longer than 20.
        assert_eq!(
            GenericIdentifierTransport::parse(&[1, 2, 5, 0, 0, 0, 0, 0], NET, V),
            Err(IeError::InvalidField { offset: 2 })
        );
        let mut long = [0u8; 24];
        long[..3].copy_from_slice(&[1, 1, 21]);
        assert_eq!(
            GenericIdentifierTransport::parse(&long, NET, V),
            Err(IeError::InvalidField { offset: 2 })
        );
        // Five identifiers.
        let five = [1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0];
        assert_eq!(GenericIdentifierTransport::parse(&five, NET, V), Err(IeError::TooLong));
    }

    #[test]
    fn negative_push_limits() {
        let mut g = GenericIdentifierTransport::new(IdentifierStandard::H245);
        assert_eq!(
            g.push(GenericIdentifier::new(IdentifierType::Resource, &[0; 5]).unwrap()),
            Err(IeError::TooLong)
        );
        for _ in 0..MAX_IDENTIFIERS {
            g.push(GenericIdentifier::new(IdentifierType::Resource, &[1]).unwrap()).unwrap();
        }
        assert_eq!(
            g.push(GenericIdentifier::new(IdentifierType::Resource, &[1]).unwrap()),
            Err(IeError::TooLong)
        );
    }
}
