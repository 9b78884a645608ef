import { z } from "zod";
import type { TokenSet } from "../core/index";

/** What `/v2/oauth/token/` answers on success (both grants). */
export const TikTokTokenResponse = z.object({
  open_id: z.string().min(1),
  scope: z.string().default(""),
  access_token: z.string().min(1),
  expires_in: z.number(),
  refresh_token: z.string().min(1).optional(),
  refresh_expires_in: z.number().optional(),
  token_type: z.string().optional(),
});
export type TikTokTokenResponse = z.infer<typeof TikTokTokenResponse>;

export const tokenPath = "/v2/oauth/token/";

/** Lifetimes come from the answer (2 h / 180 d today, 24 h / 365 d in older docs), never from constants. */
export function toTokenSet(response: TikTokTokenResponse, now: number): TokenSet {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? null,
    expiresAt: new Date(now + response.expires_in * 1000),
    refreshTokenExpiresAt:
      response.refresh_expires_in === undefined ? null : new Date(now + response.refresh_expires_in * 1000),
    scopes: parseScopes(response.scope),
  };
}

export function parseScopes(scope: string): string[] {
  return scope
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
