//! Notification indicator (Q.2931 §4.5.18, UNI 4.0 §4; IE 0x27).
//!
//! The contents are the notification information, whose coding Q.2931 leaves to the
//! applications using it; they are kept as octets (1 to 128, the limit mature
//! implementations use).

use super::wire::Writer;
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Largest notification information kept.
pub const MAX_NOTIFICATION_LEN: usize = 128;

/// Notification indicator IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NotificationIndicator {
    /// Notification information, 1 to 128 octets.
    pub information: Bytes<MAX_NOTIFICATION_LEN>,
}

impl IeContents for NotificationIndicator {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        if contents.is_empty() {
            return Err(IeError::Truncated);
        }
        Bytes::from_slice(contents)
            .map(|information| NotificationIndicator { information })
            .ok_or(IeError::TooLong)
    }
    fn buffer_len(&self) -> usize {
        self.information.len()
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        if self.information.is_empty() {
            return Err(IeError::MissingField);
        }
        let mut w = Writer::with_len(buf, self.buffer_len())?;
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
    fn known_answer() {
        let n = NotificationIndicator::parse(&[0x80, 0x01], ITU, V).unwrap();
        assert_eq!(n.information.as_slice(), &[0x80, 0x01]);
        let mut buf = [0u8; 2];
        assert_eq!(n.emit(&mut buf), Ok(2));
        assert_eq!(buf, [0x80, 0x01]);
    }

    #[test]
    fn negative_lengths() {
        assert_eq!(NotificationIndicator::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(NotificationIndicator::parse(&[0; 129], ITU, V), Err(IeError::TooLong));
        assert!(NotificationIndicator::parse(&[0; 128], ITU, V).is_ok());
        let empty = NotificationIndicator { information: Bytes::new() };
        assert_eq!(empty.emit(&mut [0u8; 4]), Err(IeError::MissingField));
    }
}
