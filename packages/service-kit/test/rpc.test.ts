import type { NatsConnection } from "@nats-io/nats-core";
import { Svcm } from "@nats-io/services";
import { connect } from "@nats-io/transport-node";
import { defineRpc, metricsRpc, namespacedName } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, notFound } from "../src/errors/index";
import { createRpcClient, createRpcServer, discoverServices, type RpcServer } from "../src/rpc/index";
import { testNamespace } from "./fixtures/namespace";
import { createTestLogger, logLevels } from "./fixtures/test-logger";

const ns = testNamespace();

const Greet = defineRpc({
  service: "demo",
  verb: "greet",
  request: z.object({ name: z.string().min(1), times: z.number().int().positive().default(1) }),
  response: z.object({ greeting: z.string(), instanceId: z.string() }),
});
const FindThing = defineRpc({
  service: "demo",
  verb: "find-thing",
  request: z.object({ id: z.string() }),
  response: z.object({ id: z.string() }),
});
const Explode = defineRpc({
  service: "demo",
  verb: "explode",
  request: z.object({}),
  response: z.object({}),
});
const Slow = defineRpc({
  service: "demo",
  verb: "slow",
  request: z.object({}),
  response: z.object({ done: z.boolean() }),
});
const WhoAsks = defineRpc({
  service: "demo",
  verb: "who-asks",
  request: z.object({}),
  response: z.object({ requestId: z.string(), traceparent: z.string().nullable() }),
});
const Nobody = defineRpc({ service: "nobody", verb: "home", request: z.object({}), response: z.object({}) });

let nc: NatsConnection;
let otherNc: NatsConnection;
const log = createTestLogger();
const servers: RpcServer[] = [];
/** trace contexts the server's propagation hook was asked to enter */
const extracted: (string | undefined)[] = [];
let releaseSlow: () => void = () => undefined;

async function startDemo(connection: NatsConnection, instanceId: string): Promise<RpcServer> {
  const server = await createRpcServer({
    nc: connection,
    ns,
    service: "demo",
    version: "1.2.3",
    instanceId,
    logger: log.logger,
    tracing: {
      inject: () => undefined,
      extract: (headers, fn) => {
        extracted.push(headers.traceparent);
        return fn();
      },
    },
    metricsSnapshot: async () => [
      { name: "demo.calls", type: "counter", value: 7, labels: { instance: instanceId } },
    ],
  });
  server
    .handle(Greet, async (request) => ({ greeting: `hello ${request.name} x${request.times}`, instanceId }))
    .handle(FindThing, async (request) => {
      throw notFound(`thing ${request.id}`);
    })
    .handle(Explode, async () => {
      throw new Error("secret connection string postgres://admin:hunter2@db");
    })
    .handle(WhoAsks, async (_request, context) => ({
      requestId: context.requestId,
      traceparent: context.headers.traceparent ?? null,
    }))
    .handle(Slow, async () => {
      await new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      return { done: true };
    });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  nc = await connect({ servers: "127.0.0.1:4222" });
  otherNc = await connect({ servers: "127.0.0.1:4222" });
  await startDemo(nc, "instance-a");
});

afterAll(async () => {
  releaseSlow();
  for (const server of servers) await server.stop();
  await nc.close();
  await otherNc.close();
});

