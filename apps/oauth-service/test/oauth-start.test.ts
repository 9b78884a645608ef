import { StartOAuth } from "@postd/contracts";
import { defaultIntegrationFlagValue } from "@postd/flags";
import { type AppError, isAppError } from "@postd/service-kit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness } from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function startError(request: Parameters<typeof h.rpc.call<typeof StartOAuth>>[1]): Promise<AppError> {
  const error = await h.rpc.call(StartOAuth, request).then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const sessionCount = async (tenantId: string) =>
  Number(
    (await h.sql`select count(*)::int as n from oauth.oauth_sessions where tenant_id = ${tenantId}`)[0]?.n,
  );

describe("integration flags", () => {
  it("creates integration_<platform> for every platform at first start, enabled for everybody", async () => {
    const names = (await h.adminFlags.list()).map((flag) => flag.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "integration_gbp",
        "integration_linkedin",
        "integration_mailchimp",
        "integration_meta",
        "integration_tiktok",
      ]),
    );
    expect(await h.adminFlags.get("integration_meta")).toMatchObject(defaultIntegrationFlagValue);
  });

  it("a platform switched off for a tenant answers FORBIDDEN naming the flag; others and allowed tenants go on", async () => {
    await h.adminFlags.denyTenant("integration_tiktok", "ten_blocked");
    await vi.waitFor(
      () => expect(h.service.flags.isEnabled("integration_tiktok", "ten_blocked")).toBe(false),
      { timeout: 10_000, interval: 50 },
    );

    const error = await startError({ tenantId: "ten_blocked", platform: "tiktok" });
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("integration_tiktok");
    expect(await sessionCount("ten_blocked")).toBe(0);
    await expect(
      h.rpc.call(StartOAuth, { tenantId: "ten_blocked", platform: "meta" }),
    ).resolves.toBeDefined();
    await expect(
      h.rpc.call(StartOAuth, { tenantId: "ten_other", platform: "tiktok" }),
    ).resolves.toBeDefined();
  });

  it("a platform switched off for everybody, except an allowed tenant", async () => {
    await h.adminFlags.set("integration_mailchimp", {
      enabled: false,
      rolloutPercentage: 100,
      tenants: { allow: ["ten_beta"], deny: [] },
    });
    await vi.waitFor(
      () => expect(h.service.flags.isEnabled("integration_mailchimp", "ten_any")).toBe(false),
      { timeout: 10_000, interval: 50 },
    );
    expect((await startError({ tenantId: "ten_any", platform: "mailchimp" })).code).toBe("FORBIDDEN");
    await expect(
      h.rpc.call(StartOAuth, { tenantId: "ten_beta", platform: "mailchimp" }),
    ).resolves.toBeDefined();
  });
});

describe("returnTo", () => {
  it.each([
    "https://evil.example.com/",
    "//evil.com",
    "https://app.example.com@evil.com/",
    "https:\\\\evil.com",
    "javascript:alert(1)",
    "",
  ])("refuses %j with VALIDATION naming returnTo, and stores nothing", async (returnTo) => {
    const error = await startError({ tenantId: "ten_redirect", platform: "meta", returnTo });
    expect(error.code).toBe("VALIDATION");
    expect(error.errors?.map((problem) => problem.path)).toEqual(["returnTo"]);
    expect(await sessionCount("ten_redirect")).toBe(0);
  });

  it("stores an allowed one in its normalized form", async () => {
    await h.rpc.call(StartOAuth, {
      tenantId: "ten_normal",
      platform: "meta",
      returnTo: "HTTPS://app.example.com:443/x/../done",
    });
    const [row] = await h.sql`select return_to from oauth.oauth_sessions where tenant_id = 'ten_normal'`;
    expect(row?.return_to).toBe("https://app.example.com/done");
  });
});

describe("sessions", () => {
  it("each start is a new state, stored only as its hash", async () => {
    const states = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const started = await h.rpc.call(StartOAuth, { tenantId: "ten_many", platform: "linkedin" });
      states.add(new URL(started.authorizationUrl).searchParams.get("state") ?? "");
    }
    expect(states.size).toBe(5);
    const dump = JSON.stringify(await h.sql`select * from oauth.oauth_sessions where tenant_id = 'ten_many'`);
    for (const state of states) expect(dump).not.toContain(state);
  });
});
