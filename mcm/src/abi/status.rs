//! `NDIS_STATUS` codes the MCM returns or receives (ndis.h; condis-reference.md §6).
//!
//! A newtype over the raw 32-bit value rather than an enum: a status that crosses the NDIS
//! boundary may be any value (a client's completion status, a future code), and it must
//! survive unchanged. The named constants are the ones CoNDIS and the ATM call manager use.

use core::fmt;

/// An `NDIS_STATUS` value (ndis.h). The top two bits are the NT severity: 00 success,
/// 01 informational, 10 warning, 11 error; NDIS's `NOT_ACCEPTED` / `CALL_ACTIVE` are
/// success-severity codes that are nevertheless not `SUCCESS`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NdisStatus(pub u32);

macro_rules! statuses {
    ($($(#[$doc:meta])* $name:ident = $value:literal;)*) => {
        impl NdisStatus {
            $($(#[$doc])* pub const $name: NdisStatus = NdisStatus($value);)*

            /// Every named status, for tables and tests.
            pub const ALL: &'static [NdisStatus] = &[$(NdisStatus::$name),*];

            /// The ndis.h name of a known status (`NDIS_STATUS_` prefix omitted).
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($name)),)*
                    _ => None,
                }
            }
        }
    };
}

statuses! {
    /// `NDIS_STATUS_SUCCESS`.
    SUCCESS = 0x0000_0000;
    /// `NDIS_STATUS_PENDING`: the request completes later through its completion function.
    PENDING = 0x0000_0103;
    /// `NDIS_STATUS_NOT_RECOGNIZED`.
    NOT_RECOGNIZED = 0x0001_0001;
    /// `NDIS_STATUS_NOT_ACCEPTED`: e.g. CmDeleteVc on a VC with a call, NdisMCmDeactivateVc on an
    /// inactive VC (condis-reference.md §3).
    NOT_ACCEPTED = 0x0001_0003;
    /// `NDIS_STATUS_CALL_ACTIVE`: OID_CO_DELETE_PVC on a PVC that carries a call.
    CALL_ACTIVE = 0x0001_0007;
    /// `NDIS_STATUS_FAILURE`.
    FAILURE = 0xC000_0001;
    /// `NDIS_STATUS_RESOURCES`.
    RESOURCES = 0xC000_009A;
    /// `NDIS_STATUS_NOT_SUPPORTED`: an OID or handler the MCM does not implement.
    NOT_SUPPORTED = 0xC000_00BB;
    /// `NDIS_STATUS_INVALID_PARAMETER`.
    INVALID_PARAMETER = 0xC000_000D;
    /// `NDIS_STATUS_INVALID_STATE`.
    INVALID_STATE = 0xC000_0184;
    /// `NDIS_STATUS_REQUEST_ABORTED`: sends queued at a reset.
    REQUEST_ABORTED = 0xC001_000C;
    /// `NDIS_STATUS_RESET_IN_PROGRESS`.
    RESET_IN_PROGRESS = 0xC001_000D;
    /// `NDIS_STATUS_INVALID_LENGTH`: an information buffer whose length does not fit the OID.
    INVALID_LENGTH = 0xC001_0014;
    /// `NDIS_STATUS_INVALID_DATA`: well-formed length, unacceptable contents.
    INVALID_DATA = 0xC001_0015;
    /// `NDIS_STATUS_BUFFER_TOO_SHORT`: a query buffer too small for the answer.
    BUFFER_TOO_SHORT = 0xC001_0016;
    /// `NDIS_STATUS_INVALID_OID`.
    INVALID_OID = 0xC001_0017;
    /// `NDIS_STATUS_INVALID_SAP`.
    INVALID_SAP = 0xC001_0020;
    /// `NDIS_STATUS_SAP_IN_USE`.
    SAP_IN_USE = 0xC001_0021;
    /// `NDIS_STATUS_INVALID_ADDRESS`.
    INVALID_ADDRESS = 0xC001_0022;
    /// `NDIS_STATUS_VC_NOT_ACTIVATED`.
    VC_NOT_ACTIVATED = 0xC001_0023;
    /// `NDIS_STATUS_DEST_OUT_OF_ORDER`.
    DEST_OUT_OF_ORDER = 0xC001_0024;
    /// `NDIS_STATUS_VC_NOT_AVAILABLE`.
    VC_NOT_AVAILABLE = 0xC001_0025;
    /// `NDIS_STATUS_CELLRATE_NOT_AVAILABLE`.
    CELLRATE_NOT_AVAILABLE = 0xC001_0026;
    /// `NDIS_STATUS_INCOMPATABLE_QOS` (sic, the ndis.h spelling).
    INCOMPATABLE_QOS = 0xC001_0027;
    /// `NDIS_STATUS_AAL_PARAMS_UNSUPPORTED`.
    AAL_PARAMS_UNSUPPORTED = 0xC001_0028;
    /// `NDIS_STATUS_NO_ROUTE_TO_DESTINATION`.
    NO_ROUTE_TO_DESTINATION = 0xC001_0029;
    /// `NDIS_STATUS_PAUSED`: sends rejected while the miniport is paused.
    PAUSED = 0xC023_002A;
    /// `NDIS_STATUS_SEND_ABORTED`.
    SEND_ABORTED = 0xC023_000C;
}

