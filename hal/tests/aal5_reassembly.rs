//! Reassembly behaviour (I.363.5 §10.1.2): delivery, each counted error, timer, pool limits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::aal5::cpcs::{cpcs_pdu_len, emit_pdu};
use hal::aal5::reassembly::State;
use hal::aal5::{
    Aal5Counters, BufferPool, Reassembled, Reassembler, ReassemblyConfig, ReassemblyError,
    SegmentParams, Segmenter,
};
use hal::time::{Duration, Instant};

const T0: Instant = Instant::from_nanos(1_000);

fn config(max_sdu: usize, deliver_errored: bool) -> ReassemblyConfig {
    ReassemblyConfig { max_sdu, timeout: Duration::from_millis(10), deliver_errored }
}

fn cells_of(sdu: &[u8], uu: u8) -> Vec<([u8; 48], bool)> {
    let frags = [sdu];
    Segmenter::new(&frags, SegmentParams { uu, cpi: 0, clp: false })
        .unwrap()
        .map(|(p, c)| (p, c.end_of_pdu))
        .collect()
}

fn pdu_cells(pdu: &[u8]) -> Vec<([u8; 48], bool)> {
    let n = pdu.len() / 48;
    pdu.chunks(48).enumerate().map(|(i, c)| (c.try_into().unwrap(), i + 1 == n)).collect()
}

fn feed(
    r: &mut Reassembler,
    pool: &mut BufferPool,
    cells: &[([u8; 48], bool)],
) -> Vec<Reassembled> {
    cells.iter().filter_map(|(p, eop)| r.push_cell(pool, T0, p, *eop)).collect()
}

#[test]
fn known_answer_pdus_are_delivered() {
    let mut pool = BufferPool::new(4, cpcs_pdu_len(9180)).unwrap();
    let mut r = Reassembler::new(config(9180, false)).unwrap();
    for payload in [[0u8; 40], [0xFF; 40]] {
        let mut pdu = [0u8; 48];
        emit_pdu(&[&payload], 0, 0, &mut pdu).unwrap();
        let got = feed(&mut r, &mut pool, &pdu_cells(&pdu));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].data(&pool).unwrap(), &payload[..]);
        assert_eq!((got[0].uu, got[0].cpi, got[0].error), (0, 0, None));
        assert!(pool.release(got[0].buffer));
    }
    // The third vector, bytes 0x01..=0x28, as the raw cell from atm-reference.md.
    let mut cell = [0u8; 48];
    for (i, b) in cell[..40].iter_mut().enumerate() {
        *b = i as u8 + 1;
    }
    cell[40..].copy_from_slice(&[0, 0, 0x00, 0x28, 0xBF, 0x67, 0x1E, 0xD0]);
    let got = r.push_cell(&mut pool, T0, &cell, true).unwrap();
    assert_eq!(got.len, 40);
    assert_eq!(got.data(&pool).unwrap(), &cell[..40]);
    assert!(pool.release(got.buffer));
    assert_eq!(r.counters().pdus_ok, 3);
    assert_eq!(r.counters().cells, 3);
    assert_eq!(pool.free_count(), 4);
}

#[test]
fn crc_error_is_counted_and_dropped() {
    let mut pool = BufferPool::new(2, 9216).unwrap();
    let mut r = Reassembler::new(config(9180, false)).unwrap();
    let mut cells = cells_of(&[5u8; 100], 1);
    cells[1].0[7] ^= 0x01;
    assert!(feed(&mut r, &mut pool, &cells).is_empty());
    assert_eq!(r.counters().crc_errors, 1);
    assert_eq!(r.counters().errors(), 1);
    assert_eq!(pool.free_count(), 2);
    assert_eq!(r.state(), State::Idle);
}

#[test]
fn deliver_errored_flags_instead_of_dropping() {
    let mut pool = BufferPool::new(2, 9216).unwrap();
    let mut r = Reassembler::new(config(9180, true)).unwrap();
    let mut cells = cells_of(&[5u8; 100], 1);
    cells[0].0[0] ^= 0x80;
    let got = feed(&mut r, &mut pool, &cells);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].error, Some(ReassemblyError::Crc));
    assert_eq!(got[0].len, 100);
    assert_eq!(r.counters().crc_errors, 1);
    assert_eq!(r.counters().errored_delivered, 1);
    assert_eq!(r.counters().pdus_ok, 0);
    assert_eq!(pool.free_count(), 1);
    assert!(pool.release(got[0].buffer));
}

