import type { FieldProblem } from "@postd/contracts";
import { codePointLength, isHttpsUrl, type PostContent } from "../core/index";
import { maxMediaItems, summaryMaxLength } from "./config";
import { isDateOnly, type ReadOptions, readGbpOptions } from "./post-options";

/** Every reason Google would refuse this local post (or POSTD would post something other than asked), at once. */
export function validateGbpPost(post: PostContent): FieldProblem[] {
  const options = readGbpOptions(post.options);
  return [
    ...textProblems(post, options),
    ...mediaProblems(post),
    ...options.problems,
    ...eventProblems(options),
    ...buttonProblems(post, options),
    ...otherProblems(post),
  ];
}

function textProblems(post: PostContent, options: ReadOptions): FieldProblem[] {
  const length = codePointLength(post.text);
  if (length > summaryMaxLength) {
    return [
      { path: "text", message: `Google allows ${summaryMaxLength} characters; this text has ${length}` },
    ];
  }
  if (options.topicType === "STANDARD" && post.text.trim() === "" && post.media.length === 0) {
    return [{ path: "text", message: "a STANDARD post needs text or a photo/video" }];
  }
  return [];
}

function mediaProblems(post: PostContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (post.media.length > maxMediaItems) {
    problems.push({
      path: "media",
      message: `a Business Profile post carries at most ${maxMediaItems} photo or video`,
    });
  }
  post.media.forEach((item, index) => {
    if (!isHttpsUrl(item.url)) {
      problems.push({ path: `media.${index}.url`, message: "media must be an https URL Google can fetch" });
    }
    if (item.type !== "image" && item.type !== "video") {
      problems.push({ path: `media.${index}.type`, message: "media must be an image or a video" });
    }
  });
  return problems;
}

function eventProblems(options: ReadOptions): FieldProblem[] {
  const { topicType, event, offer } = options;
  const problems: FieldProblem[] = [];
  if (topicType === "STANDARD" && event) {
    problems.push({ path: "options.event", message: "only EVENT and OFFER posts carry an event" });
  }
  if (
    (topicType === "EVENT" || topicType === "OFFER") &&
    !event &&
    !hasProblemAt(options.problems, "options.event")
  ) {
    problems.push({
      path: "options.event",
      message: `an ${topicType} post needs options.event with title, startsAt and endsAt`,
    });
  }
  if (event) problems.push(...scheduleProblems(event.startsAt, event.endsAt));
  if (offer && topicType !== undefined && topicType !== "OFFER") {
    problems.push({ path: "options.offer", message: "only OFFER posts carry an offer" });
  }
  if (offer?.redeemOnlineUrl !== undefined && !isHttpsUrl(offer.redeemOnlineUrl)) {
    problems.push({ path: "options.offer.redeemOnlineUrl", message: "must be an https URL" });
  }
  return problems;
}

function buttonProblems(post: PostContent, { topicType, callToAction }: ReadOptions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (callToAction && topicType === "OFFER") {
    problems.push({
      path: "options.callToAction",
      message: "OFFER posts carry no call to action (Google ignores it); use options.offer.redeemOnlineUrl",
    });
  }
  if (callToAction?.actionType === "CALL" && callToAction.url !== undefined) {
    problems.push({
      path: "options.callToAction.url",
      message: "CALL dials the location's phone number and takes no url",
    });
  }
  if (callToAction && callToAction.actionType !== "CALL" && !isHttpsUrl(callToAction.url ?? "")) {
    problems.push({
      path: "options.callToAction.url",
      message: `${callToAction.actionType} needs an https url`,
    });
  }
  if (post.link !== undefined && callToAction) {
    problems.push({
      path: "link",
      message: "give either a link (sent as a LEARN_MORE button) or options.callToAction, not both",
    });
  }
  if (post.link !== undefined && topicType === "OFFER") {
    problems.push({
      path: "link",
      message: "OFFER posts carry no button; put the link in options.offer.redeemOnlineUrl",
    });
  }
  return problems;
}

function scheduleProblems(startsAt: string, endsAt: string): FieldProblem[] {
  if (isDateOnly(startsAt) !== isDateOnly(endsAt)) {
    return [
      { path: "options.event.endsAt", message: "startsAt and endsAt must both be dates or both date-times" },
    ];
  }
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  const inOrder = isDateOnly(startsAt) ? start <= end : start < end;
  return inOrder ? [] : [{ path: "options.event.endsAt", message: "the event must end after it starts" }];
}

function otherProblems(post: PostContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (post.link !== undefined && !isHttpsUrl(post.link)) {
    problems.push({ path: "link", message: "the link must be an https URL" });
  }
  if (post.email !== undefined) {
    problems.push({ path: "email", message: "Business Profile posts are not emails" });
  }
  return problems;
}

function hasProblemAt(problems: FieldProblem[], path: string): boolean {
  return problems.some((p) => p.path === path || p.path.startsWith(`${path}.`));
}
