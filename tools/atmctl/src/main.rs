//! atmctl: the operator's tool for the ATM MCM driver.
//!
//! Today it runs the software ATM data path end to end on the simulated fabric
//! (`atmctl loopback`); the PVC/VC/statistics commands that talk to the driver and the full
//! simulated network (`atmctl demo`) come with the MCM core; `atmctl signal` is a UNI
//! signalling peer on UDP.

mod loopback;
mod signal;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "atmctl", version, about = "ATM MCM operator tool")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Two software NICs joined by a simulated OC-3c link: AAL5 traffic on several VCs of
    /// every service category, OAM F5 loopback, seeded faults, counters and a pcap.
    Loopback(loopback::Args),
    /// A UNI signalling peer (SSCF-UNI, SSCOP, Q.2931 call control) on UDP: one SSCOP PDU
    /// per datagram; places, answers and releases calls, logs JSON lines, writes a pcap.
    Signal(Box<signal::Args>),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Loopback(args) => loopback::run(&args),
        Command::Signal(args) => signal::run(&args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("atmctl: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
