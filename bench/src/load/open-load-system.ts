import { createJsonClient, type JsonClient } from "../support/http-client";
import type { BenchServers } from "../system/bench-servers";
import { type BenchSystem, startBenchSystem } from "../system/bench-system";
import { type BenchTenant, createBenchTenant } from "../system/bench-tenant";
import { PostLedger } from "../system/post-ledger";
import { createPublisher, type Publisher } from "../system/publisher";
import { type SimControl, simControl } from "../system/sim-control";

export interface LoadSystem {
  bench: BenchSystem;
  tenant: BenchTenant;
  client: JsonClient;
  ledger: PostLedger;
  publisher: Publisher;
  sim: SimControl;
  close(): Promise<void>;
}

/**
 * The whole system with its publish workers running, a bench tenant, a ledger and a publisher: what each part of
 * the load scenario runs against. The gateway's rate limit and the publish queue's bound are fixed at start.
 */
export async function openLoadSystem(options: {
  servers: BenchServers;
  publishWorkers: number;
  publishConcurrency: number;
  rateLimitPerMinute: number;
  queueMaxWaiting: number;
  simLatencyMs: number;
  logLevel: string;
}): Promise<LoadSystem> {
  const bench = await startBenchSystem({
    servers: options.servers,
    publishWorkers: options.publishWorkers,
    publishConcurrency: options.publishConcurrency,
    rateLimitPerMinute: options.rateLimitPerMinute,
    queueMaxWaiting: options.queueMaxWaiting,
    logLevel: options.logLevel,
    // the gateway's load shedding as deployed (its default), so an overload is refused at once
    env: { PUBLISH_MAX_IN_FLIGHT: "128" },
  });
  const client = createJsonClient({ maxSockets: 512 });
  try {
    await bench.startWorkers();
    const sim = simControl(bench.system.simUrl);
    await sim.configure({ latencyMs: options.simLatencyMs, rateLimits: false, quotas: false });
    const tenant = await createBenchTenant({
      gatewayUrl: bench.system.gatewayUrl,
      adminKey: bench.system.adminKey,
    });
    const ledger = new PostLedger();
    const publisher = createPublisher({ client, gatewayUrl: bench.system.gatewayUrl, tenant, ledger });
    return {
      bench,
      tenant,
      client,
      ledger,
      publisher,
      sim,
      async close() {
        client.close();
        await bench.stop();
      },
    };
  } catch (error) {
    client.close();
    await bench.stop();
    throw error;
  }
}
