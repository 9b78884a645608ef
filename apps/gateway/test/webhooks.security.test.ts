import type { Platform } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";
import { type StandInTokenService, startStandInTokenService } from "./support/stand-in-services";

let harness: GatewayHarness;
let token: StandInTokenService;

beforeAll(async () => {
  harness = await startGatewayHarness({ sim: true, env: { WEBHOOK_BAD_SIGNATURE_LIMIT_PER_MINUTE: "5" } });
  const { nc, ns, logger } = harness.gateway.runtime;
  token = await startStandInTokenService({ nc, ns, logger });
});

afterAll(async () => {
  await token?.stop();
  await harness?.stop();
});

interface Built {
  headers: Record<string, string>;
  body: string;
}

const build = async (platform: Platform, event: string, params: Record<string, unknown> = {}) =>
  (await harness.sim?.control<Built>("POST", "/_sim/webhooks/build", { platform, event, params })) as Built;

let address = 0;
/** each test speaks from its own address, so the refusal counter of one does not leak into another */
const nextAddress = () => `10.0.0.${++address}`;

const deliver = (url: string, delivery: Built, remoteAddress: string) =>
  harness.app.inject({
    method: "POST",
    url,
    headers: delivery.headers,
    payload: delivery.body,
    remoteAddress,
  });

const count = async (table: "webhook_receipts" | "outbox") => {
  const rows = await harness.gateway.runtime.database.sql.unsafe<{ n: number }[]>(
    `select count(*)::int as n from gateway.${table}`,
  );
  return rows[0]?.n ?? -1;
};

/** One character of the body changed: the same bytes with `from` replaced by `to`. */
function tamper(delivery: Built, from: RegExp, to: string): Built {
  const body = delivery.body.replace(from, to);
  expect(body).not.toBe(delivery.body);
  return { ...delivery, body };
}

describe("refused deliveries", () => {
  const cases: Array<{ name: string; platform: Platform; delivery: () => Promise<Built> }> = [
    {
      name: "meta, body changed after signing",
      platform: "meta",
      delivery: async () =>
        tamper(await build("meta", "feed", { item: "comment" }), /"comment"/, '"c0mment"'),
    },
    {
      name: "meta, no signature",
      platform: "meta",
      delivery: async () => {
        const built = await build("meta", "feed");
        const headers = Object.fromEntries(
          Object.entries(built.headers).filter(([n]) => !n.startsWith("x-hub")),
        );
        return { ...built, headers };
      },
    },
    {
      name: "meta, body re-serialized (whitespace)",
      platform: "meta",
      delivery: async () => {
        const built = await build("meta", "feed");
        return { ...built, body: JSON.stringify(JSON.parse(built.body), null, 1) };
      },
    },
    {
      name: "linkedin, body changed after signing",
      platform: "linkedin",
      delivery: async () => tamper(await build("linkedin", "LIKE"), /"LIKE"/, '"COMMENT"'),
    },
    {
      name: "tiktok, stale timestamp",
      platform: "tiktok",
      delivery: () =>
        build("tiktok", "post.publish.complete", { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    },
    {
      name: "tiktok, body changed after signing",
      platform: "tiktok",
      delivery: async () =>
        tamper(
          await build("tiktok", "authorization.removed"),
          /"authorization\.removed"/,
          '"authorization.remove"',
        ),
    },
    {
      name: "gbp, token for another audience",
      platform: "gbp",
      delivery: () => build("gbp", "NEW_REVIEW", { wrongAudience: true }),
    },
    {
      name: "gbp, expired token",
      platform: "gbp",
      delivery: () => build("gbp", "NEW_REVIEW", { expired: true }),
    },
  ];

  for (const { name, platform, delivery } of cases) {
    it(`${name}: 401 problem, recorded in the audit log, nothing taken in`, async () => {
      const before = { receipts: await count("webhook_receipts"), outbox: await count("outbox") };
      const response = await deliver(`/api/webhooks/${platform}`, await delivery(), nextAddress());
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
      expect({ receipts: await count("webhook_receipts"), outbox: await count("outbox") }).toEqual(before);
      const [audit] = await harness.gateway.runtime.database.sql<
        { actor: string; details: { reason: string } }[]
      >`
        select actor, details from gateway.audit_log where action = 'webhook.refused' order by at desc, id desc limit 1`;
      expect(audit).toMatchObject({ actor: `platform:${platform}`, details: { reason: "bad_signature" } });
    });
  }

  it("mailchimp: an unknown URL secret is 401", async () => {
    const delivery = await build("mailchimp", "subscribe");
    const response = await deliver(
      "/api/webhooks/mailchimp/mcs_not_a_known_secret_000",
      delivery,
      nextAddress(),
    );
    expect(response.statusCode).toBe(401);
    expect(response.json<{ detail: string }>().detail).toBe("this webhook URL is not known");
  });

  it("a flood of refused deliveries from one address is answered 429 before verifying, others unaffected", async () => {
    const flooder = nextAddress();
    const forged = tamper(await build("meta", "feed", { item: "comment" }), /"comment"/, '"c0mment"');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await deliver("/api/webhooks/meta", forged, flooder)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const genuine = await build("meta", "feed", { item: "reaction" });
    const refused = await deliver("/api/webhooks/meta", genuine, flooder);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await deliver("/api/webhooks/meta", genuine, nextAddress())).statusCode).toBe(200);
  });
});

describe("wrong requests", () => {
  it("answers 415 for a body that is not the platform's content type", async () => {
    const delivery = await build("meta", "feed");
    const response = await deliver(
      "/api/webhooks/meta",
      { ...delivery, headers: { ...delivery.headers, "content-type": "text/plain" } },
      nextAddress(),
    );
    expect(response.statusCode).toBe(415);
    const mailchimp = await deliver("/api/webhooks/mailchimp/mcs_0123456789abcdef", delivery, nextAddress());
    expect(mailchimp.statusCode).toBe(415);
  });

  it("answers 404 for an unknown platform, and points Mailchimp to its secret URL", async () => {
    const delivery = await build("meta", "feed");
    const unknown = await deliver("/api/webhooks/myspace", delivery, nextAddress());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ detail: string }>().detail).toContain("meta, linkedin, tiktok, gbp, mailchimp");
    const bare = await harness.app.inject({ method: "GET", url: "/api/webhooks/mailchimp" });
    expect(bare.statusCode).toBe(404);
    expect(bare.json<{ detail: string }>().detail).toContain("/api/webhooks/mailchimp/<secret>");
  });

  it("answers 400 to a GET that is no verification request", async () => {
    const response = await harness.app.inject({ method: "GET", url: "/api/webhooks/tiktok" });
    expect(response.statusCode).toBe(400);
  });

  it("answers 503 (the platform retries) when token-service cannot say who owns the account", async () => {
    await token.stop();
    const before = await count("webhook_receipts");
    const delivery = await build("linkedin", "COMMENT");
    const response = await deliver("/api/webhooks/linkedin", delivery, nextAddress());
    expect(response.statusCode).toBe(503);
    expect(await count("webhook_receipts")).toBe(before);
    const { nc, ns, logger } = harness.gateway.runtime;
    token = await startStandInTokenService({ nc, ns, logger });
  });
});
