//! ATM traffic descriptor (Q.2931 §4.5.6; UNI 3.1 §5.4.5.6; UNI 4.0 §4.5 with the ABR minimum
//! cell rate and frame discard), Alternative ATM traffic descriptor and Minimum acceptable
//! ATM traffic descriptor (UNI 4.0 §8, traffic parameter negotiation; identifiers in
//! [`super::id`]).
//!
//! All three are sequences of (subfield identifier, value) pairs: cell rates and burst sizes
//! are 3 octets (cells per second / cells), the best effort indicator has no value, and the
//! traffic management options are one octet.

use super::wire::{set_once, Reader, Writer};
use super::{CodingStandard, IeContents, IeError, UniVersion};

/// Subfield identifiers.
mod field {
    pub const FORWARD_PCR_0: u8 = 0x82;
    pub const BACKWARD_PCR_0: u8 = 0x83;
    pub const FORWARD_PCR_01: u8 = 0x84;
    pub const BACKWARD_PCR_01: u8 = 0x85;
    pub const FORWARD_SCR_0: u8 = 0x88;
    pub const BACKWARD_SCR_0: u8 = 0x89;
    pub const FORWARD_SCR_01: u8 = 0x90;
    pub const BACKWARD_SCR_01: u8 = 0x91;
    pub const FORWARD_ABR_MCR_01: u8 = 0x92;
    pub const BACKWARD_ABR_MCR_01: u8 = 0x93;
    pub const FORWARD_MBS_0: u8 = 0xA0;
    pub const BACKWARD_MBS_0: u8 = 0xA1;
    pub const FORWARD_MBS_01: u8 = 0xB0;
    pub const BACKWARD_MBS_01: u8 = 0xB1;
    pub const BEST_EFFORT: u8 = 0xBE;
    pub const TM_OPTIONS: u8 = 0xBF;

    /// Traffic management options octet (UNI 4.0: frame discard; UNI 3.1: tagging only).
    pub const FORWARD_FRAME_DISCARD: u8 = 0x80;
    pub const BACKWARD_FRAME_DISCARD: u8 = 0x40;
    pub const BACKWARD_TAGGING: u8 = 0x02;
    pub const FORWARD_TAGGING: u8 = 0x01;
}

/// Traffic management options (subfield 0xBF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TrafficManagementOptions {
    /// Frame discard allowed in the forward direction (UNI 4.0).
    pub forward_frame_discard: bool,
    /// Frame discard allowed in the backward direction (UNI 4.0).
    pub backward_frame_discard: bool,
    /// Tagging requested in the forward direction.
    pub forward_tagging: bool,
    /// Tagging requested in the backward direction.
    pub backward_tagging: bool,
}

impl TrafficManagementOptions {
    fn from_octet(o: u8, version: UniVersion) -> Self {
        // UNI 3.1 has only the tagging bits; the others are spare there.
        let fd = version == UniVersion::Uni40;
        TrafficManagementOptions {
            forward_frame_discard: fd && o & field::FORWARD_FRAME_DISCARD != 0,
            backward_frame_discard: fd && o & field::BACKWARD_FRAME_DISCARD != 0,
            forward_tagging: o & field::FORWARD_TAGGING != 0,
            backward_tagging: o & field::BACKWARD_TAGGING != 0,
        }
    }
    fn octet(self) -> u8 {
        let mut o = 0;
        if self.forward_frame_discard {
            o |= field::FORWARD_FRAME_DISCARD;
        }
        if self.backward_frame_discard {
            o |= field::BACKWARD_FRAME_DISCARD;
        }
        if self.forward_tagging {
            o |= field::FORWARD_TAGGING;
        }
        if self.backward_tagging {
            o |= field::BACKWARD_TAGGING;
        }
        o
    }
}

