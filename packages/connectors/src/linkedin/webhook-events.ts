import type { PlatformEventKind } from "@postd/contracts";
import { z } from "zod";
import type { PlatformWebhookEvent, WebhookRequest } from "../core/index";

const Notification = z.looseObject({
  notificationId: z.union([z.number(), z.string()]),
  organizationalEntity: z.string().optional(),
  action: z.string(),
  sourcePost: z.string().optional(),
  generatedActivity: z.string().optional(),
  lastModifiedAt: z.number().optional(),
  subscriber: z.string().optional(),
});

const SocialActionNotifications = z.looseObject({
  type: z.literal("ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS"),
  notifications: z.array(z.unknown()),
});

const kindByAction: Record<string, PlatformEventKind> = {
  LIKE: "reaction",
  COMMENT: "comment",
  ADMIN_COMMENT: "comment",
  COMMENT_EDIT: "comment",
  SHARE_MENTION: "mention",
};

/**
 * ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS → one event per notification, id = notificationId, account = the
 * organization URN. LIKE → reaction; COMMENT, ADMIN_COMMENT, COMMENT_EDIT → comment; SHARE_MENTION → mention;
 * SHARE (a reshare), COMMENT_DELETE and unknown actions → other. Anything else (or a malformed body) → none.
 */
export function parseLinkedInWebhook(request: WebhookRequest, now: number): PlatformWebhookEvent[] {
  let payload: unknown;
  try {
    payload = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return [];
  }
  const parsed = SocialActionNotifications.safeParse(payload);
  if (!parsed.success) return [];
  const events: PlatformWebhookEvent[] = [];
  for (const item of parsed.data.notifications) {
    const notification = Notification.safeParse(item);
    if (!notification.success) continue;
    const { notificationId, organizationalEntity, action, sourcePost, generatedActivity, lastModifiedAt } =
      notification.data;
    events.push({
      platformEventId: String(notificationId),
      kind: kindByAction[action] ?? "other",
      externalAccountId: organizationalEntity ?? null,
      occurredAt: new Date(lastModifiedAt ?? now),
      data: {
        action,
        ...(sourcePost ? { platformPostId: sourcePost } : {}),
        ...(generatedActivity ? { generatedActivity } : {}),
      },
    });
  }
  return events;
}
