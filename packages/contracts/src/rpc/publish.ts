import { z } from "zod";
import { AccountKind, Platform, PostStatus, TargetStatus } from "../domain";
import { TargetError } from "../events/post";
import { defineRpc } from "../rpc";

const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https URL" });

export const MediaInput = z.object({
  url: httpsUrl,
  type: z.enum(["image", "video"]),
  altText: z.string().max(1_000).optional(),
});

export const EmailInput = z.object({
  subject: z.string(),
  previewText: z.string().optional(),
  fromName: z.string(),
  replyTo: z.string(),
  html: z.string(),
});

/** `POST /api/publish`: one post for one or more accounts (api.md "Publishing"). */
export const PublishRequest = z.object({
  targets: z
    .array(
      z.object({
        accountId: z.string().min(1),
        options: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1, "at least one target is required")
    .max(50, "at most 50 targets per post"),
  text: z.string().max(100_000).default(""),
  media: z.array(MediaInput).max(35).default([]),
  link: httpsUrl.optional(),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  email: EmailInput.optional(),
});
export type PublishRequest = z.infer<typeof PublishRequest>;

export const TargetView = z.object({
  id: z.string(),
  accountId: z.string(),
  platform: Platform,
  accountKind: AccountKind,
  status: TargetStatus,
  attempts: z.number().int().nonnegative(),
  platformPostId: z.string().nullable(),
  url: z.string().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastError: TargetError.nullable(),
});
export type TargetView = z.infer<typeof TargetView>;

export const PostView = z.object({
  id: z.string(),
  status: PostStatus,
  text: z.string(),
  media: z.array(MediaInput),
  link: z.string().nullable(),
  email: EmailInput.nullable(),
  scheduledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  targets: z.array(TargetView),
});
export type PostView = z.infer<typeof PostView>;

export const AcceptedPost = z.object({
  postId: z.string(),
  status: PostStatus,
  targets: z.array(
    z.object({ id: z.string(), accountId: z.string(), platform: Platform, status: TargetStatus }),
  ),
});
export type AcceptedPost = z.infer<typeof AcceptedPost>;

const TenantScoped = { tenantId: z.string().min(1) };

/**
 * Accepts a post. Idempotency (Stripe's semantics) is kept here: the same key and the same body (canonical JSON)
 * answer the first answer again (`replayed: true`), the same key with another body is CONFLICT.
 */
export const CreatePost = defineRpc({
  service: "publish",
  verb: "create",
  request: z.object({ ...TenantScoped, idempotencyKey: z.string().min(1).max(255), body: z.unknown() }),
  response: z.object({ post: AcceptedPost, replayed: z.boolean() }),
  defaultTimeoutMs: 15_000,
});

export const ValidationIssue = z.object({
  accountId: z.string().nullable(),
  path: z.string(),
  message: z.string(),
});

export const ValidatePost = defineRpc({
  service: "publish",
  verb: "validate",
  request: z.object({ ...TenantScoped, body: z.unknown() }),
  response: z.object({ valid: z.boolean(), errors: z.array(ValidationIssue) }),
  defaultTimeoutMs: 15_000,
});

export const ListPosts = defineRpc({
  service: "publish",
  verb: "list-posts",
  request: z.object({
    ...TenantScoped,
    status: PostStatus.optional(),
    platform: Platform.optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  response: z.object({ data: z.array(PostView), nextCursor: z.string().nullable() }),
});

export const GetPost = defineRpc({
  service: "publish",
  verb: "get-post",
  request: z.object({ ...TenantScoped, postId: z.string().min(1) }),
  response: PostView,
});

/** Changes text, media, link, email or scheduledAt while every target is still `scheduled`; CONFLICT after. */
export const UpdatePost = defineRpc({
  service: "publish",
  verb: "update-post",
  request: z.object({ ...TenantScoped, postId: z.string().min(1), patch: z.unknown() }),
  response: PostView,
  defaultTimeoutMs: 15_000,
});

export const TargetDeletion = z.object({
  targetId: z.string(),
  outcome: z.enum(["cancelled", "deleted", "not_deleted"]),
  /** why not, when the platform does not allow it or refused */
  detail: z.string().nullable(),
});

/** Cancels what is scheduled, deletes what was published where the platform allows, says why not elsewhere. */
export const DeletePost = defineRpc({
  service: "publish",
  verb: "delete-post",
  request: z.object({ ...TenantScoped, postId: z.string().min(1) }),
  response: z.object({ post: PostView, results: z.array(TargetDeletion) }),
  defaultTimeoutMs: 60_000,
});

export const TargetMetrics = z.object({
  targetId: z.string(),
  platform: Platform,
  metrics: z.record(z.string(), z.number()),
  fetchedAt: z.iso.datetime().nullable(),
  /** set when the numbers could not be fetched for this target */
  error: TargetError.nullable(),
});

export const GetPostAnalytics = defineRpc({
  service: "publish",
  verb: "post-analytics",
  request: z.object({ ...TenantScoped, postId: z.string().min(1) }),
  response: z.object({ targets: z.array(TargetMetrics) }),
  defaultTimeoutMs: 60_000,
});

export const DeadLetterView = z.object({
  id: z.string(),
  postId: z.string(),
  targetId: z.string(),
  platform: Platform,
  reason: z.string(),
  error: TargetError,
  attempts: z.number().int().nonnegative(),
  deadLetteredAt: z.iso.datetime(),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const ListDeadLetters = defineRpc({
  service: "publish",
  verb: "list-dead-letters",
  request: z.object({
    ...TenantScoped,
    platform: Platform.optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  response: z.object({ data: z.array(DeadLetterView), nextCursor: z.string().nullable() }),
});

export const ReplayDeadLetter = defineRpc({
  service: "publish",
  verb: "replay-dead-letter",
  request: z.object({ ...TenantScoped, deadLetterId: z.string().min(1) }),
  response: TargetView,
});

export const DiscardDeadLetter = defineRpc({
  service: "publish",
  verb: "discard-dead-letter",
  request: z.object({ ...TenantScoped, deadLetterId: z.string().min(1) }),
  response: z.object({ deadLetterId: z.string(), targetId: z.string() }),
});
