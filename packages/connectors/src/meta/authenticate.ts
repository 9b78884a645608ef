import type { AuthenticateInput, AuthenticateResult } from "../core/index";
import type { MetaContext } from "./context";
import { declinedError, missingPublishingPermissions, readPermissions } from "./permissions";
import { Me, TokenResponse } from "./schemas";
import { exchangeForLongLived, tokenSetOf } from "./token-set";

/**
 * Code → short-lived user token → long-lived user token → who the user is and what they granted. A declined
 * publishing permission fails the connection (`permission_denied`, naming what is missing) rather than
 * producing a connection that cannot publish.
 */
export async function authenticate(ctx: MetaContext, input: AuthenticateInput): Promise<AuthenticateResult> {
  const { config } = ctx;
  const short = await ctx.graph.call({
    operation: "oauth.exchange_code",
    method: "GET",
    path: "/oauth/access_token",
    query: {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uri: input.redirectUri,
      code: input.code,
    },
    schema: TokenResponse,
  });
  const long = await exchangeForLongLived(ctx, short.access_token, "oauth.long_lived_exchange");
  const me = await ctx.graph.call({
    operation: "oauth.read_user",
    method: "GET",
    path: "/me",
    token: long.access_token,
    query: { fields: "id,name" },
    schema: Me,
  });
  const permissions = await readPermissions(ctx, long.access_token, "oauth.read_permissions");
  const missing = missingPublishingPermissions(ctx, permissions);
  if (missing.length > 0) throw declinedError(missing);
  return {
    tokens: tokenSetOf(long, permissions.granted, ctx.deps.clock.now()),
    externalUserId: me.id,
    displayName: me.name ?? me.id,
    metadata: { userId: me.id },
  };
}
