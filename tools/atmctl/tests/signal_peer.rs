//! `atmctl signal` end to end: a user side and a network side, each a process running the
//! whole UNI stack, talking SSCOP over UDP on 127.0.0.1. Checks the exit statuses, the JSON
//! event logs and (with tshark) the SunATM pcap.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const AESA: &str = "47.0005.80ffe1000000f21510000020481a0000.01";
const LEAF: &str = "47.0005.80ffe1000000f21510000020481a0000.02";
/// Called number the answering side rejects.
const BUSY: &str = "5550100";
/// Every run ends on its own long before this.
const DURATION: &str = "8s";

/// Two free UDP ports on 127.0.0.1 (bound, read, released; the processes bind them next).
fn two_ports() -> (u16, u16) {
    let a = UdpSocket::bind("127.0.0.1:0").unwrap();
    let b = UdpSocket::bind("127.0.0.1:0").unwrap();
    (a.local_addr().unwrap().port(), b.local_addr().unwrap().port())
}

fn atmctl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_atmctl"))
}

/// Runs an answering side and a calling side against each other; returns (caller, answerer).
fn pair(answerer: &[&str], caller: &[&str]) -> (Output, Output) {
    let (pa, pc) = two_ports();
    let a_local = format!("127.0.0.1:{pa}");
    let c_local = format!("127.0.0.1:{pc}");
    let answering = atmctl()
        .args(["signal", "--local", &a_local, "--peer", &c_local, "--duration", DURATION])
        .args(["--exit-after-calls", "--timer-cc", "100ms"])
        .args(answerer)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the answerer's log while it runs: a full pipe would block it.
    let answering = std::thread::spawn(move || answering.wait_with_output().unwrap());
    let calling = atmctl()
        .args(["signal", "--local", &c_local, "--peer", &a_local, "--duration", DURATION])
        .args(["--exit-after-calls", "--timer-cc", "100ms"])
        .args(caller)
        .output()
        .unwrap();
    let answered = answering.join().unwrap();
    (calling, answered)
}

