//! Broadband low layer information (Q.2931 §4.5.9; UNI 3.1 §5.4.5.9; ISO/IEC TR 9577 and
//! RFC 2684 for the network layer protocol identification).
//!
//! Up to three octet groups, each introduced by an octet whose bits 7-6 name the layer
//! (01: layer 1, 10: layer 2, 11: layer 3) and whose bits 5-1 give the protocol; a clear
//! extension bit (bit 8) announces the group's continuation octets (6a, 6b; 7a, 7b, 7c).
//! For ISO/IEC TR 9577 the initial protocol identifier (IPI) is split over octets 7a/7b;
//! IPI 0x80 (IEEE 802.1 SNAP) is followed by octet 8 and the SNAP OUI and PID.

use super::wire::{code_point, Reader, Writer};
use super::{Bytes, CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const EXT: u8 = 0x80;
    pub const LAYER_SHIFT: u8 = 5;
    pub const LAYER: u8 = 0x03;
    pub const LAYER1: u8 = 0x01;
    pub const LAYER2: u8 = 0x02;
    pub const LAYER3: u8 = 0x03;
    pub const PROTOCOL: u8 = 0x1F;
    pub const SEVEN_BITS: u8 = 0x7F;
    pub const MODE_SHIFT: u8 = 5;
    pub const MODE: u8 = 0x03;
    pub const Q933: u8 = 0x03;
    pub const PACKET_SIZE: u8 = 0x0F;
    pub const IPI_LOW_BIT: u8 = 0x40;
    pub const SNAP_IPI: u8 = 0x80;
    /// Octet 8 for SNAP: ext=1, SNAP identifier 00.
    pub const SNAP_ID_OCTET: u8 = 0x80;
    pub const SNAP_ID: u8 = 0x60;

    pub const L2_USER_SPECIFIED: u8 = 0x10;
    pub const L3_X25: u8 = 0x06;
    pub const L3_ISO8208: u8 = 0x07;
    pub const L3_X223: u8 = 0x08;
    pub const L3_TR9577: u8 = 0x0B;
    pub const L3_USER_SPECIFIED: u8 = 0x10;
}

code_point! {
    /// User information layer 2 protocol (octet 6 bits 5-1).
    pub enum Layer2Protocol {
        /// Basic mode ISO 1745.
        BasicMode = 0x01,
        /// ITU-T Q.921 / I.441.
        Q921 = 0x02,
        /// ITU-T X.25 link layer.
        X25Link = 0x06,
        /// ITU-T X.25 multilink.
        X25Multilink = 0x07,
        /// Extended LAPB (half duplex).
        ExtendedLapb = 0x08,
        /// HDLC ARM (ISO/IEC 4335).
        HdlcArm = 0x09,
        /// HDLC NRM (ISO/IEC 4335).
        HdlcNrm = 0x0A,
        /// HDLC ABM (ISO/IEC 4335).
        HdlcAbm = 0x0B,
        /// LAN logical link control (ISO/IEC 8802-2).
        Lan8802_2 = 0x0C,
        /// ITU-T X.75 single link procedure.
        X75Slp = 0x0D,
        /// ITU-T Q.922.
        Q922 = 0x0E,
        /// User specified.
        UserSpecified = 0x10,
        /// ISO 7776 DTE-DTE operation.
        Iso7776 = 0x11,
    }
}

code_point! {
    /// User information layer 3 protocol (octet 7 bits 5-1).
    pub enum Layer3Protocol {
        /// ITU-T X.25 packet layer.
        X25Packet = 0x06,
        /// ISO/IEC 8208.
        Iso8208 = 0x07,
        /// X.223 / ISO/IEC 8878.
        X223 = 0x08,
        /// ISO/IEC 8473 (connectionless network protocol).
        Iso8473 = 0x09,
        /// ITU-T T.70 minimum network layer.
        T70 = 0x0A,
        /// ISO/IEC TR 9577 (protocol identification in the network layer).
        Tr9577 = 0x0B,
        /// ITU-T H.310.
        H310 = 0x0C,
        /// ITU-T H.321.
        H321 = 0x0D,
        /// User specified.
        UserSpecified = 0x10,
    }
}

