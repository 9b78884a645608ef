import { hexSignatureMatches, hmacSha256Hex, singleHeader, type WebhookRequest } from "../core/index";
import type { MetaConfig } from "./config";

const prefix = "sha256=";

/**
 * `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body keyed with the app secret. Meta's scheme
 * has no timestamp, so replays are left to deduplication by event id. Never throws: a missing, repeated,
 * unprefixed, non-hex or wrong-length header is simply false.
 */
export async function validateWebhookSignature(
  config: MetaConfig,
  request: WebhookRequest,
  options?: { secret?: string; now?: number },
): Promise<boolean> {
  try {
    const header = singleHeader(request.headers, "x-hub-signature-256");
    if (!header?.startsWith(prefix)) return false;
    const secret = options?.secret ?? config.clientSecret;
    if (!secret || !Buffer.isBuffer(request.rawBody)) return false;
    return hexSignatureMatches(header.slice(prefix.length), hmacSha256Hex(secret, request.rawBody));
  } catch {
    return false;
  }
}
