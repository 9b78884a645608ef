import type { AccountKind, Platform } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";
import { type StandInTokenService, startStandInTokenService } from "./support/stand-in-services";
import { readWebhookStream, type WebhookStream } from "./support/webhook-stream";

let harness: GatewayHarness;
let token: StandInTokenService;
let stream: WebhookStream;
let tenant: { tenantId: string };

beforeAll(async () => {
  harness = await startGatewayHarness({ sim: true });
  const { nc, ns, logger, database } = harness.gateway.runtime;
  token = await startStandInTokenService({ nc, ns, logger });
  stream = await readWebhookStream({ nc, ns, sql: database.sql });
  tenant = await harness.createTenant();
});

afterAll(async () => {
  await stream?.stop();
  await token?.stop();
  await harness?.stop();
});

interface Built {
  headers: Record<string, string>;
  body: string;
}

/** A delivery exactly as the platform would send it (platform-sim's buildWebhook: real bytes, real signature). */
async function buildDelivery(
  platform: Platform,
  event: string,
  params: Record<string, unknown> = {},
): Promise<Built> {
  return (await harness.sim?.control<Built>("POST", "/_sim/webhooks/build", {
    platform,
    event,
    params,
  })) as Built;
}

/** The platform account the delivery names, read by the connector itself, so the test can connect that account. */
function accountNamedBy(platform: Platform, delivery: Built): string {
  const [event] = harness.gateway.deps.connectors.get(platform).parseWebhookEvent({
    rawBody: Buffer.from(delivery.body),
    headers: lowerCase(delivery.headers),
    query: {},
  });
  if (!event?.externalAccountId) throw new Error(`the ${platform} delivery names no account`);
  return event.externalAccountId;
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

const deliver = (url: string, delivery: Built) =>
  harness.app.inject({ method: "POST", url, headers: delivery.headers, payload: delivery.body });

const receiptCount = async (platform: string) => {
  const [row] = await harness.gateway.runtime.database.sql<{ n: number }[]>`
    select count(*)::int as n from gateway.webhook_receipts where platform = ${platform}`;
  return row?.n ?? -1;
};

const signedDeliveries: Array<{
  platform: Platform;
  kind: AccountKind;
  event: string;
  params?: Record<string, unknown>;
}> = [
  { platform: "meta", kind: "facebook_page", event: "feed", params: { item: "comment", message: "Nice!" } },
  { platform: "linkedin", kind: "linkedin_organization", event: "COMMENT" },
  { platform: "tiktok", kind: "tiktok_account", event: "post.publish.complete" },
  { platform: "gbp", kind: "gbp_location", event: "NEW_REVIEW" },
];

describe("signed deliveries", () => {
  for (const { platform, kind, event, params } of signedDeliveries) {
    it(`${platform}: accepted, one webhook.received.v1 for the owning tenant, a repeat has no effect`, async () => {
      const delivery = await buildDelivery(platform, event, params);
      const connection = token.addConnection({
        tenantId: tenant.tenantId,
        platform,
        kind,
        externalAccountId: accountNamedBy(platform, delivery),
      });

      const first = await deliver(`/api/webhooks/${platform}`, delivery);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ received: 1, duplicates: 0 });
      await stream.settled();
      const mine = () => stream.events.filter((e) => e.data.platform === platform);
      expect(mine()).toHaveLength(1);
      expect(mine()[0]).toMatchObject({
        subject: "webhook.received.v1",
        tenantId: tenant.tenantId,
        data: {
          platform,
          connectionId: connection.id,
          externalAccountId: connection.accounts[0]?.externalId,
          receiptId: expect.stringMatching(/^whr_/),
        },
      });

      const again = await deliver(`/api/webhooks/${platform}`, delivery);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ received: 0, duplicates: 1 });
      await stream.settled();
      expect(mine()).toHaveLength(1);
      expect(await receiptCount(platform)).toBe(1);
    });
  }

  it("mailchimp: found by the URL secret, accepted once", async () => {
    const secret = "mcs_0123456789abcdefghijklmnop";
    const connection = token.addConnection({
      tenantId: tenant.tenantId,
      platform: "mailchimp",
      kind: "mailchimp_audience",
    });
    token.addMailchimpSecret(secret, { tenantId: tenant.tenantId, connectionId: connection.id });
    const delivery = await buildDelivery("mailchimp", "subscribe");
    const first = await deliver(`/api/webhooks/mailchimp/${secret}`, delivery);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: 1, duplicates: 0 });
    expect((await deliver(`/api/webhooks/mailchimp/${secret}`, delivery)).json()).toEqual({
      received: 0,
      duplicates: 1,
    });
    await stream.settled();
    const mine = stream.events.filter((e) => e.data.platform === "mailchimp");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      tenantId: tenant.tenantId,
      data: { kind: "audience_change", connectionId: connection.id },
    });
  });

  it("an event for an account nobody connected is recorded once with no tenant", async () => {
    const delivery = await buildDelivery("tiktok", "post.publish.failed", { openId: "open-id-nobody-has" });
    expect((await deliver("/api/webhooks/tiktok", delivery)).json()).toEqual({ received: 1, duplicates: 0 });
    await stream.settled();
    const unowned = stream.events.filter((e) => e.data.externalAccountId === "open-id-nobody-has");
    expect(unowned).toHaveLength(1);
    expect(unowned[0]).toMatchObject({ tenantId: null, data: { connectionId: null } });
  });
});

describe("handshakes", () => {
  it("meta: echoes hub.challenge for the right verify token, 403 otherwise", async () => {
    const ok = await harness.app.inject({
      method: "GET",
      url: "/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=postd-meta-verify&hub.challenge=1158201444",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("1158201444");
    const wrong = await harness.app.inject({
      method: "GET",
      url: "/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444",
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain("1158201444");
  });

  it("linkedin: answers the challengeCode with its HMAC", async () => {
    const { createHmac } = await import("node:crypto");
    const code = "f29a2b8e-0a4a-4a5f-9e7e-2d1c2b8d7a11";
    const response = await harness.app.inject({
      method: "GET",
      url: `/api/webhooks/linkedin?challengeCode=${code}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      challengeCode: code,
      challengeResponse: createHmac("sha256", "postd-sim-linkedin-secret").update(code).digest("hex"),
    });
  });

  it("mailchimp: answers its URL validation", async () => {
    const response = await harness.app.inject({
      method: "GET",
      url: "/api/webhooks/mailchimp/mcs_anything_at_all_123",
    });
    expect(response.statusCode).toBe(200);
  });
});
