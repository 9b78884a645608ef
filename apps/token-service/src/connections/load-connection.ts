import { notFound } from "@postd/service-kit";
import { and, eq } from "drizzle-orm";
import { type ConnectionRow, connections } from "../db/schema";
import type { TokenDatabaseOrTransaction } from "../db/token-database";

/** The tenant's connection, or NOT_FOUND exactly as for a foreign id. */
export async function loadConnection(
  db: TokenDatabaseOrTransaction,
  input: { tenantId: string; connectionId: string },
): Promise<ConnectionRow> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, input.connectionId), eq(connections.tenantId, input.tenantId)));
  if (!row) throw notFound(`connection ${input.connectionId}`);
  return row;
}
