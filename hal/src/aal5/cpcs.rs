//! The AAL5 CPCS-PDU (I.363.5 §9 format, §10 procedures).
//!
//! A CPCS-PDU is the CPCS-PDU payload (the SDU, 0..=65535 octets), 0..=47 octets of PAD and an
//! 8-octet trailer {CPCS-UU, CPI, Length, CRC}, in total a multiple of 48 octets so that it
//! fills whole SAR-PDUs (cells). The CRC covers the whole PDU except the CRC field itself.
//!
//! [`Trailer`] is the zero-copy view of the trailer, [`TrailerRepr`] its parsed form, [`CpcsPdu`]
//! a view of a whole received PDU with the validity checks of §10, and [`emit_pdu`] builds a
//! PDU from a fragment list.

use super::crc32::{Crc32, RESIDUE};
use super::{Aal5Error, SAR_PDU_LEN};

/// Largest CPCS-PDU payload (Length is a 16-bit field, I.363.5 §9.2.2).
pub const MAX_SDU_LEN: usize = 65_535;

/// Length of the CPCS-PDU trailer (I.363.5 §9.2.2).
pub const TRAILER_LEN: usize = 8;

/// Largest PAD (I.363.5 §9.2.2.1: 0 to 47 octets).
pub const MAX_PAD_LEN: usize = SAR_PDU_LEN - 1;

/// The only CPI value defined for use: zero, aligning the trailer to 64 bits
/// (I.363.5 §9.2.2.3). Other values are invalid on reception.
pub const CPI_ALIGNMENT: u8 = 0;

/// Trailer field offsets (I.363.5 §9.2, Figure 6).
mod field {
    use core::ops::Range;
    /// CPCS user-to-user indication.
    pub const UU: usize = 0;
    /// Common part indicator.
    pub const CPI: usize = 1;
    /// Length of the CPCS-PDU payload, big endian.
    pub const LENGTH: Range<usize> = 2..4;
    /// CRC-32 over the rest of the PDU, big endian.
    pub const CRC: Range<usize> = 4..8;
}

/// Length of the CPCS-PDU carrying `sdu_len` octets: payload + PAD + trailer rounded up to a
/// multiple of 48 (I.363.5 §9.2.2.1). Saturates instead of overflowing.
pub const fn cpcs_pdu_len(sdu_len: usize) -> usize {
    let min = sdu_len.saturating_add(TRAILER_LEN);
    let cells = min.div_ceil(SAR_PDU_LEN);
    cells.saturating_mul(SAR_PDU_LEN)
}

/// Number of PAD octets for an SDU of `sdu_len` octets (0..=47).
pub const fn pad_len(sdu_len: usize) -> usize {
    cpcs_pdu_len(sdu_len) - sdu_len.saturating_add(TRAILER_LEN)
}

/// Number of cells (SAR-PDUs) for an SDU of `sdu_len` octets.
pub const fn cell_count(sdu_len: usize) -> usize {
    cpcs_pdu_len(sdu_len) / SAR_PDU_LEN
}

