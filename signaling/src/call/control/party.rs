//! Point-to-multipoint party procedures (Q.2971 §5; UNI 3.1 §5.6 / UNI 4.0 §5.6): parties
//! with endpoint references, ADD PARTY / ADD PARTY ACKNOWLEDGE / ADD PARTY REJECT, PARTY
//! ALERTING, DROP PARTY / DROP PARTY ACKNOWLEDGE, timers T397, T398, T399, and the release
//! of the call with its last party.

use super::{encode, CallControl, Error, Event, Party, PartyState, PartyTimer};
use crate::call::{CallHandle, PartyHandle};
use crate::codec::ie::{
    Cause, CauseValue, Diagnostic, EndpointReference, EndpointReferenceType, EndpointState,
};
use crate::codec::{Ie, Message, MessageType};
use alloc::boxed::Box;
use hal::time::{Duration, Instant};

impl CallControl {
    // ----- requests ------------------------------------------------------------------

    /// Sends ADD PARTY for a new party of the active point-to-multipoint `call` (one set up
    /// with an endpoint reference), built from `template`'s IEs: P0 → P1, T399 (Q.2971
    /// §5.2.1). The endpoint reference is allocated here.
    pub fn add_party(
        &mut self,
        now: Instant,
        call: CallHandle,
        template: &Message,
    ) -> Result<PartyHandle, Error> {
        let idx = self.resolve(call)?;
        let c = self.call(idx).ok_or(Error::NoSuchCall)?;
        if c.state != crate::call::CallState::Active {
            return Err(Error::InvalidState { state: c.state, request: "add_party" });
        }
        if c.parties.is_empty() {
            // Not a point-to-multipoint call.
            return Err(Error::InvalidParameters);
        }
        if c.parties.len() >= self.cfg.max_parties_per_call as usize || self.party_free.is_empty() {
            return Err(Error::TooManyParties);
        }
        let cr = super::wire_cr(c);
        let eref = self.alloc_eref(idx).ok_or(Error::TooManyParties)?;
        *self.tx_msg = *template;
        self.tx_msg.call_reference = cr;
        self.tx_msg.message_type = MessageType::AddParty;
        self.tx_msg.compatibility = crate::codec::MessageCompatibility::REGULAR;
        self.tx_msg.ies.endpoint_reference = Some(Ie::new(wire_eref(eref, true)));
        let bytes = encode(&self.tx_msg, &mut self.scratch[..]).ok_or(Error::Encode)?;
        let p = self
            .new_party(idx, eref, true, PartyState::AddPartyInitiated)
            .ok_or(Error::TooManyParties)?;
        self.push_tx(bytes);
        self.start_party(p, PartyTimer::T399, now);
        // UNI 4.0 §6.3.2: an ADD PARTY with a leaf sequence number answers that LEAF SETUP
        // REQUEST.
        self.leaf_answered(template);
        Ok(self.party_handle(p))
    }

    /// Sends PARTY ALERTING for a party in P6: P6 → P7 (Q.2971 §5.2.4; UNI 4.0).
    pub fn party_alerting(&mut self, _now: Instant, party: PartyHandle) -> Result<(), Error> {
        if self.cfg.version != crate::codec::ie::UniVersion::Uni40 {
            // PARTY ALERTING is a UNI 4.0 message.
            return Err(Error::InvalidParameters);
        }
        let p = self.resolve_party(party)?;
        let state = self.party_state_of(p)?;
        match state {
            PartyState::AddPartyReceived => {}
            PartyState::Null
            | PartyState::AddPartyInitiated
            | PartyState::PartyAlertingDelivered
            | PartyState::PartyAlertingReceived
            | PartyState::Active
            | PartyState::DropPartyInitiated
            | PartyState::DropPartyReceived => {
                return Err(Error::InvalidPartyState { state, request: "party_alerting" })
            }
        }
        self.send_party(p, MessageType::PartyAlerting, None);
        self.set_party_state(p, PartyState::PartyAlertingReceived);
        Ok(())
    }

