import type { FastifyInstance } from "fastify";
import { containerStatus } from "./containers";
import { GraphError, graphErrors } from "./graph-error";
import { businessOf, canSee, findObject, type GraphObject } from "./graph-objects";
import { fieldNames, pickFields } from "./graph-params";
import { chargeBusiness, type GraphInput, graphRoute, type MetaSim, requireGranted } from "./graph-route";
import { objectInsights } from "./insights";
import { objectView } from "./object-views";

/** `GET|DELETE /{id}` and `GET /{id}/insights` for every kind of object the emulator holds. */
export async function registerObjectRoutes(app: FastifyInstance, sim: MetaSim): Promise<void> {
  app.get(
    "/graph.facebook.com/:version/:id",
    graphRoute(sim, (input) => readObject(sim, input)),
  );
  app.delete(
    "/graph.facebook.com/:version/:id",
    graphRoute(sim, (input) => deleteObject(sim, input)),
  );
  app.get(
    "/graph.facebook.com/:version/:id/insights",
    graphRoute(sim, (input) => objectInsights(input, visibleObject(sim, input, "get"))),
  );
}

export function visibleObject(sim: MetaSim, input: GraphInput, method: string): GraphObject {
  const id = input.path.id ?? "";
  const object = findObject(sim, id);
  if (!object || !canSee(sim, input.caller, object)) throw graphErrors.noSuchObject(id, method);
  const business = businessOf(object);
  if (business) chargeBusiness(sim, input, business.type, business.id);
  return object;
}

function readObject(sim: MetaSim, input: GraphInput) {
  const object = visibleObject(sim, input, "get");
  const fields = input.params.fields;
  if (object.type === "container") {
    const names = fieldNames(fields, ["id"]);
    const wantsStatus = names.includes("status_code") || names.includes("status");
    // Reading the status is what moves a container along (one poll each).
    const status = wantsStatus ? containerStatus(sim, object.container, { countPoll: true }) : {};
    return pickFields({ id: object.container.id, ...status }, fields, ["id"]);
  }
  const { view, defaults } = objectView(sim, object);
  return pickFields(view, fields, defaults);
}

function deleteObject(sim: MetaSim, input: GraphInput) {
  const object = visibleObject(sim, input, "delete");
  const postId =
    object.type === "post"
      ? object.post.id
      : object.type === "video"
        ? object.video.postId
        : object.type === "photo"
          ? object.photo.postId
          : null;
  if (postId !== null) return deleteFacebookPost(sim, input, postId);
  if (object.type === "photo") {
    sim.world.photos.delete(object.photo.id);
    return { success: true };
  }
  if (object.type === "media") return deleteInstagramMedia(sim, input, object.media.id);
  throw graphErrors.noSuchObject(input.path.id ?? "", "delete");
}

function deleteFacebookPost(sim: MetaSim, input: GraphInput, postId: string) {
  const post = sim.world.posts.get(postId);
  if (!post || post.deleted) throw graphErrors.noSuchObject(input.path.id ?? "", "delete");
  if (input.caller.pageId !== post.pageId) {
    throw graphErrors.permission(200, "Permissions error: deleting a Page post requires a Page access token");
  }
  requireGranted(input.caller, ["pages_manage_posts"], () =>
    graphErrors.permission(200, "Permissions error: requires pages_manage_posts"),
  );
  post.deleted = true;
  const simPost = sim.state.posts.find("meta", post.videoId ?? post.id);
  if (simPost) simPost.deleted = true;
  return { success: true };
}

/** Instagram delete: a Facebook user token with instagram_manage_contents; carousel children cannot be deleted. */
function deleteInstagramMedia(sim: MetaSim, input: GraphInput, mediaId: string) {
  const media = sim.world.media.get(mediaId);
  if (!media) throw graphErrors.noSuchObject(mediaId, "delete");
  if (input.caller.pageId !== null) {
    throw graphErrors.permission(200, "Deleting Instagram media requires a Facebook User access token");
  }
  requireGranted(input.caller, ["instagram_basic", "instagram_manage_contents"], () =>
    graphErrors.permission(10, "Application does not have permission for this action"),
  );
  if (media.parentId !== null) {
    throw new GraphError({
      message: "The media type is not supported for deletion.",
      code: -1,
      error_subcode: 2207073,
      error_user_title: "Unsupported media type",
      error_user_msg: "Carousel children cannot be deleted on their own.",
    });
  }
  for (const id of [media.id, ...media.childIds]) {
    const record = sim.world.media.get(id);
    if (record) record.deleted = true;
  }
  const simPost = sim.state.posts.find("meta", media.id);
  if (simPost) simPost.deleted = true;
  return { success: true, deleted_id: media.id };
}
