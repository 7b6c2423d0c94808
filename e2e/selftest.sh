#!/usr/bin/env bash
# Checks the e2e harness itself against the static sample pages in fixtures/,
# served with python3 -m http.server and styled with adapters/web/static/.
# No Rust build needed.  Usage: bash e2e/selftest.sh
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$E2E_DIR/.." && pwd)"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM

if [ ! -x "$CHROMIUM" ]; then
  echo "e2e: chromium not found at $CHROMIUM (apt-get install -y chromium, or set CHROMIUM)." >&2
  exit 1
fi
if [ ! -d "$E2E_DIR/node_modules" ]; then
  (cd "$E2E_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund)
fi

SITE="$(mktemp -d "${TMPDIR:-/tmp}/assure-e2e-site.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$SITE"
}
trap cleanup EXIT INT TERM

# Same URL layout as the app: /, /plans/1, /plans/1/areas/1, /actions/1
cp -R "$REPO_ROOT/adapters/web/static/." "$SITE/"
mkdir -p "$SITE/plans/1/areas/1" "$SITE/actions/1"
cp "$E2E_DIR/fixtures/sample-overview.html" "$SITE/index.html"
cp "$E2E_DIR/fixtures/sample-overview.html" "$SITE/plans/1/index.html"
cp "$E2E_DIR/fixtures/sample-area.html" "$SITE/plans/1/areas/1/index.html"
cp "$E2E_DIR/fixtures/sample-action.html" "$SITE/actions/1/index.html"

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" >"$SITE/.server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 40); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.25
done

(cd "$REPO_ROOT" && BASE_URL="http://127.0.0.1:$PORT" node --test e2e/a11y.test.mjs)
