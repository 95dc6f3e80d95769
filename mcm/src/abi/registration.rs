//! Registration structures passed to NdisSetOptionalHandlers (condis-reference.md §1, §2,
//! §7 invariant 8): NDIS_OBJECT_HEADER, NDIS_MINIPORT_CO_CHARACTERISTICS and
//! NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS. Handler pointers are plain `u64` values here:
//! the glue fills them, the host contract checker verifies the tables with
//! [`MiniportCoCharacteristics::check`] and [`CallManagerOptionalHandlers::check`].

use super::{AbiError, AbiStruct, Reader, Writer};

/// `NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS`.
pub const NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS: u8 = 0x91;
/// `NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS`.
pub const NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS: u8 = 0xA5;
/// `NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1`.
pub const NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1: u8 = 1;
/// `NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1`.
pub const NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1: u8 = 1;
/// `NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1`.
pub const NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1: u16 = 56;
/// `NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1`: the header macro ends at
/// CmOidRequestComplete (136), not at the end of the structure (144).
pub const NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1: u16 = 136;

/// NDIS_OBJECT_HEADER layout.
pub mod header_field {
    /// Type (UCHAR).
    pub const TYPE: usize = 0;
    /// Revision (UCHAR).
    pub const REVISION: usize = 1;
    /// Size (USHORT).
    pub const SIZE_FIELD: usize = 2;
    /// sizeof(NDIS_OBJECT_HEADER).
    pub const SIZE: usize = 4;
}

/// `NDIS_OBJECT_HEADER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ObjectHeader {
    /// Type.
    pub object_type: u8,
    /// Revision.
    pub revision: u8,
    /// Size.
    pub size: u16,
}

impl AbiStruct for ObjectHeader {
    const NAME: &'static str = "NDIS_OBJECT_HEADER";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, header_field::SIZE)?;
        Ok(ObjectHeader {
            object_type: r.u8(header_field::TYPE)?,
            revision: r.u8(header_field::REVISION)?,
            size: r.u16(header_field::SIZE_FIELD)?,
        })
    }

    fn buffer_len(&self) -> usize {
        header_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, header_field::SIZE)?;
        w.u8(header_field::TYPE, self.object_type)?;
        w.u8(header_field::REVISION, self.revision)?;
        w.u16(header_field::SIZE_FIELD, self.size)?;
        Ok(header_field::SIZE)
    }
}

/// NDIS_MINIPORT_CO_CHARACTERISTICS layout.
pub mod co_characteristics_field {
    /// Header (NDIS_OBJECT_HEADER).
    pub const HEADER: usize = 0;
    /// Flags (ULONG).
    pub const FLAGS: usize = 4;
    /// The first handler pointer (CoCreateVcHandler); the others follow 8 bytes apart.
    pub const HANDLERS: usize = 8;
    /// Number of handler pointers.
    pub const HANDLER_COUNT: usize = 6;
    /// sizeof(NDIS_MINIPORT_CO_CHARACTERISTICS).
    pub const SIZE: usize = 56;
}
const _: () = assert!(
    co_characteristics_field::HANDLERS + 8 * co_characteristics_field::HANDLER_COUNT
        == co_characteristics_field::SIZE
);
const _: () = assert!(co_characteristics_field::SIZE == 56);

/// Names of the NDIS_MINIPORT_CO_CHARACTERISTICS handler fields, in layout order.
pub const CO_HANDLER_NAMES: [&str; co_characteristics_field::HANDLER_COUNT] = [
    "CoCreateVcHandler",
    "CoDeleteVcHandler",
    "CoActivateVcHandler",
    "CoDeactivateVcHandler",
    "CoSendNetBufferListsHandler",
    "CoOidRequestHandler",
];

/// A registration rule violated (condis-reference.md §7 invariant 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationError {
    /// The structure does not parse.
    Abi(AbiError),
    /// Header Type, Revision or Size is wrong.
    BadHeader {
        /// The header found.
        found: ObjectHeader,
        /// The header required.
        expected: ObjectHeader,
    },
    /// A handler that must be NULL for an MCM is set.
    MustBeNull(&'static str),
    /// A required handler is NULL.
    MissingHandler(&'static str),
    /// CmOidRequest is the same function as MiniportCoOidRequest.
    SharedOidHandler,
}

impl From<AbiError> for RegistrationError {
    fn from(e: AbiError) -> Self {
        RegistrationError::Abi(e)
    }
}

/// `NDIS_MINIPORT_CO_CHARACTERISTICS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MiniportCoCharacteristics {
    /// Header.
    pub header: ObjectHeader,
    /// Flags.
    pub flags: u32,
    /// Handler addresses in [`CO_HANDLER_NAMES`] order.
    pub handlers: [u64; co_characteristics_field::HANDLER_COUNT],
}

impl MiniportCoCharacteristics {
    /// The header NDIS requires.
    pub const HEADER: ObjectHeader = ObjectHeader {
        object_type: NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS,
        revision: NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1,
        size: NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1,
    };

    /// Checks the MCM rules: correct header, CoCreateVc and CoDeleteVc NULL, the other four
    /// handlers set.
    pub fn check(&self) -> Result<(), RegistrationError> {
        if self.header != Self::HEADER {
            return Err(RegistrationError::BadHeader {
                found: self.header,
                expected: Self::HEADER,
            });
        }
        for (name, &ptr) in CO_HANDLER_NAMES.iter().zip(&self.handlers) {
            let must_be_null = *name == "CoCreateVcHandler" || *name == "CoDeleteVcHandler";
            if must_be_null && ptr != 0 {
                return Err(RegistrationError::MustBeNull(name));
            }
            if !must_be_null && ptr == 0 {
                return Err(RegistrationError::MissingHandler(name));
            }
        }
        Ok(())
    }

