/**
 * The contract between the sandbox server and one upstream service module (Bugzilla, Bodhi, Koji,
 * Pagure). Each service is an Express router mounted under its own prefix.
 */
import type { Request, Router } from "express";
import type { SandboxDataset } from "./dataset.js";
import type { PagureWebhookSender } from "./pagure-webhook.js";

/** Mutable holder of the live dataset: `POST /_sandbox/dataset` may swap `dataset` wholesale. */
export interface SandboxState {
  dataset: SandboxDataset;
  /** Pagure's web-hook deliveries (sent when it has a target). */
  pagureWebhook: PagureWebhookSender;
}

/** One upstream service served by the sandbox. */
export interface SandboxService {
  /** Mount point, e.g. `/bugzilla`. */
  readonly prefix: string;
  /** Builds the router answering every request below `prefix`; it reads `state.dataset` per request. */
  router(state: SandboxState): Router;
  /**
   * Normalises a path below the prefix for request counting, replacing ids with `{id}`:
   * `/rest/bug/2311101/comment` → `/rest/bug/{id}/comment`. May look at the request (Koji appends
   * the XML-RPC method name: `/kojihub multiCall`) and may be async.
   */
  endpointPath(subPath: string, req: Request): string | Promise<string>;
  /**
   * The body of an injected HTTP 500 in this service's own error shape: an object is sent as JSON,
   * a string as an HTML page.
   */
  internalErrorBody(): unknown;
}
