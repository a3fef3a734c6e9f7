#!/usr/bin/env bash
# Prints the path of dist/blockerbugs-<version>.tar.gz, packaging it first (from the current build) when it
# is missing or older than the build (building it again when it is a development build), so the tests
# share one tarball. Needs `npm run build` done.
set -euo pipefail
cd "$(dirname "$0")/../.."
tarball="dist/blockerbugs-$(node -p 'require("./package.json").version').tar.gz"
if grep -q '"react/jsx-dev-runtime"' build/index.js; then
  # A development build (e.g. rebuilt by a test process, NODE_ENV=test) cannot be released: rebuild.
  bash ansible/release.sh >&2
elif [[ ! -f "$tarball" || build/node/server/main.js -nt "$tarball" || build/jobs/sync.js -nt "$tarball" ]]; then
  bash ansible/release.sh --no-build >&2
fi
echo "$PWD/$tarball"
