import { codeChallengeS256, createCodeVerifier } from "@postd/connectors";
import { CompleteOAuth, type Platform, StartOAuth } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashState } from "../src/oauth/oauth-state";
import { decryptVerifier, deriveVerifierKey, encryptVerifier } from "../src/oauth/verifier-cipher";
import { consent, type Harness, requireValue, sessionSecret, startHarness } from "./support/harness";
import { unavailable } from "./support/token-service-stand-in";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const returnTo = "http://127.0.0.1:5173/done";

/** start + approve: a live state and its code, not yet completed */
async function approved(tenantId: string, platform: Platform) {
  const started = await h.rpc.call(StartOAuth, { tenantId, platform, returnTo });
  const redirect = await consent(started.authorizationUrl, "approve");
  return {
    started,
    state: requireValue(redirect.state, "state"),
    code: requireValue(redirect.code, "code"),
  };
}

async function outcomeOf(state: string): Promise<string | null> {
  const [row] = await h.sql<{ outcome: string | null }[]>`
    select outcome from oauth.oauth_sessions where state_hash = ${hashState(state)}`;
  return row?.outcome ?? null;
}

const googleTokenEndpoint = "POST oauth2.googleapis.com/token";

async function simCalls(endpoint: string): Promise<number> {
  const calls = await h.sim?.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return calls?.counts[endpoint] ?? 0;
}

describe("the state is single use and bound to tenant and platform", () => {
  it("a replayed state is refused and nothing is stored again", async () => {
    const { state, code } = await approved("ten_replay", "meta");
    const first = await h.rpc.call(CompleteOAuth, { platform: "meta", state, code });
    expect(first.status).toBe("connected");
    const stored = h.tokenService.received.length;

    const replay = await h.rpc.call(CompleteOAuth, { platform: "meta", state, code });
    expect(replay).toMatchObject({ status: "error", errorCode: "state_used", returnTo, connectionId: null });
    expect(h.tokenService.received).toHaveLength(stored);
  });

  it("of concurrent duplicates exactly one completes", async () => {
    const { state, code } = await approved("ten_race", "linkedin");
    const stored = h.tokenService.received.length;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => h.rpc.call(CompleteOAuth, { platform: "linkedin", state, code })),
    );
    expect(outcomes.filter((o) => o.status === "connected")).toHaveLength(1);
    expect(outcomes.filter((o) => o.errorCode === "state_used")).toHaveLength(7);
    expect(h.tokenService.received).toHaveLength(stored + 1);
  });

  it("a state issued for another tenant is refused without saying anything about it, and burnt", async () => {
    const { state, code } = await approved("ten_owner", "tiktok");
    const stored = h.tokenService.received.length;
    const foreign = await h.rpc.call(CompleteOAuth, {
      platform: "tiktok",
      state,
      code,
      expectedTenantId: "ten_intruder",
    });
    expect(foreign).toEqual({
      status: "error",
      returnTo: null,
      connectionId: null,
      platform: "tiktok",
      errorCode: "invalid_state",
      message: expect.any(String),
    });
    expect(h.tokenService.received).toHaveLength(stored);
    const owner = await h.rpc.call(CompleteOAuth, {
      platform: "tiktok",
      state,
      code,
      expectedTenantId: "ten_owner",
    });
    expect(owner.errorCode).toBe("state_used");
    expect(h.tokenService.received).toHaveLength(stored);
  });

  it("a state presented on another platform's callback is refused and burnt", async () => {
    const { state, code } = await approved("ten_platform", "meta");
    const stored = h.tokenService.received.length;
    const wrong = await h.rpc.call(CompleteOAuth, { platform: "linkedin", state, code });
    expect(wrong).toMatchObject({ status: "error", errorCode: "invalid_state", returnTo: null });
    const right = await h.rpc.call(CompleteOAuth, { platform: "meta", state, code });
    expect(right.errorCode).toBe("state_used");
    expect(h.tokenService.received).toHaveLength(stored);
    expect(await outcomeOf(state)).toBe("invalid_state");
  });

  it("an unknown state is refused with nowhere to go", async () => {
    const outcome = await h.rpc.call(CompleteOAuth, { platform: "meta", state: "not-a-state", code: "x" });
    expect(outcome).toMatchObject({ status: "error", errorCode: "invalid_state", returnTo: null });
  });
});

