import { type EventDomain, eventDomains } from "@postd/contracts";

export function toEventDomain(domain: string): EventDomain {
  const known = eventDomains.find((candidate) => candidate === domain);
  if (!known)
    throw new Error(`events of domain ${domain} have no stream (known: ${eventDomains.join(", ")})`);
  return known;
}
