//! SSCOP protocol data units (Q.2110 §7.1, §7.2).
//!
//! Every SSCOP PDU is a whole number of 32-bit words and carries its "header" as a trailer:
//! the last word holds the pad length PL (2 bits), two reserved bits (the second of which is
//! the source bit S in END), the PDU type (4 bits) and a 24-bit sequence field. Variable
//! fields (SD/UD/MD information, SSCOP-UU, STAT list elements) precede the trailer words.
//!
//! Two layers, as everywhere in this crate (style.md): the zero-copy [`Packet`] view whose
//! accessors never panic once [`Packet::check_len`] passed, and the owned-by-reference
//! [`Repr`] with `parse` / `buffer_len` / `emit`. Decoding never allocates: the STAT list is
//! kept as a view on the received octets ([`List::Wire`]).

use core::fmt;

use super::seq;

/// Trailer layout (Q.2110 §7.2, Figures 7-1 .. 7-15). Offsets count from the start of a
/// trailer word; words are numbered from the end of the PDU (word 1 is the last word).
pub mod field {
    use core::ops::Range;

    /// Length of one word.
    pub const WORD: usize = 4;
    /// Octet of the last word holding PL | reserved | S | PDU type.
    pub const TYPE_OCTET: usize = 0;
    /// Pad length PL: the two most significant bits of the type octet.
    pub const PL_MASK: u8 = 0xC0;
    /// Shift of PL within the type octet.
    pub const PL_SHIFT: u32 = 6;
    /// Source bit S of END (the low reserved bit of the type octet).
    pub const S_MASK: u8 = 0x10;
    /// PDU type: the four least significant bits of the type octet.
    pub const TYPE_MASK: u8 = 0x0F;
    /// The 24-bit sequence-number field of a word (N(S), N(R), N(MR), N(PS), list elements).
    pub const SEQ: Range<usize> = 1..4;
    /// N(SQ): the last octet of word 2 in BGN, RS and ER.
    pub const N_SQ: usize = 3;
    /// Trailer words of BGN, BGAK, BGREJ, END, ENDAK, RS, RSAK, ER, ERAK, POLL.
    pub const TWO_WORDS: usize = 8;
    /// Trailer words of STAT (N(PS), N(MR), type + N(R)).
    pub const STAT_TRAILER: usize = 12;
    /// Whole USTAT PDU: two list elements, N(MR), type + N(R).
    pub const USTAT_LEN: usize = 16;
    /// Trailer of SD, UD and MD.
    pub const ONE_WORD: usize = 4;
}

/// SSCOP PDU type codes (Q.2110 Table 7-1 / §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PduType {
    /// Begin (0001).
    Bgn,
    /// Begin acknowledge (0010).
    Bgak,
    /// End (0011).
    End,
    /// End acknowledge (0100).
    Endak,
    /// Resynchronization (0101).
    Rs,
    /// Resynchronization acknowledge (0110).
    Rsak,
    /// Begin reject (0111).
    Bgrej,
    /// Sequenced data (1000).
    Sd,
    /// Error recovery (1001).
    Er,
    /// Status request (1010).
    Poll,
    /// Solicited status response (1011).
    Stat,
    /// Unsolicited status response (1100).
    Ustat,
    /// Unnumbered user data (1101).
    Ud,
    /// Unnumbered management data (1110).
    Md,
    /// Error recovery acknowledge (1111).
    Erak,
    /// A code Q.2110 does not define (only 0000 in a 4-bit field).
    Unknown(u8),
}

impl From<u8> for PduType {
    fn from(code: u8) -> Self {
        match code {
            0x1 => PduType::Bgn,
            0x2 => PduType::Bgak,
            0x3 => PduType::End,
            0x4 => PduType::Endak,
            0x5 => PduType::Rs,
            0x6 => PduType::Rsak,
            0x7 => PduType::Bgrej,
            0x8 => PduType::Sd,
            0x9 => PduType::Er,
            0xA => PduType::Poll,
            0xB => PduType::Stat,
            0xC => PduType::Ustat,
            0xD => PduType::Ud,
            0xE => PduType::Md,
            0xF => PduType::Erak,
            other => PduType::Unknown(other),
        }
    }
}

impl From<PduType> for u8 {
    fn from(t: PduType) -> u8 {
        match t {
            PduType::Bgn => 0x1,
            PduType::Bgak => 0x2,
            PduType::End => 0x3,
            PduType::Endak => 0x4,
            PduType::Rs => 0x5,
            PduType::Rsak => 0x6,
            PduType::Bgrej => 0x7,
            PduType::Sd => 0x8,
            PduType::Er => 0x9,
            PduType::Poll => 0xA,
            PduType::Stat => 0xB,
            PduType::Ustat => 0xC,
            PduType::Ud => 0xD,
            PduType::Md => 0xE,
            PduType::Erak => 0xF,
            PduType::Unknown(code) => code,
        }
    }
}

impl PduType {
    /// All fifteen PDU types Q.2110 defines, in code order.
    pub const ALL: [PduType; 15] = [
        PduType::Bgn,
        PduType::Bgak,
        PduType::End,
        PduType::Endak,
        PduType::Rs,
        PduType::Rsak,
        PduType::Bgrej,
        PduType::Sd,
        PduType::Er,
        PduType::Poll,
        PduType::Stat,
        PduType::Ustat,
        PduType::Ud,
        PduType::Md,
        PduType::Erak,
    ];

