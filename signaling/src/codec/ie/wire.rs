//! Shared framework of the IE contents codecs: a bounded [`Reader`] and [`Writer`] over the
//! contents octets, the extension-bit helpers, repeated-subfield and code-point checks, and the
//! `code_point!` / `coding_standards!` macros.
//!
//! Every IE parser walks its contents with [`Reader`] and every emitter fills its buffer with
//! [`Writer`], so that no parser or emitter indexes a slice directly: running off the end is an
//! [`IeError`], never a panic.

use super::IeError;

/// Bit 8 of an octet: the extension bit of Q.2931 §4.5.1 octet groups. A 1 marks the last
/// octet of a group; a 0 says the group continues in the next octet.
pub(crate) const EXT: u8 = 0x80;

/// A cursor over IE contents.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    #[inline]
    pub const fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    /// Octet index of the next read (used for [`IeError::InvalidField`] offsets).
    #[inline]
    pub const fn pos(&self) -> usize {
        self.pos
    }
    /// True when every octet has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }
    /// Octets not yet read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }
    /// The next octet without consuming it.
    #[inline]
    pub fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }
    /// One octet.
    #[inline]
    pub fn u8(&mut self) -> Result<u8, IeError> {
        let b = self.buf.get(self.pos).copied().ok_or(IeError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }
    /// One octet that must close its octet group (bit 8, ext, set; Q.2931 §4.5.1); otherwise
    /// an [`IeError::InvalidField`] at that octet.
    #[inline]
    pub fn u8_ext(&mut self) -> Result<u8, IeError> {
        let b = self.u8()?;
        if b & EXT == 0 {
            return Err(self.invalid_prev());
        }
        Ok(b)
    }
    /// `n` octets.
    #[inline]
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], IeError> {
        let end = self.pos.checked_add(n).ok_or(IeError::Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(IeError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    /// Everything not yet read.
    #[inline]
    pub fn rest(&mut self) -> &'a [u8] {
        let s = self.buf.get(self.pos..).unwrap_or(&[]);
        self.pos = self.buf.len();
        s
    }
    /// A big-endian unsigned integer of `n` ≤ 4 octets.
    #[inline]
    pub fn uint(&mut self, n: usize) -> Result<u32, IeError> {
        Ok(self.bytes(n)?.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
    }
    /// `N` octets as an array (fixed-width fields: one bounds check, no loop).
    #[inline]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], IeError> {
        let rest = self.buf.get(self.pos..).ok_or(IeError::Truncated)?;
        let a = rest.first_chunk::<N>().ok_or(IeError::Truncated)?;
        self.pos += N;
        Ok(*a)
    }
    /// Two octets, big endian.
    #[inline]
    pub fn u16(&mut self) -> Result<u16, IeError> {
        self.array().map(u16::from_be_bytes)
    }
    /// Three octets, big endian (cell rates, burst sizes).
    #[inline]
    pub fn u24(&mut self) -> Result<u32, IeError> {
        let [a, b, c] = self.array()?;
        Ok(u32::from_be_bytes([0, a, b, c]))
    }
    /// Four octets, big endian.
    #[inline]
    pub fn u32(&mut self) -> Result<u32, IeError> {
        self.array().map(u32::from_be_bytes)
    }
    /// Reads a one-octet subfield value into `slot` (see [`set_once`]); `id_at` is the octet
    /// index of the subfield identifier.
    #[inline]
    pub fn u8_once<T: From<u8>>(
        &mut self,
        slot: &mut Option<T>,
        id_at: usize,
    ) -> Result<(), IeError> {
        let v = self.u8()?;
        set_once(slot, T::from(v), id_at)
    }
    /// Reads a two-octet subfield value into `slot` (see [`set_once`]).
    #[inline]
    pub fn u16_once(&mut self, slot: &mut Option<u16>, id_at: usize) -> Result<(), IeError> {
        let v = self.u16()?;
        set_once(slot, v, id_at)
    }
    /// Reads a three-octet subfield value into `slot` (see [`set_once`]).
    #[inline]
    pub fn u24_once(&mut self, slot: &mut Option<u32>, id_at: usize) -> Result<(), IeError> {
        let v = self.u24()?;
        set_once(slot, v, id_at)
    }
    /// Walks "identifier octet + value" subfields (traffic descriptors, QoS, ABR and AAL
    /// parameters) to the end of the contents: `f` gets the identifier and its octet index and
    /// reads the value that follows.
    #[inline]
    pub fn for_each_subfield<F>(&mut self, mut f: F) -> Result<(), IeError>
    where
        F: FnMut(&mut Self, u8, usize) -> Result<(), IeError>,
    {
        while !self.is_empty() {
            let at = self.pos;
            let id = self.u8()?;
            f(self, id, at)?;
        }
        Ok(())
    }
    /// Fails with [`IeError::TooLong`] when octets remain after the last field.
    #[inline]
    pub fn finish(&self) -> Result<(), IeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(IeError::TooLong)
        }
    }
    /// An [`IeError::InvalidField`] at the octet just read.
    #[inline]
    pub fn invalid_prev(&self) -> IeError {
        IeError::InvalidField { offset: self.pos.saturating_sub(1) }
    }
}

