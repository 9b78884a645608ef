import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DatabaseOrTransaction, DrizzleTransaction, Tables } from "./create-database";

/**
 * Runs `work` in a transaction: the caller's own when it passes one (so domain functions compose into one atomic
 * change), otherwise a new one that commits when `work` resolves and rolls back when it throws.
 */
export async function withTransaction<TTables extends Tables, TResult>(
  databaseOrTransaction: DatabaseOrTransaction<TTables>,
  work: (transaction: DrizzleTransaction<TTables>) => Promise<TResult>,
): Promise<TResult> {
  if (is(databaseOrTransaction, PgTransaction))
    return work(databaseOrTransaction as DrizzleTransaction<TTables>);
  return databaseOrTransaction.transaction(work);
}
