import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type RunningSystem,
  type SystemService,
  spawnService,
  startSystem,
  systemServices,
} from "../src/index";
import { type NatsUser, type PermissionedNats, startPermissionedNats } from "./nats-users";

/** The NATS user each app connects as (infra/nats/nats.conf). */
const userOf: Record<SystemService, NatsUser> = {
  gateway: "gateway",
  "oauth-service": "oauth-service",
  "token-service": "token-service",
  "publish-service": "publish-service",
  "health-service": "health-service",
  "webhook-service": "webhook-service",
};
const cliDir = fileURLToPath(new URL("../../../apps/cli", import.meta.url));

let nats: PermissionedNats;
let system: RunningSystem;
let apiKey: string;

beforeAll(async () => {
  nats = await startPermissionedNats();
  system = await startSystem({
    // the harness itself (namespace cleanup) connects as the operator; production subjects: no prefix
    natsUrl: nats.urlFor("postd-cli"),
    env: { NATS_PREFIX: "" },
    envFor: Object.fromEntries(
      systemServices.map((service) => [service, { NATS_URL: nats.urlFor(userOf[service]) }]),
    ),
  });
  const tenant = await api<{ apiKey: string }>("POST", "/api/admin/tenants", {
    key: system.adminKey,
    body: { name: "permissions" },
  });
  apiKey = tenant.body.apiKey;
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await nats?.server.dispose();
}, 60_000);

async function api<T>(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${system.gatewayUrl}${path}`, {
    method,
    redirect: "manual",
    headers: {
      authorization: `Bearer ${options.key ?? apiKey}`,
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** OAuth through the gateway and the sim's consent page (auto-approve): the new connection's id. */
async function connectLinkedIn(): Promise<string> {
  const started = await api<{ authorizationUrl: string }>("POST", "/api/oauth/linkedin/start", { body: {} });
  expect(started.status).toBe(200);
  const consent = new URL(started.body.authorizationUrl);
  consent.searchParams.set("auto", "approve");
  const callback = (await fetch(consent, { redirect: "manual" })).headers.get("location") ?? "";
  const done = await fetch(callback, { redirect: "manual", headers: { authorization: `Bearer ${apiKey}` } });
  expect(done.status).toBe(200); // no returnTo: the small HTML page
  const listed = await api<{ data: Array<{ id: string }> }>("GET", "/api/connections");
  const [connection] = listed.body.data;
  if (!connection) throw new Error("the connection was not stored");
  return connection.id;
}

describe("the whole system under infra/nats/nats.conf", () => {
  it("connects, publishes, checks health, delivers webhooks and revokes with no permission violation", async () => {
    const connectionId = await connectLinkedIn();
    const connection = await api<{ accounts: Array<{ id: string; kind: string }> }>(
      "GET",
      `/api/connections/${connectionId}`,
    );
    const member = connection.body.accounts.find((account) => account.kind === "linkedin_member");
    expect(member).toBeDefined();

    const accepted = await api<{ postId: string }>("POST", "/api/publish", {
      headers: { "idempotency-key": "perm-1" },
      body: { targets: [{ accountId: member?.id }], text: "Hello from behind NATS permissions" },
    });
    expect(accepted.status).toBe(202);
    await vi.waitFor(
      async () => {
        const post = await api<{ status: string }>("GET", `/api/posts/${accepted.body.postId}`);
        expect(post.body.status).toBe("published");
      },
      { timeout: 30_000, interval: 200 },
    );

    expect((await api("POST", `/api/connections/${connectionId}/refresh`)).status).toBe(200);
    const check = await api<{ status: string }>("POST", `/api/connections/${connectionId}/health-check`);
    expect(check.status).toBe(200);
    const health = await api<{ components: Array<{ name: string; status: string }> }>("GET", "/api/health", {
      key: system.adminKey,
    });
    // discovery ($SRV.INFO) found every service, and the vault answered health-service
    for (const service of ["token-service", "oauth-service", "publish-service", "webhook-service"]) {
      expect(health.body.components.find((c) => c.name === service)?.status, service).toBe("ok");
    }
    const metrics = await api<{ metrics: unknown[] }>("GET", "/api/health/metrics", { key: system.adminKey });
    expect(metrics.status).toBe(200);

    const endpoint = await api<{ id: string }>("POST", "/api/webhook-endpoints", {
      body: { url: "http://127.0.0.1:9/hook" },
    });
    expect(endpoint.status).toBe(201);
    expect((await api("POST", `/api/webhook-endpoints/${endpoint.body.id}/test`)).status).toBe(202);
    expect((await api("DELETE", `/api/connections/${connectionId}`)).status).toBe(204);

    // the operator's CLI reaches the vault under its own user
    const cli = await spawnService({
      command: process.execPath,
      args: ["--import", "tsx", "src/main.ts", "vault:status"],
      cwd: cliDir,
      env: { NATS_URL: nats.urlFor("postd-cli"), NATS_PREFIX: "" },
    });
    expect((await cli.waitForExit()).code, cli.output()).toBe(0);

    // events flowed through JetStream to every consumer (webhook-service logged the revocation's delivery)
    await vi.waitFor(() => expect(system.output("webhook-service")).toMatch(/connection\.revoked\.v1/), {
      timeout: 15_000,
    });
    expect(nats.violations()).toEqual([]);
  }, 120_000);
});
