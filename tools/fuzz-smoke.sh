#!/usr/bin/env bash
# Builds every cargo-fuzz target and runs each for the given number of seconds (default 30).
# A crash found here fails the run. Longer campaigns: cargo +nightly fuzz run <target>.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-30}"
targets=$(cargo +nightly fuzz list)
cargo +nightly fuzz build --release
for target in $targets; do
    echo "fuzz: $target for ${seconds}s"
    cargo +nightly fuzz run --release "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 2>&1 | tail -n 3
done
