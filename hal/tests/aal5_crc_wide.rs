//! The VPCLMULQDQ (AVX-512 and AVX2) CRC-32 kernels against a bit-by-bit reference and the
//! table kernel: every length 0..=2048, random lengths, alignments and splits up to 64 KiB,
//! the catalogue check value and the residue, and the token rules that gate them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
// Skipped checks and measured numbers are reported on stderr.
#![allow(clippy::print_stderr)]

use hal::aal5::crc32::{
    crc32, crc32_wide, update_table, wide_kernel, Crc32, ExtendedStateSaved, Kernel, WideKernel,
    RESIDUE, XSTATE_AVX, XSTATE_AVX512, XSTATE_SSE,
};
use proptest::prelude::*;

/// CRC-32/BZIP2 one bit at a time, straight from the definition (I.363.5 §10.1.2).
fn bitwise(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 { (crc << 1) ^ 0x04C1_1DB7 } else { crc << 1 };
        }
    }
    !crc
}

fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The user-mode token (tests run in user mode).
fn token() -> ExtendedStateSaved<'static> {
    ExtendedStateSaved::user_mode().expect("tests run at CPL 3")
}

/// The wide kernels this CPU and OS can run, with a note for each one skipped.
fn kernels() -> Vec<WideKernel> {
    let state = token();
    let mut out = Vec::new();
    for kernel in [WideKernel::Avx512, WideKernel::Avx2] {
        let only = match kernel {
            WideKernel::Avx512 => state,
            WideKernel::Avx2 => state.restrict(XSTATE_SSE | XSTATE_AVX),
        };
        if wide_kernel(&only) == Some(kernel) {
            out.push(kernel);
        } else {
            eprintln!(
                "note: CPU/OS lacks the {kernel:?} VPCLMULQDQ kernel; its checks are skipped"
            );
        }
    }
    out
}

fn wide(kernel: WideKernel, data: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update_wide_with(kernel, data, &token());
    crc.finish()
}

#[test]
fn user_mode_token_reports_the_os_enabled_state() {
    let state = token();
    // x86_64 user mode always has SSE enabled in XCR0 when OSXSAVE is on.
    assert_eq!(state.xstate() & !(XSTATE_SSE | XSTATE_AVX | XSTATE_AVX512), 0);
    if std::is_x86_feature_detected!("avx2") {
        // The OS enabled AVX (std's detection checks XCR0 too).
        assert_ne!(state.xstate() & XSTATE_AVX, 0);
    }
    if std::is_x86_feature_detected!("avx512f") {
        assert_eq!(state.xstate() & XSTATE_AVX512, XSTATE_AVX512);
    }
}

#[test]
fn the_cpu_features_decide_the_wide_kernel() {
    let expected = if std::is_x86_feature_detected!("vpclmulqdq")
        && std::is_x86_feature_detected!("avx512f")
        && std::is_x86_feature_detected!("avx512bw")
        && std::is_x86_feature_detected!("avx512vl")
    {
        Some(WideKernel::Avx512)
    } else if std::is_x86_feature_detected!("vpclmulqdq") && std::is_x86_feature_detected!("avx2") {
        Some(WideKernel::Avx2)
    } else {
        None
    };
    assert_eq!(wide_kernel(&token()), expected);
}

#[test]
fn without_the_state_no_wide_kernel_is_chosen() {
    let state = token();
    assert_eq!(wide_kernel(&state.restrict(0)), None);
    assert_eq!(wide_kernel(&state.restrict(XSTATE_SSE)), None);
    assert_ne!(wide_kernel(&state.restrict(XSTATE_SSE | XSTATE_AVX)), Some(WideKernel::Avx512));
    // Partial AVX-512 state (opmask only) is not enough.
    assert_ne!(
        wide_kernel(&state.restrict(XSTATE_SSE | XSTATE_AVX | (1 << 5))),
        Some(WideKernel::Avx512)
    );
    // Without the token, `update` keeps its kernel; with an empty token the result is the same.
    let data = bytes(7, 4096);
    let mut empty = Crc32::new();
    empty.update_wide(&data, &state.restrict(0));
    assert_eq!(empty.finish(), bitwise(&data));
}

