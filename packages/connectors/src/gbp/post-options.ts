import type { FieldProblem } from "@postd/contracts";
import { z } from "zod";

/** The topic types POSTD publishes; ALERT (COVID-19 only) is left out. */
export const topicTypes = ["STANDARD", "EVENT", "OFFER"] as const;
export type TopicType = (typeof topicTypes)[number];

/** `GET_OFFER` is deprecated; `CALL` dials the location's phone number and takes no url. */
export const callToActionTypes = ["BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"] as const;
export type CallToActionType = (typeof callToActionTypes)[number];

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An event bound: a date (all-day, `2026-12-01`) or a date-time with its offset (`2026-12-01T18:00:00Z`). */
const EventBound = z
  .string()
  .refine(
    (value) => (datePattern.test(value) || dateTimePattern.test(value)) && !Number.isNaN(Date.parse(value)),
    "must be a date (2026-12-01) or an ISO 8601 date-time with an offset (2026-12-01T18:00:00Z)",
  );

const TopicTypeOption = z.enum(topicTypes, { error: `must be one of ${topicTypes.join(", ")}` });
const CallToActionOption = z.object({
  actionType: z.enum(callToActionTypes, { error: `must be one of ${callToActionTypes.join(", ")}` }),
  url: z.string().optional(),
});
const EventOption = z.object({
  title: z.string().trim().min(1, "an event needs a title"),
  startsAt: EventBound,
  endsAt: EventBound,
});
const OfferOption = z.object({
  couponCode: z.string().optional(),
  redeemOnlineUrl: z.string().optional(),
  termsConditions: z.string().optional(),
});

/** `options` of a gbp_location target (api.md): all optional; `topicType` defaults to STANDARD. */
export const GbpPostOptions = z.looseObject({
  topicType: TopicTypeOption.default("STANDARD"),
  callToAction: CallToActionOption.optional(),
  event: EventOption.optional(),
  offer: OfferOption.optional(),
});
export type GbpPostOptions = z.infer<typeof GbpPostOptions>;

/** The options with each field read on its own, so one bad field does not hide the rules the others break. */
export interface ReadOptions {
  /** undefined when the given topicType is invalid */
  topicType: TopicType | undefined;
  callToAction: z.infer<typeof CallToActionOption> | undefined;
  event: z.infer<typeof EventOption> | undefined;
  offer: z.infer<typeof OfferOption> | undefined;
  problems: FieldProblem[];
}

export function readGbpOptions(options: Record<string, unknown> | undefined): ReadOptions {
  const raw = options ?? {};
  const problems: FieldProblem[] = [];
  const read = <T>(field: string, schema: z.ZodType<T>): T | undefined => {
    if (raw[field] === undefined) return undefined;
    const parsed = schema.safeParse(raw[field]);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      problems.push({
        path: ["options", field, ...issue.path.map(String)].join("."),
        message: issue.message,
      });
    }
    return undefined;
  };
  if (raw.topicType === "ALERT") {
    problems.push({
      path: "options.topicType",
      message: "ALERT posts (COVID-19 announcements) are not supported; use STANDARD, EVENT or OFFER",
    });
  }
  const topicType =
    raw.topicType === undefined
      ? "STANDARD"
      : raw.topicType === "ALERT"
        ? undefined
        : read("topicType", TopicTypeOption);
  return {
    topicType,
    callToAction: read("callToAction", CallToActionOption),
    event: read("event", EventOption),
    offer: read("offer", OfferOption),
    problems,
  };
}

export function isDateOnly(value: string): boolean {
  return datePattern.test(value);
}
