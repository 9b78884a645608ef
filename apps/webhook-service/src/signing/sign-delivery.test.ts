import { describe, expect, it } from "vitest";
import { createSigningSecret, deliveryHeaders, signatureOf } from "./sign-delivery";

// the vector docs/webhooks.md publishes for tenants to test their verifier against
const vector = {
  secret: "whsec_test-secret-0123456789",
  id: "whd_0123456789abcdefghjkmnpqrs",
  timestamp: 1_767_225_600,
  body: '{"id":"whd_0123456789abcdefghjkmnpqrs","event":"ping"}',
  signature: "9cb19ce76152247f6de147a57db7e9e3b1eebfe3628fed16fd8ffa17e9b76a5b",
};

describe("signing", () => {
  it("matches the published vector", () => {
    expect(signatureOf(vector)).toBe(vector.signature);
  });

  it("puts one v1 per signing secret after the timestamp, current first", () => {
    const headers = deliveryHeaders({ ...vector, secrets: [vector.secret, "whsec_previous"] });
    const previous = signatureOf({ ...vector, secret: "whsec_previous" });
    expect(headers).toEqual({
      "Content-Type": "application/json",
      "User-Agent": "postd-webhooks/1",
      "Postd-Webhook-Id": vector.id,
      "Postd-Webhook-Timestamp": "1767225600",
      "Postd-Signature": `t=1767225600,v1=${vector.signature},v1=${previous}`,
    });
  });

  it("makes secrets of 256 random bits", () => {
    const secret = createSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(createSigningSecret()).not.toBe(secret);
  });
});
