import type { FieldProblem } from "@postd/contracts";
import { type AccountOptions, isHttpsUrl, type PostContent, utf16Length } from "../core/index";
import { readPostOptions, type TikTokPostOptions } from "./post-options";

export const textLimits = { videoCaption: 2200, photoTitle: 90, photoDescription: 4000 } as const;
export const maxPhotos = 35;
/** TikTok's ceiling for API posts; a creator may be held to less (`max_video_post_duration_sec`). */
export const maxApiVideoSeconds = 600;
const photoExtensions = new Set(["jpg", "jpeg", "webp"]);
const videoExtensions = new Set(["mp4", "mov", "webm"]);

/** Every reason TikTok would refuse this post, at once; `account` adds the creator's own options. */
export function validateTikTokPost(post: PostContent, account?: AccountOptions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const { options, problems: optionProblems } = readPostOptions(post.options);
  problems.push(...optionProblems);
  const creator = account?.options ?? {};
  const videos = post.media.filter((m) => m.type === "video");
  const photos = post.media.filter((m) => m.type === "image");
  const isPhotoPost = photos.length > 0 && videos.length === 0;

  const allowed = stringArray(creator.privacyLevelOptions);
  if (post.options.privacyLevel === undefined) {
    add("options.privacyLevel", "required: who may see the post (one of the account's privacy options)");
  } else if (options.privacyLevel && allowed && !allowed.includes(options.privacyLevel)) {
    add("options.privacyLevel", `not offered to this creator; choose one of ${allowed.join(", ")}`);
  }

  if (post.media.length === 0)
    add("media", "TikTok posts need one video or 1–35 photos; text alone cannot be posted");
  if (videos.length > 0 && photos.length > 0) add("media", "one video or photos, not both");
  if (videos.length > 1) add("media", "at most one video per post");
  if (photos.length > maxPhotos) add("media", `at most ${maxPhotos} photos per post`);
  post.media.forEach((item, index) => {
    const path = `media.${index}.url`;
    if (!isHttpsUrl(item.url)) {
      add(path, "must be an https URL");
      return;
    }
    const extension = extensionOf(item.url);
    if (item.type === "image" && extension && !photoExtensions.has(extension)) {
      add(path, `photos must be JPEG or WebP, not .${extension}`);
    }
    if (item.type === "video" && extension && !videoExtensions.has(extension)) {
      add(path, `videos must be MP4, MOV or WebM, not .${extension}`);
    }
  });

  checkText(post, options, isPhotoPost, add);
  checkVideoOptions(options, { creator, videos: videos.length, photos: photos.length }, add);
  if (post.link !== undefined) add("link", "TikTok posts carry no link; put it in the text");
  if (post.email !== undefined) add("email", "TikTok posts have no email content");
  return problems;
}

function checkText(
  post: PostContent,
  options: TikTokPostOptions,
  isPhotoPost: boolean,
  add: (path: string, message: string) => void,
): void {
  if (isPhotoPost) {
    if (utf16Length(post.text) > textLimits.photoDescription) {
      add("text", `a photo post's description is at most ${textLimits.photoDescription} characters`);
    }
    if (options.title !== undefined && utf16Length(options.title) > textLimits.photoTitle) {
      add("options.title", `a photo post's title is at most ${textLimits.photoTitle} characters`);
    }
    return;
  }
  if (utf16Length(post.text) > textLimits.videoCaption) {
    add("text", `a video's caption is at most ${textLimits.videoCaption} characters (UTF-16 units)`);
  }
  if (options.title !== undefined) {
    add("options.title", "title applies to photo posts; a video's caption is the post's text");
  }
}

function checkVideoOptions(
  options: TikTokPostOptions,
  post: { creator: Record<string, unknown>; videos: number; photos: number },
  add: (path: string, message: string) => void,
): void {
  const maxSeconds =
    typeof post.creator.maxVideoPostDurationSec === "number" ? post.creator.maxVideoPostDurationSec : null;
  if (options.videoDurationSec !== undefined) {
    if (options.videoDurationSec > maxApiVideoSeconds) {
      add("options.videoDurationSec", `videos posted through the API are at most ${maxApiVideoSeconds} s`);
    } else if (maxSeconds !== null && options.videoDurationSec > maxSeconds) {
      add("options.videoDurationSec", `this creator may post videos of at most ${maxSeconds} s`);
    }
  }
  if (options.uploadMode === "file" && post.videos === 0) {
    add("options.uploadMode", "only a video can be uploaded as a file; photos are pulled from their URLs");
  }
  if (options.photoCoverIndex !== undefined && post.photos > 0 && options.photoCoverIndex >= post.photos) {
    add("options.photoCoverIndex", `must point at one of the ${post.photos} photos (0-based)`);
  }
}

function extensionOf(url: string): string | null {
  const last = new URL(url).pathname.split("/").pop() ?? "";
  const dot = last.lastIndexOf(".");
  return dot > 0 ? last.slice(dot + 1).toLowerCase() : null;
}

function stringArray(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : null;
}
