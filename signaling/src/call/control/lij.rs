//! Leaf-initiated join (ATM Forum UNI Signalling 4.0 §6; af-sig-0061.000): LEAF SETUP
//! REQUEST / LEAF SETUP FAILURE, the LIJ call identifier, LIJ parameters and leaf sequence
//! number, and timer T331.
//!
//! Roles, all on the one interface this instance controls:
//! - the leaf (user side) sends LEAF SETUP REQUEST on a call reference of its own
//!   ([`CallControl::leaf_setup_request`]), T331 runs; the answer is a SETUP or ADD PARTY
//!   carrying the same leaf sequence number (the join: [`Event::LeafJoined`]) or LEAF SETUP
//!   FAILURE on the request's call reference ([`Event::LeafSetupFailed`]). On the first
//!   T331 expiry the request is sent again, on the second the join has failed (cause 102);
//! - the root (user side) and the network (from a leaf) receive LEAF SETUP REQUEST
//!   ([`Event::LeafSetupRequest`], with the root's call of the same LIJ call identifier on
//!   this interface, if any) and answer: SETUP (root-prompted join of a call not yet set up, or the network
//!   offering the call to the leaf) or ADD PARTY carrying the leaf sequence number, which
//!   completes the request, or [`CallControl::leaf_setup_failure`];
//! - the network side towards a root sends LEAF SETUP REQUEST too (same request API) when
//!   the switch relays a leaf's request that the root must screen (LIJ parameters absent:
//!   root notification; UNI 4.0 §6.2.2), and gets the root's SETUP / ADD PARTY / LEAF SETUP
//!   FAILURE back.
//!
//! Which calls a network may join without asking the root (LIJ parameters "network join
//! without root notification") is switch logic across interfaces; this module records the
//! LIJ call identifier and parameters of each call ([`CallControl::lij_info`],
//! [`CallControl::lij_call`]) so the switch can decide.
//!
//! Choices: the call references of our requests are `max_calls + 1 + slot`, so they never
//! collide with the call slots' (`1..=max_calls`); a retransmitted LEAF SETUP REQUEST of the
//! peer (same call reference) is not reported twice; a peer's request nobody answers is
//! forgotten after two T331 periods (the leaf has given up by then), which bounds the
//! table; a LEAF SETUP FAILURE for no request of ours is ignored (answering could loop);
//! T331 also guards the network's requests towards a root (UNI 4.0 times only the leaf's;
//! the same guard keeps the table bounded); a SAAL link failure ends every pending request
//! with cause 41, like the calls not yet active (Q.2931 §5.5.6).

use super::{encode, CallControl, Error, Event};
use crate::call::{CallHandle, LeafHandle, PartyHandle};
use crate::codec::ie::{
    Cause, CauseValue, Diagnostic, LeafSequenceNumber, LijCallIdentifier, LijParameters,
    LijScreeningIndication, UniVersion,
};
use crate::codec::{CallReference, Ie, Message, MessageType};
use alloc::boxed::Box;
use alloc::vec::Vec;
use hal::time::Instant;

/// Leaf-initiated join slots per instance (ours and the peer's requests together).
pub(super) const MAX_LEAF_SETUPS: u32 = 256;

/// T331 is tried twice (UNI 4.0 §6.3.1: retransmit once, then give up).
const T331_TRIES: u8 = 2;

/// The LIJ information of a call's SETUP (UNI Signalling 4.0 §6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LijInfo {
    /// LIJ call identifier (root assigned, unique per root).
    pub id: LijCallIdentifier,
    /// LIJ parameters: present = the network may join leaves without notifying the root
    /// (screening indication); absent = every join request goes to the root.
    pub parameters: Option<LijParameters>,
}

impl LijInfo {
    /// The LIJ information of `m`, when it carries a LIJ call identifier.
    pub(super) fn of(m: &Message) -> Option<LijInfo> {
        m.ies.lij_call_identifier.map(|ie| LijInfo {
            id: ie.contents,
            parameters: m.ies.lij_parameters.map(|p| p.contents),
        })
    }
}

