import { type RemoteSpan, SpanKind, SpanStatusCode, startRemoteSpan } from "@postd/telemetry";
import type { FastifyRequest } from "fastify";
import type { HttpServer } from "./create-http-server";

/**
 * One SERVER span per request, continuing an incoming `traceparent`: opened on request, active while the route's
 * handler runs (so NATS calls, logs and jobs made there join the trace), ended on response with the route
 * template and status. Never the URL (it can carry codes and secrets). A no-op until `initTelemetry`.
 */
export function installRequestTracing(app: HttpServer): void {
  const spans = new WeakMap<FastifyRequest, RemoteSpan>();
  app.addHook("onRequest", async (request) => {
    const active = startRemoteSpan(request.method, {
      carrier: traceHeaders(request),
      kind: SpanKind.SERVER,
      attributes: { "http.request.method": request.method, "postd.request_id": request.id },
    });
    spans.set(request, active);
    // every line of this request (hooks and "request completed" run outside the span) links to the trace
    const { traceId, spanId } = active.span.spanContext();
    if (traceId !== "00000000000000000000000000000000") {
      request.log = request.log.child({ trace_id: traceId, span_id: spanId });
    }
  });
  app.addHook("onRoute", (route) => {
    const handler = route.handler;
    route.handler = function tracedHandler(this: unknown, request, reply) {
      const active = spans.get(request);
      return active
        ? active.run(() => handler.call(this as never, request, reply))
        : handler.call(this as never, request, reply);
    };
  });
  app.addHook("onResponse", async (request, reply) => {
    const active = spans.get(request);
    if (!active) return;
    const route = request.routeOptions.url ?? "(no route)";
    active.span.updateName(`${request.method} ${route}`);
    active.span.setAttributes({ "http.route": route, "http.response.status_code": reply.statusCode });
    if (reply.statusCode >= 500) active.span.setStatus({ code: SpanStatusCode.ERROR });
    active.span.end();
    spans.delete(request);
  });
}

function traceHeaders(request: FastifyRequest): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const name of ["traceparent", "tracestate", "baggage"]) {
    const value = request.headers[name];
    if (typeof value === "string") carrier[name] = value;
  }
  return carrier;
}
