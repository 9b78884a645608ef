import type { DeadLetterView } from "@postd/contracts";
import type { DeadLetterRow } from "../db/schema";

export function toDeadLetterView(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id,
    postId: row.postId,
    targetId: row.targetId,
    platform: row.platform,
    reason: row.reason,
    error: row.error,
    attempts: row.attempts,
    deadLetteredAt: row.deadLetteredAt.toISOString(),
  };
}
