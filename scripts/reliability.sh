#!/usr/bin/env bash
# Re-measure the figures in RELIABILITY.md: two processes logging at once, 200 kill -9s,
# deep fuzzing, and the bad-input tests (the full-disk and read-only ones need root to mount
# a tiny tmpfs; without it they print SKIPPED).
#   scripts/reliability.sh            all of it (about 5 minutes after the release build)
#   FUZZ_CASES=10000 scripts/reliability.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test reliability -- --ignored
BALIE_FUZZ_CASES="${FUZZ_CASES:-100000}" cargo test --release --test fuzz -- --nocapture 2>&1 \
    | grep -E '^fuzz |test result'
cargo test --release --test bad_input -- --nocapture 2>&1 \
    | grep -E '^(full disk|read-only data folder|damaged database|SKIPPED)|test result'
