import { PassThrough, type Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withoutNulPadding } from "./nul-padding";

/** The bytes `renderToPipeableStream` streams for `element` through `into`. */
function streamed(element: ReturnType<typeof createElement>, into: () => Writable & NodeJS.ReadableStream) {
  return new Promise<Buffer>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(element, {
      onAllReady() {
        const out = into();
        const chunks: Buffer[] = [];
        out.on("data", (c: Buffer) => chunks.push(c));
        out.on("end", () => resolve(Buffer.concat(chunks)));
        pipe(out);
      },
      onError: reject,
    });
  });
}

/** Short texts with a two-byte "·", shifted by `shift` bytes (a span is 23): some straddle React's 2 KB buffer. */
const page = (shift: number) =>
  createElement(
    "div",
    null,
    createElement("p", null, "a".repeat(shift)),
    ...Array.from({ length: 300 }, (_, i) => createElement("span", { key: i }, "abcdefgh·")),
  );

describe("withoutNulPadding", () => {
  it("takes out the NUL bytes React 18 streams where a character did not fit its buffer, and nothing else", async () => {
    let padded = 0;
    for (let shift = 0; shift < 24; shift++) {
      const raw = await streamed(page(shift), () => new PassThrough());
      if (raw.includes(0)) padded++;
      const clean = await streamed(page(shift), withoutNulPadding);
      expect(clean.includes(0)).toBe(false);
      expect(clean.toString("utf8")).toBe(renderToStaticMarkup(page(shift)));
    }
    // React 18.3 does pad: without the transform some of these pages carry NULs.
    expect(padded).toBeGreaterThan(0);
  });
});
