import type { AccountAccess, MediaItem, PostContent, PublishedPost, PublishInput } from "../core/index";
import type { MetaContext } from "./context";
import { unanswered } from "./harmless";
import { facebookShape } from "./post-shape";
import { type ProgressTracker, progressKeys } from "./progress";
import { Created, CreatedPhoto } from "./schemas";

interface PageCall {
  ctx: MetaContext;
  pageId: string;
  /** the Page token */
  token: string;
  signal?: AbortSignal;
}

/**
 * A Page post with the Page token: text or link → `/feed`; one photo → `/photos`; several photos → unpublished
 * uploads (each id saved as it comes) attached to one `/feed` post; one video → `/videos` with `file_url`.
 * A retry after the final call answered returns the saved post without calling Graph.
 */
export async function publishFacebook(
  ctx: MetaContext,
  access: AccountAccess,
  input: PublishInput,
  progress: ProgressTracker,
): Promise<PublishedPost> {
  const done = progress.get(progressKeys.facebookPost);
  if (done) return { platformPostId: done, url: progress.get(progressKeys.facebookUrl) ?? facebookUrl(done) };
  const call: PageCall = {
    ctx,
    pageId: access.account.externalId,
    token: access.accessToken,
    ...(input.signal ? { signal: input.signal } : {}),
  };
  const shape = facebookShape(input.post);
  let published: PublishedPost;
  if (shape.kind === "video") published = await postVideo(call, input.post, shape.item);
  else if (shape.kind === "photo") published = await postPhoto(call, input.post, shape.item);
  else if (shape.kind === "album") published = await postAlbum(call, input.post, shape.items, progress);
  else published = await postFeed(call, input.post, []);
  await progress.set(progressKeys.facebookPost, published.platformPostId);
  if (published.url) await progress.set(progressKeys.facebookUrl, published.url);
  return published;
}

export function facebookUrl(postId: string): string {
  return `https://www.facebook.com/${postId}`;
}

async function postFeed(call: PageCall, post: PostContent, photoIds: string[]): Promise<PublishedPost> {
  const answer = await call.ctx.graph.call({
    operation: "publish.facebook_feed",
    method: "POST",
    path: `/${call.pageId}/feed`,
    token: call.token,
    body: {
      ...(post.text ? { message: post.text } : {}),
      ...(post.link ? { link: post.link } : {}),
      ...(photoIds.length > 0 ? { attached_media: photoIds.map((id) => ({ media_fbid: id })) } : {}),
    },
    schema: Created,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  return { platformPostId: answer.id, url: facebookUrl(answer.id) };
}

async function postPhoto(call: PageCall, post: PostContent, item: MediaItem): Promise<PublishedPost> {
  const answer = await call.ctx.graph.call({
    operation: "publish.facebook_photo",
    method: "POST",
    path: `/${call.pageId}/photos`,
    token: call.token,
    body: { url: item.url, ...(post.text ? { caption: post.text } : {}), published: true },
    schema: CreatedPhoto,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  // `post_id` is the Page post; without it (unconfirmed shape), the photo id still opens the photo.
  const postId = answer.post_id ?? answer.id;
  return { platformPostId: postId, url: facebookUrl(postId) };
}

async function postAlbum(
  call: PageCall,
  post: PostContent,
  items: MediaItem[],
  progress: ProgressTracker,
): Promise<PublishedPost> {
  const photoIds: string[] = [];
  for (const [index, item] of items.entries()) {
    const key = progressKeys.facebookPhoto(index);
    let id = progress.get(key);
    if (!id) {
      // An unpublished upload is invisible: losing its answer costs nothing but an orphan, so it is transient.
      const answer = await unanswered(
        call.ctx.graph.call({
          operation: "publish.facebook_photo_upload",
          method: "POST",
          path: `/${call.pageId}/photos`,
          token: call.token,
          body: { url: item.url, published: false },
          schema: Created,
          ...(call.signal ? { signal: call.signal } : {}),
        }),
      );
      id = answer.id;
      await progress.set(key, id);
    }
    photoIds.push(id);
  }
  return postFeed(call, post, photoIds);
}

async function postVideo(call: PageCall, post: PostContent, item: MediaItem): Promise<PublishedPost> {
  const answer = await call.ctx.graph.call({
    operation: "publish.facebook_video",
    method: "POST",
    path: `/${call.pageId}/videos`,
    token: call.token,
    body: { file_url: item.url, ...(post.text ? { description: post.text } : {}), published: true },
    schema: Created,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  // Graph answers with the video id; the video's own page opens it.
  return { platformPostId: answer.id, url: `https://www.facebook.com/${call.pageId}/videos/${answer.id}` };
}
