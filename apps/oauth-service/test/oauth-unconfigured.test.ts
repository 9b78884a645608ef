import { StartOAuth } from "@postd/contracts";
import { isAppError } from "@postd/service-kit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/harness";

// No platform-sim and only Meta's credentials: the other platforms are not configured.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    sim: false,
    env: { META_CLIENT_ID: "meta-app-id", META_CLIENT_SECRET: "meta-app-secret" },
  });
});
afterAll(async () => h?.close());

it("a platform without credentials answers UNAVAILABLE saying so", async () => {
  const error = await h.rpc
    .call(StartOAuth, { tenantId: "ten_a", platform: "linkedin" })
    .catch((e: unknown) => e);
  expect(isAppError(error) && error.code).toBe("UNAVAILABLE");
  expect(isAppError(error) && error.message).toMatch(/linkedin is not configured/);
});

it("a configured platform builds the real authorization URL", async () => {
  const started = await h.rpc.call(StartOAuth, { tenantId: "ten_a", platform: "meta" });
  const url = new URL(started.authorizationUrl);
  expect(url.origin).toBe("https://www.facebook.com");
  expect(url.searchParams.get("client_id")).toBe("meta-app-id");
});
