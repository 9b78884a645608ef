import { z } from "zod";

/** The five platforms POSTD connects. */
export const Platform = z.enum(["meta", "linkedin", "tiktok", "gbp", "mailchimp"]);
export type Platform = z.infer<typeof Platform>;

export const ConnectionStatus = z.enum(["active", "expiring", "needs_reauth", "revoked", "error"]);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** What kind of thing on the platform an account is; a connection has one or more. */
export const AccountKind = z.enum([
  "facebook_page",
  "instagram_account",
  "linkedin_member",
  "linkedin_organization",
  "tiktok_account",
  "gbp_location",
  "mailchimp_audience",
]);
export type AccountKind = z.infer<typeof AccountKind>;

export const TargetStatus = z.enum([
  "scheduled",
  "queued",
  "publishing",
  "retrying",
  "published",
  "unconfirmed",
  "dead_lettered",
  "failed",
  "cancelled",
  "deleted",
]);
export type TargetStatus = z.infer<typeof TargetStatus>;

export const PostStatus = z.enum([
  "scheduled",
  "queued",
  "publishing",
  "published",
  "partially_published",
  "failed",
  "cancelled",
  "deleted",
]);
export type PostStatus = z.infer<typeof PostStatus>;

/** The connectors' error taxonomy, as it travels in events and API answers. */
export const ConnectorErrorKind = z.enum([
  "rate_limited",
  "transient",
  "auth_expired",
  "auth_revoked",
  "permission_denied",
  "invalid_request",
  "quota_exceeded",
  "unknown_outcome",
]);
export type ConnectorErrorKind = z.infer<typeof ConnectorErrorKind>;