    /// Resolves a party the peer is adding, which the local side may still answer: P6 Add
    /// Party Received or P7 Party Alerting Received (Q.2971 §5.2.5, §5.2.6).
    fn incoming_party(&self, party: PartyHandle, request: &'static str) -> Result<u32, Error> {
        let p = self.resolve_party(party)?;
        let state = self.party_state_of(p)?;
        match state {
            PartyState::AddPartyReceived | PartyState::PartyAlertingReceived => Ok(p),
            PartyState::Null
            | PartyState::AddPartyInitiated
            | PartyState::PartyAlertingDelivered
            | PartyState::Active
            | PartyState::DropPartyInitiated
            | PartyState::DropPartyReceived => Err(Error::InvalidPartyState { state, request }),
        }
    }

    /// Sends ADD PARTY ACKNOWLEDGE for a party in P6 or P7: → P10 (Q.2971 §5.2.5).
    pub fn add_party_ack(&mut self, _now: Instant, party: PartyHandle) -> Result<(), Error> {
        let p = self.incoming_party(party, "add_party_ack")?;
        self.send_party(p, MessageType::AddPartyAcknowledge, None);
        self.set_party_state(p, PartyState::Active);
        Ok(())
    }

    /// Sends ADD PARTY REJECT for a party in P6 or P7: → P0 (Q.2971 §5.2.6).
    pub fn add_party_reject(
        &mut self,
        now: Instant,
        party: PartyHandle,
        cause: CauseValue,
    ) -> Result<(), Error> {
        let p = self.incoming_party(party, "add_party_reject")?;
        let cause = self.cause(cause, None);
        self.send_party(p, MessageType::AddPartyReject, Some(cause));
        self.drop_party_internal(now, p, cause);
        Ok(())
    }

    /// Drops a party: DROP PARTY, → P11 with T398 (Q.2971 §5.3.1); for the last party of
    /// the call, RELEASE instead (Q.2971 §5.3.3).
    pub fn drop_party(
        &mut self,
        now: Instant,
        party: PartyHandle,
        cause: CauseValue,
    ) -> Result<(), Error> {
        let p = self.resolve_party(party)?;
        let state = self.party_state_of(p)?;
        match state {
            PartyState::DropPartyInitiated | PartyState::Null => {
                return Err(Error::InvalidPartyState { state, request: "drop_party" })
            }
            PartyState::AddPartyInitiated
            | PartyState::PartyAlertingDelivered
            | PartyState::AddPartyReceived
            | PartyState::PartyAlertingReceived
            | PartyState::Active
            | PartyState::DropPartyReceived => {}
        }
        let cause = self.cause(cause, None);
        self.start_drop(now, p, cause);
        Ok(())
    }

    /// The state of `party` (P0 for a dead handle).
    pub fn party_state(&self, party: PartyHandle) -> PartyState {
        self.resolve_party(party)
            .ok()
            .and_then(|p| self.party(p))
            .map_or(PartyState::Null, |p| p.state)
    }

