import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { invalidParam, logId, sendError } from "./envelope";
import { guard, rateLimits } from "./guard";
import type { SimPublish, TikTokWorld } from "./world";

/**
 * `POST /v2/post/publish/status/fetch/`: each poll of a ready task counts towards `settings.asyncPolls`. Post
 * ids are int64 and written as bare JSON numbers, as TikTok does, so the body is built as text.
 */
export function registerStatusRoute(app: FastifyInstance, state: SimState, world: TikTokWorld): void {
  app.post("/open.tiktokapis.com/v2/post/publish/status/fetch/", async (request, reply) => {
    const access = guard(state, request, reply, {
      scopes: ["video.publish"],
      limit: { name: "status", perMinute: rateLimits.status },
    });
    if (!access.ok) return access.reply;
    const publishId = (request.body as { publish_id?: unknown } | undefined)?.publish_id;
    if (typeof publishId !== "string" || publishId.length === 0) {
      return sendError(reply, state.now(), invalidParam("publish_id is required."));
    }
    const publish = world.publishes.get(publishId);
    if (!publish) {
      return sendError(reply, state.now(), {
        status: 400,
        code: "invalid_publish_id",
        message: "The publish_id does not exist.",
      });
    }
    if (publish.openId !== access.token.userId) {
      return sendError(reply, state.now(), {
        status: 400,
        code: "token_not_authorized_for_specified_publish_id",
        message: "The access token is not authorized for this publish_id.",
      });
    }
    world.observe(publish);
    return reply.type("application/json").send(statusBody(publish, logId(state.now())));
  });
}

function statusBody(publish: SimPublish, log: string): string {
  const isPublic = publish.privacyLevel !== "SELF_ONLY";
  const postIds =
    publish.status === "PUBLISH_COMPLETE" && isPublic && publish.video ? [publish.video.id] : [];
  const data = {
    status: publish.status,
    ...(publish.status === "FAILED" ? { fail_reason: publish.failReason } : {}),
    publicaly_available_post_id: "__POST_IDS__",
    uploaded_bytes: publish.upload?.received ?? 0,
    downloaded_bytes: 0,
  };
  return JSON.stringify({ data, error: { code: "ok", message: "", log_id: log } }).replace(
    '"__POST_IDS__"',
    `[${postIds.join(",")}]`,
  );
}