fn events(out: &Output) -> Vec<Value> {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

fn summary(ev: &[Value]) -> &Value {
    let s = ev.last().unwrap();
    assert_eq!(s["event"], "summary");
    s
}

fn count(ev: &[Value], kind: &str) -> usize {
    ev.iter().filter(|e| e["event"] == kind).count()
}

fn assert_ok(out: &Output, who: &str) {
    assert!(
        out.status.success(),
        "{who} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Every line is one object with time, side and event kind; call events carry the state.
fn check_log_shape(ev: &[Value], side: &str) {
    assert!(ev.len() >= 3);
    assert_eq!(ev[0]["event"], "start");
    let mut last_t = 0.0;
    for e in ev {
        assert_eq!(e["side"], side, "{e}");
        let t = e["t"].as_f64().unwrap();
        assert!(t >= last_t, "time goes backwards: {e}");
        last_t = t;
        if e.get("call").is_some() {
            let state = e["state"].as_str().unwrap();
            let prefix = if side == "user" { 'U' } else { 'N' };
            assert!(state.starts_with(prefix), "{e}");
        }
    }
    assert_eq!(count(ev, "link_up"), 1);
}

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atmctl-signal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Point-to-point calls: several accepted and released with cause 16, one rejected with
/// cause 17 (user busy), user calling network.
fn point_to_point(uni: &str) {
    let busy = format!("{BUSY}=reject:17");
    let (c, a) = pair(
        &[
            "--side",
            "network",
            "--uni",
            uni,
            "--expect-incoming",
            "4",
            "--alert",
            "--answer-for",
            &busy,
        ],
        &[
            "--side",
            "user",
            "--uni",
            uni,
            "--call",
            AESA,
            "--call",
            AESA,
            "--call",
            BUSY,
            "--call",
            AESA,
            "--expect-cause",
            "17",
            "--hold",
            "10ms",
            "--category",
            "cbr",
            "--pcr",
            "4000",
            "--qos",
            "1",
            "--blli",
            "llc",
        ],
    );
    assert_ok(&c, "caller");
    assert_ok(&a, "answerer");
    let ce = events(&c);
    let ae = events(&a);
    check_log_shape(&ce, "user");
    check_log_shape(&ae, "network");
    let s = summary(&ce);
    assert_eq!(s["placed"], 4);
    assert_eq!(s["established"], 3);
    assert_eq!(s["released"], 3);
    assert_eq!(s["rejected"], 1);
    assert_eq!(s["rejected_expected"], 1);
    assert_eq!(s["failed"], 0);
    assert_eq!(count(&ce, "alerting"), 3);
    // The rejected call: released with the answerer's cause, never connected.
    let rejected: Vec<&Value> =
        ce.iter().filter(|e| e["event"] == "released" && e["cause"] == 17).collect();
    assert_eq!(rejected.len(), 1);
    let n = &rejected[0]["n"];
    assert!(!ce.iter().any(|e| e["event"] == "connected" && &e["n"] == n));
    // Normal clearing for the others, each once.
    assert_eq!(ce.iter().filter(|e| e["event"] == "released" && e["cause"] == 16).count(), 3);
    let s = summary(&ae);
    assert_eq!(s["incoming"], 4);
    assert_eq!(s["incoming_accepted"], 3);
    assert_eq!(s["incoming_rejected"], 1);
    assert_eq!(s["incoming_cleared"], 4);
    // The network assigned distinct VCs to the accepted calls.
    let mut vcis: Vec<u64> = ae
        .iter()
        .filter(|e| e["event"] == "connection_identifier")
        .map(|e| e["vci"].as_u64().unwrap())
        .collect();
    vcis.sort_unstable();
    vcis.dedup();
    assert!(vcis.len() >= 3);
}

/// A point-to-multipoint call from the network side to the user: two parties added (one
/// accepted, one rejected with cause 21), the accepted one dropped, then the release.
fn point_to_multipoint(uni: &str, pcap: Option<&Path>) {
    let pcap_args: Vec<String> =
        pcap.map(|p| vec!["--pcap".into(), p.display().to_string()]).unwrap_or_default();
    let mut caller = vec![
        "--side",
        "network",
        "--uni",
        uni,
        "--call",
        AESA,
        "--add-party",
        LEAF,
        "--add-party",
        BUSY,
        "--expect-cause",
        "21",
        "--hold",
        "10ms",
        "--category",
        "rt-vbr",
    ];
    caller.extend(pcap_args.iter().map(String::as_str));
    let reject = format!("{BUSY}=reject:21");
    let (c, a) = pair(
        &[
            "--side",
            "user",
            "--uni",
            uni,
            "--expect-incoming",
            "1",
            "--answer-for",
            &reject,
            "--alert",
        ],
        &caller,
    );
    assert_ok(&c, "caller");
    assert_ok(&a, "answerer");
    let ce = events(&c);
    let ae = events(&a);
    check_log_shape(&ce, "network");
    check_log_shape(&ae, "user");
    let s = summary(&ce);
    assert_eq!(s["placed"], 1);
    assert_eq!(s["established"], 1);
    assert_eq!(s["released"], 1);
    assert_eq!(s["parties_added"], 2);
    assert_eq!(s["parties_active"], 1);
    assert_eq!(s["parties_rejected"], 1);
    assert_eq!(s["parties_dropped"], 1);
    assert_eq!(s["failed"], 0);
    // Order on the calling side: the call connects, parties are added, the accepted one is
    // dropped with cause 16, and only then is the call released.
    let pos = |kind: &str| ce.iter().position(|e| e["event"] == kind).unwrap();
    assert!(pos("connected") < pos("add_party_sent"));
    assert!(pos("add_party_sent") < pos("drop_party_sent"));
    assert!(pos("drop_party_sent") < pos("release_sent"));
    assert!(ce.iter().any(|e| e["event"] == "party_dropped" && e["cause"] == 21));
    assert!(ce.iter().any(|e| e["event"] == "party_dropped" && e["cause"] == 16));
    let s = summary(&ae);
    assert_eq!(s["incoming"], 1);
    assert_eq!(s["incoming_parties"], 2);
    assert_eq!(s["incoming_cleared"], 1);
    let setup = ae.iter().find(|e| e["event"] == "incoming_setup").unwrap();
    assert_eq!(setup["p2mp"], true);
    assert_eq!(setup["called"], AESA);
}

#[test]
fn signal_uni40_point_to_point_user_calls_network() {
    point_to_point("4.0");
}

#[test]
fn signal_uni31_point_to_point_user_calls_network() {
    point_to_point("3.1");
}

#[test]
fn signal_uni40_point_to_multipoint_network_calls_user() {
    point_to_multipoint("4.0", None);
}

#[test]
fn signal_uni31_point_to_multipoint_network_calls_user() {
    point_to_multipoint("3.1", None);
}

/// A SETUP from a hex file (the UNI 4.0 SETUP of atm-reference.md with a complete bearer
/// capability), `--calls` placing it three times; the answering side rejects none.
#[test]
fn signal_setup_file_and_repeated_calls() {
    let hex = "\
        # SETUP, UNI 4.0 (protocol discriminator, call reference, message type, length)\n\
        09 03 00 00 01 05 80 00 40\n\
        58 80 00 09 05 8c 23 e4 81 23 e4 84 00   # AAL5 parameters\n\
        59 80 00 09 84 05 63 b7 85 05 63 b7 be   # ATM traffic descriptor\n\
        5e 80 00 03 10 80 80                     # broadband bearer capability (BCOB-X)\n\
        70 80 00 15 82 47 00 05 80 ff e1 00 00 00 f2 15 10 00 00 20 48 1a 00 00 01\n\
        5c 80 00 02 00 00                        # QoS parameter\n";
    let file = temp_path("setup.hex");
    std::fs::write(&file, hex).unwrap();
    let file_arg = file.display().to_string();
    let (c, a) = pair(
        &["--side", "network", "--expect-incoming", "3"],
        &["--side", "user", "--setup-file", &file_arg, "--calls", "3", "--call", AESA],
    );
    assert_ok(&c, "caller");
    assert_ok(&a, "answerer");
    let s = summary(&events(&c)).clone();
    assert_eq!(s["placed"], 3);
    assert_eq!(s["established"], 3);
    assert_eq!(s["released"], 3);
    let ae = events(&a);
    assert!(ae
        .iter()
        .filter(|e| e["event"] == "incoming_setup")
        .all(|e| e["called"] == AESA && e["p2mp"] == false));
}

/// Many calls through a window of calls in progress: all established and released, nothing
/// dropped for want of SSCOP buffers.
#[test]
fn signal_many_calls_through_the_window() {
    let (c, a) = pair(
        &["--side", "network", "--expect-incoming", "300"],
        &["--side", "user", "--call", "+4930123", "--calls", "300", "--window", "16"],
    );
    assert_ok(&c, "caller");
    assert_ok(&a, "answerer");
    let ce = events(&c);
    let s = summary(&ce);
    assert_eq!(s["established"], 300);
    assert_eq!(s["released"], 300);
    assert_eq!(s["dropped"], 0);
    // Never more than the window open at once: count setups sent minus releases seen.
    let mut open = 0i64;
    let mut most = 0i64;
    for e in &ce {
        match e["event"].as_str().unwrap() {
            "setup_sent" => open += 1,
            "released" => open -= 1,
            _ => {}
        }
        most = most.max(open);
    }
    assert_eq!(open, 0);
    assert!(most <= 16, "{most} calls open at once");
    assert_eq!(summary(&events(&a))["incoming_cleared"], 300);
}

/// A rejection the caller did not expect makes it exit with a failure status.
#[test]
fn signal_unexpected_rejection_fails() {
    let (c, a) = pair(
        &["--side", "network", "--expect-incoming", "1", "--answer", "reject:34"],
        &["--side", "user", "--call", AESA],
    );
    assert_ok(&a, "answerer");
    assert!(!c.status.success());
    let ce = events(&c);
    let s = summary(&ce);
    assert_eq!(s["rejected"], 1);
    assert_eq!(s["failed"], 1);
    assert!(ce.iter().any(|e| e["event"] == "released" && e["cause"] == 34));
}

/// Bad options are refused before anything is sent.
#[test]
fn signal_rejects_bad_options() {
    for bad in [
        vec!["--uni", "5.0"],
        vec!["--call", "not-an-address"],
        vec!["--answer", "reject:0"],
        vec!["--calls", "2"],
        vec!["--hold", "soon"],
    ] {
        let out = atmctl()
            .args(["signal", "--local", "127.0.0.1:0", "--peer", "127.0.0.1:9", "--duration", "1s"])
            .args(&bad)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{bad:?} was accepted");
    }
}

fn tshark_available() -> bool {
    let found = Command::new("tshark")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "tshark is required under CI=true");
        eprintln!("note: tshark not found, pcap decode check skipped");
    }
    found
}

/// The pcap of a point-to-multipoint run decodes in tshark as SunATM → SSCOP → Q.2931 with
/// every message of the exchange and no malformed packet.
#[test]
fn signal_pcap_decodes_in_tshark() {
    let pcap = temp_path("signal.pcap");
    point_to_multipoint("4.0", Some(&pcap));
    let bytes = std::fs::read(&pcap).unwrap();
    // pcap magic and LINKTYPE_SUNATM (123).
    assert_eq!(&bytes[..4], &0xa1b2_c3d4u32.to_le_bytes());
    assert_eq!(u32::from_le_bytes(bytes[20..24].try_into().unwrap()), 123);
    if !tshark_available() {
        return;
    }
    let out = Command::new("tshark").arg("-r").arg(&pcap).args(["-T", "pdml"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdml = String::from_utf8(out.stdout).unwrap();
    assert!(!pdml.contains("_ws.malformed"), "malformed packets in {}", pcap.display());
    assert!(pdml.contains("<proto name=\"sscop\""));
    assert!(pdml.contains("<proto name=\"q2931\""));
    for m in [
        "SETUP (0x05)",
        "ALERTING (0x01)",
        "CONNECT (0x07)",
        "CONNECT ACKNOWLEDGE (0x0f)",
        "ADD PARTY (0x80)",
        "ADD PARTY ACKNOWLEDGE (0x81)",
        "ADD PARTY REJECT (0x82)",
        "DROP PARTY (0x83)",
        "DROP PARTY ACKNOWLEDGE (0x84)",
        "RELEASE (0x4d)",
        "RELEASE COMPLETE (0x5a)",
    ] {
        assert!(pdml.contains(&format!("Message type: {m}")), "no {m} in the pcap");
    }
    // Every Q.2931 message of both directions is in the capture.
    let fields = Command::new("tshark")
        .arg("-r")
        .arg(&pcap)
        .args(["-T", "fields", "-e", "q2931.message_type"])
        .output()
        .unwrap();
    let types = String::from_utf8(fields.stdout).unwrap();
    assert!(types.lines().filter(|l| !l.is_empty()).count() >= 12);
}

/// The UDP framing: every datagram `atmctl signal` sends is exactly one SSCOP PDU with its
/// trailer. The test itself is the peer here — a network-side `UniStack` on its own socket,
/// as another implementation's UDP mode would be — and answers the calls atmctl places.
#[test]
fn signal_udp_framing_against_an_in_process_peer() {
    use signaling::call::{Config, Event, Side, UniStack};
    use signaling::saal::sscop;
    use signaling::saal::sscop::pdu::{Limits, Repr};

    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let ours = socket.local_addr().unwrap();
    let (port, _) = two_ports();
    let theirs: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut child = atmctl()
        .args(["signal", "--local", &theirs.to_string(), "--peer", &ours.to_string()])
        .args(["--side", "user", "--uni", "3.1", "--call", AESA, "--calls", "3"])
        .args(["--exit-after-calls", "--duration", DURATION])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stack = UniStack::new(sscop::Config::default(), {
        let mut c = Config::new(Side::Network);
        c.version = signaling::codec::ie::UniVersion::Uni31;
        c
    })
    .unwrap();
    let start = std::time::Instant::now();
    let now = || hal::time::Instant::from_nanos(start.elapsed().as_nanos() as u64);
    socket.set_read_timeout(Some(std::time::Duration::from_millis(5))).unwrap();
    let mut buf = vec![0u8; 65_535];
    let (mut datagrams, mut connected, mut released) = (0, 0, 0);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(8), "atmctl did not finish");
        if let Ok((n, from)) = socket.recv_from(&mut buf) {
            assert_eq!(from, theirs);
            let pdu = &buf[..n];
            // One whole PDU: a multiple of 4 octets that parses as a single SSCOP PDU.
            assert_eq!(n % 4, 0, "{pdu:02x?}");
            let repr = Repr::parse_bytes(pdu, &Limits::default());
            assert!(repr.is_ok(), "not one SSCOP PDU: {pdu:02x?}: {repr:?}");
            datagrams += 1;
            stack.handle_pdu(now(), pdu);
        }
        if stack.poll_timeout().is_some_and(|t| t <= now()) {
            stack.handle_timeout(now());
        }
        for _ in 0..8 {
            while let Some(pdu) = stack.poll_transmit(now()) {
                socket.send_to(&pdu, theirs).unwrap();
            }
            while let Some(ev) = stack.poll_event() {
                match ev {
                    Event::IncomingSetup { call, .. } => {
                        stack.call_control().connect(now(), call).unwrap();
                        connected += 1;
                    }
                    Event::Released { .. } => released += 1,
                    _ => {}
                }
            }
        }
    };
    assert!(status.success());
    assert_eq!(connected, 3);
    assert_eq!(released, 3);
    // BGN, SETUP ×3, CONNECT ACKNOWLEDGE ×3, RELEASE ×3 at least.
    assert!(datagrams >= 10, "{datagrams} datagrams");
}
