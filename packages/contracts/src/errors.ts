import { z } from "zod";

/**
 * The closed set of error codes every service, RPC reply and HTTP answer uses. Adding a code is a contract change:
 * the compiler then asks for its HTTP status in `errorStatus`.
 */
export const ErrorCode = z.enum([
  "VALIDATION",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "UNPROCESSABLE",
  "RATE_LIMITED",
  "INTERNAL",
  "PLATFORM_ERROR",
  "UNAVAILABLE",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PLATFORM_ERROR: 502,
  UNAVAILABLE: 503,
};

export const errorTitle: Record<ErrorCode, string> = {
  VALIDATION: "Invalid request",
  UNAUTHENTICATED: "Authentication required",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  UNPROCESSABLE: "Unprocessable request",
  RATE_LIMITED: "Too many requests",
  INTERNAL: "Internal error",
  PLATFORM_ERROR: "Platform error",
  UNAVAILABLE: "Service unavailable",
};

/** One problem with one field of a request: `path` is a dotted path (`targets.0.accountId`). */
export const FieldProblem = z.object({ path: z.string(), message: z.string() });
export type FieldProblem = z.infer<typeof FieldProblem>;

/**
 * The error body that crosses every boundary: HTTP (as RFC 9457 problem+json, with `type`, `title`, `status` and
 * `requestId` added by the HTTP layer) and NATS RPC replies.
 */
export const ErrorBody = z.object({
  code: ErrorCode,
  detail: z.string(),
  errors: z.array(FieldProblem).optional(),
  /** Seconds the caller should wait before trying again (RATE_LIMITED, UNAVAILABLE). */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: ErrorCode,
  requestId: z.string(),
  errors: z.array(FieldProblem).optional(),
});
export type Problem = z.infer<typeof Problem>;

export function problemType(code: ErrorCode): string {
  return `https://postd.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`;
}
