import type { FastifyInstance } from "fastify";
import { containerStatus, mediaView, publishContainer, quotaUsage } from "./containers";
import { GraphError, graphErrors } from "./graph-error";
import { isTrue, pageOf, parseGraphTime, pickFields } from "./graph-params";
import {
  canSeeInstagram,
  chargeBusiness,
  type GraphInput,
  graphRoute,
  type MetaSim,
  requireGranted,
} from "./graph-route";
import type { ContainerMediaType, ContainerRecord } from "./world";

const eightMiB = 8 * 1024 * 1024;

/** The container flow: `/media` (create and list), `/media_publish`, `/content_publishing_limit`. */
export async function registerInstagramRoutes(app: FastifyInstance, sim: MetaSim): Promise<void> {
  app.post(
    "/graph.facebook.com/:version/:id/media",
    graphRoute(sim, (input) => createContainer(sim, input)),
  );
  app.get(
    "/graph.facebook.com/:version/:id/media",
    graphRoute(sim, (input) => listMedia(sim, input)),
  );
  app.post(
    "/graph.facebook.com/:version/:id/media_publish",
    graphRoute(sim, (input) => publish(sim, input)),
  );
  app.get(
    "/graph.facebook.com/:version/:id/content_publishing_limit",
    graphRoute(sim, (input) => {
      const igUserId = requireAccount(sim, input, "get");
      const usage = {
        quota_usage: quotaUsage(sim, igUserId),
        config: { quota_total: sim.world.limits.igPublishQuotaTotal, quota_duration: 86_400 },
      };
      return { data: [pickFields(usage, input.params.fields, ["quota_usage"])] };
    }),
  );
}

function requireAccount(sim: MetaSim, input: GraphInput, method: string): string {
  const igUserId = input.path.id ?? "";
  if (!canSeeInstagram(sim, input.caller, igUserId)) throw graphErrors.noSuchObject(igUserId, method);
  chargeBusiness(sim, input, "instagram", igUserId);
  return igUserId;
}

function requirePublishing(input: GraphInput): void {
  requireGranted(input.caller, ["instagram_basic", "instagram_content_publish"], () =>
    graphErrors.permission(10, "Application does not have permission for this action"),
  );
}

function createContainer(sim: MetaSim, input: GraphInput) {
  const igUserId = requireAccount(sim, input, "post");
  requirePublishing(input);
  const { params } = input;
  const mediaType = containerType(params.media_type, isTrue(params.is_carousel_item));
  const caption = params.caption ?? "";
  if ([...caption].length > 2200) {
    throw graphErrors.invalidParameter("The caption is too long. The maximum is 2200 characters.", 2207010);
  }
  const children = mediaType === "CAROUSEL" ? carouselChildren(sim, igUserId, params.children) : [];
  const mediaUrl = mediaType === "CAROUSEL" ? null : mediaUrlOf(mediaType, params);
  const container: ContainerRecord = {
    id: sim.world.nextId("178"),
    igUserId,
    mediaType,
    isCarouselItem: isTrue(params.is_carousel_item),
    caption: isTrue(params.is_carousel_item) ? "" : caption,
    mediaUrl,
    children,
    polls: 0,
    forcedStatus: null,
    errorSubcode: null,
    createdAt: sim.state.now(),
    publishedMediaId: null,
  };
  applyMediaHints(container);
  sim.world.containers.set(container.id, container);
  return { id: container.id };
}

function containerType(value: string | undefined, carouselItem: boolean): ContainerMediaType {
  const type = (value ?? "IMAGE").toUpperCase();
  if (type === "VIDEO" && !carouselItem) {
    throw graphErrors.invalidParameter(
      "The VIDEO media type is no longer supported for feed videos. Use REELS instead.",
      2207023,
    );
  }
  if ((type === "REELS" || type === "STORIES" || type === "CAROUSEL") && carouselItem) {
    throw graphErrors.invalidParameter(`A ${type} container cannot be a carousel item`);
  }
  if (!["IMAGE", "VIDEO", "REELS", "STORIES", "CAROUSEL"].includes(type)) {
    throw graphErrors.invalidParameter("param media_type must be one of {VIDEO, REELS, STORIES, CAROUSEL}");
  }
  return type as ContainerMediaType;
}

function mediaUrlOf(mediaType: ContainerMediaType, params: Record<string, string>): string {
  const wantsVideo = mediaType === "VIDEO" || mediaType === "REELS";
  const url = wantsVideo
    ? params.video_url
    : (params.image_url ?? (mediaType === "STORIES" ? params.video_url : undefined));
  if (!url) {
    throw graphErrors.invalidParameter(
      `The parameter ${wantsVideo ? "video_url" : "image_url"} is required.`,
    );
  }
  if (!url.startsWith("https://")) {
    throw new GraphError({
      message: "Media download has failed. The media URI doesn't meet our requirements.",
      code: 9004,
      error_subcode: 2207052,
    });
  }
  return url;
}

