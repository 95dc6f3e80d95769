//! The SETUP and ADD PARTY templates of `atmctl signal`: from command-line options (typed IEs)
//! or from a file holding a SETUP's octets in hex.

use std::path::Path;

use signaling::call::SetupParams;
use signaling::codec::ie::aal::{Aal5Parameters, AalMode, SscsType};
use signaling::codec::ie::bearer::{
    AtmTransferCapability, BearerClass, BearerOctet5a, Clipping, TimingRequirements, TrafficType,
    UserPlaneConfiguration,
};
use signaling::codec::ie::blli::{Layer2, Layer2Protocol, Layer3};
use signaling::codec::ie::qos::QosClass;
use signaling::codec::ie::{
    AalParameters, AtmAddress, AtmTrafficDescriptor, Blli, BroadbandBearerCapability,
    CalledPartyNumber, CallingPartyNumber, CodingStandard, EndpointReference,
    EndpointReferenceType, PartyNumber, QosParameter, UniVersion,
};
use signaling::codec::{CallReference, Context, Direction, Ie, Message, MessageType};

/// Service category of the calls placed (UNI 4.0 §4.5.2 / Annex 9, UNI 3.1 Annex 3): fixes
/// the bearer capability coding and which traffic descriptor subfields are sent.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Constant bit rate: PCR (CLP=0+1).
    Cbr,
    /// Real-time VBR: PCR, SCR, MBS (CLP=0+1).
    RtVbr,
    /// Non-real-time VBR: PCR, SCR, MBS (CLP=0+1).
    NrtVbr,
    /// Unspecified bit rate: PCR (CLP=0+1) and the best effort indicator.
    Ubr,
}

/// Bearer class of the broadband bearer capability (Q.2931 §4.5.7).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BearerArg {
    /// BCOB-A (connection-oriented, CBR, timing).
    A,
    /// BCOB-C (connection-oriented, VBR, no timing).
    C,
    /// BCOB-X (transport of any ATM service; octet 5a carries the category).
    X,
}

/// B-LLI carried in SETUP (Q.2931 §4.5.9; RFC 2684 codings).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlliArg {
    /// No B-LLI.
    None,
    /// Layer 2 ISO 8802/2 (LLC encapsulation, RFC 2684 §6.1).
    Llc,
    /// Layer 3 ISO/IEC TR 9577, IPI 0xCC (VC-multiplexed IPv4, RFC 2684 §6.2).
    Ip,
}

/// The typed SETUP contents given on the command line.
#[derive(Debug, Clone, Copy)]
pub struct TypedSetup {
    /// Service category.
    pub category: Category,
    /// Bearer class.
    pub bearer: BearerArg,
    /// Peak cell rate, both directions (cells/s).
    pub pcr: u32,
    /// Sustainable cell rate (VBR).
    pub scr: u32,
    /// Maximum burst size (VBR, cells).
    pub mbs: u32,
    /// AAL5 maximum CPCS-SDU size, both directions.
    pub max_sdu: u16,
    /// QoS class, both directions (0 = unspecified).
    pub qos: u8,
    /// B-LLI.
    pub blli: BlliArg,
    /// Calling party number.
    pub calling: Option<AtmAddress>,
    /// Point-to-multipoint (user plane configuration and endpoint reference 0).
    pub p2mp: bool,
}

fn traffic(t: &TypedSetup) -> AtmTrafficDescriptor {
    let mut d = AtmTrafficDescriptor {
        forward_pcr_01: Some(t.pcr),
        backward_pcr_01: Some(t.pcr),
        ..AtmTrafficDescriptor::default()
    };
    match t.category {
        Category::Cbr => {}
        Category::RtVbr | Category::NrtVbr => {
            d.forward_scr_01 = Some(t.scr);
            d.backward_scr_01 = Some(t.scr);
            d.forward_mbs_01 = Some(t.mbs);
            d.backward_mbs_01 = Some(t.mbs);
        }
        Category::Ubr => d.best_effort = true,
    }
    d
}