    /// The mnemonic used in Q.2110.
    pub const fn name(self) -> &'static str {
        match self {
            PduType::Bgn => "BGN",
            PduType::Bgak => "BGAK",
            PduType::End => "END",
            PduType::Endak => "ENDAK",
            PduType::Rs => "RS",
            PduType::Rsak => "RSAK",
            PduType::Bgrej => "BGREJ",
            PduType::Sd => "SD",
            PduType::Er => "ER",
            PduType::Poll => "POLL",
            PduType::Stat => "STAT",
            PduType::Ustat => "USTAT",
            PduType::Ud => "UD",
            PduType::Md => "MD",
            PduType::Erak => "ERAK",
            PduType::Unknown(_) => "unknown",
        }
    }

    /// The length rule of this type's trailer and how its variable part is interpreted.
    const fn layout(self) -> Layout {
        match self {
            PduType::Bgn | PduType::Bgak | PduType::Bgrej | PduType::End | PduType::Rs => {
                Layout::PaddedVariable { trailer: field::TWO_WORDS }
            }
            PduType::Sd | PduType::Ud | PduType::Md => {
                Layout::PaddedVariable { trailer: field::ONE_WORD }
            }
            PduType::Endak | PduType::Rsak | PduType::Er | PduType::Erak | PduType::Poll => {
                Layout::Fixed(field::TWO_WORDS)
            }
            PduType::Ustat => Layout::Fixed(field::USTAT_LEN),
            PduType::Stat => Layout::List,
            PduType::Unknown(_) => Layout::Invalid,
        }
    }
}

impl fmt::Display for PduType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PduType::Unknown(code) => write!(f, "unknown PDU type {code:#x}"),
            known => f.write_str(known.name()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A padded variable field (information or SSCOP-UU) followed by `trailer` octets.
    PaddedVariable { trailer: usize },
    /// Exactly this many octets.
    Fixed(usize),
    /// STAT: list elements followed by three trailer words.
    List,
    /// Unknown type.
    Invalid,
}

/// The source of a release, carried in the S bit of END (Q.2110 §7.2.4): 0 = SSCOP user,
/// 1 = SSCOP itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The peer SSCOP user asked for the release.
    User,
    /// The peer SSCOP entity released on its own (protocol error, timer expiry).
    Sscop,
}

/// A PDU length rule, for error reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthRule {
    /// The PDU type has exactly this length.
    Exactly(usize),
    /// The PDU type has at least this length.
    AtLeast(usize),
}

impl fmt::Display for LengthRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LengthRule::Exactly(n) => write!(f, "exactly {n} octets"),
            LengthRule::AtLeast(n) => write!(f, "at least {n} octets"),
        }
    }
}

/// Why a PDU is invalid (Q.2110 §7.4 / SDL "PDU length violation": such a PDU is discarded
/// and reported with MAA-ERROR code U), or why an emit failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Shorter than the four-octet trailer.
    Truncated {
        /// Received length.
        len: usize,
    },
    /// Not a whole number of 32-bit words.
    Unaligned {
        /// Received length.
        len: usize,
    },
    /// PDU type code 0000, which Q.2110 does not define.
    UnknownType {
        /// The received code.
        code: u8,
    },
    /// Length not allowed for the PDU type.
    Length {
        /// The type in the trailer.
        pdu_type: PduType,
        /// What Q.2110 allows.
        expected: LengthRule,
        /// What arrived.
        got: usize,
    },
    /// The pad length PL is larger than the variable field it pads.
    Pad {
        /// The type in the trailer.
        pdu_type: PduType,
        /// PL.
        pad: u8,
        /// Length of the padded field.
        field_len: usize,
    },
    /// Information or SSCOP-UU field longer than the configured maximum (k or j).
    TooLong {
        /// The type in the trailer.
        pdu_type: PduType,
        /// The configured maximum.
        max: usize,
        /// What arrived.
        got: usize,
    },
    /// A STAT PDU with more list elements than MaxSTAT.
    ListTooLong {
        /// MaxSTAT.
        max: usize,
        /// Number of list elements received.
        got: usize,
    },
    /// `emit` was given a buffer shorter than `buffer_len()`.
    Buffer {
        /// Octets needed.
        needed: usize,
        /// Octets available.
        got: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Truncated { len } => {
                write!(f, "SSCOP PDU of {len} octets: expected at least a 4-octet trailer")
            }
            Error::Unaligned { len } => {
                write!(f, "SSCOP PDU of {len} octets: expected a multiple of 4")
            }
            Error::UnknownType { code } => {
                write!(f, "SSCOP PDU type {code:#x}: expected one of the 15 Q.2110 types")
            }
            Error::Length { pdu_type, expected, got } => {
                write!(f, "{pdu_type} PDU of {got} octets: expected {expected}")
            }
            Error::Pad { pdu_type, pad, field_len } => write!(
                f,
                "{pdu_type} PDU with pad length {pad}: expected at most the {field_len}-octet field"
            ),
            Error::TooLong { pdu_type, max, got } => {
                write!(f, "{pdu_type} PDU with a {got}-octet field: expected at most {max}")
            }
            Error::ListTooLong { max, got } => {
                write!(f, "STAT PDU with {got} list elements: expected at most MaxSTAT = {max}")
            }
            Error::Buffer { needed, got } => {
                write!(f, "emit buffer of {got} octets: expected {needed}")
            }
        }
    }
}

/// Receive limits (Q.2110 §7.4 and the SSCF parameter set): the largest information field
/// (k), SSCOP-UU field (j) and STAT list (MaxSTAT) this entity accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// k: the largest SD / UD / MD information field, octets.
    pub max_info: usize,
    /// j: the largest SSCOP-UU field, octets.
    pub max_uu: usize,
    /// MaxSTAT: the most list elements in one STAT PDU.
    pub max_stat: usize,
}

