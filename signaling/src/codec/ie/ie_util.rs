//! Small shared pieces for the contents codecs of the IEs in this directory: a bounds-checked
//! reader and writer over the contents octets, and the `code_point!` macro that declares a
//! code-point enum with an `Unknown(u8)` variant and `From` both ways (style.md).

use super::IeError;

/// Bit 8 of an octet: the extension bit of Q.2931 §4.5.1 octet groups. A 1 marks the last
/// octet of a group; a 0 says the group continues in the next octet.
pub(crate) const EXT: u8 = 0x80;

/// Declares a code-point enum over a field of `$max` (the largest code the field can hold).
///
/// Every named variant maps to one code; `Unknown(u8)` keeps any other code so that it
/// survives a parse/emit round trip. `is_encodable` is false for an `Unknown` holding a named
/// code or a code wider than the field: such a value cannot be emitted faithfully.
macro_rules! code_point {
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
            fn from(code: u8) -> Self {
                match code {
                    $( $code => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }
        }

        impl From<$name> for u8 {
            fn from(value: $name) -> u8 {
                match value {
                    $( $name::$variant => $code, )*
                    $name::Unknown(other) => other,
                }
            }
        }

        impl $name {
            /// Largest code the field holds.
            pub const MAX_CODE: u8 = $max;
            /// Every named variant, in code order of declaration.
            pub const NAMED: &'static [$name] = &[$( $name::$variant, )*];
            /// True when emitting this value and parsing it back gives the same value: the code
            /// fits the field and an `Unknown` does not hold a named code.
            pub fn is_encodable(self) -> bool {
                let code = u8::from(self);
                code <= Self::MAX_CODE && $name::from(code) == self
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

/// Reads the contents octets front to back; running off the end is [`IeError::Truncated`].
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }
    /// Offset of the next octet within the contents (for [`IeError::InvalidField`]).
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }
    pub(crate) fn u8(&mut self) -> Result<u8, IeError> {
        let b = *self.data.get(self.pos).ok_or(IeError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }
    pub(crate) fn u16(&mut self) -> Result<u16, IeError> {
        let s = self.take(2)?;
        let mut a = [0u8; 2];
        a.copy_from_slice(s);
        Ok(u16::from_be_bytes(a))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, IeError> {
        let s = self.take(4)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(s);
        Ok(u32::from_be_bytes(a))
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], IeError> {
        let end = self.pos.checked_add(n).ok_or(IeError::Truncated)?;
        let s = self.data.get(self.pos..end).ok_or(IeError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    /// All remaining octets.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let s = self.data.get(self.pos..).unwrap_or(&[]);
        self.pos = self.data.len();
        s
    }
    /// Fails with [`IeError::TooLong`] when octets remain after the last field.
    pub(crate) fn finish(&self) -> Result<(), IeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(IeError::TooLong)
        }
    }
}

/// Writes contents octets into a buffer checked once against the final length.
#[derive(Debug)]
pub(crate) struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    /// A writer over the first `len` octets of `buf`, or [`IeError::BufferTooSmall`].
    pub(crate) fn new(buf: &'a mut [u8], len: usize) -> Result<Self, IeError> {
        let buf = buf.get_mut(..len).ok_or(IeError::BufferTooSmall)?;
        Ok(Writer { buf, pos: 0 })
    }
    pub(crate) fn u8(&mut self, v: u8) -> Result<(), IeError> {
        let slot = self.buf.get_mut(self.pos).ok_or(IeError::BufferTooSmall)?;
        *slot = v;
        self.pos += 1;
        Ok(())
    }
    pub(crate) fn u16(&mut self, v: u16) -> Result<(), IeError> {
        self.bytes(&v.to_be_bytes())
    }
    pub(crate) fn u32(&mut self, v: u32) -> Result<(), IeError> {
        self.bytes(&v.to_be_bytes())
    }
    pub(crate) fn bytes(&mut self, src: &[u8]) -> Result<(), IeError> {
        let end = self.pos.checked_add(src.len()).ok_or(IeError::BufferTooSmall)?;
        self.buf.get_mut(self.pos..end).ok_or(IeError::BufferTooSmall)?.copy_from_slice(src);
        self.pos = end;
        Ok(())
    }
    /// Octets written so far.
    pub(crate) fn written(&self) -> usize {
        self.pos
    }
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

use super::{
    BroadbandLockingShift, BroadbandNonLockingShift, BroadbandRepeatIndicator, BroadbandReportType,
    BroadbandSendingComplete, CallState, CalledPartyNumber, CalledPartySubaddress,
    CallingPartyNumber, CallingPartySubaddress, Cause, ConnectedNumber, ConnectedSubaddress,
    ConnectionIdentifier, ConnectionScopeSelection, EndpointReference, EndpointState,
    GenericIdentifierTransport, LeafSequenceNumber, LijCallIdentifier, LijParameters,
    NotificationIndicator, RestartIndicator, TransitNetworkSelection, UserUser,
};
// Coding standards of the "ies" IEs: ITU-T coded Q.2931/Q.2971/Q.2957 IEs, ATM Forum
// ("standard defined for the network") coded UNI 4.0 IEs; Cause, Transit network selection and
// Generic identifier transport are sent with either.
coding_standards! {
    CalledPartyNumber => [ItuT];
    CallingPartyNumber => [ItuT];
    ConnectedNumber => [ItuT];
    CalledPartySubaddress => [ItuT];
    CallingPartySubaddress => [ItuT];
    ConnectedSubaddress => [ItuT];
    Cause => [ItuT, NetworkSpecific];
    CallState => [ItuT];
    ConnectionIdentifier => [ItuT];
    EndpointReference => [ItuT];
    EndpointState => [ItuT];
    NotificationIndicator => [ItuT];
    RestartIndicator => [ItuT];
    BroadbandSendingComplete => [ItuT];
    BroadbandRepeatIndicator => [ItuT];
    BroadbandLockingShift => [ItuT];
    BroadbandNonLockingShift => [ItuT];
    BroadbandReportType => [ItuT];
    TransitNetworkSelection => [ItuT, NetworkSpecific];
    LijCallIdentifier => [NetworkSpecific];
    LijParameters => [NetworkSpecific];
    LeafSequenceNumber => [NetworkSpecific];
    ConnectionScopeSelection => [NetworkSpecific];
    GenericIdentifierTransport => [ItuT, NetworkSpecific];
    UserUser => [ItuT];
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(r.offset(), 2);
        assert_eq!(r.u16(), Err(IeError::Truncated));
        assert!(r.finish().is_err());
        assert_eq!(r.rest(), &[3]);
        assert!(r.finish().is_ok());
        let mut buf = [0u8; 2];
        assert!(Writer::new(&mut buf, 3).is_err());
        let mut w = Writer::new(&mut buf, 2).unwrap();
        w.u8(9).unwrap();
        assert_eq!(w.u16(1), Err(IeError::BufferTooSmall));
        w.u8(8).unwrap();
        assert_eq!(w.written(), 2);
        assert_eq!(buf, [9, 8]);
    }
}
