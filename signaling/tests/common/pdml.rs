//! Reading tshark's PDML for the Q.2931 cross-checks (codec_wireshark.rs, call_wireshark.rs).

/// (field name, shown value) pairs of one packet's selected fields, its expert messages.
pub struct PacketFields {
    pub fields: Vec<(String, String)>,
    pub experts: Vec<String>,
    pub malformed: bool,
    /// The packet's PDML, for failure messages.
    pub text: String,
}

/// Expert warnings tshark 4.0 raises on valid IEs because its dissector steps over
/// subfields by the wrong amount: AAL parameters and ATM traffic descriptor (documented in
/// atm-reference.md: it reads the next IE's identifier as one more subfield), and the
/// end-to-end transit delay (found here: it shows the cumulative delay correctly from octets
/// 5.1-5.2, then advances by the identifier octet only and reads octet 5.1 as the next
/// identifier, so the maximum end-to-end transit delay is never shown), and broadband
/// sending complete (the same loop bound as AAL/ATM traffic descriptor: after `A1` it reads
/// the next IE's identifier as another element).
pub const KNOWN_QUIRKS: [&str; 4] = [
    "Unknown AAL parameter",
    "Unknown ATM traffic descriptor element",
    "Unknown transit delay identifier",
    "Unknown broadband sending complete element",
];

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// Every packet of `pdml` with the fields whose name `keep` accepts, in order.
pub fn parse_pdml(pdml: &str, keep: impl Fn(&str) -> bool) -> Vec<PacketFields> {
    pdml.split("<packet>")
        .skip(1)
        .map(|p| {
            let mut fields = vec![];
            let mut experts = vec![];
            for tag in p.split("<field ").skip(1) {
                let tag = format!(" {}", tag.split('>').next().unwrap_or(""));
                let Some(name) = attr(&tag, "name") else { continue };
                if keep(&name) {
                    fields.push((name, attr(&tag, "show").unwrap_or_default()));
                } else if name == "_ws.expert.message" {
                    experts.push(attr(&tag, "show").unwrap_or_default());
                }
            }
            PacketFields { fields, experts, malformed: p.contains("_ws.malformed"), text: p.into() }
        })
        .collect()
}

/// A PDML `show` value as a number (decimal, or hex with `0x`).
pub fn num(s: &str) -> Option<u64> {
    s.strip_prefix("0x").map_or_else(|| s.parse().ok(), |h| u64::from_str_radix(h, 16).ok())
}
