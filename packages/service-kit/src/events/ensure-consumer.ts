import { AckPolicy, type ConsumerConfig, DeliverPolicy, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";

export interface ConsumerPlan {
  stream: string;
  durableName: string;
  /** namespaced subjects of the wanted events in this stream */
  subjects: string[];
  /** the stream's catch-all (`<prefix>.<domain>.>`), used when the server cannot filter on several subjects */
  catchAll: string;
  ackWaitMs: number;
  maxDeliver: number;
  maxAckPending: number;
  /** NATS 2.10 added `filter_subjects` */
  multipleFilters: boolean;
}

/**
 * Creates the durable pull consumer, or updates the settings that may change on an existing one. One wanted
 * subject filters exactly; several use `filter_subjects` where the server has it (2.10+), else the domain's
 * catch-all (the consumer then skips the events it did not ask for).
 */
export async function ensureConsumer(jsm: JetStreamManager, plan: ConsumerPlan): Promise<void> {
  const filter = consumerFilter(plan);
  const settings: Partial<ConsumerConfig> = {
    ack_wait: nanos(plan.ackWaitMs),
    max_deliver: plan.maxDeliver,
    max_ack_pending: plan.maxAckPending,
    ...filter,
  };
  try {
    await jsm.consumers.add(plan.stream, {
      durable_name: plan.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...settings,
    });
  } catch (error) {
    // It exists with other settings: change what the server lets us change, or say why we cannot.
    try {
      await jsm.consumers.update(plan.stream, plan.durableName, settings);
    } catch (updateError) {
      throw new Error(
        `consumer ${plan.durableName} on ${plan.stream} exists with settings that cannot be changed; delete it to recreate`,
        { cause: new AggregateError([error, updateError]) },
      );
    }
  }
}

function consumerFilter(plan: ConsumerPlan): Pick<ConsumerConfig, "filter_subject" | "filter_subjects"> {
  if (plan.subjects.length === 1 && plan.subjects[0]) return { filter_subject: plan.subjects[0] };
  if (plan.multipleFilters) return { filter_subjects: plan.subjects };
  return { filter_subject: plan.catchAll };
}

/** `filter_subjects` needs NATS 2.10 or later. */
export function supportsMultipleFilters(serverVersion: string | undefined): boolean {
  const [major = 0, minor = 0] = (serverVersion ?? "0.0.0")
    .split(".")
    .map((part) => Number.parseInt(part, 10));
  return major > 2 || (major === 2 && minor >= 10);
}