/// ATM traffic descriptor IE contents. Rates are cells/s, burst sizes cells; each < 2^24.
///
/// Which combinations are allowed (UNI 4.0 Annex 9 / UNI 3.1 Annex 3) is for call control
/// to check; this type carries any syntactically valid set of subfields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmTrafficDescriptor {
    /// Forward peak cell rate, CLP=0.
    pub forward_pcr_0: Option<u32>,
    /// Backward peak cell rate, CLP=0.
    pub backward_pcr_0: Option<u32>,
    /// Forward peak cell rate, CLP=0+1.
    pub forward_pcr_01: Option<u32>,
    /// Backward peak cell rate, CLP=0+1.
    pub backward_pcr_01: Option<u32>,
    /// Forward sustainable cell rate, CLP=0.
    pub forward_scr_0: Option<u32>,
    /// Backward sustainable cell rate, CLP=0.
    pub backward_scr_0: Option<u32>,
    /// Forward sustainable cell rate, CLP=0+1.
    pub forward_scr_01: Option<u32>,
    /// Backward sustainable cell rate, CLP=0+1.
    pub backward_scr_01: Option<u32>,
    /// Forward ABR minimum cell rate, CLP=0+1 (UNI 4.0).
    pub forward_abr_mcr_01: Option<u32>,
    /// Backward ABR minimum cell rate, CLP=0+1 (UNI 4.0).
    pub backward_abr_mcr_01: Option<u32>,
    /// Forward maximum burst size, CLP=0.
    pub forward_mbs_0: Option<u32>,
    /// Backward maximum burst size, CLP=0.
    pub backward_mbs_0: Option<u32>,
    /// Forward maximum burst size, CLP=0+1.
    pub forward_mbs_01: Option<u32>,
    /// Backward maximum burst size, CLP=0+1.
    pub backward_mbs_01: Option<u32>,
    /// Best effort indicator (UBR).
    pub best_effort: bool,
    /// Traffic management options.
    pub tm_options: Option<TrafficManagementOptions>,
}

impl AtmTrafficDescriptor {
    fn rate_slot(&mut self, id: u8) -> Option<&mut Option<u32>> {
        Some(match id {
            field::FORWARD_PCR_0 => &mut self.forward_pcr_0,
            field::BACKWARD_PCR_0 => &mut self.backward_pcr_0,
            field::FORWARD_PCR_01 => &mut self.forward_pcr_01,
            field::BACKWARD_PCR_01 => &mut self.backward_pcr_01,
            field::FORWARD_SCR_0 => &mut self.forward_scr_0,
            field::BACKWARD_SCR_0 => &mut self.backward_scr_0,
            field::FORWARD_SCR_01 => &mut self.forward_scr_01,
            field::BACKWARD_SCR_01 => &mut self.backward_scr_01,
            field::FORWARD_ABR_MCR_01 => &mut self.forward_abr_mcr_01,
            field::BACKWARD_ABR_MCR_01 => &mut self.backward_abr_mcr_01,
            field::FORWARD_MBS_0 => &mut self.forward_mbs_0,
            field::BACKWARD_MBS_0 => &mut self.backward_mbs_0,
            field::FORWARD_MBS_01 => &mut self.forward_mbs_01,
            field::BACKWARD_MBS_01 => &mut self.backward_mbs_01,
            _ => return None,
        })
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), IeError> {
        w.opt_u24(field::FORWARD_PCR_0, self.forward_pcr_0)?;
        w.opt_u24(field::BACKWARD_PCR_0, self.backward_pcr_0)?;
        w.opt_u24(field::FORWARD_PCR_01, self.forward_pcr_01)?;
        w.opt_u24(field::BACKWARD_PCR_01, self.backward_pcr_01)?;
        w.opt_u24(field::FORWARD_SCR_0, self.forward_scr_0)?;
        w.opt_u24(field::BACKWARD_SCR_0, self.backward_scr_0)?;
        w.opt_u24(field::FORWARD_SCR_01, self.forward_scr_01)?;
        w.opt_u24(field::BACKWARD_SCR_01, self.backward_scr_01)?;
        w.opt_u24(field::FORWARD_ABR_MCR_01, self.forward_abr_mcr_01)?;
        w.opt_u24(field::BACKWARD_ABR_MCR_01, self.backward_abr_mcr_01)?;
        w.opt_u24(field::FORWARD_MBS_0, self.forward_mbs_0)?;
        w.opt_u24(field::BACKWARD_MBS_0, self.backward_mbs_0)?;
        w.opt_u24(field::FORWARD_MBS_01, self.forward_mbs_01)?;
        w.opt_u24(field::BACKWARD_MBS_01, self.backward_mbs_01)?;
        if self.best_effort {
            w.u8(field::BEST_EFFORT)?;
        }
        if let Some(o) = self.tm_options {
            w.bytes(&[field::TM_OPTIONS, o.octet()])?;
        }
        Ok(())
    }

