import type { AuthenticateInput, AuthenticateResult, ConnectorDeps } from "../core/index";
import type { TikTokConfig } from "./config";
import type { TikTokApi } from "./tiktok-api";
import { TikTokTokenResponse, tokenPath, toTokenSet } from "./token-response";
import { displayNameOf, fetchTikTokUser, mayReadUsername } from "./user-info";

/** Exchanges the code (form-encoded, with the client secret), then reads who consented. */
export async function authenticateTikTok(
  context: { config: TikTokConfig; deps: ConnectorDeps; api: TikTokApi },
  input: AuthenticateInput,
): Promise<AuthenticateResult> {
  const { config, deps, api } = context;
  const response = await api.callOAuth({
    operation: "oauth.exchange_code",
    method: "POST",
    path: tokenPath,
    form: {
      client_key: config.clientId,
      client_secret: config.clientSecret,
      code: input.code,
      grant_type: "authorization_code",
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier ?? undefined,
    },
    schema: TikTokTokenResponse,
    sideEffect: true,
  });
  const tokens = toTokenSet(response, deps.clock.now());
  const user = await fetchTikTokUser(api, {
    accessToken: tokens.accessToken,
    withUsername: mayReadUsername(response.scope),
    operation: "oauth.user_info",
  });
  return {
    tokens,
    externalUserId: response.open_id,
    displayName: displayNameOf(user),
    metadata: {
      openId: response.open_id,
      scope: tokens.scopes.join(","),
      ...(user.username ? { username: user.username } : {}),
    },
  };
}
