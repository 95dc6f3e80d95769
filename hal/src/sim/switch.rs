//! A cell switch for the simulated network: VP and VC cross-connects between ports, with
//! header translation (I.361 §2.2: the VPI/VCI have local significance on each link) and usage
//! parameter control per connection (I.371 §7.2).
//!
//! The switch owns one [`SimCellPort`] per switch port, each joined to a host or another switch
//! by a fabric link. [`CellSwitch::handle`] moves every cell waiting on an input port to its
//! output port's transmit FIFO; the next [`Fabric::advance`](super::Fabric::advance) hands them
//! to the output link, whose serialisation at the link's cell rate and bounded queue
//! (`LinkConfig::queue_cells`, overflow counted in the link's counters) make the output
//! queue. A full port FIFO (more cells in one `handle` than `tx_fifo_cells`) drops, counted. The network-side signalling of the simulator reaches
//! its users the ordinary way: a cross-connect from (user port, 0/5) to a port joined to the
//! switch's own SoftSar on, say, (i, 5) — so the switch needs no special control path.
//!
//! Driving loop: `fabric.advance(now, all ports)`, then `switch.handle(now)`, then
//! `fabric.advance(now, all ports)` again so the forwarded cells leave at `now`.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::port::SimCellPort;
use crate::cell::{Header, HeaderFormat, VpiVci};
use crate::nic::CellPort;
use crate::oam::flow::{F4_END_TO_END_VCI, F4_SEGMENT_VCI};
use crate::tc::{HecOutcome, HecReceiver};
use crate::time::Instant;
use crate::traffic::{Policer, PolicerCounters, PolicerParams, Verdict};

/// One end of a cross-connect: a whole virtual path, or one virtual channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// A VP: every cell with this VPI, the VCI carried through unchanged (F4 OAM included).
    Vp {
        /// The VPI on the link.
        vpi: u16,
    },
    /// A VC.
    Vc(VpiVci),
}

/// A one-way cross-connect (a bidirectional connection is two of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossConnect {
    /// Switch port the cells come in on.
    pub in_port: usize,
    /// What they carry there.
    pub input: Route,
    /// Switch port they leave on.
    pub out_port: usize,
    /// What they carry there; the same kind (VP or VC) as `input`.
    pub output: Route,
    /// UPC of the connection's traffic contract, if policed.
    pub upc: Option<PolicerParams>,
}

/// Identifies an installed cross-connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionId(pub usize);

/// Why a cross-connect was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchError {
    /// No such port, VP/VC kinds differ, a VC on VCI 0, 3 or 4, or a value too wide for the
    /// header format.
    InvalidParameters,
    /// The input is already cross-connected.
    InUse,
    /// `max_connections` reached.
    Full,
    /// The UPC contract is invalid.
    InvalidContract,
    /// No such connection.
    UnknownConnection,
}

/// Switch-wide counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SwitchCounters {
    /// Cells taken from input ports (idle/unassigned cells excluded).
    pub cells_in: u64,
    /// Cells handed to an output port.
    pub forwarded: u64,
    /// Cells discarded for an uncorrectable header error (I.432.1).
    pub hec_errors: u64,
    /// Cells matching no cross-connect.
    pub unknown: u64,
    /// Cells discarded by UPC.
    pub upc_discarded: u64,
    /// Cells tagged CLP = 1 by UPC.
    pub upc_tagged: u64,
    /// Cells dropped because the output FIFO was full.
    pub output_overflow: u64,
    /// Cells dropped because the output link was down.
    pub output_link_down: u64,
}

#[derive(Debug, Clone)]
struct Entry {
    xc: CrossConnect,
    policer: Option<Policer>,
    cells: u64,
}

/// A VP/VC cross-connect switch over simulated ports. See the module documentation.
#[derive(Debug)]
pub struct CellSwitch {
    ports: Vec<SimCellPort>,
    hec: Vec<HecReceiver>,
    format: HeaderFormat,
    entries: Vec<Option<Entry>>,
    vcs: BTreeMap<(usize, u16, u16), usize>,
    vps: BTreeMap<(usize, u16), usize>,
    counters: SwitchCounters,
}

impl CellSwitch {
    /// A switch over `ports` (from [`Fabric::add_port`](super::Fabric::add_port)) holding at
    /// most `max_connections` cross-connects.
    pub fn new(ports: Vec<SimCellPort>, format: HeaderFormat, max_connections: usize) -> Self {
        let mut entries = Vec::with_capacity(max_connections);
        entries.resize_with(max_connections, || None);
        CellSwitch {
            hec: ports.iter().map(|_| HecReceiver::new()).collect(),
            ports,
            format,
            entries,
            vcs: BTreeMap::new(),
            vps: BTreeMap::new(),
            counters: SwitchCounters::default(),
        }
    }

    /// The switch ports, for [`Fabric::advance`](super::Fabric::advance).
    pub fn ports_mut(&mut self) -> &mut [SimCellPort] {
        &mut self.ports
    }

    /// One switch port.
    pub fn port(&self, index: usize) -> Option<&SimCellPort> {
        self.ports.get(index)
    }

    /// Switch-wide counters.
    pub fn counters(&self) -> SwitchCounters {
        self.counters
    }

    /// Cells forwarded on a connection and its UPC counters.
    pub fn connection_counters(&self, id: ConnectionId) -> Option<(u64, Option<PolicerCounters>)> {
        let e = self.entries.get(id.0)?.as_ref()?;
        Some((e.cells, e.policer.as_ref().map(|p| *p.counters())))
    }

