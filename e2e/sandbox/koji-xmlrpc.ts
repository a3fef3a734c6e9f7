/**
 * XML-RPC (de)serialisation for the sandbox Koji hub, on top of @foxglove/xmlrpc, with the
 * marshalling of Koji's `xmlrpcplus` (koji.md §1): `null` → `<nil/>`, integers outside ±2^31-1 →
 * `<i8>` (KO-04), faults as `<fault>` bodies.
 */
import { createRequire } from "node:module";
import path from "node:path";
import {
  Deserializer,
  serializeFault,
  serializeMethodResponse,
  XmlRpcFault,
  type XmlRpcValue,
} from "@foxglove/xmlrpc";

/** @foxglove/xmlrpc's `CustomType` (writes `<tagName>raw</tagName>`); not re-exported by its index. */
interface CustomTypeInstance {
  raw: string;
  tagName: string;
}
const require = createRequire(import.meta.url);
const { CustomType } = require(
  path.join(path.dirname(require.resolve("@foxglove/xmlrpc")), "CustomType.js"),
) as {
  CustomType: new (raw: string) => CustomTypeInstance;
};

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** A Koji fault: `faultCode` 1000 GenericError, 1014 ServerOffline, 1019 ParameterError, … */
export class KojiFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
    /** Python traceback lines, sent only inside multiCall results (non-Fault hub exceptions). */
    readonly traceback?: string[],
  ) {
    super(faultString);
    this.name = "KojiFault";
  }
}

/** One decoded call: `<i8>` params arrive as numbers and `<nil/>` as null. */
export interface KojiCall {
  methodName: string;
  params: unknown[];
}

/**
 * Decodes an XML-RPC `<methodCall>`.
 * @throws Error when the body is not a well-formed method call.
 */
export async function decodeCall(xml: string): Promise<KojiCall> {
  const deserializer = new Deserializer();
  // The library decodes <i8> to a digit string; Koji's hub (Python) gets an int, so decode it like <int>.
  const handlers = deserializer as unknown as Record<"_endI8" | "_endInt", (data: string) => void>;
  handlers._endI8 = handlers._endInt;
  const [methodName, params] = await deserializer.deserializeMethodCall(xml);
  return { methodName, params: params.map(normalise) };
}

/** Maps the library's `<nil/>` decoding (undefined) to null, recursively. */
function normalise(value: XmlRpcValue): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(normalise);
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
  }
  return value;
}

/** Converts a JSON-like value for the serializer: wide integers become `<i8>`, null stays `<nil/>`. */
function marshal(value: unknown): XmlRpcValue {
  if (value === null || value === undefined) return null as unknown as XmlRpcValue;
  if (typeof value === "number" && Number.isInteger(value) && (value > INT32_MAX || value < INT32_MIN)) {
    const wide = new CustomType(String(value));
    wide.tagName = "i8";
    return wide as unknown as XmlRpcValue;
  }
  if (Array.isArray(value)) return value.map(marshal);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, marshal(inner)]));
  }
  return value as XmlRpcValue;
}

/** A `<methodResponse><params>` body carrying `value`. */
export function encodeResponse(value: unknown): string {
  return serializeMethodResponse(marshal(value));
}

/** A `<methodResponse><fault>` body. */
export function encodeFault(fault: KojiFault): string {
  return serializeFault(new XmlRpcFault(fault.faultString, fault.faultCode));
}