code_point! {
    /// Mode of operation (octets 6a / 7a bits 7-6).
    pub enum OperationMode {
        /// Normal mode of operation (modulo 8 sequence numbering).
        Normal = 0x01,
        /// Extended mode of operation (modulo 128).
        Extended = 0x02,
    }
}

/// Layer 2 octet group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer2 {
    /// Octet 6 only.
    Protocol(Layer2Protocol),
    /// Octet 6 with 6a (mode, Q.933 use) and optionally 6b (window size k), as for X.25 link
    /// layer, HDLC, X.75, Q.922 and ISO 7776.
    WithMode {
        /// The protocol.
        protocol: Layer2Protocol,
        /// Mode of operation.
        mode: OperationMode,
        /// Q.933 use (2 bits; 00 for other than Q.933).
        q933_use: u8,
        /// Window size k (1..127).
        window_size: Option<u8>,
    },
    /// User specified layer 2 protocol, with its 7-bit information (octet 6a).
    UserSpecified(u8),
}

/// IEEE 802.1 SNAP identification following IPI 0x80.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Snap {
    /// Organizationally unique identifier (24 bits).
    pub oui: u32,
    /// Protocol identifier.
    pub pid: u16,
}

/// Layer 3 octet group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer3 {
    /// Octet 7 only.
    Protocol(Layer3Protocol),
    /// X.25 packet layer, ISO/IEC 8208 or X.223: mode (7a), default packet size (7b, log2 of
    /// the size), packet window size (7c).
    Packet {
        /// The protocol.
        protocol: Layer3Protocol,
        /// Mode of operation.
        mode: OperationMode,
        /// Default packet size (4 bits).
        default_packet_size: Option<u8>,
        /// Packet window size (1..127).
        packet_window_size: Option<u8>,
    },
    /// User specified layer 3 protocol, with its 7-bit information (octet 7a).
    UserSpecified(u8),
    /// ISO/IEC TR 9577 with its initial protocol identifier; IPI 0x80 carries SNAP.
    Tr9577 {
        /// Initial protocol identifier (e.g. 0xCC IP, 0x80 SNAP).
        ipi: u8,
        /// SNAP OUI/PID, present exactly when `ipi` is 0x80.
        snap: Option<Snap>,
    },
    /// Another protocol with continuation octets whose layout this codec does not name
    /// (e.g. H.310's terminal type and multiplexing capabilities): their 7-bit payloads.
    Other {
        /// The protocol.
        protocol: Layer3Protocol,
        /// Payload bits 7-1 of each continuation octet (1 or 2).
        extension: Bytes<2>,
    },
}

/// B-LLI IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Blli {
    /// User information layer 1 protocol (5 bits).
    pub layer1: Option<u8>,
    /// Layer 2.
    pub layer2: Option<Layer2>,
    /// Layer 3.
    pub layer3: Option<Layer3>,
}

fn layer_octet(layer: u8, protocol: u8, more: bool) -> u8 {
    (if more { 0 } else { field::EXT })
        | (layer << field::LAYER_SHIFT)
        | (protocol & field::PROTOCOL)
}

/// Reads a continuation octet; returns (payload bits 7-1, extension bit set).
fn continuation(r: &mut Reader<'_>) -> Result<(u8, bool), IeError> {
    let o = r.u8()?;
    Ok((o & field::SEVEN_BITS, o & field::EXT != 0))
}

fn parse_layer2(r: &mut Reader<'_>, o6: u8) -> Result<Layer2, IeError> {
    let protocol = Layer2Protocol::from(o6 & field::PROTOCOL);
    if o6 & field::EXT != 0 {
        return Ok(Layer2::Protocol(protocol));
    }
    let (a, last) = continuation(r)?;
    if o6 & field::PROTOCOL == field::L2_USER_SPECIFIED {
        if !last {
            return Err(r.invalid_prev());
        }
        return Ok(Layer2::UserSpecified(a));
    }
    let mode = OperationMode::from((a >> field::MODE_SHIFT) & field::MODE);
    let q933_use = a & field::Q933;
    let window_size = if last {
        None
    } else {
        let (k, last_b) = continuation(r)?;
        if !last_b {
            return Err(r.invalid_prev());
        }
        Some(k)
    };
    Ok(Layer2::WithMode { protocol, mode, q933_use, window_size })
}

