import type { Caller, MetaSim } from "./graph-route";
import { canSeeInstagram, canSeePage } from "./graph-route";
import type { SeedInstagram, SeedPage, SeedUser } from "./seed";
import type {
  ContainerRecord,
  FacebookPostRecord,
  InstagramMediaRecord,
  PhotoRecord,
  VideoRecord,
} from "./world";

/** Whatever a bare Graph id names. */
export type GraphObject =
  | { type: "page"; page: SeedPage }
  | { type: "instagram"; account: SeedInstagram }
  | { type: "user"; user: SeedUser }
  | { type: "post"; post: FacebookPostRecord }
  | { type: "photo"; photo: PhotoRecord }
  | { type: "video"; video: VideoRecord }
  | { type: "container"; container: ContainerRecord }
  | { type: "media"; media: InstagramMediaRecord };

export function findObject(sim: MetaSim, id: string): GraphObject | undefined {
  const { world } = sim;
  const page = world.page(id);
  if (page) return { type: "page", page };
  const account = world.instagram(id);
  if (account) return { type: "instagram", account };
  const user = world.user(id);
  if (user) return { type: "user", user };
  const post = world.posts.get(id);
  if (post && !post.deleted) return { type: "post", post };
  const photo = world.photos.get(id);
  if (photo) return { type: "photo", photo };
  const video = world.videos.get(id);
  if (video && !world.posts.get(video.postId)?.deleted) return { type: "video", video };
  const container = world.containers.get(id);
  if (container) return { type: "container", container };
  const media = world.media.get(id);
  if (media && !media.deleted) return { type: "media", media };
  return undefined;
}

/** Graph answers "does not exist, cannot be loaded due to missing permissions" alike: both are invisible. */
export function canSee(sim: MetaSim, caller: Caller, object: GraphObject): boolean {
  switch (object.type) {
    case "page":
      return canSeePage(sim, caller, object.page.id);
    case "instagram":
      return canSeeInstagram(sim, caller, object.account.id);
    case "user":
      return caller.userId === object.user.id;
    case "post":
      return canSeePage(sim, caller, object.post.pageId);
    case "photo":
      return canSeePage(sim, caller, object.photo.pageId);
    case "video":
      return canSeePage(sim, caller, object.video.pageId);
    case "container":
      return canSeeInstagram(sim, caller, object.container.igUserId);
    case "media":
      return canSeeInstagram(sim, caller, object.media.igUserId);
  }
}

/** The Page or IG account whose Business Use Case budget a call on this object uses. */
export function businessOf(object: GraphObject): { type: "pages" | "instagram"; id: string } | null {
  switch (object.type) {
    case "page":
      return { type: "pages", id: object.page.id };
    case "post":
      return { type: "pages", id: object.post.pageId };
    case "photo":
      return { type: "pages", id: object.photo.pageId };
    case "video":
      return { type: "pages", id: object.video.pageId };
    case "instagram":
      return { type: "instagram", id: object.account.id };
    case "container":
      return { type: "instagram", id: object.container.igUserId };
    case "media":
      return { type: "instagram", id: object.media.igUserId };
    case "user":
      return null;
  }
}
