import type { Platform, RpcRequest, StoreConnection } from "@postd/contracts";
import {
  ConnectorEnv,
  type ConnectorRegistry,
  codeChallengeS256,
  connectorsConfigFromEnv,
  createCodeVerifier,
  createConnectorRegistry,
} from "../index";

export type StoreRequest = RpcRequest<typeof StoreConnection>;

const publicBaseUrl = "http://127.0.0.1:3000";

/** Connectors pointed at the test's platform-sim with its default app credentials, as oauth-service builds them. */
export function simConnectors(sim: { url: string }): ConnectorRegistry {
  return createConnectorRegistry({
    config: connectorsConfigFromEnv(
      ConnectorEnv.parse({ PLATFORM_SIM_URL: sim.url, PUBLIC_BASE_URL: publicBaseUrl }),
    ),
  });
}

/**
 * Runs a platform's real OAuth against the sim the way oauth-service does — authorization URL (with PKCE where the
 * platform takes it), the consent page with `auto=approve`, the code from the redirect, `authenticate`,
 * `fetchAccounts` — and returns the `svc.token.store` request it would send.
 */
export async function connectViaSim(
  connectors: ConnectorRegistry,
  input: { tenantId: string; platform: Platform; user?: string },
): Promise<StoreRequest> {
  const connector = connectors.get(input.platform);
  const verifier = connector.capabilities.pkce ? createCodeVerifier() : null;
  const url = new URL(
    connector.buildAuthorizationUrl({
      state: `state-${Math.random().toString(36).slice(2)}`,
      codeChallenge: verifier ? codeChallengeS256(verifier) : null,
    }),
  );
  url.searchParams.set("auto", "approve");
  if (input.user) url.searchParams.set("user", input.user);
  const consent = await fetch(url, { redirect: "manual" });
  const location = new URL(consent.headers.get("location") ?? "http://invalid/");
  const code = location.searchParams.get("code");
  if (consent.status !== 302 || !code)
    throw new Error(`${input.platform} consent answered ${consent.status}`);
  const grant = await connector.authenticate({
    code,
    codeVerifier: verifier,
    redirectUri: `${publicBaseUrl}/api/oauth/${input.platform}/callback`,
  });
  const accounts = await connector.fetchAccounts({
    accessToken: grant.tokens.accessToken,
    connection: grant.metadata,
  });
  return {
    tenantId: input.tenantId,
    platform: input.platform,
    externalUserId: grant.externalUserId,
    displayName: grant.displayName,
    tokens: {
      accessToken: grant.tokens.accessToken,
      refreshToken: grant.tokens.refreshToken,
      expiresAt: grant.tokens.expiresAt?.toISOString() ?? null,
      refreshTokenExpiresAt: grant.tokens.refreshTokenExpiresAt?.toISOString() ?? null,
      scopes: grant.tokens.scopes,
    },
    metadata: grant.metadata,
    accounts,
  };
}

/** Every token a store request carries, to look for in dumps. */
export function tokensIn(request: StoreRequest): string[] {
  const tokens = [request.tokens.accessToken, request.tokens.refreshToken];
  for (const account of request.accounts) tokens.push(account.accessToken);
  return tokens.filter((token): token is string => typeof token === "string" && token.length > 0);
}
