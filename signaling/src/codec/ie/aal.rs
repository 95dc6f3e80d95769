//! ATM adaptation layer parameters (Q.2931 §4.5.5; UNI 3.1 §5.4.5.5; UNI 4.0 §4.5).
//!
//! Octet 5 is the AAL type; the rest is a sequence of (subfield identifier, value) pairs, in
//! any order on receipt and in the order of the recommendation's figure on emission.
//! Two coding differences between the versions are carried in the value itself, so that
//! [`IeContents::emit`] needs no version: the AAL1 structured data transfer block size (one
//! octet in UNI 3.1, two in Q.2931/UNI 4.0) and the AAL3/4 and AAL5 mode subfield (UNI 3.1
//! only; removed by Q.2931).

use super::wire::{code_point, set_once, Reader, Writer};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

/// Subfield identifiers (Q.2931 Figure 4-11).
mod field {
    pub const AAL1: u8 = 0x01;
    pub const AAL34: u8 = 0x03;
    pub const AAL5: u8 = 0x05;
    pub const USER_DEFINED: u8 = 0x10;

    pub const SUBTYPE: u8 = 0x85;
    pub const CBR_RATE: u8 = 0x86;
    pub const MULTIPLIER: u8 = 0x87;
    pub const CLOCK_RECOVERY: u8 = 0x88;
    pub const ERROR_CORRECTION: u8 = 0x89;
    pub const SDT_BLOCK_SIZE: u8 = 0x8A;
    pub const PARTIALLY_FILLED: u8 = 0x8B;
    pub const FORWARD_MAX_CPCS: u8 = 0x8C;
    pub const BACKWARD_MAX_CPCS: u8 = 0x81;
    pub const MID_RANGE: u8 = 0x82;
    pub const MODE: u8 = 0x83;
    pub const SSCS_TYPE: u8 = 0x84;

    /// User-defined AAL information: at most 4 octets.
    pub const USER_DEFINED_MAX: usize = 4;
}

code_point! {
    /// AAL1 subtype (Q.2931 §4.5.5).
    pub enum Aal1Subtype {
        /// Null.
        Null = 0x00,
        /// Voice-band signal transport (G.711, G.722).
        VoiceBand = 0x01,
        /// Circuit transport, synchronous.
        CircuitSynchronous = 0x02,
        /// Circuit transport, asynchronous.
        CircuitAsynchronous = 0x03,
        /// High-quality audio signal transport.
        HighQualityAudio = 0x04,
        /// Video signal transport.
        Video = 0x05,
    }
}

code_point! {
    /// AAL1 CBR rate (Q.2931 §4.5.5).
    pub enum CbrRate {
        /// 64 kbit/s.
        Kbit64 = 0x01,
        /// 1544 kbit/s (DS1).
        Kbit1544 = 0x04,
        /// 6312 kbit/s (DS2).
        Kbit6312 = 0x05,
        /// 32064 kbit/s.
        Kbit32064 = 0x06,
        /// 44736 kbit/s (DS3).
        Kbit44736 = 0x07,
        /// 97728 kbit/s.
        Kbit97728 = 0x08,
        /// 2048 kbit/s (E1).
        Kbit2048 = 0x10,
        /// 8448 kbit/s (E2).
        Kbit8448 = 0x11,
        /// 34368 kbit/s (E3).
        Kbit34368 = 0x12,
        /// 139264 kbit/s (E4).
        Kbit139264 = 0x13,
        /// n × 64 kbit/s (the multiplier gives n).
        Nx64 = 0x40,
        /// n × 8 kbit/s (the multiplier gives n).
        Nx8 = 0x41,
    }
}

code_point! {
    /// AAL1 source clock frequency recovery method.
    pub enum ClockRecovery {
        /// Null (synchronous circuit transport).
        Null = 0x00,
        /// Synchronous residual time stamp (SRTS).
        Srts = 0x01,
        /// Adaptive clock method.
        AdaptiveClock = 0x02,
    }
}

