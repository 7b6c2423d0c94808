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

mkdir -p "$STATIC_DIR/assets"

# CSS: compressed, no source map; govuk-frontend resolves from node_modules.
"$FRONTEND_DIR/node_modules/.bin/sass" \
  --load-path="$FRONTEND_DIR/node_modules" \
  --style=compressed \
  --no-source-map \
  "$FRONTEND_DIR/src/assure.scss" \
  "$STATIC_DIR/assure.css"

# Images (favicons etc.) and the web app manifest; never the GDS Transport fonts.
rm -rf "$STATIC_DIR/assets/images"
cp -R "$GOVUK_DIST/assets/images" "$STATIC_DIR/assets/images"
if [ -f "$GOVUK_DIST/assets/manifest.json" ]; then
  cp "$GOVUK_DIST/assets/manifest.json" "$STATIC_DIR/assets/manifest.json"
fi
rm -rf "$STATIC_DIR/assets/fonts"

# JavaScript (optional progressive enhancement; pages work without it).
cp "$GOVUK_DIST/govuk-frontend.min.js" "$STATIC_DIR/govuk-frontend.min.js"

printf "%s\n" "$GOVUK_VERSION" > "$STATIC_DIR/VERSION"

echo "Built $STATIC_DIR/assure.css with govuk-frontend $GOVUK_VERSION"
