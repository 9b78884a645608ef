import { RequestError } from "@nats-io/nats-core";
import {
  type ComponentHealth,
  ComponentHealth as ComponentHealthSchema,
  ComponentStatus,
  MetricsRollup,
  metricsRpc,
  QueueHealth,
  SystemHealth,
} from "@postd/contracts";
import {
  AppError,
  type DrizzleDatabase,
  type HttpServer,
  pingRedis,
  runReadinessChecks,
} from "@postd/service-kit";
import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { GatewayTables } from "../db/schema";
import type { ServiceCaller } from "../rpc/service-caller";

export interface HealthRouteDeps {
  call: ServiceCaller;
  db: DrizzleDatabase<GatewayTables>;
  redis: Redis;
}

const tags = ["health"];
/** How long the gateway's own checks, and health-service's report, may take. */
const ownCheckTimeoutMs = 1_500;
const reportTimeoutMs = 5_000;

const HealthReport = z.object({ status: ComponentStatus, components: z.array(ComponentHealthSchema) });

/**
 * `/api/health/live` is public. `/api/health`, `/api/health/queue` and `/api/health/metrics` take any tenant's
 * credentials or the admin key (operators and the CLI hold the latter). They are read without the tenant rate
 * limit, and `/api/health` keeps answering when Redis, NATS or health-service are gone: the gateway checks
 * Postgres, Redis and NATS itself and names what it cannot reach.
 */
export function registerHealthRoutes(app: HttpServer, deps: HealthRouteDeps): void {
  app.get(
    "/api/health/live",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "200 while the gateway process runs",
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/api/health",
    {
      config: { auth: "operator" },
      schema: {
        tags,
        summary: "Postgres, Redis, NATS, each service and the vault; 503 when any is down",
        response: { 200: HealthReport, 503: HealthReport },
      },
    },
    async (request, reply) => {
      const report = await systemReport(deps, request.id);
      return reply.code(report.status === "down" ? 503 : 200).send(report);
    },
  );

  app.get(
    "/api/health/queue",
    {
      config: { auth: "operator" },
      schema: {
        tags,
        summary: "Every BullMQ queue's counts and oldest waiting age",
        response: { 200: QueueHealth.response },
      },
    },
    async (request) => {
      return deps.call(QueueHealth, {}, { requestId: request.id });
    },
  );

  app.get(
    "/api/health/metrics",
    {
      config: { auth: "operator" },
      schema: {
        tags,
        summary: "Every service's metrics snapshot merged, with error rates",
        response: { 200: MetricsRollup.response },
      },
    },
    async (request) => {
      return deps.call(MetricsRollup, {}, { requestId: request.id });
    },
  );
}

async function systemReport(deps: HealthRouteDeps, requestId: string): Promise<z.infer<typeof HealthReport>> {
  const [own, remote] = await Promise.all([ownChecks(deps, requestId), remoteReport(deps, requestId)]);
  const components = mergeComponents(own, remote);
  const worst = components.some((c) => c.status === "down")
    ? "down"
    : components.some((c) => c.status === "degraded")
      ? "degraded"
      : "ok";
  return { status: worst, components };
}

/** What the gateway sees itself: its Postgres pool, its Redis client, a NATS round trip. */
async function ownChecks(deps: HealthRouteDeps, requestId: string): Promise<ComponentHealth[]> {
  const outcomes = await runReadinessChecks(
    {
      postgres: async () => {
        await deps.db.execute(sql`select 1`);
      },
      redis: () => pingRedis(deps.redis),
      nats: () => natsRoundTrip(deps, requestId),
    },
    { timeoutMs: ownCheckTimeoutMs },
  );
  return Object.entries(outcomes).map(([name, outcome]) =>
    outcome === "ok"
      ? { name, status: "ok", detail: "the gateway reaches it" }
      : { name, status: "down", detail: `the gateway: ${outcome.replace(/^down: /, "")}` },
  );
}

/** Any answer proves the round trip, even "nobody listens on that subject" (NATS itself said so). */
async function natsRoundTrip(deps: HealthRouteDeps, requestId: string): Promise<void> {
  try {
    await deps.call(metricsRpc("gateway"), {}, { requestId, timeoutMs: ownCheckTimeoutMs });
  } catch (error) {
    const cause = error instanceof AppError ? (error.cause as { cause?: unknown } | undefined) : undefined;
    const noResponders = [cause, cause?.cause].some((c) => c instanceof RequestError && c.isNoResponders());
    if (!noResponders) throw error;
  }
}

async function remoteReport(deps: HealthRouteDeps, requestId: string): Promise<ComponentHealth[] | string> {
  try {
    const report = await deps.call(SystemHealth, {}, { requestId, timeoutMs: reportTimeoutMs });
    return report.components;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const severity = { ok: 0, degraded: 1, down: 2 } as const;

/** The gateway's own view first; for a component both saw, the worse of the two. */
function mergeComponents(own: ComponentHealth[], remote: ComponentHealth[] | string): ComponentHealth[] {
  if (typeof remote === "string") {
    return [...own, { name: "health-service", status: "down", detail: `no system report: ${remote}` }];
  }
  const merged = [...own];
  for (const component of remote) {
    const index = merged.findIndex((existing) => existing.name === component.name);
    const existing = merged[index];
    if (!existing) merged.push(component);
    else if (severity[component.status] > severity[existing.status]) merged[index] = component;
  }
  return merged;
}
