import { Deserializer, serializeMethodCall, XmlRpcFault, type XmlRpcValue } from "@foxglove/xmlrpc";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SandboxDatasetInput } from "../sandbox/dataset.js";
import type { RequestSummary } from "../sandbox/requests.js";
import { startTestSandbox, type TestSandbox } from "./helpers.js";
import { bodhiFixtureData, fixture, kojiFixtureData, type KojiScenario } from "./upstream-fixtures.js";

const SYSTEMD = "systemd-256.7-1.fc41";
const KERNEL = "kernel-6.11.3-300.fc41";

/** Maps the library's `<nil/>` decoding (undefined) to null so results compare with the JSON fixtures. */
function nulls(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(nulls);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nulls(v)]));
  }
  return value;
}

describe("Koji hub", () => {
  let sb: TestSandbox;

  /** POSTs raw XML to the hub; returns status, content type and body text. */
  const post = async (xml: string) => {
    const res = await fetch(`${sb.url}/koji/kojihub`, {
      method: "POST",
      headers: { "Content-Type": "text/xml", "User-Agent": "koji/1" },
      body: xml,
    });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  /** Calls a method; resolves to its decoded result, or `{ fault: { faultCode, faultString } }`. */
  const call = async (method: string, ...params: unknown[]) => {
    const res = await post(serializeMethodCall(method, params as XmlRpcValue[]));
    expect(res.status).toBe(200);
    try {
      return nulls(await new Deserializer().deserializeMethodResponse(res.text));
    } catch (error) {
      if (!(error instanceof XmlRpcFault)) throw error;
      return { fault: { faultCode: error.faultCode, faultString: error.faultString } };
    }
  };
  const kw = (args: Record<string, unknown>) => ({ ...args, __starstar: true });

  const dataset = (): SandboxDatasetInput => {
    const koji = kojiFixtureData();
    // A build that is tagged f41 but still BUILDING, and an older COMPLETE kernel in f41.
    koji.builds!["kernel-6.12.0-1.fc41"] = { state: 0, tags: ["f41"] };
    koji.builds!["kernel-6.10.9-200.fc41"] = { state: 1, tags: ["f41"], tag_events: { f41: 118_000_000 } };
    koji.builds!["bigid-1.0-1.fc41"] = { state: 1, tags: [], id: 5_000_000_000 };
    return { bodhi: bodhiFixtureData(), koji };
  };

  beforeEach(async () => {
    sb = await startTestSandbox({ dataset: dataset() });
  });
  afterEach(() => sb.close());

  it("answers every captured call of koji_responses.json with the captured result or fault", async () => {
    const { calls } = fixture<{ calls: KojiScenario[] }>("koji_responses.json");
    for (const scenario of calls) {
      if (scenario.fault?.faultCode === 1014) continue; // maintenance: see KO-12 below
      const got = await call(scenario.method, ...scenario.params);
      if (scenario.fault) expect(got, scenario.method).toEqual({ fault: scenario.fault });
      else expect(got, `${scenario.method}(${JSON.stringify(scenario.params)})`).toEqual(scenario.result);
    }
  });

  it("KO-03 faults come as <fault> bodies with HTTP 200 and text/xml", async () => {
    const res = await post(serializeMethodCall("listTagged", ["f99"]));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/xml/);
    expect(res.text).toContain("<fault>");
    expect(res.text).toContain("<name>faultCode</name><value><int>1000</int></value>");
  });

  it("KO-04 missing builds are <nil/>, null fields are <nil/>, wide ints are <i8>", async () => {
    const missing = await post(serializeMethodCall("getBuild", ["systemd-999-1.fc41"]));
    expect(missing.text).toContain("<params><param><value><nil/></value></param></params>");
    const found = await post(serializeMethodCall("getBuild", [SYSTEMD]));
    expect(found.text).toContain("<name>epoch</name><value><nil/></value>");
    const big = await post(serializeMethodCall("getBuild", ["bigid-1.0-1.fc41"]));
    expect(big.text).toContain("<name>id</name><value><i8>5000000000</i8></value>");
    // An <i8> parameter is an int to the hub, as to Python's xmlrpc.
    const byI8 = await post(
      "<?xml version='1.0'?><methodCall><methodName>getBuild</methodName><params>" +
        "<param><value><i8>5000000000</i8></value></param></params></methodCall>",
    );
    expect(byI8.text).toContain("<name>nvr</name><value><string>bigid-1.0-1.fc41</string>");
  });

  it("getBuild accepts an id, an NVR or a {name, version, release} struct; strict makes a miss a fault", async () => {
    const byNvr = (await call("getBuild", SYSTEMD)) as Record<string, unknown>;
    expect(await call("getBuild", byNvr.id)).toEqual(byNvr);
    expect(await call("getBuild", { name: "systemd", version: "256.7", release: "1.fc41" })).toEqual(byNvr);
    expect(await call("getBuild", "systemd-999-1.fc41", kw({ strict: true }))).toEqual({
      fault: { faultCode: 1000, faultString: "No such build: systemd-999-1.fc41" },
    });
  });

  it("derives full getBuild structs for dataset builds that only give state and tags (KO-08 times)", async () => {
    const build = (await call("getBuild", "kernel-6.12.0-1.fc41")) as Record<string, unknown>;
    expect(build).toMatchObject({
      name: "kernel",
      package_name: "kernel",
      version: "6.12.0",
      release: "1.fc41",
      nvr: "kernel-6.12.0-1.fc41",
      state: 0,
      epoch: null,
      draft: false,
      volume_name: "DEFAULT",
      extra: { source: { original_url: "git+https://src.fedoraproject.org/rpms/kernel.git#f41" } },
    });
    expect(build.id).toBe(build.build_id);
    expect(build.creation_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(typeof build.completion_ts).toBe("number");
    // Deterministic: a second sandbox derives the same values.
    const again = await startTestSandbox({ dataset: dataset() });
    try {
      const res = await fetch(`${again.url}/koji/kojihub`, {
        method: "POST",
        body: serializeMethodCall("getBuild", ["kernel-6.12.0-1.fc41"]),
      });
      expect(nulls(await new Deserializer().deserializeMethodResponse(await res.text()))).toEqual(build);
    } finally {
      await again.close();
    }
  });

  it("KO-06 a malformed NVR is fault 1000 invalid format", async () => {
    expect(await call("getBuild", "systemd")).toEqual({
      fault: { faultCode: 1000, faultString: "invalid format: systemd" },
    });
    expect(await call("listTags", "systemd-1")).toEqual({
      fault: { faultCode: 1000, faultString: "invalid format: systemd-1" },
    });
  });

  it("KO-01 keyword args travel as a trailing __starstar struct; positional args work too", async () => {
    const byKw = (await call("listTagged", "f41", kw({ package: "kernel", latest: true }))) as unknown[];
    expect(byKw.map((b) => (b as { nvr: string }).nvr)).toEqual([KERNEL]);
    const positional = (await call("listTagged", "f41", null, false, null, true, "kernel")) as unknown[];
    expect(positional).toEqual(byKw);
    const prefix = (await call("listTagged", "f41", kw({ prefix: "KERN" }))) as unknown[];
    expect(prefix).toHaveLength(2);
  });

  it("KO-02 an unknown keyword or a bad argument count is fault 1019", async () => {
    expect(await call("listTagged", "f41", kw({ pkg: "kernel" }))).toEqual({
      fault: {
        faultCode: 1019,
        faultString: "RootExports.listTagged() got an unexpected keyword argument 'pkg'",
      },
    });
    expect(await call("listTagged")).toEqual({
      fault: {
        faultCode: 1019,
        faultString: "RootExports.listTagged() missing 1 required positional argument: 'tag'",
      },
    });
    expect(await call("getBuild", SYSTEMD, false, 3)).toEqual({
      fault: {
        faultCode: 1019,
        faultString: "RootExports.getBuild() takes from 2 to 3 positional arguments but 4 were given",
      },
    });
  });

  it("KO-07 listTagged on an unknown tag faults unless strict=False; release tags without builds exist", async () => {
    expect(await call("listTagged", "f99")).toEqual({
      fault: { faultCode: 1000, faultString: "No such tagInfo: 'f99'" },
    });
    expect(await call("listTagged", "f99", kw({ strict: false }))).toEqual([]);
    // f42 is F42's stable tag in Bodhi: it exists in Koji even with nothing tagged.
    expect(await call("listTagged", "f42")).toEqual([]);
    expect(await call("getTag", "f99")).toBeNull();
    expect(await call("getTag", "f41")).toMatchObject({ id: 60090, name: "f41", extra: {} });
  });

  it("KO-09 listTagged returns only COMPLETE builds, newest-tagged first", async () => {
    const rows = (await call("listTagged", "f41")) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.nvr)).toEqual([KERNEL, "kernel-6.10.9-200.fc41"]);
    expect(rows[0]).toMatchObject({ tag_name: "f41", tag_id: 60090, create_event: 118266001 });
    expect(rows[0]).not.toHaveProperty("completion_ts");
    expect(rows[0]).not.toHaveProperty("extra");
    const withExtra = (await call("listTagged", "f41", kw({ extra: true }))) as Array<
      Record<string, unknown>
    >;
    expect(withExtra[0]).toHaveProperty("extra");
  });

  it("KO-10 multiCall returns [value] per success and a fault struct (with traceback) per failure", async () => {
    const results = (await call("multiCall", [
      { methodName: "getBuild", params: [SYSTEMD] },
      { methodName: "listTags", params: ["not-a-real-build-1-1.fc41"] },
      { methodName: "listTagged", params: ["f41", kw({ pkg: "x" })] },
      { methodName: "getBuild", params: ["systemd-999-1.fc41"] },
    ])) as unknown[];
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual([await call("getBuild", SYSTEMD)]);
    expect(results[1]).toMatchObject({
      faultCode: 1000,
      faultString: "No such build: not-a-real-build-1-1.fc41",
    });
    expect((results[1] as { traceback: string[] }).traceback.at(-1)).toContain("koji.GenericError");
    expect(results[2]).toEqual({
      faultCode: 1019,
      faultString: "RootExports.listTagged() got an unexpected keyword argument 'pkg'",
    });
    expect(results[3]).toEqual([null]);
  });

  it("KO-12 koji.offline makes every call (a multiCall as a whole) fault 1014", async () => {
    const patch = await sb.control("/dataset", {
      method: "POST",
      body: { patch: { koji: { offline: true } } },
    });
    expect(patch.status).toBe(200);
    const maintenance = fixture<{ calls: KojiScenario[] }>("koji_responses.json").calls.find(
      (c) => c.fault?.faultCode === 1014,
    )!;
    expect(await call("getBuild", SYSTEMD)).toEqual({ fault: maintenance.fault });
    expect(await call("multiCall", [{ methodName: "getBuild", params: [SYSTEMD] }])).toEqual({
      fault: maintenance.fault,
    });
  });

  it("KO-14 an unknown method is fault 1000 Invalid method; a malformed body is fault 1", async () => {
    expect(await call("getBuilds", SYSTEMD)).toEqual({
      fault: { faultCode: 1000, faultString: "Invalid method: getBuilds" },
    });
    const garbage = await post("<methodCall><methodName>getBuild");
    expect(garbage.status).toBe(200);
    expect(garbage.text).toContain("<int>1</int>");
    expect((await fetch(`${sb.url}/koji/kojihub`)).status).toBe(405);
  });

  it("counts requests per XML-RPC method, so multicall batching is measurable", async () => {
    await sb.control("/requests", { method: "DELETE" });
    await call("multiCall", [
      { methodName: "listTags", params: [SYSTEMD] },
      { methodName: "listTags", params: [KERNEL] },
    ]);
    await call("getBuild", SYSTEMD);
    await call("getBuild", KERNEL);
    const summary = (await (await sb.control("/requests")).json()) as RequestSummary;
    expect(summary.byEndpoint).toEqual({
      "POST /koji/kojihub multiCall": 1,
      "POST /koji/kojihub getBuild": 2,
    });
  });

  it("a dataset patch moves a build's tags; the new tag is the newest tagging event", async () => {
    const body = {
      patch: { koji: { tag: [{ build: "kernel-6.10.9-200.fc41", add: ["f41-updates-testing"] }] } },
    };
    expect((await sb.control("/dataset", { method: "POST", body })).status).toBe(200);
    const tags = (await call("listTags", "kernel-6.10.9-200.fc41")) as Array<{ name: string }>;
    expect(tags.map((t) => t.name)).toEqual(["f41", "f41-updates-testing"]);

    const retag = { patch: { koji: { tag: [{ build: KERNEL, remove: ["f41"], add: ["f41"] }] } } };
    expect((await sb.control("/dataset", { method: "POST", body: retag })).status).toBe(200);
    const rows = (await call("listTagged", "f41")) as Array<{ nvr: string; create_event: number }>;
    expect(rows[0].nvr).toBe(KERNEL);
    expect(rows[0].create_event).toBeGreaterThan(118266001);

    const move = {
      patch: { koji: { tag: [{ build: SYSTEMD, add: ["f41"], remove: ["f41-updates-candidate"] }] } },
    };
    expect((await sb.control("/dataset", { method: "POST", body: move })).status).toBe(200);
    expect(((await call("listTags", SYSTEMD)) as Array<{ name: string }>).map((t) => t.name)).toEqual([
      "f41-signing-pending",
      "f41",
    ]);
    expect(((await call("listTagged", "f41")) as Array<{ nvr: string }>)[0].nvr).toBe(SYSTEMD);

    const unknown = { patch: { koji: { tag: [{ build: "nope-1-1.fc41", add: ["f41"] }] } } };
    const res = await sb.control("/dataset", { method: "POST", body: unknown });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringContaining("nope-1-1.fc41") });
  });
});
