import type { FieldProblem } from "@postd/contracts";
import {
  type AccountOptions,
  codePointLength,
  isHttpsUrl,
  type PlatformAccount,
  type PostContent,
} from "../core/index";
import { commentaryMaxLength, maxImages } from "./config";
import { visibilitiesFor, visibilityOf } from "./post-options";

/** Every reason LinkedIn would refuse this post, at once. */
export function validateLinkedInPost(
  account: Pick<PlatformAccount, "kind">,
  post: PostContent,
  options?: AccountOptions,
): FieldProblem[] {
  return [
    ...textProblems(post),
    ...mediaProblems(post),
    ...linkProblems(post),
    ...visibilityProblems(account, post, options),
  ];
}

function problem(path: string, message: string): FieldProblem {
  return { path, message };
}

function textProblems(post: PostContent): FieldProblem[] {
  const length = codePointLength(post.text);
  if (length > commentaryMaxLength) {
    return [problem("text", `LinkedIn allows ${commentaryMaxLength} characters; this text has ${length}`)];
  }
  if (post.text.trim() === "" && post.media.length === 0 && !post.link) {
    return [problem("text", "a LinkedIn post needs text, media or a link")];
  }
  return [];
}

function mediaProblems(post: PostContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const images = post.media.filter((m) => m.type === "image").length;
  const videos = post.media.filter((m) => m.type === "video").length;
  if (images > 0 && videos > 0)
    problems.push(problem("media", "LinkedIn posts cannot mix images and a video"));
  if (videos > 1) problems.push(problem("media", "LinkedIn posts carry at most one video"));
  if (images > maxImages) problems.push(problem("media", `LinkedIn posts carry at most ${maxImages} images`));
  post.media.forEach((item, index) => {
    if (!isHttpsUrl(item.url)) problems.push(problem(`media.${index}.url`, "media must be an https URL"));
  });
  return problems;
}

function linkProblems(post: PostContent): FieldProblem[] {
  if (post.link === undefined) return [];
  const problems: FieldProblem[] = [];
  if (!/^https?:\/\//.test(post.link) || !URL.canParse(post.link)) {
    problems.push(problem("link", "the link must be an http(s) URL"));
  }
  if (post.media.length > 0) {
    problems.push(
      problem(
        "link",
        "a LinkedIn post carries either a link preview or media, not both; put the link in the text",
      ),
    );
  }
  return problems;
}

function visibilityProblems(
  account: Pick<PlatformAccount, "kind">,
  post: PostContent,
  options?: AccountOptions,
): FieldProblem[] {
  const offered = options?.options.visibility;
  const allowed: readonly unknown[] = Array.isArray(offered) ? offered : visibilitiesFor(account.kind);
  const visibility = visibilityOf(post.options);
  if (allowed.includes(visibility)) return [];
  const why = account.kind === "linkedin_organization" ? " (organization posts are always PUBLIC)" : "";
  return [problem("options.visibility", `visibility must be one of ${allowed.join(", ")}${why}`)];
}
