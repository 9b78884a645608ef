import { type ConnectionView, type Platform, WebhookReceived } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type E2eSystem, platforms, startE2eSystem, type Tenant } from "./support/e2e-system";
import { type EventRecorder, recordEvents } from "./support/events";
import { expectStatus } from "./support/http";

let e2e: E2eSystem;
let tenant: Tenant;
let events: EventRecorder;
const connections = new Map<Platform, ConnectionView>();
let mailchimpUrl: string;

beforeAll(async () => {
  e2e = await startE2eSystem();
  events = await recordEvents(e2e, [WebhookReceived]);
  tenant = await e2e.createTenant("Webhooks Co");
  for (const platform of platforms)
    connections.set(platform, (await e2e.connect(tenant, platform)).connection);
  const mailchimp = connections.get("mailchimp");
  mailchimpUrl = (
    await expectStatus(
      e2e.gateway<{ url: string }>(`/api/connections/${mailchimp?.id}/webhook-url`, { key: tenant.apiKey }),
      200,
    )
  ).url;
}, 240_000);

afterAll(async () => {
  await events?.stop();
  await e2e?.stop();
}, 60_000);

interface Case {
  event: string;
  /** which of the connection's accounts the delivery names, and the params that make the sim name it */
  account: (connection: ConnectionView) => { externalId: string; params: Record<string, unknown> };
  kind: string;
}

const accountOf = (connection: ConnectionView, kind: string, externalId?: string) => {
  const account = connection.accounts.find(
    (a) => a.kind === kind && (!externalId || a.externalId === externalId),
  );
  if (!account) throw new Error(`no ${kind} ${externalId ?? ""} on ${connection.platform}`);
  return account;
};

/** One delivery per platform, each naming an account of the tenant's connection. */
const cases: Record<Platform, Case> = {
  meta: {
    event: "feed",
    kind: "comment",
    account: (c) => {
      const page = accountOf(c, "facebook_page", "200000000000001");
      return {
        externalId: page.externalId,
        params: { pageId: page.externalId, item: "comment", message: "Nice!" },
      };
    },
  },
  linkedin: {
    event: "COMMENT",
    kind: "comment",
    account: (c) => {
      const organization = accountOf(c, "linkedin_organization", "urn:li:organization:1001");
      return { externalId: organization.externalId, params: { organizationId: 1001 } };
    },
  },
  tiktok: {
    event: "post.publish.complete",
    kind: "publish_completed",
    account: (c) => {
      const account = accountOf(c, "tiktok_account");
      return { externalId: account.externalId, params: { openId: account.externalId } };
    },
  },
  gbp: {
    event: "NEW_REVIEW",
    kind: "review",
    account: (c) => {
      const location = accountOf(c, "gbp_location", "locations/4130000000000000001");
      return { externalId: location.externalId, params: {} };
    },
  },
  mailchimp: {
    event: "subscribe",
    kind: "audience_change",
    account: (c) => {
      const audience = accountOf(c, "mailchimp_audience", "a19e5d0c01");
      return { externalId: audience.externalId, params: { listId: audience.externalId } };
    },
  },
};

const urlOf = (platform: Platform) =>
  platform === "mailchimp" ? mailchimpUrl : `${e2e.system.gatewayUrl}/api/webhooks/${platform}`;

interface Built {
  headers: Record<string, string>;
  body: string;
}

/** The sim builds the delivery exactly as the platform would (real bytes and signature); the test sends it. */
async function build(platform: Platform, event: string, params: Record<string, unknown>): Promise<Built> {
  return expectStatus(e2e.sim<Built>("/_sim/webhooks/build", { body: { platform, event, params } }), 200);
}

async function send(url: string, delivery: Built): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
  return { status: response.status, body: await response.text() };
}

async function receipts(platform: Platform): Promise<number> {
  const [row] = await e2e.sql<{ n: number }[]>`
    select count(*)::int as n from gateway.webhook_receipts where platform = ${platform}`;
  return row?.n ?? -1;
}

/** This tenant's events of the platform (a delivery naming an account several tenants connected reaches each). */
const received = (platform: Platform) =>
  events.of(WebhookReceived).filter((e) => e.data.platform === platform && e.tenantId === tenant.tenantId);

