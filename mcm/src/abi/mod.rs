//! NDIS structures as byte buffers: the x64 layouts of the WDK headers ndis.h and atm.h
//! (condis-reference.md §5, §6), parsed and built in safe, host-tested code.
//!
//! The Windows glue (mcm/src/ndis/) only turns the pointers NDIS hands over into byte slices;
//! everything about layout, lengths and validity lives here:
//! - [`status`]: `NDIS_STATUS` codes.
//! - [`oid`]: OID codes, the table of OIDs the MCM answers with their InformationBuffer length
//!   rules, and bounded writers reporting BytesWritten / BytesNeeded.
//! - [`co`]: CoNDIS structures (CO_ADDRESS_FAMILY, CO_SAP, FLOWSPEC, CO_SPECIFIC_PARAMETERS,
//!   CO_CALL_MANAGER_PARAMETERS, CO_MEDIA_PARAMETERS, CO_CALL_PARAMETERS, CO_PVC, CO_ADDRESS,
//!   CO_ADDRESS_LIST) and their flags.
//! - [`atm`]: atm.h structures (ATM_ADDRESS, ATM_VPIVCI, ATM_FLOW_PARAMETERS,
//!   ATM_MEDIA_PARAMETERS, ATM_BLLI_IE, ATM_BHLI_IE, ATM_SAP, ATM_PVC_SAP, Q2931_ADD_PVC,
//!   Q2931_DELETE_PVC, ATM_VC_RATES_SUPPORTED) and constants.
//! - [`q2931`]: Q2931_CALLMGR_PARAMETERS and its Q2931_IE list with typed IE bodies.
//! - [`validate`]: activation-time validation of ATM media parameters.
//! - [`registration`]: NDIS_OBJECT_HEADER, NDIS_MINIPORT_CO_CHARACTERISTICS and
//!   NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS layouts and their registration rules.
//!
//! Conventions:
//! - All integers are little-endian (x64). ULONG is 4 bytes, pointers and NDIS_HANDLE 8 bytes.
//! - Each structure has a `mod field` with its offsets and sizes as constants, and
//!   `const _: () = assert!(..)` pins every size and offset given in condis-reference.md §5.
//! - Each structure implements [`AbiStruct`]: `parse` never reads outside the slice and
//!   never trusts a length read from it; `emit` never writes outside the slice it is given.
//! - Enumerated fields keep unknown values (`Unknown(u32)` variants), so an out-of-range
//!   value survives a round trip and a validation error can name it.
//! - Structures that hold pointers (CO_CALL_PARAMETERS) are parsed through a
//!   [`PointerResolver`]; host tests use [`FlatResolver`] over one buffer.
//! - Every error is an [`AbiError`] naming the WDK structure and field; [`AbiError::status`]
//!   gives the `NDIS_STATUS` to return.
//!
//! How the two halves use it:
//! - MiniportCoActivateVc: `co::CoMediaParameters::parse(bytes)` then
//!   `validate::validate_media(&media, &limits)` → a typed `ValidatedMedia` or a
//!   `MediaInvalid` reason (NDIS_STATUS_INVALID_DATA).
//! - MiniportCoOidRequest / CmOidRequest: `oid::check_request(handler, oid, type, len)` first,
//!   then `oid::answer_query(..)` for queries or `oid::read_set::<T>(..)` for sets
//!   (`co::CoPvc<atm::Q2931AddPvc>` for OID_CO_ADD_PVC, `co::CoPvc<atm::Q2931DeletePvc>`
//!   for OID_CO_DELETE_PVC).
//! - CmMakeCall / CmModifyCallQoS / CmAddParty: `co::CoCallParameters::parse_at(ptr, &resolver)`;
//!   the Q.2931 IEs are in `CallMgrSpecific::Q2931`.
//! - CmRegisterSap: `co::CoSap::parse(bytes)`.
//! - Incoming calls and activations the MCM originates: build a `co::CoCallParameters` and
//!   `emit_flat` it into one allocation at its own address.
//! - Negotiated parameters (CALL_PARAMETERS_CHANGED): `CoCallParameters::write_back(ptr,
//!   &mut resolver_mut)` rewrites the client's structures in place, all or nothing.
//! - Registration: `registration::{MiniportCoCharacteristics, CallManagerOptionalHandlers}`
//!   give the header values and the `check` the contract checker runs.

pub mod atm;
pub mod co;
pub mod oid;
pub mod q2931;
pub mod registration;
pub mod status;
pub mod validate;

pub use status::NdisStatus;

use core::fmt;