#[test]
fn a_kernel_glue_token_without_the_sse_bit_selects_the_wide_kernel() {
    // What the Windows glue passes after KeSaveExtendedProcessorState(XSTATE_MASK_AVX |
    // XSTATE_MASK_AVX512): no legacy-SSE bit. Here in user mode the OS preserves the state, so
    // the claim the unsafe constructor needs holds for every component XCR0 enables.
    let enabled = token().xstate();
    let guard = ();
    // SAFETY: user mode; the OS saves every XCR0-enabled component, and `enabled` is XCR0's.
    let glue = unsafe {
        ExtendedStateSaved::new_unchecked(&guard, enabled & (XSTATE_AVX | XSTATE_AVX512))
    };
    assert_eq!(wide_kernel(&glue), wide_kernel(&token()));
    let data = bytes(11, 9180);
    assert_eq!(crc32_wide(&data, &glue), bitwise(&data));
}

#[test]
fn catalogue_check_value_and_residue() {
    let state = token();
    assert_eq!(crc32_wide(b"123456789", &state), 0xFC89_1918);
    // Long enough for the wide path: the check string repeated, then the residue.
    let mut msg: Vec<u8> = b"123456789".iter().copied().cycle().take(9 * 1020).collect();
    for kernel in kernels() {
        assert_eq!(wide(kernel, &msg), bitwise(&msg), "{kernel:?}");
    }
    let crc = crc32_wide(&msg, &state);
    assert_eq!(crc, crc32(&msg));
    msg.extend_from_slice(&crc.to_be_bytes());
    for kernel in kernels() {
        let mut c = Crc32::new();
        c.update_wide_with(kernel, &msg, &state);
        assert_eq!(c.register(), RESIDUE, "{kernel:?}");
    }
}

#[test]
fn every_length_to_2048_matches_the_reference_and_the_tables() {
    let data = bytes(0x5EED, 2048);
    for kernel in kernels() {
        for len in 0..=data.len() {
            let expected = bitwise(&data[..len]);
            assert_eq!(update_table(0xFFFF_FFFF, &data[..len]) ^ 0xFFFF_FFFF, expected);
            assert_eq!(wide(kernel, &data[..len]), expected, "{kernel:?} len {len}");
        }
    }
}

#[test]
fn wide_updates_compose_with_cells_and_narrow_updates() {
    let data = bytes(3, 9180);
    let expected = bitwise(&data);
    let state = token();
    for kernel in kernels() {
        // Cells first (postponed remainder), then a wide update that absorbs it.
        let mut c = Crc32::with_kernel(Kernel::Clmul);
        let (head, rest) = data.split_at(48 * 5);
        for cell in head.chunks_exact(48) {
            c.update_cell(cell.try_into().unwrap());
        }
        c.update_wide_with(kernel, rest, &state);
        assert_eq!(c.finish(), expected, "{kernel:?}");
        // A wide update ending on a block boundary, then cells and a tail.
        let mut c = Crc32::with_kernel(Kernel::Table);
        c.update_wide_with(kernel, &data[..4800], &state);
        for cell in data[4800..9168].chunks_exact(48) {
            c.update_cell(cell.try_into().unwrap());
        }
        c.update(&data[9168..]);
        assert_eq!(c.finish(), expected, "{kernel:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_lengths_alignments_and_splits(
        seed in any::<u64>(),
        len in 0usize..=65536,
        offset in 0usize..64,
        cuts in proptest::collection::vec(any::<usize>(), 0..4),
    ) {
        let buffer = bytes(seed, len + 64);
        let data = &buffer[offset..offset + len];
        let expected = update_table(0xFFFF_FFFF, data) ^ 0xFFFF_FFFF;
        if len <= 4096 {
            prop_assert_eq!(bitwise(data), expected);
        }
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (len + 1)).collect();
        points.sort_unstable();
        for kernel in kernels() {
            prop_assert_eq!(wide(kernel, data), expected);
            let mut c = Crc32::new();
            let mut at = 0;
            for &p in &points {
                c.update_wide_with(kernel, &data[at..p], &token());
                at = p;
            }
            c.update_wide_with(kernel, &data[at..], &token());
            prop_assert_eq!(c.finish(), expected);
        }
        prop_assert_eq!(crc32_wide(data, &token()), expected);
    }
}
