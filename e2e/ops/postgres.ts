// Stand-in for a node's PostgreSQL server (e2e/ops/test-ops.sh): starts an embedded PostgreSQL in argv[2]
// on port argv[3], creates database argv[4], prints "ready <url>", and stops the server on SIGTERM/SIGINT.
import { connectionUrl, ensureDatabase, startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";

const [dataDir, port, database] = process.argv.slice(2);
const cluster = await startEmbeddedPostgres({ dataDir: dataDir!, port: Number(port) });
await ensureDatabase(cluster.adminUrl, database!);
console.log(`ready ${connectionUrl(cluster.port, database!)}`);
const stop = () => void cluster.stop().finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
setInterval(() => {}, 60_000);
