import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyPostdWebhook } from "./support/verify-webhook";

const docs = readFileSync(new URL("../../../docs/webhooks.md", import.meta.url), "utf8");
const verifier = readFileSync(new URL("./support/verify-webhook.ts", import.meta.url), "utf8");

describe("docs/webhooks.md", () => {
  it("shows exactly the verifier the tests check deliveries with", () => {
    const start = 'import { createHmac, timingSafeEqual } from "node:crypto";';
    const shown = docs.slice(docs.indexOf(start), docs.indexOf("```", docs.indexOf(start))).trim();
    expect(shown.length).toBeGreaterThan(500);
    expect(verifier.slice(verifier.indexOf(start)).trim()).toBe(shown);
  });

  it("publishes a test vector the verifier accepts", () => {
    const body = '{"id":"whd_0123456789abcdefghjkmnpqrs","event":"ping"}';
    const signature = "9cb19ce76152247f6de147a57db7e9e3b1eebfe3628fed16fd8ffa17e9b76a5b";
    expect(docs).toContain(signature);
    expect(docs).toContain(body);
    const headers = {
      "postd-webhook-id": "whd_0123456789abcdefghjkmnpqrs",
      "postd-webhook-timestamp": "1767225600",
      "postd-signature": `t=1767225600,v1=${signature}`,
    };
    const verify = (secret: string) =>
      verifyPostdWebhook({ rawBody: body, headers, secrets: [secret], nowSeconds: 1_767_225_600 });
    expect(verify("whsec_test-secret-0123456789")).toBe(true);
    expect(verify("whsec_test-secret-0123456788")).toBe(false);
  });
});
