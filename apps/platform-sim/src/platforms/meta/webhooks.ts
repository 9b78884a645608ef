import { createHmac } from "node:crypto";
import type { BuiltWebhook, WebhookFireRequest } from "../../core/platform-module";
import type { MetaSim } from "./graph-route";

/**
 * Webhooks as Meta sends them: `{object, entry:[{id, time, changes:[{field, value}]}]}`, signed with the app
 * secret in `X-Hub-Signature-256: sha256=<hex>` (and the legacy sha1 header).
 *
 * Events: `feed` (Page; params pageId, item comment|reaction|status, verb, postId, commentId, message,
 * reactionType, fromId, fromName, time), `comments` and `mentions` (Instagram; params igUserId, mediaId,
 * commentId, text), `permissions` (a user revoking a permission; params userId, permission, verb, targetIds).
 */
export function buildMetaWebhook(sim: MetaSim, request: WebhookFireRequest): BuiltWebhook {
  const body = JSON.stringify(payloadOf(sim, request));
  const secret = sim.state.apps.meta.clientSecret;
  return {
    headers: {
      "content-type": "application/json",
      "user-agent": "facebookexternalua",
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      "x-hub-signature": `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
    },
    body,
  };
}

type Text = (key: string, fallback: string) => string;

function payloadOf(sim: MetaSim, request: WebhookFireRequest): unknown {
  const { params } = request;
  const text: Text = (key, fallback) => {
    const value = params[key];
    return typeof value === "string" || typeof value === "number" ? String(value) : fallback;
  };
  const time = Number(text("time", String(Math.floor(sim.state.now() / 1000))));
  const firstPage = sim.world.seed.pages[0]?.id ?? "0";
  const firstInstagram = sim.world.seed.instagram[0]?.id ?? "0";
  switch (request.event) {
    case "feed": {
      const pageId = text("pageId", firstPage);
      return envelope("page", pageId, time, "feed", feedValue(text, pageId, time));
    }
    case "comments":
      return envelope("instagram", text("igUserId", firstInstagram), time, "comments", {
        from: { id: text("fromId", "17841499999999999"), username: text("fromUsername", "a.follower") },
        media: { id: text("mediaId", "17900000000000001"), media_product_type: "FEED" },
        id: text("commentId", "17850000000000001"),
        text: text("text", "Lovely!"),
      });
    case "mentions":
      return envelope("instagram", text("igUserId", firstInstagram), time, "mentions", {
        media_id: text("mediaId", "17900000000000002"),
        comment_id: text("commentId", "17850000000000002"),
      });
    case "permissions":
    case "deauthorize": {
      const userId = text("userId", sim.world.seed.users[0]?.id ?? "0");
      const targets = Array.isArray(params.targetIds) ? params.targetIds.map(String) : [firstPage];
      return envelope("permissions", userId, time, text("permission", "pages_manage_posts"), {
        verb: text("verb", "revoked"),
        target_ids: targets,
      });
    }
    default:
      throw new Error(
        `meta sends no "${request.event}" webhook here (feed, comments, mentions, permissions)`,
      );
  }
}

function envelope(object: string, id: string, time: number, field: string, value: unknown) {
  return { object, entry: [{ id, time, changes: [{ field, value }] }] };
}

function feedValue(text: Text, pageId: string, time: number) {
  const item = text("item", "comment");
  const postId = text("postId", `${pageId}_500000000000001`);
  const from = { id: text("fromId", "100000000000099"), name: text("fromName", "A Visitor") };
  const common = { from, post_id: postId, created_time: time, item, verb: text("verb", "add") };
  if (item === "comment") {
    return {
      ...common,
      comment_id: text("commentId", `${postId.split("_")[1] ?? "0"}_600000000000001`),
      parent_id: postId,
      message: text("message", "Nice post!"),
    };
  }
  if (item === "reaction")
    return { ...common, parent_id: postId, reaction_type: text("reactionType", "like") };
  return { ...common, message: text("message", ""), published: 1 };
}
