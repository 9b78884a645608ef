const bearerPattern = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** The credential of `Authorization: Bearer <token>`, or null when the header is missing, repeated or malformed. */
export function readBearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== "string") return null;
  return bearerPattern.exec(header)?.[1] ?? null;
}