code_point! {
    /// AAL1 error correction method.
    pub enum ErrorCorrection {
        /// Null (no error correction).
        Null = 0x00,
        /// FEC for loss-sensitive signal transport.
        LossSensitive = 0x01,
        /// FEC for delay-sensitive signal transport.
        DelaySensitive = 0x02,
    }
}

code_point! {
    /// SSCS type (AAL3/4 and AAL5).
    pub enum SscsType {
        /// Null SSCS.
        Null = 0x00,
        /// Data SSCS based on SSCOP, assured operation.
        SscopAssured = 0x01,
        /// Data SSCS based on SSCOP, non-assured operation.
        SscopNonAssured = 0x02,
        /// Frame relay SSCS.
        FrameRelay = 0x04,
    }
}

code_point! {
    /// AAL mode (UNI 3.1 §5.4.5.5 only).
    pub enum AalMode {
        /// Message mode.
        Message = 0x01,
        /// Streaming mode.
        Streaming = 0x02,
    }
}

/// AAL1 structured data transfer block size, in its version's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SdtBlockSize {
    /// UNI 3.1: one octet.
    Uni31(u8),
    /// Q.2931 / UNI 4.0: two octets.
    Q2931(u16),
}

impl SdtBlockSize {
    /// The block size in octets.
    pub fn octets(self) -> u16 {
        match self {
            SdtBlockSize::Uni31(v) => u16::from(v),
            SdtBlockSize::Q2931(v) => v,
        }
    }
}

/// AAL type 1 parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Aal1Parameters {
    /// Subtype.
    pub subtype: Option<Aal1Subtype>,
    /// CBR rate.
    pub cbr_rate: Option<CbrRate>,
    /// Multiplier (for n × 64 / n × 8 kbit/s).
    pub multiplier: Option<u16>,
    /// Source clock frequency recovery method.
    pub clock_recovery: Option<ClockRecovery>,
    /// Error correction method.
    pub error_correction: Option<ErrorCorrection>,
    /// Structured data transfer block size.
    pub sdt_block_size: Option<SdtBlockSize>,
    /// Partially filled cells method: number of leading octets filled (1..47).
    pub partially_filled_cells: Option<u8>,
}

/// AAL3/4 MID range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MidRange {
    /// Lowest MID value.
    pub lowest: u16,
    /// Highest MID value.
    pub highest: u16,
}

/// AAL type 3/4 parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Aal34Parameters {
    /// Forward maximum CPCS-SDU size.
    pub forward_max_cpcs_sdu_size: Option<u16>,
    /// Backward maximum CPCS-SDU size.
    pub backward_max_cpcs_sdu_size: Option<u16>,
    /// MID range.
    pub mid_range: Option<MidRange>,
    /// Mode (UNI 3.1 only).
    pub mode: Option<AalMode>,
    /// SSCS type.
    pub sscs_type: Option<SscsType>,
}

/// AAL type 5 parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Aal5Parameters {
    /// Forward maximum CPCS-SDU size.
    pub forward_max_cpcs_sdu_size: Option<u16>,
    /// Backward maximum CPCS-SDU size.
    pub backward_max_cpcs_sdu_size: Option<u16>,
    /// Mode (UNI 3.1 only).
    pub mode: Option<AalMode>,
    /// SSCS type.
    pub sscs_type: Option<SscsType>,
}

/// ATM adaptation layer parameters IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AalParameters {
    /// AAL type 1.
    Aal1(Aal1Parameters),
    /// AAL type 3/4.
    Aal34(Aal34Parameters),
    /// AAL type 5.
    Aal5(Aal5Parameters),
    /// User-defined AAL: up to 4 octets of user-defined AAL information.
    UserDefined(Bytes<4>),
}

