import { type NatsNamespace, namespaced, namespacedName } from "./namespace";

/** One JetStream stream per event domain, capturing `<domain>.>`. */
export interface StreamDefinition {
  readonly domain: string;
  readonly name: string;
  readonly subjects: readonly string[];
  /** how long JetStream remembers a `Nats-Msg-Id` to drop a duplicate publish */
  readonly duplicateWindowMs: number;
  /** how long events are kept; consumers must catch up within it */
  readonly maxAgeMs: number;
}

const day = 24 * 60 * 60 * 1000;

export const eventDomains = ["connection", "post", "webhook"] as const;
export type EventDomain = (typeof eventDomains)[number];

export function streamFor(ns: NatsNamespace, domain: EventDomain): StreamDefinition {
  return {
    domain,
    name: namespacedName(ns, domain.toUpperCase()),
    subjects: [namespaced(ns, `${domain}.>`)],
    duplicateWindowMs: 10 * 60 * 1000,
    maxAgeMs: 7 * day,
  };
}

export function allStreams(ns: NatsNamespace): StreamDefinition[] {
  return eventDomains.map((domain) => streamFor(ns, domain));
}
