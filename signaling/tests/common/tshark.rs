//! Runs tshark on a capture we wrote, as an independent decoder of our wire format.
//!
//! When tshark is not installed the calling test is skipped with a note — except under CI
//! (CI=true), where a missing external tool fails the test.

use std::path::PathBuf;
use std::process::Command;

/// True when tshark can be run; panics under CI=true when it cannot.
pub fn available() -> bool {
    let ok = Command::new("tshark").arg("--version").output().map(|o| o.status.success());
    match ok {
        Ok(true) => true,
        _ => {
            if std::env::var("CI").map(|v| v == "true").unwrap_or(false) {
                panic!("tshark is required under CI=true (apt-get install tshark)");
            }
            eprintln!("tshark not installed: skipping the Wireshark cross-check");
            false
        }
    }
}

/// Writes `pcap` to a temporary file named after `name` and returns its path.
pub fn write_capture(name: &str, pcap: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atm-mcm-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pcap"));
    std::fs::write(&path, pcap).unwrap();
    path
}

/// Runs `tshark -r <capture> <args…>` and returns its standard output; panics on failure.
pub fn run(capture: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(capture)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .expect("run tshark");
    assert!(out.status.success(), "tshark failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("tshark output is UTF-8")
}

/// The packet details as PDML (XML): every field with its name, shown value and raw value.
pub fn pdml(capture: &std::path::Path) -> String {
    run(capture, &["-T", "pdml"])
}

/// The expert-info lines (`-z expert`) for the capture.
pub fn expert_info(capture: &std::path::Path) -> String {
    run(capture, &["-q", "-z", "expert"])
}
