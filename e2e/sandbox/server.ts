/**
 * The sandbox HTTP server: one process standing in for the upstream services, each mounted under
 * its own prefix (`/bugzilla`, `/bodhi`, `/koji`, `/pagure`), plus the `/_sandbox`
 * test-control endpoints. See /work/shared/design/sandbox.md.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { bodhiService } from "./bodhi.js";
import { bugzillaService } from "./bugzilla.js";
import { controlRouter } from "./control.js";
import { parseDataset, type SandboxDatasetInput } from "./dataset.js";
import { FaultInjector } from "./faults.js";
import { kojiService } from "./koji.js";
import { pagureService } from "./pagure.js";
import { PagureWebhookSender, type PagureWebhookTarget } from "./pagure-webhook.js";
import { pathnameOf, searchParamsOf } from "./http-util.js";
import { RequestRecorder } from "./requests.js";
import type { SandboxService, SandboxState } from "./service.js";

export { loadDataset, type SandboxDataset, type SandboxDatasetInput } from "./dataset.js";

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** Served data; validated and deep-copied, so the caller's object is never changed. */
  dataset: SandboxDatasetInput;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Delay added before every service response, in ms (default 0). */
  latencyMs?: number;
  /** Share of service requests that get a random fault, 0–1 (default 0). */
  faultRate?: number;
  /** Seed of the fault PRNG, so a fault sequence is repeatable (default 1). */
  seed?: number;
  /** How long a `hang` fault holds a request before closing it, in ms (default 120000). */
  hangMs?: number;
  /** Send Pagure's web-hook to this URL, signed with this key, on each comment or issue written. */
  pagureWebhook?: PagureWebhookTarget;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8800`. */
  url: string;
  port: number;
  /** Base URL of each service by name, e.g. `{ bugzilla: "http://127.0.0.1:8800/bugzilla" }`. */
  baseUrls: Record<string, string>;
  /** Stops listening and destroys every open connection (hung and in-flight requests included). */
  close(): Promise<void>;
  /** Resolves once every Pagure web-hook sent so far has been answered (or has failed). */
  webhooksSettled(): Promise<void>;
}

/** The services this sandbox serves. */
function services(): SandboxService[] {
  return [bugzillaService(), bodhiService(), kojiService(), pagureService()];
}

/**
 * Starts the sandbox server and resolves once it is listening.
 * @throws Error if `options.dataset` is not a valid dataset; the listen error (e.g. EADDRINUSE) if
 *   the port cannot be bound.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const state: SandboxState = {
    dataset: parseDataset(options.dataset),
    pagureWebhook: new PagureWebhookSender(options.pagureWebhook ?? null),
  };
  const recorder = new RequestRecorder();
  const faults = new FaultInjector(options);
  const app = express();
  app.disable("x-powered-by");
  // Every body arrives as a Buffer; each service parses its own format.
  app.use(express.raw({ type: () => true, limit: "64mb" }));
  app.use("/_sandbox", controlRouter(state, recorder, faults));

  const mounted = services();
  for (const service of mounted) {
    app.use(
      service.prefix,
      (req, res, next) => {
        const subPath = pathnameOf(req).slice(service.prefix.length) || "/";
        Promise.resolve(service.endpointPath(subPath, req))
          .catch(() => subPath)
          .then((endpoint) => {
            const entry = recorder.record(req, `${req.method} ${service.prefix}${endpoint}`);
            res.on("finish", () => {
              entry.status = res.statusCode;
              entry.finishedAt = new Date().toISOString();
            });
            const decision = faults.decide(req.method, pathnameOf(req), service.prefix, searchParamsOf(req));
            entry.fault = decision?.kind ?? null;
            faults.apply(decision, service, req, res, next);
          })
          .catch(next);
      },
      service.router(state),
    );
  }
  app.use((_req, res) => {
    res
      .status(404)
      .type("text")
      .send("Not found: the sandbox serves " + mounted.map((s) => s.prefix).join(", "));
  });

  const host = options.host ?? "127.0.0.1";
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const publicHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${publicHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    baseUrls: Object.fromEntries(mounted.map((s) => [s.prefix.slice(1), url + s.prefix])),
    webhooksSettled: () => state.pagureWebhook.settled(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        faults.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
