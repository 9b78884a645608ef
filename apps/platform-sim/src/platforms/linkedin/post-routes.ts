import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import type { TokenRecord } from "../../state/token-store";
import { linkedInErrors, sendError } from "./errors";
import { guardRest } from "./guard";
import { authorProblem, contentProblem, unescapeLittleText } from "./post-rules";
import { encodedPathUrn, encodedUrnValue, rawQuery } from "./restli-query";
import type { LinkedInWorld, StoredPost } from "./world";

/** LinkedIn publishes no number; 150 posts a day per member per app is the figure commonly cited. */
const dailyPostsPerMember = 150;
const commentaryLimit = 3000;

export function registerPostRoutes(app: FastifyInstance, state: SimState, world: LinkedInWorld): void {
  app.post("/api.linkedin.com/rest/posts", (request, reply) => createPost(request, reply, state, world));
  app.get("/api.linkedin.com/rest/posts", (request, reply) => listPosts(request, reply, state, world));

  app.get("/api.linkedin.com/rest/posts/:urn", async (request, reply) => {
    const token = guardRest(request, reply, state);
    if (!token) return reply;
    const post = findPost(reply, world, request.url);
    if (!post) return reply;
    return representation(post);
  });

  app.delete("/api.linkedin.com/rest/posts/:urn", async (request, reply) => {
    const token = guardRest(request, reply, state);
    if (!token) return reply;
    const post = findPost(reply, world, request.url);
    if (!post) return reply;
    const problem = authorProblem(world, token, post.author, "write", "partnerApiPostsExternal.DELETE");
    if (problem) return sendError(reply, problem);
    post.deleted = true;
    const record = state.posts.find("linkedin", post.id);
    if (record) record.deleted = true;
    return reply.code(204).send();
  });
}

/** `POST /rest/posts` → 201, empty body, the new URN in `x-restli-id`. */
async function createPost(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  world: LinkedInWorld,
) {
  const token = guardRest(request, reply, state);
  if (!token) return reply;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const problem =
    authorProblem(world, token, body.author, "write", "partnerApiPostsExternal.CREATE") ?? fieldProblem(body);
  if (problem) return sendError(reply, problem);
  const contentIssue = contentProblem(world, body.author as string, body.content);
  if (contentIssue) return sendError(reply, contentIssue);
  if (overDailyLimit(state, world, token)) return sendError(reply, linkedInErrors.dailyLimit());
  const post = storePost(state, world, token, body);
  return reply.code(201).header("x-restli-id", post.id).header("x-linkedin-id", post.id).send();
}

/** The `q=author` finder, newest first by `sortBy` (LAST_MODIFIED or CREATED). */
async function listPosts(
  request: FastifyRequest,
  reply: FastifyReply,
  state: SimState,
  world: LinkedInWorld,
) {
  const token = guardRest(request, reply, state);
  if (!token) return reply;
  const query = rawQuery(request.url);
  if (query.get("q") !== "author") return sendError(reply, linkedInErrors.badRequest("Unsupported finder"));
  const author = encodedUrnValue(query.get("author"));
  if (!author)
    return sendError(reply, linkedInErrors.badRequest("Invalid author: the URN must be URL-encoded"));
  const problem = authorProblem(world, token, author, "read", "partnerApiPostsExternal.FINDER-author");
  if (problem) return sendError(reply, problem);
  const start = Math.max(0, Number(query.get("start") ?? 0) || 0);
  const count = Math.min(100, Math.max(1, Number(query.get("count") ?? 10) || 10));
  const sortKey = query.get("sortBy") === "CREATED" ? "createdAt" : "lastModifiedAt";
  const posts = [...world.posts.values()]
    .filter((post) => post.author === author && !post.deleted)
    .sort((a, b) => b[sortKey] - a[sortKey] || b.id.localeCompare(a.id));
  return {
    paging: { start, count, total: posts.length, links: [] },
    elements: posts.slice(start, start + count).map(representation),
  };
}

