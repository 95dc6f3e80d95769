//! ATM addresses: the 20-octet ATM End System Address (AESA, ATM Forum UNI 3.1 §5.1.3.1 /
//! UNI Signalling 4.0 §3, after ISO/IEC 8348 NSAP formats) and native E.164 numbers, with the
//! text forms people type and read.
//!
//! AESA text: 40 hex digits, dots allowed anywhere between digits
//! (`47.0005.80ffe1000000f21510000020481a0000.01`, `39.840f.80.113184.0000.0000.0000.0000.00`,
//! or 40 plain hex digits). E.164 text: 1 to 15 decimal digits with an optional leading `+`.

use core::fmt;
use core::str::FromStr;

/// Length of an AESA in octets.
pub const AESA_LEN: usize = 20;
/// Largest number of digits of an E.164 number (E.164 §6).
pub const E164_MAX_DIGITS: usize = 15;

/// Octet offsets inside an AESA (UNI 3.1 §5.1.3.1, Figure 5-17): AFI, IDI, HO-DSP, ESI, SEL.
mod field {
    use core::ops::Range;
    pub const AFI: usize = 0;
    /// DCC or ICD: 2 octets of BCD.
    pub const IDI_DCC_ICD: Range<usize> = 1..3;
    pub const HO_DSP_DCC_ICD: Range<usize> = 3..13;
    /// E.164: 8 octets, 15 BCD digits and a final hex F.
    pub const IDI_E164: Range<usize> = 1..9;
    pub const HO_DSP_E164: Range<usize> = 9..13;
    /// Local format (AFI 49): no IDI, a 12-octet HO-DSP.
    pub const HO_DSP_LOCAL: Range<usize> = 1..13;
    pub const ESI: Range<usize> = 13..19;
    pub const SEL: usize = 19;
}

/// The format of an AESA, named by its Authority and Format Identifier (AFI).
///
/// Group AFIs (ISO/IEC 8348 group addresses, used by UNI 4.0 anycast) are the individual AFI
/// plus 150 (39→BD, 47→C5, 45→C3, 49→C7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AesaFormat {
    /// AFI 0x39: DCC ATM format (Data Country Code IDI).
    Dcc,
    /// AFI 0x47: ICD ATM format (International Code Designator IDI).
    Icd,
    /// AFI 0x45: E.164 ATM format (E.164 number as IDI).
    E164,
    /// AFI 0x49: local format (no IDI).
    Local,
    /// AFI 0xBD: DCC group address.
    DccGroup,
    /// AFI 0xC5: ICD group address.
    IcdGroup,
    /// AFI 0xC3: E.164 group address.
    E164Group,
    /// AFI 0xC7: local group address.
    LocalGroup,
    /// Any other AFI.
    Unknown(u8),
}

impl From<u8> for AesaFormat {
    fn from(afi: u8) -> Self {
        match afi {
            0x39 => AesaFormat::Dcc,
            0x47 => AesaFormat::Icd,
            0x45 => AesaFormat::E164,
            0x49 => AesaFormat::Local,
            0xBD => AesaFormat::DccGroup,
            0xC5 => AesaFormat::IcdGroup,
            0xC3 => AesaFormat::E164Group,
            0xC7 => AesaFormat::LocalGroup,
            other => AesaFormat::Unknown(other),
        }
    }
}

impl From<AesaFormat> for u8 {
    fn from(f: AesaFormat) -> u8 {
        match f {
            AesaFormat::Dcc => 0x39,
            AesaFormat::Icd => 0x47,
            AesaFormat::E164 => 0x45,
            AesaFormat::Local => 0x49,
            AesaFormat::DccGroup => 0xBD,
            AesaFormat::IcdGroup => 0xC5,
            AesaFormat::E164Group => 0xC3,
            AesaFormat::LocalGroup => 0xC7,
            AesaFormat::Unknown(afi) => afi,
        }
    }
}

impl AesaFormat {
    /// True for the group-address AFIs.
    pub fn is_group(self) -> bool {
        matches!(
            self,
            AesaFormat::DccGroup
                | AesaFormat::IcdGroup
                | AesaFormat::E164Group
                | AesaFormat::LocalGroup
        )
    }
}

