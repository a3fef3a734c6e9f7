import { z } from "zod";
import { requestText, type FailFn, type HttpPolicy, UpstreamGate } from "./http.server";
import { methodCallXml, parseMethodResponse, type XmlRpcValue } from "./xmlrpc.server";

/** Koji fault codes Blockerbugs branches on (koji.md §3). */
export const KojiFaultCode = {
  generic: 1000,
  serverOffline: 1014,
  parameter: 1019,
} as const;

/** A fault answered by Koji for one call (on HTTP 200: KO-03). */
export interface KojiFaultValue {
  faultCode: number;
  faultString: string;
}

/** Integers: `<int>` decodes to a number, `<i8>` (beyond ±2^31) to a digit string (KO-04). */
const kojiInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

const FaultSchema = z.looseObject({ faultCode: kojiInt, faultString: z.string().default("") });

/** `listTags(build)` result: the tags a build currently carries (koji.md §2.2). */
const ListTagsSchema = z.array(z.looseObject({ id: kojiInt.optional(), name: z.string() }));

/**
 * `multiCall` result (KO-10): per call either a 1-element array `[value]` or a fault struct (which
 * may carry a `traceback`).
 */
const MultiCallSchema = z.array(
  z.union([
    z.tuple([z.unknown()]).transform(([value]) => ({ ok: true as const, value })),
    FaultSchema.transform((f) => ({
      ok: false as const,
      fault: { faultCode: f.faultCode, faultString: f.faultString },
    })),
  ]),
);
export type MultiCallResult = z.infer<typeof MultiCallSchema>[number];

/**
 * Decodes an XML-RPC `methodResponse` body (`parseMethodResponse`): `<nil/>` → null, `<i8>` → digit
 * string (see `kojiInt`), structs → objects.
 * @returns the value, or `{ fault }` when the response is a fault.
 * @throws Error when the body is not an XML-RPC response (e.g. truncated or an HTML error page).
 */
export async function decodeXmlRpcResponse(
  xml: string,
): Promise<{ value: unknown } | { fault: KojiFaultValue }> {
  return parseMethodResponse(xml);
}

/**
 * Splits a Koji N-V-R (`name-version-release`) at its last two dashes. The name may contain dashes;
 * version and release may not. A draft build's `,draft<id>` suffix stays in `release` (KO-11).
 * @returns null when the string is not N-V-R shaped (Koji would fault "invalid format": KO-06).
 */
export function parseNvr(nvr: string): { name: string; version: string; release: string } | null {
  const m = /^(\S+)-([^\s-]+)-([^\s-]+)$/.exec(nvr);
  return m ? { name: m[1]!, version: m[2]!, release: m[3]! } : null;
}

/** Tags of one build, or why Koji could not give them. */
export type BuildTagsResult = { ok: true; tags: string[] } | { ok: false; error: string };

export interface KojiClientOptions {
  /** The hub's XML-RPC endpoint, e.g. `https://koji.fedoraproject.org/kojihub`. */
  url: string;
  policy: HttpPolicy;
  /** Calls per `multiCall` request (default 500). */
  batchSize?: number;
}

/**
 * Anonymous client for the Koji hub's XML-RPC API (koji.md), with the timeouts and bounded retries of
 * `requestText`: network errors, resets, timeouts, HTTP 5xx/429 and fault 1014 ServerOffline
 * (also inside a multicall) are retried (KO-12). Counts every HTTP attempt in `requestCount`.
 */
export class KojiClient {
  requestCount = 0;
  /** Shared by every request of this client: at most `policy.concurrency` in flight, one pause on 429. */
  private readonly gate: UpstreamGate;

  constructor(private readonly options: KojiClientOptions) {
    this.gate = new UpstreamGate(options.policy.concurrency);
  }

  /**
   * One XML-RPC call.
   * @returns the decoded result (`<nil/>` → null).
   * @throws UpstreamError with `code` = faultCode for a fault (retried only for 1014), or for
   *   transport failures.
   */
  async call(method: string, params: XmlRpcValue[] = []): Promise<unknown> {
    return this.post(method, params, async (text, fail) => {
      const decoded = await decodeXmlRpcResponse(text);
      if ("fault" in decoded) throw faultError(method, decoded.fault, fail);
      return decoded.value;
    });
  }

