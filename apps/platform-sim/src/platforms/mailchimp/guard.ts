import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import { mailchimpProblems, sendProblem } from "./problem";
import type { MailchimpUser } from "./seed";
import type { MailchimpWorld } from "./world";

/** Mailchimp allows this many simultaneous connections per user; the next one gets 429. */
export const maxConnectionsPerUser = 10;

/** `Bearer {token}` and `OAuth {token}` both work on the API; the metadata endpoint takes `OAuth`. */
export function tokenOf(authorization: string | string[] | undefined, schemes: readonly string[]): string {
  if (typeof authorization !== "string") return "";
  const [scheme = "", token = ""] = authorization.trim().split(/\s+/, 2);
  return schemes.includes(scheme.toLowerCase()) ? token : "";
}

/**
 * The user behind an API call on `{dc}.api.mailchimp.com`: an unknown, revoked or expired token, or a token
 * used on another data center's host, is 401 "API Key Invalid" (Mailchimp does not tell them apart).
 */
export function guardApi(
  state: SimState,
  world: MailchimpWorld,
  request: FastifyRequest,
  reply: FastifyReply,
  dc: string,
): MailchimpUser | null {
  const check = state.tokens.checkAccess(tokenOf(request.headers.authorization, ["bearer", "oauth"]));
  const user =
    check.ok && check.record.platform === "mailchimp" ? world.user(check.record.userId) : undefined;
  if (!user || user.dc !== dc) {
    sendProblem(reply, mailchimpProblems.apiKeyInvalid());
    return null;
  }
  return user;
}

const overLimit = new WeakSet<IncomingMessage>();

/**
 * Mailchimp limits simultaneous connections, not requests per period. A request holds its user's slot from the
 * moment it arrives (before injected latency) until its response closes, so slow requests crowd each other out;
 * the one over the limit is answered 429 by the hook once Fastify reaches it.
 */
export function installConcurrencyLimit(
  app: FastifyInstance,
  state: SimState,
  apiHosts: readonly string[],
): void {
  const isApiCall = (url: string | undefined) => apiHosts.some((host) => url?.startsWith(`/${host}/`));
  app.server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (!state.settings.rateLimits || !isApiCall(request.url)) return;
    const record = state.tokens.find(tokenOf(request.headers.authorization, ["bearer", "oauth"]));
    if (record?.platform !== "mailchimp") return;
    const release = state.concurrency.tryAcquire(`mailchimp:${record.userId}`, maxConnectionsPerUser);
    if (!release) {
      overLimit.add(request);
      return;
    }
    response.once("close", release);
  });
  app.addHook("onRequest", async (request, reply) => {
    if (overLimit.has(request.raw)) return sendProblem(reply, mailchimpProblems.tooManyRequests());
  });
}
