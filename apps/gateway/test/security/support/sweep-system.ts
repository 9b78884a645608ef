import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type HttpServer, loadConfig } from "@postd/service-kit";
import { createLogger, initTelemetry } from "@postd/telemetry";
import { type RunningSystem, type SystemService, startSystem, systemServices } from "@postd/testing";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import postgres, { type Sql } from "postgres";
import { Config } from "../../../src/config";
import { type RunningGateway, startGateway } from "../../../src/service";

export interface Tenant {
  tenantId: string;
  apiKey: string;
  keyId: string;
}

export interface SweepSystem {
  system: RunningSystem;
  /** the gateway, in this process (its route catalog and `inject`), over the real services as processes */
  gateway: RunningGateway;
  app: HttpServer;
  /** the system's database: every service's schema */
  sql: Sql;
  adminKey: string;
  /** a tenant's API key or the admin key as `Authorization` */
  inject(options: InjectOptions & { key?: string }): Promise<LightMyRequestResponse>;
  createTenant(name: string): Promise<Tenant>;
  /** platform-sim's control API */
  sim<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** a local HTTP server that answers 200 to every webhook delivery (loopback is allowed by the system) */
  receiverUrl: string;
  stop(): Promise<void>;
}

/**
 * platform-sim and every service but the gateway as real processes (startSystem), and the gateway in this
 * process on the same database, Redis prefix and NATS namespace: the sweep walks its `routeCatalog` and calls it
 * through `inject`, and each call goes over NATS to the real services.
 */
export async function startSweepSystem(options: { timeScale?: number } = {}): Promise<SweepSystem> {
  const services: SystemService[] = systemServices.filter((service) => service !== "gateway");
  const system = await startSystem({ services, timeScale: options.timeScale ?? 1 });
  const config = loadConfig(Config, {
    ...system.env,
    GATEWAY_PORT: "0",
    GATEWAY_HOST: "127.0.0.1",
    INTERNAL_PORT: "0",
    LOG_LEVEL: "silent",
  });
  const logger = createLogger({ service: "gateway", level: "silent" });
  const telemetry = initTelemetry({ serviceName: "gateway-security-test", logger });
  const gateway = await startGateway({ config, telemetry, logger });
  const sql = postgres(system.env.DATABASE_URL ?? "", { max: 2, onnotice: () => undefined });
  const receiver = await startReceiver();
  const adminKey = system.adminKey;

  const inject: SweepSystem["inject"] = ({ key, headers, ...rest }) =>
    gateway.app.inject({
      ...rest,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    });

  return {
    system,
    gateway,
    app: gateway.app,
    sql,
    adminKey,
    inject,
    async createTenant(name) {
      const response = await inject({
        method: "POST",
        url: "/api/admin/tenants",
        key: adminKey,
        payload: { name },
      });
      if (response.statusCode !== 201) throw new Error(`tenant not created: ${response.body}`);
      return response.json<Tenant>();
    },
    async sim<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${system.simUrl}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`sim ${method} ${path} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    receiverUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    async stop() {
      await gateway.stop("test done");
      await telemetry.shutdown();
      await sql.end({ timeout: 5 });
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await system.stop();
    },
  };
}

async function startReceiver(): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "text/plain" }).end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
