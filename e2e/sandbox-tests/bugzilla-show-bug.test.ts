/**
 * The app links every bug to `<BUGZILLA_URL>/show_bug.cgi?id=N`; against the sandbox (the demo) that link
 * opens a small page about the bug, not "Not Found".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, startTestSandbox, type TestSandbox } from "./helpers.js";

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const page = async (query: string) => {
  const response = await fetch(`${sandbox.url}/bugzilla/show_bug.cgi${query}`);
  return { status: response.status, type: response.headers.get("content-type"), html: await response.text() };
};

describe("Bugzilla show_bug.cgi", () => {
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
    expect(tracker.html).toContain(`Bug ${DEMO.f46BetaBlocker}`);
  });

  it("says why when the bug is missing or private", async () => {
    const missing = await page("?id=999999");
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("Bug #999999 does not exist.");
    const hidden = await page(`?id=${DEMO.privateBug}`);
    expect(hidden.status).toBe(401);
    expect(hidden.html).toContain(`You are not authorized to access bug #${DEMO.privateBug}.`);
    expect((await page("")).status).toBe(400);
  });
});
