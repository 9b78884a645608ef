/** What the emulated Business Profile checks in a LocalPost body; violations use Google's snake_case paths. */
export interface Violation {
  field: string;
  description: string;
}

const topicTypes = ["STANDARD", "EVENT", "OFFER", "ALERT"];
const actionTypes = ["BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"];
const summaryLimit = 1500;
const maxMedia = 10;

type Body = Record<string, unknown>;
type GoogleDate = { year?: unknown; month?: unknown; day?: unknown };
type TimeOfDay = { hours?: unknown; minutes?: unknown; seconds?: unknown };

export function localPostViolations(body: Body): Violation[] {
  const violations: Violation[] = [];
  const add = (field: string, description: string) => violations.push({ field, description });
  const topicType = body.topicType;
  if (typeof topicType !== "string" || !topicTypes.includes(topicType)) {
    add("local_post.topic_type", "Required field with a valid value (STANDARD, EVENT, OFFER, ALERT)");
  }
  const summary = body.summary;
  if (summary !== undefined && typeof summary !== "string") add("local_post.summary", "Must be a string");
  if (typeof summary === "string" && [...summary].length > summaryLimit) {
    add("local_post.summary", `Exceeds the maximum length of ${summaryLimit}`);
  }
  const media = Array.isArray(body.media) ? body.media : [];
  if (topicType === "STANDARD" && !summary && media.length === 0) {
    add("local_post.summary", "A STANDARD post needs a summary or media");
  }
  if (topicType === "EVENT" || topicType === "OFFER") violations.push(...eventViolations(body.event));
  if (topicType === "ALERT" && body.alertType !== "COVID_19")
    add("local_post.alert_type", "Must be COVID_19");
  if (topicType !== "OFFER" && body.callToAction !== undefined) {
    violations.push(...callToActionViolations(body.callToAction));
  }
  violations.push(...mediaViolations(body.media));
  const offer = body.offer as Body | undefined;
  if (offer?.redeemOnlineUrl !== undefined && !isWebUrl(offer.redeemOnlineUrl)) {
    add("local_post.offer.redeem_online_url", "Invalid URL");
  }
  return violations;
}

/** Phone numbers in the text are refused by Google's policy review (unconfirmed, but commonly reported). */
const phonePattern = /(\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}/;
/** The sim's marker for a post Google refuses at once, without a review period. */
export const immediateRejectMarker = "sim_reject";

/** How review ends for this content; `immediate` when the create answer already says REJECTED. */
export function policyVerdict(body: Body): { verdict: "LIVE" | "REJECTED"; immediate: boolean } {
  const texts = [body.summary, (body.event as Body | undefined)?.title].filter(
    (t): t is string => typeof t === "string",
  );
  if (texts.some((t) => t.includes(immediateRejectMarker))) return { verdict: "REJECTED", immediate: true };
  if (texts.some((t) => phonePattern.test(t))) return { verdict: "REJECTED", immediate: false };
  return { verdict: "LIVE", immediate: false };
}

function eventViolations(event: unknown): Violation[] {
  const value = event as { title?: unknown; schedule?: Record<string, unknown> } | undefined;
  const violations: Violation[] = [];
  if (typeof value?.title !== "string" || value.title.trim() === "") {
    violations.push({ field: "local_post.event.title", description: "Required field" });
  }
  const schedule = value?.schedule;
  const start = instant(
    schedule?.startDate as GoogleDate | undefined,
    schedule?.startTime as TimeOfDay | undefined,
  );
  const end = instant(
    schedule?.endDate as GoogleDate | undefined,
    schedule?.endTime as TimeOfDay | undefined,
  );
  if (start === null)
    violations.push({ field: "local_post.event.schedule.start_date", description: "Required valid date" });
  if (end === null)
    violations.push({ field: "local_post.event.schedule.end_date", description: "Required valid date" });
  if (start !== null && end !== null && end < start) {
    violations.push({
      field: "local_post.event.schedule",
      description: "The end must not be before the start",
    });
  }
  return violations;
}

function callToActionViolations(value: unknown): Violation[] {
  const cta = value as { actionType?: unknown; url?: unknown };
  if (typeof cta.actionType !== "string" || !actionTypes.includes(cta.actionType)) {
    return [{ field: "local_post.call_to_action.action_type", description: "Invalid action type" }];
  }
  if (cta.actionType === "CALL") {
    return cta.url === undefined
      ? []
      : [{ field: "local_post.call_to_action.url", description: "CALL takes no url" }];
  }
  return isWebUrl(cta.url) ? [] : [{ field: "local_post.call_to_action.url", description: "Invalid URL" }];
}

function mediaViolations(value: unknown): Violation[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [{ field: "local_post.media", description: "Must be a list" }];
  if (value.length > maxMedia)
    return [{ field: "local_post.media", description: `At most ${maxMedia} items` }];
  return value.flatMap((item, index) => {
    const media = item as { mediaFormat?: unknown; sourceUrl?: unknown };
    const violations: Violation[] = [];
    if (media.mediaFormat !== "PHOTO" && media.mediaFormat !== "VIDEO") {
      violations.push({
        field: `local_post.media[${index}].media_format`,
        description: "Must be PHOTO or VIDEO",
      });
    }
    if (!isWebUrl(media.sourceUrl)) {
      violations.push({ field: `local_post.media[${index}].source_url`, description: "Invalid URL" });
    }
    return violations;
  });
}

function instant(date: GoogleDate | undefined, time: TimeOfDay | undefined): number | null {
  const [year, month, day] = [date?.year, date?.month, date?.day].map(Number);
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  const value = Date.UTC(
    year ?? 0,
    (month ?? 1) - 1,
    day ?? 1,
    Number(time?.hours ?? 0),
    Number(time?.minutes ?? 0),
    Number(time?.seconds ?? 0),
  );
  const check = new Date(value);
  return check.getUTCMonth() === (month ?? 1) - 1 && check.getUTCDate() === day ? value : null;
}

function isWebUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