describe("the platform's answer", () => {
  it.each([
    ["meta", "access_denied"],
    ["linkedin", "user_cancelled_authorize"],
  ] as const)(
    "a denial on %s (%s) ends as an error outcome with the session's returnTo",
    async (platform, code) => {
      const tenantId = `ten_denied_${platform}`;
      const started = await h.rpc.call(StartOAuth, { tenantId, platform, returnTo });
      const redirect = await consent(started.authorizationUrl, "deny");
      expect(redirect.error).toBe(code);
      const stored = h.tokenService.received.length;
      const state = requireValue(redirect.state, "state");
      const outcome = await h.rpc.call(CompleteOAuth, {
        platform,
        state,
        error: code,
        errorDescription: redirect.location.searchParams.get("error_description") ?? undefined,
      });
      expect(outcome).toMatchObject({ status: "error", errorCode: code, returnTo, connectionId: null });
      expect(outcome.message).toMatch(/declined/);
      expect(h.tokenService.received).toHaveLength(stored);
      expect(await outcomeOf(state)).toBe(code);
    },
  );

  it("an error parameter that is not a plain code is not passed on as such", async () => {
    const started = await h.rpc.call(StartOAuth, { tenantId: "ten_odd", platform: "meta", returnTo });
    const state = requireValue(new URL(started.authorizationUrl).searchParams.get("state"), "state");
    const outcome = await h.rpc.call(CompleteOAuth, {
      platform: "meta",
      state,
      error: "<script>alert(1)</script>",
    });
    expect(outcome).toMatchObject({ status: "error", errorCode: "platform_error", returnTo });
    expect(outcome.message).not.toContain("<script>");
  });

  it("a callback with neither code nor error is refused", async () => {
    const started = await h.rpc.call(StartOAuth, { tenantId: "ten_nocode", platform: "meta" });
    const state = requireValue(new URL(started.authorizationUrl).searchParams.get("state"), "state");
    const outcome = await h.rpc.call(CompleteOAuth, { platform: "meta", state });
    expect(outcome).toMatchObject({ status: "error", errorCode: "missing_code" });
  });

  it("a code the platform refuses ends as exchange_failed, nothing stored", async () => {
    const { state } = await approved("ten_badcode", "tiktok");
    const stored = h.tokenService.received.length;
    const outcome = await h.rpc.call(CompleteOAuth, { platform: "tiktok", state, code: "simcode_forged" });
    expect(outcome).toMatchObject({ status: "error", errorCode: "exchange_failed", returnTo });
    expect(h.tokenService.received).toHaveLength(stored);
  });

  it("token-service unavailable ends as storage_failed", async () => {
    const { state, code } = await approved("ten_nostore", "linkedin");
    h.tokenService.failWith(unavailable());
    try {
      const outcome = await h.rpc.call(CompleteOAuth, { platform: "linkedin", state, code });
      expect(outcome).toMatchObject({
        status: "error",
        errorCode: "storage_failed",
        returnTo,
        connectionId: null,
      });
    } finally {
      h.tokenService.failWith(null);
    }
  });
});

describe("PKCE (gbp)", () => {
  it("the challenge sent is the S256 of the verifier stored encrypted", async () => {
    const started = await h.rpc.call(StartOAuth, { tenantId: "ten_pkce", platform: "gbp" });
    const url = new URL(started.authorizationUrl);
    const [row] = await h.sql<{ id: string; code_verifier_ciphertext: string }[]>`
      select id, code_verifier_ciphertext from oauth.oauth_sessions where tenant_id = 'ten_pkce'`;
    if (!row) throw new Error("no session");
    const verifier = decryptVerifier(
      deriveVerifierKey(sessionSecret),
      { sessionId: row.id, tenantId: "ten_pkce" },
      row.code_verifier_ciphertext,
    );
    expect(url.searchParams.get("code_challenge")).toBe(codeChallengeS256(verifier));
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  });

  it("the platform refuses the code with another verifier, nothing stored", async () => {
    const { state, code } = await approved("ten_pkce_swap", "gbp");
    const [row] = await h.sql<
      { id: string }[]
    >`select id from oauth.oauth_sessions where tenant_id = 'ten_pkce_swap'`;
    if (!row) throw new Error("no session");
    // a well-formed ciphertext of a different verifier: it decrypts, so only the platform can catch it
    const swapped = encryptVerifier(
      deriveVerifierKey(sessionSecret),
      { sessionId: row.id, tenantId: "ten_pkce_swap" },
      createCodeVerifier(),
    );
    await h.sql`update oauth.oauth_sessions set code_verifier_ciphertext = ${swapped} where id = ${row.id}`;
    const stored = h.tokenService.received.length;
    const exchanges = await simCalls(googleTokenEndpoint);
    const outcome = await h.rpc.call(CompleteOAuth, { platform: "gbp", state, code });
    expect(outcome).toMatchObject({ status: "error", errorCode: "exchange_failed" });
    expect(h.tokenService.received).toHaveLength(stored);
    expect(await simCalls(googleTokenEndpoint)).toBe(exchanges + 1); // the platform was asked, and said no
  });

  it("a corrupted stored verifier fails closed before the platform is asked", async () => {
    const { state, code } = await approved("ten_pkce_corrupt", "gbp");
    await h.sql`
      update oauth.oauth_sessions
      set code_verifier_ciphertext = overlay(code_verifier_ciphertext
        placing (case when substr(code_verifier_ciphertext, 10, 1) = 'A' then 'B' else 'A' end) from 10 for 1)
      where tenant_id = 'ten_pkce_corrupt'`;
    const stored = h.tokenService.received.length;
    const exchanges = await simCalls(googleTokenEndpoint);
    const outcome = await h.rpc.call(CompleteOAuth, { platform: "gbp", state, code });
    expect(outcome).toMatchObject({ status: "error", errorCode: "exchange_failed" });
    expect(h.tokenService.received).toHaveLength(stored);
    expect(await simCalls(googleTokenEndpoint)).toBe(exchanges);
  });

  it("a verifier copied from another session does not open", async () => {
    const a = await approved("ten_pkce_a", "gbp");
    await approved("ten_pkce_b", "gbp");
    await h.sql`
      update oauth.oauth_sessions
      set code_verifier_ciphertext = (select code_verifier_ciphertext from oauth.oauth_sessions where tenant_id = 'ten_pkce_b')
      where tenant_id = 'ten_pkce_a'`;
    const outcome = await h.rpc.call(CompleteOAuth, { platform: "gbp", state: a.state, code: a.code });
    expect(outcome).toMatchObject({ status: "error", errorCode: "exchange_failed" });
  });
});
