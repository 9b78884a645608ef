import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { invalidParam, sendError, sendOk } from "./envelope";
import { guard, rateLimits } from "./guard";
import type { SimTikTokUser } from "./seed";
import type { SimVideo, TikTokWorld } from "./world";

/** The scope each user/info field needs. */
const userFieldScopes: Record<string, string> = {
  open_id: "user.info.basic",
  union_id: "user.info.basic",
  avatar_url: "user.info.basic",
  display_name: "user.info.basic",
  username: "user.info.profile",
  bio_description: "user.info.profile",
  is_verified: "user.info.profile",
  follower_count: "user.info.stats",
  following_count: "user.info.stats",
  likes_count: "user.info.stats",
  video_count: "user.info.stats",
};
const videoFields = new Set([
  "id",
  "title",
  "video_description",
  "create_time",
  "share_url",
  "duration",
  "cover_image_url",
  "embed_link",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
]);

/** Display API: user/info (GET), video/list and video/query (POST), 600 a minute each per token. */
export function registerDisplayRoutes(app: FastifyInstance, state: SimState, world: TikTokWorld): void {
  const fieldsOf = (query: unknown) =>
    ((query as { fields?: string }).fields ?? "").split(",").filter((f) => f.length > 0);

  app.get("/open.tiktokapis.com/v2/user/info/", async (request, reply) => {
    const fields = fieldsOf(request.query);
    const unknown = fields.filter((f) => !userFieldScopes[f]);
    const scopes = [...new Set(fields.map((f) => userFieldScopes[f] ?? "user.info.basic"))];
    const access = guard(state, request, reply, {
      scopes,
      limit: { name: "user_info", perMinute: rateLimits.display },
    });
    if (!access.ok) return access.reply;
    if (unknown.length > 0)
      return sendError(reply, state.now(), invalidParam(`Unknown fields: ${unknown.join(",")}`));
    const user = world.user(access.token.userId);
    if (!user) return sendError(reply, state.now(), invalidParam("The user does not exist."));
    return sendOk(reply, state.now(), { user: pick(userView(user, world), fields) });
  });

  app.post("/open.tiktokapis.com/v2/video/list/", async (request, reply) => {
    const access = guard(state, request, reply, {
      scopes: ["video.list"],
      limit: { name: "video_list", perMinute: rateLimits.display },
    });
    if (!access.ok) return access.reply;
    const body = (request.body ?? {}) as { cursor?: unknown; max_count?: unknown };
    const maxCount = body.max_count === undefined ? 10 : body.max_count;
    if (typeof maxCount !== "number" || !Number.isInteger(maxCount) || maxCount < 1 || maxCount > 20) {
      return sendError(reply, state.now(), invalidParam("max_count must be between 1 and 20."));
    }
    const cursor = typeof body.cursor === "number" ? body.cursor : Number.POSITIVE_INFINITY;
    world.settle(access.token.userId);
    const older = world.videosOf(access.token.userId).filter((v) => v.createdMs < cursor);
    const page = older.slice(0, maxCount);
    const fields = fieldsOf(request.query);
    return sendOk(reply, state.now(), {
      videos: page.map((v) => pick(videoView(v, world), ["id", ...fields.filter((f) => videoFields.has(f))])),
      cursor: page.at(-1)?.createdMs ?? 0,
      has_more: older.length > page.length,
    });
  });

  app.post("/open.tiktokapis.com/v2/video/query/", async (request, reply) => {
    const access = guard(state, request, reply, {
      scopes: ["video.list"],
      limit: { name: "video_query", perMinute: rateLimits.display },
    });
    if (!access.ok) return access.reply;
    const ids = (request.body as { filters?: { video_ids?: unknown } } | undefined)?.filters?.video_ids;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > 20 ||
      !ids.every((id) => typeof id === "string")
    ) {
      return sendError(reply, state.now(), invalidParam("filters.video_ids must hold 1 to 20 video ids."));
    }
    world.settle(access.token.userId);
    const fields = fieldsOf(request.query);
    const videos = world.videosOf(access.token.userId).filter((v) => ids.includes(v.id));
    return sendOk(reply, state.now(), {
      videos: videos.map((v) =>
        pick(videoView(v, world), ["id", ...fields.filter((f) => videoFields.has(f))]),
      ),
    });
  });
}

function userView(user: SimTikTokUser, world: TikTokWorld): Record<string, unknown> {
  return {
    open_id: user.openId,
    union_id: user.unionId,
    avatar_url: user.avatarUrl,
    display_name: user.displayName,
    username: user.username,
    bio_description: "",
    is_verified: false,
    follower_count: 1200,
    following_count: 80,
    likes_count: 56_000,
    video_count: world.videosOf(user.openId).length,
  };
}

function videoView(video: SimVideo, world: TikTokWorld): Record<string, unknown> {
  const username = world.user(video.openId)?.username ?? "user";
  return {
    id: video.id,
    title: video.title,
    video_description: video.description,
    create_time: Math.floor(video.createdMs / 1000),
    share_url: `https://www.tiktok.com/@${username}/video/${video.id}`,
    duration: 15,
    cover_image_url: `https://p16-sign.tiktokcdn-us.com/${video.id}.jpeg`,
    embed_link: `https://www.tiktok.com/player/v1/${video.id}`,
    ...video.counts,
  };
}

function pick(source: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in source).map((f) => [f, source[f]]));
}