describe.each(platforms)("%s", (platform) => {
  const { event, kind, account } = cases[platform];

  it("a signed delivery fired by the sim is accepted (200) and normalized into one webhook.received.v1", async () => {
    const connection = connections.get(platform) as ConnectionView;
    const named = account(connection);
    const fired = await expectStatus(
      e2e.sim<{ delivery: { status: number; body: string } }>("/_sim/webhooks/fire", {
        body: { platform, url: urlOf(platform), event, params: named.params },
      }),
      200,
    );
    expect(fired.delivery.status, fired.delivery.body).toBe(200);
    expect(JSON.parse(fired.delivery.body)).toEqual({ received: 1, duplicates: 0 });
    await vi.waitFor(() => expect(received(platform)).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(received(platform)[0]).toMatchObject({
      tenantId: tenant.tenantId,
      data: {
        platform,
        kind,
        connectionId: connection.id,
        receiptId: expect.stringMatching(/^whr_/),
        platformEventId: expect.stringMatching(/.+/),
      },
    });
    if (platform !== "mailchimp") {
      expect(received(platform)[0]?.data.externalAccountId).toBe(named.externalId);
    }
  });

  it("the same delivery repeated has one effect", async () => {
    const named = account(connections.get(platform) as ConnectionView);
    const unique = Math.floor(Math.random() * 1e9);
    // ids of an event the platform has not sent before (each platform reads the ones it knows)
    const delivery = await build(platform, event, {
      ...named.params,
      commentId: `${named.externalId}_${unique}`,
      notificationId: unique,
      publishId: `v_pub_url~v2-${unique}`,
      messageId: String(unique),
      email: `twice-${unique}@bakery.test`,
    });
    const before = { events: received(platform).length, receipts: await receipts(platform) };
    const first = await send(urlOf(platform), delivery);
    expect(first.status, first.body).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ received: 1, duplicates: 0 });
    for (let attempt = 0; attempt < 3; attempt++) {
      const again = await send(urlOf(platform), delivery);
      expect(again.status).toBe(200);
      expect(JSON.parse(again.body)).toEqual({ received: 0, duplicates: 1 });
    }
    expect(await receipts(platform)).toBe(before.receipts + 1);
    await vi.waitFor(() => expect(received(platform)).toHaveLength(before.events + 1), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it("a tampered delivery is refused with 401 and has no effect", async () => {
    const named = account(connections.get(platform) as ConnectionView);
    const delivery = await build(platform, event, named.params);
    const before = await receipts(platform);
    if (platform === "mailchimp") {
      // no signature: the secret in the URL is the check
      const wrong = mailchimpUrl.replace(/.(?=$)/, (c) => (c === "A" ? "B" : "A"));
      expect((await send(wrong, delivery)).status).toBe(401);
    } else if (platform === "gbp") {
      // a Pub/Sub push is authenticated by its OIDC token (not by the body): forge the token's signature
      const authorization = delivery.headers.authorization ?? "";
      // a character well inside the signature: the last one of base64url also carries padding bits
      const at = authorization.length - 10;
      const forged = `${authorization.slice(0, at)}${authorization[at] === "A" ? "B" : "A"}${authorization.slice(at + 1)}`;
      const refused = await send(urlOf(platform), {
        ...delivery,
        headers: { ...delivery.headers, authorization: forged },
      });
      expect(refused.status, refused.body).toBe(401);
      const wrongAudience = await build(platform, event, { wrongAudience: true });
      expect((await send(urlOf(platform), wrongAudience)).status).toBe(401);
    } else {
      const tampered = {
        ...delivery,
        body: delivery.body.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10)),
      };
      expect(tampered.body).not.toBe(delivery.body);
      const refused = await send(urlOf(platform), tampered);
      expect(refused.status, refused.body).toBe(401);
      expect(JSON.parse(refused.body)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    }
    expect(await receipts(platform)).toBe(before);
  });
});

describe("Mailchimp's webhook URL", () => {
  it("is the tenant's to read (each read logged), never in the connection views, and only Mailchimp has one", async () => {
    const mailchimp = connections.get("mailchimp") as ConnectionView;
    expect(mailchimpUrl).toMatch(
      new RegExp(`^${e2e.system.gatewayUrl}/api/webhooks/mailchimp/[A-Za-z0-9_-]{40,}$`),
    );
    const secret = mailchimpUrl.split("/").at(-1) ?? "";
    const listed = await e2e.gateway("/api/connections", { key: tenant.apiKey });
    expect(listed.text).not.toContain(secret);
    const [logged] = await e2e.sql<{ n: number }[]>`
      select count(*)::int as n from token.secret_access_log
      where connection_id = ${mailchimp.id} and field = 'webhook_secret' and purpose = 'webhook-url'`;
    expect(logged?.n).toBe(1);
    const again = await e2e.gateway<{ url: string }>(`/api/connections/${mailchimp.id}/webhook-url`, {
      key: tenant.apiKey,
    });
    expect(again.body.url).toBe(mailchimpUrl); // one secret per connection, made once
    expect(again.headers.get("cache-control")).toBe("no-store");
    const meta = await e2e.gateway(`/api/connections/${connections.get("meta")?.id}/webhook-url`, {
      key: tenant.apiKey,
    });
    expect(meta.status).toBe(404);
  });
});

describe("stale deliveries", () => {
  it("tiktok: a signature timestamp older than the tolerance is refused with 401", async () => {
    const delivery = await build("tiktok", "post.publish.complete", {
      timestamp: Math.floor(Date.now() / 1000) - 3_600,
    });
    const before = await receipts("tiktok");
    expect((await send(urlOf("tiktok"), delivery)).status).toBe(401);
    expect(await receipts("tiktok")).toBe(before);
  });

  it("gbp: an expired Pub/Sub push token is refused with 401", async () => {
    const delivery = await build("gbp", "NEW_REVIEW", { expired: true });
    const before = await receipts("gbp");
    expect((await send(urlOf("gbp"), delivery)).status).toBe(401);
    expect(await receipts("gbp")).toBe(before);
  });
});

describe("authorization removed", () => {
  it("tiktok's authorization.removed revokes the connection (GET shows revoked)", async () => {
    const connection = connections.get("tiktok") as ConnectionView;
    const openId = accountOf(connection, "tiktok_account").externalId;
    const fired = await expectStatus(
      e2e.sim<{ delivery: { status: number } }>("/_sim/webhooks/fire", {
        body: {
          platform: "tiktok",
          url: urlOf("tiktok"),
          event: "authorization.removed",
          params: { openId },
        },
      }),
      200,
    );
    expect(fired.delivery.status).toBe(200);
    await vi.waitFor(
      async () => expect((await e2e.connection(tenant, connection.id)).status).toBe("revoked"),
      {
        timeout: 15_000,
        interval: 100,
      },
    );
    const [row] = await e2e.sql<{ n: number }[]>`
      select count(*)::int as n from token.secrets where connection_id = ${connection.id}`;
    expect(row?.n).toBe(0);
    // the other connections are untouched
    expect((await e2e.connection(tenant, connections.get("meta")?.id ?? "")).status).toBe("active");
  });
});
