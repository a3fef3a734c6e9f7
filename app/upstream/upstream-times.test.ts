// The clients' parsers of upstream times: each upstream writes instants its own way, all of them UTC
// whatever the process time zone; a missing or unreadable time is null, never an invalid Date.
import { describe, expect, it } from "vitest";
import { parseBodhiDate } from "./bodhi.server";
import { parsePagureTime } from "./pagure.server";

describe.each([
  {
    parser: "parseBodhiDate",
    parse: parseBodhiDate,
    // BO-01: 'YYYY-MM-DD HH:MM:SS' (or a bare date) without a zone is UTC.
    times: [
      ["2024-09-13 08:02:09", "2024-09-13T08:02:09.000Z"],
      ["2024-09-13", "2024-09-13T00:00:00.000Z"],
    ],
    nulls: [null, "", "yesterday"],
  },
  {
    parser: "parsePagureTime",
    parse: parsePagureTime,
    // PA-03: epoch-second strings, with or without a fraction.
    times: [
      ["1726069500", "2024-09-11T15:45:00.000Z"],
      ["1726150321.482113", "2024-09-12T14:12:01.482Z"],
      ["1726073999.0", "2024-09-11T16:59:59.000Z"],
    ],
    nulls: [null, "", "2024-09-11"],
  },
])("$parser", ({ parse, times, nulls }) => {
  it.each(times)("'%s' is %s (UTC, whatever the process time zone)", (text, iso) => {
    expect(parse(text)?.toISOString()).toBe(iso);
  });

  it.each(nulls)("%j is null (null, empty and unreadable values)", (text) => {
    expect(parse(text)).toBeNull();
  });
});
