import { describe, expect, it } from "vitest";
import { decodeXmlRpcResponse, parseNvr } from "./koji.server";

/** Raw responses as Koji's Python marshaller writes them (koji.md §2, §3). */
const response = (value: string) =>
  `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>${value}</value>\n</param>\n</params>\n</methodResponse>\n`;
const member = (name: string, value: string) =>
  `<member>\n<name>${name}</name>\n<value>${value}</value>\n</member>\n`;
const struct = (...members: string[]) => `<struct>\n${members.join("")}</struct>`;
const array = (...values: string[]) =>
  `<array><data>\n${values.map((v) => `<value>${v}</value>\n`).join("")}</data></array>`;

describe("decodeXmlRpcResponse", () => {
  it("KO-04: <nil/> decodes to null, <i8> to its digits, nested structs keep their members", async () => {
    const xml = response(
      struct(
        member("id", "<int>2554321</int>"),
        member("nvr", "<string>systemd-256.7-1.fc41</string>"),
        member("epoch", "<nil/>"),
        member("creation_event_id", "<i8>9118273645</i8>"),
        member("completion_ts", "<double>1726390632.402131</double>"),
        member("draft", "<boolean>0</boolean>"),
        member(
          "extra",
          struct(member("source", struct(member("original_url", "<string>git+https://x#f41</string>")))),
        ),
      ),
    );
    expect(await decodeXmlRpcResponse(xml)).toEqual({
      value: {
        id: 2554321,
        nvr: "systemd-256.7-1.fc41",
        epoch: null,
        creation_event_id: "9118273645",
        completion_ts: 1726390632.402131,
        draft: false,
        extra: { source: { original_url: "git+https://x#f41" } },
      },
    });
  });

  it("a whole <nil/> result (getBuild of an unknown build) is null", async () => {
    expect(await decodeXmlRpcResponse(response("<nil/>"))).toEqual({ value: null });
  });

  it("KO-03: a fault body (sent with HTTP 200) decodes to the fault", async () => {
    const xml = `<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value>${struct(
      member("faultCode", "<int>1000</int>"),
      member("faultString", "<string>No such tagInfo: 'f99'</string>"),
    )}</value>\n</fault>\n</methodResponse>\n`;
    expect(await decodeXmlRpcResponse(xml)).toEqual({
      fault: { faultCode: 1000, faultString: "No such tagInfo: 'f99'" },
    });
  });

  it("KO-10: a multicall result mixes [value] entries and fault structs with a traceback", async () => {
    const xml = response(
      array(
        array(
          array(
            struct(
              member("id", "<int>60090</int>"),
              member("name", "<string>f41</string>"),
              member("arches", "<nil/>"),
            ),
          ),
        ),
        struct(
          member("faultCode", "<int>1000</int>"),
          member("faultString", "<string>No such build: not-a-real-build-1-1.fc41</string>"),
          member("traceback", array("<string>Traceback (most recent call last):\n</string>")),
        ),
      ),
    );
    expect(await decodeXmlRpcResponse(xml)).toEqual({
      value: [
        [[{ id: 60090, name: "f41", arches: null }]],
        {
          faultCode: 1000,
          faultString: "No such build: not-a-real-build-1-1.fc41",
          traceback: ["Traceback (most recent call last):\n"],
        },
      ],
    });
  });

  it("a truncated or HTML body is an error, not a value", async () => {
    await expect(
      decodeXmlRpcResponse(response(struct(member("id", "<int>1</int>"))).slice(0, 60)),
    ).rejects.toThrow();
    await expect(decodeXmlRpcResponse("<html><body>502 Bad Gateway</body></html>")).rejects.toThrow();
  });
});

describe("parseNvr", () => {
  it("splits at the last two dashes; names may contain dashes", () => {
    expect(parseNvr("systemd-256.7-1.fc41")).toEqual({
      name: "systemd",
      version: "256.7",
      release: "1.fc41",
    });
    expect(parseNvr("python-blivet-3.10.0-2.fc41")).toEqual({
      name: "python-blivet",
      version: "3.10.0",
      release: "2.fc41",
    });
  });

  it("KO-11: keeps a draft build's ,draft<id> suffix in the release", () => {
    expect(parseNvr("bash-5.2.32-1.fc41,draft2554999")).toEqual({
      name: "bash",
      version: "5.2.32",
      release: "1.fc41,draft2554999",
    });
  });

  it("KO-06: refuses strings that are not N-V-R shaped", () => {
    for (const bad of ["systemd", "systemd-256.7", "", "a b-1-1", "-1-1"])
      expect(parseNvr(bad), bad).toBeNull();
  });
});
