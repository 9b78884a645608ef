import { type GaugeName, observeGauge } from "@postd/telemetry";
import type { Queue } from "bullmq";
import type { PublishQueues } from "./publish-queues";

const states = ["wait", "active", "delayed", "failed"] as const;
const stateLabel: Record<(typeof states)[number], string> = {
  wait: "waiting",
  active: "active",
  delayed: "delayed",
  failed: "failed",
};

/** `queue.depth` (by queue and state) and `queue.oldest_age` (waiting) of publish-service's queues. */
export function observeQueueGauges(queues: PublishQueues): () => void {
  const all: Queue[] = [queues.publish, queues.deadLetter];
  const stops = [
    observe("queue.depth", async () =>
      (
        await Promise.all(
          all.map(async (queue) => {
            const counts = await queue.getJobCounts(...states);
            return states.map((state) => ({
              value: counts[state] ?? 0,
              labels: { queue: queue.name, state: stateLabel[state] },
            }));
          }),
        )
      ).flat(),
    ),
    observe("queue.oldest_age", () =>
      Promise.all(
        all.map(async (queue) => {
          const [oldest] = await queue.getJobs(["wait"], 0, 0, true);
          const age = oldest ? Math.max(0, Date.now() - oldest.timestamp) : 0;
          return { value: age, labels: { queue: queue.name, state: "waiting" } };
        }),
      ),
    ),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

function observe(
  name: GaugeName,
  read: () => Promise<Array<{ value: number; labels: Record<string, string> }>>,
) {
  return observeGauge(name, read);
}