fn parse_aal1(r: &mut Reader<'_>, version: UniVersion) -> Result<Aal1Parameters, IeError> {
    let mut p = Aal1Parameters::default();
    r.for_each_subfield(|r, id, at| {
        match id {
            field::SUBTYPE => r.u8_once(&mut p.subtype, at)?,
            field::CBR_RATE => r.u8_once(&mut p.cbr_rate, at)?,
            field::MULTIPLIER => r.u16_once(&mut p.multiplier, at)?,
            field::CLOCK_RECOVERY => r.u8_once(&mut p.clock_recovery, at)?,
            field::ERROR_CORRECTION => r.u8_once(&mut p.error_correction, at)?,
            field::SDT_BLOCK_SIZE => {
                let v = match version {
                    UniVersion::Uni31 => SdtBlockSize::Uni31(r.u8()?),
                    UniVersion::Uni40 => SdtBlockSize::Q2931(r.u16()?),
                };
                set_once(&mut p.sdt_block_size, v, at)?
            }
            field::PARTIALLY_FILLED => r.u8_once(&mut p.partially_filled_cells, at)?,
            _ => return Err(IeError::InvalidField { offset: at }),
        }
        Ok(())
    })?;
    Ok(p)
}

fn parse_mode(r: &mut Reader<'_>, version: UniVersion, at: usize) -> Result<AalMode, IeError> {
    // Q.2931 removed the mode subfield; only UNI 3.1 defines it.
    match version {
        UniVersion::Uni31 => Ok(AalMode::from(r.u8()?)),
        UniVersion::Uni40 => Err(IeError::InvalidField { offset: at }),
    }
}

