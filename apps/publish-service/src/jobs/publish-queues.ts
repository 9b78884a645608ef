import { withTraceData } from "@postd/telemetry";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type DeadLetterJobData, deadLetterJobOptions, deadLetterQueueName } from "./dead-letter.job";
import { type PublishJobData, publishJobOptions, publishQueueName } from "./publish.job";

export interface PublishQueues {
  publish: Queue<PublishJobData>;
  deadLetter: Queue<DeadLetterJobData>;
}

export function createPublishQueues(options: { connection: Redis; prefix: string }): PublishQueues {
  const settings = { connection: options.connection, prefix: options.prefix };
  return {
    publish: new Queue<PublishJobData>(publishQueueName, settings),
    deadLetter: new Queue<DeadLetterJobData>(deadLetterQueueName, settings),
  };
}

export interface PlannedAttempt {
  tenantId: string;
  targetId: string;
  /** the attempt number the job is for (`attempts + 1` of the target when planned) */
  attempt: number;
  delayMs: number;
}

/** Adds one job per planned attempt; an attempt whose job already exists is left as it is. */
export async function enqueueAttempts(
  queues: PublishQueues,
  planned: readonly PlannedAttempt[],
): Promise<void> {
  if (planned.length === 0) return;
  await queues.publish.addBulk(
    planned.map((item) => ({
      name: "publish",
      data: withTraceData({ tenantId: item.tenantId, targetId: item.targetId }),
      opts: publishJobOptions(item),
    })),
  );
}

export async function enqueueDeadLetter(queues: PublishQueues, data: DeadLetterJobData): Promise<void> {
  await queues.deadLetter.add("dead-letter", data, deadLetterJobOptions(data.deadLetterId));
}

/** Removes a dead letter's job once it is replayed or discarded (gone already: nothing to do). */
export async function removeDeadLetterJob(queues: PublishQueues, deadLetterId: string): Promise<void> {
  await queues.deadLetter.remove(deadLetterId);
}

export async function closeQueues(queues: PublishQueues): Promise<void> {
  await Promise.all([queues.publish.close(), queues.deadLetter.close()]);
}
