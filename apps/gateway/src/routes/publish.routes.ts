import { AcceptedPost, CreatePost, PublishRequest, ValidatePost } from "@postd/contracts";
import { type HttpServer, validationFailed } from "@postd/service-kit";
import { recordMetric } from "@postd/telemetry";
import { z } from "zod";
import { tenantOf } from "../http/install-authentication";
import type { RouteDeps } from "./route-deps";

const tags = ["publishing"];

const PublishHeaders = z.object({
  "idempotency-key": z
    .string()
    .max(255)
    .optional()
    .describe("required: the same key and body answer the first answer again for 24 hours"),
});

const ValidationResult = ValidatePost.response;

/** `POST /api/publish` and `POST /api/posts/validate`: publish-service decides; the gateway measures and maps. */
export function registerPublishRoutes(app: HttpServer, deps: RouteDeps): void {
  app.post(
    "/api/publish",
    {
      schema: {
        tags,
        summary: "Publish (or schedule) one post to one or more accounts",
        description:
          "Every target ends published exactly once, or dead-lettered with a reason. Requires an Idempotency-Key header.",
        headers: PublishHeaders,
        body: PublishRequest,
        response: { 202: AcceptedPost },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      const key = request.headers["idempotency-key"];
      if (!key) {
        throw validationFailed([
          { path: "headers.idempotency-key", message: "the Idempotency-Key header is required" },
        ]);
      }
      const { post } = await deps.call(
        CreatePost,
        { tenantId: tenantOf(request).tenantId, idempotencyKey: key, body: request.body },
        { requestId: request.id, fieldsIn: "body" },
      );
      recordMetric("api.publish.latency", performance.now() - started, {});
      return reply.code(202).send(post);
    },
  );

  app.post(
    "/api/posts/validate",
    {
      schema: {
        tags,
        summary: "Check a post against every target's limits without publishing",
        body: PublishRequest,
        response: { 200: ValidationResult },
      },
    },
    async (request) =>
      deps.call(
        ValidatePost,
        { tenantId: tenantOf(request).tenantId, body: request.body },
        { requestId: request.id },
      ),
  );
}
