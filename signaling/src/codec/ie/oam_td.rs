//! OAM traffic descriptor (Q.2931 §4.5.24; UNI 4.0 §4.5).
//!
//! ```text
//!  octet 5  ext=1 | shaping indicator (2) | compliance (1) | spare (1) | user-network fault
//!           management indicator (3)
//!  octet 6  ext=1 | forward e2e OAM F5 flow indicator (3) | spare (1) | backward (3)
//! ```

use super::wire::{code_point, Reader, Writer};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const EXT: u8 = 0x80;
    pub const SHAPING_SHIFT: u8 = 5;
    pub const SHAPING: u8 = 0x03;
    pub const COMPLIANCE: u8 = 0x10;
    pub const FAULT_MANAGEMENT: u8 = 0x07;
    pub const FORWARD_SHIFT: u8 = 4;
    pub const FLOW: u8 = 0x07;
}

code_point! {
    /// Shaping indicator.
    pub enum ShapingIndicator {
        /// No user-specified requirement.
        NoRequirement = 0x00,
        /// Aggregate shaping of user and OAM cells not allowed.
        AggregateShapingNotAllowed = 0x01,
    }
}

code_point! {
    /// User-network fault management indicator.
    pub enum FaultManagementIndicator {
        /// No user-originated fault management indications.
        None = 0x00,
        /// User-originated fault management indications, cell rate 1 cell/s.
        OneCellPerSecond = 0x01,
    }
}

code_point! {
    /// End-to-end OAM F5 flow indicator.
    pub enum F5FlowIndicator {
        /// 0 % of the user cell rate.
        Percent0 = 0x00,
        /// 0.1 % of the user cell rate.
        Percent0_1 = 0x01,
        /// 1 % of the user cell rate.
        Percent1 = 0x04,
    }
}

/// OAM traffic descriptor IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OamTrafficDescriptor {
    /// Shaping indicator.
    pub shaping: ShapingIndicator,
    /// Compliance indicator: use of the end-to-end OAM F5 flow is mandatory (set) or optional.
    pub e2e_f5_mandatory: bool,
    /// User-network fault management indicator.
    pub fault_management: FaultManagementIndicator,
    /// Forward end-to-end OAM F5 flow indicator.
    pub forward_f5_flow: F5FlowIndicator,
    /// Backward end-to-end OAM F5 flow indicator.
    pub backward_f5_flow: F5FlowIndicator,
}

impl IeContents for OamTrafficDescriptor {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        _version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8_ext()?;
        let o6 = r.u8_ext()?;
        if !r.is_empty() {
            return Err(IeError::TooLong);
        }
        Ok(OamTrafficDescriptor {
            shaping: ShapingIndicator::from((o5 >> field::SHAPING_SHIFT) & field::SHAPING),
            e2e_f5_mandatory: o5 & field::COMPLIANCE != 0,
            fault_management: FaultManagementIndicator::from(o5 & field::FAULT_MANAGEMENT),
            forward_f5_flow: F5FlowIndicator::from((o6 >> field::FORWARD_SHIFT) & field::FLOW),
            backward_f5_flow: F5FlowIndicator::from(o6 & field::FLOW),
        })
    }
    fn buffer_len(&self) -> usize {
        2
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        let shaping = u8::from(self.shaping);
        let fm = u8::from(self.fault_management);
        let fwd = u8::from(self.forward_f5_flow);
        let bwd = u8::from(self.backward_f5_flow);
        if shaping > field::SHAPING || fm > field::FAULT_MANAGEMENT {
            return Err(IeError::InvalidField { offset: 0 });
        }
        if fwd > field::FLOW || bwd > field::FLOW {
            return Err(IeError::InvalidField { offset: 1 });
        }
        let compliance = if self.e2e_f5_mandatory { field::COMPLIANCE } else { 0 };
        let mut w = Writer::new(buf);
        w.u8(field::EXT | (shaping << field::SHAPING_SHIFT) | compliance | fm)?;
        w.u8(field::EXT | (fwd << field::FORWARD_SHIFT) | bwd)?;
        Ok(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const ITU: CodingStandard = CodingStandard::ItuT;

    #[test]
    fn known_answer() {
        let bytes = [0xB1, 0xC4];
        let o = OamTrafficDescriptor::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(
            o,
            OamTrafficDescriptor {
                shaping: ShapingIndicator::AggregateShapingNotAllowed,
                e2e_f5_mandatory: true,
                fault_management: FaultManagementIndicator::OneCellPerSecond,
                forward_f5_flow: F5FlowIndicator::Percent1,
                backward_f5_flow: F5FlowIndicator::Percent1,
            }
        );
        let mut buf = [0u8; 2];
        assert_eq!(o.emit(&mut buf).unwrap(), 2);
        assert_eq!(buf, bytes);
    }

    #[test]
    fn negative() {
        assert_eq!(
            OamTrafficDescriptor::parse(&[0x80], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        assert_eq!(
            OamTrafficDescriptor::parse(&[0x00, 0x80], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
        assert_eq!(
            OamTrafficDescriptor::parse(&[0x80, 0x80, 0x80], ITU, UniVersion::Uni40),
            Err(IeError::TooLong)
        );
        let mut o = OamTrafficDescriptor::parse(&[0x80, 0x80], ITU, UniVersion::Uni40).unwrap();
        o.forward_f5_flow = F5FlowIndicator::Unknown(9);
        assert!(o.emit(&mut [0u8; 2]).is_err());
    }
}