/// Why a buffer could not be parsed or built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbiError {
    /// The buffer is shorter than the structure's fixed part (or a field in it).
    Truncated {
        /// The WDK structure name.
        structure: &'static str,
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        actual: usize,
    },
    /// A length field read from the buffer points past its end.
    LengthOverrun {
        /// The WDK structure name.
        structure: &'static str,
        /// The length field.
        field: &'static str,
        /// The declared length.
        declared: u64,
        /// Bytes actually available for it.
        available: usize,
    },
    /// A count read from the buffer exceeds what the buffer can hold or our bound.
    TooMany {
        /// The WDK structure name.
        structure: &'static str,
        /// The count field.
        field: &'static str,
        /// The declared count.
        count: u64,
        /// The largest acceptable count.
        max: usize,
    },
    /// A `ParamType` / `SapType` / type field other than the one this parser handles.
    UnexpectedType {
        /// The WDK structure name.
        structure: &'static str,
        /// The type field.
        field: &'static str,
        /// The value expected.
        expected: u32,
        /// The value found.
        actual: u32,
    },
    /// A field whose value is out of its valid range.
    InvalidField {
        /// The WDK structure name.
        structure: &'static str,
        /// The field.
        field: &'static str,
        /// The value found.
        value: u64,
    },
    /// A pointer the [`PointerResolver`] could not map to `len` readable bytes.
    BadPointer {
        /// The WDK structure name holding the pointer.
        structure: &'static str,
        /// The pointer field.
        field: &'static str,
        /// The pointer value.
        pointer: u64,
        /// Bytes requested behind it.
        len: usize,
    },
    /// `emit` was given a buffer shorter than `buffer_len()`.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        actual: usize,
    },
}

impl AbiError {
    /// The `NDIS_STATUS` a handler returns for this error: a fixed part that does not fit is
    /// `INVALID_LENGTH` (NDIS's code for "InformationBufferLength does not fit the OID"), an
    /// output buffer that is too small is `BUFFER_TOO_SHORT`, and everything else — lengths,
    /// counts, types or pointers inside well-sized data — is `INVALID_DATA`.
    #[must_use]
    pub const fn status(&self) -> NdisStatus {
        match self {
            AbiError::Truncated { .. } => NdisStatus::INVALID_LENGTH,
            AbiError::BufferTooSmall { .. } => NdisStatus::BUFFER_TOO_SHORT,
            AbiError::LengthOverrun { .. }
            | AbiError::TooMany { .. }
            | AbiError::UnexpectedType { .. }
            | AbiError::InvalidField { .. }
            | AbiError::BadPointer { .. } => NdisStatus::INVALID_DATA,
        }
    }
}

impl fmt::Display for AbiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AbiError::Truncated { structure, needed, actual } => {
                write!(f, "{structure}: needs {needed} bytes, buffer has {actual}")
            }
            AbiError::LengthOverrun { structure, field, declared, available } => write!(
                f,
                "{structure}.{field} = {declared} overruns the {available} bytes available"
            ),
            AbiError::TooMany { structure, field, count, max } => {
                write!(f, "{structure}.{field} = {count} exceeds {max}")
            }
            AbiError::UnexpectedType { structure, field, expected, actual } => {
                write!(f, "{structure}.{field} = {actual}, expected {expected}")
            }
            AbiError::InvalidField { structure, field, value } => {
                write!(f, "{structure}.{field} = {value:#x} is invalid")
            }
            AbiError::BadPointer { structure, field, pointer, len } => {
                write!(f, "{structure}.{field} = {pointer:#x} does not map {len} bytes")
            }
            AbiError::BufferTooSmall { needed, actual } => {
                write!(f, "output needs {needed} bytes, buffer has {actual}")
            }
        }
    }
}

/// A structure with a fixed x64 byte layout that parses from and emits into a byte buffer.
pub trait AbiStruct: Sized {
    /// The WDK structure name, for errors.
    const NAME: &'static str;
    /// Parse from the start of `buf`. Never reads outside `buf`; bytes after the structure
    /// are ignored.
    fn parse(buf: &[u8]) -> Result<Self, AbiError>;
    /// Bytes `emit` writes.
    fn buffer_len(&self) -> usize;
    /// Write into the start of `buf`; returns the bytes written (`buffer_len()`).
    /// Fails with [`AbiError::BufferTooSmall`] without writing if `buf` is too short.
    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError>;
}

/// Maps a pointer found inside a structure to the bytes behind it.
///
/// The Windows glue implements it over real kernel addresses (its only `unsafe`); host
/// tests and the simulator use [`FlatResolver`]. A NULL pointer is never passed here:
/// parsers handle NULL themselves.
pub trait PointerResolver {
    /// `len` readable bytes at `ptr`, or `None` if they are not all mapped.
    fn slice(&self, ptr: u64, len: usize) -> Option<&[u8]>;
}

