import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInternalServer, type InternalServer } from "../src/index";

const lines: { msg: string }[] = [];
const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });

let postgresUp = true;
let server: InternalServer;
let baseUrl: string;

beforeAll(async () => {
  server = createInternalServer({
    logger,
    port: 0,
    host: "127.0.0.1",
    checkTimeoutMs: 50,
    readiness: {
      postgres: async () => {
        if (!postgresUp) throw new Error("connection refused");
      },
      nats: async () => {},
      redis: () => new Promise<void>(() => {}),
    },
    metricsText: async () => ({ contentType: "text/plain; version=0.0.4", body: "# HELP up x\nup 1\n" }),
  });
  ({ url: baseUrl } = await server.listen());
});

afterAll(async () => {
  await server.close();
});

describe("createInternalServer", () => {
  it("answers /healthz while the process runs", async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz 503 naming each check, including one that hangs past its timeout", async () => {
    const response = await fetch(`${baseUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "down",
      checks: { postgres: "ok", nats: "ok", redis: "down: no answer within 50 ms" },
    });
  });

  it("answers /readyz 200 when every check passes", async () => {
    const ready = createInternalServer({
      logger,
      port: 0,
      readiness: { postgres: async () => {} },
      metricsText: async () => ({ contentType: "text/plain", body: "" }),
    });
    const response = await ready.app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", checks: { postgres: "ok" } });
    await ready.close();
  });

  it("reports the reason a check failed", async () => {
    postgresUp = false;
    const response = await fetch(`${baseUrl}/readyz`);
    postgresUp = true;
    const body = (await response.json()) as { checks: Record<string, string> };
    expect(body.checks.postgres).toBe("down: connection refused");
  });

  it("serves the injected Prometheus text with its content type", async () => {
    const response = await fetch(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4");
    expect(await response.text()).toBe("# HELP up x\nup 1\n");
  });

  it("does not log probe requests", () => {
    expect(lines.filter((line) => /request/i.test(line.msg))).toEqual([]);
  });

  it("answers /readyz 503 once shutting down", async () => {
    server.markShuttingDown();
    const response = await fetch(`${baseUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "down", checks: { shutdown: "down: shutting down" } });
  });
});