impl Limits {
    /// The SSCF-UNI values (Q.2130): k = j = 4096, MaxSTAT = 67.
    pub const SSCF_UNI: Limits = Limits { max_info: 4096, max_uu: 4096, max_stat: 67 };
    /// No limit beyond what AAL5 can carry (65 535 octets) — for decoding captures.
    pub const AAL5: Limits = Limits { max_info: 65_535, max_uu: 65_535, max_stat: 16_380 };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::SSCF_UNI
    }
}

/// A read/write view on an SSCOP PDU in a buffer (style.md: the zero-copy layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps `buffer` without checking it; accessors then return zeros for missing octets.
    pub const fn new_unchecked(buffer: T) -> Self {
        Packet { buffer }
    }

    /// Wraps `buffer` and checks it with [`Packet::check_len`].
    pub fn new_checked(buffer: T) -> Result<Self, Error> {
        let packet = Packet::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Checks the structural rules of Q.2110 §7.2: word alignment, a known type, and the
    /// length (and pad length) allowed for that type. The configured maxima (k, j, MaxSTAT)
    /// are checked by [`Repr::parse`]. Changing the type octet with a setter makes a previous
    /// check stale.
    pub fn check_len(&self) -> Result<(), Error> {
        let len = self.buffer.as_ref().len();
        if len < field::WORD {
            return Err(Error::Truncated { len });
        }
        if len % field::WORD != 0 {
            return Err(Error::Unaligned { len });
        }
        let pdu_type = self.pdu_type();
        match pdu_type.layout() {
            Layout::Invalid => Err(Error::UnknownType { code: u8::from(pdu_type) }),
            Layout::Fixed(n) => {
                if len == n {
                    Ok(())
                } else {
                    Err(Error::Length { pdu_type, expected: LengthRule::Exactly(n), got: len })
                }
            }
            Layout::List => {
                if len >= field::STAT_TRAILER {
                    Ok(())
                } else {
                    Err(Error::Length {
                        pdu_type,
                        expected: LengthRule::AtLeast(field::STAT_TRAILER),
                        got: len,
                    })
                }
            }
            Layout::PaddedVariable { trailer } => {
                if len < trailer {
                    return Err(Error::Length {
                        pdu_type,
                        expected: LengthRule::AtLeast(trailer),
                        got: len,
                    });
                }
                let field_len = len - trailer;
                let pad = self.pad_len();
                if usize::from(pad) > field_len {
                    return Err(Error::Pad { pdu_type, pad, field_len });
                }
                Ok(())
            }
        }
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The whole PDU.
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Word `k` counted from the end (1 = last word), or zeros when the PDU is too short.
    fn word(&self, k: usize) -> [u8; 4] {
        let bytes = self.buffer.as_ref();
        let mut out = [0u8; 4];
        if let Some(start) = bytes.len().checked_sub(k.saturating_mul(field::WORD)) {
            if let Some(w) = bytes.get(start..start + field::WORD) {
                out.copy_from_slice(w);
            }
        }
        out
    }

    fn seq_of_word(&self, k: usize) -> u32 {
        let w = self.word(k);
        let mut v = [0u8; 4];
        if let (Some(dst), Some(src)) = (v.get_mut(field::SEQ), w.get(field::SEQ)) {
            dst.copy_from_slice(src);
        }
        u32::from_be_bytes(v)
    }

    fn type_octet(&self) -> u8 {
        self.word(1).get(field::TYPE_OCTET).copied().unwrap_or(0)
    }

    /// The PDU type (Q.2110 §7.1).
    pub fn pdu_type(&self) -> PduType {
        PduType::from(self.type_octet() & field::TYPE_MASK)
    }

    /// PL, the number of pad octets (0..=3) before the trailer (SD, UD, MD, BGN, BGAK,
    /// BGREJ, END, RS).
    pub fn pad_len(&self) -> u8 {
        (self.type_octet() & field::PL_MASK) >> field::PL_SHIFT
    }

    /// The source bit S of END (Q.2110 §7.2.4).
    pub fn source(&self) -> Source {
        if self.type_octet() & field::S_MASK != 0 {
            Source::Sscop
        } else {
            Source::User
        }
    }

    /// The 24-bit field of the last word: N(S) in SD and POLL, N(MR) in BGN, BGAK, RS, RSAK,
    /// ER, ERAK, N(R) in STAT and USTAT; reserved (zero) otherwise.
    pub fn last_seq(&self) -> u32 {
        self.seq_of_word(1)
    }

    /// N(S) of SD and POLL.
    pub fn n_s(&self) -> u32 {
        self.last_seq()
    }

    /// N(MR): last word in BGN/BGAK/RS/RSAK/ER/ERAK, word 2 in STAT and USTAT.
    pub fn n_mr(&self) -> u32 {
        match self.pdu_type() {
            PduType::Stat | PduType::Ustat => self.seq_of_word(2),
            _ => self.last_seq(),
        }
    }

    /// N(R) of STAT and USTAT.
    pub fn n_r(&self) -> u32 {
        self.last_seq()
    }

    /// N(PS): word 2 in POLL, word 3 in STAT.
    pub fn n_ps(&self) -> u32 {
        match self.pdu_type() {
            PduType::Stat => self.seq_of_word(3),
            _ => self.seq_of_word(2),
        }
    }

    /// N(SQ) of BGN, RS and ER: the last octet of word 2.
    pub fn n_sq(&self) -> u8 {
        self.word(2).get(field::N_SQ).copied().unwrap_or(0)
    }

    /// The octets in front of the trailer (information, SSCOP-UU or list elements),
    /// including any pad.
    fn front(&self) -> &[u8] {
        let bytes = self.buffer.as_ref();
        let trailer = match self.pdu_type().layout() {
            Layout::PaddedVariable { trailer } => trailer,
            Layout::List => field::STAT_TRAILER,
            Layout::Fixed(n) => {
                if self.pdu_type() == PduType::Ustat {
                    field::USTAT_LEN - field::TWO_WORDS
                } else {
                    n
                }
            }
            Layout::Invalid => bytes.len(),
        };
        bytes.get(..bytes.len().saturating_sub(trailer)).unwrap_or(&[])
    }

    /// The information field (SD, UD, MD) or SSCOP-UU (BGN, BGAK, BGREJ, END, RS) without
    /// its pad; empty for the other types.
    pub fn payload(&self) -> &[u8] {
        match self.pdu_type().layout() {
            Layout::PaddedVariable { .. } => {
                let front = self.front();
                let keep = front.len().saturating_sub(usize::from(self.pad_len()));
                front.get(..keep).unwrap_or(&[])
            }
            Layout::Fixed(_) | Layout::List | Layout::Invalid => &[],
        }
    }

    /// The list elements of STAT (any number) and USTAT (two), as a zero-copy view.
    pub fn list(&self) -> List<'_> {
        match self.pdu_type() {
            PduType::Stat | PduType::Ustat => List::Wire(self.front()),
            _ => List::Wire(&[]),
        }
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    fn word_mut(&mut self, k: usize) -> Option<&mut [u8]> {
        let bytes = self.buffer.as_mut();
        let start = bytes.len().checked_sub(k.saturating_mul(field::WORD))?;
        bytes.get_mut(start..start + field::WORD)
    }

    /// Writes word `k` (from the end) as reserved octet + 24-bit `value`.
    fn set_seq_of_word(&mut self, k: usize, value: u32) {
        if let Some(w) = self.word_mut(k) {
            let be = (value & seq::MASK).to_be_bytes();
            if let (Some(dst), Some(src)) = (w.get_mut(field::SEQ), be.get(field::SEQ)) {
                dst.copy_from_slice(src);
            }
        }
    }

    /// Sets the type octet: pad length, source bit (END only; else pass `Source::User`) and
    /// type. Makes a previous [`Packet::check_len`] stale.
    pub fn set_type_octet(&mut self, pdu_type: PduType, pad: u8, source: Source) {
        let s = match source {
            Source::User => 0,
            Source::Sscop => field::S_MASK,
        };
        let octet = ((pad << field::PL_SHIFT) & field::PL_MASK)
            | s
            | (u8::from(pdu_type) & field::TYPE_MASK);
        if let Some(o) = self.word_mut(1).and_then(|w| w.get_mut(field::TYPE_OCTET)) {
            *o = octet;
        }
    }

    /// Sets the 24-bit field of the last word (N(S), N(MR) or N(R) depending on the type).
    pub fn set_last_seq(&mut self, value: u32) {
        self.set_seq_of_word(1, value);
    }

    /// Sets N(MR) where the type carries it.
    pub fn set_n_mr(&mut self, value: u32) {
        match self.pdu_type() {
            PduType::Stat | PduType::Ustat => self.set_seq_of_word(2, value),
            _ => self.set_last_seq(value),
        }
    }

    /// Sets N(PS) (POLL word 2, STAT word 3).
    pub fn set_n_ps(&mut self, value: u32) {
        match self.pdu_type() {
            PduType::Stat => self.set_seq_of_word(3, value),
            _ => self.set_seq_of_word(2, value),
        }
    }

    /// Sets N(SQ) (BGN, RS, ER) and clears the reserved octets of word 2.
    pub fn set_n_sq(&mut self, value: u8) {
        if let Some(w) = self.word_mut(2) {
            w.copy_from_slice(&[0, 0, 0, value]);
        }
    }

    /// Clears word `k` (from the end): reserved words are sent as zero.
    pub fn clear_word(&mut self, k: usize) {
        if let Some(w) = self.word_mut(k) {
            w.copy_from_slice(&[0; 4]);
        }
    }

    /// The octets in front of the trailer, for writing the variable field.
    pub fn front_mut(&mut self, trailer: usize) -> &mut [u8] {
        let bytes = self.buffer.as_mut();
        let end = bytes.len().saturating_sub(trailer);
        bytes.get_mut(..end).unwrap_or(&mut [])
    }
}

/// STAT / USTAT list elements (Q.2110 §7.2.12, §7.2.13): a wire view when parsed, or a
/// slice of sequence numbers when built for emission.
#[derive(Debug, Clone, Copy)]
pub enum List<'a> {
    /// Words as received; the element is the low 24 bits of each word.
    Wire(&'a [u8]),
    /// Sequence numbers to emit.
    Elements(&'a [u32]),
}

impl<'a> List<'a> {
    /// Number of list elements.
    pub fn len(&self) -> usize {
        match self {
            List::Wire(b) => b.len() / field::WORD,
            List::Elements(e) => e.len(),
        }
    }

    /// True when the list has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `i` (0-based), if present.
    pub fn get(&self, i: usize) -> Option<u32> {
        match self {
            List::Wire(b) => {
                let start = i.checked_mul(field::WORD)?;
                let w = b.get(start..start.checked_add(field::WORD)?)?;
                let mut v = [0u8; 4];
                v.get_mut(field::SEQ)?.copy_from_slice(w.get(field::SEQ)?);
                Some(u32::from_be_bytes(v))
            }
            List::Elements(e) => e.get(i).map(|v| v & seq::MASK),
        }
    }

    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + 'a {
        let list = *self;
        (0..list.len()).filter_map(move |i| list.get(i))
    }
}

impl PartialEq for List<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for List<'_> {}

/// A decoded SSCOP PDU (Q.2110 §7.2). Sequence numbers are 24 bits; N(SQ) is 8 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repr<'a> {
    /// BGN (§7.2.1): N(SQ), N(MR), SSCOP-UU.
    Bgn {
        /// Connection sequence number N(SQ).
        n_sq: u8,
        /// N(MR): first sequence number the sender's receiver will not accept.
        n_mr: u32,
        /// SSCOP-UU.
        uu: &'a [u8],
    },
    /// BGAK (§7.2.2): N(MR), SSCOP-UU.
    Bgak {
        /// N(MR).
        n_mr: u32,
        /// SSCOP-UU.
        uu: &'a [u8],
    },
    /// BGREJ (§7.2.3): SSCOP-UU.
    Bgrej {
        /// SSCOP-UU.
        uu: &'a [u8],
    },
    /// END (§7.2.4): source bit S, SSCOP-UU.
    End {
        /// Who released.
        source: Source,
        /// SSCOP-UU.
        uu: &'a [u8],
    },
    /// ENDAK (§7.2.5).
    Endak,
    /// RS (§7.2.6): N(SQ), N(MR), SSCOP-UU.
    Rs {
        /// N(SQ).
        n_sq: u8,
        /// N(MR).
        n_mr: u32,
        /// SSCOP-UU.
        uu: &'a [u8],
    },
    /// RSAK (§7.2.7): N(MR).
    Rsak {
        /// N(MR).
        n_mr: u32,
    },
    /// ER (§7.2.8): N(SQ), N(MR).
    Er {
        /// N(SQ).
        n_sq: u8,
        /// N(MR).
        n_mr: u32,
    },
    /// ERAK (§7.2.9): N(MR).
    Erak {
        /// N(MR).
        n_mr: u32,
    },
    /// SD (§7.2.10): N(S), information.
    Sd {
        /// N(S).
        n_s: u32,
        /// Information field (an SSCOP SDU).
        info: &'a [u8],
    },
    /// POLL (§7.2.11): N(PS), N(S).
    Poll {
        /// N(PS): the poll sequence number.
        n_ps: u32,
        /// N(S): VT(S) of the sender.
        n_s: u32,
    },
    /// STAT (§7.2.12): list elements, N(PS), N(MR), N(R).
    Stat {
        /// N(PS) of the POLL answered.
        n_ps: u32,
        /// N(MR).
        n_mr: u32,
        /// N(R): VR(R) of the sender.
        n_r: u32,
        /// List elements (alternating starts of missing and received runs).
        list: List<'a>,
    },
    /// USTAT (§7.2.13): two list elements, N(MR), N(R).
    Ustat {
        /// N(MR).
        n_mr: u32,
        /// N(R).
        n_r: u32,
        /// List elements 1 and 2: the missing run is `[list[0], list[1])`.
        list: [u32; 2],
    },
    /// UD (§7.2.14): information.
    Ud {
        /// Information field.
        info: &'a [u8],
    },
    /// MD (§7.2.15): information.
    Md {
        /// Information field.
        info: &'a [u8],
    },
}