/// A cursor filling an output buffer.
#[derive(Debug)]
pub struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    /// A writer at the start of `buf`.
    #[inline]
    pub fn new(buf: &'a mut [u8]) -> Self {
        Writer { buf, pos: 0 }
    }
    /// A writer over exactly the first `len` octets of `buf` (the contents length the emitter
    /// computed), or [`IeError::BufferTooSmall`] before anything is written.
    #[inline]
    pub fn with_len(buf: &'a mut [u8], len: usize) -> Result<Self, IeError> {
        let buf = buf.get_mut(..len).ok_or(IeError::BufferTooSmall)?;
        Ok(Writer { buf, pos: 0 })
    }
    /// Octets written so far.
    #[inline]
    pub const fn len(&self) -> usize {
        self.pos
    }
    /// True when nothing has been written.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.pos == 0
    }
    /// Appends one octet.
    #[inline]
    pub fn u8(&mut self, b: u8) -> Result<(), IeError> {
        let slot = self.buf.get_mut(self.pos).ok_or(IeError::BufferTooSmall)?;
        *slot = b;
        self.pos += 1;
        Ok(())
    }
    /// Appends `src`.
    #[inline]
    pub fn bytes(&mut self, src: &[u8]) -> Result<(), IeError> {
        let end = self.pos.checked_add(src.len()).ok_or(IeError::BufferTooSmall)?;
        self.buf.get_mut(self.pos..end).ok_or(IeError::BufferTooSmall)?.copy_from_slice(src);
        self.pos = end;
        Ok(())
    }
    /// Appends subfield `id` with a one-octet value, if present.
    #[inline]
    pub fn opt_u8<T: Into<u8>>(&mut self, id: u8, v: Option<T>) -> Result<(), IeError> {
        match v {
            Some(v) => self.array([id, v.into()]),
            None => Ok(()),
        }
    }
    /// Appends subfield `id` with a two-octet value, if present.
    #[inline]
    pub fn opt_u16(&mut self, id: u8, v: Option<u16>) -> Result<(), IeError> {
        match v {
            Some(v) => {
                let [a, b] = v.to_be_bytes();
                self.array([id, a, b])
            }
            None => Ok(()),
        }
    }
    /// Appends subfield `id` with a three-octet value (cell rate, burst size, CDV), if
    /// present; values of 2^24 and more are an error, not truncated.
    #[inline]
    pub fn opt_u24(&mut self, id: u8, v: Option<u32>) -> Result<(), IeError> {
        match v.map(u32::to_be_bytes) {
            Some([0, a, b, c]) => self.array([id, a, b, c]),
            Some(_) => Err(IeError::InvalidField { offset: self.pos + 1 }),
            None => Ok(()),
        }
    }
    /// Appends the low `n` ≤ 4 octets of `v`, big endian.
    #[inline]
    pub fn uint(&mut self, v: u32, n: usize) -> Result<(), IeError> {
        let be = v.to_be_bytes();
        self.bytes(be.get(4usize.saturating_sub(n)..).unwrap_or(&[]))
    }
    /// Appends an array (fixed-width fields: one bounds check, no loop).
    #[inline]
    pub fn array<const N: usize>(&mut self, src: [u8; N]) -> Result<(), IeError> {
        let rest = self.buf.get_mut(self.pos..).ok_or(IeError::BufferTooSmall)?;
        let dst = rest.first_chunk_mut::<N>().ok_or(IeError::BufferTooSmall)?;
        *dst = src;
        self.pos += N;
        Ok(())
    }
    /// Two octets, big endian.
    #[inline]
    pub fn u16(&mut self, v: u16) -> Result<(), IeError> {
        self.array(v.to_be_bytes())
    }
    /// Three octets, big endian; values of 2^24 and more are an error, not truncated.
    #[inline]
    pub fn u24(&mut self, v: u32) -> Result<(), IeError> {
        match v.to_be_bytes() {
            [0, a, b, c] => self.array([a, b, c]),
            _ => Err(IeError::InvalidField { offset: self.pos }),
        }
    }
    /// Four octets, big endian.
    #[inline]
    pub fn u32(&mut self, v: u32) -> Result<(), IeError> {
        self.array(v.to_be_bytes())
    }
}

