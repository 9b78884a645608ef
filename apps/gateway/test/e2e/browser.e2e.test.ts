import type { Platform } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertChromiumInstalled,
  type Browser,
  launchChromium,
  type ReturnPage,
  startReturnPage,
} from "./support/browser";
import { accountKinds, type E2eSystem, platforms, startE2eSystem, type Tenant } from "./support/e2e-system";
import { expectStatus } from "./support/http";

let e2e: E2eSystem;
let browser: Browser;
let returnPage: ReturnPage;
let tenant: Tenant;

beforeAll(async () => {
  assertChromiumInstalled(); // before the system starts: a missing browser fails at once, with what to run
  returnPage = await startReturnPage();
  e2e = await startE2eSystem({ env: { OAUTH_RETURN_TO_ALLOWLIST: returnPage.origin } });
  tenant = await e2e.createTenant("Browser Co");
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
  await returnPage?.close();
}, 60_000);

describe.each(platforms)("%s in a real browser", (platform: Platform) => {
  it("clicks Approve on the sim's consent page and lands on the return page with the connection active", async () => {
    const returnTo = `${returnPage.origin}/settings/connections?tab=${platform}`;
    const { authorizationUrl } = await expectStatus(
      e2e.gateway<{ authorizationUrl: string }>(`/api/oauth/${platform}/start`, {
        key: tenant.apiKey,
        body: { returnTo },
      }),
      200,
    );
    const page = await browser.context.newPage();
    try {
      await page.goto(authorizationUrl);
      const approve = page.locator("#approve");
      await expect(approve.textContent()).resolves.toBe("Approve");
      await Promise.all([
        page.waitForURL((url) => url.origin === returnPage.origin, { timeout: 20_000 }),
        approve.click(),
      ]);
      const landed = new URL(page.url());
      expect(landed.pathname).toBe("/settings/connections");
      expect(landed.searchParams.get("tab")).toBe(platform);
      expect(landed.searchParams.get("status")).toBe("connected");
      expect(landed.searchParams.has("code")).toBe(false);
      expect(landed.searchParams.has("state")).toBe(false);
      await expect(page.locator("#status").textContent()).resolves.toBe("connected");

      const connectionId = landed.searchParams.get("connectionId") ?? "";
      expect(connectionId).toMatch(/^con_/);
      const connection = await e2e.connection(tenant, connectionId);
      expect(connection).toMatchObject({ platform, status: "active" });
      expect(connection.accounts.map((a) => a.kind)).toEqual(
        expect.arrayContaining([...accountKinds[platform]]),
      );
    } finally {
      await page.close();
    }
  });
});

describe("denying in the browser", () => {
  it("lands on the return page with status=error and stores nothing", async () => {
    const before = await expectStatus(
      e2e.gateway<{ data: unknown[] }>("/api/connections", { key: tenant.apiKey }),
      200,
    );
    const { authorizationUrl } = await expectStatus(
      e2e.gateway<{ authorizationUrl: string }>("/api/oauth/tiktok/start", {
        key: tenant.apiKey,
        body: { returnTo: `${returnPage.origin}/denied` },
      }),
      200,
    );
    const page = await browser.context.newPage();
    try {
      await page.goto(authorizationUrl);
      await Promise.all([
        page.waitForURL((url) => url.origin === returnPage.origin, { timeout: 20_000 }),
        page.locator("#deny").click(),
      ]);
      const landed = new URL(page.url());
      expect(landed.searchParams.get("status")).toBe("error");
      expect(landed.searchParams.get("code")).toBe("access_denied");
    } finally {
      await page.close();
    }
    const after = await expectStatus(
      e2e.gateway<{ data: unknown[] }>("/api/connections", { key: tenant.apiKey }),
      200,
    );
    expect(after.data).toHaveLength(before.data.length);
  });
});
