import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import type { EventContract, NatsNamespace } from "@postd/contracts";
import {
  createOutboxRelay,
  createOutboxTable,
  enqueueEvent,
  type OutboxRelay,
  outboxTableSql,
} from "@postd/service-kit";
import { createLogger } from "@postd/telemetry";
import { pgSchema } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { z } from "zod";

const schemaName = "upstream_events";
const outbox = createOutboxTable(pgSchema(schemaName));

export interface EventSource {
  /** writes the event into the outbox (as publish-service or token-service would) and returns its id */
  emit<E extends EventContract>(
    event: E,
    input: { tenantId: string; data: z.input<E["data"]> },
  ): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Stands where publish-service and token-service will stand: events written through a real transactional outbox
 * in the test's database and published to JetStream by the real relay, exactly as the services emit them.
 */
export async function startEventSource(input: {
  databaseUrl: string;
  nc: NatsConnection;
  ns: NatsNamespace;
}): Promise<EventSource> {
  const sql = postgres(input.databaseUrl, { max: 4, onnotice: () => undefined });
  await sql.unsafe(`create schema if not exists "${schemaName}"`);
  await sql.unsafe(outboxTableSql(schemaName));
  const db = drizzle({ client: sql });
  const relay: OutboxRelay = createOutboxRelay({
    sql,
    table: outbox,
    js: jetstream(input.nc),
    ns: input.ns,
    logger: createLogger({ service: "event-source", level: "silent" }),
    pollIntervalMs: 50,
  });
  await relay.start();
  return {
    emit: (event, { tenantId, data }) =>
      db.transaction((tx) => enqueueEvent(tx, outbox, { event, tenantId, data })),
    async stop() {
      await relay.stop();
      await sql.end({ timeout: 1 });
    },
  };
}
