import { createHash } from "node:crypto";
import type { PlatformEventKind } from "@postd/contracts";
import { ConnectorError, type PlatformWebhookEvent, type WebhookRequest } from "../core/index";

type Json = Record<string, unknown>;

/**
 * `{object, entry:[{id, time, changes:[{field, value}]}]}` → one normalized event per change.
 * - `page` / `feed`: item `comment` → comment, `reaction`/`like` → reaction, posts and the rest → other;
 *   `page` / `mention` → mention.
 * - `instagram`: `comments`/`live_comments` → comment, `mentions` → mention.
 * - `permissions` (and `user` / `permissions`|`deauthorize`): verb `revoked` → authorization_removed, naming the
 *   user id as the account (the connection's `userId` metadata). Meta's separate deauthorize callback
 *   (a form POST with `signed_request`) is not this format and is not parsed here.
 * Meta sends no event id: the id is derived from object, entry id, time, field and a hash of the value, so a
 * redelivery of the same change dedupes. Messaging (`entry[].messaging`) is not handled.
 */
export function parseWebhookEvent(request: WebhookRequest): PlatformWebhookEvent[] {
  const payload = parsePayload(request.rawBody);
  const object = typeof payload.object === "string" ? payload.object : "unknown";
  const entries = Array.isArray(payload.entry) ? payload.entry.filter(isObject) : [];
  const events: PlatformWebhookEvent[] = [];
  for (const entry of entries) {
    const changes = Array.isArray(entry.changes) ? entry.changes.filter(isObject) : [];
    for (const change of changes) events.push(eventOf(object, entry, change));
    if (changes.length === 0 && Array.isArray(entry.changed_fields)) {
      for (const field of entry.changed_fields) events.push(eventOf(object, entry, { field: String(field) }));
    }
  }
  return events;
}

function eventOf(object: string, entry: Json, change: Json): PlatformWebhookEvent {
  const field = typeof change.field === "string" ? change.field : "";
  const value = isObject(change.value) ? change.value : {};
  const accountId = entry.id === undefined || entry.id === null ? null : String(entry.id);
  return {
    platformEventId: `meta:${fingerprint([object, accountId, entry.time ?? null, field, change.value ?? null])}`,
    kind: kindOf(object, field, value),
    externalAccountId: accountId,
    occurredAt: timeOf(entry.time ?? value.created_time),
    data: dataOf(object, field, value),
  };
}

function kindOf(object: string, field: string, value: Json): PlatformEventKind {
  const verb = value.verb;
  if (
    object === "permissions" ||
    (object === "user" && (field === "permissions" || field === "deauthorize"))
  ) {
    return verb === "revoked" || field === "deauthorize" ? "authorization_removed" : "other";
  }
  if (object === "page" && field === "feed") {
    if (value.item === "comment") return "comment";
    if (value.item === "reaction" || value.item === "like") return "reaction";
    return "other";
  }
  if (object === "page" && field === "mention") return "mention";
  if (object === "instagram" && (field === "comments" || field === "live_comments")) return "comment";
  if (object === "instagram" && field === "mentions") return "mention";
  return "other";
}

function dataOf(object: string, field: string, value: Json): Record<string, unknown> {
  const from = isObject(value.from) ? value.from : {};
  const media = isObject(value.media) ? value.media : {};
  const data: Record<string, unknown> = {
    object,
    field,
    verb: value.verb,
    item: value.item,
    postId: value.post_id,
    commentId: object === "instagram" && field === "comments" ? value.id : value.comment_id,
    parentId: value.parent_id,
    mediaId: value.media_id ?? media.id,
    reactionType: value.reaction_type,
    fromId: from.id,
    fromName: from.name ?? from.username,
    text: value.message ?? value.text,
    permission: object === "permissions" ? field : undefined,
    targetIds: value.target_ids,
  };
  return Object.fromEntries(
    Object.entries(data).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  );
}

/** Entry times are unix seconds (some products send milliseconds). */
function timeOf(value: unknown): Date {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) return new Date();
  return new Date(number > 1e12 ? number : number * 1000);
}

function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex").slice(0, 40);
}

/** JSON with sorted keys, so the id depends on the content, not on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function parsePayload(rawBody: Buffer): Json {
  try {
    const parsed: unknown = JSON.parse(rawBody.toString("utf8"));
    if (isObject(parsed)) return parsed;
  } catch (error) {
    throw invalidPayload(error);
  }
  throw invalidPayload(undefined);
}

function invalidPayload(cause: unknown): ConnectorError {
  return new ConnectorError({
    kind: "invalid_request",
    platform: "meta",
    platformCode: "webhook_payload",
    message: "The Meta webhook body is not a JSON object",
    ...(cause === undefined ? {} : { cause }),
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
