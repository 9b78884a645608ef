import type { FastifyReply } from "fastify";

/** Google's API error: `{error:{code, message, status, details}}` (google.rpc.Status as JSON). */
export interface GoogleError {
  code: number;
  message: string;
  status: string;
  details?: unknown[];
}

export function sendGoogleError(
  reply: FastifyReply,
  error: GoogleError,
  headers: Record<string, string> = {},
) {
  return reply.code(error.code).headers(headers).type("application/json; charset=UTF-8").send({ error });
}

const errorInfo = (reason: string, metadata: Record<string, string>) => ({
  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
  reason,
  domain: "googleapis.com",
  metadata,
});

const simProject = "000000000000";

export const googleErrors = {
  /** missing, unknown, revoked or expired bearer token (Google does not say which, beyond these reasons) */
  unauthenticated: (
    service: string,
    reason: "ACCESS_TOKEN_EXPIRED" | "CREDENTIALS_MISSING" | null,
  ): GoogleError => ({
    code: 401,
    message:
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    status: "UNAUTHENTICATED",
    ...(reason ? { details: [errorInfo(reason, { service })] } : {}),
  }),
  insufficientScopes: (service: string): GoogleError => ({
    code: 403,
    message: "Request had insufficient authentication scopes.",
    status: "PERMISSION_DENIED",
    details: [errorInfo("ACCESS_TOKEN_SCOPE_INSUFFICIENT", { service })],
  }),
  permissionDenied: (message = "The caller does not have permission"): GoogleError => ({
    code: 403,
    message,
    status: "PERMISSION_DENIED",
  }),
  notFound: (message = "Requested entity was not found."): GoogleError => ({
    code: 404,
    message,
    status: "NOT_FOUND",
  }),
  methodNotFound: (): GoogleError => ({ code: 404, message: "Method not found.", status: "NOT_FOUND" }),
  invalidArgument: (violations: Array<{ field: string; description: string }> = []): GoogleError => ({
    code: 400,
    message: "Request contains an invalid argument.",
    status: "INVALID_ARGUMENT",
    ...(violations.length > 0
      ? { details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations }] }
      : {}),
  }),
  /** the per-project 300 requests a minute of each Business Profile API */
  requestsPerMinute: (service: string): GoogleError => ({
    code: 429,
    message: `Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service '${service}' for consumer 'project_number:${simProject}'.`,
    status: "RESOURCE_EXHAUSTED",
    details: [
      errorInfo("RATE_LIMIT_EXCEEDED", {
        consumer: `projects/${simProject}`,
        quota_limit: "DefaultRequestsPerMinutePerProject",
        quota_limit_value: "300",
        quota_location: "global",
        quota_metric: `${service}/default_requests`,
        service,
      }),
    ],
  }),
  /** the fixed "10 edits per minute per profile" (the real wording is unconfirmed; this one is the sim's) */
  editsPerMinute: (service: string): GoogleError => ({
    code: 429,
    message: "Too many edits to this profile: at most 10 edits per minute per profile. Try again later.",
    status: "RESOURCE_EXHAUSTED",
    details: [
      errorInfo("RATE_LIMIT_EXCEEDED", {
        quota_limit: "EditsPerMinutePerProfile",
        quota_limit_value: "10",
        service,
      }),
    ],
  }),
};