/// A PDU with a valid CRC but a bad Length or CPI (a sender bug, not a transmission error).
fn forged(length: u16, cpi: u8, cells: usize) -> Vec<u8> {
    let mut pdu = vec![0u8; 48 * cells];
    let body = pdu.len() - 8;
    pdu[body + 1] = cpi;
    pdu[body + 2..body + 4].copy_from_slice(&length.to_be_bytes());
    let crc = hal::aal5::crc32(&pdu[..body + 4]);
    pdu[body + 4..].copy_from_slice(&crc.to_be_bytes());
    pdu
}

#[test]
fn length_errors_pad_too_long_length_too_big_and_cpi() {
    let mut pool = BufferPool::new(2, 9216).unwrap();
    let mut r = Reassembler::new(config(9180, false)).unwrap();
    // Length greater than the payload space of one cell (40).
    assert!(feed(&mut r, &mut pool, &pdu_cells(&forged(41, 0, 1))).is_empty());
    // PAD of 48: Length 40 in a two-cell PDU (space 88).
    assert!(feed(&mut r, &mut pool, &pdu_cells(&forged(40, 0, 2))).is_empty());
    // Boundary: PAD of 47 is fine.
    let ok = feed(&mut r, &mut pool, &pdu_cells(&forged(41, 0, 2)));
    assert_eq!(ok.len(), 1);
    assert!(pool.release(ok[0].buffer));
    // CPI 1: counted as a length (format) error.
    assert!(feed(&mut r, &mut pool, &pdu_cells(&forged(40, 1, 1))).is_empty());
    let c = *r.counters();
    assert_eq!((c.length_errors, c.pdus_ok, c.crc_errors), (3, 1, 0));
    assert_eq!(pool.free_count(), 2);

    let mut flagged = Reassembler::new(config(9180, true)).unwrap();
    let got = feed(&mut flagged, &mut pool, &pdu_cells(&forged(40, 1, 1)));
    assert_eq!(got[0].error, Some(ReassemblyError::InvalidCpi));
    assert!(pool.release(got[0].buffer));
    let got = feed(&mut flagged, &mut pool, &pdu_cells(&forged(500, 0, 1)));
    assert_eq!(got[0].error, Some(ReassemblyError::Length));
    assert_eq!(got[0].len, 40);
    assert!(pool.release(got[0].buffer));
}

#[test]
fn oversize_detected_early_then_discarded_until_end() {
    let mut pool = BufferPool::new(2, 9216).unwrap();
    let mut r = Reassembler::new(config(100, false)).unwrap();
    // 100-octet max SDU: at most cpcs_pdu_len(100) = 144 octets = 3 cells.
    let cells = cells_of(&[1u8; 300], 0);
    assert_eq!(cells.len(), 7);
    for (i, (p, eop)) in cells.iter().enumerate() {
        assert!(r.push_cell(&mut pool, T0, p, *eop).is_none());
        if i == 3 {
            // The fourth cell exceeds the bound: counted now, buffer back in the pool.
            assert_eq!(r.counters().oversize, 1);
            assert_eq!(pool.free_count(), 2);
            assert_eq!(r.state(), State::Discarding);
        }
    }
    assert_eq!(r.state(), State::Idle);
    assert_eq!(r.counters().oversize, 1);
    // Length above max SDU but within the 3-cell bound (101..=136): oversize at the end.
    assert!(feed(&mut r, &mut pool, &cells_of(&[2u8; 120], 0)).is_empty());
    assert_eq!(r.counters().oversize, 2);
    // The next good PDU gets through.
    let got = feed(&mut r, &mut pool, &cells_of(&[3u8; 100], 0));
    assert_eq!(got[0].data(&pool).unwrap(), &[3u8; 100][..]);
    assert_eq!(r.counters().pdus_ok, 1);
}

#[test]
fn pool_buffer_smaller_than_max_sdu_is_the_bound() {
    let mut pool = BufferPool::new(1, 96).unwrap();
    let mut r = Reassembler::new(config(65535, false)).unwrap();
    assert!(feed(&mut r, &mut pool, &cells_of(&[0u8; 100], 0)).is_empty());
    assert_eq!(r.counters().oversize, 1);
    assert_eq!(pool.free_count(), 1);
}