/// Counts octets instead of writing them, so `buffer_len` and `emit` share one code path.
pub(crate) fn measure<F>(f: F) -> usize
where
    F: FnOnce(&mut Writer<'_>) -> Result<(), IeError>,
{
    // Contents of one IE never exceed 65535 octets (the length field); a scratch buffer of
    // that size would be wasteful, so measuring emits into a bounded stack buffer and falls
    // back to its capacity. Every IE of this codec is far below this bound.
    let mut scratch = [0u8; 512];
    let mut w = Writer::new(&mut scratch);
    match f(&mut w) {
        Ok(()) => w.len(),
        Err(_) => 0,
    }
}

/// Implements `buffer_len` and `emit` of [`super::IeContents`] over the type's
/// `write(&self, &mut Writer) -> Result<(), IeError>`, so that both share one code path.
macro_rules! emit_by_write {
    () => {
        fn buffer_len(&self) -> usize {
            $crate::codec::ie::wire::measure(|w| self.write(w))
        }
        fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
            let mut w = $crate::codec::ie::wire::Writer::new(buf);
            self.write(&mut w)?;
            Ok(w.len())
        }
    };
}
pub(crate) use emit_by_write;

/// Stores `v` into `slot` unless the subfield was already present: a repeated subfield is a
/// content error at `id_at`, the octet index of its identifier.
pub fn set_once<T>(slot: &mut Option<T>, v: T, id_at: usize) -> Result<(), IeError> {
    if slot.is_some() {
        return Err(IeError::InvalidField { offset: id_at });
    }
    *slot = Some(v);
    Ok(())
}

/// Reads the contents of a one-octet IE (call state, restart indicator, the Q.2931 simple
/// IEs, ...): exactly one octet.
pub(crate) fn single(contents: &[u8]) -> Result<u8, IeError> {
    let mut r = Reader::new(contents);
    let b = r.u8()?;
    r.finish()?;
    Ok(b)
}

/// Reads the contents of a one-octet IE whose octet closes its group: bit 8 (ext) must be
/// 1, checked before the length (an error at `offset`).
pub(crate) fn single_ext(contents: &[u8], offset: usize) -> Result<u8, IeError> {
    let mut r = Reader::new(contents);
    let b = r.u8()?;
    require_ext(b, offset)?;
    r.finish()?;
    Ok(b)
}

/// Emits the contents of a one-octet IE.
#[inline]
pub(crate) fn emit_single(buf: &mut [u8], octet: u8) -> Result<usize, IeError> {
    let mut w = Writer::with_len(buf, 1)?;
    w.u8(octet)?;
    Ok(w.len())
}

/// Fails with [`IeError::InvalidField`] at `offset` unless the code is encodable.
pub(crate) fn encodable(ok: bool, offset: usize) -> Result<(), IeError> {
    if ok {
        Ok(())
    } else {
        Err(IeError::InvalidField { offset })
    }
}

/// Fails with [`IeError::InvalidField`] at `offset` unless bit 8 (ext) of `octet` is 1, as it
/// must be on the last octet of an octet group that has no continuation.
pub(crate) fn require_ext(octet: u8, offset: usize) -> Result<(), IeError> {
    encodable(octet & EXT != 0, offset)
}

