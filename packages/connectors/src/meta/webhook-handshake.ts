import { createHash, timingSafeEqual } from "node:crypto";
import type { HandshakeResponse, WebhookRequest } from "../core/index";
import type { MetaConfig } from "./config";

/**
 * Meta's verification request: `hub.mode=subscribe`, our `hub.verify_token`, and `hub.challenge` echoed back
 * exactly as plain text. Anything else carrying hub.* parameters is refused with 403; no hub.* at all is not a
 * handshake (null).
 */
export function handleWebhookHandshake(
  config: MetaConfig,
  request: WebhookRequest,
): HandshakeResponse | null {
  const mode = request.query["hub.mode"];
  const token = request.query["hub.verify_token"];
  const challenge = request.query["hub.challenge"];
  if (mode === undefined && token === undefined && challenge === undefined) return null;
  const valid =
    mode === "subscribe" &&
    typeof token === "string" &&
    sameSecret(token, config.webhookVerifyToken) &&
    typeof challenge === "string" &&
    challenge.length > 0;
  if (!valid) return { status: 403, contentType: "text/plain", body: "Forbidden" };
  return { status: 200, contentType: "text/plain", body: challenge };
}

/** Constant-time, whatever the lengths: both sides are hashed to the same size first. */
function sameSecret(received: string, expected: string): boolean {
  if (!expected) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(received), digest(expected));
}
