import type { NatsConnection } from "@nats-io/nats-core";
import { type Service, Svcm } from "@nats-io/services";
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
  /** this process's id in metrics answers (and discovery metadata); defaults to the NATS service instance id */
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
  const { nc, ns, service: serviceName } = options;
  const name = namespacedName(ns, serviceName);
  const statsRef: { current: EndpointStats | null } = { current: null };
  const service = await new Svcm(nc).add({
    name,
    version: options.version,
    queue: name,
    ...(options.instanceId ? { metadata: { instanceId: options.instanceId } } : {}),
    statsHandler: async (endpoint) => statsRef.current?.data(endpoint.subject) ?? null,
  });
  const stats = createEndpointStats(service);
  statsRef.current = stats;
  const instanceId = options.instanceId ?? service.info().id;
  const logger = options.logger.child({ rpcService: serviceName, instanceId });
  const inFlight = new Set<Promise<void>>();
  const verbs = new Set<string>();

  const server: RpcServer = {
    service: serviceName,
    instanceId,
    handle(contract, handler) {
      if (contract.service !== serviceName) {
        throw new Error(`${contract.subject} belongs to service ${contract.service}, not ${serviceName}`);
      }
      if (verbs.has(contract.verb)) throw new Error(`${contract.subject} is already handled`);
      verbs.add(contract.verb);
      addEndpoint({ service, ns, contract, handler, logger, tracing: options.tracing, stats, inFlight });
      return server;
    },
    async stop() {
      await service.stop();
      // Draining handed every request already received to its handler; wait for their answers.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      if (!nc.isClosed()) await nc.flush().catch(() => undefined);
      logger.info("rpc server stopped");
    },
  };

  server.handle(metricsRpc(serviceName), async () => ({
    service: serviceName,
    instanceId,
    metrics: options.metricsSnapshot ? await options.metricsSnapshot() : [],
  }));
  logger.info({ version: options.version }, "rpc server started");
  return server;
}

interface EndpointOptions<C extends RpcContract> {
  service: Service;
  ns: NatsNamespace;
  contract: C;
  handler: RpcHandler<C>;
  logger: Logger;
  tracing: TracePropagation | undefined;
  stats: EndpointStats;
  inFlight: Set<Promise<void>>;
}

function addEndpoint<C extends RpcContract>(options: EndpointOptions<C>): void {
  const { contract, logger, stats, inFlight } = options;
  const subject = namespaced(options.ns, contract.subject);
  options.service.addEndpoint(contract.verb, {
    subject,
    handler: (error, msg) => {
      if (error) {
        logger.error({ err: error, rpc: contract.subject }, "rpc subscription failed");
        return;
      }
      const started = performance.now();
      const work = answerRequest({
        msg,
        contract,
        handler: options.handler,
        logger,
        tracing: options.tracing,
      })
        .then((failure) => stats.record(subject, { error: failure, durationMs: performance.now() - started }))
        .catch((failure: unknown) =>
          logger.error({ err: failure, rpc: contract.subject }, "rpc answer failed"),
        );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  });
}
