// Test helper process: starts (or joins) the embedded PostgreSQL in argv[2] on port argv[3] with a
// watchdog grace of argv[4] ms, prints "ready <port>", then waits to be killed.
import { startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";

const [dataDir, port, idleStopMs] = process.argv.slice(2);
const cluster = await startEmbeddedPostgres({
  dataDir: dataDir!,
  port: Number(port),
  idleStopMs: Number(idleStopMs),
});
console.log(`ready ${cluster.port}`);
setInterval(() => {}, 60_000);
