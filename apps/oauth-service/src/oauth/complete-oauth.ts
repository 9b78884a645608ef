import type { CompleteOAuth, OAuthOutcome, RpcRequest } from "@postd/contracts";
import type { OAuthSessionRow } from "../db/schema";
import { type ConsumedSession, consumeSession, recordOutcome } from "./consume-session";
import type { OAuthContext } from "./context";
import { exchangeGrant } from "./exchange-grant";
import { hashState } from "./oauth-state";
import {
  type CompleteErrorCode,
  outcomeMessage,
  platformErrorMessage,
  sanitizePlatformError,
} from "./outcome-messages";

type CompleteInput = RpcRequest<typeof CompleteOAuth>;

/**
 * Finishes an OAuth flow from the platform's redirect. The state is taken (atomically, once) before anything else,
 * so a replay, a concurrent duplicate, an expired state, or a state presented for another platform or tenant is
 * refused and burnt, and nothing is stored. Then the platform's own error, or the code exchange. Always answers an
 * outcome (never throws for the user's situation); `returnTo` is null whenever the state could not be tied to this
 * caller, so nothing about someone else's session leaks.
 */
export async function completeOAuth(ctx: OAuthContext, input: CompleteInput): Promise<OAuthOutcome> {
  const taken = await consumeSession(ctx.db, hashState(input.state));
  if (taken.kind !== "consumed" || !belongsToCaller(taken.session, input)) {
    return refuseState(ctx, input, taken);
  }
  return finishSession(ctx, input, taken.session);
}

/** Why this call may not use the state; records it on the session where that tells the audit something. */
async function refuseState(
  ctx: OAuthContext,
  input: CompleteInput,
  taken: ConsumedSession,
): Promise<OAuthOutcome> {
  if (taken.kind === "unknown") return refuse(ctx, input, "invalid_state", null);
  const { session } = taken;
  const log = ctx.logger.child({ sessionId: session.id, platform: input.platform });
  if (!belongsToCaller(session, input)) {
    log.warn(
      { platformMatches: session.platform === input.platform, state: taken.kind },
      "oauth state presented on another platform or for another tenant; refused",
    );
    // burnt: taken by this call, and a state seen in the wrong place is not used again
    if (taken.kind === "consumed") {
      await recordOutcome(ctx.db, { sessionId: session.id, outcome: "invalid_state" });
    }
    return refuse(ctx, input, "invalid_state", null);
  }
  if (taken.kind === "expired") {
    log.info("oauth state expired; refused");
    await recordOutcome(ctx.db, { sessionId: session.id, outcome: "expired_state" });
    return refuse(ctx, input, "expired_state", session);
  }
  log.warn({ firstOutcome: session.outcome }, "oauth state replayed; refused");
  return refuse(ctx, input, "state_used", session);
}

/** The state is ours: the platform's error, or the code exchanged and the grant stored. */
async function finishSession(
  ctx: OAuthContext,
  input: CompleteInput,
  session: OAuthSessionRow,
): Promise<OAuthOutcome> {
  const { platform } = input;
  const log = ctx.logger.child({ sessionId: session.id, platform });
  if (input.error !== undefined) {
    const errorCode = sanitizePlatformError(input.error);
    log.info(
      { errorCode, description: input.errorDescription?.slice(0, 200) },
      "the platform returned an error instead of a code",
    );
    await recordOutcome(ctx.db, { sessionId: session.id, outcome: errorCode });
    return answer(session, platform, {
      status: "error",
      errorCode,
      message: platformErrorMessage(platform, errorCode),
    });
  }
  if (input.code === undefined || input.code === "" || !ctx.connectors.isConfigured(platform)) {
    const errorCode = input.code ? "platform_unavailable" : "missing_code";
    await recordOutcome(ctx.db, { sessionId: session.id, outcome: errorCode });
    return refuse(ctx, input, errorCode, session);
  }
  const result = await exchangeGrant(ctx, {
    session,
    connector: ctx.connectors.get(platform),
    code: input.code,
  });
  const outcome = result.errorCode ?? "connected";
  await recordOutcome(ctx.db, {
    sessionId: session.id,
    outcome,
    ...(result.connectionId ? { connectionId: result.connectionId } : {}),
  }).catch((error: unknown) => log.error({ err: error }, "oauth outcome not recorded"));
  log.info({ outcome, connectionId: result.connectionId }, "oauth completed");
  return answer(session, platform, result);
}

/** The state must come back on the platform it was issued for, and to the tenant it was issued to when known. */
function belongsToCaller(session: OAuthSessionRow, input: CompleteInput): boolean {
  if (session.platform !== input.platform) return false;
  return input.expectedTenantId === undefined || input.expectedTenantId === session.tenantId;
}

function refuse(
  ctx: OAuthContext,
  input: CompleteInput,
  errorCode: CompleteErrorCode,
  session: OAuthSessionRow | null,
): OAuthOutcome {
  if (session === null) ctx.logger.info({ platform: input.platform, errorCode }, "oauth complete refused");
  return {
    status: "error",
    returnTo: session?.returnTo ?? null,
    connectionId: null,
    platform: input.platform,
    errorCode,
    message: outcomeMessage(errorCode, input.platform),
  };
}

function answer(
  session: OAuthSessionRow,
  platform: CompleteInput["platform"],
  result: Pick<OAuthOutcome, "status" | "errorCode" | "message"> & { connectionId?: string | null },
): OAuthOutcome {
  return {
    status: result.status,
    returnTo: session.returnTo,
    connectionId: result.connectionId ?? null,
    platform,
    errorCode: result.errorCode,
    message: result.message,
  };
}
