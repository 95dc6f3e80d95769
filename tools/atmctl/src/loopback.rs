//! `atmctl loopback`: the software ATM data path end to end.
//!
//! Two software NICs (`hal::sim::SoftNic`: software SAR + cell scheduler + OAM over a fabric
//! port) joined by one simulated OC-3c link. Every VC carries AAL5 PDUs both ways under its
//! own traffic contract; the link may lose, corrupt and duplicate cells (seeded, so a run is
//! reproducible). The run checks that every PDU delivered as good is one that was sent, in
//! order, on that VC; counts what the faults cost; measures an OAM F5 loopback; and can write
//! the PDUs to a SunATM pcap for Wireshark.

use std::collections::VecDeque;
use std::path::PathBuf;

use hal::capture::{Direction, SunAtmPcap, SunAtmTraffic};
use hal::cell::VpiVci;
use hal::nic::{
    AalType, ChannelId, ChannelParams, Nic, NicError, NicEvent, SoftSarConfig, TxStatus, TxToken,
};
use hal::oam::{LoopbackRepr, OamFlow, OamLevel, OamRepr, END_POINT_LOCATION_ID};
use hal::sim::{Fabric, FabricConfig, FaultConfig, LinkConfig, PortConfig, Rng, SoftNic};
use hal::time::{Duration, Instant};
use hal::traffic::{ServiceCategory, TrafficParams};

/// Command-line arguments of `atmctl loopback`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Seed of the traffic and of every link fault.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of VCs (service categories rotate CBR, rt-VBR, nrt-VBR, ABR, UBR).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=200))]
    vcs: u16,
    /// PDUs sent per VC in each direction.
    #[arg(long, default_value_t = 200)]
    pdus: u32,
    /// Largest PDU (octets); sizes are drawn uniformly from 1..=max.
    #[arg(long, default_value_t = 9180, value_parser = clap::value_parser!(u32).range(1..=9188))]
    max_pdu: u32,
    /// Probability that the link loses a cell.
    #[arg(long, default_value_t = 0.0)]
    loss: f64,
    /// Probability that a cell gets one payload bit flipped (and, a quarter as often, one
    /// header bit).
    #[arg(long, default_value_t = 0.0)]
    corrupt: f64,
    /// Probability that the link delivers a cell twice.
    #[arg(long, default_value_t = 0.0)]
    duplicate: f64,
    /// One-way propagation delay of the link, in microseconds.
    #[arg(long, default_value_t = 100)]
    delay_us: u64,
    /// Write every PDU delivered (both directions) to this SunATM pcap file.
    #[arg(long)]
    pcap: Option<PathBuf>,
}

/// First VCI used for user VCs (VCIs below 32 are reserved, I.361 §2.2.3 / UNI 3.1).
const FIRST_VCI: u16 = 32;
/// Tag of the F5 loopback request sent on the first VC.
const LOOPBACK_TAG: u32 = 0x00C0_FFEE;
/// Largest pcap kept in memory.
const PCAP_LIMIT: usize = 256 << 20;

/// One side of the link.
struct Host {
    name: &'static str,
    nic: SoftNic,
    /// Per VC: the PDUs still to send.
    to_send: Vec<VecDeque<Vec<u8>>>,
    /// Per VC: PDUs handed to the NIC and not yet seen at the far end, oldest first.
    in_flight: Vec<VecDeque<Vec<u8>>>,
    tx_completed: u64,
    tx_aborted: u64,
    rx_good: u64,
    rx_lost: u64,
    oam_reply: Option<Instant>,
}

/// What went wrong in a run, as the exit status reports it.
#[derive(Debug, Default)]
struct Verdict {
    wrong_pdus: u64,
}

/// The traffic contract of VC `i` (rates in cells/s on a 353 207 cells/s line).
fn contract(i: u16) -> TrafficParams {
    let cdvt = Duration::from_micros(500);
    match i % 5 {
        0 => TrafficParams::cbr(20_000, cdvt),
        1 => TrafficParams::rt_vbr(30_000, 10_000, 64, cdvt),
        2 => TrafficParams::nrt_vbr(40_000, 12_000, 128, cdvt),
        3 => TrafficParams::abr(50_000, 5_000, cdvt),
        _ => TrafficParams::ubr(0, Duration::ZERO),
    }
}