#[test]
fn timeout_discards_partial_pdu() {
    let mut pool = BufferPool::new(1, 9216).unwrap();
    let mut r = Reassembler::new(config(9180, false)).unwrap();
    let cells = cells_of(&[9u8; 200], 0);
    assert_eq!(r.poll_timeout(), None);
    assert!(r.push_cell(&mut pool, T0, &cells[0].0, false).is_none());
    let deadline = r.poll_timeout().unwrap();
    assert_eq!(deadline, T0 + Duration::from_millis(10));
    assert!(!r.handle_timeout(&mut pool, deadline - Duration::from_nanos(1)));
    assert_eq!(pool.free_count(), 0);
    assert!(r.handle_timeout(&mut pool, deadline));
    assert_eq!(r.counters().timeouts, 1);
    assert_eq!(pool.free_count(), 1);
    assert_eq!(r.poll_timeout(), None);
    // A late cell after an unserviced timer: the stale part is expired first.
    assert!(r.push_cell(&mut pool, T0, &cells[0].0, false).is_none());
    let late = T0 + Duration::from_secs(1);
    assert!(r.push_cell(&mut pool, late, &cells[1].0, false).is_none());
    assert_eq!(r.counters().timeouts, 2);
    // The late cells now form a PDU of their own, which fails the CRC.
    for (p, eop) in &cells[2..] {
        assert!(r.push_cell(&mut pool, late, p, *eop).is_none());
    }
    assert_eq!(r.counters().crc_errors, 1);
    assert_eq!(pool.free_count(), 1);
}

#[test]
fn exhaustion_is_counted_and_recovers_after_release() {
    let mut pool = BufferPool::new(1, 9216).unwrap();
    let mut a = Reassembler::new(config(9180, false)).unwrap();
    let mut b = Reassembler::new(config(9180, false)).unwrap();
    let held = feed(&mut a, &mut pool, &cells_of(&[1u8; 60], 0));
    assert_eq!(held.len(), 1);
    // The consumer still holds the only buffer: VC b cannot start a PDU and drops it whole.
    let cells = cells_of(&[2u8; 60], 0);
    assert!(b.push_cell(&mut pool, T0, &cells[0].0, false).is_none());
    assert_eq!(b.state(), State::Discarding);
    assert!(pool.release(held[0].buffer));
    // Still discarding the same PDU even though a buffer is free now.
    assert!(b.push_cell(&mut pool, T0, &cells[1].0, true).is_none());
    assert_eq!(b.counters().buffer_exhaustion, 1);
    assert_eq!(pool.free_count(), 1);
    let got = feed(&mut b, &mut pool, &cells);
    assert_eq!(got[0].data(&pool).unwrap(), &[2u8; 60][..]);
}

#[test]
fn reset_releases_without_counting() {
    let mut pool = BufferPool::new(1, 9216).unwrap();
    let mut r = Reassembler::new(config(9180, false)).unwrap();
    let cells = cells_of(&[1u8; 100], 0);
    assert!(r.push_cell(&mut pool, T0, &cells[0].0, false).is_none());
    r.reset(&mut pool);
    assert_eq!(pool.free_count(), 1);
    assert_eq!(r.counters().errors(), 0);
    assert_eq!(r.state(), State::Idle);
}

#[test]
fn config_rejects_max_sdu_above_65535() {
    assert!(Reassembler::new(config(65536, false)).is_err());
    assert_eq!(config(9180, false).buffer_len_needed(), 9216);
    assert_eq!(Aal5Counters::default().errors(), 0);
}

#[test]
fn buffer_released_behind_the_reassemblers_back_is_counted() {
    let mut pool = BufferPool::new(1, 9216).unwrap();
    let mut r = Reassembler::new(config(9180, false)).unwrap();
    let cells = cells_of(&[4u8; 200], 0);
    assert!(r.push_cell(&mut pool, T0, &cells[0].0, false).is_none());
    let State::Assembling { buffer, .. } = r.state() else { panic!("not assembling") };
    // A consumer bug: releasing a buffer it does not own.
    assert!(pool.release(buffer));
    for (p, eop) in &cells[1..] {
        assert!(r.push_cell(&mut pool, T0, p, *eop).is_none());
    }
    assert_eq!(r.counters().buffer_exhaustion, 1);
    assert_eq!(r.state(), State::Idle);
    assert_eq!(pool.free_count(), 1);
    let got = feed(&mut r, &mut pool, &cells);
    assert_eq!(got[0].data(&pool).unwrap(), &[4u8; 200][..]);
}
