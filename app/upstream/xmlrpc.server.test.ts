import { Deserializer, serializeMethodResponse } from "@foxglove/xmlrpc";
import { describe, expect, it } from "vitest";
import { methodCallXml, parseMethodResponse } from "./xmlrpc.server";

describe("methodCallXml", () => {
  it("writes a call another XML-RPC implementation reads back value for value", async () => {
    const params = [
      "systemd-256.7-1.fc41 <&> 'q'",
      "",
      42,
      -(2 ** 31),
      2 ** 40,
      1.5,
      true,
      false,
      new Date("2026-11-10T10:11:12Z"),
      [1, "two", [3]],
      { methodName: "listTags", params: ["bash-5.2.32-1.fc41"], nested: { ok: true } },
    ];
    const [method, read] = await new Deserializer().deserializeMethodCall(methodCallXml("multiCall", params));
    expect(method).toBe("multiCall");
    expect(read).toEqual([
      "systemd-256.7-1.fc41 <&> 'q'",
      "",
      42,
      -(2 ** 31),
      "1099511627776", // <i8> is read as its digits

      1.5,
      true,
      false,
      new Date("2026-11-10T10:11:12Z"),
      [1, "two", [3]],
      { methodName: "listTags", params: ["bash-5.2.32-1.fc41"], nested: { ok: true } },
    ]);
  });

  it("writes null as Koji's <nil/> and integers beyond 32 bits as <i8>", () => {
    const xml = methodCallXml("getBuild", [null, 9118273645]);
    expect(xml).toContain("<value><nil/></value>");
    expect(xml).toContain("<value><i8>9118273645</i8></value>");
  });
});

describe("parseMethodResponse", () => {
  it("reads what another XML-RPC implementation writes", () => {
    const value = {
      name: "f41 & <updates>",
      id: 60090,
      ratio: 0.25,
      locked: false,
      when: new Date("2026-11-10T10:11:12Z"),
      arches: ["x86_64", "aarch64"],
      perm: { id: 1, name: "admin" },
      empty: "",
      list: [],
    };
    expect(parseMethodResponse(serializeMethodResponse(value))).toEqual({ value });
  });

  it("reads untyped values as strings (spaces kept), entities and CDATA as text", () => {
    const xml =
      "<?xml version='1.0'?><methodResponse><params><param><value><array><data>" +
      "<value>  plain text </value><value><string>a &amp; b</string></value>" +
      "<value><string><![CDATA[<raw>]]></string></value><value><string></string></value>" +
      "</data></array></value></param></params></methodResponse>";
    expect(parseMethodResponse(xml)).toEqual({ value: ["  plain text ", "a & b", "<raw>", ""] });
  });

  it("refuses malformed scalars and bodies that are not a methodResponse", () => {
    const wrap = (v: string) =>
      `<methodResponse><params><param><value>${v}</value></param></params></methodResponse>`;
    expect(() => parseMethodResponse(wrap("<int>12x</int>"))).toThrow(/not an integer/);
    expect(() => parseMethodResponse(wrap("<boolean>yes</boolean>"))).toThrow(/not a boolean/);
    expect(() => parseMethodResponse("<methodCall><methodName>x</methodName></methodCall>")).toThrow(
      /not an XML-RPC response/,
    );
    expect(() => parseMethodResponse("<methodResponse><params></params></methodResponse>")).toThrow(
      /without a value/,
    );
    expect(() => parseMethodResponse(wrap("<int>1</int>").slice(0, 40))).toThrow();
  });
});
