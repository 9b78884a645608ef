import { EmailInput, MediaInput, type PostView } from "@postd/contracts";
import { AppError, validationFailed, zodProblems } from "@postd/service-kit";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { PublishContext } from "../context";
import { posts, type TargetRow, targets } from "../db/schema";
import { rescheduleAttempt } from "../jobs/reschedule-attempt";
import { inspectPublishRequest } from "./inspect-publish-request";
import { loadPost } from "./load-post";
import { toPostView } from "./post-view";
import { refuseRequest } from "./refuse-request";

export const PostPatch = z
  .object({
    text: z.string().max(100_000),
    media: z.array(MediaInput).max(35),
    link: z.url({ protocol: /^https$/, error: "must be an https URL" }).nullable(),
    email: EmailInput.nullable(),
    scheduledAt: z.iso.datetime({ offset: true }),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: "change at least one field" });

const notScheduled = (rows: readonly TargetRow[]) => rows.some((row) => row.status !== "scheduled");

/**
 * `svc.publish.update-post`: changes text, media, link, email or scheduledAt while every target is still
 * `scheduled` (CONFLICT once one has started). The changed post is checked like a new one for every target;
 * the targets' waiting jobs move with `scheduledAt`.
 */
export async function updatePost(
  ctx: PublishContext,
  input: { tenantId: string; postId: string; patch: unknown },
): Promise<PostView> {
  const parsed = PostPatch.safeParse(input.patch);
  if (!parsed.success) throw validationFailed(zodProblems(parsed.error));
  const patch = parsed.data;
  const current = await loadPost(ctx.db, input);
  if (notScheduled(current.targets)) throw conflict(input.postId);
  const merged = {
    targets: current.targets.map((target) => ({ accountId: target.accountId, options: target.options })),
    text: patch.text ?? current.post.text,
    media: patch.media ?? current.post.media,
    ...optional("link", patch.link === undefined ? current.post.link : patch.link),
    ...optional("email", patch.email === undefined ? current.post.email : patch.email),
    scheduledAt: patch.scheduledAt ?? current.post.scheduledAt?.toISOString(),
  };
  const inspected = await inspectPublishRequest(ctx, { tenantId: input.tenantId, body: merged });
  if (!inspected.ok) throw refuseRequest(inspected.issues);
  const scheduledAt = new Date(inspected.request.scheduledAt ?? Date.now());
  const updated = await ctx.db.transaction(async (tx) => {
    const locked = await tx
      .select()
      .from(targets)
      .where(and(eq(targets.postId, input.postId), eq(targets.tenantId, input.tenantId)))
      .for("update");
    if (notScheduled(locked)) throw conflict(input.postId);
    await tx
      .update(posts)
      .set({
        text: merged.text,
        media: merged.media,
        link: merged.link ?? null,
        email: merged.email ?? null,
        scheduledAt,
        updatedAt: sql`now()`,
      })
      .where(eq(posts.id, input.postId));
    return tx
      .update(targets)
      .set({ nextAttemptAt: scheduledAt, updatedAt: sql`now()`, version: sql`${targets.version} + 1` })
      .where(and(eq(targets.postId, input.postId), eq(targets.status, "scheduled")))
      .returning();
  });
  const delayMs = Math.max(0, scheduledAt.getTime() - Date.now());
  for (const target of updated) {
    await rescheduleAttempt(ctx, target, delayMs).catch((error: unknown) =>
      ctx.logger.warn({ err: error, targetId: target.id }, "scheduled job not moved; the reconciler will"),
    );
  }
  ctx.logger.info({ postId: input.postId, fields: Object.keys(patch) }, "scheduled post updated");
  const { post, targets: rows } = await loadPost(ctx.db, input);
  return toPostView(post, rows);
}

function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function conflict(postId: string): AppError {
  return new AppError(
    "CONFLICT",
    `post ${postId} can no longer be changed: publishing has started for a target`,
  );
}