/// Declares a code-point enum with an `Unknown(u8)` variant and `From` both ways, so that
/// unknown values survive a parse/emit round trip (style.md).
///
/// `(max M)` after the name bounds the field (a code wider than `M` cannot be emitted); without
/// it the field is a whole octet. Generated items: `code()` (usable in `const` contexts),
/// `MAX_CODE`, `NAMED` (every named variant in declaration order) and `is_encodable()`, false
/// for an `Unknown` holding a named code or a code wider than the field.
macro_rules! code_point {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:expr, )*
        }
    ) => {
        $crate::codec::ie::wire::code_point! {
            $(#[$meta])*
            pub enum $name (max 0xFF) {
                $( $(#[$vmeta])* $variant = $code, )*
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident (max $max:expr) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A code this crate does not name (kept as received).
            Unknown(u8),
        }

        impl From<u8> for $name {
            #[inline]
            fn from(code: u8) -> Self {
                match code {
                    $( $code => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }
        }

        impl From<$name> for u8 {
            #[inline]
            fn from(value: $name) -> u8 {
                value.code()
            }
        }

        #[allow(dead_code)]
        impl $name {
            /// Largest code the field holds.
            pub const MAX_CODE: u8 = $max;
            /// Every named variant, in order of declaration.
            pub const NAMED: &'static [$name] = &[$( $name::$variant, )*];
            /// The code point (usable in `const` contexts).
            #[inline]
            pub const fn code(self) -> u8 {
                match self {
                    $( $name::$variant => $code, )*
                    $name::Unknown(other) => other,
                }
            }
            /// True when emitting this value and parsing it back gives the same value: the code
            /// fits the field and an `Unknown` does not hold a named code.
            #[inline]
            pub fn is_encodable(self) -> bool {
                match self {
                    // A named variant always has its own code; only its width is checked.
                    $name::Unknown(code) => {
                        code <= Self::MAX_CODE && matches!($name::from(code), $name::Unknown(_))
                    }
                    named => named.code() <= Self::MAX_CODE,
                }
            }
        }
    };
}
pub(crate) use code_point;

/// Declares, for IE contents types, the coding standards (IE header octet 2, bits 7-6) under
/// which their contents have the coding this crate implements. The message layer treats an
/// IE received with another coding standard as unrecognized (Q.2931 §5.6.8.1).
macro_rules! coding_standards {
    ($($ty:ty => [$($cs:ident),+];)*) => {
        $(
            impl $ty {
                /// Coding standards this contents coding is defined for; the first is the one
                /// to send.
                pub const CODING_STANDARDS: &'static [$crate::codec::ie::CodingStandard] =
                    &[$($crate::codec::ie::CodingStandard::$cs),+];
            }
        )*
    };
}
pub(crate) use coding_standards;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_reads_big_endian_and_stops_at_the_end() {
        let mut r = Reader::new(&[0x01, 0x02, 0x03, 0x04, 0x05]);
        assert_eq!(r.u8().unwrap(), 1);
        assert_eq!(r.u16().unwrap(), 0x0203);
        assert_eq!(r.pos(), 3);
        assert_eq!(r.u24(), Err(IeError::Truncated));
        assert_eq!(r.remaining(), 2);
        assert_eq!(r.rest(), &[4, 5]);
        assert!(r.is_empty());
        assert_eq!(r.u8(), Err(IeError::Truncated));
    }

    #[test]
    fn writer_refuses_overflow_and_wide_values() {
        let mut buf = [0u8; 4];
        let mut w = Writer::new(&mut buf);
        w.u24(0x0563b7).unwrap();
        assert_eq!(w.u16(1), Err(IeError::BufferTooSmall));
        assert_eq!(w.u24(0x0100_0000), Err(IeError::InvalidField { offset: 3 }));
        w.u8(9).unwrap();
        assert_eq!(buf, [0x05, 0x63, 0xb7, 9]);
    }

    code_point! {
        /// Test enum.
        pub enum Probe (max 3) {
            /// zero
            Zero = 0,
            /// two
            Two = 2,
        }
    }

    #[test]
    fn code_point_round_trips_and_flags_unencodable() {
        for c in 0..=255u8 {
            assert_eq!(u8::from(Probe::from(c)), c);
        }
        assert!(Probe::Zero.is_encodable());
        assert!(Probe::Unknown(1).is_encodable());
        assert!(!Probe::Unknown(2).is_encodable());
        assert!(!Probe::Unknown(4).is_encodable());
        assert_eq!(Probe::NAMED, &[Probe::Zero, Probe::Two]);
    }

    #[test]
    fn reader_and_writer_bounds() {
        let mut r = Reader::new(&[1, 2, 3]);
        assert_eq!(r.u16().unwrap(), 0x0102);
        assert_eq!(r.pos(), 2);
        assert_eq!(r.u16(), Err(IeError::Truncated));
        assert!(r.finish().is_err());
        assert_eq!(r.rest(), &[3]);
        assert!(r.finish().is_ok());
        let mut buf = [0u8; 2];
        assert!(Writer::with_len(&mut buf, 3).is_err());
        let mut w = Writer::with_len(&mut buf, 2).unwrap();
        w.u8(9).unwrap();
        assert_eq!(w.u16(1), Err(IeError::BufferTooSmall));
        w.u8(8).unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(buf, [9, 8]);
    }

    #[test]
    fn subfield_helpers_read_once_and_report_offsets() {
        // Two identifier + value subfields, then the first identifier again.
        let bytes = [0x84, 0x05, 0x63, 0xb7, 0xbe, 0x10, 0x84, 0x00, 0x00, 0x01];
        let (mut a, mut b) = (None, None);
        let mut seen = [0usize; 3];
        let mut n = 0;
        let res = Reader::new(&bytes).for_each_subfield(|r, id, at| {
            if let Some(s) = seen.get_mut(n) {
                *s = at;
            }
            n += 1;
            match id {
                0x84 => r.u24_once(&mut a, at),
                0xbe => r.u8_once(&mut b, at),
                _ => Err(IeError::InvalidField { offset: at }),
            }
        });
        assert_eq!(a, Some(0x0563b7));
        assert_eq!(b, Some(0x10u8));
        assert_eq!(seen, [0, 4, 6]);
        // The repeated subfield is an error at its identifier.
        assert_eq!(res, Err(IeError::InvalidField { offset: 6 }));
        // A value cut short is truncation.
        let mut c = None;
        let short = Reader::new(&[0x84, 0x00]).for_each_subfield(|r, _, at| r.u24_once(&mut c, at));
        assert_eq!(short, Err(IeError::Truncated));
    }

    #[test]
    fn optional_subfield_writers() {
        let mut buf = [0u8; 10];
        let mut w = Writer::new(&mut buf);
        w.opt_u24(0x84, Some(0x0563b7)).unwrap();
        w.opt_u24(0x85, None).unwrap();
        w.opt_u16(0x8c, Some(0x23e4)).unwrap();
        w.opt_u8(0x81, Some(7u8)).unwrap();
        w.opt_u8(0x82, None::<u8>).unwrap();
        assert_eq!(w.len(), 9);
        assert_eq!(w.opt_u24(0x84, Some(0x0100_0000)), Err(IeError::InvalidField { offset: 10 }));
        assert_eq!(w.opt_u16(0x8c, Some(1)), Err(IeError::BufferTooSmall));
        assert_eq!(buf[..9], [0x84, 0x05, 0x63, 0xb7, 0x8c, 0x23, 0xe4, 0x81, 7]);
    }

    #[test]
    fn extension_bit_and_single_octet_rules() {
        let mut r = Reader::new(&[0x80, 0x01]);
        assert_eq!(r.u8_ext(), Ok(0x80));
        assert_eq!(r.u8_ext(), Err(IeError::InvalidField { offset: 1 }));
        assert_eq!(single(&[0x05]), Ok(0x05));
        assert_eq!(single(&[]), Err(IeError::Truncated));
        assert_eq!(single(&[1, 2]), Err(IeError::TooLong));
        assert_eq!(single_ext(&[0x82], 0), Ok(0x82));
        // The extension bit is checked before the length.
        assert_eq!(single_ext(&[0x02, 0x00], 0), Err(IeError::InvalidField { offset: 0 }));
        assert_eq!(single_ext(&[0x82, 0x00], 0), Err(IeError::TooLong));
        let mut buf = [0u8; 1];
        assert_eq!(emit_single(&mut buf, 0x8a), Ok(1));
        assert_eq!(buf, [0x8a]);
        assert_eq!(emit_single(&mut [], 0x8a), Err(IeError::BufferTooSmall));
    }
}