/// Zero-copy view of a CPCS-PDU trailer (the last 8 octets of a PDU).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trailer<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Trailer<T> {
    /// Wraps `buffer` without checking its length; accessors then return 0 for missing
    /// octets instead of panicking. Prefer [`Trailer::new_checked`].
    pub const fn new_unchecked(buffer: T) -> Self {
        Trailer { buffer }
    }

    /// Wraps `buffer` after [`Trailer::check_len`].
    pub fn new_checked(buffer: T) -> Result<Self, Aal5Error> {
        let trailer = Self::new_unchecked(buffer);
        trailer.check_len()?;
        Ok(trailer)
    }

    /// The buffer must hold at least the 8 trailer octets.
    pub fn check_len(&self) -> Result<(), Aal5Error> {
        if self.buffer.as_ref().len() < TRAILER_LEN {
            Err(Aal5Error::Truncated)
        } else {
            Ok(())
        }
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn octet(&self, at: usize) -> u8 {
        self.buffer.as_ref().get(at).copied().unwrap_or(0)
    }

    fn be<const N: usize>(&self, range: core::ops::Range<usize>) -> [u8; N] {
        let mut out = [0u8; N];
        if let Some(src) = self.buffer.as_ref().get(range) {
            if src.len() == N {
                out.copy_from_slice(src);
            }
        }
        out
    }

    /// CPCS-UU: user-to-user information, carried transparently (I.363.5 §9.2.2.2).
    pub fn uu(&self) -> u8 {
        self.octet(field::UU)
    }

    /// CPI: common part indicator (I.363.5 §9.2.2.3).
    pub fn cpi(&self) -> u8 {
        self.octet(field::CPI)
    }

    /// Length of the CPCS-PDU payload in octets (I.363.5 §9.2.2.4).
    pub fn length(&self) -> u16 {
        u16::from_be_bytes(self.be(field::LENGTH))
    }

    /// The CRC-32 field (I.363.5 §9.2.2.5).
    pub fn crc(&self) -> u32 {
        u32::from_be_bytes(self.be(field::CRC))
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Trailer<T> {
    fn put(&mut self, range: core::ops::Range<usize>, bytes: &[u8]) {
        if let Some(dst) = self.buffer.as_mut().get_mut(range) {
            if dst.len() == bytes.len() {
                dst.copy_from_slice(bytes);
            }
        }
    }

    /// Sets CPCS-UU. Makes a previously computed CRC stale.
    pub fn set_uu(&mut self, uu: u8) {
        self.put(field::UU..field::UU + 1, &[uu]);
    }

    /// Sets CPI. Makes a previously computed CRC stale.
    pub fn set_cpi(&mut self, cpi: u8) {
        self.put(field::CPI..field::CPI + 1, &[cpi]);
    }

    /// Sets Length. Makes a previously computed CRC stale.
    pub fn set_length(&mut self, length: u16) {
        self.put(field::LENGTH, &length.to_be_bytes());
    }

    /// Sets the CRC field.
    pub fn set_crc(&mut self, crc: u32) {
        self.put(field::CRC, &crc.to_be_bytes());
    }
}

/// Parsed CPCS-PDU trailer (I.363.5 §9.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TrailerRepr {
    /// CPCS-UU.
    pub uu: u8,
    /// CPI (0 is the only valid value).
    pub cpi: u8,
    /// CPCS-PDU payload length.
    pub length: u16,
    /// CRC-32 field.
    pub crc: u32,
}

impl TrailerRepr {
    /// Reads every field; no validity check (that needs the whole PDU, see [`CpcsPdu`]).
    pub fn parse<T: AsRef<[u8]>>(trailer: &Trailer<T>) -> Result<Self, Aal5Error> {
        trailer.check_len()?;
        Ok(TrailerRepr {
            uu: trailer.uu(),
            cpi: trailer.cpi(),
            length: trailer.length(),
            crc: trailer.crc(),
        })
    }

    /// Octets [`TrailerRepr::emit`] writes.
    pub const fn buffer_len(&self) -> usize {
        TRAILER_LEN
    }

    /// Writes the trailer into the first 8 octets of `trailer`.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        trailer: &mut Trailer<T>,
    ) -> Result<(), Aal5Error> {
        trailer.check_len()?;
        trailer.set_uu(self.uu);
        trailer.set_cpi(self.cpi);
        trailer.set_length(self.length);
        trailer.set_crc(self.crc);
        Ok(())
    }
}