fn parse_layer3(r: &mut Reader<'_>, o7: u8) -> Result<Layer3, IeError> {
    let code = o7 & field::PROTOCOL;
    let protocol = Layer3Protocol::from(code);
    if o7 & field::EXT != 0 {
        return Ok(Layer3::Protocol(protocol));
    }
    match code {
        field::L3_X25 | field::L3_ISO8208 | field::L3_X223 => {
            let (a, mut last) = continuation(r)?;
            let mode = OperationMode::from((a >> field::MODE_SHIFT) & field::MODE);
            let mut default_packet_size = None;
            let mut packet_window_size = None;
            if !last {
                let (b, l) = continuation(r)?;
                default_packet_size = Some(b & field::PACKET_SIZE);
                last = l;
                if !last {
                    let (c, l) = continuation(r)?;
                    if !l {
                        return Err(r.invalid_prev());
                    }
                    packet_window_size = Some(c);
                }
            }
            Ok(Layer3::Packet { protocol, mode, default_packet_size, packet_window_size })
        }
        field::L3_USER_SPECIFIED => {
            let (a, last) = continuation(r)?;
            if !last {
                return Err(r.invalid_prev());
            }
            Ok(Layer3::UserSpecified(a))
        }
        field::L3_TR9577 => {
            let (a, last) = continuation(r)?;
            if last {
                return Err(r.invalid_prev());
            }
            let (b, last_b) = continuation(r)?;
            if !last_b {
                return Err(r.invalid_prev());
            }
            let ipi = (a << 1) | u8::from(b & field::IPI_LOW_BIT != 0);
            let snap = if ipi == field::SNAP_IPI {
                let o8 = r.u8()?;
                if o8 & field::EXT == 0 || o8 & field::SNAP_ID != 0 {
                    return Err(r.invalid_prev());
                }
                Some(Snap { oui: r.u24()?, pid: r.u16()? })
            } else {
                None
            };
            Ok(Layer3::Tr9577 { ipi, snap })
        }
        _ => {
            let (a, last) = continuation(r)?;
            let ext = if last {
                Bytes::from_slice(&[a])
            } else {
                let (b, l) = continuation(r)?;
                if !l {
                    return Err(r.invalid_prev());
                }
                Bytes::from_slice(&[a, b])
            };
            Ok(Layer3::Other { protocol, extension: ext.ok_or(IeError::TooLong)? })
        }
    }
}

impl Blli {
    fn write(&self, w: &mut Writer<'_>) -> Result<(), IeError> {
        if let Some(p) = self.layer1 {
            if p > field::PROTOCOL {
                return Err(IeError::InvalidField { offset: w.len() });
            }
            w.u8(layer_octet(field::LAYER1, p, false))?;
        }
        if let Some(l2) = self.layer2 {
            write_layer2(w, l2)?;
        }
        if let Some(l3) = self.layer3 {
            write_layer3(w, l3)?;
        }
        Ok(())
    }
}

fn protocol_bits<T: Into<u8>>(p: T, at: usize) -> Result<u8, IeError> {
    let v = p.into();
    if v > field::PROTOCOL {
        return Err(IeError::InvalidField { offset: at });
    }
    Ok(v)
}

fn seven(v: u8, at: usize) -> Result<u8, IeError> {
    if v > field::SEVEN_BITS {
        return Err(IeError::InvalidField { offset: at });
    }
    Ok(v)
}

fn mode_bits(mode: OperationMode, at: usize) -> Result<u8, IeError> {
    let m = u8::from(mode);
    if m > field::MODE {
        return Err(IeError::InvalidField { offset: at });
    }
    Ok(m << field::MODE_SHIFT)
}

fn write_layer2(w: &mut Writer<'_>, l2: Layer2) -> Result<(), IeError> {
    let at = w.len();
    match l2 {
        Layer2::Protocol(p) => w.u8(layer_octet(field::LAYER2, protocol_bits(p, at)?, false)),
        Layer2::UserSpecified(info) => {
            w.u8(layer_octet(field::LAYER2, field::L2_USER_SPECIFIED, true))?;
            w.u8(field::EXT | seven(info, at)?)
        }
        Layer2::WithMode { protocol, mode, q933_use, window_size } => {
            let p = protocol_bits(protocol, at)?;
            // Protocol 16 with continuation octets reads back as UserSpecified.
            if p == field::L2_USER_SPECIFIED || q933_use > field::Q933 {
                return Err(IeError::InvalidField { offset: at });
            }
            w.u8(layer_octet(field::LAYER2, p, true))?;
            let a = mode_bits(mode, at)? | q933_use;
            match window_size {
                None => w.u8(field::EXT | a),
                Some(k) => {
                    w.u8(a)?;
                    w.u8(field::EXT | seven(k, at)?)
                }
            }
        }
    }
}

