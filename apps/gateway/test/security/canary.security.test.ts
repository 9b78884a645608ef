import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectionView, Platform } from "@postd/contracts";
import { connectNats, createRedis } from "@postd/service-kit";
import { createLogger } from "@postd/telemetry";
import { type RunningSystem, type SystemService, startSystem, systemServices } from "@postd/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findLeaks, type Needle } from "./support/find-leaks";
import { dumpDatabase, dumpJetStream, dumpRedis } from "./support/leak-sources";
import { type OtlpReceiver, startOtlpReceiver } from "./support/otlp-receiver";
import { createRecordingClient, type RecordingClient } from "./support/recording-client";

/** Letters and digits only: the sim puts it before every token and authorization code it issues. */
const canary = `CANARY${randomBytes(6).toString("hex")}Z`;
const platforms: Platform[] = ["meta", "linkedin", "tiktok", "gbp", "mailchimp"];
/** The apps' variable for each platform's client secret (the sim's is `SIM_<PLATFORM>_CLIENT_SECRET`). */
const secretVariable: Record<Platform, string> = {
  meta: "META_CLIENT_SECRET",
  linkedin: "LINKEDIN_CLIENT_SECRET",
  tiktok: "TIKTOK_CLIENT_SECRET",
  gbp: "GOOGLE_CLIENT_SECRET",
  mailchimp: "MAILCHIMP_CLIENT_SECRET",
};
const clientSecrets = Object.fromEntries(
  platforms.map((platform) => [
    platform,
    `${canary}-${platform}-client-secret-${randomBytes(6).toString("hex")}`,
  ]),
) as Record<Platform, string>;

let system: RunningSystem;
let otlp: OtlpReceiver;
let receiver: Server;
const deliveriesOut: string[] = [];
let api: RecordingClient;
let tenant: { tenantId: string; apiKey: string };
const connections = new Map<Platform, ConnectionView>();
const codes: string[] = [];
/** every service's output, including that of processes killed on the way (a restart starts a new one) */
const logs: string[] = [];
const metricsPages: string[] = [];
let endpointSecret = "";

beforeAll(async () => {
  otlp = await startOtlpReceiver();
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      deliveriesOut.push(`${JSON.stringify(request.headers)} ${Buffer.concat(chunks).toString("utf8")}`);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  system = await startSystem({
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      LOG_LEVEL: "debug",
      ...Object.fromEntries(platforms.map((platform) => [secretVariable[platform], clientSecrets[platform]])),
    },
    // a crashed publish attempt is taken over once its lease lapses (at least twice CONNECTOR_TIMEOUT_MS)
    envFor: { "publish-service": { PUBLISH_LEASE_MS: "20000", RECONCILE_INTERVAL_MS: "1000" } },
    simEnv: Object.fromEntries(
      platforms.map((platform) => [`SIM_${platform.toUpperCase()}_CLIENT_SECRET`, clientSecrets[platform]]),
    ),
  });
  await sim("PUT", "/_sim/settings", { tokenPrefix: canary });
  api = createRecordingClient(system.gatewayUrl);
  const created = await api.call<{ tenantId: string; apiKey: string }>("POST", "/api/admin/tenants", {
    key: system.adminKey,
    body: { name: "Canary Co" },
    label: "tenant created (shows the API key once)",
  });
  tenant = created.body;
}, 240_000);

