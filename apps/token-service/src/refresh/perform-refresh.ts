import { recordMetric } from "@postd/telemetry";
import { loadConnection } from "../connections/load-connection";
import { internalAccess, type TokenContext } from "../context";
import type { ConnectionRow } from "../db/schema";
import { readSecrets } from "../secrets/read-secrets";
import { recordRefreshFailure } from "./record-refresh-failure";
import { classifyRefreshFailure, type RefreshFailure } from "./refresh-failure";
import { RefreshClaimLostError, type RefreshOutcome, type RefreshTrigger } from "./refresh-outcome";
import { storeRefreshedTokens } from "./store-refreshed-tokens";

/**
 * The claimant's part: reads the stored tokens, sends the refresh (the only place a refresh token leaves), and
 * writes the result fenced by the claim. Runs only after `claimRefresh` succeeded.
 */
export async function performRefresh(
  ctx: TokenContext,
  input: { claimed: ConnectionRow; owner: string; trigger: RefreshTrigger },
): Promise<RefreshOutcome> {
  const { claimed, owner, trigger } = input;
  const log = ctx.logger.child({ connectionId: claimed.id, platform: claimed.platform, trigger });
  let tokens: Awaited<ReturnType<typeof refreshAtPlatform>>;
  try {
    tokens = await refreshAtPlatform(ctx, claimed, trigger);
  } catch (error) {
    const failure = classifyRefreshFailure(error);
    const logLevel = failure.kind === "internal" ? "error" : failure.effect === "retry" ? "warn" : "info";
    log[logLevel]({ err: error, failure: failure.code, effect: failure.effect }, "token refresh failed");
    recordMetric("token.refresh.outcome", 1, { platform: claimed.platform, outcome: outcomeLabel(failure) });
    return finishFailed(ctx, { claimed, owner, failure });
  }
  try {
    const row = await storeRefreshedTokens(ctx, { claimed, owner, tokens });
    recordMetric("token.refresh.outcome", 1, { platform: claimed.platform, outcome: "success" });
    log.info({ version: row.version, expiresAt: row.expiresAt }, "token refreshed");
    await ctx.scheduler.schedule(row);
    await ctx.scheduler.unschedule(claimed.id, claimed.version);
    return { kind: "refreshed", row };
  } catch (error) {
    if (!(error instanceof RefreshClaimLostError)) throw error;
    // Someone took the row past our version (reconnect, disconnect, a stale-claim takeover): theirs stands.
    log.error("refresh claim lost before the new tokens were stored; they are discarded");
    recordMetric("token.refresh.outcome", 1, { platform: claimed.platform, outcome: "claim_lost" });
    return reloadAfterLostClaim(ctx, claimed);
  }
}

async function refreshAtPlatform(ctx: TokenContext, claimed: ConnectionRow, trigger: RefreshTrigger) {
  const stored = await readSecrets(ctx, {
    tenantId: claimed.tenantId,
    connectionId: claimed.id,
    fields: ["access_token", "refresh_token"],
    access: internalAccess(`refresh:${trigger}`),
  });
  const accessToken = stored.connection.access_token;
  if (accessToken === undefined) throw new Error(`connection ${claimed.id} holds no access token`);
  return ctx.connectors.get(claimed.platform).refreshToken(
    {
      accessToken,
      refreshToken: stored.connection.refresh_token ?? null,
      expiresAt: claimed.expiresAt,
      refreshTokenExpiresAt: claimed.refreshTokenExpiresAt,
      scopes: [...claimed.scopes],
    },
    { ...claimed.metadata },
  );
}

async function finishFailed(
  ctx: TokenContext,
  input: { claimed: ConnectionRow; owner: string; failure: RefreshFailure },
): Promise<RefreshOutcome> {
  try {
    const row = await recordRefreshFailure(ctx, input);
    return { kind: "failed", row, failure: input.failure };
  } catch (error) {
    if (!(error instanceof RefreshClaimLostError)) throw error;
    return reloadAfterLostClaim(ctx, input.claimed, input.failure);
  }
}

async function reloadAfterLostClaim(
  ctx: TokenContext,
  claimed: ConnectionRow,
  failure: RefreshFailure = {
    effect: "retry",
    kind: "internal",
    code: "internal:claim_lost",
    retryAfterMs: undefined,
  },
): Promise<RefreshOutcome> {
  const row = await loadConnection(ctx.db, { tenantId: claimed.tenantId, connectionId: claimed.id });
  if (row.version !== claimed.version) return { kind: "refreshed", row };
  return { kind: "failed", row, failure };
}

function outcomeLabel(failure: RefreshFailure): string {
  return failure.effect === "retry" ? failure.kind : failure.effect;
}
