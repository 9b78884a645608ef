import { createHash } from "node:crypto";
import type { PlatformEventKind } from "@postd/contracts";
import { z } from "zod";
import { ConnectorError, type PlatformWebhookEvent, type WebhookRequest } from "../core/index";

const WebhookBody = z.object({
  client_key: z.string(),
  event: z.string().min(1),
  create_time: z.number(),
  user_openid: z.string().optional(),
  content: z.string().default("{}"),
});

const kindByEvent: Record<string, PlatformEventKind> = {
  "authorization.removed": "authorization_removed",
  "post.publish.complete": "publish_completed",
  "post.publish.failed": "publish_failed",
  "post.publish.publicly_available": "post_publicly_available",
};

/** `authorization.removed` reasons, as TikTok numbers them. */
const removalReasons: Record<number, string> = {
  0: "unknown",
  1: "user_disconnected",
  2: "account_deleted",
  3: "age_changed",
  4: "account_banned",
  5: "developer_revoked",
};

/**
 * One delivery is one event. Its id is derived (TikTok sends none): a hash of the fields that make it, so the
 * same event redelivered has the same id. `content` is a JSON string inside the JSON body.
 */
export function parseTikTokWebhook(request: WebhookRequest): PlatformWebhookEvent[] {
  const parsed = WebhookBody.safeParse(parseJson(request.rawBody));
  if (!parsed.success) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "tiktok",
      platformCode: "malformed_webhook",
      message: "webhook.parse: the body is not a TikTok event",
      cause: parsed.error,
    });
  }
  const body = parsed.data;
  const content = asRecord(parseJson(Buffer.from(body.content, "utf8")));
  const kind = kindByEvent[body.event] ?? "other";
  return [
    {
      platformEventId: eventId(body),
      kind,
      externalAccountId: body.user_openid || null,
      occurredAt: new Date(body.create_time * 1000),
      data: { event: body.event, ...normalizeContent(content, body.content) },
    },
  ];
}

function normalizeContent(content: Record<string, unknown>, raw: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (typeof content.publish_id === "string") data.publishId = content.publish_id;
  if (typeof content.publish_type === "string") data.publishType = content.publish_type;
  // post ids are int64: read the digits from the raw text, where a JSON number would have lost some
  const postId = /"post_id"\s*:\s*"?(\d+)"?/.exec(raw)?.[1];
  if (postId) data.platformPostId = postId;
  const reason = content.reason;
  if (typeof reason === "number") {
    data.reasonCode = reason;
    data.reason = removalReasons[reason] ?? "unknown";
  } else if (typeof reason === "string") {
    data.reason = reason;
  }
  return data;
}

function eventId(body: z.infer<typeof WebhookBody>): string {
  const digest = createHash("sha256")
    .update(
      JSON.stringify([body.client_key, body.event, body.create_time, body.user_openid ?? "", body.content]),
    )
    .digest("hex");
  return `tiktok_${digest.slice(0, 40)}`;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