/// NT severity field: the top two bits of a status (00 success, 01 informational,
/// 10 warning, 11 error).
const SEVERITY_SHIFT: u32 = 30;
/// Severity value of an error status.
const SEVERITY_ERROR: u32 = 0b11;

impl NdisStatus {
    /// `NDIS_STATUS_SUCCESS` exactly.
    #[must_use]
    pub const fn is_success(self) -> bool {
        self.0 == Self::SUCCESS.0
    }

    /// `NDIS_STATUS_PENDING` exactly.
    #[must_use]
    pub const fn is_pending(self) -> bool {
        self.0 == Self::PENDING.0
    }

    /// An error status (severity 11, like `NT_ERROR`).
    #[must_use]
    pub const fn is_error(self) -> bool {
        self.0 >> SEVERITY_SHIFT == SEVERITY_ERROR
    }

    /// `NT_SUCCESS`: the top bit is clear. Beware: `NOT_ACCEPTED`, `CALL_ACTIVE` and
    /// `PENDING` pass this test although they are not `SUCCESS`; handlers compare with
    /// [`NdisStatus::is_success`].
    #[must_use]
    pub const fn is_nt_success(self) -> bool {
        self.0 & (1 << 31) == 0
    }

    /// A status that may complete a pended request: anything but `PENDING`
    /// (condis-reference.md §7 invariant 2: never complete with PENDING).
    #[must_use]
    pub const fn is_valid_completion(self) -> bool {
        !self.is_pending()
    }
}

impl From<u32> for NdisStatus {
    fn from(value: u32) -> Self {
        NdisStatus(value)
    }
}

impl From<NdisStatus> for u32 {
    fn from(value: NdisStatus) -> u32 {
        value.0
    }
}

impl fmt::Debug for NdisStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "NDIS_STATUS_{name}"),
            None => write!(f, "NdisStatus({:#010x})", self.0),
        }
    }
}

impl fmt::Display for NdisStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_ndis_h() {
        assert_eq!(NdisStatus::PENDING.0, 0x103);
        assert_eq!(NdisStatus::INVALID_LENGTH.0, 0xC001_0014);
        assert_eq!(NdisStatus::BUFFER_TOO_SHORT.0, 0xC001_0016);
        assert_eq!(NdisStatus::PAUSED.0, 0xC023_002A);
        assert_eq!(NdisStatus::ALL.len(), 28);
    }

    #[test]
    fn names_are_unique() {
        for (i, a) in NdisStatus::ALL.iter().enumerate() {
            for b in &NdisStatus::ALL[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn predicates() {
        assert!(NdisStatus::SUCCESS.is_success());
        assert!(!NdisStatus::SUCCESS.is_error());
        assert!(NdisStatus::PENDING.is_pending());
        assert!(!NdisStatus::PENDING.is_valid_completion());
        assert!(NdisStatus::FAILURE.is_error());
        assert!(NdisStatus::SEND_ABORTED.is_error());
        assert!(NdisStatus::NOT_ACCEPTED.is_nt_success());
        assert!(!NdisStatus::NOT_ACCEPTED.is_success());
        assert!(NdisStatus::CALL_ACTIVE.is_nt_success());
        assert!(!NdisStatus::CALL_ACTIVE.is_error());
        assert!(!NdisStatus::FAILURE.is_nt_success());
        assert_eq!(std::format!("{:?}", NdisStatus(0x1234)), "NdisStatus(0x00001234)");
        assert_eq!(
            std::format!("{}", NdisStatus::INCOMPATABLE_QOS),
            "NDIS_STATUS_INCOMPATABLE_QOS"
        );
    }
}
