import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsNamespace } from "@postd/contracts";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Logger } from "pino";
import type { Sql } from "postgres";
import { type DrainResult, drainBatch } from "./drain-batch";
import { measureOutboxLag, purgeSentEvents } from "./outbox-queries";
import { type OutboxTable, outboxChannel, outboxSchemaName } from "./outbox-table";
import { runRelayLoop } from "./relay-loop";
import { createWakeSignal } from "./wake-signal";

export interface OutboxRelayOptions {
  /** postgres.js client: the relay runs its batches on it and LISTENs on a connection of its own */
  sql: Sql;
  table: OutboxTable;
  js: JetStreamClient;
  ns: NatsNamespace;
  logger: Logger;
  /** rows per transaction; 100 by default */
  batchSize?: number;
  /** how often to look for rows when no NOTIFY comes (NOTIFYs are lost while LISTEN reconnects); 1 s by default */
  pollIntervalMs?: number;
  /** how long to wait for each PubAck; 5 s by default */
  publishTimeoutMs?: number;
  /** waits while NATS or Postgres is unreachable: doubling from `initialMs` up to `maxMs` (500 ms → 30 s) */
  retryBackoff?: { initialMs: number; maxMs: number };
  /** sent rows older than this are deleted by the running relay, at most hourly; 7 days by default */
  retentionMs?: number;
  /**
   * Called after a batch is published and before it is marked sent: a fault-injection point for tests of a crash
   * in between. Throwing rolls the batch back (it is published again later).
   */
  onBatchPublished?: (ids: readonly string[]) => Promise<void> | void;
}

export interface OutboxRelay {
  /** LISTENs and starts the loop in the background. */
  start(): Promise<void>;
  /** Lets the batch in progress finish, then stops and UNLISTENs. */
  stop(): Promise<void>;
  /** Publishes one batch now (tests, tools); safe beside the loop and other replicas. */
  drainOnce(): Promise<DrainResult>;
  /** Age in milliseconds of the oldest unsent event, 0 when none: the `outbox.lag` metric. */
  lagMs(): Promise<number>;
  /** Deletes sent rows older than `olderThanMs`; resolves to how many. */
  purgeSent(options: { olderThanMs: number }): Promise<number>;
}

const hourMs = 60 * 60 * 1000;

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { table } = options;
  const db = drizzle({ client: options.sql });
  const schemaName = outboxSchemaName(table);
  const logger = options.logger.child({ outbox: schemaName });
  const batchSize = options.batchSize ?? 100;
  const retentionMs = options.retentionMs ?? 7 * 24 * hourMs;
  const wake = createWakeSignal();
  const state = { running: false, loop: Promise.resolve(), unlisten: async () => {}, lastPurge: 0 };

  const drainOnce = () =>
    drainBatch({
      db,
      table,
      js: options.js,
      ns: options.ns,
      logger,
      batchSize,
      publishTimeoutMs: options.publishTimeoutMs ?? 5_000,
      onBatchPublished: options.onBatchPublished,
    });
  const purgeWhenDue = async () => {
    if (Date.now() - state.lastPurge < hourMs) return;
    state.lastPurge = Date.now();
    const purged = await purgeSentEvents(db, table, { olderThanMs: retentionMs });
    if (purged > 0) logger.info({ purged }, "outbox purged sent events");
  };

  return {
    drainOnce,
    lagMs: () => measureOutboxLag(db, table),
    purgeSent: (purge) => purgeSentEvents(db, table, purge),
    async start() {
      if (state.running) return;
      state.running = true;
      state.unlisten = await listen(options.sql, outboxChannel(schemaName), wake.wake, logger);
      state.loop = runRelayLoop({
        drain: drainOnce,
        idle: purgeWhenDue,
        isRunning: () => state.running,
        wake,
        logger,
        batchSize,
        pollIntervalMs: options.pollIntervalMs ?? 1_000,
        retryBackoff: options.retryBackoff ?? { initialMs: 500, maxMs: 30_000 },
      });
      logger.info({ batchSize }, "outbox relay started");
    },
    async stop() {
      if (!state.running) return;
      state.running = false;
      wake.interrupt();
      await state.loop;
      await state.unlisten();
      logger.info("outbox relay stopped");
    },
  };
}

/** LISTENs on `channel`; resolves to the UNLISTEN. Without LISTEN the relay still works, by polling. */
async function listen(
  sql: Sql,
  channel: string,
  onWake: () => void,
  logger: Logger,
): Promise<() => Promise<void>> {
  try {
    // `onlisten` runs on every (re)connect of the LISTEN connection: look for what was committed meanwhile.
    const listening = await sql.listen(channel, onWake, onWake);
    return () =>
      listening.unlisten().catch((error: unknown) => logger.warn({ err: error }, "outbox UNLISTEN failed"));
  } catch (error) {
    logger.warn({ err: error }, "outbox LISTEN failed; the relay polls only");
    return async () => {};
  }
}
