import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestSummary } from "../sandbox/requests.js";
import type { FaultConfig } from "../sandbox/faults.js";
import { DEMO, startTestSandbox, type ErrorBody, type TestSandbox } from "./helpers.js";

const BUG_PATH = "/bugzilla/rest/bug";

describe("fault injection", () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => sb.close());

  const setFaults = async (settings: unknown): Promise<FaultConfig> => {
    const res = await sb.control("/faults", { method: "POST", body: settings });
    expect(res.status).toBe(200);
    return (await res.json()) as FaultConfig;
  };

  it("a rule with skip 1 fails only the 2nd matching request (500 with a Bugzilla error body)", async () => {
    await setFaults({ rules: [{ path: BUG_PATH, method: "GET", skip: 1, fault: "500" }] });
    const version = await sb.bz("/version"); // does not match the rule's path
    expect(version.status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await sb.bz(`/bug/${DEMO.plainBug}`);
      statuses.push(res.status);
      if (res.status === 500) {
        const body = (await res.json()) as ErrorBody;
        expect(body.error).toBe(true);
        expect(typeof body.code).toBe("number");
      } else {
        await res.body?.cancel();
      }
    }
    expect(statuses).toEqual([200, 500, 200, 200]);

    const config = (await (await sb.control("/faults")).json()) as FaultConfig;
    expect(config.rules[0]).toMatchObject({ path: BUG_PATH, skip: 1, times: 1, matched: 2, fired: 1 });
  });

  it("a rule with query parameters faults only the requests that carry them", async () => {
    await setFaults({
      rules: [{ path: BUG_PATH, query: { f1: "flagtypes.name" }, times: -1, fault: "503" }],
    });
    const flagSearch = await sb.bz("/bug?f1=flagtypes.name&o1=substring&v1=fedora_prioritized_bug");
    expect(flagSearch.status).toBe(503);
    await flagSearch.body?.cancel();
    const other = await sb.bz(`/bug?f1=bug_id&o1=equals&v1=${DEMO.plainBug}`);
    expect(other.status).toBe(200);
    await other.body?.cancel();
    const plain = await sb.bz(`/bug/${DEMO.plainBug}`);
    expect(plain.status).toBe(200);
    await plain.body?.cancel();
    const config = (await (await sb.control("/faults")).json()) as FaultConfig;
    expect(config.rules[0]).toMatchObject({ matched: 1, fired: 1 });
  });

  it("429 carries Retry-After; times -1 faults forever; DELETE /_sandbox/faults restores start-up settings", async () => {
    await setFaults({ rules: [{ path: "/bugzilla", fault: "429", retryAfter: 2, times: -1 }] });
    for (let i = 0; i < 3; i++) {
      const res = await sb.bz("/version");
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("2");
      await res.body?.cancel();
    }
    const reset = await sb.control("/faults", { method: "DELETE" });
    expect(((await reset.json()) as FaultConfig).rules).toEqual([]);
    expect((await sb.bz("/version")).status).toBe(200);
  });

  it("503 and 502 are HTML pages", async () => {
    await setFaults({
      rules: [
        { path: "/bugzilla", fault: "503", retryAfter: 5 },
        { path: "/bugzilla", fault: "502" },
      ],
    });
    const first = await sb.bz("/version");
    expect(first.status).toBe(503);
    expect(first.headers.get("content-type")).toMatch(/^text\/html/);
    expect(first.headers.get("retry-after")).toBe("5");
    expect(await first.text()).toContain("503 Service Unavailable");
    const second = await sb.bz("/version");
    expect(second.status).toBe(502);
    await second.body?.cancel();
  });

  it("reset destroys the connection without a response", async () => {
    await setFaults({ rules: [{ path: BUG_PATH, fault: "reset" }] });
    await expect(sb.bz(`/bug/${DEMO.plainBug}`)).rejects.toThrow();
    expect((await sb.bz(`/bug/${DEMO.plainBug}`)).status).toBe(200);
  });

  it("truncated sends a 200 with half the body and a matching Content-Length", async () => {
    const full = await (await sb.bz(`/bug/${DEMO.plainBug}`)).text();
    await setFaults({ rules: [{ path: BUG_PATH, fault: "truncated" }] });
    const res = await sb.bz(`/bug/${DEMO.plainBug}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(text)).toThrow();
  });

  it("hang holds the request for hangMs and then closes it", async () => {
    await setFaults({ hangMs: 300, rules: [{ path: BUG_PATH, fault: "hang" }] });
    const started = Date.now();
    await expect(sb.bz(`/bug/${DEMO.plainBug}`)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("close() ends a hanging request promptly", async () => {
    await setFaults({ rules: [{ path: BUG_PATH, fault: "hang" }] }); // default hangMs: 120 s
    const pending = sb.bz(`/bug/${DEMO.plainBug}`);
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await sb.close();
    expect(await outcome).toBe("failed");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("latency delays service responses but not the control endpoints", async () => {
    await setFaults({ latencyMs: 300 });
    let started = Date.now();
    expect((await sb.bz("/version")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    started = Date.now();
    await (await sb.control("/requests")).json();
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("a seeded fault rate gives the same fault sequence on every run; control endpoints are never faulted", async () => {
    const run = async (seed: number) => {
      const other = await startTestSandbox({ faultRate: 0.5, seed, hangMs: 20 });
      try {
        for (let i = 0; i < 40; i++) {
          await other
            .bz("/version")
            .then(
              (res) => res.text(),
              () => undefined,
            )
            .catch(() => undefined);
        }
        const res = await other.control("/requests");
        expect(res.status).toBe(200);
        const summary = (await res.json()) as RequestSummary;
        return summary.log.map((entry) => entry.fault);
      } finally {
        await other.close();
      }
    };
    const first = await run(42);
    expect(first).toHaveLength(40);
    expect(await run(42)).toEqual(first);
    const faulted = first.filter((fault) => fault !== null);
    expect(faulted.length).toBeGreaterThan(8);
    expect(faulted.length).toBeLessThan(32);
    expect(new Set(faulted).size).toBeGreaterThan(3);
    expect(await run(7)).not.toEqual(first);
  });

  it("services limits the fault rate and latency to one service; null lifts the limit", async () => {
    const config = await setFaults({ faultRate: 1, latencyMs: 200, hangMs: 50, services: ["koji"] });
    expect(config.services).toEqual(["koji"]);
    let started = Date.now();
    expect((await sb.bz("/version")).status).toBe(200);
    expect((await fetch(`${sb.url}/bodhi/releases/`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(200);

    started = Date.now();
    // Whatever the random fault (a reset or hang included), the request ends.
    await fetch(`${sb.url}/koji/kojihub`, { method: "POST", body: "<methodCall/>" }).then(
      (res) => res.text(),
      () => undefined,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    const summary = (await (await sb.control("/requests")).json()) as RequestSummary;
    const kojiEntry = summary.log.find((entry) => entry.path === "/koji/kojihub");
    expect(kojiEntry?.fault).not.toBeNull();
    expect(summary.log.filter((entry) => entry.path !== "/koji/kojihub").every((e) => e.fault === null)).toBe(
      true,
    );

    await setFaults({ faultRate: 0, latencyMs: 0, services: null });
    expect((await (await sb.control("/faults")).json()) as FaultConfig).toMatchObject({ services: null });
  });

  it("a 500 rule answers each service in its own error shape", async () => {
    await setFaults({
      rules: [
        { path: "/bodhi", fault: "500" },
        { path: "/koji", fault: "500" },
        { path: "/pagure", fault: "500" },
      ],
    });
    const bodhi = await fetch(`${sb.url}/bodhi/updates/`);
    expect(bodhi.status).toBe(500);
    expect(await bodhi.json()).toMatchObject({ status: "error", errors: [{ location: "body" }] });
    const koji = await fetch(`${sb.url}/koji/kojihub`, { method: "POST", body: "" });
    expect(koji.status).toBe(500);
    expect(koji.headers.get("content-type")).toMatch(/^text\/html/);
    await koji.body?.cancel();
    const pagure = await fetch(`${sb.url}/pagure/api/0/fedora-qa/blocker-review/issues`);
    expect(pagure.status).toBe(500);
    expect(await pagure.text()).toContain("Internal Server Error");
  });

  it("rejects an invalid fault setting with 400", async () => {
    const res = await sb.control("/faults", {
      method: "POST",
      body: { rules: [{ path: "/x", fault: "teapot" }] },
    });
    expect(res.status).toBe(400);
    const unknownService = await sb.control("/faults", { method: "POST", body: { services: ["gitlab"] } });
    expect(unknownService.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringContaining("rules.0.fault") });
  });
});
