import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import type { SimPlatformFactory } from "@postd/platform-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError, createHttpClient, type RequestObservation } from "../src/index";
import { type RunningSim, startSim } from "./support/sim";

/** A stand-in platform with one read and one write, to exercise the sim's fault injection through the client. */
const echoPlatform: SimPlatformFactory = ({ state }) => {
  let created = 0;
  return {
    platform: "meta",
    hosts: ["api.echo.test"],
    async register(app) {
      app.get("/api.echo.test/items", async () => ({ created }));
      app.post("/api.echo.test/items", async () => {
        created++;
        state.posts.add({
          platform: "meta",
          accountId: "a",
          postId: String(created),
          text: "",
          media: [],
          link: null,
          details: {},
        });
        return { id: created };
      });
    },
    reset() {
      created = 0;
    },
    describe: () => ({ created }),
  };
};

let sim: RunningSim;
const observations: RequestObservation[] = [];
const client = () =>
  createHttpClient({ simUrl: sim.url, timeoutMs: 500, observe: (o) => observations.push(o) });
const get = () =>
  client().request({
    platform: "meta",
    operation: "items.list",
    method: "GET",
    url: "https://api.echo.test/items",
  });
const post = () =>
  client().request({
    platform: "meta",
    operation: "items.create",
    method: "POST",
    url: "https://api.echo.test/items",
    body: { json: {} },
  });

beforeAll(async () => {
  sim = await startSim({ platforms: [echoPlatform] });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  observations.length = 0;
});

describe("http client against platform-sim", () => {
  it("rewrites to the sim, parses JSON and reports the call", async () => {
    const response = await post();
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ id: 1 });
    expect(observations[0]).toMatchObject({
      platform: "meta",
      operation: "items.create",
      status: 200,
      failure: null,
    });
    const calls = await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
    expect(calls.counts["POST api.echo.test/items"]).toBe(1);
  });

  it("passes an injected platform error through untouched", async () => {
    await sim.control("POST", "/_sim/faults", {
      host: "api.echo.test",
      method: "POST",
      action: { type: "respond", status: 503, body: { error: "down" } },
    });
    const response = await post();
    expect(response.status).toBe(503);
    expect(response.json).toEqual({ error: "down" });
    expect((await post()).status).toBe(200);
  });

  it("a reset after the platform acted is an unknown outcome, and the post exists", async () => {
    await sim.control("POST", "/_sim/faults", {
      path: "/items",
      method: "POST",
      action: { type: "reset_after" },
    });
    const error = await post().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe("unknown_outcome");
    expect(sim.state.posts.list()).toHaveLength(1);
  });

  it("a hang on a write times out as an unknown outcome; on a read, as transient", async () => {
    await sim.control("POST", "/_sim/faults", {
      rules: [
        { method: "POST", action: { type: "hang" } },
        { method: "GET", action: { type: "hang" } },
      ],
    });
    const write = await post().catch((e: unknown) => e);
    expect((write as ConnectorError).kind).toBe("unknown_outcome");
    expect((write as ConnectorError).platformCode).toBe("timeout");
    const read = await get().catch((e: unknown) => e);
    expect((read as ConnectorError).kind).toBe("transient");
    expect(observations.map((o) => o.failure)).toEqual(["timeout", "timeout"]);
  });

  it("a refused connection is transient even for a write", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const refused = createHttpClient({ simUrl: `http://127.0.0.1:${closedPort}`, timeoutMs: 500 });
    const error = await refused
      .request({ platform: "meta", operation: "x", method: "POST", url: "https://api.echo.test/items" })
      .catch((e: unknown) => e);
    expect((error as ConnectorError).kind).toBe("transient");
  });

  it("latency faults delay without failing", async () => {
    await sim.control("POST", "/_sim/faults", { method: "GET", action: { type: "latency", ms: 50 } });
    const started = performance.now();
    expect((await get()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("rate-based faults hit a share of requests and stay until cleared", async () => {
    await sim.control("POST", "/_sim/faults", {
      method: "GET",
      rate: 1,
      action: { type: "respond", status: 500 },
    });
    expect((await get()).status).toBe(500);
    expect((await get()).status).toBe(500);
    await sim.control("DELETE", "/_sim/faults");
    expect((await get()).status).toBe(200);
  });
});
