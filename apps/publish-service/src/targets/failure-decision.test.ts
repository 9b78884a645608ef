import { ConnectorError } from "@postd/connectors";
import { AppError } from "@postd/service-kit";
import { describe, expect, it } from "vitest";
import { decideFailure, retryDelayMs, TokenRefusedAfterRefreshError } from "./failure-decision";

const policy = { retryDelaysMs: [1_000, 3_000, 9_000, 27_000], maxAttempts: 5 };
const fail = (
  kind: ConnectorError["kind"],
  extra: Partial<ConstructorParameters<typeof ConnectorError>[0]> = {},
) =>
  new ConnectorError({ kind, platform: "linkedin", platformCode: "X/1", message: `said ${kind}`, ...extra });

describe("decideFailure", () => {
  it("retries rate limits and transient faults on the 1/3/9/27 schedule, then gives up after 5 attempts", () => {
    const delays = [1, 2, 3, 4].map((used) => {
      const decision = decideFailure({
        error: fail("transient"),
        platform: "linkedin",
        attemptsUsed: used,
        policy,
      });
      return decision.action === "retry" ? decision.delayMs : null;
    });
    expect(delays).toEqual([1_000, 3_000, 9_000, 27_000]);
    const last = decideFailure({
      error: fail("rate_limited"),
      platform: "linkedin",
      attemptsUsed: 5,
      policy,
    });
    expect(last).toMatchObject({ action: "dead_letter", reportAuth: null });
    expect(last.action === "dead_letter" && last.reason).toContain("gave up after 5 attempts");
  });

  it("waits longer when the platform says so, never shorter", () => {
    const longer = decideFailure({
      error: fail("rate_limited", { retryAfterMs: 5_000 }),
      platform: "linkedin",
      attemptsUsed: 1,
      policy,
    });
    expect(longer).toMatchObject({ action: "retry", delayMs: 5_000 });
    const shorter = decideFailure({
      error: fail("rate_limited", { retryAfterMs: 10 }),
      platform: "linkedin",
      attemptsUsed: 2,
      policy,
    });
    expect(shorter).toMatchObject({ action: "retry", delayMs: 3_000 });
  });

  it("dead-letters refusals at once with the platform's code and message", () => {
    for (const kind of ["invalid_request", "permission_denied"] as const) {
      const decision = decideFailure({ error: fail(kind), platform: "linkedin", attemptsUsed: 1, policy });
      expect(decision).toMatchObject({
        action: "dead_letter",
        error: { kind, code: "X/1", message: `said ${kind}` },
      });
    }
  });

  it("reports a revoked grant and a token refused after a refresh", () => {
    expect(
      decideFailure({ error: fail("auth_revoked"), platform: "linkedin", attemptsUsed: 1, policy }),
    ).toMatchObject({
      action: "dead_letter",
      reportAuth: "auth_revoked",
    });
    const refused = new TokenRefusedAfterRefreshError(fail("auth_expired"));
    expect(decideFailure({ error: refused, platform: "linkedin", attemptsUsed: 1, policy })).toMatchObject({
      action: "dead_letter",
      reportAuth: "auth_expired",
    });
  });

  it("retries a quota only when the platform says how long, and an unknown outcome found missing", () => {
    expect(
      decideFailure({ error: fail("quota_exceeded"), platform: "meta", attemptsUsed: 1, policy }).action,
    ).toBe("dead_letter");
    expect(
      decideFailure({
        error: fail("quota_exceeded", { retryAfterMs: 60_000 }),
        platform: "meta",
        attemptsUsed: 1,
        policy,
      }),
    ).toMatchObject({ action: "retry", delayMs: 60_000 });
    expect(
      decideFailure({ error: fail("unknown_outcome"), platform: "meta", attemptsUsed: 1, policy }).action,
    ).toBe("retry");
  });

  it("retries token-service outages and dead-letters an unusable connection", () => {
    const down = new AppError("UNAVAILABLE", "svc.token.get-access-token did not answer");
    expect(decideFailure({ error: down, platform: "tiktok", attemptsUsed: 1, policy }).action).toBe("retry");
    const reauth = new AppError("UNPROCESSABLE", "connection con_x needs re-authorization");
    expect(decideFailure({ error: reauth, platform: "tiktok", attemptsUsed: 1, policy })).toMatchObject({
      action: "dead_letter",
      error: { code: "token_service_unprocessable" },
    });
  });

  it("uses the last delay when the budget outlives the schedule", () => {
    expect(retryDelayMs({ attemptsUsed: 9, policy, retryAfterMs: undefined })).toBe(27_000);
  });
});
