import type { AuthenticateInput, AuthenticateResult } from "../core/index";
import type { LinkedInContext } from "./context";
import { requestLinkedInToken, tokenSetFrom } from "./token-request";
import { displayNameOf, fetchUserInfo, memberUrn } from "./userinfo";

/** Exchanges the code (client secret, no PKCE) and identifies the member through userinfo. */
export async function authenticateLinkedIn(
  context: LinkedInContext,
  input: AuthenticateInput,
): Promise<AuthenticateResult> {
  const now = context.deps.clock.now();
  const token = await requestLinkedInToken(context, "oauth.exchange_code", {
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
  });
  const tokens = tokenSetFrom(token, now, context.config.scopes);
  const info = await fetchUserInfo(context, tokens.accessToken, "oauth.userinfo");
  return {
    tokens,
    externalUserId: info.sub,
    displayName: displayNameOf(info),
    metadata: { memberUrn: memberUrn(info.sub) },
  };
}
