import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { AppError } from "../errors/index";
import { installRequestTracing } from "./install-request-tracing";
import { requestIdFrom } from "./request-id";
import { sendProblem } from "./send-problem";

/** A Fastify instance whose route schemas are zod schemas (request types inferred, responses serialized by zod). */
export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpServerOptions {
  logger: Logger;
  /** largest request body accepted; default 1 MiB */
  bodyLimitBytes?: number;
  /** Fastify's `trustProxy`: whom to believe about the client address (`X-Forwarded-For`); default nobody */
  trustProxy?: boolean | string | string[];
  /** the header a request id is read from and echoed in; default `x-request-id` */
  requestIdHeader?: string;
  /** log one line per completed request (method, route pattern, status, duration); default true */
  logRequests?: boolean;
  /** a SERVER span per request, active in the handler (`installRequestTracing`); default true */
  traceRequests?: boolean;
}

export const defaultBodyLimitBytes = 1024 * 1024;

/**
 * The Fastify factory every public HTTP edge uses: zod validation and serialization, a request id on every request
 * (log field `requestId`, echoed in the response header), and every error answered as problem+json.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const requestIdHeader = (options.requestIdHeader ?? "x-request-id").toLowerCase();
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? defaultBodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: (request) => requestIdFrom(request.headers[requestIdHeader]),
    // Fastify's own request lines carry the full URL, and URLs here can hold OAuth codes and webhook secrets.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "requestId" }),
    // Fastify's closing 503 is plain JSON; addRequestHooks answers a problem instead.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) => {
      reply.header(requestIdHeader, request.id);
      sendProblem(request, reply, error);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  if (options.traceRequests ?? true) installRequestTracing(app);
  addRequestHooks(app, { requestIdHeader, logRequests: options.logRequests ?? true });
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new AppError("NOT_FOUND", "no route matches this method and path")),
  );
  return app;
}

/**
 * Echo the request id on every response; refuse work once the server is closing (a problem instead of Fastify's
 * plain 503); log one line per completed request with the route pattern, never the URL.
 */
function addRequestHooks(app: HttpServer, options: { requestIdHeader: string; logRequests: boolean }): void {
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header(options.requestIdHeader, request.id);
    if (closing) {
      reply.header("connection", "close");
      throw new AppError("UNAVAILABLE", "the server is shutting down; try again", { retryAfterSeconds: 1 });
    }
  });
  if (!options.logRequests) return;
  app.addHook("onResponse", async (request, reply) => {
    const fields = {
      method: request.method,
      route: request.routeOptions.url ?? "(no route)",
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
    };
    request.log.info(fields, "request completed");
  });
}