/// A 20-octet ATM End System Address (UNI 3.1 §5.1.3.1). Every 20-octet value is an AESA;
/// the accessors interpret the fields by the AFI.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aesa(pub [u8; AESA_LEN]);

impl Aesa {
    /// The address from its 20 octets.
    pub const fn new(octets: [u8; AESA_LEN]) -> Self {
        Aesa(octets)
    }

    /// The address from a slice, or `None` unless it is exactly 20 octets.
    pub fn from_slice(octets: &[u8]) -> Option<Self> {
        let arr: [u8; AESA_LEN] = octets.try_into().ok()?;
        Some(Aesa(arr))
    }

    /// Builds a DCC (`group == false`: AFI 39) or DCC group (AFI BD) address.
    pub fn dcc(dcc: [u8; 2], ho_dsp: [u8; 10], esi: [u8; 6], sel: u8, group: bool) -> Self {
        let afi = if group { 0xBD } else { 0x39 };
        Self::build(afi, &dcc, &ho_dsp, esi, sel)
    }

    /// Builds an ICD (AFI 47) or ICD group (AFI C5) address.
    pub fn icd(icd: [u8; 2], ho_dsp: [u8; 10], esi: [u8; 6], sel: u8, group: bool) -> Self {
        let afi = if group { 0xC5 } else { 0x47 };
        Self::build(afi, &icd, &ho_dsp, esi, sel)
    }

    /// Builds an E.164 ATM format (AFI 45) or E.164 group (AFI C3) address: the number is
    /// written as 15 BCD digits, right-aligned with leading zeros, followed by hex F.
    pub fn e164(number: &E164, ho_dsp: [u8; 4], esi: [u8; 6], sel: u8, group: bool) -> Self {
        let afi = if group { 0xC3 } else { 0x45 };
        let mut nibbles = [0u8; 16];
        let digits = number.digits();
        let start = E164_MAX_DIGITS.saturating_sub(digits.len());
        for (slot, d) in nibbles.iter_mut().skip(start).zip(digits) {
            *slot = d.wrapping_sub(b'0');
        }
        if let Some(last) = nibbles.last_mut() {
            *last = 0xF;
        }
        let mut idi = [0u8; 8];
        for (o, pair) in idi.iter_mut().zip(nibbles.chunks_exact(2)) {
            if let [hi, lo] = pair {
                *o = (hi << 4) | lo;
            }
        }
        Self::build(afi, &idi, &ho_dsp, esi, sel)
    }

    fn build(afi: u8, idi: &[u8], ho_dsp: &[u8], esi: [u8; 6], sel: u8) -> Self {
        let mut a = [0u8; AESA_LEN];
        let octets = core::iter::once(afi)
            .chain(idi.iter().copied())
            .chain(ho_dsp.iter().copied())
            .chain(esi)
            .chain(core::iter::once(sel));
        for (slot, b) in a.iter_mut().zip(octets) {
            *slot = b;
        }
        Aesa(a)
    }

    /// The 20 octets.
    pub fn octets(&self) -> &[u8; AESA_LEN] {
        &self.0
    }

    /// Authority and Format Identifier (octet 1).
    pub fn afi(&self) -> u8 {
        self.0.get(field::AFI).copied().unwrap_or(0)
    }

    /// The format named by the AFI.
    pub fn format(&self) -> AesaFormat {
        AesaFormat::from(self.afi())
    }

    /// Initial Domain Identifier: the DCC or ICD (2 octets, BCD), the E.164 number (8 octets,
    /// BCD), empty for the local format; `None` for an unknown AFI.
    pub fn idi(&self) -> Option<&[u8]> {
        match self.format() {
            AesaFormat::Dcc | AesaFormat::Icd | AesaFormat::DccGroup | AesaFormat::IcdGroup => {
                self.0.get(field::IDI_DCC_ICD)
            }
            AesaFormat::E164 | AesaFormat::E164Group => self.0.get(field::IDI_E164),
            AesaFormat::Local | AesaFormat::LocalGroup => Some(&[]),
            AesaFormat::Unknown(_) => None,
        }
    }

