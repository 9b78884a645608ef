import { fileURLToPath } from "node:url";
import {
  type Msg,
  type NatsConnection,
  PermissionViolationError,
  type Subscription,
} from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { newId, RpcReply } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createRedisNamespace,
  createTestDatabase,
  freePort,
  type RedisNamespace,
  type SpawnedService,
  spawnService,
  systemEnv,
  type TestDatabase,
} from "../src/index";
import { type NatsUser, type PermissionedNats, startPermissionedNats } from "./nats-users";

const tokenServiceDir = fileURLToPath(new URL("../../../apps/token-service", import.meta.url));
const getAccessToken = "svc.token.get-access-token";
const aTokenRequest = JSON.stringify({
  tenantId: newId("tenant"),
  connectionId: newId("connection"),
  purpose: "publish",
});

let nats: PermissionedNats;
const open: NatsConnection[] = [];

beforeAll(async () => {
  nats = await startPermissionedNats();
});

afterAll(async () => {
  await Promise.all(open.map((nc) => nc.close()));
  await nats?.server.dispose();
});

async function as(user: NatsUser): Promise<NatsConnection> {
  const nc = await nats.connectAs(user);
  open.push(nc);
  return nc;
}

/** Subscribes with a callback and resolves with the server's refusal, or null if it delivered a message. */
function subscribeExpectingRefusal(
  nc: NatsConnection,
  subject: string,
  options: { queue?: string } = {},
): { sub: Subscription; outcome: Promise<Error | Msg> } {
  let settle: (value: Error | Msg) => void = () => undefined;
  const outcome = new Promise<Error | Msg>((resolve) => {
    settle = resolve;
  });
  const sub = nc.subscribe(subject, { ...options, callback: (error, msg) => settle(error ?? msg) });
  return { sub, outcome };
}

describe("connecting", () => {
  it("refuses clients without credentials or with a wrong password", async () => {
    await expect(connect({ servers: nats.server.url, reconnect: false })).rejects.toThrow(/authorization/i);
    await expect(
      connect({ servers: nats.server.url, user: "token-service", pass: "wrong", reconnect: false }),
    ).rejects.toThrow(/authorization/i);
  });
});

describe("publish-service", () => {
  it("cannot subscribe to svc.oauth.> and so sees none of oauth-service's traffic", async () => {
    const publish = await as("publish-service");
    const oauth = await as("oauth-service");
    const gateway = await as("gateway");

    const snoop = subscribeExpectingRefusal(publish, "svc.oauth.>");
    const refused = await snoop.outcome;
    expect(refused).toBeInstanceOf(PermissionViolationError);
    expect(String(refused)).toMatch(/Permissions Violation for Subscription to "svc\.oauth\.>"/);

    // oauth-service answers its own subject; the gateway's request gets through and publish-service saw nothing
    const seen: string[] = [];
    publish.subscribe("_INBOX.publish-service.>", {
      callback: (_error, msg) => {
        seen.push(msg.subject);
      },
    });
    oauth.subscribe("svc.oauth.start", {
      queue: "oauth",
      callback: (_error, msg) => {
        msg.respond("answer");
      },
    });
    await oauth.flush();
    const answer = await gateway.request("svc.oauth.start", "{}", { timeout: 2_000 });
    expect(answer.string()).toBe("answer");
    expect(seen).toEqual([]);
  });

  it("cannot read the replies another service gets (every user has its own inbox)", async () => {
    const publish = await as("publish-service");
    const snoop = subscribeExpectingRefusal(publish, "_INBOX.health-service.>");
    expect(await snoop.outcome).toBeInstanceOf(PermissionViolationError);
    const wide = subscribeExpectingRefusal(publish, "_INBOX.>");
    expect(await wide.outcome).toBeInstanceOf(PermissionViolationError);
  });

  it("cannot answer as token-service: registering a responder on svc.token.get-access-token is refused", async () => {
    const publish = await as("publish-service");
    const impostor = subscribeExpectingRefusal(publish, getAccessToken, { queue: "token" });
    const refused = await impostor.outcome;
    expect(refused).toBeInstanceOf(PermissionViolationError);
    expect(String(refused)).toContain(`Subscription to "${getAccessToken}"`);
    await vi.waitFor(
      () =>
        expect(nats.violations().join("\n")).toContain(
          `Subscription Violation - User "publish-service", Subject "${getAccessToken}"`,
        ),
      { timeout: 10_000, interval: 50 },
    );
    for (const subject of ["svc.token.>", "svc.>", ">"]) {
      expect(await subscribeExpectingRefusal(publish, subject).outcome).toBeInstanceOf(
        PermissionViolationError,
      );
    }
    // and nobody answers in its place: the request finds no responder at all
    const health = await as("health-service");
    await expect(health.request(getAccessToken, aTokenRequest, { timeout: 2_000 })).rejects.toThrow(
      /no responders/i,
    );
  });
});

describe("token-service", () => {
  it("may answer svc.token.>, and only the services that need a token may ask it for one", async () => {
    const token = await as("token-service");
    const answering = subscribeExpectingRefusal(token, getAccessToken, { queue: "token" });
    await token.flush();
    const publish = await as("publish-service");
    void publish.request(getAccessToken, aTokenRequest, { timeout: 2_000 }).catch(() => undefined);
    const received = await answering.outcome;
    expect(received).not.toBeInstanceOf(Error);
    answering.sub.unsubscribe();

    // the gateway lists connections but never asks for a token; oauth-service only stores
    for (const user of ["gateway", "oauth-service", "webhook-service"] as const) {
      const nc = await as(user);
      await expect(nc.request(getAccessToken, aTokenRequest, { timeout: 2_000 }), user).rejects.toThrow(
        /Permissions Violation for Publish/,
      );
    }
  });
});

describe("the real token-service under its own user", () => {
  let database: TestDatabase;
  let redis: RedisNamespace;
  let service: SpawnedService | undefined;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: "natsperm" });
    redis = createRedisNamespace();
    const internalPort = await freePort();
    const env = systemEnv({
      databaseUrl: database.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      natsUrl: nats.urlFor("token-service"),
      natsPrefix: "",
      simUrl: "http://127.0.0.1:9",
      gatewayPort: 9,
      timeScale: 0.01,
    });
    service = await spawnService({
      command: process.execPath,
      args: ["--import", "tsx", "src/main.ts"],
      cwd: tokenServiceDir,
      env: { ...env, INTERNAL_PORT: String(internalPort), LOG_LEVEL: "info" },
      readyWhen: async () => {
        try {
          return (await fetch(`http://127.0.0.1:${internalPort}/readyz`)).ok;
        } catch {
          return false;
        }
      },
      readyTimeoutMs: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    await Promise.all([database?.drop(), redis?.cleanup()]);
  }, 30_000);

  it("starts (streams, consumers, RPC server, discovery) and answers publish-service's request", async () => {
    const publish = await as("publish-service");
    // /readyz answers once the clients are up; the RPC endpoints are registered a moment later
    const reply = await vi.waitFor(
      async () =>
        RpcReply.parse((await publish.request(getAccessToken, aTokenRequest, { timeout: 5_000 })).json()),
      { timeout: 20_000, interval: 200 },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const health = await as("health-service");
    const status = RpcReply.parse(
      (await health.request("svc.token.vault-status", "{}", { timeout: 5_000 })).json(),
    );
    expect(status.ok).toBe(true);
    expect(service?.output() ?? "").not.toMatch(/Permissions Violation/i);
    expect(nats.violations().filter((line) => line.includes('User "token-service"'))).toEqual([]);
  });
});
