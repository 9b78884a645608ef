import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError, type WebhookRequest } from "../src/index";
import { ada, bakeryInstagram, bakeryPage, type Harness, harness, startMetaSim } from "./meta-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let h: Harness;

beforeAll(async () => {
  sim = await startMetaSim();
  h = harness(sim);
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
});

interface Built {
  headers: Record<string, string>;
  body: string;
}

const build = (event: string, params: Record<string, unknown> = {}) =>
  sim.control<Built>("POST", "/_sim/webhooks/build", { platform: "meta", event, params });

const request = (built: Built, overrides: Partial<WebhookRequest> = {}): WebhookRequest => ({
  rawBody: Buffer.from(built.body),
  headers: built.headers,
  query: {},
  ...overrides,
});

describe("meta webhook handshake", () => {
  const query = (values: Record<string, string | undefined>) => ({
    rawBody: Buffer.alloc(0),
    headers: {},
    query: values,
  });

  it("echoes hub.challenge exactly as plain text when the verify token matches", () => {
    const answer = h.connector.handleWebhookHandshake(
      query({
        "hub.mode": "subscribe",
        "hub.verify_token": "verify-me-please",
        "hub.challenge": "1158201444",
      }),
    );
    expect(answer).toEqual({ status: 200, contentType: "text/plain", body: "1158201444" });
  });

  it("answers 403 to a wrong token, a wrong mode or a missing challenge; null when it is no handshake", () => {
    const refused = { status: 403, contentType: "text/plain", body: "Forbidden" };
    const cases: Array<Record<string, string | undefined>> = [
      { "hub.mode": "subscribe", "hub.verify_token": "verify-me-pleasE", "hub.challenge": "1" },
      { "hub.mode": "subscribe", "hub.verify_token": "verify-me-please-", "hub.challenge": "1" },
      { "hub.mode": "unsubscribe", "hub.verify_token": "verify-me-please", "hub.challenge": "1" },
      { "hub.mode": "subscribe", "hub.verify_token": "verify-me-please" },
      { "hub.mode": "subscribe", "hub.challenge": "1" },
    ];
    for (const values of cases) {
      expect(h.connector.handleWebhookHandshake(query(values))).toEqual(refused);
    }
    expect(h.connector.handleWebhookHandshake(query({}))).toBeNull();
  });
});

