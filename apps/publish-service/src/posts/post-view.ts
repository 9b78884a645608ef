import type { PostView, TargetView } from "@postd/contracts";
import type { PostRow, TargetRow } from "../db/schema";

export function toTargetView(row: TargetRow): TargetView {
  return {
    id: row.id,
    accountId: row.accountId,
    platform: row.platform,
    accountKind: row.accountKind,
    status: row.status,
    attempts: row.attempts,
    platformPostId: row.platformPostId,
    url: row.url,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    lastError: row.lastError,
  };
}

export function toPostView(post: PostRow, targets: readonly TargetRow[]): PostView {
  return {
    id: post.id,
    status: post.status,
    text: post.text,
    media: post.media,
    link: post.link,
    email: post.email,
    scheduledAt: post.scheduledAt?.toISOString() ?? null,
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
    targets: [...targets].sort((a, b) => a.id.localeCompare(b.id)).map(toTargetView),
  };
}
