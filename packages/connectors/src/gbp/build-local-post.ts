import type { PostContent } from "../core/index";
import { isDateOnly, type ReadOptions, type TopicType } from "./post-options";

interface GoogleDate {
  year: number;
  month: number;
  day: number;
}
interface GoogleTimeOfDay {
  hours: number;
  minutes: number;
  seconds: number;
  nanos: number;
}

/**
 * The LocalPost body of a validated post. `summary` is the text; a `link` becomes a LEARN_MORE button; event
 * bounds become `event.schedule` Date/TimeOfDay objects in UTC (a date alone is an all-day bound, no time).
 */
export function buildLocalPost(
  post: PostContent,
  options: ReadOptions & { topicType: TopicType },
  languageCode: string,
) {
  const { topicType, callToAction, event, offer } = options;
  const button =
    topicType === "OFFER"
      ? undefined
      : callToAction
        ? {
            actionType: callToAction.actionType,
            ...(callToAction.actionType === "CALL" ? {} : { url: callToAction.url }),
          }
        : post.link !== undefined
          ? { actionType: "LEARN_MORE", url: post.link }
          : undefined;
  return {
    languageCode,
    topicType,
    ...(post.text.trim() === "" ? {} : { summary: post.text }),
    ...(button ? { callToAction: button } : {}),
    ...(post.media.length > 0
      ? {
          media: post.media.map((item) => ({
            mediaFormat: item.type === "video" ? "VIDEO" : "PHOTO",
            sourceUrl: item.url,
          })),
        }
      : {}),
    ...(event && topicType !== "STANDARD"
      ? { event: { title: event.title, schedule: schedule(event.startsAt, event.endsAt) } }
      : {}),
    ...(offer && topicType === "OFFER" ? { offer: withoutEmpty(offer) } : {}),
  };
}

function schedule(startsAt: string, endsAt: string) {
  if (isDateOnly(startsAt) && isDateOnly(endsAt)) {
    return { startDate: dateOf(startsAt), endDate: dateOf(endsAt) };
  }
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  return {
    startDate: utcDate(start),
    startTime: utcTime(start),
    endDate: utcDate(end),
    endTime: utcTime(end),
  };
}

function dateOf(value: string): GoogleDate {
  const [year = 0, month = 0, day = 0] = value.split("-").map(Number);
  return { year, month, day };
}

function utcDate(date: Date): GoogleDate {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function utcTime(date: Date): GoogleTimeOfDay {
  return {
    hours: date.getUTCHours(),
    minutes: date.getUTCMinutes(),
    seconds: date.getUTCSeconds(),
    nanos: date.getUTCMilliseconds() * 1_000_000,
  };
}

function withoutEmpty(offer: NonNullable<ReadOptions["offer"]>): Record<string, string> {
  return Object.fromEntries(Object.entries(offer).filter((entry): entry is [string, string] => !!entry[1]));
}