fn write_layer3(w: &mut Writer<'_>, l3: Layer3) -> Result<(), IeError> {
    let at = w.len();
    match l3 {
        Layer3::Protocol(p) => w.u8(layer_octet(field::LAYER3, protocol_bits(p, at)?, false)),
        Layer3::UserSpecified(info) => {
            w.u8(layer_octet(field::LAYER3, field::L3_USER_SPECIFIED, true))?;
            w.u8(field::EXT | seven(info, at)?)
        }
        Layer3::Packet { protocol, mode, default_packet_size, packet_window_size } => {
            let p = protocol_bits(protocol, at)?;
            if !matches!(p, field::L3_X25 | field::L3_ISO8208 | field::L3_X223) {
                return Err(IeError::InvalidField { offset: at });
            }
            w.u8(layer_octet(field::LAYER3, p, true))?;
            let a = mode_bits(mode, at)?;
            match (default_packet_size, packet_window_size) {
                (None, None) => w.u8(field::EXT | a),
                (Some(size), window) => {
                    if size > field::PACKET_SIZE {
                        return Err(IeError::InvalidField { offset: at });
                    }
                    w.u8(a)?;
                    match window {
                        None => w.u8(field::EXT | size),
                        Some(win) => {
                            w.u8(size)?;
                            w.u8(field::EXT | seven(win, at)?)
                        }
                    }
                }
                // 7c cannot be sent without 7b.
                (None, Some(_)) => Err(IeError::InvalidField { offset: at }),
            }
        }
        Layer3::Tr9577 { ipi, snap } => {
            if (ipi == field::SNAP_IPI) != snap.is_some() {
                return Err(IeError::InvalidField { offset: at });
            }
            w.u8(layer_octet(field::LAYER3, field::L3_TR9577, true))?;
            w.u8(ipi >> 1)?;
            w.u8(field::EXT | if ipi & 1 != 0 { field::IPI_LOW_BIT } else { 0 })?;
            if let Some(s) = snap {
                w.u8(field::SNAP_ID_OCTET)?;
                w.u24(s.oui)?;
                w.u16(s.pid)?;
            }
            Ok(())
        }
        Layer3::Other { protocol, extension } => {
            let p = protocol_bits(protocol, at)?;
            if matches!(
                p,
                field::L3_X25
                    | field::L3_ISO8208
                    | field::L3_X223
                    | field::L3_TR9577
                    | field::L3_USER_SPECIFIED
            ) {
                return Err(IeError::InvalidField { offset: at });
            }
            w.u8(layer_octet(field::LAYER3, p, true))?;
            match extension.as_slice() {
                [a] => w.u8(field::EXT | seven(*a, at)?),
                [a, b] => {
                    w.u8(seven(*a, at)?)?;
                    w.u8(field::EXT | seven(*b, at)?)
                }
                _ => Err(IeError::InvalidField { offset: at }),
            }
        }
    }
}

impl IeContents for Blli {
    fn parse(
        contents: &[u8],
        _coding: CodingStandard,
        _version: UniVersion,
    ) -> Result<Self, IeError> {
        let mut b = Blli::default();
        let mut r = Reader::new(contents);
        // Groups come in layer order, each at most once.
        let mut last_layer = 0u8;
        while !r.is_empty() {
            let o = r.u8()?;
            let layer = (o >> field::LAYER_SHIFT) & field::LAYER;
            if layer <= last_layer || layer == 0 {
                return Err(r.invalid_prev());
            }
            last_layer = layer;
            match layer {
                field::LAYER1 => {
                    if o & field::EXT == 0 {
                        return Err(r.invalid_prev());
                    }
                    b.layer1 = Some(o & field::PROTOCOL);
                }
                field::LAYER2 => b.layer2 = Some(parse_layer2(&mut r, o)?),
                _ => b.layer3 = Some(parse_layer3(&mut r, o)?),
            }
        }
        Ok(b)
    }
    super::wire::emit_by_write!();
}

