import { ConnectorError, type TokenSet } from "../core/index";
import type { LinkedInContext } from "./context";
import { parseScopes, requestLinkedInToken } from "./token-request";

/**
 * Programmatic refresh (partner apps only). LinkedIn does not rotate the refresh token, and its lifetime keeps
 * counting down from the first consent: the new answer may repeat the refresh token or leave it out, so an absent
 * one never replaces ours, and its expiry never moves later than the one we hold.
 */
export async function refreshLinkedInToken(context: LinkedInContext, tokens: TokenSet): Promise<TokenSet> {
  if (!tokens.refreshToken) {
    throw new ConnectorError({
      kind: "auth_revoked",
      platform: "linkedin",
      platformCode: "no_refresh_token",
      message:
        "oauth.refresh: this connection has no refresh token (LinkedIn issues them only to apps approved for programmatic refresh); the member must connect again",
    });
  }
  const now = context.deps.clock.now();
  const token = await requestLinkedInToken(context, "oauth.refresh", {
    grant_type: "refresh_token",
    refresh_token: tokens.refreshToken,
  });
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token || tokens.refreshToken,
    expiresAt: new Date(now + token.expires_in * 1000),
    refreshTokenExpiresAt: earliest(
      tokens.refreshTokenExpiresAt,
      token.refresh_token_expires_in ? new Date(now + token.refresh_token_expires_in * 1000) : null,
    ),
    scopes: parseScopes(token.scope, tokens.scopes),
  };
}

function earliest(held: Date | null, answered: Date | null): Date | null {
  if (!held) return answered;
  if (!answered) return held;
  return answered < held ? answered : held;
}
