//! ABR setup parameters and ABR additional parameters (UNI 4.0 §10, ABR signalling;
//! af-tm-0056 for the parameter meanings).

use super::wire::{set_once, Reader, Writer};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const FORWARD_ICR: u8 = 0xC2;
    pub const BACKWARD_ICR: u8 = 0xC3;
    pub const FORWARD_TBE: u8 = 0xC4;
    pub const BACKWARD_TBE: u8 = 0xC5;
    pub const CUMULATIVE_RM_FIXED_RTT: u8 = 0xC6;
    pub const FORWARD_RIF: u8 = 0xC8;
    pub const BACKWARD_RIF: u8 = 0xC9;
    pub const FORWARD_RDF: u8 = 0xCA;
    pub const BACKWARD_RDF: u8 = 0xCB;

    pub const FORWARD_RECORD: u8 = 0xC2;
    pub const BACKWARD_RECORD: u8 = 0xC3;

    // Additional parameters record: 32 bits, big endian.
    pub const NRM_PRESENT: u32 = 1 << 31;
    pub const TRM_PRESENT: u32 = 1 << 30;
    pub const CDF_PRESENT: u32 = 1 << 29;
    pub const ADTF_PRESENT: u32 = 1 << 28;
    pub const NRM_SHIFT: u32 = 25;
    pub const TRM_SHIFT: u32 = 22;
    pub const CDF_SHIFT: u32 = 19;
    pub const ADTF_SHIFT: u32 = 9;
    pub const THREE_BITS: u32 = 0x7;
    pub const TEN_BITS: u32 = 0x3FF;
}

/// ABR setup parameters IE contents. ICR in cells/s, TBE in cells, the fixed round-trip time
/// in microseconds (3 octets each); RIF and RDF as the exponent coding of af-tm-0056 (1 octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AbrSetupParameters {
    /// Forward initial cell rate.
    pub forward_icr: Option<u32>,
    /// Backward initial cell rate.
    pub backward_icr: Option<u32>,
    /// Forward transient buffer exposure.
    pub forward_tbe: Option<u32>,
    /// Backward transient buffer exposure.
    pub backward_tbe: Option<u32>,
    /// Cumulative RM fixed round trip time.
    pub cumulative_rm_fixed_rtt: Option<u32>,
    /// Forward rate increment factor.
    pub forward_rif: Option<u8>,
    /// Backward rate increment factor.
    pub backward_rif: Option<u8>,
    /// Forward rate decrease factor.
    pub forward_rdf: Option<u8>,
    /// Backward rate decrease factor.
    pub backward_rdf: Option<u8>,
}

impl AbrSetupParameters {
    fn write(&self, w: &mut Writer<'_>) -> Result<(), IeError> {
        w.opt_u24(field::FORWARD_ICR, self.forward_icr)?;
        w.opt_u24(field::BACKWARD_ICR, self.backward_icr)?;
        w.opt_u24(field::FORWARD_TBE, self.forward_tbe)?;
        w.opt_u24(field::BACKWARD_TBE, self.backward_tbe)?;
        w.opt_u24(field::CUMULATIVE_RM_FIXED_RTT, self.cumulative_rm_fixed_rtt)?;
        for (id, v) in [
            (field::FORWARD_RIF, self.forward_rif),
            (field::BACKWARD_RIF, self.backward_rif),
            (field::FORWARD_RDF, self.forward_rdf),
            (field::BACKWARD_RDF, self.backward_rdf),
        ] {
            w.opt_u8(id, v)?;
        }
        Ok(())
    }
}

impl IeContents for AbrSetupParameters {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        _version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut p = AbrSetupParameters::default();
        Reader::new(contents).for_each_subfield(|r, id, at| match id {
            field::FORWARD_ICR => r.u24_once(&mut p.forward_icr, at),
            field::BACKWARD_ICR => r.u24_once(&mut p.backward_icr, at),
            field::FORWARD_TBE => r.u24_once(&mut p.forward_tbe, at),
            field::BACKWARD_TBE => r.u24_once(&mut p.backward_tbe, at),
            field::CUMULATIVE_RM_FIXED_RTT => r.u24_once(&mut p.cumulative_rm_fixed_rtt, at),
            field::FORWARD_RIF => r.u8_once(&mut p.forward_rif, at),
            field::BACKWARD_RIF => r.u8_once(&mut p.backward_rif, at),
            field::FORWARD_RDF => r.u8_once(&mut p.forward_rdf, at),
            field::BACKWARD_RDF => r.u8_once(&mut p.backward_rdf, at),
            _ => Err(IeError::InvalidField { offset: at }),
        })?;
        Ok(p)
    }
    super::wire::emit_by_write!();
}

/// One ABR additional parameters record (Nrm, Trm, CDF: 3 bits; ADTF: 10 bits), each with
/// its own presence bit in the 32-bit record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AbrRecord {
    /// Nrm: maximum cells per forward RM cell (coded).
    pub nrm: Option<u8>,
    /// Trm: upper bound on the time between forward RM cells (coded).
    pub trm: Option<u8>,
    /// CDF: cutoff decrease factor (coded).
    pub cdf: Option<u8>,
    /// ADTF: ACR decrease time factor (coded, 10 bits).
    pub adtf: Option<u16>,
}

