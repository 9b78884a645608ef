import {
  hexSignatureMatches,
  hmacSha256Hex,
  isFreshTimestamp,
  parseKeyValueHeader,
  singleHeader,
  type WebhookRequest,
} from "../core/index";

export const signatureHeader = "x-mailchimp-signature";

export interface SignatureOptions {
  /** the webhook's `signing_secret` (returned once when it was created with signing on); absent: unsigned */
  secret: string | undefined;
  nowMs: number;
  toleranceSeconds: number;
}

/**
 * Two modes, because Mailchimp's audience webhooks are unsigned by established behaviour and an optional
 * signature is described only by recent, unconfirmed sources:
 * - no `X-Mailchimp-Signature` header at all → true: unsigned mode, where the unguessable per-connection secret
 *   in the URL (`/api/webhooks/mailchimp/:secret`, checked by the gateway) is the protection;
 * - a header → it must verify: exactly one header, exactly one `t` (fresh within the tolerance either way), at
 *   least one `v1` equal to hex HMAC-SHA256(secret, `${t}.${rawBody}`) (any of them, as a secret rolls), and a
 *   secret to check it with. Anything else is false. Never throws.
 */
export function verifyMailchimpSignature(request: WebhookRequest, options: SignatureOptions): boolean {
  try {
    if (!hasHeader(request.headers, signatureHeader)) return true;
    const header = singleHeader(request.headers, signatureHeader);
    if (!header || !options.secret) return false;
    const parts = parseKeyValueHeader(header);
    const timestamps = parts.get("t") ?? [];
    const signatures = parts.get("v1") ?? [];
    const [timestamp] = timestamps;
    if (timestamps.length !== 1 || signatures.length === 0 || !timestamp) return false;
    if (!isFreshTimestamp(timestamp, options.nowMs, options.toleranceSeconds)) return false;
    const payload = Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), request.rawBody]);
    const expected = hmacSha256Hex(options.secret, payload);
    return signatures.some((signature) => hexSignatureMatches(signature, expected));
  } catch {
    return false;
  }
}

/** Whether the header was sent at all (any case, any value, even empty or repeated). */
function hasHeader(headers: WebhookRequest["headers"], name: string): boolean {
  return Object.entries(headers).some(([key, value]) => key.toLowerCase() === name && value !== undefined);
}
