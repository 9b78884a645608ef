import type { QueueStats } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { discoverQueueNames } from "./discover-queues";

export interface QueueInspector {
  /** every known and discovered queue's counts, sorted by name; UNAVAILABLE when Redis is not connected */
  readAll(): Promise<QueueStats[]>;
  close(): Promise<void>;
}

/**
 * Reads the counts of every BullMQ queue of every service: the configured names (always listed, even empty)
 * plus whatever `<prefix>:*:meta` reveals. Read-only: it never adds, moves or removes a job. Held to `timeoutMs`,
 * since Redis commands otherwise wait out an outage (the client retries forever).
 */
export function createQueueInspector(options: {
  redis: Redis;
  prefix: string;
  knownQueues: readonly string[];
  timeoutMs: number;
  now?: () => number;
}): QueueInspector {
  const { redis, prefix } = options;
  const now = options.now ?? Date.now;
  const queues = new Map<string, Queue>();
  const queueOf = (name: string) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: redis, prefix });
      // errors surface through the reads; without a listener each retry would be printed to stderr
      queue.on("error", () => undefined);
      queues.set(name, queue);
    }
    return queue;
  };
  const readOne = async (name: string): Promise<QueueStats> => {
    const queue = queueOf(name);
    const counts = await queue.getJobCounts(
      "wait",
      "prioritized",
      "active",
      "delayed",
      "failed",
      "completed",
    );
    const [oldest] = await queue.getJobs(["wait"], 0, 0, true);
    const waitingSince = oldest ? oldest.timestamp + (oldest.delay ?? 0) : null;
    return {
      name,
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      oldestWaitingAgeMs: waitingSince === null ? null : Math.max(0, now() - waitingSince),
    };
  };
  const readAll = async () => {
    if (redis.status !== "ready")
      throw new AppError("UNAVAILABLE", `redis is not connected (${redis.status})`);
    const names = new Set([...options.knownQueues, ...(await discoverQueueNames(redis, prefix))]);
    const stats = await Promise.all([...names].map(readOne));
    return stats.sort((a, b) => a.name.localeCompare(b.name));
  };
  return {
    readAll: () => withTimeout(readAll(), options.timeoutMs),
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new AppError("UNAVAILABLE", `the queues did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