fn bearer(t: &TypedSetup, version: UniVersion) -> BroadbandBearerCapability {
    // Octet 5a only for BCOB-X (Q.2931 §4.5.7: it is the ATM transfer capability of
    // BCOB-X; UNI 3.1 codes traffic type and timing there).
    let octet_5a = match (t.bearer, version) {
        (BearerArg::A | BearerArg::C, _) => None,
        (BearerArg::X, UniVersion::Uni40) => {
            Some(BearerOctet5a::TransferCapability(match t.category {
                Category::Cbr => AtmTransferCapability::Cbr,
                Category::RtVbr => AtmTransferCapability::RealTimeVbr,
                // UNI 4.0 Annex 9: UBR is requested as non-real-time VBR with best effort.
                Category::NrtVbr | Category::Ubr => AtmTransferCapability::NonRealTimeVbr,
            }))
        }
        (BearerArg::X, UniVersion::Uni31) => Some(match t.category {
            Category::Cbr => BearerOctet5a::Uni31 {
                traffic_type: TrafficType::ConstantBitRate,
                timing: TimingRequirements::Required,
            },
            Category::RtVbr => BearerOctet5a::Uni31 {
                traffic_type: TrafficType::VariableBitRate,
                timing: TimingRequirements::Required,
            },
            Category::NrtVbr => BearerOctet5a::Uni31 {
                traffic_type: TrafficType::VariableBitRate,
                timing: TimingRequirements::NotRequired,
            },
            Category::Ubr => BearerOctet5a::Uni31 {
                traffic_type: TrafficType::NoIndication,
                timing: TimingRequirements::NoIndication,
            },
        }),
    };
    BroadbandBearerCapability {
        bearer_class: match t.bearer {
            BearerArg::A => BearerClass::BcobA,
            BearerArg::C => BearerClass::BcobC,
            BearerArg::X => BearerClass::BcobX,
        },
        octet_5a,
        clipping: Clipping::NotSusceptible,
        user_plane: if t.p2mp {
            UserPlaneConfiguration::PointToMultipoint
        } else {
            UserPlaneConfiguration::PointToPoint
        },
    }
}

/// The SETUP template for a call to `called` from the typed options.
pub fn typed_setup(t: &TypedSetup, version: UniVersion, called: AtmAddress) -> Message {
    let aal = AalParameters::Aal5(Aal5Parameters {
        forward_max_cpcs_sdu_size: Some(t.max_sdu),
        backward_max_cpcs_sdu_size: Some(t.max_sdu),
        // The AAL mode exists in UNI 3.1 only (UNI 3.1 §5.4.5.5).
        mode: (version == UniVersion::Uni31).then_some(AalMode::Message),
        sscs_type: Some(SscsType::Null),
    });
    let blli = match t.blli {
        BlliArg::None => None,
        BlliArg::Llc => Some(Blli {
            layer2: Some(Layer2::Protocol(Layer2Protocol::Lan8802_2)),
            ..Blli::default()
        }),
        BlliArg::Ip => {
            Some(Blli { layer3: Some(Layer3::Tr9577 { ipi: 0xCC, snap: None }), ..Blli::default() })
        }
    };
    let params = SetupParams {
        called: CalledPartyNumber(PartyNumber::from_atm_address(called)),
        traffic: traffic(t),
        bearer: bearer(t, version),
        qos: Some(QosParameter { forward: QosClass::from(t.qos), backward: QosClass::from(t.qos) }),
        aal: Some(aal),
        blli,
        calling: t.calling.map(|a| CallingPartyNumber {
            number: PartyNumber::from_atm_address(a),
            presentation: None,
        }),
        connection: None,
        endpoint_reference: t.p2mp.then_some(0),
    };
    let mut m = params.to_message();
    if t.qos != 0 {
        // QoS classes 1-4 are ATM Forum (network-specific) codings (UNI 3.1 §5.4.5.18).
        if let Some(q) = m.ies.qos_parameter.as_mut() {
            q.coding = CodingStandard::NetworkSpecific;
        }
    }
    m
}

/// Reads a SETUP from `path`: its octets in hex, whitespace anywhere, `#` to the end of a
/// line is a comment. The message is decoded for `version` in the direction `side_user`
/// sends; its call reference is replaced when the call is placed.
pub fn setup_from_file(
    path: &Path,
    version: UniVersion,
    side_user: bool,
) -> Result<Message, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bytes = parse_hex(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let direction = if side_user { Direction::UserToNetwork } else { Direction::NetworkToUser };
    let decoded = Message::decode(&bytes, Context { version, direction })
        .map_err(|e| format!("{}: not a decodable SETUP: {e:?}", path.display()))?;
    if decoded.message.message_type != MessageType::Setup {
        return Err(format!(
            "{}: message type {:?}, not SETUP",
            path.display(),
            decoded.message.message_type
        ));
    }
    Ok(decoded.message)
}

