import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError, type WebhookRequest } from "../src/index";
import { ada, type MailchimpHarness, startMailchimpHarness } from "./mailchimp-harness";

let harness: MailchimpHarness;

beforeAll(async () => {
  harness = await startMailchimpHarness();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => harness.reset());

const secret = "whsec_mailchimp_signing_secret";
const nowSeconds = () => Math.floor(Date.now() / 1000);
const connector = () => harness.connector();
const verify = (request: WebhookRequest, options?: { secret?: string; now?: number }) =>
  connector().validateWebhookSignature(request, options);

async function build(event: string, params: Record<string, unknown> = {}): Promise<WebhookRequest> {
  const built = await harness.sim.control<{ headers: Record<string, string>; body: string }>(
    "POST",
    "/_sim/webhooks/build",
    { platform: "mailchimp", event, params: { listId: ada.newsletter, timestamp: nowSeconds(), ...params } },
  );
  const headers = Object.fromEntries(Object.entries(built.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { rawBody: Buffer.from(built.body, "utf8"), headers, query: {} };
}
const signed = (event = "subscribe", params: Record<string, unknown> = {}) =>
  build(event, { signingSecret: secret, ...params });

describe("Mailchimp audience webhooks built by the sim", () => {
  it.each([
    [
      "subscribe",
      "audience_change",
      { subscriberId: "8a25ff1d98", email: "jane.doe@example.test", emailType: "html" },
    ],
    [
      "unsubscribe",
      "audience_change",
      {
        unsubscribeAction: "unsub",
        reason: "manual",
        campaignId: "4d6c7e8f90",
        email: "jane.doe@example.test",
      },
    ],
    ["profile", "audience_change", { subscriberId: "8a25ff1d98" }],
    [
      "upemail",
      "audience_change",
      { subscriberId: "51aa6c6b4e", email: "jane.new@example.test", oldEmail: "jane.doe@example.test" },
    ],
    [
      "cleaned",
      "audience_change",
      { reason: "hard", campaignId: "4d6c7e8f90", email: "jane.doe@example.test" },
    ],
    ["campaign", "other", { platformPostId: "4d6c7e8f90", status: "sent", subject: "Fresh from the oven" }],
  ])("%s (unsigned) verifies and parses to %s", async (type, kind, data) => {
    const timestamp = nowSeconds() - 30;
    const request = await build(type, { timestamp });
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.rawBody.toString()).toContain("data%5Blist_id%5D=a19e5d0c01");
    expect(await verify(request)).toBe(true);
    const events = connector().parseWebhookEvent(request);
    expect(events).toEqual([
      {
        platformEventId: expect.stringMatching(/^mailchimp_[0-9a-f]{40}$/),
        kind,
        externalAccountId: ada.newsletter,
        occurredAt: new Date(timestamp * 1000),
        data: expect.objectContaining({ action: type, ...data }),
      },
    ]);
  });

  it("merge fields arrive nested under data[merges]", async () => {
    const [event] = connector().parseWebhookEvent(await build("subscribe"));
    expect(event?.data.merges).toEqual({
      EMAIL: "jane.doe@example.test",
      FNAME: "Jane",
      LNAME: "Doe",
      INTERESTS: "Bread, Pastry",
    });
  });

  it("the same delivery again has the same id; another event another", async () => {
    const timestamp = nowSeconds();
    const id = async (params: Record<string, unknown>) =>
      connector().parseWebhookEvent(await build("subscribe", { timestamp, ...params }))[0]?.platformEventId;
    expect(await id({})).toBe(await id({}));
    expect(await id({ email: "someone.else@example.test" })).not.toBe(await id({}));
  });

  it("arrives over HTTP as the sim fires it, and verifies and parses on the received bytes", async () => {
    const received: Array<{ body: Buffer; headers: IncomingHttpHeaders }> = [];
    const server: Server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (part: Buffer) => parts.push(part));
      req.on("end", () => {
        received.push({ body: Buffer.concat(parts), headers: req.headers });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const fired = await harness.sim.control<{ delivery: { status: number } }>(
        "POST",
        "/_sim/webhooks/fire",
        {
          platform: "mailchimp",
          url: `http://127.0.0.1:${port}/api/webhooks/mailchimp/s3cr3t`,
          event: "unsubscribe",
          params: { listId: ada.newsletter, signingSecret: secret },
        },
      );
      expect(fired.delivery.status).toBe(200);
      const request = {
        rawBody: received[0]?.body ?? Buffer.alloc(0),
        headers: received[0]?.headers ?? {},
        query: {},
      };
      expect(await verify(request, { secret })).toBe(true);
      expect(connector().parseWebhookEvent(request)[0]).toMatchObject({
        kind: "audience_change",
        data: { action: "unsubscribe" },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a body that is not a Mailchimp webhook does not parse", async () => {
    const garbage = { rawBody: Buffer.from("hello=world"), headers: {}, query: {} };
    expect(() => connector().parseWebhookEvent(garbage)).toThrow(ConnectorError);
  });
});

describe("Mailchimp's URL validation request", () => {
  it("an empty body (the GET, or an empty POST) is answered 200 text/plain; a delivery is not a handshake", async () => {
    const expected = { status: 200, contentType: "text/plain; charset=utf-8", body: "" };
    expect(connector().handleWebhookHandshake({ rawBody: Buffer.alloc(0), headers: {}, query: {} })).toEqual(
      expected,
    );
    const emptyPost = {
      rawBody: Buffer.alloc(0),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      query: {},
    };
    expect(connector().handleWebhookHandshake(emptyPost)).toEqual(expected);
    expect(connector().handleWebhookHandshake(await build("subscribe"))).toBeNull();
  });
});

describe("Mailchimp's optional signature (X-Mailchimp-Signature: t=,v1=)", () => {
  const withHeader = (request: WebhookRequest, value: string | string[] | undefined) => ({
    ...request,
    headers: { ...request.headers, "x-mailchimp-signature": value },
  });
  const partsOf = (request: WebhookRequest) => {
    const [t = "", v1 = ""] = String(request.headers["x-mailchimp-signature"])
      .split(",")
      .map((p) => p.split("=")[1]);
    return { t, v1 };
  };

  it("verifies with the webhook's signing secret; without one, or with another, it is refused", async () => {
    const request = await signed();
    expect(await verify(request, { secret })).toBe(true);
    expect(await verify(request)).toBe(false);
    expect(await verify(request, { secret: "another-secret" })).toBe(false);
  });

  it("a body changed by one byte, or re-encoded with the same content, is refused", async () => {
    const request = await signed();
    const body = Buffer.from(request.rawBody);
    body[body.length - 2] = (body[body.length - 2] ?? 0) ^ 1;
    expect(await verify({ ...request, rawBody: body }, { secret })).toBe(false);
    const reencoded = new URLSearchParams(request.rawBody.toString()).toString().replaceAll("+", "%20");
    expect(reencoded).not.toBe(request.rawBody.toString());
    expect(await verify({ ...request, rawBody: Buffer.from(reencoded) }, { secret })).toBe(false);
  });

  it("a stale or far-future timestamp is refused; one inside the tolerance passes; `now` moves the window", async () => {
    // one fixed "now" for signing and checking, so a slow machine cannot move the boundary
    const now = Date.now();
    const at = (offsetSeconds: number) => Math.floor(now / 1000) + offsetSeconds;
    expect(await verify(await signed("subscribe", { timestamp: at(-301) }), { secret, now })).toBe(false);
    expect(await verify(await signed("subscribe", { timestamp: at(301) }), { secret, now })).toBe(false);
    expect(await verify(await signed("subscribe", { timestamp: at(-290) }), { secret, now })).toBe(true);
    const narrow = harness.connector({ webhookToleranceSeconds: 10 });
    const old = await signed("subscribe", { timestamp: at(-60) });
    expect(await narrow.validateWebhookSignature(old, { secret, now })).toBe(false);
    const fixed = await signed("subscribe", { timestamp: 1_700_000_000 });
    expect(await verify(fixed, { secret })).toBe(false);
    expect(await verify(fixed, { secret, now: 1_700_000_100_000 })).toBe(true);
  });

  it("malformed, wrong-length, non-hex, prefix-less or duplicated headers are refused, never throwing", async () => {
    const request = await signed();
    const { t, v1 } = partsOf(request);
    const cases: Array<string | string[]> = [
      "",
      `t=${t}`,
      `v1=${v1}`,
      `${t},${v1}`,
      `t=${t},${v1}`,
      `t=${t},v1=${v1.slice(0, -2)}`,
      `t=${t},v1=${v1}00`,
      `t=${t},v1=${"z".repeat(v1.length)}`,
      `t=${t},s=${v1}`,
      `t=${t},t=${t},v1=${v1}`,
      `t=abc,v1=${v1}`,
      [`t=${t},v1=${v1}`, `t=${t},v1=${v1}`],
    ];
    for (const value of cases) expect(await verify(withHeader(request, value), { secret })).toBe(false);
    expect(await verify(withHeader(request, `t=${t},v1=${v1.toUpperCase()}`), { secret })).toBe(true);
    expect(await verify(withHeader(request, `t=${t},v1=${"0".repeat(64)},v1=${v1}`), { secret })).toBe(true);
  });

  it("unsigned mode: with no header at all the delivery passes (the URL secret protects it)", async () => {
    const request = await build("subscribe");
    expect(request.headers["x-mailchimp-signature"]).toBeUndefined();
    expect(await verify(request)).toBe(true);
    expect(await verify(request, { secret })).toBe(true);
  });
});
