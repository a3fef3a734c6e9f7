/**
 * When the page cache (app/server/page-cache.ts) renders: a kept page lasts, when the data version does
 * not move, until the first relative time it shows reads differently — then a check in the background
 * renders it again while the kept page is still served — or RECHECK_MS when it shows none; after a
 * write, the requests that read the new version share one check, and a request that read a later
 * version never takes a check of an older one nor waits for it; a check of older data that ends last
 * does not replace the newer page kept. A real Express server and the real data version on the
 * test database; the page's render and the clock are the test's own.
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRelative, relativeTextChangesAt } from "../../app/components/format";
import { openDataVersionReader, type DataVersionReader } from "../../app/db/data-version.server";
import { pageCache, RECHECK_MS } from "../../app/server/page-cache";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const T0 = Date.parse("2026-12-01T12:00:30Z");
const MINUTE = 60_000;
/** The bug page shows a time 5½ minutes before T0 ("5 minutes ago"); the API shows no time. */
const SHOWN = new Date(T0 - 5.5 * MINUTE);

let t: TestDatabase;
let versions: DataVersionReader;
let origin: string;
let close: () => Promise<void>;
const clock = { ms: T0 };
/** Renders so far, and a promise of the next one ending. */
let renders = 0;
let rendered: Promise<void>;
let renderedNow: () => void;
const nextRender = () => (rendered = new Promise((resolve) => (renderedNow = resolve)));
/** While set, renders of /bug/2 wait for it. */
let gate: Promise<void> | undefined;

beforeAll(async () => {
  t = await createTestDatabase();
  versions = openDataVersionReader(t.url);
  const app = express();
  app.use(
    pageCache({
      base: "",
      versions,
      variant: "test",
      maxBytes: 1024 * 1024,
      now: () => clock.ms,
      render: async (request, _res, _known, startedAt) => {
        renders++;
        queueMicrotask(() => renderedNow());
        const path = new URL(request.url).pathname;
        if (path.startsWith("/api/")) return { response: Response.json({ bug: 1 }) };
        if (path === "/bug/3") {
          // The data: the version as this render reads it, before the gate.
          const [row] = await t.db.$queryRaw<{ version: bigint }[]>`SELECT "version" FROM "DataVersion"`;
          await gate;
          return { response: new Response(`<p>${row!.version}</p>`), dataHash: String(row!.version) };
        }
        if (path === "/bug/2") {
          // The data: the version as this render reads it, after the gate.
          await gate;
          const [row] = await t.db.$queryRaw<{ version: bigint }[]>`SELECT "version" FROM "DataVersion"`;
          return { response: new Response(`<p>${row!.version}</p>`), dataHash: String(row!.version) };
        }
        const text = formatRelative(SHOWN, new Date(clock.ms));
        return {
          response: new Response(`<p>${text}</p>`, { headers: { "Content-Type": "text/html" } }),
          dataHash: text,
          timesChangeAt: relativeTextChangesAt(SHOWN, new Date(startedAt)),
        };
      },
    }),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
}, 60_000);
afterAll(async () => {
  await close?.();
  await versions?.close();
  await t?.drop();
});

async function get(path: string) {
  const res = await fetch(origin + path);
  return { text: await res.text(), cache: res.headers.get("x-cache") };
}

describe("a kept page whose data does not change", () => {
  it("is served as is until its relative time reads differently, then rendered again", async () => {
    nextRender();
    expect(await get("/bug/1")).toEqual({ text: "<p>5 minutes ago</p>", cache: "miss" });
    expect(renders).toBe(1);
    // "5 minutes ago" lasts until 6 minutes after the time shown: half a minute after T0.
    clock.ms = T0 + 29_000;
    expect(await get("/bug/1")).toEqual({ text: "<p>5 minutes ago</p>", cache: "hit" });
    expect(renders).toBe(1);
    clock.ms = T0 + 31_000;
    nextRender();
    // Served as kept while a check renders it again in the background…
    expect(await get("/bug/1")).toEqual({ text: "<p>5 minutes ago</p>", cache: "hit" });
    await rendered;
    expect(renders).toBe(2);
    // …after which it reads the new time.
    await expect.poll(async () => (await get("/bug/1")).text).toBe("<p>6 minutes ago</p>");
    expect(renders).toBe(2);
  });

  it("without relative times is not rendered again until RECHECK_MS, unless the data version moves", async () => {
    clock.ms = T0;
    nextRender();
    expect((await get("/api/v1/bugs/1")).cache).toBe("miss");
    const count = renders;
    clock.ms = T0 + RECHECK_MS - 1;
    expect((await get("/api/v1/bugs/1")).cache).toBe("hit");
    expect(renders).toBe(count);
    // A write moves the data version: the very next request checks (same body: revalidated).
    await t.db.release.create({ data: { number: 77 } });
    expect((await get("/api/v1/bugs/1")).cache).toBe("revalidated");
    expect(renders).toBe(count + 1);
    clock.ms += RECHECK_MS;
    nextRender();
    expect((await get("/api/v1/bugs/1")).cache).toBe("hit");
    await rendered;
    expect(renders).toBe(count + 2);
  });
});

describe("after a write", () => {
  const version = async () =>
    Number((await t.db.$queryRaw<{ version: bigint }[]>`SELECT "version" FROM "DataVersion"`)[0]!.version);
  const shown = (text: string) => Number(/<p>(\d+)<\/p>/.exec(text)![1]);

  it("requests of the new version share one check; one of a later version waits for its own", async () => {
    clock.ms = T0;
    await get("/bug/2");
    await t.db.release.create({ data: { number: 78 } });
    const first = await version();
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const before = renders;
    nextRender();
    const early = Array.from({ length: 10 }, () => get("/bug/2"));
    await rendered;
    // Another write while that check renders: a request now must see it.
    await t.db.release.create({ data: { number: 79 } });
    const second = await version();
    expect(second).toBeGreaterThan(first);
    const late = get("/bug/2");
    open();
    gate = undefined;
    const pages = await Promise.all(early);
    expect(pages.map((p) => p.text)).toEqual(Array(10).fill(pages[0]!.text));
    expect(shown(pages[0]!.text)).toBeGreaterThanOrEqual(first);
    expect(shown((await late).text)).toBeGreaterThanOrEqual(second);
    expect(renders - before).toBe(2);
  });

  it("a request of a later version does not wait for a check of older data, which then keeps nothing older", async () => {
    clock.ms = T0;
    await get("/bug/3");
    await t.db.release.create({ data: { number: 80 } });
    const first = await version();
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    nextRender();
    const older = get("/bug/3");
    await rendered;
    // The older check has read its data and waits; a write, and a request that must see it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    gate = undefined;
    await t.db.release.create({ data: { number: 81 } });
    const second = await version();
    const late = await get("/bug/3");
    expect(late.cache).toBe("miss");
    expect(shown(late.text)).toBe(second);
    // The older check ends last: its page (of its own version) goes to its request, and is not kept.
    const before = renders;
    open();
    expect(shown((await older).text)).toBe(first);
    expect(await get("/bug/3")).toEqual({ text: late.text, cache: "hit" });
    expect(renders).toBe(before);
  });
});
