/**
 * Koji hub XML-RPC (koji.fedoraproject.org, koji 1.35) at `POST /koji/kojihub`: `getBuild`,
 * `listTags`, `listTagged`, `getTag`, `getAPIVersion` and `multiCall` (alias `system.multicall`).
 * Behaviour follows /work/shared/design/upstream-apis/koji.md and the KO-* rows of edge-cases.md:
 * keyword arguments as a trailing `__starstar` struct (KO-01, unknown ones → fault 1019 KO-02),
 * faults with HTTP 200 (KO-03), `<nil/>`/`<i8>` (KO-04), NVR parsing (KO-06), strict tag lookup
 * (KO-07), COMPLETE-only and newest-tagged-first `listTagged` (KO-09), per-call multiCall results
 * (KO-10), `Invalid method` (KO-14) and the maintenance fault 1014 when `koji.offline` is set (KO-12).
 *
 * The dataset holds only `{ state, tags }` per NVR; every other build field (ids, owner, times,
 * source) is derived deterministically from the NVR and the Bodhi update that ships it, unless the
 * dataset gives it.
 */
import { createHash } from "node:crypto";
import express, { type Request, type Router } from "express";
import type { BodhiData, BodhiUpdate, KojiBuild, SandboxDataset } from "./dataset.js";
import { htmlNotFound, rawBodyText } from "./http-util.js";
import { decodeCall, encodeFault, encodeResponse, KojiFault, type KojiCall } from "./koji-xmlrpc.js";
import type { SandboxService, SandboxState } from "./service.js";

/** `BUILD_STATES` (koji/__init__.py): 0 BUILDING, 1 COMPLETE, 2 DELETED, 3 FAILED, 4 CANCELED. */
export const KOJI_COMPLETE = 1;

/** The Koji service module, mounted at `/koji`; the hub endpoint is `/koji/kojihub`. */
export function kojiService(): SandboxService {
  return {
    prefix: "/koji",
    router: kojiRouter,
    async endpointPath(subPath, req) {
      if (subPath !== "/kojihub" || req.method !== "POST") return subPath;
      try {
        return `/kojihub ${(await parsedCall(req)).methodName}`;
      } catch {
        return "/kojihub (invalid XML-RPC)";
      }
    },
    // The hub sits behind Apache: an internal error is Apache's HTML page, not a fault.
    internalErrorBody: () =>
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>500 Internal Server Error</title></head>' +
      "<body><h1>Internal Server Error</h1><p>The server encountered an internal error or misconfiguration " +
      "and was unable to complete your request.</p></body></html>\n",
  };
}

const calls = new WeakMap<Request, Promise<KojiCall>>();

/** The request's decoded method call, parsed once per request (for counting and for dispatch). */
function parsedCall(req: Request): Promise<KojiCall> {
  let call = calls.get(req);
  if (!call) {
    call = decodeCall(rawBodyText(req));
    calls.set(req, call);
  }
  return call;
}

function kojiRouter(state: SandboxState): Router {
  const router = express.Router();
  router.post("/kojihub", (req, res, next) => {
    const reply = (xml: string) => res.status(200).type("text/xml").send(xml);
    parsedCall(req)
      .then(
        (call) => {
          try {
            const hub = hubFor(state.dataset);
            reply(encodeResponse(hub.dispatch(call.methodName, call.params)));
          } catch (error) {
            if (!(error instanceof KojiFault)) throw error;
            reply(encodeFault(error));
          }
        },
        (error: unknown) => {
          // The hub's xmlrpc loads() failed: a non-Koji exception, so faultCode 1 with the class name.
          const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
          reply(encodeFault(new KojiFault(1, `<class 'xml.parsers.expat.ExpatError'>: ${reason}`)));
        },
      )
      .catch(next);
  });
  router.all("/kojihub", (_req, res) => {
    res.status(405).type("text").send("Method Not Allowed: the Koji hub only answers XML-RPC POSTs\n");
  });
  router.use(htmlNotFound("<html><body><h1>Not Found</h1></body></html>\n"));
  return router;
}

/** Hubs by Koji section; a dataset patch or replace installs new section objects, so no stale reuse. */
const hubs = new WeakMap<object, { bodhi: object; hub: Hub }>();

/** The hub for the live dataset, derived once per Koji/Bodhi section pair. */
function hubFor(dataset: SandboxDataset): Hub {
  const cached = hubs.get(dataset.koji);
  if (cached && cached.bodhi === dataset.bodhi) return cached.hub;
  const hub = new Hub(dataset);
  hubs.set(dataset.koji, { bodhi: dataset.bodhi, hub });
  return hub;
}

