import {
  ConnectionConnected,
  ConnectionRevoked,
  ConnectionStatusChanged,
  type EventContract,
  newId,
  PostCancelled,
  PostTargetDeadLettered,
  PostTargetDeleted,
  PostTargetPublished,
  PostTargetUnconfirmed,
  WebhookEndpointDisabled,
} from "@postd/contracts";

const postId = newId("post");
const targetId = newId("target");
const target = { postId, targetId, accountId: newId("account"), platform: "linkedin" as const };
const connection = { connectionId: newId("connection"), platform: "tiktok" as const };

/** One realistic event of every kind a tenant can subscribe to, as the owning services emit them. */
export const sampleEvents: { event: EventContract; data: Record<string, unknown> }[] = [
  {
    event: PostTargetPublished,
    data: {
      ...target,
      platformPostId: "urn:li:share:7",
      url: "https://www.linkedin.com/feed/update/urn:li:share:7",
      publishedAt: new Date().toISOString(),
      attempts: 1,
    },
  },
  {
    event: PostTargetDeadLettered,
    data: {
      ...target,
      reason: "permission_denied",
      error: { kind: "permission_denied", code: "ACCESS_DENIED", message: "Not enough permissions" },
      attempts: 1,
    },
  },
  {
    event: PostTargetUnconfirmed,
    data: { ...target, evidence: "timed out after the request was sent", attempts: 5 },
  },
  { event: PostTargetDeleted, data: target },
  { event: PostCancelled, data: { postId, targetIds: [targetId] } },
  { event: ConnectionConnected, data: { ...connection, accountIds: [newId("account")], reconnected: false } },
  {
    event: ConnectionStatusChanged,
    data: { ...connection, from: "active", to: "needs_reauth", reason: "invalid_grant" },
  },
  {
    event: ConnectionRevoked,
    data: { ...connection, accountIds: [], reason: "platform_authorization_removed" },
  },
  {
    event: WebhookEndpointDisabled,
    data: {
      endpointId: newId("webhookEndpoint"),
      reason: "disabled after failing every delivery",
      failingSince: new Date().toISOString(),
      consecutiveFailures: 9,
    },
  },
];
