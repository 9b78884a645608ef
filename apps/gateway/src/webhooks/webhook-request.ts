import type { WebhookRequest } from "@postd/connectors";
import type { FastifyRequest } from "fastify";

/** The connector's view of a delivery: the exact bytes received, the headers, and single-valued query params. */
export function toWebhookRequest(request: FastifyRequest): WebhookRequest {
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    // A repeated parameter is ambiguous: the connector sees it as absent and refuses the handshake.
    if (typeof value === "string") query[name] = value;
  }
  return { rawBody, headers: request.headers, query };
}