impl AbrRecord {
    fn from_word(v: u32, at: usize) -> Result<Self, IeError> {
        let mut used =
            field::NRM_PRESENT | field::TRM_PRESENT | field::CDF_PRESENT | field::ADTF_PRESENT;
        let mut take3 = |present: u32, shift: u32| {
            if v & present != 0 {
                used |= field::THREE_BITS << shift;
                Some(((v >> shift) & field::THREE_BITS) as u8)
            } else {
                None
            }
        };
        let nrm = take3(field::NRM_PRESENT, field::NRM_SHIFT);
        let trm = take3(field::TRM_PRESENT, field::TRM_SHIFT);
        let cdf = take3(field::CDF_PRESENT, field::CDF_SHIFT);
        let adtf = if v & field::ADTF_PRESENT != 0 {
            used |= field::TEN_BITS << field::ADTF_SHIFT;
            Some(((v >> field::ADTF_SHIFT) & field::TEN_BITS) as u16)
        } else {
            None
        };
        // Bits of absent fields and the spare bits must be zero, or the record would not
        // survive a round trip unchanged.
        if v & !used != 0 {
            return Err(IeError::InvalidField { offset: at });
        }
        Ok(AbrRecord { nrm, trm, cdf, adtf })
    }
    fn word(&self) -> Result<u32, IeError> {
        let mut v = 0u32;
        for (f, present, shift) in [
            (self.nrm, field::NRM_PRESENT, field::NRM_SHIFT),
            (self.trm, field::TRM_PRESENT, field::TRM_SHIFT),
            (self.cdf, field::CDF_PRESENT, field::CDF_SHIFT),
        ] {
            if let Some(x) = f {
                if u32::from(x) > field::THREE_BITS {
                    return Err(IeError::InvalidField { offset: 0 });
                }
                v |= present | (u32::from(x) << shift);
            }
        }
        if let Some(x) = self.adtf {
            if u32::from(x) > field::TEN_BITS {
                return Err(IeError::InvalidField { offset: 0 });
            }
            v |= field::ADTF_PRESENT | (u32::from(x) << field::ADTF_SHIFT);
        }
        Ok(v)
    }
}

/// ABR additional parameters IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AbrAdditionalParameters {
    /// Forward additional parameters record.
    pub forward: Option<AbrRecord>,
    /// Backward additional parameters record.
    pub backward: Option<AbrRecord>,
}

impl AbrAdditionalParameters {
    fn write(&self, w: &mut Writer<'_>) -> Result<(), IeError> {
        if let Some(r) = self.forward {
            w.u8(field::FORWARD_RECORD)?;
            w.u32(r.word()?)?;
        }
        if let Some(r) = self.backward {
            w.u8(field::BACKWARD_RECORD)?;
            w.u32(r.word()?)?;
        }
        Ok(())
    }
}

impl IeContents for AbrAdditionalParameters {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        _version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut p = AbrAdditionalParameters::default();
        Reader::new(contents).for_each_subfield(|r, id, at| {
            let slot = match id {
                field::FORWARD_RECORD => &mut p.forward,
                field::BACKWARD_RECORD => &mut p.backward,
                _ => return Err(IeError::InvalidField { offset: at }),
            };
            let rec = AbrRecord::from_word(r.u32()?, at + 1)?;
            set_once(slot, rec, at)
        })?;
        Ok(p)
    }
    super::wire::emit_by_write!();
}

#[cfg(test)]
mod tests {
    use super::*;
    const NET: CodingStandard = CodingStandard::NetworkSpecific;

    #[test]
    fn setup_parameters() {
        let bytes = [
            0xc2, 0x00, 0x10, 0x00, 0xc3, 0x00, 0x08, 0x00, 0xc4, 0x00, 0x01, 0x00, 0xc6, 0x00,
            0x27, 0x10, 0xc8, 0x0b, 0xcb, 0x04,
        ];
        let p = AbrSetupParameters::parse(&bytes, CodingStandard::ItuT, UniVersion::Uni40).unwrap();
        assert_eq!(p.forward_icr, Some(4096));
        assert_eq!(p.backward_icr, Some(2048));
        assert_eq!(p.forward_tbe, Some(256));
        assert_eq!(p.cumulative_rm_fixed_rtt, Some(10_000));
        assert_eq!(p.forward_rif, Some(11));
        assert_eq!(p.backward_rdf, Some(4));
        let mut buf = [0u8; 40];
        let n = p.emit(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes);
        assert_eq!(
            AbrSetupParameters::parse(&[0xc7, 0], NET, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
    }

    #[test]
    fn additional_parameters() {
        // Forward: Nrm=2, ADTF=500; backward: Trm=7, CDF=3.
        let fwd: u32 = (1 << 31) | (2 << 25) | (1 << 28) | (500 << 9);
        let bwd: u32 = (1 << 30) | (7 << 22) | (1 << 29) | (3 << 19);
        let mut bytes = [0u8; 10];
        bytes[0] = 0xc2;
        bytes[1..5].copy_from_slice(&fwd.to_be_bytes());
        bytes[5] = 0xc3;
        bytes[6..10].copy_from_slice(&bwd.to_be_bytes());
        let p = AbrAdditionalParameters::parse(&bytes, NET, UniVersion::Uni40).unwrap();
        assert_eq!(
            p.forward,
            Some(AbrRecord { nrm: Some(2), trm: None, cdf: None, adtf: Some(500) })
        );
        assert_eq!(
            p.backward,
            Some(AbrRecord { nrm: None, trm: Some(7), cdf: Some(3), adtf: None })
        );
        let mut buf = [0u8; 10];
        assert_eq!(p.emit(&mut buf).unwrap(), 10);
        assert_eq!(buf, bytes);
        // Value bits of an absent field.
        let mut bad = bytes;
        bad[4] = 0x01;
        assert_eq!(
            AbrAdditionalParameters::parse(&bad, NET, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 1 })
        );
        assert_eq!(
            AbrAdditionalParameters::parse(&bytes[..4], NET, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
    }
}
