import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import type { SimState } from "../../state/sim-state";
import { guardApi } from "./guard";
import { mailchimpProblems, sendProblem } from "./problem";
import { dataCenters, type MailchimpUser } from "./seed";
import type { MailchimpWorld } from "./world";

export const apiHosts = dataCenters.map((dc) => `${dc}.api.mailchimp.com`);

export interface ApiCall {
  request: FastifyRequest;
  reply: FastifyReply;
  user: MailchimpUser;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  /** the JSON body, or an empty object */
  body: Record<string, unknown>;
}

export type ApiHandler = (call: ApiCall) => Promise<unknown> | unknown;

/** Registers one Marketing API route (`/3.0…`) on every data center's host, behind the token check. */
export function apiRoute(
  app: FastifyInstance,
  context: { state: SimState; world: MailchimpWorld },
  route: { method: HTTPMethods; path: string; handler: ApiHandler },
): void {
  for (const dc of dataCenters) {
    app.route({
      method: route.method,
      url: `/${dc}.api.mailchimp.com/3.0${route.path}`,
      handler: async (request, reply) => {
        const user = guardApi(context.state, context.world, request, reply, dc);
        if (!user) return reply;
        const body = request.body;
        return route.handler({
          request,
          reply,
          user,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, string | undefined>,
          body:
            typeof body === "object" && body !== null && !Array.isArray(body)
              ? (body as Record<string, unknown>)
              : {},
        });
      },
    });
  }
}

/** Anything else on an API host is Mailchimp's 404 problem. */
export function registerNotFound(app: FastifyInstance, context: { state: SimState; world: MailchimpWorld }) {
  for (const [index, host] of apiHosts.entries()) {
    const dc = dataCenters[index] ?? "";
    app.all(`/${host}/*`, async (request, reply) => {
      if (!guardApi(context.state, context.world, request, reply, dc)) return reply;
      return sendProblem(reply, mailchimpProblems.notFound());
    });
  }
}

/** `count` and `offset` as Mailchimp reads them: count 10 by default, at most 1000. */
export function pageOf(query: Record<string, string | undefined>): { count: number; offset: number } | null {
  const count = query.count === undefined ? 10 : Number(query.count);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(count) || count < 1 || count > 1000) return null;
  if (!Number.isInteger(offset) || offset < 0) return null;
  return { count, offset };
}

export const pageProblem = () =>
  mailchimpProblems.invalidResource([
    { field: "count", message: "count must be an integer from 1 to 1000; offset a non-negative integer." },
  ]);
