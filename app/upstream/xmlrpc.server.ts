/**
 * XML-RPC as Koji's hub speaks it (koji.md §1): method calls written as strings, responses read with
 * `sax`'s strict parser into plain values. Koji's marshaller extends the spec with `<nil/>` (None) and
 * `<i8>` (integers beyond ±2^31). A multicall of 500 builds is a 330 KB answer: a DOM-building
 * library took ten times as long and held the whole tree, so only the value rules live here, the XML
 * itself is sax's.
 */
import sax from "sax";

/** An XML-RPC value as read or written: `<i8>` is read as its digit string (KO-04), `<nil/>` as null. */
export type XmlRpcValue =
  string | number | boolean | null | Date | Uint8Array | XmlRpcValue[] | { [member: string]: XmlRpcValue };

/** A `<fault>` answer: `faultCode` and `faultString` of its struct. */
export interface XmlRpcFaultValue {
  faultCode: number;
  faultString: string;
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** `YYYYMMDDTHH:MM:SS` in UTC, the `dateTime.iso8601` form Koji reads and writes. */
const xmlRpcTime = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d{3}Z$/, "")
    .replace(/-/g, "");

function valueXml(value: XmlRpcValue | undefined): string {
  if (value === null || value === undefined) return "<nil/>";
  switch (typeof value) {
    case "string":
      return `<string>${escapeXml(value)}</string>`;
    case "boolean":
      return `<boolean>${value ? 1 : 0}</boolean>`;
    case "number":
      if (!Number.isInteger(value)) return `<double>${value}</double>`;
      return value >= INT32_MIN && value <= INT32_MAX ? `<int>${value}</int>` : `<i8>${value}</i8>`;
  }
  if (value instanceof Date) return `<dateTime.iso8601>${xmlRpcTime(value)}</dateTime.iso8601>`;
  if (value instanceof Uint8Array) return `<base64>${Buffer.from(value).toString("base64")}</base64>`;
  if (Array.isArray(value))
    return `<array><data>${value.map((v) => `<value>${valueXml(v)}</value>`).join("")}</data></array>`;
  const members = Object.entries(value).map(
    ([name, v]) => `<member><name>${escapeXml(name)}</name><value>${valueXml(v)}</value></member>`,
  );
  return `<struct>${members.join("")}</struct>`;
}

