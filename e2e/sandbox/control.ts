/**
 * Test-control endpoints under `/_sandbox` (never faulted, delayed or counted):
 *
 * - `GET /requests` → `{ total, byEndpoint, log }`; `DELETE /requests` resets them. Koji requests are
 *   counted per XML-RPC method: `"POST /koji/kojihub multiCall"`.
 * - `GET /faults` → current fault config; `POST /faults` merges `{ latencyMs?, faultRate?, seed?,
 *   hangMs?, services?, rules? }` and returns the config; `DELETE /faults` restores the start-up
 *   settings. `services` (e.g. `["koji"]`; `null` = all) limits latency and the random fault rate to
 *   those services: `{ "faultRate": 1, "services": ["koji"] }` breaks Koji only. Rules pick requests
 *   by path prefix (`{ "path": "/koji", "fault": "503" }`).
 * - `GET /dataset` → the live dataset; `POST /dataset` with `{ "replace": <dataset> }` or
 *   `{ "patch": <DatasetPatch> }` (per-service sections: see `DatasetPatchSchema`) → `{ ok: true }`.
 *
 * - `GET /pagure-webhook` → `{ url, deliveries }` (the key is not shown); `POST /pagure-webhook` with
 *   `{ "url": "http://…", "key": "…" }` makes Pagure send its signed web-hook there on each comment or
 *   issue written through its API, `{ "url": null }` stops it.
 *
 * Bad requests (including a patch leaving an invalid dataset, which is then not applied) get HTTP
 * 400 `{ ok: false, error: "<one line>" }`.
 */
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import { applyDatasetPatch, DatasetPatchSchema, formatZodError, parseDataset } from "./dataset.js";
import { FaultSettingsSchema, type FaultInjector } from "./faults.js";
import { jsonBody } from "./http-util.js";
import type { RequestRecorder } from "./requests.js";
import type { SandboxState } from "./service.js";

const WebhookTargetSchema = z.union([
  z.strictObject({ url: z.url({ protocol: /^https?$/ }), key: z.string().min(1) }),
  z.strictObject({ url: z.null() }),
]);

const DatasetUpdateSchema = z
  .strictObject({ replace: z.unknown().optional(), patch: DatasetPatchSchema.optional() })
  .refine((body) => (body.replace === undefined) !== (body.patch === undefined), {
    message: 'give exactly one of "replace" or "patch"',
  });

/** Builds the `/_sandbox` router over the sandbox's live state, request recorder and fault injector. */
export function controlRouter(state: SandboxState, recorder: RequestRecorder, faults: FaultInjector): Router {
  const router = express.Router();

  router.get("/requests", (_req, res) => {
    res.json(recorder.summary());
  });
  router.delete("/requests", (_req, res) => {
    recorder.reset();
    res.json({ ok: true });
  });

  router.get("/faults", (_req, res) => {
    res.json(faults.current());
  });
  router.post("/faults", (req, res) => {
    const settings = parseBody(req, res, FaultSettingsSchema);
    if (settings) res.json(faults.update(settings));
  });
  router.delete("/faults", (_req, res) => {
    res.json(faults.reset());
  });

  router.get("/dataset", (_req, res) => {
    res.json(state.dataset);
  });
  router.post("/dataset", (req, res) => {
    const update = parseBody(req, res, DatasetUpdateSchema);
    if (!update) return;
    try {
      if (update.patch) applyDatasetPatch(state.dataset, update.patch, new Date());
      else state.dataset = parseDataset(update.replace, "replacement dataset");
    } catch (error) {
      return fail(res, error instanceof Error ? error.message : String(error));
    }
    res.json({ ok: true });
  });

  router.get("/pagure-webhook", (_req, res) => {
    const sender = state.pagureWebhook;
    res.json({ url: sender.target?.url ?? null, deliveries: sender.deliveries });
  });
  router.post("/pagure-webhook", (req, res) => {
    const target = parseBody(req, res, WebhookTargetSchema);
    if (!target) return;
    state.pagureWebhook.target = target.url === null ? null : target;
    res.json({ ok: true, url: target.url });
  });

  router.use((req, res) => {
    res
      .status(404)
      .json({ ok: false, error: `no sandbox control endpoint ${req.method} ${req.originalUrl}` });
  });
  return router;
}

/** Parses and validates a JSON body; on failure answers 400 and returns undefined. */
function parseBody<T extends z.ZodType>(req: Request, res: Response, schema: T): z.infer<T> | undefined {
  let body: unknown;
  try {
    body = jsonBody(req) ?? {};
  } catch {
    fail(res, "request body is not valid JSON");
    return undefined;
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  fail(res, formatZodError(result.error));
  return undefined;
}

function fail(res: Response, message: string): void {
  res.status(400).json({ ok: false, error: message });
}
