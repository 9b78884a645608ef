import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import type { HttpServer } from "@postd/service-kit";

export interface SecurityOptions {
  /** browser origins allowed to call the API (CORS); empty: none */
  corsOrigins: readonly string[];
}

/**
 * Security headers on every response (helmet; `Referrer-Policy: no-referrer` so no URL — an OAuth callback's
 * query above all — leaks to another site; a CSP of `default-src 'none'` since the API serves JSON, which
 * /docs and the callback page relax for themselves), CORS for the configured frontends, and JSON only: Fastify's
 * text/plain parser is removed so a non-JSON body on a JSON route is 415.
 */
export async function installSecurity(app: HttpServer, options: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    global: true,
    referrerPolicy: { policy: "no-referrer" },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: "same-site" },
  });
  await app.register(cors, {
    origin: options.corsOrigins.length > 0 ? [...options.corsOrigins] : false,
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["authorization", "content-type", "idempotency-key", "x-request-id"],
    exposedHeaders: [
      "x-request-id",
      "retry-after",
      "ratelimit-limit",
      "ratelimit-remaining",
      "ratelimit-reset",
      "location",
    ],
    credentials: false,
    maxAge: 600,
    strictPreflight: true,
  });
  app.removeContentTypeParser("text/plain");
}
