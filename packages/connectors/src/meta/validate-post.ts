import type { FieldProblem } from "@postd/contracts";
import {
  type AccountOptions,
  codePointLength,
  countHashtags,
  countMentions,
  isHttpsUrl,
  type PlatformAccount,
  type PostContent,
} from "../core/index";
import { instagramFormatOf, instagramFormats } from "./post-shape";

export const metaLimits = {
  facebookTextLength: 63_206,
  instagramCaptionLength: 2_200,
  instagramHashtags: 30,
  instagramMentions: 20,
  carouselMin: 2,
  carouselMax: 10,
} as const;

/** Extensions that are surely not JPEG: Instagram takes JPEG images only (MPO/JPS included in the refusal). */
const notJpeg = new Set([
  "png",
  "gif",
  "webp",
  "heic",
  "heif",
  "bmp",
  "tif",
  "tiff",
  "avif",
  "svg",
  "mpo",
  "jps",
]);

/** Every rule Meta enforces that can be checked before calling it, all problems at once. */
export function validatePost(
  account: Pick<PlatformAccount, "kind">,
  post: PostContent,
  options?: AccountOptions,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  post.media.forEach((item, index) => {
    if (!isHttpsUrl(item.url))
      problems.push({ path: `media.${index}.url`, message: "Media URLs must be https" });
  });
  if (account.kind === "facebook_page") problems.push(...facebookProblems(post, options));
  else if (account.kind === "instagram_account") problems.push(...instagramProblems(post));
  else problems.push({ path: "account", message: `Meta cannot publish to a ${account.kind}` });
  return problems;
}

function facebookProblems(post: PostContent, options?: AccountOptions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const length = codePointLength(post.text);
  if (length > metaLimits.facebookTextLength) {
    problems.push({
      path: "text",
      message: `Facebook posts take at most ${metaLimits.facebookTextLength} characters (this has ${length})`,
    });
  }
  if (!post.text.trim() && post.media.length === 0 && !post.link) {
    problems.push({ path: "text", message: "A Facebook post needs text, a link or media" });
  }
  if (post.link !== undefined) {
    if (!/^https?:\/\//i.test(post.link) || !URL.canParse(post.link)) {
      problems.push({ path: "link", message: "The link must be an http or https URL" });
    }
    if (post.media.length > 0)
      problems.push({ path: "link", message: "A Facebook link post cannot carry media" });
  }
  const videos = post.media.filter((m) => m.type === "video").length;
  if (videos > 0 && post.media.length > 1) {
    problems.push({
      path: "media",
      message: "A Facebook post takes either photos or one video, not both or several videos",
    });
  }
  if (videos > 0 && options?.options.canPublishVideo === false) {
    problems.push({
      path: "media",
      message: "This connection may not publish video on the Page (publish_video not granted)",
    });
  }
  return problems;
}

function instagramProblems(post: PostContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const format = instagramFormatOf(post);
  if (!instagramFormats.includes(format as (typeof instagramFormats)[number])) {
    problems.push({
      path: "options.postType",
      message: `The post type must be one of ${instagramFormats.join(", ")}`,
    });
  }
  if (post.options.shareToFeed !== undefined && typeof post.options.shareToFeed !== "boolean") {
    problems.push({ path: "options.shareToFeed", message: "shareToFeed must be true or false" });
  }
  if (post.link !== undefined) {
    problems.push({
      path: "link",
      message: "Instagram posts cannot carry a link; link posts are Facebook only",
    });
  }
  problems.push(...captionProblems(post.text));
  problems.push(...instagramMediaProblems(post, format));
  return problems;
}

function captionProblems(text: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const length = codePointLength(text);
  if (length > metaLimits.instagramCaptionLength) {
    problems.push({
      path: "text",
      message: `Instagram captions take at most ${metaLimits.instagramCaptionLength} characters (this has ${length})`,
    });
  }
  const hashtags = countHashtags(text);
  if (hashtags > metaLimits.instagramHashtags) {
    problems.push({
      path: "text",
      message: `Instagram captions take at most ${metaLimits.instagramHashtags} hashtags (this has ${hashtags})`,
    });
  }
  const mentions = countMentions(text);
  if (mentions > metaLimits.instagramMentions) {
    problems.push({
      path: "text",
      message: `Instagram captions take at most ${metaLimits.instagramMentions} @-mentions (this has ${mentions})`,
    });
  }
  return problems;
}

function instagramMediaProblems(post: PostContent, format: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { media } = post;
  if (media.length === 0)
    problems.push({ path: "media", message: "Instagram posts need at least one image or video" });
  if (format === "reel" && (media.length !== 1 || media[0]?.type !== "video")) {
    problems.push({ path: "media", message: "A reel takes exactly one video" });
  }
  if (format === "story" && media.length > 1) {
    problems.push({ path: "media", message: "A story takes exactly one image or video" });
  }
  const carouselTooSmall = format === "carousel" && media.length > 0 && media.length < metaLimits.carouselMin;
  if (
    (format === "feed" || format === "carousel") &&
    (media.length > metaLimits.carouselMax || carouselTooSmall)
  ) {
    problems.push({
      path: "media",
      message: `A carousel takes ${metaLimits.carouselMin} to ${metaLimits.carouselMax} items (this has ${media.length})`,
    });
  }
  media.forEach((item, index) => {
    if (item.type === "image" && notJpeg.has(extensionOf(item.url))) {
      problems.push({ path: `media.${index}.url`, message: "Instagram takes JPEG images only" });
    }
  });
  return problems;
}

function extensionOf(url: string): string {
  try {
    const last = new URL(url).pathname.split("/").pop() ?? "";
    return last.includes(".") ? (last.split(".").pop() ?? "").toLowerCase() : "";
  } catch {
    return "";
  }
}
