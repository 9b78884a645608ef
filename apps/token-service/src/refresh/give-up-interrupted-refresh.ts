import { recordMetric } from "@postd/telemetry";
import type { TokenContext } from "../context";
import type { ConnectionRow } from "../db/schema";
import { recordRefreshFailure } from "./record-refresh-failure";
import type { RefreshFailure } from "./refresh-failure";
import type { RefreshOutcome } from "./refresh-outcome";

const interrupted: RefreshFailure = {
  effect: "needs_reauth",
  kind: "unknown_outcome",
  code: "unknown_outcome:refresh_interrupted",
  retryAfterMs: undefined,
};

/**
 * A claim taken over from a holder that died mid-refresh, on a platform whose refresh tokens rotate (TikTok): the
 * dead holder's request may have spent the stored refresh token and its answer — the only copy of the new one —
 * died with it. Sending the stored token again would make the platform revoke the whole grant (reuse detection),
 * so it is never sent: the connection becomes `needs_reauth` with the reason `unknown_outcome:refresh_interrupted`
 * (one status event), and the customer reconnects without the grant having been revoked.
 */
export async function giveUpInterruptedRefresh(
  ctx: TokenContext,
  input: { claimed: ConnectionRow; owner: string },
): Promise<RefreshOutcome> {
  const { claimed } = input;
  ctx.logger.warn(
    { connectionId: claimed.id, platform: claimed.platform },
    "a refresh was interrupted by its process dying; its rotating refresh token is not sent again: needs_reauth",
  );
  recordMetric("token.refresh.outcome", 1, { platform: claimed.platform, outcome: "interrupted" });
  const row = await recordRefreshFailure(ctx, { ...input, failure: interrupted });
  return { kind: "failed", row, failure: interrupted };
}
