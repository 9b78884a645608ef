import { mediaView } from "./containers";
import type { GraphObject } from "./graph-objects";
import { graphTime } from "./graph-params";
import type { MetaSim } from "./graph-route";
import { facebookPostView } from "./page-routes";
import { pictureUrl } from "./user-routes";

/** Every field the emulator knows for an object, and the ones Graph returns when `fields` is absent. */
export function objectView(
  sim: MetaSim,
  object: Exclude<GraphObject, { type: "container" }>,
): { view: Record<string, unknown>; defaults: string[] } {
  switch (object.type) {
    case "page":
      return {
        view: {
          id: object.page.id,
          name: object.page.name,
          username: object.page.username ?? undefined,
          category: object.page.category,
          link: `https://www.facebook.com/${object.page.username ?? object.page.id}`,
          followers_count: 1200,
          fan_count: 1100,
          instagram_business_account: object.page.instagramId ? { id: object.page.instagramId } : undefined,
        },
        defaults: ["id", "name"],
      };
    case "instagram":
      return {
        view: {
          id: object.account.id,
          username: object.account.username,
          name: object.account.name,
          profile_picture_url: pictureUrl(object.account.id),
          followers_count: 830,
          media_count: [...sim.world.media.values()].filter((m) => m.igUserId === object.account.id).length,
        },
        defaults: ["id"],
      };
    case "user":
      return { view: { id: object.user.id, name: object.user.name }, defaults: ["id", "name"] };
    case "post":
      return { view: facebookPostView(object.post), defaults: ["id", "created_time", "message"] };
    case "photo":
      return {
        view: { id: object.photo.id, post_id: object.photo.postId ?? undefined, link: object.photo.url },
        defaults: ["id"],
      };
    case "video": {
      const post = sim.world.posts.get(object.video.postId);
      return {
        view: {
          id: object.video.id,
          permalink_url: `/${object.video.pageId}/videos/${object.video.id}/`,
          description: post?.message || undefined,
          created_time: post ? graphTime(post.createdAt) : undefined,
        },
        defaults: ["id"],
      };
    }
    case "media":
      return { view: mediaView(sim, object.media), defaults: ["id"] };
  }
}
