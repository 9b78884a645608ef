import type { FastifyInstance } from "fastify";
import { graphErrors } from "./graph-error";
import { graphTime, isTrue, pageOf, parseGraphTime, pickFields } from "./graph-params";
import {
  canSeePage,
  chargeBusiness,
  type GraphInput,
  graphRoute,
  type MetaSim,
  requireGranted,
} from "./graph-route";
import type { FacebookPostRecord } from "./world";

const postingError = () =>
  graphErrors.permission(
    200,
    "If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission",
  );

/** Page publishing (`/feed`, `/photos`, `/videos`) and the Page's post listings (`/feed`, `/published_posts`). */
export async function registerPageRoutes(app: FastifyInstance, sim: MetaSim): Promise<void> {
  app.post(
    "/graph.facebook.com/:version/:id/feed",
    graphRoute(sim, (input) => createFeedPost(sim, input)),
  );
  app.post(
    "/graph.facebook.com/:version/:id/photos",
    graphRoute(sim, (input) => createPhoto(sim, input)),
  );
  app.post(
    "/graph.facebook.com/:version/:id/videos",
    graphRoute(sim, (input) => createVideo(sim, input)),
  );
  const list = graphRoute(sim, (input) => listPosts(sim, input));
  app.get("/graph.facebook.com/:version/:id/feed", list);
  app.get("/graph.facebook.com/:version/:id/published_posts", list);
}

function requirePublisher(sim: MetaSim, input: GraphInput): string {
  const pageId = input.path.id ?? "";
  const page = sim.world.page(pageId);
  if (!page || !canSeePage(sim, input.caller, pageId)) throw graphErrors.noSuchObject(pageId, "post");
  if (input.caller.pageId !== pageId) throw postingError();
  chargeBusiness(sim, input, "pages", pageId);
  if (!page.tasks.includes("CREATE_CONTENT")) {
    throw graphErrors.permission(
      200,
      "The user does not have sufficient administrative permission for this action on this page.",
    );
  }
  requireGranted(input.caller, ["pages_manage_posts", "pages_read_engagement"], postingError);
  return pageId;
}