/// The subfields AAL 3/4 and AAL 5 share (maximum CPCS-SDU sizes, mode, SSCS type), read
/// into an [`Aal5Parameters`]; any other identifier goes to `other`.
fn parse_cpcs<F>(
    r: &mut Reader<'_>,
    version: UniVersion,
    mut other: F,
) -> Result<Aal5Parameters, IeError>
where
    F: FnMut(&mut Reader<'_>, u8, usize) -> Result<(), IeError>,
{
    let mut p = Aal5Parameters::default();
    r.for_each_subfield(|r, id, at| match id {
        field::FORWARD_MAX_CPCS => r.u16_once(&mut p.forward_max_cpcs_sdu_size, at),
        field::BACKWARD_MAX_CPCS => r.u16_once(&mut p.backward_max_cpcs_sdu_size, at),
        field::MODE => {
            let v = parse_mode(r, version, at)?;
            set_once(&mut p.mode, v, at)
        }
        field::SSCS_TYPE => r.u8_once(&mut p.sscs_type, at),
        _ => other(r, id, at),
    })?;
    Ok(p)
}

fn parse_aal34(r: &mut Reader<'_>, version: UniVersion) -> Result<Aal34Parameters, IeError> {
    let mut mid_range = None;
    let c = parse_cpcs(r, version, |r, id, at| match id {
        field::MID_RANGE => {
            let lowest = r.u16()?;
            let highest = r.u16()?;
            set_once(&mut mid_range, MidRange { lowest, highest }, at)
        }
        _ => Err(IeError::InvalidField { offset: at }),
    })?;
    Ok(Aal34Parameters {
        forward_max_cpcs_sdu_size: c.forward_max_cpcs_sdu_size,
        backward_max_cpcs_sdu_size: c.backward_max_cpcs_sdu_size,
        mid_range,
        mode: c.mode,
        sscs_type: c.sscs_type,
    })
}

fn parse_aal5(r: &mut Reader<'_>, version: UniVersion) -> Result<Aal5Parameters, IeError> {
    parse_cpcs(r, version, |_, _, at| Err(IeError::InvalidField { offset: at }))
}

impl AalParameters {
    fn write(&self, w: &mut Writer<'_>) -> Result<(), IeError> {
        match self {
            AalParameters::Aal1(p) => {
                w.u8(field::AAL1)?;
                w.opt_u8(field::SUBTYPE, p.subtype)?;
                w.opt_u8(field::CBR_RATE, p.cbr_rate)?;
                w.opt_u16(field::MULTIPLIER, p.multiplier)?;
                w.opt_u8(field::CLOCK_RECOVERY, p.clock_recovery)?;
                w.opt_u8(field::ERROR_CORRECTION, p.error_correction)?;
                match p.sdt_block_size {
                    Some(SdtBlockSize::Uni31(v)) => w.bytes(&[field::SDT_BLOCK_SIZE, v])?,
                    Some(SdtBlockSize::Q2931(v)) => {
                        w.u8(field::SDT_BLOCK_SIZE)?;
                        w.u16(v)?
                    }
                    None => {}
                }
                w.opt_u8(field::PARTIALLY_FILLED, p.partially_filled_cells)?;
            }
            AalParameters::Aal34(p) => {
                w.u8(field::AAL34)?;
                write_cpcs(w, p.forward_max_cpcs_sdu_size, p.backward_max_cpcs_sdu_size)?;
                if let Some(m) = p.mid_range {
                    w.u8(field::MID_RANGE)?;
                    w.u16(m.lowest)?;
                    w.u16(m.highest)?;
                }
                write_mode_sscs(w, p.mode, p.sscs_type)?;
            }
            AalParameters::Aal5(p) => {
                w.u8(field::AAL5)?;
                write_cpcs(w, p.forward_max_cpcs_sdu_size, p.backward_max_cpcs_sdu_size)?;
                write_mode_sscs(w, p.mode, p.sscs_type)?;
            }
            AalParameters::UserDefined(info) => {
                w.u8(field::USER_DEFINED)?;
                w.bytes(info.as_slice())?;
            }
        }
        Ok(())
    }
}

fn write_cpcs(w: &mut Writer<'_>, fwd: Option<u16>, bwd: Option<u16>) -> Result<(), IeError> {
    w.opt_u16(field::FORWARD_MAX_CPCS, fwd)?;
    w.opt_u16(field::BACKWARD_MAX_CPCS, bwd)?;
    Ok(())
}

fn write_mode_sscs(
    w: &mut Writer<'_>,
    mode: Option<AalMode>,
    sscs: Option<SscsType>,
) -> Result<(), IeError> {
    w.opt_u8(field::MODE, mode)?;
    w.opt_u8(field::SSCS_TYPE, sscs)?;
    Ok(())
}

impl IeContents for AalParameters {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut r = Reader::new(contents);
        match r.u8()? {
            field::AAL1 => Ok(AalParameters::Aal1(parse_aal1(&mut r, version)?)),
            field::AAL34 => Ok(AalParameters::Aal34(parse_aal34(&mut r, version)?)),
            field::AAL5 => Ok(AalParameters::Aal5(parse_aal5(&mut r, version)?)),
            field::USER_DEFINED => {
                let rest = r.rest();
                if rest.len() > field::USER_DEFINED_MAX {
                    return Err(IeError::TooLong);
                }
                Bytes::from_slice(rest).map(AalParameters::UserDefined).ok_or(IeError::TooLong)
            }
            _ => Err(IeError::InvalidField { offset: 0 }),
        }
    }
    super::wire::emit_by_write!();
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;

    // From the reference SETUP: AAL5, 9188 octets both ways, null SSCS.
    static AAL5: [u8; 9] = [0x05, 0x8c, 0x23, 0xe4, 0x81, 0x23, 0xe4, 0x84, 0x00];

    #[test]
    fn aal5_known_answer() {
        let p = AalParameters::parse(&AAL5, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(
            p,
            AalParameters::Aal5(Aal5Parameters {
                forward_max_cpcs_sdu_size: Some(9188),
                backward_max_cpcs_sdu_size: Some(9188),
                mode: None,
                sscs_type: Some(SscsType::Null),
            })
        );
        let mut buf = [0u8; 16];
        assert_eq!(p.emit(&mut buf).unwrap(), 9);
        assert_eq!(&buf[..9], &AAL5);
        assert_eq!(p.buffer_len(), 9);
    }

    #[test]
    fn uni31_mode_field() {
        // UNI 3.1 AAL5 with message mode.
        let bytes = [0x05, 0x8c, 0x23, 0xe4, 0x81, 0x23, 0xe4, 0x83, 0x01, 0x84, 0x00];
        let p = AalParameters::parse(&bytes, ITU, UniVersion::Uni31).unwrap();
        match p {
            AalParameters::Aal5(a) => assert_eq!(a.mode, Some(AalMode::Message)),
            other => panic!("{other:?}"),
        }
        // Q.2931/UNI 4.0 has no mode subfield.
        assert_eq!(
            AalParameters::parse(&bytes, ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 7 })
        );
    }

    #[test]
    fn aal1_block_size_width_follows_version() {
        let v40 = [0x01, 0x85, 0x02, 0x86, 0x10, 0x88, 0x01, 0x89, 0x00, 0x8a, 0x01, 0x00];
        let p = AalParameters::parse(&v40, ITU, UniVersion::Uni40).unwrap();
        let AalParameters::Aal1(a) = p else { panic!() };
        assert_eq!(a.subtype, Some(Aal1Subtype::CircuitSynchronous));
        assert_eq!(a.cbr_rate, Some(CbrRate::Kbit2048));
        assert_eq!(a.clock_recovery, Some(ClockRecovery::Srts));
        assert_eq!(a.error_correction, Some(ErrorCorrection::Null));
        assert_eq!(a.sdt_block_size, Some(SdtBlockSize::Q2931(256)));
        let v31 = [0x01, 0x8a, 0x20, 0x8b, 0x2f, 0x87, 0x00, 0x03];
        let AalParameters::Aal1(b) = AalParameters::parse(&v31, ITU, UniVersion::Uni31).unwrap()
        else {
            panic!()
        };
        assert_eq!(b.sdt_block_size, Some(SdtBlockSize::Uni31(32)));
        assert_eq!(b.partially_filled_cells, Some(47));
        assert_eq!(b.multiplier, Some(3));
        // A one-octet block size is truncated under UNI 4.0 rules.
        assert_eq!(
            AalParameters::parse(&v31[..3], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
    }

    #[test]
    fn aal34_and_user_defined() {
        let bytes = [0x03, 0x8c, 0x01, 0x00, 0x82, 0x00, 0x00, 0x03, 0xff, 0x84, 0x01];
        let p = AalParameters::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        let AalParameters::Aal34(a) = p else { panic!() };
        assert_eq!(a.mid_range, Some(MidRange { lowest: 0, highest: 1023 }));
        assert_eq!(a.sscs_type, Some(SscsType::SscopAssured));
        let mut buf = [0u8; 32];
        let n = p.emit(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes);
        let u = AalParameters::parse(&[0x10, 1, 2, 3, 4], ITU, UniVersion::Uni40).unwrap();
        assert_eq!(u, AalParameters::UserDefined(Bytes::from_slice(&[1, 2, 3, 4]).unwrap()));
        assert_eq!(
            AalParameters::parse(&[0x10, 1, 2, 3, 4, 5], ITU, UniVersion::Uni40),
            Err(IeError::TooLong)
        );
    }

    #[test]
    fn negative() {
        assert_eq!(AalParameters::parse(&[], ITU, UniVersion::Uni40), Err(IeError::Truncated));
        assert_eq!(
            AalParameters::parse(&[0x02], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
        // Unknown subfield.
        assert_eq!(
            AalParameters::parse(&[0x05, 0x99, 0x00], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 1 })
        );
        // Repeated subfield.
        assert_eq!(
            AalParameters::parse(&[0x05, 0x84, 0x00, 0x84, 0x00], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 3 })
        );
        // Truncated value.
        assert_eq!(
            AalParameters::parse(&[0x05, 0x8c, 0x23], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        let p = AalParameters::parse(&AAL5, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(p.emit(&mut [0u8; 8]), Err(IeError::BufferTooSmall));
    }
}
