/** Google page tokens are opaque; the sim's carry the offset and what they page, so a foreign token is refused. */
export function pageToken(kind: string, offset: number): string {
  return Buffer.from(JSON.stringify({ kind, offset }), "utf8").toString("base64url");
}

/** The offset a token stands for: 0 without one, null when it is not a token of this listing. */
export function offsetOf(kind: string, token: string | undefined): number | null {
  if (token === undefined || token === "") return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      kind?: unknown;
      offset?: unknown;
    };
    return parsed.kind === kind && typeof parsed.offset === "number" && parsed.offset >= 0
      ? parsed.offset
      : null;
  } catch {
    return null;
  }
}

/** `pageSize` as Google reads it: absent or 0 → the default, above the maximum → the maximum. */
export function pageSizeOf(
  value: string | undefined,
  sizes: { default: number; max: number },
): number | null {
  if (value === undefined || value === "") return sizes.default;
  if (!/^\d+$/.test(value)) return null;
  const size = Number(value);
  return size === 0 ? sizes.default : Math.min(size, sizes.max);
}

export function page<T>(items: T[], kind: string, offset: number, size: number) {
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? pageToken(kind, offset + size) : undefined;
  return { slice, next };
}
