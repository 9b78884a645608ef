export type { DrainResult } from "./drain-batch";
export { type EnqueueEventInput, enqueueEvent, type OutboxWriter } from "./enqueue-event";
export { notifyOutbox } from "./notify-outbox";
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from "./outbox-relay";
export {
  createOutboxTable,
  type OutboxEnvelope,
  type OutboxTable,
  outboxChannel,
  outboxTableSql,
} from "./outbox-table";
