import { createHmac, timingSafeEqual } from "node:crypto";

export function hmacSha256Hex(secret: string | Buffer, payload: string | Buffer): string {
  return createHmac("sha256", secret).update(payload).digest("hex");
}

const hexPattern = /^[0-9a-fA-F]+$/;

/**
 * Compares a received hex signature with the expected one in constant time. Never throws: a wrong length,
 * non-hex characters or an empty value are simply false.
 */
export function hexSignatureMatches(received: string | undefined | null, expectedHex: string): boolean {
  if (typeof received !== "string" || received.length !== expectedHex.length || !hexPattern.test(received)) {
    return false;
  }
  return timingSafeEqual(
    Buffer.from(received.toLowerCase(), "hex"),
    Buffer.from(expectedHex.toLowerCase(), "hex"),
  );
}

/** One header value; a header sent twice (an array) is refused rather than guessed at. */
export function singleHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    if (typeof value === "string") return value;
    return null;
  }
  return null;
}

/** Parses `t=123,v1=abc,v1=def` style headers into a multimap; malformed parts are dropped. */
export function parseKeyValueHeader(value: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const part of value.split(",")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const key = part.slice(0, index).trim();
    const item = part.slice(index + 1).trim();
    result.set(key, [...(result.get(key) ?? []), item]);
  }
  return result;
}

/** True when a unix-seconds timestamp is within `toleranceSeconds` of now, either way. */
export function isFreshTimestamp(
  timestampSeconds: string | undefined,
  nowMs: number,
  toleranceSeconds: number,
) {
  if (!timestampSeconds || !/^\d{1,12}$/.test(timestampSeconds)) return false;
  return Math.abs(nowMs / 1000 - Number(timestampSeconds)) <= toleranceSeconds;
}
