import {
  hexSignatureMatches,
  hmacSha256Hex,
  isFreshTimestamp,
  parseKeyValueHeader,
  singleHeader,
  type WebhookRequest,
} from "../core/index";

export const signatureHeader = "tiktok-signature";

/**
 * `TikTok-Signature: t=<unix seconds>,s=<hex>`: HMAC-SHA256 of `t + "." + rawBody` keyed with the client
 * secret, compared in constant time, `t` within the tolerance either way. Exactly one header with exactly one
 * `t` and one `s`; anything else is false. Never throws.
 */
export function verifyTikTokSignature(
  request: WebhookRequest,
  options: { secret: string; nowMs: number; toleranceSeconds: number },
): boolean {
  try {
    const header = singleHeader(request.headers, signatureHeader);
    if (!header) return false;
    const parts = parseKeyValueHeader(header);
    const timestamps = parts.get("t") ?? [];
    const signatures = parts.get("s") ?? [];
    if (timestamps.length !== 1 || signatures.length !== 1) return false;
    const [timestamp] = timestamps;
    const [signature] = signatures;
    if (!timestamp || !isFreshTimestamp(timestamp, options.nowMs, options.toleranceSeconds)) return false;
    const payload = Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), request.rawBody]);
    return hexSignatureMatches(signature, hmacSha256Hex(options.secret, payload));
  } catch {
    return false;
  }
}