/// One pending request.
#[derive(Debug, Clone)]
struct LeafSetup {
    /// Call reference value of the LEAF SETUP REQUEST.
    cr: u32,
    /// We sent the request (we are the leaf, or the network relaying to the root).
    local: bool,
    /// Leaf sequence number.
    seq: u32,
    /// LIJ call identifier the request names.
    lij: LijCallIdentifier,
    /// T331 deadline.
    t331: Option<Instant>,
    tries: u8,
    /// The encoded request, for the T331 retransmission (ours only).
    bytes: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LeafSlot {
    generation: u32,
    entry: Option<LeafSetup>,
}

impl CallControl {
    // ----- requests ------------------------------------------------------------------

    /// Sends LEAF SETUP REQUEST built from `template`'s IEs (called party number = the
    /// root, calling party number, LIJ call identifier and leaf sequence number are
    /// mandatory; UNI 4.0 §6.3.1, Table 6-1) on a new call reference and starts T331.
    /// UNI 4.0 links only.
    pub fn leaf_setup_request(
        &mut self,
        now: Instant,
        template: &Message,
    ) -> Result<LeafHandle, Error> {
        if self.cfg.version != UniVersion::Uni40 {
            return Err(Error::InvalidParameters);
        }
        if !self.link_up {
            return Err(Error::LinkDown);
        }
        let ies = &template.ies;
        let (Some(lij), Some(seq), true, true) = (
            ies.lij_call_identifier,
            ies.leaf_sequence_number,
            ies.called_party_number.is_some(),
            ies.calling_party_number.is_some(),
        ) else {
            return Err(Error::InvalidParameters);
        };
        let seq = seq.contents.value;
        let network_lij = self.cfg.side == crate::call::Side::Network
            && self.lij_call(lij.contents).and_then(|h| self.lij_info(h)).is_some_and(|i| {
                i.parameters.is_some_and(|p| {
                    p.screening == LijScreeningIndication::NetworkJoinWithoutRootNotification
                })
            });
        if network_lij {
            // UNI 4.0 §6.2.2: the root asked for network LIJ (join without root
            // notification): its requests are the network's to answer, not the root's.
            return Err(Error::InvalidParameters);
        }
        if self.leaf_by_seq(seq, true).is_some() {
            // The sequence number is what matches the answer: it must be unique.
            return Err(Error::InvalidParameters);
        }
        let slot = *self.leaf_free.front().ok_or(Error::TooManyLeafSetups)?;
        let cr = self.cfg.max_calls + 1 + slot;
        *self.tx_msg = *template;
        self.tx_msg.call_reference = CallReference::Value { flag: false, value: cr };
        self.tx_msg.message_type = MessageType::LeafSetupRequest;
        self.tx_msg.compatibility = crate::codec::MessageCompatibility::REGULAR;
        let bytes = encode(&self.tx_msg, &mut self.scratch[..]).ok_or(Error::Encode)?;
        self.leaf_free.pop_front();
        let at = now.saturating_add(self.cfg.timers.t331);
        let entry = LeafSetup {
            cr,
            local: true,
            seq,
            lij: lij.contents,
            t331: Some(at),
            tries: 1,
            bytes: Some(bytes.clone()),
        };
        let generation = self.leaf_slot_mut(slot).map_or(0, |s| {
            s.entry = Some(entry);
            s.generation
        });
        self.heap.set(self.leaf_base + slot, at);
        self.push_tx(bytes);
        Ok(LeafHandle { index: slot, generation })
    }

    /// Refuses the peer's LEAF SETUP REQUEST `request`: LEAF SETUP FAILURE with `cause` and
    /// the request's leaf sequence number on its call reference (UNI 4.0 §6.3.2 root,
    /// §6.3.1 network).
    pub fn leaf_setup_failure(
        &mut self,
        _now: Instant,
        request: LeafHandle,
        cause: Cause,
    ) -> Result<(), Error> {
        let slot = self.resolve_leaf(request)?;
        let Some(e) = self.leaf_entry(slot).filter(|e| !e.local) else {
            return Err(Error::NoSuchLeafSetup);
        };
        let cr = CallReference::Value { flag: true, value: e.cr };
        let seq = e.seq;
        self.send_leaf_failure(cr, seq, cause);
        self.free_leaf(slot);
        Ok(())
    }