  /**
   * Runs `calls` through Koji's `multiCall` in batches of `batchSize` (default 500, as Koji's own
   * tools batch) and unpacks each result (KO-10). The batches go out together, at most
   * `policy.concurrency` in flight.
   * @returns per call, in order, `{ ok: true, value }` or `{ ok: false, fault }`.
   * @throws UpstreamError when a batch fails as a whole (transport, top-level fault, offline hub).
   */
  async multiCall(calls: readonly { method: string; params: XmlRpcValue[] }[]): Promise<MultiCallResult[]> {
    const size = this.options.batchSize ?? 500;
    const batches: (typeof calls)[] = [];
    for (let i = 0; i < calls.length; i += size) batches.push(calls.slice(i, i + size));
    const results = await Promise.all(batches.map((batch) => this.multiCallBatch(batch)));
    return results.flat();
  }

  private multiCallBatch(
    batch: readonly { method: string; params: XmlRpcValue[] }[],
  ): Promise<MultiCallResult[]> {
    const payload = batch.map((c) => ({ methodName: c.method, params: c.params }));
    return this.post("multiCall", [payload], async (text, fail) => {
      const decoded = await decodeXmlRpcResponse(text);
      if ("fault" in decoded) throw faultError("multiCall", decoded.fault, fail);
      const parsed = MultiCallSchema.safeParse(decoded.value);
      if (!parsed.success || parsed.data.length !== batch.length) {
        throw fail(`multiCall: unexpected result shape (${batch.length} calls)`, { retryable: false });
      }
      const offline = parsed.data.find((r) => !r.ok && r.fault.faultCode === KojiFaultCode.serverOffline);
      if (offline && !offline.ok) throw faultError("multiCall", offline.fault, fail);
      return parsed.data;
    });
  }

  /**
   * Current tags of each build (`listTags(nvr)` via multicall). Strings that are not N-V-R shaped are
   * not sent (KO-06); a per-build fault (e.g. "No such build") is returned for that build only.
   * @returns a map from every given NVR to its tags or its error.
   * @throws UpstreamError when Koji fails as a whole.
   */
  async tagsOfBuilds(nvrs: readonly string[]): Promise<Map<string, BuildTagsResult>> {
    const out = new Map<string, BuildTagsResult>();
    const valid = [...new Set(nvrs)].filter((nvr) => {
      if (parseNvr(nvr)) return true;
      out.set(nvr, { ok: false, error: `not a name-version-release: ${nvr}` });
      return false;
    });
    const results = await this.multiCall(valid.map((nvr) => ({ method: "listTags", params: [nvr] })));
    valid.forEach((nvr, i) => {
      const result = results[i]!;
      if (!result.ok) {
        out.set(nvr, { ok: false, error: `fault ${result.fault.faultCode}: ${result.fault.faultString}` });
        return;
      }
      const tags = ListTagsSchema.safeParse(result.value);
      out.set(
        nvr,
        tags.success
          ? { ok: true, tags: tags.data.map((t) => t.name) }
          : { ok: false, error: "unexpected listTags result shape" },
      );
    });
    return out;
  }

  private post<T>(method: string, params: XmlRpcValue[], decode: (text: string, fail: FailFn) => Promise<T>) {
    return requestText(
      {
        service: "Koji",
        url: new URL(this.options.url),
        method: "POST",
        headers: { Accept: "text/xml" },
        body: methodCallXml(method, params),
        contentType: "text/xml",
        decode,
        onAttempt: () => (this.requestCount += 1),
        gate: this.gate,
      },
      this.options.policy,
    );
  }
}

function faultError(method: string, fault: KojiFaultValue, fail: FailFn) {
  return fail(`${method}: fault ${fault.faultCode}: ${fault.faultString}`, {
    code: fault.faultCode,
    retryable: fault.faultCode === KojiFaultCode.serverOffline,
  });
}