/** A parameter spec: name and default; `REQUIRED` marks a parameter without a default. */
const REQUIRED = Symbol("required");
type ParamSpec = ReadonlyArray<readonly [string, unknown]>;

/**
 * Binds XML-RPC params to a Python-style signature: positional params in order, then the keyword
 * args of a trailing `{ __starstar: true, … }` struct (KO-01).
 * @throws KojiFault 1019 ParameterError with CPython's TypeError wording (KO-02).
 */
export function bindArgs(method: string, spec: ParamSpec, params: unknown[]): Record<string, unknown> {
  const last = params.at(-1);
  const hasKwargs = isStruct(last) && Boolean(last.__starstar);
  const positional = hasKwargs ? params.slice(0, -1) : params;
  const kwargs = hasKwargs ? Object.entries(last).filter(([key]) => key !== "__starstar") : [];
  const where = `RootExports.${method}()`;
  const required = spec.filter(([, fallback]) => fallback === REQUIRED).length;
  if (positional.length > spec.length) {
    const range =
      required === spec.length ? `${spec.length + 1}` : `from ${required + 1} to ${spec.length + 1}`;
    throw new KojiFault(
      1019,
      `${where} takes ${range} positional arguments but ${positional.length + 1} were given`,
    );
  }
  const bound: Record<string, unknown> = {};
  spec.forEach(([name], index) => {
    if (index < positional.length) bound[name] = positional[index];
  });
  for (const [name, value] of kwargs) {
    if (!spec.some(([known]) => known === name)) {
      throw new KojiFault(1019, `${where} got an unexpected keyword argument '${name}'`);
    }
    if (name in bound) throw new KojiFault(1019, `${where} got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  const missing = spec.filter(([name, fallback]) => fallback === REQUIRED && !(name in bound));
  if (missing.length > 0) {
    const names = missing.map(([name]) => `'${name}'`).join(" and ");
    const s = missing.length === 1 ? "" : "s";
    throw new KojiFault(
      1019,
      `${where} missing ${missing.length} required positional argument${s}: ${names}`,
    );
  }
  for (const [name, fallback] of spec) if (!(name in bound)) bound[name] = fallback;
  return bound;
}

function isStruct(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * `koji.parse_NVR`: splits `name-version-release` at the last two dashes (an `epoch:` prefix on the
 * name is dropped).
 * @throws KojiFault 1000 `invalid format: <nvr>` (KO-06).
 */
export function parseNvr(nvr: string): { name: string; version: string; release: string } {
  const p2 = nvr.lastIndexOf("-");
  if (p2 === -1 || p2 === nvr.length - 1) throw new KojiFault(1000, `invalid format: ${nvr}`);
  const p1 = nvr.lastIndexOf("-", p2 - 1);
  if (p1 === -1 || p1 === p2 - 1) throw new KojiFault(1000, `invalid format: ${nvr}`);
  const name = nvr.slice(0, p1);
  return {
    name: name.slice(name.indexOf(":") + 1),
    version: nvr.slice(p1 + 1, p2),
    release: nvr.slice(p2 + 1),
  };
}

/** 32-bit FNV-1a: a small stable hash for derived ids and times. */
function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Koji's `datetime.isoformat(' ')` of a timestamptz: `2024-09-15 08:57:12.402131+00:00` (KO-08). */
export function kojiTime(epochSeconds: number): string {
  const whole = Math.floor(epochSeconds);
  const micros = String(Math.round((epochSeconds - whole) * 1e6)).padStart(6, "0");
  return `${new Date(whole * 1000).toISOString().slice(0, 19).replace("T", " ")}.${micros}+00:00`;
}

/** Fallback build time window start (2026-10-01 UTC) for builds no Bodhi update mentions. */
const FALLBACK_EPOCH = Date.UTC(2026, 9, 1) / 1000;
/** Event ids grow with time: one event per 10 s after this origin (2020-01-01 UTC). */
const EVENT_ORIGIN = Date.UTC(2020, 0, 1) / 1000;

function eventAt(epochSeconds: number): number {
  return 100_000_000 + Math.floor((epochSeconds - EVENT_ORIGIN) / 10);
}

/** Derived default for a Bodhi `YYYY-MM-DD HH:MM:SS` (UTC) string. */
function bodhiEpoch(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(`${value.replace(" ", "T")}Z`);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** Tag names a Bodhi release object refers to (`stable_tag`, `testing_tag`, …). */
function releaseTags(data: BodhiData): string[] {
  return data.releases.flatMap((release) =>
    Object.entries(release)
      .filter(([key, value]) => key.endsWith("_tag") && typeof value === "string" && value !== "")
      .map(([, value]) => value as string),
  );
}

/** A build as the hub sees it: its full `getBuild` struct plus tags and tagging events. */
interface HubBuild {
  info: Record<string, unknown>;
  tags: string[];
  tagEvents: Record<string, number>;
}

/**
 * The hub over one dataset snapshot: builds and tags are derived once; `dispatch` runs a call.
 * Only valid while the Koji and Bodhi sections it was built from are live (see `hubFor`).
 */
class Hub {
  private readonly builds: HubBuild[];
  private readonly tagNames: string[];
  private readonly offline: boolean;
  /** The (first) Bodhi update shipping each NVR. */
  private readonly updateOf = new Map<string, BodhiUpdate>();

  constructor(private readonly dataset: SandboxDataset) {
    this.offline = dataset.koji.offline === true;
    for (const update of dataset.bodhi.updates) {
      for (const build of update.builds)
        if (!this.updateOf.has(build.nvr)) this.updateOf.set(build.nvr, update);
    }
    const ids = buildIds(dataset.koji.builds);
    this.builds = Object.entries(dataset.koji.builds).map(([nvr, build]) =>
      this.deriveBuild(nvr, build, ids.get(nvr) as number),
    );
    const names = [
      ...Object.keys(dataset.koji.tags ?? {}),
      ...releaseTags(dataset.bodhi),
      ...this.builds.flatMap((build) => build.tags),
    ];
    this.tagNames = [...new Set(names)];
  }

  /**
   * Runs one method.
   * @throws KojiFault for every hub error.
   */
  dispatch(method: string, params: unknown[]): unknown {
    if (this.offline) throw new KojiFault(1014, "Server disabled for maintenance");
    switch (method) {
      case "getAPIVersion":
        bindArgs(method, [], params);
        return 1;
      case "getBuild": {
        const args = bindArgs(
          method,
          [
            ["buildInfo", REQUIRED],
            ["strict", false],
          ],
          params,
        );
        const build = this.findBuild(args.buildInfo);
        if (!build && args.strict) throw new KojiFault(1000, `No such build: ${String(args.buildInfo)}`);
        return build ? build.info : null;
      }
      case "listTags":
        return this.listTags(
          bindArgs(
            method,
            [
              ["build", null],
              ["package", null],
              ["perms", true],
              ["queryOpts", null],
              ["pattern", null],
            ],
            params,
          ),
        );
      case "listTagged":
        return this.listTagged(
          bindArgs(
            method,
            [
              ["tag", REQUIRED],
              ["event", null],
              ["inherit", false],
              ["prefix", null],
              ["latest", false],
              ["package", null],
              ["owner", null],
              ["type", null],
              ["strict", true],
              ["extra", false],
              ["draft", null],
            ],
            params,
          ),
        );
      case "getTag": {
        const args = bindArgs(
          method,
          [
            ["tagInfo", REQUIRED],
            ["strict", false],
            ["event", null],
            ["blocked", false],
          ],
          params,
        );
        const name = this.findTag(args.tagInfo);
        if (name === undefined && args.strict) {
          throw new KojiFault(1000, `No such tagInfo: '${String(args.tagInfo)}'`);
        }
        return name === undefined ? null : { ...this.tagInfo(name, true), extra: {} };
      }
      case "multiCall":
      case "system.multicall":
        return this.multiCall(bindArgs("multiCall", [["calls", REQUIRED]], params).calls);
      default:
        throw new KojiFault(1000, `Invalid method: ${method}`);
    }
  }

  /** Each call's result as `[value]`, or its fault as a struct (KO-10); GenericErrors carry a traceback. */
  private multiCall(list: unknown): unknown[] {
    if (!Array.isArray(list)) throw new KojiFault(1000, "calls must be a list");
    return list.map((entry) => {
      try {
        if (!isStruct(entry) || typeof entry.methodName !== "string") {
          throw new KojiFault(1000, "Invalid multicall entry: expected a struct with methodName and params");
        }
        if (entry.methodName === "multiCall" || entry.methodName === "system.multicall") {
          throw new KojiFault(1000, "multicall is not allowed inside a multicall");
        }
        const params = Array.isArray(entry.params) ? entry.params : [];
        return [this.dispatch(entry.methodName, params)];
      } catch (error) {
        if (!(error instanceof KojiFault)) throw error;
        const fault: Record<string, unknown> = { faultCode: error.faultCode, faultString: error.faultString };
        if (error.faultCode === 1000) {
          fault.traceback = [
            "Traceback (most recent call last):\n",
            '  File "/usr/lib/python3/site-packages/kojihub/kojixmlrpc.py", line 365, in multiCall\n',
            `koji.GenericError: ${error.faultString}\n`,
          ];
        }
        return fault;
      }
    });
  }

  private listTags(args: Record<string, unknown>): unknown[] {
    let names = this.tagNames;
    if (args.build !== null) {
      const build = this.findBuild(args.build);
      if (!build) throw new KojiFault(1000, `No such build: ${String(args.build)}`);
      names = build.tags;
    }
    if (args.package !== null) {
      const name = String(args.package);
      names = names.filter((tag) => this.builds.some((b) => b.info.name === name && b.tags.includes(tag)));
    }
    if (args.pattern !== null) {
      const glob = new RegExp(
        `^${String(args.pattern)
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".")}$`,
      );
      names = names.filter((tag) => glob.test(tag));
    }
    return names.map((name) => this.tagInfo(name, Boolean(args.perms)));
  }

  private listTagged(args: Record<string, unknown>): unknown[] {
    const tag = this.findTag(args.tag);
    if (tag === undefined) {
      if (args.strict) throw new KojiFault(1000, `No such tagInfo: '${String(args.tag)}'`);
      return [];
    }
    const tagId = this.tagInfo(tag, false).id;
    const prefix = args.prefix === null ? null : String(args.prefix).toLowerCase();
    const rows = this.builds
      .filter((build) => build.tags.includes(tag) && build.info.state === KOJI_COMPLETE)
      .filter((build) => args.package === null || build.info.name === args.package)
      .filter((build) => args.owner === null || build.info.owner_name === args.owner)
      .filter((build) => prefix === null || String(build.info.name).toLowerCase().startsWith(prefix))
      .filter((build) => args.draft === null || Boolean(build.info.draft) === Boolean(args.draft))
      .map((build) => ({ build, event: build.tagEvents[tag] }))
      .sort((a, b) => b.event - a.event || Number(b.build.info.id) - Number(a.build.info.id));
    const latest = args.latest === true ? 1 : typeof args.latest === "number" ? args.latest : 0;
    const perPackage = new Map<unknown, number>();
    return rows
      .filter(({ build }) => {
        if (latest <= 0) return true;
        const seen = perPackage.get(build.info.name) ?? 0;
        perPackage.set(build.info.name, seen + 1);
        return seen < latest;
      })
      .map(({ build, event }) => {
        const { info } = build;
        const row: Record<string, unknown> = {};
        for (const key of TAGGED_KEYS) row[key] = info[key];
        Object.assign(row, { create_event: event, tag_id: tagId, tag_name: tag });
        if (args.extra) row.extra = info.extra;
        return Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)));
      });
  }

  /** `find_build_id`: an int id, an NVR string (KO-06) or a `{name, version, release}` struct. */
  private findBuild(info: unknown): HubBuild | undefined {
    if (typeof info === "number") return this.builds.find((build) => build.info.id === info);
    if (typeof info === "string") {
      const { name, version, release } = parseNvr(info);
      return this.builds.find((build) => build.info.nvr === `${name}-${version}-${release}`);
    }
    if (isStruct(info)) {
      const nvr = `${String(info.name)}-${String(info.version)}-${String(info.release)}`;
      return this.builds.find((build) => build.info.nvr === nvr);
    }
    throw new KojiFault(1000, `Invalid type for buildInfo: ${typeof info}`);
  }

  /** A tag name from a name or id, or undefined if there is no such tag. */
  private findTag(info: unknown): string | undefined {
    if (typeof info === "number") return this.tagNames.find((name) => this.tagInfo(name, false).id === info);
    return typeof info === "string" && this.tagNames.includes(info) ? info : undefined;
  }

  /** The tag struct of `listTags` (koji.md §2.2), with dataset `koji.tags` fields on top. */
  private tagInfo(name: string, perms: boolean): Record<string, unknown> & { id: number } {
    const own = this.dataset.koji.tags?.[name] ?? {};
    const info: Record<string, unknown> = {
      arches: null,
      id: 60_000 + (fnv(`tag:${name}`) % 10_000),
      locked: false,
      maven_include_all: false,
      maven_support: false,
      name,
      ...(perms ? { perm: null, perm_id: null } : {}),
      ...own,
    };
    return info as Record<string, unknown> & { id: number };
  }

  /** The full `getBuild` struct for one dataset build: derived fields, then the dataset's own. */
  private deriveBuild(nvr: string, build: KojiBuild, id: number): HubBuild {
    const { tags, tag_events: tagEvents = {}, ...own } = build;
    const { name, version, release } = parseNvrLoose(nvr);
    const update = this.updateOf.get(nvr);
    const submitted = bodhiEpoch(update?.date_submitted);
    const jitter = fnv(`time:${nvr}`);
    const start =
      (submitted === null
        ? FALLBACK_EPOCH + (jitter % (30 * 86_400))
        : submitted - 3_600 - (jitter % 3_600)) +
      (jitter % 1_000_000) / 1e6;
    const completion = start + 600 + (fnv(`build:${nvr}`) % 2_400) + 0.25;
    const userName = isStruct(update?.user) ? update.user.name : undefined;
    const owner = typeof userName === "string" ? userName : "packager";
    const dist = /\.fc(\d+)/.exec(release)?.[1];
    const commit = createHash("sha1").update(nvr).digest("hex");
    const info: Record<string, unknown> = {
      build_id: id,
      cg_id: null,
      cg_name: null,
      completion_time: kojiTime(completion),
      completion_ts: completion,
      creation_event_id: eventAt(start),
      creation_time: kojiTime(start),
      creation_ts: start,
      draft: false,
      epoch: null,
      extra: {
        source: {
          original_url: `git+https://src.fedoraproject.org/rpms/${name}.git#${dist ? `f${dist}` : "rawhide"}`,
        },
      },
      id,
      name,
      nvr,
      owner_id: 4_000 + (fnv(`user:${owner}`) % 1_000),
      owner_name: owner,
      package_id: 10_000 + (fnv(`package:${name}`) % 90_000),
      package_name: name,
      promoter_id: null,
      promoter_name: null,
      promotion_time: null,
      promotion_ts: null,
      release,
      source: `git+https://src.fedoraproject.org/rpms/${name}.git#${commit}`,
      start_time: kojiTime(start),
      start_ts: start,
      task_id: 130_000_000 + (fnv(`task:${nvr}`) % 10_000_000),
      version,
      volume_id: 0,
      volume_name: "DEFAULT",
      ...own,
    };
    if (own.id !== undefined && own.build_id === undefined) info.build_id = own.id;
    const sorted = Object.fromEntries(Object.entries(info).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const firstTagEvent = eventAt(completion) + 1;
    const events = Object.fromEntries(
      tags.map((tag, index) => [tag, tagEvents[tag] ?? firstTagEvent + index]),
    );
    return { info: sorted, tags, tagEvents: events };
  }
}

