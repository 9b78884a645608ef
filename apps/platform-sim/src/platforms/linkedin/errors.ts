import type { FastifyReply } from "fastify";

/** LinkedIn's REST error body: `{status, serviceErrorCode?, code?, message}`. */
export interface LinkedInErrorBody {
  status: number;
  serviceErrorCode?: number;
  code?: string;
  message: string;
}

export function sendError(reply: FastifyReply, body: LinkedInErrorBody): FastifyReply {
  return reply.code(body.status).type("application/json").send(body);
}

export const linkedInErrors = {
  emptyToken: (): LinkedInErrorBody => ({
    status: 401,
    serviceErrorCode: 65604,
    code: "EMPTY_ACCESS_TOKEN",
    message: "Empty oauth2 access token",
  }),
  invalidToken: (): LinkedInErrorBody => ({
    status: 401,
    serviceErrorCode: 65600,
    code: "INVALID_ACCESS_TOKEN",
    message: "Invalid access token",
  }),
  revokedToken: (): LinkedInErrorBody => ({
    status: 401,
    serviceErrorCode: 65601,
    code: "REVOKED_ACCESS_TOKEN",
    message: "The token used in the request has been revoked by the user",
  }),
  expiredToken: (): LinkedInErrorBody => ({
    status: 401,
    serviceErrorCode: 65602,
    code: "EXPIRED_ACCESS_TOKEN",
    message: "The token used in the request has expired",
  }),
  accessDenied: (what: string): LinkedInErrorBody => ({
    status: 403,
    serviceErrorCode: 100,
    code: "ACCESS_DENIED",
    message: `Not enough permissions to access: ${what}`,
  }),
  notFound: (message = "No virtual resource found"): LinkedInErrorBody => ({
    status: 404,
    code: "RESOURCE_NOT_FOUND",
    message,
  }),
  badRequest: (message: string): LinkedInErrorBody => ({ status: 400, message }),
  /** Rest.li validation: `ERROR :: /field :: reason` */
  unprocessable: (field: string, reason: string): LinkedInErrorBody => ({
    status: 422,
    message: `ERROR :: ${field} :: ${reason}\n`,
  }),
  versionMissing: (): LinkedInErrorBody => ({
    status: 400,
    code: "VERSION_MISSING",
    message: "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
  }),
  versionInactive: (normalized: string): LinkedInErrorBody => ({
    status: 426,
    code: "NONEXISTENT_VERSION",
    message: `Requested version ${normalized} is not active`,
  }),
  dailyLimit: (): LinkedInErrorBody => ({
    status: 429,
    code: "TOO_MANY_REQUESTS",
    message: "Resource level throttle MEMBER DAY limit for calls to this resource is reached.",
  }),
};