describe("meta webhook signatures", () => {
  it("accepts the sim's signed delivery and refuses every altered one without throwing", async () => {
    const built = await build("feed", { item: "comment", message: "Looks tasty" });
    const signature = built.headers["x-hub-signature-256"] ?? "";
    const hex = signature.slice("sha256=".length);
    expect(await h.connector.validateWebhookSignature(request(built))).toBe(true);

    const tampered = Buffer.from(built.body);
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 1;
    const reserialized = JSON.stringify(JSON.parse(built.body), null, 1);
    const variants: Array<[string, Partial<WebhookRequest>]> = [
      ["one byte changed", { rawBody: tampered }],
      ["re-serialized JSON", { rawBody: Buffer.from(reserialized) }],
      ["missing header", { headers: { "content-type": "application/json" } }],
      ["no sha256= prefix", { headers: { "x-hub-signature-256": hex } }],
      ["sha1 prefix", { headers: { "x-hub-signature-256": `sha1=${hex}` } }],
      ["non-hex", { headers: { "x-hub-signature-256": `sha256=${"z".repeat(64)}` } }],
      ["wrong length", { headers: { "x-hub-signature-256": `sha256=${hex.slice(2)}` } }],
      ["empty", { headers: { "x-hub-signature-256": "" } }],
      ["duplicate header", { headers: { "x-hub-signature-256": [signature, signature] } }],
      ["legacy sha1 header only", { headers: { "x-hub-signature": built.headers["x-hub-signature"] ?? "" } }],
    ];
    for (const [name, override] of variants) {
      expect(await h.connector.validateWebhookSignature(request(built, override)), name).toBe(false);
    }
    expect(await h.connector.validateWebhookSignature(request(built), { secret: "another-secret" })).toBe(
      false,
    );
    expect(
      await h.connector.validateWebhookSignature(request(built, { rawBody: "x" as unknown as Buffer })),
    ).toBe(false);
  });

  it("verifies the exact bytes a real delivery from the sim carries", async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      await sim.control("POST", "/_sim/webhooks/fire", {
        platform: "meta",
        url: `http://127.0.0.1:${port}/api/webhooks/meta`,
        event: "feed",
        params: { item: "reaction", reactionType: "love" },
      });
      const [delivery] = received;
      if (!delivery) throw new Error("no delivery");
      const incoming: WebhookRequest = { rawBody: delivery.body, headers: delivery.headers, query: {} };
      expect(await h.connector.validateWebhookSignature(incoming)).toBe(true);
      expect(h.connector.parseWebhookEvent(incoming)).toMatchObject([
        { kind: "reaction", data: { reactionType: "love" } },
      ]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});

describe("meta webhook events", () => {
  it("normalizes Page feed comments and reactions with stable derived ids", async () => {
    const comment = await build("feed", {
      pageId: bakeryPage,
      item: "comment",
      commentId: "1_2",
      message: "Yum",
      time: 1_790_000_000,
    });
    const [event] = h.connector.parseWebhookEvent(request(comment));
    expect(event).toEqual({
      platformEventId: expect.stringMatching(/^meta:[0-9a-f]{40}$/),
      kind: "comment",
      externalAccountId: bakeryPage,
      occurredAt: new Date(1_790_000_000_000),
      data: expect.objectContaining({
        object: "page",
        field: "feed",
        item: "comment",
        commentId: "1_2",
        text: "Yum",
        verb: "add",
      }),
    });
    const again = h.connector.parseWebhookEvent(request(comment))[0];
    expect(again?.platformEventId).toBe(event?.platformEventId);
    const reaction = await build("feed", { pageId: bakeryPage, item: "reaction", time: 1_790_000_000 });
    const [reactionEvent] = h.connector.parseWebhookEvent(request(reaction));
    expect(reactionEvent?.kind).toBe("reaction");
    expect(reactionEvent?.platformEventId).not.toBe(event?.platformEventId);
    const status = await build("feed", { item: "status", message: "New post" });
    expect(h.connector.parseWebhookEvent(request(status))[0]?.kind).toBe("other");
  });

  it("normalizes Instagram comments and mentions", async () => {
    const comment = await build("comments", { igUserId: bakeryInstagram, commentId: "178", text: "Wow" });
    expect(h.connector.parseWebhookEvent(request(comment))).toMatchObject([
      {
        kind: "comment",
        externalAccountId: bakeryInstagram,
        data: { commentId: "178", text: "Wow", object: "instagram" },
      },
    ]);
    const mention = await build("mentions", { igUserId: bakeryInstagram, mediaId: "179" });
    expect(h.connector.parseWebhookEvent(request(mention))).toMatchObject([
      { kind: "mention", data: { mediaId: "179" } },
    ]);
  });

  it("a revoked permission is authorization_removed for the user", async () => {
    const built = await build("permissions", {
      userId: ada,
      permission: "pages_manage_posts",
      verb: "revoked",
    });
    expect(h.connector.parseWebhookEvent(request(built))).toMatchObject([
      {
        kind: "authorization_removed",
        externalAccountId: ada,
        data: { permission: "pages_manage_posts", verb: "revoked" },
      },
    ]);
    const granted = await build("permissions", { userId: ada, verb: "granted" });
    expect(h.connector.parseWebhookEvent(request(granted))[0]?.kind).toBe("other");
  });

  it("handles batches, changed_fields without values, and refuses a body that is not JSON", () => {
    const body = JSON.stringify({
      object: "page",
      entry: [
        {
          id: "1",
          time: 1,
          changes: [
            { field: "feed", value: { item: "comment" } },
            { field: "feed", value: { item: "like" } },
          ],
        },
        { id: "2", time: 2, changed_fields: ["feed"] },
      ],
    });
    const events = h.connector.parseWebhookEvent({ rawBody: Buffer.from(body), headers: {}, query: {} });
    expect(events.map((e) => [e.externalAccountId, e.kind])).toEqual([
      ["1", "comment"],
      ["1", "reaction"],
      ["2", "other"],
    ]);
    expect(new Set(events.map((e) => e.platformEventId)).size).toBe(3);
    expect(() =>
      h.connector.parseWebhookEvent({ rawBody: Buffer.from("not json"), headers: {}, query: {} }),
    ).toThrow(ConnectorError);
  });
});