    /// Forgets our LEAF SETUP REQUEST `request` (the leaf's user gave up): T331 stops; a
    /// late SETUP with its sequence number then arrives as an ordinary incoming call.
    pub fn leaf_setup_cancel(&mut self, request: LeafHandle) -> Result<(), Error> {
        let slot = self.resolve_leaf(request)?;
        if !self.leaf_entry(slot).is_some_and(|e| e.local) {
            return Err(Error::NoSuchLeafSetup);
        }
        self.free_leaf(slot);
        Ok(())
    }

    /// When T331 of our request `request` expires, if it runs.
    pub fn leaf_setup_timer(&self, request: LeafHandle) -> Option<Instant> {
        let slot = self.resolve_leaf(request).ok()?;
        self.leaf_entry(slot).and_then(|e| e.t331)
    }

    /// The leaf sequence number of a live request.
    pub fn leaf_sequence_number(&self, request: LeafHandle) -> Option<u32> {
        let slot = self.resolve_leaf(request).ok()?;
        self.leaf_entry(slot).map(|e| e.seq)
    }

    /// The LIJ call identifier a live request names.
    pub fn leaf_setup_call_identifier(&self, request: LeafHandle) -> Option<LijCallIdentifier> {
        let slot = self.resolve_leaf(request).ok()?;
        self.leaf_entry(slot).map(|e| e.lij)
    }

    /// Pending leaf-initiated join requests (ours and the peer's).
    pub fn leaf_setups(&self) -> usize {
        self.leaves.len() - self.leaf_free.len()
    }

    /// The LIJ call identifier and parameters of `call`'s SETUP.
    pub fn lij_info(&self, call: CallHandle) -> Option<LijInfo> {
        self.resolve(call).ok().and_then(|i| self.call(i)).and_then(|c| c.lij)
    }

    /// The root's call on this interface with LIJ call identifier `id` (O(max_calls)): on
    /// the user side a call we set up (we are the root), on the network side a call the
    /// user set up (the user is the root). The LIJ call identifier is unique per root
    /// (UNI 4.0 §6.2.1), so there is at most one.
    pub fn lij_call(&self, id: LijCallIdentifier) -> Option<CallHandle> {
        let root_is_local = self.cfg.side == crate::call::Side::User;
        self.slots.iter().enumerate().find_map(|(i, s)| {
            s.call
                .as_ref()
                .filter(|c| c.local == root_is_local && c.lij.is_some_and(|l| l.id == id))
                .map(|_| self.handle(i as u32))
        })
    }

    // ----- received ------------------------------------------------------------------

    /// LEAF SETUP REQUEST or LEAF SETUP FAILURE on a call reference naming no call.
    pub(super) fn on_leaf_message(&mut self, now: Instant, mt: MessageType, cr: CallReference) {
        let CallReference::Value { flag, value } = cr else { return };
        let seq = self.rx.ies.leaf_sequence_number.map(|ie| ie.contents.value);
        match (mt, flag) {
            (MessageType::LeafSetupRequest, false) => self.rx_leaf_setup_request(now, value),
            (MessageType::LeafSetupFailure, true) => {
                let slot = value.checked_sub(self.cfg.max_calls + 1);
                let found = slot.filter(|&s| {
                    self.leaf_entry(s)
                        .is_some_and(|e| e.local && e.cr == value && Some(e.seq) == seq)
                });
                match found {
                    Some(s) => {
                        let cause = self.rx_cause();
                        let request = self.leaf_handle(s);
                        self.free_leaf(s);
                        self.push_event(Event::LeafSetupFailed { request, cause });
                    }
                    None => self.counters.discarded += 1,
                }
            }
            // A request whose flag says we allocated its reference, or a failure for a
            // reference the peer allocated: not ours to answer (cf. Q.2931 §5.6.3.2 c).
            // (Only the two LEAF SETUP messages are routed here.)
            _ => self.counters.discarded += 1,
        }
    }

