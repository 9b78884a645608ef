import { notFound } from "@postd/service-kit";
import { and, eq, isNull } from "drizzle-orm";
import { type EndpointRow, endpoints } from "../db/schema";
import type { WebhookDatabaseOrTransaction } from "../db/webhook-database";

/**
 * The tenant's endpoint, not deleted; NOT_FOUND for a missing, deleted or another tenant's one alike.
 * `forUpdate` locks the row for the caller's transaction.
 */
export async function findEndpoint(
  db: WebhookDatabaseOrTransaction,
  input: { tenantId: string; endpointId: string; forUpdate?: boolean },
): Promise<EndpointRow> {
  const query = db
    .select()
    .from(endpoints)
    .where(
      and(
        eq(endpoints.id, input.endpointId),
        eq(endpoints.tenantId, input.tenantId),
        isNull(endpoints.deletedAt),
      ),
    );
  const [row] = input.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound(`webhook endpoint ${input.endpointId}`);
  return row;
}
