import type { NatsConnection } from "@nats-io/nats-core";
import { type Service, type ServiceMsg, Svcm } from "@nats-io/services";
import {
  type MetricSnapshot,
  metricsRpc,
  type NatsNamespace,
  namespaced,
  namespacedName,
  type RpcContract,
} from "@postd/contracts";
import type { Logger } from "pino";
import { answerRequest, type RpcHandler } from "./answer-request";
import { createEndpointStats, type EndpointStats } from "./endpoint-stats";
import type { TracePropagation } from "./trace-propagation";

export interface RpcServerOptions {
  nc: NatsConnection;
  ns: NatsNamespace;
  /** the service's short name (`token`, `publish`): it answers `svc.<service>.*` */
  service: string;
  /** semver, shown by discovery */
  version: string;
  /** this process's id in metrics answers; defaults to the NATS service instance id */
  instanceId?: string;
  logger: Logger;
  tracing?: TracePropagation;
  /** what `svc.<service>.metrics` answers; an empty list when absent */
  metricsSnapshot?: () => Promise<MetricSnapshot[]>;
}

export interface RpcServer {
  readonly service: string;
  readonly instanceId: string;
  /** Adds the endpoint `<verb>` on `svc.<service>.<verb>`; returns the server to chain calls. */
  handle<C extends RpcContract>(contract: C, handler: RpcHandler<C>): RpcServer;
  /** Stops taking requests (drains the subscriptions), then waits for the handlers still running. */
  stop(): Promise<void>;
}

/**
 * Registers one NATS micro-service for `service`: discovery (`$SRV.PING|INFO|STATS`), stats, and a queue group so
 * every replica of the service shares the requests. Answers `svc.<service>.metrics` from the start.
 */
export async function createRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const { nc, ns, service: serviceName, logger, tracing } = options;
  const name = namespacedName(ns, serviceName);
  const metadataId = options.instanceId;
  const stats: { current: EndpointStats | null } = { current: null };
  const service = await new Svcm(nc).add({
    name,
    version: options.version,
    queue: name,
    ...(metadataId ? { metadata: { instanceId: metadataId } } : {}),
    statsHandler: async (endpoint) => stats.current?.data(endpoint.subject) ?? null,
  });
  const endpointStats = createEndpointStats(service);
  stats.current = endpointStats;
  const instanceId = options.instanceId ?? service.info().id;
  const inFlight = new Set<Promise<void>>();
  const verbs = new Set<string>();
  const serverLogger = logger.child({ rpcService: serviceName, instanceId });

  const server: RpcServer = {
    service: serviceName,
    instanceId,
    handle(contract, handler) {
      if (contract.service !== serviceName) {
        throw new Error(`${contract.subject} belongs to service ${contract.service}, not ${serviceName}`);
      }
      if (verbs.has(contract.verb)) throw new Error(`${contract.subject} is already handled`);
      verbs.add(contract.verb);
      const subject = namespaced(ns, contract.subject);
      const answer = (msg: ServiceMsg): Promise<void> => {
        const started = performance.now();
        return answerRequest({ msg, contract, handler, logger: serverLogger, tracing })
          .then((error) => endpointStats.record(subject, { error, durationMs: performance.now() - started }))
          .catch((error: unknown) =>
            serverLogger.error({ err: error, rpc: contract.subject }, "rpc answer failed"),
          );
      };
      service.addEndpoint(contract.verb, {
        subject,
        handler: (error, msg) => {
          if (error) {
            serverLogger.error({ err: error, rpc: contract.subject }, "rpc subscription failed");
            return;
          }
          track(inFlight, answer(msg));
        },
      });
      return server;
    },
    async stop() {
      await stopService(service, inFlight);
      if (!nc.isClosed()) await nc.flush().catch(() => undefined);
      serverLogger.info("rpc server stopped");
    },
  };

  const metrics = metricsRpc(serviceName);
  server.handle(metrics, async () => ({
    service: serviceName,
    instanceId,
    metrics: options.metricsSnapshot ? await options.metricsSnapshot() : [],
  }));
  serverLogger.info({ version: options.version }, "rpc server started");
  return server;
}

function track(inFlight: Set<Promise<void>>, work: Promise<void>): void {
  inFlight.add(work);
  void work.finally(() => inFlight.delete(work));
}

async function stopService(service: Service, inFlight: Set<Promise<void>>): Promise<void> {
  await service.stop();
  // Draining delivered every request already received; wait for their handlers to answer.
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}
