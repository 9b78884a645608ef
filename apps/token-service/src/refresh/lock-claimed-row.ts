import { and, eq } from "drizzle-orm";
import { type ConnectionRow, connections } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";
import { RefreshClaimLostError } from "./refresh-outcome";

/** Locks the row for the claimant's write; throws when the row is no longer at the claimed version or claim. */
export async function lockClaimedRow(
  tx: TokenTransaction,
  input: { claimed: ConnectionRow; owner: string },
): Promise<ConnectionRow> {
  const [current] = await tx
    .select()
    .from(connections)
    .where(and(eq(connections.id, input.claimed.id), eq(connections.tenantId, input.claimed.tenantId)))
    .for("update");
  if (!current || current.version !== input.claimed.version || current.refreshOwner !== input.owner) {
    throw new RefreshClaimLostError(input.claimed.id);
  }
  return current;
}