    fn route_ok(&self, port: usize, route: Route) -> bool {
        let max_vpi = self.format.max_vpi();
        port < self.ports.len()
            && match route {
                Route::Vp { vpi } => vpi <= max_vpi,
                Route::Vc(v) => {
                    v.vpi <= max_vpi
                        && v.vci != 0
                        && v.vci != F4_SEGMENT_VCI
                        && v.vci != F4_END_TO_END_VCI
                }
            }
    }

    /// Installs a one-way cross-connect.
    pub fn connect(&mut self, xc: CrossConnect) -> Result<ConnectionId, SwitchError> {
        let same_kind = matches!(
            (xc.input, xc.output),
            (Route::Vp { .. }, Route::Vp { .. }) | (Route::Vc(_), Route::Vc(_))
        );
        if !same_kind
            || !self.route_ok(xc.in_port, xc.input)
            || !self.route_ok(xc.out_port, xc.output)
        {
            return Err(SwitchError::InvalidParameters);
        }
        let taken = match xc.input {
            Route::Vp { vpi } => self.vps.contains_key(&(xc.in_port, vpi)),
            Route::Vc(v) => self.vcs.contains_key(&(xc.in_port, v.vpi, v.vci)),
        };
        if taken {
            return Err(SwitchError::InUse);
        }
        let policer = match &xc.upc {
            Some(p) => Some(Policer::new(p).map_err(|_| SwitchError::InvalidContract)?),
            None => None,
        };
        let index = self.entries.iter().position(Option::is_none).ok_or(SwitchError::Full)?;
        if let Some(slot) = self.entries.get_mut(index) {
            *slot = Some(Entry { xc, policer, cells: 0 });
        }
        match xc.input {
            Route::Vp { vpi } => {
                self.vps.insert((xc.in_port, vpi), index);
            }
            Route::Vc(v) => {
                self.vcs.insert((xc.in_port, v.vpi, v.vci), index);
            }
        }
        Ok(ConnectionId(index))
    }

    /// Removes a cross-connect.
    pub fn disconnect(&mut self, id: ConnectionId) -> Result<(), SwitchError> {
        let entry = self
            .entries
            .get_mut(id.0)
            .and_then(Option::take)
            .ok_or(SwitchError::UnknownConnection)?;
        match entry.xc.input {
            Route::Vp { vpi } => {
                self.vps.remove(&(entry.xc.in_port, vpi));
            }
            Route::Vc(v) => {
                self.vcs.remove(&(entry.xc.in_port, v.vpi, v.vci));
            }
        }
        Ok(())
    }

    /// Forwards every cell waiting on every input port.
    pub fn handle(&mut self, now: Instant) {
        for input in 0..self.ports.len() {
            while let Some(mut cell) = self.ports.get_mut(input).and_then(|p| p.receive_cell(now)) {
                let outcome = match self.hec.get_mut(input) {
                    Some(h) => h.handle_cell(&mut cell),
                    None => HecOutcome::Discarded,
                };
                if outcome == HecOutcome::Discarded {
                    self.counters.hec_errors = self.counters.hec_errors.saturating_add(1);
                    continue;
                }
                let Ok(mut header) = Header::new_checked(&mut cell[..]) else {
                    continue;
                };
                let vpi = header.vpi(self.format);
                let vci = header.vci();
                if vpi == 0 && vci == 0 {
                    // Idle / unassigned cells end at the physical layer / ATM layer of the link.
                    continue;
                }
                self.counters.cells_in = self.counters.cells_in.saturating_add(1);
                // A VC cross-connect is more specific than its VP's.
                let index = self
                    .vcs
                    .get(&(input, vpi, vci))
                    .or_else(|| self.vps.get(&(input, vpi)))
                    .copied();
                let Some(entry) =
                    index.and_then(|i| self.entries.get_mut(i)).and_then(Option::as_mut)
                else {
                    self.counters.unknown = self.counters.unknown.saturating_add(1);
                    continue;
                };
                if let Some(policer) = entry.policer.as_mut() {
                    match policer.police(now, header.clp()) {
                        Verdict::Conforming => {}
                        Verdict::Tag => {
                            header.set_clp(true);
                            self.counters.upc_tagged = self.counters.upc_tagged.saturating_add(1);
                        }
                        Verdict::Discard => {
                            self.counters.upc_discarded =
                                self.counters.upc_discarded.saturating_add(1);
                            continue;
                        }
                    }
                }
                match entry.xc.output {
                    Route::Vp { vpi } => header.set_vpi(self.format, vpi),
                    Route::Vc(v) => {
                        header.set_vpi(self.format, v.vpi);
                        header.set_vci(v.vci);
                    }
                }
                header.fill_hec();
                entry.cells = entry.cells.saturating_add(1);
                let out = entry.xc.out_port;
                match self.ports.get_mut(out).map(|p| p.transmit_cell(now, &cell)) {
                    Some(Ok(())) => {
                        self.counters.forwarded = self.counters.forwarded.saturating_add(1);
                    }
                    Some(Err(crate::nic::CellTxError::Busy)) => {
                        self.counters.output_overflow =
                            self.counters.output_overflow.saturating_add(1);
                    }
                    Some(Err(crate::nic::CellTxError::LinkDown)) | None => {
                        self.counters.output_link_down =
                            self.counters.output_link_down.saturating_add(1);
                    }
                }
            }
        }
    }
}
