import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import { googleErrors, sendGoogleError } from "./google-errors";
import { guardApi } from "./guard";
import { localPostViolations, policyVerdict } from "./local-post-rules";
import { offsetOf, page, pageSizeOf } from "./paging";
import type { GbpWorld, StoredLocalPost } from "./world";

export const v4Host = "mybusiness.googleapis.com";
const base = `/${v4Host}/v4/accounts/:accountId/locations/:locationId/localPosts`;
const editsPerMinute = 10;
const patchable = [
  "summary",
  "callToAction",
  "event",
  "offer",
  "media",
  "topicType",
  "languageCode",
  "alertType",
];

interface PathParams {
  accountId: string;
  locationId: string;
  postId?: string;
}

/** v4 accounts.locations.localPosts: create, list, get, patch, delete. */
export function registerLocalPostRoutes(app: FastifyInstance, state: SimState, world: GbpWorld): void {
  const context = { state, world };
  app.post(base, (request, reply) =>
    withAccess(context, request, reply, (params) => createPost(context, request, reply, params)),
  );
  app.get(base, (request, reply) =>
    withAccess(context, request, reply, (params) => listPosts(context, request, reply, params)),
  );
  app.get(`${base}/:postId`, (request, reply) =>
    withAccess(context, request, reply, (params) =>
      withPost(context, reply, params, (post) => view(context, read(context, post))),
    ),
  );
  app.patch(`${base}/:postId`, (request, reply) =>
    withAccess(context, request, reply, (params) =>
      withPost(context, reply, params, (post) => patchPost(context, request, reply, post)),
    ),
  );
  app.delete(`${base}/:postId`, (request, reply) =>
    withAccess(context, request, reply, (params) =>
      withPost(context, reply, params, (post) => deletePost(context, reply, post)),
    ),
  );
}

interface Context {
  state: SimState;
  world: GbpWorld;
}

async function withAccess(
  context: Context,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: (params: PathParams) => unknown,
) {
  const token = guardApi(request, reply, context.state, v4Host);
  if (!token) return reply;
  const params = request.params as PathParams;
  const account = context.world.seed.accounts.find((a) => a.id === params.accountId);
  if (!account?.members.some((m) => m.sub === token.userId)) {
    return sendGoogleError(reply, googleErrors.permissionDenied());
  }
  if (!account.locationIds.includes(params.locationId))
    return sendGoogleError(reply, googleErrors.notFound());
  return handle(params);
}

function withPost(
  context: Context,
  reply: FastifyReply,
  params: PathParams,
  handle: (post: StoredLocalPost) => unknown,
) {
  const post = [...context.world.posts.values()].find(
    (p) => p.id === params.postId && p.locationId === params.locationId && !p.deleted,
  );
  if (!post) return sendGoogleError(reply, googleErrors.notFound());
  return handle(post);
}

function overEditLimit(context: Context, reply: FastifyReply, locationId: string): boolean {
  if (!context.state.settings.rateLimits) return false;
  const hit = context.state.windows.hit(`gbp:edits:${locationId}`, editsPerMinute, 60_000);
  if (hit.allowed) return false;
  sendGoogleError(reply, googleErrors.editsPerMinute(v4Host));
  return true;
}

function createPost(context: Context, request: FastifyRequest, reply: FastifyReply, params: PathParams) {
  const { state, world } = context;
  const body = { ...((request.body ?? {}) as Record<string, unknown>) };
  delete body.name;
  delete body.state;
  const violations = localPostViolations(body);
  if (violations.length > 0) return sendGoogleError(reply, googleErrors.invalidArgument(violations));
  if (overEditLimit(context, reply, params.locationId)) return reply;
  const { verdict, immediate } = policyVerdict(body);
  const now = state.now();
  const id = world.nextId();
  const post: StoredLocalPost = {
    name: `accounts/${params.accountId}/locations/${params.locationId}/localPosts/${id}`,
    id,
    locationId: params.locationId,
    body,
    state: immediate || state.settings.asyncPolls === 0 ? verdict : "PROCESSING",
    verdict,
    polls: 0,
    createTime: now,
    updateTime: now,
    deleted: false,
  };
  world.posts.set(id, post);
  recordPost(state, post, body);
  return view(context, post);
}

