#!/usr/bin/env bash
# Runs every test: the Rust workspace (unit, store on both databases, HTTP router, the
# binary end to end) and the browser accessibility tests in headless Chromium.
#
#   scripts/test-all.sh
#
# PostgreSQL: set ASSURE_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)
# to run the store and CLI tests on PostgreSQL as well as SQLite; if it is unset and a
# server answers on 127.0.0.1:5432 it is used. ASSURE_TEST_REQUIRE_POSTGRES=1 makes a
# missing server a failure (CI sets it).
# Browser tests need Debian's chromium and Node.js; scripts/install-test-deps.sh installs
# them. ASSURE_SKIP_BROWSER=1 skips them (say so when you report results).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${ASSURE_TEST_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 \
    && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export ASSURE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/test"
fi
if [ -n "${ASSURE_TEST_POSTGRES_URL:-}" ]; then
  echo "== PostgreSQL tests enabled"
else
  echo "== PostgreSQL not configured: store tests run on SQLite only"
fi

echo "== cargo test (workspace)"
cargo test --workspace --locked --no-fail-fast

if [ "${ASSURE_SKIP_BROWSER:-0}" = "1" ]; then
  echo "== browser tests SKIPPED (ASSURE_SKIP_BROWSER=1)"
else
  echo "== browser tests (headless Chromium + axe-core)"
  ASSURE_BIN="$PWD/target/debug/assure" bash e2e/run.sh
fi
