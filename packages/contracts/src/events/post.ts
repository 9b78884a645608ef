import { z } from "zod";
import { ConnectorErrorKind, Platform } from "../domain";
import { defineEvent } from "../event";

const TargetRef = {
  postId: z.string(),
  targetId: z.string(),
  accountId: z.string(),
  platform: Platform,
};

export const PostAccepted = defineEvent(
  "post.accepted.v1",
  z.object({
    postId: z.string(),
    targetIds: z.array(z.string()),
    scheduledAt: z.iso.datetime().nullable(),
  }),
);

export const PostTargetPublished = defineEvent(
  "post.target_published.v1",
  z.object({
    ...TargetRef,
    platformPostId: z.string(),
    url: z.string().nullable(),
    publishedAt: z.iso.datetime(),
    attempts: z.number().int().positive(),
  }),
);

export const TargetError = z.object({
  kind: ConnectorErrorKind.nullable(),
  /** the platform's own code, kept for the user (e.g. "190", "spam_risk_too_many_posts") */
  code: z.string(),
  message: z.string(),
});

export const PostTargetDeadLettered = defineEvent(
  "post.target_dead_lettered.v1",
  z.object({
    ...TargetRef,
    reason: z.string(),
    error: TargetError,
    attempts: z.number().int().nonnegative(),
  }),
);

export const PostTargetUnconfirmed = defineEvent(
  "post.target_unconfirmed.v1",
  z.object({
    ...TargetRef,
    evidence: z.string(),
    attempts: z.number().int().nonnegative(),
  }),
);

export const PostTargetDeleted = defineEvent("post.target_deleted.v1", z.object(TargetRef));

export const PostCancelled = defineEvent(
  "post.cancelled.v1",
  z.object({
    postId: z.string(),
    targetIds: z.array(z.string()),
  }),
);
