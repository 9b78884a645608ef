import { ConnectorError, type TokenSet } from "../core/index";
import type { GbpContext } from "./context";
import { parseScopes, requestGoogleToken } from "./token-request";

/**
 * `grant_type=refresh_token`. Google does not rotate refresh tokens and its answer carries none: the one we hold
 * stays (an answer that does carry one replaces it; an absent one never clears it). `invalid_grant` →
 * auth_revoked, which is also how a Testing-mode app's 7-day refresh-token expiry looks.
 */
export async function refreshGbpToken(context: GbpContext, tokens: TokenSet): Promise<TokenSet> {
  if (!tokens.refreshToken) {
    throw new ConnectorError({
      kind: "auth_revoked",
      platform: "gbp",
      platformCode: "no_refresh_token",
      message:
        "oauth.refresh: this connection holds no refresh token (Google sends one only on an offline consent); the user must connect again",
    });
  }
  const now = context.deps.clock.now();
  const token = await requestGoogleToken(context, "oauth.refresh", {
    grant_type: "refresh_token",
    refresh_token: tokens.refreshToken,
  });
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token || tokens.refreshToken,
    expiresAt: new Date(now + token.expires_in * 1000),
    refreshTokenExpiresAt: token.refresh_token_expires_in
      ? new Date(now + token.refresh_token_expires_in * 1000)
      : tokens.refreshTokenExpiresAt,
    scopes: parseScopes(token.scope, tokens.scopes),
  };
}
