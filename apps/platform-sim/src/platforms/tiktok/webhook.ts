import { createHmac } from "node:crypto";
import type { BuiltWebhook, WebhookFireRequest } from "../../core/platform-module";
import type { SimState } from "../../state/sim-state";
import { seededUsers } from "./seed";

const postIdMarker = "__POST_ID__";

/**
 * A TikTok webhook delivery: `{client_key, event, create_time, user_openid, content}` with `content` a JSON
 * string, signed `TikTok-Signature: t=<unix>,s=HMAC-SHA256(client_secret, t + "." + body)`.
 * Params: `openId`, `publishId`, `postId` (int64, written as a bare number), `reason` (a number for
 * `authorization.removed`, a fail_reason otherwise), `publishType`, `timestamp` (unix seconds; for stale tests).
 */
export function buildTikTokWebhook(state: SimState, request: WebhookFireRequest): BuiltWebhook {
  const { event, params } = request;
  const app = state.apps.tiktok;
  const timestamp = typeof params.timestamp === "number" ? params.timestamp : Math.floor(state.now() / 1000);
  const openId = typeof params.openId === "string" ? params.openId : (seededUsers[0]?.openId ?? "");
  const body = JSON.stringify({
    client_key: app.clientId,
    event,
    create_time: timestamp,
    user_openid: openId,
    content: contentOf(event, params),
  });
  const signature = createHmac("sha256", app.clientSecret).update(`${timestamp}.${body}`).digest("hex");
  return {
    headers: { "content-type": "application/json", "TikTok-Signature": `t=${timestamp},s=${signature}` },
    body,
  };
}

function contentOf(event: string, params: Record<string, unknown>): string {
  const publishId = typeof params.publishId === "string" ? params.publishId : "v_pub_url~v2-1.0";
  const publishType = typeof params.publishType === "string" ? params.publishType : "DIRECT_PUBLISH";
  const postId = /^\d+$/.test(String(params.postId ?? "")) ? String(params.postId) : null;
  let content: Record<string, unknown>;
  switch (event) {
    case "authorization.removed":
      content = { reason: typeof params.reason === "number" ? params.reason : 1 };
      break;
    case "post.publish.failed":
      content = { publish_id: publishId, reason: params.reason ?? "internal", publish_type: publishType };
      break;
    case "post.publish.inbox_delivered":
      content = { publish_id: publishId, publish_type: "INBOX_SHARE" };
      break;
    case "post.publish.publicly_available":
    case "post.publish.no_longer_publicaly_available":
      content = { publish_id: publishId, post_id: postIdMarker, publish_type: publishType };
      break;
    case "video.upload.failed":
    case "video.publish.completed":
      content = { share_id: publishId };
      break;
    default:
      content = { publish_id: publishId, publish_type: publishType };
  }
  return JSON.stringify(content).replace(`"${postIdMarker}"`, postId ?? "0");
}
