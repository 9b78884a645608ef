import {
  type ConnectorError,
  isConnectorError,
  isUnsupportedOperation,
  PlatformNotConfiguredError,
} from "@postd/connectors";
import type { Platform } from "@postd/contracts";
import { isAppError } from "@postd/service-kit";
import type { StoredError } from "../db/schema";
import { storedErrorOf } from "./stored-error";

/** The platform refused a token that was refreshed for this very attempt: the grant is unusable. */
export class TokenRefusedAfterRefreshError extends Error {
  constructor(readonly connectorError: ConnectorError) {
    super(`the platform refused a freshly refreshed token: ${connectorError.message}`, {
      cause: connectorError,
    });
    this.name = "TokenRefusedAfterRefreshError";
  }
}

export type FailureDecision =
  | { action: "retry"; delayMs: number; error: StoredError }
  | {
      action: "dead_letter";
      reason: string;
      error: StoredError;
      /** tell token-service, which marks the connection `needs_reauth` */
      reportAuth: "auth_revoked" | "auth_expired" | null;
    };

export interface RetryPolicy {
  /** waits before the 2nd, 3rd, … attempt, already scaled */
  retryDelaysMs: readonly number[];
  maxAttempts: number;
}

/**
 * What to do after a failed attempt, by the connectors' taxonomy: retryable kinds wait per the schedule (or
 * longer when the platform says, never shorter) until the budget is spent; refusals dead-letter at once with the
 * platform's code and message; a revoked grant is also reported to token-service.
 */
export function decideFailure(input: {
  error: unknown;
  platform: Platform;
  /** attempts used in the current budget, this one included */
  attemptsUsed: number;
  policy: RetryPolicy;
}): FailureDecision {
  const { error, platform } = input;
  const stored = storedErrorOf(error);
  const deadLetter = (reason: string, reportAuth: "auth_revoked" | "auth_expired" | null = null) =>
    ({ action: "dead_letter", reason, error: stored, reportAuth }) as const;
  if (error instanceof TokenRefusedAfterRefreshError) {
    return deadLetter(
      `${name(platform)} refused the connection's token even after a refresh: reconnect the account, then replay`,
      "auth_expired",
    );
  }
  if (isConnectorError(error)) {
    switch (error.kind) {
      case "auth_revoked":
      case "auth_expired":
        return deadLetter(
          `${name(platform)} no longer accepts this connection (${error.platformCode}): reconnect the account, then replay`,
          "auth_revoked",
        );
      case "permission_denied":
        return deadLetter(
          `${name(platform)} refused the post: a permission or role is missing (${error.platformCode}: ${stored.message})`,
        );
      case "invalid_request":
        return deadLetter(`${name(platform)} rejected the post (${error.platformCode}): ${stored.message}`);
      case "quota_exceeded":
        if (error.retryAfterMs === undefined) {
          return deadLetter(
            `${name(platform)}'s publishing limit for this account is reached (${error.platformCode}); replay once it resets`,
          );
        }
        break;
      case "unknown_outcome":
        break;
      default:
        if (!error.retryable)
          return deadLetter(`${name(platform)} refused the post (${error.platformCode}): ${stored.message}`);
    }
    return retryOrGiveUp(input, stored, error.retryAfterMs);
  }
  if (isAppError(error)) {
    if (error.retryable || error.code === "PLATFORM_ERROR") return retryOrGiveUp(input, stored, undefined);
    return deadLetter(`the account cannot be used: ${stored.message}`);
  }
  if (isUnsupportedOperation(error) || error instanceof PlatformNotConfiguredError) {
    return deadLetter(stored.message);
  }
  return retryOrGiveUp(input, stored, undefined);
}

function retryOrGiveUp(
  input: { attemptsUsed: number; policy: RetryPolicy; platform: Platform },
  stored: StoredError,
  retryAfterMs: number | undefined,
): FailureDecision {
  const { attemptsUsed, policy } = input;
  if (attemptsUsed >= policy.maxAttempts) {
    return {
      action: "dead_letter",
      reason: `gave up after ${attemptsUsed} attempts; the last said (${stored.code}): ${stored.message}`,
      error: stored,
      reportAuth: null,
    };
  }
  return { action: "retry", delayMs: retryDelayMs({ attemptsUsed, policy, retryAfterMs }), error: stored };
}

/** The wait before attempt `attemptsUsed + 1`: the schedule's, or the platform's when that is longer. */
export function retryDelayMs(input: {
  attemptsUsed: number;
  policy: RetryPolicy;
  retryAfterMs: number | undefined;
}): number {
  const { retryDelaysMs } = input.policy;
  const scheduled = retryDelaysMs[Math.min(input.attemptsUsed, retryDelaysMs.length) - 1] ?? 0;
  return Math.max(scheduled, input.retryAfterMs ?? 0);
}

const names: Record<Platform, string> = {
  meta: "Meta",
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  gbp: "Google Business Profile",
  mailchimp: "Mailchimp",
};

function name(platform: Platform): string {
  return names[platform];
}
