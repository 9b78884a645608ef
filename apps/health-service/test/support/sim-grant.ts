import { ConnectorEnv, connectorsConfigFromEnv, createConnectorRegistry } from "@postd/connectors";
import type { Platform } from "@postd/contracts";
import type { RunningSim } from "@postd/testing";

const publicBaseUrl = "http://127.0.0.1:3000";

/**
 * A real grant from platform-sim, obtained the way oauth-service does (authorization URL, consent with
 * `auto=approve`, code exchange): the access token and metadata token-service would hold.
 */
export async function grantFromSim(
  sim: RunningSim,
  platform: Platform,
): Promise<{ accessToken: string; metadata: Record<string, string>; expiresAt: string | null }> {
  const connectors = createConnectorRegistry({
    config: connectorsConfigFromEnv(
      ConnectorEnv.parse({ PLATFORM_SIM_URL: sim.url, PUBLIC_BASE_URL: publicBaseUrl }),
    ),
  });
  const connector = connectors.get(platform);
  const url = new URL(connector.buildAuthorizationUrl({ state: `state-${Date.now()}`, codeChallenge: null }));
  url.searchParams.set("auto", "approve");
  const consent = await fetch(url, { redirect: "manual" });
  const code = new URL(consent.headers.get("location") ?? "http://invalid/").searchParams.get("code");
  if (consent.status !== 302 || !code) throw new Error(`${platform} consent answered ${consent.status}`);
  const grant = await connector.authenticate({
    code,
    codeVerifier: null,
    redirectUri: `${publicBaseUrl}/api/oauth/${platform}/callback`,
  });
  return {
    accessToken: grant.tokens.accessToken,
    metadata: grant.metadata,
    expiresAt: grant.tokens.expiresAt?.toISOString() ?? null,
  };
}
