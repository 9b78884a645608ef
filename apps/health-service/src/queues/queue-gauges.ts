import type { QueueStats } from "@postd/contracts";
import { type GaugePoint, type Logger, observeGauge } from "@postd/telemetry";
import type { QueueInspector } from "./queue-inspector";

const states = ["waiting", "active", "delayed", "failed", "completed"] as const;

/**
 * `queue.depth` {queue, state} and `queue.oldest_age` {queue, state="waiting"} at every collection (a scrape, a
 * snapshot), from one read of every queue shared by both gauges. When Redis does not answer the gauges report
 * nothing new (their last values stay, cumulative SDK behaviour) and a debug line says why.
 */
export function observeQueueGauges(inspector: QueueInspector, logger: Logger): () => void {
  let pending: Promise<QueueStats[]> | null = null;
  const read = () => {
    pending ??= inspector.readAll().finally(() => {
      // let the other gauge of the same collection share this read, then read afresh next time
      setTimeout(() => {
        pending = null;
      }, 50).unref();
    });
    return pending.catch((error: unknown) => {
      logger.debug({ err: error }, "queue gauges not read");
      return [];
    });
  };
  const stopDepth = observeGauge("queue.depth", async () =>
    (await read()).flatMap((queue): GaugePoint[] =>
      states.map((state) => ({ value: queue[state], labels: { queue: queue.name, state } })),
    ),
  );
  const stopAge = observeGauge("queue.oldest_age", async () =>
    (await read()).map((queue) => ({
      value: queue.oldestWaitingAgeMs ?? 0,
      labels: { queue: queue.name, state: "waiting" },
    })),
  );
  return () => {
    stopDepth();
    stopAge();
  };
}
