import { type ConnectorDeps, ConnectorError, type TokenSet } from "../core/index";
import type { TikTokConfig } from "./config";
import type { TikTokApi } from "./tiktok-api";
import { TikTokTokenResponse, tokenPath, toTokenSet } from "./token-response";

/**
 * `grant_type=refresh_token`. TikTok rotates refresh tokens: the answer's refresh token replaces the one sent,
 * which stops working, and presenting a spent one again revokes the grant (`invalid_grant` → auth_revoked). The
 * caller must store the returned set before anything else uses the old one.
 */
export async function refreshTikTokToken(
  context: { config: TikTokConfig; deps: ConnectorDeps; api: TikTokApi },
  tokens: TokenSet,
): Promise<TokenSet> {
  const { config, deps, api } = context;
  if (!tokens.refreshToken) {
    throw new ConnectorError({
      kind: "auth_revoked",
      platform: "tiktok",
      platformCode: "no_refresh_token",
      message: "oauth.refresh: the connection holds no refresh token; the user must reconnect",
    });
  }
  const response = await api.callOAuth({
    operation: "oauth.refresh",
    method: "POST",
    path: tokenPath,
    form: {
      client_key: config.clientId,
      client_secret: config.clientSecret,
      grant_type: "refresh_token",
      refresh_token: tokens.refreshToken,
    },
    schema: TikTokTokenResponse,
    sideEffect: true,
  });
  const refreshed = toTokenSet(response, deps.clock.now());
  return {
    ...refreshed,
    // the answer always carries the rotated token; keeping the old one is only a guard against a bare answer
    refreshToken: refreshed.refreshToken ?? tokens.refreshToken,
    refreshTokenExpiresAt: refreshed.refreshTokenExpiresAt ?? tokens.refreshTokenExpiresAt,
    scopes: refreshed.scopes.length > 0 ? refreshed.scopes : tokens.scopes,
  };
}