afterAll(async () => {
  await system?.stop();
  await otlp?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
}, 60_000);

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${system.simUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sim ${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

const key = () => tenant.apiKey;

async function connect(platform: Platform): Promise<void> {
  const started = await api.call<{ authorizationUrl: string }>("POST", `/api/oauth/${platform}/start`, {
    key: key(),
    body: {},
  });
  expect(started.status, started.text).toBe(200);
  const consentUrl = new URL(started.body.authorizationUrl);
  consentUrl.searchParams.set("auto", "approve");
  const consent = await fetch(consentUrl, { redirect: "manual" });
  const callback = consent.headers.get("location") ?? "";
  const code = new URL(callback).searchParams.get("code") ?? "";
  expect(code.startsWith(canary), `${platform} code ${code}`).toBe(true);
  codes.push(code);
  const done = await api.visit(callback, { key: key(), label: `${platform} callback page` });
  expect(done.status).toBe(200);
  const listed = await api.call<{ data: ConnectionView[] }>("GET", "/api/connections", { key: key() });
  const connection = listed.body.data.find((c) => c.platform === platform);
  if (!connection) throw new Error(`${platform} did not connect`);
  connections.set(platform, connection);
}

function accountOf(platform: Platform, kind: string): string {
  const account = connections.get(platform)?.accounts.find((a) => a.kind === kind);
  if (!account) throw new Error(`no ${kind} on ${platform}`);
  return account.id;
}

async function publish(accountId: string, text: string): Promise<string> {
  const accepted = await api.call<{ postId: string }>("POST", "/api/publish", {
    key: key(),
    headers: { "idempotency-key": `canary-${randomBytes(6).toString("hex")}` },
    body: { targets: [{ accountId }], text },
  });
  expect(accepted.status, accepted.text).toBe(202);
  return accepted.body.postId;
}

type PostView = { status: string; targets: Array<{ status: string; attempts: number }> };

async function postWhen(postId: string, done: (post: PostView) => boolean): Promise<PostView> {
  return vi.waitFor(
    async () => {
      const post = await api.call<PostView>("GET", `/api/posts/${postId}`, { key: key() });
      if (!done(post.body)) throw new Error(`post ${postId}: ${post.text}`);
      return post.body;
    },
    { timeout: 60_000, interval: 250 },
  );
}

/** SIGKILL a service (keeping what it printed), then start it again. */
async function crash(service: SystemService): Promise<void> {
  await system.kill(service);
  logs.push(`[${service}, killed] ${system.output(service)}`);
  await system.start(service);
}

async function scrapeMetrics(): Promise<void> {
  for (const service of systemServices) {
    const response = await fetch(`${system.internalUrlOf(service)}/metrics`);
    metricsPages.push(`[${service}] ${await response.text()}`);
  }
}

const callsTo = async (endpoint: string) =>
  (await sim<{ counts: Record<string, number> }>("GET", "/_sim/calls")).counts[endpoint] ?? 0;

describe("canary tokens through connect, refresh, failure, retry and crash", { timeout: 120_000 }, () => {
  it("connect: every platform, by OAuth against the sim", async () => {
    for (const platform of platforms) await connect(platform);
    const endpoint = await api.call<{ id: string; secret: string }>("POST", "/api/webhook-endpoints", {
      key: key(),
      body: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks` },
      label: "endpoint created (shows its secret once)",
    });
    expect(endpoint.status).toBe(201);
    endpointSecret = endpoint.body.secret;
  });

  it("refresh: forced, on every platform that refreshes (TikTok rotates its refresh token)", async () => {
    for (const platform of ["linkedin", "tiktok", "gbp"] as const) {
      const refreshed = await api.call("POST", `/api/connections/${connections.get(platform)?.id}/refresh`, {
        key: key(),
      });
      expect(refreshed.status, `${platform}: ${refreshed.text}`).toBe(200);
    }
  });

  it("retry: a 429 with Retry-After on publish, then success", async () => {
    await sim("POST", "/_sim/faults", {
      host: "api.linkedin.com",
      method: "POST",
      path: "/rest/posts",
      action: { type: "respond", status: 429, headers: { "retry-after": "1" }, body: { status: 429 } },
    });
    const postId = await publish(accountOf("linkedin", "linkedin_member"), "retried once");
    const post = await postWhen(postId, (p) => p.status === "published");
    expect(post.targets[0]?.attempts).toBeGreaterThanOrEqual(2);
    const page = await publish(accountOf("meta", "facebook_page"), "published on a Page");
    await postWhen(page, (p) => p.status === "published");
  });

  it("failure: revoked grants — a publish dead-letters, a refresh answers needs_reauth", async () => {
    const tokens = await sim<{ data: Array<{ platform: Platform; userId: string }> }>("GET", "/_sim/tokens");
    for (const platform of ["meta", "tiktok"] as const) {
      const userId = tokens.data.find((t) => t.platform === platform)?.userId;
      await sim("POST", "/_sim/tokens/revoke", { platform, userId });
    }
    const postId = await publish(accountOf("meta", "facebook_page"), "to a revoked Page");
    await postWhen(postId, (p) => p.status === "failed");
    const letters = await api.call<{ data: unknown[] }>("GET", "/api/dead-letters", { key: key() });
    expect(letters.body.data.length).toBeGreaterThanOrEqual(1);
    const refused = await api.call("POST", `/api/connections/${connections.get("tiktok")?.id}/refresh`, {
      key: key(),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const tiktok = await api.call<ConnectionView>(
      "GET",
      `/api/connections/${connections.get("tiktok")?.id}`,
      {
        key: key(),
      },
    );
    expect(tiktok.body.status).toBe("needs_reauth");
  });

  it("crash: publish-service killed mid-publish, token-service killed mid-refresh, both restarted", async () => {
    await scrapeMetrics();
    await sim("POST", "/_sim/faults", {
      host: "api.linkedin.com",
      method: "POST",
      path: "/rest/posts",
      action: { type: "latency", ms: 3_000 },
    });
    const postId = await publish(accountOf("linkedin", "linkedin_member"), "interrupted by a crash");
    await postWhen(postId, (p) => p.targets[0]?.status === "publishing");
    await crash("publish-service");
    await postWhen(postId, (p) => ["published", "partially_published", "failed"].includes(p.status));

    const tokenCall = "POST oauth2.googleapis.com/token";
    const before = await callsTo(tokenCall);
    await sim("POST", "/_sim/faults", {
      host: "oauth2.googleapis.com",
      method: "POST",
      path: "/token",
      action: { type: "latency", ms: 3_000 },
    });
    const gbp = connections.get("gbp")?.id;
    const interrupted = api.call("POST", `/api/connections/${gbp}/refresh`, { key: key() });
    await vi.waitFor(async () => expect(await callsTo(tokenCall)).toBeGreaterThan(before), {
      timeout: 10_000,
    });
    await crash("token-service");
    expect((await interrupted).status).toBeGreaterThanOrEqual(500);
    // the killed holder's refresh claim goes stale, then a refresh goes through
    await vi.waitFor(
      async () => {
        const again = await api.call("POST", `/api/connections/${gbp}/refresh`, { key: key() });
        expect(again.status, again.text).toBe(200);
      },
      { timeout: 60_000, interval: 1_000 },
    );
  }, 240_000);
});

describe("what the system kept and said", () => {
  it("holds no token, code or secret anywhere: database, Redis, logs, answers, events, metrics, spans", async () => {
    await vi.waitFor(() => expect(deliveriesOut.length).toBeGreaterThan(0), { timeout: 30_000 });
    const health = await api.call("GET", "/api/health/metrics", { key: system.adminKey });
    expect(health.status).toBe(200);
    await scrapeMetrics();

    const sql = postgres(system.env.DATABASE_URL ?? "", { max: 1, onnotice: () => undefined });
    const logger = createLogger({ service: "canary-test", level: "silent" });
    const redis = createRedis({ url: system.env.REDIS_URL ?? "", logger, connectionName: "canary-test" });
    const nc = await connectNats({ url: system.env.NATS_URL ?? "", name: "canary-test", logger });
    const haystacks: Record<string, string> = {};
    try {
      haystacks.postgres = await dumpDatabase(sql);
      haystacks.redis = await dumpRedis(redis, system.env.REDIS_PREFIX ?? "");
      haystacks.jetstream = await dumpJetStream(nc, { prefix: system.env.NATS_PREFIX ?? "" });
    } finally {
      await Promise.all([sql.end({ timeout: 5 }), redis.quit(), nc.drain()]);
    }
    // a graceful stop flushes each service's spans and metrics to the OTLP receiver
    for (const service of [...systemServices].reverse()) await system.processes.get(service)?.stop();
    for (const service of systemServices) logs.push(`[${service}] ${system.output(service)}`);
    haystacks.logs = logs.join("\n");
    haystacks.metrics = metricsPages.join("\n");
    haystacks.spans = otlp.text();
    haystacks["webhooks out"] = deliveriesOut.join("\n");
    for (const answer of api.answers) {
      haystacks[`answer: ${answer.label} #${api.answers.indexOf(answer)}`] =
        `${answer.status} ${answer.headers} ${answer.body}`;
    }

    const issued = await sim<{ data: Array<{ token: string; kind: string; platform: Platform }> }>(
      "GET",
      "/_sim/tokens",
    );
    const needles = needlesFor(issued.data);
    expectSourcesAreReal(haystacks, issued.data);
    // the search itself finds what it looks for
    expect(findLeaks({ control: JSON.stringify(issued) }, needles).length).toBeGreaterThan(
      needles.length / 2,
    );
    const leaks = findLeaks(haystacks, needles);
    expect(leaks, JSON.stringify(leaks.slice(0, 5), null, 1)).toEqual([]);
  }, 180_000);
});

function needlesFor(tokens: Array<{ token: string; kind: string; platform: Platform }>): Needle[] {
  const tokenNeedles = tokens.flatMap(({ token, kind, platform }) => [
    { name: `${platform} ${kind} token`, value: token },
    // the random part alone: a token with its prefix cut off still leaks
    { name: `${platform} ${kind} token (random part)`, value: token.replace(/^.*?sim[a-z]+_(?:at|rt)_/, "") },
  ]);
  return [
    { name: "the canary", value: canary },
    ...tokenNeedles,
    ...codes.map((code) => ({ name: "OAuth code", value: code })),
    ...platforms.map((platform) => ({ name: `${platform} client secret`, value: clientSecrets[platform] })),
    { name: "vault master secret", value: system.env.TOKEN_VAULT_MASTER_SECRET ?? "" },
    { name: "OAuth session secret", value: system.env.OAUTH_SESSION_SECRET ?? "" },
    { name: "webhook signing master secret", value: system.env.WEBHOOK_SIGNING_MASTER_SECRET ?? "" },
    { name: "admin key", value: system.adminKey },
    { name: "tenant API key", value: tenant.apiKey, allowedIn: ["answer: tenant created"] },
    { name: "webhook endpoint secret", value: endpointSecret, allowedIn: ["answer: endpoint created"] },
  ];
}

/** The sources hold what they should: a search of empty captures would prove nothing. */
function expectSourcesAreReal(
  haystacks: Record<string, string>,
  tokens: Array<{ token: string; kind: string; platform: Platform }>,
): void {
  expect(tokens.filter((t) => t.kind === "refresh").length).toBeGreaterThanOrEqual(3);
  expect(tokens.every((t) => t.token.startsWith(canary))).toBe(true);
  expect(haystacks.postgres).toMatch(/"token"\."connections": con_/);
  expect(haystacks.jetstream).toContain("connection.token_refreshed.v1");
  expect(haystacks.redis).toMatch(/publish/);
  for (const service of systemServices) expect(haystacks.logs).toContain(`[${service}]`);
  expect(haystacks.logs).toMatch(/killed/);
  expect(haystacks.metrics).toContain("token_refresh_outcome");
  expect(otlp.requests.some((request) => request.path.endsWith("/v1/traces"))).toBe(true);
  expect(otlp.requests.some((request) => request.path.endsWith("/v1/metrics"))).toBe(true);
  expect(haystacks.spans).toContain("svc.token");
  expect(Object.keys(haystacks).filter((name) => name.startsWith("answer: ")).length).toBeGreaterThan(20);
}
