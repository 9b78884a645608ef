import { createHmac, randomBytes } from "node:crypto";

/** The headers every delivery carries (api.md "Webhooks out to the tenant": fixed names and format). */
export const webhookHeaders = {
  id: "Postd-Webhook-Id",
  timestamp: "Postd-Webhook-Timestamp",
  signature: "Postd-Signature",
} as const;

export const webhookUserAgent = "postd-webhooks/1";

/** `whsec_` + 32 random bytes in base64url: the HMAC key is this whole string as UTF-8. */
export function createSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** Lower-case hex HMAC-SHA256 over `<id>.<timestamp>.<body>` with the secret's UTF-8 bytes as the key. */
export function signatureOf(input: { secret: string; id: string; timestamp: number; body: string }): string {
  return createHmac("sha256", input.secret)
    .update(`${input.id}.${input.timestamp}.${input.body}`, "utf8")
    .digest("hex");
}

/**
 * The headers of one attempt: `Postd-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`, one `v1` per secret that
 * signs now (the current one first, then a rotated-out one during its overlap).
 */
export function deliveryHeaders(input: {
  id: string;
  timestamp: number;
  body: string;
  secrets: readonly string[];
}): Record<string, string> {
  const signatures = input.secrets.map(
    (secret) => `v1=${signatureOf({ secret, id: input.id, timestamp: input.timestamp, body: input.body })}`,
  );
  return {
    "Content-Type": "application/json",
    "User-Agent": webhookUserAgent,
    [webhookHeaders.id]: input.id,
    [webhookHeaders.timestamp]: String(input.timestamp),
    [webhookHeaders.signature]: [`t=${input.timestamp}`, ...signatures].join(","),
  };
}
