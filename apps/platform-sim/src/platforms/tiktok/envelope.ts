import { randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";

/** TikTok's `log_id`: a timestamp and a random tail, as its answers carry. */
export function logId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}${randomBytes(10).toString("hex").toUpperCase()}`;
}

/** Every Open API answer: `{data, error:{code,message,log_id}}`; `code` is "ok" on success. */
export function sendOk(reply: FastifyReply, now: number, data: unknown, status = 200): FastifyReply {
  return reply.code(status).send({ data, error: { code: "ok", message: "", log_id: logId(now) } });
}

export function sendError(
  reply: FastifyReply,
  now: number,
  failure: { status: number; code: string; message: string },
): FastifyReply {
  return reply
    .code(failure.status)
    .send({ data: {}, error: { code: failure.code, message: failure.message, log_id: logId(now) } });
}

/** The token endpoints answer without the envelope: `{error, error_description, log_id}`. */
export function sendOAuthError(
  reply: FastifyReply,
  now: number,
  failure: { status: number; error: string; description: string },
): FastifyReply {
  return reply
    .code(failure.status)
    .send({ error: failure.error, error_description: failure.description, log_id: logId(now) });
}

export const invalidParam = (message: string) => ({ status: 400, code: "invalid_param", message });
