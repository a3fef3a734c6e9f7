#!/usr/bin/env bash
# `npm run release`: builds dist/blockerbugs-<version>.tar.gz, a release that runs on a node with only
# Node.js 20 and a PostgreSQL server (DATABASE_URL): the built app and jobs, the Prisma schema and
# migrations, production dependencies (without the embedded-PostgreSQL binaries) and the `blockerbugs` CLI.
#   --no-build   package the current build/ and public/build/ as they are (they must exist and be a
#                production build)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(node -p 'require("./package.json").version')
name="blockerbugs-$version"
stage="dist/$name"

# Remix builds for NODE_ENV: with development or test set in the shell, the server build imports
# react/jsx-dev-runtime, which production dependencies lack (every page would answer 500).
if [[ "${1:-}" != "--no-build" ]]; then NODE_ENV=production npm run -s build; fi
for f in build/index.js build/node/server/main.js build/node/cli/main.js build/jobs/sync.js public/build; do
  [[ -e "$f" ]] || { echo "release: $f is missing: run npm run build" >&2; exit 1; }
done
if grep -q '"react/jsx-dev-runtime"' build/index.js; then
  echo "release: build/ is a development build: run NODE_ENV=production npm run build (or npm run release)" >&2
  exit 1
fi

rm -rf "$stage" "dist/$name.tar.gz"
mkdir -p "$stage/app/cli" "$stage/app/server" "$stage/prisma" "$stage/build/node/server" "$stage/build/node/cli"
cp package.json package-lock.json prisma.config.ts README.md "$stage/"
# Named bundles only: build/ also holds development outputs (the demo's bundle in build/demo/, with the
# sandbox in it), which never ship.
cp build/index.js "$stage/build/"
cp build/node/server/main.js "$stage/build/node/server/"
cp build/node/cli/main.js "$stage/build/node/cli/"
cp -r build/jobs "$stage/build/"
cp -r public "$stage/"
cp -r prisma/schema.prisma prisma/migrations prisma/prisma-cli.sh prisma/no-native-engine.sh "$stage/prisma/"
cp app/cli/bin.mjs app/cli/ensure-build.mjs app/cli/memory-env.mjs "$stage/app/cli/"
cp app/server/start.mjs "$stage/app/server/"
chmod +x "$stage/app/cli/bin.mjs"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
printf '%s %s\n' "$version" "$commit" > "$stage/VERSION"

# Production dependencies only. Optional ones (the embedded PostgreSQL binaries, ~60 MB) are left out: a
# release always runs against DATABASE_URL. No install scripts: the Prisma client is already bundled.
(cd "$stage" && npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error)
find "$stage/node_modules" -name '*.map' -delete

# Root unpacks it on the nodes and tar keeps the owners it finds: store root as the owner and no group or
# world write bits, whoever built it and whatever their umask, so no local user can change the app root runs.
tar --owner=0 --group=0 --numeric-owner --mode=go-w -czf "dist/$name.tar.gz" -C dist "$name"
rm -rf "$stage"
echo "dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1))"
