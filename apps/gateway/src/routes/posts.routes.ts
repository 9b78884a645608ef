import {
  DeletePost,
  EmailInput,
  GetPost,
  GetPostAnalytics,
  ListPosts,
  MediaInput,
  Platform,
  PostStatus,
  PostView,
  UpdatePost,
} from "@postd/contracts";
import type { HttpServer } from "@postd/service-kit";
import { z } from "zod";
import { tenantOf } from "../http/install-authentication";
import { IdParams, idFrom } from "./path-params";
import type { RouteDeps } from "./route-deps";

const tags = ["publishing"];

const PostsQuery = z.object({
  status: PostStatus.optional(),
  platform: Platform.optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const PostPatch = z
  .object({
    text: z.string().max(100_000),
    media: z.array(MediaInput).max(35),
    link: z.url({ protocol: /^https$/ }).nullable(),
    email: EmailInput.nullable(),
    scheduledAt: z.iso.datetime({ offset: true }),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: "change at least one field" });

const DeletedPost = PostView.extend({ results: DeletePost.response.shape.results });

/** Posts: list, read, edit while scheduled, cancel or delete, analytics — all answered by publish-service. */
export function registerPostRoutes(app: HttpServer, deps: RouteDeps): void {
  const { call } = deps;

  app.get(
    "/api/posts",
    {
      schema: {
        tags,
        summary: "List posts, newest first",
        querystring: PostsQuery,
        response: { 200: ListPosts.response },
      },
    },
    async (request) =>
      call(ListPosts, { tenantId: tenantOf(request).tenantId, ...request.query }, { requestId: request.id }),
  );

  app.get(
    "/api/posts/:id",
    {
      schema: { tags, summary: "One post with every target", params: IdParams, response: { 200: PostView } },
    },
    async (request) =>
      call(
        GetPost,
        { tenantId: tenantOf(request).tenantId, postId: idFrom("post", request.params.id) },
        { requestId: request.id },
      ),
  );

  app.patch(
    "/api/posts/:id",
    {
      schema: {
        tags,
        summary: "Change text, media or scheduledAt while every target is still scheduled (409 after)",
        params: IdParams,
        body: PostPatch,
        response: { 200: PostView },
      },
    },
    async (request) =>
      call(
        UpdatePost,
        {
          tenantId: tenantOf(request).tenantId,
          postId: idFrom("post", request.params.id),
          patch: request.body,
        },
        { requestId: request.id, fieldsIn: "body" },
      ),
  );

  app.delete(
    "/api/posts/:id",
    {
      schema: {
        tags,
        summary: "Cancel what is scheduled, delete what was published where the platform allows",
        params: IdParams,
        response: { 200: DeletedPost },
      },
    },
    async (request) => {
      const { post, results } = await call(
        DeletePost,
        { tenantId: tenantOf(request).tenantId, postId: idFrom("post", request.params.id) },
        { requestId: request.id },
      );
      return { ...post, results };
    },
  );

  app.get(
    "/api/posts/:id/analytics",
    {
      schema: {
        tags,
        summary: "Normalized metrics per target",
        params: IdParams,
        response: { 200: GetPostAnalytics.response },
      },
    },
    async (request) =>
      call(
        GetPostAnalytics,
        { tenantId: tenantOf(request).tenantId, postId: idFrom("post", request.params.id) },
        { requestId: request.id },
      ),
  );
}
