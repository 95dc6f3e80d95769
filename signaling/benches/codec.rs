//! Q.2931 codec throughput on a rich SETUP (every IE a UNI 4.0 SETUP can carry): decode,
//! encode, and decode+encode pairs. No allocation in any measured loop. The baseline copies
//! the same octets, to show what the machine does in the same run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use signaling::codec::ie::UniVersion;
use signaling::codec::{CallReference, Context, Direction, Message, MessageType};

#[path = "common/setups.rs"]
mod setups;
use setups::{rich_setup, small_setup};

const CX: Context = Context { version: UniVersion::Uni40, direction: Direction::UserToNetwork };

fn bench(c: &mut Criterion) {
    bench_one(c, "rich", rich_setup());
    bench_one(c, "reference", small_setup());
}

fn bench_one(c: &mut Criterion, name: &str, bytes: Vec<u8>) {
    let decoded = Message::decode(&bytes, CX).expect("rich SETUP decodes");
    assert!(decoded.problems.is_empty());
    let msg = decoded.message;
    let mut out = [0u8; 1024];
    let n = msg.encode(&mut out).unwrap();
    assert_eq!(&out[..n], &bytes[..]);

    let mut g = c.benchmark_group(format!("q2931_setup_{name}_{}B", bytes.len()));
    g.throughput(Throughput::Elements(1));
    g.bench_function("baseline_copy", |b| {
        b.iter(|| {
            out[..bytes.len()].copy_from_slice(black_box(&bytes));
            black_box(&out);
        })
    });
    g.bench_function("decode", |b| {
        b.iter(|| black_box(Message::decode(black_box(&bytes), CX)).is_ok())
    });
    let mut reuse = Message::new(CallReference::Dummy, MessageType::Unknown(0));
    g.bench_function("decode_into", |b| {
        b.iter(|| black_box(reuse.decode_into(black_box(&bytes), CX)).is_ok())
    });
    g.bench_function("encode", |b| b.iter(|| black_box(black_box(&msg).encode(&mut out))));
    g.bench_function("decode_encode_pair", |b| {
        b.iter(|| {
            reuse.decode_into(black_box(&bytes), CX).unwrap();
            black_box(reuse.encode(&mut out).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
