//! Everything on an ATM NIC's data path below the VC context.
//!
//! From the line up:
//! - [`tc`]: transmission convergence (I.432.1): HEC receiver, cell delineation, the x^43+1
//!   scrambler, the TC transmitter.
//! - [`cell`]: the ATM layer's cell headers (UNI/NNI), pre-assigned values and the HEC (I.361).
//! - [`aal5`]: AAL5 (I.363.5): CRC-32, CPCS-PDU, segmentation, reassembly, buffer pool, AAL0.
//! - [`oam`]: I.610 OAM cells (CRC-10, AIS/RDI/CC/loopback), F4/F5 flows, end point defect
//!   states and AIS generation.
//! - [`traffic`]: TM 4.1 / I.371 traffic management: GCRA, shaping, the cell-slot scheduler,
//!   UPC policing, connection admission.
//! - [`nic`]: the NIC traits (PDU-level `Nic`, cell-level `CellPort`) and `SoftSar`, the
//!   software SAR that turns a cell port into a PDU-level NIC.
//! - [`sim`]: the software NIC's hardware: a seeded cell fabric and cell switch in virtual time.
//! - [`capture`]: SunATM pcap captures that Wireshark decodes.
//! - [`time`]: the no_std virtual clock types every sans-IO state machine takes as input.
//!
//! The crate is `no_std` + `alloc`, never panics on any input and keeps its memory bounded
//! (design.md, principle 3).
#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod aal5;
pub mod capture;
pub mod cell;
pub mod nic;
pub mod oam;
pub mod sim;
pub mod tc;
pub mod time;
pub mod traffic;
