#!/usr/bin/env bash
# Rebuild Assure's front-end assets from govuk-frontend + src/assure.scss.
# Outputs (committed, embedded by the Rust binary) go to adapters/web/static/.
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$FRONTEND_DIR/.." && pwd)"
STATIC_DIR="$REPO_ROOT/adapters/web/static"

cd "$FRONTEND_DIR"
if [ -f package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund
else
  npm install --ignore-scripts --no-audit --no-fund
fi

GOVUK_DIST="$FRONTEND_DIR/node_modules/govuk-frontend/dist/govuk"
GOVUK_VERSION="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"

mkdir -p "$STATIC_DIR"

# CSS: compressed, no source map; govuk-frontend resolves from node_modules.
"$FRONTEND_DIR/node_modules/.bin/sass" \
  --load-path="$FRONTEND_DIR/node_modules" \
  --style=compressed \
  --no-source-map \
  "$FRONTEND_DIR/src/assure.scss" \
  "$STATIC_DIR/assure.css"

# No GOV.UK images, favicons or fonts: a council service is not GOV.UK and must not
# show the crown. No JavaScript either: every page works without it.
rm -rf "$STATIC_DIR/assets" "$STATIC_DIR/govuk-frontend.min.js"

printf "%s\n" "$GOVUK_VERSION" > "$STATIC_DIR/VERSION"

echo "Built $STATIC_DIR/assure.css with govuk-frontend $GOVUK_VERSION"
