import {
  type AccountAccess,
  ConnectorError,
  isConnectorError,
  type MediaItem,
  type PostContent,
  type PublishedPost,
  type PublishInput,
} from "../core/index";
import { classifyContainerFailure } from "./classify-error";
import type { MetaContext } from "./context";
import {
  containerExpired,
  createContainer,
  type InstagramCall,
  stillProcessing,
  waitForContainer,
} from "./instagram-containers";
import { listMediaSince, publishedMedia } from "./instagram-media";
import { ensureQuotaLeft } from "./instagram-quota";
import { matchingByText } from "./match-content";
import { type InstagramShape, instagramShape } from "./post-shape";
import { type ProgressTracker, progressKeys } from "./progress";
import { Created } from "./schemas";

/**
 * The container flow: (carousel children →) container → poll until FINISHED → quota check → `media_publish`
 * → permalink. Each id is saved the moment it exists; a retry reuses what is still usable, drops what expired
 * or failed, and never calls `media_publish` again once progress holds the media id.
 */
export async function publishInstagram(
  ctx: MetaContext,
  access: AccountAccess,
  input: PublishInput,
  progress: ProgressTracker,
): Promise<PublishedPost> {
  const call: InstagramCall = {
    ctx,
    igUserId: access.account.externalId,
    token: access.accessToken,
    ...(input.signal ? { signal: input.signal } : {}),
  };
  const published = progress.get(progressKeys.instagramMedia);
  if (published) return publishedMedia(call, published);
  const shape = instagramShape(input.post);
  let containerId = progress.get(progressKeys.instagramContainer);
  if (!containerId) {
    const children = shape.kind === "carousel" ? await ensureChildren(call, shape.items, progress) : [];
    containerId = await createContainer(
      call,
      containerParams(shape, input.post, children),
      "publish.create_container",
    );
    await progress.set(progressKeys.instagramContainer, containerId);
  }
  const status = await waitForContainer(call, containerId);
  const containerKeys = [progressKeys.instagramContainer, ...progress.keysStartingWith("ig.child.")];
  switch (status.status_code) {
    case "PUBLISHED":
      return recoverPublished(call, containerId, input.post, progress);
    case "EXPIRED":
      await progress.drop(containerKeys);
      throw containerExpired(containerId);
    case "ERROR":
      await progress.drop(containerKeys);
      throw classifyContainerFailure({ containerId, status: status.status ?? "" });
    case "IN_PROGRESS":
      throw stillProcessing(containerId, ctx.config.maxPolls);
    case "FINISHED":
      break;
  }
  await ensureQuotaLeft(call);
  const mediaId = await publishContainer(call, containerId, () => progress.drop(containerKeys));
  await progress.set(progressKeys.instagramMedia, mediaId);
  return publishedMedia(call, mediaId);
}

async function ensureChildren(
  call: InstagramCall,
  items: MediaItem[],
  progress: ProgressTracker,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, item] of items.entries()) {
    const key = progressKeys.instagramChild(index);
    let id = progress.get(key);
    if (!id) {
      id = await createContainer(call, childParams(item), "publish.create_carousel_item");
      await progress.set(key, id);
    }
    ids.push(id);
  }
  for (const [index, id] of ids.entries()) {
    const status = await waitForContainer(call, id);
    if (status.status_code === "FINISHED") continue;
    if (status.status_code === "IN_PROGRESS") throw stillProcessing(id, call.ctx.config.maxPolls);
    await progress.drop([progressKeys.instagramChild(index)]);
    if (status.status_code === "ERROR")
      throw classifyContainerFailure({ containerId: id, status: status.status ?? "" });
    throw containerExpired(id);
  }
  return ids;
}

function containerParams(
  shape: InstagramShape,
  post: PostContent,
  children: string[],
): Record<string, string | boolean> {
  const caption: Record<string, string> = post.text ? { caption: post.text } : {};
  switch (shape.kind) {
    case "image":
      return {
        image_url: shape.item.url,
        ...caption,
        ...(shape.item.altText ? { alt_text: shape.item.altText } : {}),
      };
    case "reel":
      return {
        media_type: "REELS",
        video_url: shape.item.url,
        ...caption,
        share_to_feed: post.options.shareToFeed !== false,
      };
    case "story":
      // Stories carry no caption.
      return shape.item.type === "video"
        ? { media_type: "STORIES", video_url: shape.item.url }
        : { media_type: "STORIES", image_url: shape.item.url };
    case "carousel":
      return { media_type: "CAROUSEL", children: children.join(","), ...caption };
  }
}

function childParams(item: MediaItem): Record<string, string | boolean> {
  if (item.type === "video") return { media_type: "VIDEO", video_url: item.url, is_carousel_item: true };
  return { image_url: item.url, is_carousel_item: true, ...(item.altText ? { alt_text: item.altText } : {}) };
}

/** `media_publish`; an expired container (2207020) is forgotten first so the retry makes a new one. */
async function publishContainer(
  call: InstagramCall,
  containerId: string,
  forgetContainer: () => Promise<void>,
): Promise<string> {
  try {
    const answer = await call.ctx.graph.call({
      operation: "publish.media_publish",
      method: "POST",
      path: `/${call.igUserId}/media_publish`,
      token: call.token,
      query: { creation_id: containerId },
      schema: Created,
      ...(call.signal ? { signal: call.signal } : {}),
    });
    return answer.id;
  } catch (error) {
    if (isConnectorError(error) && error.platformCode.endsWith("/2207020")) await forgetContainer();
    throw error;
  }
}

/**
 * The container says PUBLISHED but progress has no media id: an earlier `media_publish` worked and its answer
 * was lost. Find that media instead of publishing twice; if it cannot be told apart, stop as unknown.
 */
async function recoverPublished(
  call: InstagramCall,
  containerId: string,
  post: PostContent,
  progress: ProgressTracker,
): Promise<PublishedPost> {
  const since = new Date(call.ctx.deps.clock.now() - 86_400_000);
  const media = await listMediaSince(call, {
    since,
    fields: "id,caption,timestamp,permalink",
    operation: "publish.recover_media",
  });
  const matches = matchingByText(
    media.map((m) => ({ ...m, text: m.caption, time: m.timestamp })),
    post.text,
    since,
  );
  const [match] = matches;
  if (matches.length !== 1 || !match) {
    throw new ConnectorError({
      kind: "unknown_outcome",
      platform: "meta",
      platformCode: "PUBLISHED",
      message: `Instagram container ${containerId} is already published but its media cannot be identified (${matches.length} candidates)`,
    });
  }
  await progress.set(progressKeys.instagramMedia, match.id);
  return { platformPostId: match.id, url: match.permalink ?? null };
}
