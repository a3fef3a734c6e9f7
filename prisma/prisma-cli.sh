#!/bin/sh
# Runs the Prisma CLI without native engines (they cannot be downloaded here; see README "Database").
# Prisma 6.19 only skips its engine download when both variables point at an existing file.
set -e
here=$(cd "$(dirname "$0")" && pwd)
export PRISMA_SCHEMA_ENGINE_BINARY="$here/no-native-engine.sh"
export PRISMA_QUERY_ENGINE_LIBRARY="$here/no-native-engine.sh"
export PRISMA_HIDE_UPDATE_MESSAGE=1
export CHECKPOINT_DISABLE=1
# `prisma generate` needs no database, but prisma.config.ts reads DATABASE_URL: give it a harmless default.
export DATABASE_URL="${DATABASE_URL:-postgresql://localhost:5432/unused}"
cd "$here/.."
exec node node_modules/prisma/build/index.js "$@"
