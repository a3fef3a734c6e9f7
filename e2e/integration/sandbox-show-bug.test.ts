/**
 * The app links every bug to `<BUGZILLA_URL>/show_bug.cgi?id=N`; against the sandbox (the demo) that link
 * must open a page about the bug, not "Not Found".
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";

const DEMO = path.resolve(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

const page = async (query: string) => {
  const response = await fetch(`${sandbox.baseUrls.bugzilla}/show_bug.cgi${query}`);
  return { status: response.status, type: response.headers.get("content-type"), html: await response.text() };
};

describe("sandbox Bugzilla show_bug.cgi", () => {
  it("shows a bug by id or alias as a small HTML page", async () => {
    const bug = await page("?id=2410130");
    expect(bug.status).toBe(200);
    expect(bug.type).toMatch(/text\/html/);
    expect(bug.html).toContain("Bug 2410130");
    expect(bug.html).toContain("Cloud image fails with a traceback during enabling the third-party repos");
    expect(bug.html).toContain("CLOSED RAWHIDE");
    expect(bug.html).toContain("grub2");
    const tracker = await page("?id=F46BetaBlocker");
    expect(tracker.status).toBe(200);
    expect(tracker.html).toContain("Bug 2390101");
  });

  it("says why when the bug is missing or private", async () => {
    const missing = await page("?id=999999");
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("Bug #999999 does not exist.");
    const hidden = await page("?id=2411860");
    expect(hidden.status).toBe(401);
    expect(hidden.html).toContain("You are not authorized to access bug #2411860.");
    expect((await page("")).status).toBe(400);
  });
});