    fn read(contents: &[u8], version: UniVersion) -> Result<Self, IeError> {
        let mut td = AtmTrafficDescriptor::default();
        Reader::new(contents).for_each_subfield(|r, id, at| {
            match id {
                field::BEST_EFFORT => {
                    if td.best_effort {
                        return Err(IeError::InvalidField { offset: at });
                    }
                    td.best_effort = true;
                }
                field::TM_OPTIONS => {
                    let o = TrafficManagementOptions::from_octet(r.u8()?, version);
                    set_once(&mut td.tm_options, o, at)?;
                }
                field::FORWARD_ABR_MCR_01 | field::BACKWARD_ABR_MCR_01
                    if version == UniVersion::Uni31 =>
                {
                    return Err(IeError::InvalidField { offset: at });
                }
                _ => {
                    let slot = td.rate_slot(id).ok_or(IeError::InvalidField { offset: at })?;
                    r.u24_once(slot, at)?;
                }
            }
            Ok(())
        })?;
        Ok(td)
    }
}

impl IeContents for AtmTrafficDescriptor {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        version: UniVersion,
    ) -> Result<Self, IeError> {
        AtmTrafficDescriptor::read(contents, version)
    }
    super::wire::emit_by_write!();
}

/// Alternative ATM traffic descriptor IE contents (UNI 4.0 §8): the same subfields as the
/// ATM traffic descriptor, describing a second acceptable set of parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AlternativeTrafficDescriptor(pub AtmTrafficDescriptor);

impl IeContents for AlternativeTrafficDescriptor {
    fn parse(
        contents: &[u8],
        coding: CodingStandard,
        version: UniVersion,
    ) -> Result<Self, IeError> {
        AtmTrafficDescriptor::parse(contents, coding, version).map(AlternativeTrafficDescriptor)
    }
    fn buffer_len(&self) -> usize {
        self.0.buffer_len()
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        self.0.emit(buf)
    }
}

/// Minimum acceptable ATM traffic descriptor IE contents (UNI 4.0 §8): the lowest peak cell
/// rates (or ABR minimum cell rates) the user accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MinimumTrafficDescriptor {
    /// Minimum acceptable forward peak cell rate, CLP=0.
    pub forward_pcr_0: Option<u32>,
    /// Minimum acceptable backward peak cell rate, CLP=0.
    pub backward_pcr_0: Option<u32>,
    /// Minimum acceptable forward peak cell rate, CLP=0+1.
    pub forward_pcr_01: Option<u32>,
    /// Minimum acceptable backward peak cell rate, CLP=0+1.
    pub backward_pcr_01: Option<u32>,
    /// Minimum acceptable forward ABR minimum cell rate, CLP=0+1.
    pub forward_abr_mcr_01: Option<u32>,
    /// Minimum acceptable backward ABR minimum cell rate, CLP=0+1.
    pub backward_abr_mcr_01: Option<u32>,
}

impl MinimumTrafficDescriptor {
    fn write(&self, w: &mut Writer<'_>) -> Result<(), IeError> {
        w.opt_u24(field::FORWARD_PCR_0, self.forward_pcr_0)?;
        w.opt_u24(field::BACKWARD_PCR_0, self.backward_pcr_0)?;
        w.opt_u24(field::FORWARD_PCR_01, self.forward_pcr_01)?;
        w.opt_u24(field::BACKWARD_PCR_01, self.backward_pcr_01)?;
        w.opt_u24(field::FORWARD_ABR_MCR_01, self.forward_abr_mcr_01)?;
        w.opt_u24(field::BACKWARD_ABR_MCR_01, self.backward_abr_mcr_01)?;
        Ok(())
    }
}

