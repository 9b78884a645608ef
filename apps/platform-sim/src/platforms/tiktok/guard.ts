import type { FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import type { TokenRecord } from "../../state/token-store";
import { sendError } from "./envelope";

/** Per-token sliding windows (content posting docs, rate-limit page); creator_info's 20/min is unconfirmed. */
export const rateLimits = {
  init: 6,
  status: 30,
  creatorInfo: 20,
  display: 600,
} as const;

export type Guarded = { ok: true; token: TokenRecord } | { ok: false; reply: FastifyReply };

/**
 * The checks every Open API call makes, in TikTok's order: a valid bearer token (401 `access_token_invalid`
 * whether unknown, expired or revoked), the scope (401 `scope_not_authorized`), then the per-token window
 * (429 `rate_limit_exceeded`, without Retry-After: TikTok documents none).
 */
export function guard(
  state: SimState,
  request: FastifyRequest,
  reply: FastifyReply,
  rule: { scopes: readonly string[]; limit?: { name: string; perMinute: number } },
): Guarded {
  const now = state.now();
  const header = request.headers.authorization;
  const bearer =
    typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
  const check = state.tokens.checkAccess(bearer);
  if (!check.ok || check.record.platform !== "tiktok") {
    return {
      ok: false,
      reply: sendError(reply, now, {
        status: 401,
        code: "access_token_invalid",
        message: "The access token is invalid or not found in the request.",
      }),
    };
  }
  const missing = rule.scopes.filter((scope) => !check.record.scopes.includes(scope));
  if (missing.length > 0) {
    return {
      ok: false,
      reply: sendError(reply, now, {
        status: 401,
        code: "scope_not_authorized",
        message: `The user did not authorize the scope required for completing this request: ${missing.join(",")}`,
      }),
    };
  }
  if (rule.limit && state.settings.rateLimits) {
    const hit = state.windows.hit(
      `tiktok:${rule.limit.name}:${check.record.token}`,
      rule.limit.perMinute,
      60_000,
    );
    if (!hit.allowed) {
      return {
        ok: false,
        reply: sendError(reply, now, {
          status: 429,
          code: "rate_limit_exceeded",
          message: "The API rate limit was exceeded. Please try again later.",
        }),
      };
    }
  }
  return { ok: true, token: check.record };
}