/// Hex octets with whitespace and `#` comments.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut high: Option<u8> = None;
    for (n, line) in text.lines().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        for c in code.chars() {
            if c.is_whitespace() {
                continue;
            }
            let v = c
                .to_digit(16)
                .ok_or_else(|| format!("line {}: '{c}' is not a hex digit", n + 1))?;
            // to_digit(16) is below 16.
            let v = v as u8;
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
            if out.len() > 65_535 {
                return Err("longer than 65535 octets".into());
            }
        }
    }
    if high.is_some() {
        return Err("odd number of hex digits".into());
    }
    Ok(out)
}

/// Replaces the called party number of `m`.
pub fn set_called(m: &mut Message, called: AtmAddress) {
    m.ies.called_party_number =
        Some(Ie::new(CalledPartyNumber(PartyNumber::from_atm_address(called))));
}

/// Makes `m` point-to-multipoint (Q.2971 §5.1.1: user plane point-to-multipoint, endpoint
/// reference 0 for the first party).
pub fn make_p2mp(m: &mut Message) {
    if let Some(b) = m.ies.broadband_bearer_capability.as_mut() {
        b.contents.user_plane = UserPlaneConfiguration::PointToMultipoint;
    }
    m.ies.endpoint_reference = Some(Ie::new(EndpointReference {
        reference_type: EndpointReferenceType::LocallyDefinedInteger,
        flag: false,
        value: 0,
    }));
}

/// Whether `m` asks for a point-to-multipoint call.
pub fn is_p2mp(m: &Message) -> bool {
    m.ies.endpoint_reference.is_some()
}

/// The ADD PARTY template for `called`: the called party number and the SETUP's AAL and B-LLI
/// (Q.2971 §8.3.1).
pub fn add_party_template(setup: &Message, called: AtmAddress) -> Message {
    let mut m = Message::new(CallReference::Dummy, MessageType::AddParty);
    set_called(&mut m, called);
    m.ies.aal_parameters = setup.ies.aal_parameters;
    m.ies.blli = setup.ies.blli;
    m.ies.calling_party_number = setup.ies.calling_party_number;
    m
}

/// The called party address of a received SETUP or ADD PARTY.
pub fn called_of(m: &Message) -> Option<AtmAddress> {
    m.ies.called_party_number.and_then(|c| c.contents.0.address.atm_address())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_with_comments_and_whitespace() {
        assert_eq!(
            parse_hex("09 03 # header\n00 00 01\n05\t80").unwrap(),
            vec![9, 3, 0, 0, 1, 5, 0x80]
        );
        assert!(parse_hex("0g").is_err());
        assert!(parse_hex("012").is_err());
        assert_eq!(parse_hex("# only a comment\n").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn typed_setup_encodes_for_both_versions() {
        let called: AtmAddress = "47.0005.80ffe1000000f21510000020481a0000.01".parse().unwrap();
        for version in [UniVersion::Uni31, UniVersion::Uni40] {
            for category in [Category::Cbr, Category::RtVbr, Category::NrtVbr, Category::Ubr] {
                let t = TypedSetup {
                    category,
                    bearer: BearerArg::X,
                    pcr: 1000,
                    scr: 500,
                    mbs: 100,
                    max_sdu: 9188,
                    qos: 1,
                    blli: BlliArg::Llc,
                    calling: None,
                    p2mp: true,
                };
                let mut m = typed_setup(&t, version, called);
                m.call_reference = CallReference::Value { flag: false, value: 1 };
                let mut buf = vec![0u8; m.buffer_len()];
                let n = m.encode(&mut buf).unwrap();
                let cx = Context { version, direction: Direction::UserToNetwork };
                let back = Message::decode(&buf[..n], cx).unwrap().message;
                assert_eq!(called_of(&back), Some(called));
                assert!(is_p2mp(&back));
                assert_eq!(back.ies.atm_traffic_descriptor, m.ies.atm_traffic_descriptor);
            }
        }
    }
}