    /// High-Order Domain Specific Part: 10 octets (DCC, ICD), 4 octets (E.164), 12 octets
    /// (local); `None` for an unknown AFI.
    pub fn ho_dsp(&self) -> Option<&[u8]> {
        match self.format() {
            AesaFormat::Dcc | AesaFormat::Icd | AesaFormat::DccGroup | AesaFormat::IcdGroup => {
                self.0.get(field::HO_DSP_DCC_ICD)
            }
            AesaFormat::E164 | AesaFormat::E164Group => self.0.get(field::HO_DSP_E164),
            AesaFormat::Local | AesaFormat::LocalGroup => self.0.get(field::HO_DSP_LOCAL),
            AesaFormat::Unknown(_) => None,
        }
    }

    /// End System Identifier (octets 14-19), in every format.
    pub fn esi(&self) -> [u8; 6] {
        let mut esi = [0u8; 6];
        if let Some(s) = self.0.get(field::ESI) {
            esi.copy_from_slice(s);
        }
        esi
    }

    /// Selector (octet 20), in every format.
    pub fn sel(&self) -> u8 {
        self.0.get(field::SEL).copied().unwrap_or(0)
    }

    /// The E.164 number carried in the IDI of an E.164-format address: the BCD digits with
    /// leading zeros and the final F removed. `None` for other formats or malformed BCD.
    pub fn e164_number(&self) -> Option<E164> {
        if !matches!(self.format(), AesaFormat::E164 | AesaFormat::E164Group) {
            return None;
        }
        let idi = self.0.get(field::IDI_E164)?;
        let mut digits = [0u8; 16];
        for (pair, b) in digits.chunks_exact_mut(2).zip(idi) {
            if let [hi, lo] = pair {
                *hi = b >> 4;
                *lo = b & 0x0F;
            }
        }
        let (last, body) = digits.split_last()?;
        if *last != 0xF || body.iter().any(|d| *d > 9) {
            return None;
        }
        let first = body.iter().position(|d| *d != 0).unwrap_or(body.len().saturating_sub(1));
        let mut ascii = [0u8; E164_MAX_DIGITS];
        let sig = body.get(first..)?;
        for (a, d) in ascii.iter_mut().zip(sig) {
            *a = b'0' + d;
        }
        E164::from_digits(ascii.get(..sig.len())?).ok()
    }

    /// Parses the AESA text form (see the module documentation).
    pub fn parse_text(s: &str) -> Result<Self, AddressParseError> {
        if s.is_empty() {
            return Err(AddressParseError::Empty);
        }
        let mut out = [0u8; AESA_LEN];
        let mut nibbles = 0usize;
        let mut prev_dot = true; // a leading dot is misplaced
        for (index, c) in s.char_indices() {
            if c == '.' {
                if prev_dot {
                    return Err(AddressParseError::MisplacedDot { index });
                }
                prev_dot = true;
                continue;
            }
            prev_dot = false;
            let v = c.to_digit(16).ok_or(AddressParseError::InvalidCharacter { index })?;
            if let Some(slot) = out.get_mut(nibbles / 2) {
                // to_digit(16) is below 16, so the cast keeps every bit.
                let v = v as u8;
                *slot |= if nibbles.is_multiple_of(2) { v << 4 } else { v };
            }
            nibbles += 1;
        }
        if prev_dot {
            return Err(AddressParseError::MisplacedDot { index: s.len().saturating_sub(1) });
        }
        if nibbles != 2 * AESA_LEN {
            return Err(AddressParseError::AesaLength { hex_digits: nibbles });
        }
        Ok(Aesa(out))
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Longest dotted text: 40 hex digits and 3 dots.
const AESA_TEXT_MAX: usize = 2 * AESA_LEN + 3;

/// Dotted form: `AFI.IDI.HO-DSP+ESI.SEL` (`47.0005.80ffe1000000f21510000020481a0000.01`);
/// local and unknown formats print `AFI.HO-DSP+ESI.SEL`.
impl fmt::Display for Aesa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let idi_len = match self.format() {
            AesaFormat::Dcc | AesaFormat::Icd | AesaFormat::DccGroup | AesaFormat::IcdGroup => 2,
            AesaFormat::E164 | AesaFormat::E164Group => 8,
            AesaFormat::Local | AesaFormat::LocalGroup | AesaFormat::Unknown(_) => 0,
        };
        // Dots go after the AFI, after the IDI (if any) and before the SEL.
        let dot_after = |i: usize| i == 0 || (idi_len > 0 && i == idi_len) || i == AESA_LEN - 2;
        let mut text = [0u8; AESA_TEXT_MAX];
        let mut n = 0;
        for (i, b) in self.0.iter().enumerate() {
            for c in [HEX.get(usize::from(b >> 4)), HEX.get(usize::from(b & 0xF))] {
                if let (Some(slot), Some(c)) = (text.get_mut(n), c) {
                    *slot = *c;
                    n += 1;
                }
            }
            if dot_after(i) {
                if let Some(slot) = text.get_mut(n) {
                    *slot = b'.';
                    n += 1;
                }
            }
        }
        let text = text.get(..n).ok_or(fmt::Error)?;
        f.pad(core::str::from_utf8(text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Aesa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Aesa({self})")
    }
}

impl FromStr for Aesa {
    type Err = AddressParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Aesa::parse_text(s)
    }
}

/// A native E.164 number: 1 to 15 decimal digits, stored as IA5 characters ('0'..'9') as
/// they are carried in the called/calling party number IEs (Q.2931 §4.5.11).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct E164 {
    len: u8,
    digits: [u8; E164_MAX_DIGITS],
}