/** The shared record tests count posts against: account = `locations/{l}`, id = the post name. */
function recordPost(state: SimState, post: StoredLocalPost, body: Record<string, unknown>): void {
  const media = Array.isArray(body.media)
    ? (body.media as Array<{ mediaFormat?: string; sourceUrl?: string }>)
    : [];
  const cta = body.callToAction as { url?: string } | undefined;
  const offer = body.offer as { redeemOnlineUrl?: string } | undefined;
  state.posts.add({
    platform: "gbp",
    accountId: `locations/${post.locationId}`,
    postId: post.name,
    text: typeof body.summary === "string" ? body.summary : "",
    media: media.map((m) => ({
      url: m.sourceUrl ?? "",
      type: m.mediaFormat === "VIDEO" ? "video" : "image",
    })),
    link: cta?.url ?? offer?.redeemOnlineUrl ?? null,
    createdAt: new Date(post.createTime).toISOString(),
    details: {
      topicType: body.topicType,
      state: post.state,
      languageCode: body.languageCode,
      event: body.event,
      offer: body.offer,
      callToAction: body.callToAction,
    },
  });
}

function listPosts(context: Context, request: FastifyRequest, reply: FastifyReply, params: PathParams) {
  const query = request.query as Record<string, string | undefined>;
  const size = pageSizeOf(query.pageSize, { default: 20, max: 100 });
  const kind = `localPosts:${params.locationId}`;
  const offset = offsetOf(kind, query.pageToken);
  if (size === null || offset === null) return sendGoogleError(reply, googleErrors.invalidArgument());
  const { slice, next } = page(context.world.postsOf(params.locationId), kind, offset, size);
  return {
    ...(slice.length > 0 ? { localPosts: slice.map((post) => view(context, read(context, post))) } : {}),
    ...(next ? { nextPageToken: next } : {}),
  };
}

function patchPost(context: Context, request: FastifyRequest, reply: FastifyReply, post: StoredLocalPost) {
  const mask = ((request.query as Record<string, string | undefined>).updateMask ?? "")
    .split(",")
    .map((field) => field.trim().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()))
    .filter(Boolean);
  if (mask.length === 0 || mask.some((field) => !patchable.includes(field))) {
    return sendGoogleError(
      reply,
      googleErrors.invalidArgument([{ field: "update_mask", description: "Invalid or missing field mask" }]),
    );
  }
  const incoming = (request.body ?? {}) as Record<string, unknown>;
  const merged = { ...post.body };
  for (const field of mask) {
    if (incoming[field] === undefined) delete merged[field];
    else merged[field] = incoming[field];
  }
  const violations = localPostViolations(merged);
  if (violations.length > 0) return sendGoogleError(reply, googleErrors.invalidArgument(violations));
  if (overEditLimit(context, reply, post.locationId)) return reply;
  const { verdict, immediate } = policyVerdict(merged);
  Object.assign(post, {
    body: merged,
    verdict,
    state: immediate || context.state.settings.asyncPolls === 0 ? verdict : "PROCESSING",
    polls: 0,
    updateTime: context.state.now(),
  });
  const record = context.state.posts.find("gbp", post.name);
  if (record) {
    record.text = typeof merged.summary === "string" ? merged.summary : "";
    record.details.state = post.state;
  }
  return view(context, post);
}

function deletePost(context: Context, reply: FastifyReply, post: StoredLocalPost) {
  if (overEditLimit(context, reply, post.locationId)) return reply;
  post.deleted = true;
  const record = context.state.posts.find("gbp", post.name);
  if (record) record.deleted = true;
  return reply.type("application/json; charset=UTF-8").send({});
}

/** A read is a poll: review ends (LIVE, or REJECTED) after `settings.asyncPolls` reads. */
function read(context: Context, post: StoredLocalPost): StoredLocalPost {
  if (post.state !== "PROCESSING") return post;
  post.polls++;
  if (post.polls >= context.state.settings.asyncPolls) {
    post.state = post.verdict;
    const record = context.state.posts.find("gbp", post.name);
    if (record) record.details.state = post.state;
  }
  return post;
}

function view(context: Context, post: StoredLocalPost): Record<string, unknown> {
  const cid = context.world.location(post.locationId)?.cid ?? post.locationId;
  const media = Array.isArray(post.body.media) ? (post.body.media as Array<Record<string, unknown>>) : [];
  return {
    name: post.name,
    ...post.body,
    ...(media.length > 0
      ? {
          media: media.map((item, index) => ({
            name: `accounts/${post.name.split("/")[1]}/locations/${post.locationId}/media/sim-${post.id}-${index}`,
            mediaFormat: item.mediaFormat,
            googleUrl: `https://lh3.googleusercontent.com/p/sim-${post.id}-${index}`,
          })),
        }
      : {}),
    state: post.state,
    createTime: new Date(post.createTime).toISOString(),
    updateTime: new Date(post.updateTime).toISOString(),
    searchUrl: `https://local.google.com/place?id=${cid}&use=posts&lpsid=${post.id}`,
  };
}