    fn rx_leaf_setup_request(&mut self, now: Instant, value: u32) {
        let Some(seq) = self.rx.ies.leaf_sequence_number.map(|ie| ie.contents.value) else {
            return;
        };
        let Some(lij) = self.rx.ies.lij_call_identifier.map(|ie| ie.contents) else { return };
        let duplicate =
            self.leaves.iter().any(|s| s.entry.as_ref().is_some_and(|e| !e.local && e.cr == value));
        if duplicate {
            // The leaf's T331 retransmission: already reported.
            self.counters.discarded += 1;
            return;
        }
        let cr = CallReference::Value { flag: true, value };
        let Some(slot) = self.leaf_free.pop_front() else {
            let c = self.cause(CauseValue::ResourceUnavailableUnspecified, None);
            return self.send_leaf_failure(cr, seq, c);
        };
        // Forgotten after two T331 periods: the leaf has given up by then.
        let t331 = self.cfg.timers.t331;
        let at = now.saturating_add(t331).saturating_add(t331);
        let entry = LeafSetup {
            cr: value,
            local: false,
            seq,
            lij,
            t331: Some(at),
            tries: T331_TRIES,
            bytes: None,
        };
        if let Some(s) = self.leaf_slot_mut(slot) {
            s.entry = Some(entry);
        }
        self.heap.set(self.leaf_base + slot, at);
        let request = self.leaf_handle(slot);
        let call = self.lij_call(lij);
        let message = Box::new(*self.rx);
        self.push_event(Event::LeafSetupRequest { request, call, message });
    }

    /// A LEAF SETUP REQUEST / FAILURE the codec rejected (Q.2931 §5.6.7 / §5.6.8 applied to
    /// UNI 4.0 §6): `cause` describes the error; `refuse` when the error procedures would
    /// clear a call (mandatory IE missing or invalid, or an unrecognized IE demanding
    /// clearing). A request is then refused with LEAF SETUP FAILURE (the LEAF SETUP analogue
    /// of RELEASE COMPLETE), otherwise discarded; a failure for our request ends the request
    /// anyway, like RELEASE COMPLETE ends a call (§5.6.7.1), with the peer's cause when it
    /// was readable.
    pub(super) fn on_leaf_rejected(
        &mut self,
        mt: MessageType,
        cr: CallReference,
        refuse: bool,
        cause: Cause,
    ) {
        // The rejected message's IEs decoded before the error are valid.
        let seq = self.rx.ies.leaf_sequence_number.map(|ie| ie.contents.value);
        match (mt, cr) {
            (MessageType::LeafSetupRequest, CallReference::Value { flag: false, value })
                if refuse && value != 0 =>
            {
                self.send_leaf_failure(cr.reply(), seq.unwrap_or(0), cause);
            }
            (MessageType::LeafSetupFailure, CallReference::Value { flag: true, value }) => {
                let slot = value.checked_sub(self.cfg.max_calls + 1).filter(|&s| {
                    self.leaf_entry(s)
                        .is_some_and(|e| e.local && e.cr == value && seq.is_none_or(|q| q == e.seq))
                });
                let Some(slot) = slot else {
                    self.counters.discarded += 1;
                    return;
                };
                let cause = self.rx.ies.cause.first().map_or(cause, |ie| ie.contents);
                let request = self.leaf_handle(slot);
                self.free_leaf(slot);
                self.push_event(Event::LeafSetupFailed { request, cause });
            }
            _ => self.counters.discarded += 1,
        }
    }

    // ----- hooks from the call procedures ----------------------------------------------

