import type { HttpServer } from "@postd/service-kit";
import { recordMetric } from "@postd/telemetry";

/** `api.request.duration` per route template (never the URL: it can hold ids, codes and webhook secrets). */
export function installRequestMetrics(app: HttpServer): void {
  app.addHook("onResponse", async (request, reply) => {
    recordMetric("api.request.duration", reply.elapsedTime, {
      method: request.method,
      route: request.routeOptions.url ?? "(no route)",
      status: String(reply.statusCode),
    });
  });
}
