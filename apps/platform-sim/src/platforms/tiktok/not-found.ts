import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { sendError } from "./envelope";

/** Anything else under TikTok's API hosts: a 404 in the envelope (TikTok's exact body here is unconfirmed). */
export function registerNotFound(app: FastifyInstance, state: SimState, hosts: readonly string[]): void {
  for (const host of hosts) {
    app.all(`/${host}/*`, async (request, reply) =>
      sendError(reply, state.now(), {
        status: 404,
        code: "not_found",
        message: `${request.method} ${request.url.slice(host.length + 1).split("?")[0]} is not an API path.`,
      }),
    );
  }
}
