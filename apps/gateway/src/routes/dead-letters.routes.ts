import { DiscardDeadLetter, ListDeadLetters, Platform, ReplayDeadLetter, TargetView } from "@postd/contracts";
import type { HttpServer } from "@postd/service-kit";
import { z } from "zod";
import { tenantOf } from "../http/install-authentication";
import { IdParams, idFrom } from "./path-params";
import type { RouteDeps } from "./route-deps";

const tags = ["dead letters"];

const DeadLettersQuery = z.object({
  platform: Platform.optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Targets that could not be published, with the reason; replay queues them again, discard gives up. */
export function registerDeadLetterRoutes(app: HttpServer, deps: RouteDeps): void {
  const { call } = deps;

  app.get(
    "/api/dead-letters",
    {
      schema: {
        tags,
        summary: "List dead letters",
        querystring: DeadLettersQuery,
        response: { 200: ListDeadLetters.response },
      },
    },
    async (request) =>
      call(
        ListDeadLetters,
        { tenantId: tenantOf(request).tenantId, ...request.query },
        { requestId: request.id },
      ),
  );

  app.post(
    "/api/dead-letters/:id/replay",
    { schema: { tags, summary: "Queue the target again", params: IdParams, response: { 202: TargetView } } },
    async (request, reply) => {
      const target = await call(
        ReplayDeadLetter,
        { tenantId: tenantOf(request).tenantId, deadLetterId: idFrom("deadLetter", request.params.id) },
        { requestId: request.id },
      );
      return reply.code(202).send(target);
    },
  );

  app.delete(
    "/api/dead-letters/:id",
    {
      schema: {
        tags,
        summary: "Discard: the target stays failed",
        params: IdParams,
        response: { 204: z.null().describe("discarded") },
      },
    },
    async (request, reply) => {
      await call(
        DiscardDeadLetter,
        { tenantId: tenantOf(request).tenantId, deadLetterId: idFrom("deadLetter", request.params.id) },
        { requestId: request.id },
      );
      return reply.code(204).send(null);
    },
  );
}
