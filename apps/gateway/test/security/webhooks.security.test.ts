import type { Connector, ConnectorRegistry, WebhookRequest } from "@postd/connectors";
import type { AccountKind, Platform } from "@postd/contracts";
import type { HttpServer } from "@postd/service-kit";
import { randomToken } from "@postd/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "../support/gateway-harness";
import { type StandInTokenService, startStandInTokenService } from "../support/stand-in-services";
import { readWebhookStream, type WebhookStream } from "../support/webhook-stream";
import { expectProblem } from "./support/problem";

/** Refused deliveries one address may send per platform and minute before it is answered 429 unverified. */
const floodLimit = 4;

let harness: GatewayHarness;
let token: StandInTokenService;
let stream: WebhookStream;
let tenantId: string;
/** the gateway app over a registry that counts every signature check */
let counted: HttpServer;
const verifications = new Map<Platform, number>();

beforeAll(async () => {
  harness = await startGatewayHarness({
    sim: true,
    env: { WEBHOOK_BAD_SIGNATURE_LIMIT_PER_MINUTE: String(floodLimit) },
  });
  const { nc, ns, logger, database } = harness.gateway.runtime;
  token = await startStandInTokenService({ nc, ns, logger });
  stream = await readWebhookStream({ nc, ns, sql: database.sql });
  tenantId = (await harness.createTenant("Webhook owner")).tenantId;
  counted = await harness.buildVariant(
    { WEBHOOK_BAD_SIGNATURE_LIMIT_PER_MINUTE: String(floodLimit) },
    { connectors: countingVerifications(harness.gateway.deps.connectors) },
  );
});

afterAll(async () => {
  await counted?.close();
  await stream?.stop();
  await token?.stop();
  await harness?.stop();
});

/** The same registry, with each connector's `validateWebhookSignature` counted per platform. */
function countingVerifications(registry: ConnectorRegistry): ConnectorRegistry {
  return {
    configured: registry.configured,
    http: registry.http,
    isConfigured: (platform) => registry.isConfigured(platform),
    get(platform) {
      const connector = registry.get(platform);
      return new Proxy(connector, {
        get(target, property, receiver) {
          if (property !== "validateWebhookSignature") return Reflect.get(target, property, receiver);
          return (request: WebhookRequest) => {
            verifications.set(platform, (verifications.get(platform) ?? 0) + 1);
            return target.validateWebhookSignature(request);
          };
        },
      }) satisfies Connector;
    },
  };
}

interface Built {
  headers: Record<string, string>;
  body: string;
}

const build = async (platform: Platform, event: string, params: Record<string, unknown> = {}) =>
  (await harness.sim?.control<Built>("POST", "/_sim/webhooks/build", { platform, event, params })) as Built;

let lastAddress = 0;
const nextAddress = () => `10.20.${Math.floor(++lastAddress / 250)}.${lastAddress % 250}`;

const deliver = (
  app: HttpServer,
  platform: string,
  delivery: Built,
  remoteAddress: string,
  headers: Record<string, string> = delivery.headers,
) =>
  app.inject({
    method: "POST",
    url: `/api/webhooks/${platform}`,
    headers,
    payload: delivery.body,
    remoteAddress,
  });

const receipts = async () => {
  const [row] = await harness.gateway.runtime.database.sql<{ n: number }[]>`
    select count(*)::int as n from gateway.webhook_receipts`;
  return row?.n ?? -1;
};

/** Connects the account a delivery names to the tenant (in the stand-in token-service), as a real owner. */
function own(platform: Platform, kind: AccountKind, delivery: Built): void {
  const [event] = harness.gateway.deps.connectors.get(platform).parseWebhookEvent({
    rawBody: Buffer.from(delivery.body),
    headers: Object.fromEntries(Object.entries(delivery.headers).map(([n, v]) => [n.toLowerCase(), v])),
    query: {},
  });
  if (!event?.externalAccountId) throw new Error(`the ${platform} delivery names no account`);
  token.addConnection({ tenantId, platform, kind, externalAccountId: event.externalAccountId });
}

/** One character changed after signing: in the signed body, or (GBP, whose OIDC token signs no body) in the token. */
type Tamper = (genuine: Built) => Built;
const inBody =
  (from: RegExp, to: string): Tamper =>
  (genuine) => ({ ...genuine, body: genuine.body.replace(from, to) });
const inToken: Tamper = (genuine) => {
  const headers = { ...genuine.headers };
  const name =
    Object.keys(headers).find((header) => header.toLowerCase() === "authorization") ?? "authorization";
  const token = headers[name] ?? "";
  headers[name] = `${token.slice(0, -3)}${token.at(-3) === "A" ? "B" : "A"}${token.slice(-2)}`;
  return { ...genuine, headers };
};

const signed: Array<{ platform: Platform; kind: AccountKind; event: string; tamper: Tamper }> = [
  { platform: "meta", kind: "facebook_page", event: "feed", tamper: inBody(/"feed"/, '"fead"') },
  {
    platform: "linkedin",
    kind: "linkedin_organization",
    event: "COMMENT",
    tamper: inBody(/"COMMENT"/, '"C0MMENT"'),
  },
  {
    platform: "tiktok",
    kind: "tiktok_account",
    event: "post.publish.complete",
    tamper: inBody(/"post\.publish\.complete"/, '"post.publish.c0mplete"'),
  },
  { platform: "gbp", kind: "gbp_location", event: "NEW_REVIEW", tamper: inToken },
];

