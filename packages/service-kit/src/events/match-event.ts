import type { EventContract, EventEnvelope } from "@postd/contracts";

/**
 * The envelope typed as `contract`'s when it carries that event, else null: for handlers of several events,
 * `const accepted = matchEvent(PostAccepted, envelope); if (accepted) …`. (Not a type guard: envelopes of events
 * with the same data shape are one type, so a guard's else branch would narrow to `never`.)
 */
export function matchEvent<E extends EventContract>(
  contract: E,
  envelope: EventEnvelope<EventContract>,
): EventEnvelope<E> | null {
  // The consumer validated the envelope against the contract of its subject before handing it over.
  return envelope.subject === contract.subject ? (envelope as EventEnvelope<E>) : null;
}
