import type { FastifyInstance, FastifyReply } from "fastify";
import type { SimState } from "../../state/sim-state";
import { chunkPlanProblem } from "./chunk-rules";
import { invalidParam, sendError, sendOk } from "./envelope";
import { guard, rateLimits } from "./guard";
import { type Failure, privacyProblem, pullUrlProblem, quotaProblem, textProblem } from "./publish-checks";
import type { SimTikTokUser } from "./seed";
import type { SimPublish, TikTokWorld } from "./world";

type Json = Record<string, unknown>;
const uploadHost = "open-upload.tiktokapis.com";

/** Content Posting API: creator_info, Direct Post video init, photo init. */
export function registerPublishRoutes(app: FastifyInstance, state: SimState, world: TikTokWorld): void {
  const fail = (reply: FastifyReply, failure: Failure) => sendError(reply, state.now(), failure);

  app.post("/open.tiktokapis.com/v2/post/publish/creator_info/query/", async (request, reply) => {
    const access = guard(state, request, reply, {
      scopes: ["video.publish"],
      limit: { name: "creator_info", perMinute: rateLimits.creatorInfo },
    });
    if (!access.ok) return access.reply;
    const user = world.user(access.token.userId);
    if (!user) return fail(reply, invalidParam("The user does not exist."));
    return sendOk(reply, state.now(), {
      creator_avatar_url: user.avatarUrl,
      creator_username: user.username,
      creator_nickname: user.displayName,
      privacy_level_options: user.privacyLevelOptions,
      comment_disabled: user.commentDisabled,
      duet_disabled: user.duetDisabled,
      stitch_disabled: user.stitchDisabled,
      max_video_post_duration_sec: user.maxVideoPostDurationSec,
    });
  });

  app.post("/open.tiktokapis.com/v2/post/publish/video/init/", async (request, reply) => {
    const access = guard(state, request, reply, {
      scopes: ["video.publish"],
      limit: { name: "init", perMinute: rateLimits.init },
    });
    if (!access.ok) return access.reply;
    const user = world.user(access.token.userId);
    if (!user) return fail(reply, invalidParam("The user does not exist."));
    const body = (request.body ?? {}) as Json;
    const postInfo = (body.post_info ?? {}) as Json;
    const source = (body.source_info ?? {}) as Json;
    const problem =
      textProblem(postInfo.title, "post_info.title", 2200) ??
      privacyProblem(user, postInfo.privacy_level) ??
      videoSourceProblem(source) ??
      quotaProblem(state, user.openId);
    if (problem) return fail(reply, problem);
    const publish = createVideoPublish(world, user, postInfo, source);
    return sendOk(reply, state.now(), {
      publish_id: publish.publishId,
      ...(publish.upload
        ? {
            upload_url: `https://${uploadHost}/upload/?upload_id=${publish.upload.uploadId}&upload_token=${publish.upload.uploadToken}`,
          }
        : {}),
    });
  });

  app.post("/open.tiktokapis.com/v2/post/publish/content/init/", async (request, reply) => {
    const body = (request.body ?? {}) as Json;
    const direct = body.post_mode !== "MEDIA_UPLOAD";
    const access = guard(state, request, reply, {
      scopes: [direct ? "video.publish" : "video.upload"],
      limit: { name: "init", perMinute: rateLimits.init },
    });
    if (!access.ok) return access.reply;
    const user = world.user(access.token.userId);
    if (!user) return fail(reply, invalidParam("The user does not exist."));
    const postInfo = (body.post_info ?? {}) as Json;
    const source = (body.source_info ?? {}) as Json;
    const problem =
      photoBodyProblem(body, source) ??
      textProblem(postInfo.title, "post_info.title", 90) ??
      textProblem(postInfo.description, "post_info.description", 4000) ??
      (direct ? privacyProblem(user, postInfo.privacy_level) : null) ??
      photoUrlsProblem(source.photo_images) ??
      quotaProblem(state, user.openId);
    if (problem) return fail(reply, problem);
    const publish: SimPublish = {
      ...basePublish(world, user, "p_pub_url", postInfo),
      kind: "photo",
      source: "PULL_FROM_URL",
      title: stringOr(postInfo.title),
      description: stringOr(postInfo.description),
      mediaUrls: source.photo_images as string[],
      status: "PROCESSING_DOWNLOAD",
    };
    world.publishes.set(publish.publishId, publish);
    return sendOk(reply, state.now(), { publish_id: publish.publishId });
  });
}

function videoSourceProblem(source: Json): Failure | null {
  if (source.source === "PULL_FROM_URL") return pullUrlProblem(source.video_url, "source_info.video_url");
  if (source.source === "FILE_UPLOAD") {
    const problem = chunkPlanProblem(source);
    return problem ? invalidParam(`source_info: ${problem}.`) : null;
  }
  return invalidParam("source_info.source must be FILE_UPLOAD or PULL_FROM_URL.");
}

function photoBodyProblem(body: Json, source: Json): Failure | null {
  if (body.media_type !== "PHOTO") return invalidParam("media_type must be PHOTO.");
  if (body.post_mode !== "DIRECT_POST" && body.post_mode !== "MEDIA_UPLOAD") {
    return invalidParam("post_mode must be DIRECT_POST or MEDIA_UPLOAD.");
  }
  if (source.source !== "PULL_FROM_URL") return invalidParam("source_info.source must be PULL_FROM_URL.");
  const images = source.photo_images;
  if (!Array.isArray(images) || images.length < 1 || images.length > 35) {
    return invalidParam("source_info.photo_images must hold 1 to 35 URLs.");
  }
  const cover = source.photo_cover_index ?? 0;
  if (typeof cover !== "number" || !Number.isInteger(cover) || cover < 0 || cover >= images.length) {
    return invalidParam("source_info.photo_cover_index must point at one of photo_images.");
  }
  return null;
}

function photoUrlsProblem(images: unknown): Failure | null {
  for (const [index, url] of (images as unknown[]).entries()) {
    const problem = pullUrlProblem(url, `source_info.photo_images[${index}]`);
    if (problem) return problem;
  }
  return null;
}

function createVideoPublish(
  world: TikTokWorld,
  user: SimTikTokUser,
  postInfo: Json,
  source: Json,
): SimPublish {
  const file = source.source === "FILE_UPLOAD";
  const publish: SimPublish = {
    ...basePublish(world, user, file ? "v_pub_file" : "v_pub_url", postInfo),
    kind: "video",
    source: file ? "FILE_UPLOAD" : "PULL_FROM_URL",
    title: stringOr(postInfo.title),
    description: stringOr(postInfo.title),
    mediaUrls: file ? [] : [source.video_url as string],
    upload: file
      ? world.newUpload({
          videoSize: source.video_size as number,
          chunkSize: source.chunk_size as number,
          totalChunkCount: source.total_chunk_count as number,
        })
      : null,
    status: file ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD",
  };
  world.publishes.set(publish.publishId, publish);
  return publish;
}

function basePublish(world: TikTokWorld, user: SimTikTokUser, prefix: string, postInfo: Json) {
  return {
    publishId: world.nextPublishId(prefix),
    openId: user.openId,
    privacyLevel: stringOr(postInfo.privacy_level),
    postInfo,
    upload: null,
    polls: 0,
    failReason: "",
    video: null,
  };
}

function stringOr(value: unknown): string {
  return typeof value === "string" ? value : "";
}
