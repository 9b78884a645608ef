import { type ErrorCode, errorStatus, errorTitle, type Problem, problemType } from "@postd/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type MappedError, mapError } from "./map-error";

export const problemContentType = "application/problem+json";

type LogLevel = "info" | "warn" | "error";

/**
 * Rejected requests are the caller's business (info); a dependency failing is worth a warning; only INTERNAL is a
 * fault of ours, logged at error with the stack. A Record so a new code cannot be forgotten.
 */
const logLevelByCode: Record<ErrorCode, LogLevel> = {
  VALIDATION: "info",
  UNAUTHENTICATED: "info",
  FORBIDDEN: "info",
  NOT_FOUND: "info",
  CONFLICT: "info",
  PAYLOAD_TOO_LARGE: "info",
  UNSUPPORTED_MEDIA_TYPE: "info",
  UNPROCESSABLE: "info",
  RATE_LIMITED: "info",
  INTERNAL: "error",
  PLATFORM_ERROR: "warn",
  UNAVAILABLE: "warn",
};

export function toProblem(mapped: MappedError, requestId: string): Problem {
  return {
    type: problemType(mapped.code),
    title: errorTitle[mapped.code],
    status: errorStatus[mapped.code],
    detail: mapped.detail,
    code: mapped.code,
    requestId,
    ...(mapped.errors ? { errors: mapped.errors } : {}),
  };
}

/** Maps any error (see `mapError`), logs it at the level its code deserves and answers RFC 9457 problem+json. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const mapped = mapError(error);
  const problem = toProblem(mapped, request.id);
  const level = logLevelByCode[mapped.code];
  const fields = { code: mapped.code, status: problem.status, route: request.routeOptions.url };
  if (level === "info") request.log.info({ ...fields, detail: mapped.detail }, "request rejected");
  else request.log[level]({ ...fields, err: error }, "request failed");
  if (mapped.retryAfterSeconds !== undefined) reply.header("retry-after", String(mapped.retryAfterSeconds));
  return reply.code(problem.status).type(problemContentType).send(problem);
}