function createFeedPost(sim: MetaSim, input: GraphInput) {
  const pageId = requirePublisher(sim, input);
  const message = input.params.message ?? "";
  const link = input.params.link ?? null;
  const photoIds = attachedMedia(input.params).map((id, index) => {
    const photo = sim.world.photos.get(id);
    if (!photo || photo.pageId !== pageId || photo.postId !== null) {
      throw graphErrors.invalidParameter(`param attached_media[${index}] has invalid value`);
    }
    return id;
  });
  if (!message && !link && photoIds.length === 0)
    throw graphErrors.invalidParameter("Missing message or attachment");
  if (link !== null && !/^https?:\/\//.test(link))
    throw graphErrors.invalidParameter("link URL is not properly formatted");
  const post = recordPost(sim, {
    pageId,
    message,
    link,
    kind: photoIds.length > 0 ? "album" : link ? "link" : "status",
    photoIds,
    videoId: null,
  });
  for (const id of photoIds) {
    const photo = sim.world.photos.get(id);
    if (photo) photo.postId = post.id;
  }
  return { id: post.id };
}

function createPhoto(sim: MetaSim, input: GraphInput) {
  const pageId = requirePublisher(sim, input);
  const url = input.params.url;
  if (!url || !/^https?:\/\//.test(url))
    throw graphErrors.invalidParameter("url should represent a valid URL");
  const id = sim.world.nextId("6");
  const published = input.params.published === undefined || isTrue(input.params.published);
  sim.world.photos.set(id, { id, pageId, url, postId: null });
  if (!published) return { id };
  const message = input.params.caption ?? input.params.message ?? "";
  const post = recordPost(sim, { pageId, message, link: null, kind: "photo", photoIds: [id], videoId: null });
  const photo = sim.world.photos.get(id);
  if (photo) photo.postId = post.id;
  return { id, post_id: post.id };
}

function createVideo(sim: MetaSim, input: GraphInput) {
  const pageId = requirePublisher(sim, input);
  requireGranted(input.caller, ["publish_video"], () =>
    graphErrors.permission(200, "Requires the publish_video permission"),
  );
  const fileUrl = input.params.file_url;
  if (!fileUrl || !/^https?:\/\//.test(fileUrl))
    throw graphErrors.invalidParameter("file_url should represent a valid URL");
  const videoId = sim.world.nextId("7");
  const post = recordPost(sim, {
    pageId,
    message: input.params.description ?? "",
    link: null,
    kind: "video",
    photoIds: [],
    videoId,
    mediaUrl: fileUrl,
  });
  sim.world.videos.set(videoId, { id: videoId, pageId, postId: post.id });
  return { id: videoId };
}

function recordPost(
  sim: MetaSim,
  input: Omit<FacebookPostRecord, "id" | "createdAt" | "deleted"> & { mediaUrl?: string },
): FacebookPostRecord {
  const id = input.videoId ? `${input.pageId}_${input.videoId}` : `${input.pageId}_${sim.world.nextId("5")}`;
  const createdAt = sim.state.now();
  const { mediaUrl, ...fields } = input;
  const post: FacebookPostRecord = { ...fields, id, createdAt, deleted: false };
  sim.world.posts.set(id, post);
  const media = input.photoIds.map((photoId) => ({
    url: sim.world.photos.get(photoId)?.url ?? "",
    type: "image",
  }));
  if (mediaUrl) media.push({ url: mediaUrl, type: "video" });
  sim.state.posts.add({
    platform: "meta",
    accountId: input.pageId,
    // the id Graph answered with: the video id for /videos, the Page post id otherwise
    postId: input.videoId ?? id,
    text: input.message,
    media,
    link: input.link,
    createdAt: new Date(createdAt).toISOString(),
    details: { surface: "facebook", kind: input.kind, pagePostId: id, permalink: permalinkOf(post) },
  });
  return post;
}

export function permalinkOf(post: FacebookPostRecord): string {
  const [, n] = post.id.split("_");
  return `https://www.facebook.com/${post.pageId}/posts/${n}`;
}

export function facebookPostView(post: FacebookPostRecord): Record<string, unknown> {
  const reactions = Number(post.id.slice(-2)) % 7;
  return {
    id: post.id,
    message: post.message || undefined,
    link: post.link ?? undefined,
    created_time: graphTime(post.createdAt),
    permalink_url: permalinkOf(post),
    status_type: {
      status: "mobile_status_update",
      link: "shared_story",
      photo: "added_photos",
      album: "added_photos",
      video: "added_video",
    }[post.kind],
    comments: { data: [], summary: { order: "ranked", total_count: reactions + 1, can_comment: true } },
    reactions: { data: [], summary: { total_count: reactions, viewer_reaction: "NONE" } },
    shares: { count: reactions % 3 },
  };
}

function listPosts(sim: MetaSim, input: GraphInput) {
  const pageId = input.path.id ?? "";
  if (!sim.world.page(pageId) || !canSeePage(sim, input.caller, pageId)) {
    throw graphErrors.noSuchObject(pageId, "get");
  }
  chargeBusiness(sim, input, "pages", pageId);
  const since = parseGraphTime(input.params.since);
  const until = parseGraphTime(input.params.until);
  const posts = [...sim.world.posts.values()]
    .filter((p) => p.pageId === pageId && !p.deleted)
    .filter((p) => (since === null || p.createdAt >= since) && (until === null || p.createdAt <= until))
    .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id))
    .map((p) => pickFields(facebookPostView(p), input.params.fields, ["id", "message", "created_time"]));
  const { appsecret_proof: _proof, ...forward } = input.params;
  return pageOf(posts, {
    params: { ...forward, access_token: input.caller.token },
    url: `https://graph.facebook.com/${input.version}${input.request.url.includes("/feed") ? `/${pageId}/feed` : `/${pageId}/published_posts`}`,
    defaultLimit: 25,
  });
}

function attachedMedia(params: Record<string, string>): string[] {
  const raw: unknown[] = [];
  if (params.attached_media) {
    try {
      const parsed: unknown = JSON.parse(params.attached_media);
      if (Array.isArray(parsed)) raw.push(...parsed);
    } catch {
      throw graphErrors.invalidParameter("param attached_media must be an array");
    }
  }
  for (const [key, value] of Object.entries(params)) {
    if (!/^attached_media\[\d+\]$/.test(key)) continue;
    try {
      raw.push(JSON.parse(value));
    } catch {
      throw graphErrors.invalidParameter(`param ${key} has invalid value`);
    }
  }
  return raw.map((entry) =>
    entry && typeof entry === "object" && "media_fbid" in entry ? String(entry.media_fbid) : "",
  );
}
