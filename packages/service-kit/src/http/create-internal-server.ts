import type { AddressInfo } from "node:net";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { runReadinessChecks } from "./run-readiness-checks";

export interface MetricsText {
  contentType: string;
  body: string;
}

export interface InternalServerOptions {
  logger: Logger;
  /** 0 picks a free port (tests) */
  port: number;
  /** default `0.0.0.0`: probes and Prometheus reach the pod's address, not loopback */
  host?: string;
  /** named checks behind `/readyz`; each resolves when its dependency answers and rejects with the reason if not */
  readiness: Record<string, () => Promise<void>>;
  /** the Prometheus exposition of this process's metrics (from @postd/telemetry) */
  metricsText: () => Promise<MetricsText>;
  /** how long one readiness check may take before it counts as down; default 2000 ms */
  checkTimeoutMs?: number;
}

export interface InternalServer {
  app: FastifyInstance;
  /** starts listening; resolves with the bound port and a base URL */
  listen(): Promise<{ port: number; url: string }>;
  /** `/readyz` answers 503 from now on, so load balancers stop sending work while the process drains */
  markShuttingDown(): void;
  close(): Promise<void>;
}

/**
 * The small HTTP port every app has apart from its public one: `/healthz` (the process runs), `/readyz` (its
 * dependencies answer) and `/metrics` (Prometheus). Probe requests are not logged.
 */
export function createInternalServer(options: InternalServerOptions): InternalServer {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: "internal-http" }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  let shuttingDown = false;
  const timeoutMs = options.checkTimeoutMs ?? 2000;

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const checks = shuttingDown
      ? { shutdown: "down: shutting down" }
      : await runReadinessChecks(options.readiness, { timeoutMs });
    const ready = Object.values(checks).every((outcome) => outcome === "ok");
    if (!ready) options.logger.warn({ checks }, "not ready");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ok" : "down", checks });
  });
  app.get("/metrics", async (_request, reply) => {
    const metrics = await options.metricsText();
    return reply.type(metrics.contentType).send(metrics.body);
  });

  return {
    app,
    async listen() {
      await app.listen({ port: options.port, host: options.host ?? "0.0.0.0" });
      const { port } = app.server.address() as AddressInfo;
      return { port, url: `http://${reachableHost(options.host)}:${port}` };
    },
    markShuttingDown() {
      shuttingDown = true;
    },
    close: () => app.close(),
  };
}

/** A host name to reach a server bound to `host` from this machine (wildcard addresses mean loopback). */
function reachableHost(host: string | undefined): string {
  if (host === undefined || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