    /// The parties of `call` and their states (empty for a point-to-point call).
    pub fn parties(
        &self,
        call: CallHandle,
    ) -> impl Iterator<Item = (PartyHandle, PartyState)> + '_ {
        let list = self.resolve(call).ok().and_then(|i| self.call(i)).map(|c| c.parties.as_slice());
        list.into_iter()
            .flatten()
            .filter_map(|&p| self.party(p).map(|party| (self.party_handle(p), party.state)))
    }

    /// The endpoint reference value of `party`.
    pub fn endpoint_reference(&self, party: PartyHandle) -> Option<u16> {
        self.resolve_party(party).ok().and_then(|p| self.party(p)).map(|p| p.eref)
    }

    /// When `timer` of `party` expires, if it runs.
    pub fn party_timer(&self, party: PartyHandle, timer: PartyTimer) -> Option<Instant> {
        let p = self.resolve_party(party).ok().and_then(|p| self.party(p))?;
        p.timers.get(timer.index()).copied().flatten()
    }

    /// Live parties over all calls (for invariants).
    pub fn active_parties(&self) -> usize {
        self.parties.len() - self.party_free.len()
    }

    // ----- received party messages -----------------------------------------------------

    pub(super) fn on_party_message(&mut self, now: Instant, idx: u32, mt: MessageType) {
        let Some(c) = self.call(idx) else { return };
        let p2mp = !c.parties.is_empty();
        if c.state != crate::call::CallState::Active || !p2mp {
            return self.unexpected_here(now, idx, mt);
        }
        let Some(er) = self.rx.ies.endpoint_reference.map(|ie| ie.contents) else {
            // Mandatory in every party message (the codec checks it; PARTY ALERTING too).
            let c = self.cause(
                CauseValue::MandatoryInformationElementMissing,
                Some(super::ie_diag([crate::codec::ie::IeId::EndpointReference].into_iter())),
            );
            return self.send_status(idx, c);
        };
        // Flag set: the sender did not allocate it, so we did.
        let local = er.flag;
        let found = self.find_party(idx, er.value, local);
        let cause = self.rx_cause();
        match (mt, found) {
            (MessageType::AddParty, Some(_)) => self.counters.discarded += 1,
            (MessageType::AddParty, None) if local => self.counters.discarded += 1,
            (MessageType::AddParty, None) => self.rx_add_party(idx, er.value),
            (MessageType::AddPartyAcknowledge, Some(p)) => self.rx_add_party_ack(now, idx, p, mt),
            (MessageType::PartyAlerting, Some(p)) => self.rx_party_alerting(now, idx, p, mt),
            (MessageType::AddPartyReject, Some(p)) => {
                self.rx_add_party_reject(now, idx, p, mt, cause)
            }
            (MessageType::DropParty, Some(p)) => {
                let collision =
                    self.party(p).is_some_and(|x| x.state == PartyState::DropPartyInitiated);
                if !collision {
                    self.set_party_state(p, PartyState::DropPartyReceived);
                    self.send_party(p, MessageType::DropPartyAcknowledge, None);
                }
                self.drop_party_internal(now, p, cause);
            }
            (MessageType::DropPartyAcknowledge, Some(p)) => {
                let own = self.party(p).and_then(|x| x.drop_cause);
                let cause = match (self.rx.ies.cause.first(), own) {
                    (None, Some(c)) => c,
                    (Some(_), _) | (None, None) => cause,
                };
                self.drop_party_internal(now, p, cause)
            }
            // Unknown endpoint reference (Q.2971 §5.6.3): acknowledged-type answers are
            // ignored, others get DROP PARTY ACKNOWLEDGE cause 89.
            (MessageType::AddPartyReject | MessageType::DropPartyAcknowledge, None) => {}
            (_, None) => {
                let h = self.handle(idx);
                self.protocol_error(Some(h), Some(mt), CauseValue::InvalidEndpointReference);
                let c = self.cause(CauseValue::InvalidEndpointReference, None);
                let cr = self.call(idx).map(super::wire_cr);
                if let Some(cr) = cr {
                    let m = self.reset_tx(cr, MessageType::DropPartyAcknowledge);
                    m.ies.endpoint_reference = Some(Ie::new(EndpointReference {
                        reference_type: EndpointReferenceType::LocallyDefinedInteger,
                        flag: !er.flag,
                        value: er.value,
                    }));
                    let _ = m.ies.cause.push(Ie::new(c));
                    let _ = self.transmit();
                }
            }
            (_, Some(_)) => self.unexpected_here(now, idx, mt),
        }
    }

    fn rx_add_party(&mut self, idx: u32, eref: u16) {
        let full = self
            .call(idx)
            .is_some_and(|c| c.parties.len() >= self.cfg.max_parties_per_call as usize);
        let p = if full {
            None
        } else {
            self.new_party(idx, eref, false, PartyState::AddPartyReceived)
        };
        let Some(p) = p else {
            // Q.2971 / UNI 4.0: no room for another party: cause 92.
            let c = self.cause(CauseValue::TooManyPendingAddPartyRequests, None);
            let cr = self.call(idx).map(super::wire_cr);
            if let Some(cr) = cr {
                let m = self.reset_tx(cr, MessageType::AddPartyReject);
                m.ies.endpoint_reference = Some(Ie::new(wire_eref(eref, false)));
                let _ = m.ies.cause.push(Ie::new(c));
                let _ = self.transmit();
            }
            return;
        };
        let call = self.handle(idx);
        let party = self.party_handle(p);
        let message = Box::new(*self.rx);
        let leaf_seq = message.ies.leaf_sequence_number.map(|ie| ie.contents.value);
        self.push_event(Event::AddParty { call, party, message });
        if let Some(seq) = leaf_seq {
            self.leaf_joined(seq, call, Some(party));
        }
    }

    fn rx_add_party_ack(&mut self, now: Instant, idx: u32, p: u32, mt: MessageType) {
        let Some(state) = self.party(p).map(|x| x.state) else { return };
        match state {
            PartyState::AddPartyInitiated | PartyState::PartyAlertingDelivered => {
                self.stop_party(p, PartyTimer::T399);
                self.stop_party(p, PartyTimer::T397);
                self.set_party_state(p, PartyState::Active);
                let call = self.handle(idx);
                let party = self.party_handle(p);
                self.push_event(Event::PartyActive { call, party });
            }
            PartyState::Null
            | PartyState::AddPartyReceived
            | PartyState::PartyAlertingReceived
            | PartyState::Active
            | PartyState::DropPartyInitiated
            | PartyState::DropPartyReceived => self.unexpected_here(now, idx, mt),
        }
    }

    fn rx_party_alerting(&mut self, now: Instant, idx: u32, p: u32, mt: MessageType) {
        let Some(state) = self.party(p).map(|x| x.state) else { return };
        match state {
            PartyState::AddPartyInitiated => {
                self.stop_party(p, PartyTimer::T399);
                self.start_party(p, PartyTimer::T397, now);
                self.set_party_state(p, PartyState::PartyAlertingDelivered);
                let call = self.handle(idx);
                let party = self.party_handle(p);
                self.push_event(Event::PartyAlerting { call, party });
            }
            PartyState::Null
            | PartyState::PartyAlertingDelivered
            | PartyState::AddPartyReceived
            | PartyState::PartyAlertingReceived
            | PartyState::Active
            | PartyState::DropPartyInitiated
            | PartyState::DropPartyReceived => self.unexpected_here(now, idx, mt),
        }
    }

    fn rx_add_party_reject(
        &mut self,
        now: Instant,
        idx: u32,
        p: u32,
        mt: MessageType,
        cause: Cause,
    ) {
        let Some(state) = self.party(p).map(|x| x.state) else { return };
        match state {
            PartyState::AddPartyInitiated | PartyState::PartyAlertingDelivered => {
                self.drop_party_internal(now, p, cause)
            }
            PartyState::Null
            | PartyState::AddPartyReceived
            | PartyState::PartyAlertingReceived
            | PartyState::Active
            | PartyState::DropPartyInitiated
            | PartyState::DropPartyReceived => self.unexpected_here(now, idx, mt),
        }
    }

    // ----- party timers ----------------------------------------------------------------

    pub(super) fn expire_party(&mut self, now: Instant, p: u32, t: PartyTimer) {
        let cause =
            self.cause(CauseValue::RecoveryOnTimerExpiry, Some(Diagnostic::Timer(t.digits())));
        match t {
            PartyTimer::T397 | PartyTimer::T399 => self.start_drop(now, p, cause),
            PartyTimer::T398 => self.drop_party_internal(now, p, cause),
        }
    }

    // ----- helpers ---------------------------------------------------------------------

    /// DROP PARTY and P11 + T398, or RELEASE when it is the call's last party.
    fn start_drop(&mut self, now: Instant, p: u32, cause: Cause) {
        let Some(idx) = self.party(p).map(|x| x.call) else { return };
        let last = self.call(idx).is_some_and(|c| c.parties.len() <= 1);
        if last {
            self.clear_on_error(now, idx, cause);
            return;
        }
        for t in PartyTimer::ALL {
            self.stop_party(p, t);
        }
        self.send_party(p, MessageType::DropParty, Some(cause));
        self.set_party_state(p, PartyState::DropPartyInitiated);
        if let Some(x) = self.party_mut(p) {
            x.drop_cause = Some(cause);
        }
        self.start_party(p, PartyTimer::T398, now);
    }

    /// The party goes to P0: removed from its call, `PartyDropped` reported; an active call
    /// left without parties is released (Q.2971 §5.3.3).
    fn drop_party_internal(&mut self, now: Instant, p: u32, cause: Cause) {
        let Some(idx) = self.party(p).map(|x| x.call) else { return };
        let handle = self.party_handle(p);
        if let Some(c) = self.call_mut(idx) {
            c.parties.retain(|&x| x != p);
        }
        self.free_party_slot(p);
        let call = self.handle(idx);
        self.push_event(Event::PartyDropped { call, party: handle, cause });
        let empty_active = self
            .call(idx)
            .is_some_and(|c| c.parties.is_empty() && c.state == crate::call::CallState::Active);
        if empty_active {
            self.clear_on_error(now, idx, cause);
        }
    }

    /// The party of the SETUP becomes active with the call (Q.2971 §5.1).
    pub(super) fn first_party_active(&mut self, idx: u32) {
        let Some(&p) = self.call(idx).and_then(|c| c.parties.first()) else { return };
        let pre = self.party(p).is_some_and(|x| {
            matches!(
                x.state,
                PartyState::AddPartyInitiated
                    | PartyState::PartyAlertingDelivered
                    | PartyState::AddPartyReceived
                    | PartyState::PartyAlertingReceived
            )
        });
        if pre {
            self.set_party_state(p, PartyState::Active);
            let call = self.handle(idx);
            let party = self.party_handle(p);
            self.push_event(Event::PartyActive { call, party });
        }
    }

    /// Sends `mt` about party `p` (with its endpoint reference and, optionally, a cause).
    fn send_party(&mut self, p: u32, mt: MessageType, cause: Option<Cause>) {
        let Some((idx, eref, local)) = self.party(p).map(|x| (x.call, x.eref, x.local)) else {
            return;
        };
        let Some(cr) = self.call(idx).map(super::wire_cr) else { return };
        let m = self.reset_tx(cr, mt);
        m.ies.endpoint_reference = Some(Ie::new(wire_eref(eref, local)));
        if let Some(c) = cause {
            let _ = m.ies.cause.push(Ie::new(c));
        }
        let _ = self.transmit();
    }

    /// The endpoint state of the party named by a received endpoint reference, for STATUS.
    pub(super) fn endpoint_status(&self, idx: u32) -> Option<(EndpointReference, EndpointState)> {
        let er = self.rx.ies.endpoint_reference?.contents;
        let state = self
            .find_party(idx, er.value, er.flag)
            .and_then(|p| self.party(p))
            .map_or(PartyState::Null, |x| x.state);
        Some((
            EndpointReference { flag: !er.flag, ..er },
            EndpointState { party_state: state.ie_value() },
        ))
    }

    pub(super) fn new_party(
        &mut self,
        idx: u32,
        eref: u16,
        local: bool,
        state: PartyState,
    ) -> Option<u32> {
        let p = self.party_free.pop_front()?;
        let party = Party {
            call: idx,
            state,
            eref,
            local,
            timers: [None; PartyTimer::COUNT],
            drop_cause: None,
        };
        if let Some(slot) = self.parties.get_mut(p as usize) {
            slot.party = Some(party);
        }
        if let Some(c) = self.call_mut(idx) {
            c.parties.push(p);
        }
        Some(p)
    }

    /// Frees the slot (timers stopped) without touching the call's list or reporting.
    pub(super) fn free_party_slot(&mut self, p: u32) {
        for t in PartyTimer::ALL {
            self.stop_party(p, t);
        }
        if let Some(slot) = self.parties.get_mut(p as usize) {
            if slot.party.take().is_some() {
                slot.generation = slot.generation.wrapping_add(1);
                self.party_free.push_back(p);
            }
        }
    }

    fn find_party(&self, idx: u32, eref: u16, local: bool) -> Option<u32> {
        let c = self.call(idx)?;
        c.parties
            .iter()
            .copied()
            .find(|&p| self.party(p).is_some_and(|x| x.eref == eref && x.local == local))
    }

    /// A free endpoint reference value for a party we add (1..=0x7FFF; 0 is the usual
    /// first party's).
    fn alloc_eref(&mut self, idx: u32) -> Option<u16> {
        let start = self.call(idx)?.next_eref;
        let mut v = start;
        for _ in 0..0x7FFF {
            let in_use = self.find_party(idx, v, true).is_some();
            let next = if v >= 0x7FFF { 1 } else { v + 1 };
            if !in_use {
                if let Some(c) = self.call_mut(idx) {
                    c.next_eref = next;
                }
                return Some(v);
            }
            v = next;
        }
        None
    }

    fn party(&self, p: u32) -> Option<&Party> {
        self.parties.get(p as usize).and_then(|s| s.party.as_ref())
    }

    pub(super) fn party_mut(&mut self, p: u32) -> Option<&mut Party> {
        self.parties.get_mut(p as usize).and_then(|s| s.party.as_mut())
    }

    fn party_state_of(&self, p: u32) -> Result<PartyState, Error> {
        self.party(p).map(|x| x.state).ok_or(Error::NoSuchParty)
    }

    fn set_party_state(&mut self, p: u32, s: PartyState) {
        if let Some(x) = self.party_mut(p) {
            x.state = s;
        }
    }

    pub(super) fn party_handle(&self, p: u32) -> PartyHandle {
        let generation = self.parties.get(p as usize).map_or(0, |s| s.generation);
        PartyHandle { index: p, generation }
    }

    fn resolve_party(&self, h: PartyHandle) -> Result<u32, Error> {
        match self.parties.get(h.index as usize) {
            Some(s) if s.generation == h.generation && s.party.is_some() => Ok(h.index),
            _ => Err(Error::NoSuchParty),
        }
    }

    fn party_duration(&self, t: PartyTimer) -> Duration {
        match t {
            PartyTimer::T397 => self.cfg.timers.t397,
            PartyTimer::T398 => self.cfg.timers.t398,
            PartyTimer::T399 => self.cfg.timers.t399,
        }
    }

    fn start_party(&mut self, p: u32, t: PartyTimer, now: Instant) {
        let at = now.saturating_add(self.party_duration(t));
        let key = self.party_base + p * PartyTimer::COUNT as u32 + t.index() as u32;
        let Some(x) = self.party_mut(p) else { return };
        if let Some(s) = x.timers.get_mut(t.index()) {
            *s = Some(at);
        }
        self.heap.set(key, at);
    }

    fn stop_party(&mut self, p: u32, t: PartyTimer) {
        let key = self.party_base + p * PartyTimer::COUNT as u32 + t.index() as u32;
        let Some(x) = self.party_mut(p) else { return };
        if x.timers.get_mut(t.index()).and_then(Option::take).is_some() {
            self.heap.remove(key);
        }
    }
}

/// The endpoint reference as this side sends it: the flag is set by the side that did not
/// allocate the value (Q.2971 §4.5.1).
fn wire_eref(value: u16, local: bool) -> EndpointReference {
    EndpointReference {
        reference_type: EndpointReferenceType::LocallyDefinedInteger,
        flag: !local,
        value,
    }
}
