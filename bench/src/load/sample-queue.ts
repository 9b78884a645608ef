import type { JsonClient } from "../support/http-client";

const publishQueueName = "publish-service.publish";

export interface QueueSample {
  /** ms since the sampler started */
  atMs: number;
  /** null when `GET /api/health/queue` did not answer 200 */
  waiting: number | null;
  active: number | null;
  delayed: number | null;
}

export interface QueueSampler {
  /** the latest answered sample */
  latest(): QueueSample | null;
  stop(): QueueSample[];
}

/**
 * The publish queue's counts as an operator sees them, `GET /api/health/queue` with the admin key (read outside
 * the tenant rate limit), now and every `intervalMs`; one request at a time.
 */
export function startQueueSampler(options: {
  client: JsonClient;
  gatewayUrl: string;
  adminKey: string;
  intervalMs: number;
}): QueueSampler {
  const samples: QueueSample[] = [];
  const started = performance.now();
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    const atMs = Math.round(performance.now() - started);
    try {
      const answer = await options.client.get(`${options.gatewayUrl}/api/health/queue`, {
        authorization: `Bearer ${options.adminKey}`,
      });
      const queue =
        answer.status === 200
          ? (
              JSON.parse(answer.body) as { queues: Array<{ name: string } & Record<string, number>> }
            ).queues.find((candidate) => candidate.name === publishQueueName)
          : undefined;
      samples.push({
        atMs,
        waiting: queue?.waiting ?? null,
        active: queue?.active ?? null,
        delayed: queue?.delayed ?? null,
      });
    } catch {
      samples.push({ atMs, waiting: null, active: null, delayed: null });
    } finally {
      busy = false;
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), options.intervalMs);
  return {
    latest: () => samples.findLast((entry) => entry.waiting !== null) ?? null,
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}
