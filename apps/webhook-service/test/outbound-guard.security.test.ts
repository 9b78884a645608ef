import {
  CreateWebhookEndpoint,
  ListWebhookDeliveries,
  newId,
  TestWebhookEndpoint,
  UpdateWebhookEndpoint,
} from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ResolvedAddress, Resolver } from "../src/index";
import { systemResolver } from "../src/outbound/outbound-policy";
import { startReceiver, type TestReceiver } from "./support/receiver";
import { createWebhookTestEnv, type WebhookTestEnv } from "./support/webhook-env";

let env: WebhookTestEnv;
let receiver: TestReceiver;
let elsewhere: TestReceiver;
const tenantId = newId("tenant");

/** A DNS the test controls: names it knows answer what the test says, the rest go to the system resolver. */
const answers = new Map<string, ResolvedAddress[]>();
const resolver: Resolver = async (hostname) => {
  return answers.get(hostname) ?? systemResolver(hostname);
};
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });

beforeAll(async () => {
  // only the name allowed.test may be private (and http); 127.0.0.1 itself is not allowed here
  env = await createWebhookTestEnv({
    env: { WEBHOOK_ALLOWED_HOSTS: "allowed.test", WEBHOOK_TIMEOUT_MS: "2000" },
  });
  await env.start({}, { resolver });
  [receiver, elsewhere] = await Promise.all([startReceiver(), startReceiver()]);
  answers.set("allowed.test", [v4("127.0.0.1")]);
  answers.set("public.test", [v4("93.184.216.34")]);
  answers.set("mixed.test", [v4("93.184.216.34"), v4("10.0.0.7")]);
  answers.set("rebind.test", [v4("93.184.216.34")]);
});

afterAll(async () => {
  await Promise.all([receiver?.close(), elsewhere?.close()]);
  await env?.close();
});

async function refusal(url: string): Promise<AppError> {
  const error = await env.rpc.call(CreateWebhookEndpoint, { tenantId, url }).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`${url} was accepted`);
  return error;
}

describe("registration", () => {
  it.each([
    ["https://127.0.0.1/hooks", /127\.0\.0\.1 is not a public address: loopback/],
    ["https://10.1.2.3/hooks", /private \(10\.0\.0\.0\/8\)/],
    ["https://172.20.0.5/", /private/],
    ["https://192.168.0.10/", /private/],
    ["https://169.254.169.254/latest/meta-data/", /link-local/],
    ["https://100.64.1.1/", /carrier-grade NAT/],
    ["https://224.0.0.251/", /multicast/],
    ["https://0.0.0.0/", /unspecified/],
    ["https://[::1]/hooks", /loopback/],
    ["https://[::]/", /unspecified/],
    ["https://[fd00::1]/hooks", /unique local/],
    ["https://[fe80::1]/", /link-local/],
    ["https://[::ffff:127.0.0.1]/hooks", /IPv4-mapped of an address that is loopback/],
    ["https://[::ffff:a9fe:a9fe]/", /IPv4-mapped of an address that is link-local/],
    ["https://[64:ff9b::7f00:1]/", /NAT64/],
    ["https://0x7f.0.0.1/", /loopback/],
    ["https://2130706433/", /loopback/],
    ["https://localhost/hooks", /localhost resolves to .* loopback/],
    ["https://mixed.test/hooks", /mixed\.test resolves to 10\.0\.0\.7, which is not a public address/],
    ["https://does-not-exist.invalid/", /does not resolve/],
    ["http://public.test/hooks", /must use https/],
    ["ftp://public.test/", /must use https/],
    ["https://user:secret@public.test/", /user name or password/],
    ["not a url", /not an absolute URL/],
  ])("refuses %s", async (url, reason) => {
    const error = await refusal(url);
    expect(error.code).toBe("VALIDATION");
    expect(error.errors?.[0]?.path).toBe("url");
    expect(error.errors?.[0]?.message).toMatch(reason);
  });

  it("accepts https to a public address, and http or a private address for an allowed host", async () => {
    await expect(
      env.rpc.call(CreateWebhookEndpoint, { tenantId, url: "https://public.test/hooks" }),
    ).resolves.toMatchObject({ url: "https://public.test/hooks" });
    const url = `http://allowed.test:${receiver.port}/hooks`;
    await expect(env.rpc.call(CreateWebhookEndpoint, { tenantId, url })).resolves.toMatchObject({ url });
  });

  it("refuses a private URL on update too", async () => {
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, {
      tenantId,
      url: "https://public.test/other",
    });
    const error = await env.rpc
      .call(UpdateWebhookEndpoint, { tenantId, endpointId: endpoint.id, url: "https://[::ffff:10.0.0.1]/" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
  });
});

describe("delivery", () => {
  it("connects to the address our resolver checked (an allowed name mapped to the receiver)", async () => {
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, {
      tenantId,
      url: `http://allowed.test:${receiver.port}/hooks`,
    });
    const ping = await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id });
    await vi.waitFor(() => expect(receiver.byWebhookId(ping.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    expect(receiver.byWebhookId(ping.id)[0]?.headers.host).toBe(`allowed.test:${receiver.port}`);
  });

  it("refuses at delivery time a host whose DNS answer changed to a private address, sending nothing", async () => {
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, {
      tenantId,
      url: `https://rebind.test:${receiver.port}/hooks`,
    });
    answers.set("rebind.test", [v4("127.0.0.1")]);
    const before = receiver.received.length;
    const ping = await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id });
    await vi.waitFor(
      async () => {
        const [row] =
          await env.sql`select error from webhooks.delivery_attempts where delivery_id = ${ping.id}`;
        expect(row?.error).toMatch(
          /refused: rebind\.test resolves to 127\.0\.0\.1, which is not a public address/,
        );
      },
      { timeout: 10_000, interval: 50 },
    );
    const list = await env.rpc.call(ListWebhookDeliveries, { tenantId, endpointId: endpoint.id });
    expect(list.data[0]).toMatchObject({ status: "retrying", attempts: 1, lastStatusCode: null });
    expect(receiver.received.length).toBe(before);
  });

  it("does not follow a redirect, even to an address it could reach", async () => {
    receiver.answer = () => ({ status: 307, headers: { location: elsewhere.url } });
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, {
      tenantId,
      url: `http://allowed.test:${receiver.port}/redirecting`,
    });
    const ping = await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id });
    await vi.waitFor(
      async () => {
        const [row] =
          await env.sql`select status_code, error from webhooks.delivery_attempts where delivery_id = ${ping.id}`;
        expect(row).toMatchObject({ status_code: 307, error: "HTTP 307: redirects are not followed" });
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(elsewhere.received).toHaveLength(0);
    receiver.answer = () => ({ status: 200 });
  });
});
