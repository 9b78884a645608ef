import type { Logger } from "pino";
import type { DrainResult } from "./drain-batch";
import type { WakeSignal } from "./wake-signal";

export interface RelayLoopOptions {
  drain(): Promise<DrainResult>;
  /** housekeeping between batches when the outbox is idle (the purge of old sent rows) */
  idle(): Promise<void>;
  isRunning(): boolean;
  wake: WakeSignal;
  logger: Logger;
  batchSize: number;
  pollIntervalMs: number;
  retryBackoff: { initialMs: number; maxMs: number };
}

/**
 * Drains until stopped: straight on while batches come back full, then sleeps until a NOTIFY or the poll
 * interval. While NATS or Postgres is unreachable it backs off (doubling, capped) and ignores NOTIFYs, so an
 * outage does not turn every write into a retry.
 */
export async function runRelayLoop(options: RelayLoopOptions): Promise<void> {
  const { wake, logger, retryBackoff } = options;
  let failuresInARow = 0;
  while (options.isRunning()) {
    const result = await options.drain().catch((error: unknown) => {
      logger.warn({ err: error }, "outbox batch failed; it will be retried");
      return null;
    });
    if (!options.isRunning()) return;
    if (result === null || result.transportDown) {
      failuresInARow += 1;
      const delay = Math.min(retryBackoff.maxMs, retryBackoff.initialMs * 2 ** (failuresInARow - 1));
      await wake.wait(delay, { ignoreWakes: true });
      continue;
    }
    failuresInARow = 0;
    if (result.failed === 0 && result.published === options.batchSize) continue;
    await options.idle().catch((error: unknown) => logger.warn({ err: error }, "outbox housekeeping failed"));
    if (options.isRunning()) await wake.wait(options.pollIntervalMs);
  }
}
