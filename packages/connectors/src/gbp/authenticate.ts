import { type AuthenticateInput, type AuthenticateResult, ConnectorError } from "../core/index";
import { requestedScopes } from "./authorization-url";
import { businessScopes } from "./config";
import type { GbpContext } from "./context";
import { requestGoogleToken, tokenSetFrom } from "./token-request";
import { displayNameOf, fetchUserInfo } from "./userinfo";

/**
 * Exchanges the code with the PKCE verifier, checks that `business.manage` survived Google's granular consent
 * (the user may untick it), and identifies the user by OIDC `sub`, which stays the same across reconnects.
 */
export async function authenticateGbp(
  context: GbpContext,
  input: AuthenticateInput,
): Promise<AuthenticateResult> {
  const now = context.deps.clock.now();
  const token = await requestGoogleToken(context, "oauth.exchange_code", {
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
    code_verifier: input.codeVerifier ?? undefined,
  });
  const tokens = tokenSetFrom(token, now, requestedScopes(context.config));
  if (!tokens.scopes.some((scope) => businessScopes.includes(scope))) {
    throw new ConnectorError({
      kind: "permission_denied",
      platform: "gbp",
      platformCode: "business_scope_not_granted",
      message:
        "oauth.exchange_code: the user did not grant https://www.googleapis.com/auth/business.manage (it was unticked on Google's consent screen); connect again and allow managing the Business Profile",
    });
  }
  const info = await fetchUserInfo(context, tokens.accessToken, "oauth.userinfo");
  return {
    tokens,
    externalUserId: info.sub,
    displayName: displayNameOf(info),
    metadata: { sub: info.sub, ...(info.email ? { email: info.email } : {}) },
  };
}
