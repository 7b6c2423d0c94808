#!/usr/bin/env bash
# End-to-end accessibility tests against a real Assure demo server.
#
#   bash e2e/run.sh            (from anywhere)
#
# Needs: node 20+, Debian chromium (/usr/bin/chromium or $CHROMIUM), cargo.
# Never downloads a browser.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$E2E_DIR/.." && pwd)"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM

if [ ! -x "$CHROMIUM" ]; then
  echo "e2e: chromium not found at $CHROMIUM." >&2
  echo "e2e: install it with 'apt-get update && apt-get install -y chromium', or set CHROMIUM=/path/to/chromium." >&2
  exit 1
fi

if [ ! -d "$E2E_DIR/node_modules" ]; then
  (cd "$E2E_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund)
fi

# Reuse a binary the caller already built (scripts/test-all.sh passes the one `cargo test`
# made); otherwise build it.
ASSURE_BIN="${ASSURE_BIN:-}"
if [ -z "$ASSURE_BIN" ]; then
  (cd "$REPO_ROOT" && cargo build -p assure)
  ASSURE_BIN="$REPO_ROOT/target/debug/assure"
fi

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 18099)"
BASE_URL="http://127.0.0.1:$PORT"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/assure-e2e.XXXXXX")"
SERVER_LOG="$WORK_DIR/server.log"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT INT TERM

"$ASSURE_BIN" --database-url "sqlite:$WORK_DIR/e2e.db" demo --addr "127.0.0.1:$PORT" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

echo "e2e: waiting for $BASE_URL (pid $SERVER_PID)"
ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: server exited early; its log:" >&2
    cat "$SERVER_LOG" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "e2e: server did not answer on port $PORT within 60 s; its log:" >&2
  cat "$SERVER_LOG" >&2
  exit 1
fi

# The demo prints one account per role, marked DEMO ONLY: pass them to the tests.
ASSURE_DEMO_USERS="$(python3 - "$SERVER_LOG" <<'PY'
import json, sys
users = {}
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.split()
    if len(parts) == 3 and parts[2].startswith("demo-") and "@" in parts[1]:
        users[parts[0]] = {"email": parts[1], "password": parts[2]}
print(json.dumps(users))
PY
)"
export ASSURE_DEMO_USERS
status=0
(cd "$REPO_ROOT" && BASE_URL="$BASE_URL" node --test --test-concurrency=1 e2e/a11y.test.mjs) || status=$?
if [ "$status" -ne 0 ]; then
  echo "e2e: tests failed; server log tail:" >&2
  tail -n 50 "$SERVER_LOG" >&2 || true
fi
exit "$status"
