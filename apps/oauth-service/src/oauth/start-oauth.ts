import { codeChallengeS256, createCodeVerifier } from "@postd/connectors";
import { newId, type RpcRequest, type RpcResponse, type StartOAuth } from "@postd/contracts";
import { integrationFlagName } from "@postd/flags";
import { AppError, validationFailed } from "@postd/service-kit";
import { sql } from "drizzle-orm";
import { oauthSessions } from "../db/schema";
import { connectorFor } from "./connector-for";
import type { OAuthContext } from "./context";
import { createState, hashState } from "./oauth-state";
import { checkReturnTo } from "./return-to";
import { encryptVerifier } from "./verifier-cipher";

type StartInput = RpcRequest<typeof StartOAuth>;
type StartOutput = RpcResponse<typeof StartOAuth>;

/**
 * Begins an OAuth flow: checks `returnTo` against the allow-list and the tenant's `integration_<platform>` flag,
 * then stores a session keyed by the hash of a fresh 256-bit state (single use, `stateTtlMs` of life, bound to
 * tenant, platform and returnTo) with the PKCE verifier encrypted where the platform takes PKCE, and answers the
 * platform's authorization URL. The state leaves only inside that URL.
 */
export async function startOAuth(ctx: OAuthContext, input: StartInput): Promise<StartOutput> {
  const { tenantId, platform } = input;
  const returnTo = input.returnTo === undefined ? null : allowedReturnTo(ctx, input.returnTo);
  const flag = integrationFlagName(platform);
  if (!ctx.flags.isEnabled(flag, tenantId)) {
    throw new AppError(
      "FORBIDDEN",
      `connecting ${platform} is not enabled for this tenant (feature flag ${flag} is off)`,
    );
  }
  const connector = connectorFor(ctx.connectors, platform);

  const sessionId = newId("oauthSession");
  const state = createState();
  const verifier = connector.capabilities.pkce ? createCodeVerifier() : null;
  const authorizationUrl = connector.buildAuthorizationUrl({
    state,
    codeChallenge: verifier === null ? null : codeChallengeS256(verifier),
    redirectUri: ctx.settings.redirectUriFor(platform),
  });
  const [session] = await ctx.db
    .insert(oauthSessions)
    .values({
      id: sessionId,
      stateHash: hashState(state),
      tenantId,
      platform,
      returnTo,
      codeVerifierCiphertext:
        verifier === null ? null : encryptVerifier(ctx.verifierKey, { sessionId, tenantId }, verifier),
      // the database's clock decides expiry, here and when the state comes back
      expiresAt: sql`now() + make_interval(secs => ${ctx.settings.stateTtlMs / 1000})`,
    })
    .returning({ expiresAt: oauthSessions.expiresAt });
  if (!session) throw new Error("the session insert returned no row");
  ctx.logger.info({ sessionId, tenantId, platform, pkce: verifier !== null }, "oauth session started");
  return { authorizationUrl, expiresAt: session.expiresAt.toISOString() };
}

function allowedReturnTo(ctx: OAuthContext, raw: string): string {
  const check = checkReturnTo(raw, ctx.settings.returnToAllowlist);
  if (!check.ok) throw validationFailed([{ path: "returnTo", message: check.reason }]);
  return check.url;
}