function fieldProblem(body: Record<string, unknown>) {
  if (typeof body.commentary !== "string") {
    if (body.content === undefined)
      return linkedInErrors.unprocessable("/commentary", "field is required but not found");
  } else if ([...body.commentary].length > commentaryLimit) {
    return linkedInErrors.unprocessable("/commentary", `length exceeds the maximum of ${commentaryLimit}`);
  }
  if (!["PUBLIC", "CONNECTIONS", "LOGGED_IN"].includes(String(body.visibility))) {
    return linkedInErrors.unprocessable(
      "/visibility",
      "field is required but not found or is not a valid value",
    );
  }
  const author = String(body.author);
  if (author.startsWith("urn:li:organization:") && body.visibility !== "PUBLIC") {
    return linkedInErrors.unprocessable("/visibility", "organization posts must be PUBLIC");
  }
  const distribution = body.distribution as { feedDistribution?: unknown } | undefined;
  if (!distribution || typeof distribution.feedDistribution !== "string") {
    return linkedInErrors.unprocessable("/distribution/feedDistribution", "field is required but not found");
  }
  if (body.lifecycleState !== "PUBLISHED" && body.lifecycleState !== "DRAFT") {
    return linkedInErrors.unprocessable("/lifecycleState", "must be PUBLISHED or DRAFT");
  }
  return null;
}

function overDailyLimit(state: SimState, world: LinkedInWorld, token: TokenRecord): boolean {
  if (!state.settings.rateLimits) return false;
  const key = `${token.userId}:${new Date(state.now()).toISOString().slice(0, 10)}`;
  const used = world.dailyPosts.get(key) ?? 0;
  if (used >= dailyPostsPerMember) return true;
  world.dailyPosts.set(key, used + 1);
  return false;
}

function storePost(
  state: SimState,
  world: LinkedInWorld,
  token: TokenRecord,
  body: Record<string, unknown>,
): StoredPost {
  const now = state.now();
  const content = (body.content as Record<string, unknown> | undefined) ?? null;
  const post: StoredPost = {
    id: `urn:li:share:${world.nextId()}`,
    author: String(body.author),
    createdBy: token.userId,
    commentary: typeof body.commentary === "string" ? body.commentary : "",
    visibility: String(body.visibility),
    lifecycleState: String(body.lifecycleState),
    distribution: body.distribution,
    content,
    createdAt: now,
    lastModifiedAt: now,
    deleted: false,
  };
  world.posts.set(post.id, post);
  state.posts.add({
    platform: "linkedin",
    accountId: post.author,
    postId: post.id,
    text: unescapeLittleText(post.commentary),
    media: mediaOf(content),
    link: (content?.article as { source?: string } | undefined)?.source ?? null,
    createdAt: new Date(now).toISOString(),
    details: { commentary: post.commentary, visibility: post.visibility, content },
  });
  return post;
}

function mediaOf(content: Record<string, unknown> | null): Array<{ url: string; type: string }> {
  const ids = [
    (content?.media as { id?: string } | undefined)?.id,
    ...((content?.multiImage as { images?: Array<{ id?: string }> } | undefined)?.images ?? []).map(
      (i) => i.id,
    ),
  ].filter((id): id is string => typeof id === "string");
  return ids.map((id) => ({ url: id, type: id.startsWith("urn:li:video:") ? "video" : "image" }));
}

function findPost(reply: FastifyReply, world: LinkedInWorld, url: string): StoredPost | null {
  const urn = encodedPathUrn(url);
  if (!urn) {
    sendError(reply, linkedInErrors.badRequest("Malformed resource key: the post URN must be URL-encoded"));
    return null;
  }
  const post = world.posts.get(urn);
  if (post && !post.deleted) return post;
  if (post?.deleted && reply.request.method === "DELETE") {
    reply.code(204).send();
    return null;
  }
  sendError(reply, linkedInErrors.notFound(`Post ${urn} not found`));
  return null;
}

function representation(post: StoredPost): Record<string, unknown> {
  return {
    id: post.id,
    author: post.author,
    commentary: post.commentary,
    visibility: post.visibility,
    lifecycleState: post.lifecycleState,
    distribution: post.distribution,
    ...(post.content ? { content: post.content } : {}),
    createdAt: post.createdAt,
    lastModifiedAt: post.lastModifiedAt,
    publishedAt: post.createdAt,
    isReshareDisabledByAuthor: false,
    lifecycleStateInfo: { isEditedByAuthor: false },
  };
}