impl E164 {
    /// From IA5 digit characters; fails unless 1..=15 characters, all '0'..='9'.
    pub fn from_digits(digits: &[u8]) -> Result<Self, AddressParseError> {
        if digits.is_empty() {
            return Err(AddressParseError::Empty);
        }
        if let Some(index) = digits.iter().position(|d| !d.is_ascii_digit()) {
            return Err(AddressParseError::InvalidCharacter { index });
        }
        if digits.len() > E164_MAX_DIGITS {
            return Err(AddressParseError::E164Length { digits: digits.len() });
        }
        let mut out = [0u8; E164_MAX_DIGITS];
        out.get_mut(..digits.len())
            .ok_or(AddressParseError::E164Length { digits: digits.len() })?
            .copy_from_slice(digits);
        let len = u8::try_from(digits.len())
            .map_err(|_| AddressParseError::E164Length { digits: digits.len() })?;
        Ok(E164 { len, digits: out })
    }

    /// The digits as IA5 characters.
    pub fn digits(&self) -> &[u8] {
        self.digits.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// Number of digits (1..=15).
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Never true for a constructed number; present for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The digits, without a `+`.
impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.digits() {
            write!(f, "{}", char::from(*d))?;
        }
        Ok(())
    }
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164({self})")
    }
}

impl FromStr for E164 {
    type Err = AddressParseError;
    /// Digits with an optional leading `+`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (offset, body) = match s.strip_prefix('+') {
            Some(b) => (1, b),
            None => (0, s),
        };
        E164::from_digits(body.as_bytes()).map_err(|e| match e {
            AddressParseError::InvalidCharacter { index } => {
                AddressParseError::InvalidCharacter { index: index + offset }
            }
            other => other,
        })
    }
}

/// An ATM address as carried in the party number IEs: an AESA (numbering plan "ATM Endsystem
/// Address") or a native E.164 number (numbering plan "ISDN/telephony", UNI 3.1 §5.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AtmAddress {
    /// 20-octet AESA.
    Aesa(Aesa),
    /// Native E.164 number.
    E164(E164),
}

impl fmt::Display for AtmAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AtmAddress::Aesa(a) => a.fmt(f),
            AtmAddress::E164(e) => e.fmt(f),
        }
    }
}

impl FromStr for AtmAddress {
    type Err = AddressParseError;
    /// `+digits` or up to 15 plain decimal digits is an E.164 number; anything else is read as
    /// an AESA.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let e164_like = s.starts_with('+')
            || (!s.is_empty()
                && s.len() <= E164_MAX_DIGITS
                && s.bytes().all(|b| b.is_ascii_digit()));
        if e164_like {
            s.parse().map(AtmAddress::E164)
        } else {
            s.parse().map(AtmAddress::Aesa)
        }
    }
}

