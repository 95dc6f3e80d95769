//! Bounded readers and writers over IE contents, and the code-point enum macro.
//!
//! Every IE parser walks its contents with [`Reader`] and every emitter fills its buffer with
//! [`Writer`], so that no parser or emitter indexes a slice directly: running off the end is an
//! [`IeError`], never a panic.

use super::IeError;

/// A cursor over IE contents.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub const fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    /// Octet index of the next read (used for [`IeError::InvalidField`] offsets).
    pub const fn pos(&self) -> usize {
        self.pos
    }
    /// True when every octet has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }
    /// Octets not yet read.
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }
    /// The next octet without consuming it.
    pub fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }
    /// One octet.
    pub fn u8(&mut self) -> Result<u8, IeError> {
        let b = self.buf.get(self.pos).copied().ok_or(IeError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }
    /// `n` octets.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], IeError> {
        let end = self.pos.checked_add(n).ok_or(IeError::Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(IeError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    /// Everything not yet read.
    pub fn rest(&mut self) -> &'a [u8] {
        let s = self.buf.get(self.pos..).unwrap_or(&[]);
        self.pos = self.buf.len();
        s
    }
    /// A big-endian unsigned integer of `n` ≤ 4 octets.
    pub fn uint(&mut self, n: usize) -> Result<u32, IeError> {
        Ok(self.bytes(n)?.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
    }
    /// Two octets, big endian.
    pub fn u16(&mut self) -> Result<u16, IeError> {
        let b = self.bytes(2)?;
        Ok(b.iter().fold(0u16, |acc, x| (acc << 8) | u16::from(*x)))
    }
    /// Three octets, big endian (cell rates, burst sizes).
    pub fn u24(&mut self) -> Result<u32, IeError> {
        self.uint(3)
    }
    /// Four octets, big endian.
    pub fn u32(&mut self) -> Result<u32, IeError> {
        self.uint(4)
    }
    /// An [`IeError::InvalidField`] at the octet just read.
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
    pub fn new(buf: &'a mut [u8]) -> Self {
        Writer { buf, pos: 0 }
    }
    /// Octets written so far.
    pub const fn len(&self) -> usize {
        self.pos
    }
    /// True when nothing has been written.
    pub const fn is_empty(&self) -> bool {
        self.pos == 0
    }
    /// Appends one octet.
    pub fn u8(&mut self, b: u8) -> Result<(), IeError> {
        let slot = self.buf.get_mut(self.pos).ok_or(IeError::BufferTooSmall)?;
        *slot = b;
        self.pos += 1;
        Ok(())
    }
    /// Appends `src`.
    pub fn bytes(&mut self, src: &[u8]) -> Result<(), IeError> {
        let end = self.pos.checked_add(src.len()).ok_or(IeError::BufferTooSmall)?;
        self.buf.get_mut(self.pos..end).ok_or(IeError::BufferTooSmall)?.copy_from_slice(src);
        self.pos = end;
        Ok(())
    }
    /// Appends the low `n` ≤ 4 octets of `v`, big endian.
    pub fn uint(&mut self, v: u32, n: usize) -> Result<(), IeError> {
        let be = v.to_be_bytes();
        self.bytes(be.get(4usize.saturating_sub(n)..).unwrap_or(&[]))
    }
    /// Two octets, big endian.
    pub fn u16(&mut self, v: u16) -> Result<(), IeError> {
        self.bytes(&v.to_be_bytes())
    }
    /// Three octets, big endian; values of 2^24 and more are an error, not truncated.
    pub fn u24(&mut self, v: u32) -> Result<(), IeError> {
        if v > 0x00FF_FFFF {
            return Err(IeError::InvalidField { offset: self.pos });
        }
        self.uint(v, 3)
    }
    /// Four octets, big endian.
    pub fn u32(&mut self, v: u32) -> Result<(), IeError> {
        self.bytes(&v.to_be_bytes())
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

/// Stores `v` into `slot` unless the subfield was already present: a repeated subfield is a
/// content error at `id_at`, the octet index of its identifier.
pub fn set_once<T>(slot: &mut Option<T>, v: T, id_at: usize) -> Result<(), IeError> {
    if slot.is_some() {
        return Err(IeError::InvalidField { offset: id_at });
    }
    *slot = Some(v);
    Ok(())
}

/// Defines a one-octet (or narrower) code point enum with an `Unknown(u8)` variant and `From`
/// both ways, so that unknown values survive a parse/emit round trip (style.md).
macro_rules! code_point {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:expr, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this codec has no name for, kept as received.
            Unknown(u8),
        }

        impl $name {
            /// The code point (usable in `const` contexts).
            #[allow(dead_code)]
            pub const fn code(self) -> u8 {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl From<u8> for $name {
            fn from(v: u8) -> Self {
                match v {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other),
                }
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> u8 {
                match v {
                    $( $name::$variant => $value, )+
                    $name::Unknown(other) => other,
                }
            }
        }
    };
}
pub(crate) use code_point;

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
}
