import type { HttpServer } from "@postd/service-kit";
import { AppError } from "@postd/service-kit";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  answerHandshake,
  receiveWebhook,
  type WebhookDelivery,
  type WebhookResult,
} from "../webhooks/receive-webhook";
import type { WebhookDeps } from "../webhooks/webhook-deps";
import { toWebhookRequest } from "../webhooks/webhook-request";
import { PlatformParams, platformFrom } from "./path-params";

const tags = ["webhooks"];
const publicRoute = { auth: "public" as const };
const MailchimpParams = z.object({ secret: z.string().max(256).describe("the connection's webhook secret") });
const Accepted = z.object({ received: z.number().int(), duplicates: z.number().int() });

/**
 * Platform webhooks in. Each group lives in its own encapsulated scope whose only content-type parser keeps the
 * raw bytes (signatures are over them, never over re-serialized JSON): JSON for Meta, LinkedIn, TikTok and GBP,
 * form-encoded for Mailchimp. Anything else is 415.
 */
export async function registerWebhookRoutes(app: HttpServer, deps: WebhookDeps): Promise<void> {
  await app.register(async (scope: HttpServer) => {
    keepRawBody(scope, ["application/json"]);
    const delivery = (request: FastifyRequest<{ Params: { platform: string } }>): WebhookDelivery => {
      const platform = platformFrom(request.params.platform);
      if (platform === "mailchimp") {
        throw new AppError(
          "NOT_FOUND",
          "Mailchimp webhooks are received at /api/webhooks/mailchimp/<secret>",
        );
      }
      return { platform, ip: request.ip, request: toWebhookRequest(request), requestId: request.id };
    };
    const schema = { tags, params: PlatformParams };
    scope.get(
      "/api/webhooks/:platform",
      {
        config: publicRoute,
        schema: { ...schema, summary: "Webhook verification handshake (Meta, LinkedIn)" },
      },
      async (request, reply) => send(reply, answerHandshake(deps, delivery(request))),
    );
    scope.post(
      "/api/webhooks/:platform",
      {
        config: publicRoute,
        schema: {
          ...schema,
          summary: "A webhook delivery, verified on its raw body",
          response: { 200: Accepted },
        },
      },
      async (request, reply) => send(reply, await receiveWebhook(deps, delivery(request))),
    );
  });

  await app.register(async (scope: HttpServer) => {
    keepRawBody(scope, ["application/x-www-form-urlencoded"]);
    const delivery = (request: FastifyRequest<{ Params: { secret: string } }>): WebhookDelivery => ({
      platform: "mailchimp",
      ip: request.ip,
      request: toWebhookRequest(request),
      requestId: request.id,
      mailchimpSecret: request.params.secret,
    });
    const schema = { tags, params: MailchimpParams };
    scope.get(
      "/api/webhooks/mailchimp/:secret",
      { config: publicRoute, schema: { ...schema, summary: "Mailchimp's webhook URL validation" } },
      async (request, reply) => send(reply, answerHandshake(deps, delivery(request))),
    );
    scope.post(
      "/api/webhooks/mailchimp/:secret",
      {
        config: publicRoute,
        schema: { ...schema, summary: "A Mailchimp audience webhook delivery", response: { 200: Accepted } },
      },
      async (request, reply) => send(reply, await receiveWebhook(deps, delivery(request))),
    );
  });
}

function keepRawBody(scope: HttpServer, contentTypes: string[]): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(contentTypes, { parseAs: "buffer" }, (_request, body, done) => done(null, body));
}

function send(reply: FastifyReply, result: WebhookResult): FastifyReply {
  if (result.kind === "handshake") {
    const { status, contentType, body } = result.response;
    // The connector wrote the exact bytes the platform expects: no serializer touches them.
    return reply
      .code(status)
      .type(contentType)
      .serializer((payload: unknown) => String(payload))
      .send(body);
  }
  return reply.code(200).send({ received: result.received, duplicates: result.duplicates });
}
