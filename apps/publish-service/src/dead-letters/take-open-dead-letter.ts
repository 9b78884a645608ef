import { AppError, type DrizzleTransaction, notFound } from "@postd/service-kit";
import { and, eq } from "drizzle-orm";
import { type DeadLetterRow, deadLetters, type Tables } from "../db/schema";

/** Locks a tenant's dead letter that is still open; replayed or discarded ones are a CONFLICT. */
export async function takeOpenDeadLetter(
  tx: DrizzleTransaction<Tables>,
  input: { tenantId: string; deadLetterId: string },
): Promise<DeadLetterRow> {
  const [row] = await tx
    .select()
    .from(deadLetters)
    .where(and(eq(deadLetters.id, input.deadLetterId), eq(deadLetters.tenantId, input.tenantId)))
    .for("update");
  if (!row) throw notFound(`dead letter ${input.deadLetterId}`);
  if (row.replayedAt || row.discardedAt) {
    const what = row.replayedAt ? "replayed" : "discarded";
    throw new AppError("CONFLICT", `dead letter ${row.id} was already ${what}`);
  }
  return row;
}
