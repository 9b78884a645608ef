import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { validateLinkedInWebhookEndpoint } from "@postd/platform-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connector, WebhookRequest } from "../src/index";
import { type LinkedInHarness, startLinkedInHarness } from "./linkedin-harness";

const secret = "postd-sim-linkedin-secret";
let harness: LinkedInHarness;
let linkedIn: Connector;

beforeAll(async () => {
  harness = await startLinkedInHarness();
  linkedIn = harness.connector();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => harness.reset());

interface Built {
  headers: Record<string, string>;
  body: string;
}

async function build(
  params: Record<string, unknown> = {},
  event = "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS",
) {
  return harness.sim.control<Built>("POST", "/_sim/webhooks/build", { platform: "linkedin", event, params });
}

function requestOf(built: Built, overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return { rawBody: Buffer.from(built.body, "utf8"), headers: built.headers, query: {}, ...overrides };
}

describe("LinkedIn webhooks", () => {
  it.each(["header-prefix", "body-prefix"])(
    "verifies and parses a delivery signed the %s way",
    async (style) => {
      const built = await build({
        organizationId: 1002,
        action: "LIKE",
        notificationId: 991,
        signatureStyle: style,
      });
      const request = requestOf(built);
      expect(await linkedIn.validateWebhookSignature(request)).toBe(true);
      const [event, ...rest] = linkedIn.parseWebhookEvent(request);
      expect(rest).toHaveLength(0);
      expect(event).toMatchObject({
        platformEventId: "991",
        kind: "reaction",
        externalAccountId: "urn:li:organization:1002",
        data: { action: "LIKE" },
      });
      expect(event?.occurredAt).toBeInstanceOf(Date);
    },
  );

  it.each([
    ["COMMENT", "comment"],
    ["ADMIN_COMMENT", "comment"],
    ["COMMENT_EDIT", "comment"],
    ["SHARE_MENTION", "mention"],
    ["SHARE", "other"],
    ["COMMENT_DELETE", "other"],
  ])("%s → %s", async (action, kind) => {
    const built = await build({ action, sourcePost: "urn:li:share:42" });
    const [event] = linkedIn.parseWebhookEvent(requestOf(built));
    expect(event?.kind).toBe(kind);
    expect(event?.data).toMatchObject({ platformPostId: "urn:li:share:42" });
  });

  it("refuses tampered, re-serialized or wrongly signed deliveries without throwing", async () => {
    const built = await build();
    const bytes = Buffer.from(built.body, "utf8");
    const tampered = Buffer.from(bytes);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(built.body), null, 1));
    const signature = built.headers["x-li-signature"] ?? "";
    const hex = signature.slice("hmacsha256=".length);
    const cases: WebhookRequest[] = [
      requestOf(built, { rawBody: tampered }),
      requestOf(built, { rawBody: reserialized }),
      requestOf(built, { headers: { ...built.headers, "x-li-signature": hex } }), // prefix removed
      requestOf(built, { headers: { ...built.headers, "x-li-signature": `hmacsha256=${hex.slice(2)}` } }),
      requestOf(built, { headers: { ...built.headers, "x-li-signature": `hmacsha256=${"z".repeat(64)}` } }),
      requestOf(built, { headers: { ...built.headers, "x-li-signature": [signature, signature] } }),
      requestOf(built, { headers: { "content-type": "application/json" } }),
      requestOf(built, { headers: { ...built.headers, "x-li-signature": "" } }),
    ];
    for (const request of cases) expect(await linkedIn.validateWebhookSignature(request)).toBe(false);
    expect(await linkedIn.validateWebhookSignature(requestOf(built), { secret: "another-secret" })).toBe(
      false,
    );
    expect(await linkedIn.validateWebhookSignature(requestOf(built), { secret })).toBe(true);
  });

  it("parses nothing from bodies that are not organization notifications", () => {
    const parse = (body: string) =>
      linkedIn.parseWebhookEvent({ rawBody: Buffer.from(body), headers: {}, query: {} });
    expect(parse("not json")).toEqual([]);
    expect(parse(JSON.stringify({ type: "SOMETHING_ELSE", notifications: [] }))).toEqual([]);
  });

  it("answers the challenge exactly, and ignores requests that are not one", () => {
    const answer = linkedIn.handleWebhookHandshake({
      rawBody: Buffer.alloc(0),
      headers: {},
      query: { challengeCode: "890e4a39-1a3b-4a3b-9b77-d0a1f4a3c8e1", applicationId: "123" },
    });
    const expected = createHmac("sha256", secret)
      .update("890e4a39-1a3b-4a3b-9b77-d0a1f4a3c8e1")
      .digest("hex");
    expect(answer).toEqual({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({
        challengeCode: "890e4a39-1a3b-4a3b-9b77-d0a1f4a3c8e1",
        challengeResponse: expected,
      }),
    });
    expect(linkedIn.handleWebhookHandshake({ rawBody: Buffer.alloc(0), headers: {}, query: {} })).toBeNull();
  });

  it("passes LinkedIn's endpoint validation (the emulated GET challenge) through a receiver", async () => {
    const server: Server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://receiver");
      const answer = linkedIn.handleWebhookHandshake({
        rawBody: Buffer.alloc(0),
        headers: {},
        query: Object.fromEntries(url.searchParams),
      });
      res.writeHead(answer?.status ?? 400, { "content-type": answer?.contentType ?? "text/plain" });
      res.end(answer?.body ?? "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const validation = await validateLinkedInWebhookEndpoint(
        `http://127.0.0.1:${port}/hooks/linkedin`,
        secret,
      );
      expect(validation.valid).toBe(true);
      const wrong = await validateLinkedInWebhookEndpoint(`http://127.0.0.1:${port}/hooks/linkedin`, "other");
      expect(wrong.valid).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