/// Maps a pointer to writable bytes: used to write negotiated call parameters back into the
/// client's structures (NdisMCmMakeCallComplete with CALL_PARAMETERS_CHANGED).
pub trait PointerResolverMut {
    /// `len` writable bytes at `ptr`, or `None` if they are not all mapped.
    fn slice_mut(&mut self, ptr: u64, len: usize) -> Option<&mut [u8]>;
}

/// A [`PointerResolverMut`] over one flat buffer that starts at address `base`.
#[derive(Debug)]
pub struct FlatResolverMut<'a> {
    /// The address of `buf[0]`.
    pub base: u64,
    /// The memory.
    pub buf: &'a mut [u8],
}

impl PointerResolverMut for FlatResolverMut<'_> {
    fn slice_mut(&mut self, ptr: u64, len: usize) -> Option<&mut [u8]> {
        let start = usize::try_from(ptr.checked_sub(self.base)?).ok()?;
        let end = start.checked_add(len)?;
        self.buf.get_mut(start..end)
    }
}

/// A [`PointerResolver`] over one flat buffer that starts at address `base`: the host-side
/// stand-in for client memory.
#[derive(Debug, Clone, Copy)]
pub struct FlatResolver<'a> {
    /// The address of `buf[0]`.
    pub base: u64,
    /// The memory.
    pub buf: &'a [u8],
}

impl PointerResolver for FlatResolver<'_> {
    fn slice(&self, ptr: u64, len: usize) -> Option<&[u8]> {
        let start = usize::try_from(ptr.checked_sub(self.base)?).ok()?;
        let end = start.checked_add(len)?;
        self.buf.get(start..end)
    }
}

/// Rounds `n` up to a multiple of `align` (a power of two), saturating.
pub(crate) const fn align_up(n: usize, align: usize) -> usize {
    match n.checked_add(align - 1) {
        Some(v) => v & !(align - 1),
        None => usize::MAX & !(align - 1),
    }
}

/// Bounds-checked little-endian reads for one structure: every failure is a
/// [`AbiError::Truncated`] naming the structure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    structure: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader that first checks `buf` holds at least `min_len` bytes.
    pub(crate) fn new(
        buf: &'a [u8],
        structure: &'static str,
        min_len: usize,
    ) -> Result<Self, AbiError> {
        if buf.len() < min_len {
            return Err(AbiError::Truncated { structure, needed: min_len, actual: buf.len() });
        }
        Ok(Reader { buf, structure })
    }

    fn truncated(&self, needed: usize) -> AbiError {
        AbiError::Truncated { structure: self.structure, needed, actual: self.buf.len() }
    }

    /// `len` bytes at `off`.
    pub(crate) fn bytes(&self, off: usize, len: usize) -> Result<&'a [u8], AbiError> {
        let end = off.checked_add(len).ok_or(self.truncated(usize::MAX))?;
        self.buf.get(off..end).ok_or(self.truncated(end))
    }

    /// A fixed-size array at `off`.
    pub(crate) fn array<const N: usize>(&self, off: usize) -> Result<[u8; N], AbiError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.bytes(off, N)?);
        Ok(out)
    }

    pub(crate) fn u8(&self, off: usize) -> Result<u8, AbiError> {
        self.buf.get(off).copied().ok_or(self.truncated(off.saturating_add(1)))
    }

    pub(crate) fn u16(&self, off: usize) -> Result<u16, AbiError> {
        Ok(u16::from_le_bytes(self.array(off)?))
    }

    pub(crate) fn u32(&self, off: usize) -> Result<u32, AbiError> {
        Ok(u32::from_le_bytes(self.array(off)?))
    }

    pub(crate) fn u64(&self, off: usize) -> Result<u64, AbiError> {
        Ok(u64::from_le_bytes(self.array(off)?))
    }

    /// The bytes from `off` to the end.
    pub(crate) fn rest(&self, off: usize) -> Result<&'a [u8], AbiError> {
        self.buf.get(off..).ok_or(self.truncated(off))
    }
}

/// Bounds-checked little-endian writes. Created only after checking the total length, so
/// a failure here means a layout bug; it is still an error, never a panic.
#[derive(Debug)]
pub(crate) struct Writer<'a> {
    buf: &'a mut [u8],
}

impl<'a> Writer<'a> {
    /// A writer over `buf` that first checks it holds `len` bytes.
    pub(crate) fn new(buf: &'a mut [u8], len: usize) -> Result<Self, AbiError> {
        if buf.len() < len {
            return Err(AbiError::BufferTooSmall { needed: len, actual: buf.len() });
        }
        Ok(Writer { buf })
    }

