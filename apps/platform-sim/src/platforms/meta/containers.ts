import { createHash } from "node:crypto";
import { graphTime } from "./graph-params";
import type { MetaSim } from "./graph-route";
import type { ContainerRecord, InstagramMediaRecord } from "./world";

export type ContainerStatusCode = "IN_PROGRESS" | "FINISHED" | "PUBLISHED" | "ERROR" | "EXPIRED";

const dayMs = 86_400_000;

/**
 * A container's state. It reads IN_PROGRESS for the first `settings.asyncPolls` status reads, then FINISHED (or
 * the ERROR asked for with `sim_status=ERROR`); EXPIRED once 24 h old or when asked; PUBLISHED after media_publish.
 */
export function containerStatus(
  sim: MetaSim,
  container: ContainerRecord,
  options: { countPoll: boolean },
): { status_code: ContainerStatusCode; status: string } {
  if (container.publishedMediaId)
    return { status_code: "PUBLISHED", status: "Published: media has been published" };
  if (container.forcedStatus === "EXPIRED" || sim.state.now() - container.createdAt > dayMs) {
    return { status_code: "EXPIRED", status: "Expired: the container was not published within 24 hours" };
  }
  if (container.polls < sim.state.settings.asyncPolls) {
    if (options.countPoll) container.polls++;
    return { status_code: "IN_PROGRESS", status: "In Progress: media is still being processed" };
  }
  const failedChild = container.children
    .map((id) => sim.world.containers.get(id))
    .find((child) => child?.forcedStatus === "ERROR");
  const failed = container.forcedStatus === "ERROR" ? container : failedChild;
  if (failed) {
    return {
      status_code: "ERROR",
      status: `Error: Media upload has failed with error code ${failed.errorSubcode ?? 2207001}`,
    };
  }
  return {
    status_code: "FINISHED",
    status: "Finished: media has been uploaded and is ready to be published",
  };
}

/** Turns a FINISHED container into published media (and its carousel children into child media). */
export function publishContainer(sim: MetaSim, container: ContainerRecord): InstagramMediaRecord {
  const now = sim.state.now();
  const mediaId = sim.world.nextId("179");
  const media: InstagramMediaRecord = {
    id: mediaId,
    igUserId: container.igUserId,
    containerId: container.id,
    caption: container.caption,
    productType: productTypeOf(container),
    mediaType: mediaTypeOf(container),
    childIds: container.children.map((childId) => publishChild(sim, childId, mediaId, now)),
    parentId: null,
    shortcode: shortcodeOf(mediaId),
    createdAt: now,
    deleted: false,
  };
  sim.world.media.set(mediaId, media);
  container.publishedMediaId = mediaId;
  sim.world.publishTimes.set(container.igUserId, [
    ...(sim.world.publishTimes.get(container.igUserId) ?? []),
    now,
  ]);
  sim.state.posts.add({
    platform: "meta",
    accountId: container.igUserId,
    postId: mediaId,
    text: container.caption,
    media: mediaUrls(sim, container),
    link: null,
    createdAt: new Date(now).toISOString(),
    details: {
      surface: "instagram",
      productType: media.productType,
      mediaType: media.mediaType,
      containerId: container.id,
      children: media.childIds,
      permalink: permalinkOfMedia(sim, media),
    },
  });
  return media;
}

function publishChild(sim: MetaSim, childId: string, parentId: string, now: number): string {
  const child = sim.world.containers.get(childId);
  const id = sim.world.nextId("179");
  sim.world.media.set(id, {
    id,
    igUserId: child?.igUserId ?? "",
    containerId: childId,
    caption: "",
    productType: "FEED",
    mediaType: child?.mediaType === "VIDEO" ? "VIDEO" : "IMAGE",
    childIds: [],
    parentId,
    shortcode: shortcodeOf(id),
    createdAt: now,
    deleted: false,
  });
  if (child) child.publishedMediaId = id;
  return id;
}

/** API-published posts in the last 24 h, as `content_publishing_limit` counts them. */
export function quotaUsage(sim: MetaSim, igUserId: string): number {
  const since = sim.state.now() - dayMs;
  return (sim.world.publishTimes.get(igUserId) ?? []).filter((t) => t > since).length;
}

export function permalinkOfMedia(sim: MetaSim, media: InstagramMediaRecord): string {
  if (media.productType === "STORY") {
    const username = sim.world.instagram(media.igUserId)?.username ?? "instagram";
    return `https://www.instagram.com/stories/${username}/${media.id}/`;
  }
  return `https://www.instagram.com/${media.productType === "REELS" ? "reel" : "p"}/${media.shortcode}/`;
}

export function mediaView(sim: MetaSim, media: InstagramMediaRecord): Record<string, unknown> {
  const seed = Number(media.id.slice(-3));
  return {
    id: media.id,
    caption: media.caption || undefined,
    timestamp: graphTime(media.createdAt),
    permalink: permalinkOfMedia(sim, media),
    media_type: media.mediaType,
    media_product_type: media.productType,
    shortcode: media.shortcode,
    username: sim.world.instagram(media.igUserId)?.username,
    like_count: media.productType === "STORY" ? undefined : seed % 17,
    comments_count: media.productType === "STORY" ? undefined : seed % 5,
    children: media.childIds.length > 0 ? { data: media.childIds.map((id) => ({ id })) } : undefined,
  };
}

function productTypeOf(container: ContainerRecord): InstagramMediaRecord["productType"] {
  if (container.mediaType === "STORIES") return "STORY";
  if (container.mediaType === "REELS") return "REELS";
  return "FEED";
}

function mediaTypeOf(container: ContainerRecord): InstagramMediaRecord["mediaType"] {
  if (container.mediaType === "CAROUSEL") return "CAROUSEL_ALBUM";
  if (container.mediaType === "REELS" || container.mediaType === "VIDEO") return "VIDEO";
  return container.mediaUrl && /\.(mp4|mov|webm)(\?|$)/i.test(container.mediaUrl) ? "VIDEO" : "IMAGE";
}

function mediaUrls(sim: MetaSim, container: ContainerRecord): Array<{ url: string; type: string }> {
  const containers =
    container.children.length > 0
      ? container.children.map((id) => sim.world.containers.get(id)).filter((c) => c !== undefined)
      : [container];
  return containers.map((c) => ({
    url: c.mediaUrl ?? "",
    type: mediaTypeOf(c) === "VIDEO" ? "video" : "image",
  }));
}

function shortcodeOf(id: string): string {
  return createHash("sha256").update(id).digest("base64url").slice(0, 11);
}