function carouselChildren(sim: MetaSim, igUserId: string, raw: string | undefined): string[] {
  let ids: string[] = [];
  if (raw?.startsWith("[")) {
    try {
      ids = (JSON.parse(raw) as unknown[]).map(String);
    } catch {
      ids = [];
    }
  } else
    ids = (raw ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (ids.length < 2 || ids.length > 10) {
    throw graphErrors.invalidParameter("A carousel takes between 2 and 10 children.");
  }
  for (const id of ids) {
    const child = sim.world.containers.get(id);
    if (!child || child.igUserId !== igUserId || !child.isCarouselItem || child.publishedMediaId) {
      throw graphErrors.invalidParameter(`The carousel child ${id} is not a valid carousel item container.`);
    }
  }
  return ids;
}

/** `sim_status=ERROR|EXPIRED` (and `sim_error=<subcode>`) in the media URL, or an image over 8 MiB, decide the outcome. */
function applyMediaHints(container: ContainerRecord): void {
  if (!container.mediaUrl) return;
  const url = new URL(container.mediaUrl);
  const status = url.searchParams.get("sim_status");
  if (status === "ERROR" || status === "EXPIRED") container.forcedStatus = status;
  const subcode = Number(url.searchParams.get("sim_error"));
  if (status === "ERROR")
    container.errorSubcode = Number.isInteger(subcode) && subcode > 0 ? subcode : 2207001;
  const bytes = Number(url.searchParams.get("bytes"));
  const isImage =
    container.mediaType === "IMAGE" ||
    (container.mediaType === "STORIES" && !/\.(mp4|mov|webm)$/i.test(url.pathname));
  if (isImage && bytes > eightMiB && container.forcedStatus === null) {
    container.forcedStatus = "ERROR";
    container.errorSubcode = 2207004;
  }
}

function publish(sim: MetaSim, input: GraphInput) {
  const igUserId = requireAccount(sim, input, "post");
  requirePublishing(input);
  const container = sim.world.containers.get(input.params.creation_id ?? "");
  if (!container || container.igUserId !== igUserId || container.isCarouselItem) {
    throw graphErrors.invalidParameter("Param creation_id must be a valid media container id");
  }
  const { status_code: status } = containerStatus(sim, container, { countPoll: false });
  if (status === "PUBLISHED")
    throw graphErrors.invalidParameter("This media container has already been published");
  if (status === "EXPIRED") {
    throw new GraphError({
      message: "The media you are trying to access has expired. Please try to generate a new container ID.",
      code: 9004,
      error_subcode: 2207020,
    });
  }
  if (status === "IN_PROGRESS") {
    throw new GraphError({
      message: "Media ID is not available",
      code: 9007,
      error_subcode: 2207027,
      error_user_title: "Media not ready for publishing",
      error_user_msg: "The media is not ready for publishing, please wait for a moment",
    });
  }
  if (status === "ERROR") {
    throw new GraphError({
      message: "Media upload has failed",
      code: 9004,
      error_subcode: container.errorSubcode ?? 2207001,
    });
  }
  if (sim.state.settings.quotas && quotaUsage(sim, igUserId) >= sim.world.limits.igPublishQuotaTotal) {
    throw new GraphError({
      message: "Application request limit reached",
      code: 9,
      error_subcode: 2207042,
      error_user_title: "Reached the publishing limit",
      error_user_msg:
        "You reached the maximum number of posts that can be published with the API within 24 hours.",
    });
  }
  return { id: publishContainer(sim, container).id };
}

function listMedia(sim: MetaSim, input: GraphInput) {
  const igUserId = requireAccount(sim, input, "get");
  requireGranted(input.caller, ["instagram_basic"], () =>
    graphErrors.permission(10, "Application does not have permission for this action"),
  );
  const since = parseGraphTime(input.params.since);
  const until = parseGraphTime(input.params.until);
  const items = [...sim.world.media.values()]
    .filter((m) => m.igUserId === igUserId && m.parentId === null && !m.deleted)
    .filter((m) => (since === null || m.createdAt >= since) && (until === null || m.createdAt <= until))
    .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id))
    .map((m) => pickFields(mediaView(sim, m), input.params.fields, ["id"]));
  const { appsecret_proof: _proof, ...forward } = input.params;
  return pageOf(items, {
    params: { ...forward, access_token: input.caller.token },
    url: `https://graph.facebook.com/${input.version}/${igUserId}/media`,
    defaultLimit: 25,
  });
}