    /// We sent SETUP / ADD PARTY from `template`: a leaf sequence number in it answers the
    /// peer's request with that number.
    pub(super) fn leaf_answered(&mut self, template: &Message) {
        let Some(seq) = template.ies.leaf_sequence_number.map(|ie| ie.contents.value) else {
            return;
        };
        if let Some(slot) = self.leaf_by_seq(seq, false) {
            self.free_leaf(slot);
        }
    }

    /// SETUP / ADD PARTY received with leaf sequence number `seq`: our request with that
    /// number has been answered.
    pub(super) fn leaf_joined(&mut self, seq: u32, call: CallHandle, party: Option<PartyHandle>) {
        if let Some(slot) = self.leaf_by_seq(seq, true) {
            let request = self.leaf_handle(slot);
            self.free_leaf(slot);
            self.push_event(Event::LeafJoined { request, call, party });
        }
    }

    /// T331 of slot `slot` expired (the heap entry is already removed).
    pub(super) fn expire_t331(&mut self, now: Instant, slot: u32) {
        let Some(e) = self.leaf_entry(slot) else { return };
        let (local, tries) = (e.local, e.tries);
        if local && tries < T331_TRIES {
            let at = now.saturating_add(self.cfg.timers.t331);
            let bytes = self.leaf_slot_mut(slot).and_then(|s| s.entry.as_mut()).and_then(|e| {
                e.tries += 1;
                e.t331 = Some(at);
                e.bytes.clone()
            });
            self.heap.set(self.leaf_base + slot, at);
            if let Some(b) = bytes {
                self.push_tx(b);
            }
            return;
        }
        let request = self.leaf_handle(slot);
        let cause = self.cause(CauseValue::RecoveryOnTimerExpiry, Some(Diagnostic::Timer(*b"331")));
        self.free_leaf(slot);
        self.push_event(Event::LeafSetupFailed { request, cause });
    }

    /// The link went down: every pending request, ours and the peer's, ends with `cause`.
    pub(super) fn clear_leaf_setups(&mut self, cause: Cause) {
        for slot in 0..self.leaves.len() as u32 {
            if self.leaf_entry(slot).is_none() {
                continue;
            }
            let request = self.leaf_handle(slot);
            self.free_leaf(slot);
            self.push_event(Event::LeafSetupFailed { request, cause });
        }
    }

    // ----- helpers -------------------------------------------------------------------

    fn send_leaf_failure(&mut self, cr: CallReference, seq: u32, cause: Cause) {
        let m = self.reset_tx(cr, MessageType::LeafSetupFailure);
        let _ = m.ies.cause.push(Ie::new(cause));
        m.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: seq }));
        let _ = self.transmit();
    }

    /// The slot of the live request with sequence number `seq` and direction `local`
    /// (O(slots)).
    fn leaf_by_seq(&self, seq: u32, local: bool) -> Option<u32> {
        self.leaves
            .iter()
            .position(|s| s.entry.as_ref().is_some_and(|e| e.local == local && e.seq == seq))
            .map(|i| i as u32)
    }

    fn leaf_entry(&self, slot: u32) -> Option<&LeafSetup> {
        self.leaves.get(slot as usize).and_then(|s| s.entry.as_ref())
    }

    fn leaf_slot_mut(&mut self, slot: u32) -> Option<&mut LeafSlot> {
        self.leaves.get_mut(slot as usize)
    }

    fn leaf_handle(&self, slot: u32) -> LeafHandle {
        let generation = self.leaves.get(slot as usize).map_or(0, |s| s.generation);
        LeafHandle { index: slot, generation }
    }

    fn resolve_leaf(&self, h: LeafHandle) -> Result<u32, Error> {
        match self.leaves.get(h.index as usize) {
            Some(s) if s.generation == h.generation && s.entry.is_some() => Ok(h.index),
            _ => Err(Error::NoSuchLeafSetup),
        }
    }

    fn free_leaf(&mut self, slot: u32) {
        let Some(s) = self.leaf_slot_mut(slot) else { return };
        if s.entry.take().is_some() {
            s.generation = s.generation.wrapping_add(1);
            self.heap.remove(self.leaf_base + slot);
            self.leaf_free.push_back(slot);
        }
    }
}