fn category_name(c: ServiceCategory) -> &'static str {
    match c {
        ServiceCategory::Cbr => "CBR",
        ServiceCategory::RtVbr => "rt-VBR",
        ServiceCategory::NrtVbr => "nrt-VBR",
        ServiceCategory::Ubr => "UBR",
        ServiceCategory::Abr => "ABR",
    }
}

fn channel_params(i: u16) -> ChannelParams {
    let traffic = contract(i);
    ChannelParams {
        vpi_vci: VpiVci::new(0, FIRST_VCI + i),
        aal: AalType::Aal5,
        tx_traffic: traffic,
        rx_traffic: traffic,
        tx_max_sdu: 9188,
        rx_max_sdu: 9188,
        deliver_errored: false,
        clp_default: false,
    }
}

fn make_traffic(rng: &mut Rng, vcs: u16, pdus: u32, max_pdu: u32) -> Vec<VecDeque<Vec<u8>>> {
    (0..vcs)
        .map(|_| {
            (0..pdus)
                .map(|_| {
                    let len = 1 + rng.below(u64::from(max_pdu)) as usize;
                    let mut pdu = vec![0u8; len];
                    rng.fill(&mut pdu);
                    pdu
                })
                .collect()
        })
        .collect()
}

impl Host {
    fn new(name: &'static str, nic: SoftNic, traffic: Vec<VecDeque<Vec<u8>>>) -> Host {
        let vcs = traffic.len();
        Host {
            name,
            nic,
            to_send: traffic,
            in_flight: vec![VecDeque::new(); vcs],
            tx_completed: 0,
            tx_aborted: 0,
            rx_good: 0,
            rx_lost: 0,
            oam_reply: None,
        }
    }

    /// Hands the NIC as many queued PDUs as it accepts.
    fn offer(&mut self, now: Instant) -> Result<(), String> {
        for (i, queue) in self.to_send.iter_mut().enumerate() {
            while let Some(pdu) = queue.front() {
                let channel = ChannelId(i as u32);
                match self.nic.transmit(now, channel, &[pdu], false, TxToken(i as u64)) {
                    Ok(()) => {
                        if let Some(pdu) = queue.pop_front() {
                            self.in_flight[i].push_back(pdu);
                        }
                    }
                    Err(NicError::Resources) => break,
                    Err(e) => return Err(format!("{}: transmit on VC {i}: {e:?}", self.name)),
                }
            }
        }
        Ok(())
    }

    fn done_sending(&self) -> bool {
        self.to_send.iter().all(VecDeque::is_empty)
    }
}

/// Drains `receiver`'s events, matching received PDUs against what `sender` sent.
fn drain(
    now: Instant,
    receiver: &mut Host,
    sender: &mut Host,
    pcap: &mut Option<SunAtmPcap>,
    direction: Direction,
    verdict: &mut Verdict,
) {
    while let Some(event) = receiver.nic.poll_event(now) {
        match event {
            NicEvent::TransmitComplete { status, .. } => match status {
                TxStatus::Sent => receiver.tx_completed += 1,
                TxStatus::Aborted | TxStatus::LinkDown => receiver.tx_aborted += 1,
            },
            NicEvent::Received(pdu) => {
                let i = pdu.channel.0 as usize;
                let data = receiver
                    .nic
                    .rx_data(pdu.buffer)
                    .and_then(|b| b.get(..pdu.len))
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default();
                receiver.nic.return_buffer(pdu.buffer);
                if let Some(p) = pcap.as_mut() {
                    let vci = FIRST_VCI + pdu.channel.0 as u16;
                    p.record(now, direction, SunAtmTraffic::Raw, 0, vci, &data);
                }
                // In order per VC: PDUs ahead of the one received were lost on the way.
                let queue = &mut sender.in_flight[i];
                match queue.iter().position(|sent| *sent == data) {
                    Some(k) => {
                        receiver.rx_lost += k as u64;
                        queue.drain(..=k);
                        receiver.rx_good += 1;
                    }
                    None => verdict.wrong_pdus += 1,
                }
            }
            NicEvent::Oam(ind) => {
                let reply = OamRepr::parse_bytes(&ind.payload);
                if let Ok(OamRepr::Loopback(lb)) = reply {
                    if !lb.indication && lb.correlation_tag == LOOPBACK_TAG {
                        receiver.oam_reply = Some(now);
                    }
                }
            }
            NicEvent::LinkState { .. } | NicEvent::OamDefect { .. } => {}
        }
    }
}

