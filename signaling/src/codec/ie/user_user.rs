//! User-user (Q.2957.1 §4, UNI 4.0 §4; IE 0x7E).
//!
//! Contents: octet 5 = protocol discriminator; octets 6.. = user information. Q.2957.1
//! limits the IE to 133 octets: 4 header octets, the protocol discriminator and up to 128
//! octets of user information.

use super::wire::{code_point, encodable, Reader, Writer};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Largest user information.
pub const MAX_USER_INFORMATION_LEN: usize = 128;

mod field {
    pub const DISCRIMINATOR: usize = 0;
}

code_point! {
    /// User-user protocol discriminator (Q.931 §4.5.30, as referenced by Q.2957.1).
    pub enum UserProtocolDiscriminator (max 255) {
        /// 0x00 user-specific protocol.
        UserSpecific = 0x00,
        /// 0x01 OSI high layer protocols.
        OsiHighLayer = 0x01,
        /// 0x02 X.244.
        X244 = 0x02,
        /// 0x04 IA5 characters.
        Ia5 = 0x04,
        /// 0x05 X.208 and X.209 coded user information.
        X208 = 0x05,
        /// 0x07 V.120 rate adaption.
        V120 = 0x07,
        /// 0x08 Q.931 user-network call control messages.
        Q931 = 0x08,
    }
}

/// User-user IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserUser {
    /// Protocol discriminator.
    pub protocol: UserProtocolDiscriminator,
    /// User information, 0 to 128 octets.
    pub information: Bytes<MAX_USER_INFORMATION_LEN>,
}

impl IeContents for UserUser {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let protocol = UserProtocolDiscriminator::from(r.u8()?);
        let information = Bytes::from_slice(r.rest()).ok_or(IeError::TooLong)?;
        Ok(UserUser { protocol, information })
    }
    fn buffer_len(&self) -> usize {
        1 + self.information.len()
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.protocol.is_encodable(), field::DISCRIMINATOR)?;
        let mut w = Writer::with_len(buf, self.buffer_len())?;
        w.u8(u8::from(self.protocol))?;
        w.bytes(self.information.as_slice())?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn ia5_known_answer() {
        let bytes = [0x04, b'h', b'i'];
        let u = UserUser::parse(&bytes, ITU, V).unwrap();
        assert_eq!(u.protocol, UserProtocolDiscriminator::Ia5);
        assert_eq!(u.information.as_slice(), b"hi");
        let mut buf = [0u8; 3];
        assert_eq!(u.emit(&mut buf), Ok(3));
        assert_eq!(buf, bytes);
    }

    #[test]
    fn negative_lengths() {
        assert_eq!(UserUser::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(UserUser::parse(&[0; 130], ITU, V), Err(IeError::TooLong));
        assert!(UserUser::parse(&[0; 129], ITU, V).is_ok());
        let bad =
            UserUser { protocol: UserProtocolDiscriminator::Unknown(4), information: Bytes::new() };
        assert_eq!(bad.emit(&mut [0u8; 1]), Err(IeError::InvalidField { offset: 0 }));
    }
}
