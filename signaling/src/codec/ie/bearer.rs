//! Broadband bearer capability (Q.2931 §4.5.7; UNI 3.1 §5.4.5.7; UNI 4.0 §4.5).
//!
//! ```text
//!  octet 5   ext | spare(2) | bearer class (5)
//!  octet 5a  ext=1 | UNI 3.1: spare(2) traffic type (3) timing requirements (2)
//!                  | Q.2931/UNI 4.0: ATM transfer capability (7)       — present iff octet 5 ext=0
//!  octet 6   ext=1 | susceptibility to clipping (2) | spare (3) | user-plane configuration (2)
//! ```
//! Octet 6 is mandatory. (The "reference SETUP" in atm-reference.md carries `10 80` — octet 5
//! with ext=0, then octet 5a — and no octet 6; by Q.2931 that is invalid contents, which is
//! what this parser reports; see the codec_vectors tests.)

use super::wire::{code_point, Reader, Writer};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const EXT: u8 = 0x80;
    pub const BEARER_CLASS: u8 = 0x1F;
    pub const ATC: u8 = 0x7F;
    pub const TRAFFIC_TYPE_SHIFT: u8 = 2;
    pub const TRAFFIC_TYPE: u8 = 0x07;
    pub const TIMING: u8 = 0x03;
    pub const CLIPPING_SHIFT: u8 = 5;
    pub const CLIPPING: u8 = 0x03;
    pub const UPCC: u8 = 0x03;
}

code_point! {
    /// Bearer class (octet 5).
    pub enum BearerClass {
        /// BCOB-A.
        BcobA = 0x01,
        /// BCOB-C.
        BcobC = 0x03,
        /// BCOB-X.
        BcobX = 0x10,
        /// Transparent VP service (Q.2931, UNI 4.0).
        TransparentVp = 0x18,
    }
}

code_point! {
    /// UNI 3.1 traffic type (octet 5a bits 5-3).
    pub enum TrafficType {
        /// No indication.
        NoIndication = 0x00,
        /// Constant bit rate.
        ConstantBitRate = 0x01,
        /// Variable bit rate.
        VariableBitRate = 0x02,
    }
}

code_point! {
    /// UNI 3.1 timing requirements (octet 5a bits 2-1).
    pub enum TimingRequirements {
        /// No indication.
        NoIndication = 0x00,
        /// End-to-end timing required.
        Required = 0x01,
        /// End-to-end timing not required.
        NotRequired = 0x02,
    }
}

code_point! {
    /// ATM transfer capability (Q.2931 / UNI 4.0 octet 5a). Codes 0x00-0x0A coincide with
    /// the UNI 3.1 traffic type (bits 5-3) / timing requirements (bits 2-1) combinations.
    pub enum AtmTransferCapability {
        /// No bit rate indication.
        NoIndication = 0x00,
        /// No bit rate indication, end-to-end timing required.
        NoIndicationTimingRequired = 0x01,
        /// No bit rate indication, end-to-end timing not required.
        NoIndicationTimingNotRequired = 0x02,
        /// CBR, no timing indication (UNI 3.x traffic type CBR, timing 00).
        CbrNoTimingIndication = 0x04,
        /// CBR (UNI 3.x: CBR with end-to-end timing required).
        Cbr = 0x05,
        /// CBR, end-to-end timing not required (UNI 3.x compatible coding).
        CbrTimingNotRequired = 0x06,
        /// CBR with CLR commitment on CLP=0+1.
        CbrClr01 = 0x07,
        /// VBR, no timing indication (UNI 3.x traffic type VBR, timing 00).
        VbrNoTimingIndication = 0x08,
        /// Real-time VBR (UNI 3.x: VBR with end-to-end timing required).
        RealTimeVbr = 0x09,
        /// Non-real-time VBR (UNI 3.x: VBR, end-to-end timing not required).
        NonRealTimeVbr = 0x0A,
        /// Non-real-time VBR with CLR commitment on CLP=0+1.
        NonRealTimeVbrClr01 = 0x0B,
        /// ABR.
        Abr = 0x0C,
        /// Real-time VBR with CLR commitment on CLP=0+1.
        RealTimeVbrClr01 = 0x13,
    }
}

/// Octet 5a, in the coding of the version it was received under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BearerOctet5a {
    /// UNI 3.1: traffic type and timing requirements.
    Uni31 {
        /// Traffic type.
        traffic_type: TrafficType,
        /// Timing requirements.
        timing: TimingRequirements,
    },
    /// Q.2931 / UNI 4.0: ATM transfer capability.
    TransferCapability(AtmTransferCapability),
}

code_point! {
    /// Susceptibility to clipping (octet 6 bits 7-6).
    pub enum Clipping {
        /// Not susceptible to clipping.
        NotSusceptible = 0x00,
        /// Susceptible to clipping.
        Susceptible = 0x01,
    }
}

code_point! {
    /// User-plane connection configuration (octet 6 bits 2-1).
    pub enum UserPlaneConfiguration {
        /// Point-to-point.
        PointToPoint = 0x00,
        /// Point-to-multipoint.
        PointToMultipoint = 0x01,
    }
}

/// Broadband bearer capability IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BroadbandBearerCapability {
    /// Bearer class.
    pub bearer_class: BearerClass,
    /// Octet 5a, when present.
    pub octet_5a: Option<BearerOctet5a>,
    /// Susceptibility to clipping.
    pub clipping: Clipping,
    /// User-plane connection configuration.
    pub user_plane: UserPlaneConfiguration,
}