impl IeContents for MinimumTrafficDescriptor {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        _version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut m = MinimumTrafficDescriptor::default();
        Reader::new(contents).for_each_subfield(|r, id, at| {
            let slot = match id {
                field::FORWARD_PCR_0 => &mut m.forward_pcr_0,
                field::BACKWARD_PCR_0 => &mut m.backward_pcr_0,
                field::FORWARD_PCR_01 => &mut m.forward_pcr_01,
                field::BACKWARD_PCR_01 => &mut m.backward_pcr_01,
                field::FORWARD_ABR_MCR_01 => &mut m.forward_abr_mcr_01,
                field::BACKWARD_ABR_MCR_01 => &mut m.backward_abr_mcr_01,
                _ => return Err(IeError::InvalidField { offset: at }),
            };
            r.u24_once(slot, at)
        })?;
        Ok(m)
    }
    super::wire::emit_by_write!();
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    // From the reference SETUP: PCR CLP=0+1 353207 cells/s both ways, best effort (UBR).
    static UBR: [u8; 9] = [0x84, 0x05, 0x63, 0xb7, 0x85, 0x05, 0x63, 0xb7, 0xbe];

    #[test]
    fn ubr_known_answer() {
        let td = AtmTrafficDescriptor::parse(&UBR, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(
            td,
            AtmTrafficDescriptor {
                forward_pcr_01: Some(353_207),
                backward_pcr_01: Some(353_207),
                best_effort: true,
                ..Default::default()
            }
        );
        let mut buf = [0u8; 9];
        assert_eq!(td.emit(&mut buf).unwrap(), 9);
        assert_eq!(buf, UBR);
        assert_eq!(td.buffer_len(), 9);
    }

    #[test]
    fn vbr_with_options() {
        let bytes = [
            0x82, 0x00, 0x10, 0x00, 0x84, 0x00, 0x20, 0x00, 0x88, 0x00, 0x01, 0x00, 0x90, 0x00,
            0x02, 0x00, 0xa0, 0x00, 0x00, 0x10, 0xb0, 0x00, 0x00, 0x20, 0xbf, 0xc3,
        ];
        let td = AtmTrafficDescriptor::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(td.forward_pcr_0, Some(0x1000));
        assert_eq!(td.forward_scr_01, Some(0x200));
        assert_eq!(td.forward_mbs_01, Some(0x20));
        assert_eq!(
            td.tm_options,
            Some(TrafficManagementOptions {
                forward_frame_discard: true,
                backward_frame_discard: true,
                forward_tagging: true,
                backward_tagging: true,
            })
        );
        let mut buf = [0u8; 64];
        let n = td.emit(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes);
        // UNI 3.1 knows only tagging.
        let t31 = AtmTrafficDescriptor::parse(&bytes, ITU, UniVersion::Uni31).unwrap();
        assert_eq!(
            t31.tm_options,
            Some(TrafficManagementOptions {
                forward_tagging: true,
                backward_tagging: true,
                ..Default::default()
            })
        );
    }

    #[test]
    fn abr_mcr_is_uni40_only() {
        let bytes = [0x84, 0x00, 0x10, 0x00, 0x92, 0x00, 0x00, 0x10];
        let td = AtmTrafficDescriptor::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(td.forward_abr_mcr_01, Some(16));
        assert_eq!(
            AtmTrafficDescriptor::parse(&bytes, ITU, UniVersion::Uni31),
            Err(IeError::InvalidField { offset: 4 })
        );
    }

    #[test]
    fn negative() {
        // Unknown subfield identifier.
        assert_eq!(
            AtmTrafficDescriptor::parse(&[0x86, 0, 0, 1], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
        // Repeated subfield and repeated best effort.
        assert_eq!(
            AtmTrafficDescriptor::parse(&[0x84, 0, 0, 1, 0x84, 0, 0, 1], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 4 })
        );
        assert_eq!(
            AtmTrafficDescriptor::parse(&[0xbe, 0xbe], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 1 })
        );
        // Truncated value.
        assert_eq!(
            AtmTrafficDescriptor::parse(&[0x84, 0, 0], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        // A rate that does not fit 24 bits cannot be emitted.
        let bad = AtmTrafficDescriptor { forward_pcr_01: Some(1 << 24), ..Default::default() };
        assert!(matches!(bad.emit(&mut [0u8; 8]), Err(IeError::InvalidField { .. })));
    }

    #[test]
    fn minimum_and_alternative() {
        let bytes = [0x84, 0x00, 0x01, 0x00, 0x85, 0x00, 0x01, 0x00, 0x92, 0, 0, 5, 0x93, 0, 0, 6];
        let m = MinimumTrafficDescriptor::parse(&bytes, ITU, UniVersion::Uni40).unwrap();
        assert_eq!(m.forward_pcr_01, Some(256));
        assert_eq!(m.backward_abr_mcr_01, Some(6));
        let mut buf = [0u8; 32];
        let n = m.emit(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes);
        assert_eq!(
            MinimumTrafficDescriptor::parse(&[0x88, 0, 0, 1], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
        let a = AlternativeTrafficDescriptor::parse(&UBR, ITU, UniVersion::Uni40).unwrap();
        assert!(a.0.best_effort);
        assert_eq!(a.buffer_len(), 9);
    }
}
