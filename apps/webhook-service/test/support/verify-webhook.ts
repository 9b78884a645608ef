// The verifier docs/webhooks.md shows tenants, copied verbatim: the tests check deliveries with exactly it.
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * True when a POSTD webhook is authentic and fresh: one `v1` signature in `Postd-Signature` matches
 * HMAC-SHA256(secret, "<Postd-Webhook-Id>.<t>.<raw body>") for one of your secrets, and `t` is within
 * `toleranceSeconds` of now. Pass the raw body exactly as received (before any JSON parsing).
 */
export function verifyPostdWebhook(input: {
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
  secrets: string[];
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const header = (name: string) => {
    const value = input.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const id = header("postd-webhook-id");
  const signature = header("postd-signature");
  if (!id || !signature) return false;
  const parts = signature.split(",").map((part) => part.trim().split("="));
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  const candidates = parts
    .filter(([key, value]) => key === "v1" && value)
    .map(([, value]) => value as string);
  if (!Number.isInteger(timestamp) || candidates.length === 0) return false;
  if (header("postd-webhook-timestamp") !== String(timestamp)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  for (const secret of input.secrets) {
    const expected = createHmac("sha256", secret).update(`${id}.${timestamp}.${input.rawBody}`).digest();
    for (const candidate of candidates) {
      const given = Buffer.from(candidate, "hex");
      if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
    }
  }
  return false;
}
