import { hexSignatureMatches, hmacSha256Hex, singleHeader, type WebhookRequest } from "../core/index";

const prefix = "hmacsha256=";

/**
 * `X-LI-Signature` is documented as "the HMAC-SHA256 of the JSON body prefixed by `hmacsha256=`", which reads two
 * ways, and no live delivery has settled which LinkedIn means. Both are accepted:
 * - the header is `hmacsha256=<hex of HMAC(clientSecret, rawBody)>`;
 * - the header is bare `<hex of HMAC(clientSecret, "hmacsha256=" + rawBody)>`.
 * Raw bytes only, constant-time comparison, one header exactly; there is no timestamp in this scheme (the
 * gateway deduplicates on `notificationId`). Never throws.
 */
export function verifyLinkedInSignature(request: WebhookRequest, secret: string): boolean {
  try {
    const header = singleHeader(request.headers, "x-li-signature");
    if (!header || !secret) return false;
    if (header.startsWith(prefix)) {
      return hexSignatureMatches(header.slice(prefix.length), hmacSha256Hex(secret, request.rawBody));
    }
    const prefixed = Buffer.concat([Buffer.from(prefix, "utf8"), request.rawBody]);
    return hexSignatureMatches(header, hmacSha256Hex(secret, prefixed));
  } catch {
    return false;
  }
}
