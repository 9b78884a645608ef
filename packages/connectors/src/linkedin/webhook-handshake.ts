import { type HandshakeResponse, hmacSha256Hex, type WebhookRequest } from "../core/index";

/**
 * LinkedIn validates an endpoint with `GET …?challengeCode=<uuid>` (at registration, then every 2 hours) and
 * expects, within 3 s, 200 JSON `{challengeCode, challengeResponse: hex(HMAC-SHA256(clientSecret, challengeCode))}`.
 */
export function answerLinkedInChallenge(
  request: WebhookRequest,
  clientSecret: string,
): HandshakeResponse | null {
  const challengeCode = request.query.challengeCode;
  if (!challengeCode) return null;
  return {
    status: 200,
    contentType: "application/json",
    body: JSON.stringify({ challengeCode, challengeResponse: hmacSha256Hex(clientSecret, challengeCode) }),
  };
}
