import type { TargetRow } from "../db/schema";

/** The fields every `post.target_*` event starts with. */
export function targetRefOf(row: TargetRow) {
  return { postId: row.postId, targetId: row.id, accountId: row.accountId, platform: row.platform };
}