/// Pad needed to bring `len` to a whole number of words.
const fn pad_for(len: usize) -> usize {
    (field::WORD - len % field::WORD) % field::WORD
}

impl<'a> Repr<'a> {
    /// The PDU type.
    pub const fn pdu_type(&self) -> PduType {
        match self {
            Repr::Bgn { .. } => PduType::Bgn,
            Repr::Bgak { .. } => PduType::Bgak,
            Repr::Bgrej { .. } => PduType::Bgrej,
            Repr::End { .. } => PduType::End,
            Repr::Endak => PduType::Endak,
            Repr::Rs { .. } => PduType::Rs,
            Repr::Rsak { .. } => PduType::Rsak,
            Repr::Er { .. } => PduType::Er,
            Repr::Erak { .. } => PduType::Erak,
            Repr::Sd { .. } => PduType::Sd,
            Repr::Poll { .. } => PduType::Poll,
            Repr::Stat { .. } => PduType::Stat,
            Repr::Ustat { .. } => PduType::Ustat,
            Repr::Ud { .. } => PduType::Ud,
            Repr::Md { .. } => PduType::Md,
        }
    }

    /// Decodes a checked packet, applying the receive `limits` (k, j, MaxSTAT).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(
        packet: &Packet<&'a T>,
        limits: &Limits,
    ) -> Result<Repr<'a>, Error> {
        packet.check_len()?;
        let bytes: &'a [u8] = packet.buffer.as_ref();
        let view = Packet::new_unchecked(bytes);
        let pdu_type = view.pdu_type();
        // Re-borrow through a view on `&'a [u8]` so payload slices carry lifetime 'a.
        let payload = payload_of(bytes, &view);
        let check_max = |max: usize| -> Result<&'a [u8], Error> {
            if payload.len() > max {
                Err(Error::TooLong { pdu_type, max, got: payload.len() })
            } else {
                Ok(payload)
            }
        };
        Ok(match pdu_type {
            PduType::Bgn => {
                Repr::Bgn { n_sq: view.n_sq(), n_mr: view.n_mr(), uu: check_max(limits.max_uu)? }
            }
            PduType::Bgak => Repr::Bgak { n_mr: view.n_mr(), uu: check_max(limits.max_uu)? },
            PduType::Bgrej => Repr::Bgrej { uu: check_max(limits.max_uu)? },
            PduType::End => Repr::End { source: view.source(), uu: check_max(limits.max_uu)? },
            PduType::Endak => Repr::Endak,
            PduType::Rs => {
                Repr::Rs { n_sq: view.n_sq(), n_mr: view.n_mr(), uu: check_max(limits.max_uu)? }
            }
            PduType::Rsak => Repr::Rsak { n_mr: view.n_mr() },
            PduType::Er => Repr::Er { n_sq: view.n_sq(), n_mr: view.n_mr() },
            PduType::Erak => Repr::Erak { n_mr: view.n_mr() },
            PduType::Sd => Repr::Sd { n_s: view.n_s(), info: check_max(limits.max_info)? },
            PduType::Poll => Repr::Poll { n_ps: view.n_ps(), n_s: view.n_s() },
            PduType::Stat => {
                let list_bytes =
                    bytes.get(..bytes.len().saturating_sub(field::STAT_TRAILER)).unwrap_or(&[]);
                let list = List::Wire(list_bytes);
                if list.len() > limits.max_stat {
                    return Err(Error::ListTooLong { max: limits.max_stat, got: list.len() });
                }
                Repr::Stat { n_ps: view.n_ps(), n_mr: view.n_mr(), n_r: view.n_r(), list }
            }
            PduType::Ustat => {
                let list = view.list();
                Repr::Ustat {
                    n_mr: view.n_mr(),
                    n_r: view.n_r(),
                    list: [list.get(0).unwrap_or(0), list.get(1).unwrap_or(0)],
                }
            }
            PduType::Ud => Repr::Ud { info: check_max(limits.max_info)? },
            PduType::Md => Repr::Md { info: check_max(limits.max_info)? },
            PduType::Unknown(code) => return Err(Error::UnknownType { code }),
        })
    }

    /// Decodes `bytes` (convenience for `Packet::new_checked` + [`Repr::parse`]).
    pub fn parse_bytes(bytes: &'a [u8], limits: &Limits) -> Result<Repr<'a>, Error> {
        Repr::parse(&Packet::new_unchecked(bytes), limits)
    }

    /// The variable field (information / SSCOP-UU) before padding.
    fn variable(&self) -> &'a [u8] {
        match *self {
            Repr::Bgn { uu, .. }
            | Repr::Bgak { uu, .. }
            | Repr::Bgrej { uu }
            | Repr::End { uu, .. }
            | Repr::Rs { uu, .. } => uu,
            Repr::Sd { info, .. } | Repr::Ud { info } | Repr::Md { info } => info,
            Repr::Endak
            | Repr::Rsak { .. }
            | Repr::Er { .. }
            | Repr::Erak { .. }
            | Repr::Poll { .. }
            | Repr::Stat { .. }
            | Repr::Ustat { .. } => &[],
        }
    }

    /// The length of the emitted PDU.
    pub fn buffer_len(&self) -> usize {
        match self.pdu_type().layout() {
            Layout::PaddedVariable { trailer } => {
                let v = self.variable().len();
                v + pad_for(v) + trailer
            }
            Layout::Fixed(n) => n,
            Layout::List => {
                let n = match self {
                    Repr::Stat { list, .. } => list.len(),
                    _ => 0,
                };
                n * field::WORD + field::STAT_TRAILER
            }
            Layout::Invalid => 0,
        }
    }

    /// Writes the PDU into the first `buffer_len()` octets of `buf`; returns that length.
    /// Reserved fields are written as zero (Q.2110 §7.1). Never panics.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, Error> {
        let len = self.buffer_len();
        let got = buf.len();
        let out = buf.get_mut(..len).ok_or(Error::Buffer { needed: len, got })?;
        out.fill(0);
        let mut packet = Packet::new_unchecked(out);
        let variable = self.variable();
        let pad = pad_for(variable.len()) as u8;
        match self.pdu_type().layout() {
            Layout::PaddedVariable { trailer } => {
                if let Some(dst) = packet.front_mut(trailer).get_mut(..variable.len()) {
                    dst.copy_from_slice(variable);
                }
            }
            Layout::Fixed(_) | Layout::List | Layout::Invalid => {}
        }
        let source = match self {
            Repr::End { source, .. } => *source,
            _ => Source::User,
        };
        packet.set_type_octet(self.pdu_type(), pad, source);
        match *self {
            Repr::Bgn { n_sq, n_mr, .. }
            | Repr::Rs { n_sq, n_mr, .. }
            | Repr::Er { n_sq, n_mr } => {
                packet.set_n_sq(n_sq);
                packet.set_last_seq(n_mr);
            }
            Repr::Bgak { n_mr, .. } | Repr::Rsak { n_mr } | Repr::Erak { n_mr } => {
                packet.set_last_seq(n_mr);
            }
            Repr::Bgrej { .. } | Repr::End { .. } | Repr::Endak => {}
            Repr::Sd { n_s, .. } => packet.set_last_seq(n_s),
            Repr::Poll { n_ps, n_s } => {
                packet.set_last_seq(n_s);
                packet.set_n_ps(n_ps);
            }
            Repr::Stat { n_ps, n_mr, n_r, list } => {
                packet.set_last_seq(n_r);
                packet.set_n_mr(n_mr);
                packet.set_n_ps(n_ps);
                let n = list.len();
                for (i, element) in list.iter().enumerate() {
                    // Element i is word (n - i) + 3 from the end.
                    packet.set_seq_of_word(n - i + 3, element);
                }
            }
            Repr::Ustat { n_mr, n_r, list } => {
                packet.set_last_seq(n_r);
                packet.set_n_mr(n_mr);
                packet.set_seq_of_word(4, list[0]);
                packet.set_seq_of_word(3, list[1]);
            }
            Repr::Ud { .. } | Repr::Md { .. } => {}
        }
        Ok(len)
    }

    /// Emits into a new vector of `buffer_len()` octets.
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        let mut v = alloc::vec![0u8; self.buffer_len()];
        // The buffer has exactly buffer_len() octets, so emit cannot fail.
        let _ = self.emit(&mut v);
        v
    }
}

