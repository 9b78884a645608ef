import {
  type AccountAccess,
  ConnectorError,
  type PublishedPost,
  type PublishInput,
  type PublishProgress,
} from "../core/index";
import { buildLocalPost } from "./build-local-post";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";
import { googleRequest, parseBody } from "./google-api";
import { acceptedPost, getLocalPost, LocalPost } from "./local-post";
import { readGbpOptions } from "./post-options";
import { v4LocationName } from "./resource-names";
import { validateGbpPost } from "./validate-post";

/** The one progress key: the created post's name, saved the moment Google returns it. */
export const localPostProgressKey = "localPostName";

/**
 * One call: `POST /v4/accounts/{a}/locations/{l}/localPosts`. Google fetches the media itself from `sourceUrl`.
 * The answer's `state` is PROCESSING (accepted; it goes LIVE after review) or REJECTED (→ invalid_request). A
 * retry that holds a saved post name reads that post instead of creating another; if Google no longer has it,
 * nothing of ours is live and the post is created again.
 */
export async function publishGbp(
  context: GbpContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PublishedPost> {
  const problems = validateGbpPost(input.post);
  if (problems.length > 0) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "gbp",
      platformCode: "validation_failed",
      message: `publish.validate: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    });
  }
  const saved = input.progress[localPostProgressKey];
  if (saved) {
    const operation = "publish.get_saved_post";
    const existing = await getLocalPost(context, { accessToken: access.accessToken, name: saved, operation });
    if (existing) return acceptedPost(existing, operation);
    await input.saveProgress(withoutPost(input.progress));
  }
  return createLocalPost(context, access, input);
}

async function createLocalPost(
  context: GbpContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PublishedPost> {
  const operation = "publish.create_local_post";
  const options = readGbpOptions(input.post.options);
  const parent = v4LocationName(access.account, operation);
  const response = await googleRequest(context, {
    operation,
    method: "POST",
    url: `${gbpUrls.v4}/${parent}/localPosts`,
    accessToken: access.accessToken,
    json: buildLocalPost(
      input.post,
      { ...options, topicType: options.topicType ?? "STANDARD" },
      context.config.languageCode,
    ),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const post = parseBody(LocalPost, response, { operation, sideEffect: true });
  await input.saveProgress({ ...withoutPost(input.progress), [localPostProgressKey]: post.name });
  return acceptedPost(post, operation);
}

function withoutPost(progress: PublishProgress): PublishProgress {
  const rest: PublishProgress = { ...progress };
  delete rest[localPostProgressKey];
  return rest;
}