describe.each(signed)("$platform deliveries", ({ platform, kind, event, tamper }) => {
  it("a replay — five times in a row and five at once — takes effect once: one receipt, one event", async () => {
    const delivery = await build(platform, event);
    own(platform, kind, delivery);
    const before = { receipts: await receipts(), events: stream.events.length };
    const first = await deliver(harness.app, platform, delivery, nextAddress());
    expect(first.json()).toEqual({ received: 1, duplicates: 0 });
    for (let i = 0; i < 4; i++) {
      expect((await deliver(harness.app, platform, delivery, nextAddress())).json()).toEqual({
        received: 0,
        duplicates: 1,
      });
    }
    // a second, different delivery: Meta's and TikTok's event ids are digests of bodies whose times are whole
    // seconds, so two built in one second are one event unless something in them differs
    const unique = randomToken();
    const concurrent = await build(platform, event, {
      publishId: `v_pub_url~${unique}`,
      message: `second delivery ${unique}`,
    });
    expect(concurrent.body).not.toBe(delivery.body);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => deliver(harness.app, platform, concurrent, nextAddress())),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.reduce((sum, answer) => sum + answer.json<{ received: number }>().received, 0)).toBe(1);
    await stream.settled();
    expect({ receipts: await receipts(), events: stream.events.length }).toEqual({
      receipts: before.receipts + 2,
      events: before.events + 2,
    });
  });

  it("one character changed after signing is refused 401, and nothing is taken in", async () => {
    const genuine = await build(platform, event);
    const tampered = tamper(genuine);
    expect(tampered).not.toEqual(genuine);
    const before = await receipts();
    const refused = await deliver(harness.app, platform, tampered, nextAddress(), tampered.headers);
    expectProblem(refused, 401, { code: "UNAUTHENTICATED" });
    expect(await receipts()).toBe(before);
  });
});

describe("stale deliveries", () => {
  it("tiktok: a signature older than the tolerance is refused, even though it matches the body", async () => {
    const stale = await build("tiktok", "post.publish.complete", {
      timestamp: Math.floor(Date.now() / 1000) - 3_600,
    });
    expectProblem(await deliver(harness.app, "tiktok", stale, nextAddress()), 401, {
      code: "UNAUTHENTICATED",
    });
  });

  it("gbp: an expired Pub/Sub token is refused", async () => {
    const expired = await build("gbp", "NEW_REVIEW", { expired: true });
    expectProblem(await deliver(harness.app, "gbp", expired, nextAddress()), 401, {
      code: "UNAUTHENTICATED",
    });
  });
});

describe("malformed signature headers", () => {
  it("meta: missing, empty, wrong prefix, wrong length, not hex or repeated → 401 problem, never a 5xx", async () => {
    const genuine = await build("meta", "feed");
    const name = Object.keys(genuine.headers).find(
      (header) => header.toLowerCase() === "x-hub-signature-256",
    );
    if (!name) throw new Error("the sim's Meta delivery has no X-Hub-Signature-256");
    const value = genuine.headers[name] ?? "";
    const without = Object.fromEntries(Object.entries(genuine.headers).filter(([header]) => header !== name));
    const variants: Array<Record<string, string | string[]>> = [
      without,
      { ...without, [name]: "" },
      { ...without, [name]: value.replace("sha256=", "sha1=") },
      { ...without, [name]: value.slice(0, -2) },
      { ...without, [name]: `${value.slice(0, -1)}g` },
      { ...without, [name]: value.replace("sha256=", "") },
      { ...without, [name]: [value, value] },
    ];
    for (const headers of variants) {
      const response = await harness.app.inject({
        method: "POST",
        url: "/api/webhooks/meta",
        headers,
        payload: genuine.body,
        remoteAddress: nextAddress(),
      });
      expectProblem(response, 401, { code: "UNAUTHENTICATED", what: JSON.stringify(headers[name]) });
    }
  });
});

describe("a flood of bad signatures", () => {
  it("is answered 429 without verifying once an address passes the limit; other platforms and addresses pass", async () => {
    const flooder = nextAddress();
    const genuine = await build("meta", "feed", { item: "reaction" });
    const forged = { ...genuine, body: genuine.body.replace('"reaction"', '"comment"') };
    const statuses: number[] = [];
    for (let i = 0; i < floodLimit + 3; i++)
      statuses.push((await deliver(counted, "meta", forged, flooder)).statusCode);
    expect(statuses).toEqual([
      ...Array.from({ length: floodLimit }, () => 401),
      ...Array.from({ length: 3 }, () => 429),
    ]);
    // exactly the refused ones were verified: the 429s cost no HMAC
    expect(verifications.get("meta")).toBe(floodLimit);

    const limited = await deliver(counted, "meta", genuine, flooder);
    expectProblem(limited, 429, { code: "RATE_LIMITED" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(verifications.get("meta")).toBe(floodLimit);

    // good deliveries still pass: the same platform from another address, other platforms from this one
    own("meta", "facebook_page", genuine);
    expect((await deliver(counted, "meta", genuine, nextAddress())).statusCode).toBe(200);
    for (const { platform, kind, event } of signed.filter((s) => s.platform !== "meta")) {
      const delivery = await build(platform, event);
      own(platform, kind, delivery);
      const response = await deliver(counted, platform, delivery, flooder);
      expect(response.statusCode, `${platform}: ${response.body}`).toBe(200);
    }
  });
});
