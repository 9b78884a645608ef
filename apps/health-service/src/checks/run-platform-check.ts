import { GetAccessToken, type Platform } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import type { HealthContext } from "../context";
import { type CheckOutcome, outcomeOfError, outcomeOfResult } from "./check-outcome";

export interface PlatformCheck extends CheckOutcome {
  platform: Platform;
  /** time spent on the platform's side (the connector calls), not on getting the token */
  latencyMs: number;
  /** the access token's expiry as token-service reported it */
  expiresAt: Date | null;
}

/**
 * Asks token-service for the connection's token (purpose "health-check") and runs the connector's `healthCheck`.
 * An expired token gets one forced refresh and a second try. token-service refusing the token (needs reauth,
 * revoked) is an unhealthy outcome; token-service unreachable is an error outcome; NOT_FOUND is rethrown.
 */
export async function runPlatformCheck(
  ctx: HealthContext,
  input: { tenantId: string; connectionId: string; knownPlatform: Platform | null },
): Promise<PlatformCheck> {
  const started = performance.now();
  let forceRefresh = false;
  for (let attempt = 1; ; attempt++) {
    const token = await fetchToken(ctx, { ...input, forceRefresh });
    if ("refused" in token) {
      if (!input.knownPlatform) throw token.refused;
      return {
        ...refusedByTokenService(token.refused),
        platform: input.knownPlatform,
        latencyMs: 0,
        expiresAt: null,
      };
    }
    const platformStarted = performance.now();
    const outcome = await ctx.connectors
      .get(token.platform)
      .healthCheck({ accessToken: token.accessToken, connection: token.connection })
      .then(outcomeOfResult, outcomeOfError);
    const checked = {
      ...outcome,
      platform: token.platform,
      latencyMs: round(performance.now() - platformStarted),
      expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt),
    };
    if (outcome.errorKind !== "auth_expired" || attempt > 1) return checked;
    ctx.logger.debug(
      { elapsedMs: round(performance.now() - started) },
      "token expired at the platform; refreshing once",
    );
    forceRefresh = true;
  }
}

type TokenAnswer =
  | { platform: Platform; accessToken: string; connection: Record<string, string>; expiresAt: string | null }
  | { refused: AppError };

async function fetchToken(
  ctx: HealthContext,
  input: { tenantId: string; connectionId: string; forceRefresh: boolean },
): Promise<TokenAnswer> {
  try {
    const answer = await ctx.rpc.call(GetAccessToken, {
      tenantId: input.tenantId,
      connectionId: input.connectionId,
      forceRefresh: input.forceRefresh,
      purpose: "health-check",
    });
    return {
      platform: answer.platform,
      accessToken: answer.accessToken,
      connection: answer.connection,
      expiresAt: answer.expiresAt,
    };
  } catch (error) {
    if (error instanceof AppError && error.code !== "NOT_FOUND" && error.code !== "VALIDATION")
      return { refused: error };
    throw error;
  }
}

/** token-service would not hand out a token: its own verdict (4xx) is unhealthy, its absence (5xx) an error. */
function refusedByTokenService(error: AppError): CheckOutcome {
  const detail = `token-service: ${error.message}`;
  if (error.status >= 500) return { outcome: "error", errorKind: "transient", detail };
  return { outcome: "unhealthy", errorKind: error.code === "UNPROCESSABLE" ? "auth_revoked" : null, detail };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
