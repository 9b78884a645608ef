import { CompleteOAuth, StartOAuth } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashState } from "../src/oauth/oauth-state";
import { consent, type Harness, platforms, requireValue, startHarness } from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

interface SessionRow {
  state_hash: string;
  tenant_id: string;
  platform: string;
  return_to: string | null;
  code_verifier_ciphertext: string | null;
  used_at: Date | null;
  outcome: string | null;
  connection_id: string | null;
}

describe.each(platforms)("connect %s end to end (stand-in token-service)", (platform) => {
  const tenantId = `ten_happy_${platform}`;
  const returnTo = "https://app.example.com/settings/connections";
  const secrets: string[] = [];

  it("start → consent → complete hands the platform's tokens to svc.token.store and answers connected", async () => {
    const started = await h.rpc.call(StartOAuth, { tenantId, platform, returnTo });
    const url = new URL(started.authorizationUrl);
    expect(url.href.startsWith(requireValue(h.sim?.url ?? null, "sim url"))).toBe(true);
    const state = requireValue(url.searchParams.get("state"), "state");
    expect(Buffer.from(state, "base64url")).toHaveLength(32);
    expect(url.searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:3000/api/oauth/${platform}/callback`);
    const expiresIn = Date.parse(started.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(600_000);

    const [stored] = await h.sql<
      SessionRow[]
    >`select * from oauth.oauth_sessions where tenant_id = ${tenantId}`;
    expect(stored?.state_hash).toBe(hashState(state));
    expect(stored?.return_to).toBe(returnTo);
    const pkce = platform === "gbp";
    expect(url.searchParams.get("code_challenge_method")).toBe(pkce ? "S256" : null);
    expect(stored?.code_verifier_ciphertext?.startsWith("v1.") ?? false).toBe(pkce);

    const redirect = await consent(started.authorizationUrl, "approve");
    expect(redirect.state).toBe(state);
    const code = requireValue(redirect.code, "code");
    const before = h.tokenService.received.length;
    const outcome = await h.rpc.call(CompleteOAuth, { platform, state, code, expectedTenantId: tenantId });

    expect(outcome).toMatchObject({ status: "connected", platform, returnTo, errorCode: null });
    expect(outcome.connectionId).toMatch(/^con_/);
    expect(h.tokenService.received).toHaveLength(before + 1);
    const request = h.tokenService.received.at(-1);
    if (!request) throw new Error("no store request");
    expect(request.tenantId).toBe(tenantId);
    expect(request.platform).toBe(platform);
    expect(request.accounts.length).toBeGreaterThan(0);
    // the tokens are the ones the (emulated) platform issued for this grant
    expect(h.sim?.state.tokens.find(request.tokens.accessToken)?.platform).toBe(platform);
    if (request.tokens.refreshToken) {
      expect(h.sim?.state.tokens.find(request.tokens.refreshToken)?.kind).toBe("refresh");
    }
    // nothing of the OAuth exchange itself travels to token-service
    const sent = JSON.stringify(request);
    expect(sent).not.toContain(state);
    expect(sent).not.toContain(code);

    const [after] = await h.sql<
      SessionRow[]
    >`select * from oauth.oauth_sessions where tenant_id = ${tenantId}`;
    expect(after).toMatchObject({ outcome: "connected", connection_id: outcome.connectionId });
    expect(after?.used_at).not.toBeNull();
    expect(after?.code_verifier_ciphertext).toBeNull();

    secrets.push(
      state,
      code,
      request.tokens.accessToken,
      ...(request.tokens.refreshToken ? [request.tokens.refreshToken] : []),
    );
    const answered = JSON.stringify(outcome);
    for (const secret of secrets) expect(answered).not.toContain(secret);
  });

  it("never writes the state, the code or the tokens to the logs or the database", async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const logs = h.logs();
    expect(logs).toContain("oauth completed");
    for (const secret of secrets) expect(logs).not.toContain(secret);
    const rows = await h.sql`select * from oauth.oauth_sessions`;
    const dump = JSON.stringify(rows);
    for (const secret of secrets) expect(dump).not.toContain(secret);
  });
});

describe("without returnTo", () => {
  it("completes with returnTo null", async () => {
    const started = await h.rpc.call(StartOAuth, { tenantId: "ten_plain", platform: "linkedin" });
    const redirect = await consent(started.authorizationUrl, "approve");
    const outcome = await h.rpc.call(CompleteOAuth, {
      platform: "linkedin",
      state: requireValue(redirect.state, "state"),
      code: requireValue(redirect.code, "code"),
    });
    expect(outcome).toMatchObject({ status: "connected", returnTo: null });
  });
});
