import type { PlatformEventKind } from "@postd/contracts";
import { z } from "zod";
import type { PlatformWebhookEvent, WebhookRequest } from "../core/index";
import { v1LocationName } from "./resource-names";

/** The Pub/Sub push envelope (both spellings of the ids: Pub/Sub sends `messageId` and `message_id`). */
const PushEnvelope = z.looseObject({
  message: z.looseObject({
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
    publishTime: z.string().optional(),
    publish_time: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

const kindByType: Record<string, PlatformEventKind> = {
  NEW_REVIEW: "review",
  UPDATED_REVIEW: "review",
  NEW_QUESTION: "comment",
  UPDATED_QUESTION: "comment",
  NEW_ANSWER: "comment",
  UPDATED_ANSWER: "comment",
};

/** The decoded `data` keys are unconfirmed: each field is read under every name seen in the wild. */
const aliases = {
  type: ["type", "notificationType", "notification_type"],
  location: ["location", "locationName", "location_name"],
  review: ["review", "reviewName", "review_name"],
  question: ["question", "questionName", "question_name"],
  answer: ["answer", "answerName", "answer_name"],
  media: ["media", "mediaItem", "mediaName", "media_item_name"],
} as const;

/**
 * One Pub/Sub push → one event: id = `messageId`, account = the location as `locations/{l}`. NEW_REVIEW and
 * UPDATED_REVIEW → review; the Q&A types → comment; NEW_CUSTOMER_MEDIA, GOOGLE_UPDATE, DUPLICATE_LOCATION,
 * VOICE_OF_MERCHANT_UPDATED and anything unknown → other (Google's type kept in `data.notificationType`).
 * A body that is not a push envelope with a message id and decodable JSON data → no events.
 */
export function parseGbpWebhook(request: WebhookRequest, now: number): PlatformWebhookEvent[] {
  const envelope = PushEnvelope.safeParse(parseJson(request.rawBody.toString("utf8")));
  if (!envelope.success) return [];
  const { message, subscription } = envelope.data;
  const messageId = message.messageId ?? message.message_id;
  const data = decodeData(message.data);
  if (!messageId || !data) return [];
  const attributes = message.attributes ?? {};
  const pick = (names: readonly string[]) => firstString(data, names) ?? firstString(attributes, names);
  const type = pick(aliases.type) ?? "UNKNOWN";
  const rawLocation =
    pick(aliases.location) ?? locationOfResource(pick(aliases.review) ?? pick(aliases.question));
  const location = rawLocation ? v1LocationName(rawLocation) : null;
  const occurred = Date.parse(message.publishTime ?? message.publish_time ?? "");
  const resources = {
    reviewName: pick(aliases.review),
    questionName: pick(aliases.question),
    answerName: pick(aliases.answer),
    mediaName: pick(aliases.media),
  };
  return [
    {
      platformEventId: messageId,
      kind: kindByType[type] ?? "other",
      externalAccountId: location,
      occurredAt: new Date(Number.isNaN(occurred) ? now : occurred),
      data: {
        notificationType: type,
        ...(location ? { locationName: location } : {}),
        ...(rawLocation && rawLocation !== location ? { v4LocationName: rawLocation } : {}),
        ...Object.fromEntries(Object.entries(resources).filter(([, value]) => value !== undefined)),
        ...(subscription ? { subscription } : {}),
      },
    },
  ];
}

function decodeData(data: string | undefined): Record<string, unknown> | null {
  if (!data) return null;
  const decoded = parseJson(Buffer.from(data, "base64").toString("utf8"));
  return typeof decoded === "object" && decoded !== null && !Array.isArray(decoded)
    ? (decoded as Record<string, unknown>)
    : null;
}

function firstString(record: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** `accounts/{a}/locations/{l}/reviews/{r}` → `accounts/{a}/locations/{l}`. */
function locationOfResource(name: string | undefined): string | undefined {
  const match = /^((?:accounts\/[^/]+\/)?locations\/[^/]+)\//.exec(name ?? "");
  return match?.[1];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
