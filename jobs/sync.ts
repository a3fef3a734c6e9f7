// Bree job (worker thread): one scheduled sync. Compiled by `npm run build:jobs` to build/jobs/sync.js.
// It always reports a `sync-result` message, then "done" (or "cancelled" after Bree's "cancel"), and ends.
import { parentPort, workerData } from "node:worker_threads";
import { runSyncJob } from "~/sync/job.server";

const controller = new AbortController();
parentPort?.on("message", (message) => {
  if (message === "cancel") controller.abort();
});
const result = await runSyncJob(workerData, controller.signal);
parentPort?.postMessage(result);
parentPort?.postMessage(controller.signal.aborted ? "cancelled" : "done");
parentPort?.removeAllListeners("message");
// Nothing should be left running; if a library left a handle open, end the thread anyway.
setTimeout(() => process.exit(0), 1000).unref();
