import type { NatsConnection } from "@nats-io/nats-core";
import type { ComponentHealth, ComponentStatus, NatsNamespace, SystemHealthReport } from "@postd/contracts";
import type { RpcClient } from "@postd/service-kit";
import type { Redis } from "ioredis";
import { checkServices, type ExpectedService } from "./check-services";
import { checkJetStream, checkNats, checkPostgres, checkRedis, checkVault } from "./component-checks";

export interface SystemHealthDeps {
  pingPostgres: () => Promise<void>;
  redis: Redis;
  nc: NatsConnection;
  ns: NatsNamespace;
  rpc: RpcClient;
  expectedServices: readonly ExpectedService[];
  timeoutMs: number;
  now: () => Date;
}

const severity: Record<ComponentStatus, number> = { ok: 0, degraded: 1, down: 2 };

/** The worst status of a list (ok when empty). */
export function worstStatus(components: readonly { status: ComponentStatus }[]): ComponentStatus {
  return components.reduce<ComponentStatus>(
    (worst, component) => (severity[component.status] > severity[worst] ? component.status : worst),
    "ok",
  );
}

/**
 * `svc.health.system`: every component checked at once, each held to `timeoutMs`; a check that throws or hangs is
 * that component `down` with the reason. Never rejects.
 */
export async function checkSystem(deps: SystemHealthDeps): Promise<SystemHealthReport> {
  const single = (name: string, check: () => Promise<ComponentHealth>) =>
    guarded(name, deps.timeoutMs, async () => [await check()]);
  const groups = await Promise.all([
    single("postgres", () => checkPostgres(deps.pingPostgres)),
    single("redis", () => checkRedis(deps.redis)),
    single("nats", () => checkNats(deps.nc)),
    single("jetstream", () => checkJetStream(deps.nc)),
    guarded("services", deps.timeoutMs, () =>
      checkServices(deps.nc, deps.ns, {
        expected: deps.expectedServices,
        waitMs: Math.min(1_000, deps.timeoutMs),
      }),
    ),
    single("vault", () => checkVault(deps.rpc, deps.timeoutMs)),
  ]);
  const components = groups.flat();
  return { status: worstStatus(components), components, checkedAt: deps.now().toISOString() };
}

async function guarded(
  name: string,
  timeoutMs: number,
  check: () => Promise<ComponentHealth[]>,
): Promise<ComponentHealth[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch (error) {
    const reason = error instanceof Error && error.message ? error.message : String(error);
    return [{ name, status: "down", detail: reason.slice(0, 300) }];
  } finally {
    clearTimeout(timer);
  }
}
