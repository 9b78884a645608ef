import { randomUUID } from "node:crypto";
import type { FastifyReply } from "fastify";

const errorDocs = "https://mailchimp.com/developer/marketing/docs/errors/";

/** Mailchimp's error body (RFC 7807 problem+json), with `errors[]` on validation failures. */
export interface MailchimpProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: Array<{ field: string; message: string }>;
}

export function sendProblem(reply: FastifyReply, problem: MailchimpProblem): FastifyReply {
  return reply.code(problem.status).type("application/problem+json; charset=utf-8").send(problem);
}

const problem = (status: number, title: string, detail: string): MailchimpProblem => ({
  type: errorDocs,
  title,
  status,
  detail,
  instance: randomUUID(),
});

export const mailchimpProblems = {
  apiKeyInvalid: () =>
    problem(
      401,
      "API Key Invalid",
      "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
    ),
  notFound: () => problem(404, "Resource Not Found", "The requested resource could not be found."),
  badRequest: (detail: string) => problem(400, "Bad Request", detail),
  invalidResource: (errors: Array<{ field: string; message: string }>) => ({
    ...problem(
      400,
      "Invalid Resource",
      "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
    ),
    errors,
  }),
  methodNotAllowed: () =>
    problem(
      405,
      "Method Not Allowed",
      "The requested method and resource are not compatible. See the Allow header for this resource's available methods.",
    ),
  tooManyRequests: () =>
    problem(429, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections."),
};