impl IeContents for BroadbandBearerCapability {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        let o5 = r.u8()?;
        let bearer_class = BearerClass::from(o5 & field::BEARER_CLASS);
        let octet_5a = if o5 & field::EXT == 0 {
            let o = r.u8_ext()?;
            Some(match version {
                UniVersion::Uni31 => BearerOctet5a::Uni31 {
                    traffic_type: TrafficType::from(
                        (o >> field::TRAFFIC_TYPE_SHIFT) & field::TRAFFIC_TYPE,
                    ),
                    timing: TimingRequirements::from(o & field::TIMING),
                },
                UniVersion::Uni40 => {
                    BearerOctet5a::TransferCapability(AtmTransferCapability::from(o & field::ATC))
                }
            })
        } else {
            None
        };
        let o6 = r.u8().map_err(|_| IeError::MissingField)?;
        if o6 & field::EXT == 0 {
            return Err(r.invalid_prev());
        }
        if !r.is_empty() {
            return Err(IeError::TooLong);
        }
        Ok(BroadbandBearerCapability {
            bearer_class,
            octet_5a,
            clipping: Clipping::from((o6 >> field::CLIPPING_SHIFT) & field::CLIPPING),
            user_plane: UserPlaneConfiguration::from(o6 & field::UPCC),
        })
    }
    fn buffer_len(&self) -> usize {
        if self.octet_5a.is_some() {
            3
        } else {
            2
        }
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        let mut w = Writer::new(buf);
        let class = u8::from(self.bearer_class);
        if class & !field::BEARER_CLASS != 0 {
            return Err(IeError::InvalidField { offset: 0 });
        }
        match self.octet_5a {
            None => w.u8(field::EXT | class)?,
            Some(o5a) => {
                w.u8(class)?;
                let o = match o5a {
                    BearerOctet5a::Uni31 { traffic_type, timing } => {
                        let tt = u8::from(traffic_type);
                        let ti = u8::from(timing);
                        if tt > field::TRAFFIC_TYPE || ti > field::TIMING {
                            return Err(IeError::InvalidField { offset: 1 });
                        }
                        (tt << field::TRAFFIC_TYPE_SHIFT) | ti
                    }
                    BearerOctet5a::TransferCapability(atc) => {
                        let v = u8::from(atc);
                        if v > field::ATC {
                            return Err(IeError::InvalidField { offset: 1 });
                        }
                        v
                    }
                };
                w.u8(field::EXT | o)?;
            }
        }
        let clip = u8::from(self.clipping);
        let upcc = u8::from(self.user_plane);
        if clip > field::CLIPPING || upcc > field::UPCC {
            return Err(IeError::InvalidField { offset: w.len() });
        }
        w.u8(field::EXT | (clip << field::CLIPPING_SHIFT) | upcc)?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const ITU: CodingStandard = CodingStandard::ItuT;

    #[test]
    fn bcob_x_point_to_point() {
        let b = BroadbandBearerCapability::parse(&[0x90, 0x80], ITU, UniVersion::Uni40).unwrap();
        assert_eq!(
            b,
            BroadbandBearerCapability {
                bearer_class: BearerClass::BcobX,
                octet_5a: None,
                clipping: Clipping::NotSusceptible,
                user_plane: UserPlaneConfiguration::PointToPoint,
            }
        );
        let mut buf = [0u8; 2];
        assert_eq!(b.emit(&mut buf).unwrap(), 2);
        assert_eq!(buf, [0x90, 0x80]);
    }

    #[test]
    fn octet_5a_per_version() {
        // BCOB-X, octet 5a, susceptible to clipping, point-to-multipoint.
        let bytes = [0x10, 0x8A, 0xA1];
        let b40 = BroadbandBearerCapability::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(
            b40.octet_5a,
            Some(BearerOctet5a::TransferCapability(AtmTransferCapability::NonRealTimeVbr))
        );
        assert_eq!(b40.clipping, Clipping::Susceptible);
        assert_eq!(b40.user_plane, UserPlaneConfiguration::PointToMultipoint);
        let b31 =
            BroadbandBearerCapability::parse(&[0x10, 0x85, 0x80], ITU, UniVersion::Uni31).unwrap();
        assert_eq!(
            b31.octet_5a,
            Some(BearerOctet5a::Uni31 {
                traffic_type: TrafficType::ConstantBitRate,
                timing: TimingRequirements::Required,
            })
        );
        for (b, bytes) in [(b40, &bytes[..]), (b31, &[0x10, 0x85, 0x80][..])] {
            let mut buf = [0u8; 3];
            assert_eq!(b.emit(&mut buf).unwrap(), 3);
            assert_eq!(&buf[..], bytes);
            assert_eq!(b.buffer_len(), 3);
        }
    }

    #[test]
    fn negative() {
        // The atm-reference.md SETUP's `10 80`: octet 5a present, octet 6 missing.
        assert_eq!(
            BroadbandBearerCapability::parse(&[0x10, 0x80], ITU, UniVersion::Uni40),
            Err(IeError::MissingField)
        );
        assert_eq!(
            BroadbandBearerCapability::parse(&[], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        // Octet 6 without its extension bit.
        assert_eq!(
            BroadbandBearerCapability::parse(&[0x90, 0x00], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 1 })
        );
        // Trailing octet.
        assert_eq!(
            BroadbandBearerCapability::parse(&[0x90, 0x80, 0x80], ITU, UniVersion::Uni40),
            Err(IeError::TooLong)
        );
        let bad = BroadbandBearerCapability {
            bearer_class: BearerClass::Unknown(0x20),
            octet_5a: None,
            clipping: Clipping::NotSusceptible,
            user_plane: UserPlaneConfiguration::PointToPoint,
        };
        assert!(bad.emit(&mut [0u8; 3]).is_err());
    }
}
