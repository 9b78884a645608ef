import type { FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import type { TokenRecord } from "../../state/token-store";
import { googleErrors, sendGoogleError } from "./google-errors";

const businessScopes = [
  "https://www.googleapis.com/auth/business.manage",
  "https://www.googleapis.com/auth/plus.business.manage",
];
const requestsPerMinute = 300;

/**
 * What every Business Profile API call passes, in Google's order: the bearer token (401 UNAUTHENTICATED; the
 * reason says ACCESS_TOKEN_EXPIRED or CREDENTIALS_MISSING where Google does), the business.manage scope (403
 * ACCESS_TOKEN_SCOPE_INSUFFICIENT), then the API's 300 requests a minute per project (429 RESOURCE_EXHAUSTED,
 * no Retry-After). Replies and returns null on failure.
 */
export function guardApi(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  service: string,
): TokenRecord | null {
  const header = request.headers.authorization;
  const token = typeof header === "string" && /^Bearer /i.test(header) ? header.slice(7).trim() : "";
  const challenge = {
    "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
  };
  if (!token) {
    sendGoogleError(reply, googleErrors.unauthenticated(service, "CREDENTIALS_MISSING"), challenge);
    return null;
  }
  const check = state.tokens.checkAccess(token);
  if (!check.ok || check.record.platform !== "gbp") {
    const reason = !check.ok && check.reason === "expired" ? "ACCESS_TOKEN_EXPIRED" : null;
    sendGoogleError(reply, googleErrors.unauthenticated(service, reason), challenge);
    return null;
  }
  if (!check.record.scopes.some((scope) => businessScopes.includes(scope))) {
    sendGoogleError(reply, googleErrors.insufficientScopes(service));
    return null;
  }
  if (state.settings.rateLimits) {
    const hit = state.windows.hit(`gbp:qpm:${service}`, requestsPerMinute, 60_000);
    if (!hit.allowed) {
      sendGoogleError(reply, googleErrors.requestsPerMinute(service));
      return null;
    }
  }
  return check.record;
}
