import type { FastifyInstance } from "fastify";
import { googleErrors, sendGoogleError } from "./google-errors";

/** Any other path on Google's API hosts: Google's JSON 404 ("Method not found."); accounts.google.com answers HTML. */
export function registerNotFound(app: FastifyInstance, apiHosts: readonly string[]): void {
  for (const host of apiHosts) {
    app.all(`/${host}/*`, async (_request, reply) => sendGoogleError(reply, googleErrors.methodNotFound()));
  }
  app.all("/accounts.google.com/*", async (_request, reply) =>
    reply
      .code(404)
      .type("text/html; charset=UTF-8")
      .send(
        "<!doctype html><html><body><p><b>404.</b> That’s an error.</p><p>The requested URL was not found on this server.</p></body></html>",
      ),
  );
}