/**
 * Build ids: the dataset's own `id`, else 2000000 + a hash of the NVR, moved up past any id already
 * taken (NVRs in sorted order), so ids are stable and unique.
 */
function buildIds(builds: Record<string, KojiBuild>): Map<string, number> {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  for (const [nvr, build] of Object.entries(builds)) {
    if (build.id !== undefined) {
      ids.set(nvr, build.id);
      taken.add(build.id);
    }
  }
  for (const nvr of Object.keys(builds).sort()) {
    if (ids.has(nvr)) continue;
    let id = 2_000_000 + (fnv(`build:${nvr}`) % 1_000_000);
    while (taken.has(id)) id += 1;
    ids.set(nvr, id);
    taken.add(id);
  }
  return ids;
}

/** `parseNvr` for dataset keys: a malformed key still gets a name (the whole key). */
function parseNvrLoose(nvr: string): { name: string; version: string; release: string } {
  try {
    return parseNvr(nvr);
  } catch {
    return { name: nvr, version: "", release: "" };
  }
}

/** The build fields `listTagged` rows carry (koji.md §2.3; no `*_ts`, no `source`). */
const TAGGED_KEYS = [
  "build_id",
  "completion_time",
  "creation_event_id",
  "creation_time",
  "draft",
  "epoch",
  "id",
  "name",
  "nvr",
  "owner_id",
  "owner_name",
  "package_id",
  "package_name",
  "promoter_id",
  "promoter_name",
  "promotion_time",
  "release",
  "start_time",
  "state",
  "task_id",
  "version",
  "volume_id",
  "volume_name",
] as const;
