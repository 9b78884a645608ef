import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WebhookRequest } from "../src/index";
import { callCount, createHarness, endpoints, type Harness, pushAudience, startGbpSim } from "./gbp-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let harness: Harness;

beforeAll(async () => {
  sim = await startGbpSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
});

const v4Location = "accounts/1100000000000000001/locations/4130000000000000001";

async function build(event: string, params: Record<string, unknown> = {}): Promise<WebhookRequest> {
  const built = await sim.control<{ headers: Record<string, string>; body: string }>(
    "POST",
    "/_sim/webhooks/build",
    {
      platform: "gbp",
      event,
      params,
    },
  );
  return { rawBody: Buffer.from(built.body, "utf8"), headers: lowerCase(built.headers), query: {} };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

const verify = (request: WebhookRequest, options?: { now?: number }) =>
  harness.connector.validateWebhookSignature(request, options);

function tokenParts(request: WebhookRequest): [string, string, string] {
  const [header = "", claims = "", signature = ""] = String(request.headers.authorization)
    .slice(7)
    .split(".");
  return [header, claims, signature];
}
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decode = (part: string) =>
  JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
const withToken = (request: WebhookRequest, token: string): WebhookRequest => ({
  ...request,
  headers: { ...request.headers, authorization: `Bearer ${token}` },
});

describe("gbp Pub/Sub push deliveries built by the sim", () => {
  it("a NEW_REVIEW push verifies and parses into a review event", async () => {
    const request = await build("NEW_REVIEW", { messageId: "4961298133454345" });
    expect(await verify(request)).toBe(true);
    const envelope = JSON.parse(request.rawBody.toString("utf8")) as { message: { publishTime: string } };
    expect(harness.connector.parseWebhookEvent(request)).toEqual([
      {
        platformEventId: "4961298133454345",
        kind: "review",
        externalAccountId: "locations/4130000000000000001",
        occurredAt: new Date(envelope.message.publishTime),
        data: {
          notificationType: "NEW_REVIEW",
          locationName: "locations/4130000000000000001",
          v4LocationName: v4Location,
          reviewName: `${v4Location}/reviews/sim-review-1`,
          subscription: "projects/postd-sim/subscriptions/gbp-notifications",
        },
      },
    ]);
  });

  it.each([
    ["UPDATED_REVIEW", "review", "reviewName"],
    ["NEW_QUESTION", "comment", "questionName"],
    ["NEW_ANSWER", "comment", "answerName"],
    ["NEW_CUSTOMER_MEDIA", "other", "mediaName"],
    ["GOOGLE_UPDATE", "other", null],
    ["VOICE_OF_MERCHANT_UPDATED", "other", null],
  ])("%s → %s", async (type, kind, resource) => {
    const [event] = harness.connector.parseWebhookEvent(await build(type));
    expect(event).toMatchObject({
      kind,
      externalAccountId: "locations/4130000000000000001",
      data: { notificationType: type },
    });
    if (resource) expect(event?.data[resource]).toEqual(expect.stringContaining(v4Location));
  });

  it("accepts the other spellings of the data keys, and refuses what is not a push", async () => {
    const data = Buffer.from(
      JSON.stringify({ notificationType: "NEW_REVIEW", locationName: "locations/99" }),
    ).toString("base64");
    const body = JSON.stringify({
      message: { data, message_id: "77", publish_time: "2026-01-02T03:04:05Z" },
    });
    const [event] = harness.connector.parseWebhookEvent({
      rawBody: Buffer.from(body),
      headers: {},
      query: {},
    });
    expect(event).toMatchObject({ platformEventId: "77", kind: "review", externalAccountId: "locations/99" });
    expect(event?.occurredAt.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    for (const garbage of [
      "",
      "{",
      "[]",
      '{"message":{}}',
      '{"message":{"messageId":"1","data":"bm90IGpzb24="}}',
    ]) {
      expect(
        harness.connector.parseWebhookEvent({ rawBody: Buffer.from(garbage), headers: {}, query: {} }),
      ).toEqual([]);
    }
  });

  it("arrives over HTTP through /_sim/webhooks/fire and verifies from the received bytes", async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const fired = await sim.control<{ delivery: { status: number } }>("POST", "/_sim/webhooks/fire", {
        platform: "gbp",
        url: `http://127.0.0.1:${port}/api/webhooks/gbp`,
        event: "NEW_REVIEW",
      });
      expect(fired.delivery.status).toBe(204);
      const [delivery] = received;
      const request = {
        rawBody: delivery?.body ?? Buffer.alloc(0),
        headers: delivery?.headers ?? {},
        query: {},
      };
      expect(await verify(request)).toBe(true);
      expect(harness.connector.parseWebhookEvent(request)[0]?.kind).toBe("review");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("Google's keys are fetched once and cached", async () => {
    const request = await build("NEW_REVIEW");
    expect(await verify(request)).toBe(true);
    expect(await verify(await build("GOOGLE_UPDATE"))).toBe(true);
    expect(await callCount(sim, endpoints.certs)).toBe(1);
  });

  it("there is no handshake", async () => {
    expect(harness.connector.handleWebhookHandshake(await build("NEW_REVIEW"))).toBeNull();
  });
});

describe("gbp push tokens that are refused, without throwing", () => {
  it.each([
    ["a wrong audience", { wrongAudience: true }],
    ["another subscription's audience", { audience: "https://other.example.test/push" }],
    ["a foreign issuer", { issuer: "https://evil.example.test" }],
    ["an expired token", { expired: true }],
    ["another service account", { email: "someone@evil.iam.gserviceaccount.com" }],
    ["an unverified email", { emailVerified: false }],
  ])("%s", async (_why, params) => {
    expect(await verify(await build("NEW_REVIEW", params))).toBe(false);
  });

  it("a token checked an hour and more after it was issued", async () => {
    const request = await build("NEW_REVIEW");
    expect(await verify(request, { now: Date.now() + 3_700_000 })).toBe(false);
    expect(await verify(request, { now: Date.now() - 120_000 })).toBe(false);
  });

  it("a tampered signature, a tampered claim, alg none and alg HS256", async () => {
    const request = await build("NEW_REVIEW");
    const [header, claims, signature] = tokenParts(request);
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    expect(await verify(withToken(request, `${header}.${claims}.${flipped}`))).toBe(false);
    // every claim check still passes: only the signature can refuse this one
    const otherClaims = encode({ ...decode(claims), sub: "999" });
    expect(await verify(withToken(request, `${header}.${otherClaims}.${signature}`))).toBe(false);
    const none = encode({ ...decode(header), alg: "none" });
    expect(await verify(withToken(request, `${none}.${claims}.`))).toBe(false);
    expect(await verify(withToken(request, `${none}.${claims}.${signature}`))).toBe(false);
    const hs256 = encode({ ...decode(header), alg: "HS256" });
    expect(await verify(withToken(request, `${hs256}.${claims}.${signature}`))).toBe(false);
    const unknownKey = encode({ ...decode(header), kid: "not-a-google-key" });
    expect(await verify(withToken(request, `${unknownKey}.${claims}.${signature}`))).toBe(false);
  });

  it("a missing, duplicated, non-Bearer or malformed Authorization header", async () => {
    const request = await build("NEW_REVIEW");
    const token = String(request.headers.authorization);
    const { authorization: _dropped, ...without } = request.headers;
    expect(await verify({ ...request, headers: without })).toBe(false);
    expect(await verify({ ...request, headers: { ...without, authorization: [token, token] } })).toBe(false);
    expect(
      await verify({ ...request, headers: { ...without, authorization: token.replace("Bearer", "Basic") } }),
    ).toBe(false);
    for (const value of ["Bearer", "Bearer a.b", "Bearer !!.??.##", "Bearer e30.e30.e30", ""]) {
      expect(await verify({ ...request, headers: { ...without, authorization: value } })).toBe(false);
    }
  });

  it("without a configured audience every push is refused", async () => {
    const open = createHarness(sim, { pubsubAudience: null });
    expect(await open.connector.validateWebhookSignature(await build("NEW_REVIEW"))).toBe(false);
  });

  it("without a configured service account any email passes, but the audience still binds", async () => {
    const anyAccount = createHarness(sim, { pubsubServiceAccountEmail: null, pubsubAudience: pushAudience });
    const other = await build("NEW_REVIEW", { email: "another@project.iam.gserviceaccount.com" });
    expect(await anyAccount.connector.validateWebhookSignature(other)).toBe(true);
    expect(
      await anyAccount.connector.validateWebhookSignature(await build("NEW_REVIEW", { wrongAudience: true })),
    ).toBe(false);
  });
});
