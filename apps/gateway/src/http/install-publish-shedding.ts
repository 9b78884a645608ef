import { AppError, type HttpServer } from "@postd/service-kit";

/**
 * Load shedding for `POST /api/publish`: at most `maxInFlight` publish requests are worked on by this process at
 * once; one more is answered 503 + `Retry-After: 1` at once, before authentication or any call to a service.
 * Without it an overload waits in front of the accept path (seconds of latency for everyone) before the queue's
 * own back-pressure can refuse anything. A request counts until its response is closed, answered or aborted.
 * Shed requests show in `api.request.duration{route="/api/publish",status="503"}`.
 */
export function installPublishShedding(app: HttpServer, options: { maxInFlight: number }): void {
  let inFlight = 0;
  app.addHook("onRequest", async (request, reply) => {
    if (request.method !== "POST" || request.routeOptions.url !== "/api/publish") return;
    if (inFlight >= options.maxInFlight) {
      throw new AppError(
        "UNAVAILABLE",
        `this gateway is publishing ${inFlight} posts already; try again in a second`,
        { retryAfterSeconds: 1 },
      );
    }
    inFlight++;
    let released = false;
    reply.raw.once("close", () => {
      if (released) return;
      released = true;
      inFlight--;
    });
  });
}
