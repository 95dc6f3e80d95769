#!/usr/bin/env bash
# The whole test suite (the README's test command). Tests that need tshark fail, rather than
# skip, when CI=true and tshark is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked "$@"