fn payload_of<'a>(bytes: &'a [u8], view: &Packet<&'a [u8]>) -> &'a [u8] {
    match view.pdu_type().layout() {
        Layout::PaddedVariable { trailer } => {
            let keep =
                bytes.len().saturating_sub(trailer).saturating_sub(usize::from(view.pad_len()));
            bytes.get(..keep).unwrap_or(&[])
        }
        Layout::Fixed(_) | Layout::List | Layout::Invalid => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use alloc::vec::Vec;

    const L: Limits = Limits::SSCF_UNI;

    /// The SD trailer of the SETUP in atm-reference.md: pad 0, type SD, N(S) 0.
    #[test]
    fn sd_trailer_from_reference_capture() {
        let mut pdu = vec![0x09, 0x03, 0x00, 0x00];
        pdu.extend_from_slice(&[0x08, 0x00, 0x00, 0x00]);
        let p = Packet::new_checked(&pdu[..]).unwrap();
        assert_eq!(p.pdu_type(), PduType::Sd);
        assert_eq!(p.pad_len(), 0);
        assert_eq!(p.n_s(), 0);
        assert_eq!(p.payload(), &[0x09, 0x03, 0x00, 0x00]);
        assert_eq!(
            Repr::parse(&p, &L).unwrap(),
            Repr::Sd { n_s: 0, info: &[0x09, 0x03, 0x00, 0x00] }
        );
    }

    #[test]
    fn deconstruct_bgn_with_uu_and_pad() {
        // UU "abc" + 1 pad, word 2 = reserved + N(SQ)=7, last = PL 1 | BGN | N(MR)=0x000102.
        let bytes = [b'a', b'b', b'c', 0, 0, 0, 0, 7, 0x41, 0x00, 0x01, 0x02];
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(p.pdu_type(), PduType::Bgn);
        assert_eq!(p.pad_len(), 1);
        assert_eq!(p.n_sq(), 7);
        assert_eq!(p.n_mr(), 0x102);
        assert_eq!(p.payload(), b"abc");
        let r = Repr::parse(&p, &L).unwrap();
        assert_eq!(r, Repr::Bgn { n_sq: 7, n_mr: 0x102, uu: b"abc" });
        assert_eq!(r.to_vec(), bytes);
    }

    #[test]
    fn construct_every_type_known_bytes() {
        let cases: Vec<(Repr<'_>, Vec<u8>)> = vec![
            (Repr::Bgak { n_mr: 5, uu: &[] }, vec![0, 0, 0, 0, 0x02, 0, 0, 5]),
            (Repr::Bgrej { uu: &[] }, vec![0, 0, 0, 0, 0x07, 0, 0, 0]),
            (Repr::End { source: Source::Sscop, uu: &[] }, vec![0, 0, 0, 0, 0x13, 0, 0, 0]),
            (Repr::End { source: Source::User, uu: &[] }, vec![0, 0, 0, 0, 0x03, 0, 0, 0]),
            (Repr::Endak, vec![0, 0, 0, 0, 0x04, 0, 0, 0]),
            (Repr::Rs { n_sq: 2, n_mr: 0x10, uu: &[] }, vec![0, 0, 0, 2, 0x05, 0, 0, 0x10]),
            (Repr::Rsak { n_mr: 0xABCDEF }, vec![0, 0, 0, 0, 0x06, 0xAB, 0xCD, 0xEF]),
            (Repr::Er { n_sq: 9, n_mr: 3 }, vec![0, 0, 0, 9, 0x09, 0, 0, 3]),
            (Repr::Erak { n_mr: 4 }, vec![0, 0, 0, 0, 0x0F, 0, 0, 4]),
            (Repr::Sd { n_s: 0x123456, info: &[1, 2] }, vec![1, 2, 0, 0, 0x88, 0x12, 0x34, 0x56]),
            (Repr::Poll { n_ps: 7, n_s: 8 }, vec![0, 0, 0, 7, 0x0A, 0, 0, 8]),
            (
                Repr::Stat { n_ps: 1, n_mr: 2, n_r: 3, list: List::Elements(&[4, 6]) },
                vec![0, 0, 0, 4, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0, 2, 0x0B, 0, 0, 3],
            ),
            (
                Repr::Ustat { n_mr: 9, n_r: 1, list: [2, 5] },
                vec![0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 9, 0x0C, 0, 0, 1],
            ),
            (Repr::Ud { info: &[7, 7, 7] }, vec![7, 7, 7, 0, 0x4D, 0, 0, 0]),
            (Repr::Md { info: &[1, 2, 3, 4] }, vec![1, 2, 3, 4, 0x0E, 0, 0, 0]),
        ];
        for (repr, bytes) in cases {
            assert_eq!(repr.buffer_len(), bytes.len(), "{repr:?}");
            assert_eq!(repr.to_vec(), bytes, "{repr:?}");
            assert_eq!(Repr::parse_bytes(&bytes, &L).unwrap(), repr, "{repr:?}");
        }
    }

    #[test]
    fn stat_accessors_read_the_trailer_words() {
        let bytes = [0, 0, 0, 4, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0, 2, 0x0B, 0, 0, 3];
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!((p.n_ps(), p.n_mr(), p.n_r()), (1, 2, 3));
        assert_eq!(p.list().iter().collect::<Vec<_>>(), vec![4, 6]);
    }

    #[test]
    fn setters_write_fields() {
        let mut buf = [0u8; 8];
        let mut p = Packet::new_unchecked(&mut buf[..]);
        p.set_type_octet(PduType::Poll, 0, Source::User);
        p.set_n_ps(0x010203);
        p.set_last_seq(0x040506);
        assert_eq!(buf, [0, 1, 2, 3, 0x0A, 4, 5, 6]);
    }

    #[test]
    fn negative_truncated() {
        assert_eq!(Repr::parse_bytes(&[8, 0], &L), Err(Error::Truncated { len: 2 }));
        assert_eq!(Repr::parse_bytes(&[], &L), Err(Error::Truncated { len: 0 }));
    }

    #[test]
    fn negative_unaligned() {
        assert_eq!(Repr::parse_bytes(&[1, 0x08, 0, 0, 0], &L), Err(Error::Unaligned { len: 5 }));
    }

    #[test]
    fn negative_unknown_type() {
        assert_eq!(Repr::parse_bytes(&[0, 0, 0, 0], &L), Err(Error::UnknownType { code: 0 }));
    }

    #[test]
    fn negative_fixed_lengths() {
        for (t, n) in [(0x4u8, 8usize), (0x6, 8), (0x9, 8), (0xF, 8), (0xA, 8), (0xC, 16)] {
            let mut bytes = vec![0u8; n + 4];
            let last = bytes.len() - 4;
            bytes[last] = t;
            let err = Repr::parse_bytes(&bytes, &L).unwrap_err();
            assert_eq!(
                err,
                Error::Length {
                    pdu_type: PduType::from(t),
                    expected: LengthRule::Exactly(n),
                    got: n + 4
                }
            );
            assert!(err.to_string().contains("expected exactly"));
        }
    }

    #[test]
    fn negative_minimum_lengths() {
        for t in [0x1u8, 0x2, 0x3, 0x5, 0x7] {
            let err = Repr::parse_bytes(&[t, 0, 0, 0], &L).unwrap_err();
            assert_eq!(
                err,
                Error::Length {
                    pdu_type: PduType::from(t),
                    expected: LengthRule::AtLeast(8),
                    got: 4
                }
            );
        }
        let err = Repr::parse_bytes(&[0, 0, 0, 0, 0x0B, 0, 0, 0], &L).unwrap_err();
        assert_eq!(
            err,
            Error::Length { pdu_type: PduType::Stat, expected: LengthRule::AtLeast(12), got: 8 }
        );
    }

    #[test]
    fn negative_pad_longer_than_field() {
        assert_eq!(
            Repr::parse_bytes(&[0xC8, 0, 0, 0], &L),
            Err(Error::Pad { pdu_type: PduType::Sd, pad: 3, field_len: 0 })
        );
        assert_eq!(
            Repr::parse_bytes(&[0, 0, 0, 0, 0x41, 0, 0, 0], &L),
            Err(Error::Pad { pdu_type: PduType::Bgn, pad: 1, field_len: 0 })
        );
    }

    #[test]
    fn negative_information_and_uu_too_long() {
        let small = Limits { max_info: 4, max_uu: 0, max_stat: 3 };
        let sd = Repr::Sd { n_s: 0, info: &[0; 8] }.to_vec();
        assert_eq!(
            Repr::parse_bytes(&sd, &small),
            Err(Error::TooLong { pdu_type: PduType::Sd, max: 4, got: 8 })
        );
        let bgn = Repr::Bgn { n_sq: 0, n_mr: 0, uu: &[1] }.to_vec();
        assert_eq!(
            Repr::parse_bytes(&bgn, &small),
            Err(Error::TooLong { pdu_type: PduType::Bgn, max: 0, got: 1 })
        );
    }

    #[test]
    fn negative_stat_list_too_long() {
        let small = Limits { max_info: 4, max_uu: 0, max_stat: 3 };
        let stat =
            Repr::Stat { n_ps: 0, n_mr: 0, n_r: 0, list: List::Elements(&[1, 2, 3, 4]) }.to_vec();
        assert_eq!(Repr::parse_bytes(&stat, &small), Err(Error::ListTooLong { max: 3, got: 4 }));
    }

    #[test]
    fn emit_into_short_buffer_fails_without_panicking() {
        let mut buf = [0u8; 7];
        assert_eq!(Repr::Endak.emit(&mut buf), Err(Error::Buffer { needed: 8, got: 7 }));
    }

    #[test]
    fn pdu_type_round_trips_every_code() {
        for code in 0u8..=255 {
            assert_eq!(u8::from(PduType::from(code)), code);
        }
        for t in PduType::ALL {
            assert_ne!(t.name(), "unknown");
        }
    }

    #[test]
    fn accessors_on_unchecked_short_buffers_do_not_panic() {
        for len in 0..12 {
            let bytes = vec![0xFFu8; len];
            let p = Packet::new_unchecked(&bytes[..]);
            let _ = (p.pdu_type(), p.n_s(), p.n_mr(), p.n_ps(), p.n_sq(), p.payload(), p.list());
        }
    }
}
