import { newId } from "@postd/contracts";
import type { GatewayContext } from "../context";
import { auditLog } from "../db/schema";

export interface AuditEntry {
  tenantId: string | null;
  actor: string;
  action: string;
  target?: string;
  /** facts about the action; never a key, token, signature or secret */
  details?: Record<string, unknown>;
}

/** Appends to the audit log, in the caller's transaction when given one. */
export async function recordAudit(ctx: GatewayContext, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values({
    id: newId("auditEntry", ctx.now().getTime()),
    tenantId: entry.tenantId,
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    at: ctx.now(),
    details: entry.details ?? {},
  });
}
