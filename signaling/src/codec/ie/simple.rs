//! One-octet IEs: Broadband sending complete (Q.2931 §4.5.20, IE 0x62), Broadband repeat
//! indicator (Q.2931 §4.5.19, IE 0x63), Broadband locking shift (Q.2931 §4.5.5, IE 0x60),
//! Broadband non-locking shift (Q.2931 §4.5.6, IE 0x61) and Broadband report type
//! (Q.2963.1 §8, IE 0x89).

use super::wire::{code_point, emit_single, encodable, require_ext, single, EXT};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const OCTET: usize = 0;
    /// Broadband sending complete indication: ext 1, 0100001.
    pub const SENDING_COMPLETE: u8 = 0xA1;
    pub const REPEAT_MASK: u8 = 0x0F;
    pub const CODESET_MASK: u8 = 0x07;
}

/// Broadband sending complete: its only contents octet is the sending complete indication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BroadbandSendingComplete;

impl IeContents for BroadbandSendingComplete {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        if single(contents)? == field::SENDING_COMPLETE {
            Ok(BroadbandSendingComplete)
        } else {
            Err(IeError::InvalidField { offset: field::OCTET })
        }
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        emit_single(buf, field::SENDING_COMPLETE)
    }
}

code_point! {
    /// Broadband repeat indicator (Q.2931 Table 4-19; octet 5 bits 4-1).
    pub enum RepeatIndication (max 15) {
        /// 0010 prioritized list for selecting one possibility (descending order).
        PrioritizedListDescending = 2,
    }
}

/// Broadband repeat indicator IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BroadbandRepeatIndicator {
    /// The indication.
    pub indication: RepeatIndication,
}

impl IeContents for BroadbandRepeatIndicator {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let b = single(contents)?;
        require_ext(b, field::OCTET)?;
        Ok(BroadbandRepeatIndicator { indication: RepeatIndication::from(b & field::REPEAT_MASK) })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.indication.is_encodable(), field::OCTET)?;
        emit_single(buf, EXT | u8::from(self.indication))
    }
}

code_point! {
    /// Codeset identification of the broadband shift IEs (octet 5 bits 3-1).
    pub enum Codeset (max 7) {
        /// 000 Q.2931 information elements (codeset 0).
        Q2931 = 0,
        /// 100 information elements for ISO/IEC use.
        IsoIec = 4,
        /// 101 information elements for national use.
        National = 5,
        /// 110 information elements specific to the local network.
        LocalNetwork = 6,
        /// 111 user-specific information elements.
        UserSpecific = 7,
    }
}

fn parse_shift(contents: &[u8]) -> Result<Codeset, IeError> {
    let b = single(contents)?;
    require_ext(b, field::OCTET)?;
    // Bits 7-4 are spare; received values are ignored (as mature implementations do).
    Ok(Codeset::from(b & field::CODESET_MASK))
}

fn emit_shift(codeset: Codeset, buf: &mut [u8]) -> Result<usize, IeError> {
    encodable(codeset.is_encodable(), field::OCTET)?;
    emit_single(buf, EXT | u8::from(codeset))
}

/// Broadband locking shift IE contents: the new codeset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BroadbandLockingShift {
    /// New codeset identification.
    pub codeset: Codeset,
}

impl IeContents for BroadbandLockingShift {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        parse_shift(contents).map(|codeset| BroadbandLockingShift { codeset })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        emit_shift(self.codeset, buf)
    }
}

/// Broadband non-locking shift IE contents: the temporary codeset for the next IE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BroadbandNonLockingShift {
    /// Temporary codeset identification.
    pub codeset: Codeset,
}

impl IeContents for BroadbandNonLockingShift {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        parse_shift(contents).map(|codeset| BroadbandNonLockingShift { codeset })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        emit_shift(self.codeset, buf)
    }
}

code_point! {
    /// Report type (Q.2963.1 §8.2.1; octet 5).
    pub enum ReportType (max 255) {
        /// 0000 0001 modification confirmation.
        ModificationConfirmation = 1,
    }
}

/// Broadband report type IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BroadbandReportType {
    /// The report type.
    pub report_type: ReportType,
}

impl IeContents for BroadbandReportType {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        single(contents).map(|b| BroadbandReportType { report_type: ReportType::from(b) })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.report_type.is_encodable(), field::OCTET)?;
        emit_single(buf, u8::from(self.report_type))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V: UniVersion = UniVersion::Uni40;

    fn emitted<T: IeContents>(t: &T) -> [u8; 1] {
        let mut buf = [0u8; 1];
        assert_eq!(t.emit(&mut buf), Ok(1));
        buf
    }

    #[test]
    fn sending_complete() {
        let s = BroadbandSendingComplete::parse(&[0xA1], ITU, V).unwrap();
        assert_eq!(emitted(&s), [0xA1]);
        assert_eq!(
            BroadbandSendingComplete::parse(&[0x21], ITU, V),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(BroadbandSendingComplete::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(BroadbandSendingComplete::parse(&[0xA1, 0], ITU, V), Err(IeError::TooLong));
        assert_eq!(BroadbandSendingComplete.emit(&mut []), Err(IeError::BufferTooSmall));
    }

    #[test]
    fn repeat_indicator() {
        let r = BroadbandRepeatIndicator::parse(&[0x82], ITU, V).unwrap();
        assert_eq!(r.indication, RepeatIndication::PrioritizedListDescending);
        assert_eq!(emitted(&r), [0x82]);
        assert_eq!(
            BroadbandRepeatIndicator::parse(&[0x02], ITU, V),
            Err(IeError::InvalidField { offset: 0 })
        );
        let bad = BroadbandRepeatIndicator { indication: RepeatIndication::Unknown(0x10) };
        assert_eq!(bad.emit(&mut [0u8; 1]), Err(IeError::InvalidField { offset: 0 }));
    }

    #[test]
    fn shifts() {
        let l = BroadbandLockingShift::parse(&[0x85], ITU, V).unwrap();
        assert_eq!(l.codeset, Codeset::National);
        assert_eq!(emitted(&l), [0x85]);
        let n = BroadbandNonLockingShift::parse(&[0x87], ITU, V).unwrap();
        assert_eq!(n.codeset, Codeset::UserSpecific);
        assert_eq!(emitted(&n), [0x87]);
        assert_eq!(
            BroadbandLockingShift::parse(&[0x05], ITU, V),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(BroadbandNonLockingShift::parse(&[0x85, 1], ITU, V), Err(IeError::TooLong));
    }

    #[test]
    fn report_type() {
        let r = BroadbandReportType::parse(&[0x01], ITU, V).unwrap();
        assert_eq!(r.report_type, ReportType::ModificationConfirmation);
        assert_eq!(emitted(&r), [0x01]);
        assert_eq!(BroadbandReportType::parse(&[], ITU, V), Err(IeError::Truncated));
        let bad = BroadbandReportType { report_type: ReportType::Unknown(1) };
        assert_eq!(bad.emit(&mut [0u8; 1]), Err(IeError::InvalidField { offset: 0 }));
    }
}
