import type { EventContract } from "@postd/contracts";
import { newId } from "@postd/contracts";
import { injectTraceContext } from "@postd/telemetry";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { zodProblems } from "../errors/index";
import { type OutboxEnvelope, type OutboxTable, outboxChannel, outboxSchemaName } from "./outbox-table";

/** A Drizzle database or transaction on Postgres; pass the transaction that writes the business change. */
export type OutboxWriter = Pick<PgDatabase<PgQueryResultHKT>, "insert" | "execute">;

export interface EnqueueEventInput<E extends EventContract> {
  event: E;
  tenantId: string | null;
  data: z.input<E["data"]>;
  /** when the change happened; now when absent */
  occurredAt?: Date;
  /** published with the event; the active trace context (W3C `traceparent`) when absent */
  headers?: Record<string, string>;
  /** NOTIFY the relay so it publishes at once after commit rather than at its next poll; true by default */
  notify?: boolean;
}

/**
 * Writes an event into the outbox inside the caller's transaction, so the event exists if and only if the change
 * commits. Returns the event id (`evt_…`). Invalid data throws: it is a programming error, not a runtime one.
 */
export async function enqueueEvent<E extends EventContract>(
  tx: OutboxWriter,
  table: OutboxTable,
  input: EnqueueEventInput<E>,
): Promise<string> {
  const envelope = buildEnvelope(input);
  await tx.insert(table).values({
    id: envelope.id,
    subject: envelope.subject,
    payload: envelope,
    headers: input.headers ?? injectTraceContext({}),
  });
  if (input.notify ?? true) {
    // Delivered only when the transaction commits; a rollback wakes nobody.
    await tx.execute(sql`select pg_notify(${outboxChannel(outboxSchemaName(table))}, '')`);
  }
  return envelope.id;
}

function buildEnvelope<E extends EventContract>(input: EnqueueEventInput<E>): OutboxEnvelope {
  const { event } = input;
  const parsed = event.envelope.safeParse({
    id: newId("event"),
    subject: event.subject,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    tenantId: input.tenantId,
    data: input.data,
  });
  if (!parsed.success) {
    const problems = zodProblems(parsed.error)
      .map((problem) => `${problem.path}: ${problem.message}`)
      .join("; ");
    throw new Error(`invalid ${event.subject} event: ${problems}`, { cause: parsed.error });
  }
  return parsed.data;
}
