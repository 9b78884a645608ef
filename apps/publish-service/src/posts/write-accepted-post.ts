import {
  type AcceptedPost,
  type AccountDetails,
  newId,
  PostAccepted,
  type PublishRequest,
} from "@postd/contracts";
import { type DrizzleTransaction, enqueueEvent } from "@postd/service-kit";
import { outbox, posts, type Tables, targets } from "../db/schema";

/**
 * Writes an accepted post with one target per account and `post.accepted.v1`, in the caller's transaction.
 * Scheduled targets wait for `scheduledAt`; the others are queued at once. The event does not NOTIFY the relay:
 * the caller does, after its commit (`notifyOutbox`), so concurrent accepts do not commit one at a time.
 */
export async function writeAcceptedPost(
  tx: DrizzleTransaction<Tables>,
  input: { tenantId: string; request: PublishRequest; accounts: readonly AccountDetails[] },
): Promise<AcceptedPost> {
  const { tenantId, request } = input;
  const scheduledAt = request.scheduledAt === undefined ? null : new Date(request.scheduledAt);
  const status = scheduledAt ? "scheduled" : "queued";
  const postId = newId("post");
  await tx.insert(posts).values({
    id: postId,
    tenantId,
    status,
    text: request.text,
    media: request.media,
    link: request.link ?? null,
    email: request.email ?? null,
    scheduledAt,
  });
  const byId = new Map(input.accounts.map((account) => [account.id, account]));
  const rows = request.targets.map((target) => {
    const account = byId.get(target.accountId);
    if (!account) throw new Error(`account ${target.accountId} was not resolved`);
    return {
      id: newId("target"),
      tenantId,
      postId,
      accountId: account.id,
      connectionId: account.connectionId,
      platform: account.platform,
      accountKind: account.kind,
      options: target.options,
      status,
      nextAttemptAt: scheduledAt,
    } as const;
  });
  await tx.insert(targets).values(rows);
  await enqueueEvent(tx, outbox, {
    event: PostAccepted,
    tenantId,
    data: { postId, targetIds: rows.map((row) => row.id), scheduledAt: scheduledAt?.toISOString() ?? null },
    notify: false,
  });
  return {
    postId,
    status,
    targets: rows.map((row) => ({ id: row.id, accountId: row.accountId, platform: row.platform, status })),
  };
}
