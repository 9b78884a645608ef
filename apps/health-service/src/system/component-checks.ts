import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { type ComponentHealth, VaultStatus } from "@postd/contracts";
import { pingNats, pingRedis, type RpcClient } from "@postd/service-kit";
import type { Redis } from "ioredis";

/** Postgres: a round trip on the service's own pool. */
export async function checkPostgres(ping: () => Promise<void>): Promise<ComponentHealth> {
  await ping();
  return { name: "postgres", status: "ok", detail: "answers" };
}

/**
 * Redis: connected and answering, and its eviction policy. Anything but `noeviction` lets Redis drop BullMQ's
 * keys under memory pressure (jobs vanish): degraded. A Redis that hides CONFIG is ok with a note.
 */
export async function checkRedis(redis: Redis): Promise<ComponentHealth> {
  await pingRedis(redis);
  let policy: string | undefined;
  try {
    const reply = await redis.config("GET", "maxmemory-policy");
    policy = Array.isArray(reply) && typeof reply[1] === "string" ? reply[1] : undefined;
  } catch {
    policy = undefined;
  }
  if (policy === undefined) {
    return {
      name: "redis",
      status: "ok",
      detail: "answers; maxmemory-policy unreadable (CONFIG disabled): check it is noeviction",
    };
  }
  if (policy !== "noeviction") {
    return {
      name: "redis",
      status: "degraded",
      detail: `maxmemory-policy is ${policy}: queued jobs can be evicted`,
    };
  }
  return { name: "redis", status: "ok", detail: "answers; maxmemory-policy noeviction" };
}

export async function checkNats(nc: NatsConnection): Promise<ComponentHealth> {
  await pingNats(nc);
  return { name: "nats", status: "ok", detail: `connected to ${nc.getServer()}` };
}

/** JetStream: the account answers (streams hold every event; without it the outboxes only grow). */
export async function checkJetStream(nc: NatsConnection): Promise<ComponentHealth> {
  const manager = await jetstreamManager(nc, { timeout: 2_000 });
  const account = await manager.getAccountInfo();
  return {
    name: "jetstream",
    status: "ok",
    detail: `${account.streams} streams, ${account.consumers} consumers`,
  };
}

/** The vault's canary through token-service: a failed canary means no stored token can be read. */
export async function checkVault(rpc: RpcClient, timeoutMs: number): Promise<ComponentHealth> {
  const status = await rpc.call(VaultStatus, {}, { timeoutMs });
  if (status.canary !== "ok") {
    return {
      name: "vault",
      status: "down",
      detail: "the canary does not decrypt: stored tokens cannot be read",
    };
  }
  return { name: "vault", status: "ok", detail: `canary ok; master key v${status.masterKeyVersion}` };
}
