#!/bin/sh
# Stand-in for Prisma's native engines. This project runs Prisma with its WebAssembly/JS engines
# (engine "js" in prisma.config.ts, engineType "client" in schema.prisma), so nothing should call this.
echo "blockerbugs: Prisma tried to run a native engine; this project uses the JS engines only (see prisma/prisma-cli.sh)" >&2
exit 1