/** The body of an XML-RPC call of `method` with `params` (null is written as Koji's `<nil/>`). */
export function methodCallXml(method: string, params: readonly XmlRpcValue[]): string {
  const values = params.map((p) => `<param><value>${valueXml(p)}</value></param>`).join("");
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${values}</params></methodCall>`;
}

/** A value being read: its text, a scalar child's type and text, or the array or struct it holds. */
interface ValueFrame {
  kind: "value";
  text: string;
  scalar?: string;
  scalarText: string;
  result?: XmlRpcValue;
}
type Frame =
  | ValueFrame
  | { kind: "array"; items: XmlRpcValue[] }
  | { kind: "struct"; members: { [member: string]: XmlRpcValue } }
  | { kind: "member"; name: string; value: XmlRpcValue }
  | { kind: "param" | "fault"; value?: XmlRpcValue }
  | { kind: "other"; tag: string };

const SCALARS = new Set([
  "int",
  "i4",
  "i8",
  "string",
  "boolean",
  "double",
  "dateTime.iso8601",
  "base64",
  "nil",
]);

function scalarValue(type: string, text: string): XmlRpcValue {
  switch (type) {
    case "int":
    case "i4": {
      const n = Number(text.trim());
      if (!Number.isInteger(n)) throw new Error(`not an integer: <${type}>${text}</${type}>`);
      return n;
    }
    case "i8":
      if (!/^-?\d+$/.test(text.trim())) throw new Error(`not an integer: <i8>${text}</i8>`);
      return text.trim();
    case "double": {
      const n = Number(text.trim());
      if (Number.isNaN(n)) throw new Error(`not a number: <double>${text}</double>`);
      return n;
    }
    case "boolean":
      if (text.trim() !== "0" && text.trim() !== "1")
        throw new Error(`not a boolean: <boolean>${text}</boolean>`);
      return text.trim() === "1";
    case "dateTime.iso8601": {
      const m = /^(\d{4})-?(\d\d)-?(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(text.trim());
      if (!m) throw new Error(`not a date: ${text}`);
      return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
    }
    case "base64":
      return new Uint8Array(Buffer.from(text.trim(), "base64"));
    case "nil":
      return null;
    default:
      return text;
  }
}

/**
 * Reads an XML-RPC `methodResponse`: its one param's value, or its fault. Untyped `<value>` text is a
 * string; `<nil/>` is null; `<i8>` stays its digit string (beyond a double's exact integers).
 * @throws Error when the body is not a complete, well-formed `methodResponse` (truncated, HTML, …)
 */
export function parseMethodResponse(xml: string): { value: XmlRpcValue } | { fault: XmlRpcFaultValue } {
  const parser = sax.parser(true);
  const stack: Frame[] = [];
  let root: string | undefined;
  let param: { value: XmlRpcValue } | undefined;
  let fault: XmlRpcValue | undefined;
  let nameText: string | undefined;
  const top = () => stack[stack.length - 1];
  const valueFrame = (): ValueFrame => {
    const frame = top();
    if (frame?.kind !== "value") throw new Error("an array or struct outside a <value>");
    return frame;
  };
  parser.onerror = (error) => {
    throw error;
  };
  parser.onopentag = ({ name }) => {
    root ??= name;
    const frame = top();
    if (frame?.kind === "value" && SCALARS.has(name)) {
      frame.scalar = name;
      frame.scalarText = "";
      return;
    }
    switch (name) {
      case "value":
        stack.push({ kind: "value", text: "", scalarText: "" });
        return;
      case "array":
        valueFrame();
        stack.push({ kind: "array", items: [] });
        return;
      case "struct":
        valueFrame();
        stack.push({ kind: "struct", members: {} });
        return;
      case "member":
        stack.push({ kind: "member", name: "", value: null });
        return;
      case "name":
        nameText = "";
        return;
      case "data":
        // An array's values are its own: `<data>` only wraps them.
        return;
      case "param":
      case "fault":
        stack.push({ kind: name });
        return;
      default:
        stack.push({ kind: "other", tag: name });
    }
  };
  const onText = (text: string) => {
    if (nameText !== undefined) nameText += text;
    const frame = top();
    if (frame?.kind !== "value") return;
    if (frame.scalar) frame.scalarText += text;
    else frame.text += text;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onclosetag = (name) => {
    const frame = top();
    if (frame?.kind === "value" && name !== "value") {
      // The end of a scalar child (`<int>…</int>`, `<nil/>`).
      frame.result = scalarValue(frame.scalar!, frame.scalarText);
      return;
    }
    if (name === "data") return;
    if (name === "name") {
      const member = top();
      if (member?.kind === "member") member.name = nameText ?? "";
      nameText = undefined;
      return;
    }
    stack.pop();
    if (!frame) return;
    const parent = top();
    let value: XmlRpcValue;
    switch (frame.kind) {
      case "value":
        value = frame.result !== undefined ? frame.result : frame.text;
        if (parent?.kind === "array") parent.items.push(value);
        else if (parent?.kind === "member" || parent?.kind === "param" || parent?.kind === "fault")
          parent.value = value;
        return;
      case "array":
        valueFrame().result = frame.items;
        return;
      case "struct":
        valueFrame().result = frame.members;
        return;
      case "member":
        if (parent?.kind === "struct") parent.members[frame.name] = frame.value;
        return;
      case "param":
        param ??= { value: frame.value ?? null };
        return;
      case "fault":
        fault = frame.value ?? null;
        return;
    }
  };
  parser.write(xml).close();
  if (root !== "methodResponse") throw new Error(`not an XML-RPC response (root <${root ?? ""}>)`);
  if (fault !== undefined) {
    const f = (fault ?? {}) as { faultCode?: unknown; faultString?: unknown };
    return {
      fault: {
        faultCode: typeof f.faultCode === "number" ? f.faultCode : Number(f.faultCode ?? 0),
        faultString: typeof f.faultString === "string" ? f.faultString : "",
      },
    };
  }
  if (!param) throw new Error("an XML-RPC response without a value or a fault");
  return param;
}
