/**
 * The captured upstream responses of /work/shared/design/upstream-apis/fixtures (copied into
 * e2e/fixtures/upstream), and datasets built from them so the sandbox can be asked the captured requests and
 * its answers compared with the captured bodies.
 */
import fs from "node:fs";
import type { SandboxDatasetInput } from "../sandbox/dataset.js";

/** Reads `e2e/fixtures/upstream/<name>` and drops its `_fixture` notes. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  const text = fs.readFileSync(new URL(`../fixtures/upstream/${name}`, import.meta.url), "utf8");
  const { _fixture: _notes, ...body } = JSON.parse(text) as Record<string, unknown>;
  return body as T;
}

type Json = Record<string, unknown>;

/** The Bodhi section: the four captured releases and the four captured updates. */
export function bodhiFixtureData(): NonNullable<SandboxDatasetInput["bodhi"]> {
  const updates = [
    ...fixture<{ updates: Json[] }>("bodhi_updates_by_bugs_page1.json").updates,
    ...fixture<{ updates: Json[] }>("bodhi_updates_by_bugs_page2.json").updates,
  ];
  return {
    releases: fixture<{ releases: Json[] }>("bodhi_releases.json").releases as never,
    updates: updates as never,
  };
}

/** One scenario of koji_responses.json. */
export interface KojiScenario {
  method: string;
  params: unknown[];
  result?: unknown;
  fault?: { faultCode: number; faultString: string };
}

/**
 * The Koji section behind koji_responses.json: systemd (full getBuild fields, two candidate tags)
 * and kernel (tagged f41 at the captured event), with the captured tag ids.
 */
export function kojiFixtureData(): NonNullable<SandboxDatasetInput["koji"]> {
  const calls = fixture<{ calls: KojiScenario[] }>("koji_responses.json").calls;
  const systemd = calls.find((c) => c.method === "getBuild" && c.result)?.result as Json;
  const kernelRow = (calls.find((c) => c.method === "listTagged" && c.result)?.result as Json[])[0];
  const { tag_id: _tagId, tag_name: _tagName, create_event: createEvent, ...kernel } = kernelRow;
  return {
    builds: {
      [String(systemd.nvr)]: { ...systemd, state: 1, tags: ["f41-updates-candidate", "f41-signing-pending"] },
      [String(kernel.nvr)]: {
        ...kernel,
        state: 1,
        tags: ["f41"],
        tag_events: { f41: createEvent as number },
      },
    },
    tags: {
      "f41-updates-candidate": { id: 60101 },
      "f41-signing-pending": { id: 60117 },
      f41: { id: 60090, arches: "aarch64 ppc64le s390x x86_64" },
    },
  };
}