#[cfg(test)]
mod tests {
    use super::*;
    const ITU: CodingStandard = CodingStandard::ItuT;

    fn round_trip(bytes: &[u8]) -> Blli {
        let b = Blli::parse(bytes, ITU, UniVersion::Uni40).unwrap();
        let mut buf = [0u8; 32];
        let n = b.emit(&mut buf).unwrap();
        assert_eq!(&buf[..n], bytes);
        assert_eq!(b.buffer_len(), n);
        b
    }

    #[test]
    fn classical_ip_llc() {
        // RFC 2225: layer 2 = ISO 8802/2 LLC.
        let b = round_trip(&[0xcc]);
        assert_eq!(b.layer2, Some(Layer2::Protocol(Layer2Protocol::Lan8802_2)));
        assert_eq!(b.layer3, None);
    }

    #[test]
    fn lane_snap() {
        // LANE 802.3 data direct: TR 9577, IPI 0x80 SNAP, OUI 00-A0-3E, PID 0x0002.
        let b = round_trip(&[0x6b, 0x40, 0x80, 0x80, 0x00, 0xa0, 0x3e, 0x00, 0x02]);
        assert_eq!(
            b.layer3,
            Some(Layer3::Tr9577 { ipi: 0x80, snap: Some(Snap { oui: 0x00a03e, pid: 2 }) })
        );
    }

    #[test]
    fn tr9577_ip_and_x25() {
        let b = round_trip(&[0x6b, 0x66, 0x80]);
        assert_eq!(b.layer3, Some(Layer3::Tr9577 { ipi: 0xcc, snap: None }));
        // X.25 link layer normal mode, window 7; X.25 packet layer, extended, 2^7, window 2.
        let x = round_trip(&[0xa1, 0x46, 0x20, 0x87, 0x66, 0x40, 0x07, 0x82]);
        assert_eq!(x.layer1, Some(1));
        assert_eq!(
            x.layer2,
            Some(Layer2::WithMode {
                protocol: Layer2Protocol::X25Link,
                mode: OperationMode::Normal,
                q933_use: 0,
                window_size: Some(7),
            })
        );
        assert_eq!(
            x.layer3,
            Some(Layer3::Packet {
                protocol: Layer3Protocol::X25Packet,
                mode: OperationMode::Extended,
                default_packet_size: Some(7),
                packet_window_size: Some(2),
            })
        );
    }

    #[test]
    fn user_specified_and_other() {
        let b = round_trip(&[0x50, 0x85, 0x70, 0x99]);
        assert_eq!(b.layer2, Some(Layer2::UserSpecified(5)));
        assert_eq!(b.layer3, Some(Layer3::UserSpecified(0x19)));
        let h = round_trip(&[0x6c, 0x01, 0x92]);
        assert_eq!(
            h.layer3,
            Some(Layer3::Other {
                protocol: Layer3Protocol::H310,
                extension: Bytes::from_slice(&[0x01, 0x12]).unwrap(),
            })
        );
        assert_eq!(round_trip(&[]), Blli::default());
    }

    #[test]
    fn negative() {
        // Layer 3 before layer 2.
        assert_eq!(
            Blli::parse(&[0xeb, 0xcc], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 1 })
        );
        // Layer id 00.
        assert_eq!(
            Blli::parse(&[0x8c], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 0 })
        );
        // TR 9577 without octet 7b.
        assert_eq!(
            Blli::parse(&[0x6b, 0xe6], ITU, UniVersion::Uni40),
            Err(IeError::InvalidField { offset: 1 })
        );
        // SNAP truncated.
        assert_eq!(
            Blli::parse(&[0x6b, 0x40, 0x80, 0x80, 0x00, 0xa0], ITU, UniVersion::Uni40),
            Err(IeError::Truncated)
        );
        // A SNAP IPI without SNAP fields cannot be emitted.
        let bad =
            Blli { layer3: Some(Layer3::Tr9577 { ipi: 0x80, snap: None }), ..Default::default() };
        assert!(bad.emit(&mut [0u8; 16]).is_err());
    }
}
