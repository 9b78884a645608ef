import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError, type WebhookRequest } from "../src/index";
import type { RunningSim } from "./support/sim";
import { alice, createHarness, type Harness, startTikTokSim } from "./tiktok-harness";

let sim: RunningSim;
let harness: Harness;

beforeAll(async () => {
  sim = await startTikTokSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const bigPostId = "7312345678901234567";

async function build(event: string, params: Record<string, unknown> = {}): Promise<WebhookRequest> {
  const built = await sim.control<{ headers: Record<string, string>; body: string }>(
    "POST",
    "/_sim/webhooks/build",
    {
      platform: "tiktok",
      event,
      params: { openId: alice.openId, timestamp: nowSeconds(), ...params },
    },
  );
  return { rawBody: Buffer.from(built.body, "utf8"), headers: lowerCase(built.headers), query: {} };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

const verify = (request: WebhookRequest, options?: { secret?: string; now?: number }) =>
  harness.connector.validateWebhookSignature(request, options);

describe("tiktok webhook deliveries built by the sim", () => {
  it.each([
    [
      "post.publish.complete",
      { publishId: "v_pub_url~v2-1.9" },
      "publish_completed",
      { publishId: "v_pub_url~v2-1.9", publishType: "DIRECT_PUBLISH" },
    ],
    [
      "post.publish.failed",
      { publishId: "v_pub_url~v2-1.9", reason: "video_pull_failed" },
      "publish_failed",
      { publishId: "v_pub_url~v2-1.9", reason: "video_pull_failed" },
    ],
    [
      "post.publish.publicly_available",
      { publishId: "v_pub_url~v2-1.9", postId: bigPostId },
      "post_publicly_available",
      { publishId: "v_pub_url~v2-1.9", platformPostId: bigPostId },
    ],
    [
      "authorization.removed",
      { reason: 1 },
      "authorization_removed",
      { reason: "user_disconnected", reasonCode: 1 },
    ],
    [
      "post.publish.inbox_delivered",
      { publishId: "v_pub_url~v2-1.9" },
      "other",
      { publishType: "INBOX_SHARE" },
    ],
    [
      "post.publish.no_longer_publicaly_available",
      { postId: bigPostId },
      "other",
      { platformPostId: bigPostId },
    ],
    ["video.publish.completed", {}, "other", {}],
    ["video.upload.failed", {}, "other", {}],
  ])("%s verifies and parses to %s", async (event, params, kind, data) => {
    const request = await build(event, params);
    expect(await verify(request)).toBe(true);
    const events = harness.connector.parseWebhookEvent(request);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind,
      externalAccountId: alice.openId,
      platformEventId: expect.stringMatching(/^tiktok_[0-9a-f]{40}$/),
      data: { event, ...data },
    });
    expect(Math.abs((events[0]?.occurredAt.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);
  });

  it("the same event delivered again has the same id; another event another", async () => {
    const timestamp = nowSeconds();
    const first = await build("post.publish.complete", { publishId: "p1", timestamp });
    const again = await build("post.publish.complete", { publishId: "p1", timestamp });
    const other = await build("post.publish.complete", { publishId: "p2", timestamp });
    const id = (r: WebhookRequest) => harness.connector.parseWebhookEvent(r)[0]?.platformEventId;
    expect(id(again)).toBe(id(first));
    expect(id(other)).not.toBe(id(first));
  });

  it("arrives over HTTP as the sim fires it, and verifies on the received bytes", async () => {
    const received: Array<{ body: Buffer; headers: IncomingHttpHeaders }> = [];
    const server: Server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (part: Buffer) => parts.push(part));
      req.on("end", () => {
        received.push({ body: Buffer.concat(parts), headers: req.headers });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const fired = await sim.control<{ delivery: { status: number } }>("POST", "/_sim/webhooks/fire", {
        platform: "tiktok",
        url: `http://127.0.0.1:${port}/webhooks/tiktok`,
        event: "post.publish.publicly_available",
        params: { publishId: "v_pub_file~v2-1.5", postId: bigPostId },
      });
      expect(fired.delivery.status).toBe(200);
      const [delivery] = received;
      const request = {
        rawBody: delivery?.body ?? Buffer.alloc(0),
        headers: delivery?.headers ?? {},
        query: {},
      };
      expect(await verify(request)).toBe(true);
      expect(harness.connector.parseWebhookEvent(request)[0]?.data.platformPostId).toBe(bigPostId);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("has no handshake", async () => {
    expect(harness.connector.handleWebhookHandshake(await build("post.publish.complete"))).toBeNull();
  });
});

describe("tiktok webhook signatures refused", () => {
  const withHeader = (request: WebhookRequest, value: string | string[] | undefined) => ({
    ...request,
    headers: { ...request.headers, "tiktok-signature": value },
  });
  const parts = (request: WebhookRequest) => {
    const header = String(request.headers["tiktok-signature"]);
    const [t = "", s = ""] = header.split(",").map((p) => p.slice(2));
    return { t, s };
  };

  it("a body changed by one byte", async () => {
    const request = await build("post.publish.complete");
    const body = Buffer.from(request.rawBody);
    body[body.length - 3] = (body[body.length - 3] ?? 0) ^ 1;
    expect(await verify({ ...request, rawBody: body })).toBe(false);
  });

  it("a re-serialized body, even with the same content", async () => {
    const request = await build("post.publish.complete");
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(request.rawBody.toString()), null, 1));
    expect(await verify({ ...request, rawBody: reserialized })).toBe(false);
  });

  it("a stale or far-future timestamp; one inside the tolerance passes", async () => {
    // one fixed "now" for signing and checking, so a slow machine cannot move the boundary
    const now = Date.now();
    const at = (offsetSeconds: number) => Math.floor(now / 1000) + offsetSeconds;
    expect(await verify(await build("post.publish.complete", { timestamp: at(-301) }), { now })).toBe(false);
    expect(await verify(await build("post.publish.complete", { timestamp: at(301) }), { now })).toBe(false);
    expect(await verify(await build("post.publish.complete", { timestamp: at(-290) }), { now })).toBe(true);
    const narrow = createHarness(sim, { webhookToleranceSeconds: 10 });
    const request = await build("post.publish.complete", { timestamp: nowSeconds() - 60 });
    expect(await narrow.connector.validateWebhookSignature(request)).toBe(false);
  });

  it("the `now` option moves the freshness window", async () => {
    const request = await build("post.publish.complete", { timestamp: 1_700_000_000 });
    expect(await verify(request)).toBe(false);
    expect(await verify(request, { now: 1_700_000_100_000 })).toBe(true);
  });

  it("malformed, missing or duplicated headers, never throwing", async () => {
    const request = await build("post.publish.complete");
    const { t, s } = parts(request);
    const cases: Array<string | string[] | undefined> = [
      undefined,
      "",
      `t=${t}`,
      `s=${s}`,
      `${t},${s}`,
      `t=${t},s=${s.slice(0, -2)}`,
      `t=${t},s=${s}00`,
      `t=${t},s=${"z".repeat(s.length)}`,
      `t=${t},s=${s},s=${s}`,
      `t=${t},t=${t},s=${s}`,
      `t=abc,s=${s}`,
      [`t=${t},s=${s}`, `t=${t},s=${s}`],
    ];
    for (const value of cases) expect(await verify(withHeader(request, value))).toBe(false);
    expect(await verify(withHeader(request, `t=${t},s=${s.toUpperCase()}`))).toBe(true);
  });

  it("a signature made with another secret; the secret option overrides the config", async () => {
    const request = await build("post.publish.complete");
    expect(await verify(request, { secret: "another-secret" })).toBe(false);
    const otherApp = createHarness(sim, { clientSecret: "another-secret" });
    expect(await otherApp.connector.validateWebhookSignature(request)).toBe(false);
    expect(
      await otherApp.connector.validateWebhookSignature(request, { secret: "postd-sim-tiktok-secret" }),
    ).toBe(true);
  });

  it("a body that is not a TikTok event does not parse", async () => {
    const garbage = { rawBody: Buffer.from("not json"), headers: {}, query: {} };
    expect(await verify(garbage)).toBe(false);
    expect(() => harness.connector.parseWebhookEvent(garbage)).toThrow(ConnectorError);
  });
});
