import { describe, expect, it } from "vitest";
import { freshSingleFlight } from "./data-version.server";

/** A run whose result the test hands out: `runs[i].resolve(value)`. */
function controlledRuns() {
  const runs: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  const run = () =>
    new Promise<number>((resolve, reject) => {
      runs.push({ resolve, reject });
    });
  return { runs, run };
}

describe("freshSingleFlight", () => {
  it("never answers a call with a run that started before it", async () => {
    const { runs, run } = controlledRuns();
    const read = freshSingleFlight(run);
    const first = read();
    expect(runs).toHaveLength(1);
    // Called while run 0 is in flight: it may have missed a write committed just now.
    const second = read();
    const third = read();
    expect(runs).toHaveLength(1);
    runs[0]!.resolve(1);
    expect(await first).toBe(1);
    // The calls made meanwhile share one new run.
    await Promise.resolve();
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it("starts a new run for a call after the last one settled", async () => {
    const { runs, run } = controlledRuns();
    const read = freshSingleFlight(run);
    const a = read();
    runs[0]!.resolve(1);
    await a;
    const b = read();
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(2);
    expect(await b).toBe(2);
  });

  it("a failed run fails its callers only; the queued callers get the next run", async () => {
    const { runs, run } = controlledRuns();
    const read = freshSingleFlight(run);
    const a = read();
    const b = read();
    runs[0]!.reject(new Error("connection lost"));
    await expect(a).rejects.toThrow("connection lost");
    await new Promise((r) => setTimeout(r, 0));
    runs[1]!.resolve(7);
    expect(await b).toBe(7);
  });
});
