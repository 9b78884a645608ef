import { CompleteOAuth, StartOAuth } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { consent, type Harness, requireValue, startHarness } from "./support/harness";

// TIME_SCALE 0.0001: the 600 s state lives 60 ms, the 5 h retention 1.8 s, the 600 s purge runs every 60 ms.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      TIME_SCALE: "0.0001",
      OAUTH_STATE_TTL_SECONDS: "600",
      OAUTH_SESSION_RETENTION_HOURS: "5",
      OAUTH_PURGE_INTERVAL_SECONDS: "600",
    },
  });
});
afterAll(async () => h?.close());

const returnTo = "https://app.example.com/back";

async function sessionOf(tenantId: string) {
  const [row] = await h.sql<
    { expired: boolean; outcome: string | null; code_verifier_ciphertext: string | null }[]
  >`select expires_at <= now() as expired, outcome, code_verifier_ciphertext
    from oauth.oauth_sessions where tenant_id = ${tenantId}`;
  return row;
}

describe("expiry (TIME_SCALE)", () => {
  it("an expired state is refused with the session's returnTo, and nothing is stored", async () => {
    const started = await h.rpc.call(StartOAuth, { tenantId: "ten_late", platform: "gbp", returnTo });
    expect(Date.parse(started.expiresAt) - Date.now()).toBeLessThanOrEqual(60);
    const redirect = await consent(started.authorizationUrl, "approve");
    await vi.waitFor(async () => expect((await sessionOf("ten_late"))?.expired).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });

    const outcome = await h.rpc.call(CompleteOAuth, {
      platform: "gbp",
      state: requireValue(redirect.state, "state"),
      code: requireValue(redirect.code, "code"),
    });
    expect(outcome).toMatchObject({
      status: "error",
      errorCode: "expired_state",
      returnTo,
      connectionId: null,
    });
    expect(h.tokenService.received).toHaveLength(0);
  });

  it("the purge wipes expired verifiers, marks unused sessions abandoned, then deletes them", async () => {
    await h.rpc.call(StartOAuth, { tenantId: "ten_abandon", platform: "gbp" });
    await vi.waitFor(
      async () => {
        const row = await sessionOf("ten_abandon");
        expect(row).toMatchObject({ expired: true, outcome: "abandoned", code_verifier_ciphertext: null });
      },
      { timeout: 10_000, interval: 50 },
    );
    await vi.waitFor(async () => expect(await sessionOf("ten_abandon")).toBeUndefined(), { timeout: 15_000 });
  });
});
