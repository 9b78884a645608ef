/**
 * The raw query string as sent, because Rest.li 2.0 values must keep their structure characters unencoded
 * (`List(…)`, `(share:…)`) while the URNs inside are encoded: Fastify's decoded `request.query` loses that.
 */
export function rawQuery(url: string): Map<string, string> {
  const result = new Map<string, string>();
  const index = url.indexOf("?");
  if (index < 0) return result;
  for (const pair of url.slice(index + 1).split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    result.set(key, eq < 0 ? "" : pair.slice(eq + 1));
  }
  return result;
}

/** A plain value that must be URL-encoded (a URN): raw `:` means it was sent unencoded. */
export function encodedUrnValue(raw: string | undefined): string | null {
  if (raw === undefined || raw.includes(":")) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** `List(a,b)` → decoded items; null when malformed (e.g. the brackets themselves were encoded). */
export function parseRestliList(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const match = /^List\((.*)\)$/.exec(raw);
  if (!match) return null;
  const items = (match[1] ?? "").split(",").filter((item) => item !== "");
  const decoded = items.map((item) => encodedUrnValue(item));
  return decoded.every((item): item is string => item !== null) ? decoded : null;
}

/** `(key:value)` → {key, value}; null when malformed. */
export function parseRestliRecord(raw: string | undefined): { key: string; value: string } | null {
  if (raw === undefined) return null;
  const match = /^\(([A-Za-z]+):([^()]+)\)$/.exec(raw);
  const key = match?.[1];
  const value = encodedUrnValue(match?.[2]);
  return key && value ? { key, value } : null;
}

/** The last path segment as sent, which must be an encoded URN. */
export function encodedPathUrn(url: string): string | null {
  const path = url.split("?")[0] ?? "";
  return encodedUrnValue(path.slice(path.lastIndexOf("/") + 1));
}