    pub(crate) fn bytes(&mut self, off: usize, data: &[u8]) -> Result<(), AbiError> {
        let actual = self.buf.len();
        let end = off.saturating_add(data.len());
        self.buf
            .get_mut(off..end)
            .ok_or(AbiError::BufferTooSmall { needed: end, actual })?
            .copy_from_slice(data);
        Ok(())
    }

    /// `len` zero bytes at `off` (padding and reserved fields).
    pub(crate) fn zero(&mut self, off: usize, len: usize) -> Result<(), AbiError> {
        let actual = self.buf.len();
        let end = off.saturating_add(len);
        self.buf.get_mut(off..end).ok_or(AbiError::BufferTooSmall { needed: end, actual })?.fill(0);
        Ok(())
    }

    /// The bytes from `off` to the end, for nested emitters.
    pub(crate) fn rest(&mut self, off: usize) -> Result<&mut [u8], AbiError> {
        let actual = self.buf.len();
        self.buf.get_mut(off..).ok_or(AbiError::BufferTooSmall { needed: off, actual })
    }

    pub(crate) fn u8(&mut self, off: usize, v: u8) -> Result<(), AbiError> {
        self.bytes(off, &[v])
    }

    pub(crate) fn u16(&mut self, off: usize, v: u16) -> Result<(), AbiError> {
        self.bytes(off, &v.to_le_bytes())
    }

    pub(crate) fn u32(&mut self, off: usize, v: u32) -> Result<(), AbiError> {
        self.bytes(off, &v.to_le_bytes())
    }

    pub(crate) fn u64(&mut self, off: usize, v: u64) -> Result<(), AbiError> {
        self.bytes(off, &v.to_le_bytes())
    }
}

/// Emits a nested structure at `off` inside `w`.
pub(crate) fn emit_at<T: AbiStruct>(w: &mut Writer<'_>, off: usize, v: &T) -> Result<(), AbiError> {
    v.emit(w.rest(off)?).map(|_| ())
}

/// Defines a code-point enum over a `u32` field with an `Unknown(u32)` variant and `From`
/// both ways.
macro_rules! code_points {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $repr:ty {
            $($(#[$vdoc:meta])* $variant:ident = $value:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// Any other value, kept as is.
            Unknown($repr),
        }

        impl From<$repr> for $name {
            fn from(value: $repr) -> Self {
                match value {
                    $($value => $name::$variant,)*
                    other => $name::Unknown(other),
                }
            }
        }

        impl From<$name> for $repr {
            fn from(value: $name) -> $repr {
                match value {
                    $($name::$variant => $value,)*
                    $name::Unknown(other) => other,
                }
            }
        }
    };
}
pub(crate) use code_points;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_resolver_bounds() {
        let mem = [1u8, 2, 3, 4];
        let r = FlatResolver { base: 0x1000, buf: &mem };
        assert_eq!(r.slice(0x1001, 2), Some(&mem[1..3]));
        assert_eq!(r.slice(0x1000, 4), Some(&mem[..]));
        assert_eq!(r.slice(0x1000, 5), None);
        assert_eq!(r.slice(0x0FFF, 1), None);
        assert_eq!(r.slice(u64::MAX, 1), None);
        assert_eq!(r.slice(0x1004, 0), Some(&mem[4..]));
    }

    #[test]
    fn align_up_rounds() {
        assert_eq!(align_up(0, 8), 0);
        assert_eq!(align_up(1, 8), 8);
        assert_eq!(align_up(24, 8), 24);
        assert_eq!(align_up(5, 4), 8);
        assert_eq!(align_up(usize::MAX, 4), usize::MAX & !3);
    }

    #[test]
    fn reader_never_reads_outside() {
        let buf = [0u8; 6];
        let r = Reader::new(&buf, "T", 0).unwrap();
        assert!(r.u32(2).is_ok());
        assert_eq!(r.u32(3), Err(AbiError::Truncated { structure: "T", needed: 7, actual: 6 }));
        assert!(r.u64(0).is_err());
        assert!(r.bytes(usize::MAX, 2).is_err());
        assert!(Reader::new(&buf, "T", 7).is_err());
    }

    #[test]
    fn error_status_mapping() {
        let t = AbiError::Truncated { structure: "T", needed: 1, actual: 0 };
        assert_eq!(t.status(), NdisStatus::INVALID_LENGTH);
        let b = AbiError::BufferTooSmall { needed: 1, actual: 0 };
        assert_eq!(b.status(), NdisStatus::BUFFER_TOO_SHORT);
        let i = AbiError::InvalidField { structure: "T", field: "F", value: 1 };
        assert_eq!(i.status(), NdisStatus::INVALID_DATA);
        assert!(std::format!("{i}").contains("T.F"));
    }
}