    /// The CoOidRequestHandler address.
    #[must_use]
    pub fn co_oid_request(&self) -> u64 {
        self.handlers.last().copied().unwrap_or(0)
    }
}

impl AbiStruct for MiniportCoCharacteristics {
    const NAME: &'static str = "NDIS_MINIPORT_CO_CHARACTERISTICS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use co_characteristics_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        let mut handlers = [0u64; f::HANDLER_COUNT];
        for (i, h) in handlers.iter_mut().enumerate() {
            *h = r.u64(f::HANDLERS + 8 * i)?;
        }
        Ok(MiniportCoCharacteristics {
            header: ObjectHeader::parse(r.rest(f::HEADER)?)?,
            flags: r.u32(f::FLAGS)?,
            handlers,
        })
    }

    fn buffer_len(&self) -> usize {
        co_characteristics_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use co_characteristics_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        super::emit_at(&mut w, f::HEADER, &self.header)?;
        w.u32(f::FLAGS, self.flags)?;
        for (i, h) in self.handlers.iter().enumerate() {
            w.u64(f::HANDLERS + 8 * i, *h)?;
        }
        Ok(f::SIZE)
    }
}

/// NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS layout.
pub mod cm_handlers_field {
    /// Header (NDIS_OBJECT_HEADER).
    pub const HEADER: usize = 0;
    /// Reserved (ULONG).
    pub const RESERVED: usize = 4;
    /// The first handler pointer (CmCreateVcHandler); the others follow 8 bytes apart.
    pub const HANDLERS: usize = 8;
    /// Number of handler pointers.
    pub const HANDLER_COUNT: usize = 17;
    /// sizeof(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS).
    pub const SIZE: usize = 144;
}
const _: () = assert!(
    cm_handlers_field::HANDLERS + 8 * cm_handlers_field::HANDLER_COUNT == cm_handlers_field::SIZE
);
const _: () = assert!(cm_handlers_field::SIZE == 144);
const _: () = assert!(
    cm_handlers_field::HANDLERS + 8 * 16
        == NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1 as usize
);

/// Names of the NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS handler fields, in layout order.
pub const CM_HANDLER_NAMES: [&str; cm_handlers_field::HANDLER_COUNT] = [
    "CmCreateVcHandler",
    "CmDeleteVcHandler",
    "CmOpenAfHandler",
    "CmCloseAfHandler",
    "CmRegisterSapHandler",
    "CmDeregisterSapHandler",
    "CmMakeCallHandler",
    "CmCloseCallHandler",
    "CmIncomingCallCompleteHandler",
    "CmAddPartyHandler",
    "CmDropPartyHandler",
    "CmActivateVcCompleteHandler",
    "CmDeactivateVcCompleteHandler",
    "CmModifyCallQoSHandler",
    "CmOidRequestHandler",
    "CmOidRequestCompleteHandler",
    "CmNotifyCloseAfCompleteHandler",
];

/// Index of CmOidRequestHandler in [`CM_HANDLER_NAMES`].
const CM_OID_REQUEST: usize = 14;

/// `NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallManagerOptionalHandlers {
    /// Header.
    pub header: ObjectHeader,
    /// Reserved.
    pub reserved: u32,
    /// Handler addresses in [`CM_HANDLER_NAMES`] order.
    pub handlers: [u64; cm_handlers_field::HANDLER_COUNT],
}

impl CallManagerOptionalHandlers {
    /// The header NDIS requires.
    pub const HEADER: ObjectHeader = ObjectHeader {
        object_type: NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
        revision: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1,
        size: NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1,
    };

    /// Checks the MCM rules: correct header, all 17 handlers set, and CmOidRequest different
    /// from the miniport's CoOidRequest (`miniport_co_oid_request`).
    pub fn check(&self, miniport_co_oid_request: u64) -> Result<(), RegistrationError> {
        if self.header != Self::HEADER {
            return Err(RegistrationError::BadHeader {
                found: self.header,
                expected: Self::HEADER,
            });
        }
        if let Some((name, _)) = CM_HANDLER_NAMES.iter().zip(&self.handlers).find(|(_, &p)| p == 0)
        {
            return Err(RegistrationError::MissingHandler(name));
        }
        if self.handlers.get(CM_OID_REQUEST).copied() == Some(miniport_co_oid_request) {
            return Err(RegistrationError::SharedOidHandler);
        }
        Ok(())
    }
}

impl AbiStruct for CallManagerOptionalHandlers {
    const NAME: &'static str = "NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use cm_handlers_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        let mut handlers = [0u64; f::HANDLER_COUNT];
        for (i, h) in handlers.iter_mut().enumerate() {
            *h = r.u64(f::HANDLERS + 8 * i)?;
        }
        Ok(CallManagerOptionalHandlers {
            header: ObjectHeader::parse(r.rest(f::HEADER)?)?,
            reserved: r.u32(f::RESERVED)?,
            handlers,
        })
    }

    fn buffer_len(&self) -> usize {
        cm_handlers_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use cm_handlers_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        super::emit_at(&mut w, f::HEADER, &self.header)?;
        w.u32(f::RESERVED, self.reserved)?;
        for (i, h) in self.handlers.iter().enumerate() {
            w.u64(f::HANDLERS + 8 * i, *h)?;
        }
        Ok(f::SIZE)
    }
}
