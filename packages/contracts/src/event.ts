import { z } from "zod";

/** Every event on JetStream is this envelope; `data` is the event's own schema. */
export function eventEnvelope<T extends z.ZodType>(data: T) {
  return z.object({
    /** The outbox id; also the JetStream `Nats-Msg-Id`, so consumers dedupe on it. */
    id: z.string(),
    subject: z.string(),
    occurredAt: z.iso.datetime(),
    /** The tenant the event concerns; null only for platform webhooks not yet matched to a tenant. */
    tenantId: z.string().nullable(),
    data,
  });
}

export interface EventContract<T extends z.ZodType = z.ZodType> {
  /** `<domain>.<event>.v<N>` */
  readonly subject: string;
  readonly domain: string;
  readonly data: T;
  readonly envelope: ReturnType<typeof eventEnvelope<T>>;
}

export type EventData<E extends EventContract> = z.infer<E["data"]>;
export type EventEnvelope<E extends EventContract> = z.infer<E["envelope"]>;

const subjectPattern = /^[a-z]+\.[a-z_]+\.v[0-9]+$/;

export function defineEvent<T extends z.ZodType>(subject: string, data: T): EventContract<T> {
  if (!subjectPattern.test(subject)) throw new Error(`event subject ${subject} is not <domain>.<event>.v<N>`);
  const domain = subject.split(".")[0] as string;
  return Object.freeze({ subject, domain, data, envelope: eventEnvelope(data) });
}