impl From<Aesa> for AtmAddress {
    fn from(a: Aesa) -> Self {
        AtmAddress::Aesa(a)
    }
}

impl From<E164> for AtmAddress {
    fn from(e: E164) -> Self {
        AtmAddress::E164(e)
    }
}

/// Why an address text (or digit string) was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressParseError {
    /// Nothing to parse.
    Empty,
    /// A character that is not a (hex) digit, a dot (AESA) or a leading `+` (E.164), at
    /// byte `index`.
    InvalidCharacter {
        /// Byte index of the character in the input.
        index: usize,
    },
    /// A dot at the start, at the end or right after another dot, at byte `index`.
    MisplacedDot {
        /// Byte index of the dot in the input.
        index: usize,
    },
    /// An AESA needs exactly 40 hex digits.
    AesaLength {
        /// How many hex digits were found.
        hex_digits: usize,
    },
    /// An E.164 number has 1 to 15 digits.
    E164Length {
        /// How many digits were found.
        digits: usize,
    },
}

impl fmt::Display for AddressParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressParseError::Empty => f.write_str("empty address"),
            AddressParseError::InvalidCharacter { index } => {
                write!(f, "invalid character at byte {index}")
            }
            AddressParseError::MisplacedDot { index } => write!(f, "misplaced dot at byte {index}"),
            AddressParseError::AesaLength { hex_digits } => {
                write!(f, "an AESA has 40 hex digits, found {hex_digits}")
            }
            AddressParseError::E164Length { digits } => {
                write!(f, "an E.164 number has 1 to 15 digits, found {digits}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// The called party AESA of the UNI 4.0 SETUP in atm-reference.md.
    const SETUP_AESA: [u8; 20] = [
        0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00, 0x00, 0x20,
        0x48, 0x1a, 0x00, 0x00, 0x01,
    ];

    #[test]
    fn icd_fields_of_the_setup_address() {
        let a = Aesa(SETUP_AESA);
        assert_eq!(a.afi(), 0x47);
        assert_eq!(a.format(), AesaFormat::Icd);
        assert!(!a.format().is_group());
        assert_eq!(a.idi(), Some(&[0x00, 0x05][..]));
        assert_eq!(
            a.ho_dsp(),
            Some(&[0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00][..])
        );
        assert_eq!(a.esi(), [0x00, 0x20, 0x48, 0x1a, 0x00, 0x00]);
        assert_eq!(a.sel(), 0x01);
        assert_eq!(a.e164_number(), None);
        let built = Aesa::icd(
            [0x00, 0x05],
            [0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00],
            [0x00, 0x20, 0x48, 0x1a, 0x00, 0x00],
            0x01,
            false,
        );
        assert_eq!(built, a);
    }

    #[test]
    fn text_forms_of_the_setup_address() {
        let a = Aesa(SETUP_AESA);
        assert_eq!(a.to_string(), "47.0005.80ffe1000000f21510000020481a0000.01");
        assert_eq!("47.0005.80ffe1000000f21510000020481a0000.01".parse::<Aesa>(), Ok(a));
        assert_eq!("47000580FFE1000000F21510000020481A000001".parse::<Aesa>(), Ok(a));
        assert_eq!("47.0005.80.ffe100.0000.f215.1000.0020481a0000.01".parse::<Aesa>(), Ok(a));
        assert_eq!(
            "47.0005.80ffe1000000f21510000020481a0000.01".parse::<AtmAddress>(),
            Ok(AtmAddress::Aesa(a))
        );
    }

    #[test]
    fn dcc_style_text() {
        // The brief's literal example has 32 hex digits (16 octets): not a whole AESA.
        assert_eq!(
            "39.840f.80.113184.0000.0000.0000.0000.00".parse::<Aesa>(),
            Err(AddressParseError::AesaLength { hex_digits: 32 })
        );
        let a: Aesa = "39.840f.80.113184.0000.0000.0000.0000.0000.0000.00".parse().unwrap();
        assert_eq!(a.format(), AesaFormat::Dcc);
        assert_eq!(a.idi(), Some(&[0x84, 0x0f][..]));
        assert_eq!(a.ho_dsp().map(|h| h.len()), Some(10));
        assert_eq!(a.to_string(), "39.840f.80113184000000000000000000000000.00");
        let g = Aesa::dcc([0x84, 0x0f], [0; 10], [0; 6], 0, true);
        assert_eq!(g.format(), AesaFormat::DccGroup);
        assert!(g.format().is_group());
    }

    #[test]
    fn e164_format_address() {
        let n: E164 = "+4930123456".parse().unwrap();
        let a = Aesa::e164(&n, [1, 2, 3, 4], [0xaa; 6], 0x05, false);
        assert_eq!(a.format(), AesaFormat::E164);
        assert_eq!(a.idi(), Some(&[0x00, 0x00, 0x04, 0x93, 0x01, 0x23, 0x45, 0x6f][..]));
        assert_eq!(a.ho_dsp(), Some(&[1, 2, 3, 4][..]));
        assert_eq!(a.e164_number(), Some(n));
        assert_eq!(a.to_string(), "45.000004930123456f.01020304aaaaaaaaaaaa.05");
        assert_eq!(a.to_string().parse::<Aesa>(), Ok(a));
        let g = Aesa::e164(&n, [0; 4], [0; 6], 0, true);
        assert_eq!(g.afi(), 0xC3);
    }

    #[test]
    fn local_and_unknown_formats() {
        let mut o = [0u8; 20];
        o[0] = 0x49;
        let a = Aesa(o);
        assert_eq!(a.idi(), Some(&[][..]));
        assert_eq!(a.ho_dsp().map(<[u8]>::len), Some(12));
        o[0] = 0x11;
        let u = Aesa(o);
        assert_eq!(u.format(), AesaFormat::Unknown(0x11));
        assert_eq!(u.idi(), None);
        assert_eq!(u.ho_dsp(), None);
        assert_eq!(u.to_string().parse::<Aesa>(), Ok(u));
        for afi in 0..=255u8 {
            assert_eq!(u8::from(AesaFormat::from(afi)), afi);
        }
    }

    #[test]
    fn e164_text() {
        let n: E164 = "4930123456".parse().unwrap();
        assert_eq!(n.digits(), b"4930123456");
        assert_eq!(n.to_string(), "4930123456");
        assert_eq!("+4930123456".parse::<E164>(), Ok(n));
        assert_eq!("4930123456".parse::<AtmAddress>(), Ok(AtmAddress::E164(n)));
        assert_eq!("+1".parse::<AtmAddress>().map(|a| a.to_string()), Ok("1".into()));
    }

    #[test]
    fn text_errors_are_typed() {
        assert_eq!("".parse::<Aesa>(), Err(AddressParseError::Empty));
        assert_eq!("".parse::<E164>(), Err(AddressParseError::Empty));
        assert_eq!("+".parse::<E164>(), Err(AddressParseError::Empty));
        assert_eq!(
            "47.00g5".parse::<Aesa>(),
            Err(AddressParseError::InvalidCharacter { index: 5 })
        );
        assert_eq!(".47".parse::<Aesa>(), Err(AddressParseError::MisplacedDot { index: 0 }));
        assert_eq!("47..00".parse::<Aesa>(), Err(AddressParseError::MisplacedDot { index: 3 }));
        assert_eq!("4700.".parse::<Aesa>(), Err(AddressParseError::MisplacedDot { index: 4 }));
        assert_eq!("4700".parse::<Aesa>(), Err(AddressParseError::AesaLength { hex_digits: 4 }));
        assert_eq!(
            "47000580ffe1000000f21510000020481a00000100".parse::<Aesa>(),
            Err(AddressParseError::AesaLength { hex_digits: 42 })
        );
        assert_eq!(
            "1234567890123456".parse::<E164>(),
            Err(AddressParseError::E164Length { digits: 16 })
        );
        assert_eq!("+12a".parse::<E164>(), Err(AddressParseError::InvalidCharacter { index: 3 }));
        assert_eq!(
            "+12a".parse::<AtmAddress>(),
            Err(AddressParseError::InvalidCharacter { index: 3 })
        );
        assert!(!AddressParseError::Empty.to_string().is_empty());
    }
}
