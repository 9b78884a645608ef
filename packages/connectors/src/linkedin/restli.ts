/**
 * Rest.li 2.0 encoding. URNs in paths and query values are percent-encoded, while the structural characters of
 * Rest.li values (`List(`, `(key:value)`, `,`) stay as they are: `shares=List(urn%3Ali%3Ashare%3A1)`. That is
 * why LinkedIn query strings are built here rather than with URLSearchParams (which would encode the brackets).
 */
export interface RestliRaw {
  restli: string;
}

export type RestliQueryValue = string | number | RestliRaw;

export function encodeUrn(urn: string): string {
  return encodeURIComponent(urn);
}

/** `List(a,b)` with each item encoded. */
export function restliList(items: readonly string[]): RestliRaw {
  return { restli: `List(${items.map(encodeURIComponent).join(",")})` };
}

/** `(key:value)` with the value encoded, e.g. `(share:urn%3Ali%3Ashare%3A1)`. */
export function restliRecord(key: string, value: string): RestliRaw {
  return { restli: `(${key}:${encodeURIComponent(value)})` };
}

export function restliQueryString(query: Record<string, RestliQueryValue | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const encoded = typeof value === "object" ? value.restli : encodeURIComponent(String(value));
    parts.push(`${encodeURIComponent(key)}=${encoded}`);
  }
  return parts.join("&");
}
