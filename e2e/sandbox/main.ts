/**
 * CLI: `npm run sandbox -- --data FILE --port N [--latency MS] [--fault-rate P] [--seed S]`.
 * Prints one line with the base URLs once listening; exits 0 on SIGINT/SIGTERM, 1 with a one-line
 * message on a bad data file or an unusable port.
 */
import { Command, InvalidArgumentError } from "commander";
import { loadDataset, startSandbox } from "./server.js";

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

function probability(value: string): number {
  const p = Number(value);
  if (value.trim() === "" || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new InvalidArgumentError("the fault rate must be a number from 0 to 1.");
  }
  return p;
}

const program = new Command()
  .name("sandbox")
  .description("Serve a dataset file in the Bugzilla, Bodhi, Koji and Pagure API shapes.")
  .requiredOption("--data <file>", "dataset JSON file (e.g. e2e/fixtures/demo-upstream.json)")
  .option("--port <n>", "TCP port, 0 = any free port", integer("port", 0, 65535), 0)
  .option("--host <host>", "interface to listen on", "127.0.0.1")
  .option("--latency <ms>", "delay added to every service response", integer("latency", 0), 0)
  .option("--fault-rate <p>", "share of service requests that fail randomly (0-1)", probability, 0)
  .option("--seed <s>", "seed for the random faults", integer("seed", -(2 ** 31), 2 ** 32 - 1), 1)
  .option("--hang-ms <ms>", "how long a 'hang' fault holds a request", integer("hang-ms", 0), 120_000)
  .option("--pagure-webhook <url>", "send Pagure's signed web-hook here on each comment or issue written")
  .option("--pagure-webhook-key <key>", "the web-hook key signing it (with --pagure-webhook)")
  .parse();

const opts = program.opts<{
  data: string;
  port: number;
  host: string;
  latency: number;
  faultRate: number;
  seed: number;
  hangMs: number;
  pagureWebhook?: string;
  pagureWebhookKey?: string;
}>();

if ((opts.pagureWebhook === undefined) !== (opts.pagureWebhookKey === undefined)) {
  console.error("sandbox: --pagure-webhook and --pagure-webhook-key go together");
  process.exit(2);
}

try {
  const sandbox = await startSandbox({
    dataset: loadDataset(opts.data),
    port: opts.port,
    host: opts.host,
    latencyMs: opts.latency,
    faultRate: opts.faultRate,
    seed: opts.seed,
    hangMs: opts.hangMs,
    ...(opts.pagureWebhook
      ? { pagureWebhook: { url: opts.pagureWebhook, key: opts.pagureWebhookKey! } }
      : {}),
  });
  const services = Object.entries(sandbox.baseUrls).map(([name, url]) => `${name}=${url}`);
  console.log(`sandbox listening: ${services.join(" ")} control=${sandbox.url}/_sandbox`);

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