/// Zero-copy view of a whole received CPCS-PDU (payload, PAD and trailer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpcsPdu<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> CpcsPdu<T> {
    /// Wraps `buffer` without checks; accessors never panic but may return empty slices.
    pub const fn new_unchecked(buffer: T) -> Self {
        CpcsPdu { buffer }
    }

    /// Wraps `buffer` after [`CpcsPdu::check_len`].
    pub fn new_checked(buffer: T) -> Result<Self, Aal5Error> {
        let pdu = Self::new_unchecked(buffer);
        pdu.check_len()?;
        Ok(pdu)
    }

    /// Framing checks of I.363.5 §10.1.2: a whole number (≥ 1) of 48-octet SAR-PDUs, no more
    /// than the largest PDU, CPI = 0, and a Length that fits with a PAD of at most 47 octets
    /// (Length ≤ available payload and Length ≥ available payload − 47). The CRC is checked
    /// separately by [`CpcsPdu::check_crc`].
    pub fn check_len(&self) -> Result<(), Aal5Error> {
        let len = self.buffer.as_ref().len();
        if len < SAR_PDU_LEN {
            return Err(Aal5Error::Truncated);
        }
        if len % SAR_PDU_LEN != 0 || len > cpcs_pdu_len(MAX_SDU_LEN) {
            return Err(Aal5Error::LengthMismatch);
        }
        if self.trailer().cpi() != CPI_ALIGNMENT {
            return Err(Aal5Error::InvalidCpi);
        }
        let available = len - TRAILER_LEN;
        let length = usize::from(self.trailer().length());
        if length > available || available - length > MAX_PAD_LEN {
            return Err(Aal5Error::LengthMismatch);
        }
        Ok(())
    }

    /// The CRC over the whole PDU, CRC field included, must leave the residue
    /// (I.363.5 §10.1.2.2).
    pub fn check_crc(&self) -> Result<(), Aal5Error> {
        let mut crc = Crc32::new();
        crc.update(self.buffer.as_ref());
        if crc.register() == RESIDUE {
            Ok(())
        } else {
            Err(Aal5Error::Crc)
        }
    }

    /// The trailer (the last 8 octets).
    pub fn trailer(&self) -> Trailer<&[u8]> {
        let bytes = self.buffer.as_ref();
        let at = bytes.len().saturating_sub(TRAILER_LEN);
        Trailer::new_unchecked(bytes.get(at..).unwrap_or(&[]))
    }

    /// The CPCS-PDU payload (the SDU): the first Length octets.
    pub fn payload(&self) -> &[u8] {
        let bytes = self.buffer.as_ref();
        let length = usize::from(self.trailer().length());
        bytes.get(..length).unwrap_or(&[])
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

/// Total length of a fragment list, or an error above [`MAX_SDU_LEN`].
pub fn sdu_len(fragments: &[&[u8]]) -> Result<usize, Aal5Error> {
    let len = fragments.iter().try_fold(0usize, |acc, f| acc.checked_add(f.len()));
    match len {
        Some(len) if len <= MAX_SDU_LEN => Ok(len),
        _ => Err(Aal5Error::SduTooLong),
    }
}

/// Builds the CPCS-PDU for the SDU given as `fragments` into `out` (I.363.5 §10.1.1): payload,
/// zero PAD, trailer with `uu`, `cpi`, Length and CRC. Returns the PDU length
/// ([`cpcs_pdu_len`]); `out` may be longer.
pub fn emit_pdu(fragments: &[&[u8]], uu: u8, cpi: u8, out: &mut [u8]) -> Result<usize, Aal5Error> {
    let len = sdu_len(fragments)?;
    let pdu_len = cpcs_pdu_len(len);
    let pdu = out.get_mut(..pdu_len).ok_or(Aal5Error::BufferTooSmall)?;
    let (body, trailer) =
        pdu.split_at_mut_checked(pdu_len - TRAILER_LEN).ok_or(Aal5Error::BufferTooSmall)?;
    let mut at = 0;
    for fragment in fragments {
        let end = at + fragment.len();
        if let Some(dst) = body.get_mut(at..end) {
            dst.copy_from_slice(fragment);
        }
        at = end;
    }
    if let Some(pad) = body.get_mut(len..) {
        pad.fill(0);
    }
    let length = u16::try_from(len).map_err(|_| Aal5Error::SduTooLong)?;
    let mut view = Trailer::new_unchecked(&mut *trailer);
    view.set_uu(uu);
    view.set_cpi(cpi);
    view.set_length(length);
    let mut crc = Crc32::new();
    crc.update(body);
    crc.update(trailer.get(..field::CRC.start).unwrap_or(&[]));
    Trailer::new_unchecked(trailer).set_crc(crc.finish());
    Ok(pdu_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    /// I.363.5 / atm-reference.md vectors: 48-octet PDU, 40 payload octets, UU = CPI = 0,
    /// Length = 0x0028.
    fn vector(payload: &[u8; 40]) -> [u8; 48] {
        let mut pdu = [0u8; 48];
        assert_eq!(emit_pdu(&[payload], 0, 0, &mut pdu), Ok(48));
        pdu
    }

    #[test]
    fn known_answer_zeros() {
        let pdu = vector(&[0u8; 40]);
        assert_eq!(&pdu[40..], &[0, 0, 0x00, 0x28, 0x86, 0x4D, 0x7F, 0x99]);
    }

    #[test]
    fn known_answer_ones() {
        let pdu = vector(&[0xFFu8; 40]);
        assert_eq!(&pdu[40..], &[0, 0, 0x00, 0x28, 0xC5, 0x5E, 0x45, 0x7A]);
    }

    #[test]
    fn known_answer_counting() {
        let mut payload = [0u8; 40];
        for (i, b) in payload.iter_mut().enumerate() {
            *b = i as u8 + 1;
        }
        let pdu = vector(&payload);
        assert_eq!(&pdu[40..], &[0, 0, 0x00, 0x28, 0xBF, 0x67, 0x1E, 0xD0]);
        let view = CpcsPdu::new_checked(&pdu[..]).unwrap();
        assert_eq!(view.check_crc(), Ok(()));
        assert_eq!(view.payload(), &payload[..]);
    }

    #[test]
    fn trailer_deconstruct() {
        let bytes = [0x5A, 0x00, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF];
        let t = Trailer::new_checked(&bytes[..]).unwrap();
        assert_eq!(t.uu(), 0x5A);
        assert_eq!(t.cpi(), 0);
        assert_eq!(t.length(), 0x1234);
        assert_eq!(t.crc(), 0xDEAD_BEEF);
        let repr = TrailerRepr::parse(&t).unwrap();
        assert_eq!(repr, TrailerRepr { uu: 0x5A, cpi: 0, length: 0x1234, crc: 0xDEAD_BEEF });
    }

    #[test]
    fn trailer_construct_and_emit() {
        let mut bytes = [0u8; 8];
        let mut t = Trailer::new_checked(&mut bytes[..]).unwrap();
        t.set_uu(1);
        t.set_cpi(2);
        t.set_length(0x0304);
        t.set_crc(0x0506_0708);
        assert_eq!(bytes, [1, 2, 3, 4, 5, 6, 7, 8]);
        let repr = TrailerRepr { uu: 9, cpi: 0, length: 65535, crc: 1 };
        let mut out = [0u8; 8];
        assert_eq!(repr.buffer_len(), 8);
        repr.emit(&mut Trailer::new_unchecked(&mut out[..])).unwrap();
        assert_eq!(out, [9, 0, 0xFF, 0xFF, 0, 0, 0, 1]);
    }

    #[test]
    fn trailer_too_short() {
        assert_eq!(Trailer::new_checked(&[0u8; 7][..]).unwrap_err(), Aal5Error::Truncated);
        let mut short = [0u8; 7];
        let repr = TrailerRepr::default();
        assert_eq!(
            repr.emit(&mut Trailer::new_unchecked(&mut short[..])),
            Err(Aal5Error::Truncated)
        );
        // An unchecked short view reads zeros instead of panicking.
        assert_eq!(Trailer::new_unchecked(&[7u8][..]).crc(), 0);
    }

    #[test]
    fn lengths_and_pad() {
        assert_eq!(cpcs_pdu_len(0), 48);
        assert_eq!(pad_len(0), 40);
        assert_eq!(cpcs_pdu_len(40), 48);
        assert_eq!(pad_len(40), 0);
        assert_eq!(cpcs_pdu_len(41), 96);
        assert_eq!(pad_len(41), 47);
        assert_eq!(cpcs_pdu_len(9180), 9216);
        assert_eq!(cpcs_pdu_len(65535), 65568);
        assert_eq!(cell_count(65535), 1366);
        // Saturates instead of overflowing.
        assert_eq!(cpcs_pdu_len(usize::MAX), usize::MAX);
    }

    #[test]
    fn fragments_equal_one_piece() {
        let data: Vec<u8> = (0..200u8).collect();
        let mut a = vec![0u8; 240];
        let mut b = vec![0u8; 240];
        emit_pdu(&[&data], 7, 0, &mut a).unwrap();
        emit_pdu(&[&data[..3], &[], &data[3..150], &data[150..]], 7, 0, &mut b).unwrap();
        assert_eq!(a, b);
        let view = CpcsPdu::new_checked(&a[..]).unwrap();
        assert_eq!(view.check_crc(), Ok(()));
        assert_eq!(view.trailer().uu(), 7);
    }

    #[test]
    fn emit_rejects_small_buffer_and_long_sdu() {
        let mut out = [0u8; 47];
        assert_eq!(emit_pdu(&[], 0, 0, &mut out), Err(Aal5Error::BufferTooSmall));
        let big = vec![0u8; 65536];
        let mut out = vec![0u8; 70000];
        assert_eq!(emit_pdu(&[&big], 0, 0, &mut out), Err(Aal5Error::SduTooLong));
        assert_eq!(emit_pdu(&[&big[..65535]], 0, 0, &mut out), Ok(65568));
    }

    #[test]
    fn check_rejects_each_validity_rule() {
        let mut pdu = vector(&[0u8; 40]);
        assert_eq!(CpcsPdu::new_checked(&pdu[..47]).unwrap_err(), Aal5Error::Truncated);
        let mut long = [0u8; 50];
        long[..48].copy_from_slice(&pdu);
        assert_eq!(CpcsPdu::new_checked(&long[..]).unwrap_err(), Aal5Error::LengthMismatch);
        // Length greater than the payload space.
        pdu[42..44].copy_from_slice(&41u16.to_be_bytes());
        assert_eq!(CpcsPdu::new_checked(&pdu[..]).unwrap_err(), Aal5Error::LengthMismatch);
        // PAD of 48 or more: Length 0 in a 2-cell PDU.
        let mut two = vec![0u8; 96];
        emit_pdu(&[&[1u8; 41]], 0, 0, &mut two).unwrap();
        two[90..92].copy_from_slice(&0u16.to_be_bytes());
        assert_eq!(CpcsPdu::new_checked(&two[..]).unwrap_err(), Aal5Error::LengthMismatch);
        // CPI other than 0.
        let mut cpi = vector(&[0u8; 40]);
        cpi[41] = 1;
        assert_eq!(CpcsPdu::new_checked(&cpi[..]).unwrap_err(), Aal5Error::InvalidCpi);
        // A flipped bit fails the CRC but not the framing.
        let mut bad = vector(&[0u8; 40]);
        bad[3] ^= 0x10;
        let view = CpcsPdu::new_checked(&bad[..]).unwrap();
        assert_eq!(view.check_crc(), Err(Aal5Error::Crc));
    }
}