describe("rpc over NATS", () => {
  it("answers with the handler's validated response, defaults applied", async () => {
    const client = createRpcClient({ nc, ns });
    const answer = await client.call(Greet, { name: "ada" });
    expect(answer).toEqual({ greeting: "hello ada x1", instanceId: "instance-a" });
  });

  it("carries the request id and, through the tracing hook, the trace context to the handler", async () => {
    const client = createRpcClient({
      nc,
      ns,
      tracing: {
        inject: (headers) => Object.assign(headers, { traceparent: "00-abc-def-01" }),
        extract: (_h, fn) => fn(),
      },
    });
    const answer = await client.call(WhoAsks, {}, { headers: { "Request-Id": "req_fromgateway" } });
    expect(answer).toEqual({ requestId: "req_fromgateway", traceparent: "00-abc-def-01" });
    expect(extracted).toContain("00-abc-def-01");
    const generated = await createRpcClient({ nc, ns }).call(WhoAsks, {});
    expect(generated.requestId).toMatch(/^req_[0-9a-z]{26}$/);
  });

  it("returns a handler's AppError to the caller as the same typed error", async () => {
    const client = createRpcClient({ nc, ns });
    const error = await client.call(FindThing, { id: "th_1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "NOT_FOUND", message: "thing th_1 was not found" });
  });

  it("rejects an invalid request on the server with every bad field listed", async () => {
    const reply = await nc.request(`${ns.prefix}.svc.demo.greet`, JSON.stringify({ name: "", times: -2 }));
    const body = reply.json<{ ok: boolean; error: { code: string; errors: { path: string }[] } }>();
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.errors.map((problem) => problem.path).sort()).toEqual(["name", "times"]);
    expect(reply.headers?.get("Nats-Service-Error-Code")).toBe("400");
    expect(reply.headers?.get("Nats-Service-Error")).toBe("VALIDATION");
  });

  it("rejects an invalid request in the client before sending it", async () => {
    const client = createRpcClient({ nc, ns });
    // @ts-expect-error: deliberately wrong types
    const error = await client.call(Greet, { name: 3, times: "x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION" });
    expect((error as AppError).errors?.map((problem) => problem.path).sort()).toEqual(["name", "times"]);
  });

  it("answers a request that is not JSON with VALIDATION", async () => {
    const reply = await nc.request(`${ns.prefix}.svc.demo.greet`, "{not json");
    expect(reply.json()).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });

  it("turns an unexpected throw into INTERNAL without leaking it, and logs the stack", async () => {
    const client = createRpcClient({ nc, ns });
    const error = await client.call(Explode, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INTERNAL", message: "the service failed to handle the request" });
    expect(JSON.stringify(error)).not.toContain("hunter2");
    expect((error as Error).message).not.toContain("hunter2");
    const logged = log.lines.find((line) => line.msg === "rpc handler threw");
    expect(logged?.level).toBe(logLevels.error);
    expect(logged?.rpc).toBe("svc.demo.explode");
    expect(String((logged?.err as { stack?: string } | undefined)?.stack)).toContain("Error: secret");
  });

  it("gives UNAVAILABLE when the deadline passes", async () => {
    const client = createRpcClient({ nc, ns });
    const started = Date.now();
    const error = await client.call(Slow, {}, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "UNAVAILABLE",
      message: "svc.demo.slow did not answer within 150 ms",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    releaseSlow();
  });

  it("gives UNAVAILABLE when no responder is running", async () => {
    const client = createRpcClient({ nc, ns });
    const error = await client.call(Nobody, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNAVAILABLE", message: "no svc.nobody.home responder is running" });
  });

  it("gives UNAVAILABLE on a closed connection", async () => {
    const closed = await connect({ servers: "127.0.0.1:4222" });
    await closed.close();
    const error = await createRpcClient({ nc: closed, ns })
      .call(Greet, { name: "ada" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNAVAILABLE" });
  });

  it("answers svc.<service>.metrics with the injected snapshot", async () => {
    const answer = await createRpcClient({ nc, ns }).call(metricsRpc("demo"), {});
    expect(answer).toEqual({
      service: "demo",
      instanceId: "instance-a",
      metrics: [{ name: "demo.calls", type: "counter", value: 7, labels: { instance: "instance-a" } }],
    });
  });

  it("is visible through the services API with its endpoints and request and error counts", async () => {
    const found = await discoverServices(nc, ns, { service: "demo" });
    const mine = found.find((service) => service.metadata.instanceId === "instance-a");
    expect(mine).toMatchObject({ name: namespacedName(ns, "demo"), version: "1.2.3" });
    expect(mine?.endpoints.map((endpoint) => endpoint.name).sort()).toEqual([
      "explode",
      "find-thing",
      "greet",
      "metrics",
      "slow",
      "who-asks",
    ]);
    expect(mine?.endpoints.find((endpoint) => endpoint.name === "greet")?.subject).toBe(
      `${ns.prefix}.svc.demo.greet`,
    );

    const stats = await new Svcm(nc)
      .client({ strategy: "stall", maxWait: 1_000 })
      .stats(namespacedName(ns, "demo"));
    const instances = [];
    for await (const instance of stats) instances.push(instance);
    const endpoints = instances.find((instance) => instance.id === mine?.id)?.endpoints ?? [];
    const find = endpoints.find((endpoint) => endpoint.name === "find-thing");
    expect(find?.num_requests).toBe(1);
    expect(find?.num_errors).toBe(1);
    expect(find?.data).toMatchObject({ completed: 1, errors: 1, lastErrorCode: "NOT_FOUND" });
    const metrics = endpoints.find((endpoint) => endpoint.name === "metrics");
    expect(metrics).toMatchObject({ num_requests: 1, num_errors: 0 });
  });

  it("shares the load between two instances of a service through the queue group", async () => {
    await startDemo(otherNc, "instance-b");
    const client = createRpcClient({ nc, ns });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.call(Greet, { name: `caller-${i}` })),
    );
    const byInstance = new Map<string, number>();
    for (const answer of answers)
      byInstance.set(answer.instanceId, (byInstance.get(answer.instanceId) ?? 0) + 1);
    expect([...byInstance.keys()].sort()).toEqual(["instance-a", "instance-b"]);
    // A fair split is 100 each; below 40 would mean the queue group is not balancing (p < 1e-9 by chance).
    for (const count of byInstance.values()) expect(count).toBeGreaterThanOrEqual(40);
  });

  it("stops by draining: a request in flight still gets its answer, later ones find no responder", async () => {
    const server = await createRpcServer({
      nc: otherNc,
      ns,
      service: "drainer",
      version: "0.0.1",
      logger: log.logger,
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const Wait = defineRpc({
      service: "drainer",
      verb: "wait",
      request: z.object({}),
      response: z.object({ ok: z.boolean() }),
    });
    server.handle(Wait, async () => {
      started();
      await gate;
      return { ok: true };
    });
    await otherNc.flush(); // the endpoint's subscription has reached the server before another connection asks
    const client = createRpcClient({ nc, ns });
    const call = client.call(Wait, {}, { timeoutMs: 10_000 });
    await handlerStarted;
    let stopped = false;
    const stopping = server.stop().then(() => {
      stopped = true;
    });
    await otherNc.flush();
    expect(stopped).toBe(false);
    release();
    await expect(call).resolves.toEqual({ ok: true });
    await stopping;
    expect(stopped).toBe(true);
    await expect(client.call(Wait, {})).rejects.toMatchObject({
      code: "UNAVAILABLE",
      message: "no svc.drainer.wait responder is running",
    });
  });
});