/// Runs the scenario and prints its report.
pub fn run(args: &Args) -> Result<(), String> {
    let mut rng = Rng::seed_from_u64(args.seed);
    let faults = FaultConfig {
        loss: args.loss,
        payload_corruption: args.corrupt,
        header_corruption: args.corrupt / 4.0,
        duplication: args.duplicate,
        ..FaultConfig::NONE
    };
    let mut fabric = Fabric::new(FabricConfig::new(args.seed, 2));
    let port_a =
        fabric.add_port(PortConfig::oc3([2, 0, 0, 0, 0, 0xA])).map_err(|e| format!("{e:?}"))?;
    let port_b =
        fabric.add_port(PortConfig::oc3([2, 0, 0, 0, 0, 0xB])).map_err(|e| format!("{e:?}"))?;
    let mut link_config = LinkConfig::oc3(Duration::from_micros(args.delay_us));
    link_config.faults = faults;
    let link =
        fabric.connect(port_a.id(), port_b.id(), link_config).map_err(|e| format!("{e:?}"))?;
    fabric.set_link(link, true).map_err(|e| format!("{e:?}"))?;

    let config = SoftSarConfig::new(u32::from(args.vcs));
    let nic = |port| SoftNic::new(port, config).map_err(|e| format!("NIC: {e:?}"));
    let mut a =
        Host::new("A", nic(port_a)?, make_traffic(&mut rng, args.vcs, args.pdus, args.max_pdu));
    let mut b =
        Host::new("B", nic(port_b)?, make_traffic(&mut rng, args.vcs, args.pdus, args.max_pdu));

    let mut now = Instant::ZERO;
    fabric.advance(now, &mut [a.nic.port_mut(), b.nic.port_mut()]);
    for i in 0..args.vcs {
        let params = channel_params(i);
        for host in [&mut a, &mut b] {
            host.nic
                .open_channel(now, ChannelId(u32::from(i)), &params)
                .map_err(|e| format!("{}: open VC 0/{}: {e:?}", host.name, params.vpi_vci.vci))?;
        }
    }
    // OAM F5 end-to-end loopback on the first VC (I.610 §10.2.4): B answers, A times it.
    let flow = OamFlow::F5 { vpi: 0, vci: FIRST_VCI, level: OamLevel::EndToEnd };
    let request = OamRepr::Loopback(LoopbackRepr {
        indication: true,
        correlation_tag: LOOPBACK_TAG,
        location_id: END_POINT_LOCATION_ID,
        source_id: [0xA; 16],
    });
    a.nic.transmit_oam(now, flow, &request.to_payload()).map_err(|e| format!("OAM: {e:?}"))?;

    let mut pcap = args.pcap.as_ref().map(|_| SunAtmPcap::new(PCAP_LIMIT));
    let mut verdict = Verdict::default();
    // Reassembly timers of PDUs whose last cell was lost need this long to fire once the
    // traffic is over.
    let quiet_period = Duration::from_secs(4);
    let mut quiet_since: Option<Instant> = None;
    let mut steps: u64 = 0;
    loop {
        a.offer(now)?;
        b.offer(now)?;
        a.nic.handle_timeout(now);
        b.nic.handle_timeout(now);
        fabric.advance(now, &mut [a.nic.port_mut(), b.nic.port_mut()]);
        drain(now, &mut b, &mut a, &mut pcap, Direction::DteToDce, &mut verdict);
        drain(now, &mut a, &mut b, &mut pcap, Direction::DceToDte, &mut verdict);
        let busy = !(a.done_sending() && b.done_sending()) || fabric.poll_timeout().is_some();
        let transmitting =
            a.nic.tx_cells_free() < config.tx_cells || b.nic.tx_cells_free() < config.tx_cells;
        if busy || transmitting {
            quiet_since = None;
        } else {
            let since = *quiet_since.get_or_insert(now);
            if now.saturating_duration_since(since) >= quiet_period {
                break;
            }
        }
        let next = [a.nic.poll_timeout(), b.nic.poll_timeout(), fabric.poll_timeout()]
            .into_iter()
            .flatten()
            .min();
        now = match next {
            Some(t) => t.max(now),
            None => now + quiet_period,
        };
        steps += 1;
        if steps > 200_000_000 {
            return Err("the simulation did not settle".into());
        }
    }

    // PDUs never seen at the far end after the link went quiet were lost too.
    b.rx_lost += a.in_flight.iter().map(|q| q.len() as u64).sum::<u64>();
    a.rx_lost += b.in_flight.iter().map(|q| q.len() as u64).sum::<u64>();
    report(args, &a, &b, &fabric, link, now, &verdict);
    if let (Some(path), Some(p)) = (&args.pcap, &pcap) {
        std::fs::write(path, p.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("pcap: {} ({} PDUs)", path.display(), p.records());
    }
    let faultless = args.loss == 0.0 && args.corrupt == 0.0 && args.duplicate == 0.0;
    if verdict.wrong_pdus > 0 {
        return Err(format!("{} PDUs delivered as good were never sent", verdict.wrong_pdus));
    }
    if faultless && (a.rx_lost + b.rx_lost > 0 || a.oam_reply.is_none()) {
        return Err("PDUs or the OAM loopback reply went missing on a perfect link".into());
    }
    Ok(())
}

fn report(
    args: &Args,
    a: &Host,
    b: &Host,
    fabric: &Fabric,
    link: hal::sim::LinkId,
    now: Instant,
    verdict: &Verdict,
) {
    println!(
        "loopback: {} VCs, {} PDUs per VC each way (1..={} octets), seed {}, loss {}, corrupt {}, duplicate {}",
        args.vcs, args.pdus, args.max_pdu, args.seed, args.loss, args.corrupt, args.duplicate
    );
    println!("virtual time: {:.3} s", now.as_nanos() as f64 / 1e9);
    println!();
    println!(
        "{:>8} {:>8} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8} {:>8}",
        "VC",
        "category",
        "A→B pdus",
        "B→A pdus",
        "rx cells",
        "tx cells",
        "crc err",
        "len err",
        "timeout"
    );
    for i in 0..args.vcs {
        let channel = ChannelId(u32::from(i));
        let (Some(ca), Some(cb)) =
            (a.nic.channel_counters(channel), b.nic.channel_counters(channel))
        else {
            continue;
        };
        println!(
            "{:>8} {:>8} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8} {:>8}",
            format!("0/{}", FIRST_VCI + i),
            category_name(contract(i).category),
            cb.rcv_pdus_ok,
            ca.rcv_pdus_ok,
            ca.rcv_cells_ok + cb.rcv_cells_ok,
            ca.xmit_cells_ok + cb.xmit_cells_ok,
            ca.aal5.crc + cb.aal5.crc,
            ca.aal5.length + cb.aal5.length,
            ca.aal5.timeout + cb.aal5.timeout,
        );
    }
    println!();
    for (host, peer) in [(a, b), (b, a)] {
        let p = host.nic.port_counters();
        println!(
            "{}: sent {} PDUs ({} aborted), {} received good, {} lost in transit, {} wrong; \
             cells rx {} tx {}, HEC errors {} (corrected {}), invalid VPI/VCI {}, reassembly errors {}",
            host.name,
            host.tx_completed,
            host.tx_aborted,
            peer.rx_good,
            peer.rx_lost,
            verdict.wrong_pdus,
            p.rcv_cells_ok,
            p.xmit_cells_ok,
            p.cells_hec_error,
            p.cells_hec_corrected,
            p.rcv_invalid_vpi_vci,
            p.rcv_reassembly_error(),
        );
    }
    if let (Some(c_ab), Some(c_ba)) = (
        fabric.link_counters(link, a.nic.port().id()),
        fabric.link_counters(link, b.nic.port().id()),
    ) {
        println!(
            "link: A→B {} cells offered, {} lost, {} corrupted, {} duplicated; B→A {} offered, {} lost, {} corrupted, {} duplicated",
            c_ab.offered, c_ab.lost, c_ab.header_corrupted + c_ab.payload_corrupted, c_ab.duplicated, c_ba.offered, c_ba.lost, c_ba.header_corrupted + c_ba.payload_corrupted, c_ba.duplicated
        );
    }
    match a.oam_reply {
        Some(t) => println!(
            "OAM F5 end-to-end loopback on 0/{FIRST_VCI}: reply after {} µs",
            t.as_nanos() / 1_000
        ),
        None => println!("OAM F5 end-to-end loopback on 0/{FIRST_VCI}: no reply"),
    }
}
