//! Differential fuzzing of the AAL5 CRC-32 kernels: the VPCLMULQDQ kernels (AVX-512 and AVX2,
//! where the CPU has them), the SSE folding kernel, the per-cell entries and the table kernel
//! must give the same CRC for any data and any split into updates.
//!
//! Input: one octet choosing the split points' stride and the wide kernel, then the data.
#![no_main]

use hal::aal5::crc32::{update_table, Crc32, ExtendedStateSaved, Kernel, WideKernel};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some((&control, data)) = input.split_first() else {
        return;
    };
    let expected = update_table(0xFFFF_FFFF, data) ^ 0xFFFF_FFFF;
    // Fuzzing runs in user mode, where the OS preserves the vector state.
    let Some(state) = ExtendedStateSaved::user_mode() else {
        return;
    };
    let kernel = if control & 1 == 0 { WideKernel::Avx512 } else { WideKernel::Avx2 };
    // Pieces of 48 octets (cells through the per-cell entry) or of 67..=8509 octets.
    let stride = match control >> 1 {
        0 => 48,
        c => usize::from(c) * 67,
    };
    let mut pieces = Crc32::with_kernel(Kernel::Clmul);
    for piece in data.chunks(stride) {
        match <&[u8; 48]>::try_from(piece) {
            Ok(cell) => pieces.update_cell(cell),
            Err(_) => pieces.update_wide_with(kernel, piece, &state),
        }
    }
    assert_eq!(pieces.finish(), expected);
    let mut whole = Crc32::new();
    whole.update_wide_with(kernel, data, &state);
    assert_eq!(whole.finish(), expected);
    let mut narrow = Crc32::new();
    narrow.update(data);
    assert_eq!(narrow.finish(), expected);
});
