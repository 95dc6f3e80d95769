//! Restart indicator (Q.2931 §4.5.21, IE 0x79).
//!
//! Contents: one octet, ext | spare (bits 7-4) | class (bits 3-1).

use super::wire::{code_point, emit_single, encodable, single_ext, EXT};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const CLASS: usize = 0;
    pub const CLASS_MASK: u8 = 0x07;
}

code_point! {
    /// Restart class (octet 5 bits 3-1).
    pub enum RestartClass (max 7) {
        /// 000 indicated virtual channel (identified by the connection identifier).
        IndicatedVirtualChannel = 0,
        /// 001 all virtual channels in the indicated VPC controlled via this signalling
        /// channel.
        AllVirtualChannelsInVpc = 1,
        /// 010 all virtual channels controlled by the layer 3 entity that sends the message.
        AllVirtualChannels = 2,
    }
}

/// Restart indicator IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RestartIndicator {
    /// What is restarted.
    pub class: RestartClass,
}

impl IeContents for RestartIndicator {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let o5 = single_ext(contents, field::CLASS)?;
        Ok(RestartIndicator { class: RestartClass::from(o5 & field::CLASS_MASK) })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.class.is_encodable(), field::CLASS)?;
        emit_single(buf, EXT | u8::from(self.class))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn known_answers() {
        for (b, class) in [
            (0x80, RestartClass::IndicatedVirtualChannel),
            (0x81, RestartClass::AllVirtualChannelsInVpc),
            (0x82, RestartClass::AllVirtualChannels),
        ] {
            let r = RestartIndicator::parse(&[b], ITU, V).unwrap();
            assert_eq!(r.class, class);
            let mut buf = [0u8; 1];
            r.emit(&mut buf).unwrap();
            assert_eq!(buf, [b]);
        }
    }

    #[test]
    fn negative_rules() {
        assert_eq!(
            RestartIndicator::parse(&[0x02], ITU, V),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(RestartIndicator::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(RestartIndicator::parse(&[0x82, 0], ITU, V), Err(IeError::TooLong));
        let r = RestartIndicator { class: RestartClass::Unknown(8) };
        assert_eq!(r.emit(&mut [0u8; 1]), Err(IeError::InvalidField { offset: 0 }));
    }
}
