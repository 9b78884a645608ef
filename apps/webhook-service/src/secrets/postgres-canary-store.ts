import type { CanaryStore } from "@postd/vault";
import { and, eq } from "drizzle-orm";
import { vaultCanary } from "../db/schema";
import type { WebhookDatabase } from "../db/webhook-database";

const canaryId = 1;

/** The vault canary in the one-row table `webhooks.vault_canary`, written by compare-and-set. */
export function createPostgresCanaryStore(db: WebhookDatabase): CanaryStore {
  return {
    async readCanary() {
      const [row] = await db.select().from(vaultCanary).where(eq(vaultCanary.id, canaryId));
      return row?.value;
    },
    async writeCanary({ expected, next }) {
      if (expected === undefined) {
        const inserted = await db
          .insert(vaultCanary)
          .values({ id: canaryId, value: next })
          .onConflictDoNothing()
          .returning({ id: vaultCanary.id });
        return inserted.length === 1;
      }
      const updated = await db
        .update(vaultCanary)
        .set({ value: next })
        .where(and(eq(vaultCanary.id, canaryId), eq(vaultCanary.value, expected)))
        .returning({ id: vaultCanary.id });
      return updated.length === 1;
    },
  };
}
